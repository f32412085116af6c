"""Routes on one pair. Each parses its input, makes one core call and shapes the answer."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query

from assistant.commitments.ledger import ACTIONS

from ..deps import CoachDep, PersonDep
from ..schemas import AskRequest, CorrectionRequest, SearchResponse, SearchResult

router = APIRouter(prefix="/pairs/{pair_id}", tags=["pairs"])
AsOf = Annotated[date | None, Query(description="Judge dates as of this day (default: today).")]


def _day(as_of: date | None) -> date:
    return as_of or date.today()


@router.get("/search", response_model=SearchResponse)
def search(
    pair_id: str,
    coach: CoachDep,
    person: PersonDep,
    q: Annotated[str, Query(min_length=1)],
    k: Annotated[int, Query(ge=1, le=100)] = 5,
) -> SearchResponse:
    return SearchResponse(results=[SearchResult.of(h) for h in coach.search(pair_id, person, q, k)])


@router.get("/commitments")
def commitments(pair_id: str, coach: CoachDep, person: PersonDep, as_of: AsOf = None) -> dict[str, Any]:
    items = coach.commitments(pair_id, person, _day(as_of))
    return {"as_of": _day(as_of).isoformat(), "commitments": [c.to_json() for c in items]}


@router.post("/commitments/{commitment_id}/corrections")
def correct(
    pair_id: str, commitment_id: str, coach: CoachDep, person: PersonDep, body: CorrectionRequest
) -> dict[str, Any]:
    fixed = coach.correct_commitment(pair_id, person, commitment_id, body.action, body.value)
    return {"commitment": fixed.to_json(), "actions": list(ACTIONS)}


@router.get("/agenda")
def agenda(
    pair_id: str,
    coach: CoachDep,
    person: PersonDep,
    as_of: AsOf = None,
    minutes: Annotated[int, Query(ge=5, le=240)] = 30,
) -> dict[str, Any]:
    return coach.agenda(pair_id, person, _day(as_of), minutes).model_dump(mode="json")


@router.get("/feedback")
def feedback(pair_id: str, coach: CoachDep, person: PersonDep, as_of: AsOf = None) -> dict[str, Any]:
    return coach.feedback(pair_id, person, _day(as_of)).model_dump(mode="json")


@router.get("/plan")
def plan(pair_id: str, coach: CoachDep, person: PersonDep, as_of: AsOf = None) -> dict[str, Any]:
    drafted = coach.plan(pair_id, person, _day(as_of))
    doc = drafted.model_dump(mode="json")
    doc["actions"] = [a.model_dump(mode="json") for a in drafted.actions]
    return doc


@router.post("/ask")
def ask(pair_id: str, coach: CoachDep, person: PersonDep, body: AskRequest, as_of: AsOf = None) -> dict[str, Any]:
    return coach.ask(pair_id, person, body.question, _day(as_of), body.conversation).model_dump(mode="json")


@router.post("/conversations")
def new_conversation(
    pair_id: str, coach: CoachDep, person: PersonDep, title: Annotated[str, Body(embed=True)] = ""
) -> dict[str, str]:
    return {"id": coach.start_conversation(pair_id, person, title)}


@router.get("/conversations")
def conversations(pair_id: str, coach: CoachDep, person: PersonDep) -> dict[str, Any]:
    return {
        "conversations": [
            {"id": i, "title": t, "updated_at": at.isoformat()} for i, t, at in coach.conversations(pair_id, person)
        ]
    }


@router.get("/conversations/{conversation_id}")
def conversation(pair_id: str, conversation_id: str, coach: CoachDep, person: PersonDep) -> dict[str, Any]:
    found = coach.conversation(pair_id, person, conversation_id)
    return {"id": conversation_id, "messages": [{"role": r, "content": c, "sources": s} for r, c, s in found]}


@router.delete("/conversations/{conversation_id}", status_code=204)
def delete_conversation(pair_id: str, conversation_id: str, coach: CoachDep, person: PersonDep) -> None:
    coach.delete_conversation(pair_id, person, conversation_id)


@router.delete("", status_code=204)
def forget(pair_id: str, coach: CoachDep, person: PersonDep) -> None:
    coach.forget_pair(pair_id, person)
