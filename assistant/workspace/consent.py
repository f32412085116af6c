"""Consent: the employee lets a named person outside the pair read chosen scopes (goals,
plan, commitments, shared notes) until a date, and can end it at once. The manager cannot
grant. Private notes are never grantable: a grantee's viewer sees the shared audience only,
and a commitment is shown to a grantee only when every note it rests on is shared.

The audit trail (the pair's events: imports, note edits and deletions, commitment changes,
grants and revocations, every read by a grantee) is read by the two members and no one else.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from assistant import access
from assistant.errors import Forbidden, InvalidInput, NotFound
from assistant.models import Note
from assistant.workspace.base import WorkspaceBase
from assistant.workspace.models import AuditEvent, Grant, Scope

if TYPE_CHECKING:
    from assistant.commitments.ledger import Commitment

__all__ = ["ConsentMixin"]


class ConsentMixin(WorkspaceBase):
    def grant(self, pair_id: str, person_id: str, to: str, scopes: list[Scope] | list[str], expires: date) -> Grant:
        """The employee lets ``to`` read ``scopes`` of the pair until ``expires`` (inclusive)."""
        viewer = self._employee(pair_id, person_id)
        try:
            wanted = sorted({Scope(s) for s in scopes})
        except ValueError:
            raise InvalidInput(f"scopes: choose from {', '.join(s.value for s in Scope)}") from None
        if not wanted:
            raise InvalidInput(f"scopes: choose at least one of {', '.join(s.value for s in Scope)}")
        if viewer.pair.role_of(to) is not None or self.records.person(to) is None:
            raise InvalidInput(f"'{to}' is not someone outside this pair that Coach knows")
        if expires < date.today():
            raise InvalidInput("expires: the date has passed")
        with self._writing:
            made = self.records.add_grant(pair_id, person_id, to, wanted, expires)
            self.records.record_event(
                pair_id, person_id, "grant", id=made.id, to=to, scopes=[str(s) for s in wanted], expires=expires
            )
        return made.model_copy(update={"active": True})

    def revoke_grant(self, pair_id: str, person_id: str, grant_id: str) -> None:
        """End a grant at once (the employee)."""
        self._employee(pair_id, person_id)
        with self._writing:
            if not self.records.revoke_grant(pair_id, grant_id, datetime.now(UTC)):
                raise NotFound(f"no grant '{grant_id}' in pair '{pair_id}'")
            self.records.record_event(pair_id, person_id, "grant.revoke", id=grant_id)

    def grants(self, pair_id: str, person_id: str) -> list[Grant]:
        """The pair's grants that are not revoked (both members see them)."""
        self.member(pair_id, person_id)
        return self.records.grants(pair_id, date.today())

    def audit(self, pair_id: str, person_id: str) -> list[AuditEvent]:
        """The pair's audit trail, newest first: for its two members only."""
        self.member(pair_id, person_id)
        return self.records.events(pair_id)

    def _employee(self, pair_id: str, person_id: str) -> access.Viewer:
        viewer = self.member(pair_id, person_id)
        if viewer.is_manager:
            raise Forbidden("only the employee of a pair decides who else may see it")
        return viewer

    def ledger_view(self, viewer: access.Viewer, as_of: date, notes: list[Note] | None = None) -> list[Commitment]:
        """The commitments as the viewer sees them. A grantee gets the employee's ledger less
        every commitment that rests on a note the grantee may not see (a private one)."""
        if not viewer.is_grantee:
            return self.ledger.view(viewer, as_of, notes)
        shared = {n.id for n in (notes if notes is not None else self.records.notes(viewer))}
        employee = access.authorize(self.records, viewer.pair.id, viewer.pair.employee.id)
        return [c for c in self.ledger.view(employee, as_of) if all(s in shared for s in c.sources)]
