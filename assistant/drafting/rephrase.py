"""Optional: a chat model rewords a draft; the grounded composer keeps the facts.

The items, their sources and the JSON come from the composer; only the Markdown a person
reads is reworded, and what comes back goes through :func:`~assistant.chat.grounding.ground`:
a sentence citing a note the asker cannot see, or stating a fact without citing one, is
dropped. A rewording that loses most of the draft is not used. A draft that rests on a
private note is not sent, unless private notes may reach the model.
"""

from __future__ import annotations

import logging

from assistant.chat.grounding import ground
from assistant.drafting.models import Snapshot
from assistant.drafting.render import render
from assistant.models import Visibility

__all__ = ["rephrase"]

log = logging.getLogger(__name__)


def rephrase(model, markdown: str, sources: list[str], snap: Snapshot, playbook_ids, private_notes: bool) -> str:
    if not private_notes and snap.any_private(sources):
        return markdown
    from langchain_core.messages import HumanMessage

    try:
        reply = model.invoke([HumanMessage(render("rephrase_draft.md.j2", draft=markdown, snap=snap))]).content
    except Exception as exc:  # noqa: BLE001 - the model is optional
        log.warning("chat model failed to reword a draft (%s); keeping the draft", exc.__class__.__name__)
        return markdown
    if not isinstance(reply, str) or not reply.strip():
        return markdown
    visible = [n.id for n in snap.notes if n.visibility is Visibility.shared or private_notes]
    names = [p.name for p in snap.viewer.pair.members]
    checked = ground(reply, visible, {n.id: n.text for n in snap.notes}, playbook_ids, names)
    wanted = set(sources)
    kept = wanted & set(checked.sources)
    if len(checked.text) < 0.25 * len(markdown) or (wanted and len(kept) < 0.6 * len(wanted)):
        return markdown  # too much was lost: the composer's draft is the better one
    return checked.text
