"""Development plans for the employee's goals: GROW, with 70-20-10 as a lens.

For each open goal of the employee: the **reality** is what the notes say about it (found by
search, cited); the **options** are actions typed ``experience`` (doing), ``exposure``
(people: shadowing, mentors, guilds) or ``education`` (courses, rubrics, reading), taken
from what the notes already hold: the employee's promises and wishes, and what the manager
offered; the **will** is each action's due date and the support the manager committed to.
Nothing is invented: an action that no note grounds is not proposed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from assistant.commitments.ledger import Commitment
from assistant.commitments.linking import content_terms
from assistant.drafting.goal_ties import goal_ties, serving, specific_terms
from assistant.drafting.models import GoalPlan, Plan, PlanAction, Snapshot, sentences
from assistant.drafting.reality import reality
from assistant.drafting.render import day
from assistant.drafting.state import five_lines, goal_states
from assistant.drafting.steps import names_another, not_yet_taken, shadowed, to_learn_from, under_way
from assistant.models import Goal, GoalStatus, Note
from assistant.retrieval.lexical import terms
from assistant.text.people import People

__all__ = ["compose_plan"]

EXPOSURE = re.compile(
    r"\b(?:shadow\w*|pair(?:ing|ed)?\s+with|mentor\w*|coach\w*|guild|buddy|introduc\w*|meet\s+\w+\s+every|"
    r"session\s+with|sit\s+in\s+on|observ\w*|co-?lead\w*\s+with|review\s+sessions?)",
    re.IGNORECASE,
)
EDUCATION = re.compile(
    r"\b(?:course|training|class|book|reading|read\s+the|rubric|workshop|certificat\w*|tutorial|examples?\s+of|"
    r"study|learn(?:ing)?\s+(?:about|how|the)|curriculum)\b",
    re.IGNORECASE,
)
EXPERIENCE = re.compile(
    r"\b(?:lead|co-?lead\w*|own|run|drive|present\w*|primary|design|migration|project|rollout|release|launch|pilot|"
    r"take\s+over|handle|build|ship|write|draft|prototype|kickoff|decision\s+owner|on-?call)\b",
    re.IGNORECASE,
)
FORWARD = re.compile(
    r"\b(?:will|'ll|going\s+to|wants?|would\s+like|'d\s+like|plan|next|every|each|weekly|starting)\b", re.I
)
WISH = re.compile(
    r"\b(?P<who>I|\w+)\s+(?:wants?\s+to|would\s+like\s+to|'d\s+like\s+to|hopes?\s+to|is\s+keen\s+to)\s+(?P<what>[^.;?!]+)",
    re.IGNORECASE,
)
_TIMING = set(
    terms("become be get grow move within by this next year month quarter half week end soon h1 h2 q1 q2 q3 q4")
)
"""Words of when and of becoming: a wish in them and a goal's title is the goal, not a step."""

RECENT_DAYS = 120
"""Wishes and mentions older than this are history, not options (open promises always count)."""


@dataclass
class _Option:
    type: str
    title: str
    sources: list[str]
    due: date | None
    score: float
    why: str
    offered: bool = False
    """The manager's own promise: it is its own support."""
    since: date | None = None
    """The day of the note that planned it, where later notes report it going on."""


def compose_plan(
    snap: Snapshot,
    people: People,
    related: Callable[[str, int], list[Note]],
    encode: Callable[[list[str]], np.ndarray] | None = None,
) -> Plan:
    """``encode``: sentence vectors (MiniLM), to tie each open promise to the one goal it serves."""
    specific = specific_terms(snap)
    ties = goal_ties(snap, encode)
    met = {gid for gid, state in goal_states(snap).items() if state.met}
    goals = [
        g
        for g in snap.goals
        if g.status is not GoalStatus.done and g.id not in met and g.owner in (snap.employee.id, None)
    ]
    plans: list[GoalPlan] = []
    used: set[str] = set()
    for goal in goals:
        plans.append(_goal_plan(snap, people, goal, related, used, specific, ties))
        used |= {a.title for a in plans[-1].actions}
    if not any(p.actions for p in plans):
        title = f"{snap.employee.first_name}'s growth"
        general = Goal(id="", pair_id=snap.viewer.pair.id, title=title, owner=snap.employee.id)
        extra = _goal_plan(snap, people, general, related, set(), specific, ties)
        if extra.actions:
            for a in extra.actions:
                a.goal_ids = []
            plans.append(extra)
    playbook = ["grow", "70-20-10"]
    if any(re.search(r"promot|senior|staff|level|rubric", n.text, re.I) for n in snap.shared):
        playbook.append("career-conversations")
    return Plan(goals=plans, playbook=playbook)


def _goal_plan(
    snap: Snapshot, people: People, goal: Goal, related, used: set[str], specific, ties: dict[str, str]
) -> GoalPlan:
    """One goal's GROW; ``used`` holds actions already planned for another goal. The goal's
    words that count are its specific ones: most notes say "team"."""
    text = f"{goal.title} {goal.description}"
    goal_terms = specific(text) or set(terms(text))
    query = f"{goal.title}. {goal.description}".strip()
    found = [n for n in related(query, 6) if n.date <= snap.as_of]
    serves = serving(goal, goal_terms, ties)
    options, happened, answered = not_yet_taken(snap, _options(snap, people, goal, goal_terms, found, serves), _kind)
    for o in options:  # going on since: not proposed again, a check on how it goes
        if o.since:
            o.title = _check_on(snap, o.since, o.title)
    facts = reality(snap, goal, goal_terms, found, serves) + happened
    chosen = _choose(options, used)
    if found:
        chosen += _fallbacks(snap, goal, found[0], {o.type for o in chosen}, goal_terms, answered)
    actions = [
        PlanAction(
            title=o.title,
            type=o.type,
            goal_ids=[goal.id] if goal.id else [],
            due=_due(snap, goal, o.due),
            support=_support(snap, o),
            sources=snap.visible(o.sources),
            why=o.why,
        )
        for o in chosen
    ]
    return GoalPlan(goal=goal, reality=five_lines(facts), actions=[a for a in actions if a.sources])


def _choose(options: list[_Option], used: set[str]) -> list[_Option]:
    """The best option of each kind, preferring ones no other goal's plan already holds."""
    fresh = [o for o in options if o.title not in used]
    options = fresh if {o.type for o in fresh} else options
    chosen: list[_Option] = []
    for kind in ("experience", "exposure", "education"):
        best = [o for o in options if o.type == kind]
        if best:
            chosen.append(max(best, key=lambda o: o.score))
    return chosen


def _options(
    snap: Snapshot,
    people: People,
    goal: Goal,
    goal_terms: set[str],
    found: list[Note],
    serves: Callable[[Commitment], bool | None],
) -> list[_Option]:
    """Actions the notes already hold, scored by how much they touch the goal.

    The employee's open promises and stated wishes, the manager's offers of exposure or
    education ("Dana will bring the senior engineer rubric"), and shadowing or mentoring
    the notes mention for the employee.
    """
    related_ids = {n.id for n in found}

    def relevance(text: str, note_id: str) -> float:
        return len(goal_terms & set(terms(text))) + (1.0 if note_id in related_ids else 0.0)

    options = _promised(snap, serves, relevance, goal_terms)
    done_texts = [set(terms(c.text)) for c in snap.commitments if c.status == "done"]
    promised = [set(terms(c.text)) for c in snap.commitments if c.status == "open"]
    for note in snap.shared:
        if (snap.as_of - note.date).days > RECENT_DAYS:
            continue
        for sentence in sentences(note.text):
            m = WISH.search(sentence)
            if m:
                options += _wished(snap, people, note, m, (goal, goal_terms), relevance)
            elif (
                EXPOSURE.search(sentence)
                and re.search(rf"\b(?:{people.pattern.pattern})\b", sentence, re.I)
                and FORWARD.search(sentence)
            ):
                options += _exposure(snap, people, note, sentence, (done_texts, promised, goal), relevance)
    return options


def _promised(
    snap: Snapshot, serves: Callable[[Commitment], bool | None], relevance, goal_terms: set[str]
) -> list[_Option]:
    """The employee's open promises on the goal; the manager's offers of exposure or education
    tied to it, or tied to no goal but in its words (an offer in none of a goal's words, "check
    the training budget", is no step toward "estimate more accurately")."""
    options = []

    def worded(c: Commitment) -> bool:  # in the goal's own words
        return bool(goal_terms & set(terms(c.text)))

    for c in snap.commitments:
        if c.status != "open" or not snap.note(c.source_note_id):
            continue
        score = relevance(c.text, c.source_note_id)
        tied = serves(c)
        if c.said:
            continue  # "deal with it after the holidays" needs its note to mean anything: no plan step
        if c.owner == snap.employee.id and tied:
            why = f"promised in {c.source_note_id}"
            options.append(_Option(_kind(c.text), _cap(c.text), [c.source_note_id], c.due, 2 + score, why))
        elif c.owner == snap.manager.id and _kind(c.text) != "experience" and (tied or (tied is None and worded(c))):
            who = snap.manager.first_name
            title, why = f"With {who}: {c.text}", f"{who} offered it in {c.source_note_id}"
            options.append(_Option(_kind(c.text), title, [c.source_note_id], c.due, 1.5 + score, why, offered=True))
    return options


def _wished(snap: Snapshot, people: People, note: Note, m: re.Match, aim, relevance) -> list[_Option]:
    """A step the employee said they want to take ("I'd like to run the next retro"); ``aim``:
    the goal and its telling terms."""
    goal, goal_terms = aim
    who = note.author if m["who"].lower() == "i" else people.lookup(m["who"])
    what = m["what"].strip()
    if who != snap.employee.id or re.match(r"^(?:talk|discuss|ask|know|hear|get\s+feedback|grow)\b", what, re.I):
        return []
    said = set(terms(what)) - _TIMING  # "become a tech lead within the year" is "grow into a tech lead role"
    if len(said - goal_terms) < 2 or any(len(said - set(terms(g.title))) < 2 for g in snap.goals):
        return []  # a goal in other words (this one's or another's), not a step toward it
    if max(len(said & set(terms(f"{g.title} {g.description}"))) for g in snap.goals) > len(said & goal_terms):
        return []  # another goal's step ("become a tech lead" is not one toward "lead the backfill")
    if names_another(snap, goal, what):
        return []  # "sit the CCRN" is a step toward the CCRN goal, whatever else it shares
    score = relevance(what, note.id)
    if not score:
        return []
    return [_Option(_kind(what), _cap(what), [note.id], None, 1.5 + score, f"{snap.name(who)} said so in {note.id}")]


def _exposure(snap: Snapshot, people: People, note: Note, sentence: str, known, relevance) -> list[_Option]:
    """Shadowing or mentoring the notes plan for the employee, unless it already happened or
    is an open promise (offered as itself, in its owner's name, not in the note's "I'll")."""
    done_texts, promised, goal = known
    named = [pid for _, pid in people.mentioned(sentence)]
    if snap.employee.id not in named:
        return []
    words = set(terms(sentence)) - _TIMING  # "this half" is no word of "healthcare logos this half"
    mine = len(words & set(terms(f"{goal.title} {goal.description}")))
    if max(len(words & set(terms(f"{g.title} {g.description}"))) for g in snap.goals) > mine:
        return []  # another goal's step ("mentor Jamal + Keiko" is not one toward "land 3 new logos")
    score = relevance(" ".join(words), note.id)
    ongoing = re.search(r"\b(?:every|each|weekly|biweekly|regularly|ongoing)\b", sentence, re.I)
    already = not ongoing and any(len(words & d) >= max(2, len(d) // 2) for d in done_texts)
    already = already or any(len(words & o) >= max(2, (2 * len(o)) // 3) for o in promised)
    if not score or already or re.search(r"\b(?:happened|went|was|were|did)\b", sentence, re.I):
        return []
    why = f"from {note.id} ({day(note.date, snap.as_of)})"
    since = note.date if under_way(snap, note, words) else None
    return [_Option("exposure", _cap(_phrase(sentence)), [note.id], None, 1 + score, why, since=since)]


def _kind(text: str) -> str:
    if EXPOSURE.search(text):
        return "exposure"
    if EDUCATION.search(text):
        return "education"
    return "experience"


def _phrase(sentence: str) -> str:
    """The part of a sentence worth a plan line: drop labels and trailing asides."""
    sentence = re.sub(r"^[\w\s']{1,25}:\s+", "", sentence).strip()
    return sentence.rstrip(".").split("; ")[0]


def _check_on(snap: Snapshot, since: date, step: str) -> str:
    """A step already going on, as a plan offers it: a check on how it goes, not the step again."""
    return f"Check how it is going, under way since {day(since, snap.as_of)}: {_cap(step)}"


def _cap(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def _education_step(goal: Goal, topic: str, manager: str) -> str:
    """The course or reading to agree; a goal that is a course itself ("Complete Middle Leaders
    Foundations", a "Trust course October to January") is no reason to look for another one."""
    if not (_COURSE.search(goal.title) or re.match(rf"\W*(?:[\w-]+\s+){{0,3}}{_COURSE.pattern}", goal.description)):
        return (
            f'The notes name no course or reading on "{topic}": agree one with {manager} and bring back one idea to try'
        )
    if goal.status is GoalStatus.not_started:
        return f'"{topic}" is the learning itself: agree with {manager} when it starts and what to prepare'
    return f'Check how "{topic}" is going, and bring back to {manager} one idea from it to try'


_COURSE = re.compile(r"\b(?:course|training|certificat\w*|qualification|programme|diploma|degree)\b", re.IGNORECASE)
"""A goal that is a course itself: its title says so, or its description's first words ("Trust course ...")."""


def _fallbacks(
    snap: Snapshot, goal: Goal, note: Note, have: set[str], goal_terms: set[str], answered: dict | None = None
) -> list[_Option]:
    """With too few kinds grounded directly: steps built on the note most about the goal; where
    a step of a kind was asked for and has happened (``answered``), a check on how it goes.

    A colleague to learn from must be named where the note talks about the goal ("shadow
    Priya on the release"), not anywhere in it ("ask Helena about the budget")."""
    # "AWS certification" keeps its acronym; "Lead the migration" reads "lead the migration"
    topic = goal.title if goal.title[1:2].isupper() else goal.title[:1].lower() + goal.title[1:]
    out = []
    about = " ".join(s for s in sentences(note.text) if len(goal_terms & set(terms(s))) >= 2)
    people = to_learn_from(snap, goal, about)
    manager = snap.manager.first_name
    if "exposure" not in have and (people or len(have) < 2):
        where = f"mentioned in {note.id}" if people and re.search(rf"\b{people[0]}\b", about) else "named in the goal"
        title = (
            f'Shadow, pair with or ask {people[0]} ({where}) how they approach "{topic}", and agree it with {manager}'
            if people
            else f'The notes hold no next step with people on "{topic}" yet: ask {manager} who has done it, and '
            "shadow or pair with them"
        )
        source = note
        if done := shadowed(snap, goal_terms):  # "K shadowed ops review on the 19th": not proposed again
            told, source = done
            title = _check_on(snap, source.date, told)
        elif (met := (answered or {}).get("exposure")) and snap.note(met[1][0]):  # the buddy asked for, found
            source = snap.note(met[1][0]) or note
            title = _check_on(snap, source.date, re.sub(r"^Done: | \([^()]*\)$", "", met[0]))
        out.append(
            _Option("exposure", title, [source.id], None, 0, f"builds on {source.id} ({day(source.date, snap.as_of)})")
        )
    if "education" not in have and len(have) + len(out) < 2:
        out.append(
            _Option(
                "education",
                _education_step(goal, topic, manager),
                [note.id],
                None,
                0,
                f"builds on {note.id} ({day(note.date, snap.as_of)})",
            )
        )
    if "experience" not in have and len(have) + len(out) < 2:
        out.append(
            _Option(
                "experience",
                f'The notes hold no next piece of work toward "{topic}": agree one with {manager} before the '
                "next check-in",
                [note.id],
                None,
                0,
                f"builds on {note.id} ({day(note.date, snap.as_of)})",
            )
        )
    return out


def _due(snap: Snapshot, goal: Goal, due: date | None) -> date:
    if due and due >= snap.as_of:
        return due
    default = snap.as_of + timedelta(days=42)
    if goal.due and snap.as_of < goal.due < default:
        return goal.due
    return default


def _support(snap: Snapshot, option: _Option) -> str:
    """What the manager committed to that touches this action, else what to agree on."""
    if option.offered:
        return f"{snap.manager.first_name} offered it ({option.sources[0]})"
    names = {t for p in snap.viewer.pair.members for t in terms(p.name)}
    words = set(content_terms(option.title)) - names
    best: tuple[int, Commitment] | None = None
    for c in snap.commitments:
        if c.owner != snap.manager.id:
            continue
        overlap = len(words & (set(content_terms(c.text)) - names))
        if overlap >= 2 and (best is None or overlap > best[0]):
            best = (overlap, c)
    if best:
        c = best[1]
        option.sources.append(c.source_note_id)
        state = "done" if c.status == "done" else "open"
        return f"{snap.manager.first_name}: {c.text} ({state}, {c.source_note_id})"
    return f"To agree with {snap.manager.first_name} at the next 1:1"
