"""The employee's topics on the agenda, read from a council policy pair (round 10): a heading
that wants to talk is a heading, not a topic; a topic raised at the last check-in and brought
again in the prep note's own words is on the agenda once; one answered there with a promise
(its pronoun made a name by the ledger: "let him know" -> "let Owen know") is followed up,
not carried over."""

from __future__ import annotations

from datetime import date

from tests.helpers import pair_doc, write_json

DAY = date(2026, 11, 24)


def _doc(prep: str, checkin: str) -> dict:
    return pair_doc(
        "p-po",
        ("priya", "Priya Natarajan"),
        ("owen", "Owen Gallagher"),
        notes=[
            {"id": "t1", "date": "2026-11-17", "text": checkin},
            {"id": "t2", "date": "2026-11-23", "author": "owen", "kind": "note", "text": prep},
        ],
    )


def _topics(coach, tmp_path, prep: str, checkin: str) -> list[str]:
    coach.import_paths([write_json(tmp_path / "po.json", _doc(prep, checkin))])
    draft = coach.agenda("p-po", "priya", DAY)
    return [i.title for i in draft.items if i.section == "employee_topics"]


CHECKIN = "1:1 - 17 Nov\n\nDraft report came in a day early. Owen asked about study leave for the module 2 exam."


def test_a_heading_that_wants_to_talk_is_no_topic_and_its_items_are(coach, tmp_path):
    prep = "Prep for next 1:1\n\nThings I'd like to cover:\n- Study leave answer?\n- The committee date"
    titles = _topics(coach, tmp_path, prep, CHECKIN)
    assert not any("like to cover" in t for t in titles)
    assert "The committee date" in titles


def test_a_topic_raised_last_time_and_brought_again_is_on_the_agenda_once(coach, tmp_path):
    prep = "Prep for next 1:1\n\nThings I'd like to cover:\n- Study leave answer?"
    titles = _topics(coach, tmp_path, prep, CHECKIN)
    assert [t for t in titles if "tudy leave" in t] == ["Study leave answer?"]


def test_a_topic_answered_with_a_promise_at_the_last_checkin_is_not_carried_over(coach, tmp_path):
    checkin = CHECKIN + " I'll check the policy and let him know by 24 Nov."
    titles = _topics(coach, tmp_path, "Prep\n\n- EIA back from Legal", checkin)
    assert not any("study leave" in t for t in titles)
