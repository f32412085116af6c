"""Every search compares the question with the stored vectors, kept in a bounded cache.

The cache must never answer with an older revision of the pair (a note added, edited,
turned private), never let one member's entry (their private notes in it) serve the other,
and never grow past its budget. Each is checked on what a member would see: the notes found
and their scores, compared with a Coach that has cached nothing.
"""

from __future__ import annotations

from pathlib import Path

from assistant.coach import Coach
from assistant.retrieval.search import Searcher
from assistant.retrieval.vectors import StoredVectors
from assistant.settings import Settings
from tests.helpers import pair_doc, write_json

NOTES = [
    {"id": "n1", "text": "Bo is migrating the billing cron jobs to the new scheduler."},
    {"id": "n2", "text": "Bo will write the billing runbook by Friday."},
    {"id": "n3", "text": "Ann asked about the offsite budget and the travel policy."},
    {
        "id": "n4",
        "author": "ann",
        "visibility": "private",
        "kind": "note",
        "text": "Ann private: the billing migration may be cancelled, Quetzal layoffs coming.",
    },
    {
        "id": "n5",
        "author": "bo",
        "visibility": "private",
        "kind": "note",
        "text": "Bo private: the Zanzibar offer pays better than billing work.",
    },
]
QUERIES = ["billing migration", "Quetzal layoffs", "Zanzibar offer", "offsite travel budget"]


def _found(coach: Coach, person: str, query: str) -> list[tuple[str, float, float]]:
    return [(h.note.id, h.score, h.similarity) for h in coach.search("p-ann-bo", person, query, k=10)]


def _dense_keys(coach: Coach, person: str, query: str) -> set[str]:
    viewer = coach.viewer("p-ann-bo", person)
    vectors = coach.indexer.embedder.encode([query])
    return {hit.index_key for hit in coach._stored_vectors.query(viewer, vectors, 50)[0]}


def _key_of(coach: Coach, person: str, note_id: str) -> str:
    """The index key of a note the person may see (its author, for a private one)."""
    viewer = coach.viewer("p-ann-bo", person)
    keys = [key for key, _ in coach.records.visible_vectors(viewer, coach.indexer.space)]
    [key] = [k for k, note in coach.records.notes_by_index_key(viewer, keys).items() if note.id == note_id]
    return key


def _home(tmp_path: Path) -> Settings:
    settings = Settings(home=tmp_path / "home", embeddings="fake")
    with Coach.from_settings(settings) as coach:
        coach.import_paths([write_json(tmp_path / "pair.json", pair_doc(notes=NOTES))])
    return settings


def test_a_member_never_gets_what_the_other_members_entry_holds(tmp_path):
    settings = _home(tmp_path)
    with Coach.from_settings(settings) as fresh:  # nothing cached: what each member must see
        expected = {(p, q): _found(fresh, p, q) for p in ("ann", "bo") for q in QUERIES}
    with Coach.from_settings(settings) as coach:
        for person in ("ann", "bo", "ann", "bo"):  # each member after the other, entries cached
            for query in QUERIES:
                assert _found(coach, person, query) == expected[(person, query)]
        assert len(coach._stored_vectors._cache) == 2  # one entry per member (their audiences differ)
        ann_private, bo_private = _key_of(coach, "ann", "n4"), _key_of(coach, "bo", "n5")
        for query in QUERIES:
            assert ann_private not in _dense_keys(coach, "bo", query)
            assert bo_private not in _dense_keys(coach, "ann", query)
    assert all("n4" not in [i for i, _, _ in expected[("bo", q)]] for q in QUERIES)
    assert any("n4" in [i for i, _, _ in expected[("ann", q)]] for q in QUERIES)


def test_a_note_added_after_a_search_is_found_by_the_next_one(tmp_path):
    settings = _home(tmp_path)
    with Coach.from_settings(settings) as coach:
        assert "Orinoco" not in " ".join(h.note.text for h in coach.search("p-ann-bo", "bo", "Orinoco launch"))
        held = dict(coach._stored_vectors._cache)
        assert held  # the pair's vectors are cached
        note = coach.add_note("p-ann-bo", "ann", "Orinoco launch moved to March, Bo leads it.")
        key = _key_of(coach, "bo", note.id)
        assert key in _dense_keys(coach, "bo", "Orinoco launch")
        assert coach.search("p-ann-bo", "bo", "Orinoco launch", k=1)[0].note.id == note.id
        cached = _found(coach, "bo", "Orinoco launch")
    with Coach.from_settings(settings) as fresh:
        assert cached == _found(fresh, "bo", "Orinoco launch")


def test_a_note_turned_private_leaves_the_other_members_cached_vectors(tmp_path):
    settings = _home(tmp_path)
    with Coach.from_settings(settings) as coach:
        runbook = _key_of(coach, "bo", "n2")
        assert runbook in _dense_keys(coach, "bo", "billing runbook")
        coach.edit_note("p-ann-bo", "ann", "n2", visibility="private")
        assert runbook not in _dense_keys(coach, "bo", "billing runbook")
        assert "n2" not in [h.note.id for h in coach.search("p-ann-bo", "bo", "billing runbook", k=10)]
        assert runbook in _dense_keys(coach, "ann", "billing runbook")


def test_the_cache_keeps_to_its_budget_across_many_pairs(tmp_path, fake_embedder):
    settings = Settings(home=tmp_path / "home", embeddings="fake")
    docs = [pair_doc(f"p{i}", (f"m{i}", f"M{i}"), (f"e{i}", f"E{i}"), notes=NOTES[:3]) for i in range(12)]
    paths = [write_json(tmp_path / f"p{i}.json", doc) for i, doc in enumerate(docs)]
    with Coach.from_settings(settings, embedder=fake_embedder) as coach:
        coach.import_paths(paths)
        one = StoredVectors(coach.records, coach.index, lambda: coach.indexer.space, fake_embedder.dimension)
        vectors = fake_embedder.encode(["billing"])
        one.query(coach.viewer("p0", "m0"), vectors, 5)
        size = one.held_bytes
        assert size > 0
        budget = 3 * size + size // 2  # room for three entries
        bounded = StoredVectors(coach.records, coach.index, lambda: coach.indexer.space, 384, cache_bytes=budget)
        searcher = Searcher(coach.records, bounded, coach.indexer)
        for i in range(12):
            for person in (f"m{i}", f"e{i}"):
                hits = searcher.search(coach.viewer(f"p{i}", person), "billing runbook", k=3)
                assert hits and all(h.note.pair_id == f"p{i}" for h in hits)
                assert bounded.held_bytes <= budget and len(bounded._cache) <= 3
        assert len(bounded._cache) == 3
        assert bounded.held_bytes == sum(e.nbytes for e in bounded._cache.values())
        too_small = StoredVectors(coach.records, coach.index, lambda: coach.indexer.space, 384, cache_bytes=size - 1)
        assert too_small.query(coach.viewer("p1", "e1"), vectors, 5)[0]  # searched, not kept
        assert too_small.held_bytes == 0 and not too_small._cache


def test_searches_never_ask_the_index_while_notes_wait_for_it(tmp_path):
    """Chroma's embedded client makes a query wait behind any write (another pair's import
    held one for seconds): a search asks it only for notes indexed before vectors were kept.
    A note written a moment ago, still waiting for the index, is found by its words."""
    from datetime import date

    from assistant.models import Note, NoteKind, Visibility

    settings = _home(tmp_path)
    with Coach.from_settings(settings) as coach:
        viewer = coach.viewer("p-ann-bo", "bo")
        coach.records.add_note(  # written, not yet embedded nor indexed (an import under way)
            viewer,
            Note(
                id="n9",
                pair_id="p-ann-bo",
                date=date(2026, 7, 20),
                author="ann",
                visibility=Visibility.shared,
                kind=NoteKind.note,
                text="Orinoco launch in March.",
            ),
        )
        assert coach.indexer.pending() == 1

        def index_busy(*args, **kwargs):
            raise AssertionError("a search waited on the index")

        coach.index.query = index_busy
        hits = coach.search("p-ann-bo", "bo", "Orinoco launch", k=3)
        assert hits[0].note.id == "n9"
        assert [h.note.id for h in coach.search("p-ann-bo", "bo", "billing runbook", k=2)][0] == "n2"
        assert not coach._stored_vectors._cache  # incomplete: not kept
        del coach.index.query
        coach.indexer.sync()
        assert coach.indexer.pending() == 0
        coach.index.query = index_busy
        assert coach.search("p-ann-bo", "bo", "Orinoco launch", k=1)[0].note.id == "n9"
        assert coach._stored_vectors._cache  # complete again: kept
