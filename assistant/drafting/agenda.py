"""The next one-on-one's agenda: employee-led, time-boxed, every item with its reason and sources.

Order (see knowledge/agenda-patterns.md): the employee's own topics first (their prep notes
since the last check-in, and what they asked for in it), then follow-ups on both members'
open commitments (overdue and stale first; the rest grouped so none is lost), goals at risk
or not mentioned lately, feedback both ways, and growth.
"""

from __future__ import annotations

import re
from datetime import timedelta

from assistant.commitments.ledger import Commitment
from assistant.drafting.models import Agenda, AgendaItem, FeedbackDraft, Plan, Snapshot, sentences
from assistant.models import GoalStatus, Note, NoteKind
from assistant.retrieval.lexical import term_set, terms
from assistant.text.people import People

__all__ = ["compose_agenda"]

SECTIONS = ("employee_topics", "follow_ups", "goals", "feedback", "growth")
TOPIC_HEADING = re.compile(
    r"^\s*(?:topics?|agenda|prep|for\s+(?:our|my|the|next)\s+[\w:]+(?:\s+with\s+\w+)?|for\s+next\s+time|questions?|"
    r"to\s+discuss|things\s+to\s+(?:discuss|raise))\b[^:\n]*:\s*$",
    re.IGNORECASE | re.MULTILINE,
)
WANTS_TO_TALK = re.compile(
    r"\b(?:I'd\s+like|I\s+would\s+like|I\s+want|I'm\s+keen|can\s+we|could\s+we|could\s+I|can\s+I|should\s+we|any\s+news|"
    r"I'd\s+love|let's\s+talk)\b",
    re.IGNORECASE,
)
MINUTES = {"employee_topics": 5, "follow_ups": 3, "goals": 3, "feedback": 4, "growth": 4}
MAX_SINGLE_FOLLOW_UPS = 6


def compose_agenda(
    snap: Snapshot,
    people: People,
    feedback: FeedbackDraft,
    plan: Plan,
    minutes: int = 30,
) -> Agenda:
    items = (
        _employee_topics(snap, people)
        + _follow_ups(snap)
        + _goals(snap)
        + _feedback(snap, feedback)
        + _growth(snap, plan)
    )
    kept, dropped = _timebox(items, minutes)
    return Agenda(
        minutes=minutes,
        items=kept,
        nudges=_nudges(snap, kept),
        playbook=["agenda-patterns"],
        also_open=[f"{i.title} ({', '.join(i.sources)})" for i in dropped],
    )


# -- the employee's topics ------------------------------------------------------------------


def _employee_topics(snap: Snapshot, people: People) -> list[AgendaItem]:
    checkins = snap.checkins()
    out = _prep_topics(snap, checkins) + _raised_last_time(snap, people, checkins)
    return _dedupe(out)[:5]


def _prep_notes(snap: Snapshot, checkins: list[Note]) -> tuple[list[Note], bool]:
    """The employee's notes since the last check-in; with none, what they brought to the last
    meeting (then True: carried over)."""
    employee = snap.employee
    since = checkins[-1].date if checkins else snap.as_of - timedelta(days=30)
    prep = [n for n in snap.shared if n.author == employee.id and n.kind is not NoteKind.checkin and n.date >= since]
    if prep or len(checkins) < 2:
        return prep, False
    before = checkins[-2].date
    return [
        n for n in snap.shared if n.author == employee.id and n.kind is not NoteKind.checkin and n.date >= before
    ], True


def _prep_topics(snap: Snapshot, checkins: list[Note]) -> list[AgendaItem]:
    """What the employee's prep notes ask to discuss, then up to two updates they chose to bring."""
    employee = snap.employee
    prep, carried = _prep_notes(snap, checkins)
    handled = set(terms(checkins[-1].text)) if carried and checkins else set()
    followed = [set(terms(c.text)) for c in snap.commitments if c.status == "open"]
    asks_items: list[AgendaItem] = []
    status_lines: list[AgendaItem] = []
    for note in prep:
        for topic, asks in _topics_in(note.text):
            words = set(terms(topic))
            if any(len(words & f) >= 2 for f in followed):
                continue  # an open promise: the follow-ups cover it, with this note among its sources
            if handled and len(words & handled) >= max(2, len(words) // 3):
                continue  # brought to the last check-in, and talked about there
            item = AgendaItem(
                section="employee_topics",
                title=topic,
                minutes=0,
                sources=[note.id],
                why=f"From {employee.first_name}'s notes of {note.date:%b %-d}",
                raised_by=employee.id,
            )
            (asks_items if asks else status_lines).append(item)
    return asks_items + status_lines[:2]  # updates they chose to bring, after what they want to discuss


def _raised_last_time(snap: Snapshot, people: People, checkins: list[Note]) -> list[AgendaItem]:
    """What the employee asked about or raised at the last check-in: carried over."""
    employee = snap.employee
    asked = re.compile(
        rf"\b(?:{people.pattern.pattern})\s+(?:asked\s+(?:about|for|whether|how|if)|wants\s+to\s+(?:talk|discuss|know)|"
        rf"raised|would\s+like\s+to\s+(?:talk|discuss))\s+(?P<what>[^.;]+)",
        re.IGNORECASE,
    )
    out = []
    for note in checkins[-1:]:
        for sentence in sentences(note.text):
            m = asked.search(sentence)
            if m and people.lookup(sentence[m.start() : m.start() + 40].split()[0]) == employee.id:
                out.append(
                    AgendaItem(
                        section="employee_topics",
                        title=_cap(m.group(0)),
                        minutes=0,
                        sources=[note.id],
                        why=f"{employee.first_name} raised it at the last check-in ({note.date:%b %-d}); carry it over",
                        raised_by=employee.id,
                    )
                )
    return out


def _topics_in(text: str) -> list[tuple[str, bool]]:
    """What a prep note brings: (topic, whether it asks for discussion) for items under a topics
    heading, questions, and "I'd like to ..."."""
    topics: list[tuple[str, bool]] = []
    under_heading = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if TOPIC_HEADING.match(stripped):
            under_heading = True
            continue
        bullet = re.match(r"^(?:[-*•]|\d+[.)])\s+(?:\[[ xX]\]\s*)?(?P<rest>.+)$", stripped)
        if bullet and under_heading:
            rest = bullet["rest"]
            topics.append((rest, rest.rstrip().endswith("?") or bool(WANTS_TO_TALK.search(rest))))
            continue
        if not bullet:
            under_heading = False
        for sentence in sentences(stripped):
            if sentence.endswith("?") or WANTS_TO_TALK.search(sentence):
                topics.append((re.sub(r"^(?:[-*•]|\d+[.)])\s+", "", sentence), True))
    return [(_cap(t.rstrip(".")), asks) for t, asks in topics]


# -- follow-ups -----------------------------------------------------------------------------


def _follow_ups(snap: Snapshot) -> list[AgendaItem]:
    open_ = [c for c in snap.commitments if c.status == "open"]
    standing = [c for c in open_ if c.recurring]
    active = sorted((c for c in open_ if not c.recurring), key=lambda c: _urgency(snap, c))
    single = active[:MAX_SINGLE_FOLLOW_UPS]
    rest = active[MAX_SINGLE_FOLLOW_UPS:]
    items = [_follow_up(snap, c) for c in single]
    if rest:
        items.append(
            AgendaItem(
                section="follow_ups",
                title=f"Quick status on {len(rest)} more open promise{'s' if len(rest) > 1 else ''}: "
                + "; ".join(f"{snap.name(c.owner)}: {c.text}" for c in rest),
                minutes=0,
                sources=snap.visible(n for c in rest for n in c.sources),
                why="Still open; a yes/no each keeps them from getting lost",
                commitment_ids=[c.id for c in rest],
            )
        )
    if standing:
        items.append(
            AgendaItem(
                section="follow_ups",
                title="Standing agreements, still working? "
                + "; ".join(f"{snap.name(c.owner)}: {c.text}" for c in standing),
                minutes=0,
                sources=snap.visible(n for c in standing for n in c.sources),
                why="Ongoing promises: worth a check now and then",
                commitment_ids=[c.id for c in standing],
            )
        )
    return items


def _urgency(snap: Snapshot, c: Commitment):
    manager_first = c.owner != snap.manager.id  # the manager's overdue promises open the section
    return (
        not c.overdue,
        manager_first if c.overdue else False,
        not c.stale,
        c.due or snap.as_of + timedelta(days=3650),
        c.made_on,
    )


def _follow_up(snap: Snapshot, c: Commitment) -> AgendaItem:
    if c.overdue:
        why = f"Overdue since {c.due:%b %-d}"
        if c.due_original and c.due_original != c.due:
            why += f" (first due {c.due_original:%b %-d})"
    elif c.stale:
        why = f"Not mentioned since {c.last_mentioned:%b %-d}"
    elif c.due:
        why = f"Due {c.due:%b %-d}"
    else:
        why = f"Open since {c.made_on:%b %-d}, no date agreed"
    private = snap.any_private(c.sources)
    return AgendaItem(
        section="follow_ups",
        title=f"{snap.name(c.owner)}: {c.text}" + (" (from your private note)" if private else ""),
        minutes=0,
        sources=snap.visible(c.sources),
        why=why,
        raised_by=c.owner,
        commitment_ids=[c.id],
    )


# -- goals, feedback, growth ----------------------------------------------------------------


def _goals(snap: Snapshot) -> list[AgendaItem]:
    out = []
    recent = snap.checkins()[-3:]
    for goal in snap.goals:
        if goal.status is GoalStatus.done:
            continue
        words = set(terms(f"{goal.title} {goal.description}"))
        mentions = [n for n in snap.shared if len(words & term_set(n.text)) >= min(3, max(1, len(words) // 3))]
        mentioned_lately = any(n in mentions for n in recent) or any(
            n.date > (recent[0].date if recent else snap.as_of) for n in mentions
        )
        at_risk = goal.status in (GoalStatus.at_risk, GoalStatus.off_track)
        if not at_risk and mentioned_lately:
            continue
        if at_risk:
            why = f"Marked {goal.status.value.replace('_', ' ')}" + (f", due {goal.due:%b %-d}" if goal.due else "")
        else:
            why = "Not mentioned in the last check-ins" if mentions else "Not discussed in the notes yet"
        owner = snap.name(goal.owner) if goal.owner else "Shared"
        out.append(
            AgendaItem(
                section="goals",
                title=f"{owner}'s goal: {goal.title}",
                minutes=0,
                sources=[n.id for n in mentions[-2:]],
                why=why,
                raised_by=goal.owner,
                goal_ids=[goal.id],
            )
        )
    return out


def _feedback(snap: Snapshot, draft: FeedbackDraft) -> list[AgendaItem]:
    out = []
    for direction, giver, receiver in (
        ("manager_to_employee", snap.manager, snap.employee),
        ("employee_to_manager", snap.employee, snap.manager),
    ):
        mine = [s for s in draft.suggestions if s.direction == direction]
        if not mine:
            continue
        points = "; ".join(f"{s.kind}: {s.behavior.rstrip('.')}" for s in mine)
        out.append(
            AgendaItem(
                section="feedback",
                title=f"{giver.first_name} to {receiver.first_name}: {points}",
                minutes=0,
                sources=snap.visible(n for s in mine for n in s.sources),
                why="Feedback both ways, in Situation-Behavior-Impact form (coach feedback has the full wording)",
                raised_by=giver.id,
            )
        )
    return out


def _growth(snap: Snapshot, plan: Plan) -> list[AgendaItem]:
    out = []
    used: set[str] = set()
    for goal_plan in plan.goals:
        fresh = [a for a in goal_plan.actions if a.title not in used]
        if not fresh:
            continue
        action = next((a for a in fresh if a.type == "experience"), fresh[0])
        used.add(action.title)
        out.append(
            AgendaItem(
                section="growth",
                title=f'Next step toward "{goal_plan.goal.title}": {action.title}',
                minutes=0,
                sources=action.sources,
                why=f"From the development plan ({action.type}, by {action.due:%b %-d})",
                raised_by=snap.employee.id,
                goal_ids=action.goal_ids,
            )
        )
    return out[:2]


# -- time and balance -----------------------------------------------------------------------


def _timebox(items: list[AgendaItem], minutes: int) -> tuple[list[AgendaItem], list[AgendaItem]]:
    """Minutes by weight, summing to the meeting; what cannot get a minute is listed apart.

    Follow-ups are never dropped: the least urgent merge into the grouped item first.
    """
    minutes = max(5, minutes)
    buffer = 2 if minutes >= 20 else 0  # "anything else?" at the end
    budget = minutes - buffer
    order = {s: i for i, s in enumerate(SECTIONS)}
    kept = list(items)
    dropped: list[AgendaItem] = []
    droppable = ("growth", "goals", "feedback", "employee_topics")
    while len(kept) > budget:
        for section in droppable:
            candidates = [i for i in kept if i.section == section]
            if candidates and (section != "employee_topics" or len(candidates) > 1):
                victim = candidates[-1]
                kept.remove(victim)
                dropped.append(victim)
                break
        else:
            break
    weights = [MINUTES[i.section] for i in kept]
    total = sum(weights) or 1
    for item, weight in zip(kept, weights, strict=True):
        item.minutes = max(1, round(budget * weight / total))
    drift = budget - sum(i.minutes for i in kept)
    if kept:
        for item in sorted(kept, key=lambda i: -i.minutes):
            if drift == 0:
                break
            step = 1 if drift > 0 else -1
            if item.minutes + step >= 1:
                item.minutes += step
                drift -= step
    kept.sort(key=lambda i: order[i.section])
    return kept, dropped


def _nudges(snap: Snapshot, items: list[AgendaItem]) -> list[str]:
    employee, manager = snap.employee, snap.manager
    nudges = []
    topics = [i for i in items if i.section == "employee_topics"]
    if not topics:
        nudges.append(
            f"{employee.first_name} has not written topics for this meeting: start by asking what is on "
            f"{employee.first_name}'s mind, before any follow-ups."
        )
    by_manager = sum(i.raised_by == manager.id for i in items)
    by_employee = sum(i.raised_by == employee.id for i in items)
    if by_manager > by_employee + 1:
        nudges.append(
            f"{by_manager} of {len(items)} items come from {manager.first_name}'s side: keep status "
            f"updates short and give {employee.first_name}'s topics the time."
        )
    overdue_manager = [
        i for i in items if i.section == "follow_ups" and i.raised_by == manager.id and i.why.startswith("Overdue")
    ]
    if overdue_manager:
        nudges.append(
            f"{manager.first_name} has {len(overdue_manager)} overdue promise"
            f"{'s' if len(overdue_manager) > 1 else ''}: open the follow-ups with "
            f"{'them' if len(overdue_manager) > 1 else 'it'}."
        )
    return nudges


def _dedupe(items: list[AgendaItem]) -> list[AgendaItem]:
    seen: set[frozenset] = set()
    out = []
    for item in items:
        key = frozenset(terms(item.title))
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out


def _cap(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]
