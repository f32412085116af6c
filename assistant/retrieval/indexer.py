"""Keeping the retrieval index level with the records: new, changed and deleted notes.

:meth:`Indexer.sync` runs after every write and at start, which repairs a crash between the
two. A note is cut into chunks (:func:`~assistant.retrieval.index.chunk_text`), its chunks
embedded, their vectors kept in the SQL store (``note_vectors``) and written to the index,
and only then is the note marked indexed: an interruption anywhere leaves it pending, and
the next sync redoes it without embedding again what was stored.

Each chunk's vector is stored under a keyed hash of its text, so a chunk is embedded once:
a note that changed re-embeds only the chunks whose text changed (a running document that
grows embeds its new end), identical chunks in one batch are embedded once, and rebuilding
the index (a new layout, ``coach reindex``) embeds nothing at all.

With MiniLM, a note's new chunks are not embedded as they are: the sentences they hold are,
each alone (each once, though chunks overlap), and a chunk's vector is the mean of its
sentences' vectors, each weighted by its word pieces inside the chunk
(:meth:`Indexer._from_sentences`). The sentences' vectors are kept with the note for search's
second stage, which then embeds nothing for a note imported whole: the first search after an
import costs what the next one does, and the import embeds fewer word pieces than before
(``benchmarks/README.md``, round 7).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import numpy as np

from assistant.retrieval.embeddings import Embedder
from assistant.retrieval.index import Chunk, PairIndex, chunk_text
from assistant.retrieval.rerank import sentence_starts
from assistant.store.records import PendingNote, Records
from assistant.store.vectors import NoteVectors, SentenceVectors

__all__ = ["Indexer"]

Progress = Callable[[int, int], None]
KEY_BYTES = 8
log = logging.getLogger(__name__)


class Indexer:
    """Keeps a :class:`PairIndex` level with the records."""

    batch_chunks = 1024
    """Chunks written per batch: Chroma's cost is mostly per write (each is flushed to disk),
    the model's per chunk; a batch is also what an interruption loses at most."""

    def __init__(self, records: Records, index: PairIndex, embedder: Embedder, chunk_words: int, chunk_overlap: int):
        self.records = records
        self.index = index
        self.embedder = embedder
        self.chunk_words = chunk_words
        self.chunk_overlap = chunk_overlap
        self._sync_lock = threading.RLock()
        self._preparing: set[str] = set()
        self._preparing_lock = threading.Lock()

    @property
    def space(self) -> str:
        """What a stored vector was made with: vectors of another space are never reused."""
        made = ":sentences" if self.embedder.reads_parts else ""
        return f"{self.embedder.name}:{self.embedder.dimension}:{self.chunk_words}:{self.chunk_overlap}{made}"

    def chunks(self, text: str) -> list[Chunk]:
        return chunk_text(text, self.chunk_words, self.chunk_overlap)

    def pending(self) -> int:
        return self.records.count_pending()

    def prepare(self, progress: Progress | None = None) -> int:
        """Embed the notes waiting for the index and keep their vectors, without writing the
        index: what :meth:`sync` then finds done. Many threads may prepare at once (each note
        is left to the first that takes it); returns the notes embedded here."""
        pending = self.records.pending_for_indexing()
        stored = self.records.note_vectors(n.index_key for n in pending)
        space = self.space
        with self._preparing_lock:
            mine = [
                n
                for n in pending
                if n.index_key not in self._preparing
                and not ((old := stored.get(n.index_key)) and old.content_hash == n.content_hash and old.space == space)
            ]
            self._preparing.update(n.index_key for n in mine)
        done = 0
        try:
            for batch in self._batches(mine):
                try:
                    made, _, sentence_rows = self._vectors(batch)
                    self.records.save_note_vectors(made)
                    self.records.save_sentence_vectors(sentence_rows)
                except Exception:  # noqa: BLE001 - sync tries again, note by note, and counts the failure
                    continue
                done += len(batch)
                if progress:
                    progress(done, len(mine))
        finally:
            with self._preparing_lock:
                self._preparing.difference_update(n.index_key for n in mine)
        return len(mine)

    def sync(self, progress: Progress | None = None) -> int:
        """Index every note whose entries are missing or stale; drop deleted ones.

        Records are marked indexed only after their chunks are written, batch by batch, so an
        interruption leaves the rest pending for the next run. One sync at a time: a thread
        that waited for another's finds its notes done. Returns the notes indexed.
        """
        with self._sync_lock:
            return self._sync(progress)

    def _batches(self, notes: list[PendingNote]):
        batch: list[tuple[PendingNote, list[Chunk]]] = []
        size = 0
        for note in notes:
            chunks = self.chunks(note.text)
            batch.append((note, chunks))
            size += len(chunks)
            if size >= self.batch_chunks:
                yield batch
                batch, size = [], 0
        if batch:
            yield batch

    def _sync(self, progress: Progress | None) -> int:
        self.drop_deleted()
        pending = self.records.pending_for_indexing()
        total, done = len(pending), 0
        if progress:
            progress(0, total)
        for batch in self._batches(pending):
            done += self._write_isolating(batch)
            if progress:
                progress(done, total)
        return done

    def drop_deleted(self) -> None:
        """Remove the index entries and stored vectors of notes deleted from the records."""
        by_pair: dict[str, list[str]] = {}
        for pair_id, key in self.records.tombstones():
            by_pair.setdefault(pair_id, []).append(key)
        for pair_id, keys in by_pair.items():
            if (pair := self.records.get_pair(pair_id)) is not None:  # a forgotten pair's collections are gone
                self.index.delete_notes(pair, keys)
            self.records.delete_note_vectors(keys)
            self.records.clear_tombstones(keys)

    def vectors(self, batch: list[tuple[PendingNote, list[Chunk]]]) -> list[NoteVectors]:
        """Each note's chunk vectors: those stored for the same text reused, the rest embedded
        in one call (each distinct text once)."""
        return self._vectors(batch)[0]

    def _vectors(
        self, batch: list[tuple[PendingNote, list[Chunk]]]
    ) -> tuple[list[NoteVectors], list[NoteVectors], list[SentenceVectors]]:
        """(every note's vectors, those not stored as they are: what is to be kept, and the
        vectors of the sentences embedded for them, for search's second stage)."""
        space, dimension = self.space, self.embedder.dimension
        known: dict[bytes, np.ndarray] = {}
        stored = self.records.note_vectors(note.index_key for note, _ in batch)
        for old in stored.values():
            if old.space == space:
                known.update(zip(_split_keys(old.chunk_keys), _matrix(old.vectors, dimension), strict=True))
        keys = [[self.index.text_key(c.text) for c in chunks] for _, chunks in batch]
        missing: dict[bytes, str] = {}
        for (_, chunks), note_keys in zip(batch, keys, strict=True):
            for chunk, key in zip(chunks, note_keys, strict=True):
                if key not in known:
                    missing.setdefault(key, chunk.text)
        sentence_rows: list[SentenceVectors] = []
        if missing and self.embedder.reads_parts:
            from_sentences, sentence_rows = self._from_sentences(batch, keys, set(missing))
            known.update(from_sentences)
            missing = {k: t for k, t in missing.items() if k not in from_sentences}
        if missing:
            known.update(zip(missing, self.embedder.encode(list(missing.values())), strict=True))
        made, changed = [], []
        for (note, _), note_keys in zip(batch, keys, strict=True):
            row = NoteVectors(
                note.index_key,
                note.pair_id,
                note.content_hash,
                space,
                b"".join(note_keys),
                np.stack([known[k] for k in note_keys]).astype(np.float32).tobytes(),
            )
            made.append(row)
            before = stored.get(note.index_key)
            if before is None or _made_from(before) != _made_from(row):
                changed.append(row)
        return made, changed, sentence_rows

    def _from_sentences(
        self, batch: list[tuple[PendingNote, list[Chunk]]], keys: list[list[bytes]], wanted: set[bytes]
    ) -> tuple[dict[bytes, np.ndarray], list[SentenceVectors]]:
        """The ``wanted`` chunks' vectors made from their notes' sentences, and those sentences'
        vectors. Each sentence that overlaps a wanted chunk is embedded once, alone (what the
        second stage of search reads); a chunk's vector is the mean of its sentences' vectors,
        each weighted by how many of its word pieces lie inside the chunk. A note's words are
        embedded once instead of up to twice (chunks overlap), and search never embeds the
        sentences of a note imported whole. A chunk none of whose pieces were read (its
        sentences cut off past the model's 256 pieces) is left to be embedded as it is."""
        jobs, plan, read = _sentence_plan(batch, keys, wanted)
        texts = list(jobs)
        vectors, counts = self.embedder.encode_parts(texts, [jobs[t] for t in texts])
        row_of = {t: i for i, t in enumerate(texts)}
        chunks_made: dict[bytes, np.ndarray] = {}
        for key, parts in plan.items():
            total, count = np.zeros(self.embedder.dimension, np.float32), 0.0
            for sentence, n in parts:
                pieces = counts[row_of[sentence]][n]
                total += pieces * vectors[row_of[sentence]]
                count += pieces
            norm = float(np.linalg.norm(total))
            if count and norm:
                chunks_made[key] = (total / norm).astype(np.float32)
        space = f"{self.embedder.name}:{self.embedder.dimension}"
        rows = []
        for note, used_sentences in read:
            by_key = {self.index.text_key(t): vectors[row_of[t]] for t in used_sentences}
            if by_key:
                matrix = np.stack(list(by_key.values())).astype(np.float32)
                rows.append(SentenceVectors(note.index_key, note.pair_id, space, b"".join(by_key), matrix.tobytes()))
        return chunks_made, rows

    def _write_isolating(self, batch: list[tuple[PendingNote, list[Chunk]]]) -> int:
        """:meth:`_write`, and when the batch fails, each note alone: a note that cannot be
        indexed is counted (``records.index_failed``; set aside after a few tries, see
        :mod:`assistant.store.index_state`) and the others go on. When every note of a batch
        fails alone, the index itself is failing, not a note: that error is raised."""
        try:
            return self._write(batch)
        except Exception as error:  # noqa: BLE001 - a crash (KeyboardInterrupt, kill) is not caught
            if len(batch) == 1:
                self._failed(batch[0][0], error)
                return 0
            done, failed = 0, []
            for item in batch:
                try:
                    done += self._write([item])
                except Exception as lone:  # noqa: BLE001
                    failed.append((item[0], lone))
            if not done:
                raise
            for note, why in failed:
                self._failed(note, why)
            return done

    def _failed(self, note: PendingNote, error: Exception) -> None:
        # The class only: a message could quote the note.
        log.warning("index: a note of a pair could not be indexed (%s)", error.__class__.__name__)
        self.records.index_failed([note], error.__class__.__name__)

    def _write(self, batch: list[tuple[PendingNote, list[Chunk]]]) -> int:
        made, changed, sentence_rows = self._vectors(batch)
        # Kept first (those :meth:`prepare` did not keep already): if what follows is
        # interrupted, the next sync reuses them. A note's sentence vectors after its chunks':
        # keeping the chunks of a changed text drops the sentence vectors of the older one.
        self.records.save_note_vectors(changed)
        self.records.save_sentence_vectors(sentence_rows)
        rows_by_pair: dict[str, list[tuple[str, int, str, np.ndarray]]] = {}
        for (note, _), stored in zip(batch, made, strict=True):
            rows = rows_by_pair.setdefault(note.pair_id, [])
            for n, vector in enumerate(_matrix(stored.vectors, self.embedder.dimension)):
                rows.append((note.index_key, n, note.audience, vector))
        for pair_id, rows in rows_by_pair.items():
            if (pair := self.records.get_pair(pair_id)) is not None:
                self.index.replace(pair, rows)
        self.records.mark_indexed(note for note, _ in batch)
        return len(batch)

    def rebuild(self, progress: Progress | None = None) -> int:
        """Drop and rebuild every pair's collection from the records (and the stored vectors)."""
        with self._sync_lock:
            return self._rebuild(progress)

    def _rebuild(self, progress: Progress | None) -> int:
        self.index.drop_all()
        deleted = [key for _, key in self.records.tombstones()]
        self.records.delete_note_vectors(deleted)
        self.records.clear_tombstones(deleted)
        self.records.mark_all_unindexed()
        return self._sync(progress)


def _sentence_plan(
    batch: list[tuple[PendingNote, list[Chunk]]], keys: list[list[bytes]], wanted: set[bytes]
) -> tuple[dict[str, list[tuple[int, int]]], dict[bytes, list[tuple[str, int]]], list[tuple[PendingNote, list[str]]]]:
    """What to embed for the ``wanted`` chunks: each sentence with the spans of it that lie in
    a chunk; each chunk's parts (sentence, span); each note with the sentences read for it."""
    jobs: dict[str, list[tuple[int, int]]] = {}  # sentence -> the spans of it to sum
    plan: dict[bytes, list[tuple[str, int]]] = {}  # chunk key -> (sentence, span) parts
    read: list[tuple[PendingNote, list[str]]] = []
    for (note, chunks), note_keys in zip(batch, keys, strict=True):
        todo = [(c, k) for c, k in zip(chunks, note_keys, strict=True) if k in wanted and k not in plan]
        if not todo:
            continue
        starts = sentence_starts(note.text)
        used: dict[str, None] = {}
        for chunk, key in todo:
            parts = plan[key] = []
            for sentence, at in starts:
                a, b = max(at, chunk.start), min(at + len(sentence), chunk.end)
                if a >= b:
                    continue
                spans = jobs.setdefault(sentence, [])
                if (a - at, b - at) not in spans:
                    spans.append((a - at, b - at))
                parts.append((sentence, spans.index((a - at, b - at))))
                used[sentence] = None
        read.append((note, list(used)))
    return jobs, plan, read


def _made_from(row: NoteVectors) -> tuple[str, str, bytes]:
    return row.content_hash, row.space, row.chunk_keys


def _split_keys(blob: bytes) -> list[bytes]:
    return [blob[i : i + KEY_BYTES] for i in range(0, len(blob), KEY_BYTES)]


def _matrix(blob: bytes, dimension: int) -> np.ndarray:
    return np.frombuffer(blob, np.float32).reshape(-1, dimension)
