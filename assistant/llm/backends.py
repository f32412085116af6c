"""Chat-model backends by name (``COACH_LLM``), imported lazily. None is the default.

- ``none``: no chat model; every capability works offline from the notes and templates.
- ``openai:MODEL``: any OpenAI-compatible server (vLLM, llama.cpp, LM Studio, or OpenAI
  itself) through LangChain's ``init_chat_model``; ``COACH_LLM_BASE_URL`` points at it.
- ``ollama:MODEL``: a local Ollama (``pip install -e ".[ollama]"``).
- ``fake``: :class:`~assistant.llm.fake.FakeChatModel`, deterministic and in-process (tests,
  the demo, CI).

:data:`ALLOW_MODEL_REQUESTS` set to False refuses to build a real model (the test suite sets
it, so a developer's ``COACH_LLM`` never reaches a real server from a test);
:func:`allow_model_requests` lifts it for a block (a test that runs its own fake server).

Private notes never reach a chat model unless ``COACH_LLM_PRIVATE_NOTES=true``: a hosted
model is a third party, and the offline paths serve private notes to their author anyway.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError

from assistant.errors import BackendUnavailable, InvalidInput
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

__all__ = ["ALLOW_MODEL_REQUESTS", "allow_model_requests", "ask_for", "make_chat_model"]

M = TypeVar("M", bound=BaseModel)

ALLOW_MODEL_REQUESTS = True
"""False: building a real chat model (``openai``, ``ollama``) raises; ``fake`` still works."""


@contextmanager
def allow_model_requests(allowed: bool = True) -> Iterator[None]:
    """Within the block, real chat models may (or may not) be built."""
    global ALLOW_MODEL_REQUESTS
    before, ALLOW_MODEL_REQUESTS = ALLOW_MODEL_REQUESTS, allowed
    try:
        yield
    finally:
        ALLOW_MODEL_REQUESTS = before


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    spec = (settings.llm or "none").strip()
    if spec in ("", "none"):
        return None
    if spec == "fake":
        from assistant.llm.fake import FakeChatModel

        return FakeChatModel()
    provider, _, model = spec.partition(":")
    if not model:
        raise InvalidInput(f"COACH_LLM: expected PROVIDER:MODEL (openai:..., ollama:...) or fake, got '{spec}'")
    if provider not in ("openai", "ollama"):
        raise InvalidInput(f"COACH_LLM: unknown provider '{provider}' (use openai, ollama or fake)")
    if not ALLOW_MODEL_REQUESTS:
        raise BackendUnavailable(
            f"COACH_LLM={spec}: real chat models are switched off here (tests); use COACH_LLM=fake"
        )
    from langchain.chat_models import init_chat_model

    if provider == "openai":
        try:
            return init_chat_model(
                f"openai:{model}",
                base_url=settings.llm_base_url,
                api_key=settings.llm_api_key or "not-needed",
                temperature=0,
                max_retries=1,
                timeout=120,
            )
        except ImportError as exc:  # pragma: no cover - langchain-openai is a dependency
            raise BackendUnavailable("COACH_LLM=openai:... needs `pip install langchain-openai`") from exc
    try:
        if settings.llm_base_url:
            return init_chat_model(f"ollama:{model}", temperature=0, base_url=settings.llm_base_url)
        return init_chat_model(f"ollama:{model}", temperature=0)
    except ImportError as exc:
        raise BackendUnavailable('COACH_LLM=ollama:... needs `pip install -e ".[ollama]"`') from exc


def ask_for(model: BaseChatModel, schema: type[M], prompt: str) -> M | None:
    """Ask for JSON matching ``schema`` and parse it; None when the model gives none.

    Plain JSON in the reply works with every chat model, local servers without tool
    calling included; a reply that does not parse is dropped, never guessed at.
    """
    from langchain_core.messages import HumanMessage

    try:
        reply = model.invoke([HumanMessage(content=prompt)])
    except Exception:  # noqa: BLE001 - an unreachable or failing model must not break the rules
        return None
    text = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
    match = re.search(r"\{.*\}", text, re.DOTALL)
    if not match:
        return None
    try:
        return schema.model_validate_json(match.group(0))
    except ValidationError:
        return None
