"""Feedback the notes record: who gave it to whom, what kind, the behaviour and its impact.

Read from labelled statements ("Feedback for Sam: ...", "Eli's feedback for Dana: ...",
"Aisha gave feedback that ...", a note of kind ``feedback``), split where praise turns into
a request ("clear, but ... had no rollback step"), and requests that are feedback ("Eli
asked for more notice before priorities change").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.drafting.models import Snapshot, sentences
from assistant.models import Note, NoteKind
from assistant.text.people import People

__all__ = ["CONSEQUENCE", "IMPACT", "REDIRECTING", "REINFORCING", "FeedbackStatement", "feedback_statements"]

REDIRECTING = re.compile(
    r"\b(?:but|however|next\s+time|instead|rather\s+than|too\s+\w+\s+to\s+be|too\s+(?:long|detailed|deep|much|many|fast|slow|late|early|often)|"
    r"hard(?:er)?\s+to|lacked|lacking|missing|had\s+no|without\s+an?|drift(?:ed|ing)?|ran\s+(?:\w+\s+){0,3}over|buried|"
    r"should|could\s+have|would\s+help|keeps?\s+getting|unresolved|slowing|repetitive|confusing|cancel+ed|"
    r"rewrote|interrupt\w*|before\s+I\s+had|in\s+front\s+of|more\s+notice|less\s+\w+|more\s+frequent|"
    r"get\s+cancel+ed|too\s+often|running\s+long|prefer|skipp(?:ed|ing)|missed|forgot|unclear|vague|"
    r"late|no\s+(?:notice|context|heads-?up)|would\s+be\s+(?:better|nicer|easier|good)|please|could\s+you|can\s+you|"
    r"I'd\s+(?:prefer|rather|like)|would\s+(?:prefer|rather|like))\b",
    re.IGNORECASE,
)
REINFORCING = re.compile(
    r"\b(?:(?:clear|great|strong|sharp|crisp|calm|nice|neat|solid)(?:er|est|r|st)?|best|excellent|good|well|helpful|"
    r"useful|precise|blameless|thanks?|thank\s+you|"
    r"rigorous|better|appreciated?|approved|impressive|solid|calm|thorough|concrete|crisp|on\s+time|landed\s+well|"
    r"worked|much\s+clearer|very\s+useful|really\s+useful|keep\s+doing)\b",
    re.IGNORECASE,
)
IMPACT = re.compile(
    r"(?:,\s*|;\s*|\s+and\s+|\s+so\s+|\s+which\s+|\.\s+)(?P<impact>(?:it\s+)?(?:got|made|makes|meant|means|saved|saving|"
    r"caused|led\s+to|helped|helps|sat|blocked|is\s+slowing|slowing|making|left|cost)\b.+)$",
    re.IGNORECASE,
)
CONSEQUENCE = re.compile(
    r"\b(?:sat|blocked|slowed|slowing|made\s+it\s+hard|makes\s+it\s+hard|meant|cost|delayed|confused|"
    r"got\s+approved|saved|helped\s+(?:the|us)|waited|missed)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FeedbackStatement:
    note: Note
    giver: str
    receiver: str
    kind: str
    behavior: str
    impact: str | None
    topic: str | None
    by_label: bool = False
    """Its kind comes from the "Feedback for X:" label alone, not from its words."""


FEEDBACK = r"(?:feedback|fb)"
"""The word that labels feedback, and its common shorthand ("D's fb for me: ...")."""

_SECTION = re.compile(r"^(?P<label>[A-Z]{1,2}):\s+(?=\S)")
"""A one- or two-letter section label before a sentence (SBAR's "S:", "R:"; "Q:"), unless
it is a member's initial ("D: wants to ...")."""


@lru_cache(maxsize=256)
def _label_patterns(people: People) -> list[re.Pattern]:
    name = people.pattern.pattern
    who = rf"(?:{name}|me|you|him|her|them)"
    return [
        re.compile(
            rf"^(?:(?P<giver>{name})(?:'s|\s*:)\s+|(?P<poss>your|my)\s+)?{FEEDBACK}\s+(?:for|to)\s+(?P<receiver>{who})\s*[:\-–—]\s*"
            r"(?P<body>.+)$",
            re.I,
        ),
        # "Praise: the flag idea was a smart compromise", "Kudos to Mia: ..."
        re.compile(
            rf"^(?P<praise>praise|kudos|shout-?out|well\s+done|appreciation)(?:\s+(?:for|to)\s+(?P<receiver>{who}))?"
            r"\s*[:\-–—]\s*(?P<body>.+)$",
            re.I,
        ),
        re.compile(
            rf"^{FEEDBACK}\s+from\s+(?P<giver>{name}|me)\s*(?:on\s+(?P<topic>[^:]+))?[:\-–—]\s*(?P<body>.+)$", re.I
        ),
        re.compile(rf"^(?P<giver>{name})'s\s+{FEEDBACK}(?:\s+on\s+(?P<topic>[^:]+))?\s*[:\-–—]\s*(?P<body>.+)$", re.I),
        re.compile(rf"^{FEEDBACK}(?:\s+on\s+(?P<topic>[^:]+))?\s*[:\-–—]\s*(?P<body>.+)$", re.I),
        # "Aisha gave feedback that ...", "Kofi gave me feedback: ...", "I gave Kofi feedback on the write-up: ..."
        re.compile(
            rf"^(?P<giver>{name}|I)\s+gave\s+(?:(?P<receiver>{who})\s+)?(?:some\s+)?{FEEDBACK}"
            rf"(?:\s+on\s+(?P<topic>[^:]+?))?(?:\s+that\s+|\s*[:\-–—]\s*)(?P<body>.+)$",
            re.I,
        ),
    ]


def feedback_statements(snapshot: Snapshot, people: People) -> list[FeedbackStatement]:
    """Feedback the shared notes record, with who gave it to whom, oldest first."""
    out: list[FeedbackStatement] = []
    for note in snapshot.shared:
        out.extend(_in_note(note, people))
    return out


@lru_cache(maxsize=20_000)
def _in_note(note: Note, people: People) -> tuple[FeedbackStatement, ...]:
    """One note's feedback statements (notes and people are immutable: safe to remember)."""
    labels = _label_patterns(people)
    asked = re.compile(
        rf"^(?P<giver>{people.pattern.pattern})\s+asked\s+(?:me\s+|us\s+)?for\s+(?P<body>(?:more|less|fewer|earlier)\s+.+)$",
        re.I,
    )
    told = re.compile(
        rf"^(?:and\s+)?(?:I\s+)?(?:told|let)\s+(?P<receiver>him|her|them|{people.pattern.pattern})\s+(?:so|that|this|know)\b"
        r"[^.;]{0,30}[.!]?$",
        re.I,
    )
    # "I told Grace the standup runs long", "Callum asked Adaeze to post the schedule earlier",
    # "Callum said it would help if Adaeze gave feedback the same week": heard when answered
    told_them = re.compile(
        rf"^(?:I|(?P<giver>{people.pattern.pattern}))\s+(?:(?P<verb>told|asked)|(?P<help>said\s+it\s+would\s+help\s+if))\s+"
        rf"(?P<receiver>him|her|them|{people.pattern.pattern})\s+(?:that\s+)?(?P<body>.{{12,}})$",
        re.I,
    )
    out: list[FeedbackStatement] = []
    parts = [_unlabelled(p, people) for p in sentences(note.text)]
    for i, sentence in enumerate(parts):
        following = parts[i + 1] if i + 1 < len(parts) else ""
        said = told_them.match(sentence.strip())
        if said and _ACKNOWLEDGED.search(following):
            # "I told Grace the standup runs 25+ minutes. She said fair, ...": feedback, heard
            giver = _person(said["giver"], note, people) or note.author
            receiver = _person(said["receiver"], note, people)
            if receiver and receiver != giver:
                body = said["body"]
                if (said["verb"] or "").lower() == "asked":  # "asked Adaeze to post it earlier"
                    body = f"asked {people.first_name(receiver)} {body}" if body.lower().startswith("to ") else ""
                if said["help"]:  # "it would help if Adaeze gave feedback the same week"
                    body = f"it would help if {people.first_name(receiver)} {body}"
                if not body:
                    continue
                out.extend(_split(note, giver, receiver, body, None, default="redirecting"))
                continue
        m = told.match(following.strip())
        receiver = _person(m["receiver"], note, people) if m else None
        if receiver and receiver != note.author:
            # "The demo was crisp: ... Told her so.": what the author said to the other member
            out.extend(_split(note, note.author, receiver, sentence, None))
            continue
        for piece in re.split(r";\s+", sentence):
            out.extend(_statement(note, piece, following, labels, asked, people))
    return tuple(out)


def _unlabelled(sentence: str, people: People) -> str:
    """The sentence without a section label that names no member ("R: Callum asked ...")."""
    m = _SECTION.match(sentence.strip())
    return sentence.strip()[m.end() :] if m and not people.lookup(m["label"]) else sentence


_ACKNOWLEDGED = re.compile(
    r"^\W*(?:\w+\s+)?(?:said|says|agreed)?\s*[,:]?\s*(?:(?:that's\s+)?fair|good\s+point|you're\s+right|makes\s+sense|agreed)\b",
    re.IGNORECASE,
)
"""The other member's first words back: the thing told was heard as feedback ("She said fair")."""


_ASIDE = re.compile(r"^(?P<label>[^:()]{3,60}?)\s*\((?P<aside>[^()]{1,80})\)\s*(?=[:\-–—])")
"""An aside between a label and its colon: "Feedback from Owen (he asked to give some, good): ...";
one that says who gave it to whom ("feedback (me -> diego): ...") decides it."""
_FROM_TO = re.compile(r"^\s*(?P<giver>[\w.'-]+)\s*(?:->|→|=>|\bto\b|\bfor\b)\s*(?P<receiver>[\w.'-]+)\s*$", re.I)


def _statement(note, text, following, labels, asked, people) -> list[FeedbackStatement]:
    aside = _ASIDE.match(text)
    text = _ASIDE.sub(r"\g<label>", text)
    m = next((p.match(text) for p in labels if p.match(text)), None)
    request = False
    if m is None:
        m = asked.match(text)
        request = m is not None
    if m is None:
        if note.kind is NoteKind.feedback and (REDIRECTING.search(text) or REINFORCING.search(text)):
            return _split(note, note.author, people.other(note.author), text, None)
        return []
    groups = m.groupdict()
    poss = (groups.get("poss") or "").lower()  # "Your feedback for me" in the author's note: the other member's
    giver = _person(groups.get("giver"), note, people) or (people.other(note.author) if poss == "your" else note.author)
    receiver = _person(groups.get("receiver"), note, people) or people.other(giver)
    if aside and (way := _FROM_TO.match(aside["aside"])):  # "feedback (diego -> me): ..."
        giver = _person(way["giver"], note, people) or giver
        receiver = _person(way["receiver"], note, people) or people.other(giver)
    if giver == receiver:
        return []
    body = groups["body"].strip()
    if request:
        return [FeedbackStatement(note, giver, receiver, "redirecting", f"asked for {body.rstrip('.')}", None, None)]
    if re.match(r"^(?:next\s+time|also|one\s+thing|going\s+forward|in\s+future)\b", following, re.I):
        body = f"{body.rstrip('.')}. {following}"
    if note.author == receiver:  # "Uma's feedback for me: I skipped our last two 1:1s"
        # and "Feedback from Grace: my comms were clear"
        body = re.sub(r"^I\b", people.first_name(receiver), body)
        body = re.sub(r"^[Mm]y\b", f"{people.first_name(receiver)}'s", body)
    # The label says it is feedback: without praise in it, it asks for a change ("Praise:" praises).
    default = "reinforcing" if groups.get("praise") else "redirecting"
    return _split(note, giver, receiver, body, groups.get("topic"), default=default)


def _person(token: str | None, note: Note, people: People) -> str | None:
    if not token:
        return None
    if token.lower() in ("me", "i"):
        return note.author
    if token.lower() in ("you", "him", "her", "them"):
        return people.other(note.author)
    return people.lookup(token)


def _split(note, giver, receiver, body, topic, default: str | None = None) -> list[FeedbackStatement]:
    """Praise and a request in one statement become two ("clear, but no rollback step");
    a piece that only reports a consequence ("two items sat without an owner") is the
    impact of the piece before it. ``default``: the kind of a first piece with neither
    praise nor a request in its words, where the note labels it feedback."""
    parts = re.split(r"(,?\s+but\s+|\.\s+(?=next\s+time)|;\s+|\.\s+)", body, flags=re.I)
    out: list[FeedbackStatement] = []
    after_but = False
    for i in range(0, len(parts), 2):
        piece = parts[i].strip().rstrip(".")
        after_but = i > 0 and "but" in parts[i - 1].lower()
        if len(piece.split()) < 3:
            continue
        if (
            out
            and out[-1].impact is None
            and CONSEQUENCE.search(piece)
            and not after_but
            and not piece.lower().startswith("next time")
        ):
            last = out.pop()
            out.append(FeedbackStatement(note, giver, receiver, last.kind, last.behavior, piece, topic))
            continue
        kind = (
            "redirecting"
            if after_but or REDIRECTING.search(piece)
            else ("reinforcing" if REINFORCING.search(piece) else None)
        )
        by_label = kind is None and default is not None and not out and i == 0
        if by_label:
            kind = default
        if kind is None:
            continue
        impact = None
        if m := IMPACT.search(piece):
            impact, piece = m["impact"].strip().rstrip("."), piece[: m.start()].strip()
        out.append(FeedbackStatement(note, giver, receiver, kind, piece, impact, topic, by_label))
    return out
