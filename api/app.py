"""The HTTP server: ``create_app(settings)`` builds a FastAPI app over one :class:`Coach`.

Every route needs a credential (a personal API token as ``Authorization: Bearer``, or the
session cookie ``POST /login`` sets) except ``GET /health``, ``POST /login``, the sign-in
page and static files. The JSON API lives under ``/api``; the web app's pages, when the
``web`` package is installed, at the root. Requests name a Host on the allowed list
(``COACH_ALLOWED_HOSTS``), carry at most ``COACH_MAX_BODY_BYTES``, and are logged without
their query strings.

Errors never say more than the caller may know: a pair, note or conversation the caller
may not see answers exactly like one that does not exist (404 ``Not Found``). Every JSON
error answer has ``detail`` (one line) and ``error``: ``{"code", "message", "problems":
[{"at", "message"}]}``, every problem listed (``docs/errors.md``); a validation error never
echoes the input back, nor names anything of the server's (a path, a temporary file).
"""

from __future__ import annotations

import importlib.util
import inspect
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from api.deps import LoginRequired
from api.docs import install_docs
from api.middleware import AccessLog, BodyLimit, SecurityHeaders
from api.routes import auth, consent, conversations, imports, me, pairs, reads, writing
from assistant.coach import Coach
from assistant.errors import CoachError, Forbidden, InvalidInput, NotAMember, NotFound, Problem
from assistant.settings import Settings

__all__ = ["create_app"]

log = logging.getLogger(__name__)


def create_app(settings: Settings, coach: Coach | None = None) -> FastAPI:
    """An app over ``coach`` if given, else one opened from ``settings`` for the app's lifetime."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = coach is None
        app.state.coach = coach or Coach.from_settings(settings)
        try:
            yield
        finally:
            if owned:
                app.state.coach.close()

    app = FastAPI(
        title="Coach",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        description="Every route needs a personal API token (Authorization: Bearer) or a signed-in session.",
    )
    if coach is not None:
        app.state.coach = coach
    _errors(app)

    @app.get("/health", tags=["server"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    install_docs(app)
    for module in (auth, me, pairs, reads, writing, imports, consent, conversations):
        app.include_router(module.router)
    if importlib.util.find_spec("web") is not None:  # the web app's pages, where it is installed
        import web

        web.install(app)
    _http_errors(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(AccessLog)
    return app


def error_response(error: CoachError, status: int | None = None) -> JSONResponse:
    """The JSON answer for a domain error: ``detail`` (the line) and ``error`` (the document)."""
    return JSONResponse(status_code=status or error.http_status, content={"detail": error.message, **error.document()})


def _not_found() -> JSONResponse:
    return error_response(NotFound("Not Found"), 404)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(CoachError)
    async def coach_error(_request: Request, exc: CoachError) -> JSONResponse:
        if isinstance(exc, NotAMember | NotFound) and not isinstance(exc, Forbidden):
            return _not_found()
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_problem(e) for e in exc.errors()]
        listed = "; ".join(str(p) for p in problems)
        return error_response(InvalidInput(listed or "invalid request", problems), 422)

    @app.exception_handler(LoginRequired)
    async def login_required(_request: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse(exc.location, status_code=303)

    @app.exception_handler(Exception)
    async def internal(_request: Request, exc: Exception) -> JSONResponse:
        # The class only: a message could quote a note.
        log.error("internal error (%s)", exc.__class__.__name__)
        return error_response(CoachError("internal error", code="internal"), 500)


def _problem(error: dict) -> Problem:
    """One validation problem: where, and what (never the input itself: it may be a note)."""
    where = ".".join(str(p) for p in error.get("loc", ()))
    return Problem(where, str(error.get("msg", "invalid")).removeprefix("Value error, "))


_CODES = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 413: "too_large"}


def _http_errors(app: FastAPI) -> None:
    """HTTP errors of the API (401, 403, ...) in the same shape; pages keep their handler
    (the web app's, where it is installed)."""
    pages = app.exception_handlers.get(StarletteHTTPException)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if pages is not None and not request.url.path.startswith("/api/"):
            shown = pages(request, exc)
            return await shown if inspect.isawaitable(shown) else shown
        error = CoachError(str(exc.detail), code=_CODES.get(exc.status_code, "http_error"))
        answer = error_response(error, exc.status_code)
        for name, value in (exc.headers or {}).items():
            answer.headers[name] = value
        return answer
