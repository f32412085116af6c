"""The ledger's embedder: each text's vector made once, and kept with the pair.

The commitment ledger compares promises with the clauses that report on them by meaning
(MiniLM), and is rebuilt whenever a pair's notes change: without this, every rebuild
embedded the same texts again, which made a note added to a 30-note pair cost 1.4 s instead
of 0.3 (``benchmarks/concurrent_writes.py``). Inside :meth:`TextVectors.for_pair`, the
ledger's ``embed`` looks each text up by a keyed hash (the index's
:meth:`~assistant.retrieval.index.PairIndex.text_key`, so a text that is also one of the
index's chunks is never embedded twice), embeds only the texts never seen, in one call, and
keeps them in the store (``text_vectors``) when the rebuild is done; vectors that rebuild
did not use any more are deleted then, so what a forgotten note said does not outlive the
next rebuild. Outside a pair's rebuild it is the plain embedder.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from assistant.retrieval.embeddings import Embedder
from assistant.store.records import Records

__all__ = ["TextVectors"]


@dataclass
class _Rebuild:
    pair_id: str
    known: dict[bytes, np.ndarray]
    ready: Callable[[], None] | None
    chunks: dict[bytes, bytes] | None = None
    """The pair's chunk vectors, read when the ledger first embeds (after ``ready``)."""
    new: dict[bytes, bytes] = field(default_factory=dict)
    used: set[bytes] = field(default_factory=set)


class TextVectors:
    def __init__(
        self,
        records: Records,
        embedder: Embedder,
        key: Callable[[str], bytes],
        chunk_space: Callable[[], str],
    ):
        self.records = records
        self.embedder = embedder
        self._key = key
        self._chunk_space = chunk_space
        self._local = threading.local()

    @property
    def space(self) -> str:
        return f"{self.embedder.name}:{self.embedder.dimension}"

    @contextmanager
    def for_pair(self, pair_id: str, ready: Callable[[], None] | None = None) -> Iterator[None]:
        """While the pair's ledgers are rebuilt (in this thread): vectors looked up, and kept after.

        ``ready``: waits until the index has kept the vectors of the notes it is embedding
        meanwhile (a ledger read while the index embeds): called before the first text is
        looked up among the chunks, so that a text the index embeds is not embedded again."""
        space = self.space
        known = {k: np.frombuffer(v, np.float32) for k, v in self.records.text_vectors(pair_id, space).items()}
        stored = set(known)
        self._local.rebuild = rebuild = _Rebuild(pair_id, known, ready)
        try:
            yield
        finally:
            self._local.rebuild = None
        if rebuild.new or stored - rebuild.used:
            self.records.keep_text_vectors(pair_id, space, rebuild.new, rebuild.used)

    def encode(self, texts: list[str]) -> np.ndarray:
        rebuild: _Rebuild | None = getattr(self._local, "rebuild", None)
        if rebuild is None:
            return self.embedder.encode(texts)
        keys = [self._key(t) for t in texts]
        if rebuild.chunks is None and any(k not in rebuild.known for k in keys):
            if rebuild.ready is not None:
                rebuild.ready()
            rebuild.chunks = self.records.pair_chunk_vectors(rebuild.pair_id, self._chunk_space())
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in rebuild.known and key not in missing:
                if rebuild.chunks and key in rebuild.chunks:  # the index embedded this very text
                    rebuild.known[key] = np.frombuffer(rebuild.chunks[key], np.float32)
                else:
                    missing[key] = text
        if missing:
            for key, vector in zip(missing, self.embedder.encode(list(missing.values())), strict=True):
                vector = np.asarray(vector, np.float32)
                rebuild.known[key] = vector
                rebuild.new[key] = vector.tobytes()
        rebuild.used.update(keys)
        if not texts:
            return np.zeros((0, self.embedder.dimension), np.float32)
        return np.stack([rebuild.known[k] for k in keys])
