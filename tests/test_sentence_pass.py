"""An import embeds each note's sentences once, and its chunks' vectors are read out of that pass.

Search's second stage reads the best notes sentence by sentence. The import embeds every
sentence of a new note alone (what the second stage reads), keeps those vectors with the note,
and makes each chunk's vector from the same pass (the mean of the last states of the word
pieces inside the chunk), so that the first search after an import embeds nothing but its
questions. Real MiniLM, Chroma and SQLite.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sqlalchemy import select

from assistant.coach import Coach
from assistant.retrieval.embeddings import MiniLMEmbedder
from assistant.retrieval.rerank import sentence_starts
from assistant.settings import Settings
from assistant.store.tables import NoteRow, NoteVectorRow, SentenceVectorRow
from tests.helpers import pair_doc, write_json

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ["travel budget for the conference", "what did we agree about the deadline", "who owns the follow up"]


class Counting(MiniLMEmbedder):
    """The session's MiniLM, counting the texts it encodes one by one (not the import's sentences)."""

    def __init__(self, model: MiniLMEmbedder) -> None:
        super().__init__()
        self._model = model.model
        self.texts: list[str] = []

    def _encode(self, model, texts):
        self.texts.extend(texts)
        return super()._encode(model, texts)


def test_the_pieces_of_a_part_are_counted_with_the_texts_own_tokens(minilm):
    texts = ["Laptops: 12 of 40 replaced.", "The vendor is late, so we moved the rollout to May. Dana will confirm."]
    vectors, counts = minilm.encode_parts(texts, [[(0, len(t)), (0, 8), (len(t), len(t))] for t in texts])
    assert np.allclose(vectors, minilm.encode(texts), atol=1e-6)
    for text, (whole, part, none) in zip(texts, counts, strict=True):
        assert whole == minilm.token_count(text) - 2  # every piece but [CLS] and [SEP]
        assert 1 <= part < whole and none == 0


def test_the_first_search_after_an_import_embeds_only_its_questions(tmp_path, minilm):
    embedder = Counting(minilm)
    with Coach.from_settings(Settings(home=tmp_path / "home"), embedder=embedder) as coach:
        coach.import_paths([ROOT / "assistant" / "demo_data" / "pair-maya-sam.json"])
        embedder.texts.clear()
        answers = coach.search_many("p-maya-sam", "sam", QUESTIONS, 5)
        assert all(answers)
        assert embedder.texts == QUESTIONS  # no sentence of a note: they were embedded with it


def test_chunk_vectors_are_close_to_the_models_own(tmp_path, minilm):
    """Made from sentences read alone, a one-sentence chunk's vector is the model's, and a longer
    chunk's is near it: the mean of its sentences' vectors, weighted by their pieces in the
    chunk (search quality measured in benchmarks/README.md, round 7)."""
    notes = [
        {"id": "one", "text": "The offsite moved to the Lisbon office in October"},
        {
            "id": "many",
            "text": "Laptops: 12 of 40 replaced. The vendor is late on the rest. We agreed to move the rollout "
            "to May, and Dana will confirm the new date with facilities by Friday.",
        },
    ]
    with Coach.from_settings(Settings(home=tmp_path / "home"), embedder=minilm) as coach:
        coach.import_paths([write_json(tmp_path / "pair.json", pair_doc(notes=notes))])
        with coach.records.session() as s:
            rows = s.execute(
                select(NoteRow.note_id, NoteRow.text, NoteVectorRow.vectors).join(
                    NoteVectorRow, NoteVectorRow.index_key == NoteRow.index_key
                )
            ).all()
    stored = {note_id: (text, np.frombuffer(blob, np.float32).reshape(-1, 384)) for note_id, text, blob in rows}
    text, vectors = stored["one"]
    assert np.allclose(vectors[0], minilm.encode([text])[0], atol=1e-5)
    text, vectors = stored["many"]
    assert len(vectors) == 1 and float(vectors[0] @ minilm.encode([text])[0]) > 0.65  # 0.73


def test_a_changed_note_keeps_only_its_new_sentences(tmp_path, minilm):
    before = [{"id": "n1", "text": "Budget review on Monday. Travel is frozen until March."}]
    after = [{"id": "n1", "text": "Budget review on Monday. Travel reopens in April for the conference."}]
    with Coach.from_settings(Settings(home=tmp_path / "home"), embedder=minilm) as coach:
        coach.import_paths([write_json(tmp_path / "a.json", pair_doc(notes=before))])
        coach.import_paths([write_json(tmp_path / "b.json", pair_doc(notes=after))])
        with coach.records.session() as s:
            keys = [r.sentence_keys for r in s.scalars(select(SentenceVectorRow))]
        key = coach.index.text_key
    assert len(keys) == 1
    held = {keys[0][i : i + 8] for i in range(0, len(keys[0]), 8)}
    assert held == {key(s) for s, _ in sentence_starts(after[0]["text"])}
