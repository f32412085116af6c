"""The same Coach against servers: a Chroma server (COACH_CHROMA_URL) and PostgreSQL
(COACH_DATABASE_URL).

The Chroma server ships in the chromadb wheel: the fixture starts `chroma run` on loopback.
PostgreSQL runs when TEST_POSTGRES_URL names one (.ci/run starts one on loopback when the
machine has PostgreSQL); otherwise that test is skipped, saying so.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from assistant.coach import Coach
from assistant.settings import Settings
from tests.helpers import pair_doc, write_json

DOC = pair_doc(
    "p-srv",
    ("ann", "Ann A"),
    ("bo", "Bo B"),
    notes=[
        {"id": "n1", "date": "2026-07-01", "text": "Bo will write the capacity plan by July 10."},
        {
            "id": "n2",
            "date": "2026-07-02",
            "author": "bo",
            "visibility": "private",
            "kind": "note",
            "text": "Bo private: the Quokka offer.",
        },
    ],
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    chroma = shutil.which("chroma") or str(Path(os.sys.executable).parent / "chroma")
    if not Path(chroma).exists():
        pytest.skip("the chroma command is not installed")
    port = _free_port()
    process = subprocess.Popen(
        [chroma, "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.skip("chroma run did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _exercise(coach: Coach, tmp_path) -> None:
    coach.import_paths([write_json(tmp_path / "p.json", DOC)])
    assert coach.search("p-srv", "ann", "capacity plan", k=1)[0].note.id == "n1"
    assert all(h.note.id != "n2" for h in coach.search("p-srv", "ann", "Quokka offer", k=5))
    assert any(h.note.id == "n2" for h in coach.search("p-srv", "bo", "Quokka offer", k=5))
    [item] = coach.commitments("p-srv", "ann", date(2026, 7, 3))
    assert (item.owner, item.due) == ("bo", date(2026, 7, 10))
    coach.forget_pair("p-srv", "ann", confirm="p-srv")
    assert coach.records.pair_ids() == []


def test_against_a_chroma_server(chroma_server, tmp_path):
    settings = Settings(home=tmp_path / "home", embeddings="fake", chroma_url=chroma_server)
    with Coach.from_settings(settings) as coach:
        _exercise(coach, tmp_path)
    # Two Coach processes may share a server: no home lock is taken.
    with Coach.from_settings(settings) as one, Coach.from_settings(settings) as two:
        assert one.records.pair_ids() == two.records.pair_ids() == []


def test_against_postgresql(tmp_path):
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        pytest.skip("set TEST_POSTGRES_URL to run against PostgreSQL (.ci/run does when it can)")
    pytest.importorskip("psycopg")
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:  # a clean database for this run
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    settings = Settings(home=tmp_path / "home", embeddings="fake", database_url=url)
    with Coach.from_settings(settings) as coach:
        _exercise(coach, tmp_path)
