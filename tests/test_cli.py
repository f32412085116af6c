"""The command-line contract: JSON shapes, exit codes, one-line errors, --home isolation."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from tests.helpers import pair_doc, write_json

DOC = pair_doc(
    "p-cli",
    ("mona", "Mona Lisa"),
    ("ravi", "Ravi Shankar"),
    notes=[
        {"id": "n1", "text": "Ravi will draft the on-call handbook by August 14."},
        {"id": "n2", "text": "We talked about the conference budget and the travel policy."},
        {
            "id": "n3",
            "author": "ravi",
            "visibility": "private",
            "kind": "note",
            "text": "Secret plan: applying to the Gondwana team, a long private note about it.",
        },
    ],
)
OTHER = pair_doc("p-other", ("olga", "Olga O"), ("omar", "Omar O"), notes=[{"text": "Other pair note."}])


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_EMBEDDINGS", "fake")
    runner = CliRunner()
    home = tmp_path / "home"

    def run(*args: str, home_dir=home):
        return runner.invoke(app, ["--home", str(home_dir), *args])

    return run


@pytest.fixture
def imported(cli, tmp_path):
    result = cli(
        "import", str(write_json(tmp_path / "p.json", DOC)), str(write_json(tmp_path / "o.json", OTHER)), "--json"
    )
    assert result.exit_code == 0, result.stderr
    return cli


def test_import_json(imported, tmp_path, cli):
    result = cli("import", str(tmp_path / "p.json"), "--json")
    doc = json.loads(result.stdout)
    assert doc["pairs"] == ["p-cli"] and doc["notes"] == 3 and doc["goals"] == 0
    assert doc["added"] == 0


def test_bad_import_exits_2_with_one_line_and_writes_nothing(cli, tmp_path):
    bad = pair_doc("p-bad", notes=[{"text": "x", "visibility": "everyone"}])
    result = cli("import", str(write_json(tmp_path / "bad.json", bad)))
    assert result.exit_code == 2
    assert "bad.json" in result.stderr and "notes[0].visibility" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert cli("search", "x", "--pair", "p-bad", "--as", "ann").exit_code == 4


def test_search_json_shape(imported):
    result = imported("search", "on-call handbook", "--pair", "p-cli", "--as", "mona", "--json", "--k", "2")
    assert result.exit_code == 0, result.stderr
    results = json.loads(result.stdout)["results"]
    assert results[0]["note_id"] == "n1"
    assert set(results[0]) >= {"note_id", "date", "score", "text"}
    assert len(results) <= 2


def test_exit_codes(imported):
    refused = imported("search", "Gondwana", "--pair", "p-cli", "--as", "olga", "--json")
    assert refused.exit_code == 3
    assert json.loads(refused.stdout)["error"]["code"] == "not_a_member"  # the error's document, nothing else
    for shown in (refused.stdout, refused.stderr):
        assert "Gondwana" not in shown and "handbook" not in shown
    assert imported("search", "x", "--pair", "p-none", "--as", "mona").exit_code == 4
    assert imported("search", "x", "--pair", "p-cli", "--as", "stranger").exit_code == 4
    assert imported("search", "--pair", "p-cli", "--as", "mona").exit_code == 2
    assert imported("search", "x", "--pair", "p-cli", "--as", "mona", "--k", "0").exit_code == 2
    assert imported("search", "   ", "--pair", "p-cli", "--as", "mona").exit_code == 2
    assert imported("search", "x", "--pair", "p-cli").exit_code == 2  # --as is required


def test_private_note_never_printed_to_the_other_member(imported):
    for person, shown in [("mona", False), ("ravi", True)]:
        result = imported("search", "Gondwana team", "--pair", "p-cli", "--as", person, "--k", "10")
        assert ("Gondwana" in result.stdout) is shown


def test_queries_file(imported, tmp_path):
    qfile = tmp_path / "q.jsonl"
    qfile.write_text('{"id": "a", "query": "handbook"}\n\n{"id": "b", "query": "travel policy"}\n')
    result = imported("search", "--queries", str(qfile), "--pair", "p-cli", "--as", "ravi", "--json")
    doc = json.loads(result.stdout)
    assert [q["id"] for q in doc["queries"]] == ["a", "b"]
    assert doc["queries"][0]["results"][0]["note_id"] == "n1"
    assert doc["queries"][1]["results"][0]["note_id"] == "n2"
    qfile.write_text('{"id": "a"}\n')
    bad = imported("search", "--queries", str(qfile), "--pair", "p-cli", "--as", "ravi", "--json")
    assert bad.exit_code == 2 and "line 1" in bad.stderr


def test_two_homes_never_share_state(imported, cli, tmp_path):
    other_home = tmp_path / "elsewhere"
    result = cli("search", "handbook", "--pair", "p-cli", "--as", "mona", home_dir=other_home)
    assert result.exit_code == 4


def test_forget_needs_confirmation_then_forgets(imported):
    assert imported("forget", "--pair", "p-cli", "--as", "mona").exit_code == 2
    done = imported("forget", "--pair", "p-cli", "--as", "mona", "--yes", "--json")
    assert done.exit_code == 0, done.stderr
    assert imported("search", "x", "--pair", "p-cli", "--as", "mona").exit_code == 4
    assert imported("search", "other", "--pair", "p-other", "--as", "olga").exit_code == 0


def test_reindex(imported):
    result = imported("reindex", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == {"indexed": 4}
