"""Writing in a pair: notes (as the caller; edit and delete one's own only), goals,
talking points, commitments entered and changed. Every change is in the pair's audit trail."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import CoachDep, CurrentPerson
from api.schemas import (
    CommitmentCreate,
    CommitmentOut,
    CorrectionRequest,
    CorrectionResponse,
    GoalChange,
    GoalCreate,
    GoalOut,
    GoalsResponse,
    NoteChange,
    NoteCreate,
    NoteOut,
    NotesResponse,
    TalkingPointCreate,
    TalkingPointsResponse,
)
from assistant.errors import NotFound
from assistant.workspace.models import TalkingPoint

__all__ = ["router"]

router = APIRouter(prefix="/api/pairs/{pair_id}", tags=["write"])


@router.get("/notes", response_model=NotesResponse)
def notes(pair_id: str, person: CurrentPerson, coach: CoachDep) -> NotesResponse:
    """The pair's notes you may see, oldest first."""
    return NotesResponse(notes=[NoteOut.of(n) for n in coach.notes(pair_id, person.id)])


@router.post("/notes", status_code=201, response_model=NoteOut)
def add_note(pair_id: str, body: NoteCreate, person: CurrentPerson, coach: CoachDep) -> NoteOut:
    """A new note, written by you: ``shared`` (both members see it) or ``private`` (you alone)."""
    return NoteOut.of(coach.add_note(pair_id, person.id, body.text, body.visibility, body.kind, body.date))


@router.get("/notes/{note_id}", response_model=NoteOut)
def note(pair_id: str, note_id: str, person: CurrentPerson, coach: CoachDep) -> NoteOut:
    found = coach.notes(pair_id, person.id, [note_id])
    if not found:
        raise NotFound(f"no note '{note_id}'")
    return NoteOut.of(found[0])


@router.patch("/notes/{note_id}", response_model=NoteOut)
def edit_note(pair_id: str, note_id: str, body: NoteChange, person: CurrentPerson, coach: CoachDep) -> NoteOut:
    """Change one of your notes (its author only)."""
    changed = coach.edit_note(pair_id, person.id, note_id, body.text, body.visibility, body.kind, body.date)
    return NoteOut.of(changed)


@router.delete("/notes/{note_id}", status_code=204)
def delete_note(pair_id: str, note_id: str, person: CurrentPerson, coach: CoachDep) -> Response:
    """Delete one of your notes everywhere: records, index, caches, kept answers that quoted it."""
    coach.forget_note(pair_id, person.id, note_id)
    return Response(status_code=204)


@router.get("/goals", response_model=GoalsResponse)
def goals(pair_id: str, person: CurrentPerson, coach: CoachDep) -> GoalsResponse:
    return GoalsResponse(goals=[GoalOut.of(g) for g in coach.goals(pair_id, person.id)])


@router.post("/goals", status_code=201, response_model=GoalOut)
def add_goal(pair_id: str, body: GoalCreate, person: CurrentPerson, coach: CoachDep) -> GoalOut:
    """The employee's new goal; from the manager, a proposal the employee may accept."""
    return GoalOut.of(coach.add_goal(pair_id, person.id, body.title, body.description, body.due, body.status))


@router.patch("/goals/{goal_id}", response_model=GoalOut)
def edit_goal(pair_id: str, goal_id: str, body: GoalChange, person: CurrentPerson, coach: CoachDep) -> GoalOut:
    changed = coach.edit_goal(
        pair_id, person.id, goal_id, body.title, body.description, body.due, body.status, body.accept
    )
    return GoalOut.of(changed)


@router.get("/talking-points", response_model=TalkingPointsResponse)
def talking_points(pair_id: str, person: CurrentPerson, coach: CoachDep) -> TalkingPointsResponse:
    """Open talking points for the next one-on-one, the employee's first."""
    return TalkingPointsResponse(talking_points=coach.talking_points(pair_id, person.id))


@router.post("/talking-points", status_code=201, response_model=TalkingPoint)
def add_talking_point(pair_id: str, body: TalkingPointCreate, person: CurrentPerson, coach: CoachDep) -> TalkingPoint:
    return coach.add_talking_point(pair_id, person.id, body.text)


@router.post("/talking-points/{point_id}/close", response_model=TalkingPoint)
def close_talking_point(pair_id: str, point_id: str, person: CurrentPerson, coach: CoachDep) -> TalkingPoint:
    """Mark a talking point talked about."""
    return coach.close_talking_point(pair_id, person.id, point_id)


@router.post("/commitments", status_code=201, response_model=CommitmentOut)
def add_commitment(pair_id: str, body: CommitmentCreate, person: CurrentPerson, coach: CoachDep) -> CommitmentOut:
    """Enter a commitment (owner, text, due): a fact the extractor never changes."""
    made = coach.add_commitment(pair_id, person.id, body.owner, body.text, body.due)
    return CommitmentOut.model_validate(made.to_json())


@router.post("/commitments/{commitment_id}/corrections", response_model=CorrectionResponse)
def correct(
    pair_id: str, commitment_id: str, body: CorrectionRequest, person: CurrentPerson, coach: CoachDep
) -> CorrectionResponse:
    """Done, reopen, drop, assign (value: a member) or due (value: YYYY-MM-DD): by either member,
    recorded with who and when."""
    fixed = coach.correct_commitment(pair_id, person.id, commitment_id, body.action, body.value)
    return CorrectionResponse(commitment=CommitmentOut.model_validate(fixed.to_json()))
