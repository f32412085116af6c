"""Checks on a plan's steps: which goal a step names, whether it is already under way, and
whom the notes name to learn a goal from."""

from __future__ import annotations

import re

from assistant.drafting.colleagues import colleagues, is_person
from assistant.drafting.goal_ties import specific_terms
from assistant.drafting.models import Snapshot, sentences
from assistant.drafting.state import as_prose
from assistant.models import Goal, Note
from assistant.retrieval.lexical import terms

__all__ = ["names_another", "shadowed", "to_learn_from", "under_way"]


def names_another(snap: Snapshot, goal: Goal, text: str) -> bool:
    """The text names another goal by its acronym ("sit the CCRN", "AWS"), and not this one."""
    named = {g.id for g in snap.goals for a in re.findall(r"\b[A-Z]{2,}\d*\b", g.title) if re.search(rf"\b{a}\b", text)}
    return bool(named) and goal.id not in named


def under_way(snap: Snapshot, note: Note, words: set[str]) -> bool:
    """A later note already reports the shadowing or mentoring going on: two of the sentence's
    own words that are not the pair's names and that few notes use ("D running a weekly
    call-review w/ Jamal + Keiko" after "she'll mentor Jamal + Keiko"). It is under way, not
    a step to propose again."""
    names = {t for p in snap.viewer.pair.members for t in terms(p.name)}
    own = specific_terms(snap)(" ".join(words)) - names
    return len(own) >= 2 and any(
        n.date > note.date and len(own & set(terms(n.text))) >= 2 for n in snap.shared if n.id != note.id
    )


_PARTNER = re.compile(r"\b(?:with|alongside|from)\s+([A-Z][a-z]{2,})(?:\s+[A-Z]\w+)?")


def to_learn_from(snap: Snapshot, goal: Goal, about: str) -> list[str]:
    """Colleagues named where the note talks about the goal, then those the goal is done with or
    taken over from ("with Felix", "from Jens"). The others the goal names are whom it is about
    (the new grads to precept, the customer to land), not people to learn it from."""
    text = f"{goal.title} {goal.description or ''}"
    members = {w for m in snap.viewer.pair.members for w in m.name.split()}
    partners = [p for p in _PARTNER.findall(text) if p not in members and is_person(p, snap, strict=False)]
    subjects = _PARTNER.sub("", text)
    named = [p for p in colleagues(about, snap) if not re.search(rf"\b{re.escape(p)}\b", subjects)]
    return named + [p for p in partners if p not in named]


SHADOWED = re.compile(
    r"\b(?:shadowed|paired\s+with|mentored|sat\s+in\s+on|coached|"
    r"(?:is|are|was|were|been|started|now|still)\s+(?:shadowing|pairing\s+with|mentoring|sitting\s+in\s+on))\b",
    re.IGNORECASE,
)
"""Shadowing or mentoring said done or going on ("K shadowed ops review"), not wished or listed
as a gap ("Gaps: cross-team influence + mentoring")."""


def shadowed(snap: Snapshot, goal_terms: set[str]) -> tuple[str, Note] | None:
    """The latest sentence of the shared notes that reports shadowing, pairing or mentoring on
    the goal ("K shadowed ops review on the 19th"): that kind of step is under way already."""
    found = None
    for note in snap.shared:
        for sentence in sentences(note.text):
            if SHADOWED.search(sentence) and len(goal_terms & set(terms(sentence))) >= 2:
                found = (as_prose(sentence).rstrip("."), note)
    return found
