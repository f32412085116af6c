"""Owner labels: who a line item belongs to, however the note marks it.

A label is a name, initials, a handle or "me", set off from the action by any separator and
in any position: leading ("TL: draft the plan", "TL to draft", "Farid → book it", "AI/Farid:",
"@tobi", "TODO(FH)", "[owner: FH]"), or trailing ("book it → Farid", "book it (FH)",
"book it — Farid"). One label may name several people ("TL/RO", "both"): then the item is
the pair's, unassigned. A label naming someone outside the pair makes the line theirs, not
the pair's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.people import NOT_NAMES, People, looks_like_a_name

__all__ = ["OwnerLabel", "looks_like_an_action", "read_label", "resolve_owner"]

_WHO = r"@?[^\W\d_][\w.'-]*"
_GROUP = rf"{_WHO}(?:\s*(?:/|\+|&|,|\band\b)\s*{_WHO})*"
_PREFIX = r"(?:(?:AI|A\.I\.|TODO|To-?do|Action(?:\s*item)?)\s*[/:(\-–—]?\s*)?"
_LEADING = re.compile(
    rf"^{_PREFIX}\(?(?P<who>{_GROUP})\)?\s*"
    r"(?P<sep>:|→|->|=>|—|–|-(?=\s)|\bto\b(?=\s+[a-z])|\bwill\b|'ll\b|\bowes?\b(?=\s))\s*(?P<rest>\S.*)$"
)
_TRAILING = re.compile(
    rf"^(?P<rest>.*?\S)\s*(?:(?:→|->|=>|—|–|\s-)\s*(?P<who>{_GROUP})|\(\s*(?:owner:?\s*)?(?P<who2>{_GROUP})\s*\))"
    r"(?P<when>\s+(?:by|before|until|till|due)\s+[\w/.\- ]{1,20}?)?\s*[.!]*$"
)
"""A label after the action, and perhaps its date after the label: "recommend one → FH by 8/5"."""
_TICKET = re.compile(rf"^(?P<rest>.*?\S)\s*(?:→|->|=>)\s*(?P<who>{_WHO})\s*,\s*(?P<tail>\S.*)$")
"""A tracker's line: the item, its assignee, then its state and date ("ENG-412 capacity model ->
me, in progress, EOW")."""
_WHEN = re.compile(
    r"^(?:eo[dwm]|\d{1,2}/\d{1,2}(?:/\d{2,4})?|q[1-4]|\d{1,2}\s+[a-z]{3,9}|[a-z]{3,9}\s+\d{1,2}(?:st|nd|rd|th)?|"
    r"(?:next\s+)?(?:mon|tues|wednes|thurs|fri)day|tomorrow|next\s+week|end\s+of\s+(?:the\s+)?\w+)$",
    re.IGNORECASE,
)
_TAG = re.compile(
    rf"(?:\bTODO\s*\(\s*(?P<a>{_GROUP})\s*\)|\[\s*owner\s*[:=]\s*(?P<b>{_GROUP})\s*\]|\(\s*owner\s*[:=]\s*(?P<c>{_GROUP})\s*\))",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"^@(?P<who>[\w.-]+)[:,]?\s+(?P<rest>\S.*)$")
_SHARED = {"both", "we", "us", "all", "team", "everyone"}
_INITIALS = re.compile(r"^[A-Z]{2,3}$")


@dataclass(frozen=True)
class OwnerLabel:
    owner: str | None
    """The member the label names; None when it names both, or someone outside the pair."""
    outsider: bool
    rest: str
    """The line without the label."""
    done: bool = False
    """A tracker's line whose state says the item is done ("ENG-418 alert review -> me, DONE")."""


def resolve_owner(who: str, people: People, voice: str) -> tuple[str | None, bool] | None:
    """(owner, outsider) for a label's text, or None when it is no label (a topic: "Budget")."""
    parts = [p.strip() for p in re.split(r"\s*(?:/|\+|&|,|\band\b)\s*", who.strip()) if p.strip()]
    owners: set[str | None] = set()
    outsider = False
    for part in parts:
        bare = part.lstrip("@")
        if bare.lower() in ("me", "i", "myself"):
            owners.add(voice)
        elif bare.lower() in _SHARED:
            owners.add(None)
        elif pid := people.lookup(bare):
            owners.add(pid)
        elif _INITIALS.match(bare) or (looks_like_a_name(bare) and bare.lower() not in NOT_NAMES):
            outsider = True
        else:
            return None
    if outsider:
        return (None, not owners)
    if len(owners) == 1:
        return (owners.pop(), False)
    return (None, False)


def read_label(text: str, people: People, voice: str, leading: bool = True) -> OwnerLabel | None:
    """The owner label of a line item, if it has one (see the module's docstring). With
    ``leading`` False (prose), a leading label counts only where it cannot be a sentence."""
    return (
        _tag(text, people, voice)
        or _handle(text, people)
        or _leading(text, people, voice, leading)
        or _trailing(text, people, voice)
    )


def _tag(text: str, people: People, voice: str) -> OwnerLabel | None:
    if not (m := _TAG.search(text)):
        return None
    resolved = resolve_owner(m["a"] or m["b"] or m["c"], people, voice)
    if resolved is None:
        return None
    rest = (text[: m.start()] + " " + text[m.end() :]).strip(" ,;:-–—")
    return OwnerLabel(resolved[0], resolved[1], re.sub(r"\s+", " ", rest))


def _handle(text: str, people: People) -> OwnerLabel | None:
    if (m := _HANDLE.match(text)) and (pid := people.lookup(m["who"])):
        return OwnerLabel(pid, False, m["rest"])  # "@tobi cost breakdown per warehouse"
    return None


def _leading(text: str, people: People, voice: str, leading: bool) -> OwnerLabel | None:
    if not (m := _LEADING.match(text)):
        return None
    resolved = resolve_owner(m["who"], people, voice)
    initials = all(_INITIALS.match(p) for p in re.split(r"\s*[/+&,]\s*", m["who"]))
    prefixed = bool(re.match(r"^(?:AI|A\.I\.|TODO|To-?do|Action)", text, re.IGNORECASE))
    strong = m["sep"] not in (":", "—", "–", "-") or initials or prefixed
    # in prose, "Tom will ..." and "Tom to ..." are sentences the promise forms read (with
    # their checks for conditions and feelings); only a label that is no sentence counts
    unmistakable = prefixed or m["sep"] in ("→", "->", "=>") or (initials and m["sep"] == ":")
    # "- Omar: move the audit prep to Imogen": a member's name, then an order, is whose it is
    # (a speaker's own words open with a subject, a greeting or a report, not a bare verb)
    ordered = m["sep"] == ":" and resolved is not None and not resolved[1] and _imperative(m["rest"])
    unmistakable = unmistakable or ordered
    if resolved is None or not (strong or not resolved[1]) or not (leading or unmistakable):
        return None
    rest = "give " + m["rest"] if m["sep"].startswith("owe") else m["rest"]
    return OwnerLabel(resolved[0], resolved[1], rest)


def _imperative(rest: str) -> bool:
    from assistant.commitments.phrasing import ACTION_VERBS

    first = re.match(r"\s*([a-z]+)\b", rest)
    return first is not None and first.group(1) in ACTION_VERBS


_MOVED_TO = re.compile(r"^(?:(?:moved|pushed|slipped|now\s+due|new\s+date)\s*(?:to|:)?|now)\s+", re.IGNORECASE)


def _ticket(text: str, people: People, voice: str) -> OwnerLabel | None:
    """A tracker's line's assignee; the tail's bare date is the item's ("ENG-431 deck -> me, 6/1"),
    its other parts are states the signals read ("DONE", "moved to 6/26", "waiting on Finance")."""
    if not (m := _TICKET.match(text)) or (resolved := resolve_owner(m["who"], people, voice)) is None:
        return None
    parts = [_MOVED_TO.sub("", p.strip(" .!")) for p in m["tail"].split(",")]  # "moved to 6/26": its date now
    when = next((p for p in parts if _WHEN.match(p)), None)
    rest = m["rest"].strip(" ,;:-–—") + (f" by {when.strip(' .!')}" if when else "")
    done = bool(re.match(r"(?:done|completed?|shipped|merged|closed|resolved|sent|✅|✔)\b", m["tail"], re.IGNORECASE))
    return OwnerLabel(resolved[0], resolved[1], rest, done)


def _trailing(text: str, people: People, voice: str) -> OwnerLabel | None:
    if not (m := _TRAILING.match(text)):
        return _ticket(text, people, voice)
    who = m["who"] or m["who2"]
    resolved = resolve_owner(who, people, voice)
    if resolved is not None and (people.lookup(who.lstrip("@")) or _INITIALS.match(who) or resolved[0]):
        return OwnerLabel(resolved[0], resolved[1], (m["rest"].strip(" ,;:-–—") + (m["when"] or "")).strip())
    return None


_NOT_AN_OPENING = {
    *"the a an this that these those it its we i he she they there here our my his her their".split(),
    *"is are was were has had have did does do been being last yesterday today still already".split(),
}
_STATEMENT = re.compile(
    r"\b(?:is|are|was|were|has|had|did|didn't|couldn't|wasn't|isn't|aren't|went|came|got|started|said|says|"
    r"thinks|wants|asked|agreed|keeps|looks)\b",
    re.IGNORECASE,
)


def looks_like_an_action(rest: str) -> bool:
    """ "re-slot the worst 10", "v2 of the peak request by 10/4": something to do, not a report
    ("agency couldn't fill nights") or a question."""
    words = re.findall(r"[\w'-]+", rest.lower())
    return (
        bool(words)
        and not words[0][0].isdigit()
        and words[0] not in _NOT_AN_OPENING
        and not _STATEMENT.search(rest)
        and "?" not in rest
    )
