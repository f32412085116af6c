"""The same Coach against servers: a Chroma server (COACH_CHROMA_URL) and PostgreSQL
(COACH_DATABASE_URL); and a team's setup: two `coach serve` processes sharing one
PostgreSQL database and one Chroma server, with accounts made by the operator commands.

The Chroma server ships in the chromadb wheel: the fixture starts `chroma run` on loopback.
PostgreSQL runs when TEST_POSTGRES_URL names one (.ci/run installs and starts one on
loopback); otherwise those tests are skipped, saying so.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date, timedelta
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


def _postgres_url() -> str:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        pytest.skip("set TEST_POSTGRES_URL to run against PostgreSQL (.ci/run does)")
    pytest.importorskip("psycopg")
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:  # a clean database for this run
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def test_against_postgresql(tmp_path):
    settings = Settings(home=tmp_path / "home", embeddings="fake", database_url=_postgres_url())
    with Coach.from_settings(settings) as coach:
        _exercise(coach, tmp_path)


# -- a team's server: two processes, one database, one index -------------------------------------

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a team password"


class _Team:
    """The operator's commands and two `coach serve` processes over one database and one index."""

    def __init__(self, tmp_path: Path, database: str, chroma: str) -> None:
        self.tmp = tmp_path
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("COACH_")},
            "PYTHONPATH": str(ROOT),
            "COACH_DATABASE_URL": database,
            "COACH_CHROMA_URL": chroma,
            "COACH_EMBEDDINGS": "fake",
            "COACH_ALLOWED_HOSTS": "127.0.0.1",
            # one key for the team's processes: the database is sealed with it
            "COACH_KEY_FILE": str(tmp_path / "team.key"),
        }
        self.servers: list[subprocess.Popen] = []

    def coach(self, *args: str, home: str = "a", stdin: str | None = None) -> str:
        command = [sys.executable, "-c", "from assistant.cli import main; main()", "--home", str(self.tmp / home)]
        done = subprocess.run([*command, *args], input=stdin, capture_output=True, text=True, env=self.env, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def serve(self, home: str) -> str:
        port = _free_port()
        log = open(self.tmp / f"{home}.log", "w")  # noqa: SIM115 - closed with the process
        command = [sys.executable, "-c", "from assistant.cli import main; main()", "--home", str(self.tmp / home)]
        self.servers.append(
            subprocess.Popen([*command, "serve", "--port", str(port)], env=self.env, stdout=log, stderr=log)
        )
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{url}/health", timeout=1)
                return url
            except OSError:
                time.sleep(0.2)
        raise AssertionError((self.tmp / f"{home}.log").read_text())

    def stop(self) -> None:
        for process in self.servers:
            process.terminate()
            process.wait(timeout=20)


def test_two_server_processes_share_accounts_sessions_and_grants_on_postgresql(chroma_server, tmp_path):
    import httpx

    team = _Team(tmp_path, _postgres_url(), chroma_server)
    team.coach("import", str(write_json(tmp_path / "p.json", DOC)))
    for person in ("ann", "bo", "hr"):
        team.coach("user", "add", person, "--password-stdin", stdin=PASSWORD + "\n")
    bo = {"Authorization": f"Bearer {team.coach('user', 'token', 'bo')}"}
    hr = {"Authorization": f"Bearer {team.coach('user', 'token', 'hr')}"}
    try:
        one, two = team.serve("a"), team.serve("b")
        with httpx.Client(base_url=one) as a, httpx.Client(base_url=two) as b:
            # A session made through one process works through the other ...
            signed = a.post("/login", data={"username": "ann", "password": PASSWORD})
            assert signed.status_code == 303, signed.text
            cookie = {"Cookie": f"coach_session={a.cookies['coach_session']}"}
            a.cookies.clear()
            assert b.get("/api/me", headers=cookie).json()["id"] == "ann"
            found = b.get("/api/pairs/p-srv/search", params={"q": "Quokka offer", "k": 5}, headers=cookie)
            assert found.status_code == 200 and "Quokka" not in found.text
            # ... and one ended in either stops in both.
            csrf = b.get("/api/me/csrf", headers=cookie).json()["csrf_token"]
            assert b.post("/logout", headers={**cookie, "X-CSRF-Token": csrf}).status_code == 303
            assert a.get("/api/me", headers=cookie).status_code == 401
            assert b.get("/api/me", headers=cookie).status_code == 401
            # A grant made through one process is read, then ended, across both.
            expires = (date.today() + timedelta(days=3)).isoformat()
            body = {"to": "hr", "scopes": ["commitments"], "expires": expires}
            grant = a.post("/api/pairs/p-srv/grants", json=body, headers=bo)
            assert grant.status_code == 201, grant.text
            read = b.get("/api/pairs/p-srv/commitments", params={"as_of": "2026-07-03"}, headers=hr)
            assert read.status_code == 200 and [c["owner"] for c in read.json()["commitments"]] == ["bo"]
            assert b.delete(f"/api/pairs/p-srv/grants/{grant.json()['id']}", headers=bo).status_code == 204
            assert a.get("/api/pairs/p-srv/commitments", headers=hr).status_code == 404
            trail = a.get("/api/pairs/p-srv/audit", headers=bo).json()["events"]
            assert [e["actor"] for e in trail if e["action"] == "grant.read"] == ["hr"]
            # The operator disables a person: their token stops in both processes at once.
            team.coach("user", "disable", "bo", home="c")
            assert a.get("/api/me", headers=bo).status_code == 401
            assert b.get("/api/me", headers=bo).status_code == 401
    finally:
        team.stop()
    for log in ("a", "b"):  # the access log has the paths, never a query string
        text_ = (tmp_path / f"{log}.log").read_text()
        assert "/api/pairs/p-srv/" in text_
        assert "Quokka" not in text_ and "q=" not in text_
