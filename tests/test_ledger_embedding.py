"""What the ledger embeds, counted on the real model: nothing when meaning is never asked,
each text once, only a changed note's new texts on a rebuild, and a private note's texts
and readings never changing the other member's ledger."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from assistant.coach import Coach
from assistant.retrieval.embeddings import MiniLMEmbedder
from assistant.settings import Settings
from tests.helpers import pair_doc, write_json

DAY = date(2026, 9, 1)


class Counted:
    """The real model as the ledger's embedder, keeping every batch it was asked to encode."""

    def __init__(self, model: MiniLMEmbedder):
        self.model = model
        self.name, self.dimension = model.name, model.dimension
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.model.encode(texts)

    @property
    def texts(self) -> list[str]:
        return [t for call in self.calls for t in call]


def _counted(coach: Coach, minilm: MiniLMEmbedder) -> Counted:
    coach.text_vectors.embedder = counted = Counted(minilm)
    return counted


def _ledgers(coach: Coach) -> dict[str, list[dict]]:
    return {m: [c.to_json() for c in coach.commitments("p-ann-bo", m, DAY)] for m in ("ann", "bo")}


REPORTS_ONLY = [  # several clauses a note: none of them is one of the index's chunks
    {"id": "r1", "text": "Finished the onboarding checklist and shared it with the team. Also the survey is done."},
    {"id": "r2", "text": "Sent the budget to finance. The deck is finished."},
]

PROMISES = [
    {"id": "l1", "text": "Bo will write the onboarding checklist for new hires by Friday."},
    {"id": "l2", "text": "Ann will ask finance about the travel budget for the offsite."},
    {"id": "l3", "text": "Shared the onboarding list with the team. Finance said yes to the offsite budget."},
]


def test_notes_that_report_but_promise_nothing_embed_nothing_for_the_ledger(tmp_path: Path, minilm):
    with Coach.from_settings(Settings(home=tmp_path / "home"), embedder=minilm) as coach:
        counted = _counted(coach, minilm)
        coach.import_paths([write_json(tmp_path / "p.json", pair_doc(notes=REPORTS_ONLY))])
        assert counted.calls == []  # no promise to compare the reports with: meaning never asked


def test_the_ledger_embeds_in_one_batch_each_text_once_and_a_changed_note_only_its_new_texts(tmp_path: Path, minilm):
    with Coach.from_settings(Settings(home=tmp_path / "home"), embedder=minilm) as coach:
        counted = _counted(coach, minilm)
        coach.import_paths([write_json(tmp_path / "p.json", pair_doc(notes=PROMISES))])
        first = counted.texts
        assert len(counted.calls[0]) > 2 and len(first) == len(set(first))  # both members: each text once
        assert any("onboarding checklist" in t for t in first)
        counted.calls.clear()
        changed = [*PROMISES[:2], {**PROMISES[2], "text": PROMISES[2]["text"] + " Bo sent the checklist to HR."}]
        coach.import_paths([write_json(tmp_path / "p.json", pair_doc(notes=changed))])
        assert counted.texts and all(t in changed[2]["text"] and t not in first for t in counted.texts)
        rebuilt = _ledgers(coach)
    with Coach.from_settings(Settings(home=tmp_path / "fresh"), embedder=minilm) as fresh:
        fresh.import_paths([write_json(tmp_path / "f.json", pair_doc(notes=changed))])
        assert _ledgers(fresh) == rebuilt  # stored vectors and kept readings change nothing


def test_a_private_check_in_changes_nothing_in_the_other_members_ledger(tmp_path: Path, minilm):
    """Bo's private check-in (his calendar, his texts) is read beside the shared notes, whose
    readings and vectors both ledgers share: Ann's ledger is the one she has without it."""
    shared = [
        {"id": "c1", "date": "2026-03-02", "text": "Bo will draft the hiring plan before our next 1:1."},
        {"id": "c2", "date": "2026-03-09", "text": "Ann will book the offsite venue next week."},
        {"id": "c3", "date": "2026-03-20", "text": "Bo shared the hiring plan draft. The venue is booked."},
    ]
    private = {
        "id": "p1",
        "date": "2026-03-05",
        "author": "bo",
        "visibility": "private",
        "text": "Finished the hiring plan draft. I will bring the offsite numbers to our next 1:1.",
    }
    with Coach.from_settings(Settings(home=tmp_path / "with"), embedder=minilm) as coach:
        coach.import_paths([write_json(tmp_path / "w.json", pair_doc(notes=[*shared, private]))])
        with_private = _ledgers(coach)
    with Coach.from_settings(Settings(home=tmp_path / "without"), embedder=minilm) as coach:
        coach.import_paths([write_json(tmp_path / "wo.json", pair_doc(notes=shared))])
        without = _ledgers(coach)
    assert with_private["ann"] == without["ann"]
    assert with_private["bo"] != without["bo"]  # it is read: for Bo alone
    hiring = next(c for c in without["ann"] if "hiring plan" in c["text"])
    assert hiring["due"] == "2026-03-09"  # Ann's next 1:1 after March 2, not Bo's private one


class CountingMiniLM(MiniLMEmbedder):
    """The loaded real model, as the index's and the ledger's embedder, counting every text."""

    def __init__(self, loaded: MiniLMEmbedder):
        super().__init__()
        self._model = loaded.model
        self.texts: list[str] = []

    def _encode(self, model, texts):
        self.texts.extend(texts)
        return super()._encode(model, texts)

    def encode_parts(self, texts, spans):  # the index's pass: a new note's sentences
        self.texts.extend(texts)
        return super().encode_parts(texts, spans)


ONE_LINERS = [  # each note one chunk and one clause: the index's text is the ledger's
    {"id": "o1", "text": "Bo will write the onboarding checklist for new hires by Friday."},
    {"id": "o2", "text": "Ann will ask finance about the travel budget for the offsite."},
    {"id": "o3", "text": "Shared the onboarding list with the team."},
    {"id": "o4", "text": "Finance said yes to the offsite budget."},
]


def test_a_text_the_index_embeds_is_not_embedded_again_for_the_ledger_read_meanwhile(tmp_path: Path, minilm):
    """The ledger is read while the index embeds: a text that is both a chunk and a clause the
    ledger compares by meaning waits for the index's vector instead of being embedded twice."""
    counting = CountingMiniLM(minilm)
    with Coach.from_settings(Settings(home=tmp_path / "home"), embedder=counting) as coach:
        coach.import_paths([write_json(tmp_path / "p.json", pair_doc(notes=ONE_LINERS))])
        assert len(counting.texts) == len(set(counting.texts))  # nothing twice, index and ledger together
        assert {n["text"] for n in ONE_LINERS} <= set(counting.texts)
        assert set(counting.texts) - {n["text"] for n in ONE_LINERS}  # the ledger compared promises too
        owed = {c.text: c.status for c in coach.commitments("p-ann-bo", "ann", DAY)}
        assert owed and any("onboarding checklist" in t for t in owed)
