"""Reading a pair: search, the commitment ledger, the drafts, a question. Each route parses
its input, makes one core call as the signed-in person, and shapes the answer."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CoachDep, CurrentPerson
from api.schemas import (
    AskRequest,
    CommitmentOut,
    CommitmentsResponse,
    PlanResponse,
    SearchRequest,
    SearchResponse,
    SearchResult,
)
from assistant.drafting.models import Agenda, ChatReply, FeedbackDraft

__all__ = ["router"]

router = APIRouter(prefix="/api/pairs/{pair_id}", tags=["read"])
AsOf = Annotated[date | None, Query(description="Judge dates as of this day (default: today).")]


def _day(as_of: date | None) -> date:
    return as_of or date.today()


@router.get("/search", response_model=SearchResponse)
def search(
    pair_id: str,
    person: CurrentPerson,
    coach: CoachDep,
    q: Annotated[str, Query(min_length=1, max_length=2000)],
    k: Annotated[int, Query(ge=1, le=100)] = 5,
) -> SearchResponse:
    """The notes you may see that answer ``q``, best first (the query is never logged;
    ``POST`` keeps it out of URLs too)."""
    return SearchResponse(results=[SearchResult.of(h) for h in coach.search(pair_id, person.id, q, k)])


@router.post("/search", response_model=SearchResponse)
def search_posted(pair_id: str, body: SearchRequest, person: CurrentPerson, coach: CoachDep) -> SearchResponse:
    return SearchResponse(results=[SearchResult.of(h) for h in coach.search(pair_id, person.id, body.q, body.k)])


@router.get("/commitments", response_model=CommitmentsResponse)
def commitments(pair_id: str, person: CurrentPerson, coach: CoachDep, as_of: AsOf = None) -> CommitmentsResponse:
    items = coach.commitments(pair_id, person.id, _day(as_of))
    return CommitmentsResponse(
        as_of=_day(as_of), commitments=[CommitmentOut.model_validate(c.to_json()) for c in items]
    )


@router.get("/agenda", response_model=Agenda)
def agenda(
    pair_id: str,
    person: CurrentPerson,
    coach: CoachDep,
    as_of: AsOf = None,
    minutes: Annotated[int, Query(ge=5, le=240)] = 30,
) -> Agenda:
    return coach.agenda(pair_id, person.id, _day(as_of), minutes)


@router.get("/feedback", response_model=FeedbackDraft)
def feedback(pair_id: str, person: CurrentPerson, coach: CoachDep, as_of: AsOf = None) -> FeedbackDraft:
    return coach.feedback(pair_id, person.id, _day(as_of))


@router.get("/plan", response_model=PlanResponse)
def plan(pair_id: str, person: CurrentPerson, coach: CoachDep, as_of: AsOf = None) -> PlanResponse:
    return PlanResponse.of(coach.plan(pair_id, person.id, _day(as_of)))


@router.post("/ask", response_model=ChatReply)
def ask(pair_id: str, body: AskRequest, person: CurrentPerson, coach: CoachDep, as_of: AsOf = None) -> ChatReply:
    return coach.ask(pair_id, person.id, body.question, _day(as_of), body.conversation)
