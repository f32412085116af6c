"""Wire schemas of the HTTP API, separate from the domain models."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from assistant.models import SearchHit

__all__ = ["AskRequest", "CorrectionRequest", "SearchResponse", "SearchResult"]


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


class CorrectionRequest(BaseModel):
    action: Literal["done", "reopen", "assign", "due"]
    value: str | None = None


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=4000)
    conversation: str | None = None
