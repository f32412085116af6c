"""Drafts: agenda, feedback, plan, and one-shot questions."""

from __future__ import annotations

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

MinutesOpt = Annotated[int, typer.Option("--minutes", help="Length of the meeting.")]


@app.command()
def agenda(
    ctx: typer.Context,
    pair: PairOpt,
    person: AsOpt,
    minutes: MinutesOpt = 30,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Draft the next one-on-one's agenda: the employee's topics first, then follow-ups both ways."""
    day = parse_as_of(as_of)
    with open_coach(ctx, quiet=True) as (coach, _):
        draft = coach.agenda(pair, person, day, minutes)
    emit(as_json, draft.model_dump(mode="json"), lambda: draft.markdown)


@app.command()
def feedback(ctx: typer.Context, pair: PairOpt, person: AsOpt, as_of: AsOfOpt = None, as_json: JsonOpt = False) -> None:
    """Suggest feedback both ways, in Situation-Behavior-Impact form, from the notes."""
    day = parse_as_of(as_of)
    with open_coach(ctx, quiet=True) as (coach, _):
        draft = coach.feedback(pair, person, day)
    emit(as_json, draft.model_dump(mode="json"), lambda: draft.markdown)


@app.command()
def plan(ctx: typer.Context, pair: PairOpt, person: AsOpt, as_of: AsOfOpt = None, as_json: JsonOpt = False) -> None:
    """Draft a development plan for the employee's goals (GROW; experience, exposure, education)."""
    day = parse_as_of(as_of)
    with open_coach(ctx, quiet=True) as (coach, _):
        draft = coach.plan(pair, person, day)
    doc = draft.model_dump(mode="json")
    doc["actions"] = [a.model_dump(mode="json") for a in draft.actions]
    emit(as_json, doc, lambda: draft.markdown)


@app.command()
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="Your question, in your own words.")],
    pair: PairOpt,
    person: AsOpt,
    as_of: AsOfOpt = None,
    conversation: Annotated[
        str | None, typer.Option("--conversation", help="Continue (and keep) one of your conversations.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Ask about your pair: what was agreed, what is owed, what to bring up, how to phrase feedback."""
    day = parse_as_of(as_of)
    with open_coach(ctx, quiet=True) as (coach, _):
        reply = coach.ask(pair, person, question, day, conversation)
    emit(as_json, reply.model_dump(mode="json"), lambda: reply.answer)
