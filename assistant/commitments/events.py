"""Named events the notes date, and the due date of a promise to do something before one.

"I'll write up the design by the offsite" names no date; the pair's notes do, elsewhere:
"the security offsite (Oct 27–28)", "kickoff is May 27", "Rollback dry-run booked: Thu 3/12".
A promise made with no date of its own, to be done before (by, ahead of) an event the notes
date on a day still ahead of the promise, is due on that event's (first) day.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from assistant.commitments.models import EventKind, TrackedCommitment
from assistant.models import Note
from assistant.text.dates import DateMention

__all__ = ["dated_by_events", "event_dates"]

_DAY_PRECISE = frozenset({"iso", "month_day", "day_month", "numeric", "dotted", "weekday_day", "weekday"})
"""Dates that name one day (not "in March", "Q2"): an event is dated only by one of these."""
_LINKING = "is was are on for booked scheduled set planned now moved to happens starts the".split()
_LINK = r"(?:\s*[(:,]\s*|\s+)(?:(?:" + "|".join(_LINKING) + r")\s*:?\s+)*"
_BEFORE_DATE = re.compile(r"(?P<event>[A-Za-z][\w-]*(?:[ ][A-Za-z][\w-]*){0,2})" + _LINK + r"$")
_BEFORE = re.compile(
    r"\b(?:before|by|ahead\s+of|in\s+time\s+for|prior\s+to)\s+"
    r"(?:(?:the|our|their|her|his|my|your|next|this|upcoming)\s+)?(?P<what>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})",
    re.IGNORECASE,
)
_STOP = frozenset(
    "so and but because to with for in on at of or then when if once after as that which who it its this "
    "end start time week weeks day days month now next we she he they i you them me us".split()
)
"""Words that end the name of an event ("before kickoff so people come prepared"), or are none."""


def _key(word: str) -> str:
    return re.sub(r"[-\s]", "", word.lower()).removesuffix("s")


def event_dates(
    notes: Sequence[Note], dates: Callable[[str, date], list[DateMention]]
) -> dict[str, list[tuple[date, frozenset[str]]]]:
    """Each event head word the notes date ("offsite", "dryrun", "kickoff") -> [(its day, the
    words naming it)], from "<event> (date)", "<event> is <date>", "<event> booked: <date>"."""
    found: dict[str, list[tuple[date, frozenset[str]]]] = {}
    for note in notes:
        for line in note.text.splitlines():
            for d in dates(line, note.date):
                if d.kind not in _DAY_PRECISE or d.value is None:
                    continue
                m = _BEFORE_DATE.search(line[: d.start])
                if m is None:
                    continue
                words = [w for w in m["event"].split() if w.lower() not in ("the", "our", "a")]
                while words and words[-1].lower() in _LINKING:  # "kickoff is May 27"
                    words.pop()
                if not words or words[-1].lower() in _STOP:
                    continue
                found.setdefault(_key(words[-1]), []).append((d.value, frozenset(_key(w) for w in words)))
    return found


def _named(text: str) -> list[str] | None:
    """The words of the event a promise is to be done before ("before the offsite" -> offsite)."""
    m = _BEFORE.search(text)
    if m is None:
        return None
    words = []
    for w in m["what"].split():
        if w.lower() in _STOP:
            break
        words.append(w)
    return words or None


def dated_by_events(
    items: Sequence[TrackedCommitment], notes: Sequence[Note], dates: Callable[[str, date], list[DateMention]]
) -> None:
    """Give each open promise with no date, made to be done before a named event, that event's
    day: the first day the notes give it on or after the promise was made."""
    undated = [i for i in items if i.due is None and not i.recurring and _named(i.text)]
    if not undated:
        return
    calendar = event_dates(notes, dates)
    for item in undated:
        if any(e.kind is EventKind.MOVED for e in item.events):
            continue
        words = _named(item.text) or []
        wanted = {_key(w) for w in words}
        days = [day for day, named in calendar.get(_key(words[-1]), []) if day >= item.made_on and wanted <= named]
        if days:
            item.due = min(days)
