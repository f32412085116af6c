"""In-process scorer mirroring score.py's drafting/ask/search metrics, for a fast loop.

PYTHONPATH=TREE python evl.py [--sets dev|fixtures|samples|all] [--home DIR] [--only search,ask,...] [--json OUT] [-v]
    [--set reranker.answer=0 ...]  (searcher settings; the chat's search is the same searcher)
    [--exact]  (no effect since round 9: every search compares the stored vectors exactly)
"""

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, "/work/shared/eval")
from score import score_commitments, visible_notes  # noqa
from assistant.coach import Coach
from assistant.retrieval.embeddings import MiniLMEmbedder
from assistant.settings import Settings

ROOTS = {
    "dev": "/work/shared/eval/dev",
    "samples": "/work/shared/eval/samples",
    "fixtures": str(Path(__file__).resolve().parents[1] / "tests/fixtures"),
}
ap = argparse.ArgumentParser()
ap.add_argument("--sets", default="dev")
ap.add_argument("--home")
ap.add_argument("--only", default="search,ask,unans,agenda,feedback,plan")
ap.add_argument("--json")
ap.add_argument("-v", action="store_true")
ap.add_argument("--exact", action="store_true", help="(no effect: every search is exact since round 9)")
ap.add_argument("--set", action="append", default=[], help="searcher setting, e.g. reranker.answer=0 (repeatable)")
a = ap.parse_args()
names = list(ROOTS) if a.sets == "all" else a.sets.split(",")
labels = [p for n in names for p in sorted(Path(ROOTS[n]).glob("labels-*.json"))]
sets = [(json.loads(p.read_text()), p) for p in labels]
home = Path(a.home) if a.home else Path(tempfile.mkdtemp(prefix="evl-"))
only = set(a.only.split(","))
m = {k: [] for k in ["recall3", "mrr", "grounded", "unans", "coverage", "fb", "plan"]}
m.update(invalid=0, stale=0, followups=0)
fails = []
t0 = time.time()
model = MiniLMEmbedder()
with Coach.from_settings(Settings(home=home), embedder=model) as coach:
    for item in a.set:
        dotted, value = item.split("=")
        *path, attr = dotted.split(".")
        obj = coach.searcher
        for part in path:
            obj = getattr(obj, part)
        setattr(obj, attr, type(getattr(obj, attr))(value))
    coach.import_paths([(p.parent / lab["pair_file"]).resolve() for lab, p in sets])
    for lab, p in sets:
        pair = json.loads((p.parent / lab["pair_file"]).read_text())
        pid, as_of = pair["pair"]["id"], date.fromisoformat(lab["as_of"])
        for person in (pair["pair"]["manager"]["id"], pair["pair"]["employee"]["id"]):
            vis = visible_notes(pair, person)
            if "search" in only:
                for q in [q for q in lab["search"] if q["as"] == person]:
                    ids = [h.note.id for h in coach.search(pid, person, q["query"], 5, exact=a.exact)]
                    rel = set(q["relevant"])
                    r3 = len(rel & set(ids[:3])) / min(3, len(rel))
                    m["recall3"].append(r3)
                    m["mrr"].append(next((1 / (i + 1) for i, x in enumerate(ids) if x in rel), 0.0))
                    if r3 < 1 and a.v:
                        fails.append(("search", pid, person, q["query"], sorted(rel), ids))
            if "ask" in only:
                for q in [q for q in lab["search"] if q["as"] == person]:
                    r = coach.ask(pid, person, q["query"] + "?", as_of)
                    ok = bool(set(r.sources) & set(q["relevant"])) and bool(r.answer)
                    m["grounded"].append(float(ok))
                    m["invalid"] += len(set(r.sources) - vis)
                    if not ok and a.v:
                        fails.append(("ask", pid, person, q["query"], sorted(q["relevant"]), r.sources, r.answer[:300]))
            if "unans" in only:
                for q in [q for q in lab.get("unanswerable", []) if q["as"] == person]:
                    r = coach.ask(pid, person, q["query"], as_of)
                    g = getattr(r, "grounded", None)
                    ok = g is False or not r.sources
                    m["unans"].append(float(ok))
                    if not ok and a.v:
                        fails.append(("unans", pid, person, q["query"], r.sources, r.answer[:300]))
            if "agenda" in only:
                ag = coach.agenda(pid, person, as_of)
                cited = {s for it in ag.items for s in it.sources}
                m["invalid"] += len(cited - vis)
                open_gold = [g for g in lab["commitments"] if g.get("status") == "open" and g["note_id"] in vis]
                cov = [g for g in open_gold if {g["note_id"], *g.get("also_stated_in", [])} & cited]
                m["coverage"].append(len(cov) / len(open_gold) if open_gold else 1.0)
                if len(cov) < len(open_gold) and a.v:
                    fails.append(
                        ("coverage", pid, person, [g["id"] + ":" + g["text"][:60] for g in open_gold if g not in cov])
                    )
                pred = [c.to_json() for c in coach.commitments(pid, person, as_of)]
                s = score_commitments(lab["commitments"], pred, lab["as_of"], vis)
                known = s["gold_status_of"]
                for it in ag.items:
                    for c in it.commitment_ids:
                        if known.get(c):
                            m["followups"] += 1
                            if known[c] in ("done", "dropped"):
                                m["stale"] += 1
                                if a.v:
                                    fails.append(("stale", pid, person, c, it.title[:100]))
            if "feedback" in only:
                fb = coach.feedback(pid, person, as_of)
                sug = fb.suggestions
                m2e = [x for x in sug if x.direction == "manager_to_employee"]
                e2m = [x for x in sug if x.direction == "employee_to_manager"]
                complete = all(x.situation and x.behavior and x.impact and x.sources for x in sug)
                m["invalid"] += sum(len(set(x.sources) - vis) for x in sug)
                ok = bool(m2e) and bool(e2m) and complete and abs(len(m2e) - len(e2m)) <= 1
                m["fb"].append(float(ok))
                if not ok and a.v:
                    fails.append(("feedback", pid, person, len(m2e), len(e2m)))
            if "plan" in only:
                pl = coach.plan(pid, person, as_of)
                acts = pl.actions
                types = {x.type for x in acts}
                m["invalid"] += sum(len(set(x.sources) - vis) for x in acts)
                gids = {g["id"] for g in pair["goals"]}
                ok = (
                    len(types & {"experience", "exposure", "education"}) >= 2
                    and all(set(x.goal_ids) <= gids for x in acts)
                    and all(x.sources for x in acts)
                )
                m["plan"].append(float(ok))
                if not ok and a.v:
                    fails.append(("plan", pid, person, sorted(types)))


def mean(xs):
    return round(sum(xs) / len(xs), 3) if xs else None


summary = {k: (mean(v) if isinstance(v, list) else v) for k, v in m.items()}
summary["stale_rate"] = round(m["stale"] / m["followups"], 3) if m["followups"] else 0.0
summary["n"] = {k: len(v) for k, v in m.items() if isinstance(v, list)}
for f in fails:
    print(json.dumps(f, ensure_ascii=False))
print(json.dumps(summary))
print(f"{time.time() - t0:.0f}s", file=sys.stderr)
if a.json:
    Path(a.json).write_text(json.dumps({"summary": summary, "fails": fails}, indent=1))
