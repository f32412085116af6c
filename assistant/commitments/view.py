"""Shaping core results for the templates that show them to a person."""

from __future__ import annotations

from datetime import date

from assistant.access import Viewer
from assistant.commitments.ledger import Commitment
from assistant.commitments.models import CommitmentStatus
from assistant.errors import InvalidInput

__all__ = ["SHOWS", "commitments_context", "render_commitments"]

SHOWS = ("open", "all", "mine", "owed")
"""Which commitments a member's view lists: open ones, all, what I owe, what I am owed."""


def commitments_context(items: list[Commitment], viewer: Viewer, as_of: date, show: str) -> dict:
    """Template context for a member's view of the ledger: what I owe, what I am owed."""
    me, other = viewer.person, viewer.other
    wanted = _shown(items, show, me.id, other.id)
    groups = [
        ("You owe", [c for c in wanted if c.owner == me.id]),
        (f"{other.first_name} owes you", [c for c in wanted if c.owner == other.id]),
        ("Not yet assigned (settle together)", [c for c in wanted if c.owner is None]),
    ]
    return {
        "me": me,
        "other": other,
        "as_of": as_of,
        "show": show,
        "groups": [(title, sorted(cs, key=_urgency)) for title, cs in groups if cs],
        "counts": {
            "open": sum(c.status == CommitmentStatus.OPEN for c in items),
            "overdue": sum(c.overdue for c in items),
            "stale": sum(c.stale for c in items),
            "done": sum(c.status == CommitmentStatus.DONE for c in items),
        },
    }


def _shown(items: list[Commitment], show: str, me: str, other: str) -> list[Commitment]:
    """``show``: open (default), all, mine (what I owe) or owed (what I am owed)."""
    wanted = [c for c in items if show == "all" or c.status == CommitmentStatus.OPEN]
    if show == "mine":
        return [c for c in wanted if c.owner == me]
    if show == "owed":
        return [c for c in wanted if c.owner == other]
    return wanted


def _urgency(c: Commitment):
    return (c.status != CommitmentStatus.OPEN, not c.overdue, not c.stale, c.due or date.max, c.made_on)


def render_commitments(items: list[Commitment], viewer: Viewer, as_of: date, show: str = "open") -> str:
    """A member's view of the ledger as Markdown (``prompts/commitments.md.j2``)."""
    from assistant.drafting.render import render

    if show not in SHOWS:
        raise InvalidInput(f"which commitments to show: expected open, all, mine or owed, got '{show}'")
    return render("commitments.md.j2", **commitments_context(items, viewer, as_of, show))
