"""Two-way feedback suggestions in Situation-Behavior-Impact form, grounded in the notes.

Material, best first:
1. feedback the notes record ("Feedback for Sam: ...", "Eli's feedback for Dana: ...",
   "Aisha gave feedback that ...", a note of kind ``feedback``), split where praise turns
   into a request ("clear, but ... had no rollback step");
2. requests that are feedback ("Eli asked for more notice before priorities change");
3. the ledger: promises kept (reinforcing) and promises that slipped (redirecting), the
   manager's exactly like the employee's; when two or more of the manager's own promises have
   slipped, that is the upward item, whatever else the notes record.
Feedback is read as threads (:mod:`assistant.drafting.threads`): what a later note shows was
acted on is settled and not raised again; the change it brought is worth a thanks instead.
At most one reinforcing and one redirecting suggestion per direction, so neither direction
is ever more than one ahead; each ends with a question that invites the other's view.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.drafting.feedback_ledger import QUESTIONS, as_sentence, from_ledger, slipped_promises, upward
from assistant.drafting.feedback_reading import FeedbackStatement, feedback_statements
from assistant.drafting.models import FeedbackDraft, FeedbackSuggestion, Snapshot
from assistant.drafting.render import day
from assistant.drafting.threads import feedback_threads
from assistant.models import NoteKind
from assistant.text.people import People

__all__ = ["compose_feedback"]

EVENT = re.compile(
    r"\b(?:the|your|my|our|this|last|that)\s+(?:[\w'-]+\s+){0,3}?(?:incident\s+review|architecture\s+review|review|crit|"
    r"retro(?:spective)?|meeting|presentation|demo|design\s+doc|doc|write-?up|rollout\s+plan|plan|summary\s+slide|slide|"
    r"all-hands|1:1s|1:1|one-on-ones?|stand-?up|planning|on-call|release|interviews?|synthesis|comparison|dashboard|"
    r"handbook|proposal|talk|pitch|session|sprint|status\s+updates?|updates?|stakeholder\s+review)\b",
    re.IGNORECASE,
)
EVENT_TAIL = "synthesis|summary|notes|doc|plan|deck|slides?|review|demo|session|meeting|presentation|write-?up|draft"

ASK_FOR_IT = "What is one thing I should keep doing, and one thing I could do differently?"
"""What to ask for when the notes record no feedback one way."""


def _situation(statement: FeedbackStatement, ref: date) -> str:
    text = f"{statement.topic or ''} {statement.behavior}"
    event = EVENT.search(text)
    when = day(statement.note.date, ref)
    if event:
        # the whole noun phrase: "the interview synthesis", not "the interview"
        rest = re.match(rf"(?:\s+(?:{EVENT_TAIL})\b){{0,2}}", text[event.end() :], re.IGNORECASE)
        phrase = event.group(0) + (rest.group(0) if rest else "")
        return f"{phrase[0].upper()}{phrase[1:]} (noted {when}, {statement.note.id})"
    where = "the check-in" if statement.note.kind is NoteKind.checkin else "the note"
    return f"As raised in {where} of {when} ({statement.note.id})"


def _suggest(snapshot: Snapshot, s: FeedbackStatement) -> FeedbackSuggestion:
    direction = "manager_to_employee" if s.giver == snapshot.manager.id else "employee_to_manager"
    impact = s.impact or _impact_for(s, snapshot)
    return FeedbackSuggestion(
        direction=direction,
        kind=s.kind,
        situation=_situation(s, snapshot.as_of),
        behavior=as_sentence(s.behavior),
        impact=as_sentence(impact),
        question=QUESTIONS[(direction, s.kind)],
        sources=[s.note.id],
        giver=s.giver,
        receiver=s.receiver,
    )


def _impact_for(s: FeedbackStatement, snapshot: Snapshot) -> str:
    who = snapshot.name(s.giver)
    if s.kind == "reinforcing":
        return f"{who} noticed it and called it out on {day(s.note.date, snapshot.as_of)}: worth keeping"
    return f"{who} raised it on {day(s.note.date, snapshot.as_of)} as something to change"


def _acted_on(snapshot: Snapshot, settled: list, giver: str) -> FeedbackSuggestion | None:
    """Reinforcing: the receiver acted on feedback this giver gave; thank the change."""
    mine = [t for t in settled if t.statement.giver == giver and t.evidence]
    if not mine:
        return None
    t = max(mine, key=lambda t: t.evidence[1].date)
    s, (said, note) = t.statement, t.evidence
    direction = "manager_to_employee" if giver == snapshot.manager.id else "employee_to_manager"
    verb, impact = "acted on it", f"{snapshot.name(giver)} saw the change: the feedback landed"
    question = QUESTIONS[(direction, "reinforcing")]
    if note.id == s.note.id:  # a standing change promised there and then: whether it held is for the giver to say
        verb, impact = "answered it there and then", f"{snapshot.name(giver)} can say whether the change has held"
        question = "Has that held since, and is anything still in the way?"
    return FeedbackSuggestion(
        direction=direction,
        kind="reinforcing",
        situation=f"After the feedback of {day(s.note.date, snapshot.as_of)} ({s.note.id}): "
        f"{as_sentence(s.behavior).rstrip('.')}",
        behavior=as_sentence(f'{snapshot.name(s.receiver)} {verb}: "{said.rstrip(".")}" ({note.id})'),
        impact=as_sentence(impact),
        question=question,
        sources=snapshot.visible([s.note.id, note.id]),
        giver=giver,
        receiver=s.receiver,
    )


def compose_feedback(snapshot: Snapshot, people: People, recent_days: int = 120) -> FeedbackDraft:
    statements = feedback_statements(snapshot, people)
    threads = feedback_threads(snapshot, statements)
    settled = [t for t in threads if t.settled]
    again = [t for t in threads if t.reopened]  # acted on, then raised again
    # settled feedback is not raised again: drafts raise what is still open
    open_ = [t.statement for t in threads if not t.settled]
    recent = [s for s in open_ if (snapshot.as_of - s.note.date).days <= recent_days] or open_
    suggestions: list[FeedbackSuggestion] = []
    slipped = slipped_promises(snapshot, snapshot.manager.id)
    for direction in ("manager_to_employee", "employee_to_manager"):
        for kind in ("reinforcing", "redirecting"):
            found = _one_way(snapshot, direction, kind, recent, (settled, again), slipped)
            if found is not None:
                suggestions.append(found)
    suggestions = _balanced(suggestions, snapshot)
    balance, nudges = _balance_over_time(snapshot, statements)
    return FeedbackDraft(
        suggestions=suggestions,
        balance=balance,
        nudges=nudges,
        playbook=["sbi-feedback", "upward-feedback"],
    )


def _one_way(snapshot: Snapshot, direction: str, kind: str, recent, threads, slipped) -> FeedbackSuggestion | None:
    """The suggestion of one direction and kind: the manager's slipped promises (upward,
    redirecting), thanks for feedback acted on, the latest recorded, or one from the ledger.
    ``threads``: the settled ones, and those raised again since they were acted on."""
    settled, again = threads
    giver = snapshot.manager.id if direction == "manager_to_employee" else snapshot.employee.id
    found = [s for s in recent if s.giver == giver and s.kind == kind]
    if direction == "employee_to_manager" and kind == "redirecting" and len(slipped) >= 2:
        # the manager's own promises slipping, again and again, is the upward item
        return upward(snapshot, slipped)
    if kind == "reinforcing" and not found and (acted := _acted_on(snapshot, settled, giver)):
        return acted
    if found:
        # the latest note; in it, the main point (the first one, or one whose impact is known)
        latest = [s for s in found if s.note.id == found[-1].note.id]
        main = next((s for s in latest if s.impact), None) or next((s for s in latest if not s.by_label), latest[0])
        return _suggest(snapshot, main)
    return from_ledger(snapshot, direction, kind, again)


def _balanced(suggestions: list[FeedbackSuggestion], snapshot: Snapshot) -> list[FeedbackSuggestion]:
    """Both directions present, neither more than one ahead."""
    by = {d: [s for s in suggestions if s.direction == d] for d in ("manager_to_employee", "employee_to_manager")}
    for direction, mine in by.items():
        if not mine:
            fallback = _ask_for_it(snapshot, direction)
            if fallback:
                mine.append(fallback)
    m2e, e2m = by["manager_to_employee"], by["employee_to_manager"]
    while len(m2e) > len(e2m) + 1:
        m2e.pop()
    while len(e2m) > len(m2e) + 1:
        e2m.pop()
    return m2e + e2m


def _ask_for_it(snapshot: Snapshot, direction: str) -> FeedbackSuggestion | None:
    """With nothing recorded in one direction: suggest asking, grounded in the last check-in."""
    last = snapshot.last_checkin() or (snapshot.shared[-1] if snapshot.shared else None)
    if last is None:
        return None
    giver, receiver = (
        (snapshot.manager.id, snapshot.employee.id)
        if direction == "manager_to_employee"
        else (snapshot.employee.id, snapshot.manager.id)
    )
    return FeedbackSuggestion(
        direction=direction,
        kind="reinforcing",
        situation=f"Up to your check-in on {day(last.date, snapshot.as_of)} ({last.id})",
        behavior=as_sentence(
            f"No feedback from {snapshot.name(giver)} to {snapshot.name(receiver)} is recorded in the notes"
        ),
        impact=as_sentence(f"{snapshot.name(receiver)} cannot tell what to keep doing or change"),
        question=ASK_FOR_IT,
        sources=[last.id],
        giver=giver,
        receiver=receiver,
        recorded=False,
    )


def _balance_over_time(snapshot: Snapshot, statements: list[FeedbackStatement]) -> tuple[dict, list[str]]:
    manager, employee = snapshot.manager.id, snapshot.employee.id
    down = [s for s in statements if s.giver == manager]
    up = [s for s in statements if s.giver == employee]
    last_up = max((s.note.date for s in up), default=None)
    balance = {
        "manager_to_employee": len(down),
        "employee_to_manager": len(up),
        "last_manager_to_employee": max((s.note.date for s in down), default=None),
        "last_employee_to_manager": last_up,
        # per month, both ways: what the web app's balance chart draws
        "by_month": [
            {
                "month": month,
                "manager_to_employee": sum(f"{s.note.date:%Y-%m}" == month for s in down),
                "employee_to_manager": sum(f"{s.note.date:%Y-%m}" == month for s in up),
            }
            for month in sorted({f"{s.note.date:%Y-%m}" for s in statements})
        ],
    }
    nudges = []
    if last_up is None or (snapshot.as_of - last_up).days > 42:
        since = f"since {day(last_up, snapshot.as_of)}" if last_up else "in these notes"
        nudges.append(
            f"No feedback from {snapshot.name(employee)} to {snapshot.name(manager)} is recorded {since}: "
            f"{snapshot.name(manager)}, ask for it, about something specific (playbook: upward-feedback)."
        )
    elif len(down) > 2 * max(1, len(up)):
        nudges.append(
            f"Feedback mostly flows one way ({len(down)} to {snapshot.name(employee)}, {len(up)} to "
            f"{snapshot.name(manager)}): make room for the other direction (playbook: upward-feedback)."
        )
    return balance, nudges
