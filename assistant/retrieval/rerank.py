"""Second stage of search: the best candidates' sentences read against the question.

The first stage ranks whole notes: a note's best 60-word chunk (MiniLM) fused with BM25 over
the whole note. A one-on-one note is a list of unrelated topics, so both sides are diluted:
the chunk that holds "Laptops: 12 of 40" also holds three other topics, and a long note
collects query words from sentences that have nothing to do with each other. People ask
about one topic, and often about its whole thread ("how did the laptop replacement go"
wants every note that reports on it).

So the first stage's best few notes are read sentence by sentence:

- each sentence is scored by its own MiniLM similarity to the question (min-max scaled over
  the candidates' sentences) and a sentence-level BM25 (the pair's note-level idf, scaled by
  the best), weighted ``dense_weight`` to the rest;
- the best sentence found stands for the topic asked about: every sentence also gains by its
  similarity to that one (``thread``), so notes that carry on the same thread in other words
  ("Laptops: 31/40", "Staffline contract signed") rise with it;
- a note scores its best sentence plus ``second`` times its next best;
- the earliest of the best notes, the one that opened the topic (a plan, a request), loses
  ``opening`` of its score when later notes score as well (dev recall@3 0.805 -> 0.816).

Measured on the labelled histories (``benchmarks/README.md``): dev search recall@3 0.69 ->
0.78 (0.77 leave-one-history-out over the weights), fixtures and sample unchanged.

Long notes (meeting transcripts) are read only where the first stage found them (their best
chunks) and where they share the question's words, at most ``max_units`` sentences each, so
a question costs a bounded number of sentence embeddings. Vectors are kept in a small
in-process cache, since the same notes come up question after question, and with the notes
in the store (:mod:`assistant.retrieval.sentence_memory`), so that a note read once is not
embedded again by the next question, in this process or another.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from assistant.retrieval.answers import asks_for_someone, capitalised_inside, lower_case_words, names_someone
from assistant.retrieval.embeddings import Embedder
from assistant.retrieval.lexical import search_terms, terms
from assistant.retrieval.sentence_memory import SentenceMemory
from assistant.text.sentences import sentences

__all__ = ["Candidate", "Reranked", "SentenceReranker", "sentence_starts"]

_SPLITS_KEPT = 1_000
"""Notes whose sentences are kept cut (a few KB each)."""


@dataclass(frozen=True)
class Candidate:
    key: str
    text: str
    spans: Sequence[tuple[int, int]] = ()
    """Character spans of the note's best chunks, best first (where the first stage found it)."""
    day: date | None = None
    """The note's date (the earliest of the best notes opens their topic, see ``opening``)."""


@dataclass(frozen=True)
class Reranked:
    key: str
    score: float
    sentence: str
    start: int
    """Where the best sentence starts in the note's text."""


@dataclass(frozen=True)
class _Unit:
    key: str
    text: str
    start: int
    terms: Counter


def sentence_starts(text: str) -> list[tuple[str, int]]:
    """The sentences the second stage reads in a note, each with where it starts."""
    out, pos = [], 0
    for s in sentences(text):
        at = text.find(s, pos)
        start = at if at >= 0 else pos
        pos = start + len(s) if at >= 0 else pos
        out.append((s, start))
    return out


def _split(text: str) -> tuple[tuple[str, int, Counter], ...]:
    """The note's sentences, each with where it starts and its terms."""
    return tuple((s, start, Counter(terms(s))) for s, start in sentence_starts(text))


def _units(
    c: Candidate, wanted: set[str], max_units: int, split: Callable[[str], tuple[tuple[str, int, Counter], ...]]
) -> list[_Unit]:
    out = [_Unit(c.key, s, start, counts) for s, start, counts in split(c.text)]
    if len(out) <= max_units:
        return out

    def where(u: _Unit) -> tuple[int, int]:
        found = next((i for i, (a, b) in enumerate(c.spans) if a <= u.start < b), len(c.spans))
        return (found, -len(wanted & set(u.terms)))

    keep = sorted(range(len(out)), key=lambda i: (*where(out[i]), i))[:max_units]
    return [out[i] for i in sorted(keep)]


class SentenceReranker:
    def __init__(
        self,
        embedder: Embedder,
        depth: int = 8,
        dense_weight: float = 0.7,
        second: float = 0.3,
        thread: float = 0.4,
        answer: float = 0.4,
        opening: float = 0.2,
        opening_share: float = 0.5,
        max_units: int = 24,
        cache_size: int = 20_000,
        k1: float = 1.2,
        b: float = 0.5,
    ):
        self.embedder = embedder
        self.depth = depth
        self.dense_weight = dense_weight
        self.second = second
        self.thread = thread
        self.answer = answer
        self.opening, self.opening_share = opening, opening_share
        self.max_units = max_units
        self.k1, self.b = k1, b
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._splits: OrderedDict[str, tuple[tuple[str, int, Counter], ...]] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every sentence held in memory (their texts are not kept by pair: after a note
        or pair is forgotten, none of its words may stay in the process)."""
        with self._lock:
            self._cache.clear()
            self._splits.clear()

    def _split(self, text: str) -> tuple[tuple[str, int, Counter], ...]:
        """A note's sentences and their terms, remembered: the same notes come up question
        after question (cutting and stemming them again was a fifth of a warm search)."""
        with self._lock:
            found = self._splits.get(text)
            if found is not None:
                self._splits.move_to_end(text)
                return found
        made = _split(text)
        with self._lock:
            self._splits[text] = made
            while len(self._splits) > _SPLITS_KEPT:
                self._splits.popitem(last=False)
        return made

    def units(
        self, query: str, candidates: list[Candidate], extra: dict[str, float] | None = None
    ) -> tuple[dict[str, float], list[_Unit]]:
        """The query's terms with their weights, and the candidates' sentences to read."""
        wanted = dict.fromkeys(search_terms(query), 1.0)
        for term, w in (extra or {}).items():
            wanted.setdefault(term, w)
        return wanted, [u for c in candidates for u in _units(c, set(wanted), self.max_units, self._split)]

    def prepare(self, questions: list[tuple[str, list[Candidate], dict[str, float]]], memory: SentenceMemory) -> None:
        """Embed, in one call, the sentences that the ``questions`` (query, candidates, extra
        terms) will read and that neither ``memory`` nor the cache holds: many questions at
        once are sorted by length together (less padding) instead of a few batches each."""
        missing: dict[str, None] = {}
        whole: dict[str, bool] = {}  # every sentence of the note stored: none of its units is missing
        for query, candidates, extra in questions:
            for c in candidates:
                if c.key not in whole:
                    whole[c.key] = all(memory.get(c.key, s) is not None for s, _, _ in self._split(c.text))
            for u in self.units(query, [c for c in candidates if not whole[c.key]], extra)[1]:
                if memory.get(u.key, u.text) is None:
                    missing[u.text] = None
        if missing:
            self.vectors(list(missing))

    def vectors(self, texts: list[str]) -> np.ndarray:
        """Sentence vectors, computed once per distinct sentence while they stay in the cache."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            fresh = self.embedder.encode(missing)
            with self._lock:
                for t, v in zip(missing, fresh, strict=True):
                    self._cache[t] = np.asarray(v, np.float32)
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        with self._lock:
            cached = {t: self._cache.get(t) for t in texts}
        found = {t: v for t, v in cached.items() if v is not None}
        # a vector evicted between the two steps (another thread's question) is made again
        again = [t for t, v in cached.items() if v is None]
        if again:
            found.update(zip(again, self.embedder.encode(again), strict=True))
        return np.stack([found[t] for t in texts]) if texts else np.zeros((0, 0), np.float32)

    def _unit_vectors(self, units: list[_Unit], memory: SentenceMemory | None) -> np.ndarray:
        """The units' vectors: those stored with their notes, then the cache, then the model;
        what was not stored is handed to ``memory`` to keep."""
        if memory is None:
            return self.vectors([u.text for u in units])
        stored = [memory.get(u.key, u.text) for u in units]
        rest = [i for i, v in enumerate(stored) if v is None]
        made = self.vectors([units[i].text for i in rest]) if rest else None
        for row, i in enumerate(rest):
            assert made is not None
            stored[i] = made[row]
            memory.put(units[i].key, units[i].text, made[row])
        return np.stack([np.asarray(v, np.float32) for v in stored])

    def rerank(
        self,
        query: str,
        query_vector: np.ndarray,
        candidates: list[Candidate],
        idf: dict[str, float],
        memory: SentenceMemory | None = None,
        extra: dict[str, float] | None = None,
        members: frozenset[str] = frozenset(),
    ) -> list[Reranked]:
        """The candidates, best first, each with the sentence that speaks for it.
        ``memory``: the candidates' stored sentence vectors, which also takes the new ones.
        ``extra``: more terms with their weights (``idf`` must hold theirs too). ``members``:
        the terms of the pair's members' names, who are named everywhere: a "who" question
        is answered by someone else's name."""
        wanted, units = self.units(query, candidates, extra)
        if not units:
            return [Reranked(c.key, 0.0, "", 0) for c in candidates]
        vecs = self._unit_vectors(units, memory)
        dense = vecs @ np.asarray(query_vector, np.float32)
        low, high = float(dense.min()), float(dense.max())
        dense = (dense - low) / (high - low) if high > low else np.ones_like(dense)
        lexical = self._lexical(units, wanted, idf)
        top = float(lexical.max())
        scores = self.dense_weight * dense + (1 - self.dense_weight) * (lexical / top if top > 0 else lexical)
        if self.answer and asks_for_someone(query):
            texts = [c.text for c in candidates]
            asked, common, inside = set(terms(query)) | members, lower_case_words(texts), capitalised_inside(texts)
            named = np.array([names_someone(u.text, asked, common, inside) for u in units], float)
            scores = scores * (1 + self.answer * named)
        best = int(np.argmax(scores))
        scores = scores + self.thread * float(scores[best]) * (vecs @ vecs[best])
        per: dict[str, list[tuple[float, int]]] = {}
        for i, u in enumerate(units):
            per.setdefault(u.key, []).append((float(scores[i]), i))
        out = []
        for c in candidates:
            mine = sorted(per.get(c.key, []), reverse=True)
            if not mine:
                out.append(Reranked(c.key, 0.0, "", 0))
                continue
            score = mine[0][0] + (self.second * mine[1][0] if len(mine) > 1 else 0.0)
            u = units[mine[0][1]]
            out.append(Reranked(c.key, score, u.text, u.start))
        return sorted(self._opened(out, {c.key: c.day for c in candidates}), key=lambda r: (-r.score, r.key))

    def _opened(self, out: list[Reranked], days: dict[str, date | None]) -> list[Reranked]:
        """The earliest of the notes scoring at least ``opening_share`` of the best loses
        ``opening`` of its score, when later ones score as well, each on its own day: the
        note that first raises a topic (a plan, a request, the first mention) shares the
        question's words as much as the notes that report on it, and a question about a topic
        is mostly answered by what came after (measured, ``benchmarks/README.md``)."""
        if not self.opening or not out:
            return out
        best = max(r.score for r in out)
        near = [r for r in out if r.score >= self.opening_share * best and r.score > 0]
        found = [d for r in near if (d := days.get(r.key)) is not None]
        # One note a day (check-ins): two of the best on one day are parts of one meeting's
        # record, and no one note opens the topic (QMSum: hit@3 0.680 -> 0.656 without this).
        if len(found) < len(near) or len(set(found)) < 2 or len(set(found)) < len(found):
            return out
        first = min(found)
        opened = next(r.key for r in near if days[r.key] == first)
        keep = 1 - self.opening
        return [Reranked(r.key, r.score * keep, r.sentence, r.start) if r.key == opened else r for r in out]

    def _lexical(self, units: list[_Unit], wanted: dict[str, float], idf: dict[str, float]) -> np.ndarray:
        """BM25 of each sentence, with the note-level idf: a word rare among the pair's notes
        is as telling in a sentence as in a note. ``wanted``: each term with its weight."""
        lengths = np.array([sum(u.terms.values()) for u in units], float)
        avg = float(lengths.mean()) or 1.0
        out = np.zeros(len(units))
        for t, w in wanted.items():
            weight = idf.get(t, 0.0) * w
            if not weight:
                continue
            tf = np.array([u.terms.get(t, 0) for u in units], float)
            out += weight * tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * lengths / avg))
        return out
