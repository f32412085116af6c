"""The SQL tables of the system of record: one declarative ``Base``, one class per table.

Pair content (people, pairs, goals, notes), what is derived from it (ledgers, LLM readings,
index bookkeeping), conversations and events. Every table that holds a pair's data has a
``pair_id`` column, which is how :meth:`~assistant.store.writes.Writes.delete_pair` finds it.

Every column holding words of the notes (or names) is sealed (:mod:`assistant.store.sealed`):
the database holds ciphertext only. ``tests/test_encryption.py`` lists the rest and why.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from assistant.store.sealed import Fingerprint, SealedBytes, SealedText

__all__ = [
    "APP_SOURCE",
    "Base",
    "CommitmentRow",
    "ConversationRow",
    "CorrectionRow",
    "EventRow",
    "GoalRow",
    "IndexTombstone",
    "LLMExtractionRow",
    "MessageRow",
    "MetaRow",
    "NoteRow",
    "NoteVectorRow",
    "PairRow",
    "TextVectorRow",
    "PersonRow",
    "SentenceVectorRow",
    "now",
    "pair_tables",
]


APP_SOURCE = "coach"
"""The ``source`` of a note written in Coach itself (not imported from a file)."""


def now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class MetaRow(Base):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class PersonRow(Base):
    __tablename__ = "people"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(SealedText("people.name"))


class PairRow(Base):
    __tablename__ = "pairs"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    manager_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    employee_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    cadence_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    """Bumped whenever the pair's notes change; keys in-process caches."""
    ledger_revision: Mapped[int] = mapped_column(Integer, default=-1)
    """The revision the commitment ledger was last built at; behind ``revision``: rebuild."""


class GoalRow(Base):
    __tablename__ = "goals"
    __table_args__ = (UniqueConstraint("pair_id", "goal_id"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(SealedText("goals.title"))
    description: Mapped[str] = mapped_column(SealedText("goals.description"), default="")
    owner: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    due: Mapped[date | None] = mapped_column(Date, nullable=True)
    created: Mapped[date | None] = mapped_column(Date, nullable=True)
    proposed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    """The manager who proposed the goal, until the employee accepts it (None: the employee's)."""
    entered_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    """Who entered the goal in Coach (None: it came from an import, which alone may prune it)."""


class NoteRow(Base):
    __tablename__ = "notes"
    __table_args__ = (
        UniqueConstraint("pair_id", "note_id"),
        Index("ix_notes_pair_audience", "pair_id", "audience"),
    )
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"))
    note_id: Mapped[str] = mapped_column(String(200))
    date: Mapped[date] = mapped_column(Date)
    author: Mapped[str] = mapped_column(ForeignKey("people.id"))
    visibility: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20))
    audience: Mapped[str] = mapped_column(String(220))
    text: Mapped[str] = mapped_column(SealedText("notes.text"))
    terms: Mapped[str] = mapped_column(SealedText("notes.terms"), default="{}")
    """The text's lexical terms and their counts (JSON), so BM25 builds without re-tokenising."""
    content_hash: Mapped[str] = mapped_column(String(64))
    indexed_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    index_key: Mapped[str] = mapped_column(String(32), unique=True)
    index_attempts: Mapped[int] = mapped_column(Integer, default=0)
    """Times indexing this version of the note failed; at the limit it waits, not searchable."""
    index_error: Mapped[str | None] = mapped_column(String(100), nullable=True)
    """The kind of error that kept it out of the index (a class name: never text)."""
    source: Mapped[str | None] = mapped_column(Fingerprint(keep=(APP_SOURCE,)), nullable=True)
    """Where the note came from: a keyed hash of the file or folder (compared, never shown),
    or :data:`APP_SOURCE`."""
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class IndexTombstone(Base):
    """An index entry whose note is gone from the records but not yet from the index."""

    __tablename__ = "index_tombstones"
    index_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    pair_id: Mapped[str] = mapped_column(String(200))


class NoteVectorRow(Base):
    """The chunk vectors of a note's text, as the retrieval index holds them (derived data).

    Kept so that the index is rebuilt, and a note that changed re-indexed, without embedding
    a chunk twice, and so that a pair's dense search can run without the index (drafts).
    """

    __tablename__ = "note_vectors"
    index_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    """The note text's hash these vectors were made from."""
    space: Mapped[str] = mapped_column(String(100))
    """The embedder and chunking that made them: vectors of another space are never compared."""
    chunk_keys: Mapped[bytes] = mapped_column(LargeBinary)
    """8 bytes per chunk: a keyed hash of the chunk's text (what may be reused)."""
    vectors: Mapped[bytes] = mapped_column(SealedBytes("note_vectors.vectors"))
    """float32 rows, one per chunk, in chunk order."""


class SentenceVectorRow(Base):
    """The vectors of a note's sentences that search's second stage has read (derived data):
    made when a question first brings the note into the best few, kept so that the next
    question does not embed them again. Dropped with the note's vectors, and when the note's
    text changes (its chunk vectors are made again)."""

    __tablename__ = "sentence_vectors"
    index_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    space: Mapped[str] = mapped_column(String(100))
    sentence_keys: Mapped[bytes] = mapped_column(LargeBinary)
    """8 bytes per sentence: a keyed hash of its text (the index's ``text_key``)."""
    vectors: Mapped[bytes] = mapped_column(SealedBytes("sentence_vectors.vectors"))
    """float32 rows, one per key, in the keys' order."""


class TextVectorRow(Base):
    """A vector of a text the ledger compared (a promise, a clause that reports), by a keyed
    hash of the text: made once, reused by every rebuild of the pair's ledgers (derived data;
    those no rebuild used any more are deleted after it)."""

    __tablename__ = "text_vectors"
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), primary_key=True)
    space: Mapped[str] = mapped_column(String(100), primary_key=True)
    text_key: Mapped[bytes] = mapped_column(LargeBinary(8), primary_key=True)
    vector: Mapped[bytes] = mapped_column(SealedBytes("text_vectors.vector"))


class CommitmentRow(Base):
    """One commitment in one member's ledger (built from the notes that member may see)."""

    __tablename__ = "commitments"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    viewer_id: Mapped[str] = mapped_column(String(200))
    commitment_id: Mapped[str] = mapped_column(SealedText("commitments.commitment_id"))
    """Sealed: an id is a hash of the commitment's words, which a guess could confirm."""
    position: Mapped[int] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(SealedText("commitments.data"))
    """The ledger item as JSON: owner, text, source note, due, events with their evidence."""


class CorrectionRow(Base):
    """A member's correction to a commitment; applied over every re-extraction."""

    __tablename__ = "commitment_corrections"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    commitment_id: Mapped[str] = mapped_column(SealedText("commitment_corrections.commitment_id"))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    action: Mapped[str] = mapped_column(String(20))
    value: Mapped[str | None] = mapped_column(Text, nullable=True)


class LLMExtractionRow(Base):
    """What a chat model read in a note (by content hash and model): asked once, reused."""

    __tablename__ = "llm_extractions"
    __table_args__ = (UniqueConstraint("pair_id", "content_hash", "model"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(200))
    data: Mapped[str] = mapped_column(SealedText("llm_extractions.data"))


class ConversationRow(Base):
    """A chat, kept for the one person who had it, in one pair."""

    __tablename__ = "conversations"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(SealedText("conversations.title"), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class MessageRow(Base):
    __tablename__ = "messages"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_pk: Mapped[int] = mapped_column(ForeignKey("conversations.pk", ondelete="CASCADE"), index=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(SealedText("messages.content"))
    sources: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class EventRow(Base):
    """Who did what, when: corrections, imports. Deleted with the pair."""

    __tablename__ = "events"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pair_id: Mapped[str | None] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), nullable=True, index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    actor: Mapped[str | None] = mapped_column(String(200), nullable=True)
    action: Mapped[str] = mapped_column(String(60))
    detail: Mapped[str] = mapped_column(SealedText("events.detail"), default="{}")
    """Ids, counts, scopes and dates, never text; sealed all the same (a commitment's id is a
    hash of its words)."""


def pair_tables():
    """Every table with a pair_id column, children before parents."""
    return [t for t in reversed(Base.metadata.sorted_tables) if "pair_id" in t.c and t.name != "pairs"]
