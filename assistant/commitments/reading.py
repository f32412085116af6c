"""Commitments and follow-up signals in one note, by rules (no LLM).

A note becomes a list of :class:`Clause`: one per action-item line, checkbox or prose
clause. A clause may state a new commitment (:class:`Found`: who, what, by when) and may
carry a signal about an earlier one: done, not done yet, or moved to a new date. Linking
clauses to earlier commitments happens in :mod:`assistant.commitments.linking`.

Forms recognised (see tests/test_extract.py for the labelled corpus):
- ``Action items:`` lists, ``AI: Name - ...`` lines, ``- [ ] Name: ...`` checkboxes; a ticked
  ``- [x]`` line reports on an earlier commitment and is never a new one;
- the author's voice: I'll, I will, I'm going to, I promised to, I (still) owe X ...;
- third person: Name will / is going to / to / agreed to / committed to / said they'd ...,
  we agreed Name would ...; he/she resolved to a member of the pair;
- not commitments: wishes and possibilities (I'd like to, wants to, maybe, could, might,
  if ...), questions, things already done, and people outside the pair.
An owner that cannot be attributed with confidence ("we'll ...", an unnamed checkbox) is
left None, for the pair to settle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from assistant.models import Pair
from assistant.text.dates import DateMention, find_dates
from assistant.text.people import People

__all__ = ["Clause", "Found", "split_clauses"]


@dataclass
class Found:
    """A commitment stated in a clause."""

    owner: str | None
    text: str
    due: date | None = None
    due_phrase: str | None = None
    recurring: bool = False
    refers_back: bool = False
    """The action is only a pronoun ("do it", "confirm it"): it restates an earlier one."""
    context: str = ""
    """What "it", "them" or "(1) and (2)" in the action point to: the clauses before it."""


@dataclass
class Clause:
    note_id: str
    note_date: date
    author: str
    position: int
    text: str
    kind: str
    """prose, bullet, checkbox_open, checkbox_done or action_item"""
    line: int = 0
    found: Found | None = None
    signal: str | None = None
    """done (a plain report of completion), open (not done yet, or asked about) or moved"""
    moved_to: date | None = None
    negated: bool = False
    """Not done, and said so ("hasn't happened", "isn't done yet", "not yet"), or asked about."""
    partial: str | None = None
    """What was done if only a first pass was ("draft" in "first draft done")."""
    refers_back: bool = False
    actor: str | None = None
    """The member a done/open report is about, when the line names one ("[x] Dana: ...")."""
    names: list[str] = field(default_factory=list)
    speaker: str | None = None
    """The member a line is in the voice of ("Diego: I'll send the plan"): who "I" is there."""
    topic: str = ""
    """The label the line opens with ("Alerting audit: ... Write-up done"): what every clause
    of the line is about, whatever words the clause itself uses."""

    @property
    def voice(self) -> str:
        """Who "I" is in this clause: the line's speaker, else the note's author."""
        return self.speaker or self.author


# -- vocabulary ----------------------------------------------------------------------------

MODAL = r"(?:'ll|\s+will|\s+shall|\s+(?:am|is|are)\s+going\s+to|'m\s+going\s+to|'s\s+going\s+to|'re\s+going\s+to)"
PROMISE = r"(?:has\s+|have\s+|had\s+)?(?:agreed|committed|promised|offered|volunteered|pledged|signed\s+up)\s+to"
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

NOT_A_PROMISE_BEFORE = re.compile(
    r"\b(?:if|whether|unless|maybe|perhaps|possibly|might|could|would\s+like|'d\s+like|hope[sd]?|hoping|wish(?:es)?|"
    r"wants?|wanted|plans?\s+to|planning|thinking\s+(?:about|of)|considering|not\s+sure|wonder(?:ing)?|ask(?:ed|s)?\s+\w+\s+to|"
    r"suggest(?:ed|s)?|idea|should\s+we|can\s+we|could\s+we|whoever|hopefully|expect(?:s|ed)?)\b",
    re.IGNORECASE,
)
HEDGE = re.compile(
    r"\b(?:if|whether|unless|maybe|perhaps|possibly|might|could|would\s+like|'d\s+like)\b", re.IGNORECASE
)
NOT_AN_ACTION = re.compile(
    r"^(?:not\b|never\b|be\b|been\b|have\s+been\b|need\b|want\b|like\b|probably\b|likely\b|also\s+be\b|"
    r"still\s+be\b|see\b|wait\b|know\b|be\s+(?:out|away|off|on\s+leave)\b|"
    # feelings and outcomes, not things one does: "she'll love the format", "he'll feel better"
    r"(?:love|enjoy|hate|feel|admit|think|remember|appreciate|understand|believe|miss|hear|turn)\b)",
    re.IGNORECASE,
)
RECURRING = re.compile(
    r"\b(?:going\s+forward|from\s+now\s+on|every\s+(?:other\s+|second\s+)?(?:day|week|month|sprint|time|monday|tuesday|wednesday|"
    r"thursday|friday)|each\s+(?:week|sprint|month|time)|weekly|biweekly|daily|monthly|regularly|always|"
    r"(?:on\s+)?(?:mon|tues|wednes|thurs|fri)days|until\s+further\s+notice|"
    # a habit from a point in time ("starting with this week's crit"), not a first part of the
    # work ("starting with the EU region")
    r"starting\s+(?:with|from|on|in)\s+(?:this|next|today|tomorrow|(?:mon|tues|wednes|thurs|fri)day))\b",
    re.IGNORECASE,
)
DONE_WORDS = (
    r"done|finished|completed?|shipped|sent|shared|delivered|merged|published|submitted|happened|took\s+place|"
    r"landed|launched|resolved|fixed|closed|approved|signed\s+off|wrapped\s+up|handed\s+(?:over|off)|went\s+live|"
    r"is\s+live|as\s+planned|as\s+agreed|as\s+promised|said\s+yes|ticked\s+off|sorted|went\s+out|"
    r"arrived|came\s+through|received|got\s+it|attended|thanks?\s+(?:you\s+)?for\s+(?:the|sending|sharing|your|setting)|thanks?,?\s+[a-z]+(?=\s*!*\s*$)|"
    r"went\s+(?:well|fine|smoothly|great|ok|okay|badly)|"
    r"(?:is|are)\s+(?:now\s+)?(?:in|on|up\s+on)\s+(?:the|our)\s+(?:[\w-]+\s+){0,3}"
    r"(?:doc|document|folder|drive|repo|wiki|page|tracker|board|channel)"
)
DONE = re.compile(rf"\b(?:re-?)?(?:{DONE_WORDS})\b", re.IGNORECASE)
NEGATED = re.compile(
    r"(?:\bnot|n't|\bnever|\byet\s+to|\bno|\bhalf|\bpartly|\bpartially|\balmost|\bnearly|\bbe)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
STRONG_NOT_DONE = re.compile(
    r"\b(?:not\s+(?:yet|done|finished|started|happened)|haven't|hasn't|hadn't|didn't|isn't|aren't|wasn't|weren't|"
    r"yet\s+to|no\s+news|so\s+far|\d+\s+(?:of|out\s+of)\s+\d+)\b",
    re.IGNORECASE,
)
NOT_DONE = re.compile(
    r"\b(?:not\s+(?:yet|done|finished|started|happened)|haven't|hasn't|hadn't|didn't|isn't|aren't|wasn't|weren't|"
    r"still|pending|waiting|no\s+news|any\s+news|yet\s+to|behind|blocked|slipp(?:ed|ing)|delayed|postponed|"
    r"half\s+done|in\s+progress|needs?\s+(?:\w+\s+){0,2}more|few\s+more\s+days|more\s+time|"
    r"first\s+version)\b",
    re.IGNORECASE,
)
MOVED = re.compile(
    r"\b(?:(?:push|mov|postpon|delay|reschedul|slip|shift|defer|bump)\w*\b[^.;]{0,30}?\b(?:to|until|till)\b"
    r"|new\s+(?:date|deadline|target|due\s+date|eta)\b|aim(?:s|ing)?\s+(?:for|at|to)\b"
    r"|target(?:ing)?\s+(?:is\s+)?\b"
    # "I'll need until July 10", "I'll need another week for the summary, so Aug 28"
    r"|need(?:s|ed)?\s+(?:\w+\s+){0,3}?(?:until|till|through)\b"
    r"|need(?:s|ed)?\s+(?:another|more|an\s+extra|one\s+more|a\s+few\s+more|a\s+couple\s+more)\s+(?:\w+\s+)?"
    r"(?:days?|weeks?|time)\b"
    r"|(?:new\s+)?deadline\s+(?:is|of)\b"
    r"|(?:will|'ll)\s+do\s+it\b|now\s+due\b|due\s+(?:date\s+)?(?:is\s+)?now\b|extend(?:ed)?\s+(?:it\s+)?to\b)",
    re.IGNORECASE,
)
PRONOUN_ACTION = re.compile(
    r"^(?:do|did|finish|send|share|confirm|get|have|take|raise|handle|sort|chase|fix|deliver|look\s+at|follow\s+up\s+on)\s+"
    r"(?:it|this|that|them|one)\b",
    re.IGNORECASE,
)
AGAIN = re.compile(r"\b(?:again|still|remaining|the\s+rest\s+of)\b", re.IGNORECASE)
PARTIAL = re.compile(r"\b(?:first|rough|initial|early)\s+(?P<what>draft|version|pass|cut|prototype)\b", re.IGNORECASE)
REFERENCE = re.compile(r"\b(?:it|them|this|that|these|those|both|one)\b|\(\d\)", re.IGNORECASE)
THIRD_PARTY_DATE = re.compile(
    r"^\s*(?:and\s+|but\s+)?(?:the\s+)?(?P<who>[Tt]hey|[A-Z][\w-]+|\w+\s+team)\s+(?:\w+\s+)?"
    r"(?:promised|said|say|says|expects?|expected|committed|will|'ll|plans?|hopes?|estimated?)\b"
)
TOPIC_LABEL = re.compile(r"^(?P<label>[A-Za-z][\w'/&-]*(?:\s+[\w'/&-]+){0,4}):\s+\S")
LABELLED_PROMISE = re.compile(
    r"^(?:will|'ll|(?:is\s+|am\s+)?going\s+to|to|(?:promised|committed|agreed|offered)\s+to)\s+(?P<action>[a-z].+)"
)
PROGRESS = re.compile(
    r"\b(?:(?:is|are)\s+next\s*(?:[,.;:)]|$)|next\s+up|the\s+rest\b(?!\s+of\s+(?:the|our)\s+(?:team|group|org|company))|"
    r"remaining|still\s+(?:to\s+(?:do|go)|open|left)|to\s+go|left\s+to\s+do|\d+\s+(?:of|out\s+of)\s+\d+)",
    re.IGNORECASE,
)
OBJECT_HER = re.compile(
    r"\bher\b(?=\s*(?:$|[.,;:)]|(?:a|an|the|to|on|for|with|about|by|in|at|before|after|this|next|\d)\b))"
)
WILL_DO_IT = re.compile(
    r"[,;]?\s*(?:and\s+)?(?:will|'ll|going\s+to)\s+(?:do|get\s+to|send|finish)\s+(?:it|that|this)\b.*$", re.I
)
PRONOUN_SUBJECT = re.compile(r"^(?:she|he|they|it)\b", re.IGNORECASE)
NEVER = re.compile(r"^(?:to\s+)?(?:not|never)\s+(?:to\s+)?", re.IGNORECASE)
SPEAKER = re.compile(r"^(?P<name>[A-Za-z][\w.'-]*)\s*:\s+(?=\S)")
QUESTION_START = re.compile(
    r"^(?:can|could|should|shall|would|will|do|does|did|is|are|any|what|when|who|how|why)\b", re.IGNORECASE
)


# -- splitting -----------------------------------------------------------------------------


def split_clauses(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, line number) for each line item and prose clause of a note, in order."""
    out: list[tuple[str, str, int]] = []
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
            out.append(("checkbox_done" if m["mark"].strip() else "checkbox_open", m["rest"].strip(), line_no))
            continue
        if m := AI_LINE.match(line):
            rest = m["rest"].strip()
            out.append(("action_item", f"{m['who'].strip()}: {rest}" if m["who"] else rest, line_no))
            continue
        if OWNER_TAG.search(line) and not line.rstrip().endswith("?"):
            # "Review the hiring loop - owner: Hannah, due 3/31": an action item wherever it stands
            m = OWNER_TAG.search(line)
            rest = _tidy(BULLET.sub(r"\g<rest>", line[: m.start()] + " " + line[m.end() :]))
            out.append(("action_item", f"{m['who']}: {rest}", line_no))
            continue
        if m := BULLET.match(line):
            if in_actions:
                out.append(("action_item", m["rest"].strip(), line_no))
            else:
                out.extend(("bullet", c, line_no) for c in _prose_clauses(m["rest"]))
            continue
        if HEADING.match(line):
            in_actions = False
            continue
        in_actions = False
        out.extend(("prose", c, line_no) for c in _prose_clauses(line))
    return out


_SENTENCE = re.compile(
    r"(?<=[.!?])\s+(?=[A-Z(\"'])|;\s+|\s+-\s+(?=[A-Z])"
    # a second subject with its own promise: "Lena will take the course, and I'll cover her reports"
    r"|,?\s+(?:and|but|while)\s+(?=(?:I'll|I\s+will|we'll|we\s+will|he'll|she'll|[A-Z][a-z]+\s+will)\b)"
)


_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|vs|dr|mr|mrs|ms|approx|no|fig|st|jr|sr|inc|ltd)\.$", re.IGNORECASE)
_LOWER_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[a-z])")


_SECOND_SUBJECT = re.compile(
    r",\s+(?=(?:I'll|I\s+will|we'll|we\s+will|he'll|she'll|[A-Z][a-z]+(?:'ll|\s+will|\s+is\s+going\s+to))\b)"
)
_CONDITION = re.compile(r"^(?:if|unless|when|once|as\s+soon\s+as|in\s+case|after|before|until)\b", re.IGNORECASE)


def _prose_clauses(text: str) -> list[str]:
    pieces = []
    for c in _SENTENCE.split(text):
        if c and c.strip():
            # "I'll be out next week, Diego will cover standup": two subjects, two promises;
            # "If Diego can't make it, I'll run the retro" stays whole (a condition)
            pieces.extend([c.strip()] if _CONDITION.match(c.strip()) else _SECOND_SUBJECT.split(c.strip()))
    out: list[str] = []
    for piece in pieces:
        # Notes are often typed in lower case: "sent on 2/12. we'll review it next week."
        parts = _LOWER_SENTENCE.split(piece)
        for part in parts:
            if out and _ABBREVIATION.search(out[-1]) and part[:1].islower():
                out[-1] = f"{out[-1]} {part}"
            else:
                out.append(part)
    return out


# -- analysis ------------------------------------------------------------------------------


class Analyzer:
    """Turns a note into clauses with commitments and signals, for one pair."""

    def __init__(self, pair: Pair, next_checkin=None):
        self.people = People(pair)
        self.next_checkin = next_checkin or (lambda _d: None)
        names = self.people.pattern.pattern
        self._subject = rf"(?P<subj>\bI\b|\bwe\b|\bhe\b|\bshe\b|\bthey\b|{names})"
        flags = re.IGNORECASE
        self._promise_form = re.compile(
            rf"{self._subject}\s+(?:also\s+|then\s+)?"
            rf"(?:{PROMISE}\s+|(?:agreed|promised|committed)\s+(?=not\b|never\b))(?P<action>.+)",
            flags,
        )
        self._forms = [
            # we agreed Name would ...
            re.compile(
                rf"\bwe\s+(?:both\s+)?agreed\s+(?:that\s+)?{self._subject}\s*(?:would|will|should|'d|'ll|is\s+to|to)\s+(?P<action>.+)",
                flags,
            ),
            # Name said they'd ...
            re.compile(
                rf"{self._subject}\s+(?:said|says|mentioned|confirmed|told\s+\w+)\s+(?:that\s+)?(?:she|he|they|I|we)(?:'d|'ll|\s+would|\s+will)\s+(?P<action>.+)",
                flags,
            ),
            # Name agreed / committed / promised to ... (or not to ...)
            self._promise_form,
            # I (still) owe Name ... (kept as "give Name ...")
            re.compile(r"(?P<subj>\bI\b)\s+(?:still\s+|also\s+)?(?P<action>owe\s+.+)", flags),
            # Name will / is going to ...
            re.compile(
                rf"{self._subject}(?:\s+(?:still|also|then|both|definitely|really|probably|now))?{MODAL}\s+(?P<action>.+)",
                flags,
            ),
        ]
        self._to_form = re.compile(rf"^(?:and\s+)?(?P<subj>{names})\s+to\s+(?P<action>[a-z].+)", flags)
        self._and_will = re.compile(
            r"^(?P<head>.*?)(?:\band|,)\s+(?:will|'ll|am\s+going\s+to|is\s+going\s+to)\s+(?P<action>.+)", flags
        )
        self._elided = re.compile(r"^(?:will|'ll|going\s+to)\s+(?P<action>.+)", flags)
        self._item_owner = re.compile(
            rf"^(?P<subj>{names}|I|me)\s*(?::|-|–|—|→|->|to\b|will\b|\()\s*(?P<action>.+)$", flags
        )
        self._item_owner_after = re.compile(
            rf"^(?P<action>.+?)\s*(?:\((?P<subj>{names})\)|[-–—]\s*(?P<subj2>{names}))\s*\.?$", flags
        )
        self._arrow = re.compile(rf"^(?P<subj>{names}|I|me)\s*(?:->|→|=>)\s*(?P<action>\S.+)", flags)
        self._mention_owner = re.compile(r"^@(?P<subj>[\w.-]+)[:,]?\s+(?P<action>.+)$")
        self._capitalised_owner = re.compile(r"^(?P<who>[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+)?)\s*(?::|-|–|—)\s+\S")

    def analyze(self, note_id: str, note_date: date, author: str, text: str) -> list[Clause]:
        clauses: list[Clause] = []
        last_named: str | None = None
        topic, topic_line = "", -1
        for position, (kind, body, line) in enumerate(split_clauses(text)):
            clause = Clause(note_id, note_date, author, position, body, kind, line)
            if line != topic_line:
                topic, topic_line = "", line
                speaker = self._speaker(body) if kind in ("prose", "bullet") else None
            clause.speaker = speaker
            topic = self._topic(body) or topic  # a label mid-line starts a new topic
            clause.topic = topic
            clause.names = [pid for _, pid in self.people.mentioned(body)]
            if kind in ("checkbox_open", "checkbox_done", "action_item"):
                self._item(clause, last_named)
            else:
                self._prose(clause, last_named, clauses[-1] if clauses else None)
            if clause.found and (
                REFERENCE.search(clause.found.text)
                or AGAIN.search(clause.found.text)
                or PRONOUN_SUBJECT.match(body)  # "She'll have the findings summarised": about the sentence before
            ):
                same_line = [c.text for c in clauses if c.line == line][-2:]
                clause.found.context = " ".join(same_line)
            if clause.found and topic and not body.startswith(topic):
                clause.found.context = f"{topic} {clause.found.context}".strip()
            if clause.found is None and clause.kind in ("prose", "bullet"):
                clause.actor = self._subject_of(body, clause)
            self._signal(clause)
            if clause.names:
                last_named = clause.names[-1]
            clauses.append(clause)
        return clauses

    def _speaker(self, first_clause: str) -> str | None:
        m = SPEAKER.match(first_clause)
        return self.people.lookup(m["name"]) if m else None

    def _topic(self, first_clause: str) -> str:
        """ "Backfill plan" in "Backfill plan: Tariq and I have a draft"; not an owner ("Dana:")."""
        m = TOPIC_LABEL.match(first_clause)
        if not m or self._item_owner.match(first_clause) or _looks_like_a_name(m["label"]):
            return ""
        return m["label"]

    # -- line items -------------------------------------------------------------------------

    def _item(self, clause: Clause, last_named: str | None) -> None:
        body = clause.text
        owner: str | None = None
        action = body
        if (m := self._mention_owner.match(body)) and self.people.lookup(m["subj"]):
            owner, action = self.people.lookup(m["subj"]), m["action"]
        elif m := self._item_owner.match(body):
            subj = m["subj"]
            owner = clause.author if subj.lower() in ("i", "me") else self.people.lookup(subj)
            action = m["action"].strip().rstrip(")")
        elif m := self._item_owner_after.match(body):
            owner = self.people.lookup(m["subj"] or m["subj2"])
            action = m["action"]
        elif (
            (m := self._capitalised_owner.match(body))
            and not self.people.lookup(m["who"])
            and _looks_like_a_person(m["who"])
        ):
            return  # someone outside the pair: not the pair's commitment
        if clause.kind == "checkbox_done":
            clause.signal, clause.actor = "done", owner
            return
        if clause.kind == "checkbox_open" or clause.kind == "action_item":
            prose = self._commitment_in(action, clause, last_named, allow_bare=True)
            if prose is not None and prose.owner is not None and owner is None:
                owner = prose.owner
            text, due, phrase = self._due(_without_status(action), clause)
            if not _actionable(text):
                return
            clause.found = Found(owner, text, due, phrase, bool(RECURRING.search(action)), _refers_back(text))
            clause.actor = owner

    # -- prose ------------------------------------------------------------------------------

    def _prose(self, clause: Clause, last_named: str | None, previous: Clause | None) -> None:
        found = self._commitment_in(clause.text, clause, last_named, allow_bare=False, previous=previous)
        if found:
            clause.found = found
            clause.actor = found.owner

    def _commitment_in(self, text: str, clause: Clause, last_named, allow_bare: bool, previous=None) -> Found | None:
        if text.rstrip().endswith("?") or QUESTION_START.match(text):
            return None
        for form in self._forms:
            m = form.search(text)
            if m and not NOT_A_PROMISE_BEFORE.search(text[: m.start("action")]):
                owner = self._owner(m["subj"], clause, text[: m.start()], last_named)
                if owner is False:
                    return None
                if form is self._promise_form and NEVER.match(m["action"]):
                    return self._make(NEVER.sub("", m["action"]), owner, clause, standing=True)
                return self._make(m["action"], owner, clause)
        if (m := self._arrow.match(text)) and (owner := self._member(m["subj"], clause)):
            return self._make(m["action"], owner, clause)  # "diego -> write the design doc, eow"
        labelled = re.match(r"^(?P<label>[A-Za-z][\w' ]{0,25}):\s+(?=\S)", text)
        rest = text[labelled.end() :] if labelled else text
        if (m := self._to_form.match(rest)) and (owner := self.people.lookup(m["subj"])):
            return self._make(m["action"], owner, clause)
        # "Rosa: will ask Dev whether ...": the label names who, the line says what
        if (
            labelled
            and (m := LABELLED_PROMISE.match(rest))
            and (owner := self._member(labelled["label"].strip(), clause))
        ):
            return self._make(m["action"], owner, clause)
        if m := self._and_will.match(text):
            head_subject = self._subject_of(m["head"], clause)
            if head_subject is not None and not HEDGE.search(m["head"]):
                return self._make(m["action"], head_subject, clause)
        if m := self._elided.match(text):
            owner = previous.actor if previous is not None and previous.actor else clause.voice
            return self._make(m["action"], owner, clause)
        return None

    def _member(self, name: str, clause: Clause) -> str | None:
        return clause.voice if name.lower() in ("i", "me") else self.people.lookup(name)

    def _subject_of(self, head: str, clause: Clause) -> str | None:
        head = re.sub(r"^[A-Za-z][\w' /&-]{0,40}:\s+", "", head.strip())  # a topic label
        if re.match(r"^(?:[A-Z][\w-]+\s+and\s+)?I\b", head):  # "Tariq and I have a draft, will ..."
            return clause.voice
        if m := re.match(rf"^{self.people.pattern.pattern}", head, re.IGNORECASE):
            return self.people.lookup(m.group(0))
        return None

    def _owner(self, subj: str, clause: Clause, before: str, last_named: str | None):
        """The member a subject names: an id, None (we: the pair), or False (not the pair's)."""
        word = subj.lower()
        if word == "i":
            return clause.voice
        if word == "we":
            return None
        if word in ("he", "she", "they"):
            named_here = [pid for _, pid in self.people.mentioned(before)]
            if named_here:
                return named_here[-1]
            if _outsider_named(before, self.people):
                return False  # "Imani said she will ...": someone outside the pair
            if word == "they":
                return False  # most often a group: not attributable to the pair
            return last_named if last_named and last_named != clause.author else self.people.other(clause.author)
        return self.people.lookup(subj) or False

    def _make(self, action: str, owner: str | None, clause: Clause, standing: bool = False) -> Found | None:
        """``standing``: a promise not to do something ("not to cancel again") holds from now on."""
        action = re.sub(r"^owe\b", "give", action.strip(), flags=re.IGNORECASE)
        if standing:
            action = "not " + action
        elif NOT_AN_ACTION.match(action) or not _actionable(action) or _conditional(action) or _a_state(action):
            return None
        text, due, phrase = self._due(action, clause)
        text = _tidy(re.sub(WILL_DO_IT, "", text))  # "give him the intro, will do it this week"
        text = self._named(text, owner, clause)
        return Found(owner, text, due, phrase, standing or bool(RECURRING.search(action)), _refers_back(text))

    def _named(self, text: str, owner: str | None, clause: Clause) -> str:
        """ "get Jack a slot" for "get him a slot", "send Kenji the doc" for "send me the doc":
        a promise reads the same to both members. Only where the clause names no one outside
        the pair whom "him" or "her" could mean."""
        if owner is None or _outsider_named(clause.text, self.people):
            return text
        me = clause.voice
        if owner != me:
            text = re.sub(r"\bme\b", self.people.first_name(me), text)
        other = self.people.first_name(self.people.other(owner))
        text = re.sub(r"\bhim\b", other, text)
        return re.sub(OBJECT_HER, other, text)

    def _due(self, action: str, clause: Clause) -> tuple[str, date | None, str | None]:
        """The action without its date phrase, and the due date it names."""
        mentions = [
            d
            for d in find_dates(action, clause.note_date, self.next_checkin(clause.note_date))
            if not re.search(r"\b(?:starting|from|since|after|last)\s+(?:on\s+)?$", action[: d.start], re.IGNORECASE)
            and not self._someone_elses_date(action[: d.start])
        ]
        if RECURRING.search(action):
            return _tidy(action), None, None
        chosen = _pick_due(action, mentions)
        if chosen is None:
            return _tidy(action), None, None
        cut_from = chosen.start
        if m := re.search(
            r"(?:\b(?:by|before|until|till|on|for|at|to|no\s+later\s+than|due|in)\s+)+(?:the\s+)?$",
            action[:cut_from],
            re.IGNORECASE,
        ):
            cut_from = m.start()
        text = _tidy(action[:cut_from] + " " + action[chosen.end :])
        return text, chosen.value, chosen.phrase

    def _someone_elses_date(self, before: str) -> bool:
        """The date is another party's promise ("candidate list from sales, they promised it for
        Friday"): the subject of the date's own clause is not one of the pair."""
        fragment = re.split(r"[,;(]|\s[-–—]\s", before)[-1]
        m = THIRD_PARTY_DATE.match(fragment)
        return bool(m) and not self.people.lookup(m["who"]) and m["who"].lower() not in ("i", "we")

    # -- signals ----------------------------------------------------------------------------

    def _signal(self, clause: Clause) -> None:
        text = clause.text
        clause.refers_back = bool(re.search(r"\b(?:it|this|that)\b", text, re.IGNORECASE)) and len(text.split()) <= 14
        # A denial counts where it bears on the report: before the completion word, or with
        # none at all ("the gap list is in the doc: features aren't versioned" is done).
        done_at = [m.start() for m in DONE.finditer(text) if not NEGATED.search(text[: m.start()])]
        denial = STRONG_NOT_DONE.search(text)
        clause.negated = (
            any(NEGATED.search(text[: m.start()]) for m in DONE.finditer(text))
            or (denial is not None and (not done_at or denial.start() < done_at[0]))
            or text.rstrip().endswith("?")
        )
        if partial := PARTIAL.search(text):
            clause.partial = partial["what"].lower()
        if clause.found is not None and not clause.found.refers_back:
            return
        if clause.signal == "done":
            return
        if m := MOVED.search(text):
            later = [
                d
                for d in find_dates(text, clause.note_date, self.next_checkin(clause.note_date))
                if d.start >= m.start()
            ]
            chosen = _pick_due(text[m.start() :], later)
            if chosen is not None and chosen.value:
                clause.signal, clause.moved_to = "moved", chosen.value
                return
        if clause.found is not None and clause.found.refers_back and clause.found.due:
            clause.signal, clause.moved_to = "moved", clause.found.due
            return
        if done_at and not clause.negated and not PROGRESS.search(text):
            clause.signal = "done"
        elif clause.negated or NOT_DONE.search(text) or PROGRESS.search(text):
            clause.signal = "open"


def _without_status(action: str) -> str:
    """ "conference budget for H2" from "conference budget for H2, finance hasn't answered yet;
    new date 6/26": the status report a line item carries is not part of the promise (its
    date is kept: it is the latest agreed one)."""
    parts = re.split(r"(?<=[,;])\s+", action)
    keep = parts[:1]
    for part in parts[1:]:
        if STRONG_NOT_DONE.search(part) or NOT_DONE.search(part) and not MOVED.search(part):
            continue
        if MOVED.search(part):
            keep.append(re.sub(MOVED, "by", part, count=1))
            continue
        keep.append(part)
    return " ".join(keep)


_WHETHER_IF = re.compile(
    r"\b(?:ask|asks|check|find\s+out|see|confirm|know|verify|figure\s+out|learn|test|wonder)\s+(?:\w+\s+){0,3}?if\s*$",
    re.IGNORECASE,
)


def _conditional(action: str) -> bool:
    """ "get the promo if calibration goes well": a condition, not a promise ("ask if" is "whether")."""
    for m in re.finditer(r"\b(?:if|unless|in\s+case)\b", action, re.IGNORECASE):
        if not _WHETHER_IF.search(action[: m.end()]):
            return True
    return False


def _a_state(action: str) -> bool:
    """ "have his first on-call week" is a state; "have the findings summarised" a promise."""
    if not re.match(r"^have\b", action, re.IGNORECASE):
        return False
    return not re.search(r"\b(?:\w+(?:ed|en)|ready|done|up|out|in\s+place|sorted|set)\b", action[5:], re.IGNORECASE)


def _pick_due(action: str, mentions: list[DateMention]) -> DateMention | None:
    if not mentions:
        return None
    explicit = [d for d in mentions if d.kind != "next_checkin" and d.value]
    for d in explicit:
        if re.search(
            r"\b(?:by|before|until|till|no\s+later\s+than|due)\s+(?:the\s+)?$", action[: d.start], re.IGNORECASE
        ):
            return d
    if explicit:
        return explicit[-1]
    return mentions[-1]


def _tidy(text: str) -> str:
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)
    text = re.sub(r"\s*[(\[]\s*$", "", text.strip())
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    return text.strip(" ,;:.-–—").strip()


def _actionable(text: str) -> bool:
    words = re.findall(r"[A-Za-z]+", text)
    return len(words) >= 2 or (len(words) == 1 and len(words[0]) > 3)


_FILLER = re.compile(
    r"\b(?:at|on|by|in|to|for|the|a|next|one|time|meeting|again|then|too|as|well|soon|asap|this|that|week|instead)\b",
    re.IGNORECASE,
)


def _refers_back(text: str) -> bool:
    """True for an action that is only a pronoun ("do it at the next one"): it restates another."""
    m = PRONOUN_ACTION.match(text)
    if not m:
        return False
    rest = _FILLER.sub(" ", text[m.end() :])
    return len(re.findall(r"[A-Za-z]{2,}", rest)) == 0


_NOT_PEOPLE = {
    "feedback",
    "topics",
    "agenda",
    "update",
    "updates",
    "note",
    "notes",
    "next",
    "goal",
    "goals",
    "done",
    "question",
    "questions",
    "blocker",
    "blockers",
    "decision",
    "decisions",
    "status",
    "risk",
    "risks",
}


def _outsider_named(text: str, people: People) -> bool:
    """A capitalised name in ``text`` that is not one of the pair's members."""
    for m in re.finditer(
        r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\b|^[A-Z][a-z]+(?=\s+(?:said|says|told|mentioned|thinks|will|agreed))", text
    ):
        token = m.group(0)
        if not people.lookup(token) and _looks_like_a_person(token) and token.lower() not in _COMMON_CAPITALISED:
            return True
    return False


_COMMON_CAPITALISED = {
    "i",
    "the",
    "a",
    "an",
    "we",
    "our",
    "also",
    "then",
    "and",
    "but",
    "so",
    "after",
    "before",
    "today",
    "yesterday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "q1",
    "q2",
    "q3",
    "q4",
    # months and their short forms ("by Nov 2")
    *"january february march april may june july august september october november december".split(),
    *"jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun".split(),
}


def _looks_like_a_name(label: str) -> bool:
    """ "Priya", "Joon Park": a person the line is addressed to or about, not a topic."""
    words = label.split()
    return (
        len(words) <= 2
        and all(w[:1].isupper() and w[1:].islower() for w in words)
        and len(words[0]) > 1
        and (len(words) == 2 or label.lower() not in _NOT_PEOPLE | _COMMON_CAPITALISED)
        and not _TOPIC_WORDS.search(label)
    )


_TOPIC_WORDS = re.compile(
    r"\b(?:update|plan|audit|review|doc|docs|notes?|budget|feedback|goals?|topics?|agenda|prep|todo|follow|status|"
    r"project|release|hiring|career|growth|training|request|requests|metrics|test|launch|rollout|migration|"
    r"onboarding|lab|harness|question|questions|news|blockers?|wins?|risks?|decisions?|misc|other)s?\b",
    re.IGNORECASE,
)


def _looks_like_a_person(token: str) -> bool:
    return token.lower() not in _NOT_PEOPLE and len(token.split()) <= 2 and token[:1].isupper()
