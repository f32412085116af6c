"""Talking points and explicitly entered commitments: what the two members agree on in
Coach directly. Changes to an entered commitment are stored as corrections (who, when)."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import select

from assistant.access import Viewer
from assistant.store.database import Database
from assistant.store.limits import check_day
from assistant.store.workspace_tables import ExplicitCommitmentRow, TalkingPointRow
from assistant.workspace.models import TalkingPoint

__all__ = ["Agreements", "EnteredCommitment"]


class EnteredCommitment:
    """A commitment as a member entered it (its later corrections are stored apart)."""

    __slots__ = ("id", "owner", "text", "due", "made_on", "created_by", "created_at")

    def __init__(self, row: ExplicitCommitmentRow) -> None:
        self.id, self.owner, self.text, self.due = row.public_id, row.owner, row.text, row.due
        self.made_on, self.created_by, self.created_at = row.made_on, row.created_by, row.created_at


def _point(row: TalkingPointRow) -> TalkingPoint:
    return TalkingPoint(
        id=row.public_id,
        author=row.author,
        text=row.text,
        open=row.closed_at is None,
        at=row.created_at,
        closed_by=row.closed_by,
        closed_at=row.closed_at,
    )


class Agreements(Database):
    # -- talking points ------------------------------------------------------------------

    def add_talking_point(self, viewer: Viewer, text: str) -> TalkingPoint:
        row = TalkingPointRow(
            public_id="tp-" + secrets.token_hex(5), pair_id=viewer.pair.id, author=viewer.person.id, text=text
        )
        with self.session() as s:
            s.add(row)
            s.flush()
            return _point(row)

    def talking_points(self, viewer: Viewer) -> list[TalkingPoint]:
        query = select(TalkingPointRow).where(TalkingPointRow.pair_id == viewer.pair.id).order_by(TalkingPointRow.pk)
        with self.session() as s:
            return [_point(r) for r in s.scalars(query)]

    def close_talking_point(self, viewer: Viewer, point_id: str, at: datetime) -> TalkingPoint | None:
        with self.session() as s:
            row = s.scalar(
                select(TalkingPointRow).where(
                    TalkingPointRow.pair_id == viewer.pair.id, TalkingPointRow.public_id == point_id
                )
            )
            if row is None:
                return None
            if row.closed_at is None:
                row.closed_at, row.closed_by = at, viewer.person.id
            return _point(row)

    # -- commitments entered explicitly --------------------------------------------------

    def add_entered_commitment(self, viewer: Viewer, owner: str, text: str, due: date | None, made_on: date) -> str:
        public_id = "ce-" + secrets.token_hex(5)
        if due is not None:
            check_day(due, "due")
        check_day(made_on, "made_on")
        with self.session() as s:
            s.add(
                ExplicitCommitmentRow(
                    public_id=public_id,
                    pair_id=viewer.pair.id,
                    owner=owner,
                    text=text,
                    due=due,
                    made_on=made_on,
                    created_by=viewer.person.id,
                )
            )
        return public_id

    def entered_commitments(self, pair_id: str) -> list[EnteredCommitment]:
        query = (
            select(ExplicitCommitmentRow)
            .where(ExplicitCommitmentRow.pair_id == pair_id)
            .order_by(ExplicitCommitmentRow.pk)
        )
        with self.session() as s:
            return [EnteredCommitment(r) for r in s.scalars(query)]
