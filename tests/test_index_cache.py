"""Regression: a long-lived process that touches more pairs than Chroma keeps loaded.

chromadb 1.5.9 fails filtered queries on an index it evicted and reloaded ("Error finding
id"). Its cache size is the open-files soft limit / 5, read when the client is made, so
``open_chroma`` raises that limit for the moment. With a soft limit of 200 (a cache of 40)
and 50 pairs, this test fails without that.
"""

from __future__ import annotations

import resource

import pytest

from assistant.coach import Coach
from tests.conftest import pair_doc, write_json


@pytest.fixture
def low_open_files_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (200, hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_filtered_queries_survive_touching_more_pairs_than_the_cache(settings, tmp_path, low_open_files_limit):
    pairs = 50
    files = []
    for p in range(pairs):
        notes = [
            {"id": f"n{i}", "text": f"pair {p} note {i} about the quarterly roadmap and hiring"} for i in range(60)
        ]
        notes.append({"id": "secret", "author": f"e{p}", "visibility": "private", "kind": "note", "text": "private"})
        files.append(
            write_json(tmp_path / f"p{p}.json", pair_doc(f"p{p}", (f"m{p}", "M"), (f"e{p}", "E"), notes=notes))
        )
    with Coach.from_settings(settings) as coach:
        coach.import_paths(files)
    with Coach.from_settings(settings) as coach:  # a fresh process-like start: nothing loaded
        for _ in range(2):
            for p in range(pairs):
                hits = coach.search(f"p{p}", f"m{p}", "quarterly roadmap", k=3)
                assert hits and all(h.note.pair_id == f"p{p}" for h in hits)
