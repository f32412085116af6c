"""Questions that ask for someone, and sentences that name someone the question does not.

"Who covered escalations while Sunil stepped away" is answered by a sentence naming someone
other than Sunil ("Tomasz ran escalations on his own"), not by the sentences that say most
about Sunil and escalations; "which agency did we go with" by one that names an agency
("Staffline contract signed"). The second stage favours, among the sentences on the
question's topic, those that hold the kind of thing asked for: the oldest idea of question
answering (an expected answer type), a few regular expressions over sentences already cut.

Only "who"/"which" is used: measured on the dev histories (``benchmarks/README.md``), the same
favour for "when" (a date) and "how much" (a figure) did not help, since nearly every
sentence of a one-on-one note holds a date or a number.

On by default (``SentenceReranker(answer=0.4)``): on the dev histories it lifts search
(recall@3 0.784 -> 0.799, mrr 0.862 -> 0.888, the same leave-one-history-out). It waited for
the chat to weigh more than one sentence: a first hit that names someone beside the question
("the auditor (Halvorsen & Co)" for "which vendor caused the stale-vendor exception") is no
answer when another of the first notes is far closer in meaning
(:data:`assistant.chat.facts.CLOSE_SHARE`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.retrieval.lexical import STOPWORDS, terms
from assistant.text.people import NOT_NAMES

__all__ = [
    "asks_for_someone",
    "capitalised_inside",
    "common_word",
    "english_words",
    "lower_case_words",
    "names_someone",
]

_WHO = re.compile(r"\b(?:who|whom|whose|which)\b", re.IGNORECASE)
_OTHER_ASKS = re.compile(r"\b(?:when|what|why|where|how)\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"\b[A-Z][a-zà-ÿ]+\b")
_LOWER = re.compile(r"\b[a-zà-ÿ]+\b")
_NAMED_AT_START = re.compile(r"[:'’+,]|\s+(?:and|&|\+)\s")
"""What follows a capital that starts a sentence when it is a name: "Jens: 17 of 23",
"Tariq's team", "Bea + Kwasi"."""


def asks_for_someone(query: str) -> bool:
    """Whether the question's first question word is who, whom, whose or which."""
    who = _WHO.search(query)
    other = _OTHER_ASKS.search(query)
    return who is not None and (other is None or who.start() < other.start())


def lower_case_words(texts: list[str]) -> set[str]:
    """The words these texts write in lower case somewhere: a capital that starts a sentence
    is a name only if the same word is never written in lower case nearby."""
    return {w for t in texts for w in _LOWER.findall(t)}


_INSIDE = re.compile(r"(?<=[a-zà-ÿ0-9,;(/&+]) ([A-Z][a-zà-ÿ]+)\b")
"""A capitalised word inside a sentence: after a lower-case word, a figure or a comma."""


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The whole words of MiniLM's vocabulary (30,000 word pieces of English text, lower
    case): a word written in it is a common word or a common name; empty without the model."""
    try:
        from assistant.retrieval.minilm import model_dir

        lines = (model_dir() / "vocab.txt").read_text(encoding="utf-8").split()
    except (ImportError, OSError):
        return frozenset()
    return frozenset(w for w in lines if w.isalpha())


_ENDINGS = (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("ly", ""))


def common_word(word: str) -> bool:
    """Whether a lower-case word is one of :func:`english_words`, or one with an ending
    ("escalations", "worried", "honestly")."""
    found = english_words()
    return word in found or any(
        word.endswith(end) and len(word) - len(end) >= 3 and word[: -len(end)] + add in found for end, add in _ENDINGS
    )


def capitalised_inside(texts: list[str]) -> set[str]:
    """The words these texts capitalise inside a sentence ("... and Tomasz ran it"), in lower
    case: the names they use. A word only ever capitalised at the start of a sentence or a
    line ("Biggest waits: ...", "Worried that ...") is a common word."""
    return {m.group(1).lower() for t in texts for m in _INSIDE.finditer(t)}


def _common_at_start(low: str, common: set[str], inside: set[str] | None) -> bool:
    return low in common or (inside is not None and low not in inside and common_word(low))


def names_someone(sentence: str, asked: set[str], common: set[str], inside: set[str] | None = None) -> bool:
    """Whether the sentence holds a name (a capitalised word that is not a heading, a month,
    a day or a common word) that the question does not (``asked``: its terms). A capital
    that starts the sentence counts when what follows says it is a name ("Jens: 17 of 23")
    or the word is never written in lower case in the texts read with it (``common``) and,
    when ``inside`` is given (:func:`capitalised_inside`), is either capitalised inside a
    sentence somewhere or no common word (:func:`english_words`: "Priya ran the review" names
    someone, "Worried the dashboard breaks" does not)."""
    for m in _CAPITALISED.finditer(sentence):
        word = m.group()
        low = word.lower()
        if low in NOT_NAMES or low in STOPWORDS or set(terms(word)) & asked:
            continue
        at_start = not sentence[: m.start()].strip(" -*•[]()\"'")
        if at_start and not _NAMED_AT_START.match(sentence[m.end() :]) and _common_at_start(low, common, inside):
            continue
        return True
    return False
