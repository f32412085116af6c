"""Wire schemas of the HTTP API, separate from the domain models."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from assistant.models import SearchHit

__all__ = ["SearchResult", "SearchResponse"]


class SearchResult(BaseModel):
    note_id: str
    date: date
    score: float
    text: str
    snippet: str

    @classmethod
    def of(cls, hit: SearchHit) -> SearchResult:
        return cls(note_id=hit.note.id, date=hit.note.date, score=hit.score, text=hit.note.text, snippet=hit.snippet)


class SearchResponse(BaseModel):
    results: list[SearchResult]
