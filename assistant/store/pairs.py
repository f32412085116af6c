"""Pairs and the people in them."""

from __future__ import annotations

from sqlalchemy import or_, select

from assistant.models import Pair, Person
from assistant.store.database import Database
from assistant.store.tables import PairRow, PersonRow

__all__ = ["Pairs"]


class Pairs(Database):
    def get_pair(self, pair_id: str) -> Pair | None:
        with self.session() as s:
            row = s.get(PairRow, pair_id)
            if row is None:
                return None
            manager, employee = s.get(PersonRow, row.manager_id), s.get(PersonRow, row.employee_id)
            assert manager is not None and employee is not None
            return Pair(
                id=row.id,
                manager=Person(id=manager.id, name=manager.name),
                employee=Person(id=employee.id, name=employee.name),
                cadence_days=row.cadence_days,
            )

    def pairs_of_person(self, person_id: str) -> list[Pair]:
        """The pairs the person is a member of, by id."""
        query = (
            select(PairRow.id)
            .where(or_(PairRow.manager_id == person_id, PairRow.employee_id == person_id))
            .order_by(PairRow.id)
        )
        with self.session() as s:
            ids = list(s.scalars(query))
        return [p for p in (self.get_pair(i) for i in ids) if p is not None]

    def person(self, person_id: str) -> Person | None:
        with self.session() as s:
            row = s.get(PersonRow, person_id)
            return Person(id=row.id, name=row.name) if row else None

    def person_exists(self, person_id: str) -> bool:
        with self.session() as s:
            return s.get(PersonRow, person_id) is not None

    def pair_ids(self) -> list[str]:
        with self.session() as s:
            return list(s.scalars(select(PairRow.id).order_by(PairRow.id)))

    def pair_revision(self, pair_id: str) -> int:
        with self.session() as s:
            return s.scalar(select(PairRow.revision).where(PairRow.id == pair_id)) or 0
