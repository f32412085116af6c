"""Backup and restore: ``coach backup`` copies the store while a server writes to it (one
consistent snapshot), ``coach restore`` puts it back and rebuilds the index; the key is
never in a backup, and a backup opens only with the key it was sealed with."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.coach import Coach
from assistant.errors import InvalidInput, KeyUnavailable, StoreBusy
from assistant.maintenance import backup, restore
from assistant.settings import Settings
from tests.helpers import pair_doc, write_json

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a backup password"
DOC = pair_doc(
    "p-bak",
    ("bea", "Bea Manager"),
    ("ben", "Ben Employee"),
    notes=[
        {"id": "n1", "text": "Ben will write the capacity plan by August 3."},
        {"id": "n2", "text": "Bea will book the offsite venue by July 20."},
        {
            "id": "n3",
            "author": "ben",
            "visibility": "private",
            "kind": "note",
            "text": "Ben private: the Ocelot offer.",
        },
    ],
)
QUERIES = ["capacity plan", "offsite venue", "Ocelot offer", "written over HTTP note 7", "budget review"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Home:
    """One home driven as a user would: the coach command and `coach serve`, as processes."""

    def __init__(self, path: Path, token: str | None = None) -> None:
        self.path = path
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("COACH_")},
            "PYTHONPATH": str(ROOT),
            "COACH_EMBEDDINGS": "fake",
            "COACH_ALLOWED_HOSTS": "127.0.0.1",
        }
        if token:
            self.env["COACH_TOKEN"] = token

    def run(self, *args: str, stdin: str | None = None, ok: bool = True) -> subprocess.CompletedProcess:
        command = [sys.executable, "-c", "from assistant.cli import main; main()", "--home", str(self.path), *args]
        done = subprocess.run(command, input=stdin, capture_output=True, text=True, env=self.env, timeout=300)
        if ok:
            assert done.returncode == 0, done.stderr
        return done

    def answers(self) -> dict:
        """What a member reads: searches, both ledgers (a JSON document each)."""
        out = {}
        for query in QUERIES:
            out[query] = json.loads(
                self.run("search", query, "--pair", "p-bak", "--as", "ben", "--json", "--k", "5").stdout
            )
        out["ledger"] = json.loads(
            self.run("commitments", "--pair", "p-bak", "--as", "ben", "--as-of", "2026-08-01", "--json").stdout
        )
        return out


def _serve(home: _Home, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    command = [sys.executable, "-c", "from assistant.cli import main; main()", "--home", str(home.path)]
    out = open(log, "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen([*command, "serve", "--port", str(port)], env=home.env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(f"{url}/health", timeout=1)
            return process, url
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise AssertionError(log.read_text())


def test_backup_while_a_server_writes_then_restore_gives_the_same_answers(tmp_path):
    import httpx

    a = _Home(tmp_path / "a")
    a.run("import", str(write_json(tmp_path / "p.json", DOC)))
    a.run("user", "add", "ben", "--password-stdin", stdin=PASSWORD + "\n")
    token = a.run("user", "token", "ben").stdout.strip()
    a = _Home(tmp_path / "a", token)
    server, url = _serve(a, tmp_path / "server.log")
    written: list[str] = []
    stop = threading.Event()

    def write() -> None:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
            n = 0
            while not stop.is_set():
                text = f"Note {n} written over HTTP note {n}: the budget review moved to week {n % 50}."
                answer = client.post("/api/pairs/p-bak/notes", json={"text": text, "visibility": "shared"})
                assert answer.status_code == 201, answer.text
                written.append(answer.json()["id"])
                n += 1

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 5:
            time.sleep(0.1)
        during = a.run("backup", str(tmp_path / "during.backup"), "--json")  # the server holds the home
        while len(written) < 12:
            time.sleep(0.1)
    finally:
        stop.set()
        writer.join(timeout=120)
    final = a.run("backup", str(tmp_path / "final.backup"), "--json")
    server.terminate()
    server.wait(timeout=30)
    assert json.loads(final.stdout)["notes"] == len(DOC["notes"]) + len(written)
    taken = json.loads(during.stdout)["notes"]
    assert len(DOC["notes"]) + 5 <= taken <= len(DOC["notes"]) + len(written)
    assert not list(tmp_path.glob("*.partial"))
    for backup_file in tmp_path.glob("*.backup"):
        assert b"budget review" not in backup_file.read_bytes()  # sealed, like the store

    # The final backup, restored in a new home with the key kept apart: the same answers.
    b = _Home(tmp_path / "b", token)
    done = b.run("restore", str(tmp_path / "final.backup"), "--key", str(tmp_path / "a" / "coach.key"), "--yes")
    assert "index was rebuilt" in done.stdout
    assert b.answers() == a.answers()
    # The one taken while notes were being written: whole notes, every one as it was written.
    c = Settings(home=tmp_path / "c", embeddings="fake")
    restore(c, tmp_path / "during.backup", tmp_path / "a" / "coach.key", Coach.from_settings)
    with (
        Coach.from_settings(c) as restored,
        Coach.from_settings(Settings(home=tmp_path / "a", embeddings="fake")) as original,
    ):
        assert restored.indexer.pending() == 0
        mine = restored.records.notes(restored.viewer("p-bak", "ben"))
        theirs = {n.id: n for n in original.records.notes(original.viewer("p-bak", "ben"))}
        assert len(mine) == taken and all(theirs[n.id] == n for n in mine)
        last = mine[-1]
        assert restored.search("p-bak", "ben", last.text, k=1)[0].note.id == last.id


@pytest.fixture
def backed_up(tmp_path):
    settings = Settings(home=tmp_path / "a", embeddings="fake")
    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "p.json", DOC)])
    backup(settings, tmp_path / "one.backup")
    return settings


def test_a_backup_opens_only_with_its_key(backed_up, tmp_path):
    other = Settings(home=tmp_path / "other", embeddings="fake")
    with Coach.from_settings(other):
        pass  # a home with a key of its own
    with pytest.raises(KeyUnavailable, match="sealed with another key"):
        restore(other, tmp_path / "one.backup", open_coach=Coach.from_settings)
    with Coach.from_settings(other) as coach:
        assert coach.records.pair_ids() == []  # refused: nothing replaced
    restore(other, tmp_path / "one.backup", backed_up.home / "coach.key", Coach.from_settings)
    with Coach.from_settings(other) as coach:
        assert coach.search("p-bak", "ben", "Ocelot", k=1)[0].note.id == "n3"


def test_restore_refuses_what_is_no_backup_and_a_home_in_use(backed_up, tmp_path):
    (tmp_path / "junk.backup").write_bytes(b"not a database at all" * 100)
    with pytest.raises(InvalidInput, match="not a Coach backup"):
        restore(backed_up, tmp_path / "junk.backup", open_coach=Coach.from_settings)
    with pytest.raises(InvalidInput, match="no such file"):
        restore(backed_up, tmp_path / "missing.backup", open_coach=Coach.from_settings)
    with pytest.raises(InvalidInput, match="never overwrites"):
        backup(backed_up, tmp_path / "one.backup")
    with Coach.from_settings(backed_up, lock_wait_s=0), pytest.raises(StoreBusy):
        restore(backed_up, tmp_path / "one.backup", open_coach=Coach.from_settings)


def test_a_restore_leaves_nothing_of_the_store_it_replaced(backed_up, tmp_path):
    with Coach.from_settings(backed_up) as coach:
        extra = pair_doc("p-gone", ("gus", "Gus G"), ("gil", "Gil G"), notes=[{"text": "Wolverine roadmap review."}])
        coach.import_paths([write_json(tmp_path / "g.json", extra)])
        assert coach.search("p-gone", "gus", "roadmap", k=1)
    restore(backed_up, tmp_path / "one.backup", open_coach=Coach.from_settings)
    with Coach.from_settings(backed_up) as coach:
        assert coach.records.pair_ids() == ["p-bak"]
        assert coach.search("p-bak", "bea", "capacity plan", k=1)[0].note.id == "n1"


def test_postgresql_is_pointed_to_pg_dump(tmp_path):
    settings = Settings(home=tmp_path / "a", database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(InvalidInput, match="pg_dump"):
        backup(settings, tmp_path / "x.backup")
