"""The HTTP API applies the same rules as the core (it is a thin layer over it)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.helpers import pair_doc, write_json

DOC = pair_doc(
    "p-api",
    ("hana", "Hana Ito"),
    ("jon", "Jon Snowe"),
    notes=[
        {"id": "n1", "text": "Jon will own the incident review template."},
        {"id": "n2", "author": "jon", "visibility": "private", "kind": "note", "text": "Jon private: Pangolin offer."},
    ],
)
OTHER = pair_doc(
    "p-elsewhere", ("hana", "Hana Ito"), ("kai", "Kai K"), notes=[{"text": "Kai runs the Pangolin migration."}]
)


@pytest.fixture
def client(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "a.json", DOC), write_json(tmp_path / "b.json", OTHER)])
    with TestClient(create_app(coach.settings, coach=coach)) as c:
        yield c


def test_search_as_member(client):
    r = client.get("/pairs/p-api/search", params={"q": "incident review"}, headers={"X-Coach-As": "jon"})
    assert r.status_code == 200
    assert r.json()["results"][0]["note_id"] == "n1"


def test_private_and_cross_pair_notes_never_returned(client):
    r = client.get("/pairs/p-api/search", params={"q": "Pangolin", "k": 10}, headers={"X-Coach-As": "hana"})
    assert r.status_code == 200
    assert "Pangolin" not in r.text


def test_errors_map_to_statuses_without_leaking(client):
    r = client.get("/pairs/p-api/search", params={"q": "x"}, headers={"X-Coach-As": "kai"})
    assert r.status_code == 403 and "incident" not in r.text
    assert client.get("/pairs/p-nope/search", params={"q": "x"}, headers={"X-Coach-As": "kai"}).status_code == 404
    assert client.get("/pairs/p-api/search", params={"q": "x"}).status_code == 422  # no person
    assert client.get("/pairs/p-api/search", params={"q": ""}, headers={"X-Coach-As": "jon"}).status_code == 422


def test_forget_over_http(client):
    assert client.delete("/pairs/p-api", headers={"X-Coach-As": "kai"}).status_code == 403
    assert client.delete("/pairs/p-api", headers={"X-Coach-As": "jon"}).status_code == 204
    assert client.get("/pairs/p-api/search", params={"q": "x"}, headers={"X-Coach-As": "jon"}).status_code == 404


def test_every_capability_over_http(client):
    headers = {"X-Coach-As": "jon"}
    listed = client.get("/pairs/p-api/commitments", params={"as_of": "2026-08-01"}, headers=headers).json()
    [item] = [c for c in listed["commitments"] if "incident review template" in c["text"]]
    fixed = client.post(f"/pairs/p-api/commitments/{item['id']}/corrections", json={"action": "done"}, headers=headers)
    assert fixed.status_code == 200 and fixed.json()["commitment"]["status"] == "done"
    bad = client.post(f"/pairs/p-api/commitments/{item['id']}/corrections", json={"action": "delete"}, headers=headers)
    assert bad.status_code == 422
    agenda = client.get("/pairs/p-api/agenda", params={"as_of": "2026-08-01", "minutes": 20}, headers=headers).json()
    assert agenda["minutes"] == 20 and agenda["markdown"]
    feedback = client.get("/pairs/p-api/feedback", params={"as_of": "2026-08-01"}, headers=headers).json()
    assert {s["direction"] for s in feedback["suggestions"]} == {"manager_to_employee", "employee_to_manager"}
    assert "actions" in client.get("/pairs/p-api/plan", headers=headers).json()
    conv = client.post("/pairs/p-api/conversations", json={"title": "prep"}, headers=headers).json()["id"]
    reply = client.post(
        "/pairs/p-api/ask", json={"question": "incident review template?", "conversation": conv}, headers=headers
    ).json()
    assert reply["sources"] == ["n1"]
    assert client.get(f"/pairs/p-api/conversations/{conv}", headers={"X-Coach-As": "hana"}).status_code == 404
    assert len(client.get(f"/pairs/p-api/conversations/{conv}", headers=headers).json()["messages"]) == 2
    assert client.delete(f"/pairs/p-api/conversations/{conv}", headers=headers).status_code == 204
    leak = client.post("/pairs/p-api/ask", json={"question": "Pangolin offer?"}, headers={"X-Coach-As": "hana"}).json()
    assert "Pangolin" not in json.dumps(leak)


def test_import_over_http_is_validated_whole(client):
    doc = pair_doc(
        "p-http", ("zoe", "Zoe Z"), ("yan", "Yan Y"), notes=[{"text": "Yan will ship it", "visibility": "public"}]
    )
    r = client.post("/import", json=doc)
    assert r.status_code == 422 and "notes[0].visibility" in r.json()["detail"]
    doc["notes"][0]["visibility"] = "shared"
    assert client.post("/import", json=doc).json()["pairs"] == ["p-http"]
