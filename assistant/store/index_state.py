"""Index bookkeeping: which notes the retrieval index is missing or holds too many of.

Internal to index maintenance: these reads cross audiences and never feed an answer.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, delete, func, select, update

from assistant.store.database import Database
from assistant.store.models import PendingNote
from assistant.store.tables import IndexTombstone, NoteRow

__all__ = ["IndexState"]


class IndexState(Database):
    def pending_for_indexing(self, pair_id: str | None = None) -> list[PendingNote]:
        query = select(NoteRow).where((NoteRow.indexed_hash.is_(None)) | (NoteRow.indexed_hash != NoteRow.content_hash))
        if pair_id is not None:
            query = query.where(NoteRow.pair_id == pair_id)
        with self.session() as s:
            return [
                PendingNote(r.pair_id, r.index_key, r.audience, r.text, r.content_hash)
                for r in s.scalars(query.order_by(NoteRow.pair_id, NoteRow.pk))
            ]

    def count_pending(self) -> int:
        with self.session() as s:
            notes = s.scalar(
                select(func.count())
                .select_from(NoteRow)
                .where((NoteRow.indexed_hash.is_(None)) | (NoteRow.indexed_hash != NoteRow.content_hash))
            )
            tombs = s.scalar(select(func.count()).select_from(IndexTombstone))
            return (notes or 0) + (tombs or 0)

    def mark_indexed(self, done: Iterable[PendingNote]) -> None:
        params = [{"key": p.index_key, "hash": p.content_hash} for p in done]
        if not params:
            return
        query = (
            update(NoteRow.__table__)
            .where(NoteRow.index_key == bindparam("key"), NoteRow.content_hash == bindparam("hash"))
            .values(indexed_hash=bindparam("hash"))
        )
        with self.session() as s:
            s.connection().execute(query, params)  # one statement, many rows

    def mark_all_unindexed(self, pair_id: str | None = None) -> None:
        with self.session() as s:
            query = update(NoteRow).values(indexed_hash=None)
            if pair_id is not None:
                query = query.where(NoteRow.pair_id == pair_id)
            s.execute(query)

    def tombstones(self) -> list[tuple[str, str]]:
        with self.session() as s:
            return [(t.pair_id, t.index_key) for t in s.scalars(select(IndexTombstone))]

    def clear_tombstones(self, keys: Iterable[str]) -> None:
        with self.session() as s:
            s.execute(delete(IndexTombstone).where(IndexTombstone.index_key.in_(list(keys))))
