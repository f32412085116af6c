"""Colleagues the notes name, to learn from: people, never products, platforms or teams."""

from __future__ import annotations

import re

from assistant.drafting.models import Snapshot

__all__ = ["colleagues", "is_person"]

_NOT_NAMES = {
    "I",
    "The",
    "A",
    "An",
    "We",
    "Our",
    "My",
    "This",
    "That",
    "Next",
    "First",
    "Feedback",
    "Development",
    "Agreed",
    "Short",
    "Also",
    "Topics",
    "Action",
    "Good",
    "Thanks",
    "Fine",
    "Quick",
    "Update",
    "Goal",
    "Target",
    "Plan",
    "Status",
    "Risk",
}
"""Capitalised words that open a sentence or a label ("Goal was to precept both", "Risk: ..."), not names."""


_TEAMS = frozenset(
    "ops devops sre infra it hr finance legal sales support design security platform data qa eng engineering "
    "product marketing growth procurement facilities payroll recruiting leadership management analytics "
    "compliance operations research".split()
)
"""Functions and teams, named like people in notes ("Ops signed off"): never someone to shadow."""


def colleagues(text: str, snap: Snapshot) -> list[str]:
    """Capitalised names in a note that are not the pair's members: people to learn from."""
    members = {w for p in snap.viewer.pair.members for w in p.name.split()}
    found = []
    for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{2,})\b", text):
        word = m.group(1)
        fresh = word not in members and word not in _NOT_NAMES and word not in found
        if fresh and not _is_month_or_day(word) and is_person(word, snap):
            found.append(word)
    return found


def is_person(word: str, snap: Snapshot, text: str | None = None, strict: bool = True) -> bool:
    """A capitalised word the notes use as a person: someone who does or says things, never
    "the Android app", "on iOS" or "for Platform" (products, platforms and teams). ``text``:
    the notes to read (default: the shared notes). ``strict``: one use after "the", "on",
    "via" ... rules it out even if it also does things (a plan must not send anyone to a team)."""
    if word.lower() in _TEAMS:
        return False  # "shared it with Ops", "Finance says": a team, whatever it does
    text = text if text is not None else " ".join(n.text for n in snap.shared)
    w = re.escape(word)
    if strict and re.search(rf"\b(?:the|on|in|for|our|their|an?|of|via|into)\s+{w}\b", text, re.I):
        return False
    if re.search(rf"\bthe\s+{w}\b", text) and not re.search(
        rf"\b{w}\s+(?:said|says|asked|agreed|offered|wants|thinks|mentioned|suggested|feels|felt|told)\b|"
        rf"\b(?:ask|asked|told|tell|thanks)\s+{w}\b",
        text,
    ):
        # "the Dachser account manager": a name used as a thing's name is a person only if it
        # also speaks or is spoken to ("the Kemi conversation", "Kemi said")
        return False
    acts = (
        r"(?:will|would|can|could|said|says|is|was|has|had|asked|agreed|offered|wants|thinks|mentioned|suggested|"
        r"joined|leads|runs|did|does|'s|’s|owns|took|takes|sent|shared|helped|reviewed|showed)"
    )
    return bool(re.search(rf"\b{w}\s+{acts}\b|\b(?:with|ask|asked|from|told|tell|thanks)\s+{w}\b", text))


def _is_month_or_day(word: str) -> bool:
    import calendar

    return word in calendar.month_name or word in calendar.month_abbr or word in calendar.day_name
