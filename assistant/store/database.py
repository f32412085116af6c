"""The connection to the SQL store, and what every part of it shares: sessions, the meta
table, the keys, the limits, compaction.

SQLite under the home by default (WAL, foreign keys on, secure_delete on, the file made
with mode 0600), PostgreSQL when ``COACH_DATABASE_URL`` says so. Either way the store holds
no words of the notes in the clear: :mod:`assistant.store.sealed` seals them with the
keyring that :meth:`Database.connect` loads (:mod:`assistant.store.crypto`), and a store
that has been sealed once opens only with its key (the ``key_check`` in ``meta``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.engine.url import make_url
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import KeyUnavailable
from assistant.models import Note
from assistant.store.crypto import Keyring, KeySource, SealBroken
from assistant.store.limits import Limits
from assistant.store.models import content_hash
from assistant.store.sealed import attach
from assistant.store.tables import MetaRow

__all__ = ["KEY_CHECK", "Database"]

KEY_CHECK = "key_check"
"""The meta row that proves a keyring is this store's: a known text, sealed."""
_CHECK_TEXT = "coach key check"


class Database:
    """The engine and its sessions. Thread-safe: each call uses its own session."""

    keyring: Keyring
    limits: Limits

    def __init__(self, engine: Engine, keyring: Keyring | None = None, limits: Limits | None = None):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.limits = limits or Limits()
        if keyring is not None:
            self.keyring = keyring
            attach(engine, keyring)

    @classmethod
    def connect(cls, url: str, keys: KeySource, limits: Limits | None = None):
        """Open the store at ``url`` with its keys (made now for a store never sealed)."""
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            _private_file(url)
            event.listen(engine, "connect", _sqlite_pragmas)
        check, salt = _read_raw_meta(engine, KEY_CHECK), _read_raw_meta(engine, "salt")
        try:
            keyring = keys.load(create=check is None, index_secret=bytes.fromhex(salt) if salt else None)
            if check is not None:
                keyring.open_text(check, KEY_CHECK.encode())
        except SealBroken:
            engine.dispose()
            raise KeyUnavailable(
                f"{keys.describe()} does not open this store: it was sealed with another key "
                "(put back the key it was made with)"
            ) from None
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, keyring, limits)

    def use_keyring(self, keyring: Keyring) -> None:
        """Seal with ``keyring`` from now on (a key rotation)."""
        self.keyring = keyring
        attach(self.engine, keyring)

    def seal_key_check(self) -> None:
        self.set_meta(KEY_CHECK, self.keyring.seal_text(_CHECK_TEXT, KEY_CHECK.encode()))

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

    def delete_meta(self, key: str) -> None:
        with self.session() as s:
            row = s.get(MetaRow, key)
            if row is not None:
                s.delete(row)

    def note_hash(self, note: Note) -> str:
        """A note version's keyed content hash (what the index and the caches compare)."""
        return content_hash(note, self.keyring.index_secret)

    def secret(self) -> bytes:
        """The index secret: the key behind the index's opaque names (kept with the keys,
        never in the store)."""
        return self.keyring.index_secret

    # -- disk hygiene --------------------------------------------------------------------

    def compact(self) -> None:
        """Rewrite the store so deleted rows leave no bytes behind (SQLite: VACUUM)."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM"))
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def _read_raw_meta(engine: Engine, key: str) -> str | None:
    """A meta value read below the ORM (before the keyring is known); None if no store yet."""
    if "meta" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as conn:
        return conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": key}).scalar()


def _private_file(url: str) -> None:
    """Make the SQLite file (if new) with mode 0600: SQLite gives its -wal and -shm files the
    main file's mode."""
    database = make_url(url).database
    if not database or database == ":memory:":
        return
    fd = os.open(database, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    if os.stat(database).st_mode & 0o077:
        os.chmod(database, 0o600)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
