"""Optional: a chat model reads each note for commitments the rules missed.

The model answers in JSON for :class:`NoteCommitments` (pydantic); its commitments join the
rules' as :class:`~assistant.commitments.models.StatedCommitment`, where the rules found
nothing like them in the same note (the rules win a tie). Every answer is checked against
the note before it counts: the quoted evidence must be words of the note (else the
commitment is dropped), the owner a member of the pair (else unassigned), the due date a
real date (else none). What a model reads is a guess: it joins as a suggestion (confidence
below :data:`~assistant.commitments.ledger.SUGGEST_BELOW`) for a member to confirm or
dismiss. Answers are kept by note content and model, so a rebuild asks nothing twice; a
private note is sent only when the settings allow it.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, Field

from assistant.commitments.models import StatedCommitment
from assistant.drafting.render import render
from assistant.llm.backends import ask_for
from assistant.models import Note, Pair, Visibility
from assistant.store.records import Records

__all__ = ["LLMExtractor", "NoteCommitments"]


CONFIDENCE = 0.45
"""A model's reading is a suggestion until a member confirms it."""


class LLMCommitment(BaseModel):
    owner: str | None = Field(None, description="the person id of who promised it, or null if unclear")
    text: str = Field(description="what was promised, as a short verb phrase")
    due: str | None = Field(None, description="the date it is due, YYYY-MM-DD, or null")
    evidence: str = Field("", description="the words of the note that state it, quoted exactly")


class NoteCommitments(BaseModel):
    commitments: list[LLMCommitment] = []


class LLMExtractor:
    def __init__(self, model, model_name: str, records: Records, private_notes: bool = False):
        self.model = model
        self.model_name = model_name
        self.records = records
        self.private_notes = private_notes

    def __call__(self, pair: Pair, note: Note) -> list[StatedCommitment]:
        if note.visibility is Visibility.private and not self.private_notes:
            return []
        digest = self.records.note_hash(note)
        cached = self.records.llm_extraction(pair.id, digest, self.model_name)
        parsed: NoteCommitments | None
        if cached is not None:
            parsed = NoteCommitments.model_validate_json(cached)
        else:
            prompt = render("extract_commitments.md.j2", pair=pair, note=note)
            parsed = ask_for(self.model, NoteCommitments, prompt)
            if parsed is None:
                return []
            self.records.save_llm_extraction(pair.id, digest, self.model_name, parsed.model_dump_json())
        members = {p.id for p in pair.members}
        note_words = _normal(note.text)
        out = []
        for c in parsed.commitments:
            text = re.sub(r"\s+", " ", c.text).strip(" .")
            if len(text.split()) < 2 or not c.evidence.strip() or _normal(c.evidence) not in note_words:
                continue  # no quote, or words the note does not contain: not grounded in it
            owner = c.owner if c.owner in members else None
            out.append(StatedCommitment(owner=owner, text=text, due=_day(c.due), confidence=CONFIDENCE))
        return out


def _normal(text: str) -> str:
    return " ".join(re.findall(r"[\w']+", text.lower().replace("’", "'")))


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None
