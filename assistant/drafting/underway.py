"""Plan steps that are no longer steps to propose: already answered, or already started.

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
from assistant.drafting.models import Snapshot
from assistant.drafting.render import day
from assistant.drafting.threads import closing_words
from assistant.models import Note
from assistant.text.dates import find_dates

__all__ = ["answered", "not_yet_taken", "start_day"]

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
