"""Requests told in a note's own voice and the answer that follows them.

"Gordon asked me to cover the bank reconciliations while Anya is out. Yes, but only the two
operating accounts." / "I asked Yusra to present the findings at the product review. She'll do
it, but only if the sessions wrap by May 15." / "Renata asked if I'd present the results in
August. I will, if the event is done by 7/24." Neither sentence promises on its own: the
request names the act and the member asked, the answer makes it that member's promise. A
condition on the answer ("if ...", "but only if ...") does not undo the promise, and its date
is the condition's, not the promise's. A request declined ("No", "Not this time") or not
answered in the next few clauses promises nothing (chat turns: :mod:`assistant.commitments.dialogue`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from assistant.commitments.models import Clause, StatedCommitment
from assistant.commitments.phrasing import pick_due, recurring
from assistant.text.dates import DateMention
from assistant.text.people import People

__all__ = ["ACCEPT", "SAID_YES", "answered_requests"]

ACCEPT = re.compile(
    r"^\W*(?:(?:oh|ah|ugh|argh|shoot|right|hmm|ha)\W+)*"
    r"(?:yes|yep|yeah|yup|ya|sure|ok|okay|on\s+it|will\s+do|can\s+do|deal|of\s+course|absolutely|definitely|"
    r"mine|np|no\s+problem|happy\s+to|sounds\s+good|consider\s+it\s+done|(?:I'll|I\s+will|will)\s+(?:do|have)\s+it)\b",
    re.IGNORECASE,
)
SAID_YES = re.compile(
    r"^\W*(?:(?:I|[Ss]he|[Hh]e|[A-Z][a-z]+)\s+said\s+(?:yes|sure|ok(?:ay)?)|(?:I|[Ss]he|[Hh]e|[A-Z][a-z]+)\s+agreed|agreed)\b",
    re.IGNORECASE,
)
_LEAD = r"^\W*(?:(?:also|and|then|so|she|he)\s+)?"
_WHO = r"I|[Ss]he|[Hh]e|[A-Z][\w'-]+"
_ASKED_TO = re.compile(
    _LEAD + rf"(?P<asker>{_WHO})(?:\s+\([^)]*\))?\s+(?:also\s+)?asked\s+(?P<asked>me|us|him|her|[A-Z][\w'-]+)\s+"
    r"(?:also\s+)?to\s+(?P<action>[a-z].+?)\s*[.?]?\s*$"
)
_ASKED_IF = re.compile(
    _LEAD + rf"(?P<asker>{_WHO})(?:\s+\([^)]*\))?\s+(?:also\s+)?asked\s+(?:me\s+|us\s+|him\s+|her\s+)?(?:if|whether)\s+"
    r"(?P<asked>I|we|she|he|[A-Z][\w'-]+)(?:\s+(?:could|can|would|might|will)|'d)\s+(?:also\s+)?"
    r"(?P<action>[a-z].+?)\s*[.?]?\s*$"
)
_TAKES_IT = re.compile(
    r"^\W*(?:(?:but|so|and|ok|okay|yes|sure)\W+)?(?P<who>I|[Ss]he|[Hh]e|[A-Z][\w'-]+)(?:'ll|\s+will)"
    r"(?:\s+(?:do|take|handle|run)\s+(?:it|that|this|them|so)\b.*|\s*(?:[,;:.!]|\s+(?:if|but|as\s+long\s+as|provided)\b).*|)$"
)
_CONDITION = re.compile(r"\b(?:if|unless|otherwise|as\s+long\s+as|provided)\b", re.IGNORECASE)
WITHIN = 3
"""An answer comes within this many clauses of the request, or not at all."""


def answered_requests(
    clauses: list[Clause],
    people: People,
    make: Callable[[str, str, Clause], StatedCommitment | None],
    dates: Callable[[str, date], list[DateMention]],
) -> None:
    """Make each request told in the note's voice and answered yes a promise of the member
    asked, stated by the answering clause."""
    for at, asking in enumerate(clauses):
        if asking.stated is not None or asking.outsider_speaking:
            continue
        request = _request(asking, people)
        if request is None:
            continue
        asked, action = request
        for answer in clauses[at + 1 : at + 1 + WITHIN]:
            if answer.speaker != asking.speaker or _request(answer, people):
                break
            if answer.stated is not None and not answer.stated.refers_back:
                break  # a promise of its own: not an answer to the request
            if _accepts(answer, asked, people):
                _promise(action, asked, asking, answer, make, dates)
                break


def _request(clause: Clause, people: People) -> tuple[str, str] | None:
    """(the member asked, the act) of a request the clause tells, if a member is asked."""
    m = _ASKED_TO.match(clause.text) or _ASKED_IF.match(clause.text)
    if m is None:
        return None
    asker = _member(m["asker"], clause, people, None)
    asked = _member(m["asked"], clause, people, asker)
    if m.re is _ASKED_IF and m["asked"].lower() in ("he", "she") and asker != clause.voice:
        return None  # "Omar asked whether he could join the guild": leave to ask, no request
    if asked is None or asked == asker:
        return None
    return asked, m["action"]


def _member(word: str, clause: Clause, people: People, asker: str | None) -> str | None:
    """The member a word names in the clause: I/me the voice, he/she/him/her the member who is
    not the asker (when the asker is one), a name looked up."""
    low = word.lower()
    if low in ("i", "me"):
        return clause.voice
    if low in ("he", "she", "him", "her"):
        return people.other(asker) if asker else None
    if low in ("we", "us"):
        return None
    return people.lookup(word)


def _accepts(answer: Clause, asked: str, people: People) -> bool:
    text = answer.text
    if ACCEPT.match(text) or SAID_YES.match(text):
        return True
    m = _TAKES_IT.match(text)
    if m is None:
        return False
    who = m["who"].lower()
    if who == "i":
        return answer.voice == asked
    if who in ("she", "he"):
        return answer.voice != asked
    return people.lookup(m["who"]) == asked


def _promise(
    action: str,
    owner: str,
    asking: Clause,
    answer: Clause,
    make: Callable[[str, str, Clause], StatedCommitment | None],
    dates: Callable[[str, date], list[DateMention]],
) -> None:
    stated = make(action, owner, asking)
    if stated is None:
        return
    said = answer.text
    if recurring(said):  # "Yes, but one hour a week": the answer sets a standing promise
        stated.recurring, stated.due, stated.due_phrase = True, None, None
    if cut := _CONDITION.search(said):
        said = said[: cut.start()]  # "I will, if the event is done by 7/24": the condition's date
    accepted(stated, owner, answer, said, asking.text, dates)


def accepted(
    stated: StatedCommitment,
    owner: str,
    answer: Clause,
    said: str,
    context: str,
    dates: Callable[[str, date], list[DateMention]],
) -> None:
    """A request's promise, made by its answer: dated by what the answer says ("yep, by thu",
    a date not before the answer's day) and placed on the answer's clause."""
    ahead = [d for d in dates(said, answer.note_date) if d.value and d.value >= answer.note_date]
    if chosen := pick_due(said, ahead):
        stated.due, stated.due_phrase = chosen.value, chosen.phrase
    stated.context = context
    answer.stated, answer.actor, answer.signal = stated, owner, None
