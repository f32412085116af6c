"""Questions in a member's own words reach the answer they ask for (round 10).

A history written for the purpose, in a kitchen's log: the head chef's feedback on the pass,
the sous chef's request about specials, and promises both ways. Before, "What's Kwame still got
open?" and "What should I bring to our next sit-down?" were answered "the notes don't say";
"How do I bring up that the specials still change late?" got the whole agenda; "What feedback
did I give Kwame?" listed feedback to the head chef first; and a feedback question about one
thing was answered with a suggestion about another.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.chat.intents import intent_of
from tests.helpers import pair_doc, write_json

DAY = date(2026, 8, 20)
DOC = pair_doc(
    "p-kitchen",
    ("ines", "Inês Carvalho"),
    ("kwame", "Kwame Asante"),
    notes=[
        {"id": "k1", "date": "2026-06-02",
         "text": "Sit-down 2 Jun\n- Kwame to write the new closing-down cleaning schedule by Friday.\n"
                 "- I'll look at dates and cost for the Level 4 food safety course."},
        {"id": "k2", "date": "2026-06-15", "author": "kwame", "kind": "feedback",
         "text": "Chef - specials changing at 4pm means the mise is done in a panic. Could we lock specials by 11am?"},
        {"id": "k3", "date": "2026-07-14", "author": "kwame", "kind": "note",
         "text": "wk log\n- specials locked by 11 all week - prep much calmer. thank you chef\n"
                 "- cleaning schedule up on the wall"},
        {"id": "k4", "date": "2026-07-28", "kind": "feedback",
         "text": "Feedback for Kwame: on the pass when it gets busy you're short with the commis. Pull people aside "
                 "after service, not during."},
        {"id": "k5", "date": "2026-08-11", "author": "kwame", "kind": "note",
         "text": "wk log\n- I'll cost the six winter dishes in Apicbase by 20 Nov."},
    ],
)  # fmt: skip


@pytest.fixture
def kitchen(model_coach, tmp_path):
    model_coach.import_paths([write_json(tmp_path / "kitchen.json", DOC)])
    return model_coach


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("What's Kwame still got open?", "commitments"),
        ("What should I raise at Thursday's 1:1?", "agenda"),
        ("What should I bring to our next sit-down?", "agenda"),
        ("How do I bring up that the specials still change late?", "feedback"),
        ("What feedback have I given Kwame this summer?", "feedback"),
        ("What feedback has Ingrid given me?", "fact"),  # what the notes record (test_chat)
        ("How do I give feedback?", "howto"),
    ],
)
def test_the_intent_of_a_question_in_a_members_own_words(question, intent):
    assert intent_of(question) == intent


def test_what_someone_still_has_open_lists_their_promises(kitchen):
    reply = kitchen.ask("p-kitchen", "ines", "What's Kwame still got open?", DAY)
    assert "winter dishes" in reply.answer and "k5" in reply.sources, reply.answer


def test_what_feedback_did_i_give_is_the_askers_own(kitchen):
    reply = kitchen.ask("p-kitchen", "ines", "What feedback did I give Kwame?", DAY)
    assert "Could we lock specials" not in reply.answer, reply.answer


def test_a_feedback_question_about_one_thing_gets_no_suggestion_about_another(kitchen):
    reply = kitchen.ask("p-kitchen", "kwame", "How do I tell Inês the delivery drivers keep arriving at noon?", DAY)
    assert "specials" not in reply.answer and "cleaning" not in reply.answer, reply.answer


def test_who_a_thing_comes_from_may_be_a_firm(model_coach, tmp_path):
    # "who do we get fish from?": the answer is a supplier, not a person's name
    doc = pair_doc(
        "p-fish",
        ("ines", "Inês Carvalho"),
        ("kwame", "Kwame Asante"),
        notes=[
            {"id": "f1", "date": "2026-06-05", "author": "kwame", "kind": "note",
             "text": "wk log\n- Wright Brothers short on the turbot again, 2nd time in 3 wks."},
            {"id": "f2", "date": "2026-06-30", "author": "kwame", "kind": "note",
             "text": "wk log\n- Switched fish to Hodgson & Reed from 1 Jul, same price, delivery 7am."},
        ],
    )  # fmt: skip
    model_coach.import_paths([write_json(tmp_path / "fish.json", doc)])
    reply = model_coach.ask("p-fish", "ines", "Who do we get fish from?", date(2026, 8, 1))
    assert reply.grounded and "f2" in reply.sources and "Hodgson" in reply.answer, reply.answer
