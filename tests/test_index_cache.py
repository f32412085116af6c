"""A process that touches more pairs than Chroma keeps loaded, and stores of the old layout.

chromadb 1.5.9 fails a query on a vector index it evicted and reloaded when the query is
filtered ("Error finding id"), or when the index was never written to disk because it held
fewer records than its ``sync_threshold`` ("Nothing found on disk"). Coach queries without
filters (a collection per audience) and writes every batch through (``sync_threshold`` 1),
so the cache can be small. With Chroma's default threshold, this test fails.
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
        coach.index.client.get_or_create_collection("coach-" + "0" * 40)  # one collection per pair, as before
        coach.records.set_meta("index_layout", "1")
    with Coach.from_settings(settings) as coach:
        assert coach.records.get_meta("index_layout") == PairIndex.LAYOUT
        names = {c.name for c in coach.index.client.list_collections()}
        assert "coach-" + "0" * 40 not in names
        assert len(names) == 4  # each pair: its shared notes and the employee's private one
        assert coach.search("p1", "e1", "Zanzibar 1", k=1)[0].note.id == "secret"
