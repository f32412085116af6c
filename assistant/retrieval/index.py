"""The retrieval index: one Chroma collection per pair and audience, derived from the records.

- A pair's notes live in up to three collections: its shared notes, and each member's
  private ones (:func:`~assistant.access.pair_audiences`). A query searches only the
  collections of the viewer's audiences, so another member's private chunks are never
  candidates: the access rule is the choice of collections, and each hit's audience token is
  checked again on the way out.
- Collection names come from :meth:`PairIndex.collection_name` alone: an HMAC of the pair id
  and audience under a per-store secret, so neither names nor ids ever reach Chroma.
- Notes are cut into overlapping chunks (MiniLM reads 256 word pieces at most; a whole note
  would be judged on its start). Chunks carry an opaque note key and audience token, never
  text, names or ids: the text stays in the SQL store.
- Queries carry no ``where`` filter. In chromadb 1.5.9 a filtered query on a vector index
  that was evicted from Chroma's cache and reloaded fails ("Error finding id"; 341 of 2,000
  searches over 1,000 pairs); unfiltered ones do not. So the cache can be bounded
  (``index_cache``), and memory with it, whatever the number of pairs.
- :meth:`Indexer.sync` brings the index level with the records (new, changed and deleted
  notes); it runs after every write and at start, which repairs a crash between the two.
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
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from assistant.access import Viewer, audiences, pair_audiences
from assistant.models import Pair
from assistant.retrieval.embeddings import Embedder
from assistant.store.records import PendingNote, Records

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
    with _index_cache(cache):
        return chromadb.PersistentClient(path=str(path), settings=settings)


def _open_files() -> int:
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:  # no /proc (macOS): assume a typical process
        return 256


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
    """Vector storage for every pair: a collection per pair and audience."""

    CONFIGURATION = {"hnsw": {"space": "cosine", "sync_threshold": 1, "batch_size": 50}}
    LAYOUT = "2"
    """1: a collection per pair, queried with an audience filter. 2: a collection per pair
    and audience, queried without one. A store of another layout is rebuilt at start."""

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

    def collection_name(self, pair_id: str, audience: str) -> str:
        """The one place a collection is named: opaque, stable for this store."""
        return "coach-" + self._token("collection", f"{pair_id}\x00{audience}")[:40]

    def audience_token(self, pair_id: str, audience: str) -> str:
        """Opaque and distinct per pair: what each chunk says it belongs to, checked on the way out."""
        return self._token("audience", f"{pair_id}\x00{audience}")[:32]

    def _collection(self, pair_id: str, audience: str, create: bool = True):
        name = self.collection_name(pair_id, audience)
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
        """Write chunks (note key, chunk number, audience, vector), replacing the notes' old
        ones wherever they were (a note may have changed audience)."""
        if not rows:
            return
        self.delete_notes(pair, {key for key, _, _, _ in rows})
        by_audience: dict[str, list[tuple[str, int, str, np.ndarray]]] = {}
        for row in rows:
            by_audience.setdefault(row[2], []).append(row)
        for audience, mine in by_audience.items():
            token = self.audience_token(pair.id, audience)
            self._collection(pair.id, audience).add(
                ids=[f"{key}:{n}" for key, n, _, _ in mine],
                embeddings=np.stack([v for _, _, _, v in mine]),
                metadatas=[{"note": key, "chunk": n, "audience": token} for key, n, _, _ in mine],
            )

    def delete_notes(self, pair: Pair, keys: Iterable[str]) -> None:
        keys = sorted(set(keys))
        if not keys:
            return
        for audience in pair_audiences(pair):
            col = self._collection(pair.id, audience, create=False)
            if col is not None:
                col.delete(where={"note": {"$in": keys}})

    def query(self, viewer: Viewer, vectors: np.ndarray, n: int) -> list[list[ChunkHit]]:
        """Nearest chunks among those the viewer may see, for each query vector, best first."""
        out: list[list[ChunkHit]] = [[] for _ in range(len(vectors))]
        if len(vectors) == 0:
            return out
        for audience in audiences(viewer):
            col = self._collection(viewer.pair.id, audience, create=False)
            if col is None:
                continue
            token = self.audience_token(viewer.pair.id, audience)
            found = col.query(
                query_embeddings=np.asarray(vectors, np.float32), n_results=n, include=["metadatas", "distances"]
            )
            for hits, metas, dists in zip(out, found["metadatas"], found["distances"], strict=True):
                hits.extend(
                    ChunkHit(m["note"], int(m["chunk"]), 1.0 - float(d))
                    for m, d in zip(metas, dists, strict=True)
                    if m["audience"] == token  # checked again, not only trusted
                )
        return [sorted(hits, key=lambda h: -h.similarity)[:n] for hits in out]

    def close(self) -> None:
        """Release the client (its files and loaded indexes), if it was ever made."""
        self._collections.clear()
        close = getattr(self._client, "close", None)
        if close is not None:
            close()

    def drop_pair(self, pair: Pair) -> None:
        for audience in pair_audiences(pair):
            name = self.collection_name(pair.id, audience)
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
            if (pair := self.records.get_pair(pair_id)) is not None:  # a forgotten pair's collections are gone
                self.index.delete_notes(pair, keys)
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
                done += self._write_isolating(batch)
                batch, size = [], 0
                if progress:
                    progress(done, total)
        if batch:
            done += self._write_isolating(batch)
        if progress:
            progress(done, total)
        return done

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
                except Exception as alone:  # noqa: BLE001
                    failed.append((item[0], alone))
            if not done:
                raise
            for note, alone in failed:
                self._failed(note, alone)
            return done

    def _failed(self, note: PendingNote, error: Exception) -> None:
        # The class only: a message could quote the note.
        log.warning("index: a note of a pair could not be indexed (%s)", error.__class__.__name__)
        self.records.index_failed([note], error.__class__.__name__)

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
            if (pair := self.records.get_pair(pair_id)) is not None:
                self.index.replace(pair, rows)
        self.records.mark_indexed(note for note, _ in batch)
        return len(batch)

    def rebuild(self, progress: Progress | None = None) -> int:
        """Drop and rebuild every pair's collection from the records."""
        self.index.drop_all()
        self.records.clear_tombstones(key for _, key in self.records.tombstones())
        self.records.mark_all_unindexed()
        return self.sync(progress)
