"""The retrieval index: one Chroma collection per pair, derived from the records.

- Collection names come from :meth:`PairIndex.collection_name` alone: an HMAC of the pair id
  under a per-store secret, so neither names nor ids of pairs ever reach Chroma.
- Notes are cut into overlapping chunks of about 60 words (MiniLM reads 256 word pieces at
  most; a whole note would be judged on its start). Chunks carry an opaque note key and an
  opaque audience token, never text, names or ids: the text stays in the SQL store.
- A query filters on the viewer's audience tokens inside Chroma (``where``), so another
  member's private chunks are never candidates.
- :meth:`Indexer.sync` brings the index level with the records (new, changed and deleted
  notes); it runs after every write and at start, which repairs a crash between the two.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import resource
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from .access import Viewer, audiences
from .embeddings import Embedder
from .records import PendingNote, Records

__all__ = ["Chunk", "ChunkHit", "Indexer", "PairIndex", "chunk_text", "open_chroma"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
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


def chunk_text(text: str, words: int = 60, overlap: int = 15) -> list[Chunk]:
    """Overlapping windows of ``words`` words, as spans of the original text."""
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


def open_chroma(path: Path, url: str | None):
    """A Chroma client: the server at ``url``, else a local store at ``path``."""
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
    raise_open_files_limit()
    return chromadb.PersistentClient(path=str(path), settings=settings)


def raise_open_files_limit() -> None:
    """Raise this process's open-files soft limit towards the hard one (at most 65,536).

    In-process, Chroma keeps (soft limit / 5) vector indexes loaded, each holding five files
    open, and evicts the least recently used beyond that. In chromadb 1.5.9 a filtered query
    on an index that was evicted and reloaded fails ("Error finding id"; reproduced in
    tests/test_index_cache.py), and every query of ours is filtered: with a common soft
    limit of 1,024 the 205th pair a server touched would break. Chroma reads the limit when
    its client is made, so this runs first. The price is memory, a few MB per loaded pair;
    a Chroma server (COACH_CHROMA_URL) is the way past thousands of pairs in one place.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = MAX_OPEN_FILES if hard == resource.RLIM_INFINITY else min(hard, MAX_OPEN_FILES)
    if wanted > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


MAX_OPEN_FILES = 65536
"""Chroma then keeps up to 13,107 pairs' indexes loaded before it evicts one."""


class PairIndex:
    """Vector storage for every pair, one collection each."""

    CONFIGURATION = {"hnsw": {"space": "cosine", "sync_threshold": 50, "batch_size": 50}}

    def __init__(self, client, secret: bytes, local_path: Path | None = None):
        self.client = client
        self._secret = secret
        self._local_path = local_path
        self._collections: dict[str, object] = {}

    def _token(self, kind: str, value: str) -> str:
        return hmac.new(self._secret, f"{kind}\x00{value}".encode(), hashlib.sha256).hexdigest()

    def collection_name(self, pair_id: str) -> str:
        """The one place a pair's collection is named: opaque, stable for this store."""
        return "coach-" + self._token("pair", pair_id)[:40]

    def audience_token(self, pair_id: str, audience: str) -> str:
        """Opaque, and distinct per pair: Chroma resolves a ``where`` on it through an index on
        the value, so a query touches only this pair's rows (a token shared by every pair made
        the filter cost grow with the whole store: 24 ms at 100 pairs, 2 ms now)."""
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

    def replace(self, pair_id: str, rows: list[tuple[str, int, str, np.ndarray]]) -> None:
        """Write chunks (note key, chunk number, audience, vector), replacing the notes' old ones."""
        if not rows:
            return
        col = self._collection(pair_id)
        keys = sorted({key for key, _, _, _ in rows})
        col.delete(where={"note": {"$in": keys}})
        col.add(
            ids=[f"{key}:{n}" for key, n, _, _ in rows],
            embeddings=np.stack([v for _, _, _, v in rows]),
            metadatas=[
                {"note": key, "chunk": n, "audience": self.audience_token(pair_id, aud)} for key, n, aud, _ in rows
            ],
        )

    def delete_notes(self, pair_id: str, keys: Iterable[str]) -> None:
        keys = sorted(set(keys))
        col = self._collection(pair_id, create=False)
        if keys and col is not None:
            col.delete(where={"note": {"$in": keys}})

    def query(self, viewer: Viewer, vectors: np.ndarray, n: int) -> list[list[ChunkHit]]:
        """Nearest chunks among those the viewer may see, for each query vector."""
        col = self._collection(viewer.pair.id, create=False)
        if col is None or len(vectors) == 0:
            return [[] for _ in range(len(vectors))]
        tokens = [self.audience_token(viewer.pair.id, a) for a in audiences(viewer)]
        found = col.query(
            query_embeddings=np.asarray(vectors, np.float32),
            n_results=n,
            where={"audience": {"$in": tokens}},
            include=["metadatas", "distances"],
        )
        out = []
        for metas, dists in zip(found["metadatas"], found["distances"], strict=True):
            out.append(
                [
                    ChunkHit(m["note"], int(m["chunk"]), 1.0 - float(d))
                    for m, d in zip(metas, dists, strict=True)
                    if m["audience"] in tokens  # checked again, not only trusted
                ]
            )
        return out

    def close(self) -> None:
        """Release the client (its files and loaded indexes)."""
        self._collections.clear()
        close = getattr(self.client, "close", None)
        if close is not None:
            close()

    def drop_pair(self, pair_id: str) -> None:
        name = self.collection_name(pair_id)
        self._collections.pop(name, None)
        try:
            self.client.delete_collection(name)
        except Exception:  # not there: nothing to drop
            pass
        self.purge_local_files()

    def drop_all_except(self, pair_ids: Iterable[str]) -> int:
        """Drop collections of pairs that no longer exist; returns how many."""
        keep = {self.collection_name(p) for p in pair_ids}
        dropped = 0
        for col in self.client.list_collections():
            name = getattr(col, "name", col)
            if name.startswith("coach-") and name not in keep:
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


class Indexer:
    """Keeps a :class:`PairIndex` level with the records."""

    def __init__(self, records: Records, index: PairIndex, embedder: Embedder, chunk_words: int, chunk_overlap: int):
        self.records = records
        self.index = index
        self.embedder = embedder
        self.chunk_words = chunk_words
        self.chunk_overlap = chunk_overlap

    def chunks(self, text: str) -> list[Chunk]:
        return chunk_text(text, self.chunk_words, self.chunk_overlap)

    def pending(self) -> int:
        return self.records.count_pending()

    def sync(self, progress: Progress | None = None, batch_chunks: int = 128) -> int:
        """Index every note whose entries are missing or stale; drop deleted ones.

        Records are marked indexed only after their chunks are written, batch by batch, so an
        interruption leaves the rest pending for the next run. Returns the notes indexed.
        """
        tombstones = self.records.tombstones()
        by_pair: dict[str, list[str]] = {}
        for pair_id, key in tombstones:
            by_pair.setdefault(pair_id, []).append(key)
        for pair_id, keys in by_pair.items():
            self.index.delete_notes(pair_id, keys)
            self.records.clear_tombstones(keys)

        pending = self.records.pending_for_indexing()
        total, done = len(pending), 0
        if progress:
            progress(0, total)
        batch: list[tuple[PendingNote, list[Chunk]]] = []
        size = 0
        for note in pending:
            chunks = self.chunks(note.text)
            batch.append((note, chunks))
            size += len(chunks)
            if size >= batch_chunks:
                done += self._write(batch)
                batch, size = [], 0
                if progress:
                    progress(done, total)
        if batch:
            done += self._write(batch)
        if progress:
            progress(done, total)
        return done

    def _write(self, batch: list[tuple[PendingNote, list[Chunk]]]) -> int:
        texts = [c.text for _, chunks in batch for c in chunks]
        vectors = self.embedder.encode(texts)
        rows_by_pair: dict[str, list[tuple[str, int, str, np.ndarray]]] = {}
        i = 0
        for note, chunks in batch:
            for n, _ in enumerate(chunks):
                rows_by_pair.setdefault(note.pair_id, []).append((note.index_key, n, note.audience, vectors[i]))
                i += 1
        for pair_id, rows in rows_by_pair.items():
            self.index.replace(pair_id, rows)
        self.records.mark_indexed(note for note, _ in batch)
        return len(batch)

    def rebuild(self, progress: Progress | None = None) -> int:
        """Drop and rebuild every pair's collection from the records."""
        self.index.drop_all_except([])
        self.records.clear_tombstones(key for _, key in self.records.tombstones())
        self.records.mark_all_unindexed()
        return self.sync(progress)
