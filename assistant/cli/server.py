"""``coach demo`` and ``coach serve``."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.app import (
    Progress,
    app,
    edge_errors,
    settings_of,
    started,
)


@app.command()
def demo(
    ctx: typer.Context,
    keep: Annotated[bool, typer.Option("--keep", help="Keep the temporary home afterwards.")] = False,
) -> None:
    """Walk through Coach on a built-in sample organisation (a fresh temporary home)."""
    from assistant.demo import run_demo

    started()
    with edge_errors():
        run_demo(ctx.obj.get("home") if ctx.obj else None, keep=keep, progress=Progress(), echo=typer.echo)


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8765,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(help="Proxies whose X-Forwarded-For/-Proto headers are believed (a TLS proxy in front)."),
    ] = "127.0.0.1",
) -> None:
    """Serve the web app and the JSON API (/api, /docs): every route needs a sign-in or a token."""
    import logging

    import uvicorn

    from api.app import create_app

    started()
    # Coach's own access log (never a query string) instead of the server's.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    with edge_errors():
        uvicorn.run(
            create_app(settings_of(ctx)),
            host=host,
            port=port,
            access_log=False,
            proxy_headers=True,
            forwarded_allow_ips=forwarded_allow_ips,
            server_header=False,
        )
