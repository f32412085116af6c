"""Promises made in dialogue: a request one member makes and the other accepts.

In a transcript or a pasted chat, a promise is often split over two turns: "rhea: can you pull
the row volumes?" / "kmensah: yep, will have it by thu". Neither turn promises on its own; the
request names the action, the acceptance makes it a promise of the one who accepted (and may
give its date). An offer ("shall I ...?", "want me to ...?", "the abstract to you by Friday?")
accepted by the other is a promise of the one who offered. A request declined ("can't", "no",
"maybe later") or left unanswered promises nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from assistant.commitments.asked import ACCEPT, accepted
from assistant.commitments.models import OUTSIDER, Clause, StatedCommitment
from assistant.commitments.structure import TURN
from assistant.text.dates import DateMention

__all__ = ["accept_requests"]

_LEAD = r"^\W*(?:(?:also|and|oh|ok|okay|so|btw|one\s+more|hey|q)\W+)*"
_REQUEST = re.compile(
    _LEAD + r"(?:can|could|would|will)\s+you\s+(?:also\s+|please\s+|pls\s+)?(?!let\s+me\b|tell\s+me\b)"
    r"(?P<action>[a-z].+?)\s*\?+\s*$",
    re.IGNORECASE,
)
_OFFER = re.compile(
    _LEAD + r"(?:(?:shall|should)\s+I|(?:do\s+you\s+)?want\s+me\s+to|would\s+you\s+like\s+me\s+to)\s+"
    r"(?P<action>[a-z].+?)\s*\?+\s*$",
    re.IGNORECASE,
)
_DELIVERY = re.compile(
    _LEAD + r"(?P<thing>(?:the\s+|my\s+)?[\w'-]+(?:\s+[\w'-]+){0,3})\s+to\s+you\s+"
    r"(?P<when>(?:by|before)\s+[^?]+)\?+\s*$",
    re.IGNORECASE,
)
"""An offer to deliver: "abstract to you by fri?"."""
_DECLINE = re.compile(
    r"\b(?:can't|cannot|can\s+not|no(?!\s+problem)|nope|not\s+(?:sure|now|this|really)|maybe|rather\s+not|won't|"
    r"don't\s+think)\b",
    re.IGNORECASE,
)
WITHIN = 4
"""A request is answered within this many turns, or not at all."""


@dataclass
class _Asked:
    asker: str
    action: str
    clause: Clause
    turn: int
    offer: bool
    said: str = ""
    """The whole turn that asked: what the request is about ("the dashboard double counts
    refunds. can you own the fix?")."""


def accept_requests(
    clauses: list[Clause],
    make: Callable[[str, str, Clause], StatedCommitment | None],
    dates: Callable[[str, date], list[DateMention]],
) -> None:
    """Turn each accepted request or offer among a note's speaker turns into a promise, stated
    by the accepting turn's first clause (``make(action, owner, clause)`` words it)."""
    pending: _Asked | None = None
    for turn, line in enumerate(_turns(clauses)):
        speaker = line[0].speaker or ""
        text = " ".join(TURN.sub("", c.text, count=1) for c in line)
        if pending is not None and speaker != pending.asker and turn - pending.turn <= WITHIN:
            first = line[0]
            if _accepts(first, text):
                if not _own_promise(line):  # "yep, I'll send the usage sheet by thu" says it all
                    _promise(pending, speaker if not pending.offer else pending.asker, first, text, make, dates)
                pending = None
                continue
            if _DECLINE.search(text):
                pending = None
        for clause in line:
            if asked := _asked(clause, speaker, turn):
                pending = asked
                pending.said = text


def _turns(clauses: list[Clause]) -> list[list[Clause]]:
    """The clauses of each line a member speaks, in order (other lines are not turns)."""
    out: list[list[Clause]] = []
    for clause in clauses:
        if clause.speaker is None or clause.speaker == OUTSIDER:
            continue
        if out and out[-1][0].line == clause.line:
            out[-1].append(clause)
        else:
            out.append([clause])
    return out


def _own_promise(line: list[Clause]) -> bool:
    return any(c.stated is not None and not c.stated.refers_back for c in line)


def _accepts(first: Clause, text: str) -> bool:
    if ACCEPT.match(text):
        return True
    # "will have it by thu": a promise that only points back at what was asked
    return first.stated is not None and first.stated.refers_back and not _DECLINE.search(text)


def _asked(clause: Clause, speaker: str, turn: int) -> _Asked | None:
    body = TURN.sub("", clause.text, count=1)
    if m := _REQUEST.match(body):
        return _Asked(speaker, m["action"], clause, turn, offer=False)
    if m := _OFFER.match(body):
        return _Asked(speaker, m["action"], clause, turn, offer=True)
    if m := _DELIVERY.match(body):
        return _Asked(speaker, f"send {m['thing']} {m['when']}", clause, turn, offer=True)
    return None


def _promise(
    asked: _Asked,
    owner: str,
    first: Clause,
    text: str,
    make: Callable[[str, str, Clause], StatedCommitment | None],
    dates: Callable[[str, date], list[DateMention]],
) -> None:
    stated = make(asked.action, owner, asked.clause)
    if stated is None:
        return
    accepted(stated, owner, first, text, asked.said, dates)  # the date the acceptance gives ("yep, by thu")
