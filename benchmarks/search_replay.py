"""The second stage of search replayed offline: capture its inputs once, try settings in seconds.

PYTHONPATH=TREE python search_replay.py capture HOME OUT.pkl
PYTHONPATH=TREE python search_replay.py replay OUT.pkl 'name:attr=value,...' ... [--depth N]

``capture`` imports the dev, fixture and sample histories into HOME (as ``search_loho.py``
does) and runs every labelled search question once, keeping what the second stage was given
(the question and its vector, the first stage's best 16 notes in order, the idf, the extra
terms, the members' terms) and every sentence vector it read. ``replay`` runs
:class:`SentenceReranker` again on those inputs, with each configuration's attributes set
(``thread=0.3,second=0.2``), and prints recall@3 and mrr per set and the leave-one-history-out
figure over the dev histories, as ``search_loho.py`` does. The default configuration
reproduces the full search exactly (checked at the start). A whole configuration takes a
second or two instead of a minute: what round 7 used to try new second-stage features (see
``benchmarks/README.md``). The first stage is not replayed: settings of the searcher itself
(``dense_weight``, ``short_form_weight``) need ``search_loho.py``.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_loho import ROOTS, mean, questions  # noqa: E402

from assistant.retrieval.rerank import SentenceReranker  # noqa: E402

HEAD = 16


def capture(home: Path, out: Path) -> None:
    from assistant.coach import Coach
    from assistant.retrieval import search
    from assistant.retrieval.embeddings import MiniLMEmbedder
    from assistant.settings import Settings

    seen: dict = {}
    original = search.Searcher._rerank

    def kept(self, query, vector, ranked, notes, idf, memory=None, extra=None, members=frozenset()):
        head = self._candidates(ranked[:HEAD], notes)
        units = self.reranker.units(query, head, extra)[1]
        vectors = self.reranker._unit_vectors(units, memory)
        seen.update(
            query=query,
            vector=np.asarray(vector),
            head=head,
            ranked=[notes[k].id for k, _ in ranked],
            idf=dict(idf),
            extra=dict(extra or {}),
            members=members,
            vectors={u.text: v for u, v in zip(units, vectors, strict=True)},
        )
        return original(self, query, vector, ranked, notes, idf, memory, extra, members)

    search.Searcher._rerank = kept
    rows = []
    qs = list(questions())
    fresh = not home.exists()
    with Coach.from_settings(Settings(home=home), embedder=MiniLMEmbedder()) as coach:
        if fresh:
            coach.import_paths(sorted({path for *_, path in qs}))
        for key, pair, q, _ in qs:
            seen.clear()
            got = [h.note.id for h in coach.search(pair, q["as"], q["query"], 5)]
            rows.append({**seen, "key": key, "relevant": q["relevant"], "got": got})
    out.write_bytes(pickle.dumps(rows))
    print(f"{len(rows)} questions captured")


class _Vectors:
    """An embedder that answers from the captured sentence vectors."""

    name, dimension = "captured", 384

    def __init__(self, rows):
        self.known = {t: v for r in rows for t, v in r.get("vectors", {}).items()}

    def encode(self, texts):
        return np.stack([self.known.get(t, np.zeros(self.dimension, np.float32)) for t in texts])


def replay(rows, reranker: SentenceReranker) -> tuple[dict[str, tuple[float, float]], int]:
    """Recall@3 and mrr of each question, and how many questions got the captured answer."""
    out, same = {}, 0
    for r in rows:
        if "head" not in r or len(r["head"]) < 2:
            ids = r["got"]
        else:
            head = r["head"][: reranker.depth]
            order = reranker.rerank(r["query"], r["vector"], head, r["idf"], None, r["extra"], r["members"])
            by_key = {c.key: i for i, c in enumerate(r["head"])}
            ids = [r["ranked"][by_key[o.key]] for o in order] + r["ranked"][len(head) :]
        rel = set(r["relevant"])
        ids = ids[:5]
        same += ids == r["got"]
        mrr = next((1 / (i + 1) for i, x in enumerate(ids) if x in rel), 0.0)
        out[r["key"]] = (len(rel & set(ids[:3])) / min(3, len(rel)), mrr)
    return out, same


def main() -> int:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("capture")
    c.add_argument("home", type=Path)
    c.add_argument("out", type=Path)
    r = sub.add_parser("replay")
    r.add_argument("captured", type=Path)
    r.add_argument("configs", nargs="+")
    a = ap.parse_args()
    if a.command == "capture":
        capture(a.home, a.out)
        return 0
    rows = pickle.loads(a.captured.read_bytes())
    embedder = _Vectors(rows)
    results = {}
    for spec in a.configs:
        name, _, assignments = spec.partition(":")
        reranker = SentenceReranker(embedder)
        for item in filter(None, assignments.split(",")):
            attr, value = item.split("=")
            setattr(reranker, attr, type(getattr(reranker, attr))(value))
        got, same = replay(rows, reranker)
        results[name] = got
        if not assignments:
            print(f"{name}: {same}/{len(rows)} questions answered as captured")
        sets = " ".join(f"{s} {mean(got, lambda k, s=s: k.startswith(s + '|'))}" for s in ROOTS)
        print(f"{name:24s} {sets}", flush=True)
    pairs = sorted({k.split("|")[1] for k in results[a.configs[0].partition(":")[0]] if k.startswith("dev|")})
    held = {}
    for pair in pairs:
        others = lambda k, p=pair: k.startswith("dev|") and k.split("|")[1] != p  # noqa: E731
        best = max(results, key=lambda n: mean(results[n], others))
        held.update({k: v for k, v in results[best].items() if k.startswith(f"dev|{pair}|")})
    print(f"leave-one-history-out dev: recall@3 / mrr {mean(held, lambda k: True)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
