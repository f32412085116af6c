"""Looking after a home (run on the host, no ``--pair``/``--as``): ``coach doctor``,
``coach backup``, ``coach restore``, ``coach key rotate`` and ``coach key add``.

None of them prints a word of a pair's notes: ids and counts only.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import JsonOpt, Progress, app, edge_errors, emit, open_coach, settings_of, started

__all__ = ["key_app"]

key_app = typer.Typer(help="The key that seals the store (run on the host).", no_args_is_help=True)
app.add_typer(key_app, name="key")


@app.command()
def doctor(
    ctx: typer.Context,
    retry: Annotated[
        bool, typer.Option("--retry", help="Try again the notes the index could not take, then check.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Check the store, the key, file modes and the index; exit 1 when something needs care."""
    from assistant.maintenance import doctor as run

    with open_coach(ctx, quiet=as_json and not sys.stderr.isatty()) as (coach, _):
        report = run(coach, coach.settings, retry)

    def human() -> str:
        lines = [f"{'ok ' if c.ok else 'BAD'}  {c.name}: {c.detail}" for c in report.checks]
        lines += [
            f"     not searchable: note {n['note']} of pair {n['pair']} ({n['attempts']} tries, {n['error']})"
            for n in report.not_searchable
        ]
        return "\n".join(lines)

    emit(as_json, report.to_json(), human)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def backup(
    ctx: typer.Context,
    dest: Annotated[Path, typer.Argument(help="The backup file to write (it must not exist).")],
    as_json: JsonOpt = False,
) -> None:
    """A consistent copy of the store, while a server runs (SQLite). The key is not in it:
    keep the key file apart."""
    from assistant.maintenance import backup as run

    started()
    with edge_errors():
        info = run(settings_of(ctx), dest)
    emit(
        as_json,
        {"backup": str(dest), **info.to_json()},
        lambda: (
            f"Backed up {info.pairs} pair(s), {info.notes} notes to {dest} ({info.bytes:,} bytes). "
            "The key is not in it: keep the key file safe, apart from it."
        ),
    )


@app.command()
def restore(
    ctx: typer.Context,
    src: Annotated[Path, typer.Argument(help="A file written by coach backup.")],
    key: Annotated[
        Path | None, typer.Option("--key", help="The key file the backup was sealed with (it becomes the home's).")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Put a backup in place of the home's store (stop the server first); the index is
    rebuilt from it."""
    from assistant.cli.app import fail
    from assistant.errors import InvalidInput
    from assistant.maintenance import restore as run

    if not yes:
        if not sys.stdin.isatty():
            fail(InvalidInput("restore replaces the home's store: confirm with --yes"))
        typer.confirm("Replace this home's store by the backup? What it holds now is lost", abort=True)
    started()
    progress = Progress(as_json and not sys.stderr.isatty())

    def opened(settings):
        from assistant.coach import Coach

        return Coach.from_settings(settings, progress=progress)

    with edge_errors():
        info = run(settings_of(ctx), src, key, opened)
    emit(
        as_json,
        {"restored": str(src), **info.to_json()},
        lambda: f"Restored {info.pairs} pair(s), {info.notes} notes from {src}; the index was rebuilt.",
    )


@key_app.command("rotate")
def key_rotate(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Seal everything again with a new key, then drop the old one (stop the server first)."""
    from assistant.maintenance import rotate_key

    started()
    with edge_errors():
        done = rotate_key(settings_of(ctx))
    emit(
        as_json,
        done,
        lambda: (
            f"Resealed {done['resealed']} value(s) with a new key. Back up the key file again: "
            "backups made before open only with the old key."
        ),
    )


@key_app.command("add")
def key_add(ctx: typer.Context) -> None:
    """Print the key document with a new key first (for COACH_KEY; then coach key rotate)."""
    from assistant.maintenance import add_key

    started()
    with edge_errors():
        typer.echo(add_key(settings_of(ctx)), nl=False)
