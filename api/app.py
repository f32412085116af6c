"""The HTTP server: ``create_app(settings)`` builds a FastAPI app over one :class:`Coach`.

Every route needs a credential (a personal API token as ``Authorization: Bearer``, or the
session cookie ``POST /login`` sets) except ``GET /health``, ``POST /login``, the sign-in
page and static files. The JSON API lives under ``/api``; the web app's pages, when the
``web`` package is installed, at the root. Requests name a Host on the allowed list
(``COACH_ALLOWED_HOSTS``), carry at most ``COACH_MAX_BODY_BYTES``, and are logged without
their query strings.

Errors never say more than the caller may know: a pair, note or conversation the caller
may not see answers exactly like one that does not exist (404 ``Not Found``).
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.middleware.trustedhost import TrustedHostMiddleware

from api.deps import LoginRequired
from api.docs import install_docs
from api.middleware import AccessLog, BodyLimit, SecurityHeaders
from api.routes import auth, consent, conversations, imports, me, pairs, reads, writing
from assistant.coach import Coach
from assistant.errors import CoachError, Forbidden, NotAMember, NotFound
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
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(AccessLog)
    return app


def _errors(app: FastAPI) -> None:
    @app.exception_handler(CoachError)
    async def coach_error(_request: Request, exc: CoachError) -> JSONResponse:
        if isinstance(exc, NotAMember | NotFound) and not isinstance(exc, Forbidden):
            return JSONResponse(status_code=404, content={"detail": "Not Found"})
        return JSONResponse(status_code=exc.http_status, content={"detail": exc.message})

    @app.exception_handler(LoginRequired)
    async def login_required(_request: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse(exc.location, status_code=303)

    @app.exception_handler(Exception)
    async def internal(_request: Request, exc: Exception) -> JSONResponse:
        # The class only: a message could quote a note.
        log.error("internal error (%s)", exc.__class__.__name__)
        return JSONResponse(status_code=500, content={"detail": "internal error"})
