"""Ingest throughput: Coach's import (validate, store, chunk, embed, index) beside the raw model.

    python benchmarks/ingest.py [--notes 300]

Prints notes/s for both on the same texts, in one run, with the load average; their ratio is
Coach's overhead, the ledger included (target, issue 15: >= 0.9x); and what reading
commitments (the ledger) costs when rebuilt alone afterwards (its vectors then all stored).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from _corpus import note_texts, pair_file

from assistant.coach import Coach
from assistant.retrieval.embeddings import MiniLMEmbedder
from assistant.retrieval.index import chunk_text
from assistant.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=300)
    args = ap.parse_args()
    texts = note_texts(args.notes)
    load = os.getloadavg()[0]
    settings = Settings(home=Path(tempfile.mkdtemp(prefix="coach-bench-")))
    embedder = MiniLMEmbedder()
    embedder.encode(["warm up"])

    chunks = [c.text for t in texts for c in chunk_text(t, settings.chunk_words, settings.chunk_overlap)]
    start = time.perf_counter()
    embedder.encode(chunks)
    raw_s = time.perf_counter() - start

    path = settings.home.parent / "bench-pair.json"
    path.write_text(json.dumps(pair_file("p-bench", texts)))
    with Coach.from_settings(settings, embedder=embedder) as coach:
        start = time.perf_counter()
        coach.import_paths([path])
        ingest_s = time.perf_counter() - start
        start = time.perf_counter()
        coach.ledger.rebuild("p-bench")  # the same ledger work the import did, alone
        ledger_s = time.perf_counter() - start

    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"notes={len(texts)} chunks={len(chunks)} mean_words_per_note={words:.0f}; load average {load:.1f}")
    print(f"raw model encode: {len(texts) / raw_s:7.1f} notes/s ({len(chunks) / raw_s:.1f} chunks/s, {raw_s:.1f} s)")
    rate = f"{len(texts) / ingest_s:7.1f} notes/s ({len(chunks) / ingest_s:.1f} chunks/s, {ingest_s:.1f} s)"
    print(f"coach import:     {rate}")
    print(f"ratio (coach / raw): {raw_s / ingest_s:.2f}x, ledger included (target >= 0.9x)")
    print(f"ledger rebuilt alone afterwards: {ledger_s:.1f} s; load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
