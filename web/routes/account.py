"""Sign-in page, home, and the account page (password, API tokens, sign out everywhere).

``POST /login`` and ``POST /logout`` belong to the API (the accounts work); this module
serves the page that posts to them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from assistant.errors import CoachError
from web.identity import CoachDep, MaybeMe, Me
from web.routes.common import page

__all__ = ["router"]

router = APIRouter()


def _local(path: str) -> str:
    """Only a path on this site: never //host or a scheme (an open redirect)."""
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else "/"


@router.get("/login", response_class=HTMLResponse)
def login_page(
    request: Request, me: MaybeMe, next: str = "/", failed: str = "", throttled: str = "", out: str = ""
) -> HTMLResponse:
    if me is not None and not failed:
        return RedirectResponse(_local(next), status_code=303)  # type: ignore[return-value]
    return page(
        request,
        "login.html.j2",
        None,
        "Sign in",
        next=_local(next),
        failed=bool(failed),
        throttled=bool(throttled),
        signed_out=bool(out),
    )


@router.get("/", response_class=HTMLResponse)
def home(request: Request, me: Me, coach: CoachDep) -> HTMLResponse:
    pairs = sorted(coach.pairs_of(me.id), key=lambda p: (p.role != "manager", p.other.name))
    return page(request, "home.html.j2", me, "Your one-on-ones", pairs=pairs)


def _account(request: Request, me, coach, **context) -> HTMLResponse:
    return page(
        request,
        "account.html.j2",
        me,
        "Your account",
        tokens=coach.accounts.tokens(me.id),
        **{"message": "", "error": "", "new_token": "", **context},
    )


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, me: Me, coach: CoachDep) -> HTMLResponse:
    return _account(request, me, coach)


@router.post("/account/password", response_class=HTMLResponse)
def change_password(
    request: Request, me: Me, coach: CoachDep, old: Annotated[str, Form()], new: Annotated[str, Form()]
) -> HTMLResponse:
    try:
        coach.accounts.change_password(me.id, old, new)
    except CoachError as refused:
        return _account(request, me, coach, error=refused.message)
    return _account(request, me, coach, message="Your password is changed.")


@router.post("/account/tokens", response_class=HTMLResponse)
def create_token(request: Request, me: Me, coach: CoachDep, label: Annotated[str, Form()] = "") -> HTMLResponse:
    token = coach.accounts.create_token(me.id, label.strip()[:80])
    return _account(request, me, coach, new_token=token)


@router.post("/account/tokens/{token_id}/revoke", response_class=HTMLResponse)
def revoke_token(request: Request, token_id: str, me: Me, coach: CoachDep) -> HTMLResponse:
    try:
        coach.accounts.revoke_token(me.id, token_id)
    except CoachError as refused:
        return _account(request, me, coach, error=refused.message)
    return _account(request, me, coach, message="The token is revoked: it no longer works.")


@router.post("/account/sign-out-everywhere")
def sign_out_everywhere(me: Me, coach: CoachDep) -> RedirectResponse:
    coach.accounts.sign_out_everywhere(me.id)
    return RedirectResponse("/login?out=1", status_code=303)
