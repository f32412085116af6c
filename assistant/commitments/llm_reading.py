"""Optional: a chat model reads each note for commitments the rules missed.

The model answers in JSON for :class:`NoteCommitments`; its commitments join the rules'
as :class:`~assistant.commitments.models.StatedCommitment`, where the rules found nothing like them in the same
note (the rules win a tie). Owners must be the pair's members, else left unassigned.
Answers are kept by note content and model, so a rebuild asks nothing twice.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, Field

from assistant.commitments.models import StatedCommitment
from assistant.drafting.render import render
from assistant.llm.backends import ask_for
from assistant.models import Note, Pair, Visibility
from assistant.store.records import Records, content_hash

__all__ = ["LLMExtractor", "NoteCommitments"]


class LLMCommitment(BaseModel):
    owner: str | None = Field(None, description="the person id of who promised it, or null if unclear")
    text: str = Field(description="what was promised, as a short verb phrase")
    due: date | None = Field(None, description="the date it is due, YYYY-MM-DD, or null")


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
        digest = content_hash(note)
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
        out = []
        for c in parsed.commitments:
            text = re.sub(r"\s+", " ", c.text).strip(" .")
            if len(text.split()) < 2:
                continue
            out.append(StatedCommitment(owner=c.owner if c.owner in members else None, text=text, due=c.due))
        return out
