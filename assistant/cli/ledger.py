"""``coach commitments``: the ledger both ways, and corrections to it."""

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
    fail,
    open_coach,
    parse_as_of,
)
from assistant.errors import InvalidInput

commitments_app = typer.Typer(
    help="What either member promised and hasn't followed up on; correct the ledger with the subcommands.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(commitments_app, name="commitments")


@commitments_app.callback()
def commitments(
    ctx: typer.Context,
    pair: Annotated[str | None, typer.Option("--pair", help="The pair's id.")] = None,
    person: Annotated[str | None, typer.Option("--as", help="The member acting (a person id).")] = None,
    as_of: AsOfOpt = None,
    show: Annotated[
        str, typer.Option("--show", help="open (default), all, mine (what I owe) or owed (what I am owed).")
    ] = "open",
    as_json: JsonOpt = False,
) -> None:
    """List the pair's commitments, both members', as of a date."""
    if ctx.invoked_subcommand is not None:
        return
    if not pair or not person:
        fail(InvalidInput("commitments needs --pair ID and --as PERSON"))
    from assistant.commitments.view import SHOWS  # the ledger's modules load only for this command

    if show not in SHOWS:
        fail(InvalidInput(f"--show: expected open, all, mine or owed, got '{show}'"))
    day = parse_as_of(as_of)
    with open_coach(ctx, quiet=True) as (coach, _):
        if as_json:
            items = coach.commitments(pair, person, day)
            emit(True, {"as_of": day.isoformat(), "commitments": [c.to_json() for c in items]}, str)
        else:
            typer.echo(coach.commitments_markdown(pair, person, day, show))


def _correct(
    ctx: typer.Context, commitment_id: str, action: str, value: str | None, pair: str, person: str, as_json: bool
):
    with open_coach(ctx, quiet=True) as (coach, _):
        fixed = coach.correct_commitment(pair, person, commitment_id, action, value)
    emit(
        as_json,
        {"commitment": fixed.to_json()},
        lambda: (
            f"{commitment_id}: {action} recorded ({fixed.status}"
            f"{', due ' + fixed.due.isoformat() if fixed.due else ''}, owner {fixed.owner or 'unassigned'})."
        ),
    )


IdArg = Annotated[str, typer.Argument(help="The commitment's id (c-...).")]


@commitments_app.command("done")
def commitment_done(
    ctx: typer.Context, commitment_id: IdArg, pair: PairOpt, person: AsOpt, as_json: JsonOpt = False
) -> None:
    """Mark a commitment done."""
    _correct(ctx, commitment_id, "done", None, pair, person, as_json)


@commitments_app.command("drop")
def commitment_drop(
    ctx: typer.Context, commitment_id: IdArg, pair: PairOpt, person: AsOpt, as_json: JsonOpt = False
) -> None:
    """Mark a commitment dropped: the pair let it go."""
    _correct(ctx, commitment_id, "drop", None, pair, person, as_json)


@commitments_app.command("confirm")
def commitment_confirm(
    ctx: typer.Context, commitment_id: IdArg, pair: PairOpt, person: AsOpt, as_json: JsonOpt = False
) -> None:
    """Confirm a suggested commitment: it is real, and counts (overdue included) from now on."""
    _correct(ctx, commitment_id, "confirm", None, pair, person, as_json)


@commitments_app.command("dismiss")
def commitment_dismiss(
    ctx: typer.Context, commitment_id: IdArg, pair: PairOpt, person: AsOpt, as_json: JsonOpt = False
) -> None:
    """Dismiss a suggested commitment: the notes did not mean it; it is no longer listed."""
    _correct(ctx, commitment_id, "dismiss", None, pair, person, as_json)


@commitments_app.command("reopen")
def commitment_reopen(
    ctx: typer.Context, commitment_id: IdArg, pair: PairOpt, person: AsOpt, as_json: JsonOpt = False
) -> None:
    """Reopen a commitment marked done."""
    _correct(ctx, commitment_id, "reopen", None, pair, person, as_json)


@commitments_app.command("assign")
def commitment_assign(
    ctx: typer.Context,
    commitment_id: IdArg,
    owner: Annotated[str, typer.Argument(help="A member's id, or 'none'.")],
    pair: PairOpt,
    person: AsOpt,
    as_json: JsonOpt = False,
) -> None:
    """Say whose commitment it is."""
    _correct(ctx, commitment_id, "assign", owner, pair, person, as_json)


@commitments_app.command("due")
def commitment_due(
    ctx: typer.Context,
    commitment_id: IdArg,
    due: Annotated[str, typer.Argument(help="YYYY-MM-DD, or 'none'.")],
    pair: PairOpt,
    person: AsOpt,
    as_json: JsonOpt = False,
) -> None:
    """Set the date the pair agreed."""
    _correct(ctx, commitment_id, "due", due, pair, person, as_json)
