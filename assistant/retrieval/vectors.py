"""Exact dense search over the chunk vectors kept in the SQL store, without the index.

A pair holds a few thousand chunks at most, so comparing a query with every one of them is
a fraction of a millisecond: what costs is loading them, once per pair revision and viewer
(kept in a small in-process cache). The result is what the index gives (on every labelled
history the same notes and scores; on a long meeting series the same notes, a score
differing in the fourth decimal where Chroma's graph search is approximate), without
importing chromadb or opening its client, which is most of a second for a command: the
drafts and the `coach search` command search here. The viewer's notes are read through
their audiences (:meth:`~assistant.store.vectors.VectorStore.visible_vectors`), like every note read; when
any of them has no vectors stored yet (not indexed, or indexed by an older Coach), the
query goes to the index instead.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from assistant.access import Viewer
from assistant.retrieval.index import ChunkHit, PairIndex
from assistant.store.records import Records

__all__ = ["StoredVectors"]


class StoredVectors:
    """Dense search with :meth:`PairIndex.query`'s contract, over the stored vectors."""

    def __init__(self, records: Records, index: PairIndex, space, dimension: int, cache_size: int = 16):
        """``space``: a callable giving the space the vectors must have been made in (the
        indexer's, which follows its embedder)."""
        self.records = records
        self.index = index
        self._space = space
        self.dimension = dimension
        self._cache: OrderedDict[tuple, tuple[list[str], np.ndarray, np.ndarray]] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def _load(self, viewer: Viewer) -> tuple[list[str], np.ndarray, np.ndarray] | None:
        space = self._space()
        key = (viewer.pair.id, viewer.person.id, self.records.pair_revision(viewer.pair.id), space)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        stored = self.records.visible_vectors(viewer, space)
        if any(blob is None for _, blob in stored):
            return None
        keys: list[str] = []
        chunks: list[np.ndarray] = []
        blocks: list[np.ndarray] = []
        for index_key, blob in stored:
            assert blob is not None  # checked above
            block = np.frombuffer(blob, np.float32).reshape(-1, self.dimension)
            keys.extend([index_key] * len(block))
            chunks.append(np.arange(len(block)))
            blocks.append(block)
        loaded = (
            keys,
            np.concatenate(chunks) if chunks else np.zeros(0, np.int64),
            np.concatenate(blocks) if blocks else np.zeros((0, self.dimension), np.float32),
        )
        with self._lock:
            self._cache[key] = loaded
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return loaded

    def evict(self, pair_id: str) -> None:
        """Forget the pair's vectors now (one of its notes was forgotten), not when they age out."""
        with self._lock:
            for key in [k for k in self._cache if k[0] == pair_id]:
                del self._cache[key]

    def query(self, viewer: Viewer, vectors: np.ndarray, n: int) -> list[list[ChunkHit]]:
        """Nearest chunks among those the viewer may see, for each query vector, best first."""
        if len(vectors) == 0:
            return []
        loaded = self._load(viewer)
        if loaded is None:
            return self.index.query(viewer, vectors, n)
        keys, chunks, matrix = loaded
        if len(keys) == 0:
            return [[] for _ in range(len(vectors))]
        sims = np.asarray(vectors, np.float32) @ matrix.T
        n = min(n, len(keys))
        out = []
        for row in sims:
            top = np.argpartition(-row, n - 1)[:n] if n < len(keys) else np.arange(len(keys))
            top = top[np.argsort(-row[top], kind="stable")]
            out.append([ChunkHit(keys[i], int(chunks[i]), float(row[i])) for i in top])
        return out
