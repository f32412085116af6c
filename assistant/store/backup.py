"""Backups of a SQLite store: a consistent copy of a live store, checked, and put back.

:func:`snapshot` uses SQLite's online backup API, all pages in one step, so the copy is the
store as one committed transaction left it, while a server goes on writing; the copy is
then compacted (no free page of it holds anything) and written with mode 0600. A backup
holds the store as it is at rest: sealed. The key is never in it, on purpose: keep the key
file apart (a stolen backup alone then reveals no words of the notes).

PostgreSQL stores are backed up with ``pg_dump`` (see the README); they hold ciphertext too.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import InvalidInput, KeyUnavailable
from assistant.store.crypto import Keyring, SealBroken

__all__ = ["BackupInfo", "check_backup", "put_back", "snapshot"]

KEY_CHECK = "key_check"


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds (counted without opening anything sealed)."""

    schema_version: int
    pairs: int
    notes: int
    bytes: int

    def to_json(self) -> dict:
        return {"schema_version": self.schema_version, "pairs": self.pairs, "notes": self.notes, "bytes": self.bytes}


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def snapshot(database: Path, dest: Path) -> BackupInfo:
    """Copy the live store at ``database`` to ``dest`` (which must not exist yet)."""
    if dest.exists():
        raise InvalidInput(f"{dest}: already exists; a backup never overwrites a file")
    if not database.exists():
        raise InvalidInput("there is no store to back up in this home yet")
    if _meta(database, KEY_CHECK) is None:
        raise InvalidInput("this store is not sealed yet: run any command with this Coach first, then back it up")
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.partial")
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        source = sqlite3.connect(database, timeout=60)
        copy = sqlite3.connect(partial)
        try:
            source.execute("PRAGMA busy_timeout=60000")
            source.backup(copy)  # every page in one step: one consistent snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # one file, not a WAL beside it
            copy.execute("PRAGMA secure_delete=ON")
            copy.execute("VACUUM")
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise InvalidInput("the copy failed SQLite's integrity check; the store needs `coach doctor`")
        finally:
            copy.close()
            source.close()
        _fsync(partial)
        os.replace(partial, dest)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return _info(dest)


def check_backup(path: Path, keyring: Keyring, newest_schema: int) -> BackupInfo:
    """What the backup at ``path`` holds, once it is known to be a whole Coach store that
    ``keyring`` opens (InvalidInput, KeyUnavailable otherwise)."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    try:
        with _read_only(path) as con:
            if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise InvalidInput(f"{path}: damaged (SQLite's integrity check fails)")
    except sqlite3.DatabaseError:
        raise InvalidInput(f"{path}: not a Coach backup (not a SQLite database)") from None
    check = _meta(path, KEY_CHECK)
    if check is None:
        raise InvalidInput(f"{path}: not a Coach backup (no sealed store in it)")
    try:
        keyring.open_text(check, KEY_CHECK.encode())
    except SealBroken:
        raise KeyUnavailable(
            f"{path} was sealed with another key: give the key file that was current when it was made"
        ) from None
    info = _info(path)
    if info.schema_version > newest_schema:
        raise InvalidInput(f"{path}: made by a newer Coach (schema {info.schema_version}): upgrade Coach first")
    return info


def put_back(backup: Path, database: Path) -> None:
    """Replace the store at ``database`` by a copy of ``backup`` (the caller holds the home:
    no other process has the store open). The index is derived: the caller rebuilds it."""
    partial = database.with_name(f".{database.name}.{secrets.token_hex(4)}.restoring")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with open(backup, "rb") as source, os.fdopen(fd, "wb") as out:
            while chunk := source.read(1 << 20):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        with sqlite3.connect(partial) as con:  # whatever index the store had is not this one
            con.execute("DELETE FROM meta WHERE key = 'index_layout'")
        con.close()
        for stale in (database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
            stale.unlink(missing_ok=True)
        os.replace(partial, database)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


class _read_only:
    """A read-only connection to a database file that nothing else is writing."""

    def __init__(self, path: Path):
        self.con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)

    def __enter__(self) -> sqlite3.Connection:
        return self.con

    def __exit__(self, *exc) -> None:
        self.con.close()


def _meta(path: Path, key: str) -> str | None:
    con = sqlite3.connect(path, timeout=60)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone():
            return None
        row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None
    finally:
        con.close()


def _info(path: Path) -> BackupInfo:
    with _read_only(path) as con:
        version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        pairs = con.execute("SELECT count(*) FROM pairs").fetchone()[0]
        notes = con.execute("SELECT count(*) FROM notes").fetchone()[0]
    return BackupInfo(int(version[0]) if version else 0, pairs, notes, path.stat().st_size)
