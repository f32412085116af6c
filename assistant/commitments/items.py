"""Reading a line item (an action-item line, a checkbox, a labelled bullet): whose, and what.

A mixin of :class:`~assistant.commitments.reading.Analyzer`, which gives it the pair's people,
the promise forms, and its prose reading (``_commitment_in``) and date reading (``_due``).
"""

from __future__ import annotations

import re
from datetime import date

from assistant.commitments.forms import PromiseForms
from assistant.commitments.labels import OwnerLabel
from assistant.commitments.models import Clause, ClauseKind, Signal, StatedCommitment
from assistant.commitments.phrasing import actionable, recurring, refers_back, with_names, without_status
from assistant.text.people import People, looks_like_a_person

__all__ = ["LineItems"]

_TRAILING_QUESTION = re.compile(r"(?<=[.!])\s+[^.!?]{1,60}\?\s*$")
_SAID = re.compile(r"\b(?:said|says|promised|offered|agreed)\b", re.IGNORECASE)
_NOT_OURS = object()
"""An item that belongs to someone outside the pair."""


class LineItems:
    """The line-item half of the analyzer."""

    forms: PromiseForms
    people: People

    def _commitment_in(self, text: str, clause: Clause, last_named: str | None) -> StatedCommitment | None:
        raise NotImplementedError  # the analyzer's prose reading

    def _due(self, action: str, clause: Clause) -> tuple[str, date | None, str | None]:
        raise NotImplementedError  # the analyzer's date reading

    def _item(self, clause: Clause, last_named: str | None, label: OwnerLabel | None = None) -> None:
        if self.forms.anyone.match(clause.text):
            label = None  # "Someone to check with legal": the pair's, whatever a label says
        owned = self._item_owner(clause, label)
        if owned is _NOT_OURS:
            return  # someone outside the pair (or their team): not the pair's commitment
        owner, action = owned
        if clause.kind is ClauseKind.CHECKBOX_DONE or (label is not None and label.done):
            clause.signal, clause.actor = Signal.DONE, owner
            return
        if clause.kind in (ClauseKind.CHECKBOX_OPEN, ClauseKind.ACTION_ITEM):
            self._open_item(clause, last_named, owner, action)

    def _open_item(self, clause: Clause, last_named: str | None, owner: str | None, action: str) -> None:
        # "all-hands slot: @Renata said she'd ask Comms for a slot. Did she?": the item states
        # something, then asks whether it happened; the statement is what the item says
        action = _TRAILING_QUESTION.sub("", action) if owner is None else action
        prose = self._commitment_in(action, clause, last_named)
        if prose is not None and prose.owner is not None and owner is None:
            if _SAID.search(action):  # "@Renata said she'd ask Comms": what she said she'd do
                clause.stated, clause.actor = prose, prose.owner
                return
            owner = prose.owner
        action = PromiseForms.modal_start.sub("", action)  # "RO: will ask GH whether ...": ask GH whether ...
        text, due, phrase = self._due(without_status(action), clause)
        if not actionable(text) or (owner is None and text.rstrip().endswith("?")):
            return  # "[ ] can I shadow Ruth in the ops review?": a question to raise, not a promise
        text = with_names(self.people, text, owner, clause)  # "@Hana send me the plan": send Joel the plan
        clause.stated = StatedCommitment(owner, text, due, phrase, bool(recurring(action)), refers_back(text))
        clause.actor = owner

    def _item_owner(self, clause: Clause, label: OwnerLabel | None):
        """(owner, action) the item names, or ``_NOT_OURS``."""
        body = clause.text
        forms = self.forms
        if m := forms.anyone.match(body):
            return None, m["action"]  # "Someone to check with legal": the pair's, unassigned
        if label is not None:
            return _NOT_OURS if label.outsider else (label.owner, label.rest)
        if (m := forms.mention_owner.match(body)) and self.people.lookup(m["subj"]):
            return self.people.lookup(m["subj"]), m["action"]
        if m := forms.item_owner.match(body):
            subj = m["subj"]
            owner = clause.author if subj.lower() in ("i", "me") else self.people.lookup(subj)
            return owner, m["action"].strip().rstrip(")")
        if m := forms.item_owner_after.match(body):
            return self.people.lookup(m["subj"] or m["subj2"]), m["action"]
        m = forms.capitalised_owner.match(body) or forms.group_owner.match(body)
        if m and not self.people.lookup(m["who"]) and looks_like_a_person(m["who"]):
            return _NOT_OURS
        return None, body
