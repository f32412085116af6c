"""Does a query of Chroma's embedded client wait while another pair's collection is written?

    python benchmarks/index_write_wait.py [--writes 15]

Two pairs of 50 notes (hashing embedder), then Chroma queries of pair B's collection, idle
and while another thread rewrites 2,000 chunks of pair C's, over and over. Round 9 of issue
15 measured p50 2.5 ms idle and 10-17 s while written (load 6.3): why no search asks Chroma
any more unless its store predates stored vectors (``assistant/retrieval/vectors.py``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.coach import Coach  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from tests.helpers import pair_doc, write_json  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--writes", type=int, default=15)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="coach-index-wait-"))
    with Coach.from_settings(Settings(home=tmp / "home", embeddings="fake")) as coach:
        notes = [{"id": f"n{i}", "text": f"Note {i} about billing and the roadmap {i}."} for i in range(50)]
        docs = [pair_doc(p, (f"m{p}", "M"), (f"e{p}", "E"), notes=notes) for p in ("pb", "pc")]
        coach.import_paths([write_json(tmp / f"{d['pair']['id']}.json", d) for d in docs])
        viewer = coach.viewer("pb", "mpb")
        other = coach.records.get_pair("pc")
        assert other is not None
        vector = coach.indexer.embedder.encode(["billing"])

        def query() -> float:
            start = time.perf_counter()
            coach.index.query(viewer, vector, 50)
            return (time.perf_counter() - start) * 1000

        idle = [query() for _ in range(100)]
        rng = np.random.default_rng(0)
        rows = []
        for i in range(400):
            for j in range(5):
                v = rng.standard_normal(384).astype(np.float32)
                rows.append((f"k{i}", j, "shared", v / np.linalg.norm(v)))
        writes: list[float] = []

        def writer() -> None:
            while len(writes) < args.writes:
                start = time.perf_counter()
                coach.index.replace(other, rows)
                writes.append(time.perf_counter() - start)

        thread = threading.Thread(target=writer)
        thread.start()
        time.sleep(0.5)
        busy = []
        while thread.is_alive():
            busy.append(query())
        thread.join()
    print(
        f"query of pair B: idle p50 {statistics.median(idle):.1f} ms; while pair C is written "
        f"p50 {statistics.median(busy):.1f}, max {max(busy):.0f} ms ({len(busy)} queries); "
        f"one write of {len(rows)} chunks p50 {statistics.median(writes) * 1000:.0f} ms; "
        f"load {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
