"""A deterministic chat model shipped with Coach (``COACH_LLM=fake``): for tests, the demo and CI.

It speaks LangChain's ``BaseChatModel`` interface, binds tools, and never leaves the process.
What it says, in order of precedence:

1. ``keyed``: a reply chosen by a piece of text the last message contains (say, to answer
   every "Rewrite this draft" one way while a script drives the chat);
2. ``script``: replies given in advance, one per call, in order (a test's conversation);
3. otherwise the default, which follows Coach's own prompts: as the chat agent, it searches
   the notes for the question and answers with the best note's first sentence, cited; asked to
   reword a draft, it returns the draft unchanged; asked for JSON, it returns an empty answer.

``seen`` records every list of messages it was sent, so a test can check what reached the
model (a private note must never). ``fail`` makes every call raise, like a server that is down.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field, PrivateAttr

__all__ = ["FakeChatModel", "tool_call"]

_QUOTED = re.compile(r'"""\n(?P<body>.*?)\n"""', re.DOTALL)
_NOTE_LINE = re.compile(r"^\[(?P<id>[^\]]+)\][^:]*:\s*(?P<text>.+)$")


def tool_call(name: str, **args: Any) -> AIMessage:
    """A scripted reply that calls one of the agent's tools."""
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"call-{name}"}])


class FakeChatModel(BaseChatModel):
    script: list[Any] = Field(default_factory=list)
    """AIMessage or str replies, used one per call, in order."""
    keyed: dict[str, str] = Field(default_factory=dict)
    seen: list[list[BaseMessage]] = Field(default_factory=list)
    fail: bool = False
    _position: int = PrivateAttr(default=0)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "coach-fake"

    @property
    def prompts(self) -> list[str]:
        """The text of the last message of every call, in order."""
        return [str(messages[-1].content) for messages in self.seen if messages]

    def bind_tools(self, tools, **kwargs: Any):  # noqa: ANN001 - LangChain's signature
        """Tools are offered by name; the model itself stays one object (its script is shared)."""
        names = [getattr(t, "name", None) or getattr(t, "__name__", str(t)) for t in tools]
        return self.bind(tool_names=names)

    def _generate(self, messages, stop=None, run_manager=None, **kwargs: Any) -> ChatResult:  # noqa: ANN001
        with self._lock:
            self.seen.append(list(messages))
            if self.fail:
                raise ConnectionError("the fake chat model is set to fail")
            reply = self._next(messages, kwargs.get("tool_names") or [])
        message = reply if isinstance(reply, AIMessage) else AIMessage(content=reply)
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _next(self, messages: list[BaseMessage], tools: list[str]) -> AIMessage | str:
        last = str(messages[-1].content) if messages else ""
        for key, answer in self.keyed.items():
            if key in last:
                return answer
        if self._position < len(self.script):
            self._position += 1
            return self.script[self._position - 1]
        return _default(messages, tools)


def _default(messages: list[BaseMessage], tools: list[str]) -> AIMessage | str:
    last = str(messages[-1].content) if messages else ""
    if any(isinstance(m, SystemMessage) for m in messages):  # the chat agent
        results = _tool_results(messages)
        if not results and "search_notes" in tools:
            question = next((str(m.content) for m in reversed(messages) if isinstance(m, HumanMessage)), "")
            return tool_call("search_notes", query=question)
        return _answer_from(results)
    if "Rewrite this draft" in last and (quoted := _QUOTED.search(last)):
        return quoted["body"]
    if "JSON" in last:
        return '{"commitments": []}' if '"commitments"' in last else "{}"
    return "OK."


def _tool_results(messages: list[BaseMessage]) -> list[str]:
    """What the tools returned since the last question."""
    out: list[str] = []
    for m in reversed(messages):
        if isinstance(m, HumanMessage):
            break
        if isinstance(m, ToolMessage):
            out.insert(0, str(m.content))
    return out


def _answer_from(results: list[str]) -> str:
    for result in results:
        for line in result.splitlines():
            found = _NOTE_LINE.match(line.strip())
            if found:
                first = re.split(r"(?<=[.!?])\s", found["text"].strip())[0].rstrip(".")
                return f"From your notes: {first} [{found['id']}]."
    return "Your notes don't say."
