"""Hybrid retrieval over one pair: dense (MiniLM chunks in Chroma) fused with lexical (BM25),
then the best few notes re-read sentence by sentence.

Both rankings are taken over the notes the viewer may see only. First stage: a note's dense
score is its best chunk's cosine similarity; the fused score is a weighted sum of the dense
score, min-max scaled over the candidates, and the BM25 score, scaled by the best one. On the
QMSum meeting benchmark this beat reciprocal-rank fusion (hit@3 0.684 vs 0.643, see
``benchmarks/README.md``). Second stage (:mod:`assistant.retrieval.rerank`): the first
stage's best ``rerank_depth`` notes are ordered again by their sentences, and keep scores
above every note after them. Both stages also count the pair's short or long forms of the
question's words ("promo" for "promotion", :meth:`BM25.short_forms`). The second stage
can favour, for a question asking "who" or "which", sentences naming someone the question
and the pair's members do not (:mod:`assistant.retrieval.answers`; off by default, see
there). Results are notes, best first, each with the chunk that holds
its best sentence; they are loaded from the SQL store through the viewer's filter and
checked once more on the way out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from assistant.access import Viewer, only_visible
from assistant.errors import InvalidInput
from assistant.models import Note, SearchHit
from assistant.retrieval.index import ChunkHit, DenseIndex
from assistant.retrieval.indexer import Indexer
from assistant.retrieval.lexical import BM25, query_terms, search_terms, terms
from assistant.retrieval.rerank import Candidate, SentenceReranker
from assistant.retrieval.sentence_memory import SentenceKeeper, SentenceMemory
from assistant.store.records import Records

__all__ = ["Searcher"]

MAX_K = 100
PREPARED = 128
"""Questions of a batch whose second stage's sentences are embedded together."""
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="coach-dense")
        return _POOL


@dataclass
class _Candidate:
    similarity: float | None = None
    lexical: float = 0.0
    chunk: int | None = None
    score: float = 0.0
    chunks: list[int] | None = None
    """The note's chunks the dense side found, best first."""
    start: int | None = None
    """Where the sentence that speaks for the note starts (second stage)."""


class Searcher:
    def __init__(
        self,
        records: Records,
        index: DenseIndex,
        indexer: Indexer,
        dense_weight: float = 0.4,
        dense_depth: int = 50,
        cache_size: int = 64,
        reranker: SentenceReranker | None = None,
        short_form_weight: float = 1.0,
    ):
        self.records = records
        self.index = index
        self.indexer = indexer
        self.dense_weight = dense_weight
        self.dense_depth = dense_depth
        self.short_form_weight = short_form_weight
        self.reranker = reranker if reranker is not None else SentenceReranker(indexer.embedder)
        self._bm25: OrderedDict[tuple, BM25] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._keeper = SentenceKeeper(records)

    def close(self) -> None:
        """Wait for the sentence vectors still being written."""
        self._keeper.close()

    def lexical_index(self, viewer: Viewer) -> BM25:
        """BM25 over the notes this viewer may see, cached until the pair's notes change.

        When none is cached for the viewer (most searches in a server holding many pairs),
        the pair's revision comes with the terms, in the same statement."""
        pair, person = viewer.pair.id, viewer.person.id
        with self._lock:
            cached = any(k[0] == pair and k[1] == person for k in self._bm25)
        if cached:
            key = (pair, person, self.records.pair_revision(pair))
            with self._lock:
                found = self._bm25.get(key)
                if found is not None:
                    self._bm25.move_to_end(key)
                    return found
        revision, docs = self.records.visible_terms_at(viewer)
        built = BM25(docs)
        if revision is not None:
            with self._lock:
                self._bm25[(pair, person, revision)] = built
                while len(self._bm25) > self._cache_size:
                    self._bm25.popitem(last=False)
        return built

    def evict(self, pair_id: str) -> None:
        """Forget the pair's lexical indexes (their terms) and the sentences the second stage
        holds in memory now, not when they age out."""
        with self._lock:
            for key in [k for k in self._bm25 if k[0] == pair_id]:
                del self._bm25[key]
        self.reranker.clear()

    def search(self, viewer: Viewer, query: str, k: int = 5, rerank: bool = True) -> list[SearchHit]:
        return self.search_many(viewer, [query], k, rerank)[0]

    def search_many(self, viewer: Viewer, queries: list[str], k: int = 5, rerank: bool = True) -> list[list[SearchHit]]:
        """The ``k`` notes the viewer may see that best answer each query, best first.

        ``rerank=False`` keeps the first stage's order: for a draft looking up the notes on a
        goal's whole description, which is not a question about one topic."""
        if not 1 <= k <= MAX_K:
            raise InvalidInput(f"the number of results must be between 1 and {MAX_K}, got {k}")
        for q in queries:
            if not q.strip():
                raise InvalidInput("the search query is empty")
        # The dense side (encoding, the index) runs in native code that releases the GIL: it
        # goes on while this thread builds or finds the lexical side and reads the store.
        depth = max(k, self.reranker.depth) if rerank else k
        dense_job = _pool().submit(self._dense, viewer, queries, max(self.dense_depth, 3 * depth))
        lexical = self.lexical_index(viewer)
        if len(lexical) == 0:
            return [[] for _ in queries]
        vectors, dense = dense_job.result()
        extras = [self._short_forms(lexical, q) for q in queries]
        ranked = [
            self._fuse(hits, lexical.scores(q, extra), depth)
            for q, hits, extra in zip(queries, dense, extras, strict=True)
        ]
        notes, memory = self._notes(viewer, {key for r in ranked for key, _ in r}, rerank)
        out = []
        members = frozenset(terms(" ".join(f"{p.id} {p.name}" for p in viewer.pair.members)))
        # else deleted since indexed, or not the viewer's
        ranked = [[(key, c) for key, c in r if key in notes] for r in ranked]
        for i, (query, vector, r, extra) in enumerate(zip(queries, vectors, ranked, extras, strict=True)):
            if rerank:
                self._prepare(i, queries, ranked, extras, notes, memory)
                idf = lexical.idf_of([*search_terms(query), *extra])
                r = self._rerank(query, vector, r, notes, idf, memory, extra, members)
            out.append(only_visible(viewer, self._hits(query, r[:k], notes), lambda h: h.note))
        if memory is not None:
            self._keeper.keep(memory.changed())
        return out

    def _prepare(
        self,
        at: int,
        queries: list[str],
        ranked: list[list[tuple[str, _Candidate]]],
        extras: list[dict[str, float]],
        notes: dict[str, Note],
        memory: SentenceMemory | None,
    ) -> None:
        """Before the question ``at`` of many, every ``PREPARED`` questions: the second stage's
        new sentences of the next ones, embedded in one call (fewer than the cache holds)."""
        if memory is None or len(queries) < 2 or at % PREPARED:
            return
        part = slice(at, at + PREPARED)
        questions = zip(queries[part], ranked[part], extras[part], strict=True)
        heads = [(q, r[: self.reranker.depth], x) for q, r, x in questions]
        self.reranker.prepare([(q, self._candidates(h, notes), x) for q, h, x in heads if len(h) > 1], memory)

    def _hits(self, query: str, ranked: list[tuple[str, _Candidate]], notes: dict[str, Note]) -> list[SearchHit]:
        return [
            SearchHit(
                note=notes[key],
                score=round(c.score, 4),
                snippet=self._snippet(notes[key].text, c, query),
                similarity=round(c.similarity or 0.0, 4),
                lexical=round(c.lexical, 4),
            )
            for key, c in ranked
        ]

    def _short_forms(self, lexical: BM25, query: str) -> dict[str, float]:
        """The pair's short or long forms of the query's words ("promo" for "promotion"),
        each counted at ``short_form_weight``."""
        if not self.short_form_weight:
            return {}
        return dict.fromkeys(sorted(lexical.short_forms(search_terms(query))), self.short_form_weight)

    def _notes(self, viewer: Viewer, keys: set[str], rerank: bool) -> tuple[dict[str, Note], SentenceMemory | None]:
        """The candidate notes (through the viewer's filter), and for the second stage, their
        stored sentence vectors, read with them."""
        if not rerank:
            return self.records.notes_by_index_key(viewer, keys), None
        embedder = self.indexer.embedder
        space = f"{embedder.name}:{embedder.dimension}"
        found = self.records.notes_with_sentences(viewer, keys, space)
        stored = {key: (note.pair_id, row) for key, (note, row) in found.items()}
        memory = SentenceMemory(self.indexer.index.text_key, space, embedder.dimension, stored)
        return {key: note for key, (note, _) in found.items()}, memory

    def _dense(self, viewer: Viewer, queries: list[str], n: int) -> tuple[np.ndarray, list[list[ChunkHit]]]:
        # A process's first search opens Chroma (importing it takes most of a second) while
        # the model loads or encodes, not after.
        # Its own thread, not the pool's: dense jobs filling the pool would wait on it forever.
        opening = None
        if not getattr(self.index, "connected", True):  # an index of vectors in memory has nothing to open
            opening = threading.Thread(target=self._open_index, name="coach-open-index", daemon=True)
            opening.start()
        vectors = self.indexer.embedder.encode(queries)
        if opening is not None:
            opening.join()
        return vectors, self.index.query(viewer, vectors, n)

    def _open_index(self) -> None:
        try:
            getattr(self.index, "client", None)  # a Chroma index opens its client: the point
        except Exception:  # noqa: BLE001 - the query opens it again and reports the failure
            pass

    def _fuse(self, dense: list[ChunkHit], lexical: dict[str, float], k: int) -> list[tuple[str, _Candidate]]:
        cands: dict[str, _Candidate] = {}
        for hit in dense:  # best first: the first chunk seen of a note is its best
            c = cands.setdefault(hit.index_key, _Candidate(chunks=[]))
            if c.similarity is None:
                c.similarity, c.chunk = hit.similarity, hit.chunk
            if c.chunks is not None:
                c.chunks.append(hit.chunk)
        for key, score in lexical.items():
            cands.setdefault(key, _Candidate()).lexical = score
        sims = [c.similarity for c in cands.values() if c.similarity is not None]
        low, high = (min(sims), max(sims)) if sims else (0.0, 0.0)
        best_lexical = max(lexical.values(), default=0.0)
        a = self.dense_weight
        for c in cands.values():
            dense_part = 0.0
            if c.similarity is not None:
                dense_part = (c.similarity - low) / (high - low) if high > low else 1.0
            lexical_part = c.lexical / best_lexical if best_lexical else 0.0
            c.score = a * dense_part + (1 - a) * lexical_part
        return sorted(cands.items(), key=lambda kv: (-kv[1].score, kv[0]))[:k]

    def _rerank(
        self,
        query: str,
        vector: np.ndarray,
        ranked: list[tuple[str, _Candidate]],
        notes: dict[str, Note],
        idf: dict[str, float],
        memory: SentenceMemory | None = None,
        extra: dict[str, float] | None = None,
        members: frozenset[str] = frozenset(),
    ) -> list[tuple[str, _Candidate]]:
        """The first ``depth`` candidates in the second stage's order; their scores are set on
        the fused scale, from the first's fused score down, never below the next note's."""
        head, tail = ranked[: self.reranker.depth], ranked[self.reranker.depth :]
        if len(head) < 2:
            return ranked
        by_key = dict(head)
        order = self.reranker.rerank(query, vector, self._candidates(head, notes), idf, memory, extra, members)
        top, floor = head[0][1].score, (tail[0][1].score if tail else 0.0)
        best = order[0].score or 1.0
        out = []
        for r in order:
            c = by_key[r.key]
            c.score = floor + (top - floor) * max(r.score, 0.0) / best
            c.start = r.start if r.sentence else None
            out.append((r.key, c))
        return out + tail

    def _candidates(self, head: list[tuple[str, _Candidate]], notes: dict[str, Note]) -> list[Candidate]:
        return [Candidate(key, notes[key].text, self._spans(notes[key].text, c), notes[key].date) for key, c in head]

    def _spans(self, text: str, c: _Candidate) -> list[tuple[int, int]]:
        chunks = self.indexer.chunks(text)
        return [(chunks[i].start, chunks[i].end) for i in (c.chunks or [])[:2] if i < len(chunks)]

    def _snippet(self, text: str, c: _Candidate, query: str) -> str:
        chunks = self.indexer.chunks(text)
        chunk = c.chunk
        if c.start is not None:
            # the chunk that starts latest before the sentence: the most of the sentence it holds
            holding = [i for i, ch in enumerate(chunks) if ch.start <= c.start < ch.end]
            chunk = max(holding, key=lambda i: chunks[i].start, default=chunk)
        if chunk is None or chunk >= len(chunks):
            wanted = set(query_terms(query))
            chunk = max(range(len(chunks)), key=lambda i: (len(wanted & set(terms(chunks[i].text))), -i))
        return chunks[chunk].text
