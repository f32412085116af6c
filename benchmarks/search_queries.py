"""Many questions in one process: `coach search --queries FILE` on a QMSum meeting series.

    python benchmarks/search_queries.py [--series es2004] [--repeat 4] [--runs 3] [--against TREE]

Imports the series' pair into a home once, then, ``--runs`` times: copies that home afresh
and runs `coach search --queries` on it twice (``first``: every note the second stage reads
is read for the first time after the import; ``again``: their sentence vectors are stored),
beside `python -c "import chromadb"`. The questions are the series' own, ``--repeat`` times
over (each copy with its own id: a repeated question costs what a new one over the same
notes costs once their sentences are known). Prints the wall time of each process divided
by the number of questions (target, issue 15: <= 20 ms per question), with the load average.

``--against TREE``: the same runs, alternating, with the `coach` of another source tree (a
checkout of main, say), each on a home its own tree imported (``--same-home``: both on this
tree's, where the answers must be identical).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QMSUM = Path("/work/shared/eval/qmsum")


def coach(tree: Path) -> list[str]:
    """What the `coach` script runs, with ``tree`` first on the path. Run it in ``tree``:
    ``python -c`` puts the working folder before PYTHONPATH (until round 7 every tree ran this
    one's code when measured from here)."""
    return ["env", f"PYTHONPATH={tree}", sys.executable, "-c", "from assistant.cli import main; main()"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], tree: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds (user + system, every thread) of ``cmd``, and what it printed."""
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=tree)
    return time.perf_counter() - start, _children_cpu() - cpu, done.stdout


def _first(answer: dict) -> str | None:
    return answer["results"][0]["note_id"] if answer["results"] else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--series", default="es2004")
    ap.add_argument("--qmsum", type=Path, default=QMSUM)
    ap.add_argument("--repeat", type=int, default=4)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--against", type=Path, help="another source tree, measured alternating")
    ap.add_argument("--same-home", action="store_true", help="both trees search the store this tree imported")
    ap.add_argument("--keep", type=Path, help="a folder to keep each tree's first answers in")
    args = ap.parse_args()
    spec = json.loads((args.qmsum / f"queries-{args.series}.json").read_text())
    work = Path(tempfile.mkdtemp(prefix="coach-queries-"))
    try:
        questions = work / "questions.jsonl"
        rows = [{"id": f"{q['id']}#{i}", "query": q["query"]} for i in range(args.repeat) for q in spec["queries"]]
        questions.write_text("".join(json.dumps(r) + "\n" for r in rows))
        who = spec["queries"][0]["as"]
        trees = {"this": ROOT, **({"against": args.against.resolve()} if args.against else {})}
        # Each tree imports into its own home: what an import keeps for search (the sentence
        # vectors, since round 7) is part of what is measured. The same store for both trees
        # (``--same-home``) when the trees import alike, whose answers must then be identical
        # (two imports build two Chroma indexes, whose approximate neighbours may differ).
        pair = args.qmsum / spec["pair_file"]
        imported = {}
        for name, tree in trees.items():
            imported[name] = work / f"imported-{name}"
            if args.same_home and name != "this":
                imported[name] = imported["this"]
                continue
            subprocess.run(
                [*coach(tree), "--home", str(imported[name]), "import", str(pair), "--json"], check=True, cwd=tree
            )
        ask = ["search", "--queries", str(questions), "--pair", spec["pair"], "--as", who, "--k", str(args.k), "--json"]
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        cpu: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        chroma, answers = [], {}
        load = os.getloadavg()[0]
        for run in range(args.runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import chromadb"], check=True)
            chroma.append(time.perf_counter() - start)
            for name, tree in trees.items() if run % 2 == 0 else reversed(trees.items()):
                home = work / "home"
                shutil.rmtree(home, ignore_errors=True)
                shutil.copytree(imported[name], home)
                first, cpu1, out1 = timed([*coach(tree), "--home", str(home), *ask], tree)
                again, cpu2, out2 = timed([*coach(tree), "--home", str(home), *ask], tree)
                cpu[name].append((cpu1, cpu2))
                if out1 != out2:
                    print(f"{name}: the second run answered differently from the first")
                answers.setdefault(name, out1)
                times[name].append((first, again))
                n = len(rows)
                print(
                    f"run {run + 1} {name}: first {first:.2f} s ({first / n * 1000:.1f} ms/question), "
                    f"again {again:.2f} s ({again / n * 1000:.1f} ms/question); CPU {cpu[name][-1][0]:.2f} / "
                    f"{cpu[name][-1][1]:.2f} s; load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
        n = len(rows)
        for name in trees:
            first = statistics.median(t[0] for t in times[name])
            again = statistics.median(t[1] for t in times[name])
            print(
                f"{name}: {n} questions ({len(spec['queries'])} x {args.repeat}): median first {first / n * 1000:.1f} "
                f"ms/question ({first:.2f} s), again {again / n * 1000:.1f} ms/question ({again:.2f} s); CPU "
                f"{statistics.median(c[0] for c in cpu[name]):.2f} / {statistics.median(c[1] for c in cpu[name]):.2f} s"
            )
        if args.against:
            same = answers["this"] == answers["against"]
            mine, theirs = (json.loads(answers[n])["queries"] for n in ("this", "against"))
            firsts = sum(_first(a) == _first(b) for a, b in zip(mine, theirs, strict=True))
            print(f"answers identical to --against: {same}; same first note for {firsts} of {len(mine)} questions")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for name, text in answers.items():
                (args.keep / f"{name}.json").write_text(text)
        print(
            f"`import chromadb`: median {statistics.median(chroma):.2f} s; "
            f"load average {load:.1f} -> {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
