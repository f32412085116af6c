"""A member's import over HTTP: a ``coach-pair/1`` document of one of their pairs, adding or
updating the notes they wrote, and nothing else (409, nothing written, otherwise)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query

from api.deps import CoachDep, CurrentPerson
from api.schemas import ImportResponse

__all__ = ["router"]

router = APIRouter(prefix="/api/pairs/{pair_id}", tags=["import"])


@router.post("/import", response_model=ImportResponse)
def import_pair(
    pair_id: str,
    person: CurrentPerson,
    coach: CoachDep,
    document: Annotated[dict[str, Any], Body(description="A coach-pair/1 document of this pair.")],
    prune: Annotated[bool, Query(description="Remove your own imported notes the document no longer holds.")] = False,
) -> ImportResponse:
    return ImportResponse.of(coach.import_document(pair_id, person.id, document, prune))
