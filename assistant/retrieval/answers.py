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

from assistant.retrieval.lexical import STOPWORDS, terms
from assistant.text.people import NOT_NAMES

__all__ = ["asks_for_someone", "lower_case_words", "names_someone"]

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


def names_someone(sentence: str, asked: set[str], common: set[str]) -> bool:
    """Whether the sentence holds a name (a capitalised word that is not a heading, a month,
    a day or a common word) that the question does not (``asked``: its terms). A capital
    that starts the sentence counts when what follows says it is a name ("Jens: 17 of 23")
    or the word is never written in lower case in the texts read with it (``common``)."""
    for m in _CAPITALISED.finditer(sentence):
        word = m.group()
        low = word.lower()
        if low in NOT_NAMES or low in STOPWORDS or set(terms(word)) & asked:
            continue
        at_start = not sentence[: m.start()].strip(" -*•[]()\"'")
        if at_start and low in common and not _NAMED_AT_START.match(sentence[m.end() :]):
            continue
        return True
    return False
