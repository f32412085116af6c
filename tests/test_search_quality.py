"""Search in people's own words: a question about one topic finds the notes of its thread.

One-on-one notes mix topics; the notes that carry a thread often mention it in one short
line ("Laptops: 31/40"), while other notes share the question's words in sentences about
something else. The history here is written for that: a real MiniLM, a real index.
"""

from __future__ import annotations

from assistant.retrieval.lexical import BM25
from assistant.retrieval.rerank import SentenceReranker
from assistant.retrieval.search import Searcher
from tests.helpers import pair_doc, write_json

NOTES = [
    "Ravi / Odile, 3 March. Engineering all-hands went well. Budget for the on-call pager replacement is not "
    "approved yet. Ravi wants to move toward security work over the next year; we talked about which courses "
    "would help and who could mentor him.",
    "Ravi / Odile, 17 March. Ravi: I'll have all 40 engineering laptops swapped for the new model before my "
    "vacation in August. Vendor quote is in.",
    "Ravi / Odile, 31 March. The wiki migration is late again. Engineering asked for a new owner for "
    "the old wiki, nobody claims it. Replacement of the printers on floor two is done.",
    "Ravi / Odile, 14 April. Laptops: 12 of 40. Stock is short until June. Security review of the VPN: "
    "Ravi found two stale admin accounts and removed them.",
    "Ravi / Odile, 28 April. Engineering offsite planning: the replacement venue is booked. Ravi will run the "
    "security session. The engineering budget for next year goes to finance in May.",
    "Ravi / Odile, 12 May. Laptops: 31/40, the rest wait for stock. Certification exam booked for June 9.",
    "Ravi / Odile, 26 May. Headcount: one replacement hire approved for the service desk. Ravi asked how "
    "budgets are decided; I explained the yearly cycle.",
]


def _searcher(coach, depth: int) -> Searcher:
    return Searcher(coach.records, coach.index, coach.indexer, reranker=SentenceReranker(coach.indexer.embedder, depth))


def test_a_question_about_a_thread_finds_the_notes_that_carry_it(model_coach, tmp_path):
    doc = pair_doc("p-odile-ravi", ("odile", "Odile Manager"), ("ravi", "Ravi Sysadmin"), [{"text": t} for t in NOTES])
    model_coach.import_paths([write_json(tmp_path / "p.json", doc)])
    viewer = model_coach.viewer("p-odile-ravi", "odile")
    question = "how did the engineering laptop replacement go"
    thread = {"n2", "n4", "n6"}

    top = {h.note.id for h in _searcher(model_coach, 8).search(viewer, question, 3)}
    assert top == thread

    # The first stage alone (no sentence reading) is drawn to the notes that repeat the
    # question's words; this is what the second stage is for.
    first_only = {h.note.id for h in _searcher(model_coach, 1).search(viewer, question, 3)}
    assert first_only != thread


def test_the_snippet_is_the_chunk_that_holds_the_best_sentence(model_coach, tmp_path):
    filler = " ".join(f"Item {i}: the team discussed routine matters of week {i}." for i in range(40))
    doc = pair_doc(
        "p-odile-ravi",
        ("odile", "Odile Manager"),
        ("ravi", "Ravi Sysadmin"),
        [{"text": f"{filler} Laptops: 31 of 40 engineering laptops are swapped."}, {"text": "Printers are fine."}],
    )
    model_coach.import_paths([write_json(tmp_path / "p.json", doc)])
    hits = model_coach.search("p-odile-ravi", "ravi", "how far along is the laptop swap", 2)
    assert hits[0].note.id == "n1"
    assert "Laptops: 31 of 40" in hits[0].snippet


def test_a_month_or_a_day_asked_in_full_finds_the_notes_that_abbreviate_it():
    # notes write "Sept 17", "thu", "Saturday"; people ask about "September", "Thursday", "the weekend"
    notes = BM25(
        [
            ("trip", "Travel booked: flights and hotel, Sept 16-18."),
            ("outline", "Workshop outline: on track for thu."),
            ("council", "Works council said ok for Saturday 18/04."),
            ("other", "Roadmap review moved; the survey is dropped."),
        ]
    )
    assert set(notes.scores("is my trip in September sorted")) == {"trip"}
    assert set(notes.scores("when is the outline due, Thursday?")) == {"outline"}
    assert set(notes.scores("may we work on the weekend")) == {"council"}
    assert set(notes.scores("what was dropped in May")) == {"other"}  # "May" is also a verb: left alone
