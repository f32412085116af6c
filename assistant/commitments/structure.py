"""A note's structure: its lines, list items, checkboxes, action-item sections and labels.

:func:`split_clauses` cuts a note into :class:`Segment` s, one per line item and prose
clause, each with its :class:`~assistant.commitments.models.ClauseKind`; what each one says
is read by :mod:`assistant.commitments.reading`.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple

from assistant.commitments.models import ClauseKind
from assistant.commitments.phrasing import tidy
from assistant.commitments.vocabulary import (
    CONDITION,
    DONE,
    DROPPED,
    MOVED,
    NOT_DONE,
    PROMISE_BEFORE,
    PROMISE_THEN_DONE,
    SECOND_ACT,
    SECOND_PROMISE,
    SECOND_SUBJECT,
    STRONG_NOT_DONE,
)
from assistant.text.sentences import Cut, sentences

__all__ = [
    "ACTION_HEADING",
    "AI_LINE",
    "BULLET",
    "ARROW_ITEM",
    "CHECKBOX",
    "HEADING",
    "Mark",
    "OWNER_TAG",
    "SPEAKER",
    "Segment",
    "TIMESTAMP",
    "TOPIC_LABEL",
    "TURN",
    "prose_clauses",
    "read_marks",
    "speaker_turns",
    "split_clauses",
]

ACTION_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:action\s*items?|actions|next\s*steps|to-?dos?|follow[- ]?ups?|ais?|owners?|commitments?)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
AI_LINE = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:AI|A\.I\.|Action(?:\s*item)?|TODO|To-?do)\s*"
    r"(?:\((?P<who>[^)]{1,40})\)|\s(?:for|by|from)\s+(?P<for>[\w.'-]+(?:\s+[A-Z][\w.'-]+)?))?\s*[:\-–—]\s*"
    r"(?P<rest>.+)$",
    re.IGNORECASE,
)
SELF_NOTE = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:note|promise|reminder|memo)\s+to\s+(?:self|myself|me)\b[^:]{0,30}:\s*(?P<rest>\S.+)$",
    re.IGNORECASE,
)
"""A line the author addresses to themselves: "Promise to myself: finish the course by March"."""
OWNER_TAG = re.compile(
    r"(?:^|[\s,;(\[])(?:owner|assignee|assigned\s+to|who)\s*[:=]\s*@?(?P<who>[A-Za-z][\w.'-]*)[\s,;)\]]*", re.IGNORECASE
)
CHECKBOX = re.compile(r"^\s*(?:[-*•]\s*)?\[(?P<mark>[ xX✓✔])\]\s*(?P<rest>.+)$")
_ANSWER = r"\s*(?:yes|no|ok|okay|sure|fine|agreed|approved)\b"
"""An answer after a label ("Anke: yes, ok for the team"), no action."""
ARROW_ITEM = re.compile(rf"^\s*(?:[-*•]\s*)?(?:→|->|=>|⇒)(?!\s*[A-Z][\w.'-]*\s*:{_ANSWER})\s*(?P<rest>\S.+)$")
"""A line that opens with an arrow is an action: "→ Lee: write the backfill plan (Fri 16th)" (not
an answer: "-> Anke: yes, ok for the team")."""
_ARROW_SPLIT = re.compile(rf"(?<=[.;!?)])\s+(?=(?:→|->|=>|⇒)\s*[A-Z][\w.'-]*\s*:(?!{_ANSWER}))")
"""Where a sentence ends and an arrow item starts on the same line ("... two nights. → Lee: rerun ...");
not "TL → RO: the risk list" (from one to the other)."""
BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+(?P<rest>.+)$")
HEADING = re.compile(r"^\s*(?:#+\s*)?[\w' /&-]{2,40}:\s*$")
TOPIC_LABEL = re.compile(r"^(?P<label>[A-Za-z][\w'/&-]*(?:\s+[\w'/&-]+){0,4}):\s+\S")
SPEAKER = re.compile(r"^(?P<name>[A-Za-z][\w.'-]*)\s*:\s+(?=\S)")
TIMESTAMP = r"\[?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]m)?\]?"
"""A transcript's or a pasted chat's time of a line ("[10:02]", "14:05:33", "9:30 am")."""
TURN = re.compile(
    r"^(?:" + TIMESTAMP + r"\s*)?(?:\*\*)?"
    r"(?P<name>[A-Za-z][\w.'-]*(?:\s+[A-Za-z][\w.'-]*){0,2})(?:\*\*)?\s*:\s+(?=\S)"
)
"""A speaker's turn in a transcript or a pasted chat: "Project Manager: ...", "[10:02] rhea: ..."."""


class Mark(StrEnum):
    """What a status marker on a line says: ✅ done, ❌ not done, ⏳ under way, ~~struck~~ closed."""

    DONE = "done"
    NOT_DONE = "not_done"
    UNDER_WAY = "under_way"
    STRUCK = "struck"


class Segment(NamedTuple):
    kind: ClauseKind
    text: str
    line: int
    mark: Mark | None = None
    """A status marker the line carries (removed from ``text``)."""
    owner: str | None = None
    """The owner as a table's owner column names it (raw text, resolved by the reader)."""
    in_actions: bool = False
    """The line stands in an action-items section."""
    speaker: str | None = None
    """Who speaks the line, in a transcript or a pasted chat (the label as written)."""
    title: bool = False
    """The note's title line: it may report ("Session 2": the session was held), never promise."""


_DONE_MARK = re.compile(r"\s*(?:✅|✔️?|✓|☑️?|🎉+)\s*")
_NOT_DONE_MARK = re.compile(r"\s*(?:❌|✗|✘)\s*")
_UNDER_WAY_MARK = re.compile(r"\s*(?:⏳|⌛|🔄|🚧)\s*")
_STRUCK = re.compile(r"^~~(?P<struck>.+?)~~\s*(?P<tail>.*)$")
_STRUCK_FRAGMENT = re.compile(r"~~[^~]+~~\s*")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}")


def read_marks(line: str) -> tuple[str, Mark | None]:
    """The line without its status markers, and what they say. A whole item struck through
    is closed (done when a done marker or word follows it); a struck fragment is a value
    replaced by what follows ("by ~~3/13~~ 3/27")."""
    mark: Mark | None = None
    marker = re.match(r"^\s*(?:[-*•]|\d+[.)])\s+", line)
    lead, body = (marker.group(0), line[marker.end() :]) if marker else ("", line)
    if m := _STRUCK.match(body):
        tail = m["tail"]
        mark = Mark.DONE if _DONE_MARK.search(tail) else Mark.STRUCK
        line = f"{lead}{m['struck']} {tail}".strip()
    line = _STRUCK_FRAGMENT.sub("", line)
    for pattern, says in ((_DONE_MARK, Mark.DONE), (_NOT_DONE_MARK, Mark.NOT_DONE), (_UNDER_WAY_MARK, Mark.UNDER_WAY)):
        if pattern.search(line):
            mark = mark or says
            line = pattern.sub(" ", line).strip()
    return line, mark


def split_clauses(text: str) -> list[Segment]:
    """A :class:`Segment` for each line item and prose clause of a note, in order."""
    return _Splitter().split(text)


class _Splitter:
    def __init__(self) -> None:
        self.out: list[Segment] = []
        self.in_actions = False
        self.table: list[str] | None = None
        self.turns: dict[int, str] = {}

    def split(self, text: str) -> list[Segment]:
        lines = text.replace("’", "'").replace("‘", "'").splitlines()
        self.turns = _turns(lines)
        title = _title_line(lines)
        for line_no, raw in enumerate(lines):
            line = raw.strip()
            if not line.startswith("|"):
                self.table = None
            if not line:
                continue
            if line_no == title:
                self._add(ClauseKind.PROSE, line, line_no, title=True)
                continue
            if line.startswith("|") and line.count("|") >= 2:
                self._table_row(line, line_no)
            elif ACTION_HEADING.match(line):
                self.in_actions = True
            else:
                # "Lee will split it. → Lee: rerun the dry run (Thu 29th)": each arrow an item
                for part in _ARROW_SPLIT.split(line):
                    self._line(part, line_no)
        return self.out

    def _add(
        self,
        kind: ClauseKind,
        text: str,
        line_no: int,
        mark: Mark | None = None,
        owner: str | None = None,
        title: bool = False,
    ) -> None:
        self.out.append(Segment(kind, text, line_no, mark, owner, self.in_actions, self.turns.get(line_no), title))

    def _line(self, raw: str, line_no: int) -> None:
        line, mark = read_marks(raw)
        if not line:
            return
        if m := ARROW_ITEM.match(line):  # "→ Maria: send Lee the TL rubric (next week)"
            self._add(ClauseKind.ACTION_ITEM, m["rest"].strip(), line_no, mark)
        elif m := CHECKBOX.match(line):
            kind = ClauseKind.CHECKBOX_DONE if m["mark"].strip() else ClauseKind.CHECKBOX_OPEN
            self._add(kind, m["rest"].strip(), line_no, mark)
        elif m := SELF_NOTE.match(line):
            self._add(ClauseKind.ACTION_ITEM, f"me: {m['rest'].strip()}", line_no, mark)
        elif m := AI_LINE.match(line):
            rest, who = m["rest"].strip(), m["who"] or m["for"]  # "AI (Tom):", "Action item for Sam:"
            self._add(ClauseKind.ACTION_ITEM, f"{who.strip()}: {rest}" if who else rest, line_no, mark)
        elif (m := OWNER_TAG.search(line)) and not line.rstrip().endswith("?"):
            # "Review the hiring loop - owner: Hannah, due 3/31": an action item wherever it stands
            rest = tidy(BULLET.sub(r"\g<rest>", line[: m.start()] + " " + line[m.end() :]))
            who = m["who"].rstrip(".'-")  # "Owner: Jonas. Draft the plan. Due: Sep 12."
            self._add(ClauseKind.ACTION_ITEM, f"{who}: {rest}", line_no, mark)
        elif m := BULLET.match(line):
            if self.in_actions:
                self._add(ClauseKind.ACTION_ITEM, m["rest"].strip(), line_no, mark)
            else:
                for c in prose_clauses(m["rest"]):
                    self._add(ClauseKind.BULLET, c, line_no, mark)
        elif HEADING.match(line) or line.startswith("#"):
            self.in_actions = False
        else:
            self.in_actions = False
            for c in prose_clauses(line):
                if m := SELF_NOTE.match(c):  # "... today. Promise to myself: finish the course by March."
                    self._add(ClauseKind.ACTION_ITEM, f"me: {m['rest'].strip()}", line_no, mark)
                else:
                    self._add(ClauseKind.PROSE, c, line_no, mark)

    def _table_row(self, line: str, line_no: int) -> None:
        """A row of a Markdown table: with an owner / action / due / status header, an action
        item; otherwise its cells as prose."""
        if _TABLE_RULE.match(line):
            return
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if self.table is None:
            self.table = [_column(c) for c in cells]
            if "action" in self.table:
                return
            self.table = []
        row = dict(zip(self.table, cells, strict=False)) if self.table else {}
        if "action" not in row:
            for c in prose_clauses(" ".join(cells)):
                self._add(ClauseKind.PROSE, c, line_no)
            return
        action, mark = read_marks(row["action"])
        status, status_mark = read_marks(row.get("status", ""))
        mark = mark or status_mark or _status_mark(status)
        due = row.get("due", "")
        text = action
        if MOVED.search(status):
            text += f", {status}"  # the date it moved to replaces the column's
        elif due and due.strip("—–- "):
            text += f", by {due}"
        self._add(ClauseKind.ACTION_ITEM, text, line_no, mark, row.get("owner"))


def _title_line(lines: list[str]) -> int | None:
    """The line that titles the note, if any: its first line, set apart by a blank line, with
    no stop at its end ("Prep for Tuesday (Owen)", "1:1 Clara / Yusuf, 4 March"). It names the
    meeting, it promises nothing: "(Owen)" there is whose notes these are, not an owner."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or first + 1 >= len(lines) or lines[first + 1].strip():
        return None
    line = lines[first].strip()
    return first if line[-1] not in ".!?" and len(line.split()) <= 8 else None


def speaker_turns(lines: list[str]) -> dict[int, str]:
    """{line number: speaker label} when the lines are a transcript or a pasted chat (see ``_turns``)."""
    return _turns(lines)


def _turns(lines: list[str]) -> dict[int, str]:
    """The speaker of each line, when the note is a transcript or a pasted chat: four or more
    lines open with a label, and labels repeat (topic labels, "Budget: ...", do not)."""
    labels = {i: m["name"] for i, line in enumerate(lines) if (m := TURN.match(line.strip()))}
    if len(labels) >= 4 and len(set(labels.values())) <= len(labels) / 2:
        return labels
    return {}


_COLUMNS = {
    "owner": r"owners?|who|assignee|responsible|person|by\s+whom",
    "action": r"actions?|action\s+items?|items?|tasks?|what|commitments?|to-?dos?|next\s+steps?|description",
    "due": r"due(?:\s+date)?|when|by|dates?|deadline|target|eta",
    "status": r"status|state|progress|done\??",
}


def _column(header: str) -> str:
    name = header.strip("* ").lower()
    for column, pattern in _COLUMNS.items():
        if re.fullmatch(pattern, name):
            return column
    return name


def _status_mark(status: str) -> Mark | None:
    if not status:
        return None
    if DROPPED.search(status):
        return Mark.STRUCK
    if NOT_DONE.search(status) or STRONG_NOT_DONE.search(status):
        return Mark.UNDER_WAY
    if DONE.search(status):
        return Mark.DONE
    return None


def prose_clauses(text: str) -> list[str]:
    """The clauses of one line of prose: its sentences, and within one a second subject
    with its own promise ("Lena will take the course, and I'll cover her reports")."""
    return sentences(text, Cut.CLAUSE, then=_subjects)


def _subjects(sentence: str) -> list[str]:
    out: list[str] = []
    for part in SECOND_PROMISE.split(sentence):
        if part and part.strip():
            part = part.strip()
            if CONDITION.match(part):
                out.append(part)
                continue
            out.extend(p for piece in SECOND_SUBJECT.split(part) for p in _second_act(piece))
    out = [p for part in out for p in _colon_list(part)]
    return [p for part in out for piece in _ARROW_PROMISE.split(part) for p in _then_done(piece)]


_COLON_LIST = re.compile(
    r"^(?P<head>.*?\b(?:I|we|he|she|they|[A-Z][a-z]+)\b(?:'ll|'d|\s+(?:will|would|owes?|promised|"
    r"(?:is|am|are)\s+going\s+to)\b)[^:;]{0,40}?)\s*:\s+(?P<items>[^:]+)$"
)
_LIST_CUT = re.compile(r"\s*[;,]\s*(?:and\s+)?")


def _colon_list(part: str) -> list[str]:
    """ "I owe you: the checklist by Friday, and the rollback plan by March 20": a promise of
    two things after a colon is two promises, each with the words that promised it."""
    m = _COLON_LIST.match(part)
    if m is None:
        return [part]
    items = [i for i in _LIST_CUT.split(m["items"].strip().rstrip(".")) if i]
    if len(items) < 2 or any(len(i.split()) < 2 for i in items):
        return [part]
    return [f"{m['head']} {item}" for item in items]


_ARROW_PROMISE = re.compile(r"\s+(?:→|->|=>)\s+(?=(?:[A-Z]{2,3}|[A-Z][a-z]+|I|we)(?:\s+to|\s+will|'ll)\s)")
"""A report, then what follows from it: "GH confirmed the budget → TL to sign up for the Feb cohort"."""


def _second_act(part: str) -> list[str]:
    """ "I write the doc by May 15, and Hollis finds someone to run it": two subjects, two acts
    (cut only where the first part has a subject and verb of its own)."""
    pieces = SECOND_ACT.split(part)
    if len(pieces) > 1 and all(len(p.split()) >= 3 for p in pieces):
        return pieces
    # a report, then a member's past act: "38 of 41 are green, Rafael sent me the result on 02.04"
    # (not after a phrase with no verb: "At last Thursday's QBR, Sam presented the numbers")
    pieces = _SECOND_PAST.split(part, maxsplit=1)
    if len(pieces) > 1 and _FINITE.search(pieces[0]) and len(pieces[1].split()) >= 3:
        return pieces
    return [part]


_SECOND_PAST = re.compile(
    r",\s+(?:and\s+)?(?=[A-Z][a-z]+\s+(?:sent|wrote|gave|brought|\w{3,}ed)\s+(?:me|us|him|her|them|it|the|a|an|his|their|our)\b)"
)
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had)\b|\b\w{3,}ed\b", re.IGNORECASE)


def _then_done(part: str) -> list[str]:
    """ "I said I'd send it and did": the promise, and its completion, as two clauses."""
    m = PROMISE_THEN_DONE.search(part)
    if m and PROMISE_BEFORE.search(part[: m.start()]):
        return [part[: m.start()].strip(), part[m.end() :].strip()]
    return [part]
