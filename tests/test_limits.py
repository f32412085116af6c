"""Limits with clear errors, checked before anything is written; errors that list every
problem, as one line on stderr and (with --json) one document on stdout; extreme dates are
bad input (exit 2, 422), never an internal error."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import InvalidInput
from tests.helpers import pair_doc, write_json
from tests.helpers.server import PASSWORD, bearer, client_for

GOOD = pair_doc(
    "p-lim",
    ("lia", "Lia Manager"),
    ("tom", "Tom Employee"),
    notes=[
        {"id": "n1", "text": "Tom will write the capacity plan by August 3."},
        {"id": "n2", "text": "We talked about the on-call rotation and its pager load."},
    ],
)


def _huge_note_doc(chars: int = 5 * 1024 * 1024) -> dict:
    words = "lorem ipsum dolor sit amet " * (chars // 27 + 1)
    return pair_doc(
        "p-big",
        ("bia", "Bia Manager"),
        ("bob", "Bob Employee"),
        notes=[{"id": "ok", "text": "A fine note."}, {"id": "huge", "text": words[:chars]}],
    )


def test_a_5mb_note_is_refused_within_seconds_naming_it_and_the_limit(coach, tmp_path):
    path = write_json(tmp_path / "big.json", _huge_note_doc())
    start = time.monotonic()
    with pytest.raises(InvalidInput) as refused:
        coach.import_paths([path])
    assert time.monotonic() - start < 10
    message = refused.value.message
    assert "'huge'" in message and "5,242,880 characters" in message and "100,000" in message
    assert "lorem" not in message  # the note is named, never quoted
    assert coach.records.pair_ids() == []  # nothing written, not even the fine note
    assert coach.indexer.pending() == 0
    # The store is as usable as before.
    coach.import_paths([write_json(tmp_path / "good.json", GOOD)])
    assert coach.search("p-lim", "tom", "capacity plan", k=1)[0].note.id == "n1"


def test_a_50mb_file_is_refused_without_being_read(coach, tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as f:  # sparse: 50 MB that cost nothing to make
        f.truncate(50_000_000)
    start = time.monotonic()
    with pytest.raises(InvalidInput, match=r"50,000,000 bytes, more than one import reads \(20,000,000\)"):
        coach.import_paths([write_json(tmp_path / "good.json", GOOD), path])
    assert time.monotonic() - start < 3
    assert coach.records.pair_ids() == []
    coach.import_paths([write_json(tmp_path / "good.json", GOOD)])
    assert coach.search("p-lim", "lia", "pager load", k=1)[0].note.id == "n2"


def test_the_limits_are_settings(tmp_path, settings):
    from assistant.coach import Coach

    tight = settings.model_copy(update={"max_note_chars": 1_000, "max_import_notes": 1})
    with Coach.from_settings(tight) as coach:
        with pytest.raises(InvalidInput, match="more than one import takes"):
            coach.import_paths([write_json(tmp_path / "good.json", GOOD)])
        one = {**GOOD, "notes": [{**GOOD["notes"][0], "text": "x " * 600}]}
        with pytest.raises(InvalidInput, match=r"note 'n1': text has 1,200 characters, more than the limit of 1,000"):
            coach.import_paths([write_json(tmp_path / "one.json", one)])


def test_a_note_written_in_coach_is_held_to_the_limit_too(coach, tmp_path):
    from assistant.models import Note, NoteKind, Visibility

    coach.import_paths([write_json(tmp_path / "good.json", GOOD)])
    viewer = coach.viewer("p-lim", "lia")
    long = Note(
        id="n9",
        pair_id="p-lim",
        date=date(2026, 8, 1),
        author="lia",
        visibility=Visibility.shared,
        kind=NoteKind.note,
        text="y" * 100_001,
    )
    with pytest.raises(InvalidInput, match="note 'n9'"):
        coach.records.add_note(viewer, long)
    assert [n.id for n in coach.records.notes(viewer)] == ["n1", "n2"]


def test_every_problem_is_listed(coach, tmp_path):
    doc = pair_doc(
        "p-bad",
        ("bad1", "Bad One"),
        ("bad2", "Bad Two"),
        notes=[{"id": f"b{i}", "text": "fine", "date": f"2026-13-0{i}"} for i in range(1, 6)]
        + [{"id": "b9", "text": "x", "author": "mallory"}],
    )
    with pytest.raises(InvalidInput) as refused:
        coach.import_paths([write_json(tmp_path / "bad.json", doc)])
    error = refused.value
    assert "more problem" not in error.message and "\n" not in error.message
    assert [p.at for p in error.problems] == [f"notes[{i}].date" for i in range(5)]
    for i in range(5):
        assert f"notes[{i}].date" in error.message
    # Across fields too, once each field is valid.
    notes = [{**n, "date": "2026-07-01"} for n in doc["notes"]]
    fixed = {**doc, "notes": [*notes, {**notes[0], "text": "again"}]}
    with pytest.raises(InvalidInput) as refused:
        coach.import_paths([write_json(tmp_path / "bad.json", fixed)])
    assert {p.at for p in refused.value.problems} == {"notes[5].author", "notes[6].id"}


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01"])
def test_extreme_note_dates_are_refused_on_import(coach, tmp_path, day):
    doc = {**GOOD, "notes": [{**GOOD["notes"][0], "date": day}]}
    with pytest.raises(InvalidInput, match=rf"notes\[0\].date: {day} is out of range"):
        coach.import_paths([write_json(tmp_path / "d.json", doc)])


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31)])
def test_extreme_as_of_is_bad_input_in_the_core(coach, tmp_path, day):
    coach.import_paths([write_json(tmp_path / "good.json", GOOD)])
    for call in (coach.agenda, coach.feedback, coach.plan, coach.commitments):
        with pytest.raises(InvalidInput, match="as_of: .* is out of range"):
            call("p-lim", "lia", day)
    with pytest.raises(InvalidInput):
        coach.ask("p-lim", "lia", "What did Tom promise?", day)


# -- the command line ---------------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_EMBEDDINGS", "fake")
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, ["--home", str(tmp_path / "home"), *args])

    return run


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("command", ["agenda", "feedback", "plan", "commitments"])
def test_extreme_as_of_exits_2(cli, tmp_path, command, day):
    assert cli("import", str(write_json(tmp_path / "good.json", GOOD))).exit_code == 0
    result = cli(command, "--pair", "p-lim", "--as", "lia", "--as-of", day)
    assert result.exit_code == 2, result.output
    assert "out of range" in result.stderr and "internal error" not in result.stderr


def test_json_errors_are_a_document_on_stdout_and_a_line_on_stderr(cli, tmp_path):
    doc = {**GOOD, "notes": [{**n, "date": "2026-13-01"} for n in GOOD["notes"]]}
    result = cli("import", str(write_json(tmp_path / "bad.json", doc)), "--json")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("coach: ") and "notes[0].date" in line and "notes[1].date" in line
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "invalid_input" and error["message"] in line
    assert [p["at"] for p in error["problems"]] == ["notes[0].date", "notes[1].date"]
    # A note too large: its own code; not found and not a member: theirs.
    big = cli("import", str(write_json(tmp_path / "big.json", _huge_note_doc(200_000))), "--json")
    assert big.exit_code == 2 and json.loads(big.stdout)["error"]["code"] == "invalid_input"
    assert cli("import", str(write_json(tmp_path / "good.json", GOOD))).exit_code == 0
    missing = cli("agenda", "--pair", "p-none", "--as", "lia", "--json")
    assert missing.exit_code == 4 and json.loads(missing.stdout)["error"]["code"] == "not_found"
    outsider = cli("agenda", "--pair", "p-lim", "--as", "bia", "--json")
    assert outsider.exit_code in (3, 4) and "error" in json.loads(outsider.stdout)
    # Without --json, stdout stays empty.
    plain = cli("import", str(write_json(tmp_path / "bad.json", doc)))
    assert plain.exit_code == 2 and plain.stdout == ""


# -- the API -------------------------------------------------------------------------------------


@pytest.fixture
def client(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "good.json", GOOD)])
    coach.accounts.add_user("lia", PASSWORD)
    token = coach.accounts.create_token("lia", "tests")
    with client_for(coach) as c:
        c.headers.update(bearer(token))
        yield c


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_extreme_as_of_is_422_with_the_error_document(client, day):
    for what in ("agenda", "plan", "feedback", "commitments"):
        answer = client.get(f"/api/pairs/p-lim/{what}", params={"as_of": day})
        assert answer.status_code == 422, (what, answer.status_code)
        assert answer.json()["error"]["code"] == "invalid_input" and "out of range" in answer.json()["detail"]
    answer = client.post("/api/pairs/p-lim/ask", params={"as_of": day}, json={"question": "What did Tom promise?"})
    assert answer.status_code == 422
    note = client.post("/api/pairs/p-lim/notes", json={"text": "A note.", "visibility": "shared", "date": day})
    assert note.status_code == 422 and "out of range" in note.json()["detail"]


def test_validation_errors_list_every_problem_and_echo_nothing(client):
    text = "Quokka " * 10_000
    answer = client.post("/api/pairs/p-lim/notes", json={"text": text, "visibility": "team", "kind": "memo"})
    assert answer.status_code == 422
    body = answer.json()
    assert {p["at"] for p in body["error"]["problems"]} == {"body.text", "body.visibility", "body.kind"}
    assert "Quokka" not in answer.text and "/tmp" not in answer.text and "/work" not in answer.text


def test_a_too_large_import_over_http_is_refused_before_reading(client):
    answer = client.post(
        "/api/pairs/p-lim/import", content=b"{" + b" " * 6_000_000 + b"}", headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413 and answer.json()["error"]["code"] == "too_large"
    doc = {**GOOD, "notes": [{"id": "h1", "date": "2026-08-01", "author": "lia", "visibility": "shared",
                              "text": "z " * 60_000}]}  # fmt: skip
    answer = client.post("/api/pairs/p-lim/import", json=doc)
    assert answer.status_code == 422 and "note 'h1'" in answer.json()["detail"]
    assert "upload" not in answer.json()["detail"] or "the document" in answer.json()["detail"]


def test_unauthenticated_answers_have_the_same_shape(client):
    answer = client.get("/api/pairs/p-lim/agenda", headers={"Authorization": "Bearer nope"})
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "unauthenticated"
