"""What the drafting capabilities produce, and the snapshot of a pair they read from.

Every item carries ``sources``: the ids of the notes it rests on, all of them notes the
asker may see. Playbook documents are cited apart, in ``playbook``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel

from assistant.access import Viewer
from assistant.commitments.ledger import Commitment
from assistant.models import Goal, Note, NoteKind, Visibility
from assistant.text.quotes import as_said
from assistant.text.sentences import sentences

__all__ = [
    "Agenda",
    "AgendaItem",
    "ChatReply",
    "FeedbackDraft",
    "FeedbackSuggestion",
    "GoalPlan",
    "Plan",
    "PlanAction",
    "Snapshot",
    "sentences",
]


class AgendaItem(BaseModel):
    section: str
    """employee_topics, manager_topics, follow_ups, goals, feedback or growth"""
    title: str
    minutes: int
    sources: list[str]
    why: str
    raised_by: str | None = None
    goal_ids: list[str] = []
    commitment_ids: list[str] = []
    heading: str = ""
    """For an item that gathers several ("Quick status on 3 more open promises"): its heading,
    with ``parts`` the lines it gathers (``title`` says both, in one line)."""
    parts: list[str] = []


class Agenda(BaseModel):
    minutes: int
    items: list[AgendaItem]
    nudges: list[str] = []
    playbook: list[str] = []
    also_open: list[str] = []
    markdown: str = ""

    def whose_meeting(self, employee: str) -> str:
        """The agenda's opening line about the employee's topics, for the markdown and the web
        page alike: "come first" only when the employee wrote some."""
        if any(i.section == "employee_topics" for i in self.items):
            return f"{employee}'s topics come first: it is {employee}'s meeting."
        return f"It is {employee}'s meeting: {employee}'s topics, once written, come first."


class FeedbackSuggestion(BaseModel):
    direction: str
    """manager_to_employee or employee_to_manager"""
    kind: str
    """reinforcing or redirecting"""
    situation: str
    behavior: str
    impact: str
    question: str
    sources: list[str]
    giver: str
    receiver: str
    recorded: bool = True
    """False: the notes record no feedback this way, and the suggestion is to ask for some
    (shown plainly as that, never as praise with a question)."""


class FeedbackDraft(BaseModel):
    suggestions: list[FeedbackSuggestion]
    balance: dict
    nudges: list[str] = []
    playbook: list[str] = []
    markdown: str = ""


class PlanAction(BaseModel):
    title: str
    type: str
    """experience, exposure or education"""
    goal_ids: list[str]
    due: date
    support: str
    sources: list[str]
    why: str = ""


class GoalPlan(BaseModel):
    goal: Goal
    reality: list[tuple[str, list[str]]]
    """(fact, sources) from the notes"""
    actions: list[PlanAction]


class Plan(BaseModel):
    goals: list[GoalPlan]
    playbook: list[str] = []
    markdown: str = ""

    @property
    def actions(self) -> list[PlanAction]:
        return [a for g in self.goals for a in g.actions]


class ChatReply(BaseModel):
    answer: str
    sources: list[str]
    grounded: bool = True
    """False, with ``sources`` empty, when the notes the asker may see do not hold an answer."""
    playbook: list[str] = []
    intent: str = "fact"
    conversation: str | None = None


@dataclass
class Snapshot:
    """A pair as one member sees it on a date: the material every draft reads."""

    viewer: Viewer
    as_of: date
    notes: list[Note]
    goals: list[Goal]
    commitments: list[Commitment]
    _by_id: dict[str, Note] = field(default_factory=dict)
    talking_points: list = field(default_factory=list)
    """The open talking points either member added for the next one-on-one (members only)."""

    def __post_init__(self) -> None:
        self.notes = sorted((n for n in self.notes if n.date <= self.as_of), key=lambda n: n.date)
        self._by_id = {n.id: n for n in self.notes}

    @property
    def shared(self) -> list[Note]:
        return [n for n in self.notes if n.visibility is Visibility.shared]

    @property
    def manager(self):
        return self.viewer.pair.manager

    @property
    def employee(self):
        return self.viewer.pair.employee

    def note(self, note_id: str) -> Note | None:
        return self._by_id.get(note_id)

    def shared_note(self, note_id: str) -> Note | None:
        """The note if it is a shared one the viewer sees (a promise "made" in the other member's
        private note, for one, was never said to them)."""
        note = self._by_id.get(note_id)
        return note if note is not None and note.visibility is Visibility.shared else None

    def name(self, person_id: str | None) -> str:
        if person_id is None:
            return "Both of you"
        return self.viewer.pair.member(person_id).first_name

    def checkins(self) -> list[Note]:
        return [n for n in self.shared if n.kind is NoteKind.checkin]

    def last_checkin(self) -> Note | None:
        found = self.checkins()
        return found[-1] if found else None

    def any_private(self, note_ids) -> bool:
        """Whether any of these notes is a private one (only the viewer's own can be)."""
        return any((n := self._by_id.get(i)) is not None and n.visibility is Visibility.private for i in note_ids)

    def as_said(self, note_id: str, text: str, limit: int = 240) -> str:
        """Where ``text`` was said in the note (:func:`~assistant.text.quotes.as_said`); "" if
        the viewer may not see the note."""
        note = self._by_id.get(note_id)
        return as_said(note.text, text, limit) if note is not None else ""

    def visible(self, note_ids) -> list[str]:
        """Only ids of notes this viewer may see, in first-seen order."""
        out: list[str] = []
        for note_id in note_ids:
            if note_id in self._by_id and note_id not in out:
                out.append(note_id)
        return out
