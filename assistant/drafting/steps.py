"""Checks on a plan's steps: which goal a step names, whether it is already under way, whom
the notes name to learn a goal from, and which steps are no longer steps to propose.

A plan offers what the notes hold for the employee's growth. Two kinds of those are not new
steps any more, and a member would catch a plan that proposed them again:

- **answered**: the step was asked for and the other member promised it in the same breath
  ("Aisha wants coaching on executive presentations. I will set up a session with Rosa"), and
  that promise has since been kept. The step happened: the plan reports it, done, as reality;
- **started**: its own words give a start day that has passed ("take the internal ML course
  starting Nov 9", read on Nov 16): it is under way, and the plan checks how it goes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from assistant.commitments.ledger import Commitment
from assistant.drafting.colleagues import colleagues, is_person
from assistant.drafting.goal_ties import specific_terms
from assistant.drafting.models import Snapshot, sentences
from assistant.drafting.render import day
from assistant.drafting.state import as_prose
from assistant.drafting.threads import closing_words
from assistant.models import Goal, Note
from assistant.retrieval.lexical import terms
from assistant.text.dates import find_dates

__all__ = ["answered", "names_another", "not_yet_taken", "shadowed", "start_day", "to_learn_from", "under_way"]


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


_START = re.compile(
    r"\b(?:starting|started|starts|from|since|begins|began|beginning|kick(?:s|ed)?\s+off)\s+(?:on\s+)?", re.IGNORECASE
)
_AFTER = 200
"""How far past the step's own words the promise that answers it may be said (the next sentence)."""


def answered(snap: Snapshot, note: Note, words: str, kind: Callable[[str], str]) -> tuple[str, list[str]] | None:
    """The reality line of a step the other member promised in the same breath (the step's own
    sentence or the next one) and has since done ("Done: Introduced Sam and Jordan on Sept 9
    (Sep 16)"), or None. The promise must be a step of the same ``kind`` (a session for
    coaching asked for, not the next action item of the list)."""
    text = note.text.lower()
    at = text.find(words.lower().rstrip("."))
    if at < 0:
        return None
    end = at + len(words.rstrip("."))
    nxt = re.search(r"[.!?](?:\s|$)|\n", text[end:])  # the step's own sentence ...
    if nxt and text[end + nxt.start()] != "\n":
        then = re.search(r"[.!?](?:\s|$)|\n", text[end + nxt.end() :])  # ... and the next one
        end += nxt.end() + (then.end() if then else len(text))
    window = text[at:end]
    for c in snap.commitments:
        if _answers(snap, c, note, window) and kind(c.text) == kind(words):
            done = snap.note(c.followup_note_id or "")
            said = closing_words(c) or c.text
            if done is not None:
                return f"Done: {said[:1].upper()}{said[1:].rstrip('.')} ({day(done.date, snap.as_of)})", [done.id]
    return None


def _answers(snap: Snapshot, c: Commitment, note: Note, window: str) -> bool:
    return (
        c.source_note_id == note.id
        and c.owner not in (snap.employee.id, None)
        and c.status == "done"
        and len(c.text.split()) >= 2
        and c.text.lower() in window
    )


def start_day(words: str, said_on: date, as_of: date) -> date | None:
    """The day the words start it ("take the course starting Nov 9", said on ``said_on``), when
    it is on or before ``as_of``: it is under way."""
    for m in _START.finditer(words):
        found = find_dates(words[m.end() :], said_on)
        if found and found[0].start == 0 and found[0].value is not None and found[0].value <= as_of:
            return found[0].value
    return None


def not_yet_taken(
    snap: Snapshot, options: list, kind: Callable[[str], str]
) -> tuple[list, list[tuple[str, list[str]]], dict[str, tuple[str, list[str]]]]:
    """The plan options still to take (one started on a day passed gets it as its ``since``); as
    reality lines, what the options already answered did; and that line by the kind of step it
    answered. An option has ``title``, ``type``, ``sources`` (its note first), ``offered`` (the
    manager's own promise, which the ledger follows itself) and ``since``. Only people and
    learning (exposure, education) are asked for and answered by another's promise."""
    kept: list = []
    happened: list[tuple[str, list[str]]] = []
    by_kind: dict[str, tuple[str, list[str]]] = {}
    for o in options:
        note = snap.note(o.sources[0]) if o.sources else None
        asked = not o.offered and o.type != "experience"
        done = answered(snap, note, o.title, kind) if note is not None and asked else None
        if done:
            happened += [done] if done not in happened else []
            by_kind[o.type] = done
            continue
        if note and (begun := start_day(o.title, note.date, snap.as_of)):
            o.since = begun  # started on a day passed: the plan checks how it goes
        kept.append(o)
    return kept, happened, by_kind
