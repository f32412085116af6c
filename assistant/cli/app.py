"""The ``coach`` command's plumbing: the Typer app, shared options, errors, progress and output.

The commands live beside this module (``notes``, ``ledger``, ``drafts``, ``chat``, ``server``).

Each command parses its input, makes one call into the core and prints the result, as
JSON with ``--json`` or for a person without. Domain errors become the contract's exit
codes with a one-line message on stderr; unexpected errors say only what kind they were
(COACH_DEBUG=1 shows the traceback), so that no note text reaches a log through them.
With ``--json``, an error is also one JSON document on stdout (``docs/errors.md``):
``{"error": {"code", "message", "problems": [{"at", "message"}]}}``.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from assistant.errors import CoachError, InvalidInput

__all__ = [
    "AsOfOpt",
    "AsOpt",
    "JsonOpt",
    "PairOpt",
    "Progress",
    "app",
    "edge_errors",
    "emit",
    "error_document",
    "fail",
    "open_coach",
    "parse_as_of",
    "preload",
    "settings_of",
    "started",
]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Coach: a private assistant for manager-employee one-on-ones.",
    pretty_exceptions_enable=False,
)


class _Output:
    """Whether the running command was given ``--json``: set while its options are parsed
    (:data:`JsonOpt`'s callback), reset for every command (the app's callback), read by
    :func:`fail`. One command runs at a time in a process."""

    json = False


def _json_given(value: bool) -> bool:
    _Output.json = bool(value)
    return value


PairOpt = Annotated[str, typer.Option("--pair", help="The pair's id.")]
AsOpt = Annotated[str, typer.Option("--as", help="The member acting (a person id).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document (an error too).", callback=_json_given)]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Judge dates as of YYYY-MM-DD (default: today).")]


@app.callback()
def _global(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option("--home", help="Data directory (default: $COACH_HOME, else a per-user folder)."),
    ] = None,
) -> None:
    ctx.obj = {"home": home}
    _Output.json = False


def settings_of(ctx: typer.Context):
    from assistant.settings import Settings

    home = ctx.obj.get("home") if ctx.obj else None
    return Settings(home=home) if home else Settings()


def _wants_json() -> bool:
    return _Output.json


def error_document(error: CoachError) -> str:
    return json.dumps(error.document(), ensure_ascii=False)


def fail(error: CoachError) -> NoReturn:
    """The error's line on stderr (and, with ``--json``, its document on stdout); exit with its code."""
    typer.echo(f"coach: {error.message}", err=True)
    if _wants_json():
        typer.echo(error_document(error))
    raise typer.Exit(error.exit_code)


@contextmanager
def edge_errors() -> Iterator[None]:
    try:
        yield
    except CoachError as error:
        fail(error)
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as error:  # noqa: BLE001 - the edge of the program
        if os.environ.get("COACH_DEBUG"):
            raise
        fail(
            CoachError(
                f"internal error ({error.__class__.__name__}); run with COACH_DEBUG=1 for details", code="internal"
            )
        )


class Progress:
    """Progress on stderr: a bar on a terminal, a few plain lines otherwise."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self._bar: Any = None  # a rich Progress, made on first use (rich is imported only on a terminal)
        self._task: Any = None
        self._stage: str | None = None
        self._last_pct = -1

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet or total == 0:
            return
        if self.tty:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            if self._bar is None:
                self._bar = Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeRemainingColumn(),
                    transient=True,
                    console=_stderr_console(),
                )
                self._bar.start()
            if stage != self._stage:
                self._task = self._bar.add_task(stage, total=total)
                self._stage = stage
            self._bar.update(self._task, completed=done, total=total)
            if done >= total:
                self._bar.stop()
                self._bar, self._stage = None, None
        else:
            pct = 100 * done // total
            if stage != self._stage or pct >= self._last_pct + 25 or done == total:
                typer.echo(f"{stage}: {done}/{total}", err=True)
                self._stage, self._last_pct = stage, pct


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def preload(*modules: str) -> None:
    """Import ``modules`` in a background thread while the command imports its own and opens
    the store: a cold search needs chromadb and onnxruntime, most of a second each, and
    they wait for nothing the command does first (measured: benchmarks/README.md, round 6).
    A failure here is left to the command's own import, which reports it."""

    def load() -> None:
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001, S112 - the command imports it again and says why
                continue

    threading.Thread(target=load, name="coach-preload", daemon=True).start()


def started() -> None:
    """The modules a command needs are loaded: they live as long as the process, so the
    garbage collector (held back while they loaded, see ``main()``) never scans them again."""
    gc.freeze()
    gc.enable()


@contextmanager
def open_coach(ctx: typer.Context, quiet: bool = False):
    from assistant.coach import Coach

    started()
    progress = Progress(quiet)
    with edge_errors():
        coach = Coach.from_settings(settings_of(ctx), progress=progress)
        # On a home with accounts, a command acts for a person only with their token.
        coach.act_only_with_token(os.environ.get("COACH_TOKEN"))
        try:
            yield coach, progress
        finally:
            coach.close()


def emit(as_json: bool, doc: dict[str, Any], human: Callable[[], str]) -> None:
    if as_json:
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=None, default=str))
    else:
        typer.echo(human())


def parse_as_of(value: str | None) -> date:
    from assistant.store.limits import day_problem

    if value is None:
        return date.today()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        fail(InvalidInput(f"--as-of: expected YYYY-MM-DD, got '{value[:40]}'"))
    problem = day_problem(day)
    if problem:
        fail(InvalidInput(f"--as-of: {problem}"))
    return day
