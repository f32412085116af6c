"""The ledger's analyses kept between rebuilds: a note added is the only one read again, and
what a deleted note said is not kept."""

from __future__ import annotations

from assistant.coach import Coach
from assistant.commitments import reading
from assistant.settings import Settings
from tests.helpers import pair_doc, write_json

NOTES = [
    {"id": "c1", "text": "Bo will draft the hiring plan by Friday.", "kind": "checkin"},
    {"id": "c2", "text": "Ann will book the offsite venue next week.", "kind": "checkin"},
    {"id": "p1", "text": "Note to self: ask Bo about the Quokka budget.", "visibility": "private", "kind": "note"},
    {"id": "c3", "text": "Bo shared the hiring plan draft.", "kind": "checkin"},
]


def test_a_note_added_is_the_only_one_analysed_again_and_a_forgotten_one_is_not_kept(tmp_path, monkeypatch):
    read: list[str] = []
    original = reading.Analyzer.analyze

    def counting(self, note_id, note_date, author, text):
        read.append(note_id)
        return original(self, note_id, note_date, author, text)

    monkeypatch.setattr(reading.Analyzer, "analyze", counting)
    with Coach.from_settings(Settings(home=tmp_path / "home", embeddings="fake")) as coach:
        coach.import_paths([write_json(tmp_path / "p.json", pair_doc(notes=NOTES))])
        assert sorted(set(read)) == ["c1", "c2", "c3", "p1"]
        read.clear()
        note = coach.add_note("p-ann-bo", "bo", "I will send Ann the budget numbers tomorrow.")
        assert set(read) == {note.id}  # once per calendar the members' notes make
        owed = [c.text for c in coach.commitments("p-ann-bo", "ann", note.date)]
        assert any("budget numbers" in t for t in owed) and any("offsite venue" in t for t in owed)
        coach.forget_note("p-ann-bo", "ann", "p1")
        kept = [key for a in coach.ledger._analyzers._kept.values() for key in a._seen]
        assert kept and all(key[0] != "p1" for key in kept)
