"""Whether a new promise repeats an open one: same owner, same action, same object.

Read for each promise a clause states (:func:`restated`), by words rather than meaning: "list
the gaps in the churn model" and "set up tracking for the churn model" are close in meaning and
two promises. A promise to move something to a date, and "I still owe him ...", name the open
promise they are about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.commitments.matching import (
    BAR_STILL_OWED,
    OWN_WORDS,
    RESCHEDULE_COVERS,
    LinkContext,
    first_verb,
    verb_stem,
)
from assistant.commitments.models import Clause, ClauseKind, StatedCommitment, TrackedCommitment
from assistant.commitments.similarity import content_terms
from assistant.commitments.vocabulary import (
    AGAIN,
    MOVED,
    NOT_DONE,
    REFERENCE,
    RESTATING,
    STILL_OWED,
    STRONG_NOT_DONE,
    VERB_GROUPS,
)

__all__ = ["restated"]


def restated(stated: StatedCommitment, ctx: LinkContext) -> TrackedCommitment | None:
    """The open commitment a new one repeats, if it does: same owner, same action, same object.

    Meaning alone misleads here ("list the gaps in the churn model" and "set up tracking for
    the churn model" are close in meaning, different promises), so this goes by words: the
    verbs must agree and the objects overlap, on a line that restates (a checkbox, a dated
    promise, "again", "the remaining ..."), or the words must agree almost entirely. A promise
    to move something to a date restates the open promise it names, with the new date.
    """
    clause = ctx.clause
    if re.search(r"\binstead\b", clause.text, re.IGNORECASE):
        return None  # "I'll set up an intro with Anneke instead": a new promise in place of one
    new = _Restatement.of(stated, ctx)
    best, best_score = None, 0.0
    for item in _earlier_open(ctx, stated.owner):
        score = new.score(item)
        if score is not None and score > best_score:
            best, best_score = item, score
    if best is not None:
        _also_called(best, set(content_terms(stated.text, ctx.similarity.names)) - {verb_stem(new.verb)}, ctx)
        return best
    if stated.owner and STILL_OWED.search(clause.text):
        return _still_owed(stated, ctx, new.cterms)
    if stated.due and _RESCHEDULE.match(stated.text) and MOVED.search(clause.text):
        return _rescheduled(stated, ctx, new.cterms)
    return None


@dataclass
class _Restatement:
    """A new promise, read for what it might repeat."""

    stated: StatedCommitment
    ctx: LinkContext
    cterms: set[str]
    """The clause's terms, with what its "it" or "again" points to."""
    verb: str
    again: bool
    restating: bool
    """Its line repeats rather than adds (:func:`_restating_line`)."""
    reports: bool
    """Its line item reports on a promise already made (:func:`_reports_on_a_line_item`)."""

    @classmethod
    def of(cls, stated: StatedCommitment, ctx: LinkContext) -> _Restatement:
        again = bool(AGAIN.search(stated.text))
        cterms = ctx.terms
        if (again or REFERENCE.search(stated.text)) and stated.context:  # "pick another one": one what?
            cterms = cterms | set(content_terms(stated.context, ctx.similarity.names))
        # "Priti intro": a name, then the act; "mentor -> Ruth, ?": a tracker's one word is a thing
        one_word = ctx.clause.kind.is_item and len(stated.text.split()) == 1
        verb = "" if stated.text[:1].isupper() or one_word else first_verb(stated.text)
        restating, reports = _restating_line(ctx.clause, stated), _reports_on_a_line_item(ctx.clause)
        return cls(stated, ctx, cterms, verb, again, restating, reports)

    def score(self, item: TrackedCommitment) -> float | None:
        """How much the new promise says of ``item`` when it restates it; None when it does not."""
        ctx, verb = self.ctx, self.verb
        if _different_ids(item.text, self.stated.text):
            return None  # "ship widget 3" does not restate "ship widget 4"
        own_terms = ctx.item_terms[item.id]
        score = ctx.similarity.overlap(own_terms, item.context_terms, self.cterms)
        if (
            item.context_terms
            and not _same_verb(item.verb, verb)
            and ctx.similarity.overlap(own_terms, [], self.cterms) < OWN_WORDS
        ):
            return None  # "write the test plan" shares only what "finish it" pointed to: a new promise
        if not (set(own_terms) | set(item.context_terms)) & self.cterms - {verb_stem(verb), verb_stem(item.verb)}:
            return None  # only the verb in common: "run the portfolio round" is not "run the audit"
        if score >= 0.7 or (self.restating and score >= 0.4 and self._same_action(item, own_terms)):
            return score
        return score if self._listed(item) else None

    def _same_action(self, item: TrackedCommitment, own_terms: list[str]) -> bool:
        verb, cterms = self.verb, self.cterms
        same_action = (
            self.again
            or self.reports
            or _same_verb(item.verb, verb)
            or verb_stem(item.verb) in cterms
            or verb_stem(verb) in own_terms
            or verb in _ASPECT  # "start the H2 strategy doc" is writing it, begun
            or (not verb and self.ctx.clause.kind.is_item)  # "ENG-412 capacity model -> me": the thing alone
        )
        # "make a plan for the partners" is not "make a list of the partners"
        mine = content_terms(self.stated.text, self.ctx.similarity.names)
        return same_action and (self.again or _same_object(item.verb, own_terms, mine, cterms))

    def _listed(self, item: TrackedCommitment) -> bool:
        """A note's action list restating its prose: same owner, same date, a word in common ("I'll
        check the training budget ... by July 3", then "TR: conference budget answer by 7/3"), or
        with no date, the same person outside the pair ("I'll ask Ravi", then "TR: intro Hana to Ravi")."""
        stated, ctx = self.stated, self.ctx
        if item.order != ctx.order or not ctx.clause.kind.is_item:
            return False
        return item.due == stated.due if stated.due else not item.due and _same_outsider(item.text, stated.text, ctx)


_RESCHEDULE = re.compile(r"^(?:move|push|postpone|reschedule|shift|delay|bump|defer)\b(?!\s+(?:it|them)\s*$)", re.I)
"""A promise to move something to a date: the promise it moves, if one is open, with a new date
("Sam asked to move the launch readiness checklist to April 3" after "a first version of the
launch readiness checklist by March 27")."""


def _rescheduled(stated: StatedCommitment, ctx: LinkContext, cterms: set[str]) -> TrackedCommitment | None:
    """The open promise of the same owner that a reschedule names: most of what it moves is in
    the promise's words or its line's ("the launch readiness checklist" for "have a first
    version", made on "Lena asked Sam to put together the launch readiness checklist")."""
    names = ctx.similarity.names
    moved = set(content_terms(stated.text, names)) - {verb_stem(first_verb(stated.text))}
    weight = lambda ts: sum(ctx.similarity.idf.get(t, 1.0) for t in ts)  # noqa: E731
    if not moved:
        return None
    best, best_score = None, 0.0
    for item in _earlier_open(ctx, stated.owner):
        known = set(ctx.item_terms[item.id]) | set(item.context_terms) | set(content_terms(item.source, names))
        score = weight(moved & known) / weight(moved)
        if score > best_score:
            best, best_score = item, score
    if best is None or best_score < RESCHEDULE_COVERS:
        return None
    _also_called(best, moved, ctx)
    return best


def _also_called(item: TrackedCommitment, words: set[str], ctx: LinkContext) -> None:
    """A restatement's own words name what the promise is about, as an "it" would: later
    reports may use them ("the H2 strategy doc" for "write a two-page H2 strategy")."""
    item.context_terms = [*item.context_terms, *sorted(words - set(ctx.item_terms[item.id]) - set(item.context_terms))]


def _same_outsider(a: str, b: str, ctx: LinkContext) -> bool:
    """Both name one person who is not a member of the pair."""
    names = [set(re.findall(r"(?<!^)\b[A-Z][a-z]{2,}\b", t)) for t in (a, b)]
    members = {n.capitalize() for n in ctx.similarity.names}
    return bool((names[0] & names[1]) - members)


def _restating_line(clause: Clause, stated: StatedCommitment) -> bool:
    """A line that repeats rather than adds: an item line, a dated promise, "again", "still"."""
    return (
        clause.kind not in (ClauseKind.PROSE, ClauseKind.BULLET)
        or bool(stated.due)
        or bool(RESTATING.search(clause.text))
    )


def _reports_on_a_line_item(clause: Clause) -> bool:
    """ "[ ] Ivy: conference budget for H2, finance hasn't answered yet; new date 6/26" reports
    on a promise already made, in other words than it was made in."""
    return clause.kind in (ClauseKind.CHECKBOX_OPEN, ClauseKind.ACTION_ITEM) and bool(
        STRONG_NOT_DONE.search(clause.text) or NOT_DONE.search(clause.text) or MOVED.search(clause.text)
    )


def _earlier_open(ctx: LinkContext, owner: str | None) -> list[TrackedCommitment]:
    """Open commitments made before this clause: in earlier notes, and, for a line item, in
    the same note's prose above it (a summary, then its action-item list: one promise)."""
    same_note = ctx.clause.kind.is_item
    return [
        item
        for item in ctx.candidates
        if (item.order < ctx.order or (same_note and item.order == ctx.order))
        and item.is_open
        and not (owner and item.owner and owner != item.owner)
    ]


def _still_owed(stated: StatedCommitment, ctx: LinkContext, cterms: set[str]) -> TrackedCommitment | None:
    """ "I still owe him the mentor intro": the speaker says an earlier promise of theirs
    exists; the one closest in words and meaning is it, if any is close at all."""
    mine = [
        i
        for i in ctx.candidates
        if i.order < ctx.order and i.is_open and i.owner == stated.owner and set(ctx.item_terms[i.id]) & cterms
    ]
    scored = [(ctx.similarity.score(i, ctx.item_terms[i.id], ctx.clause, cterms), i) for i in mine]
    best_score, best = max(scored, key=lambda x: x[0], default=(0.0, None))
    return best if best_score >= BAR_STILL_OWED else None


def _different_ids(a: str, b: str) -> bool:
    """Both name things by number or code of one shape (PAY-212, widget 4, v2), and not the same
    ones. Codes of different shapes name different kinds of thing: a tracker's key and a quarter
    ("ENG-412 capacity model" and "the Q3 capacity model") do not disagree."""
    ids_a = set(re.findall(r"\b[\w-]*\d[\w-]*\b", a.lower()))
    ids_b = set(re.findall(r"\b[\w-]*\d[\w-]*\b", b.lower()))
    if not ids_a or not ids_b or ids_a & ids_b:
        return False
    shape = lambda code: re.sub(r"\d+", "#", code)  # noqa: E731
    return bool({shape(c) for c in ids_a} & {shape(c) for c in ids_b})


_ASPECT = frozenset("start begin finish complete continue resume".split())
"""Verbs that say which part of an act is meant, not which act: "finish the doc" restates
"write the doc"."""
_LIGHT = {"make", "do", "get", "have", "give", "take", "run", "set", "put", "bring", "send", "share", "write"}
"""Verbs whose object says what the act is: "make a plan" and "make a list" are two acts."""


def _same_object(verb: str, own_terms: list[str], mine: list[str], cterms: set[str]) -> bool:
    """After a light verb, the objects' first words agree (one of them found in the other)."""
    if verb not in _LIGHT:
        return True
    return not own_terms or not mine or own_terms[0] in cterms or mine[0] in own_terms


def _same_verb(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if verb_stem(a) == verb_stem(b):
        return True
    return any(a in group.split() and b in group.split() for group in VERB_GROUPS)
