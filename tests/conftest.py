"""Shared fixtures: a real SQLite and a real Chroma in tmp_path for every test.

``coach`` uses the deterministic hashing embedder (plumbing); ``model_coach`` uses the real
MiniLM, loaded once per session, wherever retrieval quality matters. Shared helpers live in
``tests/helpers`` (tests never import this module).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.coach import Coach
from assistant.llm import backends
from assistant.retrieval.embeddings import HashingEmbedder, MiniLMEmbedder
from assistant.settings import Settings


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up a developer's COACH_* settings or reach a real chat model."""
    import os

    for key in list(os.environ):
        if key.startswith("COACH_"):
            monkeypatch.delenv(key)
    monkeypatch.setattr(backends, "ALLOW_MODEL_REQUESTS", False)


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
