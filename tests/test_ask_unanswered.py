"""Ask: a question the notes do not answer gets "the notes don't say", with no sources, even
when notes share one of its words or the name of the person asked about (issue 13, item 6)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import pair_doc, write_json

DAY = date(2026, 7, 1)
DOC = pair_doc(
    "p-mia",
    ("kai", "Kai Brennan"),
    ("mia", "Mia Torres"),
    notes=[
        {
            "id": "m1",
            "date": "2026-05-04",
            "text": "Mia is planning the warehouse scanner rollout for June. She'll share the plan by May 15.\n"
            "Kai to ask facilities about the charging racks.",
        },
        {
            "id": "m2",
            "date": "2026-05-18",
            "text": "Rollout plan shared on May 14. Two sites first, then the rest in July.\n"
            "Mia asked for a second pair of hands on the label printer migration.",
        },
        {
            "id": "m3",
            "date": "2026-06-01",
            "text": "Charging racks: facilities will install them by June 10.\n"
            "Feedback for Mia: the site walkthrough was well prepared; the risk list was missing the Wi-Fi "
            "dead zones.",
        },
        {
            "id": "m4",
            "date": "2026-06-15",
            "text": "Scanner pilot live at both sites. Pick errors down from 2.1% to 1.4%.\n"
            "Mia wants to present the pilot results at the ops review on July 2.",
        },
        {
            "id": "m5",
            "date": "2026-06-29",
            "text": "Ops review deck: first draft done. Kai will send comments by June 30.\n"
            "Mia is thinking about the team lead opening in Q4.",
        },
    ],
)


@pytest.fixture
def mia(model_coach, tmp_path):
    model_coach.import_paths([write_json(tmp_path / "mia.json", DOC)])
    return model_coach


@pytest.mark.parametrize(
    ("asker", "question"),
    [
        # "ask" is in m1 and m2 ("Kai to ask facilities", "Mia asked for a second pair of hands"):
        # it frames the question; the raise is what it is about, and no note mentions one
        ("kai", "Is Mia planning to ask for a raise?"),
        ("kai", "Does Mia want a pay rise?"),
        # no word of it in the notes; m1 is near it only because both name Mia
        ("kai", "Is Mia planning to leave the company?"),
        ("mia", "Is Kai planning to give me a raise?"),
        # the notes hold an ops review, never a performance one: another kind of review
        ("kai", "When is Mia's performance review?"),
        ("mia", "When is my next performance review?"),
    ],
)
def test_a_question_the_notes_do_not_answer_gets_no_sources(mia, asker, question):
    reply = mia.ask("p-mia", asker, question, DAY)
    assert reply.grounded is False and reply.sources == [] and "don't say" in reply.answer, reply


def test_questions_the_notes_do_answer_still_are(mia):
    lead = mia.ask("p-mia", "kai", "Is Mia interested in the team lead role?", DAY)
    assert lead.grounded and lead.sources == ["m5"], lead
    rollout = mia.ask("p-mia", "kai", "What is Mia planning for the scanner rollout?", DAY)
    assert rollout.grounded and "m1" in rollout.sources, rollout
    results = mia.ask("p-mia", "kai", "Is Mia planning to present the pilot results?", DAY)
    assert results.grounded and results.sources == ["m4"], results
    review = mia.ask("p-mia", "mia", "When is the ops review?", DAY)
    assert review.grounded and "m4" in review.sources, review
    asked = mia.ask("p-mia", "mia", "What did Kai ask facilities about?", DAY)
    assert asked.grounded and "m1" in asked.sources and "charging racks" in asked.answer, asked


def test_a_question_about_a_committee_is_no_question_about_commitments():
    from assistant.chat.intents import intent_of

    assert intent_of("When does the allocations report go to committee?") == "fact"
    assert intent_of("What are my commitments?") == "commitments"
    assert intent_of("What has Priya committed to?") == "commitments"


def test_did_it_happen_is_answered_by_a_note_saying_it_still_has_not(model_coach, tmp_path):
    doc = pair_doc(
        "p-po",
        ("priya", "Priya Natarajan"),
        ("owen", "Owen Gallagher"),
        notes=[
            {"id": "o1", "date": "2026-11-17", "text": "Draft report came in a day early. My comments back by 20 Nov."},
            {
                "id": "o2",
                "date": "2026-11-23",
                "author": "owen",
                "kind": "note",
                "text": "Prep\n\n- Still no comments on the draft report - were they coming by the 20th?",
            },
        ],
    )
    model_coach.import_paths([write_json(tmp_path / "po.json", doc)])
    reply = model_coach.ask("p-po", "owen", "Did Priya ever send her comments on the draft report?", date(2026, 11, 24))
    assert reply.grounded and "o2" in reply.sources, reply
