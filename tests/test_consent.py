"""Consent: the employee lets a named person read chosen scopes until a date; the grantee
sees those and nothing else (never a private note); grants expire and end at once; every
read by a grantee is in the audit trail, which only the two members read."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import update

from assistant.errors import Forbidden, InvalidInput, NotAMember
from assistant.store.workspace_tables import GrantRow
from tests.helpers import pair_doc, write_json
from tests.helpers.server import PASSWORD, bearer, client_for

DOC = pair_doc(
    "p-c",
    ("maya", "Maya Lee"),
    ("sam", "Sam Ortiz"),
    notes=[
        {"id": "n1", "date": "2026-07-01", "text": "Sam will write the rollout plan by July 20. Rollout review."},
        {
            "id": "n2",
            "date": "2026-07-02",
            "author": "sam",
            "visibility": "private",
            "kind": "note",
            "text": "I will email the Quokka recruiter by Friday.",
        },
        {
            "id": "n3",
            "date": "2026-07-03",
            "author": "maya",
            "visibility": "private",
            "kind": "note",
            "text": "I will ask HR about the Tapir reorg for Sam.",
        },
    ],
    goals=[{"id": "g1", "title": "Lead the rollout", "owner": "sam", "status": "on_track"}],
)
PRIVATE = ("Quokka", "Tapir")
AS_OF = date(2026, 7, 10)


@pytest.fixture
def org(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "c.json", DOC)])
    coach.accounts.add_user("hr", PASSWORD, name="Harper R")
    return coach


def _never_private(value) -> None:
    text = json.dumps(value, default=str) if not isinstance(value, str) else value
    for secret in PRIVATE:
        assert secret not in text


def test_only_the_employee_grants_and_never_to_a_member(org):
    with pytest.raises(Forbidden):
        org.grant("p-c", "maya", "hr", ["goals"], AS_OF + timedelta(days=400))
    with pytest.raises(InvalidInput):
        org.grant("p-c", "sam", "maya", ["goals"], date.today() + timedelta(days=1))
    with pytest.raises(InvalidInput):
        org.grant("p-c", "sam", "nobody", ["goals"], date.today() + timedelta(days=1))
    with pytest.raises(InvalidInput):
        org.grant("p-c", "sam", "hr", ["private_notes"], date.today() + timedelta(days=1))
    with pytest.raises(InvalidInput):
        org.grant("p-c", "sam", "hr", ["goals"], date.today() - timedelta(days=1))


def test_a_grantee_reads_the_granted_scopes_and_nothing_else(org):
    with pytest.raises(NotAMember):
        org.goals("p-c", "hr")
    org.grant("p-c", "sam", "hr", ["goals", "commitments"], date.today() + timedelta(days=30))
    assert [g.id for g in org.goals("p-c", "hr")] == ["g1"]
    seen = org.commitments("p-c", "hr", AS_OF)
    assert [c.source_note_id for c in seen] == ["n1"]  # not the ones made in private notes
    _never_private([c.to_json() for c in seen])
    for read in (
        lambda: org.search("p-c", "hr", "rollout"),
        lambda: org.notes("p-c", "hr"),
        lambda: org.plan("p-c", "hr", AS_OF),
        lambda: org.agenda("p-c", "hr", AS_OF),
        lambda: org.feedback("p-c", "hr", AS_OF),
        lambda: org.ask("p-c", "hr", "what about the rollout?", AS_OF),
        lambda: org.audit("p-c", "hr"),
        lambda: org.grants("p-c", "hr"),
        lambda: org.add_note("p-c", "hr", "hello", "shared", "note"),
        lambda: org.talking_points("p-c", "hr"),
        lambda: org.start_conversation("p-c", "hr"),
    ):
        with pytest.raises(NotAMember):
            read()
    org.grant("p-c", "sam", "hr", ["shared_notes", "plan"], date.today() + timedelta(days=30))
    hits = org.search("p-c", "hr", "Quokka recruiter Tapir reorg rollout", k=10)
    assert [h.note.id for h in hits] == ["n1"]
    assert [n.id for n in org.notes("p-c", "hr")] == ["n1"]
    plan = org.plan("p-c", "hr", AS_OF)
    _never_private(plan.model_dump(mode="json"))
    assert all(s == "n1" for a in plan.actions for s in a.sources)


def test_grants_expire_and_revoke_at_once(org):
    made = org.grant("p-c", "sam", "hr", ["goals"], date.today())
    assert org.goals("p-c", "hr")
    with org.records.session() as s:  # the day after the last day
        s.execute(update(GrantRow).values(expires=date.today() - timedelta(days=1)))
    with pytest.raises(NotAMember):
        org.goals("p-c", "hr")
    again = org.grant("p-c", "sam", "hr", ["goals"], date.today() + timedelta(days=5))
    assert org.goals("p-c", "hr")
    with pytest.raises(Forbidden):
        org.revoke_grant("p-c", "maya", again.id)
    org.revoke_grant("p-c", "sam", again.id)
    with pytest.raises(NotAMember):
        org.goals("p-c", "hr")
    assert [g.id for g in org.grants("p-c", "maya")] == [made.id]  # the expired one, shown inactive
    assert org.grants("p-c", "maya")[0].active is False


def test_the_audit_trail_lists_a_grantees_reads_for_the_members_only(org):
    org.grant("p-c", "sam", "hr", ["commitments", "shared_notes"], date.today() + timedelta(days=3))
    org.commitments("p-c", "hr", AS_OF)
    org.search("p-c", "hr", "rollout plan")
    for member in ("maya", "sam"):
        events = org.audit("p-c", member)
        reads = [(e.actor, e.detail["scope"]) for e in events if e.action == "grant.read"]
        assert reads == [("hr", "shared_notes"), ("hr", "commitments")]
        assert {"import", "grant"} <= {e.action for e in events}
        _never_private([e.model_dump(mode="json") for e in events])
        assert "rollout" not in json.dumps([e.model_dump(mode="json") for e in events])
    with pytest.raises(NotAMember):
        org.audit("p-c", "hr")


def test_the_consent_flow_over_http(org):
    for person in ("maya", "sam"):
        org.accounts.add_user(person, PASSWORD)
    sam, maya, hr = (bearer(org.accounts.create_token(p)) for p in ("sam", "maya", "hr"))
    expires = (date.today() + timedelta(days=7)).isoformat()
    with client_for(org) as client:
        body = {"to": "hr", "scopes": ["commitments", "goals"], "expires": expires}
        assert client.post("/api/pairs/p-c/grants", json=body, headers=maya).status_code == 403
        made = client.post("/api/pairs/p-c/grants", json=body, headers=sam)
        assert made.status_code == 201
        grant_id = made.json()["id"]
        listed = client.get("/api/pairs/p-c/commitments", params={"as_of": AS_OF.isoformat()}, headers=hr)
        assert listed.status_code == 200 and [c["source_note_id"] for c in listed.json()["commitments"]] == ["n1"]
        assert client.get("/api/pairs/p-c/goals", headers=hr).json()["goals"][0]["id"] == "g1"
        me = client.get("/api/me", headers=hr).json()
        assert me["pairs"] == [
            {
                "id": "p-c",
                "role": "grantee",
                "other": "sam",
                "other_name": "Sam Ortiz",
                "scopes": ["commitments", "goals"],
            }
        ]
        for path in ("search?q=rollout", "notes", "plan", "agenda", "feedback", "audit", "grants", "talking-points"):
            answer = client.get(f"/api/pairs/p-c/{path}", headers=hr)
            assert answer.status_code == 404 and answer.json()["detail"] == "Not Found", path
        assert client.post("/api/pairs/p-c/ask", json={"question": "rollout?"}, headers=hr).status_code == 404
        assert client.post("/api/pairs/p-c/notes", json={"text": "hi"}, headers=hr).status_code == 404
        audit = client.get("/api/pairs/p-c/audit", headers=maya).json()["events"]
        assert [e["actor"] for e in audit if e["action"] == "grant.read"] == ["hr", "hr"]
        assert all({"at", "actor", "action"} <= set(e) for e in audit)
        assert client.delete(f"/api/pairs/p-c/grants/{grant_id}", headers=maya).status_code == 403
        assert client.delete(f"/api/pairs/p-c/grants/{grant_id}", headers=sam).status_code == 204
        assert client.get("/api/pairs/p-c/commitments", headers=hr).status_code == 404
        assert client.get("/api/pairs/p-c/goals", headers=hr).status_code == 404
