"""A store written by an older Coach is upgraded on start, its data intact."""

from __future__ import annotations

import sqlite3
from datetime import date

from assistant.coach import Coach
from assistant.store import migrations
from tests.helpers import pair_doc, write_json

DOC = pair_doc("p-old", ("ann", "Ann"), ("bo", "Bo"), notes=[{"text": "Bo will send the budget by July 13."}])


def test_version_1_store_is_upgraded(settings, tmp_path):
    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "p.json", DOC)])
    # Make it what version 1 wrote: no ledger tables, no ledger_revision column.
    con = sqlite3.connect(settings.home / "coach.db")
    con.executescript(
        "DROP TABLE commitments; DROP TABLE commitment_corrections;"
        "ALTER TABLE pairs DROP COLUMN ledger_revision;"
        "UPDATE meta SET value = '1' WHERE key = 'schema_version';"
    )
    con.commit()
    con.close()
    with Coach.from_settings(settings) as coach:
        assert coach.records.get_meta("schema_version") == str(migrations.LATEST)
        assert [c.text for c in coach.commitments("p-old", "ann", date(2026, 8, 1))] == ["send the budget"]
        assert coach.search("p-old", "bo", "budget", k=1)[0].note.id == "n1"


def test_a_newer_store_is_refused(settings):
    with Coach.from_settings(settings) as coach:
        coach.records.set_meta("schema_version", str(migrations.LATEST + 1))
    import pytest

    from assistant.errors import CoachError

    with pytest.raises(CoachError, match="newer than this Coach"):
        Coach.from_settings(settings)
