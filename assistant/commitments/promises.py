"""Whether a clause makes a promise: a small learned model over its words and its structure.

The rules (:mod:`assistant.commitments.reading`) know the forms of promising they were written
for ("I'll", "Name to", an action-items list). Other writers promise in the present tense
("I check the budget until Friday"), by reporting ("I told her I would find out"), or in
a second language ("I will to finish it until 06/03"). A logistic regression reads every
prose clause whose subject is a member (the owner it would have) and judges whether it
promises something; and every promise the rules found, so that meeting meta-talk the rules
take for a promise ("I'll go first", "I'll show you the presentation") is let go.

Features: hashed words and word pairs, with the pair's names, dates and numbers replaced by
what they are (so the model learns "<member> will", not "Farid will"), and the clause's
structure: who the subject is, a modal or promising verb, a date ahead of the note, a past
tense, a hedge, a question, a list line, an action-items section, whether the rules found it.

The weights ship as ``promises.npz``; ``benchmarks/ledger_loho.py --fit`` refits them. A
promise kept carries the model's probability as its confidence.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from assistant.commitments.models import Clause, ClauseKind
from assistant.commitments.vocabulary import DONE, HEDGE, MODAL, NOT_AN_ACT_VERB, NOT_DONE, PROMISE
from assistant.text.dates import DateMention
from assistant.text.people import People

__all__ = ["PromiseModel", "Subject", "clause_features", "dated_act", "joined_act", "subject_of"]

BUCKETS = 2048
STRUCTURE = (
    "rules_found",
    "subject_voice",
    "subject_other",
    "subject_we",
    "subject_pronoun",
    "modal",
    "promise_verb",
    "date_ahead",
    "date_behind",
    "past",
    "hedge",
    "question",
    "done_words",
    "not_done_words",
    "bullet",
    "item",
    "in_actions",
    "words",
    "present_action",
    "present_dated",
)
WEIGHTS = Path(__file__).with_name("promises.npz")

_LEAD = (
    # words that only lead in: "Good idea, I ask Thomas", "Next 1:1 I show a demo", "[12:05] Sam will"
    r"(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s+)?(?:(?:so|and|but|then|also|next\s+(?:week|time|1:1|one-on-one|meeting|sprint)|this\s+week|tomorrow|today|"
    r"now|ok|okay|yes|yep|sure|fine|agreed|deal|good\s+idea|great|after\s+that)\W+)*"
    r"(?P<subj>I|we|he|she|[\w@][\w.'-]*)(?=\s|'ll|'d|'m|$)"
)
_SUBJECT = re.compile(r"^\W*" + _LEAD, re.IGNORECASE)
_LABELLED_SUBJECT = re.compile(r"^\W*[A-Za-z][\w'/&-]*(?:\s+[\w'/&-]+){0,3}:\s+" + _LEAD, re.IGNORECASE)
"""After a topic label: "Hypercare: I stay responsible ...", "Agreed: I write the doc"."""
_AUX = re.compile(
    r"^(?:(?:will|'ll|'d|would|shall|am|'m|is|are|going\s+to|to|also|then|still|can|must|should|have\s+to|"
    r"need\s+to|promise[sd]?|compromise[sd]?|agreed|committed|offered|me|myself|him|her|us|definitely|"
    r"really|just)\s+)+",
    re.IGNORECASE,
)
_PAST = re.compile(r"\b(?:was|were|had|did|\w{3,}ed)\b", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z][a-z'-]*|\d+")


@dataclass(frozen=True)
class Subject:
    owner: str | None
    kind: str
    """voice (I), other (the other member), we, pronoun (he/she resolved)"""
    rest: str
    """The clause after its subject and auxiliaries: the action, if it promises one."""
    present: bool = False
    """The subject's verb is a present-tense act ("I write ...", "Ravi drafts ...")."""


def subject_of(clause: Clause, people: People, last_named: str | None) -> Subject | None:
    """Who a prose clause is about, when that is a member of the pair: "I", a member's name,
    he/she for the member last named, or "we", opening the clause (after "so", "and", "next
    week" ...); None for anyone else or no subject. (Subjects of embedded clauses, "she said
    she'd draft it", were tried: more candidates, no better promises, leave-one-history-out.)"""
    for form in (_SUBJECT, _LABELLED_SUBJECT):
        m = form.match(clause.text)
        subject = _resolve(m["subj"], clause, people, last_named) if m else None
        if m and subject is not None:
            break
    if m is None or subject is None:
        return None
    after = clause.text[m.end() :]
    rest = _AUX.sub("", after.strip() + " ").strip()
    present = _present_act(after, m["subj"])
    if present and m["subj"].lower() not in ("i", "we"):
        # "Rafael sends the checklist": "send the checklist"; the writer named, too ("Inés books ...")
        rest = _base_form(rest)
    return Subject(subject[0], subject[1], rest, present)


_STARTS = re.compile(r"\b(?:starting|from|since|after|last)\s+(?:on\s+|the\s+week\s+of\s+)?$", re.IGNORECASE)
"""Before a date that starts something ("from the week of Jan 11"): no date it is due by."""


def dated_act(clause: Clause, subject: Subject, mentions: list[DateMention]) -> bool:
    """A member's present-tense act with a date ahead, neither asked nor hedged: "I write to
    the works council until 20.03.", "Rafael sends the checklist by Friday" (a second
    language's future, a shorthand's "Name does X by ..."): a promise, whatever the model says."""
    if not subject.present or subject.kind == "we" or subject.owner is None:
        return False
    if clause.text.rstrip().endswith("?") or HEDGE.search(clause.text):
        return False
    return any(d.value and d.value >= clause.note_date and _deadline(clause.text, d) for d in mentions)


def joined_act(clause: Clause, subject: Subject, previous: Clause | None, people: People, last: str | None) -> bool:
    """A member's present-tense act that goes on the sentence of one just promised the same
    way ("Agreed: I write the audit scope doc by May 15, and Hollis finds someone to run the
    audit"): a promise too, with or without a date of its own."""
    if previous is None or previous.line != clause.line or previous.stated is None or not previous.actor:
        return False
    if re.search(r"[.!?]\W*$", previous.text) or not subject.present or subject.kind == "we" or subject.owner is None:
        return False  # (another sentence: "I send it by Friday. Hollis finds it hard")
    if clause.text.rstrip().endswith("?") or HEDGE.search(clause.text):
        return False
    before = subject_of(previous, people, last)
    return before is not None and before.present


_BY = re.compile(r"\b(?:by|before|until|till|due|latest|no\s+later\s+than)\s+(?:the\s+|end\s+of\s+)?\(?$", re.I)
_SOON = re.compile(r"^(?:next|this|tomorrow|today|tonight|end\s+of)\b", re.IGNORECASE)


def _deadline(text: str, d: DateMention) -> bool:
    """The date is one the act is due by ("until 20.03.", "by Friday", "next week"), not when
    something is scheduled ("shadows on-call the week of Sep 7", "from the week of Jan 11")."""
    before = text[: d.start]
    if _STARTS.search(before):
        return False
    return bool(_BY.search(before)) or bool(_SOON.match(d.phrase or ""))


def _base_form(action: str) -> str:
    """The action's first verb without its third-person ending: sends, finishes, carries."""
    verb, _, tail = action.partition(" ")
    if re.search(r"(?:ss|sh|ch|x|z|o)es$", verb):
        verb = verb[:-2]
    elif re.search(r"[^aeiou]ies$", verb):
        verb = verb[:-3] + "y"
    elif verb.endswith("s") and not verb.endswith("ss"):
        verb = verb[:-1]
    return f"{verb} {tail}".strip()


def _present_act(after: str, subject: str) -> bool:
    """The subject's verb is a present-tense act ("I write to the works council", "Ravi drafts
    the plan"): how some writers promise, a second language's future, a shorthand's "Name
    does X"; states ("I think", "she has"), auxiliaries and past tenses are none."""
    m = re.match(r"\s+([a-z][a-z'-]*)\s+\S", after)
    if not m or m[1] in NOT_AN_ACT_VERB or m[1].endswith(("ed", "ing")):
        return False
    word = m[1]
    third = subject.lower() not in ("i", "we")
    if third:
        stem = {word[:-1], word[:-2]}
        # "Anke asks me to ...": a request, the other's act
        return word.endswith("s") and not word.endswith("ss") and not stem & (NOT_AN_ACT_VERB | {"ask"})
    return not word.endswith("s") or word.endswith("ss")


def _resolve(word: str, clause: Clause, people: People, last_named: str | None) -> tuple[str | None, str] | None:
    lower = word.lower()
    if lower == "i":
        return (clause.voice, "voice")
    if lower == "we":
        return (None, "we")
    if lower in ("he", "she"):
        other = people.other(clause.author)
        third = last_named and (last_named != clause.author or clause.author_third)
        return (last_named if third else other, "pronoun")
    if owner := people.lookup(word):
        return (owner, "voice" if owner == clause.voice else "other")
    return None


def _tokens(text: str, people: People) -> list[str]:
    text = people.pattern.sub(" member ", text)
    return ["num" if t.isdigit() else t for t in _TOKEN.findall(text.lower())]


def _bucket(token: str) -> int:
    return zlib.crc32(token.encode()) % BUCKETS


def clause_features(
    clause: Clause,
    subject: Subject | None,
    people: People,
    mentions: list[DateMention],
    rules_found: bool,
) -> np.ndarray:
    """Hashed words and word pairs, then :data:`STRUCTURE`, for one clause."""
    text = clause.text
    row = np.zeros(BUCKETS + len(STRUCTURE))
    tokens = _tokens(text, people)
    for t in tokens:
        row[_bucket(t)] += 1.0
    for a, b in zip(tokens, tokens[1:], strict=False):
        row[_bucket(f"{a} {b}")] += 1.0
    norm = np.linalg.norm(row[:BUCKETS])
    if norm:
        row[:BUCKETS] /= norm
    note_day: date = clause.note_date
    kind = subject.kind if subject else ""
    structure = {
        "rules_found": rules_found,
        "subject_voice": kind == "voice",
        "subject_other": kind == "other",
        "subject_we": kind == "we",
        "subject_pronoun": kind == "pronoun",
        "modal": bool(re.search(MODAL, text, re.IGNORECASE)) or bool(re.search(r"\bwill\b", text, re.I)),
        "promise_verb": bool(re.search(PROMISE, text, re.IGNORECASE)),
        "date_ahead": any(d.value and d.value >= note_day for d in mentions),
        "date_behind": any(d.value and d.value < note_day for d in mentions),
        "past": bool(_PAST.search(text)),
        "hedge": bool(HEDGE.search(text)),
        "question": text.rstrip().endswith("?"),
        "done_words": bool(DONE.search(text)),
        "not_done_words": bool(NOT_DONE.search(text)),
        "bullet": clause.kind is ClauseKind.BULLET,
        "item": clause.kind.is_item,
        "in_actions": clause.in_actions,
        "words": min(len(tokens), 40) / 40,
        "present_action": bool(subject and subject.present),
        "present_dated": bool(subject and subject.present) and any(d.value and d.value >= note_day for d in mentions),
    }
    row[BUCKETS:] = [float(structure[name]) for name in STRUCTURE]
    return row


class PromiseModel:
    """Logistic regression: P(the clause promises something)."""

    def __init__(self, coef: np.ndarray, intercept: float, keep: float = 0.5, drop: float = 0.3):
        self.coef, self.intercept = coef, intercept
        self.keep = keep
        """A clause the rules did not read as a promise is one from this probability on."""
        self.drop = drop
        """A promise the rules found is let go below this probability (meta-talk)."""

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> PromiseModel | None:
        if not path.exists():
            return None
        data = np.load(path, allow_pickle=False)
        if tuple(data["structure"].tolist()) != STRUCTURE or int(data["buckets"]) != BUCKETS:
            return None
        return cls(data["coef"], float(data["intercept"]), float(data["keep"]), float(data["drop"]))

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray, c: float = 1.0) -> PromiseModel:
        """Fit on feature rows and 0/1 labels (scikit-learn, at training time only)."""
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=c, max_iter=3000)
        model.fit(x, y)
        return cls(model.coef_[0], float(model.intercept_[0]))

    def save(self, path: Path = WEIGHTS) -> None:
        np.savez(
            path,
            coef=self.coef,
            intercept=self.intercept,
            keep=self.keep,
            drop=self.drop,
            structure=np.array(STRUCTURE),
            buckets=BUCKETS,
        )

    def probability(self, row: np.ndarray) -> float:
        return float(1.0 / (1.0 + np.exp(-(row @ self.coef + self.intercept))))
