"""Chat as a service: a member's question answered from what they may see, and their conversations.

Offline, :func:`~assistant.chat.answerer.answer` answers from the notes; with a chat model,
:func:`~assistant.chat.agent.agent_answer` runs an agent whose tools are bound to the asker's
snapshot. Either way the sources that leave are notes the asker may see, and the answer ends
with a receipt of them.

History policy: a conversation belongs to the one person who had it, in one pair. A chat
model sees an earlier turn only if every note that turn used may go to it (private notes
stay away from a model unless the settings allow it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.access import Viewer
from assistant.chat.answerer import answer, receipt
from assistant.chat.intents import read_question
from assistant.drafting.models import ChatReply, Snapshot
from assistant.drafting.service import Drafter
from assistant.errors import InvalidInput, NotFound
from assistant.models import SearchHit
from assistant.retrieval.playbook import Playbook
from assistant.retrieval.search import Searcher
from assistant.store.records import Records

__all__ = ["ChatService"]


class ChatService:
    def __init__(
        self,
        records: Records,
        searcher: Searcher,
        drafter: Drafter,
        playbook: Callable[[], Playbook],
        chat_model=None,
        private_notes: bool = False,
    ):
        self.records = records
        self.searcher = searcher
        self.drafter = drafter
        self.playbook = playbook
        self.chat_model = chat_model
        self.private_notes = private_notes

    def ask(self, snap: Snapshot, question: str, conversation: str | None = None) -> ChatReply:
        """Answer from what the asker may see; kept in their conversation if one is given."""
        if not question.strip():
            raise InvalidInput("the question is empty")
        history = self._history(snap, conversation)
        asked = read_question(question, history)
        drafts: dict[str, Callable[..., object]] = {
            "agenda": lambda minutes=30: self.drafter.agenda(snap, minutes),
            "feedback": lambda: self.drafter.feedback(snap),
            "plan": lambda: self.drafter.plan(snap),
        }
        search = self._search_for(snap)
        playbook = self.playbook()
        idf = self.searcher.lexical_index(snap.viewer).idf
        if self.chat_model is not None:
            from assistant.chat.agent import agent_answer

            result = agent_answer(
                self.chat_model, asked, snap, history, search, drafts, playbook, self.private_notes, idf
            )
        else:
            result = answer(asked, snap, search, drafts, playbook, idf, self._closeness(_unnamed(asked.query, snap)))
        sources = snap.visible(result.sources)
        grounded = result.grounded and bool(sources)
        if not grounded:
            sources = []
        text = f"{result.answer}\n\n{receipt(sources, snap)}" if grounded else result.answer
        if conversation is not None:
            self.records.add_message(snap.viewer, conversation, "user", question, [])
            self.records.add_message(snap.viewer, conversation, "assistant", text, sources)
        return ChatReply(
            answer=text,
            sources=sources,
            grounded=grounded,
            playbook=result.playbook,
            intent=result.intent,
            conversation=conversation,
        )

    def _history(self, snap: Snapshot, conversation: str | None) -> list[tuple[str, str]]:
        """(role, text) of the conversation so far, as far as the model may read it."""
        if conversation is None:
            return []
        found = self.messages(snap.viewer, conversation)
        private_ok = self.chat_model is None or self.private_notes
        return [(m.role, m.content) for m in found if private_ok or not snap.any_private(m.sources)]

    def _closeness(self, query: str) -> Callable[[Sequence[str]], Sequence[float]]:
        """MiniLM similarity of sentences to ``query`` (the searcher's cached sentence vectors)."""
        vector: list = []

        def close(texts: Sequence[str]) -> Sequence[float]:
            if not texts:
                return []
            if not vector:
                vector.append(self.searcher.indexer.embedder.encode([query])[0])
            return [float(x) for x in self.searcher.reranker.vectors(list(texts)) @ vector[0]]

        return close

    def _search_for(self, snap: Snapshot) -> Callable[[str, int], list[SearchHit]]:
        def search(query: str, k: int) -> list[SearchHit]:
            hits = self.searcher.search(snap.viewer, query, k=min(100, k + 5))
            return [h for h in hits if snap.note(h.note.id)][:k]

        return search

    # -- conversations ------------------------------------------------------------------------

    def start(self, viewer: Viewer, title: str = "") -> str:
        return self.records.new_conversation(viewer, title)

    def conversations(self, viewer: Viewer):
        """The viewer's own conversations in the pair, newest first."""
        return self.records.conversations(viewer)

    def messages(self, viewer: Viewer, conversation: str):
        """One of the viewer's conversations, oldest message first; NotFound if not theirs."""
        found = self.records.messages(viewer, conversation)
        if found is None:
            raise NotFound(f"no conversation '{conversation}' of yours in pair '{viewer.pair.id}'")
        return found

    def delete(self, viewer: Viewer, conversation: str) -> None:
        if not self.records.delete_conversation(viewer, conversation):
            raise NotFound(f"no conversation '{conversation}' of yours in pair '{viewer.pair.id}'")
        self.records.compact()


def _unnamed(query: str, snap: Snapshot) -> str:
    """The question without the pair's own names, for measuring how close a sentence is to it
    in meaning: the members are named all over their notes, and a sentence that shares "Mia"
    with "is Mia planning to ask for a raise" is no closer to a raise (their names weigh
    nothing among the question's words either). Kept whole when little else is left."""
    names = {w for p in snap.viewer.pair.members for w in (p.id, *p.name.split()) if w}
    pattern = "|".join(re.escape(w) for w in sorted(names, key=len, reverse=True))
    left = " ".join(re.sub(rf"\b(?:{pattern})(?:['’]s)?\b", " ", query, flags=re.I).split())
    return left if len(left.split()) >= 2 else query
