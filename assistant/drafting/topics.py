"""The members' own topics for the next one-on-one: the talking points either member added
(the employee's first), what the employee's prep notes ask to discuss, and what they raised at
the last check-in that should carry over.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from assistant.commitments.models import Signal
from assistant.commitments.reading import Analyzer
from assistant.commitments.structure import TURN, speaker_turns
from assistant.commitments.vocabulary import GENERIC
from assistant.drafting.models import AgendaItem, Snapshot, sentences
from assistant.drafting.render import day
from assistant.models import Note, NoteKind
from assistant.retrieval.lexical import terms
from assistant.text.people import People

__all__ = ["employee_topics", "manager_topics"]

TOPIC_HEADING = re.compile(
    r"^\s*(?:topics?|agenda|prep|for\s+(?:our|my|the|next)\s+[\w:]+(?:\s+with\s+\w+)?|for\s+next\s+time|questions?|"
    r"to\s+discuss|things\s+to\s+(?:discuss|raise))\b[^:\n]*:\s*$",
    re.IGNORECASE | re.MULTILINE,
)
ASKS_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:asks?(?:\s+(?:of|for|to)\s+\w+)?|blockers?|help\s+needed|need\s+help(?:\s+with)?|concerns?|"
    r"open\s+questions?|questions?\s+for\s+\w+|to\s+discuss|topics?)\s*:?\s*$",
    re.IGNORECASE,
)
"""A weekly update's own headings for what it brings ("Blockers", "Asks of Tomás"), colon or not."""
PREP_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:[\w.'-]+(?:\s+[\w.'-]+)?\s+[—–-]\s+)?(?:my\s+)?(?:notes?|things|points|items?)\s+(?:for|before)\s+"
    r"(?:our\s+|the\s+|my\s+|next\s+|this\s+|[\w-]+'s\s+)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|1:1|one-on-one|check-?in|meeting|chat|sync|tomorrow|next\s+time)"
    r"(?:\s+with\s+\w+)?\s*(?:\([^)]{1,20}\))?\s*:?\s*$",
    re.IGNORECASE,
)
"""A prep note's own title ("Notes for Monday"), colon or not: its items are what it brings."""
NOTHING = re.compile(r"^(?:none|n/?a|nothing|nothing\s+new|no\s+blockers?|-+)[.!]?$", re.IGNORECASE)
WANTS_TO_TALK = re.compile(
    r"\b(?:I'd\s+like|I\s+would\s+like|I\s+want|I'm\s+keen|can\s+we|could\s+we|could\s+I|can\s+I|should\s+we|any\s+news|"
    r"I'd\s+love|let's\s+talk|"
    # a worry said is a worry to talk about
    r"(?:I'm|I\s+am|I\s+feel|I've\s+been)\s+(?:a\s+bit\s+|quite\s+|really\s+|very\s+|still\s+)?(?:worried|concerned|stuck|"
    r"struggling|unsure|not\s+sure|nervous|anxious|frustrated|overwhelmed|stretched))\b",
    re.IGNORECASE,
)


def employee_topics(snap: Snapshot, people: People) -> list[AgendaItem]:
    """The employee's talking points (all of them: they asked), then up to five topics read
    from their notes that the talking points do not already cover."""
    points = _talking_points(snap, snap.employee.id)
    checkins = snap.checkins()
    prep = _prep_topics(snap, people, checkins, snap.employee.id)
    brought = [set(terms(t.title)) - GENERIC for t in prep]
    # raised last time and brought again in their own words ("Study leave answer?"): once
    carried = [
        t
        for t in _raised_last_time(snap, people, checkins)
        if not any(len((set(terms(t.title)) - GENERIC) & b) >= 2 for b in brought)
    ]
    return _dedupe(points + _dedupe(prep + carried)[:5])


def manager_topics(snap: Snapshot, people: People) -> list[AgendaItem]:
    """The manager's talking points and prep notes: after the employee's topics, before the
    follow-ups."""
    read = _prep_topics(snap, people, snap.checkins(), snap.manager.id)
    return _dedupe(_talking_points(snap, snap.manager.id) + read[:3])


def _talking_points(snap: Snapshot, author: str) -> list[AgendaItem]:
    """A member's open talking points, oldest first (they carry no note: a point is its own source)."""
    section = "employee_topics" if author == snap.employee.id else "manager_topics"
    return [
        AgendaItem(
            section=section,
            title=_cap(p.text.strip().rstrip(".")),
            minutes=0,
            sources=[],
            why=f"{snap.name(author)}'s talking point, added {day(p.at, snap.as_of)}",
            raised_by=author,
        )
        for p in sorted(snap.talking_points, key=lambda p: p.at)
        if p.author == author and p.open
    ]


def _prep_notes(snap: Snapshot, checkins: list[Note], author: str) -> tuple[list[Note], bool]:
    """A member's notes since the last check-in; with none, what the employee brought to the
    last meeting (then True: carried over). A note of a check-in's own day was written for it."""
    since = checkins[-1].date if checkins else snap.as_of - timedelta(days=30)
    prep = [n for n in snap.shared if n.author == author and n.kind is not NoteKind.checkin and n.date > since]
    if prep or len(checkins) < 2 or author != snap.employee.id:
        return prep, False
    before = checkins[-2].date
    return [n for n in snap.shared if n.author == author and n.kind is not NoteKind.checkin and n.date > before], True


def _prep_topics(snap: Snapshot, people: People, checkins: list[Note], author: str) -> list[AgendaItem]:
    """What a member's prep notes ask to discuss, then up to two updates they chose to bring."""
    member = snap.employee if author == snap.employee.id else snap.manager
    section = "employee_topics" if author == snap.employee.id else "manager_topics"
    prep, carried = _prep_notes(snap, checkins, author)
    handled = set(terms(checkins[-1].text)) if carried and checkins else set()
    followed = [set(terms(c.text)) for c in snap.commitments if c.status == "open"]
    asks_items: list[AgendaItem] = []
    status_lines: list[AgendaItem] = []
    for note in prep:
        for topic, asks in _topics_in(note.text, people, member.id):
            words = set(terms(topic))
            if any(len(words & f) >= 2 for f in followed):
                continue  # an open promise: the follow-ups cover it, with this note among its sources
            if handled and len(words & handled) >= max(2, len(words) // 3):
                continue  # brought to the last check-in, and talked about there
            item = AgendaItem(
                section=section,
                title=topic,
                minutes=0,
                sources=[note.id],
                why=f"From {member.first_name}'s notes of {day(note.date, snap.as_of)}",
                raised_by=member.id,
            )
            (asks_items if asks else status_lines).append(item)
    return asks_items + status_lines[:2]  # updates they chose to bring, after what they want to discuss


def _raised_last_time(snap: Snapshot, people: People, checkins: list[Note]) -> list[AgendaItem]:
    """What the employee asked about or raised at the last check-in: carried over."""
    employee = snap.employee
    asked = re.compile(
        rf"\b(?:{people.pattern.pattern})\s+(?:asked\s+(?:about|for|whether|how|if)|wants\s+to\s+(?:talk|discuss|know)|"
        rf"raised|would\s+like\s+to\s+(?:talk|discuss))\s+(?P<what>[^.;]+)",
        re.IGNORECASE,
    )
    out = []
    followed = [set(terms(c.text)) - GENERIC for c in snap.commitments if c.status == "open"]
    for note in checkins[-1:]:
        settled = None  # later notes are read only when the check-in raised something
        parts = sentences(note.text)
        names = {t for p in snap.viewer.pair.members for t in terms(p.name)}
        answers = [
            set(terms(c.text)) - GENERIC - names
            for c in snap.commitments
            if c.status == "open" and c.source_note_id == note.id
        ]
        for i, sentence in enumerate(parts):
            m = asked.search(sentence)
            if m and people.lookup(sentence[m.start() : m.start() + 40].split()[0]) == employee.id:
                if any(len(set(terms(sentence)) & f) >= 2 for f in followed):
                    continue  # "Kickoff doc: Sunil asked for more time": its follow-up covers it
                following = set(terms(parts[i + 1])) if i + 1 < len(parts) else set()
                if any(a and 3 * len(a & following) >= 2 * len(a) for a in answers):
                    continue  # "Hana asked for a mentor. I'll ask Ravi": answered with a promise, followed up
                settled = settled or _settled_after(snap, note)
                if settled(m["what"]):
                    continue  # "Per diem advance came through" in a later note: nothing to carry over
                out.append(
                    AgendaItem(
                        section="employee_topics",
                        title=_cap(m.group(0)),
                        minutes=0,
                        sources=[note.id],
                        why=f"{employee.first_name} raised it at the last check-in "
                        f"({day(note.date, snap.as_of)}); carry it over",
                        raised_by=employee.id,
                    )
                )
    return out


def _settled_after(snap: Snapshot, checkin: Note) -> Callable[[str], bool]:
    """Whether a later note reports a topic done ("Per diem advance came through"): a clause
    the ledger's reader takes for a completion, sharing two of the topic's telling words."""
    analyzer = Analyzer(snap.viewer.pair, promise_model=None)  # what clauses report; no promise judged
    reports = [
        set(terms(c.text)) - GENERIC
        for n in snap.shared
        if checkin.date < n.date <= snap.as_of
        for c in analyzer.analyze(n.id, n.date, n.author, n.text)
        if c.signal is Signal.DONE
    ]
    return lambda topic: any(len((set(terms(topic)) - GENERIC) & done) >= 2 for done in reports)


def _topics_in(text: str, people: People, author: str) -> list[tuple[str, bool]]:
    """What a prep note brings: (topic, whether it asks for discussion) for items under a topics
    heading, questions, and "I'd like to ...". In a pasted chat or a transcript, only the
    author's own turns, without their timestamp and label: the other side's questions
    ("[17:12] rhea: would you write a post?") are not the author's topics."""
    topics: list[tuple[str, bool]] = []
    under_heading = asking = False
    lines = text.splitlines()
    turns = speaker_turns(lines)
    for number, line in enumerate(lines):
        stripped = line.strip()
        if number in turns:
            if people.lookup(turns[number]) != author:
                continue
            stripped = TURN.sub("", stripped).strip()
        if not stripped:
            continue
        # "Things I'd like to cover:": a heading that wants to talk, over what it wants to talk about
        asks_heading = bool(ASKS_HEADING.match(stripped)) or (
            stripped.endswith(":") and bool(WANTS_TO_TALK.search(stripped))
        )
        if asks_heading or TOPIC_HEADING.match(stripped) or PREP_HEADING.match(stripped):
            under_heading, asking = True, asks_heading
            continue
        bullet = re.match(r"^(?:[-*•]|\d+[.)])\s+(?:\[[ xX]\]\s*)?(?P<rest>.+)$", stripped)
        if bullet and under_heading:
            rest = bullet["rest"]
            if not NOTHING.match(rest.strip()):  # "Blockers: - none"
                topics.append((rest, asking or rest.rstrip().endswith("?") or bool(WANTS_TO_TALK.search(rest))))
            continue
        if not bullet:
            under_heading = False
        _asked_in(stripped, topics)
    return [(_cap(t.rstrip(".")), asks) for t, asks in topics]


def _asked_in(line: str, topics: list[tuple[str, bool]]) -> None:
    """Adds a line's questions and "I'd like to talk about ..." to ``topics``."""
    said = sentences(line)
    for i, sentence in enumerate(said):
        if sentence.endswith("?") or WANTS_TO_TALK.search(sentence):
            if len(set(terms(sentence)) - GENERIC) < 2:
                # "Was that okay?" means nothing alone: with what it asks about (one topic
                # with the sentence before it, where that was a topic already)
                sentence = " ".join(said[max(0, i - 2) : i + 1])
                if topics and topics[-1][0] in sentence:
                    topics.pop()
            topics.append((re.sub(r"^(?:[-*•]|\d+[.)])\s+", "", sentence), True))


def _dedupe(items: list[AgendaItem]) -> list[AgendaItem]:
    seen: set[frozenset] = set()
    out = []
    for item in items:
        key = frozenset(terms(item.title))
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out


def _cap(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]
