"""Browser tests: a real Coach server on loopback, driven by Debian's Chromium through Playwright.

The server is uvicorn in a thread over a real home (SQLite and Chroma in a temporary folder,
the deterministic embedder), with the sample pairs of ``data.py`` and an account for each of
their four people. Every browser context records each request it makes; a test fails if one
goes anywhere but the server's own origin.

Without a Chromium (or without Playwright) these tests are skipped, with a message that says
how to get one: ``apt-get install -y chromium``, or ``COACH_CHROMIUM=/path/to/chromium``.
Playwright's own browser download is never used.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytest.importorskip("playwright", reason="browser tests need playwright: pip install -e '.[dev]'")
pytest.importorskip("pytest_playwright", reason="browser tests need pytest-playwright: pip install -e '.[dev]'")

from playwright.sync_api import Browser, Page, expect  # noqa: E402

from tests.browser.data import PASSWORDS, pair_documents  # noqa: E402

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
    coach: object
    outside: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A Coach server on 127.0.0.1 over a fresh home with the test pairs and four accounts."""
    import uvicorn

    from api.app import create_app
    from assistant.coach import Coach
    from assistant.settings import Settings
    from web.identity import STANDIN

    root = tmp_path_factory.mktemp("coach-web")
    files = []
    for doc in pair_documents():
        path = root / f"{doc['pair']['id']}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        files.append(path)
    settings = Settings(home=root / "home", embeddings="fake")
    with Coach.from_settings(settings) as coach:
        coach.import_paths(files)
        if STANDIN:
            from web.standins import fill_in

            fill_in(coach)
        for person, password in PASSWORDS.items():
            coach.accounts.add_user(person, password)
        port = _free_port()
        config = uvicorn.Config(create_app(settings, coach), host="127.0.0.1", port=port, log_level="warning")
        uv = uvicorn.Server(config)
        thread = threading.Thread(target=uv.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not uv.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        try:
            yield Server(url=f"http://127.0.0.1:{port}", coach=coach)
        finally:
            uv.should_exit = True
            thread.join(timeout=10)


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
    """sign_in("ann") -> a Member: a new browser context, signed in through the /login page."""
    opened: list[tuple[object, Member]] = []

    def open_as(person: str, viewport: dict | None = None) -> Member:
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, base_url=server.url)
        context.set_default_timeout(20_000)
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
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


def axe_violations(page: Page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5], "help": v["help"]}
        for v in result
        if v["impact"] in ("serious", "critical")
    ]
