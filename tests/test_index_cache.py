"""A process that touches more pairs than Chroma keeps loaded, and stores of the old layout.

chromadb 1.5.9 fails a query on a vector index it evicted and reloaded when the index was
never written to disk because it held fewer records than its ``sync_threshold`` ("Nothing
found on disk"), and filtered ones then also with "Error finding id". Coach writes every
batch through (``sync_threshold`` 1), so its filtered queries (one collection per pair, the
viewer's audiences asked for) survive a small cache. With Chroma's default threshold, this
test fails.
"""

from __future__ import annotations

import resource

from assistant.coach import Coach
from assistant.retrieval.index import PairIndex
from assistant.settings import Settings
from tests.helpers import pair_doc, write_json


def _pairs(tmp_path, count: int) -> list:
    files = []
    for p in range(count):
        notes = [{"id": f"n{i}", "text": f"pair {p} note {i} about the quarterly roadmap and hiring"} for i in range(3)]
        notes.append(
            {"id": "secret", "author": f"e{p}", "visibility": "private", "kind": "note", "text": f"Zanzibar {p}"}
        )
        files.append(write_json(tmp_path / f"p{p}.json", pair_doc(f"p{p}", (f"m{p}", "M"), (f"e{p}", "E"), notes)))
    return files


def test_queries_survive_touching_many_more_pairs_than_the_cache(tmp_path):
    settings = Settings(home=tmp_path / "home", embeddings="fake", index_cache=4)
    pairs = 30
    soft_before = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    with Coach.from_settings(settings) as coach:
        coach.import_paths(_pairs(tmp_path, pairs))
    # the limit was lowered only while Chroma's client was made: the process keeps its files
    assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] >= soft_before
    with Coach.from_settings(settings) as coach:  # a fresh start: nothing loaded
        for _ in range(2):
            for p in range(pairs):
                hits = coach.search(f"p{p}", f"m{p}", "quarterly roadmap", k=3)
                assert hits and all(h.note.pair_id == f"p{p}" for h in hits)
                assert all(h.note.id != "secret" for h in coach.search(f"p{p}", f"m{p}", f"Zanzibar {p}", k=5))
                assert coach.search(f"p{p}", f"e{p}", f"Zanzibar {p}", k=1)[0].note.id == "secret"


def test_a_store_of_the_old_layout_is_rebuilt_at_start(tmp_path):
    settings = Settings(home=tmp_path / "home", embeddings="fake")
    with Coach.from_settings(settings) as coach:
        coach.import_paths(_pairs(tmp_path, 2))
        coach.index.client.get_or_create_collection("coach-" + "0" * 40)  # one collection per audience, as before
        coach.records.set_meta("index_layout", "2")
    with Coach.from_settings(settings) as coach:
        assert coach.records.get_meta("index_layout") == PairIndex.LAYOUT
        names = {c.name for c in coach.index.client.list_collections()}
        assert "coach-" + "0" * 40 not in names
        assert len(names) == 2  # one collection per pair
        assert coach.search("p1", "e1", "Zanzibar 1", k=1)[0].note.id == "secret"


def test_the_query_itself_keeps_another_members_private_chunks_out(tmp_path, caplog):
    """The audience filter is part of the query: another member's private chunks never take a
    place among the nearest (with the filter gone, they fill them, and are dropped after)."""
    notes = [{"id": f"s{i}", "text": f"Shared note {i} on the quarterly roadmap and hiring."} for i in range(20)]
    notes += [
        {"id": f"p{i}", "author": "e0", "visibility": "private", "kind": "note", "text": f"Zanzibar trip idea {i}"}
        for i in range(30)
    ]
    settings = Settings(home=tmp_path / "home", embeddings="fake")
    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "p.json", pair_doc("p0", ("m0", "M"), ("e0", "E"), notes))])
        viewer = coach.viewer("p0", "m0")
        with caplog.at_level("ERROR"):
            hits = coach.index.query(viewer, coach.indexer.embedder.encode(["Zanzibar trip idea"]), 10)[0]
        assert len(hits) == 10 and not caplog.records
        shared = coach.records.notes_by_index_key(viewer, [h.index_key for h in hits])
        assert {n.id[0] for n in shared.values()} == {"s"} and len(shared) == 10
        # the member who wrote them finds them
        own = coach.index.query(coach.viewer("p0", "e0"), coach.indexer.embedder.encode(["Zanzibar trip idea"]), 10)[0]
        assert len(own) == 10
