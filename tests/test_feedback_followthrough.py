"""Whose work a later line reports, when drafts thank a follow-through (round 10).

A history written for the purpose, in a school department's e-mails: Bo asks Ann to raise his
cover load with the deputy head; Ann promises to, then reports it raised. Bo's next update says
his own poetry overview is half done (he'll have it by the 30th) and thanks Ann for the cover
change. Before, Ann was thanked for "acting on" the feedback with Bo's own poetry line, and Bo
for "following through" on the overview with his thanks for the cover change, a line beside it.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import pair_doc, write_json


def _doc(beside: str = "", update: bool = True) -> dict:
    return pair_doc(
        "p-cover",
        notes=[
            {"id": "c1", "date": "2026-11-04", "author": "bo", "kind": "feedback",
             "text": "Could you raise my cover load with Mr Hughes? It is eating the time I planned to use for the "
                     "poetry overview."},
            {"id": "c2", "date": "2026-11-10",
             "text": f"1:1 notes\n- I'll raise cover with Mr Hughes at SLT on Wednesday.{beside}"},
            {"id": "c3", "date": "2026-11-13", "text": "Raised the cover issue with Mr Hughes at SLT."},
            {"id": "c4", "date": "2026-11-17", "author": "bo", "kind": "note",
             "text": "Quick update\n- Poetry overview: about half done, I'll have it to you by 30 November.\n"
                     "- Thanks for the cover change - already noticed."},
        ][: 4 if update else 3],
    )  # fmt: skip


def _feedback(coach, tmp_path, person, beside: str = "", update: bool = True):
    coach.import_paths([write_json(tmp_path / "cover.json", _doc(beside, update))])
    return coach.feedback("p-cover", person, date(2026, 11, 26)).suggestions


def test_the_givers_own_promise_is_not_the_receiver_acting_on_feedback(coach, tmp_path):
    upward = [s for s in _feedback(coach, tmp_path, "ann") if s.direction == "employee_to_manager"]
    said = " ".join(s.behavior for s in upward)
    assert "Poetry overview" not in said, upward
    thanks = [s for s in upward if s.kind == "reinforcing"]
    assert thanks and "Raised the cover issue" in thanks[0].behavior, upward


def test_a_line_beside_a_promise_in_its_own_note_is_no_follow_through(coach, tmp_path):
    down = [s for s in _feedback(coach, tmp_path, "bo") if s.direction == "manager_to_employee"]
    assert not any("Thanks for the cover change" in s.behavior for s in down), down


def test_a_line_beside_the_receivers_promise_is_not_the_feedback_acted_on(coach, tmp_path):
    # the ledger may close Ann's promise with the next line of its own note ("Observation went
    # well"): that line is no sign the feedback was acted on
    upward = [s for s in _feedback(coach, tmp_path, "ann", "\n- Observation went well.", update=False) if s.recorded]
    assert not any("Observation went well" in s.behavior for s in upward), upward


PRIVATE = pair_doc(
    "p-aside",
    notes=[
        {"id": "p1", "date": "2026-10-23", "visibility": "private", "kind": "note",
         "text": "Just for me. Worried I keep cancelling his Y11 observation - he'll read that as not caring."},
        {"id": "p2", "date": "2026-11-03", "author": "bo", "kind": "note",
         "text": "Y11 essays went back today with whole-class feedback sheets. They actually read them this time."},
    ],
)  # fmt: skip


def test_a_promise_read_from_the_givers_private_note_is_never_thanked(coach, tmp_path):
    # the author's private worry ("he'll read that as not caring") is no promise Bo made to Ann
    coach.import_paths([write_json(tmp_path / "aside.json", PRIVATE)])
    suggestions = coach.feedback("p-aside", "ann", date(2026, 11, 26)).suggestions
    assert not any("p1" in s.sources or "not caring" in s.situation for s in suggestions), suggestions


POINTED = pair_doc(
    "p-pointed",
    notes=[
        {"id": "t1", "date": "2026-05-04",
         "text": "1:1 notes\n- I'll send Bo the Fastlane snapshot talk from last year's conference.\n"
                 "- Sent it during the meeting."},
    ],
)  # fmt: skip


def test_a_report_in_the_same_note_that_points_back_to_the_promise_is_thanked(coach, tmp_path):
    # "Sent it during the meeting": no word of the promise, but "it" points back to it
    coach.import_paths([write_json(tmp_path / "pointed.json", POINTED)])
    upward = [s for s in coach.feedback("p-pointed", "ann", date(2026, 5, 20)).suggestions if s.recorded]
    assert any("Sent it during the meeting" in s.behavior for s in upward), upward
