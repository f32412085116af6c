"""The pair's people as notes name them: ids, full names, first and last names, ``@handles``."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from assistant.models import Pair

__all__ = ["People", "fold"]


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
        aliases: dict[str, str] = {}
        for person in pair.members:
            names = {person.id, person.name, person.name.split()[0]}
            if len(person.name.split()) > 1:
                names.add(person.name.split()[-1])
            for name in list(names):
                names.add(fold(name))
            for name in names:
                if len(name) >= 2:
                    aliases.setdefault(name.lower(), person.id)
        # A name both members share (two Alexes) identifies neither.
        for person in pair.members:
            for other in pair.members:
                if person.id != other.id and person.name.split()[0].lower() == other.name.split()[0].lower():
                    aliases.pop(person.name.split()[0].lower(), None)
        self.aliases = aliases
        alternatives = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![\w@])@?(?:{alternatives})(?:'s)?(?!\w)", re.IGNORECASE)

    def lookup(self, token: str) -> str | None:
        token = fold(token).lower().lstrip("@").removesuffix("'s")
        return self.aliases.get(token)

    def mentioned(self, text: str) -> list[tuple[int, str]]:
        """(position, person id) of every member named in ``text``."""
        return [(m.start(), pid) for m in self.pattern.finditer(text) if (pid := self.lookup(m.group(0)))]

    def first_name(self, person_id: str) -> str:
        return self._first[person_id]

    def other(self, person_id: str) -> str:
        return self.ids[1] if person_id == self.ids[0] else self.ids[0]


@lru_cache(maxsize=1024)
def _people(pair: Pair) -> People:
    return People(pair)
