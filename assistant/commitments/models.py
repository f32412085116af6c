"""A commitment through its life, and what a note's clauses say about one.

- :class:`StatedCommitment`: a commitment as one clause of a note states it (who, what, by when);
- :class:`TrackedCommitment`: the ledger's entry for it, with every later :class:`Event`
  (restated, reported done, not yet, moved) and the note each rests on; stored per member;
- :class:`~assistant.commitments.ledger.Commitment`: the entry as one member sees it on a
  date, with its :class:`CommitmentStatus`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

__all__ = [
    "Clause",
    "ClauseKind",
    "CommitmentStatus",
    "Event",
    "EventKind",
    "Signal",
    "StatedCommitment",
    "Status",
    "TrackedCommitment",
]


OUTSIDER = "\x00outsider"
"""The speaker of a transcript line who is not one of the pair."""


class CommitmentStatus(StrEnum):
    """Where a commitment stands: ``dropped`` is one the pair let go (cancelled, no longer
    needed, or handed to someone outside the pair)."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class ClauseKind(StrEnum):
    """How a clause stands in its note: a prose sentence, a bullet, a checkbox (ticked or
    not), a line of an action-item list, or a commitment a chat model found."""

    PROSE = "prose"
    BULLET = "bullet"
    CHECKBOX_OPEN = "checkbox_open"
    CHECKBOX_DONE = "checkbox_done"
    ACTION_ITEM = "action_item"
    LLM = "llm"

    @property
    def is_item(self) -> bool:
        """A line item (checkbox or action item), read by its owner label rather than as prose."""
        return self in (ClauseKind.CHECKBOX_OPEN, ClauseKind.CHECKBOX_DONE, ClauseKind.ACTION_ITEM)


class Signal(StrEnum):
    """What a clause reports about an earlier commitment."""

    DONE = "done"
    OPEN = "open"
    """Not done yet (said so, or asked about)."""
    MOVED = "moved"
    DROPPED = "dropped"


class EventKind(StrEnum):
    MADE = "made"
    RESTATED = "restated"
    MENTIONED = "mentioned"
    OPEN = "open"
    MOVED = "moved"
    DONE = "done"
    DROPPED = "dropped"


@dataclass
class StatedCommitment:
    """A commitment as one clause states it."""

    owner: str | None
    text: str
    due: date | None = None
    due_phrase: str | None = None
    recurring: bool = False
    refers_back: bool = False
    """The action is only a pronoun ("do it", "confirm it"): it restates an earlier one."""
    context: str = ""
    """What "it", "them" or "(1) and (2)" in the action point to: the clauses before it."""
    confidence: float = 1.0
    """How sure the reading is (the promise model's probability for prose; 1 for list items)."""


@dataclass
class Clause:
    note_id: str
    note_date: date
    author: str
    position: int
    text: str
    kind: ClauseKind
    line: int = 0
    stated: StatedCommitment | None = None
    signal: Signal | None = None
    moved_to: date | None = None
    dated: date | None = None
    """A date ahead that the clause gives without a promise of its own: the new due date of
    what it reports on ("still open. by end of Aug, promise"), or, when it is no more than a
    date ("This week.", "Taxonomy by Aug 28", "monday latest"), of what was just talked about."""
    fragment: bool = False
    """The clause is little more than its date: it adds a date to the commitment before it."""
    deadline: bool = False
    """``dated`` is given as a deadline ("by 3/27", "until Friday"), not as when something happens."""
    negated: bool = False
    """Not done, and said so ("hasn't happened", "isn't done yet", "not yet"), or asked about."""
    partial: str | None = None
    """What was done if only a first pass was ("draft" in "first draft done")."""
    refers_back: bool = False
    actor: str | None = None
    """The member a done/open report is about, when the line names one ("[x] Dana: ...")."""
    names: list[str] = field(default_factory=list)
    outsiders_before: list[str] = field(default_factory=list)
    """Who outside the pair was named earlier on the clause's line."""
    author_third: bool = False
    """The note speaks of its author by name and never as "I" (a meeting bot's summary: "Lena
    said ... that she would send written feedback"): a "she" may be the author."""
    speaker: str | None = None
    """The member a line is in the voice of ("Diego: I'll send the plan"): who "I" is there."""
    mark: str | None = None
    """A status marker on the line (:class:`~assistant.commitments.structure.Mark`): ✅, ❌, ⏳, ~~struck~~."""
    in_actions: bool = False
    """The clause stands in an action-items section."""
    topic: str = ""
    """The label the line opens with ("Alerting audit: ... Write-up done"): what every clause
    of the line is about, whatever words the clause itself uses."""

    @property
    def voice(self) -> str:
        """Who "I" is in this clause: the line's speaker, else the note's author."""
        return self.speaker or self.author

    @property
    def outsider_speaking(self) -> bool:
        """The line is someone else's turn in a transcript or a chat: not the pair's voice."""
        return self.speaker == OUTSIDER


@dataclass
class Event:
    kind: EventKind
    note_id: str
    date: date
    due: dt.date | None = None
    evidence: str = ""


@dataclass
class TrackedCommitment:
    """A commitment in one member's ledger: made in one note, followed up in later ones."""

    id: str
    owner: str | None
    text: str
    source_note_id: str
    made_on: date
    due: date | None
    recurring: bool
    order: int
    """The position of the note it was made in, among the member's notes in date order."""
    events: list[Event] = field(default_factory=list)
    verb: str = ""
    context_terms: list[str] = field(default_factory=list)
    closed: bool = False
    """Reported done or dropped: later reports are not about it."""
    confidence: float = 1.0
    """How sure the reading that made it is (the most sure, when restated)."""
    source: str = ""
    """The line it was made on, with what its "it" or "her" points to ("Nadia will ask her"
    after "Kemi could deputise"): what a later report of it is compared with, as well as
    ``text``. Empty when the line says no more than ``text``."""

    @property
    def is_open(self) -> bool:
        return not self.closed


@dataclass
class Status:
    """A tracked commitment as it stood on one date."""

    status: CommitmentStatus
    due: date | None
    overdue: bool
    stale: bool
    followup_note_id: str | None
    last_mentioned: date
    due_history: list[tuple[str, date | None]]
