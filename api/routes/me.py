"""The signed-in person: who they are, their pairs, their tokens and password."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from api.deps import CoachDep, CurrentPerson
from api.schemas import MeResponse, PairRef, PasswordChange, TokenCreated, TokenRequest
from api.security import csrf_token_for, session_token
from assistant.accounts import TokenInfo

__all__ = ["router"]

router = APIRouter(prefix="/api/me", tags=["me"])


@router.get("", response_model=MeResponse)
def me(person: CurrentPerson, coach: CoachDep) -> MeResponse:
    pairs = [
        PairRef(id=p.pair_id, role=p.role, other=p.other.id, other_name=p.other.name, scopes=[str(s) for s in p.scopes])
        for p in coach.pairs_of(person.id)
    ]
    return MeResponse(id=person.id, name=person.name, pairs=pairs)


class CsrfResponse(BaseModel):
    csrf_token: str
    """Send it as the X-CSRF-Token header with every state-changing request the session
    cookie authenticates ("" for a token-authenticated caller, who needs none)."""


@router.get("/csrf", response_model=CsrfResponse)
def csrf(request: Request, _person: CurrentPerson) -> CsrfResponse:
    return CsrfResponse(csrf_token=csrf_token_for(request) if session_token(request) else "")


@router.get("/tokens", response_model=list[TokenInfo])
def tokens(person: CurrentPerson, coach: CoachDep) -> list[TokenInfo]:
    """Your personal API tokens: label, when made and last used (never the token)."""
    return coach.accounts.tokens(person.id)


@router.post("/tokens", status_code=201, response_model=TokenCreated)
def create_token(body: TokenRequest, person: CurrentPerson, coach: CoachDep) -> TokenCreated:
    """A new token, shown in this answer only."""
    token_id, token = coach.accounts.issue_token(person.id, body.label)
    return TokenCreated(id=token_id, token=token)


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(token_id: str, person: CurrentPerson, coach: CoachDep) -> Response:
    coach.accounts.revoke_token(person.id, token_id)
    return Response(status_code=204)


@router.post("/password", status_code=204)
def change_password(body: PasswordChange, request: Request, person: CurrentPerson, coach: CoachDep) -> Response:
    """Change your password (the old one proves it is you); every session ends but this one's
    replacement: sign in again."""
    coach.accounts.change_password(person.id, body.old, body.new)
    coach.accounts.sign_out(session_token(request))
    return Response(status_code=204)


@router.post("/sign-out-everywhere", status_code=204)
def sign_out_everywhere(person: CurrentPerson, coach: CoachDep) -> Response:
    coach.accounts.sign_out_everywhere(person.id)
    return Response(status_code=204)
