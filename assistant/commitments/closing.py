"""Whether a later note closes a commitment: done, dropped, or neither (a small learned model).

Rules read what each clause reports (:mod:`assistant.commitments.signals`) and link reports to
commitments by wording; notes written by others report completion in ways no list of words
covers ("the data is in", "came in on the 22nd"), and a progress report on one item shares
a topic word with another. So the decision "does note N close commitment C" is taken here,
for every open commitment and every note after it, by a multinomial logistic regression over
features that describe *how* N relates to C, not which words it uses:

- how close N's closest clause comes to C, by words and by meaning (MiniLM cosine), and
  whether C is that clause's closest commitment (the margin over the runner-up);
- what that clause reports by the rules (done, dropped, not yet, moved) and its structure
  (a ticked box, a status marker, struck through, whose line it is);
- what the rules' own linking made of N for C, and the best closeness among N's clauses
  that report done, dropped or not yet.

The weights ship as ``closing.npz`` (numpy only at run time); ``benchmarks/ledger_loho.py
--fit`` refits them from the labelled histories, and measures the fit leave-one-history-out.
Without a weights file the rules' decision stands.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.commitments.matching import verb_done
from assistant.commitments.models import Clause, ClauseKind, EventKind, Signal, TrackedCommitment
from assistant.commitments.similarity import Similarity, content_terms
from assistant.commitments.vocabulary import NOT_DONE, STRONG_NOT_DONE

__all__ = ["CLASSES", "FEATURES", "ClosingModel", "NoteClauses", "closest_clause", "features", "only_a_stance"]

CLASSES = ("none", "done", "dropped")
FEATURES = (
    "lexical",
    "meaning",
    "closeness",
    "via_source",
    "margin",
    "best_for_clause",
    "signal_done",
    "signal_dropped",
    "signal_open",
    "signal_moved",
    "mark_done",
    "mark_struck",
    "negated",
    "ticked",
    "unticked",
    "restates",
    "partial",
    "not_done_words",
    "question",
    "actor_is_owner",
    "actor_is_other",
    "verb_done",
    "rules_done",
    "rules_dropped",
    "rules_followed",
    "best_done_report",
    "best_dropped_report",
    "best_open_report",
    "same_note",
    "notes_since",
)
WEIGHTS = Path(__file__).with_name("closing.npz")


@dataclass
class NoteClauses:
    """One note as the linker read it: its clauses and each clause's content terms."""

    note_id: str
    order: int
    clauses: list[Clause]
    terms: list[set[str]]


def _closeness(lexical: float, meaning: float | None) -> float:
    if meaning is None:
        return lexical
    return max(lexical, 0.4 * lexical + 0.6 * min(1.0, max(0.0, (meaning - 0.2) / 0.5)))


def features(
    item: TrackedCommitment,
    note: NoteClauses,
    item_terms: dict[str, list[str]],
    similarity: Similarity,
    rivals: Sequence[TrackedCommitment],
) -> np.ndarray:
    """How ``note`` relates to ``item`` (see :data:`FEATURES`); ``rivals``: the other
    commitments open when the note was written."""
    scored = _scored(item, note, item_terms, similarity)
    out = dict.fromkeys(FEATURES, 0.0)
    if scored:
        out.update(_closest(item, max(scored, key=lambda x: x[0]), item_terms, similarity, rivals))
        for signal, name in ((Signal.DONE, "best_done_report"), (Signal.DROPPED, "best_dropped_report")):
            out[name] = max((s[0] for s in scored if s[4].signal is signal), default=0.0)
        out["best_open_report"] = max((s[0] for s in scored if s[4].signal in (Signal.OPEN, Signal.MOVED)), default=0.0)
    kinds = {e.kind for e in item.events if e.note_id == note.note_id}
    out["rules_done"] = float(EventKind.DONE in kinds)
    out["rules_dropped"] = float(EventKind.DROPPED in kinds)
    out["rules_followed"] = float(bool(kinds - {EventKind.MADE, EventKind.DONE, EventKind.DROPPED}))
    out["same_note"] = float(note.note_id == item.source_note_id)
    out["notes_since"] = math.log1p(max(0, note.order - item.order))
    return np.array([out[f] for f in FEATURES], dtype=np.float64)


def _scored(
    item: TrackedCommitment, note: NoteClauses, item_terms: dict[str, list[str]], similarity: Similarity
) -> list[tuple[float, float, float, float, Clause, set[str]]]:
    """Each clause of the note (but the one that made the commitment) with its closeness to it."""
    scored = []
    for clause, cterms in zip(note.clauses, note.terms, strict=True):
        if note.note_id == item.source_note_id and clause.text.find(item.text[:20]) >= 0:
            continue  # the clause that made it
        scored.append((*_near(item, item_terms, clause, cterms, similarity), clause, cterms))
    return scored


def closest_clause(
    item: TrackedCommitment, note: NoteClauses, item_terms: dict[str, list[str]], similarity: Similarity
) -> Clause | None:
    """The clause of the note closest to the commitment: what a reader is shown as the report
    that closed it (the model judges the whole note; its closest clause is its evidence)."""
    scored = _scored(item, note, item_terms, similarity)
    return max(scored, key=lambda x: x[0])[4] if scored else None


_STANCE = re.compile(
    r"\b(?:(?:is|are|was|were|'s|'re|am|'m|seems?|sounds?|sounded)\s+(?:\w+\s+)?"
    r"(?:open|happy|keen|willing|interested|eager|up)\s+(?:to|for|in|on)\b|would\s+(?:like|love)\s+to|"
    r"\b(?:wants?|wanted|hopes?|wishes)\b)",
    re.IGNORECASE,
)
_ASKS = frozenset("ask check talk speak raise chase ping email call contact consult tell inform remind sound".split())


def only_a_stance(item: TrackedCommitment, clause: Clause | None) -> bool:
    """The closest clause says where someone stands ("She's open to Ravi transferring into
    security engineering", "he'd like to lead it", "Ravi wants a real path into security"),
    reporting nothing done: it keeps no promise to deliver something (it answers a promise to
    ask, :func:`~.matching.answered`)."""
    if clause is None or clause.signal is Signal.DONE or clause.mark in ("done", "struck"):
        return False
    return bool(_STANCE.search(clause.text)) and item.verb not in _ASKS


@lru_cache(maxsize=4096)
def _source_terms(text: str, names: frozenset[str]) -> tuple[str, ...]:
    return tuple(content_terms(text, set(names)))


def _near(
    item: TrackedCommitment,
    item_terms: dict[str, list[str]],
    clause: Clause,
    cterms: set[str],
    similarity: Similarity,
) -> tuple[float, float, float, float]:
    """(closeness, lexical, meaning, via_source) of a clause to a commitment: by its words, or by
    the line it was made on where that says more ("she'll ask her this week" after "She thinks
    Kemi" is close to "Kemi said yes to deputising"); ``via_source``: how much of the closeness
    only the line gives."""
    lexical = similarity.score(item, item_terms[item.id], clause, cterms, meaning=False)
    meaning = similarity.meaning(item.text, clause.text)
    own = _closeness(lexical, meaning)
    if not item.source:
        return own, lexical, meaning or 0.0, 0.0
    wide = similarity.meaning(item.source, clause.text)
    wide_lexical = similarity.lexical(_source_terms(item.source, frozenset(similarity.names)), cterms)
    via = _closeness(wide_lexical, wide)
    if via <= own:
        return own, lexical, meaning or 0.0, 0.0
    return via, max(lexical, wide_lexical), max(meaning or 0.0, wide or 0.0), via - own


def _closest(
    item: TrackedCommitment,
    best: tuple[float, float, float, float, Clause, set[str]],
    item_terms: dict[str, list[str]],
    similarity: Similarity,
    rivals: Sequence[TrackedCommitment],
) -> dict[str, float]:
    """The features of the note's clause closest to the commitment."""
    closeness, lexical, meaning, via_source, clause, cterms = best
    rival = max(
        (_near(r, item_terms, clause, cterms, similarity)[0] for r in rivals if r.id != item.id),
        default=0.0,
    )
    return {
        "lexical": lexical,
        "meaning": meaning,
        "closeness": closeness,
        "via_source": via_source,
        "margin": closeness - rival,
        "best_for_clause": float(closeness >= rival),
        "signal_done": float(clause.signal is Signal.DONE),
        "signal_dropped": float(clause.signal is Signal.DROPPED),
        "signal_open": float(clause.signal is Signal.OPEN),
        "signal_moved": float(clause.signal is Signal.MOVED),
        "mark_done": float(clause.mark == "done"),
        "mark_struck": float(clause.mark == "struck"),
        "negated": float(clause.negated),
        "ticked": float(clause.kind is ClauseKind.CHECKBOX_DONE),
        "unticked": float(clause.kind in (ClauseKind.CHECKBOX_OPEN, ClauseKind.ACTION_ITEM)),
        "restates": float(clause.stated is not None),
        "partial": float(bool(clause.partial) and str(clause.partial) not in item.text.lower()),
        "not_done_words": float(bool(NOT_DONE.search(clause.text) or STRONG_NOT_DONE.search(clause.text))),
        "question": float(clause.text.rstrip().endswith("?")),
        "actor_is_owner": float(bool(clause.actor) and clause.actor == item.owner),
        "actor_is_other": float(bool(clause.actor and item.owner) and clause.actor != item.owner),
        "verb_done": float(verb_done(item, clause)),
    }


class ClosingModel:
    """Multinomial logistic regression: P(none, done, dropped) for a (commitment, note) pair."""

    def __init__(self, coef: np.ndarray, intercept: np.ndarray, mean: np.ndarray, scale: np.ndarray):
        self.coef, self.intercept, self.mean, self.scale = coef, intercept, mean, scale

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> ClosingModel | None:
        if not path.exists():
            return None
        data = np.load(path, allow_pickle=False)
        if tuple(data["features"].tolist()) != FEATURES:
            return None  # weights for another feature set: refit them
        return cls(data["coef"], data["intercept"], data["mean"], data["scale"])

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray, c: float = 0.3) -> ClosingModel:
        """Fit on feature rows ``x`` and class indices ``y`` (scikit-learn, at training time only)."""
        from sklearn.linear_model import LogisticRegression

        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        scale[scale == 0] = 1.0
        model = LogisticRegression(C=c, max_iter=2000)
        model.fit((x - mean) / scale, y)
        coef = np.zeros((len(CLASSES), x.shape[1]))
        intercept = np.full(len(CLASSES), -1e3)
        for row, label in enumerate(model.classes_):
            coef[label] = model.coef_[row] if len(model.classes_) > 2 else (model.coef_[0] * (1 if row else -1))
            intercept[label] = (
                model.intercept_[row] if len(model.classes_) > 2 else model.intercept_[0] * (1 if row else -1)
            )
        return cls(coef, intercept, mean, scale)

    def save(self, path: Path = WEIGHTS) -> None:
        np.savez(
            path,
            coef=self.coef,
            intercept=self.intercept,
            mean=self.mean,
            scale=self.scale,
            features=np.array(FEATURES),
        )

    @staticmethod
    def may_close(row: np.ndarray) -> bool:
        """A note whose closest clause says it is not done, or that only a first part is
        ("first draft done, waiting on review"), or promises something (again, or anew),
        closes nothing, whatever else it says (a question is read as not done)."""
        named = dict(zip(FEATURES, row, strict=True))
        promise = named["restates"] and not (named["signal_done"] or named["mark_done"] or named["ticked"])
        return not (named["partial"] or named["negated"] or promise)

    @staticmethod
    def may_drop(row: np.ndarray) -> bool:
        """A note may drop a commitment only where a clause close to it says so (in words, or
        by striking it through): a guess never turns a promise into 'dropped'."""
        named = dict(zip(FEATURES, row, strict=True))
        return named["best_dropped_report"] >= 0.2 or bool(named["mark_struck"])

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        logits = ((x - self.mean) / self.scale) @ self.coef.T + self.intercept
        logits -= logits.max(axis=-1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=-1, keepdims=True)
