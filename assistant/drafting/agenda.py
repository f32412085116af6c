"""The next one-on-one's agenda: employee-led, time-boxed, every item with its reason and sources.

Order (see knowledge/agenda-patterns.md): the employee's own topics first (their talking
points, their prep notes since the last check-in, and what they asked for in it), then the
manager's talking points, then follow-ups on both members'
open commitments (overdue and stale first; the rest grouped so none is lost), goals at risk
or not mentioned lately, feedback both ways, and growth.
"""

from __future__ import annotations

from datetime import date, timedelta

from assistant.commitments.ledger import Commitment
from assistant.commitments.vocabulary import GENERIC
from assistant.drafting.models import Agenda, AgendaItem, FeedbackDraft, Plan, Snapshot
from assistant.drafting.render import day
from assistant.drafting.state import goal_states
from assistant.drafting.steps import start_day
from assistant.drafting.topics import employee_topics, manager_topics
from assistant.models import GoalStatus, Note, NoteKind
from assistant.retrieval.lexical import term_set, terms
from assistant.text.people import People
from assistant.text.quotes import leans_on_context

__all__ = ["compose_agenda"]

SECTIONS = ("employee_topics", "manager_topics", "follow_ups", "goals", "feedback", "growth")
MINUTES = {"employee_topics": 5, "manager_topics": 3, "follow_ups": 3, "goals": 3, "feedback": 4, "growth": 4}
MAX_SINGLE_FOLLOW_UPS = 6


def compose_agenda(
    snap: Snapshot,
    people: People,
    feedback: FeedbackDraft,
    plan: Plan,
    minutes: int = 30,
) -> Agenda:
    items = (
        employee_topics(snap, people)
        + manager_topics(snap, people)
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


# -- follow-ups -----------------------------------------------------------------------------


def _follow_ups(snap: Snapshot) -> list[AgendaItem]:
    open_ = [c for c in snap.commitments if c.status == "open"]
    standing = [c for c in open_ if c.recurring]
    active = sorted((c for c in open_ if not c.recurring), key=lambda c: _urgency(snap, c))
    single = active[:MAX_SINGLE_FOLLOW_UPS]
    rest = active[MAX_SINGLE_FOLLOW_UPS:]
    items = [_follow_up(snap, c) for c in single]
    if rest:
        heading = f"Quick status on {len(rest)} more open promise{'s' if len(rest) > 1 else ''}"
        parts = [f"{snap.name(c.owner)}: {_in_words(snap, c)}" for c in rest]
        items.append(
            AgendaItem(
                section="follow_ups",
                title=f"{heading}: " + "; ".join(parts),
                heading=heading,
                parts=parts,
                minutes=0,
                sources=snap.visible(n for c in rest for n in c.sources),
                why="Still open; a yes/no each keeps them from getting lost",
                commitment_ids=[c.id for c in rest],
            )
        )
    if standing:
        parts = [f"{snap.name(c.owner)}: {_in_words(snap, c)}" for c in standing]
        items.append(
            AgendaItem(
                section="follow_ups",
                title="Standing agreements, still working? " + "; ".join(parts),
                heading="Standing agreements, still working?",
                parts=parts,
                minutes=0,
                sources=snap.visible(n for c in standing for n in c.sources),
                why="Ongoing promises: worth a check now and then",
                commitment_ids=[c.id for c in standing],
            )
        )
    return items


def _in_words(snap: Snapshot, c: Commitment) -> str:
    """A commitment as a list shows it: its text, or where its words lean on the note, the
    note's own sentence ("I told Nadia I would before the offsite, ...")."""
    if leans_on_context(c.text) and (said := snap.as_said(c.source_note_id, c.text, limit=160)):
        return f'"{said}"'
    return c.text


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
    ref = snap.as_of
    if c.overdue:
        why = f"Overdue since {day(c.due, ref)}"
        if c.due_original and c.due_original != c.due:
            why += f" (first due {day(c.due_original, ref)})"
    elif c.stale:
        why = f"Not mentioned since {day(c.last_mentioned, ref)}"
    elif c.due:
        why = f"Due {day(c.due, ref)}"
    elif begun := start_day(c.text, c.made_on, ref):  # "take the ML course starting Nov 9", on Nov 16
        why = f"Under way since {day(begun, ref)}, no end date agreed"
    else:
        why = f"Open since {day(c.made_on, ref)}, no date agreed"
    if c.said:  # the ledger's quote of a promise whose words lean on its note
        why += f'; as the note put it: "{c.said}"'
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
    """Goals at risk or gone quiet, each with its latest fact; a goal the notes call met is
    celebrated, not chased."""
    out = []
    recent = snap.checkins()[-3:]
    states = goal_states(snap)
    for goal in snap.goals:
        state = states[goal.id]
        owner = snap.name(goal.owner) if goal.owner else "Shared"
        if state.met:
            if goal.status is not GoalStatus.done and state.latest:
                fact, note = state.met_by or state.latest  # what met it, not later news of it
                why = _fact(fact, note, snap.as_of)
                out.append(_goal_item(snap, goal, f"Celebrate {owner}'s goal: {goal.title}", [note.id], why))
            continue
        mentions = _mentions(snap, goal, state)
        mentioned_lately = any(n in mentions for n in recent) or any(
            n.date > (recent[0].date if recent else snap.as_of) for n in mentions
        )
        at_risk = goal.status in (GoalStatus.at_risk, GoalStatus.off_track) or bool(state.risks)
        if not at_risk and mentioned_lately:
            continue
        why = _goal_why(goal, state, bool(mentions), snap.as_of)
        sources = [n.id for n in mentions[-2:]]
        if state.latest and state.latest[1].id not in sources:
            sources.append(state.latest[1].id)
        out.append(_goal_item(snap, goal, f"{owner}'s goal: {goal.title}", sources, why))
    return out


def _mentions(snap: Snapshot, goal, state) -> list[Note]:
    """The shared notes that mention the goal, oldest first: a third of its words (three at
    most), a word of its own, or its latest fact."""
    words = set(terms(f"{goal.title} {goal.description}"))
    # a word of this goal's alone names it too ("Exam next week" for "AWS certification", described "Pass the exam")
    others = {t for g in snap.goals if g is not goal for t in terms(f"{g.title} {g.description}")}
    own = words - GENERIC - _LIGHT - others
    mentions = [
        n
        for n in snap.shared
        if len(words & (said := term_set(n.text))) >= min(3, max(1, len(words) // 3)) or own & said
    ]
    if state.latest and state.latest[1] not in mentions:  # the goal's latest fact is a mention of it
        mentions = sorted([*mentions, state.latest[1]], key=lambda n: n.date)
    return mentions


_LIGHT = frozenset(
    terms(
        "take make show build team teams across work case own ownership run lead set keep help plan written write "
        "better more less improve grow level role skills track record within year quarter q1 q2 q3 q4 end goal"
    )
)
"""Words a goal uses that name no topic of their own: one of them alone in a note is no mention."""


def _goal_why(goal, state, mentioned: bool, ref: date) -> str:
    """Why a goal is on the agenda: its status, or the risk the notes gave, with its latest fact."""
    if goal.status in (GoalStatus.at_risk, GoalStatus.off_track):
        why = f"Marked {goal.status.value.replace('_', ' ')}" + (f", due {day(goal.due, ref)}" if goal.due else "")
    elif state.risks:
        return f"At risk: {_fact(state.risks[-1][0], state.risks[-1][1], ref)}"
    else:
        why = "Not mentioned in the last check-ins" if mentioned else "Not discussed in the notes yet"
    return why + (f"; latest: {_fact(state.latest[0], state.latest[1], ref)}" if state.latest else "")


def _goal_item(snap: Snapshot, goal, title: str, sources: list[str], why: str) -> AgendaItem:
    return AgendaItem(
        section="goals", title=title, minutes=0, sources=sources, why=why, raised_by=goal.owner, goal_ids=[goal.id]
    )


def _fact(sentence: str, note: Note, ref: date) -> str:
    return f'"{sentence.rstrip(". ")}" ({day(note.date, ref)})'


def _feedback(snap: Snapshot, draft: FeedbackDraft) -> list[AgendaItem]:
    out = []
    for direction, giver, receiver in (
        ("manager_to_employee", snap.manager, snap.employee),
        ("employee_to_manager", snap.employee, snap.manager),
    ):
        mine = [s for s in draft.suggestions if s.direction == direction]
        if not mine:
            continue
        if not any(s.recorded for s in mine):
            # nothing recorded this way: the item is to ask for it, not feedback to give
            out.append(
                AgendaItem(
                    section="feedback",
                    title=f"{receiver.first_name}, ask {giver.first_name} for feedback",
                    minutes=0,
                    sources=snap.visible(n for s in mine for n in s.sources),
                    why=mine[0].behavior.rstrip(".") + f': ask "{mine[0].question}"',
                    raised_by=receiver.id,
                )
            )
            continue
        points = "; ".join(f"{s.kind}: {s.behavior.rstrip('.')}" for s in mine if s.recorded)
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
    met = {gid for gid, state in goal_states(snap).items() if state.met}
    for goal_plan in plan.goals:
        if goal_plan.goal.id in met:
            continue
        fresh = [a for a in goal_plan.actions if a.title not in used]
        if not fresh:
            continue
        action = next((a for a in fresh if a.type == "experience"), fresh[0])
        used.add(action.title)
        goal = goal_plan.goal.title
        # an action that names its goal already needs no "toward" in front
        named = goal.lower() in action.title.lower()
        out.append(
            AgendaItem(
                section="growth",
                title=action.title if named else f'Next step toward "{goal}": {action.title}',
                minutes=0,
                sources=action.sources,
                why=f"From the development plan ({action.type}, by {day(action.due, snap.as_of)})",
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
    droppable = ("growth", "goals", "feedback", "manager_topics", "employee_topics")
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
    nudges = _no_topics(snap, items)
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


def _no_topics(snap: Snapshot, items: list[AgendaItem]) -> list[str]:
    """The nudge to write topics first, when the employee wrote none since the last check-in."""
    employee = snap.employee
    if any(i.section == "employee_topics" for i in items):
        return []
    checkins = snap.checkins()
    # a prep note whose points the follow-ups and goals already cover is topics written all the same
    wrote = any(
        n.author == employee.id and n.kind is not NoteKind.checkin and (not checkins or n.date > checkins[-1].date)
        for n in snap.shared
    )
    if wrote:
        return []
    if snap.viewer.person.id == employee.id:
        return [
            "You have not written topics for this meeting yet: note what is on your mind, so the meeting "
            "starts with it, before any follow-ups."
        ]
    return [
        f"{employee.first_name} has not written topics for this meeting: start by asking what is on "
        f"{employee.first_name}'s mind, before any follow-ups."
    ]
