"""One search result as the HTTP API and ``coach search --json`` print it.

Its own module, re-exported by :mod:`api.schemas`: a cold ``coach search`` prints it without
making every other schema of the API (a few hundredths of a second of pydantic).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from assistant.models import SearchHit

__all__ = ["SearchResult"]


class SearchResult(BaseModel):
    note_id: str
    date: dt.date
    score: float
    text: str
    snippet: str
    author: str
    visibility: str
    kind: str

    @classmethod
    def of(cls, hit: SearchHit) -> SearchResult:
        n = hit.note
        return cls(
            note_id=n.id,
            date=n.date,
            score=hit.score,
            text=n.text,
            snippet=hit.snippet,
            author=n.author,
            visibility=str(n.visibility),
            kind=str(n.kind),
        )
