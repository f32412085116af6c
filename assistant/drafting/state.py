"""Where each goal stands, read once from the notes: its latest fact, its risks, whether it is met.

Every draft reads the same picture, so the agenda does not chase a goal the last check-in
called met, and the plan states the risk the notes gave ("migration slipped to December").
A goal is met when its status says ``done``, or when the latest sentence about it says so
("p95 is now 280 ms. Goal met", "target hit").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.commitments.structure import BULLET, CHECKBOX, TIMESTAMP, TOPIC_LABEL
from assistant.commitments.vocabulary import GENERIC
from assistant.drafting.models import Snapshot, sentences
from assistant.models import Goal, GoalStatus, Note
from assistant.retrieval.lexical import terms
from assistant.text.quotes import as_said, leans_on_context

__all__ = [
    "GoalState",
    "as_prose",
    "five_lines",
    "goal_states",
    "meets_target",
    "target_report",
    "in_context",
    "open_todo",
    "quotable",
    "untimed",
    "words_of",
]

MET = re.compile(
    r"(?<!n't\s)(?<!not\s)(?<!never\s)\b(?:goal\s+(?:is\s+|was\s+)?(?:met|reached|achieved|done|complete|hit)|"
    # "hit the target", "both hit their April targets", "beat our Q3 goal"
    r"(?:met|hit|reached|beat|achieved|exceeded)\s+(?:the|our|its|her|his|my|this|their|your)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:goals?|targets?)|targets?\s+(?:met|hit|reached|achieved)|(?:is|are)\s+now\s+(?:live|done|complete)|"
    r"✅\s*(?:done|met))\b",
    re.IGNORECASE,
)
RISK = re.compile(
    # (a compound names a kind of thing: "risk-based sign-off", "block-level storage")
    r"\b(?:slipp?(?:ed|ing)|risk(?![-‐]\w)\w*|block(?![-‐]\w)\w*|delay\w*|behind|late|stuck|postpon\w*|pushed\s+(?:back|out|to)|"
    r"at\s+risk|won't\s+make|miss(?:ed|ing)?\s+the|concern\w*|worr\w*)\b",
    re.IGNORECASE,
)


PROGRESS = re.compile(r"\b\d+\s*(?:of|out\s+of)\s*\d+\b(?!\s*(?:%|am|pm|[a-z]{3,}\s+\d))", re.IGNORECASE)
"""A count toward a number ("logo 2 of 3", "12 of 23 partners")."""


_DENIED = re.compile(r"\b(?:not|never|no\s+longer|yet\s+to|missed|still\s+(?:above|over|below|under))\b", re.I)
_WISHED = re.compile(
    r"\b(?:aim\w*|want\w*|plan\w*|hop(?:e|es|ing)|try\w*|need\w*|should|would|could|will|goal|target|if)\b|'ll\b",
    re.IGNORECASE,
)
"""A sentence that wishes or plans: no report that a number was reached."""
_REACHED = re.compile(r"\b(?:under|below|ahead\s+of|beat\w*|hit\w*)\s+(?:the\s+|our\s+|its\s+)?target\b", re.I)
_NUMBER = r"(\d+(?:\.\d+)?)\s*(%|ms|s|sec|seconds?|min|minutes?|h|hrs?|hours?|days?|weeks?|k|x)?"
_TARGET = re.compile(
    r"\b(?P<way>under|below|less\s+than|at\s+most|within|above|over|more\s+than|at\s+least|to)\s+"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|ms|s|sec|seconds?|min|minutes?|h|hrs?|hours?|days?|weeks?|k|x)?",
    re.IGNORECASE,
)
_TARGET_AFTER = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|ms|s|h|k|x)?\s+or\s+(?P<way>above|more|higher|better|below|less|lower|fewer)\b",
    re.IGNORECASE,
)
"""A target said after its number: "CSAT at 4.3 or above"."""
_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "ten": "10"}


def _numbers(text: str) -> str:
    return re.sub(r"\b(" + "|".join(_WORDS) + r")\b", lambda m: _WORDS[m[1].lower()], text, flags=re.IGNORECASE)


_UNITS = {"%": "%", "ms": "ms", "s": "s", "sec": "s", "second": "s", "min": "min", "minute": "min", "h": "h"}
_UNITS |= {"hr": "h", "hour": "h", "day": "d", "week": "w", "k": "k", "x": "x"}


def _unit(unit: str | None) -> str:
    word = (unit or "").lower()
    return _UNITS.get(word, _UNITS.get(word.rstrip("s"), word))


def meets_target(title: str, sentence: str) -> bool:
    """A goal with a number to reach ("crash rate under 0.25%", "accuracy to 98%", "CSAT at 4.3
    or above") and a sentence that reports a value past it in the same unit ("0.19% in the first
    week"), a bare value right after a word of the goal's ("backlog 94" for "backlog under 100"),
    or the target said reached ("under two hours for the first time", "above target"). A
    negated sentence ("still not under two hours") reaches nothing, and neither does the
    target stated ("KR1: drop-off from 38% to under 25%", "NPS from partners above 40")."""
    return target_report(title, sentence) is True


def target_report(title: str, sentence: str) -> bool | None:
    """Whether the sentence reports the goal's number reached (True), a value short of it
    (False: "drop-off 26%" for "under 25%", "still not under two hours"), or neither (None)."""
    if _DENIED.search(sentence):
        return False if _TARGET.search(_numbers(sentence)) or re.search(r"\d", sentence) else None
    target = _TARGET.search(_numbers(title)) or _TARGET_AFTER.search(_numbers(title))
    way = target["way"].lower() if target else ""
    if reached := _REACHED.search(sentence):  # "0.19% in the first week, under target"
        # "under target" is good news only for a goal to stay under a number: "eight students
        # below target" for "Get Year 11 ready for the mocks" is the gap still to close
        if not re.match(r"(?:under|below)\b", reached[0], re.I) or way in _AT_MOST:
            return True
        return None if target is None else False
    if target is None:
        return None
    if way in _AT_LEAST and re.search(r"\b(?:above|exceed\w*)\s+(?:the\s+|our\s+)?target\b", sentence, re.I):
        return True  # "CSAT 4.35 this month, above target"
    if _WISHED.search(sentence):
        return None
    told = _numbers(sentence)
    said = re.search(re.escape(target.group(0)), told, re.IGNORECASE)
    if said and way not in ("to", *_AT_LEAST[4:]) and _reports(told, said):
        return True
    values = _values(title, target, told)
    if not values:
        return None
    limit = float(target["num"])
    lower = way in _AT_MOST
    return values[-1] < limit if lower else values[-1] >= limit


def _values(title: str, target: re.Match, told: str) -> list[float]:
    """The values a sentence gives in the target's unit, or, for a target with no unit, the bare
    numbers right after a word of the goal's."""
    unit = _unit(target["unit"])
    if unit:
        return [
            float(m[1]) for m in re.finditer(_NUMBER, told) if _unit(m[2]) == unit and not _aimed(told[: m.start()])
        ]  # "280 ms, down from 340 ms": where it came from is not where it stands; "to 25%" is an aim
    # a bare number counts only right after a word of the goal's: it could count anything
    named = "|".join(re.escape(w) for w in re.findall(r"[A-Za-z]{3,}", title) if set(terms(w)) - GENERIC)
    after = rf"\b(?:{named})\s*(?::|=|is|at|now)?\s*(\d+(?:\.\d+)?)\b(?!\s*%)"
    return [float(m[1]) for m in re.finditer(after, told, re.IGNORECASE)] if named else []


def _reports(told: str, said: re.Match) -> bool:
    """The target's own words in a sentence report it reached when something else in it says
    where things stand (a value of its own, "for the first time", "now"), and not when they
    are the end of a range ("from 38% to under 25%": the aim)."""
    before, rest = told[: said.start()], told[: said.start()] + " " + told[said.end() :]
    if re.search(r"\bto\s*$", before):
        return False
    return bool(re.search(r"(?<![\w.])\d", rest) or _STANDING.search(told))


_BOUND = r"(?:(?:under|below|above|over|less\s+than|more\s+than|at\s+(?:least|most))\s+)?$"


def _aimed(before: str) -> bool:
    """A value where things came from ("down from 340 ms") or are to go ("from 38% to under
    25%"), not where they stand ("back up to 27%")."""
    if re.search(r"\bfrom\s+" + _BOUND, before):
        return True
    moved = re.search(r"\b(?:up|down|back|fell|rose|dropped|climbed|went|came|is|was|now)\s+to\s+" + _BOUND, before)
    return bool(re.search(r"\bto\s+" + _BOUND, before)) and not moved


_STANDING = re.compile(r"\b(?:now|first\s+time|finally|already|came\s+in|got|went|dropped|fell|stayed|since)\b", re.I)


_AT_LEAST = ("above", "over", "more than", "at least", "more", "higher", "better", "to")
_AT_MOST = ("under", "below", "less than", "at most", "within", "less", "lower", "fewer")


_TABLE_ROW = re.compile(r"^\s*\|(.+)\|\s*$")


def as_prose(sentence: str) -> str:
    """A line as a draft quotes it: a table row's cells joined ("Clara, GA runbook, 7/27,
    done"), not its pipes; a to-do's markup gone ("Tobi alerts on 12 tables (done 6/11)" for
    "~~@Tobi alerts on 12 tables~~ (done 6/11)", "[x] ...")."""
    row = _TABLE_ROW.match(sentence)
    if row:
        cells = [c.strip() for c in row[1].split("|") if c.strip() and not set(c.strip()) <= set("-: ")]
        return ", ".join(cells)
    text = untimed(sentence)
    if (box := CHECKBOX.match(text)) and box["mark"].strip():
        text = box["rest"]
    if text != sentence:  # a chat turn's own bullet ("[15:02] rhea: - went through ...")
        text = re.sub(r"^([\w.-]+:)\s+[-*•]\s+", r"\1 ", text)
    text = re.sub(
        r"^\s*(?:[-*•]\s*)?(?:✅|✔️?|☑️?)\s*", "", text
    )  # a done mark: "✅ staff rubric (sent Jun 4)" (a "❌" says something: it stays)
    return re.sub(r"(?<![\w.])@(?=[A-Za-z])", "", text.replace("~~", "")).strip()


_STAMP = re.compile(rf"^\s*\(?{TIMESTAMP}\)?\s*")


def untimed(text: str) -> str:
    """A transcript's line without its time ("[01:00] The one-pager was approved ...")."""
    return _STAMP.sub("", text)


_OPEN_TODO = re.compile(r"^\s*(?:[-*•]\s*)?(?:TODO\b|@[A-Za-z])", re.IGNORECASE)


def open_todo(sentence: str) -> bool:
    """A to-do still open ("[ ] @Tobi alerts live on the 12 tables (by 6/5)", "@Wen book the
    kickoff", "TODO: ..."): a promise, which the ledger follows with its status, and no fact
    about where a goal stands (read later, it looks like news when it may long be done). A
    table's row counts when one of its cells says it is open ("| Clara | Run the guild | 4/23 | open |")."""
    if row := _TABLE_ROW.match(sentence):
        return any(_OPEN_CELL.fullmatch(cell.strip(" *")) for cell in row[1].split("|"))
    box = CHECKBOX.match(sentence)
    return bool(box and not box["mark"].strip()) or bool(_OPEN_TODO.match(sentence))


_OPEN_CELL = re.compile(r"open|to\s*do|todo|pending|in\s+progress|not\s+started|planned|⏳|🔜|\[\s\]", re.IGNORECASE)


def in_context(note: Note, sentence: str, told: str) -> str:
    """``told`` (the sentence as a draft quotes it) with the sentence before it on its line when
    it leans on that one: "That retires LDAP for good" (alone it reads as done) or "She's open
    to it" (who is she?)."""
    if leans_on_context(sentence) or re.match(r"^\W*(?:she|he|they)\b", sentence, re.IGNORECASE):
        return as_said(note.text, sentence, limit=160) or told
    # a later sentence of a labelled line is about the label ("Sign-off policy: Wren sent it
    # 6/4. ... Default for all mobile releases from July 1"): said with it
    line = next((line for line in note.text.splitlines() if sentence in line), "")
    stripped = bullet["rest"] if (bullet := BULLET.match(line)) else line
    labelled = (m := TOPIC_LABEL.match(stripped)) and not TOPIC_LABEL.match(sentence.lstrip())  # not its own
    if labelled and m and not stripped.startswith(sentence) and m["label"] not in told:
        return f"{m['label']}: {told}"
    return told


def quotable(sentence: str) -> bool:
    """A sentence a draft may quote as what the notes said: a statement of four words or more,
    not a heading ("My prep for Tuesday:"), a question or an open to-do."""
    return len(sentence.split()) >= 4 and not sentence.rstrip().endswith((":", "?")) and not open_todo(sentence)


@dataclass
class GoalState:
    goal: Goal
    latest: tuple[str, Note] | None = None
    """The latest sentence about the goal, and its note."""
    risks: list[tuple[str, Note]] = field(default_factory=list)
    met: bool = False
    met_by: tuple[str, Note] | None = None
    """The sentence that said it met ("Callum passed the CCRN on Feb 12!"), even with later news."""
    progress: tuple[str, Note] | None = None
    """The latest sentence that counts the goal's progress ("logo 2 of 3", "9 of 12 tables alerting")."""


def goal_states(snap: Snapshot) -> dict[str, GoalState]:
    """Each goal's state as the snapshot's viewer sees it (shared notes only: drafts are shared)."""
    return {g.id: _state(snap, g) for g in snap.goals}


def words_of(title: str, sentence: str, words: set[str]) -> set[str]:
    """The goal's ``words`` the sentence says; a title's "front of house" is one thing, and
    "in front of the section", another "front of", says no word of it ("billing migration done"
    still says "migration of billing")."""
    found = words & set(terms(sentence))
    for head, tail in re.findall(r"\b([A-Za-z]+)\s+of\s+(?:the\s+)?([A-Za-z]+)\b", title):
        if re.search(rf"\b{head}\s+of\s+(?:the\s+)?(?!{tail}\b)[A-Za-z]", sentence, re.IGNORECASE):
            found -= set(terms(head))
    return found


def _about(goal: Goal, sentence: str, words: set[str]) -> bool:
    found = words_of(goal.title, sentence, words)
    # the title's acronym is enough ("Get AWS certified": "AWS training done"); one common word
    # of two is not ("Move into security engineering": "the security offsite")
    named = any(re.search(rf"\b{re.escape(a)}\b", sentence) for a in re.findall(r"\b[A-Z]{2,}\d*\b", goal.title))
    return (named or len(found) >= min(2, len(words))) and len(found) >= max(1, len(words) // 4)


def _described(sentence: str, words: set[str], described: set[str]) -> bool:
    """A word of the title and one of the goal's own description: "Beta went out Sep 1 to 40
    field techs" is news of "Ship offline mode for the field app" (described "Beta by Sep 1")."""
    found = set(terms(sentence))
    return bool(found & words) and bool(found & described)


def _state(snap: Snapshot, goal: Goal) -> GoalState:
    state = GoalState(goal, met=goal.status is GoalStatus.done)
    for told, note in _facts(snap, goal):
        state.latest = (told, note)
        if MET.search(told) or _passed(goal, told) or (report := target_report(goal.title, told)):
            state.met, state.met_by = True, (told, note)
        elif report is False and goal.status is not GoalStatus.done:
            state.met = False  # "drop-off 26%" after an earlier 24%: not met any more
        if RISK.search(told):
            state.risks.append((told, note))
        if PROGRESS.search(told):
            state.progress = (told, note)
    if state.latest and state.risks and state.risks[-1][1].date < state.latest[1].date and state.met:
        state.risks = []  # met since: the old risks are history
    _settle_risks(snap, state)
    return state


_EXAM = re.compile(r"\b(?:pass|exam|certif\w*|licen[cs]\w*|accredit\w*|qualif\w*)\b", re.IGNORECASE)
_PASSED = re.compile(
    r"\b(?:passed|(?:is|am|are|now|got|became|become)\s+(?:now\s+)?(?:certified|licen[cs]ed|accredited|qualified))\b",
    re.IGNORECASE,
)


def _passed(goal: Goal, told: str) -> bool:
    """An exam or certification goal ("Earn the CCRN certification", "Pass the associate exam")
    is met when a sentence about it says it was passed ("Callum passed the CCRN on Feb 12!"),
    and not when it is hoped for, planned or denied ("if she passes", "not passed yet")."""
    if not _EXAM.search(f"{goal.title} {goal.description or ''}"):
        return False
    return (
        bool(_PASSED.search(told))
        and not _DENIED.search(told)
        and not _WISHED.search(told)
        and not _REHEARSAL.search(told)
    )


_REHEARSAL = re.compile(r"\b(?:practice|mock|sample|trial|dry[- ]run|module|quiz|part|section|first\s+half)\b", re.I)
"""A practice exam or one part passed ("Kofi passed the practice exam") is no goal met."""


def _facts(snap: Snapshot, goal: Goal) -> Iterator[tuple[str, Note]]:
    """The shared notes' sentences about the goal, oldest first, each as a draft quotes it."""
    words = set(terms(goal.title)) - GENERIC
    described = set(terms(goal.description or "")) - GENERIC - words
    for note in snap.shared:
        parts = sentences(note.text)
        for i, sentence in enumerate(parts):
            # a value said against a word of the goal, reached or not: "backlog 94", "drop-off 27%"
            valued = bool(words & set(terms(sentence))) and target_report(goal.title, sentence) is not None
            if not (_about(goal, sentence, words) or _described(sentence, words, described) or valued):
                continue
            if sentence.rstrip().endswith("?") or open_todo(sentence):
                continue  # a question or a to-do is no fact about the goal
            told = in_context(note, sentence, as_prose(sentence))
            # "p95 is now 280 ms. Goal met": the verdict often follows in the next sentence
            if i + 1 < len(parts) and MET.search(parts[i + 1]) and not MET.search(sentence):
                told = f"{sentence.rstrip('.')}. {parts[i + 1]}"
            yield told, note


def _settle_risks(snap: Snapshot, state: GoalState) -> None:
    """A risk whose work the ledger later reports done is history ("Staging cutover slipped",
    then "staging cutover done on 14/05"): the report is the goal's latest fact."""
    done = [
        (e, set(terms(f"{c.text} {e.text}")) - GENERIC)
        for c in getattr(snap, "commitments", [])
        if c.status == "done"
        for e in c.evidence
        if e.kind == "done" and e.text
    ]
    for told, note in list(state.risks):
        words = set(terms(told)) - GENERIC
        report = next((e for e, w in done if e.date > note.date and len(words & w) >= 2), None)
        if report is None or (said := snap.note(report.note_id)) is None:
            continue
        state.risks.remove((told, note))
        if state.latest is None or state.latest[1].date <= said.date:
            state.latest = (as_prose(report.text), said)


def five_lines(reality: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """A plan's reality in five lines at most: its risk, a passed due date and two open promises
    are kept, and what the notes said of the goal fills the rest, the latest first to stay."""
    kept = [r for r in reality if r[0].startswith(("Risk:", "Its due date"))]
    opens = [r for r in reality if r[0].startswith("Open:")][:2]
    said = [r for r in reality if r not in kept and not r[0].startswith("Open:")]
    return said[max(0, len(said) - (5 - len(kept) - len(opens))) :] + kept + opens
