"""The index's chunk vectors kept in the SQL store: embedded once, searched without Chroma.

A chunk is embedded once (re-indexing and rebuilding reuse what is stored), drafts search the
stored vectors without opening Chroma, with Chroma's results, through the viewer's audiences.
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import func, select

from assistant.coach import Coach
from assistant.retrieval.embeddings import HashingEmbedder
from assistant.retrieval.search import Searcher
from assistant.retrieval.vectors import StoredVectors
from assistant.settings import Settings
from assistant.store.tables import NoteRow, NoteVectorRow, SentenceVectorRow
from tests.helpers import pair_doc, write_json

WORDS = "roadmap hiring budget launch review offsite training mentoring onboarding pager".split()


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, counting the texts it was asked to encode."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def _encode(self, model, texts):
        self.texts.extend(texts)
        return super()._encode(model, texts)


def _notes(count: int = 12) -> list[dict]:
    rng = random.Random(5)
    notes = []
    for i in range(count):
        body = " ".join(f"{rng.choice(WORDS)} item{rng.randrange(200)}" for _ in range(45))
        notes.append({"id": f"n{i}", "text": f"Note {i}: {body}."})
    notes.append({"id": "secret", "author": "bo", "visibility": "private", "kind": "note", "text": "Zanzibar plans"})
    return notes


@pytest.fixture
def counted(tmp_path):
    embedder = CountingEmbedder()
    settings = Settings(home=tmp_path / "home", embeddings="fake", chunk_words=40, chunk_overlap=10)
    path = write_json(tmp_path / "pair.json", pair_doc(notes=_notes()))
    with _coach(settings, embedder) as coach:
        coach.import_paths([path])
    return settings, embedder, path


def _coach(settings: Settings, embedder: CountingEmbedder) -> Coach:
    """A Coach whose index embeds with ``embedder`` (counted) and its ledger with another."""
    coach = Coach.from_settings(settings, embedder=embedder)
    coach.ledger.embed = HashingEmbedder().encode
    return coach


def _stored_rows(coach: Coach) -> int:
    with coach.records.session() as s:
        return s.scalar(select(func.count()).select_from(NoteVectorRow)) or 0


def test_every_chunk_is_embedded_once_and_a_rebuild_embeds_nothing(counted):
    settings, embedder, _ = counted
    assert len(embedder.texts) == len(set(embedder.texts))
    embedder.texts.clear()
    with _coach(settings, embedder) as coach:
        assert coach.reindex() == 13
        assert embedder.texts == []
        assert coach.search("p-ann-bo", "bo", "Zanzibar plans", k=1)[0].note.id == "secret"


def test_a_note_that_grows_embeds_only_its_new_end(counted, tmp_path):
    settings, embedder, _ = counted
    notes = _notes()
    notes[3]["text"] += " Later: the team agreed to move the launch review to Thursday afternoon."
    path = write_json(tmp_path / "pair.json", pair_doc(notes=notes))
    embedder.texts.clear()
    with _coach(settings, embedder) as coach:
        coach.import_paths([path])
        chunks = [c.text for c in coach.indexer.chunks(notes[3]["text"])]
        assert 1 <= len(embedder.texts) <= 2 < len(chunks)  # the chunks the new words fall in
        assert embedder.texts == chunks[-len(embedder.texts) :]
        hit = coach.search("p-ann-bo", "ann", "launch review moved to Thursday afternoon", k=1)[0]
        assert hit.note.id == "n3" and "Thursday" in hit.snippet


def test_drafts_search_without_opening_chroma(counted):
    settings, embedder, _ = counted
    with Coach.from_settings(settings, embedder=embedder) as coach:
        coach.plan("p-ann-bo", "ann", coach.records.notes(coach.viewer("p-ann-bo", "ann"))[-1].date)
        coach.agenda("p-ann-bo", "bo", coach.records.notes(coach.viewer("p-ann-bo", "bo"))[-1].date)
        assert not coach.index.connected


@pytest.mark.parametrize("person", ["ann", "bo"])
def test_stored_vectors_find_what_chroma_finds_and_nothing_private_of_another(counted, person):
    settings, embedder, _ = counted
    with Coach.from_settings(settings, embedder=embedder) as coach:
        viewer = coach.viewer("p-ann-bo", person)
        stored = StoredVectors(coach.records, coach.index, lambda: coach.indexer.space, embedder.dimension)
        exact = Searcher(coach.records, stored, coach.indexer)
        through_index = Searcher(coach.records, coach.index, coach.indexer)
        for query in ["Zanzibar plans", "budget launch", "mentoring onboarding pager", "item7 review"]:
            ours = [(h.note.id, h.score, h.snippet) for h in exact.search(viewer, query, k=10)]
            assert ours == [(h.note.id, h.score, h.snippet) for h in through_index.search(viewer, query, k=10)]
            assert ours == [(h.note.id, h.score, h.snippet) for h in coach.search("p-ann-bo", person, query, k=10)]
            vectors = embedder.encode([query])
            found = {hit.index_key for hit in stored.query(viewer, vectors, 50)[0]}
            secret = coach.records.notes_by_index_key(coach.viewer("p-ann-bo", "bo"), found)  # as its author
            assert ("secret" in {n.id for n in secret.values()}) == (person == "bo")


def test_notes_without_stored_vectors_are_searched_in_the_index(counted):
    settings, embedder, _ = counted
    with Coach.from_settings(settings, embedder=embedder) as coach:
        with coach.records.session() as s:
            s.query(NoteVectorRow).delete()
        viewer = coach.viewer("p-ann-bo", "bo")
        stored = StoredVectors(coach.records, coach.index, lambda: coach.indexer.space, embedder.dimension)
        hits = stored.query(viewer, embedder.encode(["Zanzibar plans"]), 3)[0]
        assert coach.index.connected and hits
        assert coach.records.notes_by_index_key(viewer, [hits[0].index_key]).popitem()[1].id == "secret"


def test_forgetting_removes_the_stored_vectors(counted):
    settings, embedder, _ = counted
    with Coach.from_settings(settings, embedder=embedder) as coach:
        before = _stored_rows(coach)
        coach.forget_note("p-ann-bo", "bo", "secret")
        assert _stored_rows(coach) == before - 1
        coach.forget_pair("p-ann-bo", "ann", confirm="p-ann-bo")
        assert _stored_rows(coach) == 0


def test_vectors_of_another_model_are_never_reused(counted):
    settings, embedder, _ = counted
    with Coach.from_settings(settings, embedder=embedder) as coach:
        with coach.records.session() as s:
            row = s.scalars(select(NoteVectorRow)).first()
            assert row is not None
            row.space = "another-model"
            key = row.index_key
        viewer = coach.viewer("p-ann-bo", "bo")
        stored = StoredVectors(coach.records, coach.index, lambda: coach.indexer.space, embedder.dimension)
        assert stored._load(viewer) is None  # incomplete: the index answers
        coach.records.mark_all_unindexed()
        embedder.texts.clear()
        coach.indexer.sync()
        text = coach.records.notes_by_index_key(viewer, [key])[key].text
        assert embedder.texts == [c.text for c in coach.indexer.chunks(text)]
        assert stored._load(viewer) is not None


LEDGER_NOTES = [
    {"id": "l1", "text": "Bo will write the onboarding checklist for new hires by Friday."},
    {"id": "l2", "text": "Ann will ask finance about the travel budget for the offsite."},
    {"id": "l3", "text": "Shared the onboarding list with the team. Finance said yes to the offsite budget."},
]


def test_the_ledger_embeds_each_text_once_across_rebuilds_and_keeps_only_what_it_uses(tmp_path):
    embedder = CountingEmbedder()
    settings = Settings(home=tmp_path / "home", embeddings="fake")
    with Coach.from_settings(settings, embedder=embedder) as coach:
        coach.import_paths([write_json(tmp_path / "l.json", pair_doc(notes=LEDGER_NOTES))])
        first = coach.commitments("p-ann-bo", "bo", date(2026, 8, 1))
        kept = coach.records.text_vectors("p-ann-bo", coach.text_vectors.space)
        assert kept  # the reporting clauses and promises the ledger compared
        embedder.texts.clear()
        coach.add_note("p-ann-bo", "ann", "Weather was nice today.", day=date(2026, 7, 10))
        assert embedder.texts == ["Weather was nice today."]  # the index's one chunk; the ledger reused all
        assert coach.commitments("p-ann-bo", "bo", date(2026, 8, 1)) == first
        coach.forget_note("p-ann-bo", "ann", "l2")
        left = coach.records.text_vectors("p-ann-bo", coach.text_vectors.space)
        assert set(left) < set(kept)  # what only the forgotten note said is gone with the next rebuild


def _sentence_rows(coach: Coach) -> dict[str, int]:
    with coach.records.session() as s:
        return {r.index_key: len(r.sentence_keys) // 8 for r in s.scalars(select(SentenceVectorRow))}


def test_the_second_stage_embeds_a_sentence_once_and_keeps_it_only_while_the_note_says_it(counted, tmp_path):
    settings, embedder, _ = counted
    query = "launch review budget"
    with _coach(settings, embedder) as coach:
        embedder.texts.clear()
        first = [(h.note.id, h.score, h.snippet) for h in coach.search("p-ann-bo", "bo", query, k=5)]
        assert len(embedder.texts) > 1  # the query and the best notes' sentences
        coach.searcher.close()  # the vectors are written in the background: wait for them
        kept = _sentence_rows(coach)
        assert kept and sum(kept.values()) == len(set(embedder.texts) - {query})
    with _coach(settings, embedder) as coach:  # a new process: nothing in memory
        embedder.texts.clear()
        again = [(h.note.id, h.score, h.snippet) for h in coach.search("p-ann-bo", "bo", query, k=5)]
        assert again == first and embedder.texts == [query]
        with coach.records.session() as s:
            key_of = dict(s.execute(select(NoteRow.note_id, NoteRow.index_key)).all())
        changed, forgotten = first[0][0], first[1][0]
        assert {key_of[changed], key_of[forgotten]} <= set(_sentence_rows(coach))
        coach.forget_note("p-ann-bo", "ann", forgotten)
        notes = [{**n, "date": f"2026-07-{1 + i:02d}"} for i, n in enumerate(_notes())]  # as pair_doc dated them
        notes[int(changed[1:])]["text"] = "Rewritten: nothing about what it said before."
        notes = [n for n in notes if n["id"] != forgotten]
        coach.import_paths([write_json(tmp_path / "pair2.json", pair_doc(notes=notes))])
        rows = _sentence_rows(coach)
        assert key_of[forgotten] not in rows and key_of[changed] not in rows
        assert len(rows) == len(kept) - 2
