"""What the workspace mixins need of :class:`~assistant.coach.Coach`, and what they share."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from assistant.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from assistant import access
    from assistant.accounts import Accounts
    from assistant.commitments.ledger import Commitment, Ledger
    from assistant.models import Note
    from assistant.retrieval.index import PairIndex
    from assistant.retrieval.indexer import Indexer
    from assistant.store.records import Records
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
    _writing: WriteLock
    _notes_cache: dict[tuple, list[Note]]

    if TYPE_CHECKING:

        def viewer(self, pair_id: str, person_id: str) -> access.Viewer: ...

        def commitments(self, pair_id: str, person_id: str, as_of: date) -> list[Commitment]: ...

    def member(self, pair_id: str, person_id: str) -> access.Viewer:
        """The person acting on the pair as one of its two members (NotFound/NotAMember else)."""
        viewer = self.viewer(pair_id, person_id)
        if viewer.role is None:  # someone the employee let read: never a writer
            raise NotFound(f"unknown pair '{pair_id}'")
        return viewer

    def _derive(self) -> None:
        """Bring what is derived from the notes (index, ledgers) level with them: once this
        thread's write is over and the lock let go (``workspace/derive.py``), else now."""
        self._writing.derive_after()
