"""A note's structure: its lines, list items, checkboxes, action-item sections and labels.

:func:`split_clauses` cuts a note into :class:`Segment` s, one per line item and prose
clause, each with its :class:`~assistant.commitments.models.ClauseKind`; what each one says
is read by :mod:`assistant.commitments.reading`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from assistant.commitments.models import ClauseKind
from assistant.commitments.phrasing import tidy
from assistant.commitments.vocabulary import CONDITION, SECOND_PROMISE, SECOND_SUBJECT
from assistant.text.sentences import Cut, sentences

__all__ = [
    "ACTION_HEADING",
    "AI_LINE",
    "BULLET",
    "CHECKBOX",
    "HEADING",
    "OWNER_TAG",
    "SPEAKER",
    "TOPIC_LABEL",
    "Segment",
    "prose_clauses",
    "split_clauses",
]

ACTION_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:action\s*items?|actions|next\s*steps|to-?dos?|follow[- ]?ups?|ais?|owners?|commitments?)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
AI_LINE = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:AI|A\.I\.|Action(?:\s*item)?|TODO|To-?do)\s*(?:\((?P<who>[^)]{1,40})\))?\s*[:\-–—]\s*"
    r"(?P<rest>.+)$",
    re.IGNORECASE,
)
OWNER_TAG = re.compile(
    r"(?:^|[\s,;(\[])(?:owner|assignee|assigned\s+to|who)\s*[:=]\s*@?(?P<who>[A-Za-z][\w.'-]*)[\s,;)\]]*", re.IGNORECASE
)
CHECKBOX = re.compile(r"^\s*(?:[-*•]\s*)?\[(?P<mark>[ xX✓✔])\]\s*(?P<rest>.+)$")
BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+(?P<rest>.+)$")
HEADING = re.compile(r"^\s*(?:#+\s*)?[\w' /&-]{2,40}:\s*$")
TOPIC_LABEL = re.compile(r"^(?P<label>[A-Za-z][\w'/&-]*(?:\s+[\w'/&-]+){0,4}):\s+\S")
SPEAKER = re.compile(r"^(?P<name>[A-Za-z][\w.'-]*)\s*:\s+(?=\S)")


class Segment(NamedTuple):
    kind: ClauseKind
    text: str
    line: int


def split_clauses(text: str) -> list[Segment]:
    """(kind, text, line number) for each line item and prose clause of a note, in order."""
    out: list[Segment] = []
    in_actions = False
    for line_no, raw in enumerate(text.replace("’", "'").replace("‘", "'").splitlines()):
        line = raw.strip()
        if not line:
            in_actions = False
            continue
        if ACTION_HEADING.match(line):
            in_actions = True
            continue
        if m := CHECKBOX.match(line):
            kind = ClauseKind.CHECKBOX_DONE if m["mark"].strip() else ClauseKind.CHECKBOX_OPEN
            out.append(Segment(kind, m["rest"].strip(), line_no))
            continue
        if m := AI_LINE.match(line):
            rest = m["rest"].strip()
            out.append(Segment(ClauseKind.ACTION_ITEM, f"{m['who'].strip()}: {rest}" if m["who"] else rest, line_no))
            continue
        if (m := OWNER_TAG.search(line)) and not line.rstrip().endswith("?"):
            # "Review the hiring loop - owner: Hannah, due 3/31": an action item wherever it stands
            rest = tidy(BULLET.sub(r"\g<rest>", line[: m.start()] + " " + line[m.end() :]))
            out.append(Segment(ClauseKind.ACTION_ITEM, f"{m['who']}: {rest}", line_no))
            continue
        if m := BULLET.match(line):
            if in_actions:
                out.append(Segment(ClauseKind.ACTION_ITEM, m["rest"].strip(), line_no))
            else:
                out.extend(Segment(ClauseKind.BULLET, c, line_no) for c in prose_clauses(m["rest"]))
            continue
        if HEADING.match(line):
            in_actions = False
            continue
        in_actions = False
        out.extend(Segment(ClauseKind.PROSE, c, line_no) for c in prose_clauses(line))
    return out


def prose_clauses(text: str) -> list[str]:
    """The clauses of one line of prose: its sentences, and within one a second subject
    with its own promise ("Lena will take the course, and I'll cover her reports")."""
    return sentences(text, Cut.CLAUSE, then=_subjects)


def _subjects(sentence: str) -> list[str]:
    out: list[str] = []
    for part in SECOND_PROMISE.split(sentence):
        if part and part.strip():
            part = part.strip()
            out.extend([part] if CONDITION.match(part) else SECOND_SUBJECT.split(part))
    return out
