"""Browser tests: a real Coach server on loopback, driven by Debian's Chromium through Playwright.

The server is a real ``coach serve`` process over a fresh home (SQLite and Chroma in a
temporary folder, the deterministic embedder), with the pairs of ``data.py`` imported and an
account for each of their four people, all made with the ``coach`` command. Every browser
context records each request it makes; a test fails if one goes anywhere but the server's
own origin.

Without a Chromium (or without Playwright) these tests are skipped, with a message that says
how to get one: ``apt-get install -y chromium``, or ``COACH_CHROMIUM=/path/to/chromium``.
Playwright's own browser download is never used.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("playwright", reason="browser tests need playwright: pip install -e '.[dev]'")
pytest.importorskip("pytest_playwright", reason="browser tests need pytest-playwright: pip install -e '.[dev]'")

from playwright.sync_api import Browser, Page, expect  # noqa: E402

from tests.browser.data import PASSWORDS, pair_documents  # noqa: E402

# A page that saves a note waits for its embedding and ledger: on a loaded machine that took
# over expect's 5 s (a save that finished is what is checked, not how fast; benchmarks time it)
expect.set_options(timeout=20_000)

ROOT = Path(__file__).resolve().parents[2]
COACH = [sys.executable, "-c", "from assistant.cli import main; main()"]
"""The ``coach`` command of this checkout, whatever is installed."""
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    """Debian's chromium (or COACH_CHROMIUM), never a browser Playwright downloaded."""
    chosen = os.environ.get("COACH_CHROMIUM")
    candidates = [chosen] if chosen else ["/usr/bin/chromium", shutil.which("chromium")]
    return next((c for c in candidates if c and Path(c).exists()), None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    path = chromium_path()
    if path is None:
        pytest.skip(
            "no Chromium for the browser tests: install Debian's (apt-get install -y chromium) "
            "or set COACH_CHROMIUM to a Chromium binary"
        )
    return {"executable_path": path, "args": CHROMIUM_FLAGS, "headless": True}


@dataclass
class Server:
    url: str
    home: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _coach(home: Path, *args: str, stdin: str | None = None) -> None:
    """Run the real ``coach`` command on ``home``, as an operator would."""
    env = {**os.environ, "COACH_HOME": str(home), "COACH_EMBEDDINGS": "fake", "PYTHONPATH": str(ROOT)}
    subprocess.run([*COACH, *args], input=stdin, text=True, env=env, check=True, capture_output=True)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``coach serve`` on 127.0.0.1 over a fresh home: the test pairs, imported, and four accounts,
    each made with ``coach user add``."""
    root = tmp_path_factory.mktemp("coach-web")
    home = root / "home"
    files = []
    for doc in pair_documents():
        path = root / f"{doc['pair']['id']}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        files.append(str(path))
    _coach(home, "import", *files)
    for person, password in PASSWORDS.items():
        _coach(home, "user", "add", person, "--password-stdin", stdin=password + "\n")
    port = _free_port()
    env = {**os.environ, "COACH_HOME": str(home), "COACH_EMBEDDINGS": "fake", "PYTHONPATH": str(ROOT)}
    log = (root / "server.log").open("w")
    process = subprocess.Popen([*COACH, "serve", "--port", str(port)], env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"coach serve did not start: {(root / 'server.log').read_text()[-2000:]}")
            time.sleep(0.2)
        yield Server(url=url, home=home)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@dataclass
class Member:
    """A person signed in in their own browser context, and every URL that context asked for."""

    person: str
    page: Page
    requests: list[str]
    base: str

    def go(self, path: str):
        return self.page.goto(self.base + path)


@pytest.fixture
def sign_in(browser: Browser, server: Server) -> Iterator[Callable[..., Member]]:
    """sign_in("ann") -> a Member: a new browser context, signed in through the /login page.
    It also records what the page's Content-Security-Policy refused: a test fails on any."""
    opened: list[tuple[object, Member]] = []
    refused: list[str] = []

    def open_as(person: str, viewport: dict | None = None, bypass_csp: bool = False) -> Member:
        # bypass_csp only to inject axe-core: every other test runs under the pages' own policy
        context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 900}, base_url=server.url, bypass_csp=bypass_csp
        )
        context.set_default_timeout(20_000)
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m.text))
        member = Member(person, page, requests, server.url)
        opened.append((context, member))
        page.goto(server.url + "/")
        expect(page).to_have_url(f"{server.url}/login?next=%2F")
        page.get_by_label("Username").fill(person)
        page.get_by_label("Password").fill(PASSWORDS[person])
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Your one-on-ones")).to_be_visible()
        return member

    yield open_as
    for context, member in opened:
        context.close()
        outside = [u for u in member.requests if not (u.startswith(server.url + "/") or u == server.url)]
        assert not outside, f"{member.person}'s browser asked outside the server: {outside}"
    assert not refused, f"the pages' Content-Security-Policy refused: {refused}"


def axe_violations(page: Page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5], "help": v["help"]}
        for v in result
        if v["impact"] in ("serious", "critical")
    ]
