"""Where each goal stands, read once from the notes: its latest fact, its risks, whether it is met.

Every draft reads the same picture, so the agenda does not chase a goal the last check-in
called met, and the plan states the risk the notes gave ("migration slipped to December").
A goal is met when its status says ``done``, or when the latest sentence about it says so
("p95 is now 280 ms. Goal met", "target hit").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.drafting.models import Snapshot, sentences
from assistant.models import Goal, GoalStatus, Note
from assistant.retrieval.lexical import terms

__all__ = ["GoalState", "goal_states"]

MET = re.compile(
    r"\b(?:goal\s+(?:is\s+)?(?:met|reached|achieved|done|complete)|(?:met|hit|reached|beat|achieved)\s+(?:the|our|its|her|his|"
    r"my|this)\s+(?:goal|target)|target\s+(?:met|hit|reached|achieved)|(?:is|are)\s+now\s+(?:live|done|complete)|"
    r"✅\s*(?:done|met))\b",
    re.IGNORECASE,
)
RISK = re.compile(
    r"\b(?:slipp?(?:ed|ing)|risk\w*|block\w*|delay\w*|behind|late|stuck|postpon\w*|pushed\s+(?:back|out|to)|"
    r"at\s+risk|won't\s+make|miss(?:ed|ing)?\s+the|concern\w*|worr\w*)\b",
    re.IGNORECASE,
)


@dataclass
class GoalState:
    goal: Goal
    latest: tuple[str, Note] | None = None
    """The latest sentence about the goal, and its note."""
    risks: list[tuple[str, Note]] = field(default_factory=list)
    met: bool = False


def goal_states(snap: Snapshot) -> dict[str, GoalState]:
    """Each goal's state as the snapshot's viewer sees it (shared notes only: drafts are shared)."""
    return {g.id: _state(snap, g) for g in snap.goals}


def _about(goal: Goal, sentence: str, words: set[str]) -> bool:
    found = words & set(terms(sentence))
    return len(found) >= min(2, len(words)) and len(found) >= max(1, len(words) // 4)


def _state(snap: Snapshot, goal: Goal) -> GoalState:
    words = set(terms(goal.title))
    state = GoalState(goal, met=goal.status is GoalStatus.done)
    for note in snap.shared:
        parts = sentences(note.text)
        for i, sentence in enumerate(parts):
            if not _about(goal, sentence, words):
                continue
            told = sentence
            # "p95 is now 280 ms. Goal met": the verdict often follows in the next sentence
            if i + 1 < len(parts) and MET.search(parts[i + 1]) and not MET.search(sentence):
                told = f"{sentence.rstrip('.')}. {parts[i + 1]}"
            state.latest = (told, note)
            if MET.search(told):
                state.met = True
            if RISK.search(told):
                state.risks.append((told, note))
    if state.latest and state.risks and state.risks[-1][1].date < state.latest[1].date and state.met:
        state.risks = []  # met since: the old risks are history
    return state
