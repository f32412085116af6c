"""A pair's writes from the pages: notes, commitment corrections, talking points, grants.

Each checks the CSRF token, makes one core call and answers an htmx request with the fragment
that changed, a plain form post with a redirect back. Domain errors become a short message
(422) that the page shows in place; a pair the person may not see is 404.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Annotated, ParamSpec

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from assistant.errors import CoachError, InvalidInput, NotAMember, NotFound
from web.identity import CoachDep, Me, PageNotFound, pair_viewer
from web.rendering import path_part, templates
from web.routes.common import back, is_htmx
from web.routes.pair import ACTIONS, names_of, privacy_page, talking_points

__all__ = ["router"]

router = APIRouter(prefix="/pairs/{pair_id}")


P = ParamSpec("P")


def _refused(message: str) -> PlainTextResponse:
    return PlainTextResponse(message, status_code=422)


def refusals(handler: Callable[P, Response]) -> Callable[P, Response]:
    """A write's domain errors, mapped once: bad input is a short message the page shows in
    place (422); a pair, note or item the person may not see is the 404 page."""

    @functools.wraps(handler)
    def mapped(*args: P.args, **kwargs: P.kwargs) -> Response:
        try:
            return handler(*args, **kwargs)
        except InvalidInput as refused:
            return _refused(refused.message)
        except CoachError as refused:
            if refused.http_status in (403, 404):
                raise PageNotFound() from None
            raise

    return mapped


def _fragment(request: Request, name: str, viewer, **context) -> HTMLResponse:
    from web.identity import csrf_token_for

    base = {"viewer": viewer, "names": names_of(viewer), "actions": ACTIONS, "csrf": csrf_token_for(request)}
    return templates.TemplateResponse(request, name, {**base, **context})


def _day_or_none(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        raise InvalidInput("The date must be a day, like 2026-12-31.") from None


@router.post("/notes")
@refusals
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
    note = coach.add_note(pair_id, me.id, text, visibility, kind, _day_or_none(day) or date.today())
    if not is_htmx(request):
        return RedirectResponse(f"/pairs/{path_part(pair_id)}/notes#note-{note.id}", status_code=303)
    return _fragment(request, "_saved_note_oob.html.j2", viewer, note=note)


@router.post("/notes/{note_id:path}/edit")
@refusals
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
    coach.edit_note(pair_id, me.id, note_id, text, "private" if private else "shared", kind, _day_or_none(day))
    return RedirectResponse(f"/pairs/{path_part(pair_id)}/notes/{path_part(note_id)}", status_code=303)


@router.post("/notes/{note_id:path}/forget")
@refusals
def forget_note(request: Request, pair_id: str, note_id: str, me: Me, coach: CoachDep) -> Response:
    pair_viewer(coach, pair_id, me)
    coach.forget_note(pair_id, me.id, note_id)
    if is_htmx(request):
        return HTMLResponse("")
    return RedirectResponse(f"/pairs/{path_part(pair_id)}/notes", status_code=303)


@router.post("/commitments")
@refusals
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
    coach.add_commitment(pair_id, me.id, owner, text, _day_or_none(due))
    return RedirectResponse(f"/pairs/{path_part(pair_id)}/commitments", status_code=303)


@router.post("/commitments/{commitment_id}")
@refusals
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
    fixed = coach.correct_commitment(pair_id, me.id, commitment_id, action, value or None)
    if not is_htmx(request):
        return back(request, f"/pairs/{path_part(pair_id)}/commitments")
    shown = next((c for c in coach.commitments(pair_id, me.id, date.today()) if c.id == fixed.id), fixed)
    return _fragment(request, "_commitment.html.j2", viewer, c=shown)


def _points(request: Request, coach, viewer) -> Response:
    if not is_htmx(request):
        return back(request, f"/pairs/{path_part(viewer.pair.id)}")
    return _fragment(request, "_talking_points.html.j2", viewer, points=talking_points(coach, viewer))


@router.post("/talking-points")
@refusals
def add_talking_point(
    request: Request, pair_id: str, me: Me, coach: CoachDep, text: Annotated[str, Form()]
) -> Response:
    viewer = pair_viewer(coach, pair_id, me)
    coach.add_talking_point(pair_id, me.id, text)
    return _points(request, coach, viewer)


@router.post("/talking-points/{point_id}/close")
@refusals
def close_talking_point(request: Request, pair_id: str, point_id: str, me: Me, coach: CoachDep) -> Response:
    viewer = pair_viewer(coach, pair_id, me)
    coach.close_talking_point(pair_id, me.id, point_id)
    return _points(request, coach, viewer)


@router.post("/goals")
@refusals
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
    coach.add_goal(pair_id, me.id, title, description, _day_or_none(due))
    return RedirectResponse(f"/pairs/{path_part(pair_id)}/plan#h-goals", status_code=303)


@router.post("/goals/{goal_id}")
@refusals
def edit_goal(
    pair_id: str,
    goal_id: str,
    me: Me,
    coach: CoachDep,
    status: Annotated[str, Form()] = "",
    accept: Annotated[str, Form()] = "",
) -> Response:
    pair_viewer(coach, pair_id, me)
    coach.edit_goal(pair_id, me.id, goal_id, status=status or None, accept=bool(accept))
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
        until = _day_or_none(expires)
        if until is None:
            raise InvalidInput("The end date must be a day.")
        coach.grant(pair_id, me.id, to.strip(), scopes, until)
    except (InvalidInput, NotAMember, NotFound) as refused:
        return privacy_page(request, me, coach, viewer, refused.message, 422)
    return RedirectResponse(f"/pairs/{path_part(pair_id)}/privacy", status_code=303)


@router.post("/grants/{grant_id}/revoke")
@refusals
def revoke_grant(pair_id: str, grant_id: str, me: Me, coach: CoachDep) -> Response:
    coach.revoke_grant(pair_id, me.id, grant_id)
    return RedirectResponse(f"/pairs/{path_part(pair_id)}/privacy", status_code=303)
