"""Promises written in the passive voice, read as the active sentence they stand for.

Formal minutes name who does a thing after what is done: "It was agreed that the Q3 capacity
model would be drafted by Kai and circulated by 15 May", "Approval will be sought from Finance
by Ruth", "An introduction to Sven is to be made by Ruth", "..., which will be prepared by Kai
by 19 June". :func:`active` rewrites such a clause as "Kai will draft the Q3 capacity model and
circulate it by 15 May", for the promise forms to read as any other. Only an agent who is a
member of the pair (or "me", "us") makes a promise: "will be reviewed by Legal" is no one's
in the pair, and a clause without "by <member>" is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.commitments.vocabulary import PAST_FORMS

__all__ = ["active"]

_BASE = {past: verb for verb, forms in PAST_FORMS.items() for past in forms.split()}
_BASE.update({"sought": "seek", "taught": "teach", "caught": "catch", "chosen": "choose", "sent": "send"})
_E_AFTER = re.compile(r"(?:at|it|iz|is|ur|ar|ir|or|ag|ug|v|c|dg|ng|[^s]s|bl|pl|tl|iv)$")
_DOUBLED = re.compile(r"([bdgmnprt])\1$")
_AGREED = r"(?:(?:it\s+was|we|both\s+of\s+us)\s+(?:agreed|decided|settled)\s+(?:that\s+)?)"
_MODAL = r"(?:will|shall|is\s+to|are\s+to|is\s+going\s+to|are\s+going\s+to)"
_PARTICIPLE = r"[a-z]{2,}(?:ed|en|t|ne|wn|ht|de|ld|nd|un|ut|et)"


def _base(participle: str) -> str:
    """The verb a past participle is of: "drafted" draft, "circulated" circulate, "sought" seek."""
    word = participle.lower()
    if word in _BASE:
        return _BASE[word]
    if word.endswith("ied"):
        return word[:-3] + "y"
    if not word.endswith("ed"):
        return word
    stem = word[:-2]
    if _DOUBLED.search(stem) and len(stem) <= 6:
        return stem[:-1]  # "planned": plan
    return stem + "e" if _E_AFTER.search(stem) else stem


def _compile(names: str) -> re.Pattern:
    return re.compile(
        rf"^(?P<agreed>{_AGREED})?(?P<obj>\S.{{0,80}}?)\s+"
        rf"(?:(?(agreed)(?:would|should|{_MODAL})|{_MODAL}))\s+be\s+(?P<pp>{_PARTICIPLE})\b"
        rf"(?P<mid>(?:\s+(?!by\b)[\w'’-]+){{0,6}}?)\s+by\s+(?P<agent>{names}|me|us|myself)\b(?P<rest>.*)$",
        re.IGNORECASE,
    )


_COMPILED: dict[str, re.Pattern] = {}


def _object(obj: str, lowered: Callable[[str], bool]) -> str:
    """The thing done, as the active sentence's object: "A follow-up on storage growth was
    requested, which" is "a follow-up on storage growth"."""
    obj = re.sub(r"\s+(?:was|were|is|are|has\s+been|have\s+been)\s+[a-z]+,?\s+which$", "", obj.strip())
    obj = re.sub(r",?\s+which$", "", obj)
    first = obj.split()[0] if obj.split() else ""
    return obj[:1].lower() + obj[1:] if first and lowered(first) else obj


_ASKED_FOR = re.compile(
    rf"\b(?:requested|asked|proposed|suggested|agreed|decided)\s+that\s+(?P<obj>.+?)\s+(?:should\s+)?be\s+"
    rf"(?P<pp>{_PARTICIPLE})\b(?P<rest>[^.;]*)",
    re.IGNORECASE,
)
"""What minutes asked for without saying who does it: "It was requested that a mentor be found
for Kai" (then "This will be arranged by Ruth": Ruth will find a mentor for Kai)."""


def active(text: str, names: str, lowered: Callable[[str], bool], before: str = "") -> str | None:
    """The clause as an active promise by the member the passive names, or None when it is no
    such passive. ``names``: the pair's names (a regex); ``lowered``: whether the clause's
    first word is a common word, written lower-case inside a sentence; ``before``: the clause
    before it on its line, whose request "this" may take on."""
    pattern = _COMPILED.get(names) or _COMPILED.setdefault(names, _compile(names))
    m = pattern.match(text.strip())
    if m is None:
        return None
    obj = _object(m["obj"], lowered)
    if not obj or obj.lower() in ("which", "that", "who"):
        return None
    if obj.lower() in ("this", "it") and (asked := _ASKED_FOR.search(before)):
        agent = {"me": "I", "myself": "I", "us": "we"}.get(m["agent"].lower(), m["agent"])
        act = f"{_base(asked['pp'])} {_object(asked['obj'], lowered)}{asked['rest']}"
        return f"{agent} will {act.rstrip()}{m['rest']}"  # the act asked for, not "arrange this"
    agent = {"me": "I", "myself": "I", "us": "we"}.get(m["agent"].lower(), m["agent"])
    rest = re.sub(
        rf"\b(and|then)\s+({_PARTICIPLE})\b", lambda a: f"{a[1]} {_base(a[2])} it", m["rest"], flags=re.IGNORECASE
    )
    mid = m["mid"]
    particle = re.match(r"\s+(out|up|over|back|off|through|together)\b", mid, re.IGNORECASE)
    verb = _base(m["pp"]) + (f" {particle[1]}" if particle else "")  # "carried out": carry out
    return f"{agent} will {verb} {obj}{mid[particle.end() :] if particle else mid}{rest}"
