"""Wall time of a cold `coach search` process (start, imports, model load, query, exit).

    python benchmarks/cold_search.py [--runs 5]

Imports the demo pairs into a temporary home once, then times separate `coach search`
processes. Target: <= 3 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COACH = [sys.executable, "-m", "assistant.cli"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="coach-cold-"))
    try:
        files = sorted((ROOT / "assistant" / "demo_data").glob("pair-*.json"))
        subprocess.run(
            [*COACH, "--home", str(home), "import", *map(str, files), "--json"], check=True, capture_output=True
        )
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(
                [
                    *COACH,
                    "--home",
                    str(home),
                    "search",
                    "travel budget for the conference",
                    "--pair",
                    "p-maya-sam",
                    "--as",
                    "sam",
                    "--json",
                ],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - start)
        print(
            f"cold `coach search`: median {statistics.median(times):.2f} s, min {min(times):.2f} s, "
            f"max {max(times):.2f} s over {args.runs} runs (target <= 3 s)"
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
