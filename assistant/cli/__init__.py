"""The ``coach`` command: a thin Typer layer over :class:`~assistant.coach.Coach`.

Each command parses its input, makes one call into the core and prints the result, as
JSON with ``--json`` or for a person without. Domain errors become the contract's exit
codes with a one-line message on stderr; unexpected errors say only what kind they were
(COACH_DEBUG=1 shows the traceback), so that no note text reaches a log through them.

A command is a short process, and most of its life is start-up: each command module
imports only Typer and the plumbing at load time, and the core when it runs (an agenda never
loads the chat model, LangChain, the API or Chroma). :func:`main` holds the garbage
collector back while modules load (they make long-lived objects only; collecting them is
pure cost, ~10 % of a cold command), freezes what start-up made, and leaves without tearing
the interpreter down once the output is flushed and the store closed.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

import typer

from assistant.cli import chat, drafts, ledger, maintenance, notes, operator, server  # noqa: F401  (each registers its commands)
from assistant.cli.app import app, error_document
from assistant.errors import InvalidInput

__all__ = ["app", "main"]

_USAGE: Any = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
"""The base of usage errors (click's, which Typer vendors: found from the one it exports)."""


def main() -> None:
    gc.disable()  # until the command has loaded what it needs: see app.started()
    code = 0
    try:
        result = app(standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except _USAGE as error:  # usage: an unknown option, a missing argument
        error.show()
        if "--json" in sys.argv[1:]:
            usage = InvalidInput(error.format_message(), code="usage")
            print(error_document(usage))
        code = error.exit_code
    except typer.Abort:
        print("Aborted!", file=sys.stderr)
        code = 1
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        if not isinstance(exit_.code, int | None):
            print(exit_.code, file=sys.stderr)
    _leave(code)


def _leave(code: int) -> None:
    """Exit now: every command has closed its store by the time it returns, so what remains
    is the interpreter freeing a few hundred thousand objects one by one (0.1-0.2 s)."""
    if "logging" in sys.modules:
        sys.modules["logging"].shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said there
            code = code or 1
    os._exit(code)


if __name__ == "__main__":
    main()
