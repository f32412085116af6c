"""What the workspace mixins need of :class:`~assistant.coach.Coach`, and what they share."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from assistant.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from assistant import access
    from assistant.accounts import Accounts
    from assistant.commitments.ledger import Commitment, Ledger
    from assistant.drafting.service import Drafter
    from assistant.models import Note
    from assistant.retrieval.index import PairIndex
    from assistant.retrieval.indexer import Indexer
    from assistant.retrieval.search import Searcher
    from assistant.store.records import ImportStats, Records
    from assistant.workspace.derive import WriteLock

__all__ = ["WorkspaceBase", "clean_text"]


def clean_text(text: str, what: str, limit: int) -> str:
    """``text`` without surrounding blank space; InvalidInput if empty or over ``limit``."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(f"the {what} is empty")
    if len(text) > limit:
        raise InvalidInput(f"the {what} is longer than {limit} characters")
    return text.strip()


class WorkspaceBase:
    records: Records
    ledger: Ledger
    indexer: Indexer
    index: PairIndex
    accounts: Accounts
    searcher: Searcher
    _writing: WriteLock
    drafting: Drafter

    if TYPE_CHECKING:

        def viewer(self, pair_id: str, person_id: str, scope=None) -> access.Viewer: ...

        def commitments(self, pair_id: str, person_id: str, as_of: date) -> list[Commitment]: ...

    def member(self, pair_id: str, person_id: str) -> access.Viewer:
        """The person acting on the pair as one of its two members (NotFound/NotAMember else)."""
        viewer = self.viewer(pair_id, person_id)
        if viewer.role is None:  # someone the employee let read: never a writer
            raise NotFound(f"unknown pair '{pair_id}'")
        return viewer

    def forget_derived(self, pair_id: str, gone: list[Note], spare: str | None = None) -> None:
        """Forget what was derived from notes that are gone (or, with ``spare``, hidden from
        everyone but ``spare``, their author): kept answers that quoted them are redacted,
        the chat model's readings of them dropped, in-memory caches of the pair emptied."""
        self.records.redact_answers(pair_id, {n.id for n in gone}, spare)
        if spare is None:
            self.records.forget_llm_readings(pair_id, {self.records.note_hash(n) for n in gone})
        self.forget_cached(pair_id)

    def forget_cached(self, pair_id: str) -> None:
        """Empty this process's caches of the pair (note lists, lexical indexes)."""
        self.searcher.evict(pair_id)
        self.drafting.forget(pair_id)

    def _after_import(self, stats: ImportStats) -> None:
        """What an import's prune removed, or its changes replaced, is forgotten everywhere."""
        by_pair: dict[str, list[Note]] = {}
        for note in stats.removed:
            by_pair.setdefault(note.pair_id, []).append(note)
        for pair_id, gone in by_pair.items():
            self.forget_derived(pair_id, gone)
        for pair_id, digests in stats.replaced.items():
            self.records.forget_llm_readings(pair_id, digests)
            self.forget_cached(pair_id)

    def _derive(self) -> None:
        """Bring what is derived from the notes (index, ledgers) level with them: once this
        thread's write is over and the lock let go (``workspace/derive.py``), else now."""
        self._writing.derive_after()
