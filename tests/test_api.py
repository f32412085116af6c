"""The HTTP API applies the same rules as the core (it is a thin layer over it)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.conftest import pair_doc, write_json

DOC = pair_doc(
    "p-api",
    ("hana", "Hana Ito"),
    ("jon", "Jon Snowe"),
    notes=[
        {"id": "n1", "text": "Jon will own the incident review template."},
        {"id": "n2", "author": "jon", "visibility": "private", "kind": "note", "text": "Jon private: Pangolin offer."},
    ],
)
OTHER = pair_doc("p-elsewhere", ("hana", "Hana Ito"), ("kai", "Kai K"), notes=[{"text": "Kai runs the Pangolin migration."}])


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
