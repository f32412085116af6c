"""``coach demo`` and ``coach serve``."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.app import (
    Progress,
    app,
    edge_errors,
    settings_of,
)


@app.command()
def demo(
    ctx: typer.Context,
    keep: Annotated[bool, typer.Option("--keep", help="Keep the temporary home afterwards.")] = False,
) -> None:
    """Walk through Coach on a built-in sample organisation (a fresh temporary home)."""
    from assistant.demo import run_demo

    with edge_errors():
        run_demo(ctx.obj.get("home") if ctx.obj else None, keep=keep, progress=Progress(), echo=typer.echo)


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8765,
) -> None:
    """Serve the HTTP API (see /docs)."""
    import uvicorn

    from api.app import create_app

    with edge_errors():
        uvicorn.run(create_app(settings_of(ctx)), host=host, port=port)
