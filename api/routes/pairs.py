"""A pair as a whole: the caller's pairs, and deleting one (confirmed by repeating its id)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import CoachDep, CurrentPerson
from assistant.workspace.models import PairSummary

__all__ = ["router"]

router = APIRouter(prefix="/api/pairs", tags=["pairs"])


@router.get("", response_model=list[PairSummary])
def pairs(person: CurrentPerson, coach: CoachDep) -> list[PairSummary]:
    """Your pairs: the other member, when you last met, what is open both ways."""
    return coach.pairs_of(person.id)


@router.delete("/{pair_id}", status_code=204)
def forget(
    pair_id: str,
    person: CurrentPerson,
    coach: CoachDep,
    confirm: Annotated[str, Query(description="The pair's id again: deleting a pair is for good.")] = "",
) -> Response:
    """Delete the pair and everything of it, everywhere (either member; recorded until it is gone)."""
    coach.forget_pair(pair_id, person.id, confirm=confirm)
    return Response(status_code=204)
