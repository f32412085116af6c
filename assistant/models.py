"""Domain models: what the core hands between its parts and to the edges.

These are not the wire formats (``importer.py`` holds the pair file schema, ``api/schemas.py``
the HTTP schemas) nor the storage rows (``records.py``).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = [
    "GoalStatus",
    "Goal",
    "Note",
    "NoteKind",
    "Pair",
    "Person",
    "Role",
    "SearchHit",
    "Visibility",
]


class Visibility(StrEnum):
    shared = "shared"
    private = "private"


class NoteKind(StrEnum):
    checkin = "checkin"
    note = "note"
    feedback = "feedback"
    self_review = "self_review"


class GoalStatus(StrEnum):
    not_started = "not_started"
    on_track = "on_track"
    at_risk = "at_risk"
    off_track = "off_track"
    done = "done"


class Role(StrEnum):
    manager = "manager"
    employee = "employee"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Person(_Frozen):
    id: str
    name: str

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else self.id


class Pair(_Frozen):
    id: str
    manager: Person
    employee: Person
    cadence_days: int | None = None

    @property
    def members(self) -> tuple[Person, Person]:
        return (self.manager, self.employee)

    def role_of(self, person_id: str) -> Role | None:
        if person_id == self.manager.id:
            return Role.manager
        if person_id == self.employee.id:
            return Role.employee
        return None

    def member(self, person_id: str) -> Person:
        for person in self.members:
            if person.id == person_id:
                return person
        raise KeyError(person_id)

    def other(self, person_id: str) -> Person:
        return self.employee if person_id == self.manager.id else self.manager


class Note(_Frozen):
    id: str
    pair_id: str
    date: date
    author: str
    visibility: Visibility
    kind: NoteKind
    text: str


class Goal(_Frozen):
    id: str
    pair_id: str
    title: str
    description: str = ""
    owner: str | None = None
    status: GoalStatus = GoalStatus.not_started
    due: date | None = None
    created: date | None = None
    proposed_by: str | None = None
    """The manager who proposed the goal, until the employee accepts it."""


class SearchHit(_Frozen):
    """A note found by search, with the chunk that matched best."""

    note: Note
    score: float
    """Fused rank score on 0..1 (1: first in both the dense and the lexical ranking)."""
    snippet: str
    similarity: float = 0.0
    """Cosine similarity of the best chunk (0 when only the lexical side found it)."""
    lexical: float = 0.0
    """BM25 score (0 when only the dense side found it)."""
