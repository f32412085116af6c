"""The session cookie and CSRF: how a browser's sign-in travels, and how a forged request
from another site is told apart from the person's own.

The cookie (``coach_session``) is HttpOnly, SameSite=Lax, and Secure when the request came
over https (or ``COACH_SECURE_COOKIES=true``). Every state-changing request it
authenticates must carry the session's CSRF token, as the form field ``csrf_token`` or the
header ``X-CSRF-Token``, and must not come from another origin. Bearer-token requests are
exempt: a browser never sends a token by itself.
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from fastapi import Request, Response

from assistant.settings import Settings

__all__ = [
    "COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "UNSAFE_METHODS",
    "clear_session_cookie",
    "csrf_ok",
    "csrf_token_for",
    "local_path",
    "same_origin",
    "session_token",
    "set_session_cookie",
]

COOKIE = "coach_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def session_token(request: Request) -> str | None:
    return request.cookies.get(COOKIE) or None


def _secure(request: Request, settings: Settings) -> bool:
    return settings.secure_cookies if settings.secure_cookies is not None else request.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, token: str, settings: Settings) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(settings.session_days * 86400),
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request, settings),
    )


def clear_session_cookie(response: Response, request: Request, settings: Settings) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request, settings))


def csrf_token_for(request: Request) -> str:
    """The CSRF token of the request's session, for templates ("" without a session)."""
    return request.app.state.coach.accounts.csrf_token(session_token(request)) or ""


def same_origin(request: Request) -> bool:
    """False when the browser says the request came from a page of another origin."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin != "null"
    return urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower()


async def csrf_ok(request: Request, expected: str | None) -> bool:
    """Whether a cookie-authenticated request carries the session's CSRF token."""
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(_FORMS):
        value = (await request.form()).get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    return bool(expected) and given is not None and hmac.compare_digest(given.encode(), (expected or "").encode())


def local_path(target: str | None) -> str:
    """``target`` if it is a path on this site, else ``/`` (never an open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return "/"
    return target
