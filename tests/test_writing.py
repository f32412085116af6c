"""Writing in Coach: notes as their author, goals (the employee's; the manager proposes),
talking points, and commitments entered as facts, changed by either member with who and when."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from assistant.errors import Forbidden, InvalidInput, NotAMember, NotFound
from tests.helpers import pair_doc, write_json
from tests.helpers.server import PASSWORD, bearer, client_for

DOC = pair_doc(
    "p-w",
    ("maya", "Maya Lee"),
    ("sam", "Sam Ortiz"),
    notes=[{"id": "n1", "date": "2026-07-01", "text": "Sam will write the rollout plan by July 20."}],
    goals=[{"id": "g1", "title": "Lead the rollout", "owner": "sam", "status": "on_track"}],
)
OUT = pair_doc("p-out", ("olga", "Olga O"), ("omar", "Omar O"), notes=[{"text": "Other pair."}])


@pytest.fixture
def pair(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "w.json", DOC), write_json(tmp_path / "o.json", OUT)])
    return coach


def _events(coach, pair_id="p-w"):
    return coach.records.events(pair_id)


def test_notes_are_written_as_their_author_and_only_the_author_changes_them(pair):
    shared = pair.add_note("p-w", "sam", "I will ship the Capybara dashboard by Friday.", "shared", "note")
    private = pair.add_note("p-w", "sam", "Thinking about the Okapi offer.", "private", "note")
    assert shared.author == private.author == "sam"
    assert {n.id for n in pair.notes("p-w", "maya")} == {"n1", shared.id}
    assert "Okapi" not in json.dumps([h.note.text for h in pair.search("p-w", "maya", "Okapi offer", k=10)])
    assert pair.search("p-w", "sam", "Okapi offer", k=1)[0].note.id == private.id
    with pytest.raises(Forbidden):  # maya sees it, but it is sam's
        pair.edit_note("p-w", "maya", shared.id, text="rewritten by maya")
    with pytest.raises(NotFound):  # maya cannot see it at all
        pair.edit_note("p-w", "maya", private.id, text="x")
    with pytest.raises(NotAMember):
        pair.add_note("p-w", "olga", "hello", "shared", "note")
    with pytest.raises(InvalidInput):
        pair.add_note("p-w", "sam", "   ", "shared", "note")
    with pytest.raises(InvalidInput):
        pair.add_note("p-w", "sam", "x", "public", "note")
    edited = pair.edit_note("p-w", "sam", shared.id, visibility="private")
    assert edited.visibility == "private"
    assert shared.id not in {n.id for n in pair.notes("p-w", "maya")}
    with pytest.raises(Forbidden):
        pair.forget_note("p-w", "sam", "n1")  # maya's note, from the file
    # The trail names who and what, never the text.
    actions = [(e.actor, e.action) for e in _events(pair)]
    assert ("sam", "note.add") in actions and ("sam", "note.edit") in actions
    assert "Capybara" not in json.dumps([e.model_dump(mode="json") for e in _events(pair)])


def test_an_imported_note_is_its_authors_too(pair):
    with pytest.raises(Forbidden):
        pair.edit_note("p-w", "sam", "n1", text="sam rewrites maya's note")
    assert pair.edit_note("p-w", "maya", "n1", text="Sam will write the rollout plan by July 22.").text.endswith("22.")
    pair.forget_note("p-w", "maya", "n1")
    assert [e.action for e in _events(pair)][0] == "note.delete"


def test_goals_are_the_employees_and_the_manager_proposes(pair):
    mine = pair.add_goal("p-w", "sam", "Speak at the meetup", due=date(2026, 12, 1))
    assert (mine.owner, mine.proposed_by) == ("sam", None)
    proposal = pair.add_goal("p-w", "maya", "Mentor a new hire")
    assert (proposal.owner, proposal.proposed_by) == ("sam", "maya")
    assert {g.id for g in pair.goals("p-w", "maya")} == {"g1", mine.id, proposal.id}
    plan_goals = {g.id for g in pair.snapshot("p-w", "sam", date(2026, 8, 1)).goals}
    assert proposal.id not in plan_goals and mine.id in plan_goals  # drafts read accepted goals only
    with pytest.raises(Forbidden):
        pair.edit_goal("p-w", "maya", "g1", title="Maya's wording")
    assert pair.edit_goal("p-w", "maya", proposal.id, title="Mentor two new hires").title == "Mentor two new hires"
    with pytest.raises(Forbidden):
        pair.edit_goal("p-w", "maya", proposal.id, accept=True)
    accepted = pair.edit_goal("p-w", "sam", proposal.id, accept=True, status="on_track")
    assert accepted.proposed_by is None and accepted.status == "on_track"
    with pytest.raises(Forbidden):
        pair.edit_goal("p-w", "maya", proposal.id, title="too late")
    assert [e.action for e in _events(pair)][:2] == ["goal.accept", "goal.edit"]


def test_talking_points_either_member_employee_first(pair):
    first = pair.add_talking_point("p-w", "maya", "Budget for the offsite")
    second = pair.add_talking_point("p-w", "sam", "My promotion case")
    assert [p.id for p in pair.talking_points("p-w", "maya")] == [second.id, first.id]
    closed = pair.close_talking_point("p-w", "sam", first.id)
    assert (closed.open, closed.closed_by) == (False, "sam")
    assert [p.id for p in pair.talking_points("p-w", "maya")] == [second.id]
    with pytest.raises(NotFound):
        pair.close_talking_point("p-w", "sam", "tp-nope")
    with pytest.raises(NotAMember):
        pair.talking_points("p-w", "olga")


def test_entered_commitments_are_facts_changed_by_either_member_with_who_and_when(pair, tmp_path):
    today = date.today()
    made = pair.add_commitment("p-w", "sam", "maya", "Book the offsite venue", today + timedelta(days=7))
    assert (made.owner, made.status, made.source_note_id) == ("maya", "open", None)
    both = [{c.id for c in pair.commitments("p-w", p, today)} for p in ("maya", "sam")]
    assert made.id in both[0] and made.id in both[1]
    with pytest.raises(InvalidInput):
        pair.add_commitment("p-w", "sam", "olga", "x")
    moved = pair.correct_commitment("p-w", "maya", made.id, "due", (today + timedelta(days=14)).isoformat())
    assert moved.due == today + timedelta(days=14) and moved.due_original == today + timedelta(days=7)
    done = pair.correct_commitment("p-w", "sam", made.id, "done")
    assert done.status == "done"
    assert [(c["action"], c["by"]) for c in done.corrections] == [("add", "sam"), ("due", "maya"), ("done", "sam")]
    dropped = pair.correct_commitment("p-w", "maya", made.id, "reopen")
    dropped = pair.correct_commitment("p-w", "maya", made.id, "drop")
    assert dropped.status == "dropped"
    # A later note that reads like a follow-up changes nothing: the extractor never overrides a fact.
    doc = json.loads(json.dumps(DOC))
    doc["notes"].append(
        {
            "id": "n9",
            "date": today.isoformat(),
            "author": "maya",
            "visibility": "shared",
            "kind": "checkin",
            "text": "I will book the offsite venue. Booked the offsite venue, done.",
        }
    )
    pair.import_paths([write_json(tmp_path / "w2.json", doc)])
    [entered] = [c for c in pair.commitments("p-w", "sam", today) if c.id == made.id]
    assert entered.status == "dropped"
    duplicates = [c for c in pair.commitments("p-w", "sam", today) if "offsite venue" in c.text.lower()]
    assert [c.id for c in duplicates] == [made.id]
    actions = [e.action for e in _events(pair)]
    assert {"commitment.add", "commitment.due", "commitment.done", "commitment.drop"} <= set(actions)


def test_writing_over_http(pair):
    for person in ("maya", "sam", "olga"):
        pair.accounts.add_user(person, PASSWORD)
    sam, maya, olga = (bearer(pair.accounts.create_token(p)) for p in ("sam", "maya", "olga"))
    with client_for(pair) as client:
        made = client.post(
            "/api/pairs/p-w/notes", json={"text": "Private Axolotl plan", "visibility": "private"}, headers=sam
        )
        assert made.status_code == 201 and made.json()["author"] == "sam"
        note_id = made.json()["id"]
        assert client.get(f"/api/pairs/p-w/notes/{note_id}", headers=maya).status_code == 404
        assert client.patch(f"/api/pairs/p-w/notes/{note_id}", json={"text": "x"}, headers=maya).status_code == 404
        assert client.patch("/api/pairs/p-w/notes/n1", json={"text": "x"}, headers=sam).status_code == 403
        shared = client.patch(f"/api/pairs/p-w/notes/{note_id}", json={"visibility": "shared"}, headers=sam)
        assert shared.json()["visibility"] == "shared"
        assert client.get(f"/api/pairs/p-w/notes/{note_id}", headers=maya).json()["text"] == "Private Axolotl plan"
        assert client.delete(f"/api/pairs/p-w/notes/{note_id}", headers=maya).status_code == 403
        assert client.delete(f"/api/pairs/p-w/notes/{note_id}", headers=sam).status_code == 204
        goal = client.post("/api/pairs/p-w/goals", json={"title": "Mentor"}, headers=maya).json()
        assert goal["proposed_by"] == "maya"
        assert client.patch(f"/api/pairs/p-w/goals/{goal['id']}", json={"accept": True}, headers=sam).status_code == 200
        point = client.post("/api/pairs/p-w/talking-points", json={"text": "Raise it"}, headers=maya).json()
        closed = client.post(f"/api/pairs/p-w/talking-points/{point['id']}/close", headers=sam).json()
        assert closed["open"] is False
        entered = client.post(
            "/api/pairs/p-w/commitments", json={"owner": "sam", "text": "Send the deck"}, headers=maya
        )
        assert entered.status_code == 201 and entered.json()["explicit"] is True
        cid = entered.json()["id"]
        done = client.post(f"/api/pairs/p-w/commitments/{cid}/corrections", json={"action": "done"}, headers=sam)
        assert done.json()["commitment"]["status"] == "done"
        for path in ("notes", "goals", "talking-points", "commitments"):
            assert client.get(f"/api/pairs/p-w/{path}", headers=olga).status_code == 404
