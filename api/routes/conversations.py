"""Kept conversations: each visible to the one person who had it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Response

from api.deps import CoachDep, CurrentPerson
from api.schemas import ConversationCreated, ConversationOut, ConversationsResponse, MessagesResponse

__all__ = ["router"]

router = APIRouter(prefix="/api/pairs/{pair_id}/conversations", tags=["conversations"])


@router.post("", status_code=201, response_model=ConversationCreated)
def new_conversation(
    pair_id: str, person: CurrentPerson, coach: CoachDep, title: Annotated[str, Body(embed=True, max_length=200)] = ""
) -> ConversationCreated:
    return ConversationCreated(id=coach.start_conversation(pair_id, person.id, title))


@router.get("", response_model=ConversationsResponse)
def conversations(pair_id: str, person: CurrentPerson, coach: CoachDep) -> ConversationsResponse:
    return ConversationsResponse(conversations=[ConversationOut.of(c) for c in coach.conversations(pair_id, person.id)])


@router.get("/{conversation_id}", response_model=MessagesResponse)
def conversation(pair_id: str, conversation_id: str, person: CurrentPerson, coach: CoachDep) -> MessagesResponse:
    return MessagesResponse.of(conversation_id, coach.conversation(pair_id, person.id, conversation_id))


@router.delete("/{conversation_id}", status_code=204)
def delete_conversation(pair_id: str, conversation_id: str, person: CurrentPerson, coach: CoachDep) -> Response:
    coach.delete_conversation(pair_id, person.id, conversation_id)
    return Response(status_code=204)
