"""What reading commitments adds to an import: the same notes imported with and without the
ledger (``import_paths(ledgers=False)``), alternating, three pairs of runs after a warm-up;
wall time and CPU time (every thread; less moved by other processes on a shared machine).

    python benchmarks/ledger_cost.py [--notes 100 | --pair FILE]

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


def _import(data: dict, embedder: MiniLMEmbedder, ledgers: bool) -> tuple[float, float]:
    settings = Settings(home=Path(tempfile.mkdtemp(prefix="coach-ledger-cost-")))
    path = settings.home.parent / f"{settings.home.name}.json"
    path.write_text(json.dumps(data))
    with Coach.from_settings(settings, embedder=embedder) as coach:
        start, cpu = time.perf_counter(), time.process_time()
        coach.import_paths([path], ledgers=ledgers)
        return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=100)
    ap.add_argument("--pair", type=Path, help="a pair file to import instead of --notes of the corpus")
    args = ap.parse_args()
    data = json.loads(args.pair.read_text()) if args.pair else pair_file("p-bench", note_texts(args.notes))
    embedder = MiniLMEmbedder()
    embedder.encode(["warm up"])
    print(f"notes={len(data['notes'])}; load average {os.getloadavg()[0]:.1f}")
    _import(data, embedder, True)  # first-call costs (date parsing's tables, regexes) out of both
    runs = [(_import(data, embedder, False), _import(data, embedder, True)) for _ in range(3)]
    for (alone, alone_cpu), (with_ledger, with_cpu) in runs:
        print(
            f"index only {alone:.2f} s ({alone_cpu:.2f} CPU), with the ledger {with_ledger:.2f} s "
            f"({with_cpu:.2f} CPU): {(with_ledger - alone) / alone:+.0%} "
            f"(CPU {(with_cpu - alone_cpu) / alone_cpu:+.0%})"
        )
    alone, with_ledger, alone_cpu, with_cpu = (sorted(r[i][j] for r in runs)[1] for j in (0, 1) for i in (0, 1))
    paired = sorted((w[0] - a[0]) / a[0] for a, w in runs)[1]
    paired_cpu = sorted((w[1] - a[1]) / a[1] for a, w in runs)[1]
    print(f"median of the paired runs: the ledger adds {paired:.0%} wall, {paired_cpu:.0%} CPU")
    print(
        f"median: index only {alone:.2f} s, with the ledger {with_ledger:.2f} s: the ledger adds "
        f"{(with_ledger - alone) / alone:.0%} (CPU {(with_cpu - alone_cpu) / alone_cpu:.0%}; target <= 25 %); "
        f"load average now {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
