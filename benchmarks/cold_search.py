"""Wall time of a cold `coach search` process (start, imports, model load, query, exit),
beside a process that only runs `import chromadb`, alternating, in the same run.

    python benchmarks/cold_search.py [--runs 5] [--pair FILE --as PERSON] [--against TREE]

Imports the demo pairs (or ``--pair``, e.g. a QMSum meeting series) into a temporary home
once, then times separate `coach search` processes, each with a different question, and as
many `python -c "import chromadb"`. Every process runs the code of this tree, with it first
on PYTHONPATH; ``--against TREE`` (another checkout, e.g. ``git archive main`` unpacked)
times that tree's search too, alternating with this one's, each on the home it imported:
a tree whose reading of commitments differs rebuilds every ledger when it opens a home the
other built, which is not what a cold search costs. Target (issue 15): within 2x of
the import.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "travel budget for the conference",
    "what did we agree about the deadline",
    "feedback on the presentation",
    "training and growth plans",
    "who owns the follow up",
    "what was decided about the battery",
    "how much will it cost",
]


def _coach(tree: Path) -> tuple[list[str], dict[str, str]]:
    """What the `coach` script runs, in ``tree``: ``python -c`` puts the working folder ahead
    of PYTHONPATH, and the shared virtualenv resolves ``assistant`` to /work/main, so each
    process runs in its tree with it first on the path (else it measures another tree)."""
    path = os.pathsep.join([str(tree), *filter(None, [os.environ.get("PYTHONPATH")])])
    return [sys.executable, "-c", "from assistant.cli import main; main()"], {**os.environ, "PYTHONPATH": path}


def _pair(files: list[Path]) -> tuple[str, str]:
    """The first pair's id and its employee (who searches)."""
    doc = json.loads(files[0].read_text(encoding="utf-8"))
    return doc["pair"]["id"], doc["pair"]["employee"]["id"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pair", type=Path, help="a pair file to search (default: the demo pairs)")
    ap.add_argument("--as", dest="person", help="who searches (default: the pair's employee)")
    ap.add_argument("--against", type=Path, help="another tree to time beside this one (each on its own home)")
    args = ap.parse_args()
    trees = [ROOT, *([args.against.resolve()] if args.against else [])]
    files = [args.pair.resolve()] if args.pair else sorted((ROOT / "assistant" / "demo_data").glob("pair-*.json"))
    pair_id, person = _pair(files)
    if not args.pair:
        pair_id, person = "p-maya-sam", "sam"
    person = args.person or person
    homes = {tree: Path(tempfile.mkdtemp(prefix="coach-cold-")) for tree in trees}
    try:
        for tree, home in homes.items():
            command, env = _coach(tree)
            subprocess.run(
                [*command, "--home", str(home), "import", *map(str, files), "--json"],
                check=True,
                capture_output=True,
                cwd=tree,
                env=env,
            )
        times: dict[Path, list[float]] = {tree: [] for tree in trees}
        chroma: list[float] = []
        load = os.getloadavg()[0]
        command, env = _coach(ROOT)
        for run in range(args.runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import chromadb"], check=True, cwd=ROOT, env=env)
            chroma.append(time.perf_counter() - start)
            question = QUESTIONS[run % len(QUESTIONS)]
            for tree in trees if run % 2 == 0 else trees[::-1]:
                command, env_tree = _coach(tree)
                home = str(homes[tree])
                start = time.perf_counter()
                subprocess.run(
                    [*command, "--home", home, "search", question, "--pair", pair_id, "--as", person, "--json"],
                    check=True,
                    capture_output=True,
                    cwd=tree,
                    env=env_tree,
                )
                times[tree].append(time.perf_counter() - start)
        base = statistics.median(chroma)
        print(f"`import chromadb`: median {base:.2f} s, min {min(chroma):.2f} s over {args.runs} runs")
        for tree, spent in times.items():
            print(
                f"cold `coach search` ({tree}): median {statistics.median(spent):.2f} s, min {min(spent):.2f} s, "
                f"max {max(spent):.2f} s: {statistics.median(spent) / base:.2f}x (target <= 2x)"
            )
        print(f"load average {load:.1f} -> {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    finally:
        for home in homes.values():
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
