"""How close a clause is to a commitment: shared content terms (IDF-weighted) and meaning.

Terms are a text's content words, stemmed and cut to their first letters, without the
words that say nothing about *which* commitment a clause is about (``GENERIC``: dates,
completion words, "will") or the pair's names. Meaning is MiniLM cosine, asked only where
words are not conclusive (callers choose).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from assistant.commitments.models import Clause, TrackedCommitment
from assistant.commitments.vocabulary import GENERIC
from assistant.retrieval.lexical import terms

__all__ = ["PREFIX", "Similarity", "commitment_id", "content_terms"]


def commitment_id(pair_id: str, note_id: str, text: str) -> str:
    """Stable across re-extraction while the sentence stays the same."""
    key = f"{pair_id}\x00{note_id}\x00{' '.join(text.lower().split())}"
    return "c-" + hashlib.sha256(key.encode()).hexdigest()[:10]


_NAME_TERMS: set[str] = set()


PREFIX = 6
"""Terms are compared on their first letters: the stemmer leaves "summaris" (summarised) and
"summari" (summary), "present" and "presentat" apart; notes say the same thing both ways."""


def content_terms(text: str, names: set[str] | None = None) -> list[str]:
    """The text's content terms, in order (a new list each call: callers may change it)."""
    return list(_content_terms(text, frozenset(names or _NAME_TERMS)))


@lru_cache(maxsize=1 << 15)
def _content_terms(text: str, names: frozenset[str]) -> tuple[str, ...]:
    # Kept: both members' ledgers, and every rebuild, read the same clauses again.
    drop = GENERIC | names
    text = _VERSION.sub(lambda m: _ORDINAL[int(m[1])] + " version", text)
    return tuple(t[:PREFIX] for t in terms(text) if t not in drop and len(t) > 1 and not t.isdigit())


_ORDINAL = ("first", "first", "second", "third", "fourth", "fifth")
_VERSION = re.compile(r"\bv([0-5])\b", re.IGNORECASE)
"""A version said in short: "Checklist v1" is its first version (the digit alone is no term)."""


@dataclass
class Similarity:
    """How close a clause is to a commitment: by IDF-weighted shared terms, and by meaning."""

    idf: dict[str, float]
    df: dict[str, int]
    names: set[str]
    embed: Callable[[list[str]], np.ndarray] | None
    _vectors: dict[str, np.ndarray] = field(default_factory=dict)
    _pending: dict[str, None] = field(default_factory=dict)
    """Texts prepared and not embedded yet, in order (embedded all at once when first needed)."""

    def lexical(self, item_terms: Sequence[str], clause_terms: set[str]) -> float:
        """IDF-weighted share of the commitment's terms in the clause, and of the clause's in it."""
        item_set = set(item_terms)
        if not item_set or not clause_terms:
            return 0.0
        weight = lambda ts: sum(self.idf.get(t, 1.0) for t in ts)  # noqa: E731
        shared = weight(item_set & clause_terms)
        return 0.65 * shared / weight(item_set) + 0.35 * shared / weight(clause_terms)

    def semantic(self, a: str, b: str) -> float | None:
        """Cosine of two texts, embedded now if need be (None without a model)."""
        if self.embed is None:
            return None
        for text in (a, b):
            if text not in self._vectors:
                self._pending[text] = None
        self._embed_pending()
        return float(self._vectors[a] @ self._vectors[b])

    def prepare(self, texts: Sequence[str]) -> None:
        """The texts meaning will be asked of: embedded together, in one call, when meaning is
        first asked (never, when it is not: a history where no promise meets a report embeds
        nothing)."""
        if self.embed is None:
            return
        for text in texts:
            if text not in self._vectors:
                self._pending[text] = None

    def meaning(self, a: str, b: str) -> float | None:
        """Cosine of two texts prepared (or asked of :meth:`semantic`) before; None when either
        is not, or no model."""
        known = lambda t: t in self._vectors or t in self._pending  # noqa: E731
        if not (known(a) and known(b)):
            return None
        self._embed_pending()
        return float(self._vectors[a] @ self._vectors[b])

    def _embed_pending(self) -> None:
        if self._pending and self.embed is not None:
            texts = list(self._pending)
            self._vectors.update(zip(texts, self.embed(texts), strict=True))
            self._pending.clear()

    def overlap(self, item_terms: Sequence[str], context_terms: Sequence[str], clause_terms: set[str]) -> float:
        """IDF-weighted overlap coefficient of the commitment (with what "it" means) and a clause."""
        ext = set(item_terms) | set(context_terms)
        if not ext or not clause_terms:
            return 0.0
        weight = lambda ts: sum(self.idf.get(t, 1.0) for t in ts)  # noqa: E731
        return weight(ext & clause_terms) / min(weight(set(item_terms) | (ext & clause_terms)), weight(clause_terms))

    def score(
        self,
        item: TrackedCommitment,
        item_terms: Sequence[str],
        clause: Clause,
        clause_terms: set[str],
        meaning: bool = True,
    ) -> float:
        lex = self.lexical(item_terms, clause_terms)
        if item.context_terms:
            # What the commitment's "it" points to counts as evidence, not as more to cover.
            bonus = set(item.context_terms) & clause_terms - set(item_terms)
            lex = min(
                1.0,
                lex
                + 0.5
                * sum(self.idf.get(t, 1.0) for t in bonus)
                / max(1e-9, sum(self.idf.get(t, 1.0) for t in set(item_terms) | set(item.context_terms))),
            )
        if lex < 0.1 or not meaning:
            return lex
        sem = self.semantic(item.text, clause.text) if lex < 0.6 else None
        if sem is None:
            return lex
        # Meaning can only add: it finds "shared the onboarding list" for "write down three
        # things about onboarding", where the words barely overlap (cosine 0.46; unrelated
        # clauses in our corpus stay below 0.35).
        return max(lex, 0.4 * lex + 0.6 * min(1.0, max(0.0, (sem - 0.2) / 0.5)))
