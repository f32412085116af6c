"""kill -9 at random points of an import: nothing lost, nothing duplicated, after the next start.

Each trial imports a history into a home that holds part of it, kills the `coach import`
process with SIGKILL after a random delay (seeded: the seed and each delay are printed, and
COACH_KILL_SEED replays a run), and maybe kills the next start's repair too; then a last
start repairs, and the home must hold the whole import or none of it, each note once in the
records, its vectors and the index, no note waiting, no ledger stale, and search must find
what the import brought. COACH_KILL_TRIALS sets how many trials (6 by default; the first runs to completion).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.coach import Coach
from assistant.settings import Settings
from tests.helpers import pair_doc, write_json

ROOT = Path(__file__).resolve().parent.parent
TRIALS = int(os.environ.get("COACH_KILL_TRIALS", "6"))
SEED = int(os.environ.get("COACH_KILL_SEED", str(random.SystemRandom().randrange(1 << 30))))
TOPICS = "roadmap hiring budget launch offsite pager onboarding migration review training".split()


def _history(count: int) -> dict:
    rng = random.Random(3)
    notes = []
    for i in range(count):
        topic = TOPICS[i % len(TOPICS)]
        words = " ".join(rng.choice(TOPICS) + f"{rng.randrange(50)}" for _ in range(rng.randrange(10, 90)))
        text = f"Note {i} on the {topic}: {words}. Bo will send the {topic} summary {i} by Friday."
        private = i % 9 == 0
        notes.append(
            {
                "id": f"n{i}",
                "author": "bo" if private else "ann",
                "visibility": "private" if private else "shared",
                "kind": "note" if private else "checkin",
                "text": text,
            }
        )
    notes.append({"id": "marker", "text": "The Quetzal partnership was signed today."})
    return pair_doc(notes=notes)


def _coach_process(home: Path, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    env.update(COACH_EMBEDDINGS="fake", PYTHONPATH=str(ROOT))
    command = [sys.executable, "-c", "from assistant.cli import main; main()", "--home", str(home), *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _check(home: Path, base: dict, full: dict, note: str) -> None:
    settings = Settings(home=home, embeddings="fake")
    with Coach.from_settings(settings) as coach:  # the start that repairs
        viewer = coach.viewer("p-ann-bo", "bo")
        ids = [n.id for n in coach.records.notes(viewer)]
        assert len(ids) == len(set(ids)), note
        landed = set(ids) == {n["id"] for n in full["notes"]}
        assert landed or set(ids) == {n["id"] for n in base["notes"]}, f"{note}: a partial import"
        assert coach.indexer.pending() == 0 and coach.records.stale_ledgers() == [], note
        # each chunk of each note in the index once, and nothing else; its vectors kept once
        hashes = _content_hashes(coach)
        notes = coach.records.notes_by_index_key(viewer, hashes)
        assert len(notes) == len(ids), note
        expected = {f"{k}:{i}" for k, n in notes.items() for i in range(len(coach.indexer.chunks(n.text)))}
        entries = coach.index.client.get_collection(coach.index.collection_name("p-ann-bo")).get()["ids"]
        assert len(entries) == len(set(entries)) and set(entries) == expected, note
        stored = coach.records.note_vectors(hashes)
        assert {k: v.content_hash for k, v in stored.items()} == hashes, note
        if landed:
            assert coach.search("p-ann-bo", "ann", "Quetzal partnership signed", k=1)[0].note.id == "marker", note
        again = coach.import_paths([home.parent / "full.json"])  # the same file again: nothing new
        assert again.notes_added == (0 if landed else len(full["notes"]) - len(base["notes"])), note


def _content_hashes(coach: Coach) -> dict[str, str]:
    """index key -> content hash of every note of the pair, whoever may see it."""
    from sqlalchemy import select

    from assistant.store.tables import NoteRow

    with coach.records.session() as s:
        query = select(NoteRow.index_key, NoteRow.content_hash).where(NoteRow.pair_id == "p-ann-bo")
        return dict(s.execute(query).all())


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_minus_nine_at_random_points_of_an_import(tmp_path, trial):
    rng = random.Random(SEED * 1000 + trial)
    full = _history(160)
    base = dict(full, notes=full["notes"][:40])
    write_json(tmp_path / "base.json", base)
    write_json(tmp_path / "full.json", full)
    home = tmp_path / "home"
    start = time.perf_counter()
    done = _coach_process(home, "import", str(tmp_path / "base.json"))
    assert done.wait(timeout=300) == 0, done.stderr.read().decode() if done.stderr else ""
    base_s = time.perf_counter() - start  # the full import is about 4x this: kills spread over it
    start = time.perf_counter()
    if trial == 0:  # a run to completion: how long an import takes here
        done = _coach_process(home, "import", str(tmp_path / "full.json"))
        assert done.wait(timeout=300) == 0
        print(f"seed {SEED}: an import to completion took {time.perf_counter() - start:.1f} s")
        _check(home, base, full, f"seed {SEED} trial {trial} (no kill)")
        return
    delay = rng.uniform(0.2, 4.5 * base_s)
    again = rng.random() < 0.3
    print(f"seed {SEED} trial {trial}: kill the import after {delay:.2f} s; kill the repair too: {again}")
    process = _coach_process(home, "import", str(tmp_path / "full.json"))
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    if again:
        repair = _coach_process(home, "commitments", "--pair", "p-ann-bo", "--as", "ann", "--json")
        time.sleep(rng.uniform(0.2, 4.0))
        repair.send_signal(signal.SIGKILL)
        repair.wait(timeout=60)
    _check(home, base, full, f"seed {SEED} trial {trial} (killed after {delay:.2f} s, repair killed: {again})")
