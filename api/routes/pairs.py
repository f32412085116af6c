"""Routes on one pair. Each parses its input, makes one core call and shapes the answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..deps import CoachDep, PersonDep
from ..schemas import SearchResponse, SearchResult

router = APIRouter(prefix="/pairs/{pair_id}", tags=["pairs"])


@router.get("/search", response_model=SearchResponse)
def search(
    pair_id: str,
    coach: CoachDep,
    person: PersonDep,
    q: Annotated[str, Query(min_length=1)],
    k: Annotated[int, Query(ge=1, le=100)] = 5,
) -> SearchResponse:
    return SearchResponse(results=[SearchResult.of(h) for h in coach.search(pair_id, person, q, k)])


@router.delete("", status_code=204)
def forget(pair_id: str, coach: CoachDep, person: PersonDep) -> None:
    coach.forget_pair(pair_id, person)
