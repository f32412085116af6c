"""The pair's people as notes name them: ids, full names, first and last names, ``@handles``."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from assistant.models import Pair

__all__ = ["NOT_NAMES", "People", "fold", "looks_like_a_name", "looks_like_a_person", "topic_word"]

NOT_NAMES = frozenset(
    {
        # words notes capitalise that are not people: labels, headings, openers
        *"feedback topics agenda update updates note notes next goal goals done question questions blocker".split(),
        *"blockers decision decisions status risk risks development agreed short action good thanks fine".split(),
        *"quick my this that first".split(),
        *"he she they it you me him her them us".split(),  # pronouns open sentences ("He thinks ...")
        *"i the a an we our also then and but so after before today yesterday q1 q2 q3 q4".split(),
        *"monday tuesday wednesday thursday friday".split(),
        # months and their short forms ("by Nov 2")
        *"january february march april may june july august september october november december".split(),
        *"jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun".split(),
    }
)
"""Capitalised words that never name a person (compared in lower case): the one stop-list."""

_TOPIC_WORDS = re.compile(
    r"\b(?:update|plan|audit|review|doc|docs|notes?|budget|feedback|goals?|topics?|agenda|prep|todo|follow|status|"
    r"project|release|hiring|career|growth|training|request|requests|metrics|test|launch|rollout|migration|"
    r"onboarding|lab|harness|question|questions|news|blockers?|wins?|risks?|decisions?|misc|other)s?\b",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(
    r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\b|^[A-Z][a-z]+(?=\s+(?:said|says|told|mentioned|thinks|will|agreed))"
)


def looks_like_a_person(token: str) -> bool:
    """A capitalised word or two that could be someone's name ("Imani", "Joon Park")."""
    return token.lower() not in NOT_NAMES and len(token.split()) <= 2 and token[:1].isupper()


def looks_like_a_name(label: str) -> bool:
    """A label that names a person ("Priya:", "Joon Park:"), not a topic ("Budget review:")."""
    words = label.split()
    return (
        len(words) <= 2
        and all(w[:1].isupper() and w[1:].islower() for w in words)
        and len(words[0]) > 1
        and (len(words) == 2 or looks_like_a_person(label))
        and not _TOPIC_WORDS.search(label)
    )


def topic_word(label: str, aliases: Mapping[str, str], inside: set[str]) -> bool:
    """A one-word label that is a common word, written by a note that never capitalises it
    inside a sentence (``inside``), and no member's name (``aliases``): a topic ("Legal: I
    asked them", "Examples: still owe you those"), not a person."""
    from assistant.retrieval.answers import common_word  # the model's vocabulary, read once

    return (low := label.lower()) not in aliases and low not in inside and common_word(low)


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class People:
    """The pair's two members and the names notes call them by (one instance per pair: see ``of``)."""

    @classmethod
    def of(cls, pair: Pair) -> People:
        return _people(pair)

    def __init__(self, pair: Pair):
        self.ids = (pair.manager.id, pair.employee.id)
        self._first = {p.id: p.name.split()[0] for p in pair.members}
        self.aliases = _aliases(pair)
        self.initials = _member_initials(pair)
        """ "TL", "RO": upper case only ("ro" is not Renata Oyelaran), and only when the two differ."""
        alternatives = "|".join(re.escape(a) for a in sorted(self.aliases, key=len, reverse=True))
        if self.initials:
            alternatives += "|(?-i:" + "|".join(sorted(self.initials)) + ")"
        self.pattern = re.compile(rf"(?<![\w@])@?(?:{alternatives})(?:'s)?(?!\w)", re.IGNORECASE)

    def lookup(self, token: str) -> str | None:
        bare = fold(token).strip().lstrip("@").removesuffix("'s")
        if bare in self.initials:
            return self.initials[bare]
        return self.aliases.get(bare.lower())

    def mentioned(self, text: str) -> list[tuple[int, str]]:
        """(position, person id) of every member named in ``text``."""
        return [(m.start(), pid) for m in self.pattern.finditer(text) if (pid := self.lookup(m.group(0)))]

    def last_named(self, text: str) -> str | None:
        """The member ``text`` names last, unless someone outside the pair is named after them."""
        named = self.mentioned(text)
        if not named:
            return None
        at, pid = named[-1]
        return None if any(text.rfind(o) > at for o in self.outsiders(text)) else pid

    def outsider_named(self, text: str) -> bool:
        """True when ``text`` names someone, by a capitalised name mid-sentence (or a name
        opening it before "said", "will" ...), who is not one of the pair."""
        return bool(self.outsiders(text))

    def outsiders(self, text: str) -> list[str]:
        """The names ``text`` gives of people outside the pair (see :meth:`outsider_named`), in order."""
        return [
            m.group(0)
            for m in _CAPITALISED.finditer(text)
            if not self.lookup(m.group(0)) and looks_like_a_person(m.group(0))
        ]

    def first_name(self, person_id: str) -> str:
        return self._first[person_id]

    def other(self, person_id: str) -> str:
        return self.ids[1] if person_id == self.ids[0] else self.ids[0]


def _aliases(pair: Pair) -> dict[str, str]:
    """Every name a note may call a member by, lower case, to their id: the id, full, first and
    last name (accents folded), and chat handles ("kmensah", "wen.h")."""
    aliases: dict[str, str] = {}
    for person in pair.members:
        for name in _names_of(person.id, person.name):
            aliases.setdefault(name.lower(), person.id)
    # A name both members share (two Alexes) identifies neither.
    firsts = [p.name.split()[0].lower() for p in pair.members]
    if len(firsts) == 2 and firsts[0] == firsts[1]:
        aliases.pop(firsts[0], None)
    for person in pair.members:  # chat handles: "kmensah", "wen.h", "tobi_a"
        for handle in _handles(person.name):
            aliases.setdefault(handle, person.id)
    return aliases


def _names_of(person_id: str, full: str) -> list[str]:
    names = {person_id, full, full.split()[0]}
    if len(full.split()) > 1:
        names.add(full.split()[-1])
    names |= {fold(name) for name in names}
    return [name for name in names if len(name) >= 2]


def _member_initials(pair: Pair) -> dict[str, str]:
    """ "TL", "RO" to the member, when the two differ; and a first name's letter alone ("R/K
    1:1", "K to pilot macros"), where the two differ and the letter is no word of its own."""
    initials = {_initials(p.name): p.id for p in pair.members}
    found = {k: v for k, v in initials.items() if k and len(initials) == 2}
    letters = {fold(p.name)[:1].upper(): p.id for p in pair.members}
    if len(letters) == 2 and not set(letters) & {"A", "I", "O"}:
        found.update({k: v for k, v in letters.items() if k not in found})
    return found


def _name_parts(name: str) -> list[str]:
    return [fold(p) for p in re.findall(r"[^\W\d_]+", name)]


def _initials(name: str) -> str:
    parts = _name_parts(name)
    return "".join(p[0].upper() for p in parts) if 2 <= len(parts) <= 3 else ""


def _handles(name: str) -> set[str]:
    parts = [p.lower() for p in _name_parts(name)]
    if len(parts) < 2:
        return set()
    first, last = parts[0], parts[-1]
    forms = {first[0] + last, first + last, f"{first}.{last}", f"{first}_{last}", f"{first}.{last[0]}"}
    forms |= {f"{first[0]}.{last}", f"{first}_{last[0]}"}
    return {f for f in forms if len(f) >= 3}


@lru_cache(maxsize=1024)
def _people(pair: Pair) -> People:
    return People(pair)
