"""One typed settings tree, read from ``COACH_*`` environment variables.

Settings are built explicitly (``Settings()`` or ``Settings(home=...)``) by the composition
root, never at import time.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


def _default_home() -> Path:
    return Path(user_data_dir("coach", appauthor=False))


class Settings(BaseSettings):
    """Where Coach keeps its data and which backends it uses.

    Everything Coach stores lives under ``home`` unless ``database_url`` or ``chroma_url``
    point elsewhere.
    """

    model_config = SettingsConfigDict(env_prefix="COACH_", extra="ignore")

    home: Path = Field(default_factory=_default_home)
    database_url: str | None = None
    """SQLAlchemy URL; default: a SQLite file under ``home``."""
    chroma_url: str | None = None
    """``http://host:port`` of a Chroma server; default: a local store under ``home``."""

    embeddings: str = "minilm"
    """Embedding backend: ``minilm`` (bundled, onnxruntime), ``sentence-transformers`` or ``fake``."""

    llm: str = "none"
    """Chat model: ``none``, ``openai:MODEL``, ``ollama:MODEL`` or ``fake``."""
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_private_notes: bool = False
    """Let private notes reach the chat model (for their author only). Off: a hosted model is a third party."""

    index_cache: int = Field(default=64, ge=1)
    """Vector indexes kept loaded in a local store (a few MB each; a pair has one to three)."""

    chunk_words: int = 40
    """Words per index chunk; MiniLM reads at most 256 word pieces (see benchmarks/retrieval)."""
    chunk_overlap: int = 10
    stale_checkins: int = 3
    """A commitment not mentioned in this many check-ins is stale."""

    @field_validator("home", mode="before")
    @classmethod
    def _expand(cls, value: object) -> object:
        return Path(value).expanduser() if isinstance(value, str | Path) else value

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'coach.db'}"

    @property
    def chroma_path(self) -> Path:
        return self.home / "index"

    @property
    def uses_local_sqlite(self) -> bool:
        return self.sqlalchemy_url.startswith("sqlite")
