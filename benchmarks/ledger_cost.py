"""What reading commitments adds to an import: the same notes imported with and without the
ledger (``import_paths(ledgers=False)``), alternating, three pairs of runs after a warm-up.

    python benchmarks/ledger_cost.py [--notes 100]

Target (issue 12): the ledger adds no more than 25 % to import time over indexing alone.
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
from assistant.settings import Settings


def _import(texts: list[str], embedder: MiniLMEmbedder, ledgers: bool) -> float:
    settings = Settings(home=Path(tempfile.mkdtemp(prefix="coach-ledger-cost-")))
    path = settings.home.parent / "pair.json"
    path.write_text(json.dumps(pair_file("p-bench", texts)))
    with Coach.from_settings(settings, embedder=embedder) as coach:
        start = time.perf_counter()
        coach.import_paths([path], ledgers=ledgers)
        return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=100)
    args = ap.parse_args()
    texts = note_texts(args.notes)
    embedder = MiniLMEmbedder()
    embedder.encode(["warm up"])
    print(f"notes={len(texts)}; load average {os.getloadavg()[0]:.1f}")
    _import(texts, embedder, True)  # first-call costs (date parsing's tables, regexes) out of both
    runs = [(_import(texts, embedder, False), _import(texts, embedder, True)) for _ in range(3)]
    for alone, with_ledger in runs:
        print(f"index only {alone:.2f} s, with the ledger {with_ledger:.2f} s: +{(with_ledger - alone) / alone:.0%}")
    alone, with_ledger = (sorted(r[i] for r in runs)[1] for i in (0, 1))
    print(
        f"median: index only {alone:.2f} s, with the ledger {with_ledger:.2f} s: the ledger adds "
        f"{(with_ledger - alone) / alone:.0%} (target <= 25 %); load average now {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
