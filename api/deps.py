"""Request dependencies: the app's Coach, and the person a request's credential names.

A credential is a personal API token (``Authorization: Bearer ...``) or the session cookie
set by ``POST /login``; nothing else names the acting person (no header, no parameter).
Without a valid one: 401 for ``/api/...``, a redirect to ``/login`` for pages. A
cookie-authenticated state-changing request also needs the session's CSRF token and a
same-origin (or no) ``Origin`` header: 403 otherwise.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api.security import UNSAFE_METHODS, csrf_ok, same_origin, session_token
from assistant.coach import Coach
from assistant.models import Person

__all__ = ["CoachDep", "CurrentPerson", "LoginRequired", "current_person", "get_coach", "optional_person"]

_bearer = HTTPBearer(auto_error=False, description="A personal API token (`coach user token`, or your account page).")


class LoginRequired(Exception):
    """A page asked for without a credential: the app answers with a redirect to /login."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.location = f"/login?next={quote(target, safe='')}"


def get_coach(request: Request) -> Coach:
    return request.app.state.coach


CoachDep = Annotated[Coach, Depends(get_coach)]


async def _identify(request: Request) -> tuple[Person | None, str | None]:
    """(the person, "token" or "session"), or (None, None). A bad bearer token is never
    rescued by a cookie."""
    accounts = get_coach(request).accounts
    authorization = request.headers.get("authorization")
    if authorization is not None:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None, None
        person = await run_in_threadpool(accounts.person_for_token, token.strip())
        return (person, "token") if person else (None, None)
    cookie = session_token(request)
    if cookie is None:
        return None, None
    person = await run_in_threadpool(accounts.person_for_session, cookie)
    return (person, "session") if person else (None, None)


async def _check_forgery(request: Request) -> None:
    if request.method not in UNSAFE_METHODS:
        return
    expected = await run_in_threadpool(get_coach(request).accounts.csrf_token, session_token(request))
    if not same_origin(request) or not await csrf_ok(request, expected):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token: reload the page and try again")


async def optional_person(request: Request) -> Person | None:
    """The signed-in person, or None (pages redirect to /login then). A cookie-authenticated
    state-changing request without its CSRF token is refused (403)."""
    person, how = await _identify(request)
    if person is not None and how == "session":
        await _check_forgery(request)
    request.state.person = person
    return person


async def current_person(
    request: Request, _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None
) -> Person:
    """The person the credential names; 401 (API) or a redirect to /login (pages) without one."""
    person = await optional_person(request)
    if person is None:
        if request.url.path.startswith("/api/") or request.url.path == "/api":
            raise HTTPException(status_code=401, detail="not signed in", headers={"WWW-Authenticate": "Bearer"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    return person


CurrentPerson = Annotated[Person, Depends(current_person)]
