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

__all__ = ["ANALYZERS_KEPT", "AnalyzerCache", "RememberingAnalyzer", "fresh"]

ANALYZERS_KEPT = 32
"""Pairs (and calendars) whose analyses are kept in memory between rebuilds."""


class RememberingAnalyzer(Analyzer):
    """Analyses each note once (the clauses are read, never changed, by ``linking.build``)."""

    def __init__(self, pair: Pair, next_checkin) -> None:
        super().__init__(pair, next_checkin)
        self._seen: dict[tuple, list[Clause]] = {}
        self._used: set[tuple] = set()

    def analyze(self, note_id: str, note_date: date, author: str, text: str) -> list[Clause]:
        key = (note_id, note_date, author, text)
        if key not in self._seen:
            self._seen[key] = super().analyze(note_id, note_date, author, text)
        self._used.add(key)
        # A copy: linking a ledger marks its clauses (what each was linked to), and the next
        # rebuild, or the other member's ledger, must start from the note as read.
        return fresh(self._seen[key])

    def forget_unused(self) -> None:
        """Drop what was not read since the last call (a note deleted or changed since)."""
        self._seen = {k: v for k, v in self._seen.items() if k in self._used}
        self._used = set()


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
        made = RememberingAnalyzer(pair, next_checkin())
        made.day_first = calendar[1]
        with self._lock:
            self._kept[key] = made
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return made

    def retain(self, pair_id: str, used: list[RememberingAnalyzer]) -> None:
        """After a rebuild of the pair: keep only the analyzers it used (the members'
        calendars now), each with only the analyses it read."""
        for analyzer in used:
            analyzer.forget_unused()
        with self._lock:
            for key in [k for k, a in self._kept.items() if k[0].id == pair_id and a not in used]:
                del self._kept[key]
