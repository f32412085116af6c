"""Commands start fast: each loads only what it uses, and nothing costly runs at start.

A cold command is mostly start-up (issue 15): an agenda must not load Chroma, LangChain, the
chat service or the API; nor must a search of a store whose notes all have their vectors
stored (it compares them exactly: opening Chroma would cost more); one that has a note
without them loads Chroma, and none of the rest. Checked in a fresh
interpreter, as a person's `coach` process runs.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pwdlib.hashers.argon2 import Argon2Hasher

from assistant.accounts.passwords import DUMMY
from tests.helpers import DEMO

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ["chromadb", "langchain_core", "langchain", "fastapi", "api.app", "assistant.chat.service", "onnxruntime"]

PROBE = """
import json, os, sys
from assistant.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    heavy = set(json.loads(os.environ["HEAVY"]))
    print(json.dumps(sorted(m for m in sys.modules if m in heavy)), file=sys.stderr)
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("startup") / "home"
    files = [str(p) for p in sorted(DEMO.glob("pair-*.json"))]
    _coach(home, "import", *files, "--json")
    return home


def _coach(home: Path, *args: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    env.update(COACH_EMBEDDINGS="fake", PYTHONPATH=str(ROOT), HEAVY=json.dumps(HEAVY))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--home", str(home), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_an_agenda_loads_no_index_no_langchain_no_chat_no_api(home):
    assert _coach(home, "agenda", "--pair", "p-maya-sam", "--as", "maya", "--json") == []


def test_a_search_loads_no_index_when_every_note_has_its_vectors_stored(home):
    loaded = _coach(home, "search", "travel budget", "--pair", "p-maya-sam", "--as", "sam", "--json")
    assert loaded == []


def test_a_search_loads_the_index_for_notes_without_stored_vectors_and_nothing_else_heavy(tmp_path):
    home = tmp_path / "home"
    _coach(home, "import", str(DEMO / "pair-maya-sam.json"), "--json")
    db = sqlite3.connect(home / "coach.db")
    with db:
        db.execute("DELETE FROM note_vectors")
    db.close()
    loaded = _coach(home, "search", "travel budget", "--pair", "p-maya-sam", "--as", "sam", "--json")
    assert loaded == ["chromadb"]


def test_the_ledger_loads_no_index(home):
    assert _coach(home, "commitments", "--pair", "p-maya-sam", "--as", "sam", "--json") == []


def test_the_embedder_is_langchains_embeddings_once_langchain_is_used():
    from langchain_core.embeddings import Embeddings

    from assistant.retrieval.embeddings import HashingEmbedder, register_with_langchain

    register_with_langchain()
    embedder = HashingEmbedder()
    assert isinstance(embedder, Embeddings)
    assert len(embedder.embed_query("budget")) == 384
    assert embedder.embed_documents(["a", "b"])[1] == embedder.embed_query("b")


def test_the_stand_in_password_hash_costs_what_a_real_one_does():
    """Verifying against no account must take as long as against one: same parameters."""
    hasher = Argon2Hasher()
    real = hasher.hash("a password")
    assert DUMMY.rsplit("$", 2)[0] == real.rsplit("$", 2)[0]
    assert not hasher.check_needs_rehash(DUMMY)
