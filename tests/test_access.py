"""Confidentiality: pair isolation and private notes, enforced in the core."""

from __future__ import annotations

import pytest

from assistant import access
from assistant.errors import NotAMember, NotFound
from tests.helpers import pair_doc, write_json

# Both pairs use the same note ids on purpose: ids are per pair, and must never cross.
PAIR_A = pair_doc(
    "pair-alpha",
    ("ann", "Ann Arbor"),
    ("bo", "Bo Brandt"),
    notes=[
        {"id": "n1", "text": "Bo is migrating the billing cron jobs to the new scheduler."},
        {"id": "n2", "text": "Bo will write the billing runbook by Friday."},
        {
            "id": "n3",
            "author": "bo",
            "visibility": "private",
            "kind": "note",
            "text": "Thinking about the Zanzibar offer from another company.",
        },
        {
            "id": "n4",
            "author": "ann",
            "visibility": "private",
            "kind": "note",
            "text": "Bo may be part of the Quetzal layoffs, keep quiet.",
        },
    ],
)
PAIR_B = pair_doc(
    "pair-beta",
    ("ann", "Ann Arbor"),
    ("cy", "Cy Castillo"),
    notes=[
        {"id": "n1", "text": "Cy is redesigning the billing invoices with the Orinoco template."},
        {"id": "n2", "text": "Cy asked about the billing team reorg and the Orinoco launch."},
        {
            "id": "n3",
            "author": "cy",
            "visibility": "private",
            "kind": "note",
            "text": "Cy private worry: the Tamarind project is doomed.",
        },
    ],
)


@pytest.fixture
def org(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "a.json", PAIR_A), write_json(tmp_path / "b.json", PAIR_B)])
    return coach


def texts(hits):
    return " ".join(h.note.text for h in hits)


def test_manager_acting_in_pair_a_never_gets_pair_b_notes(org):
    for query in ["Orinoco", "billing invoices", "Cy", "Tamarind", "billing"]:
        hits = org.search("pair-alpha", "ann", query, k=10)
        assert all(h.note.pair_id == "pair-alpha" for h in hits)
        assert "Orinoco" not in texts(hits) and "Tamarind" not in texts(hits)
    hits_b = org.search("pair-beta", "ann", "billing", k=10)
    assert hits_b and all(h.note.pair_id == "pair-beta" for h in hits_b)
    assert "scheduler" not in texts(hits_b)


def test_private_note_seen_by_its_author_only(org):
    assert "Zanzibar" not in texts(org.search("pair-alpha", "ann", "Zanzibar offer", k=10))
    assert "Zanzibar" in texts(org.search("pair-alpha", "bo", "Zanzibar offer", k=10))
    assert "Quetzal" not in texts(org.search("pair-alpha", "bo", "Quetzal layoffs", k=10))
    assert "Quetzal" in texts(org.search("pair-alpha", "ann", "Quetzal layoffs", k=10))


def test_batch_search_keeps_the_same_rules(org):
    batches = org.search_many("pair-alpha", "ann", ["Zanzibar", "Orinoco", "billing runbook"], k=10)
    joined = " ".join(texts(b) for b in batches)
    assert "Zanzibar" not in joined and "Orinoco" not in joined
    assert "runbook" in texts(batches[2])


def test_outsiders_are_refused_and_learn_nothing(org):
    with pytest.raises(NotAMember) as refused:
        org.search("pair-alpha", "cy", "billing")
    message = refused.value.message
    for secret in ["Bo", "Ann", "billing", "n1"]:
        assert secret not in message
    with pytest.raises(NotFound):
        org.search("pair-alpha", "nobody", "billing")
    with pytest.raises(NotFound):
        org.search("p-zzz", "ann", "billing")


def test_a_viewer_cannot_be_made_without_authorize(org):
    pair = org.records.get_pair("pair-alpha")
    with pytest.raises(TypeError):
        access.Viewer(pair=pair, person=pair.manager, role="manager")


def test_turning_a_shared_note_private_hides_it_from_the_other_member(org):
    assert "runbook" in texts(org.search("pair-alpha", "bo", "billing runbook", k=10))
    org.edit_note("pair-alpha", "ann", "n2", visibility="private")  # ann's note n2 becomes private to ann
    assert "runbook" not in texts(org.search("pair-alpha", "bo", "billing runbook", k=10))
    assert "runbook" in texts(org.search("pair-alpha", "ann", "billing runbook", k=10))


def test_private_rows_are_filtered_inside_the_index_query(org):
    """The vector query itself never returns another member's private chunks."""
    viewer = org.viewer("pair-alpha", "ann")
    vectors = org.indexer.embedder.encode(["Zanzibar offer from another company"])
    hits = org.index.query(viewer, vectors, 50)[0]
    keys = {h.index_key for h in hits}
    visible = org.records.notes_by_index_key(viewer, keys)
    assert len(visible) == len(keys)  # every chunk returned belongs to a note ann may see
    assert all(n.id != "n3" for n in visible.values())


def test_private_rows_are_filtered_inside_the_stored_vectors_query(org):
    """The same of the stored vectors every search compares the question with: the chunks a
    member is compared against are only those of notes they may see, whoever searched first."""
    for first, person, secret in [("bo", "ann", "n3"), ("ann", "bo", "n4")]:
        org.search("pair-alpha", first, "Zanzibar offer Quetzal layoffs", k=10)  # the other's entry cached
        viewer = org.viewer("pair-alpha", person)
        vectors = org.indexer.embedder.encode(["Zanzibar offer from another company", "Quetzal layoffs"])
        for hits in org._stored_vectors.query(viewer, vectors, 50):
            keys = {h.index_key for h in hits}
            visible = org.records.notes_by_index_key(viewer, keys)
            assert keys and len(visible) == len(keys)  # every chunk compared belongs to a note they may see
            assert all(n.id != secret for n in visible.values())


def test_index_stores_no_names_ids_or_text(org, settings):
    from tests.helpers import files_under

    files = files_under(settings.chroma_path)
    assert files
    for raw in [b"pair-alpha", b"Zanzibar", b"billing", b"Arbor", b"Brandt"]:
        # (seen failing once in two loaded full runs, not since in 23 runs at load 8-13: name
        # the file and the bytes around it; a file that vanished while read is skipped)
        found = [
            (str(p.relative_to(settings.chroma_path)), i, len(data), data[max(0, i - 40) : i + 40])
            for p, data in files
            if (i := data.find(raw)) >= 0
        ]
        assert not found, (raw, found)


def test_memory_freed_after_a_local_index_opens_keeps_nothing_of_what_it_held(org):
    """The embedded index writes files from this process's heap: once it is open, a block the
    process frees and gets back holds none of its old bytes (glibc's M_PERTURB)."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("glibc only")
    org.search("pair-alpha", "ann", "billing")  # opens the local index
    libc = ctypes.CDLL(None)
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    secret = b"Zanzibar" * 512
    held = libc.malloc(len(secret))
    ctypes.memmove(held, secret, len(secret))
    libc.free(held)
    again = libc.malloc(len(secret))
    try:
        assert b"Zanzibar" not in ctypes.string_at(again, len(secret))
    finally:
        libc.free(again)
