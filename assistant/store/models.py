"""What the store hands out besides the domain models: import batches and results, index
work, and a pair's conversations and commitment corrections as named records."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from assistant.models import Goal, Note, Pair

__all__ = [
    "Conversation",
    "Correction",
    "ImportStats",
    "Message",
    "PairContent",
    "PendingNote",
    "content_hash",
    "keyed_hash",
]


def content_hash(note: Note, secret: bytes) -> str:
    """Everything the index and the extractors derive from a note, hashed with the store's
    index secret: equal versions match, and someone holding the database but not the key
    cannot confirm a guess of a note's words by hashing it."""
    payload = json.dumps(
        [note.date.isoformat(), note.author, str(note.visibility), str(note.kind), note.text],
        ensure_ascii=False,
    )
    return keyed_hash(secret, hashlib.sha256(payload.encode()).hexdigest())


def keyed_hash(secret: bytes, digest: str) -> str:
    """The stored form of a plain SHA-256 ``digest`` (how stores before schema 8 kept it)."""
    return hmac.new(secret, b"note content\x00" + digest.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class PairContent:
    """One pair's records as an import brings them."""

    pair: Pair
    goals: list[Goal]
    notes: list[Note]
    source: str | None = None
    partial: bool = False
    """True for a folder of notes: the pair block and goals are not part of it."""
    only_author: str | None = None
    """Set for a member's own import (over HTTP): prune considers that member's notes only."""
    keep_names: bool = False
    """Refuse, rather than apply, a name that differs from a person's stored one."""


@dataclass
class ImportStats:
    pairs: list[str]
    notes: int = 0
    goals: int = 0
    notes_added: int = 0
    notes_changed: int = 0
    notes_removed: int = 0
    goals_removed: int = 0
    removed: list[Note] = field(default_factory=list)
    """The notes a prune removed (what was derived from them is forgotten next)."""
    replaced: dict[str, set[str]] = field(default_factory=dict)
    """{pair id: content hashes} of note versions the import replaced."""
    not_searchable: list[tuple[str, str]] = field(default_factory=list)
    """(pair id, note id) of the imported pairs' notes the index could not take (kept in
    the records; ``coach doctor`` lists them)."""

    def to_json(self) -> dict:
        """The import's result as the contract reports it (and a little more)."""
        return {
            "pairs": self.pairs,
            "notes": self.notes,
            "goals": self.goals,
            "added": self.notes_added,
            "changed": self.notes_changed,
            "removed": self.notes_removed,
            "not_searchable": [{"pair": p, "note": n} for p, n in self.not_searchable],
        }


@dataclass(frozen=True)
class PendingNote:
    """A note whose index entries are missing or out of date."""

    pair_id: str
    index_key: str
    audience: str
    text: str
    content_hash: str


class Correction(NamedTuple):
    """A member's correction to a commitment, in the order it was made."""

    action: str
    value: str | None
    actor: str
    at: datetime


class Conversation(NamedTuple):
    """One of a person's kept conversations in a pair."""

    id: str
    title: str
    updated_at: datetime


class Message(NamedTuple):
    """One turn of a kept conversation; ``sources``: the notes an answer cited."""

    role: str
    content: str
    sources: list[str]
