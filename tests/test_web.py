"""The web pages over HTTP, without a browser: every page renders for both members, an outsider
and a signed-out visitor get nothing, forms need the CSRF token, a note's markup is shown and
never run, the pages name nothing outside the server, and the balance chart draws the months."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.coach import Coach
from assistant.settings import Settings
from tests.browser.data import PASSWORDS, pair_documents
from web.chart import balance_chart
from web.rendering import STATIC_DIR, TEMPLATE_DIR

PAIR = "/pairs/p-ann-bo"
VIEWS = ["", "/notes", "/notes/n2", "/commitments?show=all", "/feedback", "/plan", "/ask", "/privacy"]


@pytest.fixture
def app_coach(tmp_path: Path) -> Iterator[tuple[object, Coach]]:
    files = []
    for doc in pair_documents():
        path = tmp_path / f"{doc['pair']['id']}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        files.append(path)
    settings = Settings(home=tmp_path / "home", embeddings="fake")
    with Coach.from_settings(settings) as coach:
        coach.import_paths(files)
        for person, password in PASSWORDS.items():
            coach.accounts.add_user(person, password)
        app = create_app(settings, coach)
        app.state.coach = coach  # what the lifespan does; the clients below do not run it
        yield app, coach


def signed_in(app, person: str) -> TestClient:
    client = TestClient(app, base_url="http://localhost")
    r = client.post("/login", data={"username": person, "password": PASSWORDS[person]}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    return client


def csrf_of(client: TestClient, path: str = "/") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def test_every_page_renders_for_both_members(app_coach):
    app, _ = app_coach
    for person in ("ann", "bo"):
        client = signed_in(app, person)
        for path in ["/", "/account"] + [PAIR + v for v in VIEWS]:
            r = client.get(path)
            assert r.status_code == 200, (person, path, r.text[:500])
            assert "<title>" in r.text
        home = client.get("/").text
        assert ("Bo Chen" if person == "ann" else "Ann Lee") in home
        assert "Dee Ross" not in home


def test_signed_out_visitors_are_sent_to_sign_in_and_outsiders_get_404(app_coach):
    app, _ = app_coach
    anonymous = TestClient(app, base_url="http://localhost")
    for path in ["/", "/account", PAIR, PAIR + "/notes"]:
        r = anonymous.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert anonymous.get("/login").status_code == 200
    cy = signed_in(app, "cy")
    for path in [PAIR + v for v in VIEWS] + ["/pairs/p-nope", "/pairs/p-nope/notes"]:
        r = cy.get(path)
        assert r.status_code == 404, path
        assert "Bo" not in r.text and "conference" not in r.text
    assert cy.get(PAIR + "/ask/stream/x").status_code == 404


def test_forms_need_the_session_csrf_token(app_coach):
    app, coach = app_coach
    ann = signed_in(app, "ann")
    form = {"text": "Planned the offsite agenda together.", "kind": "note"}
    assert ann.post(PAIR + "/notes", data=form, follow_redirects=False).status_code == 403
    assert ann.post(PAIR + "/notes", data=form | {"csrf_token": "forged"}, follow_redirects=False).status_code == 403
    bo_token = csrf_of(signed_in(app, "bo"))
    assert ann.post(PAIR + "/notes", data=form | {"csrf_token": bo_token}, follow_redirects=False).status_code == 403
    assert not [n for n in coach.notes("p-ann-bo", "ann") if "offsite" in n.text]
    r = ann.post(PAIR + "/notes", data=form | {"csrf_token": csrf_of(ann)}, follow_redirects=False)
    assert r.status_code == 303
    assert [n for n in coach.notes("p-ann-bo", "bo") if "offsite" in n.text]
    htmx = {"X-CSRF-Token": csrf_of(ann), "HX-Request": "true"}
    r = ann.post(PAIR + "/talking-points", data={"text": "x"}, headers=htmx)
    assert r.status_code == 200 and "talking-points" in r.text


def test_a_private_note_shows_as_private_to_its_author_and_nowhere_to_the_other(app_coach):
    app, _ = app_coach
    ann = signed_in(app, "ann")
    token = csrf_of(ann)
    r = ann.post(
        PAIR + "/notes",
        data={"text": "Thinking about the marmoset budget.", "private": "1", "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert "Saved privately" in r.text and "Private: only you" in r.text
    note_id = re.search(r"/notes/([\w-]+)\"", r.text).group(1)
    assert "marmoset" in ann.get(PAIR + "/notes").text
    assert "marmoset" in ann.get(PAIR + "/search?q=marmoset", headers={"HX-Request": "true"}).text
    bo = signed_in(app, "bo")
    for view in VIEWS + ["/notes?q=marmoset", "/search?q=marmoset"]:
        assert "marmoset budget" not in bo.get(PAIR + view).text, view  # (the query itself is echoed)
    assert bo.get(f"{PAIR}/notes/{note_id}").status_code == 404
    bo_token = csrf_of(bo)
    assert bo.post(f"{PAIR}/notes/{note_id}/forget", data={"csrf_token": bo_token}).status_code == 404
    assert "marmoset" in ann.get(PAIR + "/notes").text


def test_a_notes_markup_is_shown_as_text_never_run(app_coach):
    app, _ = app_coach
    ann = signed_in(app, "ann")
    evil = 'Hello <script>alert("x")</script> <img src=x onerror=alert(1)> [link](javascript:alert(1)) **ok**'
    ann.post(PAIR + "/notes", data={"text": evil, "csrf_token": csrf_of(ann)})
    page = signed_in(app, "bo").get(PAIR + "/notes").text
    assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;" in page and "<strong>ok</strong>" in page


def test_a_commitment_ticked_by_one_member_is_done_for_the_other(app_coach):
    app, coach = app_coach
    item = next(c for c in coach.commitments("p-ann-bo", "bo", date.today()) if "checklist" in c.text)
    bo = signed_in(app, "bo")
    r = bo.post(
        f"{PAIR}/commitments/{item.id}",
        data={"action": "done", "csrf_token": csrf_of(bo)},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200 and "Done" in r.text and "Reopen" in r.text
    ann_view = signed_in(app, "ann").get(PAIR + "/commitments?show=all").text
    block = ann_view[ann_view.index("draft the rollout checklist") :][:1500]
    assert "✓ Done" in block
    refused = bo.post(f"{PAIR}/commitments/{item.id}", data={"action": "due", "value": "", "csrf_token": csrf_of(bo)})
    assert refused.status_code == 422


def test_an_answer_streams_once_for_the_person_who_asked(app_coach):
    app, _ = app_coach
    bo = signed_in(app, "bo")
    r = bo.post(
        PAIR + "/ask",
        data={"question": "What did Ann promise about the conference budget?", "csrf_token": csrf_of(bo)},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200 and r.headers["HX-Push-Url"].startswith(PAIR + "/ask?c=")
    stream_url = re.search(r'sse-connect="([^"]+)"', r.text).group(1)
    ann = signed_in(app, "ann")
    stolen = ann.get(stream_url).text
    assert "expired" in stolen and "budget" not in stolen
    events = bo.get(stream_url).text
    assert "event: chunk" in events and "conference budget" in events
    assert re.search(r'event: done\ndata: .*href="/pairs/p-ann-bo/notes/n2"', events, re.S)
    assert "expired" in bo.get(stream_url).text  # used once
    conversation = r.headers["HX-Push-Url"].split("c=")[1]
    kept = bo.get(f"{PAIR}/ask?c={conversation}").text
    assert "conference budget" in kept
    # the notes used are shown once, as links, not also as the answer's closing line
    assert "Notes used:" not in events and "Notes used:" not in kept and "Open the notes used" in kept
    assert ann.get(f"{PAIR}/ask?c={conversation}").status_code == 404


def test_sign_in_page_never_redirects_off_site(app_coach):
    app, _ = app_coach
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        page = TestClient(app, base_url="http://localhost").get("/login", params={"next": target}).text
        assert 'name="next" value="/"' in page


def test_pages_and_assets_name_nothing_outside_the_server():
    """No CDN, no font service, no analytics: every URL in a template or our own script is local."""
    external = re.compile(r"""(?:src|href|action|sse-connect|hx-\w+)=["'](?:https?:)?//""")
    for path in list(TEMPLATE_DIR.rglob("*.j2")) + [STATIC_DIR / "coach.js", STATIC_DIR / "coach.css"]:
        text = path.read_text(encoding="utf-8")
        assert not external.search(text), path
        assert "@import" not in text and "url(http" not in text, path
    assert (STATIC_DIR / "htmx.min.js").stat().st_size > 40_000


def test_the_balance_chart_shows_quiet_months_and_nothing_without_feedback():
    chart = balance_chart(
        [
            {"month": "2026-07", "manager_to_employee": 2, "employee_to_manager": 0},
            {"month": "2026-09", "manager_to_employee": 0, "employee_to_manager": 1},
        ],
        date(2026, 11, 3),
    )
    assert chart is not None
    assert [label for _, label in chart.labels] == ["Jul", "Aug", "Sep", "Oct", "Nov"]
    assert [(m, d, u) for m, d, u in chart.rows][1] == ("August 2026", 0, 0)
    tallest = max(chart.bars, key=lambda b: b.height)
    assert tallest.series == "down" and tallest.count == 2
    assert balance_chart([], date(2026, 11, 3)) is None


def test_the_employee_grants_and_revokes_and_the_manager_cannot(app_coach):
    app, _ = app_coach
    ann = signed_in(app, "ann")
    assert "Grant access" not in ann.get(PAIR + "/privacy").text
    refused = ann.post(
        PAIR + "/grants",
        data={"to": "cy", "scopes": ["goals"], "expires": "2099-01-01", "csrf_token": csrf_of(ann)},
    )
    assert refused.status_code in (403, 404, 422)
    bo = signed_in(app, "bo")
    page = bo.get(PAIR + "/privacy").text
    assert "Grant access" in page
    r = bo.post(
        PAIR + "/grants",
        data={"to": "cy", "scopes": ["goals", "plan"], "expires": "2099-01-01", "csrf_token": csrf_of(bo)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = bo.get(PAIR + "/privacy").text
    assert "goals, plan" in page and "Revoke" in page
    assert "cy" in signed_in(app, "ann").get(PAIR + "/privacy").text  # both members see who else can see
    grant_id = re.search(r"/grants/([^/]+)/revoke", page).group(1)
    r = bo.post(f"{PAIR}/grants/{grant_id}/revoke", data={"csrf_token": csrf_of(bo)}, follow_redirects=False)
    assert r.status_code == 303
    assert "goals, plan" not in bo.get(PAIR + "/privacy").text
    nobody = bo.post(PAIR + "/grants", data={"to": "cy", "expires": "2099-01-01", "csrf_token": csrf_of(bo)})
    assert nobody.status_code == 422 and "at least one" in nobody.text


def test_a_commitment_is_reassigned_with_one_click(app_coach):
    app, coach = app_coach
    item = next(c for c in coach.commitments("p-ann-bo", "ann", date.today()) if "budget" in c.text)
    ann = signed_in(app, "ann")
    r = ann.post(
        f"{PAIR}/commitments/{item.id}",
        data={"action": "assign:bo", "csrf_token": csrf_of(ann)},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200 and "Reassign to me" in r.text
    assert next(c for c in coach.commitments("p-ann-bo", "bo", date.today()) if c.id == item.id).owner == "bo"


def test_the_author_edits_a_note_and_making_it_private_hides_it_from_the_other(app_coach):
    app, _ = app_coach
    ann, bo = signed_in(app, "ann"), signed_in(app, "bo")
    editor = ann.get(PAIR + "/notes/n4?edit=1").text
    assert "Edit your note" in editor and "on-call rotation" in editor and "Bo can see it now" in editor
    assert "Edit your note" not in bo.get(PAIR + "/notes/n4?edit=1").text  # not Bo's note: no editor
    r = ann.post(
        PAIR + "/notes/n4/edit",
        data={
            "text": "Short check-in about the pangolin rota.",
            "private": "1",
            "kind": "checkin",
            "csrf_token": csrf_of(ann),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = ann.get(PAIR + "/notes/n4").text
    assert "pangolin rota" in page and "Private: only you" in page
    assert bo.get(PAIR + "/notes/n4").status_code == 404
    assert "pangolin" not in bo.get(PAIR + "/notes").text
    stolen = bo.post(PAIR + "/notes/n3/edit", data={"text": "x", "csrf_token": csrf_of(bo)}, follow_redirects=False)
    assert stolen.status_code == 303  # Bo's own note: his to edit
    forged = bo.post(PAIR + "/notes/n2/edit", data={"text": "forged", "csrf_token": csrf_of(bo)})
    assert forged.status_code == 404 and "forged" not in ann.get(PAIR + "/notes/n2").text


def test_goals_are_added_and_updated_on_the_plan_page(app_coach):
    app, coach = app_coach
    bo = signed_in(app, "bo")
    r = bo.post(
        PAIR + "/goals",
        data={"title": "Mentor a new hire", "due": "2027-03-01", "csrf_token": csrf_of(bo)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    goal = next(g for g in coach.goals("p-ann-bo", "bo") if g.title == "Mentor a new hire")
    assert goal.owner == "bo"
    r = bo.post(
        f"{PAIR}/goals/{goal.id}", data={"status": "on_track", "csrf_token": csrf_of(bo)}, follow_redirects=False
    )
    assert r.status_code == 303
    plan = signed_in(app, "ann").get(PAIR + "/plan").text
    assert "Mentor a new hire" in plan and "on track" in plan
    assert bo.post(PAIR + "/goals", data={"title": " ", "csrf_token": csrf_of(bo)}).status_code == 422


def test_a_commitment_entered_by_one_member_is_the_others_to_see_and_can_be_dropped(app_coach):
    app, coach = app_coach
    ann = signed_in(app, "ann")
    r = ann.post(
        PAIR + "/commitments",
        data={"owner": "bo", "text": "book the offsite venue", "due": "2099-01-15", "csrf_token": csrf_of(ann)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    bo = signed_in(app, "bo")
    page = bo.get(PAIR + "/commitments?show=mine").text
    assert "book the offsite venue" in page and "Jan 15, 2099" in page
    item = next(c for c in coach.commitments("p-ann-bo", "bo", date.today()) if c.text == "book the offsite venue")
    r = bo.post(
        f"{PAIR}/commitments/{item.id}",
        data={"action": "drop", "csrf_token": csrf_of(bo)},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200 and "Dropped" in r.text
    assert (
        ann.post(PAIR + "/commitments", data={"owner": "cy", "text": "x", "csrf_token": csrf_of(ann)}).status_code
        == 422
    )
    assert "entered" in bo.get(PAIR + "/commitments?show=all").text and "/notes/None" not in page


def test_someone_the_employee_lets_in_reads_only_what_was_granted_until_revoked(app_coach):
    app, coach = app_coach
    ann, bo = signed_in(app, "ann"), signed_in(app, "bo")
    bo.post(
        PAIR + "/notes", data={"text": "Private worry: the wombat deal.", "private": "1", "csrf_token": csrf_of(bo)}
    )
    r = bo.post(
        PAIR + "/grants",
        data={"to": "cy", "scopes": ["commitments", "plan"], "expires": "2099-01-01", "csrf_token": csrf_of(bo)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    cy = signed_in(app, "cy")
    home = cy.get("/").text
    assert "Bo Chen" in home and "commitments, plan" in home
    landing = cy.get(PAIR, follow_redirects=False)
    assert landing.status_code == 303 and landing.headers["location"] == PAIR + "/commitments"
    page = cy.get(PAIR + "/commitments").text
    assert "conference budget" in page and "Ann owes" in page and "Mark done" not in page
    assert "Lead the payments rollout" in cy.get(PAIR + "/plan").text
    for view in ["/notes", "/notes/n2", "/feedback", "/ask", "/privacy"]:
        r = cy.get(PAIR + view)
        assert r.status_code == 404, view
        assert "wombat" not in r.text
    item = next(c for c in coach.commitments("p-ann-bo", "ann", date.today()) if "budget" in c.text)
    token = re.search(r'name="csrf_token" value="([^"]+)"', cy.get("/account").text).group(1)
    assert cy.post(f"{PAIR}/commitments/{item.id}", data={"action": "done", "csrf_token": token}).status_code == 404
    assert "read it (by the employee&#39;s grant)" in ann.get(PAIR + "/privacy").text
    grant_id = re.search(r"/grants/([^/]+)/revoke", bo.get(PAIR + "/privacy").text).group(1)
    bo.post(f"{PAIR}/grants/{grant_id}/revoke", data={"csrf_token": csrf_of(bo)})
    assert cy.get(PAIR + "/commitments").status_code == 404
    assert "Bo Chen" not in cy.get("/").text


def test_pages_are_never_cached_and_run_only_this_servers_scripts(app_coach):
    app, _ = app_coach
    r = signed_in(app, "ann").get(PAIR + "/notes")
    assert r.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_a_badly_written_date_is_refused_in_place_and_nothing_is_written(app_coach):
    app, coach = app_coach
    bo = signed_in(app, "bo")
    before = len(coach.records.notes(coach.viewer("p-ann-bo", "bo")))
    for path, data in (
        ("/notes", {"text": "Shipped the importer", "day": "31/12/2026"}),
        ("/commitments", {"owner": "bo", "text": "Send the deck", "due": "next Friday"}),
        ("/goals", {"title": "Lead a launch", "due": "2026-13-01"}),
    ):
        refused = bo.post(PAIR + path, data={**data, "csrf_token": csrf_of(bo)})
        assert refused.status_code == 422 and "must be a day" in refused.text, path
    assert len(coach.records.notes(coach.viewer("p-ann-bo", "bo"))) == before
    assert not [c for c in coach.commitments("p-ann-bo", "bo", date(2026, 12, 1)) if "deck" in c.text]
    # a note of the pair that is not there, or not theirs to forget, is the 404 page
    assert bo.post(PAIR + "/notes/no-such-note/forget", data={"csrf_token": csrf_of(bo)}).status_code == 404


def test_the_quick_status_on_more_open_promises_is_a_list_on_the_page(app_coach, tmp_path):
    app, coach = app_coach
    promised = "\n".join(f"- Bo will send report {n} by June {n}." for n in range(1, 10))
    known = coach.records.get_pair("p-ann-bo")
    manager, employee = ({"id": p.id, "name": p.name} for p in (known.manager, known.employee))
    doc = {
        "format": "coach-pair/1",
        "pair": {"id": "p-many", "manager": manager, "employee": employee},
        "goals": [],
        "notes": [{"id": "m1", "date": "2026-05-19", "author": "ann", "visibility": "shared", "kind": "checkin",
                   "text": promised}],
    }  # fmt: skip
    path = tmp_path / "many.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    coach.import_paths([path])
    page = signed_in(app, "bo").get("/pairs/p-many").text
    listed = page[page.index("Quick status on") :][:2000]
    assert '<ul class="agenda-parts">' in listed and listed.count("<li>Bo: send report") >= 3
