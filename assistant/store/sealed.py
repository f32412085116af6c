"""Sealed columns: SQL types that encrypt on the way in and decrypt on the way out.

A table declares a column ``SealedText("notes.text")`` (or ``SealedBytes``) and the rest of
Coach reads and writes plain values: sealing happens in SQLAlchemy's bind and result
processing, with the keyring of the engine the statement runs on. The keyring travels with
the engine's dialect object (:func:`attach`), which SQLAlchemy hands to every type
processor: no global, and two stores in one process keep their own keys.

Sealed values are stored as bytes (``BLOB``, ``bytea``). They cannot be compared in SQL
(each is sealed with a fresh nonce): a column that queries filter on by equality is a
:class:`Fingerprint` instead (a keyed hash; the value is not needed back).
``tests/test_encryption.py`` checks that every text or binary column of every table is
sealed, fingerprinted, or listed here as holding no words of the notes.

:func:`seal_plain` (the migration of a plaintext store) and :func:`reseal` (key rotation)
walk every sealed column in batches, below the ORM.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import LargeBinary, MetaData, Table, Text, bindparam, select, tuple_, type_coerce, update
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.types import TypeDecorator

from assistant.errors import KeyUnavailable
from assistant.store.crypto import FINGERPRINT, MAGIC_BYTES, Keyring

__all__ = [
    "PLAIN_COLUMNS",
    "Fingerprint",
    "SealedBytes",
    "SealedText",
    "attach",
    "keyring_of",
    "reseal",
    "seal_plain",
    "sealed_columns",
]

PLAIN_COLUMNS: dict[str, str] = {
    "meta.key": "names of the store's own settings",
    "meta.value": "schema version, index layout, the key check (itself sealed)",
    "people.id": "ids are keys; the name is sealed",
    "pairs.id": "ids are keys",
    "notes.note_id": "ids are keys",
    "notes.visibility": "shared or private",
    "notes.kind": "one of four kinds",
    "notes.audience": "shared or private:<person id>",
    "notes.content_hash": "a keyed hash (HMAC) of a note's date, author, kind, visibility and text",
    "notes.indexed_hash": "the keyed content hash the index holds",
    "notes.index_key": "random",
    "notes.index_error": "the class of the error that kept a note out of the index",
    "text_vectors.space": "the embedder's name, its dimension and the chunk sizes",
    "text_vectors.text_key": "a keyed hash of the text",
    "goals.goal_id": "ids are keys",
    "goals.status": "one of five statuses",
    "goals.owner": "a person id",
    "goals.proposed_by": "a person id",
    "goals.entered_by": "a person id",
    "commitments.viewer_id": "a person id",
    "commitment_corrections.actor": "a person id",
    "commitment_corrections.action": "done, drop, assign, due, ...",
    "commitment_corrections.value": "a person id or a date",
    "llm_extractions.content_hash": "the note version's content hash",
    "llm_extractions.model": "the chat model's name",
    "conversations.public_id": "random",
    "conversations.person_id": "a person id",
    "messages.role": "user or assistant",
    "messages.sources": "the note ids an answer cited",
    "events.actor": "a person id",
    "events.action": "what was done",
    "index_tombstones.index_key": "random",
    "index_tombstones.pair_id": "ids are keys",
    "talking_points.public_id": "random",
    "talking_points.author": "a person id",
    "talking_points.closed_by": "a person id",
    "explicit_commitments.public_id": "random",
    "explicit_commitments.owner": "a person id",
    "explicit_commitments.created_by": "a person id",
    "grants.public_id": "random",
    "grants.grantor": "a person id",
    "grants.grantee": "a person id",
    "grants.scopes": "scope names",
    "accounts.password_hash": "an Argon2id hash",
    "sessions.digest": "SHA-256 of a random secret",
    "sessions.csrf": "random",
    "sessions.method": "how the person signed in",
    "api_tokens.public_id": "random",
    "api_tokens.digest": "SHA-256 of a random secret",
    "api_tokens.label": "the operator's or member's name for a token",
    "api_tokens.created_by": "a person id",
    "sign_in_failures.key": "a digest of a name or client",
    "note_vectors.index_key": "random",
    "note_vectors.content_hash": "the note version's content hash",
    "note_vectors.space": "the embedder's name and chunking",
    "note_vectors.chunk_keys": "8-byte keyed hashes (index secret) of chunk texts",
    "sentence_vectors.index_key": "random",
    "sentence_vectors.space": "the embedder's name and dimension",
    "sentence_vectors.sentence_keys": "8-byte keyed hashes (index secret) of sentence texts",
}
"""Text and binary columns left in the clear (besides ids that refer to others), and why
none of them holds words of the notes."""


def attach(engine: Engine, keyring: Keyring) -> None:
    """Give the engine's statements this keyring (see the module's docstring)."""
    engine.dialect.coach_keyring = keyring  # type: ignore[attr-defined]


def keyring_of(dialect: Dialect) -> Keyring:
    keyring = getattr(dialect, "coach_keyring", None)
    if keyring is None:
        raise KeyUnavailable("the store was opened without its key")
    return keyring


class SealedText(TypeDecorator):
    """Text sealed with AES-GCM, stored as bytes (no encoding of the ciphertext: random
    bytes, and a third smaller than base64); ``column`` (``table.column``) is its associated
    data."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, column: str):
        super().__init__()
        self.column = column
        self.aad = column.encode()

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else keyring_of(dialect).seal_bytes(value.encode("utf-8"), self.aad)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else keyring_of(dialect).open_bytes(_as_bytes(value), self.aad).decode("utf-8")


def _as_bytes(value: Any) -> bytes:
    """A stored value as bytes: SQLite hands back a value in the clear (an older store's)
    as text, which then fails to open as it should."""
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


class SealedBytes(TypeDecorator):
    """Bytes sealed with AES-GCM; ``column`` (``table.column``) is its associated data."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, column: str):
        super().__init__()
        self.column = column
        self.aad = column.encode()

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else keyring_of(dialect).seal_bytes(bytes(value), self.aad)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else keyring_of(dialect).open_bytes(_as_bytes(value), self.aad)


class Fingerprint(TypeDecorator):
    """A keyed hash of the value, for columns compared by equality and never shown
    (``keep``: values stored as they are, such as a marker of Coach's own)."""

    impl = Text
    cache_ok = True

    def __init__(self, keep: tuple[str, ...] = ()):
        super().__init__()
        self.keep = keep

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or value in self.keep or str(value).startswith(FINGERPRINT):
            return value
        return keyring_of(dialect).fingerprint(str(value))


def _is_sealed(value: Any) -> bool:
    return not isinstance(value, str) and bytes(value).startswith(MAGIC_BYTES)


def sealed_columns(metadata: MetaData) -> Iterator[tuple[Table, str, TypeDecorator]]:
    """(table, column name, type) of every sealed or fingerprinted column."""
    for table in metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, SealedText | SealedBytes | Fingerprint):
                yield table, column.name, column.type


def _rewrite(
    conn: Connection, table: Table, name: str, kind: TypeDecorator, change: Callable[[Any], Any], batch: int
) -> int:
    """Rewrite the column's stored values through ``change`` (None: leave it), in batches
    by primary key; returns how many changed."""
    keys = list(table.primary_key.columns)  # a row's key: one column or several (compared as a tuple)
    raw = Text() if isinstance(kind, Fingerprint) else LargeBinary()
    column = table.c[name]
    where = [k == bindparam(f"k{i}_", type_=k.type) for i, k in enumerate(keys)]
    statement = update(table).where(*where).values({name: bindparam("v_", type_=raw)})
    changed, last = 0, None
    while True:
        query = select(*keys, type_coerce(column, raw)).where(column.is_not(None)).order_by(*keys).limit(batch)
        if last is not None:
            query = query.where(tuple_(*keys) > tuple_(*last) if len(keys) > 1 else keys[0] > last[0])
        rows = conn.execute(query).all()
        if not rows:
            return changed
        params = []
        for row in rows:
            new = change(row[-1])
            if new is not None:
                params.append({**{f"k{i}_": row[i] for i in range(len(keys))}, "v_": new})
        if params:
            conn.execute(statement, params)
            changed += len(params)
        last = tuple(rows[-1][: len(keys)])


def seal_plain(
    conn: Connection, metadata: MetaData, keyring: Keyring, batch: int = 500, only: set[str] | None = None
) -> int:
    """Seal every value still in the clear (a store written before encryption): the
    migration step (``only``: these ``table.column`` names, a column sealed since). Values
    already sealed are left; returns how many were sealed."""

    def sealer(kind: TypeDecorator) -> Callable[[Any], Any]:
        if isinstance(kind, SealedText | SealedBytes):
            return lambda v: None if _is_sealed(v) else keyring.seal_bytes(_as_bytes(v), kind.aad)
        return lambda v: None if v in kind.keep or v.startswith(FINGERPRINT) else keyring.fingerprint(v)

    return sum(
        _rewrite(conn, t, name, kind, sealer(kind), batch)
        for t, name, kind in sealed_columns(metadata)
        if only is None or f"{t.name}.{name}" in only
    )


def reseal(engine: Engine, metadata: MetaData, keyring: Keyring, batch: int = 500) -> int:
    """Seal again with the keyring's first key every value sealed with another (key
    rotation), one transaction per column; an interruption leaves values under either key,
    which the keyring still opens. Returns how many were resealed."""

    def resealer(kind: TypeDecorator) -> Callable[[Any], Any]:
        aad = kind.aad
        return lambda v: (
            None if keyring.sealed_with_current(v) else keyring.seal_bytes(keyring.open_bytes(_as_bytes(v), aad), aad)
        )

    total = 0
    for table, name, kind in sealed_columns(metadata):
        if isinstance(kind, Fingerprint):
            continue  # keyed by the index secret, which a rotation keeps
        with engine.begin() as conn:
            total += _rewrite(conn, table, name, kind, resealer(kind), batch)
    return total
