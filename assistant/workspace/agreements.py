"""Talking points for the next one-on-one, and commitments entered explicitly.

Either member adds a talking point, and either marks it talked about. Either member enters
a commitment (owner, text, due) and either changes it later (done, reopen, drop, assign,
due: :meth:`~assistant.coach.Coach.correct_commitment`); each change is stored with who and
when. Entered commitments are facts: the extractor never changes them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from assistant.errors import InvalidInput, NotFound
from assistant.workspace.base import WorkspaceBase, clean_text
from assistant.workspace.models import TalkingPoint

if TYPE_CHECKING:
    from assistant.commitments.ledger import Commitment

__all__ = ["AgreementsMixin"]


class AgreementsMixin(WorkspaceBase):
    def talking_points(self, pair_id: str, person_id: str, include_closed: bool = False) -> list[TalkingPoint]:
        """Open talking points (with ``include_closed``, all), the employee's first, oldest first."""
        viewer = self.member(pair_id, person_id)
        points = [p for p in self.records.talking_points(viewer) if include_closed or p.open]
        return sorted(points, key=lambda p: (p.author != viewer.pair.employee.id, not p.open, p.at))

    def add_talking_point(self, pair_id: str, person_id: str, text: str) -> TalkingPoint:
        viewer = self.member(pair_id, person_id)
        with self._writing:
            point = self.records.add_talking_point(viewer, clean_text(text, "talking point", 2000))
            self.records.record_event(pair_id, person_id, "talking_point.add", id=point.id)
        return point

    def close_talking_point(self, pair_id: str, person_id: str, point_id: str) -> TalkingPoint:
        """Mark a talking point talked about (either member)."""
        viewer = self.member(pair_id, person_id)
        with self._writing:
            point = self.records.close_talking_point(viewer, point_id, datetime.now(UTC))
            if point is None:
                raise NotFound(f"no talking point '{point_id}' in pair '{pair_id}'")
            self.records.record_event(pair_id, person_id, "talking_point.close", id=point_id)
        return point

    def add_commitment(
        self, pair_id: str, person_id: str, owner: str, text: str, due: date | None = None
    ) -> Commitment:
        """Enter a commitment: ``owner`` (a member) will do ``text``, by ``due`` if given."""
        viewer = self.member(pair_id, person_id)
        if viewer.pair.role_of(owner) is None:
            raise InvalidInput(f"owner: '{owner}' is not a member of pair '{pair_id}'")
        today = date.today()
        with self._writing:
            made = self.records.add_entered_commitment(viewer, owner, clean_text(text, "commitment", 500), due, today)
            self.records.record_event(
                pair_id, person_id, "commitment.add", id=made, owner=owner, due=due.isoformat() if due else None
            )
        return next(c for c in self.commitments(pair_id, person_id, today) if c.id == made)
