"""Kept conversations: each belongs to one person in one pair, and no one else reads it."""

from __future__ import annotations

import json
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from assistant.access import Viewer
from assistant.store.database import Database
from assistant.store.models import Conversation, Message
from assistant.store.tables import ConversationRow, MessageRow, now

__all__ = ["REDACTED", "Conversations"]

REDACTED = "(This answer quoted a note that is no longer there for you, so it was removed.)"


class Conversations(Database):
    def new_conversation(self, viewer: Viewer, title: str) -> str:
        public_id = "conv-" + secrets.token_hex(6)
        with self.session() as s:
            s.add(
                ConversationRow(
                    public_id=public_id, pair_id=viewer.pair.id, person_id=viewer.person.id, title=title[:200]
                )
            )
        return public_id

    @staticmethod
    def _conversation(s: Session, viewer: Viewer, public_id: str) -> ConversationRow | None:
        return s.scalar(
            select(ConversationRow).where(
                ConversationRow.public_id == public_id,
                ConversationRow.pair_id == viewer.pair.id,
                ConversationRow.person_id == viewer.person.id,
            )
        )

    def conversations(self, viewer: Viewer) -> list[Conversation]:
        """The viewer's own conversations in this pair, newest first."""
        query = (
            select(ConversationRow)
            .where(ConversationRow.pair_id == viewer.pair.id, ConversationRow.person_id == viewer.person.id)
            .order_by(ConversationRow.updated_at.desc(), ConversationRow.pk.desc())
        )
        with self.session() as s:
            return [Conversation(c.public_id, c.title, c.updated_at) for c in s.scalars(query)]

    def messages(self, viewer: Viewer, public_id: str) -> list[Message] | None:
        """The messages of one of the viewer's conversations; None if not theirs."""
        with self.session() as s:
            conv = self._conversation(s, viewer, public_id)
            if conv is None:
                return None
            rows = s.scalars(select(MessageRow).where(MessageRow.conversation_pk == conv.pk).order_by(MessageRow.pk))
            return [Message(m.role, m.content, json.loads(m.sources)) for m in rows]

    def add_message(self, viewer: Viewer, public_id: str, role: str, content: str, sources: list[str]) -> bool:
        with self.session() as s:
            conv = self._conversation(s, viewer, public_id)
            if conv is None:
                return False
            s.add(
                MessageRow(
                    conversation_pk=conv.pk,
                    pair_id=viewer.pair.id,
                    role=role,
                    content=content,
                    sources=json.dumps(sources),
                )
            )
            conv.updated_at = now()
            return True

    def redact_answers(self, pair_id: str, note_ids: set[str], spare: str | None = None) -> int:
        """Replace every kept answer in the pair that cited one of ``note_ids`` (in anyone's
        conversation but ``spare``'s) by a line saying it was removed; returns how many."""
        if not note_ids:
            return 0
        query = select(MessageRow, ConversationRow.person_id).join(
            ConversationRow, ConversationRow.pk == MessageRow.conversation_pk
        )
        query = query.where(MessageRow.pair_id == pair_id, MessageRow.sources != "[]")
        redacted = 0
        with self.session() as s:
            for message, person_id in s.execute(query).all():
                if person_id == spare or not note_ids & set(json.loads(message.sources)):
                    continue
                message.content, message.sources = REDACTED, "[]"
                redacted += 1
        return redacted

    def delete_conversation(self, viewer: Viewer, public_id: str) -> bool:
        with self.session() as s:
            conv = self._conversation(s, viewer, public_id)
            if conv is None:
                return False
            s.execute(delete(MessageRow).where(MessageRow.conversation_pk == conv.pk))
            s.delete(conv)
            return True
