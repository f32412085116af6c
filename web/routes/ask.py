"""Ask: a member's kept conversations, and answers streamed as server-sent events.

The question is posted (with its CSRF token) and answered by a fragment that opens an
``EventSource`` on a one-time ticket; the stream says it is reading, then sends the answer
paragraph by paragraph and finally the citations. The ticket belongs to the person and pair
that posted it, lives a few minutes and is used once. Without htmx the form posts normally and
the answer is on the conversation's page.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse
from markupsafe import escape

from assistant.errors import CoachError, InvalidInput, NotFound
from web.identity import CoachDep, Me, PageNotFound, csrf_token_for, pair_viewer
from web.rendering import markdown, path_part, templates, without_receipt
from web.routes.common import is_htmx, today
from web.routes.pair import names_of, pair_page

__all__ = ["router"]

router = APIRouter(prefix="/pairs/{pair_id}")

TICKET_S = 300


class _Tickets:
    """Questions posted and not yet streamed: ticket -> (person, pair, conversation, question)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[str, tuple[float, str, str, str, str]] = {}

    def add(self, person: str, pair: str, conversation: str, question: str) -> str:
        ticket = secrets.token_urlsafe(18)
        now = time.monotonic()
        with self._lock:
            self._items = {k: v for k, v in self._items.items() if now - v[0] < TICKET_S}
            self._items[ticket] = (now, person, pair, conversation, question)
        return ticket

    def take(self, ticket: str, person: str, pair: str) -> tuple[str, str] | None:
        with self._lock:
            found = self._items.get(ticket)
            if found is None or found[1:3] != (person, pair) or time.monotonic() - found[0] > TICKET_S:
                return None
            del self._items[ticket]
        return found[3], found[4]


def _tickets(request: Request) -> _Tickets:
    state = request.app.state
    if not hasattr(state, "web_ask_tickets"):
        state.web_ask_tickets = _Tickets()
    return state.web_ask_tickets


@router.get("/ask", response_class=HTMLResponse)
def ask_page(request: Request, pair_id: str, me: Me, coach: CoachDep, c: str = "") -> HTMLResponse:
    viewer = pair_viewer(coach, pair_id, me)
    conversations = coach.conversations(pair_id, me.id)
    messages, title = [], ""
    if c:
        try:
            messages = coach.conversation(pair_id, me.id, c)
        except NotFound:
            raise PageNotFound() from None
        title = next((t for i, t, _ in conversations if i == c), "")
    return pair_page(
        request,
        me,
        viewer,
        "pair/ask.html.j2",
        "ask",
        "Ask",
        conversations=conversations,
        current=c,
        current_title=title,
        messages=messages,
        notes_by_id={n.id: n for n in coach.notes(pair_id, me.id)},
    )


@router.post("/ask")
def ask(
    request: Request,
    pair_id: str,
    me: Me,
    coach: CoachDep,
    question: Annotated[str, Form()],
    conversation: Annotated[str, Form()] = "",
) -> Response:
    viewer = pair_viewer(coach, pair_id, me)
    if not question.strip():
        return PlainTextResponse("Type a question first.", status_code=422)
    try:
        if conversation:
            coach.conversation(pair_id, me.id, conversation)
        else:
            conversation = coach.start_conversation(pair_id, me.id, " ".join(question.split())[:80])
        if not is_htmx(request):
            coach.ask(pair_id, me.id, question, today(), conversation)
            return RedirectResponse(f"/pairs/{path_part(pair_id)}/ask?c={path_part(conversation)}", status_code=303)
    except NotFound:
        raise PageNotFound() from None
    except InvalidInput as refused:
        return PlainTextResponse(refused.message, status_code=422)
    ticket = _tickets(request).add(me.id, pair_id, conversation, question)
    response = templates.TemplateResponse(
        request,
        "_pending_answer.html.j2",
        {
            "viewer": viewer,
            "question": question,
            "ticket": ticket,
            "conversation": conversation,
            "conversations": coach.conversations(pair_id, me.id),
            "csrf": csrf_token_for(request),
        },
    )
    # the address bar names the conversation, so that a reload shows it
    response.headers["HX-Push-Url"] = f"/pairs/{path_part(pair_id)}/ask?c={path_part(conversation)}"
    return response


def _event(name: str, html: str) -> str:
    data = "\n".join(f"data: {line}" for line in (html.splitlines() or [""]))
    return f"event: {name}\n{data}\n\n"


@router.get("/ask/stream/{ticket}")
async def stream(request: Request, pair_id: str, ticket: str, me: Me, coach: CoachDep) -> StreamingResponse:
    viewer = pair_viewer(coach, pair_id, me)
    taken = _tickets(request).take(ticket, me.id, pair_id)

    async def events() -> AsyncIterator[str]:
        if taken is None:
            yield _event("status", "")
            yield _event("done", '<p class="alert">This answer has expired: ask again.</p>')
            return
        conversation, question = taken
        yield _event("status", "Reading your notes…")
        try:
            reply = await run_in_threadpool(coach.ask, pair_id, me.id, question, today(), conversation)
        except CoachError as failed:
            yield _event("status", "")
            yield _event("done", f'<p class="alert">{escape(failed.message)}</p>')
            return
        yield _event("status", "")
        for paragraph in without_receipt(reply.answer).split("\n\n"):
            if paragraph.strip():
                yield _event("chunk", str(markdown(paragraph)))
        notes = {n.id: n for n in await run_in_threadpool(coach.notes, pair_id, me.id, reply.sources)}
        citations = templates.get_template("_citations.html.j2").render(
            viewer=viewer, sources=reply.sources, notes_by_id=notes, names=names_of(viewer)
        )
        yield _event("done", citations)

    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)


@router.post("/conversations/{conversation_id}/delete")
def delete_conversation(pair_id: str, conversation_id: str, me: Me, coach: CoachDep) -> RedirectResponse:
    try:
        coach.delete_conversation(pair_id, me.id, conversation_id)
    except NotFound:
        raise PageNotFound() from None
    return RedirectResponse(f"/pairs/{path_part(pair_id)}/ask", status_code=303)
