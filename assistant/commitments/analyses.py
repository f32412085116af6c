"""Notes' analyses (their clauses, read by the rules) kept between rebuilds of a pair's ledgers.

A pair's ledgers are rebuilt after every change of its notes, and reading every note again
(splitting clauses, finding dates, judging promises) was most of the cost of adding one
note to a pair of thirty (``benchmarks/concurrent_writes.py``), pure Python that no other
writer can run beside. A :class:`RememberingAnalyzer` reads each note version once; the
:class:`AnalyzerCache` keeps it from one rebuild to the next while the pair (its members'
names, cadence) and its calendar (check-in dates, date convention), which an analysis
depends on, are unchanged. What the last rebuild did not read (a note deleted, or an older
text) is dropped after it.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date

from assistant.commitments.models import Clause
from assistant.commitments.reading import Analyzer
from assistant.models import Pair
from assistant.text.dates import DateMention

__all__ = ["ANALYZERS_KEPT", "AnalyzerCache", "Readings", "RememberingAnalyzer", "fresh"]

ANALYZERS_KEPT = 32
"""Pairs (and calendars) whose analyses are kept in memory between rebuilds."""


class Readings:
    """Every kept analysis of one pair's notes under one date convention, by note version,
    each with the answers it got about the next check-in (what it read of the calendar)."""

    def __init__(self) -> None:
        self.kept: dict[tuple, list[tuple[tuple, list[Clause]]]] = {}
        self._used: set[tuple[tuple, tuple]] = set()

    def find(self, key: tuple, next_checkin: Callable[[date], date | None]) -> tuple[tuple, list[Clause]] | None:
        """A kept analysis of the note whose every question about the next check-in this
        calendar answers the same (a note that names no "next 1:1" asked none)."""
        for asked, clauses in self.kept.get(key, ()):
            if all(next_checkin(day) == answer for day, answer in asked):
                return asked, clauses
        return None

    def keep(self, key: tuple, asked: tuple, clauses: list[Clause]) -> None:
        self.kept.setdefault(key, []).append((asked, clauses))

    def used(self, key: tuple, asked: tuple) -> None:
        self._used.add((key, asked))

    def forget_unused(self) -> None:
        """Drop what was not read since the last call (a note deleted or changed since)."""
        kept = {k: [(a, c) for a, c in found if (k, a) in self._used] for k, found in self.kept.items()}
        self.kept = {k: found for k, found in kept.items() if found}
        self._used = set()


class RememberingAnalyzer(Analyzer):
    """Analyses each note once (the clauses are read, never changed, by ``linking.build``).

    An analysis depends on the calendar only through the next check-in after a date, asked
    where a clause names it ("by our next 1:1"); with ``readings`` shared between the pair's
    calendars, a note is read again only where its answer differs: the members' calendars
    (one sees a private check-in) share every other note's reading, and a check-in added
    re-reads the notes it is now the next check-in of, not the pair's whole history.
    """

    def __init__(self, pair: Pair, next_checkin, readings: Readings | None = None) -> None:
        super().__init__(pair, next_checkin)
        self.readings = readings if readings is not None else Readings()
        self._asked: list[tuple[date, date | None]] | None = None

    def dates(self, text: str, base: date) -> list[DateMention]:
        found = super().dates(text, base)
        if self._asked is not None and any(d.kind == "next_checkin" for d in found):
            self._asked.append((base, self.next_checkin(base)))
        return found

    def analyze(self, note_id: str, note_date: date, author: str, text: str) -> list[Clause]:
        key = (note_id, note_date, author, text)
        found = self.readings.find(key, self.next_checkin)
        if found is None:
            self._asked = []
            try:
                clauses = super().analyze(note_id, note_date, author, text)
            finally:
                asked, self._asked = tuple(dict.fromkeys(self._asked or ())), None
            self.readings.keep(key, asked, clauses)
            found = asked, clauses
        self.readings.used(key, found[0])
        # A copy: linking a ledger marks its clauses (what each was linked to), and the next
        # rebuild, or the other member's ledger, must start from the note as read.
        return fresh(found[1])

    def forget_unused(self) -> None:
        """Drop what was not read since the last call (a note deleted or changed since)."""
        self.readings.forget_unused()


def fresh(clauses: list[Clause]) -> list[Clause]:
    """Clauses as read, to be marked by one ledger without touching the kept ones: what
    ``copy.deepcopy`` gives, at a tenth of its cost (a clause's other fields are immutable:
    strings, dates, enums; this is a third of a 222-note ledger's Python time otherwise)."""
    out = []
    for clause in clauses:
        twin = copy.copy(clause)
        twin.stated = copy.copy(clause.stated)
        twin.names = list(clause.names)
        twin.outsiders_before = list(clause.outsiders_before)
        out.append(twin)
    return out


class AnalyzerCache:
    def __init__(self, size: int = ANALYZERS_KEPT):
        self._kept: OrderedDict[tuple, RememberingAnalyzer] = OrderedDict()
        self._readings: dict[tuple[Pair, bool], Readings] = {}
        self._size = size
        self._lock = threading.Lock()

    def get(
        self, pair: Pair, calendar: tuple[tuple[date, ...], bool], next_checkin: Callable[[], Callable]
    ) -> RememberingAnalyzer:
        """The pair's analyzer for this calendar: the one kept, or a new one
        (``next_checkin()`` makes its finder of the next check-in)."""
        key = (pair, calendar)
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        with self._lock:
            readings = self._readings.setdefault((pair, calendar[1]), Readings())
        made = RememberingAnalyzer(pair, next_checkin(), readings)
        made.day_first = calendar[1]
        with self._lock:
            self._kept[key] = made
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return made

    def retain(self, pair_id: str, used: list[RememberingAnalyzer]) -> None:
        """After a rebuild of the pair: keep only the analyzers it used (the members'
        calendars now), and of their readings only the analyses it read."""
        readings = list({id(a.readings): a.readings for a in used}.values())
        for kept in readings:
            kept.forget_unused()
        with self._lock:
            for key in [k for k, a in self._kept.items() if k[0].id == pair_id and a not in used]:
                del self._kept[key]
            for key in [k for k, r in self._readings.items() if k[0].id == pair_id and r not in readings]:
                del self._readings[key]
            live = {(k[0], k[1][1]) for k in self._kept}
            for key in [k for k in self._readings if k not in live]:  # their calendars evicted
                del self._readings[key]
