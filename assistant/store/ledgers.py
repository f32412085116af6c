"""Storage of the commitment ledgers (one per member) and the members' corrections to them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select, update

from assistant.access import SHARED, Viewer
from assistant.errors import InvalidInput
from assistant.models import Note
from assistant.store.database import Database
from assistant.store.limits import check_day
from assistant.store.models import Correction
from assistant.store.notes import note_of
from assistant.store.tables import CommitmentRow, CorrectionRow, NoteRow, PairRow

__all__ = ["LedgerStore"]


class LedgerStore(Database):
    def notes_of_member(self, pair_id: str, person_id: str) -> list[Note]:
        """The notes one member may see, for building that member's ledger."""
        query = (
            select(NoteRow)
            .where(NoteRow.pair_id == pair_id, NoteRow.audience.in_((SHARED, f"private:{person_id}")))
            .order_by(NoteRow.date, NoteRow.pk)
        )
        with self.session() as s:
            return [note_of(row) for row in s.scalars(query)]

    def stale_ledgers(self) -> list[str]:
        with self.session() as s:
            return list(s.scalars(select(PairRow.id).where(PairRow.ledger_revision != PairRow.revision)))

    def mark_ledgers_stale(self) -> None:
        """Every pair's ledgers to be rebuilt (the reading of commitments changed)."""
        with self.session() as s:
            s.execute(update(PairRow).values(ledger_revision=-1))

    def save_ledger(self, pair_id: str, revision: int, ledgers: dict[str, list[tuple[str, str]]]) -> None:
        """Replace the pair's ledgers ({viewer: [(commitment id, JSON)]}) built at ``revision``."""
        with self.session() as s:
            s.execute(delete(CommitmentRow).where(CommitmentRow.pair_id == pair_id))
            for viewer_id, rows in ledgers.items():
                for position, (commitment_id, data) in enumerate(rows):
                    s.add(
                        CommitmentRow(
                            pair_id=pair_id,
                            viewer_id=viewer_id,
                            commitment_id=commitment_id,
                            position=position,
                            data=data,
                        )
                    )
            s.execute(update(PairRow).where(PairRow.id == pair_id).values(ledger_revision=revision))

    def ledger(self, viewer: Viewer) -> list[str]:
        """The viewer's own ledger, as stored (JSON per commitment)."""
        query = (
            select(CommitmentRow.data)
            .where(CommitmentRow.pair_id == viewer.pair.id, CommitmentRow.viewer_id == viewer.person.id)
            .order_by(CommitmentRow.position)
        )
        with self.session() as s:
            return list(s.scalars(query))

    def add_correction(self, viewer: Viewer, commitment_id: str, action: str, value: str | None) -> None:
        if action == "due" and value:
            try:
                check_day(date.fromisoformat(value), "due")
            except ValueError:
                raise InvalidInput(f"due: expected YYYY-MM-DD, got '{value[:40]}'") from None
        with self.session() as s:
            s.add(
                CorrectionRow(
                    pair_id=viewer.pair.id,
                    commitment_id=commitment_id,
                    actor=viewer.person.id,
                    action=action,
                    value=value,
                )
            )

    def corrections(self, viewer: Viewer) -> dict[str, list[Correction]]:
        """{commitment id: [Correction]} in the order they were made."""
        query = select(CorrectionRow).where(CorrectionRow.pair_id == viewer.pair.id).order_by(CorrectionRow.pk)
        out: dict[str, list[Correction]] = {}
        with self.session() as s:
            for row in s.scalars(query):
                out.setdefault(row.commitment_id, []).append(Correction(row.action, row.value, row.actor, row.at))
        return out
