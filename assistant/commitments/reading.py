"""Reading one note: which clauses state a commitment, whose, what and by when (no LLM).

A note becomes a list of :class:`~assistant.commitments.models.Clause`: one per action-item
line, checkbox or prose clause (:mod:`assistant.commitments.structure`). A clause may state
a new commitment (:class:`~assistant.commitments.models.StatedCommitment`) and may carry a
signal about an earlier one (:mod:`assistant.commitments.signals`). Linking clauses to
earlier commitments happens in :mod:`assistant.commitments.linking`.

Forms recognised (see tests/test_extract.py for the labelled corpus):
- ``Action items:`` lists, ``AI: Name - ...`` lines, ``- [ ] Name: ...`` checkboxes; a ticked
  ``- [x]`` line reports on an earlier commitment and is never a new one;
- the author's voice: I'll, I will, I'm going to, I promised to, I (still) owe X ...;
- third person: Name will / is going to / to / agreed to / committed to / said they'd ...,
  we agreed Name would ...; he/she resolved to a member of the pair; "Please ..." asks it of
  the member the note speaks to;
- not commitments: wishes and possibilities (I'd like to, wants to, maybe, could, might,
  if ...), questions, things already done, and people outside the pair.
An owner that cannot be attributed with confidence ("we'll ...", an unnamed checkbox) is
left None, for the pair to settle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from assistant.commitments.dialogue import accept_requests
from assistant.commitments.forms import PromiseForms
from assistant.commitments.items import LineItems
from assistant.commitments.labels import OwnerLabel, looks_like_an_action, read_label, resolve_owner
from assistant.commitments.models import OUTSIDER, Clause, ClauseKind, Signal, StatedCommitment
from assistant.commitments.passive import active
from assistant.commitments.phrasing import (
    a_state,
    acted_on,
    actionable,
    conditional,
    recurring,
    refers_back,
    split_due,
    tidy,
    with_names,
)
from assistant.commitments.promises import PromiseModel, clause_features, dated_act, joined_act, subject_of
from assistant.commitments.signals import off_the_list, read_mark, read_signal
from assistant.commitments.spoken import unspoken
from assistant.commitments.structure import SPEAKER, TOPIC_LABEL, Segment, split_clauses
from assistant.commitments.vocabulary import (
    AGAIN,
    HANDED_OVER,
    HEDGE,
    LABELLED_PROMISE,
    NEVER,
    NOT_A_PROMISE_BEFORE,
    NOT_AN_ACTION,
    PRONOUN_SUBJECT,
    QUESTION_START,
    REFERENCE,
    WILL_DO_IT,
)
from assistant.models import Pair
from assistant.retrieval.answers import capitalised_inside
from assistant.text.dates import DateMention, find_dates
from assistant.text.people import People, looks_like_a_name, topic_word

__all__ = ["SHIPPED", "Analyzer"]

SHIPPED = object()
"""The default model: the weights shipped beside this package's modules."""


@dataclass
class _Line:
    """What the analyzer knows of the line it is in, and the member last named."""

    number: int = -1
    topic: str = ""
    speaker: str | None = None
    last_named: str | None = None
    outsiders: list[str] = field(default_factory=list)
    """Who outside the pair was named on the line so far: a later "her" may be them."""


_RECEIVING = re.compile(r"(?:get|have|receive|hear|see|find|be|love|like|need)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I'll|I'd|I've|me|my|mine)\b")


class Analyzer(LineItems):
    """Turns a note into clauses with commitments and signals, for one pair."""

    def __init__(self, pair: Pair, next_checkin=None, promise_model: PromiseModel | None | object = SHIPPED):
        """``promise_model``: judges prose clauses (default: the shipped weights; None: rules only)."""
        self.people = People(pair)
        model = PromiseModel.load() if promise_model is SHIPPED else promise_model
        self.promise_model: PromiseModel | None = model if isinstance(model, PromiseModel) else None
        self.collect: list[tuple[Clause, np.ndarray, str]] | None = None
        """When a list: (clause, features, text it would promise) of every candidate, for training."""
        self.next_checkin = next_checkin or (lambda _d: None)
        self.day_first: bool | None = None
        """Whether the pair's notes put the day first in numeric dates (set from the notes read)."""
        self.forms = PromiseForms(self.people.pattern.pattern)
        self._inside: set[str] = set()  # the words the note read capitalises inside a sentence

    def analyze(self, note_id: str, note_date: date, author: str, text: str) -> list[Clause]:
        clauses: list[Clause] = []
        text = unspoken(text)
        line_of = _Line()
        self._inside = capitalised_inside([text])
        third = not _FIRST_PERSON.search(text) and any(pid == author for _, pid in self.people.mentioned(text))
        for position, segment in enumerate(split_clauses(text)):
            clause = Clause(note_id, note_date, author, position, segment.text, segment.kind, segment.line)
            clause.mark, clause.in_actions = segment.mark, segment.in_actions
            clause.author_third = third
            self._place(clause, segment, line_of)
            if clause.outsider_speaking or segment.title:
                read_signal(clause, self.dates)  # what others say is news, never the pair's promise
            else:
                self._read(clause, segment, line_of.last_named, clauses)
            if clause.names:
                line_of.last_named = clause.names[-1]
            clauses.append(clause)
        accept_requests(clauses, self._make, self.dates)  # "can you ...?" / "yep, by thu"
        return clauses

    def _place(self, clause: Clause, segment: Segment, line_of: _Line) -> None:
        """Who speaks the clause's line, what the line is about, whom the clause names."""
        body = clause.text
        if segment.line != line_of.number:
            line_of.number, line_of.topic, line_of.outsiders = segment.line, "", []
            prose = segment.kind in (ClauseKind.PROSE, ClauseKind.BULLET)
            line_of.speaker = self._speaker(body) if prose else None
            if segment.speaker is not None:
                line_of.speaker = self.people.lookup(segment.speaker) or OUTSIDER
        clause.speaker = line_of.speaker
        line_of.topic = self._topic(body) or line_of.topic  # a label mid-line starts a new topic
        clause.topic = line_of.topic
        clause.names = [pid for _, pid in self.people.mentioned(body)]
        clause.outsiders_before = list(line_of.outsiders)
        line_of.outsiders += self.people.outsiders(body)

    def _read(self, clause: Clause, segment: Segment, last_named: str | None, clauses: list[Clause]) -> None:
        """What the clause states (a commitment: whose, what, by when) and reports."""
        label = self._label(segment, clause)
        if label is not None and not clause.kind.is_item and looks_like_an_action(label.rest):
            clause.kind = ClauseKind.ACTION_ITEM  # "re-slot the worst 10 → Farid"
        if clause.kind.is_item:
            self._item(clause, last_named, label)
        else:
            self._prose(clause, last_named, clauses[-1] if clauses else None)
            self._judge(clause, last_named, clauses[-1] if clauses else None)
        if clause.stated:
            self._context(clause, clauses)
        if clause.stated is None and clause.kind in (ClauseKind.PROSE, ClauseKind.BULLET):
            clause.actor = self._subject_of(clause.text, clause)
        read_signal(clause, self.dates)
        if clause.stated is None and not clause.negated and HANDED_OVER.search(clause.text) and self._others(clause):
            clause.signal = Signal.DROPPED  # someone outside the pair does it now
        before = clauses[-1] if clauses and clauses[-1].line == clause.line else None
        read_mark(clause, before)
        off_the_list(clause, before)

    def _others(self, clause: Clause) -> bool:
        """The clause is about someone outside the pair: a person it names, or a team."""
        return self.people.outsider_named(clause.text) or bool(
            re.search(r"\b(?:'s|the)\s+[\w-]+\s+team\b|\bteam\b", clause.text)
        )

    def _context(self, clause: Clause, clauses: list[Clause]) -> None:
        """What "it" or "again" in a promise points to: the clauses before it on its line, and
        the line's topic."""
        assert clause.stated is not None
        stated, body = clause.stated, clause.text
        # "She'll have the findings summarised": about the sentence before
        if REFERENCE.search(stated.text) or AGAIN.search(stated.text) or PRONOUN_SUBJECT.match(body):
            stated.context = " ".join([c.text for c in clauses if c.line == clause.line][-2:])
        if clause.topic and (not body.startswith(clause.topic) or REFERENCE.search(stated.text)):
            stated.context = f"{clause.topic} {stated.context}".strip()

    def _judge(self, clause: Clause, last_named: str | None, previous: Clause | None = None) -> None:
        """The promise model's say on a prose clause: a promise the rules missed, or one they
        found that is not (meeting meta-talk); its probability is the promise's confidence."""
        if self.promise_model is None and self.collect is None:
            return
        subject = subject_of(clause, self.people, last_named)
        mentions = self.dates(clause.text, clause.note_date)
        if (
            clause.stated is None
            and subject is not None
            and (dated_act(clause, subject, mentions) or joined_act(clause, subject, previous, self.people, last_named))
        ):
            clause.stated = self._make(subject.rest, subject.owner, clause)
            clause.actor = subject.owner if clause.stated else None
        found = clause.stated is not None
        if not found and (subject is None or not actionable(subject.rest)):
            return
        row = clause_features(clause, subject, self.people, mentions, found)
        if self.collect is not None:
            self.collect.append((clause, row, clause.stated.text if clause.stated else clause.text))
        if self.promise_model is None:
            return
        p = self.promise_model.probability(row)
        if clause.stated is not None:
            clause.stated.confidence = p
            if p < self.promise_model.drop:
                clause.stated, clause.actor = None, None
        elif p >= self.promise_model.keep and subject is not None:
            clause.stated = self._make(subject.rest, subject.owner, clause)
            if clause.stated is not None:
                clause.stated.confidence = p
                clause.actor = subject.owner

    def _label(self, segment: Segment, clause: Clause) -> OwnerLabel | None:
        """The owner a line item names: a table's owner column, or a label in the line; for
        prose, only a label that cannot be a speaker or a topic (trailing, or a tag)."""
        if segment.owner is not None:
            resolved = resolve_owner(segment.owner, self.people, clause.voice)
            return OwnerLabel(resolved[0], resolved[1], segment.text) if resolved else None
        return read_label(segment.text, self.people, clause.voice, leading=segment.kind.is_item)
        # (in prose a leading label counts only when it cannot be a speaker: "TL to", "AI/Tom:")

    def dates(self, text: str, base: date) -> list[DateMention]:
        """The date phrases in ``text``, written on ``base``, read as this pair writes dates."""
        return find_dates(text, base, self.next_checkin(base), bool(self.day_first))

    def _speaker(self, first_clause: str) -> str | None:
        m = SPEAKER.match(first_clause)
        return self.people.lookup(m["name"]) if m else None

    def _topic(self, first_clause: str) -> str:
        """ "Backfill plan" in "Backfill plan: Tariq and I have a draft"; not an owner ("Dana:")."""
        m = TOPIC_LABEL.match(first_clause)
        named = m and looks_like_a_name(m["label"]) and not topic_word(m["label"], self.people.aliases, self._inside)
        return "" if not m or named or self.forms.item_owner.match(first_clause) else m["label"]

    # -- line items -------------------------------------------------------------------------

    # -- prose ------------------------------------------------------------------------------

    def _prose(self, clause: Clause, last_named: str | None, previous: Clause | None) -> None:
        if stated := self._commitment_in(clause.text, clause, last_named, previous):
            clause.stated = stated
            clause.actor = stated.owner

    def _commitment_in(
        self, text: str, clause: Clause, last_named: str | None, previous: Clause | None = None
    ) -> StatedCommitment | None:
        if text.rstrip().endswith("?") or (QUESTION_START.match(text) and not PromiseForms.cleft.match(text)):
            return None
        before = previous.text if previous is not None and previous.line == clause.line else ""
        text = active(text, self.people.pattern.pattern, self._common, before) or text  # "... will be sent by Kai"
        for form in self.forms.sentences:
            m = form.search(text)
            if m and not NOT_A_PROMISE_BEFORE.search(text[: m.start("action")]):
                owner = self._owner(m["subj"], clause, text[: m.start()], last_named, previous)
                if owner is False or (m["subj"].lower() == "you" and _RECEIVING.match(m["action"])):
                    return None  # (not the pair's; "you'll get the draft by Thursday": the writer's to give)
                if form is self.forms.promise and NEVER.match(m["action"]):
                    return self._make(NEVER.sub("", m["action"]), owner, clause, standing=True)
                if (over := self.forms.taken_over.match(m["action"])) and (
                    taker := self._owner(over["who"], clause, text[: m.start()], last_named, previous)
                ):
                    return self._make(over["act"], taker, clause)  # "..., and actually she said she'd do it herself"
                made = self._make(m["action"], owner, clause)  # "I'll be X from now on and will tell Y":
                also = None if made else self.forms.and_will.match(m["action"])  # the act after the state
                return self._make(also["action"], owner, clause) if also else made
        return self._shorthand(text, clause, previous, last_named)

    def _shorthand(
        self, text: str, clause: Clause, previous: Clause | None, last_named=None
    ) -> StatedCommitment | None:
        """Promises without a full sentence: "diego -> write the design doc, eow", "Rosa to
        book it", "Rosa: will ask Dev", "Tariq and I have a draft, will send it", "will do"."""
        if (m := self.forms.arrow.match(text)) and (owner := self._member(m["subj"], clause)):
            return self._make(m["action"], owner, clause)
        labelled = self.forms.label.match(text)
        rest = text[labelled.end() :] if labelled else text
        if (m := self.forms.to.match(rest)) and (owner := self.people.lookup(m["subj"])):
            return self._make(m["action"], owner, clause)
        if m := self.forms.anyone.match(rest):
            return self._make(m["action"], None, clause)
        m = LABELLED_PROMISE.match(rest) if labelled else None  # "Rosa: will ask Dev whether ...": who, then what
        if m and labelled and (owner := self._member(labelled["label"].strip(), clause)):
            return self._make(m["action"], owner, clause)
        return self._elliptic(text, clause, previous, last_named)

    def _elliptic(
        self, text: str, clause: Clause, previous: Clause | None, last_named: str | None
    ) -> StatedCommitment | None:
        """Promises whose subject is left out: "reading it over the weekend", "He agreed and
        will raise it", "Please share them", "will do"."""
        if (m := self.forms.progressive.match(text)) and (act := self.forms.act_of(m, clause, self.dates)):
            return self._make(act, clause.voice, clause)  # "[16:21] rhea: reading it over the weekend"
        if (m := self.forms.and_will.match(text)) and (
            owner := self._head_subject(m["head"], clause, previous, last_named)
        ):
            return self._make(m["action"], owner, clause)
        if (m := self.forms.please.match(text)) and clause.voice in self.people.ids:
            return self._make(m["action"], self.people.other(clause.voice), clause)
        if m := self.forms.elided.match(text):
            owner = previous.actor if previous is not None and previous.actor else clause.voice
            return self._make(m["action"], owner, clause)
        return None

    def _head_subject(self, head: str, clause: Clause, previous: Clause | None, last_named: str | None) -> str | None:
        """Whose the act after "and will" is: the head's subject ("He agreed and will raise it":
        the member he is, as for "he'll"), unless the head hedges."""
        bare = re.sub(r"^\[[\d:]+\]\s*", "", head)  # a chat's time
        he = re.match(r"(?i)(he|she)\b", bare)
        subject = self._owner(he[1], clause, "", last_named, previous) if he else self._subject_of(bare, clause)
        return subject if subject and not HEDGE.search(head) else None

    def _common(self, word: str) -> bool:
        return self.people.lookup(word) is None and word.strip("\"'(").lower() not in self._inside

    def _member(self, name: str, clause: Clause) -> str | None:
        return clause.voice if name.lower() in ("i", "me") else self.people.lookup(name)

    def _subject_of(self, head: str, clause: Clause) -> str | None:
        head = re.sub(r"^[A-Za-z][\w' /&-]{0,40}:\s+", "", head.strip())  # a topic label
        if re.match(r"^(?:[A-Z][\w-]+\s+and\s+)?I\b", head):  # "Tariq and I have a draft, will ..."
            return clause.voice
        if m := re.match(rf"^{self.people.pattern.pattern}", head, re.IGNORECASE):
            return self.people.lookup(m.group(0))
        return None

    def _owner(self, subj: str, clause: Clause, before: str, last_named: str | None, previous: Clause | None = None):
        """The member a subject names: an id, None (we: the pair), or False (not the pair's)."""
        word = subj.lower()
        if word in ("he", "she") and acted_on(self.people, word, last_named, previous, clause):
            return False  # "Yusra handed him her draft; he'll finish it": he is someone else
        if word == "i":
            return clause.voice
        if word == "we":
            return None
        if word == "you":
            return self.people.other(clause.voice)
        if word in ("he", "she", "they"):
            if self.people.mentioned(before):
                return self.people.last_named(before) or False  # "Amir and Priti met, she'll ...": maybe Priti
            said = previous.text if previous and previous.line == clause.line else ""
            if self.people.outsider_named(before) or (self.people.mentioned(said) and not self.people.last_named(said)):
                return False  # "Imani said she will ...": someone outside the pair
            if word == "they":
                return False  # most often a group: not attributable to the pair
            if last_named and (last_named != clause.author or clause.author_third):
                return last_named
            return self.people.other(clause.author)
        return self.people.lookup(subj) or False

    def _make(self, action: str, owner: str | None, clause: Clause, standing: bool = False) -> StatedCommitment | None:
        """``standing``: a promise not to do something ("not to cancel again") holds from now on."""
        action = re.sub(r"^owe\b", "give", action.strip(), flags=re.IGNORECASE)
        action = re.sub(r"^to\s+(?=[a-z])", "", action)  # "I will to finish it" (a second language)
        if standing:
            action = "not " + action
        elif NOT_AN_ACTION.match(action) or not actionable(action) or conditional(action) or a_state(action):
            return None
        text, due, phrase = self._due(action, clause)
        text = tidy(re.sub(WILL_DO_IT, "", text))  # "give him the intro, will do it this week"
        if not actionable(text):
            return None
        text = with_names(self.people, text, owner, clause)
        return StatedCommitment(owner, text, due, phrase, standing or bool(recurring(action)), refers_back(text))

    def _due(self, action: str, clause: Clause) -> tuple[str, date | None, str | None]:
        """The action without its date phrase, and the due date it names; or, when the action
        names none, a date that opens the clause ("Next week I make a list", "This week, I'll ...")."""
        text, due, phrase = split_due(action, self.dates(action, clause.note_date), self.people)
        at = clause.text.find(action)
        if due is None and at > 0:
            head = clause.text[:at]
            ahead = [
                d
                for d in self.dates(head, clause.note_date)
                if d.value
                and d.value >= clause.note_date
                and not re.search(r"\b(?:since|after|from)\s+$", head[: d.start])
            ]
            if ahead and re.match(r"^\W*(?:(?:so|and|then|ok|okay)\W+)?$", head[: ahead[0].start], re.IGNORECASE):
                return text, ahead[0].value, ahead[0].phrase
        return text, due, phrase
