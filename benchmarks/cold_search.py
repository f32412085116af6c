"""Wall time of a cold `coach search` process (start, imports, model load, query, exit),
beside a process that only runs `import chromadb`, alternating, in the same run.

    python benchmarks/cold_search.py [--runs 5]

Imports the demo pairs into a temporary home once, then times separate `coach search`
processes, each with a different question (the first time a question brings a note into
the best few, its sentences are embedded and kept: a repeated question would find them), and
as many `python -c "import chromadb"`. Target (issue 15): within 2x of the import.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COACH = [sys.executable, "-c", "from assistant.cli import main; main()"]  # what the `coach` script runs
# ``python -c`` puts the working folder ahead of PYTHONPATH, and the shared virtualenv
# resolves ``assistant`` to /work/main: every process runs in this tree with it on the path,
# or a run from elsewhere measures another tree's code (as search_queries.py did until round 7).
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
QUESTIONS = [
    "travel budget for the conference",
    "what did we agree about the deadline",
    "feedback on the presentation",
    "training and growth plans",
    "who owns the follow up",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="coach-cold-"))
    try:
        files = sorted((ROOT / "assistant" / "demo_data").glob("pair-*.json"))
        subprocess.run(
            [*COACH, "--home", str(home), "import", *map(str, files), "--json"],
            check=True,
            capture_output=True,
            cwd=ROOT,
            env=ENV,
        )
        times, chroma = [], []
        load = os.getloadavg()[0]
        for run in range(args.runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import chromadb"], check=True, cwd=ROOT, env=ENV)
            chroma.append(time.perf_counter() - start)
            start = time.perf_counter()
            subprocess.run(
                [
                    *COACH,
                    "--home",
                    str(home),
                    "search",
                    QUESTIONS[run % len(QUESTIONS)],
                    "--pair",
                    "p-maya-sam",
                    "--as",
                    "sam",
                    "--json",
                ],
                check=True,
                capture_output=True,
                cwd=ROOT,
                env=ENV,
            )
            times.append(time.perf_counter() - start)
        print(
            f"cold `coach search`: median {statistics.median(times):.2f} s, min {min(times):.2f} s, "
            f"max {max(times):.2f} s over {args.runs} runs"
        )
        print(f"`import chromadb`:    median {statistics.median(chroma):.2f} s, min {min(chroma):.2f} s")
        print(
            f"ratio: {statistics.median(times) / statistics.median(chroma):.2f}x (target <= 2x); "
            f"load average {load:.1f} -> {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)"
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
