"""Looking after a home: ``coach doctor``, ``backup``, ``restore`` and ``key rotate``.

Operator work, run on the host; none of it prints a word of any pair's notes (ids and
counts only).

- :func:`doctor` checks the store (SQLite's integrity, the schema, that every sealed column
  is sealed, the key, file modes) and the index (notes waiting, notes it could not take).
- :func:`backup` takes a consistent copy of the store while a server runs: it never opens
  the home (no lock, no key needed), only the database file (:mod:`assistant.store.backup`).
- :func:`restore` puts a backup in place of the store (the server stopped), then rebuilds
  the retrieval index from the records.
- :func:`rotate_key` seals everything again with a new key, safely: the new key is saved
  beside the old one first, the old one dropped only once nothing needs it (and the store
  compacted, so no page sealed with it is left).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import LargeBinary, func, select, type_coerce

from assistant.errors import InvalidInput, KeyUnavailable
from assistant.settings import Settings
from assistant.store import migrations
from assistant.store.backup import BackupInfo, check_backup, put_back, snapshot
from assistant.store.crypto import MAGIC_BYTES, Keyring, KeySource
from assistant.store.files import loose_modes, prepare_home, tighten
from assistant.store.lock import HomeLock
from assistant.store.records import Base, Records
from assistant.store.sealed import SealedBytes, SealedText, reseal, sealed_columns

__all__ = ["Check", "DoctorReport", "add_key", "backup", "doctor", "restore", "rotate_key"]


def _key_source(settings: Settings) -> KeySource:
    document = settings.key.get_secret_value() if settings.key is not None else None
    return KeySource(settings.key_path, document)


def _sqlite_file(settings: Settings, what: str) -> Path:
    if not settings.uses_local_sqlite:
        raise InvalidInput(
            f"{what} works on the SQLite store under the home; for PostgreSQL use pg_dump and "
            "pg_restore (the README says how), then rebuild the index (coach reindex)"
        )
    return settings.home / "coach.db"


# -- doctor ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "detail": self.detail}


@dataclass
class DoctorReport:
    checks: list[Check] = field(default_factory=list)
    not_searchable: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checks": [c.to_json() for c in self.checks],
            "not_searchable": self.not_searchable,
        }


def _unsealed(records: Records) -> int:
    """Values in sealed columns that are not sealed (a store written around Coach)."""
    found = 0
    with records.engine.connect() as conn:
        for table, name, kind in sealed_columns(Base.metadata):
            if not isinstance(kind, SealedText | SealedBytes):
                continue
            raw = type_coerce(table.c[name], LargeBinary())
            query = select(func.count()).select_from(table)
            query = query.where(raw.is_not(None), func.substr(raw, 1, len(MAGIC_BYTES)) != MAGIC_BYTES)
            found += conn.execute(query).scalar() or 0
    return found


def doctor(coach: Any, settings: Settings, retry: bool = False) -> DoctorReport:
    """Check an open home (``coach``: a :class:`~assistant.coach.Coach`); with ``retry``, notes
    the index could not take are tried again first."""
    records: Records = coach.records
    report = DoctorReport()
    if retry and records.retry_unsearchable():
        coach.indexer.sync()
    if settings.uses_local_sqlite:
        with records.engine.connect() as conn:
            result = conn.exec_driver_sql("PRAGMA quick_check").scalar()
        report.checks.append(Check("sqlite", result == "ok", "integrity check: " + str(result)))
    version = records.get_meta("schema_version")
    report.checks.append(Check("schema", version == str(migrations.LATEST), f"version {version}"))
    source = _key_source(settings)
    keys = len(records.keyring.keys)
    detail = ("COACH_KEY" if not source.writable else "key file") + f", {keys} key(s)"
    if keys > 1 and source.writable:
        detail += ": a key rotation was interrupted; run coach key rotate again"
    report.checks.append(Check("key", keys == 1 or not source.writable, detail))
    unsealed = _unsealed(records)
    report.checks.append(Check("sealed", unsealed == 0, f"{unsealed} value(s) in the clear in sealed columns"))
    loose = loose_modes(settings.home)
    fixed = tighten(settings.home) if loose else 0
    report.checks.append(Check("modes", True, f"{fixed} file(s) or folder(s) made private (0600/0700)"))
    waiting = coach.indexer.pending()
    report.checks.append(Check("index", waiting == 0, f"{waiting} note(s) waiting for the index"))
    aside = records.unsearchable()
    report.not_searchable = [
        {"pair": u.pair_id, "note": u.note_id, "attempts": u.attempts, "error": u.error} for u in aside
    ]
    report.checks.append(
        Check("searchable", not aside, f"{len(aside)} note(s) the index could not take (coach doctor --retry)")
    )
    return report


# -- backup and restore ----------------------------------------------------------------------


def backup(settings: Settings, dest: Path) -> BackupInfo:
    """A consistent copy of the store at ``dest`` (mode 0600), while a server may be running;
    the key is not in it."""
    database = _sqlite_file(settings, "coach backup")
    prepare_home(settings.home)  # the process's files private (the umask): the copy too
    return snapshot(database, dest)


def restore(settings: Settings, src: Path, key_file: Path | None = None, open_coach: Any = None) -> BackupInfo:
    """Put the backup at ``src`` in place of the home's store and rebuild the index from it.

    The backup opens only with the key it was sealed with: the home's (``COACH_KEY``,
    ``COACH_KEY_FILE``, or ``coach.key``), or ``key_file``, which then becomes the home's.
    No server may run on the home meanwhile (its lock is taken). ``open_coach(settings)``
    opens the restored home (the composition root), which rebuilds the index.
    """
    database = _sqlite_file(settings, "coach restore")
    prepare_home(settings.home)
    source = _key_source(settings)
    lock = HomeLock(settings.home / ".lock", 5)
    try:
        if key_file is not None:
            if not source.writable:
                raise InvalidInput("the key comes from COACH_KEY: set it to the backup's key instead")
            try:
                keyring = Keyring.parse(key_file.read_text(encoding="utf-8"), str(key_file))
            except OSError:
                raise InvalidInput(f"{key_file}: cannot be read") from None
        else:
            found = source.load(create=False) if source.exists() else None
            if found is None:
                raise KeyUnavailable("there is no key in this home: give the backup's key file")
            keyring = found
        info = check_backup(src, keyring, migrations.LATEST)
        put_back(src, database)
        if key_file is not None:  # after: a failed put_back leaves the old store with its own key
            source.save(keyring)
        shutil.rmtree(settings.chroma_path, ignore_errors=True)  # derived from the old store
    finally:
        lock.release()
    if open_coach is not None:
        open_coach(settings).close()  # upgrades an older backup, rebuilds the index
    return info


# -- keys -------------------------------------------------------------------------------------


def rotate_key(settings: Settings) -> dict[str, Any]:
    """Seal every value again with a new key and drop the old one (no server may be running).

    With a key file, the new key is made here. With ``COACH_KEY``, the new key must already be
    first in it (:func:`add_key` prints such a document); the old ones can go afterwards.
    """
    prepare_home(settings.home)
    source = _key_source(settings)
    lock = HomeLock(settings.home / ".lock", 5)
    try:
        records = Records.open(settings)
        try:
            migrations.upgrade(records)
            keyring = records.keyring
            if source.writable:
                keyring = keyring.rotated()
                source.save(keyring)  # both keys first: an interruption from here on loses nothing
            elif len(keyring.keys) < 2:
                raise InvalidInput(
                    "COACH_KEY holds one key: put a new one first (coach key add prints such a "
                    "document), restart nothing, and run coach key rotate again"
                )
            records.use_keyring(keyring)
            resealed = reseal(records.engine, Base.metadata, keyring)
            records.seal_key_check()
            records.compact()  # no page sealed with an old key is left in the file
            if source.writable:
                source.save(keyring.only_current())
        finally:
            records.engine.dispose()
    finally:
        lock.release()
    return {"resealed": resealed, "keys_dropped": len(keyring.keys) - 1 if source.writable else 0}


def add_key(settings: Settings) -> str:
    """The home's key document with a new key first (printed for ``COACH_KEY``; nothing
    is changed: the store is resealed by :func:`rotate_key`)."""
    source = _key_source(settings)
    return source.load(create=False).rotated().document()
