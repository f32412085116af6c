"""One typed settings tree, read from ``COACH_*`` environment variables.

Settings are built explicitly (``Settings()`` or ``Settings(home=...)``) by the composition
root, never at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from platformdirs import user_data_dir
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from assistant.store.limits import Limits

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

    # -- limits (assistant/store/limits.py) -----------------------------------------------
    max_note_chars: int = Field(default=100_000, ge=1_000)
    """The longest note accepted (characters); a longer one is refused, naming it."""
    max_import_bytes: int = Field(default=20_000_000, ge=10_000)
    """The largest file one import reads."""
    max_import_notes: int = Field(default=20_000, ge=1)
    """The most notes one import takes (all its files together)."""

    # -- encryption at rest (assistant/store/crypto.py) -----------------------------------
    key: SecretStr | None = None
    """The key document itself (``COACH_KEY``), for a server whose secrets come as
    environment variables; default: the key file."""
    key_file: Path | None = None
    """Where the key file is (``COACH_KEY_FILE``); default: ``coach.key`` in the home, made
    on first use with mode 0600. Keep a copy apart from your backups."""

    # -- the server (coach serve) ---------------------------------------------------------
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["localhost", "127.0.0.1", "::1", "[::1]"]
    )
    """Host names the server answers to (``COACH_ALLOWED_HOSTS``, comma-separated); others get 400."""
    max_body_bytes: int = Field(default=5_000_000, ge=1_000)
    """The largest request body the server reads (an imported pair file included)."""
    session_days: float = Field(default=7, gt=0)
    """A sign-in lasts at most this long."""
    session_idle_hours: float = Field(default=24, gt=0)
    """A sign-in unused for this long ends."""
    secure_cookies: bool | None = None
    """Mark the session cookie Secure: None (default) when the request came over https
    (behind a proxy: its X-Forwarded-Proto, from ``--forwarded-allow-ips``)."""
    sign_in_attempts: int = Field(default=5, ge=1)
    """Failed sign-ins for one person within ``sign_in_window_minutes`` before more are refused."""
    sign_in_window_minutes: float = Field(default=15, gt=0)

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return [h.strip() for h in value.split(",") if h.strip()]
        return value

    @field_validator("home", "key_file", mode="before")
    @classmethod
    def _expand(cls, value: object) -> object:
        return Path(value).expanduser() if isinstance(value, str | Path) else value

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'coach.db'}"

    @property
    def key_path(self) -> Path:
        return self.key_file or self.home / "coach.key"

    @property
    def limits(self) -> Limits:
        return Limits(self.max_note_chars, self.max_import_bytes, self.max_import_notes)

    @property
    def chroma_path(self) -> Path:
        return self.home / "index"

    @property
    def uses_local_sqlite(self) -> bool:
        return self.sqlalchemy_url.startswith("sqlite")
