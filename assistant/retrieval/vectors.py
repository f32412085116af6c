"""Exact dense search over the chunk vectors kept in the SQL store: every search's first stage.

A pair holds a few thousand chunks at most, so comparing a query with every one of them is
a fraction of a millisecond: what costs is loading them (~1 MB for a 100-note pair), once
per pair revision and audience set, kept in an in-process cache bounded in bytes. The
result is what the index gives (on every labelled history the same notes and scores; on a
long meeting series the same notes, a score differing in the fourth decimal where Chroma's
graph search is approximate), without importing chromadb or opening its client, which is
most of a second for a command, nor holding Chroma's loaded graphs (~5 MB a pair) in a
server. The viewer's notes are read through their audiences
(:meth:`~assistant.store.vectors.VectorStore.visible_vectors_at`), like every note read,
and the cache is keyed by those audiences: what was loaded for one member (their private
notes included) is found only by a viewer who sees exactly the same notes. When any of the
viewer's notes was indexed without its vectors stored (by an older Coach), the query goes to
the Chroma index instead. A note whose text waits for the index (written a moment ago, its
import still embedding) is in neither yet: it is searched without, nothing is cached, and
the search does not touch Chroma, whose embedded client makes a query wait behind any write
(an import of another pair held searches 10-17 s, ``benchmarks/README.md``, round 9).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from assistant.access import Viewer, audiences
from assistant.retrieval.index import ChunkHit, PairIndex
from assistant.store.records import Records

__all__ = ["StoredVectors"]

CACHE_BYTES = 64 * 2**20
"""What the cache holds at most: ~64 viewers of 100-note pairs, against ~5 MB for each graph
Chroma kept loaded."""


@dataclass(frozen=True)
class _Loaded:
    """One audience set's chunk vectors at one revision of its pair."""

    revision: int | None
    notes: list[str]
    """Index keys of the notes, in the order their chunks come."""
    owner: np.ndarray
    """For each row of ``matrix``, its note (an index into ``notes``)."""
    chunk: np.ndarray
    """For each row, the chunk's place in its note."""
    matrix: np.ndarray

    @property
    def nbytes(self) -> int:
        return self.owner.nbytes + self.chunk.nbytes + self.matrix.nbytes + 80 * len(self.notes)


class StoredVectors:
    """Dense search with :meth:`PairIndex.query`'s contract, over the stored vectors."""

    def __init__(self, records: Records, index: PairIndex, space, dimension: int, cache_bytes: int = CACHE_BYTES):
        """``space``: a callable giving the space the vectors must have been made in (the
        indexer's, which follows its embedder). ``cache_bytes``: what the loaded vectors kept
        in memory may take; one larger than all of it is used for its search and dropped."""
        self.records = records
        self.index = index
        self._space = space
        self.dimension = dimension
        self._cache: OrderedDict[tuple, _Loaded] = OrderedDict()
        self._cache_bytes = cache_bytes
        self._held = 0
        self._lock = threading.Lock()

    @property
    def held_bytes(self) -> int:
        """What the cache holds now."""
        with self._lock:
            return self._held

    def _load(self, viewer: Viewer) -> _Loaded | None:
        space = self._space()
        # The audiences are the visibility: an entry serves only viewers who see the same notes.
        key = (viewer.pair.id, audiences(viewer), space)
        with self._lock:
            found = self._cache.get(key)
        # One short statement for a cached viewer: a note written since (a new revision) loads them again.
        if found is not None and found.revision == self.records.pair_revision(viewer.pair.id):
            with self._lock:
                if key in self._cache:
                    self._cache.move_to_end(key)
            return found
        revision, stored = self.records.visible_vectors_at(viewer, space)
        if any(blob is None and indexed for _, blob, indexed in stored):
            return None  # indexed before vectors were kept: the index has what this lacks
        # A note whose text waits for the index (being written now) is not in the index
        # either: searched without it, not cached, and without waiting on the index's writer.
        complete = all(blob is not None for _, blob, _ in stored)
        notes: list[str] = []
        owners: list[np.ndarray] = []
        chunks: list[np.ndarray] = []
        blocks: list[np.ndarray] = []
        for index_key, blob, _ in stored:
            if blob is None:
                continue
            block = np.frombuffer(blob, np.float32).reshape(-1, self.dimension)
            owners.append(np.full(len(block), len(notes), np.int32))
            chunks.append(np.arange(len(block), dtype=np.int32))
            notes.append(index_key)
            blocks.append(block)
        loaded = _Loaded(
            revision,
            notes,
            np.concatenate(owners) if owners else np.zeros(0, np.int32),
            np.concatenate(chunks) if chunks else np.zeros(0, np.int32),
            np.concatenate(blocks) if blocks else np.zeros((0, self.dimension), np.float32),
        )
        if complete:
            self._keep(key, loaded)
        return loaded

    def _keep(self, key: tuple, loaded: _Loaded) -> None:
        if loaded.nbytes > self._cache_bytes:
            return
        with self._lock:
            old = self._cache.pop(key, None)
            if old is not None:
                self._held -= old.nbytes
            self._cache[key] = loaded
            self._held += loaded.nbytes
            while self._held > self._cache_bytes:
                _, dropped = self._cache.popitem(last=False)
                self._held -= dropped.nbytes

    def evict(self, pair_id: str) -> None:
        """Forget the pair's vectors now (one of its notes was forgotten), not when they age out."""
        with self._lock:
            for key in [k for k in self._cache if k[0] == pair_id]:
                self._held -= self._cache.pop(key).nbytes

    def query(self, viewer: Viewer, vectors: np.ndarray, n: int) -> list[list[ChunkHit]]:
        """Nearest chunks among those the viewer may see, for each query vector, best first."""
        if len(vectors) == 0:
            return []
        loaded = self._load(viewer)
        if loaded is None:
            return self.index.query(viewer, vectors, n)
        size = len(loaded.owner)
        if size == 0:
            return [[] for _ in range(len(vectors))]
        sims = np.asarray(vectors, np.float32) @ loaded.matrix.T
        n = min(n, size)
        out = []
        for row in sims:
            top = np.argpartition(-row, n - 1)[:n] if n < size else np.arange(size)
            top = top[np.argsort(-row[top], kind="stable")]
            notes, owner, chunk = loaded.notes, loaded.owner, loaded.chunk
            out.append([ChunkHit(notes[owner[i]], int(chunk[i]), float(row[i])) for i in top])
        return out
