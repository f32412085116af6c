"""Drafting as a service: the pair's snapshot, then compose, ground, render and (optionally) reword.

Every draft reads one :class:`~assistant.drafting.models.Snapshot` (the pair as one member
sees it on a date) and leaves through :meth:`Drafter._grounded`, the last check that every
source is a note the asker may see. With a chat model, the Markdown a person reads is
reworded (:mod:`assistant.drafting.rephrase`); the items and their sources never are.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import date

from assistant.access import Viewer
from assistant.commitments.ledger import Commitment
from assistant.drafting.agenda import compose_agenda
from assistant.drafting.feedback import compose_feedback
from assistant.drafting.models import Agenda, FeedbackDraft, Plan, Snapshot
from assistant.drafting.plans import compose_plan
from assistant.drafting.render import render
from assistant.errors import InvalidInput
from assistant.models import Note, Visibility
from assistant.retrieval.search import Searcher
from assistant.store.records import Records
from assistant.text.people import People

__all__ = ["Drafter"]

MIN_MINUTES, MAX_MINUTES = 5, 240


class _VisibleNotes:
    """Each viewer's notes, remembered until the pair's notes change (drafts read them often).

    Threads share one Coach in the API: the cache is read and written under a lock.
    """

    def __init__(self, records: Records, size: int = 32):
        self.records = records
        self.size = size
        self._found: dict[tuple, list[Note]] = {}
        self._lock = threading.Lock()

    def __call__(self, viewer: Viewer) -> list[Note]:
        key = (viewer.pair.id, viewer.person.id, self.records.pair_revision(viewer.pair.id))
        with self._lock:
            found = self._found.get(key)
        if found is None:
            found = self.records.notes(viewer)
            with self._lock:
                if len(self._found) > self.size:
                    self._found.clear()
                self._found[key] = found
        return list(found)

    def forget(self, pair_id: str) -> None:
        """Drop what is remembered of the pair's notes (one of them was forgotten)."""
        with self._lock:
            for key in [k for k in self._found if k[0] == pair_id]:
                del self._found[key]


class Drafter:
    """Agenda, feedback and plan for one member of one pair, each from a snapshot."""

    def __init__(
        self,
        records: Records,
        ledger_view: Callable[[Viewer, date, list[Note]], list[Commitment]],
        searcher: Searcher,
        chat_model=None,
        private_notes: bool = False,
        playbook_ids: Callable[[], Iterable[str]] = tuple,
    ):
        self.records = records
        self.ledger_view = ledger_view
        """The commitments as a viewer sees them (a grantee's view leaves out what rests on private notes)."""
        self.searcher = searcher
        self.chat_model = chat_model
        self.private_notes = private_notes
        self.playbook_ids = playbook_ids
        self._notes = _VisibleNotes(records)

    def forget(self, pair_id: str) -> None:
        """Drop what this process remembers of the pair's notes."""
        self._notes.forget(pair_id)

    def snapshot(self, viewer: Viewer, as_of: date) -> Snapshot:
        """The pair as the viewer sees it on ``as_of``: what every draft reads."""
        notes = self._notes(viewer)
        snap = Snapshot(viewer, as_of, notes, self.records.goals(viewer), self.ledger_view(viewer, as_of, notes))
        if not viewer.is_grantee:  # talking points are the members' own, not shared by consent
            snap.talking_points = [p for p in self.records.talking_points(viewer) if p.open]
        return snap

    def feedback(self, snap: Snapshot) -> FeedbackDraft:
        draft = compose_feedback(snap, People.of(snap.viewer.pair))
        self._grounded(draft.suggestions, snap)
        draft.markdown = self._worded(render("feedback.md.j2", draft=draft, snap=snap), draft.suggestions, snap)
        return draft

    def plan(self, snap: Snapshot) -> Plan:
        plan = compose_plan(
            snap, People.of(snap.viewer.pair), self.related(snap), self.searcher.indexer.embedder.encode
        )
        self._grounded(plan.actions, snap)
        plan.markdown = self._worded(render("plan.md.j2", plan=plan, snap=snap), plan.actions, snap)
        return plan

    def agenda(self, snap: Snapshot, minutes: int = 30) -> Agenda:
        if not MIN_MINUTES <= minutes <= MAX_MINUTES:
            raise InvalidInput(f"the meeting must last {MIN_MINUTES} to {MAX_MINUTES} minutes, got {minutes}")
        people = People.of(snap.viewer.pair)
        agenda = compose_agenda(
            snap,
            people,
            compose_feedback(snap, people),
            compose_plan(snap, people, self.related(snap), self.searcher.indexer.embedder.encode),
            minutes,
        )
        self._grounded(agenda.items, snap)
        agenda.markdown = self._worded(render("agenda.md.j2", agenda=agenda, snap=snap), agenda.items, snap)
        return agenda

    def related(self, snap: Snapshot) -> Callable[[str, int], list[Note]]:
        """Shared notes, up to the snapshot's date, that search finds for a text."""

        def related(text: str, k: int) -> list[Note]:
            hits = self.searcher.search(snap.viewer, text, k=min(20, 3 * k), rerank=False)
            return [
                h.note
                for h in hits
                if snap.note(h.note.id)
                and h.note.visibility is Visibility.shared
                and (h.lexical > 0 or h.similarity >= 0.3)
            ][:k]

        return related

    def _worded(self, markdown: str, items, snap: Snapshot) -> str:
        """The composer's Markdown, reworded by the chat model when one is configured."""
        if self.chat_model is None:
            return markdown
        from assistant.drafting.rephrase import rephrase

        sources = [s for item in items for s in item.sources]
        return rephrase(self.chat_model, markdown, sources, snap, self.playbook_ids(), self.private_notes)

    @staticmethod
    def _grounded(items, snap: Snapshot) -> None:
        """The last check before a draft leaves: every source one the asker may see."""
        for item in items:
            item.sources = snap.visible(item.sources)
