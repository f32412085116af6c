"""The connection to the SQL store, and what every part of it shares: sessions, the meta
table, the per-store secret, compaction.

SQLite under the home by default (WAL, foreign keys on, secure_delete on), PostgreSQL when
``COACH_DATABASE_URL`` says so.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from assistant.store.tables import MetaRow

__all__ = ["Database"]


class Database:
    """The engine and its sessions. Thread-safe: each call uses its own session."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def connect(cls, url: str):
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        return cls(engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    # -- meta ---------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        with self.session() as s:
            row = s.get(MetaRow, key)
            return row.value if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.session() as s:
            s.merge(MetaRow(key=key, value=value))

    def secret(self, key: str = "salt") -> bytes:
        """A per-store random secret (made once), used to derive opaque index names."""
        value = self.get_meta(key)
        if value is None:
            self.set_meta(key, secrets.token_hex(32))
            value = self.get_meta(key)
        assert value is not None
        return bytes.fromhex(value)

    # -- disk hygiene --------------------------------------------------------------------

    def compact(self) -> None:
        """Rewrite the store so deleted rows leave no bytes behind (SQLite: VACUUM)."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM"))
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
