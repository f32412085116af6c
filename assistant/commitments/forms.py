"""The sentence forms of promising, compiled for one pair's names.

"Name will ...", "we agreed Name would ...", "Name said they'd ...", "Name agreed to ...",
"I owe ...", "Name to ...", "..., will ...", and the owner labels of line items; read by
:class:`~assistant.commitments.reading.Analyzer`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from assistant.commitments.models import Clause
from assistant.commitments.vocabulary import MODAL, MOVED, PROMISE
from assistant.text.dates import DateMention

__all__ = ["PromiseForms"]


class PromiseForms:
    """The compiled forms for a pair whose members' names ``names`` (a regex) matches."""

    label = re.compile(r"^(?P<label>[A-Za-z][\w'/&-]*(?:\s+[\w'/&-]+){0,4}|[A-Za-z][\w' ]{0,25}):\s+(?=\S)")
    """A line's label: a topic of up to five words, as the line's topic is read ("Postmortem for the
    March outage: Hana to write it up"), or a name."""
    cleft = re.compile(r"^what\s+\w+\s+(?:can|will|'ll|am\s+going\s+to|is\s+going\s+to)\s+do\s+is\b", re.IGNORECASE)
    """A statement, not a question: "What I can do is ask Procurement"."""
    modal_start = re.compile(r"^(?:will|shall|'ll|(?:am\s+|is\s+)?going\s+to)\s+(?=[a-z])", re.IGNORECASE)
    """An action never starts with its modal: the owner label took the subject's place."""
    progressive = re.compile(
        r"^(?:\[[\d:]+\]\s*)?(?:[\w.-]+:\s+)?(?P<verb>[a-z]{2,})ing\s+"
        r"(?P<rest>(?:it|them|this|that|the|a|an|my|your|his|her|our|their)\b.*)$"
    )
    """A turn that opens with the act under way, no subject: "reading it over the weekend"."""

    @staticmethod
    def act_of(m: re.Match, clause: Clause, dates: Callable[[str, date], list[DateMention]]) -> str | None:
        """The act a turn opening with its "-ing" promises, when it names a date ahead (when it
        will happen, not a report of what is under way now): "read it over the weekend"."""
        from assistant.commitments.phrasing import ACTION_VERBS

        if MOVED.search(m.group(0)):
            return None  # "moving it to April 2": a date moved, not a promise
        stem = m["verb"]
        verb = next((v for v in (stem, stem + "e", stem[:-1]) if v in ACTION_VERBS), None)
        ahead = [d for d in dates(m["rest"], clause.note_date) if d.value and d.value > clause.note_date]
        return f"{verb} {m['rest']}" if verb and ahead and clause.voice else None

    taken_over = re.compile(
        r"^(?P<act>.+?),?\s+(?:and|but)\s+(?:then\s+|actually\s+|in\s+the\s+end\s+)*(?P<who>\w+)\s+"
        r"(?:said|offered|wanted|insisted)\s+(?:that\s+)?(?:she|he|they|I)(?:'d|\s+would)\s+(?:\w+\s+){1,2}?"
        r"(?:it|that|them)\s+(?:herself|himself|themselves|myself)\b",
        re.IGNORECASE,
    )
    """A promise taken over in the same breath: "I said I'd file a ticket, and actually she said
    she'd file it herself": the act is the one who takes it on's."""

    def __init__(self, names: str) -> None:
        # "you": the member the writer writes to ("You'll send me the revised deck by Friday")
        subject = rf"(?P<subj>\bI\b|\bwe\b|\byou\b|\bhe\b|\bshe\b|\bthey\b|{names})"
        flags = re.IGNORECASE
        self.promise = re.compile(
            rf"{subject}\s+(?:also\s+|then\s+)?"
            rf"(?:{PROMISE}\s+|(?:agreed|promised|committed)\s+(?=not\b|never\b))(?P<action>.+)",
            flags,
        )
        self.sentences = [
            # we agreed Name would ...; minutes: "it was agreed that Name would ..."
            re.compile(
                rf"(?:\bwe\s+(?:both\s+)?agreed|\bit\s+was\s+(?:agreed|decided|settled))\s+(?:that\s+)?{subject}\s*"
                r"(?:would|will|should|'d|'ll|is\s+to|to)\s+(?P<action>.+)",
                flags,
            ),
            # Name said they'd ... ("she also said she'd", "I told Nadia I would")
            re.compile(
                rf"{subject}\s+(?:also\s+|then\s+|just\s+)?(?:said|says|mentioned|confirmed|told\s+\w+)\s+"
                r"(?:that\s+)?(?:she|he|they|I|we)(?:'d|'ll|\s+would|\s+will)\s+(?P<action>.+)",
                flags,
            ),
            # ... and that I'd ... (the second thing said)
            re.compile(rf"^(?:and\s+)?that\s+{subject}(?:'d|'ll|\s+would|\s+will)\s+(?P<action>.+)", flags),
            # what I can do is ..., what I'll do is ...
            re.compile(
                rf"\bwhat\s+{subject}\s+(?:can|will|'ll|am\s+going\s+to|is\s+going\s+to)\s+do\s+is\s+(?P<action>.+)",
                flags,
            ),
            # Name agreed / committed / promised to ... (or not to ...)
            self.promise,
            # I (still) owe Name ... (kept as "give Name ...")
            re.compile(r"(?P<subj>\bI\b)\s+(?:still\s+|also\s+)?(?P<action>owe\s+.+)", flags),
            # Name will / is going to ...
            re.compile(
                rf"{subject}(?:\s+(?:still|also|then|both|definitely|really|probably|now))?{MODAL}\s+(?P<action>.+)",
                flags,
            ),
        ]
        self.anyone = re.compile(
            r"^(?:and\s+)?(?:someone|somebody|team|the\s+team|everyone|both(?:\s+of\s+us)?)\s+to\s+(?P<action>[a-z].+)",
            flags,
        )
        """ "Someone to check with legal", "Team to review the results": the pair's, unassigned."""
        self.please = re.compile(
            r"^\W*(?:please|pls|kindly)\s+(?!let\b|note\b|see\b|find\b|keep\s+in\s+mind|remember\b|feel\b|excuse\b|forgive\b|bear\b|(?:in|on|at|the|a|for|to|with|if|when|do\s+not|don't)\b)"
            r"(?P<action>[a-z]+\b.+)",
            flags,
        )
        """ "Please share them in #eng": asked of the member the note's voice speaks to."""
        self.to = re.compile(rf"^(?:and\s+)?(?P<subj>{names})\s+to\s+(?P<action>[a-z].+)", flags)
        self.and_will = re.compile(
            r"^(?P<head>.*?)(?:\band|,)\s+(?:will|'ll|am\s+going\s+to|is\s+going\s+to)\s+(?P<action>.+)", flags
        )
        self.elided = re.compile(r"^(?:will|'ll|going\s+to)\s+(?P<action>.+)", flags)
        self.item_owner = re.compile(
            rf"^(?P<subj>{names}|I|me)\s*(?::|-|–|—|→|->|to\b|will\b|\()\s*(?P<action>.+)$", flags
        )
        self.item_owner_after = re.compile(
            rf"^(?P<action>.+?)\s*(?:\((?P<subj>{names})\)|[-–—]\s*(?P<subj2>{names}))\s*\.?$", flags
        )
        self.arrow = re.compile(rf"^(?P<subj>{names}|I|me)\s*(?:->|→|=>)\s*(?P<action>\S.+)", flags)
        self.mention_owner = re.compile(r"^@(?P<subj>[\w.-]+)[:,]?\s+(?P<action>.+)$")
        self.capitalised_owner = re.compile(r"^(?P<who>[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+)?)\s*(?::|-|–|—)\s+\S")
        # "Marco's team to answer the questions by Friday": someone's group is given the item
        self.group_owner = re.compile(
            r"^(?P<who>[A-Z][\w.-]+)(?:'s|’s)\s+(?:team|group|folks|people|org|squad|side|crew)\s+"
            r"(?:to|will|should|is\s+going\s+to)\s+[a-z]"
        )
