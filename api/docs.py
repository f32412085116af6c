"""The OpenAPI UI, served with its own assets (from the ``swagger-ui-bundle-v2`` package):
``/docs`` works offline and loads nothing from another site. The schema and the page need
a credential like every other route; the assets are static files."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.deps import CurrentPerson

__all__ = ["ASSETS", "install_docs"]

ASSETS = "/static/docs"


def install_docs(app: FastAPI) -> None:
    import swagger_ui_bundle

    app.mount(ASSETS, StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-assets")
    router = APIRouter(include_in_schema=False)

    @router.get("/openapi.json")
    def openapi(request: Request, _person: CurrentPerson) -> dict[str, Any]:
        return request.app.openapi()

    @router.get("/docs")
    def docs(_person: CurrentPerson) -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Coach API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        )

    app.include_router(router)
