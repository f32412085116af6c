"""Two-way feedback suggestions in Situation-Behavior-Impact form, grounded in the notes.

Material, best first:
1. feedback the notes record ("Feedback for Sam: ...", "Eli's feedback for Dana: ...",
   "Aisha gave feedback that ...", a note of kind ``feedback``), split where praise turns
   into a request ("clear, but ... had no rollback step");
2. requests that are feedback ("Eli asked for more notice before priorities change");
3. the ledger: promises kept (reinforcing) and promises that slipped (redirecting), the
   manager's exactly like the employee's.
At most one reinforcing and one redirecting suggestion per direction, so neither direction
is ever more than one ahead; each ends with a question that invites the other's view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from assistant.drafting.models import FeedbackDraft, FeedbackSuggestion, Snapshot, sentences
from assistant.models import Note, NoteKind
from assistant.text.people import People

__all__ = ["FeedbackStatement", "compose_feedback", "feedback_statements"]

REDIRECTING = re.compile(
    r"\b(?:but|however|next\s+time|instead|rather\s+than|too\s+(?:long|detailed|deep|much|many|fast|slow|late|early|often)|"
    r"hard(?:er)?\s+to|lacked|lacking|missing|had\s+no|without\s+an?|drift(?:ed|ing)?|ran\s+(?:\w+\s+){0,3}over|buried|"
    r"should|could\s+have|would\s+help|keeps?\s+getting|unresolved|slowing|repetitive|confusing|cancel+ed|"
    r"rewrote|interrupt\w*|before\s+I\s+had|in\s+front\s+of|more\s+notice|less\s+\w+|more\s+frequent|"
    r"get\s+cancel+ed|too\s+often|running\s+long|prefer|skipp(?:ed|ing)|missed|forgot|unclear|vague|"
    r"late|no\s+(?:notice|context|heads-?up))\b",
    re.IGNORECASE,
)
REINFORCING = re.compile(
    r"\b(?:clear|great|excellent|good|well|helpful|useful|precise|blameless|nice|thanks?|thank\s+you|strong|"
    r"rigorous|better|appreciated?|approved|impressive|solid|calm|thorough|concrete|crisp|on\s+time|landed\s+well|"
    r"worked|much\s+clearer|very\s+useful|really\s+useful|keep\s+doing)\b",
    re.IGNORECASE,
)
IMPACT = re.compile(
    r"(?:,\s*|;\s*|\s+and\s+|\s+so\s+|\s+which\s+|\.\s+)(?P<impact>(?:it\s+)?(?:got|made|makes|meant|means|saved|saving|"
    r"caused|led\s+to|helped|helps|sat|blocked|is\s+slowing|slowing|making|left|cost)\b.+)$",
    re.IGNORECASE,
)
EVENT = re.compile(
    r"\b(?:the|your|my|our|this|last|that)\s+(?:[\w'-]+\s+){0,3}?(?:incident\s+review|architecture\s+review|review|crit|"
    r"retro(?:spective)?|meeting|presentation|demo|design\s+doc|doc|write-?up|rollout\s+plan|plan|summary\s+slide|slide|"
    r"all-hands|1:1s|1:1|one-on-ones?|stand-?up|planning|on-call|release|interviews?|synthesis|comparison|dashboard|"
    r"handbook|proposal|talk|pitch|session|sprint|status\s+updates?|updates?|stakeholder\s+review)\b",
    re.IGNORECASE,
)
CONSEQUENCE = re.compile(
    r"\b(?:sat|blocked|slowed|slowing|made\s+it\s+hard|makes\s+it\s+hard|meant|cost|delayed|confused|"
    r"got\s+approved|saved|helped\s+(?:the|us)|waited|missed)\b",
    re.IGNORECASE,
)
EVENT_TAIL = "synthesis|summary|notes|doc|plan|deck|slides?|review|demo|session|meeting|presentation|write-?up|draft"
QUESTIONS = {
    ("manager_to_employee", "reinforcing"): "What made that work, and where else could you use it?",
    ("manager_to_employee", "redirecting"): "How did it look from your side, and what would help next time?",
    ("employee_to_manager", "reinforcing"): "Was that deliberate, and could you do more of it?",
    ("employee_to_manager", "redirecting"): "What gets in the way there, and what could we try instead?",
}


@dataclass(frozen=True)
class FeedbackStatement:
    note: Note
    giver: str
    receiver: str
    kind: str
    behavior: str
    impact: str | None
    topic: str | None
    by_label: bool = False
    """Its kind comes from the "Feedback for X:" label alone, not from its words."""


@lru_cache(maxsize=256)
def _label_patterns(people: People) -> list[re.Pattern]:
    name = people.pattern.pattern
    who = rf"(?:{name}|me|you|him|her|them)"
    return [
        re.compile(
            rf"^(?:(?P<giver>{name})'s\s+)?feedback\s+(?:for|to)\s+(?P<receiver>{who})\s*[:\-–—]\s*(?P<body>.+)$", re.I
        ),
        re.compile(
            rf"^feedback\s+from\s+(?P<giver>{name}|me)\s*(?:on\s+(?P<topic>[^:]+))?[:\-–—]\s*(?P<body>.+)$", re.I
        ),
        re.compile(rf"^(?P<giver>{name})'s\s+feedback(?:\s+on\s+(?P<topic>[^:]+))?\s*[:\-–—]\s*(?P<body>.+)$", re.I),
        re.compile(r"^feedback(?:\s+on\s+(?P<topic>[^:]+))?\s*[:\-–—]\s*(?P<body>.+)$", re.I),
        re.compile(rf"^(?P<giver>{name})\s+gave\s+(?:me\s+)?feedback\s+that\s+(?P<body>.+)$", re.I),
    ]


def feedback_statements(snapshot: Snapshot, people: People) -> list[FeedbackStatement]:
    """Feedback the shared notes record, with who gave it to whom, oldest first."""
    out: list[FeedbackStatement] = []
    for note in snapshot.shared:
        out.extend(_in_note(note, people))
    return out


@lru_cache(maxsize=20_000)
def _in_note(note: Note, people: People) -> tuple[FeedbackStatement, ...]:
    """One note's feedback statements (notes and people are immutable: safe to remember)."""
    labels = _label_patterns(people)
    asked = re.compile(
        rf"^(?P<giver>{people.pattern.pattern})\s+asked\s+(?:me\s+|us\s+)?for\s+(?P<body>(?:more|less|fewer|earlier)\s+.+)$",
        re.I,
    )
    out: list[FeedbackStatement] = []
    parts = sentences(note.text)
    for i, sentence in enumerate(parts):
        for piece in re.split(r";\s+", sentence):
            out.extend(_statement(note, piece, parts[i + 1] if i + 1 < len(parts) else "", labels, asked, people))
    return tuple(out)


def _statement(note, text, following, labels, asked, people) -> list[FeedbackStatement]:
    m = next((p.match(text) for p in labels if p.match(text)), None)
    request = False
    if m is None:
        m = asked.match(text)
        request = m is not None
    if m is None:
        if note.kind is NoteKind.feedback and (REDIRECTING.search(text) or REINFORCING.search(text)):
            return _split(note, note.author, people.other(note.author), text, None)
        return []
    groups = m.groupdict()
    giver = _person(groups.get("giver"), note, people) or note.author
    receiver = _person(groups.get("receiver"), note, people) or people.other(giver)
    if giver == receiver:
        return []
    body = groups["body"].strip()
    if request:
        return [FeedbackStatement(note, giver, receiver, "redirecting", f"asked for {body.rstrip('.')}", None, None)]
    if re.match(r"^(?:next\s+time|also|one\s+thing|going\s+forward|in\s+future)\b", following, re.I):
        body = f"{body.rstrip('.')}. {following}"
    if note.author == receiver:  # "Uma's feedback for me: I skipped our last two 1:1s"
        body = re.sub(r"^I\b", people.first_name(receiver), body)
    # The label says it is feedback: without praise in it, it asks for a change.
    return _split(note, giver, receiver, body, groups.get("topic"), default="redirecting")


def _person(token: str | None, note: Note, people: People) -> str | None:
    if not token:
        return None
    if token.lower() in ("me", "i"):
        return note.author
    if token.lower() in ("you", "him", "her", "them"):
        return people.other(note.author)
    return people.lookup(token)


def _split(note, giver, receiver, body, topic, default: str | None = None) -> list[FeedbackStatement]:
    """Praise and a request in one statement become two ("clear, but no rollback step");
    a piece that only reports a consequence ("two items sat without an owner") is the
    impact of the piece before it. ``default``: the kind of a first piece with neither
    praise nor a request in its words, where the note labels it feedback."""
    parts = re.split(r"(,?\s+but\s+|\.\s+(?=next\s+time)|;\s+|\.\s+)", body, flags=re.I)
    out: list[FeedbackStatement] = []
    after_but = False
    for i in range(0, len(parts), 2):
        piece = parts[i].strip().rstrip(".")
        after_but = i > 0 and "but" in parts[i - 1].lower()
        if len(piece.split()) < 3:
            continue
        if (
            out
            and out[-1].impact is None
            and CONSEQUENCE.search(piece)
            and not after_but
            and not piece.lower().startswith("next time")
        ):
            last = out.pop()
            out.append(FeedbackStatement(note, giver, receiver, last.kind, last.behavior, piece, topic))
            continue
        kind = (
            "redirecting"
            if after_but or REDIRECTING.search(piece)
            else ("reinforcing" if REINFORCING.search(piece) else None)
        )
        by_label = kind is None and default is not None and not out and i == 0
        if by_label:
            kind = default
        if kind is None:
            continue
        impact = None
        if m := IMPACT.search(piece):
            impact, piece = m["impact"].strip().rstrip("."), piece[: m.start()].strip()
        out.append(FeedbackStatement(note, giver, receiver, kind, piece, impact, topic, by_label))
    return out


def _situation(statement: FeedbackStatement) -> str:
    text = f"{statement.topic or ''} {statement.behavior}"
    event = EVENT.search(text)
    when = statement.note.date.strftime("%b %-d")
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
        situation=_situation(s),
        behavior=_sentence(s.behavior),
        impact=_sentence(impact),
        question=QUESTIONS[(direction, s.kind)],
        sources=[s.note.id],
        giver=s.giver,
        receiver=s.receiver,
    )


def _impact_for(s: FeedbackStatement, snapshot: Snapshot) -> str:
    who = snapshot.name(s.giver)
    if s.kind == "reinforcing":
        return f"{who} noticed it and called it out on {s.note.date.strftime('%b %-d')}: worth keeping"
    return f"{who} raised it on {s.note.date.strftime('%b %-d')} as something to change"


def _sentence(text: str) -> str:
    text = re.sub(r"^(?:also|and|plus|so)\s*,?\s+", "", text.strip(), flags=re.IGNORECASE).rstrip(" ,;:")
    if re.match(
        r"^(?:is|was|got|made|makes|meant|means|helped|helps|saved|saving|caused|led|blocked|slowing|sat|left|cost)\b",
        text,
    ):
        text = f"it {text}"
    return (text[0].upper() + text[1:]).rstrip(".") + "." if text else text


def _from_ledger(snapshot: Snapshot, direction: str, kind: str) -> FeedbackSuggestion | None:
    """A promise kept (reinforcing) or one that slipped (redirecting), by the receiver."""
    giver, receiver = (
        (snapshot.manager.id, snapshot.employee.id)
        if direction == "manager_to_employee"
        else (snapshot.employee.id, snapshot.manager.id)
    )
    mine = [c for c in snapshot.commitments if c.owner == receiver and snapshot.note(c.source_note_id)]
    name = snapshot.name(receiver)
    if kind == "reinforcing":
        kept = [c for c in mine if c.status == "done" and c.followup_note_id and snapshot.note(c.followup_note_id)]
        if not kept:
            return None
        c = max(kept, key=lambda c: snapshot.note(c.followup_note_id).date)
        done_on = snapshot.note(c.followup_note_id).date
        on_time = c.due is None or done_on <= c.due + timedelta(days=3)
        return FeedbackSuggestion(
            direction=direction,
            kind=kind,
            situation=f"The promise to {c.text} (made {c.made_on:%b %-d}, {c.source_note_id})",
            behavior=_sentence(
                f"{name} followed through{' on time' if on_time else ''}: "
                f'"{_evidence(c, "done")}" ({c.followup_note_id})'
            ),
            impact=_sentence(f"{snapshot.name(giver)} could count on it without chasing it"),
            question=QUESTIONS[(direction, kind)],
            sources=snapshot.visible([c.source_note_id, c.followup_note_id]),
            giver=giver,
            receiver=receiver,
        )
    slipped = [
        c for c in mine if c.status == "open" and (c.overdue or c.stale or (c.due_original and c.due != c.due_original))
    ]
    if not slipped:
        return None
    c = sorted(slipped, key=lambda c: (not c.overdue, c.due or date.max))[0]
    moved = c.due_original and c.due != c.due_original
    behavior = f"{name} promised to {c.text}" + (
        f", due {c.due_original:%b %-d}, then {c.due:%b %-d}"
        if moved and c.due
        else f", due {c.due:%b %-d}"
        if c.due
        else ""
    )
    behavior += "; it is still open"
    return FeedbackSuggestion(
        direction=direction,
        kind=kind,
        situation=f"Follow-through on a promise from {c.made_on:%b %-d} ({c.source_note_id})",
        behavior=_sentence(behavior),
        impact=_sentence(
            f"{snapshot.name(giver)} is still waiting on it" + (" past the date agreed" if c.overdue else "")
        ),
        question=QUESTIONS[(direction, kind)],
        sources=snapshot.visible([c.source_note_id, *(e.note_id for e in c.evidence)]),
        giver=giver,
        receiver=receiver,
    )


def _evidence(c, kind: str) -> str:
    for e in c.evidence:
        if e.kind == kind:
            return e.text.rstrip(".")
    return c.text


def compose_feedback(snapshot: Snapshot, people: People, recent_days: int = 120) -> FeedbackDraft:
    statements = feedback_statements(snapshot, people)
    recent = [s for s in statements if (snapshot.as_of - s.note.date).days <= recent_days] or statements
    suggestions: list[FeedbackSuggestion] = []
    for direction in ("manager_to_employee", "employee_to_manager"):
        for kind in ("reinforcing", "redirecting"):
            giver = snapshot.manager.id if direction == "manager_to_employee" else snapshot.employee.id
            found = [s for s in recent if s.giver == giver and s.kind == kind]
            if found:
                # the latest note; in it, the main point (the first one, or one whose impact is known)
                latest = [s for s in found if s.note.id == found[-1].note.id]
                main = next((s for s in latest if s.impact), None) or next(
                    (s for s in latest if not s.by_label), latest[0]
                )
                suggestions.append(_suggest(snapshot, main))
            elif (derived := _from_ledger(snapshot, direction, kind)) is not None:
                suggestions.append(derived)
    suggestions = _balanced(suggestions, snapshot)
    balance, nudges = _balance_over_time(snapshot, statements)
    return FeedbackDraft(
        suggestions=suggestions,
        balance=balance,
        nudges=nudges,
        playbook=["sbi-feedback", "upward-feedback"],
    )


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
        situation=f"Your check-in on {last.date:%b %-d} ({last.id})",
        behavior=_sentence(
            f"No feedback from {snapshot.name(giver)} to {snapshot.name(receiver)} is recorded in the notes"
        ),
        impact=_sentence(f"{snapshot.name(receiver)} cannot tell what to keep doing"),
        question=QUESTIONS[(direction, "reinforcing")],
        sources=[last.id],
        giver=giver,
        receiver=receiver,
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
        since = f"since {last_up:%b %-d}" if last_up else "in these notes"
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
