"""A pair's writes from the pages: notes, commitment corrections, talking points, grants.

Each checks the CSRF token, makes one core call and answers an htmx request with the fragment
that changed, a plain form post with a redirect back. Domain errors become a short message
(422) that the page shows in place; a pair the person may not see is 404.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from assistant.errors import CoachError, InvalidInput, NotAMember, NotFound
from web.identity import CoachDep, Me, PageNotFound, pair_viewer
from web.rendering import path_part, templates
from web.routes.common import back, is_htmx
from web.routes.pair import ACTIONS, names_of, privacy_page, talking_points

__all__ = ["router"]

router = APIRouter(prefix="/pairs/{pair_id}")


def _refused(message: str) -> PlainTextResponse:
    return PlainTextResponse(message, status_code=422)


def _fragment(request: Request, name: str, viewer, **context) -> HTMLResponse:
    from web.identity import csrf_token_for

    base = {"viewer": viewer, "names": names_of(viewer), "actions": ACTIONS, "csrf": csrf_token_for(request)}
    return templates.TemplateResponse(request, name, {**base, **context})


def _day_or_none(value: str) -> date | None:
    return date.fromisoformat(value) if value.strip() else None


@router.post("/notes")
def add_note(
    request: Request,
    pair_id: str,
    me: Me,
    coach: CoachDep,
    text: Annotated[str, Form()],
    private: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "note",
    day: Annotated[str, Form()] = "",
) -> Response:
    viewer = pair_viewer(coach, pair_id, me)
    visibility = "private" if private else "shared"
    try:
        when = date.fromisoformat(day) if day else date.today()
        note = coach.add_note(pair_id, me.id, text, visibility, kind, when)
    except ValueError:
        return _refused("The date must be a day, like 2026-11-30.")
    except InvalidInput as refused:
        return _refused(refused.message)
    if not is_htmx(request):
        return RedirectResponse(f"/pairs/{path_part(pair_id)}/notes#note-{note.id}", status_code=303)
    return _fragment(request, "_saved_note_oob.html.j2", viewer, note=note)


@router.post("/notes/{note_id:path}/edit")
def edit_note(
    pair_id: str,
    note_id: str,
    me: Me,
    coach: CoachDep,
    text: Annotated[str, Form()],
    private: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "note",
    day: Annotated[str, Form()] = "",
) -> Response:
    """The author's change to their own note; its audience follows the Private box."""
    pair_viewer(coach, pair_id, me)
    try:
        when = date.fromisoformat(day) if day else None
        coach.edit_note(pair_id, me.id, note_id, text, "private" if private else "shared", kind, when)
    except ValueError:
        return _refused("The date must be a day, like 2026-11-30.")
    except InvalidInput as refused:
        return _refused(refused.message)
    except CoachError as refused:
        if refused.http_status in (403, 404):
            raise PageNotFound() from None
        raise
    return RedirectResponse(f"/pairs/{path_part(pair_id)}/notes/{path_part(note_id)}", status_code=303)


@router.post("/notes/{note_id:path}/forget")
def forget_note(request: Request, pair_id: str, note_id: str, me: Me, coach: CoachDep) -> Response:
    pair_viewer(coach, pair_id, me)
    try:
        coach.forget_note(pair_id, me.id, note_id)
    except (NotFound, NotAMember):
        raise PageNotFound() from None
    if is_htmx(request):
        return HTMLResponse("")
    return RedirectResponse(f"/pairs/{path_part(pair_id)}/notes", status_code=303)


@router.post("/commitments")
def add_commitment(
    pair_id: str,
    me: Me,
    coach: CoachDep,
    owner: Annotated[str, Form()],
    text: Annotated[str, Form()],
    due: Annotated[str, Form()] = "",
) -> Response:
    """A commitment a member enters: who will do what, by when."""
    pair_viewer(coach, pair_id, me)
    try:
        coach.add_commitment(pair_id, me.id, owner, text, _day_or_none(due))
    except ValueError:
        return _refused("The date must be a day, like 2026-12-31.")
    except InvalidInput as refused:
        return _refused(refused.message)
    return RedirectResponse(f"/pairs/{path_part(pair_id)}/commitments", status_code=303)


@router.post("/commitments/{commitment_id}")
def correct_commitment(
    request: Request,
    pair_id: str,
    commitment_id: str,
    me: Me,
    coach: CoachDep,
    action: Annotated[str, Form()],
    value: Annotated[str, Form()] = "",
) -> Response:
    viewer = pair_viewer(coach, pair_id, me)
    if action.startswith("assign:"):  # one button per member: the action carries who
        action, value = action.split(":", 1)
    if action == "due" and not value:
        return _refused("Pick the new date first.")
    try:
        fixed = coach.correct_commitment(pair_id, me.id, commitment_id, action, value or None)
    except InvalidInput as refused:
        return _refused(refused.message)
    except NotFound:
        raise PageNotFound() from None
    if not is_htmx(request):
        return back(request, f"/pairs/{path_part(pair_id)}/commitments")
    shown = next((c for c in coach.commitments(pair_id, me.id, date.today()) if c.id == fixed.id), fixed)
    return _fragment(request, "_commitment.html.j2", viewer, c=shown)


def _points(request: Request, coach, viewer) -> Response:
    if not is_htmx(request):
        return back(request, f"/pairs/{path_part(viewer.pair.id)}")
    return _fragment(request, "_talking_points.html.j2", viewer, points=talking_points(coach, viewer))


@router.post("/talking-points")
def add_talking_point(
    request: Request, pair_id: str, me: Me, coach: CoachDep, text: Annotated[str, Form()]
) -> Response:
    viewer = pair_viewer(coach, pair_id, me)
    try:
        coach.add_talking_point(pair_id, me.id, text)
    except InvalidInput as refused:
        return _refused(refused.message)
    return _points(request, coach, viewer)


@router.post("/talking-points/{point_id}/close")
def close_talking_point(request: Request, pair_id: str, point_id: str, me: Me, coach: CoachDep) -> Response:
    viewer = pair_viewer(coach, pair_id, me)
    try:
        coach.close_talking_point(pair_id, me.id, point_id)
    except NotFound:
        raise PageNotFound() from None
    return _points(request, coach, viewer)


@router.post("/goals")
def add_goal(
    pair_id: str,
    me: Me,
    coach: CoachDep,
    title: Annotated[str, Form()],
    description: Annotated[str, Form()] = "",
    due: Annotated[str, Form()] = "",
) -> Response:
    """The employee's goal, or the manager's proposal of one."""
    pair_viewer(coach, pair_id, me)
    try:
        coach.add_goal(pair_id, me.id, title, description, _day_or_none(due))
    except ValueError:
        return _refused("The date must be a day, like 2026-12-31.")
    except InvalidInput as refused:
        return _refused(refused.message)
    return RedirectResponse(f"/pairs/{path_part(pair_id)}/plan#h-goals", status_code=303)


@router.post("/goals/{goal_id}")
def edit_goal(
    pair_id: str,
    goal_id: str,
    me: Me,
    coach: CoachDep,
    status: Annotated[str, Form()] = "",
    accept: Annotated[str, Form()] = "",
) -> Response:
    pair_viewer(coach, pair_id, me)
    try:
        coach.edit_goal(pair_id, me.id, goal_id, status=status or None, accept=bool(accept))
    except InvalidInput as refused:
        return _refused(refused.message)
    except CoachError as refused:
        if refused.http_status in (403, 404):
            raise PageNotFound() from None
        raise
    return RedirectResponse(f"/pairs/{path_part(pair_id)}/plan#h-goals", status_code=303)


@router.post("/grants")
def grant(
    request: Request,
    pair_id: str,
    me: Me,
    coach: CoachDep,
    to: Annotated[str, Form()],
    expires: Annotated[str, Form()],
    scopes: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI reads the default, never mutates it
) -> Response:
    viewer = pair_viewer(coach, pair_id, me)
    try:
        if not scopes:
            raise InvalidInput("choose at least one thing they may see")
        coach.grant(pair_id, me.id, to.strip(), scopes, date.fromisoformat(expires))
    except ValueError:
        return privacy_page(request, me, coach, viewer, "The end date must be a day.", 422)
    except (InvalidInput, NotAMember, NotFound) as refused:
        return privacy_page(request, me, coach, viewer, refused.message, 422)
    return RedirectResponse(f"/pairs/{path_part(pair_id)}/privacy", status_code=303)


@router.post("/grants/{grant_id}/revoke")
def revoke_grant(pair_id: str, grant_id: str, me: Me, coach: CoachDep) -> Response:
    try:
        coach.revoke_grant(pair_id, me.id, grant_id)
    except (NotFound, NotAMember):
        raise PageNotFound() from None
    return RedirectResponse(f"/pairs/{path_part(pair_id)}/privacy", status_code=303)
