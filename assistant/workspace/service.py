"""The members' workspace, as methods of :class:`~assistant.coach.Coach`: what two people
do in Coach together besides reading drafts (their pairs, their notes, and more in the
modules beside this one).

A mixin, so that ``coach.py`` stays the composition root: every method takes
``(pair_id, person_id, ...)``, goes through ``self.viewer`` (the access rule) first, and
writes under ``self._writing``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from assistant.models import Note, NoteKind
from assistant.workspace.agreements import AgreementsMixin
from assistant.workspace.consent import ConsentMixin
from assistant.workspace.imports import MemberImports
from assistant.workspace.models import PairSummary, Scope
from assistant.workspace.writing import Writing

__all__ = ["Workspace"]


class Workspace(Writing, AgreementsMixin, MemberImports, ConsentMixin):
    def pairs_of(self, person_id: str, today: date | None = None) -> list[PairSummary]:
        """The person's pairs for a home page: the other member, when they last met, and
        what is open both ways (as the person sees it)."""
        today = today or date.today()
        out = []
        for pair in self.records.pairs_of_person(person_id):
            viewer = self.member(pair.id, person_id)
            checkins = [n.date for n in self.records.notes(viewer) if n.kind is NoteKind.checkin and n.date <= today]
            open_items = [c for c in self.commitments(pair.id, person_id, today) if str(c.status) == "open"]
            out.append(
                PairSummary(
                    pair_id=pair.id,
                    role=str(viewer.role),
                    other=viewer.other,
                    last_met=max(checkins, default=None),
                    i_owe=sum(c.owner == person_id for c in open_items),
                    owed_to_me=sum(c.owner not in (person_id, None) for c in open_items),
                )
            )
        for pair_id, scopes in self.records.granted_pairs(person_id, today).items():
            granted = self.records.get_pair(pair_id)
            if granted is not None and granted.role_of(person_id) is None:
                out.append(PairSummary(pair_id=pair_id, role="grantee", other=granted.employee, scopes=sorted(scopes)))
        return out

    def notes(self, pair_id: str, person_id: str, note_ids: Iterable[str] | None = None) -> list[Note]:
        """The pair's notes the person may see (only ``note_ids``, if given), oldest first."""
        return self.records.notes(self.viewer(pair_id, person_id, Scope.shared_notes), note_ids)
