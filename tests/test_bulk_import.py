"""The bulk import path (``import_paths(ledgers=False)``): many pairs loaded with their
ledgers left for the next start, which must then hold exactly what a normal import makes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from assistant.coach import Coach
from assistant.settings import Settings

DEMO = Path(__file__).resolve().parent.parent / "assistant" / "demo_data"
QUERIES = ["deadline", "feedback on the presentation", "what did we agree", "training plan", "budget"]


def _everything(coach: Coach) -> dict:
    """Every member's ledger and search results, in every demo pair."""
    seen: dict = {}
    for path in sorted(DEMO.glob("pair-*.json")):
        pair = json.loads(path.read_text())["pair"]
        for person in (pair["manager"]["id"], pair["employee"]["id"]):
            key = (pair["id"], person)
            seen[key, "ledger"] = coach.commitments(pair["id"], person, date(2026, 12, 31))
            seen[key, "search"] = [
                [(h.note.id, round(h.score, 6), h.snippet) for h in coach.search(pair["id"], person, q)]
                for q in QUERIES
            ]
    return seen


def test_a_bulk_loaded_store_equals_a_normally_imported_one_once_started(tmp_path):
    files = sorted(DEMO.glob("pair-*.json"))
    normal = Settings(home=tmp_path / "normal", embeddings="fake")
    bulk = Settings(home=tmp_path / "bulk", embeddings="fake")
    with Coach.from_settings(normal) as coach:
        coach.import_paths(files)
        assert coach.records.stale_ledgers() == []
        expected = _everything(coach)
    with Coach.from_settings(bulk) as coach:
        coach.import_paths(files, ledgers=False)
        # searchable at once; the ledgers wait for the next start
        assert sorted(coach.records.stale_ledgers()) == sorted(json.loads(f.read_text())["pair"]["id"] for f in files)
        assert coach.search("p-maya-lena", "maya", "deadline")
    with Coach.from_settings(bulk) as coach:  # the start's repair builds them
        assert coach.records.stale_ledgers() == []
        got = _everything(coach)
    assert any(expected[k] for k in expected if k[1] == "ledger"), "the demo pairs have commitments"
    assert got == expected
