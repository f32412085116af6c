"""Wire schemas of the HTTP API, separate from the domain models.

Where the CLI's ``--json`` prints the same document (search, import, commitments,
conversations), it uses these models too, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.search_result import SearchResult
from assistant.drafting.models import GoalPlan, Plan, PlanAction
from assistant.models import Goal, GoalStatus, Note, NoteKind, Visibility
from assistant.store.records import Conversation, ImportStats, Message
from assistant.workspace.models import TalkingPoint

__all__ = [
    "AskRequest",
    "CommitmentOut",
    "CommitmentsResponse",
    "ConversationCreated",
    "ConversationOut",
    "ConversationsResponse",
    "CorrectionRequest",
    "CorrectionResponse",
    "ImportResponse",
    "CommitmentCreate",
    "GoalChange",
    "GoalCreate",
    "GoalOut",
    "GoalsResponse",
    "MeResponse",
    "NoteChange",
    "NoteCreate",
    "NoteOut",
    "NotesResponse",
    "TalkingPointCreate",
    "TalkingPointsResponse",
    "MessagesResponse",
    "PairRef",
    "PasswordChange",
    "PlanResponse",
    "SearchRequest",
    "SearchResponse",
    "SearchResult",
    "TokenCreated",
    "TokenRequest",
]


class SearchResponse(BaseModel):
    results: list[SearchResult]


class SearchRequest(BaseModel):
    """A search sent in the body (so the question is in no URL and no log)."""

    q: str = Field(min_length=1, max_length=2000)
    k: int = Field(default=5, ge=1, le=100)


class CommitmentOut(BaseModel):
    """One commitment as ``coach commitments --json`` prints it (fields the ledger adds pass through)."""

    model_config = ConfigDict(extra="allow")

    id: str
    owner: str | None
    text: str
    due: date | None
    status: str
    overdue: bool
    source_note_id: str | None
    followup_note_id: str | None


class CommitmentsResponse(BaseModel):
    as_of: date
    commitments: list[CommitmentOut]


class CorrectionRequest(BaseModel):
    action: Literal["done", "reopen", "assign", "due", "drop"]
    value: str | None = None


class CorrectionResponse(BaseModel):
    commitment: CommitmentOut


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=4000)
    conversation: str | None = None


class PlanResponse(BaseModel):
    """The plan, with every goal's actions also listed flat (as ``coach plan --json``)."""

    goals: list[GoalPlan]
    playbook: list[str] = []
    markdown: str = ""
    actions: list[PlanAction]

    @classmethod
    def of(cls, plan: Plan) -> PlanResponse:
        return cls(goals=plan.goals, playbook=plan.playbook, markdown=plan.markdown, actions=plan.actions)


class NoteRef(BaseModel):
    pair: str
    note: str


class ImportResponse(BaseModel):
    pairs: list[str]
    notes: int
    goals: int
    added: int
    changed: int
    removed: int
    not_searchable: list[NoteRef] = []
    """Notes the index could not take after a few tries: kept, not found by search (``coach doctor``)."""

    @classmethod
    def of(cls, stats: ImportStats) -> ImportResponse:
        return cls.model_validate(stats.to_json())


class ConversationOut(BaseModel):
    id: str
    title: str
    updated_at: datetime

    @classmethod
    def of(cls, c: Conversation) -> ConversationOut:
        return cls(id=c.id, title=c.title, updated_at=c.updated_at)


class ConversationsResponse(BaseModel):
    conversations: list[ConversationOut]


class ConversationCreated(BaseModel):
    id: str


class MessageOut(BaseModel):
    role: str
    content: str
    sources: list[str]


class MessagesResponse(BaseModel):
    id: str
    messages: list[MessageOut]

    @classmethod
    def of(cls, conversation_id: str, messages: list[Message]) -> MessagesResponse:
        return cls(
            id=conversation_id,
            messages=[MessageOut(role=m.role, content=m.content, sources=m.sources) for m in messages],
        )


class PairRef(BaseModel):
    id: str
    role: str
    other: str
    """The other member's person id (for a grantee: the employee's)."""
    other_name: str
    scopes: list[str] = []


class NoteOut(BaseModel):
    id: str
    date: dt.date
    author: str
    visibility: Visibility
    kind: NoteKind
    text: str

    @classmethod
    def of(cls, note: Note) -> NoteOut:
        return cls(
            id=note.id, date=note.date, author=note.author, visibility=note.visibility, kind=note.kind, text=note.text
        )


class NotesResponse(BaseModel):
    notes: list[NoteOut]


class NoteCreate(BaseModel):
    text: str = Field(min_length=1, max_length=50_000)
    visibility: Visibility = Visibility.shared
    kind: NoteKind = NoteKind.note
    date: dt.date | None = None


class NoteChange(BaseModel):
    text: str | None = Field(default=None, min_length=1, max_length=50_000)
    visibility: Visibility | None = None
    kind: NoteKind | None = None
    date: dt.date | None = None


class GoalOut(BaseModel):
    id: str
    title: str
    description: str
    owner: str | None
    status: GoalStatus
    due: date | None
    created: date | None
    proposed_by: str | None = None

    @classmethod
    def of(cls, goal: Goal) -> GoalOut:
        return cls.model_validate(goal.model_dump(exclude={"pair_id"}))


class GoalsResponse(BaseModel):
    goals: list[GoalOut]


class GoalCreate(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=50_000)
    due: date | None = None
    status: GoalStatus = GoalStatus.not_started


class GoalChange(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=50_000)
    due: date | None = None
    status: GoalStatus | None = None
    accept: bool = False
    """The employee accepts the manager's proposal: it becomes their goal."""


class TalkingPointCreate(BaseModel):
    text: str = Field(min_length=1, max_length=2000)


class TalkingPointsResponse(BaseModel):
    talking_points: list[TalkingPoint]


class CommitmentCreate(BaseModel):
    owner: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=500)
    due: date | None = None


class MeResponse(BaseModel):
    id: str
    name: str
    pairs: list[PairRef]


class TokenRequest(BaseModel):
    label: str = Field(default="", max_length=200)


class TokenCreated(BaseModel):
    id: str
    token: str
    """Shown this once: it is not kept."""


class PasswordChange(BaseModel):
    old: str = Field(max_length=1024)
    new: str = Field(max_length=1024)


def jsonable(value: Any) -> Any:
    """A domain object's JSON form (for models that are dataclasses with ``to_json``)."""
    return value.to_json() if hasattr(value, "to_json") else value
