"""Hybrid retrieval over one pair: dense (MiniLM chunks in Chroma) fused with lexical (BM25).

Both rankings are taken over the notes the viewer may see only, and fused by reciprocal
rank. Results are notes, best first, each with the chunk that matched best; they are loaded
from the SQL store through the viewer's filter and checked once more on the way out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from .access import Viewer, only_visible
from .errors import InvalidInput
from .index import Indexer, PairIndex
from .lexical import BM25, terms
from .models import SearchHit
from .records import Records

__all__ = ["Searcher"]

RRF_K = 60
MAX_K = 100


@dataclass
class _Candidate:
    dense_rank: int | None = None
    lexical_rank: int | None = None
    similarity: float = 0.0
    lexical: float = 0.0
    chunk: int | None = None


class Searcher:
    def __init__(
        self,
        records: Records,
        index: PairIndex,
        indexer: Indexer,
        dense_weight: float = 1.0,
        lexical_weight: float = 1.0,
        cache_size: int = 64,
    ):
        self.records = records
        self.index = index
        self.indexer = indexer
        self.dense_weight = dense_weight
        self.lexical_weight = lexical_weight
        self._bm25: OrderedDict[tuple, BM25] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def _lexical(self, viewer: Viewer) -> BM25:
        key = (viewer.pair.id, viewer.person.id, self.records.pair_revision(viewer.pair.id))
        with self._lock:
            found = self._bm25.get(key)
            if found is not None:
                self._bm25.move_to_end(key)
                return found
        built = BM25(self.records.visible_texts(viewer))
        with self._lock:
            self._bm25[key] = built
            while len(self._bm25) > self._cache_size:
                self._bm25.popitem(last=False)
        return built

    def search(self, viewer: Viewer, query: str, k: int = 5) -> list[SearchHit]:
        return self.search_many(viewer, [query], k)[0]

    def search_many(self, viewer: Viewer, queries: list[str], k: int = 5) -> list[list[SearchHit]]:
        if not 1 <= k <= MAX_K:
            raise InvalidInput(f"--k must be between 1 and {MAX_K}, got {k}")
        for q in queries:
            if not q.strip():
                raise InvalidInput("the search query is empty")
        lexical = self._lexical(viewer)
        if len(lexical) == 0:
            return [[] for _ in queries]
        depth = min(len(lexical) * 4, max(50, 8 * k))
        vectors = self.indexer.embedder.encode(queries)
        dense = self.index.query(viewer, vectors, depth)
        ranked = [self._fuse(hits, lexical.rank(q, depth), k) for q, hits in zip(queries, dense, strict=True)]
        wanted = {key for r in ranked for key, _ in r}
        notes = self.records.notes_by_index_key(viewer, wanted)
        out = []
        for query, r in zip(queries, ranked, strict=True):
            hits = []
            for key, cand in r:
                note = notes.get(key)
                if note is None:  # deleted since it was indexed, or not the viewer's to see
                    continue
                hits.append(
                    SearchHit(
                        note=note,
                        score=round(self._score(cand) / self._best, 4),
                        snippet=self._snippet(note.text, cand.chunk, query),
                        similarity=round(cand.similarity, 4),
                        lexical=round(cand.lexical, 4),
                    )
                )
            out.append(only_visible(viewer, hits, lambda h: h.note))
        return out

    @property
    def _best(self) -> float:
        """The fused score of a note ranked first by both: scores are reported on 0..1."""
        return (self.dense_weight + self.lexical_weight) / (RRF_K + 1)

    def _score(self, c: _Candidate) -> float:
        s = 0.0
        if c.dense_rank is not None:
            s += self.dense_weight / (RRF_K + c.dense_rank)
        if c.lexical_rank is not None:
            s += self.lexical_weight / (RRF_K + c.lexical_rank)
        return s

    def _fuse(self, dense, lexical, k: int) -> list[tuple[str, _Candidate]]:
        cands: dict[str, _Candidate] = {}
        for hit in dense:  # best first; keep each note's best chunk
            c = cands.setdefault(hit.index_key, _Candidate())
            if c.dense_rank is None:
                c.dense_rank = sum(1 for x in cands.values() if x.dense_rank is not None) + 1
                c.similarity, c.chunk = hit.similarity, hit.chunk
        for rank, (key, score) in enumerate(lexical, 1):
            c = cands.setdefault(key, _Candidate())
            c.lexical_rank, c.lexical = rank, score
        return sorted(cands.items(), key=lambda kv: (-self._score(kv[1]), kv[0]))[:k]

    def _snippet(self, text: str, chunk: int | None, query: str) -> str:
        chunks = self.indexer.chunks(text)
        if chunk is None or chunk >= len(chunks):
            wanted = set(terms(query))
            chunk = max(range(len(chunks)), key=lambda i: (len(wanted & set(terms(chunks[i].text))), -i))
        return chunks[chunk].text
