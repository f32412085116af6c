"""Commitments a member entered explicitly (owner, text, due): facts for the ledger.

No extraction reads or changes them: their status, owner and due date change only by the
members' own actions (done, reopen, drop, assign, due), each stored with who and when. An
extracted commitment that says the same thing as an entered one (same owner, same words)
is left out of the view, so the fact is not shown twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assistant import access
from assistant.commitments.ledger import Commitment
from assistant.commitments.models import CommitmentStatus
from assistant.errors import InvalidInput, NotFound
from assistant.store.records import Records

__all__ = ["ENTERED_ACTIONS", "EnteredView", "is_entered", "same_commitment"]

ENTERED_ACTIONS = ("done", "reopen", "drop", "assign", "due")
_PREFIX = "ce-"


def is_entered(commitment_id: str) -> bool:
    return commitment_id.startswith(_PREFIX)


@dataclass(frozen=True)
class EnteredCommitment(Commitment):
    """An entered commitment: it rests on no note."""

    entered_by: str = ""

    @property
    def sources(self) -> list[str]:
        return []

    def to_json(self) -> dict:
        return {**super().to_json(), "entered_by": self.entered_by, "explicit": True}


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def same_commitment(a: Commitment, b: Commitment) -> bool:
    return a.owner == b.owner and _words(a.text) == _words(b.text)


class EnteredView:
    """Entered commitments as a member (or a grantee) sees them on a date."""

    def __init__(self, records: Records) -> None:
        self.records = records

    def view(self, viewer: access.Viewer, as_of: date) -> list[EnteredCommitment]:
        corrections = self.records.corrections(viewer)
        members = {p.id for p in viewer.pair.members}
        out = []
        for row in self.records.entered_commitments(viewer.pair.id):
            if row.made_on > as_of:
                continue
            owner, due, status, closed = row.owner, row.due, CommitmentStatus.OPEN, None
            fixes = corrections.get(row.id, [])
            for fix in fixes:
                if fix.action in ("done", "drop"):
                    status = CommitmentStatus.DONE if fix.action == "done" else CommitmentStatus.DROPPED
                    closed = fix.at
                elif fix.action == "reopen":
                    status, closed = CommitmentStatus.OPEN, None
                elif fix.action == "assign":
                    owner = fix.value if fix.value in members else owner
                elif fix.action == "due":
                    due = date.fromisoformat(fix.value) if fix.value else None
            out.append(
                EnteredCommitment(
                    id=row.id,
                    owner=owner,
                    text=row.text,
                    due=due,
                    status=status,
                    overdue=status is CommitmentStatus.OPEN and due is not None and due < as_of,
                    stale=False,
                    recurring=False,
                    source_note_id=None,  # type: ignore[arg-type]  # rests on no note
                    followup_note_id=None,
                    made_on=row.made_on,
                    last_mentioned=closed.date() if closed else row.made_on,
                    due_original=row.due,
                    corrections=[
                        {"action": "add", "value": None, "by": row.created_by, "at": row.created_at.isoformat()}
                    ]
                    + [{"action": f.action, "value": f.value, "by": f.actor, "at": f.at.isoformat()} for f in fixes],
                    entered_by=row.created_by,
                )
            )
        return out

    def correct(self, viewer: access.Viewer, commitment_id: str, action: str, value: str | None) -> None:
        """Record a member's change to an entered commitment (checked first)."""
        if action not in ENTERED_ACTIONS:
            raise InvalidInput(f"unknown change '{action}' (use {', '.join(ENTERED_ACTIONS)})")
        if not any(c.id == commitment_id for c in self.view(viewer, date.max)):
            raise NotFound(f"no commitment '{commitment_id}' in pair '{viewer.pair.id}'")
        if action == "assign":
            if value not in {p.id for p in viewer.pair.members}:
                raise InvalidInput(f"assign: '{value}' is not a member of pair '{viewer.pair.id}'")
        elif action == "due":
            value = _iso_or_none(value)
        else:
            value = None
        self.records.add_correction(viewer, commitment_id, action, value)
        self.records.record_event(
            viewer.pair.id, viewer.person.id, f"commitment.{action}", id=commitment_id, value=value
        )


def _iso_or_none(value: str | None) -> str | None:
    if value in (None, "", "none"):
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InvalidInput(f"due: expected YYYY-MM-DD or 'none', got '{value}'") from None
