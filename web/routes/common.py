"""What every page shares: rendering with the signed-in person, the CSRF token and the pair."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from assistant.access import Viewer
from assistant.models import Person
from web.identity import csrf_token_for
from web.rendering import templates

__all__ = ["VIEWS", "back", "is_htmx", "page", "today"]

VIEWS = (
    ("next", "Next one-on-one", ""),
    ("notes", "Notes", "/notes"),
    ("commitments", "Commitments", "/commitments"),
    ("feedback", "Feedback", "/feedback"),
    ("plan", "Plan", "/plan"),
    ("ask", "Ask", "/ask"),
    ("privacy", "Privacy", "/privacy"),
)
"""A pair's views: (name, tab title, path under /pairs/{id})."""


def today() -> date:
    return date.today()


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def page(
    request: Request,
    name: str,
    me: Person | None,
    title: str,
    viewer: Viewer | None = None,
    view: str = "",
    status_code: int = 200,
    **context,
) -> HTMLResponse:
    """A full page (or, for an htmx request naming a partial, just that partial)."""
    return templates.TemplateResponse(
        request,
        name,
        {
            "me": me,
            "title": title,
            "csrf": csrf_token_for(request) if me else "",
            "viewer": viewer,
            "view": view,
            "views": VIEWS,
            "today": today(),
            **context,
        },
        status_code=status_code,
    )


def back(request: Request, fallback: str) -> RedirectResponse:
    """After a plain (non-htmx) form post: back to the page it came from, on this site only."""
    referer = request.headers.get("referer", "")
    origin = f"{request.url.scheme}://{request.url.netloc}"
    target = referer[len(origin) :] if referer.startswith(origin + "/") else fallback
    return RedirectResponse(target, status_code=303)
