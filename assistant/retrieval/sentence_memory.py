"""The second stage's sentence vectors, kept with the notes they were read from.

Search's second stage (:mod:`assistant.retrieval.rerank`) embeds the sentences of the best
few notes: up to a couple of hundred sentences for a question over long notes, which is
most of a search's cost the first time (MiniLM reads ~300 sentences a second on two cores).
A :class:`SentenceMemory` holds, for one search, the vectors stored for its candidate notes
(read with the notes, in the same query) and collects the ones made now; the
:class:`SentenceKeeper` writes those back to the store in the background, so that a search
never waits for a write (nor behind another writer's transaction). The import keeps the
vectors of a new note's sentences the same way (:mod:`assistant.retrieval.indexer`), so
this is for notes whose chunks were not all embedded anew. A note's row is keyed by
its index key and holds the keyed hash of each sentence (the index's ``text_key``), so a
stored vector is used only for the very same text; the rows are sealed like every vector,
dropped with the note's other vectors, and when its text changes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from assistant.store.records import Records
from assistant.store.vectors import SentenceVectors

__all__ = ["SentenceKeeper", "SentenceMemory"]

KEY_BYTES = 8
log = logging.getLogger(__name__)


class SentenceMemory:
    """Stored and new sentence vectors of one search's candidate notes (by index key)."""

    def __init__(
        self,
        text_key: Callable[[str], bytes],
        space: str,
        dimension: int,
        stored: dict[str, tuple[str, SentenceVectors | None]],
    ):
        """``stored``: for each candidate note's index key, its pair and stored row (or None)."""
        self._text_key = text_key
        self.space = space
        self._dimension = dimension
        self._rows = stored
        self._known: dict[str, dict[bytes, np.ndarray]] = {}
        self._new: dict[str, dict[bytes, np.ndarray]] = {}

    def _of(self, note_key: str) -> dict[bytes, np.ndarray]:
        found = self._known.get(note_key)
        if found is None:
            found = {}
            row = self._rows.get(note_key, ("", None))[1]
            if row is not None and row.space == self.space:
                keys = row.sentence_keys
                matrix = np.frombuffer(row.vectors, np.float32).reshape(-1, self._dimension)
                if len(matrix) * KEY_BYTES == len(keys):  # else written by another model: ignored
                    found = {keys[i * KEY_BYTES : (i + 1) * KEY_BYTES]: matrix[i] for i in range(len(matrix))}
            self._known[note_key] = found
        return found

    def get(self, note_key: str, text: str) -> np.ndarray | None:
        return self._of(note_key).get(self._text_key(text))

    def put(self, note_key: str, text: str, vector: np.ndarray) -> None:
        """A vector made (or found in the process's cache) for a sentence of the note."""
        if note_key in self._rows:
            self._new.setdefault(note_key, {})[self._text_key(text)] = np.asarray(vector, np.float32)

    def changed(self) -> list[SentenceVectors]:
        """The rows to write: each note's stored vectors and its new ones."""
        out = []
        for note_key, new in self._new.items():
            merged = {**self._of(note_key), **new}
            out.append(
                SentenceVectors(
                    note_key,
                    self._rows[note_key][0],
                    self.space,
                    b"".join(merged),
                    np.stack(list(merged.values())).astype(np.float32).tobytes(),
                )
            )
        return out


class SentenceKeeper:
    """Writes new sentence vectors in one background thread; :meth:`close` waits for it."""

    def __init__(self, records: Records):
        self.records = records
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._pending: set[Future] = set()

    def keep(self, rows: list[SentenceVectors]) -> None:
        if not rows:
            return
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coach-sentences")
            future = self._pool.submit(self._save, rows)
            self._pending.add(future)
        future.add_done_callback(self._done)

    def _done(self, future: Future) -> None:
        with self._lock:
            self._pending.discard(future)

    def _save(self, rows: list[SentenceVectors]) -> None:
        try:
            self.records.save_sentence_vectors(rows)
        except Exception as error:  # noqa: BLE001 - a cache: the next search makes them again
            log.debug("sentence vectors not kept (%s)", error.__class__.__name__)

    def flush(self) -> None:
        """Wait for the writes asked for so far."""
        with self._lock:
            pending = list(self._pending)
        for future in pending:
            future.result()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)
