"""Who is signed in, for the pages: the API's credential dependencies (``api.deps``).

Pages need a person: without one they redirect to ``/login?next=<the page>``. A pair the
person may not see answers 404, exactly like a pair that does not exist. Every form and htmx
request that changes something carries the session's CSRF token (form field ``csrf_token`` or
header ``X-CSRF-Token``); ``api.deps.optional_person`` refuses one without it (403).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from api.deps import LoginRequired, optional_person
from api.security import csrf_token_for
from assistant.access import Viewer
from assistant.coach import Coach
from assistant.errors import NotAMember, NotFound
from assistant.models import Person
from assistant.workspace.models import Scope

__all__ = ["CoachDep", "MaybeMe", "Me", "PageNotFound", "csrf_token_for", "pair_viewer"]


class PageNotFound(HTTPException):
    """404 for a page: an unknown pair and a pair the person may not see look the same."""

    def __init__(self) -> None:
        super().__init__(status_code=404, detail="Not Found")


def _coach(request: Request) -> Coach:
    return request.app.state.coach


CoachDep = Annotated[Coach, Depends(_coach)]
MaybeMe = Annotated[Person | None, Depends(optional_person)]


def _signed_in(request: Request, person: MaybeMe) -> Person:
    if person is None:
        raise LoginRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    return person


Me = Annotated[Person, Depends(_signed_in)]


def pair_viewer(coach: Coach, pair_id: str, person: Person, scope: Scope | None = None) -> Viewer:
    """The person's view of the pair, or 404 (never 403: the pair's existence is not revealed).

    A member always; with ``scope``, also someone the employee let read it (a grantee).
    """
    try:
        return coach.viewer(pair_id, person.id, scope)
    except (NotFound, NotAMember):
        raise PageNotFound() from None
