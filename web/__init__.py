"""Coach's web app: server-rendered pages (jinja2 + htmx, every asset vendored) over the core.

``web.routes.router`` holds the pages; :func:`install` adds them, the static files and the
HTML error pages to an app built by ``api.app.create_app``.
"""

from __future__ import annotations

__all__ = ["install"]


def install(app) -> None:
    """Mount the pages and ``/static`` on ``app`` (the API's FastAPI app)."""
    from web.routes import install as _install

    _install(app)
