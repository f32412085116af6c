"""What the members' shared workspace hands out: a pair as its home page lists it, talking
points, consent grants and the audit trail."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from assistant.models import Person

__all__ = ["AuditEvent", "Grant", "PairSummary", "Scope", "TalkingPoint"]


class Scope(StrEnum):
    """What an employee may let someone outside the pair read. Private notes never are."""

    goals = "goals"
    plan = "plan"
    commitments = "commitments"
    shared_notes = "shared_notes"


class _Record(BaseModel):
    """A model that can also be read like a mapping (``item["role"]``), as the web app's
    first version read these when they were dicts."""

    def __getitem__(self, key: str) -> Any:
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)


class PairSummary(_Record):
    """One of a person's pairs, for a home page."""

    pair_id: str
    role: str
    """``manager``, ``employee``, or ``grantee`` (someone the employee let in)."""
    other: Person
    """The other member (for a grantee: the employee who granted access)."""
    last_met: date | None = None
    i_owe: int = 0
    owed_to_me: int = 0
    scopes: list[Scope] = []
    """For a grantee: what they may read."""


class TalkingPoint(_Record):
    """Something a member wants to raise at the next one-on-one."""

    id: str
    author: str
    text: str
    open: bool
    at: datetime
    closed_by: str | None = None
    closed_at: datetime | None = None


class Grant(_Record):
    """The employee's consent for one person outside the pair to read some of it, until a date."""

    id: str
    to: str
    scopes: list[Scope]
    expires: date
    created: datetime
    active: bool


class AuditEvent(_Record):
    """Who did what to the pair, and when. Never a note's text."""

    model_config = ConfigDict(extra="allow")

    at: datetime
    actor: str | None
    action: str
    detail: dict[str, Any] = {}
