"""Cold commands as whole processes: `coach agenda` and `coach search`, beside `import chromadb`.

    python benchmarks/cold_commands.py [--runs 5] [--tree DIR ...] [--pair-file FILE]

Imports the demo pairs and one QMSum meeting series (when present) into a home per source
tree, then runs, round after round (paired: every command once per round, so load hits
them alike): `python -c "import chromadb"` (the reference the issue names), `python -c
pass`, a cold `coach agenda` and a cold `coach search`, for each tree. Prints medians of wall
time and of CPU time (user + sys, steadier on a loaded machine), peak RSS, and the load
average before and after. ``--tree`` compares source trees in one run (say, main's and
yours); the default is this one.

Targets (issue 15): `coach agenda` < 1 s; `coach search` within 2x of `import chromadb`.
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
QMSUM = ROOT.parent / "shared" / "eval" / "qmsum" / "pair-covid.json"
PYTHON = sys.executable


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + sys, read with wait4: this process's, not its
    siblings') and peak RSS (MB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:6])} exited {proc.returncode}: {err.decode()[-400:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def env_for(tree: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tree)
    env.pop("COACH_HOME", None)
    return env


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tree", type=Path, action="append", help="a source tree to time (repeatable)")
    ap.add_argument("--pair-file", type=Path, default=QMSUM if QMSUM.exists() else None)
    args = ap.parse_args()
    trees = [t.resolve() for t in (args.tree or [ROOT])]
    files = sorted((ROOT / "assistant" / "demo_data").glob("pair-*.json"))
    if args.pair_file:
        files.append(args.pair_file)
    search_pair, search_as = "p-maya-sam", "sam"
    if args.pair_file:
        doc = json.loads(args.pair_file.read_text())
        search_pair, search_as = doc["pair"]["id"], doc["pair"]["employee"]["id"]
    coach = [str(Path(PYTHON).parent / "coach")]  # the installed command, as a person runs it
    homes = {}
    tmp = Path(tempfile.mkdtemp(prefix="coach-cold-"))
    try:
        for tree in trees:
            home = tmp / f"home-{len(homes)}"
            start = time.perf_counter()
            subprocess.run(
                [*coach, "--home", str(home), "import", *map(str, files), "--json"],
                env=env_for(tree),
                check=True,
                capture_output=True,
            )
            homes[tree] = home
            print(f"imported into {tree.name}'s home in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "python -c 'import chromadb'": ([PYTHON, "-c", "import chromadb"], env_for(trees[0])),
            "python -c pass": ([PYTHON, "-c", "pass"], env_for(trees[0])),
        }
        for tree in trees:
            base = [*coach, "--home", str(homes[tree])]
            label = "" if len(trees) == 1 else f" [{tree.name}]"
            commands[f"coach agenda{label}"] = (
                [*base, "agenda", "--pair", "p-maya-sam", "--as", "maya", "--json"],
                env_for(tree),
            )
            commands[f"coach search{label}"] = (
                [*base, "search", "what did we decide about the budget", "--pair", search_pair, "--as", search_as],
                env_for(tree),
            )
        for cmd, env in commands.values():  # once, unmeasured: page cache, built model graph
            run(cmd, env)
        load_before = os.getloadavg()
        results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (cmd, env) in commands.items():
                results[name].append(run(cmd, env))
        load_after = os.getloadavg()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"load average before {load_before[0]:.1f} / after {load_after[0]:.1f} ({os.cpu_count()} CPUs)")
    print(f"medians of {args.runs} paired runs:")
    ref_wall = statistics.median(w for w, _, _ in results["python -c 'import chromadb'"])
    ref_cpu = statistics.median(c for _, c, _ in results["python -c 'import chromadb'"])
    for name, rows in results.items():
        wall = statistics.median(w for w, _, _ in rows)
        cpu = statistics.median(c for _, c, _ in rows)
        rss = max(r for _, _, r in rows)
        print(
            f"  {name:38s} wall {wall:5.2f} s ({wall / ref_wall:4.2f}x chromadb)   "
            f"cpu {cpu:5.2f} s ({cpu / ref_cpu:4.2f}x)   peak RSS {rss} MB"
        )
    print("targets: coach agenda < 1 s (quiet machine); coach search <= 2x import chromadb")


if __name__ == "__main__":
    main()
