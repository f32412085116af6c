"""``coach demo --web``: the sample organisation in the browser, on loopback, in one command.

A fresh temporary home (or ``--home``) gets the demo pairs (``assistant/demo_data/``) and an
account for each of their five people, with the passwords printed below the address. The
server listens on 127.0.0.1 only; the temporary home is removed when it stops (``--keep``
keeps it).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from assistant.coach import Coach, Progress
from assistant.demo import demo_files
from assistant.settings import Settings

__all__ = ["DEMO_PEOPLE", "prepare", "serve_demo"]

DEMO_PEOPLE = {
    "maya": "Maya Okafor (manages Sam and Lena)",
    "sam": "Sam Rivera (reports to Maya)",
    "lena": "Lena Hoffmann (reports to Maya)",
    "tomas": "Tomás Ribeiro (manages Aisha)",
    "aisha": "Aisha Bello (reports to Tomás)",
}


def password_of(person_id: str) -> str:
    """The demo's known password: only ever for the sample people, in a throwaway home."""
    return f"{person_id}-demo"


def prepare(coach: Coach, progress: Progress | None = None) -> None:
    """Import the sample pairs and give each sample person an account."""
    coach.import_paths(demo_files(), progress=progress)
    for person_id in DEMO_PEOPLE:
        coach.accounts.add_user(person_id, password_of(person_id))


def serve_demo(home: Path | None, keep: bool, port: int, progress: Progress, echo: Callable[[str], None]) -> None:
    import uvicorn

    from api.app import create_app

    temporary = home is None
    where = Path(tempfile.mkdtemp(prefix="coach-demo-web-")) if home is None else home
    try:
        settings = Settings(home=where)
        with Coach.from_settings(settings, progress=progress) as coach:
            prepare(coach, progress)
            url = f"http://127.0.0.1:{port}/"
            echo(f"\nCoach is serving the sample organisation at {url}")
            echo(f"Data home: {where}{' (temporary)' if temporary else ''}. Stop with Ctrl+C.\n")
            echo("Sign in as any of them (username / password):")
            for person_id, who in DEMO_PEOPLE.items():
                echo(f"  {person_id:<6} / {password_of(person_id):<12} {who}")
            echo("")
            uvicorn.run(create_app(settings, coach), host="127.0.0.1", port=port, log_level="warning")
    finally:
        if temporary and not keep:
            shutil.rmtree(where, ignore_errors=True)
        elif temporary:
            echo(f"Kept the demo home: {where}")
