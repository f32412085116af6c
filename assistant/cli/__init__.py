"""The ``coach`` command: a thin Typer layer over :class:`~assistant.coach.Coach`.

Each command parses its input, makes one call into the core and prints the result, as
JSON with ``--json`` or for a person without. Domain errors become the contract's exit
codes with a one-line message on stderr; unexpected errors say only what kind they were
(COACH_DEBUG=1 shows the traceback), so that no note text reaches a log through them.
"""

from __future__ import annotations

from assistant.cli import chat, drafts, ledger, notes, operator, server  # noqa: F401  (each registers its commands)
from assistant.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app()


if __name__ == "__main__":
    main()
