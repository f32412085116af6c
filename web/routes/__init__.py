"""The web app's routes: ``router`` (every page and form) and :func:`install` (router, static
files, HTML 404 pages)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from web.headers import PageHeaders
from web.rendering import STATIC_DIR
from web.routes import account, actions, ask, pair
from web.routes.common import page

__all__ = ["install", "router", "static_files"]

router = APIRouter(include_in_schema=False)
router.include_router(account.router)
router.include_router(pair.router)
router.include_router(actions.router)
router.include_router(ask.router)


def static_files() -> StaticFiles:
    return StaticFiles(directory=STATIC_DIR)


def install(app: FastAPI) -> None:
    """Add the pages, ``/static`` and an HTML 404 for pages (the API keeps its JSON errors)."""
    app.include_router(router)
    app.mount("/static", static_files(), name="static")
    app.add_middleware(PageHeaders)

    @app.exception_handler(StarletteHTTPException)
    async def not_found_page(request: Request, exc: StarletteHTTPException):
        if exc.status_code != 404 or request.url.path.startswith("/api/"):
            return await http_exception_handler(request, exc)
        # the person, where the request got as far as finding out who it came from
        me = getattr(request.state, "person", None)
        return page(request, "not_found.html.j2", me, "Not found", status_code=404)
