"""What a chat model read in a note, kept by the note's content hash and the model's name."""

from __future__ import annotations

from sqlalchemy import delete, select

from assistant.store.database import Database
from assistant.store.tables import LLMExtractionRow

__all__ = ["LLMCache"]


class LLMCache(Database):
    def llm_extraction(self, pair_id: str, digest: str, model: str) -> str | None:
        query = select(LLMExtractionRow.data).where(
            LLMExtractionRow.pair_id == pair_id,
            LLMExtractionRow.content_hash == digest,
            LLMExtractionRow.model == model,
        )
        with self.session() as s:
            return s.scalar(query)

    def save_llm_extraction(self, pair_id: str, digest: str, model: str, data: str) -> None:
        with self.session() as s:
            s.add(LLMExtractionRow(pair_id=pair_id, content_hash=digest, model=model, data=data))

    def forget_llm_readings(self, pair_id: str, digests: set[str]) -> None:
        """Drop what a chat model read in these versions of the pair's notes."""
        if digests:
            with self.session() as s:
                s.execute(
                    delete(LLMExtractionRow).where(
                        LLMExtractionRow.pair_id == pair_id, LLMExtractionRow.content_hash.in_(sorted(digests))
                    )
                )
