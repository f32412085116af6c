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
    web: Annotated[bool, typer.Option("--web", help="Serve the sample organisation in the browser instead.")] = False,
    port: Annotated[int, typer.Option(help="Port for --web (on 127.0.0.1).")] = 8765,
) -> None:
    """Walk through Coach on a built-in sample organisation (a fresh temporary home)."""
    home = ctx.obj.get("home") if ctx.obj else None
    with edge_errors():
        if web:
            from web.demo import serve_demo

            serve_demo(home, keep=keep, port=port, progress=Progress(), echo=typer.echo)
            return
        from assistant.demo import run_demo

        run_demo(home, keep=keep, progress=Progress(), echo=typer.echo)


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8765,
) -> None:
    """Serve the web app (sign in at /login) and the HTTP API."""
    import uvicorn

    from api.app import create_app

    with edge_errors():
        uvicorn.run(create_app(settings_of(ctx)), host=host, port=port)
