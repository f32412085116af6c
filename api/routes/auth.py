"""Signing in and out with a browser: ``POST /login`` sets the session cookie, ``POST
/logout`` ends the session. (``GET /login``, the page, is the web app's.)"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from api.deps import CoachDep, CurrentPerson
from api.security import clear_session_cookie, local_path, same_origin, session_token, set_session_cookie
from assistant.errors import BadCredentials, Throttled

__all__ = ["router"]

router = APIRouter(tags=["sign-in"])


@router.post("/login", status_code=303, response_class=RedirectResponse)
async def login(
    request: Request,
    coach: CoachDep,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> RedirectResponse:
    """Sign in: 303 to ``next`` (a path on this site) with the session cookie; 303 to
    ``/login?failed=1`` on a wrong name or password, ``/login?throttled=1`` after too many."""
    if not same_origin(request):  # a sign-in forged from another site
        return RedirectResponse("/login?failed=1", status_code=303)
    client = request.client.host if request.client else ""
    try:
        token = await run_in_threadpool(coach.accounts.sign_in, username, password, client)
    except Throttled:
        return RedirectResponse("/login?throttled=1", status_code=303)
    except BadCredentials:
        return RedirectResponse("/login?failed=1", status_code=303)
    previous = session_token(request)
    if previous:  # a new sign-in never keeps an old session id
        await run_in_threadpool(coach.accounts.sign_out, previous)
    response = RedirectResponse(local_path(next), status_code=303)
    set_session_cookie(response, request, token, coach.settings)
    return response


@router.post("/logout", status_code=303, response_class=RedirectResponse)
async def logout(request: Request, coach: CoachDep, _person: CurrentPerson) -> RedirectResponse:
    """End this session (the cookie's) and clear the cookie; 303 to ``/login``."""
    await run_in_threadpool(coach.accounts.sign_out, session_token(request))
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response, request, coach.settings)
    return response
