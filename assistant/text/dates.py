"""Due dates in note text, resolved against the note's own date.

``dateparser`` resolves the explicit forms (month names, 9/11, weekdays, "in two weeks");
the period phrases it does not know ("end of next week", "mid-September", "this week",
"before our next 1:1") are handled here. A date without a year goes to the year that puts
it nearest the note, leaning to the future: "by July 17" written on July 20 is three days
late, not due next year.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

__all__ = ["DateMention", "day_first_convention", "find_dates", "resolve"]

_MONTHS = {name: i for i in range(1, 13) for name in {calendar.month_name[i].lower(), calendar.month_abbr[i].lower()}}
_MONTHS["sept"] = 9
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "couple of": 2, "few": 3}
CHECKIN = r"(?:1[:\-]1|1-on-1|one[- ]on[- ]ones?|check[- ]?in|sync|catch[- ]?up|meeting)"

_AFTER_BY = "(?:" + "|".join(rf"(?<=\b{w} )" for w in ("by", "until", "till", "during", "in", "through")) + ")"
"""Just after a preposition of time: "by April" is a date, "April" alone may be a name."""

_ORDINAL_AFTER = "(?:" + "|".join(rf"(?<=\b{w} )" for w in ("on", "before", "to", "for", "from", "after")) + ")"

# Ordered: the first pattern that matches a span wins it.
_PATTERNS: list[tuple[str, str]] = [
    ("next_checkin", rf"\b(?:(?:our|the) )?next (?:{CHECKIN}|one)\b"),
    ("end_week", r"\b(?:the )?end of (?:the |this )?(?P<next>next )?(?:week|wk)\b|\beow\b"),
    ("this_week", r"\bthis (?:week|wk)\b"),
    ("next_week", r"\bnext (?:week|wk)\b"),
    ("end_month", rf"\b(?:the )?end of (?:the |this )?(?:(?P<nextm>next )?month|(?P<month>{MONTH}))\b|\beom\b"),
    ("part_month", rf"\b(?P<part>early|mid|late)[- ](?P<month>{MONTH})\b"),
    (
        "month_start",
        rf"\b(?:first\s+thing|at\s+the\s+(?:very\s+)?start|the\s+first\s+day)\s+(?:in|of)\s+(?P<month>{MONTH})\b",
    ),
    ("week_of_month", rf"\b(?:the )?(?P<which>first|second|third|last) week of (?P<month>{MONTH})\b"),
    ("end_year", r"\b(?:the )?end of (?:the |this )?year\b"),
    ("quarter", r"\b(?:(?:the )?end of )?q(?P<q>[1-4])\b"),
    ("iso", r"\b\d{4}-\d{2}-\d{2}\b"),
    ("month_day", rf"\b{MONTH} (?:the )?\d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?\b"),
    ("day_month", rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{MONTH}(?: \d{{4}})?\b"),
    ("numeric", r"(?<![\d/])\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/])"),
    # day first, as much of Europe writes it: "27.02.", "18.04.2026"
    ("dotted", r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}|\d{2}(?!\d))?"),
    ("calendar_week", r"\b(?:KW|CW)\s?(?P<week>\d{1,2})\b"),
    # "before June": by the end of May
    ("before_month", rf"(?<=\bbefore )(?P<month>{MONTH})(?![\w-]|\.? ?\d)"),
    ("month_only", rf"{_AFTER_BY}(?P<month>{MONTH})(?![\w-]|\.? ?\d)"),
    # "by / on / before / to / for / from / after the 20th" ("pushed to the 20th", "now before the 20th")
    ("ordinal_day", rf"(?:{_AFTER_BY}|{_ORDINAL_AFTER})(?:the )?(?P<day>\d{{1,2}})(?:st|nd|rd|th)\b"),
    ("today", r"\b(?:today|tonight|eod|end of (?:the )?day|after lunch|this (?:morning|afternoon|evening))\b"),
    ("weekend", r"\b(?:(?:over|at|on|by|during) the|this) weekend\b"),
    ("tomorrow", r"\b(?:tomorrow|tmrw|tmr)\b"),
    # "Fri 16th", "Thursday the 29th": the day of the month that weekday names
    (
        "weekday_day",
        rf"\b{WEEKDAY},? (?:(?:the )?(?P<day>\d{{1,2}})(?:st|nd|rd|th)|the (?P<day2>\d{{1,2}})"
        rf"|(?P<day3>\d{{1,2}})(?=\s*(?:[)\],;]|\.(?!\d)|$)))\b(?!\s?(?:/|\.\d|:|{MONTH}))",
    ),
    ("weekday", rf"\b(?:next |this )?{WEEKDAY}\b"),
    (
        "relative",
        r"\b(?:in|within) (?:the next )?(?P<n>\d+|an?|one|two|three|four|five|six|a couple of|a few) "
        r"(?P<unit>days?|weeks?|months?)\b",
    ),
]
_COMPILED = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _PATTERNS]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    phrase: str
    kind: str
    value: date | None
    """None when the phrase is a date we cannot pin down (the next 1:1 with no cadence)."""


def find_dates(text: str, base: date, next_checkin: date | None = None, day_first: bool = False) -> list[DateMention]:
    """Every date phrase in ``text``, resolved against ``base``, in order of position.

    ``day_first``: the writer puts the day first in numeric dates ("10/4" is April 10); see
    :func:`day_first_convention`."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _COMPILED:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if kind == "weekday" and _weekday_is_not_a_date(text, m):
                continue
            if kind == "quarter" and not _quarter_is_a_date(text, m):
                continue
            if kind == "month_only" and _month_of_an_event(text, m):
                continue
            value = resolve(kind, m, base, next_checkin, day_first)
            if value is None and kind != "next_checkin":
                continue
            taken.append(m.span())
            found.append(DateMention(m.start(), m.end(), m.group(0), kind, value))
    return _apposed(text, sorted(found, key=lambda d: d.start))


_EXPLICIT = {"iso", "month_day", "day_month", "numeric", "dotted"}


def _apposed(text: str, found: list[DateMention]) -> list[DateMention]:
    """ "Friday, April 23", "Thu 4/9", "Friday (May 15)": one date, named twice; the
    calendar date is the one meant."""
    out: list[DateMention] = []
    for d in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "weekday"
            and d.kind in _EXPLICIT
            and re.fullmatch(r"[\s,(]*(?:the\s+)?", text[prev.end : d.start])
        ):
            end = d.end + (1 if text[d.end : d.end + 1] == ")" and "(" in text[prev.end : d.start] else 0)
            out[-1] = DateMention(prev.start, end, text[prev.start : end], d.kind, d.value)
            continue
        out.append(d)
    return out


def _weekday_is_not_a_date(text: str, m: re.Match) -> bool:
    """ "Fridays going forward" is a habit and "the Tuesday slot" a name, not dates."""
    if text[m.end() : m.end() + 1].lower() == "s":
        return True
    if re.match(r"\s+(?:mornings|afternoons|evenings|nights)\b", text[m.end() :], re.IGNORECASE):
        return True  # "on Friday afternoons": a habit
    if re.search(r"\b(?:at|by|before|until|after)\s+(?:our|the)\s+$", text[: m.start()], re.IGNORECASE):
        return False  # "at our Thursday sync": the coming one
    if re.search(r"\b(?:the|our|a|every|each|usual)\s+$", text[: m.start()], re.IGNORECASE):
        return True
    return bool(
        re.match(
            r"\s+(?:slot|meeting|sync|1:1|one-on-one|standup|stand-up|call|crit|review|session)s?\b",
            text[m.end() :],
            re.IGNORECASE,
        )
    )


def _month_of_an_event(text: str, m: re.Match) -> bool:
    """ "nominate Raj for the talk slot in November": the month is when the slot is, not when
    the nomination is due ("in" after a "for"/"at" phrase; "by November" is always a date)."""
    before = text[: m.start()]
    if not re.search(r"\bin\s+$", before):
        return False
    clause = before.split(",")[-1]
    return bool(re.search(r"\bfor\s+(?:the\s+|a\s+|an\s+|our\s+|their\s+)?[\w' -]+\s+in\s+$", clause))


def _quarter_is_a_date(text: str, m: re.Match) -> bool:
    """ "by Q2", "end of Q3" are dates; "the Q2 roadmap", "in the Q1 budget" are names, and
    "the plan for Q2" is what the plan is about (the work is for that period, not due by it)."""
    if re.match(r"\s+(?!and\b|or\b|at\b|if\b|so\b|but\b|or\b|to\b|when\b|then\b)[a-z]", text[m.end() :]):
        return False
    return m.group(0).lower().startswith(("end", "the end")) or bool(
        re.search(r"\b(?:by|in|before|until|till|during|within|through)\s+(?:the\s+)?$", text[: m.start()], re.I)
    )


def resolve(kind: str, m: re.Match, base: date, next_checkin: date | None, day_first: bool = False) -> date | None:
    if kind == "next_checkin":
        return next_checkin
    if kind == "weekday":
        return _next_weekday(base, m.group(0))
    if kind == "weekday_day":
        return _weekday_day(base, m.group(0), int(m["day"] or m["day2"] or m["day3"]))
    if kind == "numeric" and day_first:
        return _numeric_day_first(m.group(0), base)
    if kind in _RESOLVERS:
        return _RESOLVERS[kind](m.groupdict(), base)
    return _parse_explicit(m.group(0), base)


def _week(groups: dict, base: date) -> date:
    friday = base + timedelta(days=(4 - base.weekday()) % 7)
    if base.weekday() > 4:  # written at the weekend: "this week" is the coming one
        friday = base + timedelta(days=(4 - base.weekday()) + 7)
    if groups.get("next") or groups.get("_next_week"):
        friday += timedelta(days=7)
    return friday


def _end_month(groups: dict, base: date) -> date:
    if groups.get("month"):
        return _month_end(_nearest_year(base, _month(groups["month"]), 28))
    year, month = base.year, base.month
    if groups.get("nextm"):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return _month_end(date(year, month, 1))


def _quarter(groups: dict, base: date) -> date:
    q = int(groups["q"])
    year = base.year if q >= (base.month - 1) // 3 + 1 else base.year + 1
    return _month_end(date(year, 3 * q, 1))


def _relative(groups: dict, base: date) -> date:
    n = groups["n"].lower()
    count = int(n) if n.isdigit() else _NUMBERS.get(n.removeprefix("a ").strip(), 1)
    unit = groups["unit"].lower().rstrip("s")
    return base + timedelta(days=count * {"day": 1, "week": 7, "month": 30}[unit])


def _dotted(groups: dict, base: date) -> date | None:
    day, month = int(groups["d"]), int(groups["m"])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    if groups.get("y"):
        year = int(groups["y"]) + (2000 if len(groups["y"]) == 2 else 0)
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return _nearest_year(base, month, day)


def _numeric_day_first(phrase: str, base: date) -> date | None:
    parts = [int(p) for p in phrase.split("/")]
    year = parts[2] if len(parts) > 2 else None
    return _dotted({"d": str(parts[0]), "m": str(parts[1]), "y": str(year) if year else None}, base)


def _calendar_week(groups: dict, base: date) -> date | None:
    """ "KW 9": the Friday of that ISO week, in the year that puts it nearest the note."""
    week = int(groups["week"])
    if not 1 <= week <= 53:
        return None
    options = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            options.append(date.fromisocalendar(year, week, 5))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - base).days))


def _ordinal_day(groups: dict, base: date) -> date | None:
    """ "by the 10th": that day of this month, or of the next when it has passed."""
    day = int(groups["day"])
    if not 1 <= day <= 31:
        return None
    year, month = base.year, base.month
    if day < base.day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


_RESOLVERS: dict[str, Callable[[dict, date], date | None]] = {
    "end_week": _week,
    "this_week": _week,
    "next_week": lambda g, b: _week({**g, "_next_week": True}, b),
    "end_month": _end_month,
    "part_month": lambda g, b: _nearest_year(
        b, _month(g["month"]), {"early": 7, "mid": 15, "late": 25}[g["part"].lower()]
    ),
    # the end of that week, as "this week" means its Friday
    "week_of_month": lambda g, b: _nearest_year(
        b, _month(g["month"]), {"first": 7, "second": 14, "third": 21, "last": 31}[g["which"].lower()]
    ),
    "end_year": lambda g, b: date(b.year, 12, 31),
    "quarter": _quarter,
    "month_start": lambda g, b: _nearest_year(b, _month(g["month"]), 1),
    "today": lambda g, b: b,
    "tomorrow": lambda g, b: b + timedelta(days=1),
    "relative": _relative,
    "dotted": _dotted,
    "calendar_week": _calendar_week,
    "month_only": lambda g, b: _month_end(_nearest_year(b, _month(g["month"]), 28)),
    "before_month": lambda g, b: _nearest_year(b, _month(g["month"]), 1) - timedelta(days=1),
    "weekend": lambda g, b: b + timedelta(days=(6 - b.weekday()) or 7),
    "ordinal_day": _ordinal_day,
}


def day_first_convention(texts: Iterable[str]) -> bool:
    """Whether a writer's numeric dates put the day first: some of them only can ("27/3"),
    more often than some only can put the month first ("3/27")."""
    day_first = month_first = 0
    for text in texts:
        for m in re.finditer(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/\d{2,4})?(?![\d/])", text):
            a, b = int(m.group(1)), int(m.group(2))
            day_first += a > 12 >= b
            month_first += b > 12 >= a
    return day_first > month_first


def _month(token: str) -> int:
    return _MONTHS[token.lower().rstrip(".")[:4] if token.lower().startswith("sept") else token.lower().rstrip(".")[:3]]


def _month_end(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def _nearest_year(base: date, month: int, day: int) -> date:
    """The date in the year nearest ``base``; past dates count three times as far."""
    candidates = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidates.append(date(year, month, min(day, calendar.monthrange(year, month)[1])))
        except ValueError:
            continue
    return min(candidates, key=lambda d: (d - base).days if d >= base else 3 * (base - d).days)


def _weekday_day(base: date, phrase: str, day: int) -> date | None:
    """The day-of-month ``day`` from about ``base`` on, in the month where it falls on the
    weekday named (this month or the next two), else the first such day ahead."""
    weekday = _weekday_index(phrase.split()[0])
    found = []
    for ahead in range(3):
        month, year = (base.month - 1 + ahead) % 12 + 1, base.year + (base.month - 1 + ahead) // 12
        if day <= calendar.monthrange(year, month)[1] and (d := date(year, month, day)) >= base - timedelta(days=3):
            found.append(d)
    return next((d for d in found if d.weekday() == weekday), found[0] if found else None)


def _weekday_index(word: str) -> int:
    """Monday 0 ... Sunday 6, for a weekday's name or its short form ("thurs", "Fri")."""
    return next(i for name, i in _WEEKDAYS.items() if name.startswith(word.lower()[:3]))


def _next_weekday(base: date, phrase: str) -> date:
    """The coming such day, strictly after the note's date ("next" means the same here)."""
    target = _weekday_index(phrase.split()[-1])
    ahead = (target - base.weekday()) % 7 or 7
    return base + timedelta(days=ahead)


def _parse_explicit(phrase: str, base: date) -> date | None:
    parsed = _dateparser(phrase.lower(), base.isoformat())
    if parsed is None:
        return None
    if re.search(r"\d{4}", phrase):
        return parsed
    return _nearest_year(base, parsed.month, parsed.day)


@lru_cache(maxsize=4096)
def _dateparser(phrase: str, base_iso: str) -> date | None:
    import dateparser

    base = datetime.fromisoformat(base_iso)
    cleaned = re.sub(r"\bsept\b", "sep", re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", phrase))
    result = dateparser.parse(
        cleaned,
        languages=["en"],
        settings={"RELATIVE_BASE": base, "DATE_ORDER": "MDY", "PREFER_DAY_OF_MONTH": "first"},
    )
    return result.date() if result else None
