"""Which earlier commitment a clause is about: the one it restates, or the one it reports on.

Both questions are asked of a :class:`LinkContext`: one clause, its content terms, and the
open commitments made in earlier notes that share a term with it. :func:`restated` goes by
words (same owner, same action, overlapping objects); :func:`best_link` by words and, for
the close calls, meaning, against a bar that depends on how clear the clause's report is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.commitments.models import Clause, ClauseKind, Signal, StatedCommitment, TrackedCommitment
from assistant.commitments.phrasing import CONDITION_TAIL
from assistant.commitments.similarity import Similarity, content_terms
from assistant.commitments.vocabulary import (
    AGAIN,
    DID,
    MOVED,
    NEGATED,
    NOT_DONE,
    REFERENCE,
    RESTATING,
    STILL_OWED,
    STRONG_NOT_DONE,
    VERB_GROUPS,
    completion_words,
    past_forms,
)
from assistant.retrieval.lexical import terms

__all__ = ["LinkContext", "answered", "answer_to", "best_link", "first_verb", "restated", "verb_done"]

# Bars a match must clear, by how clear the clause's signal is.
BAR_TICKED = 0.3
BAR_DONE = 0.4
BAR_VERB_DONE = 0.4
BAR_OPEN = 0.45
BAR_MENTION = 0.6
BAR_CLEAR = 0.2
CLEAR_MARGIN = 1.3
SPECIFIC_DF = 5
"""A reporting clause whose best match scores this much, and this many times the next best,
through a word that few clauses use (a thread's own word, not "team"), is about that match."""
MEANING_FOR = 4
"""How many of the best candidates by wording a clause is compared with by meaning too: a
model call per candidate was most of the import time of long meeting notes."""
MEANING_FROM = 0.2
"""A clause that reports nothing is compared by meaning only when its words come this close."""
BAR_STILL_OWED = 0.2
RESCHEDULE_COVERS = 0.6
"""A reschedule names an open promise when this much of what it moves (by IDF) is in the
promise's words or its line's."""
OWN_WORDS = 0.4
"""A restatement in another verb shares this much with the promise's own words, not only with
what its "it" pointed to when it was made."""


@dataclass
class LinkContext:
    """One clause, and the commitments it might be about."""

    clause: Clause
    terms: set[str]
    """The clause's content terms (with its line's topic)."""
    candidates: list[TrackedCommitment]
    """Commitments sharing at least one term with the clause, in the order made."""
    item_terms: Mapping[str, list[str]]
    """Each commitment's content terms, by id."""
    similarity: Similarity
    order: int
    """The position of the clause's note: only commitments made in earlier notes qualify."""


def first_verb(text: str) -> str:
    """The verb a commitment starts with ("set up a session" -> "set")."""
    for word in re.findall(r"[a-z]+", text.lower())[:3]:
        if word not in ("to", "and", "also", "then", "the", "a", "still"):
            return word
    return ""


# -- restating ----------------------------------------------------------------------------


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
    restating = _restating_line(clause, stated)
    reports = _reports_on_a_line_item(clause)
    again = bool(AGAIN.search(stated.text))
    cterms = ctx.terms
    if (again or REFERENCE.search(stated.text)) and stated.context:  # "pick another one": one what?
        cterms = cterms | set(content_terms(stated.context, ctx.similarity.names))
    verb = "" if stated.text[:1].isupper() else first_verb(stated.text)  # "Priti intro": a name, then the act
    best, best_score = None, 0.0
    for item in _earlier_open(ctx, stated.owner):
        if _different_ids(item.text, stated.text):
            continue  # "ship widget 3" does not restate "ship widget 4"
        own_terms = ctx.item_terms[item.id]
        score = ctx.similarity.overlap(own_terms, item.context_terms, cterms)
        if (
            item.context_terms
            and not _same_verb(item.verb, verb)
            and ctx.similarity.overlap(own_terms, [], cterms) < OWN_WORDS
        ):
            continue  # "write the test plan" shares only what "finish it" pointed to: a new promise
        same_action = (
            again
            or reports
            or _same_verb(item.verb, verb)
            or _stem(item.verb) in cterms
            or _stem(verb) in own_terms
            or verb in _ASPECT  # "start the H2 strategy doc" is writing it, begun
            or (not verb and clause.kind.is_item)  # "ENG-412 capacity model -> me": the thing alone
        )
        if (
            same_action
            and not again
            and not _same_object(item.verb, own_terms, content_terms(stated.text, ctx.similarity.names), cterms)
        ):
            same_action = False  # "make a plan for the partners" is not "make a list of the partners"
        if not (set(own_terms) | set(item.context_terms)) & cterms - {_stem(verb), _stem(item.verb)}:
            continue  # only the verb in common: "run the portfolio round" is not "run the audit"
        # a note's action list restating its prose: same owner, same date, a word in common
        # ("I'll check the training budget ... by July 3", then "TR: conference budget answer by 7/3")
        listed = (
            item.order == ctx.order
            and clause.kind.is_item
            and (item.due == stated.due if stated.due else not item.due and _same_outsider(item.text, stated.text, ctx))
        )  # ... or with no date, the same person outside the pair ("I'll ask Ravi", then "TR: intro Hana to Ravi")
        if (score >= 0.7 or (same_action and restating and score >= 0.4) or listed) and score > best_score:
            best, best_score = item, score
    if best is not None:
        _also_called(best, set(content_terms(stated.text, ctx.similarity.names)) - {_stem(verb)}, ctx)
    if best is None and stated.owner and STILL_OWED.search(clause.text):
        return _still_owed(stated, ctx, cterms)
    if best is None and stated.due and _RESCHEDULE.match(stated.text) and MOVED.search(clause.text):
        return _rescheduled(stated, ctx, cterms)
    return best


_RESCHEDULE = re.compile(r"^(?:move|push|postpone|reschedule|shift|delay|bump|defer)\b(?!\s+(?:it|them)\s*$)", re.I)
"""A promise to move something to a date: the promise it moves, if one is open, with a new date
("Sam asked to move the launch readiness checklist to April 3" after "a first version of the
launch readiness checklist by March 27")."""


def _rescheduled(stated: StatedCommitment, ctx: LinkContext, cterms: set[str]) -> TrackedCommitment | None:
    """The open promise of the same owner that a reschedule names: most of what it moves is in
    the promise's words or its line's ("the launch readiness checklist" for "have a first
    version", made on "Lena asked Sam to put together the launch readiness checklist")."""
    names = ctx.similarity.names
    moved = set(content_terms(stated.text, names)) - {_stem(first_verb(stated.text))}
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


def _stem(word: str) -> str:
    found = terms(word)
    return found[0] if found else word


def _same_verb(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if _stem(a) == _stem(b):
        return True
    return any(a in group.split() and b in group.split() for group in VERB_GROUPS)


# -- reporting ----------------------------------------------------------------------------


def verb_done(item: TrackedCommitment, clause: Clause) -> bool:
    """The clause says the commitment's own verb happened ("sent the deck" for "send the deck")."""
    if not item.verb:
        return False
    text = CONDITION_TAIL.sub("", clause.text.lower())
    stem = _stem(item.verb)
    for m in DID.finditer(text):  # "gave the audit presentation" does what "present the findings" promised
        nouns = [w for w in m.group(1).split() if w != item.verb and _stem(w).startswith(stem)]
        if len(stem) >= 4 and nouns and not NEGATED.search(text[: m.start()]):
            return True
    for word in completion_words(item.verb):
        for m in re.finditer(rf"\b{re.escape(word)}\b", text):
            if not NEGATED.search(clause.text[: m.start()]):
                return True
    return False


_ASKING = frozenset("ask check talk speak raise chase ping email call contact consult tell inform remind".split())
_ASKED = re.compile(r"^\s*(?:(?:to|with|in\s+with|up\s+with|about\s+it\s+with)\s+)?(?P<who>[A-Z][\w-]+)\b")
_ANSWER = (
    r"(?:says?|said|will|'ll|agreed|agrees|confirmed|confirms|(?:is|'s)\s+(?:open|fine|ok|okay|happy|in|on\s+board)|"
    r"can(?:'t|not)?|could(?:n't)?|replied|answered|came\s+back|comes\s+back|offered|approved|declined|"
    r"is\s+going\s+to|(?:is|'s)\s+(?:covering|taking|doing))\b"
)
_LEAD_IN = r"^\W*(?:[A-Za-z][\w' /&-]{0,40}:\s+)?(?:(?:and|so|also|btw|ok|good\s+news)\W+)*"


def answered(item: TrackedCommitment, clause: Clause) -> bool:
    """The clause is the answer of the person a promise was to ask: "ask Priscila to cover
    July" is kept when "Priscila will cover Tier-2 in July", "GH confirmed the budget",
    "Kemi said yes" is reported, whatever the answer (the asking happened)."""
    if item.verb not in _ASKING:
        return False
    rest = item.text[len(item.verb) :]
    m = _ASKED.match(rest)
    if not m:
        return False
    who = rf"(?i:{re.escape(m['who'])})"  # "marta added me to the exec sync" in a quick prep note
    if re.match(rf"{_LEAD_IN}{who}(?:'s\s+\w+)?\s+{_ANSWER}", clause.text):
        return True
    # or does what they were asked to: "ask Marta to add Jonas to the sync" / "Marta added me"
    act = re.match(r"\s+to\s+([a-z]{3,})\b", rest[m.end() :])
    if act is None:
        return False
    done = "|".join(re.escape(w) for w in past_forms(act[1]))
    return bool(re.match(rf"{_LEAD_IN}{who}\s+(?:{done})\b", clause.text))


def answer_to(ctx: LinkContext) -> TrackedCommitment | None:
    """The latest open promise, made in an earlier note, whose asking the clause answers."""
    found = [i for i in ctx.candidates if i.is_open and i.order < ctx.order and answered(i, ctx.clause)]
    return found[-1] if found else None


def best_link(ctx: LinkContext, pointing: bool = False) -> TrackedCommitment | None:
    """The earlier commitment a clause reports on, if one clears the bar for its signal.

    A clause that reports (done, not yet, moved) may clear a lower bar when it points at
    one commitment clearly more than at any other: "proposal: sent on 2/12" is about the
    proposal, even if it says little else. With ``pointing``, only such a clear pointer counts.
    """
    if not ctx.terms:
        return None
    scored = _ranked(ctx)
    if not scored:
        return None
    best_score, best = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    specific = any(
        ctx.similarity.df.get(t, 0) <= SPECIFIC_DF
        for t in ctx.terms & (set(ctx.item_terms[best.id]) | set(best.context_terms))
    )
    clear = specific and best_score >= BAR_CLEAR and best_score >= CLEAR_MARGIN * runner_up
    if pointing:
        return best if clear else None
    bar = _bar(ctx.clause, best)
    if bar < BAR_MENTION and clear:
        return best
    return best if best_score >= bar else None


def _ranked(ctx: LinkContext) -> list[tuple[float, TrackedCommitment]]:
    """Candidates by score, best first; meaning (it only adds to a score) is asked of the few
    best by wording, for a report (done, not yet, moved) or a clause already close in words."""
    clause = ctx.clause
    # a completion may be reported in the note the promise was made in ("I'll send it. Just did.")
    same_note = clause.signal is Signal.DONE
    closed_too = clause.signal is Signal.DONE or clause.mark == "struck"  # a strike may repeat a closing
    candidates = [
        i
        for i in ctx.candidates
        if (i.order < ctx.order or (same_note and i.order == ctx.order)) and (i.is_open or closed_too)
    ]
    # scores are sums over sets: rounded, so that a tie goes to the one made first on every run
    scored = sorted(((_weighed(ctx, i, False), i) for i in candidates), key=lambda x: -round(x[0], 9))
    if (
        clause.signal is not None
        or clause.kind is ClauseKind.CHECKBOX_DONE
        or (scored and scored[0][0] >= MEANING_FROM)
    ):
        scored = [(_weighed(ctx, i, True), i) for _, i in scored[:MEANING_FOR]] + scored[MEANING_FOR:]
    scored = [(score, i) for score, i in scored if score > 0]
    scored.sort(key=lambda x: -round(x[0], 9))
    return scored


def _weighed(ctx: LinkContext, item: TrackedCommitment, meaning: bool) -> float:
    clause = ctx.clause
    score = ctx.similarity.score(item, ctx.item_terms[item.id], clause, ctx.terms, meaning)
    if not item.is_open:
        score *= 0.8  # a report of completion is more likely about what is still open
    if clause.actor and item.owner:
        score = score * 0.5 if clause.actor != item.owner else min(1.0, score * 1.2)
    return score


def _bar(clause: Clause, best: TrackedCommitment) -> float:
    if clause.kind is ClauseKind.CHECKBOX_DONE:
        return BAR_TICKED
    if clause.signal in (Signal.DONE, Signal.DROPPED):
        return BAR_DONE
    if clause.signal in (Signal.OPEN, Signal.MOVED):
        return BAR_OPEN
    if verb_done(best, clause):
        return BAR_VERB_DONE
    return BAR_MENTION
