"""Vectors kept beside the notes they were made from (derived data): the index's chunk
vectors, by note, the second stage's sentence vectors, by note, and the ledger's text
vectors, by pair and keyed hash of the text.

Internal to retrieval: :meth:`VectorStore.visible_vectors` reads through a viewer's
audiences like every note read; the other methods serve index maintenance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select

from assistant.access import Viewer, audiences
from assistant.models import Note
from assistant.store.database import Database
from assistant.store.notes import NOTE_COLUMNS, note_of, visible_notes
from assistant.store.tables import NoteRow, NoteVectorRow, PairRow, SentenceVectorRow, TextVectorRow

__all__ = ["NoteVectors", "SentenceVectors", "VectorStore"]


@dataclass(frozen=True)
class NoteVectors:
    index_key: str
    pair_id: str
    content_hash: str
    space: str
    chunk_keys: bytes
    vectors: bytes


@dataclass(frozen=True)
class SentenceVectors:
    index_key: str
    pair_id: str
    space: str
    sentence_keys: bytes
    vectors: bytes


class VectorStore(Database):
    def note_vectors(self, keys: Iterable[str]) -> dict[str, NoteVectors]:
        """The stored vectors of these notes (by index key), whatever text they were made from."""
        keys = list(keys)
        found: dict[str, NoteVectors] = {}
        with self.session() as s:
            for start in range(0, len(keys), 500):  # bound the IN list
                query = select(NoteVectorRow).where(NoteVectorRow.index_key.in_(keys[start : start + 500]))
                for r in s.scalars(query):
                    found[r.index_key] = NoteVectors(
                        r.index_key, r.pair_id, r.content_hash, r.space, r.chunk_keys, r.vectors
                    )
        return found

    def save_note_vectors(self, rows: Iterable[NoteVectors]) -> None:
        """Insert or replace the notes' vectors in one statement (an import writes thousands;
        writers racing on one note leave the last one's, never an error)."""
        values = [
            {
                "index_key": r.index_key,
                "pair_id": r.pair_id,
                "content_hash": r.content_hash,
                "space": r.space,
                "chunk_keys": r.chunk_keys,
                "vectors": r.vectors,
            }
            for r in rows
        ]
        if not values:
            return
        statement = self._upsert(NoteVectorRow, ("pair_id", "content_hash", "space", "chunk_keys", "vectors"))
        with self.session() as s:
            # Sentence vectors of an older text go with it (those of sentences kept are made again).
            changed = select(NoteVectorRow.index_key).where(
                NoteVectorRow.index_key.in_([v["index_key"] for v in values])
            )
            old = {k: h for k, h in s.execute(changed.add_columns(NoteVectorRow.content_hash))}
            stale = [
                v["index_key"] for v in values if v["index_key"] in old and old[v["index_key"]] != v["content_hash"]
            ]
            if stale:
                s.execute(delete(SentenceVectorRow).where(SentenceVectorRow.index_key.in_(stale)))
            s.execute(statement, values)

    def _upsert(self, table, columns: tuple[str, ...]) -> Any:
        """Insert or replace by primary key (``index_key``)."""
        from sqlalchemy.dialects import postgresql, sqlite

        upsert: Any = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        statement = upsert(table)
        return statement.on_conflict_do_update(
            index_elements=["index_key"], set_={c: statement.excluded[c] for c in columns}
        )

    def delete_note_vectors(self, keys: Iterable[str]) -> None:
        """Drop the notes' chunk and sentence vectors."""
        keys = list(keys)
        with self.session() as s:
            for start in range(0, len(keys), 500):
                part = keys[start : start + 500]
                s.execute(delete(NoteVectorRow).where(NoteVectorRow.index_key.in_(part)))
                s.execute(delete(SentenceVectorRow).where(SentenceVectorRow.index_key.in_(part)))

    # -- the second stage's sentence vectors ------------------------------------------------

    def notes_with_sentences(
        self, viewer: Viewer, keys: Iterable[str], space: str
    ) -> dict[str, tuple[Note, SentenceVectors | None]]:
        """The notes the viewer may see among these index keys, each with its stored sentence
        vectors of ``space`` (None when none are stored): one query."""
        query = (
            visible_notes(viewer, *NOTE_COLUMNS)
            .where(NoteRow.index_key.in_(list(keys)))
            .outerjoin(
                SentenceVectorRow,
                (SentenceVectorRow.index_key == NoteRow.index_key) & (SentenceVectorRow.space == space),
            )
            .add_columns(SentenceVectorRow.sentence_keys, SentenceVectorRow.vectors)
        )
        out: dict[str, tuple[Note, SentenceVectors | None]] = {}
        with self.session() as s:
            for row in s.execute(query):
                sentence_keys, blob = row.sentence_keys, row.vectors
                stored = None
                if sentence_keys is not None and blob is not None:
                    stored = SentenceVectors(row.index_key, row.pair_id, space, sentence_keys, blob)
                out[row.index_key] = (note_of(row), stored)
        return out

    def save_sentence_vectors(self, rows: Iterable[SentenceVectors]) -> None:
        """Insert or replace the notes' sentence vectors, for notes still in the store."""
        values = [
            {
                "index_key": r.index_key,
                "pair_id": r.pair_id,
                "space": r.space,
                "sentence_keys": r.sentence_keys,
                "vectors": r.vectors,
            }
            for r in rows
        ]
        if not values:
            return
        with self.session() as s:
            live = set(
                s.scalars(select(NoteRow.index_key).where(NoteRow.index_key.in_([v["index_key"] for v in values])))
            )
            values = [v for v in values if v["index_key"] in live]  # a note deleted meanwhile keeps nothing
            if values:
                s.execute(self._upsert(SentenceVectorRow, ("pair_id", "space", "sentence_keys", "vectors")), values)

    def visible_vectors(self, viewer: Viewer, space: str) -> list[tuple[str, bytes | None]]:
        """(index key, vectors) of every note the viewer may see; None where the note's current
        text has no vectors of ``space`` stored (not indexed yet)."""
        return [(key, blob) for key, blob, _ in self.visible_vectors_at(viewer, space)[1]]

    def visible_vectors_at(self, viewer: Viewer, space: str) -> tuple[int | None, list[tuple[str, bytes | None, bool]]]:
        """The pair's revision and, for every note the viewer may see, (index key, vectors,
        indexed): read together (one statement, so the vectors are those of that revision);
        the vectors None where the note's current text has none of ``space`` stored, indexed
        False while its current text waits for the index (being written now). The revision
        is None when the viewer sees no note."""
        query = (
            select(NoteRow.index_key, NoteVectorRow.vectors, NoteVectorRow.content_hash, NoteVectorRow.space)
            .select_from(NoteRow)
            .outerjoin(NoteVectorRow, NoteVectorRow.index_key == NoteRow.index_key)
            .where(NoteRow.pair_id == viewer.pair.id, NoteRow.audience.in_(audiences(viewer)))
            .add_columns(
                NoteRow.content_hash,
                NoteRow.indexed_hash,
                select(PairRow.revision).where(PairRow.id == viewer.pair.id).scalar_subquery(),
            )
        )
        with self.session() as s:
            rows = s.execute(query).all()
        return (rows[0][6] if rows else None), [
            (key, blob if blob is not None and made_from == current and made_in == space else None, indexed == current)
            for key, blob, made_from, made_in, current, indexed, _ in rows
        ]

    # -- the ledger's text vectors -------------------------------------------------------

    def pair_chunk_vectors(self, pair_id: str, space: str) -> dict[bytes, bytes]:
        """Every chunk vector of the pair's notes, by chunk key (for texts that are chunks)."""
        query = select(NoteVectorRow.chunk_keys, NoteVectorRow.vectors).where(
            NoteVectorRow.pair_id == pair_id, NoteVectorRow.space == space
        )
        found: dict[bytes, bytes] = {}
        with self.session() as s:
            for keys, blob in s.execute(query):
                size = len(blob) // max(1, len(keys) // 8)
                for i in range(0, len(keys), 8):
                    found[keys[i : i + 8]] = blob[i // 8 * size : (i // 8 + 1) * size]
        return found

    def text_vectors(self, pair_id: str, space: str) -> dict[bytes, bytes]:
        with self.session() as s:
            query = select(TextVectorRow.text_key, TextVectorRow.vector).where(
                TextVectorRow.pair_id == pair_id, TextVectorRow.space == space
            )
            return {key: blob for key, blob in s.execute(query)}

    def keep_text_vectors(self, pair_id: str, space: str, new: dict[bytes, bytes], used: set[bytes]) -> None:
        """Add ``new`` vectors and delete the pair's others that are not in ``used``."""
        with self.session() as s:
            stored = set(
                s.scalars(
                    select(TextVectorRow.text_key).where(TextVectorRow.pair_id == pair_id, TextVectorRow.space == space)
                )
            )
            gone = list(stored - used - set(new))
            for start in range(0, len(gone), 500):
                s.execute(
                    delete(TextVectorRow).where(
                        TextVectorRow.pair_id == pair_id,
                        TextVectorRow.space == space,
                        TextVectorRow.text_key.in_(gone[start : start + 500]),
                    )
                )
            rows = [
                {"pair_id": pair_id, "space": space, "text_key": key, "vector": blob}
                for key, blob in new.items()
                if key not in stored
            ]
            if rows:
                s.execute(insert(TextVectorRow), rows)
