"""The wording of a promise: its action without labels, status reports or the date phrase.

Small pure functions the reader uses on a clause's action ("send the deck by Friday"):
which date phrase is its due date, whether it is conditional or only a state, whether it
is only a pronoun that restates an earlier promise, and the tidy text that is kept.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.commitments.models import Clause
from assistant.commitments.vocabulary import (
    FILLER,
    MOVED,
    NOT_DONE,
    OBJECT_HER,
    PRONOUN_ACTION,
    RECURRING,
    STRONG_NOT_DONE,
    THIRD_PARTY_DATE,
    WHETHER_IF,
)
from assistant.text.dates import DateMention
from assistant.text.people import People

__all__ = [
    "ACTION_VERBS",
    "CONDITION_TAIL",
    "recurring",
    "with_names",
    "acted_on",
    "a_state",
    "actionable",
    "conditional",
    "pick_due",
    "refers_back",
    "resolve_it",
    "split_due",
    "tidy",
    "without_status",
]


def without_status(action: str) -> str:
    """ "conference budget for H2" from "conference budget for H2, finance hasn't answered yet;
    new date 6/26": the status report a line item carries is not part of the promise (its
    date is kept: it is the latest agreed one)."""
    parts = re.split(r"(?<=[,;])\s+", action)
    keep = parts[:1]
    for part in parts[1:]:
        if STRONG_NOT_DONE.search(part) or NOT_DONE.search(part) and not MOVED.search(part):
            continue
        keep.append(part)
    return " ".join(keep)


CONDITION_TAIL = re.compile(
    r"(?:,\s*(?:provided|providing|assuming)(?:\s+that)?|\s(?:provided|providing)\s+that|,?\s+(?:as|so)\s+long\s+as)\s+"
    r"(?=(?:the|a|an|he|she|they|we|it|i|you|his|her|their|our|this|that)\b).*$",
    re.IGNORECASE,
)
"""A condition the clause ends on ("..., provided the rollout goes well"): none of its words
report anything done ("provided" there is no past tense of "provide")."""


def conditional(action: str) -> bool:
    """ "get the promo if calibration goes well": a condition, not a promise ("ask if" is "whether")."""
    for m in re.finditer(r"\b(?:if|unless|in\s+case)\b", action, re.IGNORECASE):
        if not WHETHER_IF.search(action[: m.end()]):
            return True
    return False


def a_state(action: str) -> bool:
    """ "have his first on-call week" is a state; "have the findings summarised" a promise."""
    if not re.match(r"^have\b", action, re.IGNORECASE):
        return False
    if _LIGHT_VERB.match(action):
        return False  # "have the conversation with Jo": an act, said with a light verb
    if re.search(
        r"\b(?:to\s+(?:you|me|him|her|them|us)|by\s+(?:the\s+)?\w+|ready|for\s+(?:our|the|you|me))\b", action[5:]
    ):
        return False  # "have a draft to you by Friday": something delivered
    return not re.search(r"\b(?:\w+(?:ed|en)|ready|done|up|out|in\s+place|sorted|set)\b", action[5:], re.IGNORECASE)


_LIGHT_VERB = re.compile(
    r"^have\s+(?:a|an|the|that|this|another|one|our|her|his|their|my|your)\s+(?:[\w-]+\s+){0,2}"
    r"(?:conversation|chat|talk|word|call|meeting|session|discussion|sync|catch-up|1:1|one-on-one)s?\b",
    re.IGNORECASE,
)


def pick_due(action: str, mentions: list[DateMention]) -> DateMention | None:
    """The date a promise is due by, among the dates its words name: one that replaces
    another ("Thu 4/9 instead of 4/3", "moved to 7/24", "→ now (by 3/6)"); else one after
    "by"/"before"/"until"; else the last. A date in parentheses ("this week (meeting 3/12)")
    counts only where no date stands outside them."""
    if not mentions:
        return None
    explicit = [d for d in mentions if d.kind != "next_checkin" and d.value]
    if new := _replacing(action, explicit):
        return new
    old = {id(d) for d in explicit if _REPLACING.search(action[: d.start])}
    explicit = [d for d in explicit if id(d) not in old] or explicit
    # a deadline in parentheses ("(by 3/9)") is the due date still: only a date merely
    # mentioned there ("this week (meeting 3/12)") yields to one outside
    outside = [d for d in explicit if not _in_parentheses(action, d) or _DEADLINE_BEFORE.search(action[: d.start])]
    explicit = outside or explicit
    for d in explicit:
        if _DEADLINE_BEFORE.search(action[: d.start]):
            return d
    if explicit:
        return explicit[-1]
    return mentions[-1]


_DEADLINE_BEFORE = re.compile(r"\b(?:by|before|until|till|no\s+later\s+than|due)\s+(?:the\s+)?\(?$", re.IGNORECASE)
_REPLACED = re.compile(r"\s*\)?\s*,?\s*(?:instead\s+of|rather\s+than|not)\b(?!\s+(?:before|later|after))", re.I)
"""After a date: it replaces the one that follows ("June 10 instead of the 5th")."""
_REPLACING = re.compile(r"\b(?:instead\s+of|rather\s+than)\s+(?:the\s+)?$", re.IGNORECASE)


def _replacing(action: str, explicit: list[DateMention]) -> DateMention | None:
    """The date that replaces another: "4/9 instead of 4/3", "moved to 7/24"."""
    replaced = [d for d in explicit if _REPLACED.match(action[d.end :])]
    if replaced:
        return replaced[0]
    for first, then in zip(explicit, explicit[1:], strict=False):
        if _CORRECTED.match(action[first.end : then.start]):
            return then  # "this week, no, next week": the writer corrected the date
    return _moved(action, explicit)


_CORRECTED = re.compile(
    r"^\s*[,;.]?\s*(?:(?:no|nope|sorry|wait|actually|I\s+mean|make\s+(?:that|it)|or\s+rather|scratch\s+that)"
    r"\b[,;.!]?\s*)+(?:by|on|until|before)?\s*(?:the\s+)?$",
    re.IGNORECASE,
)


def _moved(action: str, explicit: list[DateMention]) -> DateMention | None:
    if m := MOVED.search(action):
        moved = [d for d in explicit if d.start >= m.start()]
        if moved:
            return moved[0]
    return None


def _in_parentheses(text: str, d: DateMention) -> bool:
    before = text[: d.start]
    return before.count("(") > before.count(")")


SETS_UP = re.compile(
    r"\b(?:set(?:ting)?\s+up|schedul\w*|book|creat\w*|organi[sz]\w*|arrang\w*|put\s+in|kick\s+off)\s+"
    r"(?:a|an|the|our|your|his|her|their)\s+(?:\w+\s+)?(?:weekly|biweekly|daily|monthly|recurring|regular)\b",
    re.IGNORECASE,
)
"""Setting up a habit is done once ("set up a weekly review slot with Piotr"): no standing promise."""


def recurring(action: str) -> bool:
    """A standing promise ("from now on", "every Friday"), not the one-off act that starts one."""
    return bool(RECURRING.search(action)) and not SETS_UP.search(action)


def tidy(text: str) -> str:
    # what a removed date leaves: "()", or half a range ("weekend (5–6 Sep)" -> "(5– )")
    text = re.sub(r"\(\s*\)|\[\s*\]|\(\s*\d{1,2}\s*[–-]\s*\)|\(\s*[–-]\s*\d{1,2}\s*\)", " ", text)
    text = re.sub(r"\s*[(\[]\s*$", "", text.strip())
    # "for the whole week of (May 18) and let Tomasz run it": the "of" the date took with it
    text = re.sub(r"\b(week|weekend|month|day)\s+of(?=\s*(?:and|or|but|then|[,;.)]|$))", r"\1", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = text.strip(" ,;:.-–—").strip()
    if (m := re.match(r"[A-Z][a-z]+\b", text)) and m[0].lower() in ACTION_VERBS:
        text = text[0].lower() + text[1:]  # "Draft the plan" reads "Jonas promised to draft the plan"
    for mark in ('"', "“", "”"):  # a quote the promise closed ('... checklist."'), never opened in it
        if text.endswith(mark) and text.count('"') + text.count("“") + text.count("”") == 1:
            text = text[:-1].strip(" ,;:.-–—").strip()
    return text


ACTION_VERBS = frozenset(
    "add arrange ask book bring build call check clean confirm create decide define deliver do draft email explore "
    "file find finish fix follow get give go help hold implement intro introduce invite look make meet move organise "
    "organize pair pick plan post prepare present publish pull put raise reach read redo remove reply request "
    "reschedule review revisit rewrite run schedule send set share ship shadow sign sit sort start submit suggest "
    "take talk test try update walk write approve block coach collect consolidate cover cross escalate hire join "
    "keep lead let mentor migrate nominate order outline own pay pilot prep record rehearse retire roll stop switch "
    "tell train turn use hand pass return transfer".split()
)
"""Verbs an item opens with ("Draft the Northwind account plan"): said mid-sentence, in lower case."""
_NO_ACT_OPENS = re.compile(
    r"^\W*(?:maybe|perhaps|possibly|sorry|thanks|thank\s+you|no|before|after|because|since|unless|when|if|though)\b",
    re.IGNORECASE,
)
"""What an act never opens with: a hedge, an apology, a "no", a time or reason clause whose act
was left out ("TL: maybe, if the spike leaves room", "sorry this dragged", "I told her I would
before the offsite")."""


def actionable(text: str) -> bool:
    """Something to do: two words at least (or one long one), not opened by a hedge, an apology
    or a clause of time or reason."""
    words = re.findall(r"[A-Za-z]+", text)
    return (len(words) >= 2 or (len(words) == 1 and len(words[0]) > 3)) and not _NO_ACT_OPENS.match(text)


def refers_back(text: str) -> bool:
    """True for an action that is only a pronoun ("do it at the next one"): it restates another."""
    m = PRONOUN_ACTION.match(text)
    if not m:
        return False
    rest = FILLER.sub(" ", text[m.end() :])
    return len(re.findall(r"[A-Za-z]{2,}", rest)) == 0


def resolve_it(text: str, context: str) -> str:
    """ "send the travel policy" for "send it" after "Wren asked for the travel policy": the
    pronoun replaced by the last thing the clause before it named (unchanged if it named none)."""
    things = re.findall(r"\b(?:the|a|an|his|her|their|our|my|your)\s+(?:[\w'/-]+\s+){0,3}[\w'/-]+", context)
    if not things:
        return text
    return re.sub(r"\b(?:it|them|this|that)\b", things[-1], text, count=1)


def split_due(action: str, mentions: list[DateMention], people: People) -> tuple[str, date | None, str | None]:
    """The action without its date phrase, the due date it names, and the phrase. A date that
    starts something ("from Monday", "the course starting April 6") or is someone else's
    promise is no due date; but what is set up to start on a day is due by it ("set up a two-week
    trial starting Mar 9")."""
    mentions = [
        d
        for d in mentions
        if (not _STARTING.search(action[: d.start]) or _SET_UP_BY_START.match(action) and d.kind in _ONE_DAY)
        and not _someone_elses_date(action[: d.start], people)
    ]
    if recurring(action):
        return tidy(action), None, None
    chosen = pick_due(action, mentions)
    if chosen is None:
        return tidy(action), None, None
    cut_from = chosen.start
    for first in mentions:  # "this week, no, next week": the corrected date goes too
        if first.end <= chosen.start and _CORRECTED.match(action[first.end : chosen.start]):
            cut_from = first.start
            break
    moved = MOVED.search(action)
    if moved and 0 < moved.start() < chosen.start and _LINKING.fullmatch(action[moved.end() : chosen.start]):
        cut_from = moved.start()  # "..., moved to 7/24": the report goes with its date
        # (at the start it is the promise's own verb: "move the accounts to Imogen by June")
    elif m := re.search(
        r"(?:\b(?:by|before|until|till|on|for|at|to|no\s+later\s+than|due|deadline|in|w/[cb]|wc|"
        r"(?:the\s+)?week\s+(?:commencing|beginning))\s*:?\s+)+(?:the\s+)?$",
        action[:cut_from],
        re.IGNORECASE,
    ):
        cut_from = m.start()
    text = tidy(action[:cut_from] + " " + action[chosen.end :])
    if re.fullmatch(r"(?:do|make|take|have|run|host|cover)(?:\s+(?:though|too|also|then|again|anyway))?", text, re.I):
        # "do the next one though": the date phrase is what is done
        return tidy(re.sub(r"\s+(?:though|anyway)\W*$", "", action, flags=re.I)), None, None
    return text, chosen.value, chosen.phrase


# What may stand between a report that a date moved and the date: "moved to", "new date:
# (by", "target is the". A content word there ("target proposal (by 6/19)") means the
# moving word is part of the promise's own words, which stay.
_LINKING = re.compile(
    r"[\s(:,\-–]*(?:(?:by|on|to|until|till|for|the|is|of|due|now|date|as)\b[\s(:,\-–]*){0,2}", re.IGNORECASE
)
_SET_UP_BY_START = re.compile(r"^(?:set\s+up|launch|kick\s+off|roll\s+out|organi[sz]e|arrange)\b", re.IGNORECASE)
_ONE_DAY = frozenset({"iso", "month_day", "day_month", "numeric", "dotted", "weekday_day", "weekday"})
_STARTING = re.compile(r"\b(?:starting|from|since|after|last)\s+(?:on\s+|in\s+)?$", re.IGNORECASE)


def _someone_elses_date(before: str, people: People) -> bool:
    """The date is another party's promise ("candidate list from sales, they promised it for
    Friday"): the subject of the date's own clause is not one of the pair."""
    fragment = re.split(r"[,;(]|\s[-–—]\s", before)[-1]
    m = THIRD_PARTY_DATE.match(fragment)
    return m is not None and not people.lookup(m["who"]) and m["who"].lower() not in ("i", "we")


def acted_on(people: People, word: str, last_named: str | None, previous: Clause | None, clause: Clause) -> bool:
    """The clause just before, on the same line, has the member last named doing something
    to "him" (or "her"): a "he" (or "she") right after is that other person, someone outside
    the pair (the writer is "I", the member named is the one acting): "Yusra handed him her
    draft; he'll finish it"."""
    if previous is None or previous.line != clause.line or not last_named or last_named == clause.author:
        return False
    named = people.mentioned(previous.text)
    if not named or named[0] != (0, last_named):
        return False  # the member named is not the one acting
    return bool(re.search(r"\bhim\b", previous.text) if word == "he" else OBJECT_HER.search(previous.text))


def with_names(people: People, text: str, owner: str | None, clause: Clause) -> str:
    """ "get Jack a slot" for "get him a slot", "send Kenji the doc" for "send me the doc":
    a promise reads the same to both members. Only where neither the clause nor its line
    before it names anyone outside the pair whom "him" or "her" could mean. The owner's own
    initials tagging the line ("Amir to run 5 partner interviews (AK)") are dropped, and so is
    the owner's name before "to": they say whose it is."""
    text = re.sub(r"\s*\(([A-Z]{2,3})\)$", lambda m: "" if owner and people.lookup(m[1]) == owner else m[0], text)
    text = re.sub(r"^(\w+) to (?=[a-z])", lambda m: "" if owner and people.lookup(m[1]) == owner else m[0], text)
    if owner is not None and owner == clause.voice:
        # the writer's "you" is the one they write or speak to ("I'll intro you to Sven")
        other = people.first_name(people.other(owner))
        text = re.sub(r"\byour\b", f"{other}'s", re.sub(r"(?<!thank[\s-])\byou\b", other, text))
    if owner is None or people.outsider_named(clause.text):
        return text
    me = clause.voice
    named_before = set(clause.outsiders_before)
    if named_before:
        # "I haven't asked Marguerite yet. I'll ask her this week", "She thinks Kemi; she'll
        # ask her this week": her is the one person the line named; never the other member
        if len(named_before) > 1:
            return text
        [name] = named_before
        text = re.sub(OBJECT_HER, name, re.sub(r"\bhim\b", name, text))
        return text if owner == me else re.sub(r"\bme\b", people.first_name(me), text)
    if owner != me:
        # "she'll send me the deck": me is the writer; "him" or "her" in a promise told
        # about the other member is most often the owner themself ("I asked her to name
        # a deputy") or someone else ("she'll ask her this week"): never the writer
        return re.sub(r"\bme\b", people.first_name(me), text)
    other = people.first_name(people.other(owner))
    text = re.sub(r"\bhim\b", other, text)
    return re.sub(OBJECT_HER, other, text)
