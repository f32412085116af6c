"""A plan's reality for one goal: what the notes say of it, its risk, its passed due date and
the employee's open promises on it (GROW's "R"), each line cited."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.commitments.ledger import Commitment
from assistant.drafting.goal_ties import as_written
from assistant.drafting.models import Snapshot, sentences
from assistant.drafting.render import day
from assistant.drafting.state import GoalState, as_prose, goal_states, in_context, quotable, words_of
from assistant.drafting.steps import start_day
from assistant.models import Goal, Note
from assistant.retrieval.lexical import terms

__all__ = ["SAID_DONE", "reality"]

SAID_DONE = re.compile(r"\b(?:done|completed?|finished)\b|[✅✔☑🎉]", re.IGNORECASE)

Line = tuple[str, list[str]]


def reality(
    snap: Snapshot, goal: Goal, goal_terms: set[str], found: list[Note], serves: Callable[[Commitment], bool | None]
) -> list[Line]:
    """What the notes say about the goal, its passed due date, and the employee's open promises on it."""
    state = goal_states(snap).get(goal.id)
    lines = _in_order(snap, _said_of(state, goal_terms, found, goal.title))
    if state and state.risks:
        told, note = state.risks[-1]
        if not any(told.rstrip(".") in fact for fact, _ in lines):
            lines.append((f"Risk: {told.rstrip('.')} ({day(note.date, snap.as_of)})", [note.id]))
    if goal.due and goal.due < snap.as_of and goal.id:
        passed = f"Its due date ({day(goal.due, snap.as_of)}) has passed: close it, or agree a new date"
        lines.append((passed, [found[0].id] if found else []))
    for c in snap.commitments:
        if c.owner == snap.employee.id and c.status == "open" and serves(c):
            due = f" (due {day(c.due, snap.as_of)})" if c.due else ""
            if not due and (begun := start_day(c.text, c.made_on, snap.as_of)):  # "course starting Nov 9"
                due = f" (under way since {day(begun, snap.as_of)})"
            lines.append((f"Open: {as_written(c)}{due}", snap.visible([c.source_note_id])))
    return lines


def _said_of(
    state: GoalState | None, goal_terms: set[str], found: list[Note], title: str = ""
) -> list[tuple[str, Note]]:
    """The goal's latest fact, and the sentence most about it in each note found for it."""
    said_of: list[tuple[str, Note]] = []
    if state and state.latest and state.latest not in state.risks:  # a risk is said below, as one
        said_of.append(state.latest)
    # where a goal with a number stands ("logo 2 of 3"), also when something else was said of it later
    if state and state.progress and state.progress not in (state.latest, *state.risks):
        said_of.append(state.progress)
    # the latest note is read too, for news of the goal's work done ("staging cutover done")
    latest = [n for n in found[3:] if all(n.date > f.date for f in found[:3])][-1:]
    for note in found[:3] + latest:
        best = _best(note, goal_terms)
        repeated = any(best.rstrip(".") in told or told.rstrip(".") in best for told, _ in said_of)  # or said with more
        shared = words_of(title, best, goal_terms)
        if note in latest and len(shared) < 2 and not SAID_DONE.search(best):
            continue  # one word in common is no news of the goal ("3 days late but finance is happy")
        if best and shared and not repeated:
            said_of.append((best, note))
    return said_of


def _best(note: Note, goal_terms: set[str]) -> str:
    """The note's sentence most about the goal: not a heading ("My prep for Tuesday:") or a question."""
    said = [as_prose(s) for s in sentences(note.text) if quotable(s)]
    best = max(said, key=lambda s: (len(goal_terms & set(terms(s))), bool(SAID_DONE.search(s))), default="")
    return in_context(note, best, best) if best else best


def _in_order(snap: Snapshot, said_of: list[tuple[str, Note]]) -> list[Line]:
    """In the order it happened: what the notes said last about the goal comes last. The words of
    a promise where it was made are no fact (an open one is a line of its own)."""
    promised = [(c.source_note_id, w) for c in snap.commitments if len(w := set(terms(c.text))) >= 2]
    lines: list[Line] = []
    for told, note in sorted(said_of, key=lambda found: found[1].date):
        if not SAID_DONE.search(told) and any(
            at == note.id and len(p & set(terms(told))) >= 0.8 * len(p) for at, p in promised
        ):
            continue
        told = told[:1].upper() + told[1:] if re.match(r"[a-z]+\b", told) else told  # not "iOS", "eBay"
        lines.append((f"{told.rstrip('.')} ({day(note.date, snap.as_of)})", [note.id]))
    return lines
