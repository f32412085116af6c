"""Ingest throughput: Coach's import (validate, store, chunk, embed, index, read commitments)
beside the raw model encoding the same chunks.

    python benchmarks/ingest.py [--notes 100 | --pair FILE] [--runs 3]

Alternates a raw encode of the chunks and a whole import into a fresh store, ``--runs``
times after a warm-up of each, and prints each pair of runs and the medians, wall time and
CPU time (every thread of the process; less moved by other processes on a shared machine),
with the load average before and after. Their ratio is Coach's overhead, the ledger included
(target, issue 15: >= 0.9x).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from _corpus import note_texts, pair_file

from assistant.coach import Coach
from assistant.retrieval.embeddings import MiniLMEmbedder
from assistant.retrieval.index import chunk_text
from assistant.settings import Settings


def _timed(work) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def _import(data: dict, embedder: MiniLMEmbedder) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as folder:  # every run's home goes with it
        settings = Settings(home=Path(folder) / "home")
        path = Path(folder) / "pair.json"
        path.write_text(json.dumps(data))
        with Coach.from_settings(settings, embedder=embedder) as coach:
            return _timed(lambda: coach.import_paths([path]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=100)
    ap.add_argument("--pair", type=Path, help="a pair file to import instead of --notes of the corpus")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    data = json.loads(args.pair.read_text()) if args.pair else pair_file("p-bench", note_texts(args.notes))
    texts = [n["text"] for n in data["notes"]]
    settings = Settings()  # only its chunking settings
    chunks = [c.text for t in texts for c in chunk_text(t, settings.chunk_words, settings.chunk_overlap)]
    embedder = MiniLMEmbedder()
    load = os.getloadavg()[0]
    embedder.encode(chunks[:64])
    _import(data, embedder)  # first-call costs (date tables, regexes, Chroma) out of every run
    runs = []
    for _ in range(args.runs):
        runs.append((_timed(lambda: embedder.encode(chunks)), _import(data, embedder)))
        (raw_s, raw_cpu), (imp_s, imp_cpu) = runs[-1]
        print(f"raw {raw_s:.2f} s ({raw_cpu:.2f} CPU), import {imp_s:.2f} s ({imp_cpu:.2f} CPU): {raw_s / imp_s:.2f}x")
    raw_s, raw_cpu, imp_s, imp_cpu = (statistics.median(r[i][j] for r in runs) for i in (0, 1) for j in (0, 1))
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"notes={len(texts)} chunks={len(chunks)} mean_words_per_note={words:.0f}; load average {load:.1f}")
    print(f"raw model encode: {len(texts) / raw_s:7.1f} notes/s ({len(chunks) / raw_s:.1f} chunks/s, {raw_s:.2f} s)")
    print(f"coach import:     {len(texts) / imp_s:7.1f} notes/s ({len(chunks) / imp_s:.1f} chunks/s, {imp_s:.2f} s)")
    paired = statistics.median(r[0][0] / r[1][0] for r in runs)
    paired_cpu = statistics.median(r[0][1] / r[1][1] for r in runs)
    print(
        f"ratio (coach / raw), median of the paired runs: {paired:.2f}x wall, {paired_cpu:.2f}x CPU "
        f"(of the medians: {raw_s / imp_s:.2f}x, {raw_cpu / imp_cpu:.2f}x), ledger included (target >= 0.9x); "
        f"load average now {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
