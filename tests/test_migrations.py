"""A store written by an older Coach is upgraded on start, its data intact."""

from __future__ import annotations

import json
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


def _plain_sha256(note) -> str:
    """How Coach hashed a note version before schema 8: anyone could compute it."""
    import hashlib
    import json

    payload = [note.date.isoformat(), note.author, str(note.visibility), str(note.kind), note.text]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def test_a_guessed_note_cannot_be_confirmed_from_the_database_and_old_hashes_are_keyed_in_place(settings, tmp_path):
    from tests.helpers import every_byte_under

    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "p.json", DOC)])
        [note] = coach.records.notes(coach.viewer("p-old", "bo"))
        coach.records.save_llm_extraction("p-old", coach.records.note_hash(note), "a-model", "{}")
    guess = _plain_sha256(note)
    # Someone with the database file who guesses a note's words, date and author learns nothing.
    assert guess.encode() not in every_byte_under(settings.home)

    # A store written before schema 8 held the plain digests: upgraded in place, no note
    # re-indexed and the chat model's reading still found.
    con = sqlite3.connect(settings.home / "coach.db")
    con.execute("UPDATE notes SET content_hash = ?, indexed_hash = ?", (guess, guess))
    con.execute("UPDATE note_vectors SET content_hash = ?", (guess,))
    con.execute("UPDATE llm_extractions SET content_hash = ?", (guess,))
    con.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with Coach.from_settings(settings) as coach:
        assert coach.records.get_meta("schema_version") == str(migrations.LATEST)
        assert coach.records.pending_for_indexing() == []
        assert coach.records.llm_extraction("p-old", coach.records.note_hash(note), "a-model") == "{}"
        assert coach.search("p-old", "bo", "budget", k=1)[0].note.id == "n1"
        coach.import_paths([write_json(tmp_path / "p.json", DOC)])  # the same file again: unchanged
        assert coach.records.pending_for_indexing() == []
    assert guess.encode() not in every_byte_under(settings.home)


def test_ledgers_built_by_another_reading_of_the_notes_are_rebuilt_on_start(settings, tmp_path):
    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "p.json", DOC)])
        assert [c.text for c in coach.commitments("p-old", "ann", date(2026, 8, 1))] == ["send the budget"]
    # What an older Coach left: its own ledger (here: nothing found), marked as up to date.
    con = sqlite3.connect(settings.home / "coach.db")
    con.execute("DELETE FROM commitments")
    con.execute("UPDATE meta SET value = 'an older reader' WHERE key = 'ledger_reader'")
    con.commit()
    con.close()
    with Coach.from_settings(settings) as coach:
        assert [c.text for c in coach.commitments("p-old", "ann", date(2026, 8, 1))] == ["send the budget"]
    with Coach.from_settings(settings) as coach:  # once: the same reading rebuilds nothing
        assert coach.repair() == 0


def test_commitment_ids_are_sealed_and_a_members_corrections_survive_the_upgrade(settings, tmp_path):
    from tests.helpers import every_byte_under

    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "p.json", DOC)])
        [budget] = coach.commitments("p-old", "ann", date(2026, 8, 1))
        coach.correct_commitment("p-old", "ann", budget.id, "done", None)
    # An id is a hash of the commitment's words: in the store, it must not be readable.
    assert budget.id.encode() not in every_byte_under(settings.home)
    # What schema 8 wrote: the ids in the clear.
    con = sqlite3.connect(settings.home / "coach.db")
    con.execute("UPDATE commitment_corrections SET commitment_id = ?", (budget.id,))
    con.execute("UPDATE commitments SET commitment_id = ?", (budget.id,))
    detail = json.dumps({"id": budget.id, "value": None})
    con.execute("UPDATE events SET detail = ? WHERE action = 'commitment.done'", (detail,))
    con.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with Coach.from_settings(settings) as coach:
        [again] = coach.commitments("p-old", "ann", date(2026, 8, 1))
        assert (again.id, again.status) == (budget.id, "done")  # the correction still applies
        assert any(budget.id in str(e) for e in coach.audit("p-old", "bo"))  # and the audit trail reads
    assert budget.id.encode() not in every_byte_under(settings.home)
