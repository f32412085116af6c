"""A small Okapi BM25 over one viewer's notes of one pair.

Chroma's sparse indexes are Chroma-Cloud only, so the lexical side of retrieval lives here.
A pair holds tens to hundreds of notes: an in-memory inverted index built from the SQL store
in a few milliseconds, cached by the searcher until the pair's notes change, is all it
needs. (rank-bm25 is unmaintained; bm25s brings scipy for corpora a thousand times larger.)
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

import snowballstemmer

__all__ = ["BM25", "QUESTION_FRAMING", "STOPWORDS", "forms_in", "query_terms", "search_terms", "term_set", "terms"]

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves s t d ll m re ve""".split()
)


QUESTION_FRAMING = frozenset(
    """summarize summarise summary discuss discussed discussion discussions talk talked say said
    think thought opinion opinions view views decide decided decision happened""".split()
)
"""Words that frame a question ("what did we decide about ...") rather than name its subject.
Dropped from queries only: in notes they are content."""


_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    """Porter2 (Snowball): raise/raised, share/shared, try/tried fold onto one form."""
    return _STEMMER.stemWord(word)


def terms(text: str) -> list[str]:
    return [_stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS]


@lru_cache(maxsize=50_000)
def term_set(text: str) -> frozenset[str]:
    """The distinct terms of a text, remembered: drafts ask this of the same notes often."""
    return frozenset(terms(text))


def query_terms(query: str) -> list[str]:
    kept = [w for w in re.findall(r"[a-z0-9]+", query.lower()) if w not in QUESTION_FRAMING]
    return terms(" ".join(kept))


_CALENDAR = [
    "january jan",
    "february feb",
    "march mar",
    "april apr",
    "june jun",
    "july jul",
    "august aug",
    "september sept sep",
    "october oct",
    "november nov",
    "december dec",
    "monday mon",
    "tuesday tue tues",
    "wednesday wed",
    "thursday thu thur thurs",
    "friday fri",
    "saturday sat",
    "sunday sun",
    "weekend saturday sunday",
    "tomorrow tmrw tmr",
]
"""The ways notes write a day or a month. A query's form also looks for the others of its line
("weekend" for its days only: a note about Saturday is about the weekend, not every weekend
note about Saturday). Query side only: the stored term counts are the notes' own words."""
_FORMS: dict[str, list[str]] = {}
for _line in _CALENDAR:
    _stems = [_stem(w) for w in _line.split()]
    for _w in _stems[:1] if _line.startswith("weekend") else _stems:
        _FORMS.setdefault(_w, [])
        _FORMS[_w] += [f for f in _stems if f != _w and f not in _FORMS[_w]]


def search_terms(query: str) -> list[str]:
    """The query's terms, with the other ways notes write a day or a month: "September" finds
    "Sept 17", "the weekend" finds "Saturday", "Thursday" finds "thu". ("May" is left alone: it
    is also a verb.)"""
    found = query_terms(query)
    return list(dict.fromkeys(found + [f for t in found for f in _FORMS.get(t, [])]))


class BM25:
    """Okapi BM25 (k1=1.5, b=0.75) over documents given as (key, text or term counts).

    Built from the documents' term counts as they are: a term's postings and idf are made the
    first time a query asks for it and kept. A search over a pair the process has not seen
    lately builds one of these and asks for a handful of terms; building postings and idf for
    the whole vocabulary (thousands of terms) was most of the lexical side's cost."""

    def __init__(self, docs: Sequence[tuple[str, str | dict[str, int]]], k1: float = 1.5, b: float = 0.75):
        self.keys = [key for key, _ in docs]
        self._counts = [Counter(terms(doc)) if isinstance(doc, str) else doc for _, doc in docs]
        lengths = [sum(c.values()) for c in self._counts]
        n = len(docs)
        avg = (sum(lengths) / n) if n else 0.0
        self.norm = [k1 * (1 - b + b * (length / avg if avg else 0.0)) for length in lengths]
        self.k1 = k1
        self._postings: dict[str, list[tuple[int, int]]] = {}
        self._idf: dict[str, float] = {}
        self._all_idf: dict[str, float] | None = None
        self._vocabulary: list[str] | None = None

    def __len__(self) -> int:
        return len(self.keys)

    def postings(self, term: str) -> list[tuple[int, int]]:
        """(document, term frequency) of the documents holding the term."""
        found = self._postings.get(term)
        if found is None:
            found = [(i, tf) for i, c in enumerate(self._counts) if (tf := c.get(term))]
            self._postings[term] = found
        return found

    def _idf_of(self, df: int) -> float:
        n = len(self.keys)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def idf_of(self, wanted: Iterable[str]) -> dict[str, float]:
        """The idf of each of these terms that some document holds."""
        out = {}
        for term in wanted:
            if term not in self._idf:
                df = len(self.postings(term))
                if not df:
                    continue
                self._idf[term] = self._idf_of(df)
            out[term] = self._idf[term]
        return out

    def short_forms(self, wanted: Iterable[str], min_length: int = 4, min_share: float = 0.6) -> set[str]:
        """The pair's words that are a short form of one of these terms, or that one of them
        is a short form of (see :func:`forms_in`)."""
        if self._vocabulary is None:
            # Every term, numbers too, made in C: a search of a viewer whose index is not cached
            # builds this, and looping over every term of every note in Python was most of it.
            # A number is no form of a word: what is found is kept if it is a word.
            self._vocabulary = sorted(set().union(*self._counts))
        out: set[str] = set()
        for term in wanted:
            out |= forms_in(self._vocabulary, term, min_length, min_share)
        return {w for w in out if w.isalpha()} - set(wanted)

    @property
    def idf(self) -> dict[str, float]:
        """The idf of every term of the corpus (made on first use: the chat's answers weigh
        words by it)."""
        if self._all_idf is None:
            df: Counter[str] = Counter()
            for c in self._counts:
                df.update(c.keys())
            self._all_idf = {t: self._idf_of(d) for t, d in df.items()}
        return self._all_idf

    def scores(self, query: str, extra: dict[str, float] | None = None) -> dict[str, float]:
        """Keys of the documents sharing a term with the query, with their scores. ``extra``:
        more terms, each counted at its weight (a query's expansion terms)."""
        out: dict[int, float] = defaultdict(float)
        weights = dict.fromkeys(search_terms(query), 1.0)
        for term, w in (extra or {}).items():
            weights.setdefault(term, w)
        for term, idf in self.idf_of(weights).items():
            for doc, tf in self.postings(term):
                out[doc] += weights[term] * idf * tf * (self.k1 + 1) / (tf + self.norm[doc])
        return {self.keys[d]: s for d, s in out.items()}

    def rank(self, query: str, k: int = 50) -> list[tuple[str, float]]:
        return sorted(self.scores(query).items(), key=lambda kv: (-kv[1], kv[0]))[:k]


def forms_in(vocabulary: Sequence[str], term: str, min_length: int = 4, min_share: float = 0.6) -> set[str]:
    """The words of ``vocabulary`` (sorted) that are a short form of ``term``, or that it is a
    short form of: "promo" for "promotion", "config" for "configuration", "cert" for
    "certification", and the other way round. A short form is a prefix of at least
    ``min_length`` letters and ``min_share`` of the long form (so "work" is not taken for
    "workshop", nor "head" for "headcount"); numbers are left alone."""
    out: set[str] = set()
    if len(term) < min_length or not term.isalpha():
        return out
    for size in range(max(min_length, math.ceil(min_share * len(term))), len(term)):
        at = bisect_left(vocabulary, term[:size])
        if at < len(vocabulary) and vocabulary[at] == term[:size]:
            out.add(term[:size])  # the notes write a short form of the asked term
    at = bisect_left(vocabulary, term)
    while at < len(vocabulary) and vocabulary[at].startswith(term):
        longer = vocabulary[at]
        if longer != term and len(term) >= min_share * len(longer):
            out.add(longer)  # the asked term is a short form of the notes' word
        at += 1
    return out
