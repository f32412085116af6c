"""A promise kept by what it led to, reported in words that are not its own verb's.

- the person a promise was to ask answered (:func:`~assistant.commitments.matching.answered`);
- an event promised took place: the later note names the event and says it was held ("Talk
  went well" for "10-min talk at the eng all-hands", "Guild #2 was on 6/25" for "Second guild
  session", "Retro out 4/9" for "write the cutover retro");
- an introduction promised was made: the two people it was to bring together met ("AK + TL
  met last Thu" for "intro TL to AK").

The words of such a report name the outcome, not the act, so they share little with the
promise and no completion word: the rules link them here, by the shape of the report and
the promise's own object, for promises made in an earlier note.
"""

from __future__ import annotations

import re

from assistant.commitments.matching import LinkContext, answered
from assistant.commitments.models import Clause, TrackedCommitment
from assistant.commitments.similarity import content_terms
from assistant.commitments.vocabulary import MOVED, NEGATED, NOT_DONE
from assistant.text.dates import find_dates

__all__ = ["acknowledged", "introduced", "kept_by", "kept_in", "reviewed", "took_place"]

_TOOK = (
    r"took\s+(?:(?:the|a|an|about|around|almost|nearly|only|just|full|whole|entire|one|two|three|four|five|six|"
    r"couple\s+of|few|\d+(?:\.\d+)?)\s*){1,3}(?:min(?:ute)?s?|h(?:ou)?rs?|h|days?|weeks?|sprints?|months?)\b"
    r"(?!\s+(?:longer|more|extra|over|instead\s+of\s+the|to\s+(?:get|start|set)))"
)
"""A report of the work's own length ("Load test took the full week", "Migration took 3 days"):
it happened. Not a delay ("took a week longer") or a start ("took two days to get access")."""
_LEAD = r"^\W*(?:\[[\d:]+\]\s*)?(?:(?:and|so|also|btw|ok|good\s+news)\W+)*(?:the\s+|our\s+|my\s+|your\s+)?"
_HELD = re.compile(
    _LEAD + r"(?P<what>[\w#/+-]+(?:\s+[\w#/+-]+){0,3}?)\s+"
    r"(?:(?P<went>went\s+(?:really\s+|very\s+|super\s+|pretty\s+)?(?:well|great|fine|ok|okay|smoothly|off)|"
    r"happened|took\s+place|was\s+held|" + _TOOK + r")|"
    r"(?P<was>(?:was|were|is\s+out|was\s+out|went\s+out|out)\b(?:\s+on)?))",
    re.IGNORECASE,
)
"""A subject of a few words, then: held ("went well", "happened"), or "was"/"out" and a date."""
_ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "1st": "1", "2nd": "2", "3rd": "3"}
_ORDINAL = re.compile(r"#\s*(\d)\b|\b(first|second|third|fourth|fifth|1st|2nd|3rd)\b", re.IGNORECASE)
_OBJECT_END = re.compile(r"[,;(]|\s(?:on|at|with|to|for|about|re|w/|from|in|into|by|before|after|of)\s", re.IGNORECASE)
_FILLER = frozenset(
    "a an the this that our my your its his her their one finally actually already eventually really also "
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august "
    "september october november december mon tue wed thu fri monday tuesday wednesday thursday friday".split()
)
"""Words of a subject that do not name the event: its date ("Oct 2 walkthrough"), an adverb."""
_WHO_WITH = re.compile(r"\s(?:with|w/|by|for)\s.*$", re.IGNORECASE)


def _words(text: str) -> set[str]:
    """Content words, singular, ordinals left out (compared apart)."""
    found = set()
    for w in re.findall(r"[a-z][a-z0-9-]*", _ORDINAL.sub(" ", text.lower())):
        w = w.split("-")[-1] if "-" in w and w[0].isdigit() else w
        if w not in _FILLER and len(w) > 1:
            found.add(w[:-1] if w.endswith("s") and len(w) > 3 else w)
    return found


def _stems(words: set[str]) -> set[str]:
    return {w[:6] for w in words}


def _ordinal(text: str) -> str | None:
    m = _ORDINAL.search(text)
    if not m:
        return None
    return m.group(1) or _ORDINALS[m.group(2).lower()]


def _object(item: TrackedCommitment) -> str:
    """What a promise is to do or hold, up to its first preposition or comma ("write the
    cutover retro", "10-min talk", "Second guild session"; not "ask Mateus" of "ask Mateus
    to co-host guild #2")."""
    m = _OBJECT_END.search(" " + item.text + " ")
    return item.text[: max(0, m.start() - 1)] if m else item.text


def took_place(item: TrackedCommitment, clause: Clause) -> bool:
    """The clause says the event the promise names was held: its subject is the promise's own
    object (every content word of it, the head among the object's words, the same ordinal if
    both give one), followed by "went well", "happened", "took place", or "was"/"out" with a
    date that has passed ("Guild #2 was on 6/25", "Retro out 4/9")."""
    m = _HELD.match(clause.text)
    if not m or NEGATED.search(clause.text[: m.end()]) or clause.text.rstrip().endswith("?"):
        return False
    if not _names_the_object(m, item, clause):
        return False
    mine, theirs = _ordinal(m["what"]), _ordinal(item.text)
    if mine and theirs and mine != theirs:
        return False
    if m["went"]:
        return True
    after = clause.text[m.end() : m.end() + 40]
    dates = [d.value for d in find_dates(after, clause.note_date) if d.value and d.start <= 8]
    return bool(dates) and all(d <= clause.note_date for d in dates if d)


def _names_the_object(m: re.Match, item: TrackedCommitment, clause: Clause) -> bool:
    """The subject held is the promise's own object: every word of it among the object's and
    the promise's words; for "took <how long>", by stem and up to a preposition ("Billing jobs
    migration took 3 days" for "migrate the billing jobs", "Load test on staging took a week"),
    and never beside a delay ("A/B test slipped: traffic allocation took a week")."""
    took = m["went"] is not None and m["went"].lower().startswith("took ")
    said = _OBJECT_END.split(" " + m["what"] + " ")[0] if took else m["what"]
    what = _words(_WHO_WITH.sub("", said))  # "the walkthrough with Tomasz finally happened"
    mine_obj, mine_all = _words(_object(item)), _words(item.text)
    if took:
        what, mine_obj, mine_all = _stems(what), _stems(mine_obj), _stems(mine_all)
        if NOT_DONE.search(clause.text) or MOVED.search(clause.text):
            return False
    return bool(what) and what <= mine_obj and what <= mine_all


_INTRO = re.compile(r"^(?:intro|introduce|connect)\b(?P<rest>.*)$", re.IGNORECASE)
_NAME = re.compile(r"\b[A-Z][A-Za-z]*\b")
_WHO_END = re.compile(r"[,;:(]|\s(?:re|about|for|on|so|because|as|when|once|if)\b", re.IGNORECASE)
_MET = re.compile(
    r"\b(?:met|have\s+met|talked|spoke|chatted|connected|had\s+(?:a\s+)?(?:call|chat|coffee|intro))\b", re.IGNORECASE
)


def introduced(item: TrackedCommitment, clause: Clause) -> bool:
    """The clause says the people a promise was to introduce met ("AK + TL met last Thu",
    "Kwame and Sven talked on Monday" for "intro Kwame to Sven")."""
    m = _INTRO.match(item.text)
    if not m:
        return False
    people = _WHO_END.split(m["rest"].strip() + " ")[0]  # "TL to AK" of "TL to AK re: SRE cover"
    names = set(_NAME.findall(people)) - {"I"}
    if len(names) < 2:
        return False
    met = _MET.search(clause.text)
    before = clause.text[: met.start()] if met else ""
    if not met or NEGATED.search(before) or re.search(r"\bwill\b|'ll\b|\bto\s+$", before):
        return False  # not "haven't met", "will meet", "want to talk"
    said = set(re.findall(r"[A-Za-z]+", before))
    return names <= said


_REVIEWED = re.compile(
    r"\b(?:reviewed|went\s+(?:through|over)|read\s+through|commented\s+on|signed\s+off\s+on|walked\s+through)\s+"
    r"(?P<what>(?:[\w'-]+\s+){0,5}?[\w'-]+)(?=\s*(?:[,.;:]|$|\s(?:with|and|line|together|in|on|for|before|after)\s))",
    re.IGNORECASE,
)
_MAKES = frozenset("write draft prepare put have send share build create finish make compile update".split())


def reviewed(item: TrackedCommitment, clause: Clause) -> bool:
    """The other member reviewed, or went through, what the promise was to produce ("Lena
    reviewed Sam's launch readiness checklist" for Sam's "first version" of it): it exists.
    What it names must be in the promise's words or what its "it" points to, two words at least."""
    if item.verb not in _MAKES or not clause.actor or not item.owner or clause.actor == item.owner:
        return False
    m = _REVIEWED.search(clause.text)
    before = clause.text[: m.start()] if m else ""
    if not m or NEGATED.search(before) or re.search(r"\bwill\b|'ll\b|\bto\s+$", before):
        return False
    what = set(content_terms(re.sub(r"^\w+'s\s+", "", m["what"])))
    known = {*content_terms(item.text), *item.context_terms}
    return len(what) >= 2 and what <= known


_THANKS_OR_ECHO = re.compile(
    r"\b(?:thanks|thank\s+you|thx|ty)\s+(?:again\s+|so\s+much\s+)?for\s+(?P<thanked>[^.;!?]+)|"
    r"\b(?:people|ppl|everyone|folks|others|colleagues)\s+(?:keep|kept|have\s+been|are|were|still)\s+"
    r"(?:\w+ing)\s+(?:me\s+|us\s+)?about\s+(?P<echoed>[^.;!?]+)",
    re.IGNORECASE,
)
_FOR_THE_PROMISE = re.compile(
    r"^\s*(?:offering|agreeing|promising|volunteering|taking\s+(?:this|it)\s+on)\b|\bin\s+advance\b", re.I
)


def acknowledged(item: TrackedCommitment, clause: Clause) -> bool:
    """A later note thanks someone for what was promised, or says others keep reacting to it
    ("thanks for the shoutout", "ppl keep DMing me about the newsletter thing" for "give Kwame
    a shoutout in the eng newsletter"): it happened. What is thanked or talked about must be in
    the promise's words; thanks for offering it thank the promise, not the act."""
    if clause.note_id == item.source_note_id or clause.text.rstrip().endswith("?"):
        return False
    m = _THANKS_OR_ECHO.search(clause.text)
    if not m or NEGATED.search(clause.text[: m.start()]):
        return False
    what = m["thanked"] or m["echoed"]
    if _FOR_THE_PROMISE.search(what):
        return False
    words = _words(re.sub(r"\b(?:thing|stuff|lol|again|yesterday|today|last\s+\w+)\b", " ", what))
    return bool(words) and words <= _words(item.text) | _words(" ".join(item.context_terms))


def kept_by(item: TrackedCommitment, clause: Clause) -> bool:
    """The clause reports what the promise was to bring about: an answer, an event held, an
    introduction made, the thing it was to produce reviewed by the other member, thanks for it."""
    return (
        answered(item, clause)
        or took_place(item, clause)
        or introduced(item, clause)
        or reviewed(item, clause)
        or acknowledged(item, clause)
    )


def kept_in(ctx: LinkContext) -> TrackedCommitment | None:
    """The latest open promise, made in an earlier note, that the clause reports kept so."""
    found = [i for i in ctx.candidates if i.is_open and i.order < ctx.order and kept_by(i, ctx.clause)]
    return found[-1] if found else None
