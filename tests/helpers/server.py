"""An app with accounts over a real Coach (SQLite and Chroma in tmp_path), and the
credentials of its people."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from assistant.coach import Coach

__all__ = ["PASSWORD", "all_routes", "bearer", "client_for", "fill_path", "schema_operations", "sign_in"]

PASSWORD = "correct horse battery"


def client_for(coach: Coach, **settings: Any) -> TestClient:
    """A TestClient over ``coach`` (its Host, testserver, allowed)."""
    configured = coach.settings.model_copy(update={"allowed_hosts": ["testserver"], **settings})
    return TestClient(create_app(configured, coach=coach))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sign_in(client: TestClient, person: str, password: str = PASSWORD) -> str:
    """Sign in through POST /login (the client keeps the cookie); returns the CSRF token."""
    answer = client.post("/login", data={"username": person, "password": password}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/", answer.headers.get("location")
    return client.app.state.coach.accounts.csrf_token(client.cookies.get("coach_session"))


def all_routes(app) -> list[tuple[str, str, bool]]:
    """(method, full path, in the schema) of every route, however routers are nested."""
    from fastapi.routing import APIRoute

    out = []

    def walk(routes) -> None:
        for route in routes:
            contexts = getattr(route, "effective_route_contexts", None)
            if contexts is not None:  # an included router (FastAPI >= 0.150 keeps them nested)
                for ctx in contexts():
                    original = ctx.original_route
                    if isinstance(original, APIRoute):
                        out.extend((m, ctx.path, ctx.include_in_schema) for m in original.methods)
            elif isinstance(route, APIRoute):
                out.extend((m, route.path, route.include_in_schema) for m in route.methods)

    walk(app.routes)
    return out


def schema_operations(client: TestClient) -> list[tuple[str, str]]:
    """(method, path template) of every operation in the app's OpenAPI schema, and of every
    route left out of it (the docs page and the schema itself)."""
    app = client.app
    found = {(m.upper(), path) for path, ops in app.openapi()["paths"].items() for m in ops}
    found |= {(m, path) for m, path, in_schema in all_routes(app) if not in_schema}
    return sorted(found)


def fill_path(template: str, **values: str) -> str:
    """The path with each {name} replaced by ``values[name]`` (default: a made-up id)."""
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "x-made-up"), template)
