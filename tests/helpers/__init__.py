"""Shared test code: pair documents, files, paths. Tests import from here, never from conftest
or from each other. The fake chat model is a real backend: :mod:`assistant.llm.fake`."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

__all__ = ["DEMO", "FIXTURES", "GOLDEN", "SAMPLES", "checkins", "every_byte_under", "pair_doc", "write_json"]

TESTS = Path(__file__).resolve().parent.parent
DEMO = TESTS.parent / "assistant" / "demo_data"
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
SAMPLES = TESTS.parents[1] / "shared" / "eval" / "samples"


def checkins(pair_id: str, notes: tuple[tuple[str, str, str], ...]) -> list:
    """(date, author, text) per note -> shared check-in notes n1, n2, ... of the pair (for the
    ledger's tests on short histories)."""
    from assistant.models import Note, NoteKind, Visibility

    return [
        Note(
            id=f"n{i}",
            pair_id=pair_id,
            date=date.fromisoformat(day),
            author=author,
            visibility=Visibility.shared,
            kind=NoteKind.checkin,
            text=text,
        )
        for i, (day, author, text) in enumerate(notes, start=1)
    ]


def pair_doc(
    pair_id: str = "p-ann-bo",
    manager: tuple[str, str] = ("ann", "Ann Manager"),
    employee: tuple[str, str] = ("bo", "Bo Employee"),
    notes: list[dict] | None = None,
    goals: list[dict] | None = None,
) -> dict:
    """A coach-pair/1 document; notes are dicts with defaults filled in."""
    filled = []
    for i, n in enumerate(notes or []):
        filled.append(
            {
                "id": n.get("id", f"n{i + 1}"),
                "date": n.get("date", (date(2026, 7, 1) + timedelta(days=i)).isoformat()),
                "author": n.get("author", manager[0]),
                "visibility": n.get("visibility", "shared"),
                "kind": n.get("kind", "checkin"),
                "text": n["text"],
            }
        )
    return {
        "format": "coach-pair/1",
        "pair": {
            "id": pair_id,
            "manager": {"id": manager[0], "name": manager[1]},
            "employee": {"id": employee[0], "name": employee[1]},
        },
        "goals": goals or [],
        "notes": filled,
    }


def write_json(path: Path, doc: dict) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def every_byte_under(root: Path) -> bytes:
    """Every file's bytes, each file's own run (a file that vanishes between listing and
    reading, such as SQLite's rollback journal, is skipped: it was no longer on the disk)."""
    return b"\0".join(data for _, data in files_under(root))


def files_under(root: Path) -> list[tuple[Path, bytes]]:
    out = []
    for p in sorted(root.rglob("*")):
        try:
            if p.is_file():
                out.append((p, p.read_bytes()))
        except FileNotFoundError:
            continue
    return out
