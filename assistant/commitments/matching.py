"""Which earlier commitment a clause is about: the one it restates, or the one it reports on.

Both questions are asked of a :class:`LinkContext`: one clause, its content terms, and the
open commitments made in earlier notes that share a term with it.
:func:`~assistant.commitments.restating.restated` goes by words (same owner, same action,
overlapping objects); :func:`best_link` by words and, for
the close calls, meaning, against a bar that depends on how clear the clause's report is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.commitments.models import Clause, ClauseKind, Signal, TrackedCommitment
from assistant.commitments.phrasing import CONDITION_TAIL
from assistant.commitments.similarity import Similarity
from assistant.commitments.vocabulary import (
    DID,
    NEGATED,
    completion_words,
    past_forms,
)
from assistant.retrieval.lexical import terms

__all__ = ["LinkContext", "answered", "answer_to", "best_link", "first_verb", "verb_done", "verb_stem"]

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


def verb_stem(word: str) -> str:
    """The term a verb is indexed by ("sending": send)."""
    found = terms(word)
    return found[0] if found else word


# -- reporting ----------------------------------------------------------------------------


def verb_done(item: TrackedCommitment, clause: Clause) -> bool:
    """The clause says the commitment's own verb happened ("sent the deck" for "send the deck")."""
    if not item.verb:
        return False
    text = CONDITION_TAIL.sub("", clause.text.lower())
    stem = verb_stem(item.verb)
    for m in DID.finditer(text):  # "gave the audit presentation" does what "present the findings" promised
        nouns = [w for w in m.group(1).split() if w != item.verb and verb_stem(w).startswith(stem)]
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
