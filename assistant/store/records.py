"""The system of record (SQL): one facade, :class:`Records`, over the store's sections.

Each section is a small class in its own module, all over one :class:`Database` (engine and
sessions): pairs and people (``pairs``), note reads through a viewer (``notes``), imports
and deletions (``writes``), notes and goals written in Coach (``authoring``), talking
points and entered commitments (``agreements``), grants and the audit trail (``consent``),
ledger storage (``ledgers``), the chat model's readings (``llm_cache``), kept conversations
(``conversations``), index bookkeeping (``index_state``), the index's chunk vectors
(``vectors``) and events (``events``). The tables are in ``tables`` (and ``account_tables``,
``workspace_tables``), the schema's versions in ``migrations``.

Reads of notes take a :class:`~assistant.access.Viewer` and filter on the audiences it
grants; the few methods that read every note of a pair (``*_for_indexing``,
``notes_of_member``) exist for derived data and never feed an answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.store import account_tables, workspace_tables  # noqa: F401  (their tables are part of Base)
from assistant.store.agreements import Agreements
from assistant.store.authoring import Authoring
from assistant.store.consent import ConsentStore
from assistant.store.conversations import Conversations
from assistant.store.crypto import KeySource
from assistant.store.events import Events
from assistant.store.index_state import IndexState
from assistant.store.ledgers import LedgerStore
from assistant.store.llm_cache import LLMCache
from assistant.store.models import (
    Conversation,
    Correction,
    ImportStats,
    Message,
    PairContent,
    PendingNote,
    content_hash,
)
from assistant.store.notes import NoteReads
from assistant.store.pairs import Pairs
from assistant.store.tables import Base
from assistant.store.vectors import VectorStore
from assistant.store.writes import Writes

if TYPE_CHECKING:
    from assistant.settings import Settings

__all__ = [
    "Base",
    "Conversation",
    "Correction",
    "ImportStats",
    "Message",
    "PairContent",
    "PendingNote",
    "Records",
    "content_hash",
]


class Records(
    Pairs,
    NoteReads,
    Writes,
    Authoring,
    Agreements,
    ConsentStore,
    LedgerStore,
    LLMCache,
    Conversations,
    IndexState,
    VectorStore,
    Events,
):
    """Repository over the SQL store. Thread-safe: each call uses its own session."""

    @classmethod
    def open(cls, settings: Settings) -> Records:
        """The store the settings name, with its keys and limits (not yet upgraded:
        :func:`~assistant.store.migrations.upgrade`)."""
        document = settings.key.get_secret_value() if settings.key is not None else None
        return cls.connect(settings.sqlalchemy_url, KeySource(settings.key_path, document), settings.limits)
