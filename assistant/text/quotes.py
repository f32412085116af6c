"""A promise as its note put it, for words that lean on what came before them.

"get it renewed", "do (b)", "resubmit", "I told her I would before the offsite": a ledger's
wording of such a promise is true but says little; the note's own sentence, with what came
before it on its line, says what it is about. Quoted verbatim, so never wrong.
"""

from __future__ import annotations

import re

from assistant.retrieval.lexical import terms
from assistant.text.sentences import sentences

__all__ = ["as_said", "leans_on_context"]

_LEANS = re.compile(
    r"^\W*\w+\W*$|^\W*(?:[\w-]+\s+){0,2}(?:it|them|him|her|this|that|those|these)\b|\([a-z]\)"
    # a verb and its particle, and nothing else: "give back", "follow up"
    r"|^\W*[\w-]+\s+(?:back|up|out|over|on|off|through|in)\W*$"
    r"|^\W*(?:before|after|by|because|so|when|if|until|once|on|in|at|for|with)\b"
    # a verb with no object before its condition or date: "finish once he's tracked them down"
    r"|^\W*[\w-]+\s+(?:once|when|after|before|if|until|unless|by)\b"
    # three plain words at most, no name, figure or thing named: "have an answer", "pull the numbers"
    r"|^\W*[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,2}\W*$",
    re.IGNORECASE,
)


def leans_on_context(text: str) -> bool:
    """Whether a promise's words lean on what came before it ("get it renewed", "do (b)",
    "resubmit"), not one that names its object first ("post the changes before announcing
    them")."""
    return bool(_LEANS.search(text))


def as_said(note_text: str, text: str, limit: int = 240) -> str:
    """Where ``text`` was said in the note, with what came before it on its line or paragraph
    ("The survey tool license lapsed in March; I'll get it renewed by the end of the month"
    for "get it renewed"), within ``limit`` characters; "" if its words are not in the note."""
    words = set(terms(text))
    said = sentences(note_text)
    scores = [len(words & set(terms(s))) for s in said]
    if not scores or max(scores) == 0:
        return ""
    # the sentence that holds the words as written ("do (b)"), else the one sharing most
    at = max(range(len(said)), key=lambda i: (text.lower() in said[i].lower(), scores[i], -i))
    quote = said[at].strip()
    for before in reversed(said[max(0, at - 2) : at]):
        start, end = note_text.find(before), note_text.find(said[at])
        if (
            start < 0
            or end < start
            or "\n" in note_text[start + len(before) : end].strip(" ")
            or len(before) + len(quote) > limit
        ):
            break  # another line or paragraph says something else
        quote = f"{before.strip()} {quote}"
    return re.sub(r"^[-*•]\s+", "", quote).rstrip(". ")
