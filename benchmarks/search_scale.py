"""Search latency and memory at scale: 1,000 pairs x 100 notes, in one process.

    python benchmarks/search_scale.py [--pairs 1000] [--notes 100] [--home DIR] [--searches 300]

Builds the home once through the import path (pair files of 50 pairs at a time: records in
one transaction each, vectors and index entries in batches), with a random embedder (a
vector per text, drawn from its hash: the search's cost does not depend on what vectors
mean, and the real model would take hours at this size). The import's bulk path leaves the
commitment ledgers stale (``import_paths(ledgers=False)``), and they are then marked built
without being built: they take no part in search, and building 2,000 of them would be most
of the time, ~1.8 s a pair (``benchmarks/ledger.py`` measures them).

Then, in a fresh process with the real MiniLM for queries, it runs searches over random
pairs as random members, each beside, in rotating order, the first stage alone (no
sentence rerank) and the reference: MiniLM encoding the query plus a bare Chroma query of
the pair's collection, as Coach asks it (same client and cache, same ``where``, 50
nearest). The same searches run twice: the first time, the second stage embeds the
sentences of notes it has not read before (kept with the notes); the second time, it finds
them stored. Prints p50/p95 of wall and CPU time (user + sys of the process, Chroma's
threads included) for each, their ratios, the load average, and the peak RSS.

Targets (issue 15): search p95 <= 20 ms, within 1.3x of encode + bare Chroma; RSS <= 500 MB.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _corpus import note_texts, pair_file
from sqlalchemy import text

from assistant.access import audiences
from assistant.coach import Coach
from assistant.retrieval.embeddings import Embedder, MiniLMEmbedder
from assistant.retrieval.search import Searcher
from assistant.settings import Settings

QUERIES = [
    "what did we agree about the deadline",
    "feedback on the presentation",
    "budget for the project",
    "who owns the follow up",
    "design review next steps",
    "the remote control buttons",
    "concerns about the schedule",
    "training and growth plans",
]


class RandomEmbedder(Embedder):
    """A unit vector per text, drawn from the text's hash: fast, deterministic, meaningless."""

    name = "random"

    def _load(self):
        return self

    def _encode(self, model, texts):
        out = np.empty((len(texts), self.dimension), np.float32)
        for row, t in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "little")
            v = np.random.default_rng(seed).standard_normal(self.dimension)
            out[row] = v / np.linalg.norm(v)
        return out


def build(home: Path, pairs: int, notes: int) -> None:
    texts = note_texts(4000)
    rng = random.Random(1)
    tmp = Path(tempfile.mkdtemp(prefix="coach-scale-files-"))
    start, cpu = time.perf_counter(), time.process_time()
    with Coach.from_settings(Settings(home=home), embedder=RandomEmbedder()) as coach:
        batch = []
        for p in range(pairs):
            manager, employee = f"m{p // 2}", f"e{p}"  # every manager has two reports
            doc = pair_file(f"p{p}", rng.sample(texts, notes), manager, employee)
            path = tmp / f"p{p}.json"
            path.write_text(json.dumps(doc))
            batch.append(path)
            if len(batch) == 50 or p == pairs - 1:
                coach.import_paths(batch, ledgers=False)  # the bulk path: ledgers left stale
                batch = []
                print(
                    f"  built {p + 1}/{pairs} pairs ({time.perf_counter() - start:.0f} s, "
                    f"cpu {time.process_time() - cpu:.0f} s, load {os.getloadavg()[0]:.1f})",
                    file=sys.stderr,
                )
        with coach.records.engine.begin() as conn:
            conn.execute(text("UPDATE pairs SET ledger_revision = revision"))
    shutil.rmtree(tmp)
    chunks = sum(1 for _ in home.rglob("*"))
    print(
        f"build: {pairs} pairs x {notes} notes in {time.perf_counter() - start:.0f} s "
        f"(cpu {time.process_time() - cpu:.0f} s; {chunks} files under the home)"
    )


def _quantiles(values: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(values, n=100)
    return q[49], q[94]


def _line(label: str, wall: list[float], cpu: list[float]) -> tuple[float, float]:
    w, c = _quantiles(wall), _quantiles(cpu)
    print(f"{label:<52} wall p50 {w[0]:6.1f} p95 {w[1]:6.1f} ms; cpu p50 {c[0]:6.1f} p95 {c[1]:6.1f} ms")
    return w


class StoreSpaceMiniLM(MiniLMEmbedder):
    """MiniLM for the queries and the second stage, named as the built store's vectors were
    made (:class:`RandomEmbedder`), so that search finds them stored and searches them
    exactly, as it would in a store built with MiniLM (what is searched costs the same)."""

    name = RandomEmbedder.name
    reads_parts = False


def measure(home: Path, pairs: int, searches: int, only_ours: bool = False) -> None:
    """The same random searches twice (the second time, the notes the second stage read are
    stored with their sentence vectors), each beside the reference, the first stage alone and
    both stages through the Chroma index (how every in-process search ran before round 9).
    ``only_ours``: Coach's search alone, for the process's peak RSS without the reference's
    Chroma indexes."""
    embedder = StoreSpaceMiniLM(home / "models")
    embedder.encode(["warm up"])
    with Coach.from_settings(Settings(home=home), embedder=embedder) as coach:
        through_index = Searcher(coach.records, coach.index, coach.indexer)
        for label in ("first pass (sentence vectors made as notes come up)", "same searches again (vectors stored)"):
            rng = random.Random(2)
            load_before = os.getloadavg()
            kinds = ("ours",) if only_ours else ("ours", "first", "chroma", "bare")
            times: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in kinds}
            for i in range(searches):
                p = rng.randrange(pairs)
                person = rng.choice([f"m{p // 2}", f"e{p}"])
                query = rng.choice(QUERIES)
                viewer = coach.viewer(f"p{p}", person)
                tokens = [coach.index.audience_token(viewer.pair.id, a) for a in audiences(viewer)]
                name = coach.index.collection_name(viewer.pair.id)

                def coach_search(p=p, person=person, query=query):
                    return coach.search(f"p{p}", person, query, k=5)

                def first_stage(p=p, person=person, query=query):
                    return coach.searcher.search(coach.viewer(f"p{p}", person), query, k=5, rerank=False)

                def chroma_search(p=p, person=person, query=query):
                    return through_index.search(coach.viewer(f"p{p}", person), query, k=5)

                def bare_search(name=name, query=query, tokens=tokens):
                    vector = embedder.encode([query])
                    col = coach.index.client.get_collection(name, embedding_function=None)
                    return col.query(
                        query_embeddings=vector,
                        n_results=50,
                        where={"audience": {"$in": tokens}},
                        include=["metadatas", "distances"],
                    )

                runs = [("ours", coach_search), ("first", first_stage), ("chroma", chroma_search)]
                runs = [r for r in [*runs, ("bare", bare_search)] if r[0] in kinds]
                for key, run in runs[i % len(runs) :] + runs[: i % len(runs)]:  # rotating: load hits all alike
                    wall, cpu = time.perf_counter(), time.process_time()
                    assert run()
                    times[key][0].append((time.perf_counter() - wall) * 1000)
                    times[key][1].append((time.process_time() - cpu) * 1000)
            coach.searcher.close()  # the sentence vectors written
            through_index.close()
            load_after = os.getloadavg()
            load = f"load average {load_before[0]:.1f} -> {load_after[0]:.1f}"
            print(f"-- {label}: pairs={pairs} searches={searches}; {load}")
            ours = _line("coach search (both stages)", *times["ours"])
            if only_ours:
                continue
            first = _line("coach search, first stage only (no sentence rerank)", *times["first"])
            chroma = _line("both stages through the Chroma index (before)", *times["chroma"])
            bare = _line("reference: MiniLM encode + bare Chroma query", *times["bare"])
            print(
                f"both stages through Chroma, wall p50/p95: {chroma[0]:.1f} / {chroma[1]:.1f} ms "
                f"({chroma[0] / bare[0]:.2f}x / {chroma[1] / bare[1]:.2f}x the reference)"
            )
            print(
                f"ratio to the reference, wall p50/p95: both stages {ours[0] / bare[0]:.2f}x"
                f" / {ours[1] / bare[1]:.2f}x;"
                f" first stage {first[0] / bare[0]:.2f}x / {first[1] / bare[1]:.2f}x (target <= 1.3x; p95 <= 20 ms)"
            )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cached = Settings(home=home).index_cache
    what = "Coach's search alone" if only_ours else f"with the reference's {cached} cached indexes"
    print(f"peak RSS: {rss_mb:.0f} MB (model loaded; {what})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=1000)
    ap.add_argument("--notes", type=int, default=100)
    ap.add_argument("--searches", type=int, default=300)
    ap.add_argument("--home", type=Path)
    ap.add_argument("--measure-only", action="store_true")
    ap.add_argument("--only-ours", action="store_true", help="Coach's search alone (its peak RSS)")
    args = ap.parse_args()
    home = args.home or Path(tempfile.gettempdir()) / f"coach-scale-{args.pairs}x{args.notes}"
    if args.measure_only:
        measure(home, args.pairs, args.searches, args.only_ours)
        return
    if not (home / "coach.db").exists():
        print(f"building {args.pairs} pairs x {args.notes} notes in {home}", file=sys.stderr)
        build(home, args.pairs, args.notes)
    # A fresh process, so that RSS reflects serving, not building.
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--measure-only",
            "--home",
            str(home),
            "--pairs",
            str(args.pairs),
            "--searches",
            str(args.searches),
            *(["--only-ours"] if args.only_ours else []),
        ],
        check=True,
    )


if __name__ == "__main__":
    main()
