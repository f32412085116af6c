"""The retrieval index: one Chroma collection per pair, derived from the records.

- A pair's chunks live in one collection, each with the opaque token of its note's audience
  (shared, or one member's private notes: :func:`~assistant.access.pair_audiences`). A
  query asks only for the viewer's audiences (a ``where`` filter on those tokens), so another
  member's private chunks are never candidates, and each hit's token is checked again on the
  way out (a hit that fails it is dropped and logged: it would be a bug).
- Collection names come from :meth:`PairIndex.collection_name` alone: an HMAC of the pair id
  under a per-store secret, so neither names nor ids ever reach Chroma.
- Notes are cut into overlapping chunks (MiniLM reads 256 word pieces at most; a whole note
  would be judged on its start). Chunks carry an opaque note key and audience token, never
  text, names or ids: the text stays in the SQL store.
- Every write goes through to disk (``sync_threshold`` 1). chromadb 1.5.9 fails queries on
  an index it evicted from its cache and reloads when records had stayed in its write log
  ("Nothing found on disk"; filtered ones also with "Error finding id"), which is what made an
  earlier layout (2) keep one collection per audience, queried unfiltered. With writes
  through to disk, filtered queries over 150 collections and a cache of 8, with writes in
  between, failed 0 times in 1,200 (``benchmarks/README.md``); ``tests/test_index_cache.py``
  keeps checking it. One collection per pair is a third of the collections to create, load
  and keep in memory.
- :class:`~assistant.retrieval.indexer.Indexer` brings the index level with the records.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import resource
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import numpy as np

from assistant.access import Viewer, audiences
from assistant.models import Pair

__all__ = ["Chunk", "ChunkHit", "DenseIndex", "PairIndex", "chunk_text", "open_chroma"]

log = logging.getLogger(__name__)

_UUID_DIR = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ChunkHit:
    index_key: str
    chunk: int
    similarity: float


class DenseIndex(Protocol):
    """What search asks of a dense index (:class:`PairIndex`, or the stored vectors)."""

    def query(self, viewer: Viewer, vectors: np.ndarray, n: int) -> list[list[ChunkHit]]: ...


def chunk_text(text: str, words: int = 60, overlap: int = 15) -> list[Chunk]:
    """Overlapping windows of ``words`` words, as spans of the original text."""
    if len(text) > _REMEMBERED_CHARS:
        return _cut(text, words, overlap)
    return list(_chunks(text, words, overlap))


_REMEMBERED_CHARS = 20_000


@lru_cache(maxsize=512)
def _chunks(text: str, words: int, overlap: int) -> tuple[Chunk, ...]:
    """Remembered (notes of usual length, a few MB at most): every search cuts its hits'
    notes again to show the chunk that matched."""
    return tuple(_cut(text, words, overlap))


def _cut(text: str, words: int, overlap: int) -> list[Chunk]:
    spans = [m.span() for m in re.finditer(r"\S+", text)]
    if not spans:
        return [Chunk(0, len(text), text)]
    step = max(1, words - overlap)
    chunks = []
    for first in range(0, len(spans), step):
        last = min(first + words, len(spans)) - 1
        start, end = spans[first][0], spans[last][1]
        chunks.append(Chunk(start, end, text[start:end]))
        if last == len(spans) - 1:
            break
    return chunks


def open_chroma(path: Path, url: str | None, cache: int = 64):
    """A Chroma client: the server at ``url``, else a local store at ``path`` that keeps at
    most ``cache`` vector indexes loaded (a few MB each)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if url:
        parsed = urlparse(url)
        return chromadb.HttpClient(
            host=parsed.hostname or "localhost",
            port=parsed.port or 8000,
            ssl=parsed.scheme == "https",
            settings=settings,
        )
    path.mkdir(parents=True, exist_ok=True)
    from assistant.retrieval.freed_memory import scrub_freed_memory

    scrub_freed_memory()  # the embedded index writes its files from this process's heap
    with _index_cache(cache):
        return chromadb.PersistentClient(path=str(path), settings=settings)


def __getattr__(name: str):
    """``Indexer`` moved to :mod:`assistant.retrieval.indexer`; importing it from here still works."""
    if name == "Indexer":
        from assistant.retrieval.indexer import Indexer

        return Indexer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _open_files() -> int:
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:  # no /proc (macOS): assume a typical process
        return 256


MAX_BATCH = 4096
"""Records per Chroma write: chromadb 1.5.9 refuses more than 5,461 at once."""

FILES_PER_INDEX = 5
"""Each loaded HNSW index holds four data files and a metadata file open."""
HEADROOM_FILES = 1024
"""Open files left for everything else: SQLite, sockets of the API, the model."""


@contextmanager
def _index_cache(cache: int):
    """Make Chroma keep at most ``cache`` indexes loaded, and leave the process room for them.

    chromadb 1.5.9 has no setting for its in-process cache: it keeps (open-files soft limit
    / 5) indexes, reading the limit once, when its client is made. So the limit is set to
    that for the moment the client is made, then to what the cache and everything else
    need (never lower than it was).
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    cap = hard if hard != resource.RLIM_INFINITY else 1 << 20
    # Making the client opens files too: never below what is open now, and some room.
    for_chroma = min(cap, max(cache * FILES_PER_INDEX, _open_files() + 64))
    after = max(soft, min(cap, for_chroma + HEADROOM_FILES))
    resource.setrlimit(resource.RLIMIT_NOFILE, (for_chroma, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (after, hard))


class PairIndex:
    """Vector storage for every pair: a collection per pair, chunks tagged with their audience."""

    CONFIGURATION = {"hnsw": {"space": "cosine", "sync_threshold": 1, "batch_size": 50}}
    LAYOUT = "3"
    """1: a collection per pair, queried with an audience filter (Chroma's default write
    buffering). 2: a collection per pair and audience, queried without one. 3: a collection
    per pair, filtered, written through. A store of another layout is rebuilt at start."""

    def __init__(self, connect: Callable[[], Any], secret: bytes, local_path: Path | None = None):
        """``connect`` makes the Chroma client, on first use: importing chromadb alone takes
        most of a second, and commands that never search (an agenda, the ledger) skip it."""
        self._connect = connect
        self._client: Any = None
        self._client_lock = threading.Lock()
        self._secret = secret
        self._local_path = local_path
        self._collections: dict[str, object] = {}

    @property
    def client(self):
        with self._client_lock:
            if self._client is None:
                self._client = self._connect()
            return self._client

    @property
    def connected(self) -> bool:
        return self._client is not None

    def _token(self, kind: str, value: str) -> str:
        return hmac.new(self._secret, f"{kind}\x00{value}".encode(), hashlib.sha256).hexdigest()

    def collection_name(self, pair_id: str) -> str:
        """The one place a collection is named: opaque, stable for this store."""
        return "coach-" + self._token("pair-collection", pair_id)[:40]

    def text_key(self, text: str) -> bytes:
        """A keyed 8-byte hash of a chunk's text: which stored vectors may be reused for it."""
        return hashlib.blake2b(text.encode(), digest_size=8, key=self._secret[:64]).digest()

    def audience_token(self, pair_id: str, audience: str) -> str:
        """Opaque and distinct per pair: what each chunk says it belongs to, and what a query
        asks for."""
        return self._token("audience", f"{pair_id}\x00{audience}")[:32]

    def _collection(self, pair_id: str, create: bool = True):
        name = self.collection_name(pair_id)
        col = self._collections.get(name)
        if col is None:
            if create:
                col = self.client.get_or_create_collection(
                    name, embedding_function=None, configuration=self.CONFIGURATION
                )
            else:
                try:
                    col = self.client.get_collection(name, embedding_function=None)
                except Exception:  # chromadb raises NotFoundError/ValueError by version
                    return None
            self._collections[name] = col
        return col

    def replace(self, pair: Pair, rows: list[tuple[str, int, str, np.ndarray]]) -> None:
        """Write chunks (note key, chunk number, audience, vector), replacing the notes' old ones."""
        if not rows:
            return
        self.delete_notes(pair, {key for key, _, _, _ in rows})
        tokens = {audience: self.audience_token(pair.id, audience) for audience in {a for _, _, a, _ in rows}}
        col = self._collection(pair.id)
        for start in range(0, len(rows), MAX_BATCH):  # Chroma refuses batches over 5,461
            part = rows[start : start + MAX_BATCH]
            col.add(
                ids=[f"{key}:{n}" for key, n, _, _ in part],
                embeddings=np.stack([v for _, _, _, v in part]),
                metadatas=[{"note": key, "chunk": n, "audience": tokens[a]} for key, n, a, _ in part],
            )

    def delete_notes(self, pair: Pair, keys: Iterable[str]) -> None:
        keys = sorted(set(keys))
        col = self._collection(pair.id, create=False) if keys else None
        if col is None:
            return
        for start in range(0, len(keys), MAX_BATCH):
            col.delete(where={"note": {"$in": keys[start : start + MAX_BATCH]}})

    def query(self, viewer: Viewer, vectors: np.ndarray, n: int) -> list[list[ChunkHit]]:
        """Nearest chunks among those the viewer may see, for each query vector, best first."""
        if len(vectors) == 0:
            return []
        col = self._collection(viewer.pair.id, create=False)
        if col is None:
            return [[] for _ in range(len(vectors))]
        tokens = [self.audience_token(viewer.pair.id, audience) for audience in audiences(viewer)]
        found = col.query(
            query_embeddings=np.asarray(vectors, np.float32),
            n_results=n,
            where={"audience": {"$in": tokens}},
            include=["metadatas", "distances"],
        )
        out = []
        for metas, dists in zip(found["metadatas"], found["distances"], strict=True):
            hits = [ChunkHit(m["note"], int(m["chunk"]), 1.0 - float(d)) for m, d in zip(metas, dists, strict=True)]
            kept = [h for h, m in zip(hits, metas, strict=True) if m["audience"] in tokens]  # checked again
            if len(kept) < len(hits):
                log.error(
                    "index: dropped %d hit(s) of another audience that the query let through", len(hits) - len(kept)
                )
            out.append(kept)
        return out

    def close(self) -> None:
        """Release the client (its files and loaded indexes), if it was ever made."""
        self._collections.clear()
        close = getattr(self._client, "close", None)
        if close is not None:
            close()

    def drop_pair(self, pair: Pair) -> None:
        name = self.collection_name(pair.id)
        self._collections.pop(name, None)
        try:
            self.client.delete_collection(name)
        except Exception:  # not there: nothing to drop
            pass
        self.purge_local_files()

    def drop_all(self) -> int:
        """Drop every collection of this store (any layout); returns how many."""
        dropped = 0
        for col in self.client.list_collections():
            name = getattr(col, "name", col)
            if name.startswith("coach-"):
                self._collections.pop(name, None)
                self.client.delete_collection(name)
                dropped += 1
        if dropped:
            self.purge_local_files()
        return dropped

    def purge_local_files(self) -> None:
        """Remove what Chroma leaves on disk after deleting: segment folders and freed pages."""
        if self._local_path is None:
            return
        db = self._local_path / "chroma.sqlite3"
        if not db.exists():
            return
        con = sqlite3.connect(db, timeout=30)
        try:
            live = {row[0] for row in con.execute("SELECT id FROM segments")}
            for child in self._local_path.iterdir():
                if child.is_dir() and _UUID_DIR.match(child.name) and child.name not in live:
                    shutil.rmtree(child, ignore_errors=True)
            con.execute("VACUUM")
        finally:
            con.close()
