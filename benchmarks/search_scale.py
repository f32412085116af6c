"""Search latency and memory at scale: 1,000 pairs x 100 notes, in one process.

    python benchmarks/search_scale.py [--pairs 1000] [--notes 100] [--home DIR] [--searches 2000]

Builds the home once (hashing embedder, to keep the build to minutes; vector search cost
does not depend on what the vectors mean), then, in a fresh process, runs searches over
random pairs as random members and prints p50/p95 latency of the in-process search (index
query, BM25, fusion, loading notes), MiniLM's query encoding separately, and the RSS.
Targets: p95 <= 50 ms, RSS <= 1 GB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _corpus import note_texts, pair_file

from assistant.coach import Coach
from assistant.retrieval.embeddings import HashingEmbedder
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


def build(home: Path, pairs: int, notes: int) -> None:
    texts = note_texts(4000)
    rng = random.Random(1)
    tmp = Path(tempfile.mkdtemp(prefix="coach-scale-files-"))
    start = time.perf_counter()
    with Coach.from_settings(Settings(home=home), embedder=HashingEmbedder()) as coach:
        batch = []
        for p in range(pairs):
            manager, employee = f"m{p // 2}", f"e{p}"  # every manager has two reports
            doc = pair_file(f"p{p}", rng.sample(texts, notes), manager, employee)
            path = tmp / f"p{p}.json"
            path.write_text(json.dumps(doc))
            batch.append(path)
            if len(batch) == 50 or p == pairs - 1:
                coach.import_paths(batch)
                batch = []
                print(f"  built {p + 1}/{pairs} pairs ({time.perf_counter() - start:.0f} s)", file=sys.stderr)


def measure(home: Path, pairs: int, searches: int) -> None:
    rng = random.Random(2)
    with Coach.from_settings(Settings(home=home), embedder=HashingEmbedder()) as coach:
        times = []
        for _ in range(searches):
            p = rng.randrange(pairs)
            person = rng.choice([f"m{p // 2}", f"e{p}"])
            start = time.perf_counter()
            hits = coach.search(f"p{p}", person, rng.choice(QUERIES), k=5)
            times.append((time.perf_counter() - start) * 1000)
            assert hits
        from assistant.retrieval.embeddings import make_embedder

        model = make_embedder("minilm", Settings(home=home).home / "models")  # as Coach loads it
        model.encode(["warm up"])
        enc = []
        for q in QUERIES * 25:
            start = time.perf_counter()
            model.encode([q])
            enc.append((time.perf_counter() - start) * 1000)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    q = statistics.quantiles(times, n=100)
    e = statistics.quantiles(enc, n=100)
    print(f"pairs={pairs} searches={searches} (first search of each pair included)")
    print(f"search in-process: p50 {q[49]:.1f} ms  p95 {q[94]:.1f} ms  max {max(times):.1f} ms  (target p95 <= 50 ms)")
    print(f"MiniLM query encode: p50 {e[49]:.1f} ms  p95 {e[94]:.1f} ms (add to the above for a real query)")
    print(f"peak RSS: {rss_mb:.0f} MB (model included; target <= 1024 MB)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=1000)
    ap.add_argument("--notes", type=int, default=100)
    ap.add_argument("--searches", type=int, default=2000)
    ap.add_argument("--home", type=Path)
    ap.add_argument("--measure-only", action="store_true")
    args = ap.parse_args()
    home = args.home or Path(tempfile.gettempdir()) / f"coach-scale-{args.pairs}x{args.notes}"
    if args.measure_only:
        measure(home, args.pairs, args.searches)
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
        ],
        check=True,
    )


if __name__ == "__main__":
    main()
