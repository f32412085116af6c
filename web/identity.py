"""Who is signed in, for the pages: the accounts work's dependencies, or the stand-ins until then.

Pages need a person: without one they redirect to ``/login?next=<the page>``. A pair the
person is not a member of answers 404, exactly like a pair that does not exist. Every form and
htmx request that changes something carries the session's CSRF token (form field
``csrf_token`` or header ``X-CSRF-Token``), checked here as well as by the API's middleware.
"""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request

from assistant.access import Viewer
from assistant.coach import Coach
from assistant.errors import NotAMember, NotFound
from assistant.models import Person

try:  # the accounts work (issue 10)
    from api.security import csrf_token_for

    from api.deps import optional_person

    STANDIN = False
except ImportError:  # until it lands on main
    from web.standins import csrf_token_for, optional_person

    STANDIN = True

__all__ = [
    "STANDIN",
    "CoachDep",
    "Csrf",
    "Me",
    "MaybeMe",
    "PageNotFound",
    "csrf_token_for",
    "pair_viewer",
]


class PageNotFound(HTTPException):
    """404 for a page: an unknown pair and a pair the person may not see look the same."""

    def __init__(self) -> None:
        super().__init__(status_code=404, detail="Not Found")


def _coach(request: Request) -> Coach:
    coach = request.app.state.coach
    if STANDIN:
        from web.standins import fill_in

        fill_in(coach)
    return coach


CoachDep = Annotated[Coach, Depends(_coach)]
MaybeMe = Annotated[Person | None, Depends(optional_person)]


def _signed_in(request: Request, person: MaybeMe) -> Person:
    if person is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise HTTPException(status_code=303, headers={"Location": f"/login?next={quote(target, safe='')}"})
    return person


Me = Annotated[Person, Depends(_signed_in)]


async def _csrf(request: Request) -> None:
    expected = csrf_token_for(request)
    given: object = request.headers.get("x-csrf-token")
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        given = (await request.form()).get("csrf_token")
    if not expected or not isinstance(given, str) or not hmac.compare_digest(given, expected):
        raise HTTPException(status_code=403, detail="This form is out of date: reload the page and try again.")


Csrf = Depends(_csrf)


def pair_viewer(coach: Coach, pair_id: str, person: Person) -> Viewer:
    """The person's view of the pair, or 404 (never 403: the pair's existence is not revealed)."""
    try:
        return coach.viewer(pair_id, person.id)
    except (NotFound, NotAMember):
        raise PageNotFound() from None
