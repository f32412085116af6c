"""The HTTP API: ``create_app(settings)`` builds a FastAPI app over one :class:`Coach`.

The acting person comes from the ``X-Coach-As`` header. Coach does not authenticate: put
it behind a proxy that does, and that sets this header from the signed-in user.
"""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from assistant.coach import Coach
from assistant.errors import CoachError
from assistant.settings import Settings

from .routes import imports, pairs

__all__ = ["create_app"]


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

    app = FastAPI(title="Coach", version="0.1.0", lifespan=lifespan)

    @app.exception_handler(CoachError)
    async def coach_error(_request: Request, exc: CoachError) -> JSONResponse:
        return JSONResponse(status_code=exc.http_status, content={"detail": exc.message})

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(pairs.router)
    app.include_router(imports.router)
    if importlib.util.find_spec("web") is not None:  # the web app's pages, where it is installed
        import web

        web.install(app)
    return app
