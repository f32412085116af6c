"""``coach chat`` and ``coach conversations``: kept conversations, each visible to its person alone."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from assistant.cli.app import (
    AsOfOpt,
    AsOpt,
    JsonOpt,
    PairOpt,
    app,
    emit,
    open_coach,
    parse_as_of,
)
from assistant.errors import CoachError

CHAT_HELP = """Ask anything about your one-on-ones. Shortcuts:
  /agenda [MIN]   the next agenda          /feedback   feedback both ways
  /plan           development plan         /commitments  what is open, both ways
  /history        this conversation        /new          start a new conversation
  /delete         delete this conversation /quit         leave"""


@app.command()
def chat(
    ctx: typer.Context,
    pair: PairOpt,
    person: AsOpt,
    as_of: AsOfOpt = None,
    resume: Annotated[str | None, typer.Option("--resume", help="A conversation id, or 'last'.")] = None,
) -> None:
    """Talk with Coach about your pair; the conversation is kept for you alone (see `conversations`)."""
    day = parse_as_of(as_of)
    with open_coach(ctx, quiet=True) as (coach, _):
        coach.viewer(pair, person)
        coach.indexer.embedder.warm_up()
        conv = _pick_conversation(coach, pair, person, resume)
        typer.echo(f"Coach, for {person} in {pair} (conversation {conv}). /help for shortcuts, /quit to leave.")
        while True:
            try:
                line = input("you> ").strip()
            except (EOFError, KeyboardInterrupt):
                typer.echo()
                break
            if not line:
                continue
            if line in ("/quit", "/exit", "/q"):
                break
            try:
                conv = _chat_turn(coach, pair, person, day, conv, line)
            except CoachError as error:
                typer.echo(f"coach: {error.message}", err=True)


def _pick_conversation(coach, pair: str, person: str, resume: str | None) -> str:
    if resume == "last":
        found = coach.conversations(pair, person)
        if found:
            return found[0][0]
    elif resume:
        coach.conversation(pair, person, resume)  # raises NotFound if it is not theirs
        return resume
    return coach.start_conversation(pair, person, "chat")


def _chat_turn(coach, pair: str, person: str, day, conv: str, line: str) -> str:
    if line == "/help":
        typer.echo(CHAT_HELP)
    elif line == "/new":
        conv = coach.start_conversation(pair, person, "chat")
        typer.echo(f"New conversation {conv}.")
    elif line == "/delete":
        coach.delete_conversation(pair, person, conv)
        conv = coach.start_conversation(pair, person, "chat")
        typer.echo(f"Deleted. New conversation {conv}.")
    elif line == "/history":
        for role, text, _ in coach.conversation(pair, person, conv):
            typer.echo(f"{'you' if role == 'user' else 'coach'}> {text}")
    elif line.startswith("/agenda"):
        parts = line.split()
        minutes = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 30
        _stream(coach.agenda(pair, person, day, minutes).markdown)
    elif line == "/feedback":
        _stream(coach.feedback(pair, person, day).markdown)
    elif line == "/plan":
        _stream(coach.plan(pair, person, day).markdown)
    elif line == "/commitments":
        _stream(coach.commitments_markdown(pair, person, day))
    elif line.startswith("/"):
        typer.echo(f"Unknown shortcut {line.split()[0]}. /help lists them.")
    else:
        _stream(coach.ask(pair, person, line, day, conv).answer, prefix="coach> ")
    return conv


def _stream(text: str, prefix: str = "") -> None:
    """Print as it comes, line by line (a model's answer is checked in full before it is shown)."""
    for i, line in enumerate(text.splitlines()):
        sys.stdout.write((prefix if i == 0 else "") + line + "\n")
        sys.stdout.flush()


conversations_app = typer.Typer(help="Your kept conversations (each visible to you alone).", no_args_is_help=True)
app.add_typer(conversations_app, name="conversations")


@conversations_app.command("list")
def conversations_list(ctx: typer.Context, pair: PairOpt, person: AsOpt, as_json: JsonOpt = False) -> None:
    """List your conversations in a pair, newest first."""
    with open_coach(ctx, quiet=True) as (coach, _):
        found = coach.conversations(pair, person)
    doc = {"conversations": [{"id": i, "title": t, "updated_at": at.isoformat()} for i, t, at in found]}
    emit(as_json, doc, lambda: "\n".join(f"{i}  {at:%Y-%m-%d %H:%M}  {t}" for i, t, at in found) or "No conversations.")


@conversations_app.command("show")
def conversations_show(
    ctx: typer.Context,
    conversation: Annotated[str, typer.Argument()],
    pair: PairOpt,
    person: AsOpt,
    as_json: JsonOpt = False,
) -> None:
    """Show one of your conversations."""
    with open_coach(ctx, quiet=True) as (coach, _):
        found = coach.conversation(pair, person, conversation)
    doc = {"id": conversation, "messages": [{"role": r, "content": c, "sources": s} for r, c, s in found]}
    emit(as_json, doc, lambda: "\n\n".join(f"{'you' if r == 'user' else 'coach'}> {c}" for r, c, _ in found))


@conversations_app.command("delete")
def conversations_delete(
    ctx: typer.Context,
    conversation: Annotated[str, typer.Argument()],
    pair: PairOpt,
    person: AsOpt,
    as_json: JsonOpt = False,
) -> None:
    """Delete one of your conversations for good."""
    with open_coach(ctx, quiet=True) as (coach, _):
        coach.delete_conversation(pair, person, conversation)
    emit(as_json, {"deleted": conversation}, lambda: f"Deleted {conversation}.")
