"""The system of record (SQL): people, pairs, goals, notes, index bookkeeping and events.

SQLite under the home by default (WAL, foreign keys on, secure_delete on), PostgreSQL when
``COACH_DATABASE_URL`` says so. The schema is versioned (``meta.schema_version``) and
upgraded on start by :mod:`assistant.store.migrations`.

Reads of notes take a :class:`~assistant.access.Viewer` and filter on the audiences it
grants; the few methods that read every note of a pair (``*_for_indexing``) exist for
index maintenance and never feed an answer.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import NamedTuple

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from assistant.access import SHARED, Viewer, audience_of, audiences
from assistant.errors import InvalidInput
from assistant.models import Goal, GoalStatus, Note, NoteKind, Pair, Person, Visibility
from assistant.retrieval.lexical import terms

__all__ = [
    "Base",
    "ConversationInfo",
    "ImportStats",
    "Message",
    "PairContent",
    "PendingNote",
    "Records",
    "content_hash",
]


def _now() -> datetime:
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
    name: Mapped[str] = mapped_column(String(400))


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
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    due: Mapped[date | None] = mapped_column(Date, nullable=True)
    created: Mapped[date | None] = mapped_column(Date, nullable=True)


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
    text: Mapped[str] = mapped_column(Text)
    terms: Mapped[str] = mapped_column(Text, default="{}")
    """The text's lexical terms and their counts (JSON), so BM25 builds without re-tokenising."""
    content_hash: Mapped[str] = mapped_column(String(64))
    indexed_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    index_key: Mapped[str] = mapped_column(String(32), unique=True)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class IndexTombstone(Base):
    """An index entry whose note is gone from the records but not yet from the index."""

    __tablename__ = "index_tombstones"
    index_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    pair_id: Mapped[str] = mapped_column(String(200))


class CommitmentRow(Base):
    """One commitment in one member's ledger (built from the notes that member may see)."""

    __tablename__ = "commitments"
    __table_args__ = (UniqueConstraint("pair_id", "viewer_id", "commitment_id"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    viewer_id: Mapped[str] = mapped_column(String(200))
    commitment_id: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)
    """The ledger item as JSON: owner, text, source note, due, events with their evidence."""


class CorrectionRow(Base):
    """A member's correction to a commitment; applied over every re-extraction."""

    __tablename__ = "commitment_corrections"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    commitment_id: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
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
    data: Mapped[str] = mapped_column(Text)


class ConversationRow(Base):
    """A chat, kept for the one person who had it, in one pair."""

    __tablename__ = "conversations"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class MessageRow(Base):
    __tablename__ = "messages"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_pk: Mapped[int] = mapped_column(ForeignKey("conversations.pk", ondelete="CASCADE"), index=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text)
    sources: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class EventRow(Base):
    """Who did what, when: corrections, imports. Deleted with the pair."""

    __tablename__ = "events"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pair_id: Mapped[str | None] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), nullable=True, index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    actor: Mapped[str | None] = mapped_column(String(200), nullable=True)
    action: Mapped[str] = mapped_column(String(60))
    detail: Mapped[str] = mapped_column(Text, default="{}")


def content_hash(note: Note) -> str:
    """Everything the index and the extractors derive from a note, hashed."""
    payload = json.dumps(
        [note.date.isoformat(), note.author, str(note.visibility), str(note.kind), note.text],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _term_counts(text: str) -> str:
    return json.dumps(Counter(terms(text)), separators=(",", ":"))


def _note(row: NoteRow) -> Note:
    return Note(
        id=row.note_id,
        pair_id=row.pair_id,
        date=row.date,
        author=row.author,
        visibility=Visibility(row.visibility),
        kind=NoteKind(row.kind),
        text=row.text,
    )


def _goal(row: GoalRow) -> Goal:
    return Goal(
        id=row.goal_id,
        pair_id=row.pair_id,
        title=row.title,
        description=row.description,
        owner=row.owner,
        status=GoalStatus(row.status),
        due=row.due,
        created=row.created,
    )


@dataclass(frozen=True)
class PairContent:
    """One pair's records as an import brings them."""

    pair: Pair
    goals: list[Goal]
    notes: list[Note]
    source: str | None = None
    partial: bool = False
    """True for a folder of notes: the pair block and goals are not part of it."""


@dataclass
class ImportStats:
    pairs: list[str]
    notes: int = 0
    goals: int = 0
    notes_added: int = 0
    notes_changed: int = 0
    notes_removed: int = 0
    goals_removed: int = 0

    def to_json(self) -> dict:
        """The import's result as the contract reports it (and a little more)."""
        return {
            "pairs": self.pairs,
            "notes": self.notes,
            "goals": self.goals,
            "added": self.notes_added,
            "changed": self.notes_changed,
            "removed": self.notes_removed,
        }


@dataclass(frozen=True)
class PendingNote:
    """A note whose index entries are missing or out of date."""

    pair_id: str
    index_key: str
    audience: str
    text: str
    content_hash: str


class ConversationInfo(NamedTuple):
    """One of a person's conversations in a pair."""

    id: str
    title: str
    updated_at: datetime


class Message(NamedTuple):
    """One turn of a conversation: who spoke, what was said, the notes it used."""

    role: str
    content: str
    sources: list[str]


class Records:
    """Repository over the SQL store. Thread-safe: each call uses its own session."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def connect(cls, url: str) -> Records:
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

    # -- pairs and people ---------------------------------------------------------------

    def get_pair(self, pair_id: str) -> Pair | None:
        with self.session() as s:
            row = s.get(PairRow, pair_id)
            if row is None:
                return None
            manager, employee = s.get(PersonRow, row.manager_id), s.get(PersonRow, row.employee_id)
            assert manager is not None and employee is not None
            return Pair(
                id=row.id,
                manager=Person(id=manager.id, name=manager.name),
                employee=Person(id=employee.id, name=employee.name),
                cadence_days=row.cadence_days,
            )

    def person_exists(self, person_id: str) -> bool:
        with self.session() as s:
            return s.get(PersonRow, person_id) is not None

    def pair_ids(self) -> list[str]:
        with self.session() as s:
            return list(s.scalars(select(PairRow.id).order_by(PairRow.id)))

    def pair_revision(self, pair_id: str) -> int:
        with self.session() as s:
            return s.scalar(select(PairRow.revision).where(PairRow.id == pair_id)) or 0

    # -- reads through a viewer ---------------------------------------------------------

    def notes(self, viewer: Viewer, note_ids: Iterable[str] | None = None) -> list[Note]:
        """The pair's notes the viewer may see, oldest first."""
        query = self._visible(viewer).order_by(NoteRow.date, NoteRow.pk)
        if note_ids is not None:
            query = query.where(NoteRow.note_id.in_(list(note_ids)))
        with self.session() as s:
            return [_note(row) for row in s.scalars(query)]

    def notes_by_index_key(self, viewer: Viewer, keys: Iterable[str]) -> dict[str, Note]:
        query = self._visible(viewer).where(NoteRow.index_key.in_(list(keys)))
        with self.session() as s:
            return {row.index_key: _note(row) for row in s.scalars(query)}

    def visible_terms(self, viewer: Viewer) -> list[tuple[str, dict[str, int]]]:
        """(index_key, term counts) of every note the viewer may see: the lexical corpus."""
        query = select(NoteRow.index_key, NoteRow.terms).where(
            NoteRow.pair_id == viewer.pair.id, NoteRow.audience.in_(audiences(viewer))
        )
        with self.session() as s:
            return [(k, json.loads(t)) for k, t in s.execute(query)]

    def goals(self, viewer: Viewer) -> list[Goal]:
        query = select(GoalRow).where(GoalRow.pair_id == viewer.pair.id).order_by(GoalRow.pk)
        with self.session() as s:
            return [_goal(row) for row in s.scalars(query)]

    @staticmethod
    def _visible(viewer: Viewer):
        return select(NoteRow).where(NoteRow.pair_id == viewer.pair.id, NoteRow.audience.in_(audiences(viewer)))

    # -- writes -------------------------------------------------------------------------

    def import_pairs(self, contents: list[PairContent], prune: bool = False) -> ImportStats:
        """Write every pair in one transaction: all of it lands, or none of it."""
        stats = ImportStats(pairs=[])
        with self.session() as s:
            for content in contents:
                self._import_pair(s, content, prune, stats)
        return stats

    def _import_pair(self, s: Session, c: PairContent, prune: bool, stats: ImportStats) -> None:
        pair = c.pair
        if not c.partial:
            for person in pair.members:
                s.merge(PersonRow(id=person.id, name=person.name))
            row = s.get(PairRow, pair.id)
            if row is None:
                s.add(
                    PairRow(
                        id=pair.id,
                        manager_id=pair.manager.id,
                        employee_id=pair.employee.id,
                        cadence_days=pair.cadence_days,
                        revision=0,
                    )
                )
            else:
                if (row.manager_id, row.employee_id) != (pair.manager.id, pair.employee.id):
                    raise InvalidInput(
                        f"{c.source}: pair '{pair.id}' already exists with other members; "
                        "a pair's members never change (forget it first, or use a new pair id)"
                    )
                if pair.cadence_days is not None:
                    row.cadence_days = pair.cadence_days
            s.flush()
        stats.pairs.append(pair.id)
        changed = self._import_goals(s, c, prune, stats)
        changed |= self._import_notes(s, c, prune, stats)
        if changed:
            s.execute(update(PairRow).where(PairRow.id == pair.id).values(revision=PairRow.revision + 1))

    def _import_goals(self, s: Session, c: PairContent, prune: bool, stats: ImportStats) -> bool:
        existing = {g.goal_id: g for g in s.scalars(select(GoalRow).where(GoalRow.pair_id == c.pair.id))}
        changed = False
        for goal in c.goals:
            values = dict(
                title=goal.title,
                description=goal.description,
                owner=goal.owner,
                status=str(goal.status),
                due=goal.due,
                created=goal.created,
            )
            row = existing.pop(goal.id, None)
            if row is None:
                s.add(GoalRow(pair_id=c.pair.id, goal_id=goal.id, **values))
                changed = True
            elif any(getattr(row, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(row, k, v)
                changed = True
        stats.goals += len(c.goals)
        if prune and not c.partial:
            for row in existing.values():
                s.delete(row)
                stats.goals_removed += 1
                changed = True
        return changed

    def _import_notes(self, s: Session, c: PairContent, prune: bool, stats: ImportStats) -> bool:
        query = select(NoteRow).where(NoteRow.pair_id == c.pair.id)
        if c.partial and c.source:
            query = query.where(NoteRow.source == c.source)
        existing = {n.note_id: n for n in s.scalars(query)}
        changed = False
        for note in c.notes:
            digest = content_hash(note)
            row = existing.pop(note.id, None)
            if row is None:
                row = s.scalar(select(NoteRow).where(NoteRow.pair_id == c.pair.id, NoteRow.note_id == note.id))
            if row is None:
                s.add(
                    NoteRow(
                        pair_id=c.pair.id,
                        note_id=note.id,
                        date=note.date,
                        author=note.author,
                        visibility=str(note.visibility),
                        kind=str(note.kind),
                        audience=audience_of(note.visibility, note.author),
                        text=note.text,
                        terms=_term_counts(note.text),
                        content_hash=digest,
                        indexed_hash=None,
                        index_key=secrets.token_hex(12),
                        source=c.source,
                    )
                )
                stats.notes_added += 1
                changed = True
            elif row.content_hash != digest:
                row.date, row.author, row.text = note.date, note.author, note.text
                row.terms = _term_counts(note.text)
                row.visibility, row.kind = str(note.visibility), str(note.kind)
                row.audience = audience_of(note.visibility, note.author)
                row.content_hash, row.source, row.updated_at = digest, c.source, _now()
                stats.notes_changed += 1
                changed = True
        stats.notes += len(c.notes)
        if prune:
            for row in existing.values():
                self._delete_note_row(s, row)
                stats.notes_removed += 1
                changed = True
        return changed

    def _delete_note_row(self, s: Session, row: NoteRow) -> None:
        s.merge(IndexTombstone(index_key=row.index_key, pair_id=row.pair_id))
        s.delete(row)

    def delete_note(self, viewer: Viewer, note_id: str) -> bool:
        """Delete one note the viewer may see; False when there is none."""
        with self.session() as s:
            row = s.scalar(self._visible(viewer).where(NoteRow.note_id == note_id))
            if row is None:
                return False
            self._delete_note_row(s, row)
            s.execute(update(PairRow).where(PairRow.id == viewer.pair.id).values(revision=PairRow.revision + 1))
            return True

    def delete_pair(self, pair_id: str) -> None:
        """Delete the pair, everything of it, and people who belong to no other pair."""
        with self.session() as s:
            row = s.get(PairRow, pair_id)
            if row is None:
                return
            people = {row.manager_id, row.employee_id}
            s.execute(delete(IndexTombstone).where(IndexTombstone.pair_id == pair_id))
            for table in _pair_tables():
                s.execute(delete(table).where(table.c.pair_id == pair_id))
            s.delete(row)
            s.flush()
            for person_id in people:
                still = s.scalar(
                    select(func.count())
                    .select_from(PairRow)
                    .where((PairRow.manager_id == person_id) | (PairRow.employee_id == person_id))
                )
                if not still:
                    s.execute(delete(PersonRow).where(PersonRow.id == person_id))

    def record_event(self, pair_id: str | None, actor: str | None, action: str, **detail) -> None:
        with self.session() as s:
            s.add(
                EventRow(
                    pair_id=pair_id,
                    actor=actor,
                    action=action,
                    detail=json.dumps(detail, default=str),
                )
            )

    # -- the commitment ledger -------------------------------------------------------------

    def notes_of_member(self, pair_id: str, person_id: str) -> list[Note]:
        """The notes one member may see, for building that member's ledger."""
        query = (
            select(NoteRow)
            .where(NoteRow.pair_id == pair_id, NoteRow.audience.in_((SHARED, f"private:{person_id}")))
            .order_by(NoteRow.date, NoteRow.pk)
        )
        with self.session() as s:
            return [_note(row) for row in s.scalars(query)]

    def stale_ledgers(self) -> list[str]:
        with self.session() as s:
            return list(s.scalars(select(PairRow.id).where(PairRow.ledger_revision != PairRow.revision)))

    def save_ledger(self, pair_id: str, revision: int, ledgers: dict[str, list[tuple[str, str]]]) -> None:
        """Replace the pair's ledgers ({viewer: [(commitment id, JSON)]}) built at ``revision``."""
        with self.session() as s:
            s.execute(delete(CommitmentRow).where(CommitmentRow.pair_id == pair_id))
            for viewer_id, rows in ledgers.items():
                for position, (commitment_id, data) in enumerate(rows):
                    s.add(
                        CommitmentRow(
                            pair_id=pair_id,
                            viewer_id=viewer_id,
                            commitment_id=commitment_id,
                            position=position,
                            data=data,
                        )
                    )
            s.execute(update(PairRow).where(PairRow.id == pair_id).values(ledger_revision=revision))

    def ledger(self, viewer: Viewer) -> list[str]:
        """The viewer's own ledger, as stored (JSON per commitment)."""
        query = (
            select(CommitmentRow.data)
            .where(CommitmentRow.pair_id == viewer.pair.id, CommitmentRow.viewer_id == viewer.person.id)
            .order_by(CommitmentRow.position)
        )
        with self.session() as s:
            return list(s.scalars(query))

    def add_correction(self, viewer: Viewer, commitment_id: str, action: str, value: str | None) -> None:
        with self.session() as s:
            s.add(
                CorrectionRow(
                    pair_id=viewer.pair.id,
                    commitment_id=commitment_id,
                    actor=viewer.person.id,
                    action=action,
                    value=value,
                )
            )

    def corrections(self, viewer: Viewer) -> dict[str, list[tuple[str, str | None, str, datetime]]]:
        """{commitment id: [(action, value, actor, at)]} in the order they were made."""
        query = select(CorrectionRow).where(CorrectionRow.pair_id == viewer.pair.id).order_by(CorrectionRow.pk)
        out: dict[str, list[tuple[str, str | None, str, datetime]]] = {}
        with self.session() as s:
            for row in s.scalars(query):
                out.setdefault(row.commitment_id, []).append((row.action, row.value, row.actor, row.at))
        return out

    def llm_extraction(self, pair_id: str, digest: str, model: str) -> str | None:
        query = select(LLMExtractionRow.data).where(
            LLMExtractionRow.pair_id == pair_id,
            LLMExtractionRow.content_hash == digest,
            LLMExtractionRow.model == model,
        )
        with self.session() as s:
            return s.scalar(query)

    def save_llm_extraction(self, pair_id: str, digest: str, model: str, data: str) -> None:
        with self.session() as s:
            s.add(LLMExtractionRow(pair_id=pair_id, content_hash=digest, model=model, data=data))

    # -- conversations (each visible to its one person) --------------------------------------

    def new_conversation(self, viewer: Viewer, title: str) -> str:
        public_id = "conv-" + secrets.token_hex(6)
        with self.session() as s:
            s.add(
                ConversationRow(
                    public_id=public_id, pair_id=viewer.pair.id, person_id=viewer.person.id, title=title[:200]
                )
            )
        return public_id

    def _conversation(self, s: Session, viewer: Viewer, public_id: str) -> ConversationRow | None:
        return s.scalar(
            select(ConversationRow).where(
                ConversationRow.public_id == public_id,
                ConversationRow.pair_id == viewer.pair.id,
                ConversationRow.person_id == viewer.person.id,
            )
        )

    def conversations(self, viewer: Viewer) -> list[ConversationInfo]:
        """The viewer's own conversations in this pair, newest activity first."""
        query = (
            select(ConversationRow)
            .where(ConversationRow.pair_id == viewer.pair.id, ConversationRow.person_id == viewer.person.id)
            .order_by(ConversationRow.updated_at.desc(), ConversationRow.pk.desc())
        )
        with self.session() as s:
            return [ConversationInfo(c.public_id, c.title, c.updated_at) for c in s.scalars(query)]

    def messages(self, viewer: Viewer, public_id: str) -> list[Message] | None:
        """One of the viewer's conversations, oldest first; None if not theirs."""
        with self.session() as s:
            conv = self._conversation(s, viewer, public_id)
            if conv is None:
                return None
            rows = s.scalars(select(MessageRow).where(MessageRow.conversation_pk == conv.pk).order_by(MessageRow.pk))
            return [Message(m.role, m.content, json.loads(m.sources)) for m in rows]

    def add_message(self, viewer: Viewer, public_id: str, role: str, content: str, sources: list[str]) -> bool:
        with self.session() as s:
            conv = self._conversation(s, viewer, public_id)
            if conv is None:
                return False
            s.add(
                MessageRow(
                    conversation_pk=conv.pk,
                    pair_id=viewer.pair.id,
                    role=role,
                    content=content,
                    sources=json.dumps(sources),
                )
            )
            conv.updated_at = _now()
            return True

    def delete_conversation(self, viewer: Viewer, public_id: str) -> bool:
        with self.session() as s:
            conv = self._conversation(s, viewer, public_id)
            if conv is None:
                return False
            s.execute(delete(MessageRow).where(MessageRow.conversation_pk == conv.pk))
            s.delete(conv)
            return True

    # -- index bookkeeping (internal: never feeds an answer) ----------------------------

    def pending_for_indexing(self, pair_id: str | None = None) -> list[PendingNote]:
        query = select(NoteRow).where((NoteRow.indexed_hash.is_(None)) | (NoteRow.indexed_hash != NoteRow.content_hash))
        if pair_id is not None:
            query = query.where(NoteRow.pair_id == pair_id)
        with self.session() as s:
            return [
                PendingNote(r.pair_id, r.index_key, r.audience, r.text, r.content_hash)
                for r in s.scalars(query.order_by(NoteRow.pair_id, NoteRow.pk))
            ]

    def count_pending(self) -> int:
        with self.session() as s:
            notes = s.scalar(
                select(func.count())
                .select_from(NoteRow)
                .where((NoteRow.indexed_hash.is_(None)) | (NoteRow.indexed_hash != NoteRow.content_hash))
            )
            tombs = s.scalar(select(func.count()).select_from(IndexTombstone))
            return (notes or 0) + (tombs or 0)

    def mark_indexed(self, done: Iterable[PendingNote]) -> None:
        with self.session() as s:
            for p in done:
                s.execute(
                    update(NoteRow)
                    .where(NoteRow.index_key == p.index_key, NoteRow.content_hash == p.content_hash)
                    .values(indexed_hash=p.content_hash)
                )

    def mark_all_unindexed(self, pair_id: str | None = None) -> None:
        with self.session() as s:
            query = update(NoteRow).values(indexed_hash=None)
            if pair_id is not None:
                query = query.where(NoteRow.pair_id == pair_id)
            s.execute(query)

    def tombstones(self) -> list[tuple[str, str]]:
        with self.session() as s:
            return [(t.pair_id, t.index_key) for t in s.scalars(select(IndexTombstone))]

    def clear_tombstones(self, keys: Iterable[str]) -> None:
        with self.session() as s:
            s.execute(delete(IndexTombstone).where(IndexTombstone.index_key.in_(list(keys))))

    # -- disk hygiene --------------------------------------------------------------------

    def compact(self) -> None:
        """Rewrite the store so deleted rows leave no bytes behind (SQLite: VACUUM)."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM"))
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def _pair_tables():
    """Every table with a pair_id column, children before parents."""
    return [t for t in reversed(Base.metadata.sorted_tables) if "pair_id" in t.c and t.name != "pairs"]


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
