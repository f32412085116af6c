"""The ledger's analyses kept between rebuilds: a note added is the only one read again, and
what a deleted note said is not kept."""

from __future__ import annotations

from datetime import date

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
        kept = [key for a in coach.ledger._analyzers._kept.values() for key in a.readings.kept]
        assert kept and all(key[0] != "p1" for key in kept)


def test_a_kept_analysis_is_handed_out_as_a_copy_no_ledger_can_change():
    """``fresh`` must equal a deep copy, and share nothing mutable with the kept clauses: a
    field added to Clause later that holds a list or an object fails here until copied."""
    import copy
    import dataclasses
    from datetime import date

    from assistant.commitments.analyses import fresh
    from assistant.commitments.models import Clause
    from assistant.commitments.reading import Analyzer
    from assistant.models import Pair, Person

    pair = Pair(id="p", manager=Person(id="ann", name="Ann Lee"), employee=Person(id="bo", name="Bo Kim"))
    text = "- [ ] Bo: send the deck by Friday\nAnn will ask finance about it. Done: the rota ✅\nBo said he'd do it."
    kept = Analyzer(pair, lambda d: None).analyze("n1", date(2026, 3, 10), "ann", text)
    copies = fresh(kept)
    assert copies == copy.deepcopy(kept) and any(c.stated for c in kept)
    immutable = (str, int, float, bool, date, type(None))
    for clause, twin in zip(kept, copies, strict=True):
        for f in dataclasses.fields(Clause):
            value = getattr(twin, f.name)
            assert isinstance(value, immutable) or value is not getattr(clause, f.name), f.name


CALENDAR_NOTES = [
    {"id": "c1", "date": "2026-03-02", "text": "Bo will draft the hiring plan before our next 1:1."},
    {"id": "c2", "date": "2026-03-09", "text": "Ann will book the offsite venue next week."},
    {"id": "p1", "date": "2026-03-12", "author": "bo", "visibility": "private", "text": "Bo will bring the numbers."},
    {"id": "c3", "date": "2026-03-16", "text": "Bo shared the hiring plan draft. Ann will call the venue."},
]


def _ledgers(coach: Coach, day) -> dict[str, list[dict]]:
    return {m: [c.to_json() for c in coach.commitments("p-ann-bo", m, day)] for m in ("ann", "bo")}


def test_a_note_is_read_once_for_both_calendars_and_again_only_where_its_next_checkin_moved(tmp_path, monkeypatch):
    """Bo's private check-in gives the members different calendars: the shared notes are read
    once for both. A check-in added before "our next 1:1" re-reads the note that names it (its
    next check-in moved), not the others, and the ledgers equal a fresh build's."""
    from datetime import date

    read: list[str] = []
    original = reading.Analyzer.analyze

    def counting(self, note_id, note_date, author, text):
        read.append(note_id)
        return original(self, note_id, note_date, author, text)

    day = date(2026, 4, 1)
    added = [*CALENDAR_NOTES, {"id": "c4", "date": "2026-03-05", "text": "Bo will send the survey draft."}]
    with Coach.from_settings(Settings(home=tmp_path / "fresh", embeddings="fake")) as coach:
        coach.import_paths([write_json(tmp_path / "fresh.json", pair_doc(notes=added))])
        expected = _ledgers(coach, day)
    monkeypatch.setattr(reading.Analyzer, "analyze", counting)
    with Coach.from_settings(Settings(home=tmp_path / "home", embeddings="fake")) as coach:
        coach.import_paths([write_json(tmp_path / "p.json", pair_doc(notes=CALENDAR_NOTES))])
        assert read.count("c1") == read.count("c2") == 1  # two calendars, one reading each
        read.clear()
        coach.import_paths([write_json(tmp_path / "p.json", pair_doc(notes=added))])
        assert "c4" in read and "c1" in read  # c1's next 1:1 is now c4
        assert "c2" not in read and "p1" not in read
        assert _ledgers(coach, day) == expected
        assert any("hiring plan" in c["text"] and c["due"] == "2026-03-05" for c in expected["ann"])


def test_a_private_note_rebuilds_its_authors_ledger_alone(tmp_path, monkeypatch):
    """Bo's private note changes nothing Ann can see: her ledger is not built again (and is
    what it was); his is, with the note's promise. A shared note rebuilds both."""
    from assistant.commitments import linking

    built: list[str] = []
    original = linking.build

    def counting(pair, notes, **kwargs):
        built.append(",".join(sorted(n.id for n in notes)))
        return original(pair, notes, **kwargs)

    with Coach.from_settings(Settings(home=tmp_path / "home", embeddings="fake")) as coach:
        coach.import_paths([write_json(tmp_path / "p.json", pair_doc(notes=NOTES))])
        ann = coach.commitments("p-ann-bo", "ann", date(2026, 8, 1))
        monkeypatch.setattr(linking, "build", counting)
        note = coach.add_note("p-ann-bo", "bo", "I will email the Quokka vendor by Friday.", visibility="private")
        assert len(built) == 1 and note.id in built[0]  # Bo's ledger alone
        assert coach.commitments("p-ann-bo", "ann", date(2026, 8, 1)) == ann
        assert any("Quokka vendor" in c.text for c in coach.commitments("p-ann-bo", "bo", note.date))
        built.clear()
        coach.add_note("p-ann-bo", "ann", "Ann will share the offsite agenda.")
        assert len(built) == 2
