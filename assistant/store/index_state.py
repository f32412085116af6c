"""Index bookkeeping: which notes the retrieval index is missing or holds too many of, and
which could not be indexed.

A note that fails to index (the embedder or the index refused it) is tried again at the
next sync, up to :data:`MAX_INDEX_ATTEMPTS` times for one version of its text; then it is
kept as *not searchable*: still in the records (drafts, the ledger, its author's reading),
left out of searches, reported by ``coach doctor`` and in the import's summary, and never
retried at every start again. A new version of the note (an edit, a re-import) is tried
afresh; ``coach doctor --retry`` (and ``coach reindex``) try them all again.

Internal to index maintenance: these reads cross audiences and never feed an answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, cast

from sqlalchemy import Table, bindparam, delete, func, select, update

from assistant.store.database import Database
from assistant.store.models import PendingNote
from assistant.store.tables import IndexTombstone, NoteRow

__all__ = ["MAX_INDEX_ATTEMPTS", "IndexState", "Unsearchable"]

MAX_INDEX_ATTEMPTS = 3


class Unsearchable(NamedTuple):
    """A note the index could not take: which, how often it was tried, the kind of error."""

    pair_id: str
    note_id: str
    attempts: int
    error: str | None


_STALE = (NoteRow.indexed_hash.is_(None)) | (NoteRow.indexed_hash != NoteRow.content_hash)
_WAITING = _STALE & (NoteRow.index_attempts < MAX_INDEX_ATTEMPTS)
_SET_ASIDE = _STALE & (NoteRow.index_attempts >= MAX_INDEX_ATTEMPTS)


class IndexState(Database):
    def pending_for_indexing(self, pair_id: str | None = None) -> list[PendingNote]:
        """Notes whose index entries are missing or stale (those set aside excepted)."""
        query = select(NoteRow).where(_WAITING)
        if pair_id is not None:
            query = query.where(NoteRow.pair_id == pair_id)
        with self.session() as s:
            return [
                PendingNote(r.pair_id, r.index_key, r.audience, r.text, r.content_hash)
                for r in s.scalars(query.order_by(NoteRow.pair_id, NoteRow.pk))
            ]

    def count_pending(self) -> int:
        with self.session() as s:
            notes = s.scalar(select(func.count()).select_from(NoteRow).where(_WAITING))
            tombs = s.scalar(select(func.count()).select_from(IndexTombstone))
            return (notes or 0) + (tombs or 0)

    def mark_indexed(self, done: Iterable[PendingNote]) -> None:
        params = [{"key": p.index_key, "hash": p.content_hash} for p in done]
        if not params:
            return
        query = (
            update(cast(Table, NoteRow.__table__))
            .where(NoteRow.index_key == bindparam("key"), NoteRow.content_hash == bindparam("hash"))
            .values(indexed_hash=bindparam("hash"), index_attempts=0, index_error=None)
        )
        with self.session() as s:
            s.connection().execute(query, params)  # one statement, many rows

    def index_failed(self, notes: Iterable[PendingNote], error: str) -> None:
        """Count a failed attempt at indexing these versions of the notes (``error``: the
        kind of error, never its message, which could quote the note)."""
        params = [{"key": p.index_key, "hash": p.content_hash} for p in notes]
        if not params:
            return
        query = (
            update(cast(Table, NoteRow.__table__))
            .where(NoteRow.index_key == bindparam("key"), NoteRow.content_hash == bindparam("hash"))
            .values(index_attempts=NoteRow.index_attempts + 1, index_error=error[:100])
        )
        with self.session() as s:
            s.connection().execute(query, params)

    def unsearchable(self, pair_ids: Iterable[str] | None = None, tried_once: bool = False) -> list[Unsearchable]:
        """Notes set aside after failing to index (of these pairs, or all), by pair and note;
        ``tried_once``: also those that failed fewer times (to be tried again), which are not
        searchable either for now (what an import that just failed on them reports)."""
        where = (_STALE & (NoteRow.index_attempts > 0)) if tried_once else _SET_ASIDE
        query = select(NoteRow.pair_id, NoteRow.note_id, NoteRow.index_attempts, NoteRow.index_error).where(where)
        if pair_ids is not None:
            query = query.where(NoteRow.pair_id.in_(list(pair_ids)))
        with self.session() as s:
            return [Unsearchable(*row) for row in s.execute(query.order_by(NoteRow.pair_id, NoteRow.pk))]

    def retry_unsearchable(self) -> int:
        """Give every note set aside its tries again; returns how many."""
        with self.session() as s:
            result = s.execute(update(NoteRow).where(_SET_ASIDE).values(index_attempts=0))
            return int(getattr(result, "rowcount", 0) or 0)

    def mark_all_unindexed(self, pair_id: str | None = None) -> None:
        with self.session() as s:
            query = update(NoteRow).values(indexed_hash=None, index_attempts=0, index_error=None)
            if pair_id is not None:
                query = query.where(NoteRow.pair_id == pair_id)
            s.execute(query)

    def tombstones(self) -> list[tuple[str, str]]:
        with self.session() as s:
            return [(t.pair_id, t.index_key) for t in s.scalars(select(IndexTombstone))]

    def clear_tombstones(self, keys: Iterable[str]) -> None:
        with self.session() as s:
            s.execute(delete(IndexTombstone).where(IndexTombstone.index_key.in_(list(keys))))
