"""The ledger on every labelled history, in process: in-sample and leave-one-history-out.

    python benchmarks/ledger_loho.py [--loho] [--only NAME ...] [--detail] [--dump FILE] [--extra DIR ...]

Reads the labelled histories (``../shared/eval/dev``, ``../shared/eval/samples``,
``tests/fixtures``), builds each member's ledger exactly as the service does (the same
reading, linking and status code, no database or index) and scores it with the acceptance
scorer's own matching (``score_commitments`` imported from ``../shared/eval/score.py``).

In-sample, the shipped clause model is used. With ``--loho`` the clause model is refitted
25 times, each time on the clauses of every history but one, and that one is scored: the
figure a new author's notes will see. Sentence vectors are cached under
``benchmarks/.cache`` (keyed by text), so a second run costs no model time.

Prints per group (dev, fixtures) the scorer's measures, averaged over (history, member) as
``score.py`` does: F1 of mean precision and mean recall, owner, due, status.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent.parent / "shared" if (ROOT.parent.parent / "shared").exists() else ROOT.parent / "shared"
EVAL = SHARED / "eval"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ledger_misses import print_misses  # noqa: E402

from assistant.commitments import linking  # noqa: E402
from assistant.commitments.closing import CLASSES, ClosingModel  # noqa: E402
from assistant.commitments.ledger import next_checkin_finder, view_of  # noqa: E402
from assistant.commitments.promises import PromiseModel  # noqa: E402
from assistant.commitments.reading import Analyzer  # noqa: E402
from assistant.models import Note, Pair, Visibility  # noqa: E402
from assistant.store.importer import PairFile  # noqa: E402
from assistant.text.dates import day_first_convention  # noqa: E402


@dataclass
class History:
    pair: Pair
    notes: list[Note]

    @property
    def member_ids(self) -> list[str]:
        return [self.pair.manager.id, self.pair.employee.id]

    def visible_to(self, person: str) -> list[Note]:
        """The notes a member may see, in the order the store keeps them (date, then file order)."""
        seen = [n for n in self.notes if n.visibility is Visibility.shared or n.author == person]
        return sorted(seen, key=lambda n: n.date)


def load_history(path: Path) -> History:
    content = PairFile.model_validate_json(path.read_text()).content(str(path))
    return History(content.pair, content.notes)


class Embedder:
    """MiniLM with an on-disk cache of vectors by text."""

    def __init__(self, cache: Path):
        import numpy as np

        self.np = np
        self.path = cache / "vectors.npz"
        self.vectors: dict[str, object] = {}
        if self.path.exists():
            data = np.load(self.path, allow_pickle=False)
            self.vectors = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
        self.model = None
        self.added = 0

    def __call__(self, texts: list[str]):
        missing = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if missing:
            if self.model is None:
                from assistant.retrieval.embeddings import MiniLMEmbedder

                self.model = MiniLMEmbedder()
            self.vectors.update(zip(missing, self.model.encode(missing), strict=True))
            self.added += len(missing)
        return self.np.stack([self.vectors[t] for t in texts])

    def save(self) -> None:
        if self.added:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            texts = list(self.vectors)
            self.np.savez(
                self.path, texts=self.np.array(texts), vectors=self.np.stack([self.vectors[t] for t in texts])
            )


def build_ledger(embed, closer="shipped", promiser="shipped") -> Callable[[History, str, date], list[dict]]:
    """The ledger of a member as of a date; ``closer``: a closing model, "shipped" (the weights
    in the package) or "rules" (none: the rules decide)."""

    def run(history: History, person: str, as_of: date) -> list[dict]:
        notes = history.visible_to(person)
        extra: dict = {} if closer == "shipped" else {"closer": None if closer == "rules" else closer}
        if promiser != "shipped":
            model = None if promiser == "rules" else promiser
            extra["analyzer"] = Analyzer(history.pair, next_checkin_finder(history.pair, notes), model)
        items = linking.build(
            history.pair, notes, embed=embed, next_checkin=next_checkin_finder(history.pair, notes), **extra
        )
        checkins = linking.checkin_dates(notes)
        seen = (view_of(item, as_of, checkins) for item in items)
        return [c.to_json() for c in seen if c is not None]

    return run


def _scorer():
    spec = importlib.util.spec_from_file_location("coach_score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@dataclass
class Labelled:
    name: str
    group: str
    labels: dict
    history: History


def labelled_histories(only: Sequence[str] = ()) -> list[Labelled]:
    out = []
    for group, folder in (
        ("dev", EVAL / "dev"),
        ("fixtures", EVAL / "samples"),
        ("fixtures", ROOT / "tests" / "fixtures"),
        *(("new", Path(folder)) for folder in EXTRA),
    ):
        for path in sorted(folder.glob("labels-*.json")):
            name = path.stem.removeprefix("labels-")
            if only and name not in only:
                continue
            labels = json.loads(path.read_text())
            out.append(Labelled(name, group, labels, load_history(path.parent / labels["pair_file"])))
    return out


def closing_data(scorer, item: Labelled, embed) -> tuple[list, list]:
    """Feature rows and classes for the closing model from one history (both members' views)."""
    xs, ys = [], []
    for person in item.history.member_ids:
        notes = item.history.visible_to(person)
        visible = {n.id for n in notes}
        examples = linking.closing_examples(
            item.history.pair, notes, embed, next_checkin_finder(item.history.pair, notes)
        )
        tracked = list({id(e[0]): e[0] for e in examples}.values())
        gold = [g for g in item.labels["commitments"] if g["note_id"] in visible]
        matched = _match(scorer, gold, tracked)
        position = {n.id: k for k, n in enumerate(sorted(notes, key=lambda n: n.date))}
        for commitment, note_id, row in examples:
            g = matched.get(id(commitment))
            if g is None or not g.get("status") or (g.get("followup_note_id") or "") not in visible | {""}:
                continue
            if commitment.closed:
                continue  # the rules closed it: the model decides only what they left open
            if AFTER and g.get("followup_note_id") and position[note_id] > position[g["followup_note_id"]]:
                continue  # after the note that closed it: never asked once the model is right
            closes = g["status"] in ("done", "dropped") and g.get("followup_note_id") == note_id
            xs.append(row)
            ys.append(CLASSES.index(g["status"]) if closes else 0)
    return xs, ys


def promise_data(scorer, item: Labelled) -> tuple[list, list]:
    """Feature rows and 0/1 labels for the promise model from one history (both members' views):
    the candidate clause closest in words to each labelled commitment, in a note where it was
    made or stated again, is a promise; every other candidate is not."""
    xs, ys = [], []
    for person in item.history.member_ids:
        notes = item.history.visible_to(person)
        analyzer = Analyzer(item.history.pair, next_checkin_finder(item.history.pair, notes), None)
        analyzer.day_first = day_first_convention(n.text for n in notes)
        analyzer.collect = []
        for n in notes:
            analyzer.analyze(n.id, n.date, n.author, n.text)
        candidates = analyzer.collect
        positive: set[int] = set()
        for g in item.labels["commitments"]:
            for note_id in {g["note_id"], *g.get("also_stated_in", [])}:
                scored = [
                    (scorer.overlap(g["text"], text), i)
                    for i, (clause, _row, text) in enumerate(candidates)
                    if clause.note_id == note_id
                ]
                best = max(scored, default=(0.0, -1))
                if best[0] >= 0.34:
                    positive.add(best[1])
        for i, (_clause, row, _text) in enumerate(candidates):
            xs.append(row)
            ys.append(int(i in positive))
    return xs, ys


def _match(scorer, gold: list[dict], tracked: list) -> dict[int, dict]:
    """The scorer's greedy matching of gold to tracked commitments (by note and wording)."""
    pairs = []
    for gi, g in enumerate(gold):
        notes = {g["note_id"], *g.get("also_stated_in", [])}
        for ti, t in enumerate(tracked):
            if t.source_note_id in notes and (s := scorer.overlap(g["text"], t.text)) >= 0.34:
                pairs.append((s, gi, ti))
    used_g, used_t, out = set(), set(), {}
    for _s, gi, ti in sorted(pairs, reverse=True):
        if gi not in used_g and ti not in used_t:
            used_g.add(gi)
            used_t.add(ti)
            out[id(tracked[ti])] = gold[gi]
    return out


def score_history(scorer, item: Labelled, ledger_of: Callable[[History, str, date], list[dict]]) -> list[dict]:
    as_of = date.fromisoformat(item.labels["as_of"])
    rows = []
    for person in item.history.member_ids:
        pred = ledger_of(item.history, person, as_of)
        visible = {n.id for n in item.history.visible_to(person)}
        s = scorer.score_commitments(item.labels["commitments"], pred, item.labels["as_of"], visible)
        s["pair"], s["as"], s["name"] = item.name, person, item.name
        rows.append(s)
    return rows


def summary(rows: list[dict]) -> dict[str, float]:
    def mean(key: str) -> float:
        return sum(r[key] for r in rows) / len(rows) if rows else 0.0

    p, r = mean("precision_lenient"), mean("recall")
    return {
        "F1": 2 * p * r / (p + r) if p + r else 0.0,
        "P": p,
        "R": r,
        "owner": mean("owner_acc"),
        "due": mean("due_acc"),
        "status": mean("status_acc"),
        "overdue": mean("overdue_acc"),
        "n": len(rows),
    }


def line(label: str, s: dict[str, float]) -> str:
    return (
        f"{label:18s} F1={s['F1']:.3f} P={s['P']:.3f} R={s['R']:.3f} owner={s['owner']:.3f} "
        f"due={s['due']:.3f} status={s['status']:.3f} overdue={s['overdue']:.3f} (n={s['n']})"
    )


def _fit(data: dict[str, tuple[list, list]], exclude: str | None) -> ClosingModel:
    import numpy as np

    xs = [row for name, (x, _) in data.items() if name != exclude for row in x]
    ys = [c for name, (_, y) in data.items() if name != exclude for c in y]
    return ClosingModel.fit(np.array(xs), np.array(ys))


def _fit_promises(data: dict[str, tuple[list, list]], exclude: str | None) -> PromiseModel:
    import numpy as np

    xs = [row for name, (x, _) in data.items() if name != exclude for row in x]
    ys = [c for name, (_, y) in data.items() if name != exclude for c in y]
    model = PromiseModel.fit(np.array(xs), np.array(ys))
    if KEEP is not None:
        model.keep = KEEP
    return model


KEEP: float | None = None
AFTER = True
EXTRA: list[str] = []


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--loho", action="store_true", help="also refit the clause model without each history")
    ap.add_argument("--only", nargs="*", default=[])
    ap.add_argument("--detail", action="store_true", help="per history: what was missed, wrong, spurious")
    ap.add_argument("--dump", help="write every predicted commitment (JSON) here, to compare two builds")
    ap.add_argument("--misses", action="store_true", help="every miss of the last run, by category, with its words")
    ap.add_argument("--no-model", action="store_true", help="wording only: no sentence vectors")
    ap.add_argument("--rules", action="store_true", help="the rules alone decide what closes a commitment")
    ap.add_argument("--keep", type=float, help="the promise model's bar for a promise the rules missed")
    ap.add_argument("--fit", help="refit the closing model on every labelled history and save it here")
    ap.add_argument(
        "--extra", nargs="*", default=[], help="folders of more labelled histories (group 'new'), also fitted on"
    )
    args = ap.parse_args()

    global KEEP
    KEEP = args.keep
    EXTRA.extend(args.extra)
    scorer = _scorer()
    items = labelled_histories(args.only)
    embedder = None if args.no_model else Embedder(ROOT / "benchmarks" / ".cache")
    start = time.perf_counter()
    runs: dict = {"in-sample": build_ledger(embedder)}
    if args.rules:
        runs = {"rules only": build_ledger(embedder, closer="rules")}
    if args.fit or args.loho:
        said = {i.name: promise_data(scorer, i) for i in labelled_histories()}
        data = {i.name: closing_data(scorer, i, embedder) for i in labelled_histories()}
    if args.fit:
        promiser = _fit_promises(said, exclude=None)
        promiser.save(ROOT / "assistant" / "commitments" / "promises.npz")
        model = _fit(data, exclude=None)
        model.save(Path(args.fit))
        print(f"promise model fitted on {sum(len(y) for _, y in said.values())} clauses")
        print(f"closing model fitted on {sum(len(y) for _, y in data.values())} (commitment, note) pairs -> {args.fit}")
        runs = {"in-sample": build_ledger(embedder, closer=model, promiser=promiser)}
    if args.loho:
        folds = {i.name: (_fit(data, exclude=i.name), _fit_promises(said, exclude=i.name)) for i in items}
        runs["loho"] = lambda item: build_ledger(embedder, closer=folds[item.name][0], promiser=folds[item.name][1])
    dumped: dict = {}
    for label, ledger_of in runs.items():
        rows = []
        for item in items:
            got = score_history(scorer, item, ledger_of(item) if label == "loho" else ledger_of)
            rows.extend(got)
            if args.detail:
                for s in got:
                    print(
                        f"  [{label}] {s['name']} as {s['as']}: P={s['precision_lenient']:.2f} R={s['recall']:.2f} "
                        f"missed={','.join(s['missed']) or '-'} status={','.join(s['wrong_status']) or '-'} "
                        f"due={','.join(s['wrong_due']) or '-'} owner={','.join(s['wrong_owner']) or '-'} "
                        f"spurious={s['spurious']}"
                    )
        if args.misses:
            for item in items:
                print_misses(scorer, item, ledger_of(item) if label == "loho" else ledger_of)
        for group in ("dev", "fixtures", "new"):
            names = {i.name for i in items if i.group == group}
            print(line(f"{label} {group}", summary([r for r in rows if r["name"] in names])))
        print(line(f"{label} all", summary(rows)))
        if args.dump and label == "in-sample":
            for item in items:
                for person in item.history.member_ids:
                    dumped[f"{item.name}/{person}"] = ledger_of(
                        item.history, person, date.fromisoformat(item.labels["as_of"])
                    )
    if embedder is not None:
        embedder.save()
    if args.dump:
        Path(args.dump).write_text(json.dumps(dumped, indent=1, sort_keys=True))
    print(f"({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
