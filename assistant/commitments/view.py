"""Shaping core results for the templates that show them to a person."""

from __future__ import annotations

from datetime import date

from assistant.access import Viewer
from assistant.commitments.ledger import Commitment
from assistant.errors import InvalidInput

__all__ = ["SHOWS", "commitments_context", "render_commitments"]

SHOWS = ("open", "all", "mine", "owed")
"""Which commitments a member's view lists: open ones, all, what I owe, what I am owed."""


def commitments_context(items: list[Commitment], viewer: Viewer, as_of: date, show: str) -> dict:
    """Template context for a member's view of the ledger: what I owe, what I am owed."""
    me, other = viewer.person, viewer.other
    wanted = [c for c in items if show == "all" or c.status == "open"]
    if show == "mine":
        wanted = [c for c in wanted if c.owner == me.id]
    elif show == "owed":
        wanted = [c for c in wanted if c.owner == other.id]
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
            "open": sum(c.status == "open" for c in items),
            "overdue": sum(c.overdue for c in items),
            "stale": sum(c.stale for c in items),
            "done": sum(c.status == "done" for c in items),
        },
    }


def _urgency(c: Commitment):
    return (c.status != "open", not c.overdue, not c.stale, c.due or date.max, c.made_on)


def render_commitments(items: list[Commitment], viewer: Viewer, as_of: date, show: str = "open") -> str:
    """A member's view of the ledger as Markdown (``prompts/commitments.md.j2``)."""
    from assistant.drafting.render import render

    if show not in SHOWS:
        raise InvalidInput(f"which commitments to show: expected open, all, mine or owed, got '{show}'")
    return render("commitments.md.j2", **commitments_context(items, viewer, as_of, show))
