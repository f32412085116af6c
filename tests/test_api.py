"""The HTTP API: every route authenticated, identity from the credential only, and nothing
of a pair for anyone outside it. A real app over real SQLite and Chroma (TestClient)."""

from __future__ import annotations

import json
import logging

import pytest

from tests.helpers import pair_doc, write_json
from tests.helpers.server import PASSWORD, bearer, client_for, fill_path, schema_operations, sign_in

SECRET = "Pangolin"
DOC = pair_doc(
    "p-api",
    ("hana", "Hana Ito"),
    ("jon", "Jon Snowe"),
    notes=[
        {"id": "n1", "text": "Jon will own the incident review template."},
        {"id": "n2", "author": "jon", "visibility": "private", "kind": "note", "text": f"Jon private: {SECRET} offer."},
        {
            "id": "n3",
            "author": "jon",
            "visibility": "private",
            "text": f"I will email the {SECRET} recruiter by Friday.",
        },
    ],
    goals=[{"id": "g1", "title": "Own incident reviews", "owner": "jon", "status": "on_track"}],
)
OTHER = pair_doc("p-elsewhere", ("hana", "Hana Ito"), ("kai", "Kai K"), notes=[{"text": "Kai runs the migration."}])

EXEMPT = {("GET", "/health"), ("POST", "/login"), ("GET", "/login")}
"""The only routes open without a credential (besides static files): health, and signing in."""

EXAMPLES: dict[tuple[str, str], dict] = {
    ("GET", "/api/pairs/{pair_id}/search"): {"params": {"q": SECRET, "k": 10}},
    ("POST", "/api/pairs/{pair_id}/search"): {"json": {"q": SECRET, "k": 10}},
    ("POST", "/api/pairs/{pair_id}/ask"): {"json": {"question": f"What about the {SECRET} offer?"}},
    ("POST", "/api/pairs/{pair_id}/conversations"): {"json": {"title": "prep"}},
    ("DELETE", "/api/pairs/{pair_id}"): {"params": {"confirm": "p-api"}},
    ("POST", "/api/pairs/{pair_id}/notes"): {"json": {"text": "A new note.", "visibility": "shared"}},
    ("PATCH", "/api/pairs/{pair_id}/notes/{note_id}"): {"json": {"text": "Changed."}},
    ("POST", "/api/pairs/{pair_id}/goals"): {"json": {"title": "A goal"}},
    ("PATCH", "/api/pairs/{pair_id}/goals/{goal_id}"): {"json": {"title": "Another"}},
    ("POST", "/api/pairs/{pair_id}/talking-points"): {"json": {"text": "Raise this"}},
    ("POST", "/api/pairs/{pair_id}/commitments"): {"json": {"owner": "hana", "text": "Send the deck"}},
    ("POST", "/api/pairs/{pair_id}/commitments/{commitment_id}/corrections"): {"json": {"action": "done"}},
    ("POST", "/api/pairs/{pair_id}/import"): {"json": {**DOC, "notes": DOC["notes"][:1]}},
    ("POST", "/api/pairs/{pair_id}/grants"): {"json": {"to": "kai", "scopes": ["goals"], "expires": "2999-01-01"}},
    ("POST", "/api/me/tokens"): {"json": {"label": "x"}},
    ("POST", "/api/me/password"): {"json": {"old": PASSWORD, "new": "another password"}},
}
"""A valid request for each route that needs a body or parameters (a route missing here
fails the outsider test, so a new route cannot be forgotten)."""


@pytest.fixture
def tokens(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "a.json", DOC), write_json(tmp_path / "b.json", OTHER)])
    out = {}
    for person in ("hana", "jon", "kai"):
        coach.accounts.add_user(person, PASSWORD)
        out[person] = coach.accounts.create_token(person, "tests")
    return out


@pytest.fixture
def client(coach, tokens):
    with client_for(coach) as c:
        yield c


def test_every_route_needs_a_credential(client):
    operations = schema_operations(client)
    assert ("GET", "/api/pairs/{pair_id}/search") in operations and ("GET", "/docs") in operations
    for method, template in operations:
        if (method, template) in EXEMPT:
            continue
        path = fill_path(template, pair_id="p-api")
        for headers in ({}, bearer("coach_made-up"), {"Authorization": "Basic aGFuYTp4"}, {"X-Coach-As": "jon"}):
            answer = client.request(method, path, headers=headers, follow_redirects=False)
            if path.startswith("/api/"):
                assert answer.status_code == 401, (method, path, headers, answer.status_code)
                assert SECRET not in answer.text and "incident" not in answer.text
            else:  # pages (and /docs): to the sign-in page
                assert answer.status_code == 303 and answer.headers["location"].startswith("/login"), (method, path)
    assert client.get("/health").json() == {"status": "ok"}


def test_every_api_route_has_a_response_model(client):
    for path, operations in client.app.openapi()["paths"].items():
        for method, op in operations.items():
            if not path.startswith("/api/"):
                continue
            ok = {code: r for code, r in op["responses"].items() if code.startswith("2")}
            assert ok, (method, path)
            for code, response in ok.items():
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                assert code == "204" or schema not in (None, {}), (method, path, code)


def test_x_coach_as_has_no_effect(client, tokens):
    as_jon = {**bearer(tokens["hana"]), "X-Coach-As": "jon"}
    found = client.get("/api/pairs/p-api/search", params={"q": f"{SECRET} offer", "k": 10}, headers=as_jon)
    assert found.status_code == 200 and SECRET not in found.text
    assert client.get("/api/me", headers=as_jon).json()["id"] == "hana"


def test_a_member_never_gets_the_other_members_private_notes_through_any_route(client, tokens):
    """Hana asks every route of the pair about Jon's private notes: nothing of them comes back."""
    headers = bearer(tokens["hana"])
    conv = client.post("/api/pairs/p-api/conversations", json={"title": "x"}, headers=headers).json()["id"]
    seen = 0
    for method, template in schema_operations(client):
        if not template.startswith("/api/pairs/{pair_id}") or method == "DELETE":
            continue
        path = fill_path(template, pair_id="p-api", note_id="n2", conversation_id=conv)
        answer = client.request(method, path, headers=headers, **EXAMPLES.get((method, template), {}))
        assert SECRET not in answer.text and "recruiter" not in answer.text, (method, path)
        seen += answer.status_code == 200
    assert seen >= 8
    mine = client.get("/api/pairs/p-api/search", params={"q": SECRET}, headers=bearer(tokens["jon"]))
    assert SECRET in mine.text  # the author does see it


def test_an_outsider_gets_404_for_everything_of_the_pair_like_for_no_pair(client, tokens):
    headers = bearer(tokens["kai"])
    checked = 0
    for method, template in schema_operations(client):
        if not template.startswith("/api/pairs/{pair_id}"):
            continue
        example = EXAMPLES.get((method, template), {})
        real = client.request(method, fill_path(template, pair_id="p-api"), headers=headers, **example)
        none = client.request(method, fill_path(template, pair_id="p-none"), headers=headers, **example)
        assert real.status_code == none.status_code == 404, (method, template, real.status_code, real.text)
        assert real.json() == none.json() and real.json()["detail"] == "Not Found"
        checked += 1
    assert checked >= 10
    assert client.get("/api/me", headers=headers).json()["pairs"] == [
        {"id": "p-elsewhere", "role": "employee", "other": "hana", "other_name": "Hana Ito", "scopes": []}
    ]


def test_sign_in_with_a_cookie_and_csrf(client):
    failed = client.post("/login", data={"username": "jon", "password": "wrong-wrong"}, follow_redirects=False)
    assert (failed.status_code, failed.headers["location"]) == (303, "/login?failed=1")
    sent = client.post(
        "/login", data={"username": "jon", "password": PASSWORD, "next": "//evil.example/x"}, follow_redirects=False
    )
    assert sent.headers["location"] == "/"
    cookie = sent.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie  # plain http here
    assert client.get("/api/me").json()["id"] == "jon"
    csrf = client.app.state.coach.accounts.csrf_token(client.cookies.get("coach_session"))
    made = client.post("/api/pairs/p-api/conversations", json={"title": "t"})
    assert made.status_code == 403  # the cookie alone does not change anything
    forged = client.post(
        "/api/pairs/p-api/conversations",
        json={"title": "t"},
        headers={"X-CSRF-Token": csrf, "Origin": "https://evil.example"},
    )
    assert forged.status_code == 403
    ok = client.post("/api/pairs/p-api/conversations", json={"title": "t"}, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 201
    out = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert (out.status_code, out.headers["location"]) == (303, "/login")
    assert client.get("/api/me").status_code == 401


def test_a_session_cookie_over_https_is_secure(coach, tokens):
    with client_for(coach) as c:
        c.base_url = c.base_url.copy_with(scheme="https")
        answer = c.post("/login", data={"username": "jon", "password": PASSWORD}, follow_redirects=False)
        assert "secure" in answer.headers["set-cookie"].lower()


def test_sign_in_is_throttled(client):
    for _ in range(5):
        client.post("/login", data={"username": "jon", "password": "wrong-wrong"}, follow_redirects=False)
    throttled = client.post("/login", data={"username": "jon", "password": PASSWORD}, follow_redirects=False)
    assert throttled.headers["location"] == "/login?throttled=1"
    assert "set-cookie" not in throttled.headers


def test_a_disabled_users_session_and_token_stop_at_once(client, coach, tokens):
    sign_in(client, "jon")
    assert client.get("/api/me").status_code == 200
    assert client.get("/api/me", headers=bearer(tokens["jon"])).status_code == 200
    coach.accounts.disable("jon")
    assert client.get("/api/me").status_code == 401
    assert client.get("/api/me", headers=bearer(tokens["jon"])).status_code == 401


def test_tokens_over_http(client, tokens):
    headers = bearer(tokens["jon"])
    made = client.post("/api/me/tokens", json={"label": "script"}, headers=headers)
    assert made.status_code == 201
    new = made.json()
    assert client.get("/api/me", headers=bearer(new["token"])).status_code == 200
    listed = client.get("/api/me/tokens", headers=headers).json()
    assert {t["label"] for t in listed} == {"tests", "script"} and new["token"] not in json.dumps(listed)
    assert client.delete(f"/api/me/tokens/{new['id']}", headers=bearer(tokens["hana"])).status_code == 404
    assert client.delete(f"/api/me/tokens/{new['id']}", headers=headers).status_code == 204
    assert client.get("/api/me", headers=bearer(new["token"])).status_code == 401


def test_hosts_body_size_and_logs(coach, tokens, caplog):
    with client_for(coach, max_body_bytes=2000) as c:
        assert c.get("/health", headers={"Host": "evil.example"}).status_code == 400
        big = c.post("/api/pairs/p-api/ask", json={"question": "x" * 5000}, headers=bearer(tokens["jon"]))
        assert big.status_code == 413
        with caplog.at_level(logging.INFO, logger="coach.access"):
            c.get("/api/pairs/p-api/search", params={"q": "Wombat secret plans"}, headers=bearer(tokens["jon"]))
        lines = [r.getMessage() for r in caplog.records if r.name == "coach.access"]
        assert any("/api/pairs/p-api/search 200" in line for line in lines)
        assert not any("Wombat" in line or "q=" in line for line in lines)


def test_docs_are_served_locally_to_the_signed_in(client, tokens):
    page = client.get("/docs", headers=bearer(tokens["jon"]))
    assert page.status_code == 200 and "/static/docs/swagger-ui-bundle.js" in page.text
    assert "https://" not in page.text and "http://" not in page.text
    assert client.get("/static/docs/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/docs/swagger-ui.css").status_code == 200
    schema = client.get("/openapi.json", headers=bearer(tokens["jon"])).json()
    assert "/api/pairs/{pair_id}/search" in schema["paths"]


def test_deleting_a_pair_needs_confirmation(client, tokens):
    jon = bearer(tokens["jon"])
    assert client.delete("/api/pairs/p-api", headers=jon).status_code == 422
    assert (
        client.delete("/api/pairs/p-api", params={"confirm": "p-api"}, headers=bearer(tokens["kai"])).status_code == 404
    )
    assert client.delete("/api/pairs/p-api", params={"confirm": "p-api"}, headers=jon).status_code == 204
    assert client.get("/api/pairs/p-api/search", params={"q": "x"}, headers=jon).status_code == 404


def test_every_capability_over_http(client, tokens):
    headers = bearer(tokens["jon"])
    listed = client.get("/api/pairs/p-api/commitments", params={"as_of": "2026-08-01"}, headers=headers).json()
    assert any("incident review template" in c["text"] for c in listed["commitments"])
    agenda = client.get("/api/pairs/p-api/agenda", params={"as_of": "2026-08-01", "minutes": 20}, headers=headers)
    assert agenda.json()["minutes"] == 20 and agenda.json()["markdown"]
    feedback = client.get("/api/pairs/p-api/feedback", params={"as_of": "2026-08-01"}, headers=headers).json()
    assert {s["direction"] for s in feedback["suggestions"]} == {"manager_to_employee", "employee_to_manager"}
    assert "actions" in client.get("/api/pairs/p-api/plan", headers=headers).json()
    conv = client.post("/api/pairs/p-api/conversations", json={"title": "prep"}, headers=headers).json()["id"]
    reply = client.post(
        "/api/pairs/p-api/ask", json={"question": "incident review template?", "conversation": conv}, headers=headers
    ).json()
    assert reply["sources"] == ["n1"]
    hana = bearer(tokens["hana"])
    assert client.get(f"/api/pairs/p-api/conversations/{conv}", headers=hana).status_code == 404
    assert len(client.get(f"/api/pairs/p-api/conversations/{conv}", headers=headers).json()["messages"]) == 2
    assert client.delete(f"/api/pairs/p-api/conversations/{conv}", headers=headers).status_code == 204
    posted = client.post("/api/pairs/p-api/search", json={"q": "incident review"}, headers=headers).json()
    assert posted["results"][0]["note_id"] == "n1"
    me = client.get("/api/me", headers=headers).json()
    assert me == {
        "id": "jon",
        "name": "Jon Snowe",
        "pairs": [{"id": "p-api", "role": "employee", "other": "hana", "other_name": "Hana Ito", "scopes": []}],
    }
