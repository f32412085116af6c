"""Forget leaves nothing behind; a crash between record and index is repaired at start."""

from __future__ import annotations

import json
from datetime import date

import pytest

from assistant.coach import Coach
from assistant.errors import InvalidInput, NotAMember, NotFound
from assistant.retrieval.embeddings import HashingEmbedder
from tests.helpers import every_byte_under, pair_doc, write_json

MARKER = "Xylophonic"
PAIR = pair_doc(
    "pair-forgettable",
    ("mgr-forgettable", "Morgan Forgettable"),
    ("emp-forgettable", "Emery Forgettable"),
    notes=[
        {"id": "n1", "text": f"{MARKER} migration planning for the data warehouse."},
        {
            "id": "n2",
            "author": "emp-forgettable",
            "visibility": "private",
            "kind": "note",
            "text": f"Private worry about the {MARKER} deadline.",
        },
    ]
    + [{"id": f"m{i}", "text": f"{MARKER} weekly sync number {i} about warehouse loading"} for i in range(150)],
)
OTHER = pair_doc(
    "pair-keeper",
    ("mgr-keeper", "Kept Manager"),
    ("emp-keeper", "Kept Employee"),
    notes=[{"id": "n1", "text": "Quarterly planning for the keeper team."}],
)


def test_forget_pair_leaves_no_byte_of_it_under_the_home(settings, tmp_path):
    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "f.json", PAIR), write_json(tmp_path / "k.json", OTHER)])
        assert coach.search("pair-forgettable", "mgr-forgettable", MARKER)
        before = every_byte_under(settings.home)
        assert MARKER.encode() in before or b"pair-forgettable" in before
        with pytest.raises(NotAMember):
            coach.forget_pair("pair-forgettable", "emp-keeper", confirm="pair-forgettable")
        coach.forget_pair("pair-forgettable", "emp-forgettable", confirm="pair-forgettable")
        with pytest.raises(NotFound):
            coach.search("pair-forgettable", "mgr-forgettable", MARKER)
        assert coach.search("pair-keeper", "mgr-keeper", "quarterly planning")
    blob = every_byte_under(settings.home)
    for s in [MARKER, "pair-forgettable", "Forgettable", "mgr-forgettable", "warehouse"]:
        assert s.encode() not in blob, s
    # The other pair is intact after reopening.
    with Coach.from_settings(settings) as coach:
        assert coach.search("pair-keeper", "mgr-keeper", "quarterly planning")[0].note.id == "n1"


def test_forget_note_removes_it_everywhere(settings, tmp_path):
    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "f.json", PAIR)])
        with pytest.raises(NotFound):  # the manager cannot see it, so learns nothing of it
            coach.forget_note("pair-forgettable", "mgr-forgettable", "n2")
        with pytest.raises(NotAMember):  # visible, but only its author may forget it
            coach.forget_note("pair-forgettable", "emp-forgettable", "n1")
        coach.search("pair-forgettable", "emp-forgettable", "private worry", k=5)  # its sentences read
        coach.forget_note("pair-forgettable", "emp-forgettable", "n2")
        # no sentence of it stays in the process's memory either (the second stage's cache)
        assert not any("Private worry" in text for text in coach.searcher.reranker._cache)
        viewer = coach.viewer("pair-forgettable", "emp-forgettable")
        assert "n2" not in {n.id for n in coach.records.notes(viewer)}
        assert all(
            h.note.id != "n2" for h in coach.search("pair-forgettable", "emp-forgettable", "private worry", k=20)
        )
    assert b"Private worry" not in every_byte_under(settings.home)


def test_reimport_after_forget_note_is_allowed(settings, tmp_path):
    with Coach.from_settings(settings) as coach:
        path = write_json(tmp_path / "f.json", PAIR)
        coach.import_paths([path])
        coach.forget_note("pair-forgettable", "emp-forgettable", "n2")
        stats = coach.import_paths([path])
        assert stats.notes_added == 1
        assert coach.search("pair-forgettable", "emp-forgettable", "private worry", k=1)[0].note.id == "n2"


class CrashingEmbedder(HashingEmbedder):
    """Fails after ``allowed`` successful calls, like a process killed mid-import."""

    def __init__(self, allowed: int):
        super().__init__()
        self.allowed = allowed

    def encode(self, texts):
        if self.allowed <= 0:
            raise KeyboardInterrupt("simulated crash")
        self.allowed -= 1
        return super().encode(texts)


def test_crash_between_record_and_index_is_repaired_at_next_start(settings, tmp_path):
    path = write_json(tmp_path / "f.json", PAIR)
    with Coach.from_settings(settings, embedder=CrashingEmbedder(allowed=0)) as coach:
        with pytest.raises(KeyboardInterrupt):
            coach.import_paths([path])
        assert coach.indexer.pending() == len(PAIR["notes"])  # records landed, index did not
    with Coach.from_settings(settings) as coach:  # the next start repairs
        assert coach.indexer.pending() == 0
        ids = {h.note.id for h in coach.search("pair-forgettable", "mgr-forgettable", "weekly sync number 7", k=3)}
        assert "m7" in ids


def test_crash_mid_indexing_keeps_finished_batches_and_repairs_the_rest(settings, tmp_path):
    path = write_json(tmp_path / "f.json", PAIR)
    with Coach.from_settings(settings, embedder=CrashingEmbedder(allowed=1)) as coach:
        coach.indexer.batch_chunks = 128  # several batches for this import
        with pytest.raises(KeyboardInterrupt):
            coach.import_paths([path])
        pending = coach.records.pending_for_indexing()
        assert len(pending) == len(PAIR["notes"])  # embedding comes before any index write
        kept = coach.records.note_vectors(n.index_key for n in pending)  # the finished batch's vectors
        assert 0 < len(kept) < len(PAIR["notes"])
    with Coach.from_settings(settings) as coach:
        assert coach.indexer.pending() == 0
        hits = coach.search("pair-forgettable", "mgr-forgettable", "weekly sync number 149", k=3)
        assert "m149" in {h.note.id for h in hits}


def test_deleted_note_whose_index_entry_survived_a_crash_never_surfaces(settings, tmp_path):
    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "f.json", PAIR)])
        viewer = coach.viewer("pair-forgettable", "mgr-forgettable")
        coach.records.delete_note(viewer, "n1")  # record gone, index entry still there
        hits = coach.search("pair-forgettable", "mgr-forgettable", "data warehouse migration planning", k=10)
        assert all(h.note.id != "n1" for h in hits)
        assert coach.indexer.pending() == 1  # the tombstone waits for the next sync
    with Coach.from_settings(settings) as coach:
        assert coach.indexer.pending() == 0


def test_reindex_rebuilds_from_records(settings, tmp_path):
    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "f.json", PAIR), write_json(tmp_path / "k.json", OTHER)])
        viewer = coach.viewer("pair-keeper", "mgr-keeper")
        coach.index.drop_pair(viewer.pair)  # the index is lost
        vectors = coach.indexer.embedder.encode(["quarterly planning"])
        assert coach.index.query(viewer, vectors, 5) == [[]]
        n = coach.reindex()
        assert n == len(PAIR["notes"]) + 1
        assert coach.index.query(viewer, vectors, 5)[0]
        assert coach.search("pair-keeper", "mgr-keeper", "quarterly planning", k=1)[0].note.id == "n1"


# -- forgetting reaches everything derived --------------------------------------------------------

KEPT = pair_doc(
    "p-kept",
    ("kmgr", "Kim Manager"),
    ("kemp", "Kai Employee"),
    notes=[
        {"id": "n1", "text": "Kai will migrate the Narwhal billing service by August."},
        {"id": "n2", "text": "Kim booked the team offsite for September."},
    ],
)


def test_forgetting_a_note_redacts_every_kept_answer_that_quoted_it(settings, tmp_path):
    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "k.json", KEPT)])
        convs = {}
        for person in ("kmgr", "kemp"):
            convs[person] = coach.start_conversation("p-kept", person, "prep")
            coach.ask("p-kept", person, "What about the billing service migration?", date(2026, 8, 1), convs[person])
            coach.ask("p-kept", person, "When is the offsite?", date(2026, 8, 1), convs[person])
        before = {p: coach.conversation("p-kept", p, convs[p]) for p in convs}
        assert any("n1" in m.sources and "Narwhal" in m.content for m in before["kemp"])
        coach.forget_note("p-kept", "kmgr", "n1")
        for person, earlier in before.items():
            now = coach.conversation("p-kept", person, convs[person])
            for old, new in zip(earlier, now, strict=True):
                if "n1" in old.sources:  # an answer that quoted it: redacted
                    assert "Narwhal" not in new.content and new.sources == []
                else:  # everything else kept as it was
                    assert new == old
    assert b"Narwhal" not in every_byte_under(settings.home)


def test_a_note_made_private_leaves_no_quoting_answer_with_the_other_member(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "k.json", KEPT)])
    conv = coach.start_conversation("p-kept", "kemp", "prep")
    coach.ask("p-kept", "kemp", "What about the billing service migration?", date(2026, 8, 1), conv)
    mine = coach.start_conversation("p-kept", "kmgr", "mine")
    coach.ask("p-kept", "kmgr", "What about the billing service migration?", date(2026, 8, 1), mine)
    coach.edit_note("p-kept", "kmgr", "n1", visibility="private")
    assert "Narwhal" not in json.dumps([m.content for m in coach.conversation("p-kept", "kemp", conv)])
    assert "Narwhal" in json.dumps([m.content for m in coach.conversation("p-kept", "kmgr", mine)])  # the author's


def test_forgetting_drops_the_chat_models_readings(coach, tmp_path):

    coach.import_paths([write_json(tmp_path / "k.json", KEPT)])
    viewer = coach.viewer("p-kept", "kmgr")
    [note] = coach.records.notes(viewer, ["n1"])
    coach.records.save_llm_extraction("p-kept", coach.records.note_hash(note), "some-model", '{"quoted": "Narwhal"}')
    coach.forget_note("p-kept", "kmgr", "n1")
    assert coach.records.llm_extraction("p-kept", coach.records.note_hash(note), "some-model") is None


def test_a_pruned_note_is_forgotten_everywhere_too(coach, tmp_path):
    path = write_json(tmp_path / "k.json", KEPT)
    coach.import_paths([path])
    conv = coach.start_conversation("p-kept", "kemp", "prep")
    coach.ask("p-kept", "kemp", "What about the billing service migration?", date(2026, 8, 1), conv)
    smaller = {**KEPT, "notes": KEPT["notes"][1:]}
    coach.import_paths([write_json(tmp_path / "k.json", smaller)], prune=True)
    assert "Narwhal" not in json.dumps([m.content for m in coach.conversation("p-kept", "kemp", conv)])


def test_deleting_a_pair_is_confirmed_and_recorded_until_it_is_gone(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "k.json", KEPT)])
    with pytest.raises(InvalidInput):
        coach.forget_pair("p-kept", "kemp", confirm="yes")
    assert "pair.delete" not in [e.action for e in coach.records.events("p-kept")]
    coach.forget_pair("p-kept", "kemp", confirm="p-kept")
    assert coach.records.events("p-kept") == []


# -- a note that cannot be indexed -------------------------------------------------------------------


class PoisonEmbedder(HashingEmbedder):
    """Refuses any batch holding a chunk with POISON, like a model that chokes on one note."""

    def __init__(self):
        super().__init__()
        self.refused = 0

    def encode(self, texts):
        if any("POISON" in t for t in texts):
            self.refused += 1
            raise ValueError("cannot embed this")
        return super().encode(texts)


POISONED = pair_doc(
    "p-poison",
    ("pia", "Pia Manager"),
    ("pat", "Pat Employee"),
    notes=[
        {"id": "ok1", "text": "Pat will write the onboarding guide by August 3."},
        {"id": "bad", "text": "POISON: a note the model cannot read."},
        {"id": "ok2", "text": "We talked about the rollout of the billing service."},
    ],
)


def test_a_note_that_fails_to_index_never_blocks_the_next_command(settings, tmp_path):
    from assistant.maintenance import doctor
    from assistant.store.index_state import MAX_INDEX_ATTEMPTS

    embedder = PoisonEmbedder()
    with Coach.from_settings(settings, embedder=embedder) as coach:
        stats = coach.import_paths([write_json(tmp_path / "p.json", POISONED)])
        assert stats.not_searchable == [("p-poison", "bad")]  # said in the import's summary
        assert coach.search("p-poison", "pat", "onboarding guide", k=1)[0].note.id == "ok1"
        assert coach.search("p-poison", "pat", "billing rollout", k=1)[0].note.id == "ok2"
        assert [n.id for n in coach.records.notes(coach.viewer("p-poison", "pia"))] == ["ok1", "bad", "ok2"]
    # Each start tries it again, a few times at most ...
    for _ in range(MAX_INDEX_ATTEMPTS):
        with Coach.from_settings(settings, embedder=embedder) as coach:
            assert coach.commitments("p-poison", "pia", date(2026, 8, 1))  # every command still works
    tried = embedder.refused
    # ... then it is set aside: not searchable, reported, never tried at every start again.
    with Coach.from_settings(settings, embedder=embedder) as coach:
        assert embedder.refused == tried and coach.indexer.pending() == 0
        report = doctor(coach, coach.settings)
        assert not report.ok
        assert report.not_searchable == [
            {"pair": "p-poison", "note": "bad", "attempts": MAX_INDEX_ATTEMPTS, "error": "ValueError"}
        ]
        more = pair_doc("p-poison", ("pia", "Pia Manager"), ("pat", "Pat Employee"), notes=[
            {"id": "ok3", "text": "Pia booked the offsite venue for September."}])  # fmt: skip
        more["notes"] = POISONED["notes"] + more["notes"]
        stats = coach.import_paths([write_json(tmp_path / "p.json", more)])
        assert stats.notes_added == 1 and stats.not_searchable == [("p-poison", "bad")]
        assert coach.search("p-poison", "pat", "offsite venue", k=1)[0].note.id == "ok3"
        assert embedder.refused == tried  # the import did not try it again either
        # Asked to, doctor tries again (and says so); a new version of the note is tried afresh.
        doctor(coach, coach.settings, retry=True)
        assert embedder.refused == tried + 1
        fixed = {**more, "notes": [n if n["id"] != "bad" else {**n, "text": "Now readable."} for n in more["notes"]]}
        stats = coach.import_paths([write_json(tmp_path / "p.json", fixed)])
        assert stats.not_searchable == []
        assert coach.search("p-poison", "pat", "now readable", k=1)[0].note.id == "bad"
        assert doctor(coach, coach.settings).ok


class BrokenEmbedder(HashingEmbedder):
    def encode(self, texts):
        raise RuntimeError("the model is not there")


def test_an_index_that_fails_for_every_note_sets_none_aside(settings, tmp_path):
    """When nothing can be indexed the fault is the index's, not a note's: the error is
    raised and every note waits for the next start, none marked not searchable."""
    with Coach.from_settings(settings, embedder=BrokenEmbedder()) as coach:
        with pytest.raises(RuntimeError):
            coach.import_paths([write_json(tmp_path / "k.json", KEPT)])
        assert coach.records.unsearchable() == []
    with Coach.from_settings(settings) as coach:
        assert coach.indexer.pending() == 0
        assert coach.search("p-kept", "kmgr", "offsite", k=1)[0].note.id == "n2"
