"""Operator commands on the host, and the CLI on a home with accounts (no read path without
the person's own token)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from tests.helpers import pair_doc, write_json

DOC = pair_doc(
    "p-op",
    ("mona", "Mona Lisa"),
    ("ravi", "Ravi Shankar"),
    notes=[
        {"id": "n1", "text": "Ravi will draft the on-call handbook by August 14."},
        {"id": "n2", "author": "ravi", "visibility": "private", "kind": "note", "text": "Ravi private: Gondwana."},
    ],
)
PASSWORD = "a long enough password"


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_EMBEDDINGS", "fake")
    runner = CliRunner()
    home = tmp_path / "home"

    def run(*args: str, token: str | None = None, stdin: str | None = None):
        env = {"COACH_TOKEN": token} if token else {}
        return runner.invoke(app, ["--home", str(home), *args], input=stdin, env=env)

    assert run("import", str(write_json(tmp_path / "p.json", DOC))).exit_code == 0
    return run


def test_a_personal_home_trusts_the_person_named(cli):
    assert cli("search", "handbook", "--pair", "p-op", "--as", "mona").exit_code == 0


def test_once_accounts_exist_the_cli_reads_only_with_the_persons_token(cli):
    added = cli("user", "add", "ravi", "--password-stdin", "--json", stdin=PASSWORD + "\n")
    assert added.exit_code == 0, added.stderr
    assert json.loads(added.stdout) == {"id": "ravi", "created": False}
    assert cli("user", "add", "mona", "--password-stdin", stdin=PASSWORD + "\n").exit_code == 0
    refused = cli("search", "Gondwana", "--pair", "p-op", "--as", "ravi", "--json")
    assert refused.exit_code == 3 and "Gondwana" not in refused.stdout + refused.stderr
    ravi = cli("user", "token", "ravi", "--label", "laptop").stdout.strip()
    mona = cli("user", "token", "mona").stdout.strip()
    assert ravi.startswith("coach_") and ravi != mona
    mine = cli("search", "Gondwana", "--pair", "p-op", "--as", "ravi", "--json", token=ravi)
    assert mine.exit_code == 0 and "Gondwana" in mine.stdout
    # Another member's token does not make its holder anyone else.
    for args in (["search", "Gondwana"], ["commitments"], ["agenda"], ["ask", "Gondwana?"]):
        other = cli(*args, "--pair", "p-op", "--as", "ravi", "--json", token=mona)
        assert other.exit_code == 3 and "Gondwana" not in other.stdout
    assert cli("forget", "--pair", "p-op", "--as", "ravi", "--note", "n2", "--yes", token=mona).exit_code == 3
    # Disabled: the token stops at once.
    assert cli("user", "disable", "ravi").exit_code == 0
    assert cli("search", "handbook", "--pair", "p-op", "--as", "ravi", token=ravi).exit_code == 3


def test_user_add_needs_a_real_password_and_never_echoes_it(cli):
    short = cli("user", "add", "mona", "--password-stdin", stdin="short\n")
    assert short.exit_code == 2 and "short" not in short.stderr.replace("at least", "")
    assert cli("user", "add", "mona", "--stdin-missing").exit_code == 2
    no_stdin = cli("user", "add", "mona")
    assert no_stdin.exit_code == 2 and "--password-stdin" in no_stdin.stderr
    ok = cli("user", "add", "newbie", "--name", "New Person", "--password-stdin", "--json", stdin=PASSWORD)
    assert json.loads(ok.stdout)["created"] is True and PASSWORD not in ok.stdout
    listed = json.loads(cli("user", "list", "--json").stdout)["users"]
    assert {u["id"]: u["name"] for u in listed} == {"newbie": "New Person"}
    assert cli("user", "token", "nobody").exit_code == 4
    assert cli("user", "disable", "nobody").exit_code == 4


def test_pair_create(cli):
    made = cli("pair", "create", "p-new", "--manager", "mona", "--employee", "zed", "--json")
    assert made.exit_code == 0, made.stderr
    assert json.loads(made.stdout)["created"] is True
    again = cli("pair", "create", "p-new", "--manager", "mona", "--employee", "zed", "--json")
    assert json.loads(again.stdout)["created"] is False
    clash = cli("pair", "create", "p-new", "--manager", "mona", "--employee", "ravi")
    assert clash.exit_code == 2 and "other members" in clash.stderr
    assert cli("pair", "create", "p-x", "--manager", "mona", "--employee", "mona").exit_code == 2
    assert cli("pair", "create", "bad id", "--manager", "mona", "--employee", "zed").exit_code == 2
    empty = cli("search", "anything", "--pair", "p-new", "--as", "zed", "--json")
    assert empty.exit_code == 0 and json.loads(empty.stdout) == {"results": []}


def test_operator_commands_print_nothing_of_a_pair(cli):
    outputs = [
        cli("user", "add", "ravi", "--password-stdin", stdin=PASSWORD).stdout,
        cli("user", "token", "ravi").stdout,
        cli("user", "list", "--json").stdout,
        cli("user", "disable", "ravi").stdout,
        cli("pair", "create", "p-2", "--manager", "mona", "--employee", "ravi").stdout,
    ]
    for out in outputs:
        assert "handbook" not in out and "Gondwana" not in out and "p-op" not in out
