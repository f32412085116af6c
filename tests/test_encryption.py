"""Encryption at rest: no word of any note, in any form, anywhere under the home or in a
backup; the key apart from the data; a store sealed once opens only with its key; an older
store in the clear is sealed on start and leaves no page in the clear behind; the key turns
over (``coach key rotate``) without losing anything."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import LargeBinary, String, Text

from assistant.coach import Coach
from assistant.errors import KeyUnavailable
from assistant.maintenance import backup, doctor, rotate_key
from assistant.settings import Settings
from assistant.store.crypto import MAGIC_BYTES, Keyring
from assistant.store.migrations import LATEST
from assistant.store.records import Base
from assistant.store.sealed import PLAIN_COLUMNS, Fingerprint, SealedBytes, SealedText
from tests.helpers import FIXTURES, every_byte_under, pair_doc, write_json

LABELS = sorted(FIXTURES.glob("labels-*.json"))


def _forms(marker: str) -> list[bytes]:
    """A marker as it could sit in a file: as written, case-folded either way, in UTF-16."""
    shown = {marker, marker.lower(), marker.upper(), marker.casefold()}
    out = []
    for text in shown:
        out += [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]
    return out


def _found(blob: bytes, markers: list[str]) -> list[str]:
    return [m for m in markers if any(form in blob for form in _forms(m))]


def test_every_column_that_could_hold_words_is_sealed():
    """A new text or binary column must be sealed, fingerprinted, or said to hold no words."""
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, SealedText | SealedBytes | Fingerprint) or column.foreign_keys:
                continue  # sealed; or an id, like the column it refers to
            if isinstance(column.type, String | Text | LargeBinary):
                assert f"{table.name}.{column.name}" in PLAIN_COLUMNS, f"{table.name}.{column.name} is in the clear"


def _histories(coach: Coach, tmp_path: Path) -> list[str]:
    """Import every labelled history, and make every kind of record that holds words: the
    ledgers, kept conversations quoting private notes, talking points, entered commitments,
    goals, a chat model's readings. Returns the private markers."""
    markers: list[str] = []
    canaries: list[tuple[str, dict]] = []
    paths = []
    for path in LABELS:
        labels = json.loads(path.read_text())
        paths.append((path.parent / labels["pair_file"]).resolve())
        canaries += [(labels["pair"], c) for c in labels["private_canaries"]]
    coach.import_paths(paths)
    for pair_id, canary in canaries:
        marker, author = canary["marker"], canary["author"]
        markers.append(marker)
        pair = coach.records.get_pair(pair_id)
        as_of = max(n.date for n in coach.records.notes(coach.viewer(pair_id, author)))
        conversation = coach.start_conversation(pair_id, author, f"About {marker}")
        # the kept conversation holds the marker (the question names it)
        coach.ask(pair_id, author, f"What did I write about {marker}?", as_of, conversation)
        coach.add_talking_point(pair_id, author, f"Raise {marker} carefully")
        coach.add_commitment(pair_id, author, author, f"Follow up on {marker}", None)
        if author == pair.employee.id:
            coach.add_goal(pair_id, author, f"Grow {marker}", f"Because of {marker}")
        [note] = coach.records.notes(coach.viewer(pair_id, author), [canary["note_id"]])
        coach.records.save_llm_extraction(
            pair_id, coach.records.note_hash(note), "a-model", json.dumps({"quote": note.text})
        )
        for person in (pair.manager.id, pair.employee.id):
            coach.commitments(pair_id, person, as_of)
            coach.agenda(pair_id, person, as_of)
    blob_before = coach.records.notes(coach.viewer(canaries[0][0], canaries[0][1]["author"]))
    assert any(canaries[0][1]["marker"] in n.text for n in blob_before)  # readable through Coach
    return markers


def test_no_private_marker_anywhere_under_the_home_or_in_a_backup(tmp_path):
    settings = Settings(home=tmp_path / "home", embeddings="fake")
    with Coach.from_settings(settings) as coach:
        markers = _histories(coach, tmp_path)
        names = [p.manager.name for p in map(coach.records.get_pair, coach.records.pair_ids()) if p]
    assert len(markers) >= 20
    # Stopped: every byte the home holds, and a backup's.
    home = every_byte_under(settings.home)
    assert _found(home, markers) == []
    assert _found(home, [n for n in names if " " in n]) == []  # people's names are sealed too
    info = backup(settings, tmp_path / "elsewhere" / "coach.backup")
    assert info.pairs == len(LABELS) and info.notes > 100
    copy = (tmp_path / "elsewhere" / "coach.backup").read_bytes()
    assert _found(copy, markers) == []
    assert stat.S_IMODE(os.stat(tmp_path / "elsewhere" / "coach.backup").st_mode) == 0o600
    # Everything is still there for those who may read it.
    with Coach.from_settings(settings) as coach:
        [hit] = coach.search("p-maya-sam", "sam", "Bluefin", k=1)
        assert "Bluefin" in hit.note.text
        assert all("Bluefin" not in h.note.text for h in coach.search("p-maya-sam", "maya", "Bluefin", k=10))


def test_the_home_is_private(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "p.json", pair_doc(notes=[{"text": "A shared note."}]))])
    coach.search("p-ann-bo", "ann", "note")
    home = coach.settings.home
    for path in [home, *home.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if path.is_symlink():
            continue
        assert mode & 0o077 == 0, (path, oct(mode))
    assert stat.S_IMODE((home / "coach.key").stat().st_mode) == 0o600
    assert b"index_secret" not in (home / "coach.db").read_bytes()
    report = doctor(coach, coach.settings)
    assert report.ok, report.to_json()


# -- the key ---------------------------------------------------------------------------------------

DOC = pair_doc(
    "p-key",
    ("kim", "Kim Keeper"),
    ("lou", "Lou Locksmith"),
    notes=[
        {"id": "n1", "text": "Lou will migrate the Narwhal billing service by August 14."},
        {"id": "n2", "author": "lou", "visibility": "private", "kind": "note", "text": "Lou private: Quokka offer."},
    ],
)


def _answers(coach: Coach) -> tuple:
    hits = coach.search("p-key", "lou", "Quokka offer", k=2)
    items = coach.commitments("p-key", "kim", date(2026, 8, 1))
    return [(h.note.id, round(h.score, 6)) for h in hits], [(c.id, c.text, c.due) for c in items]


def test_a_sealed_store_opens_only_with_its_key(settings, tmp_path):
    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "k.json", DOC)])
    key = settings.home / "coach.key"
    kept = key.read_bytes()
    key.unlink()
    with pytest.raises(KeyUnavailable, match="key is missing"):
        Coach.from_settings(settings)
    assert not key.exists()  # no new key is made for a sealed store
    key.write_text(Keyring.generate().document())
    with pytest.raises(KeyUnavailable, match="does not open this store"):
        Coach.from_settings(settings)
    key.write_bytes(kept)
    with Coach.from_settings(settings) as coach:
        assert coach.search("p-key", "lou", "Quokka", k=1)[0].note.id == "n2"


def test_a_value_moved_or_altered_in_the_database_does_not_open(settings, tmp_path):
    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "k.json", DOC)])
    con = sqlite3.connect(settings.home / "coach.db")
    # The private note's sealed text put in the shared note's place: refused, not shown.
    private = con.execute("SELECT text FROM notes WHERE note_id = 'n2'").fetchone()[0]
    con.execute("UPDATE notes SET terms = ? WHERE note_id = 'n1'", (private,))
    con.commit()
    con.close()
    with Coach.from_settings(settings) as coach, pytest.raises(KeyUnavailable):
        coach.search("p-key", "kim", "billing", k=1)


def test_the_key_from_the_environment_leaves_no_key_file(tmp_path, monkeypatch):
    document = Keyring.generate().document()
    monkeypatch.setenv("COACH_KEY", document)
    settings = Settings(home=tmp_path / "home", embeddings="fake")
    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "k.json", DOC)])
        assert coach.search("p-key", "lou", "Quokka", k=1)[0].note.id == "n2"
    assert not (settings.home / "coach.key").exists()
    monkeypatch.delenv("COACH_KEY")
    with pytest.raises(KeyUnavailable):
        Coach.from_settings(Settings(home=tmp_path / "home", embeddings="fake"))


def test_key_rotation_reseals_everything_and_drops_the_old_key(settings, tmp_path):
    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "k.json", DOC)])
        kept = coach.start_conversation("p-key", "lou")
        coach.ask("p-key", "lou", "What about the Quokka offer?", date(2026, 8, 1), kept)
        before = _answers(coach)
    old = Keyring.parse((settings.home / "coach.key").read_text(), "old")
    done = rotate_key(settings)
    assert done["resealed"] > 5 and done["keys_dropped"] == 1
    new = Keyring.parse((settings.home / "coach.key").read_text(), "new")
    assert len(new.keys) == 1 and new.keys[0] != old.keys[0] and new.index_secret == old.index_secret
    con = sqlite3.connect(settings.home / "coach.db")
    for table, column in [("notes", "text"), ("notes", "terms"), ("people", "name"), ("messages", "content")]:
        for (value,) in con.execute(f"SELECT {column} FROM {table}"):
            assert value.startswith(MAGIC_BYTES) and new.sealed_with_current(value), (table, column)
    con.close()
    with Coach.from_settings(settings) as coach:
        assert _answers(coach) == before
    # The old key opens nothing any more.
    (settings.home / "coach.key").write_text(old.document())
    with pytest.raises(KeyUnavailable):
        Coach.from_settings(settings)


def test_an_interrupted_rotation_loses_nothing(settings, tmp_path):
    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "k.json", DOC)])
        before = _answers(coach)
    # As if killed after the new key was saved and half of the values resealed.
    both = Keyring.parse((settings.home / "coach.key").read_text(), "k").rotated()
    (settings.home / "coach.key").write_text(both.document())
    con = sqlite3.connect(settings.home / "coach.db")
    [(pk, text)] = con.execute("SELECT pk, text FROM notes WHERE note_id = 'n1'").fetchall()
    plain = both.open_bytes(text, b"notes.text")
    con.execute("UPDATE notes SET text = ? WHERE pk = ?", (both.seal_bytes(plain, b"notes.text"), pk))
    con.commit()
    con.close()
    with Coach.from_settings(settings) as coach:
        assert _answers(coach) == before
        report = doctor(coach, coach.settings)
        assert not report.ok and "rotation was interrupted" in json.dumps(report.to_json())
    rotate_key(settings)
    with Coach.from_settings(settings) as coach:
        assert _answers(coach) == before and doctor(coach, coach.settings).ok


# -- a store written before encryption ---------------------------------------------------------------


def _unseal(settings: Settings) -> None:
    """Make the store what Coach wrote before sealing: every value in the clear, the index
    secret in the store, no key file."""
    keyring = Keyring.parse((settings.home / "coach.key").read_text(), "k")
    con = sqlite3.connect(settings.home / "coach.db")
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            kind = column.type
            if not isinstance(kind, SealedText | SealedBytes):
                continue
            rows = con.execute(f"SELECT rowid, {column.name} FROM {table.name}").fetchall()
            for k, value in rows:
                if value is None:
                    continue
                plain = keyring.open_bytes(value, kind.aad)
                stored = plain.decode() if isinstance(kind, SealedText) else plain
                con.execute(f"UPDATE {table.name} SET {column.name} = ? WHERE rowid = ?", (stored, k))
    con.execute("UPDATE notes SET source = NULL")
    con.execute("DELETE FROM meta WHERE key = 'key_check'")
    con.execute("INSERT INTO meta (key, value) VALUES ('salt', ?)", (keyring.index_secret.hex(),))
    con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    con.commit()
    con.execute("VACUUM")
    con.close()
    (settings.home / "coach.key").unlink()


def test_a_store_in_the_clear_is_sealed_on_start_and_no_page_in_the_clear_is_left(settings, tmp_path):
    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "k.json", DOC)])
        kept = coach.start_conversation("p-key", "lou")
        coach.ask("p-key", "lou", "What about the Quokka offer?", date(2026, 8, 1), kept)
        before = _answers(coach)
    _unseal(settings)
    assert b"Quokka" in every_byte_under(settings.home) and b"Locksmith" in every_byte_under(settings.home)
    with Coach.from_settings(settings) as coach:
        assert coach.records.get_meta("schema_version") == str(LATEST)
        assert _answers(coach) == before  # the index's names kept: nothing to rebuild
        assert coach.records.get_meta("salt") is None
    blob = every_byte_under(settings.home)
    for word in ("Quokka", "Narwhal", "Locksmith", "billing service"):
        assert _found(blob, [word]) == [], word
