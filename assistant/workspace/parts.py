"""The parts of :class:`~assistant.coach.Coach` that most commands never use, made on first use.

A cold command is mostly start-up (issue 15): a search loads neither the commitment ledger's
modules (its readers compile some 300 patterns) nor the drafts' (their templates, jinja2),
a tenth of a cold search here (benchmarks/README.md, round 8). The composition root still
decides what each part is made of; it is made the first time it is asked for, once, under
a lock (the API's threads share one Coach).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.workspace.base import WorkspaceBase

if TYPE_CHECKING:
    import threading
    from datetime import date

    from assistant.access import Viewer
    from assistant.commitments.ledger import Commitment, Ledger
    from assistant.drafting.service import Drafter
    from assistant.models import Note
    from assistant.retrieval.playbook import Playbook
    from assistant.retrieval.search import Searcher
    from assistant.retrieval.text_vectors import TextVectors
    from assistant.settings import Settings

__all__ = ["MadeOnFirstUse"]


class MadeOnFirstUse(WorkspaceBase):
    """``ledger`` and ``drafting``: made on first use from what the composition root made."""

    _ledger: Ledger | None
    _drafting: Drafter | None
    _parts_lock: threading.RLock
    settings: Settings
    chat_model: object
    text_vectors: TextVectors
    _draft_searcher: Searcher

    if TYPE_CHECKING:

        @property
        def playbook(self) -> Playbook: ...

        def ledger_view(self, viewer: Viewer, as_of: date, notes: list[Note] | None = None) -> list[Commitment]: ...

    @property
    def ledger(self) -> Ledger:  # type: ignore[override]
        """The commitment ledger; with a chat model, it reads close calls with it too."""
        with self._parts_lock:
            if self._ledger is None:
                from assistant.commitments.ledger import Ledger

                settings, model, extra = self.settings, self.chat_model, None
                if model is not None:
                    from assistant.commitments.llm_reading import LLMExtractor

                    name = settings.llm if settings.llm not in ("", "none") else type(model).__name__
                    extra = LLMExtractor(model, name, self.records, settings.llm_private_notes)
                self._ledger = Ledger(self.records, self.text_vectors.encode, settings.stale_checkins, extra)
            return self._ledger

    @property
    def drafting(self) -> Drafter:  # type: ignore[override]
        """The drafts (agenda, feedback, plan); they search the stored vectors."""
        with self._parts_lock:
            if self._drafting is None:
                from assistant.drafting.service import Drafter

                self._drafting = Drafter(
                    self.records,
                    self.ledger_view,
                    self._draft_searcher,
                    self.chat_model,
                    self.settings.llm_private_notes,
                    lambda: self.playbook.docs.keys(),
                )
            return self._drafting
