"""Schema versions, upgraded on start.

A fresh store gets every table at the latest version. An older store runs each step after
its recorded version, in order, in one transaction per step, after ``create_all`` has
made any table that is new (it never touches existing ones): a step only changes tables
that already existed, and checks before it alters. Alembic would do the same with a script directory and an env.py per
step; for a schema that ships inside the application and upgrades itself, this list is
the smaller thing to read.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import LargeBinary, inspect, text
from sqlalchemy.engine import Connection

from assistant.errors import CoachError
from assistant.store.models import keyed_hash
from assistant.store.records import Base, Records
from assistant.store.sealed import Fingerprint, keyring_of, seal_plain, sealed_columns

__all__ = ["LATEST", "upgrade"]


def _add_column(conn: Connection, table: str, column: str, ddl: str) -> None:
    if column not in {c["name"] for c in inspect(conn).get_columns(table)}:
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))


def _add_columns(conn: Connection, table: str, **ddl: str) -> None:
    for column, kind in ddl.items():
        _add_column(conn, table, column, kind)


def _holds_bytes(conn: Connection, table: str, name: str) -> None:
    """A column about to be sealed takes bytes: on PostgreSQL its type becomes bytea (SQLite
    stores them in any column); one that already is stays."""
    if conn.dialect.name != "postgresql":
        return
    [column] = [c for c in inspect(conn).get_columns(table) if c["name"] == name]
    if not isinstance(column["type"], LargeBinary):
        conn.execute(text(f"ALTER TABLE {table} ALTER COLUMN {name} TYPE bytea USING convert_to({name}, 'UTF8')"))


def _seal(conn: Connection) -> None:
    """6: words of the notes sealed (encryption at rest), the index secret out of the store,
    notes that failed to index counted."""
    _add_columns(conn, "notes", index_attempts="INTEGER NOT NULL DEFAULT 0", index_error="VARCHAR(100)")
    for table, name, kind in sealed_columns(Base.metadata):
        if not isinstance(kind, Fingerprint):
            _holds_bytes(conn, table.name, name)
    seal_plain(conn, Base.metadata, keyring_of(conn.dialect))
    conn.execute(text("DELETE FROM meta WHERE key = 'salt'"))  # now in the key document


def _key_content_hashes(conn: Connection) -> None:
    """8: content hashes keyed with the index secret (a plain SHA-256 of a note let anyone
    holding the database confirm a guess of its words). The new value is made from the
    old one, so no note is opened and nothing is re-indexed or asked of a model again."""
    secret = keyring_of(conn.dialect).index_secret
    for table, key, columns in (
        ("notes", "pk", ("content_hash", "indexed_hash")),
        ("note_vectors", "index_key", ("content_hash",)),
        ("llm_extractions", "pk", ("content_hash",)),
    ):
        rows = conn.execute(text(f"SELECT {key}, {', '.join(columns)} FROM {table}")).all()
        if not rows:
            continue
        sets = ", ".join(f"{c} = :{c}" for c in columns)
        conn.execute(
            text(f"UPDATE {table} SET {sets} WHERE {key} = :key"),
            [
                {"key": row[0], **{c: v and keyed_hash(secret, v) for c, v in zip(columns, row[1:], strict=True)}}
                for row in rows
            ],
        )


def _seal_commitment_ids(conn: Connection) -> None:
    """9: commitment ids sealed, wherever they are kept (an id is a plain hash of a
    commitment's words and its note: a guess could be confirmed with it). The ledgers are
    derived, so they are dropped and rebuilt on start; the members' corrections and the audit
    trail are kept, sealed in place."""
    columns = ("commitments.commitment_id", "commitment_corrections.commitment_id", "events.detail")
    conn.execute(text("DELETE FROM commitments"))
    conn.execute(text("UPDATE pairs SET ledger_revision = -1"))
    for table, name in (c.split(".") for c in columns):
        _holds_bytes(conn, table, name)  # (a store older than 6 had it made so then)
    # (the old unique constraint on a pair, viewer and id stays: sealed values never collide)
    seal_plain(conn, Base.metadata, keyring_of(conn.dialect), only=set(columns))


# Each step upgrades a store at version N-1 to N.
STEPS: dict[int, Callable[[Connection], None]] = {
    1: lambda conn: None,  # the first schema: tables only
    # 2: the commitment ledger (new tables), and the revision each pair's ledger was built at
    2: lambda conn: _add_column(conn, "pairs", "ledger_revision", "INTEGER NOT NULL DEFAULT -1"),
    3: lambda conn: None,  # conversations and messages: new tables only
    # 4: accounts, sessions, API tokens, sign-in failures, talking points, explicit commitments,
    # grants (new tables), and goals a manager proposed
    4: lambda conn: _add_columns(conn, "goals", proposed_by="VARCHAR(200)", entered_by="VARCHAR(200)"),
    5: lambda conn: None,  # the index's chunk vectors, the ledger's text vectors (new tables)
    6: _seal,
    7: lambda conn: None,  # the second stage's sentence vectors (a new table)
    8: _key_content_hashes,
    9: _seal_commitment_ids,
}
LATEST = max(STEPS)


SEALED = 6
"""The first version that seals the notes' words: a store upgraded past it is compacted, so
that no page of it in the clear is left in the file."""


def upgrade(records: Records) -> int:
    """Bring the store to the latest schema; returns the version it was at (0 when new)."""
    engine = records.engine
    tables = set(inspect(engine).get_table_names())
    if "meta" not in tables:
        Base.metadata.create_all(engine)
        records.set_meta("schema_version", str(LATEST))
        records.seal_key_check()
        return 0
    found = int(records.get_meta("schema_version") or 0)
    if found > LATEST:
        raise CoachError(f"this store has schema version {found}, newer than this Coach ({LATEST}): upgrade Coach")
    Base.metadata.create_all(engine)
    for version in range(found + 1, LATEST + 1):
        with engine.begin() as conn:
            STEPS[version](conn)
    if found != LATEST:
        records.set_meta("schema_version", str(LATEST))
    if found < SEALED:
        records.seal_key_check()
        records.compact()  # secure_delete zeroed what was freed; VACUUM rewrites the rest
    return found
