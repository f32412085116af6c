"""Consent and the audit trail: the employee lets someone outside the pair read chosen
scopes until a date (and ends it at once); both members read the pair's trail."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from api.deps import CoachDep, CurrentPerson
from assistant.workspace.models import AuditEvent, Grant, Scope

__all__ = ["router"]

router = APIRouter(prefix="/api/pairs/{pair_id}", tags=["consent"])


class GrantRequest(BaseModel):
    to: str = Field(min_length=1, max_length=200)
    """The person (their id) to let in."""
    scopes: list[Scope] = Field(min_length=1)
    expires: dt.date
    """The last day the grant is good for."""


class GrantsResponse(BaseModel):
    grants: list[Grant]


class AuditResponse(BaseModel):
    events: list[AuditEvent]


@router.post("/grants", status_code=201, response_model=Grant)
def grant(pair_id: str, body: GrantRequest, person: CurrentPerson, coach: CoachDep) -> Grant:
    """(The employee) let ``to`` read ``scopes`` until ``expires``: goals, plan, commitments,
    shared_notes. Private notes are never part of it."""
    return coach.grant(pair_id, person.id, body.to, body.scopes, body.expires)


@router.get("/grants", response_model=GrantsResponse)
def grants(pair_id: str, person: CurrentPerson, coach: CoachDep) -> GrantsResponse:
    return GrantsResponse(grants=coach.grants(pair_id, person.id))


@router.delete("/grants/{grant_id}", status_code=204)
def revoke(pair_id: str, grant_id: str, person: CurrentPerson, coach: CoachDep) -> Response:
    """(The employee) end a grant, at once."""
    coach.revoke_grant(pair_id, person.id, grant_id)
    return Response(status_code=204)


@router.get("/audit", response_model=AuditResponse)
def audit(pair_id: str, person: CurrentPerson, coach: CoachDep) -> AuditResponse:
    """Who did what to the pair, newest first: imports, note edits and deletions, commitment
    changes, grants, and every read by someone granted access. Never a note's text."""
    return AuditResponse(events=coach.audit(pair_id, person.id))
