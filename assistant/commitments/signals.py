"""What a clause reports about an earlier commitment: done, not done yet, or moved to a date.

The report is read from the clause's words alone (see :mod:`assistant.commitments.vocabulary`);
which commitment it is about is decided later, by :mod:`assistant.commitments.linking`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from assistant.commitments.models import Clause, Signal
from assistant.commitments.phrasing import pick_due
from assistant.commitments.vocabulary import (
    DONE,
    DROPPED,
    MOVED,
    NEGATED,
    NOT_DONE,
    PARTIAL,
    PAST_FORMS,
    STRONG_NOT_DONE,
    VERB_GROUPS,
    past_forms,
)
from assistant.text.dates import DateMention

__all__ = ["off_the_list", "read_mark", "read_signal", "reported_act"]

_POINTS_BACK = re.compile(
    r"\b(?:it|this|that)\b(?!\s+(?:week|month|year|quarter|sprint|cycle|morning|afternoon|evening|time|weekend)s?\b)",
    re.IGNORECASE,
)
"""A word pointing back at what was discussed; "this month", "this week" name a time, not a thing."""
_CONDITION = re.compile(r"\b(?:if|unless|once|whether)\b.*$", re.IGNORECASE)

PROGRESS = re.compile(
    r"\b(?:(?:is|are)\s+next\s*(?:[,.;:)]|$)|next\s+up|the\s+rest\b(?!\s+of\s+(?:the|our)\s+(?:team|group|org|company))|"
    r"remaining|still\s+(?:to\s+(?:do|go)|open|left)|to\s+go|left\s+to\s+do|\d+\s+(?:of|out\s+of)\s+\d+|"
    # a share of the work done: "about a third done", "two-thirds written", "80% there", "partly"
    r"(?:a|one|two|three)[\s-]?(?:thirds?|quarters?)\s+(?:done|there|through|finished|complete|written)|"
    r"\d{1,2}\s?%\s+(?:done|there|complete|finished|through|written)|partly|partially)",
    re.IGNORECASE,
)
"""Work going on, not finished: "the rest is next", "3 of 5", "about a third done"."""


def read_signal(clause: Clause, dates: Callable[[str, date], list[DateMention]]) -> None:
    """Set the clause's ``signal`` (and ``moved_to``), ``negated``, ``partial`` and ``refers_back``.

    A clause that states a new commitment of its own reports nothing, unless the commitment
    is only a pronoun ("do it by Friday": the earlier one, moved).
    """
    text = clause.text
    # "it" in a condition ("... if it's approved") is what the condition is about, not the report's
    clause.refers_back = bool(_POINTS_BACK.search(_CONDITION.sub("", text))) and len(text.split()) <= 14
    done_at = _completions(text)
    clause.negated = _denied(text, done_at)
    if partial := PARTIAL.search(text):
        clause.partial = (partial["what"] or partial["part"]).lower()
    if clause.stated is not None and not clause.stated.refers_back:
        return
    if clause.signal is Signal.DONE:
        return
    _dated(clause, dates)
    if moved_to := _moved_to(clause, dates):
        clause.signal, clause.moved_to = Signal.MOVED, moved_to
        return
    if clause.stated is not None and clause.stated.refers_back and clause.stated.due:
        clause.signal, clause.moved_to = Signal.MOVED, clause.stated.due
        return
    if (dropped := DROPPED.search(text)) and (not clause.negated or _denied_only_in(text, dropped)):
        clause.signal = Signal.DROPPED
    elif done_at and not clause.negated and not PROGRESS.search(text):
        clause.signal = Signal.DONE
    elif clause.negated or NOT_DONE.search(text) or PROGRESS.search(text):
        clause.signal = Signal.OPEN


_ACTS_DONE = frozenset(
    form
    for verb in {v for group in VERB_GROUPS for v in group.split()} | set(PAST_FORMS)
    for form in past_forms(verb)
    # not a participle that opens a clause of its own ("Given the delay", "Done right, ..."),
    # nor a past that reports no act of the note's author ("Set for Friday", "Said it's fine")
    if form not in {"set", "put", "read", "said", "thought", "left", "kept", "owed", "done"} and not form.endswith("n")
)
_LEAD = r"^\W*(?:\[[\d:]+\]\s*)?(?:[A-Za-z][\w' /&-]{0,40}:\s+)?"  # a timestamp, a topic label
_ELLIPTIC = re.compile(_LEAD + r"(?:also\s+|and\s+|then\s+)?([A-Z][a-z]+)\b")
_A_REQUEST = re.compile(_LEAD + r"asked\s+(?:\w+\s+){1,2}?(?:to|if|whether)\b", re.IGNORECASE)


def reported_act(text: str) -> bool:
    """A note's own shorthand for what its author did, with no subject ("Spoke with Anneke on
    the 8th", "Asked in their channel during the meeting", "Tried the time box for a week"):
    an act in the past tense opening the clause reports it done. A request it made ("Asked
    Jo to send the deck") reports nothing done; a question neither."""
    m = _ELLIPTIC.match(text)
    if not m or m.group(1).lower() not in _ACTS_DONE or text.rstrip().endswith("?"):
        return False
    return not _A_REQUEST.match(text)


_DEADLINE = re.compile(r"\b(?:by|until|till|before|due|no\s+later\s+than|now)\s+(?:the\s+)?\(?$", re.IGNORECASE)
_TOPIC = re.compile(r"^[^:]{1,40}:\s+")
_FILLER = re.compile(
    r"\b(?:ok|okay|so|and|then|agreed|deal|fine|promise[ds]?|latest|at\s+the\s+latest|it\s+is|is\s+fine|works|"
    r"sorry|pls|please|yes|yep|sure|new|date|target|by|before|until|till|on|for|the|a|of|it|that|this|to|in|at)\b",
    re.IGNORECASE,
)


def _dated(clause: Clause, dates: Callable[[str, date], list[DateMention]]) -> None:
    """``dated`` and ``fragment``: a date ahead that the clause gives, and whether that date
    is about all it says (a few words at most besides it, and no subject of its own)."""
    text = clause.text
    ahead = [
        d
        for d in dates(text, clause.note_date)
        if d.value
        and d.value >= clause.note_date
        and d.kind != "next_checkin"
        and not re.search(r"\b(?:since|from|starting|last)\s+(?:on\s+)?$", text[: d.start], re.IGNORECASE)
    ]
    chosen = pick_due(text, ahead)
    if chosen is None:
        return
    clause.dated = chosen.value
    # the clause up to a reason it gives ("Agreed: first draft by July 10, so Felix has time")
    main = re.split(r"[,;]\s+(?:so|which|because|since|as|to)\b|\s[-–—]\s", text)[0]
    if chosen.end > len(main) or text.rstrip().endswith("?"):
        return
    rest = main[: chosen.start] + " " + main[chosen.end :]
    rest = _FILLER.sub(" ", _TOPIC.sub("", rest.strip()))
    words = re.findall(r"[A-Za-z]{2,}", rest)
    clause.fragment = (
        len(words) <= 2
        and not re.match(r"^\W*(?:I|we|he|she|they)\b", rest, re.IGNORECASE)
        and not re.search(r"\w(?:'s|'re|ed)\b|\b(?:is|are|was|were|has|had)\b", rest, re.IGNORECASE)
    )  # no subject and verb of its own: "Taxonomy by Aug 28", not "Wren's on it, target Feb 27"
    # a date given as a deadline ("by 3/27", "until Friday") dates what the clause reports on
    clause.deadline = bool(re.search(_DEADLINE, text[: chosen.start])) and not text.rstrip().endswith("?")


def _completions(text: str) -> list[int]:
    """Where the clause says something was done, not denied or wished just before."""
    return [
        m.start()
        for m in DONE.finditer(text)
        if not NEGATED.search(text[: m.start()]) and not _WISHED.search(text[: m.start()])
    ]


_WISHED = re.compile(
    r"\b(?:wants?|wanted|'d\s+like|would\s+like|needs?|expects?|prefers?|hopes?\s+to\s+(?:get|have|see))\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
"""A wish for a result is no report of it: "he'd like them fixed", "she wants it finished"."""


def _denied_only_in(text: str, dropped: re.Match) -> bool:
    """The only denial is the letting-go itself: "the feedback isn't going to happen"."""
    rest = text[: dropped.start()] + " " + text[dropped.end() :]
    return not STRONG_NOT_DONE.search(rest) and not NEGATED.search(rest) and not rest.rstrip().endswith("?")


def _denied(text: str, done_at: list[int]) -> bool:
    """A denial counts where it bears on the report: before the completion word, or with
    none at all ("the gap list is in the doc: features aren't versioned" is done)."""
    denial = STRONG_NOT_DONE.search(text)
    return (
        any(NEGATED.search(text[: m.start()]) for m in DONE.finditer(text))
        or (denial is not None and (not done_at or denial.start() < done_at[0]))
        or text.rstrip().endswith("?")
    )


def _moved_to(clause: Clause, dates: Callable[[str, date], list[DateMention]]) -> date | None:
    """The new date a clause moves something to ("push it to September 11"), if it does."""
    m = MOVED.search(clause.text)
    if not m:
        return None
    found = dates(clause.text, clause.note_date)
    if m.group(0).lower().startswith(("instead", "rather")):  # "Thu 4/9 instead of 4/3", "the 15th rather than the 1st"
        chosen = pick_due(clause.text, found)
        return chosen.value if chosen is not None and chosen.value else None
    later = [d for d in found if d.start >= m.start()]
    chosen = pick_due(clause.text[m.start() :], later)
    return chosen.value if chosen is not None and chosen.value else None


_SENT_TO = re.compile(r"(?:'s|has|have)\s+gone\s+(?:out\s+|over\s+|across\s+)?to\s+(?=[A-Z])")
"""Sent on its way to someone: "the template's gone to Inês"."""
_OFF_LIST = re.compile(r"\boff\s+(?:her|his|my|our|their|your)\s+(?:plate|list)\b", re.IGNORECASE)


def off_the_list(clause: Clause, before: Clause | None) -> None:
    """ "Template's gone to Inês, so that's off my list": off the list because it was done,
    when what comes before the "so" reports it done (else it was let go: dropped)."""
    if clause.signal is not Signal.DROPPED or not (off := _OFF_LIST.search(clause.text)):
        return
    head = re.split(r"(?:,|;|\.)?\s+(?:so|and\s+so)\s+(?=\w+(?:'s|\s+is)\s+off\b)", clause.text[: off.end()])
    done_before = len(head) > 1 and (DONE.search(head[0]) or _SENT_TO.search(head[0])) and not DROPPED.search(head[0])
    if done_before or (before is not None and before.signal is Signal.DONE and len(head) == 1):
        clause.signal = Signal.DONE


def read_mark(clause: Clause, before: Clause | None = None) -> None:
    """A status marker says more than the words: ✅ done, ~~struck~~ closed (done when the
    words say so, else dropped), ❌ not done, ⏳ under way. ``before``: the clause before it on
    its line ("I haven't raised it; the meeting was cancelled": a reason, not a drop)."""
    if clause.mark in ("done", "struck"):
        done = clause.mark == "done" or (DONE.search(clause.text) and not clause.negated)
        clause.signal = Signal.DONE if done else Signal.DROPPED
    elif clause.mark in ("not_done", "under_way") and clause.signal is not Signal.MOVED:
        clause.signal = Signal.OPEN
    if clause.signal is Signal.DROPPED and before is not None and before.signal is Signal.OPEN:
        clause.signal = Signal.OPEN
