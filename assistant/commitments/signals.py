"""What a clause reports about an earlier commitment: done, not done yet, or moved to a date.

The report is read from the clause's words alone (see :mod:`assistant.commitments.vocabulary`);
which commitment it is about is decided later, by :mod:`assistant.commitments.linking`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from assistant.commitments.models import Clause, Signal
from assistant.commitments.phrasing import pick_due
from assistant.commitments.vocabulary import DONE, MOVED, NEGATED, NOT_DONE, PARTIAL, PROGRESS, STRONG_NOT_DONE
from assistant.text.dates import find_dates

__all__ = ["read_signal"]

_POINTS_BACK = re.compile(r"\b(?:it|this|that)\b", re.IGNORECASE)


def read_signal(clause: Clause, next_checkin: Callable[[date], date | None]) -> None:
    """Set the clause's ``signal`` (and ``moved_to``), ``negated``, ``partial`` and ``refers_back``.

    A clause that states a new commitment of its own reports nothing, unless the commitment
    is only a pronoun ("do it by Friday": the earlier one, moved).
    """
    text = clause.text
    clause.refers_back = bool(_POINTS_BACK.search(text)) and len(text.split()) <= 14
    done_at = _completions(text)
    clause.negated = _denied(text, done_at)
    if partial := PARTIAL.search(text):
        clause.partial = partial["what"].lower()
    if clause.stated is not None and not clause.stated.refers_back:
        return
    if clause.signal is Signal.DONE:
        return
    if moved_to := _moved_to(clause, next_checkin):
        clause.signal, clause.moved_to = Signal.MOVED, moved_to
        return
    if clause.stated is not None and clause.stated.refers_back and clause.stated.due:
        clause.signal, clause.moved_to = Signal.MOVED, clause.stated.due
        return
    if done_at and not clause.negated and not PROGRESS.search(text):
        clause.signal = Signal.DONE
    elif clause.negated or NOT_DONE.search(text) or PROGRESS.search(text):
        clause.signal = Signal.OPEN


def _completions(text: str) -> list[int]:
    """Where the clause says something was done, not denied just before."""
    return [m.start() for m in DONE.finditer(text) if not NEGATED.search(text[: m.start()])]


def _denied(text: str, done_at: list[int]) -> bool:
    """A denial counts where it bears on the report: before the completion word, or with
    none at all ("the gap list is in the doc: features aren't versioned" is done)."""
    denial = STRONG_NOT_DONE.search(text)
    return (
        any(NEGATED.search(text[: m.start()]) for m in DONE.finditer(text))
        or (denial is not None and (not done_at or denial.start() < done_at[0]))
        or text.rstrip().endswith("?")
    )


def _moved_to(clause: Clause, next_checkin: Callable[[date], date | None]) -> date | None:
    """The new date a clause moves something to ("push it to September 11"), if it does."""
    m = MOVED.search(clause.text)
    if not m:
        return None
    later = [
        d for d in find_dates(clause.text, clause.note_date, next_checkin(clause.note_date)) if d.start >= m.start()
    ]
    chosen = pick_due(clause.text[m.start() :], later)
    return chosen.value if chosen is not None and chosen.value else None
