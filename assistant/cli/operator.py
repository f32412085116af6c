"""Operator commands, run on the host (no ``--pair``/``--as``): accounts and empty pairs.

Nothing here prints a pair's content: the operator creates people, credentials and pairs,
and reads nothing of what the pairs write. Every credential issued here is recorded in the
audit trail of the person's pairs, so the members can see it happened.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from assistant.cli.app import JsonOpt, app, emit, fail, open_coach
from assistant.errors import InvalidInput

__all__ = ["pair_app", "user_app"]

user_app = typer.Typer(help="Who can sign in to `coach serve` (run on the host).", no_args_is_help=True)
pair_app = typer.Typer(help="Create pairs (run on the host).", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(pair_app, name="pair")

PersonArg = Annotated[str, typer.Argument(help="The person's id.")]


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    if not sys.stdin.isatty():
        fail(InvalidInput("give the password on standard input with --password-stdin"))
    first = typer.prompt("Password", hide_input=True)
    if typer.prompt("Again", hide_input=True) != first:
        fail(InvalidInput("the two passwords differ"))
    return first


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    person: PersonArg,
    name: Annotated[
        str | None, typer.Option("--name", help="The name shown to others (default: kept, or the id).")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Let a person sign in (an imported person, or a new one); again: reset the password."""
    password = _read_password(password_stdin)
    with open_coach(ctx, quiet=True) as (coach, _):
        created = coach.accounts.add_user(person, password, name=name)
    emit(
        as_json,
        {"id": person, "created": created},
        lambda: f"{person} can sign in{' (a new person)' if created else ''}; their other sessions ended.",
    )


@user_app.command("token")
def user_token(
    ctx: typer.Context,
    person: PersonArg,
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Print a new personal API token for the person, once (give it to them; it is not kept)."""
    with open_coach(ctx, quiet=True) as (coach, _):
        token = coach.accounts.create_token(person, label or "issued on the host", actor="operator")
    emit(as_json, {"id": person, "token": token}, lambda: token)


@user_app.command("disable")
def user_disable(ctx: typer.Context, person: PersonArg, as_json: JsonOpt = False) -> None:
    """End the person's sessions and tokens at once; `user add` enables them again."""
    with open_coach(ctx, quiet=True) as (coach, _):
        coach.accounts.disable(person)
    emit(as_json, {"id": person, "disabled": True}, lambda: f"{person} is disabled: signed out, tokens revoked.")


@user_app.command("list")
def user_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """The accounts: id, name, disabled or not, tokens and sessions (never their pairs)."""
    with open_coach(ctx, quiet=True) as (coach, _):
        users = coach.accounts.users()
    emit(
        as_json,
        {"users": [u.model_dump() for u in users]},
        lambda: (
            "\n".join(
                f"{u.id}  {u.name}{'  (disabled)' if u.disabled else ''}  tokens {u.tokens}  sessions {u.sessions}"
                for u in users
            )
            or "No accounts."
        ),
    )


@pair_app.command("create")
def pair_create(
    ctx: typer.Context,
    pair: Annotated[str, typer.Argument(help="The new pair's id.")],
    manager: Annotated[str, typer.Option("--manager", help="The manager's person id.")],
    employee: Annotated[str, typer.Option("--employee", help="The employee's person id.")],
    as_json: JsonOpt = False,
) -> None:
    """Create an empty pair (people not known yet are created, named by their id)."""
    with open_coach(ctx, quiet=True) as (coach, _):
        created = coach.create_pair(pair, manager, employee)
    emit(
        as_json,
        {"id": pair, "manager": manager, "employee": employee, "created": created},
        lambda: f"Pair {pair}: {manager} (manager) and {employee} (employee){'' if created else ' (already there)'}.",
    )
