"""Search settings chosen leave-one-history-out over the dev histories.

PYTHONPATH=TREE python search_loho.py HOME 'name:attr=value,attr=value' ... [--json OUT]

Imports the dev, fixture and sample histories into HOME once (reused when it exists), then
for each named configuration (attributes of the searcher, ``reranker.x`` for its second
stage; the first is the default one, written ``default:``) answers every search question and
prints recall@3 and mrr per set. Last, the leave-one-history-out figure: for each dev
history, the configuration best on the other eleven (recall@3, then mrr) is scored on it.
"""

import argparse
import json
import sys
from pathlib import Path

from assistant.coach import Coach
from assistant.retrieval.embeddings import MiniLMEmbedder
from assistant.settings import Settings

ROOTS = {
    "dev": Path("/work/shared/eval/dev"),
    "fixtures": Path(__file__).resolve().parents[1] / "tests/fixtures",
    "samples": Path("/work/shared/eval/samples"),
}


def questions():
    for name, root in ROOTS.items():
        for f in sorted(root.glob("labels-*.json")):
            lab = json.loads(f.read_text())
            pair = json.loads((f.parent / lab["pair_file"]).read_text())["pair"]["id"]
            for i, q in enumerate(lab["search"]):
                yield f"{name}|{pair}|{i}", pair, q, f.parent / lab["pair_file"]


def target(searcher, dotted):
    *path, attr = dotted.split(".")
    for part in path:
        searcher = getattr(searcher, part)
    return searcher, attr


def run(coach, qs):
    rows = {}
    for key, pair, q, _ in qs:
        ids = [h.note.id for h in coach.search(pair, q["as"], q["query"], 5)]
        rel = set(q["relevant"])
        mrr = next((1 / (i + 1) for i, x in enumerate(ids) if x in rel), 0.0)
        rows[key] = (len(rel & set(ids[:3])) / min(3, len(rel)), mrr)
    return rows


def mean(rows, keep):
    picked = [v for k, v in rows.items() if keep(k)]
    return tuple(round(sum(x[i] for x in picked) / len(picked), 3) for i in (0, 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("home")
    ap.add_argument("configs", nargs="+")
    ap.add_argument("--json")
    a = ap.parse_args()
    qs = list(questions())
    home = Path(a.home)
    fresh = not home.exists()
    results = {}
    with Coach.from_settings(Settings(home=home), embedder=MiniLMEmbedder()) as coach:
        if fresh:
            coach.import_paths(sorted({p for *_, p in qs}))
        for spec in a.configs:
            name, _, assignments = spec.partition(":")
            saved = []
            for item in filter(None, assignments.split(",")):
                dotted, value = item.split("=")
                obj, attr = target(coach.searcher, dotted)
                saved.append((obj, attr, getattr(obj, attr)))
                setattr(obj, attr, type(getattr(obj, attr))(value))
            results[name] = rows = run(coach, qs)
            for obj, attr, value in saved:
                setattr(obj, attr, value)
            sets = " ".join(f"{s} {mean(rows, lambda k, s=s: k.startswith(s + '|'))}" for s in ROOTS)
            print(f"{name:24s} {sets}", flush=True)
    pairs = sorted({k.split("|")[1] for k in results[a.configs[0].partition(":")[0]] if k.startswith("dev|")})
    held = {}
    for pair in pairs:
        others = lambda k, p=pair: k.startswith("dev|") and k.split("|")[1] != p  # noqa: E731
        best = max(results, key=lambda n: mean(results[n], others))
        held.update({k: v for k, v in results[best].items() if k.startswith(f"dev|{pair}|")})
        print(f"  held out {pair}: chose {best}")
    print(f"leave-one-history-out dev: recall@3 / mrr {mean(held, lambda k: True)}")
    if a.json:
        Path(a.json).write_text(json.dumps(results))


if __name__ == "__main__":
    sys.exit(main())
