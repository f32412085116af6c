"""The one place that decides who may see what.

Every read of a pair's data goes through a :class:`Viewer`, and a Viewer exists only when
:func:`authorize` found the person to be one of the pair's two members, or someone the
employee let in (a *grantee*: ``scopes`` lists what they may read, and the caller names
the scope it reads). What a viewer may see is expressed once, as *audiences*: a note
belongs to exactly one audience (``shared``, or ``private:<author>``), and a viewer sees
the audiences :func:`audiences` grants: a member the shared notes and their own private
ones, a grantee the shared notes alone (a private note is never grantable). The SQL
store filters on the same audience values (``records.py``), the retrieval index keeps each
audience in a collection of its own and searches only the viewer's (``index.py``), and
results are checked again with :func:`may_see` on the way out.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, TypeVar

from assistant.errors import NotAMember, NotFound
from assistant.models import Note, Pair, Person, Role, Visibility

__all__ = [
    "SHARED",
    "Viewer",
    "audience_of",
    "audiences",
    "pair_audiences",
    "authorize",
    "may_see",
    "only_visible",
]

log = logging.getLogger(__name__)

SHARED = "shared"
_GRANT = object()


class PairLookup(Protocol):
    def get_pair(self, pair_id: str) -> Pair | None: ...

    def person_exists(self, person_id: str) -> bool: ...


class GrantLookup(PairLookup, Protocol):
    def person(self, person_id: str) -> Person | None: ...

    def active_scopes(self, pair_id: str, person_id: str, today: date) -> set: ...


@dataclass(frozen=True)
class Viewer:
    """A member of a pair acting on it, or a grantee reading it. Only :func:`authorize` makes one."""

    pair: Pair
    person: Person
    role: Role | None
    """None for a grantee (someone outside the pair the employee let read some of it)."""
    _grant: object = field(default=None, repr=False, compare=False)
    scopes: frozenset[str] | None = None
    """What a grantee may read (None: a member, who may read all the pair's shared notes)."""

    def __post_init__(self) -> None:
        if self._grant is not _GRANT:
            raise TypeError("a Viewer is made by access.authorize(), never directly")

    @property
    def other(self) -> Person:
        return self.pair.other(self.person.id)

    @property
    def is_manager(self) -> bool:
        return self.role is Role.manager

    @property
    def is_grantee(self) -> bool:
        return self.scopes is not None


def authorize(lookup: PairLookup, pair_id: str, person_id: str, scope: str | None = None) -> Viewer:
    """The person acting on the pair, if they are one of its two members; or, when the
    caller reads ``scope``, a grantee whose live grant covers it.

    Raises NotFound for an unknown pair or person and NotAMember for anyone else; neither
    message says anything the caller did not already give.
    """
    pair = lookup.get_pair(pair_id)
    if pair is None:
        raise NotFound(f"unknown pair '{pair_id}'")
    role = pair.role_of(person_id)
    if role is None:
        grants, people = getattr(lookup, "active_scopes", None), getattr(lookup, "person", None)
        if scope is not None and grants is not None and people is not None:
            scopes = grants(pair_id, person_id, date.today())
            person = people(person_id) if scope in scopes else None
            if person is not None:
                return Viewer(pair=pair, person=person, role=None, _grant=_GRANT, scopes=frozenset(scopes))
        if not lookup.person_exists(person_id):
            raise NotFound(f"unknown person '{person_id}'")
        raise NotAMember(f"'{person_id}' is not a member of pair '{pair_id}'")
    return Viewer(pair=pair, person=pair.member(person_id), role=role, _grant=_GRANT)


def audience_of(visibility: Visibility | str, author: str) -> str:
    """The audience a note belongs to: everyone in the pair, or its author alone."""
    return SHARED if Visibility(visibility) is Visibility.shared else f"private:{author}"


def audiences(viewer: Viewer) -> tuple[str, ...]:
    """The audiences a viewer sees: the pair's shared notes and (a member) their own private ones."""
    if viewer.scopes is not None:
        return (SHARED,)
    return (SHARED, f"private:{viewer.person.id}")


def pair_audiences(pair: Pair) -> tuple[str, str, str]:
    """Every audience a note of the pair can belong to."""
    return (SHARED, f"private:{pair.manager.id}", f"private:{pair.employee.id}")


def may_see(viewer: Viewer, note: Note) -> bool:
    return note.pair_id == viewer.pair.id and audience_of(note.visibility, note.author) in audiences(viewer)


T = TypeVar("T")


def only_visible(viewer: Viewer, notes: Iterable[T], note_of=lambda x: x) -> list[T]:
    """The items whose note the viewer may see: the last check before anything leaves the core.

    Anything dropped here got past an earlier filter, which is a bug worth a log line (that
    names no note).
    """
    kept, dropped = [], 0
    for item in notes:
        if may_see(viewer, note_of(item)):
            kept.append(item)
        else:
            dropped += 1
    if dropped:
        log.error("access: dropped %d item(s) that an earlier filter let through", dropped)
    return kept
