"""With a chat model: an agent whose tools are Coach's capabilities, bound to one pair and person.

Each tool is a closure over the asker's snapshot, so the model can name neither another
pair nor another person: it can only ask for more of what the asker may already see. The
model's final answer goes through :func:`~assistant.chat.grounding.ground` before it is shown:
citations of notes the asker cannot see are removed, and so are sentences that state a fact
from the notes without citing one. The system prompt and the tool descriptions live in
``prompts/``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

from assistant.chat.facts import Answer
from assistant.chat.grounding import ground
from assistant.chat.intents import Asked
from assistant.drafting.models import Snapshot
from assistant.drafting.render import render
from assistant.drafting.service import MAX_MINUTES, MIN_MINUTES
from assistant.models import Visibility
from assistant.retrieval.lexical import query_terms, terms

__all__ = ["agent_answer", "make_tools"]

log = logging.getLogger(__name__)


def make_tools(snap: Snapshot, search, drafts, playbook, private_notes: bool):
    """The agent's tools, each bound to ``snap`` (one pair, one person) by closure."""
    from langchain_core.tools import StructuredTool

    def allowed(note) -> bool:
        return note.visibility is Visibility.shared or private_notes

    def search_notes(query: str) -> str:
        hits = [h for h in search(query, 6) if allowed(h.note)]
        if not hits:
            return "No notes match."
        return "\n\n".join(
            f"[{h.note.id}] {h.note.date.isoformat()}, by {snap.name(h.note.author)}: {h.note.text}" for h in hits
        )

    def list_commitments(
        whose: Literal["mine", "theirs", "both"] = "both", status: Literal["open", "done", "all"] = "open"
    ) -> str:
        owners = {"mine": {snap.viewer.person.id}, "theirs": {snap.viewer.other.id}}.get(
            whose, {p.id for p in snap.viewer.pair.members} | {None}
        )
        rows = []
        for c in snap.commitments:
            if c.owner not in owners or (status != "all" and c.status != status):
                continue
            notes = [snap.note(i) for i in c.sources]
            if not all(n is not None and allowed(n) for n in notes):
                continue
            due = f", due {c.due.isoformat()}" if c.due else ""
            late = ", OVERDUE" if c.overdue else ""
            rows.append(f"- {snap.name(c.owner)}: {c.text} ({c.status}{due}{late}) [{', '.join(c.sources)}]")
        return "\n".join(rows) or "None."

    def draft_agenda(minutes: int = 30) -> str:
        return drafts["agenda"](min(MAX_MINUTES, max(MIN_MINUTES, int(minutes)))).markdown

    def suggest_feedback(topic: str = "") -> str:
        draft = drafts["feedback"]()
        wanted = set(query_terms(topic))
        about = [
            s for s in draft.suggestions if s.recorded and wanted & set(terms(f"{s.situation} {s.behavior} {s.impact}"))
        ]
        if not about:
            return draft.markdown if not wanted else f"Nothing on {topic!r} in the feedback notes.\n\n{draft.markdown}"
        return "\n".join(
            f"- {s.direction}, {s.kind}: {s.situation}: {s.behavior} {s.impact} "
            f'Then ask: "{s.question}" [{", ".join(s.sources)}]'
            for s in about
        )

    def draft_plan() -> str:
        return drafts["plan"]().markdown

    def coaching_playbook(question: str) -> str:
        hits = playbook.search(question, k=2)
        return "\n\n".join(f"[playbook:{h.doc.id}] {h.doc.title}: {h.passage}" for h in hits) or "Nothing found."

    functions: list[Callable[..., str]] = [
        search_notes,
        list_commitments,
        draft_agenda,
        suggest_feedback,
        draft_plan,
        coaching_playbook,
    ]
    return [
        StructuredTool.from_function(f, name=f.__name__, description=render(f"tools/{f.__name__}.md.j2", snap=snap))
        for f in functions
    ]


def agent_answer(
    model, asked: Asked, snap: Snapshot, history, search, drafts, playbook, private_notes: bool, idf=None
) -> Answer:
    """The agent's answer, checked by :func:`ground`; the offline answer (``idf``: the pair's
    word weights) when the model fails."""
    from langchain.agents import create_agent
    from langchain_core.messages import AIMessage, HumanMessage
    from langchain_core.runnables import RunnableConfig

    from assistant.chat.answerer import answer as offline

    tools = make_tools(snap, search, drafts, playbook, private_notes)
    agent = create_agent(model, tools=tools, system_prompt=render("chat_system.md.j2", snap=snap))
    messages = [HumanMessage(t) if role == "user" else AIMessage(t) for role, t in history[-10:]]
    messages.append(HumanMessage(asked.question))
    try:
        result = agent.invoke({"messages": messages}, config=RunnableConfig(recursion_limit=12))  # type: ignore[call-overload]
        text = result["messages"][-1].content
        if not isinstance(text, str):
            text = " ".join(str(part.get("text", "")) if isinstance(part, dict) else str(part) for part in text)
    except Exception as exc:  # noqa: BLE001 - the model is optional: fall back, never fail
        log.warning("chat model failed (%s); answering offline", exc.__class__.__name__)
        fallback = offline(asked, snap, search, drafts, playbook, idf)
        fallback.answer += "\n(The chat model did not answer; this answer comes from the notes directly.)"
        return fallback
    visible = [n.id for n in snap.notes if n.visibility is Visibility.shared or private_notes]
    names = [p.name for p in snap.viewer.pair.members]
    checked = ground(text, visible, {n.id: n.text for n in snap.notes}, playbook.docs.keys(), names)
    if not checked.text.strip():
        return Answer("I could not give a grounded answer to that from your notes.", [], "llm", grounded=False)
    return Answer(checked.text, checked.sources, "llm", checked.playbook)
