"""Forget leaves nothing behind; a crash between record and index is repaired at start."""

from __future__ import annotations

import pytest

from assistant.coach import Coach
from assistant.errors import NotAMember, NotFound
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
        coach.forget_note("pair-forgettable", "emp-forgettable", "n2")
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
