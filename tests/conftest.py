"""Shared fixtures: a real SQLite and a real Chroma in tmp_path for every test.

``coach`` uses the deterministic hashing embedder (plumbing); ``model_coach`` uses the real
MiniLM, loaded once per session, wherever retrieval quality matters.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from assistant.coach import Coach
from assistant.retrieval.embeddings import HashingEmbedder, MiniLMEmbedder
from assistant.settings import Settings

DEMO = Path(__file__).resolve().parent.parent / "assistant" / "demo_data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up a developer's COACH_* settings or reach a real chat model."""
    import os

    for key in list(os.environ):
        if key.startswith("COACH_"):
            monkeypatch.delenv(key)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", embeddings="fake")


@pytest.fixture
def coach(settings: Settings) -> Iterator[Coach]:
    with Coach.from_settings(settings) as c:
        yield c


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbedder:
    embedder = MiniLMEmbedder()
    embedder.encode(["warm up"])
    return embedder


@pytest.fixture
def model_coach(tmp_path: Path, minilm: MiniLMEmbedder) -> Iterator[Coach]:
    with Coach.from_settings(Settings(home=tmp_path / "home"), embedder=minilm) as c:
        yield c


@pytest.fixture
def fake_embedder() -> HashingEmbedder:
    return HashingEmbedder()


def pair_doc(
    pair_id: str = "p-ann-bo",
    manager: tuple[str, str] = ("ann", "Ann Manager"),
    employee: tuple[str, str] = ("bo", "Bo Employee"),
    notes: list[dict] | None = None,
    goals: list[dict] | None = None,
) -> dict:
    """A coach-pair/1 document; notes are dicts with defaults filled in."""
    filled = []
    for i, n in enumerate(notes or []):
        filled.append(
            {
                "id": n.get("id", f"n{i + 1}"),
                "date": n.get("date", (date(2026, 7, 1) + timedelta(days=i)).isoformat()),
                "author": n.get("author", manager[0]),
                "visibility": n.get("visibility", "shared"),
                "kind": n.get("kind", "checkin"),
                "text": n["text"],
            }
        )
    return {
        "format": "coach-pair/1",
        "pair": {
            "id": pair_id,
            "manager": {"id": manager[0], "name": manager[1]},
            "employee": {"id": employee[0], "name": employee[1]},
        },
        "goals": goals or [],
        "notes": filled,
    }


def write_json(path: Path, doc: dict) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def every_byte_under(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())
