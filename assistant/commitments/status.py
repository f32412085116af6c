"""Where a tracked commitment stands on a date: open, done or dropped; its due date; overdue; stale.

Derived from the commitment's events up to that date and the corrections the pair made
(corrections win: they are facts, the events are readings of notes).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.commitments.models import CommitmentStatus, EventKind, Status, TrackedCommitment
from assistant.models import Note, NoteKind

__all__ = ["checkin_dates", "status_as_of"]


def status_as_of(
    item: TrackedCommitment,
    as_of: date,
    checkin_dates: Sequence[date],
    stale_after: int = 3,
    corrections: Sequence[tuple[str, str | None]] = (),
) -> Status | None:
    """The commitment as it stood on ``as_of``; None if it was made later.

    ``corrections`` are (action, value) pairs in the order made: done, reopen, assign, due.
    """
    if item.made_on > as_of:
        return None
    due, history, closed, done_note, last = _from_events(item, as_of)
    status = closed or CommitmentStatus.OPEN
    for action, value in corrections:
        if action == "done":
            status = CommitmentStatus.DONE
        elif action == "drop":
            status = CommitmentStatus.DROPPED
        elif action == "reopen":
            status, done_note = CommitmentStatus.OPEN, None
        elif action == "due":
            due = date.fromisoformat(value) if value else None
            history.append(("correction", due))
    is_open = status is CommitmentStatus.OPEN
    overdue = is_open and due is not None and due < as_of and not item.recurring
    since = sum(1 for d in checkin_dates if last < d <= as_of)
    stale = is_open and not item.recurring and since >= stale_after
    return Status(status, due, overdue, stale, done_note, last, history)


def _from_events(
    item: TrackedCommitment, as_of: date
) -> tuple[date | None, list[tuple[str, date | None]], CommitmentStatus | None, str | None, date]:
    """(due date, due history, done or dropped, note that closed it, last mentioned) from the
    events up to ``as_of``; the first closing event counts."""
    due = item.due
    history: list[tuple[str, date | None]] = [(item.source_note_id, item.due)]
    closed: CommitmentStatus | None = None
    done_note: str | None = None
    last = item.made_on
    for e in item.events:
        if e.date > as_of or e.kind is EventKind.MADE:
            continue
        last = max(last, e.date)
        if e.kind is EventKind.MOVED and e.due and e.due != due:
            due = e.due
            history.append((e.note_id, e.due))
        elif e.kind in (EventKind.DONE, EventKind.DROPPED) and done_note is None:
            done_note = e.note_id
            closed = CommitmentStatus.DONE if e.kind is EventKind.DONE else CommitmentStatus.DROPPED
    return due, history, closed, done_note, last


def checkin_dates(notes: Sequence[Note]) -> list[date]:
    return sorted({n.date for n in notes if n.kind is NoteKind.checkin})
