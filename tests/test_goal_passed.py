"""An exam or certification goal is met when the notes say it was passed (issue 13).

A history written for the purpose, in a nursing pair's SBAR notes: "Callum passed the CCRN on
Feb 12!" Before, the agenda and the plan still proposed shadowing and a course for it.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import pair_doc, write_json

GOAL = {
    "id": "c1",
    "title": "Earn the CCRN certification",
    "description": "Pass the CCRN exam by March 2027.",
    "owner": "callum",
    "status": "on_track",
}


def _doc(last: str) -> dict:
    notes = [
        {"id": "s1", "date": "2026-11-04", "text": "S: Callum wants to sit the CCRN this winter."},
        {"id": "s2", "date": "2026-12-21", "text": "R: Review course done, Callum booked the CCRN exam for Feb 12."},
        {"id": "s3", "date": "2027-02-15", "text": f"S: {last}\nB: Skills fair ran Feb 10."},
    ]
    return pair_doc("p-ccrn", ("adaeze", "Adaeze Okafor"), ("callum", "Callum Byrne"), notes=notes, goals=[GOAL])


@pytest.mark.parametrize(
    ("last", "met"),
    [
        ("Callum passed the CCRN on Feb 12!", True),
        ("Callum is now certified, CCRN since Feb 12.", True),
        ("Callum passed the CCRN practice exam on Feb 12.", False),  # a rehearsal
        ("Callum has not passed the CCRN yet, resit in April.", False),
        ("If Callum passes the CCRN he moves up the ladder.", False),
    ],
)
def test_a_certification_passed_is_celebrated_not_chased(coach, tmp_path, last, met):
    coach.import_paths([write_json(tmp_path / "ccrn.json", _doc(last))])
    day = date(2027, 2, 22)
    items = coach.agenda("p-ccrn", "callum", day).items
    celebrated = any(i.title.startswith("Celebrate") and "CCRN" in i.title for i in items)
    assert celebrated is met, [i.title for i in items]
    planned = [a.title for g in coach.plan("p-ccrn", "callum", day).goals if g.goal.id == "c1" for a in g.actions]
    assert (not planned) is met, planned


def test_the_celebration_quotes_what_met_it_and_a_step_naming_a_goal_serves_that_goal(coach, tmp_path):
    cauti = {
        "id": "c3",
        "title": "Bring the 4 West CAUTI rate under 2.0 per 1000 catheter days",
        "description": "With the nurse-driven removal protocol.",
        "owner": "callum",
        "status": "on_track",
    }
    doc = _doc("Callum passed the CCRN on Feb 12!\nR: Adaeze to put his CCRN forward for the clinical ladder.")
    doc["goals"].append(cauti)
    doc["notes"][0]["text"] = "S: Callum wants to sit the CCRN this winter and to start charge shifts on 4 West."
    doc["notes"].append({**doc["notes"][1], "id": "s4", "date": "2027-01-20", "text": "CAUTI rate 3.1 on 4 West."})
    coach.import_paths([write_json(tmp_path / "ccrn.json", doc)])
    day = date(2027, 2, 22)
    [party] = [i for i in coach.agenda("p-ccrn", "callum", day).items if i.title.startswith("Celebrate")]
    assert "passed the CCRN" in party.why, party  # not the later "put his CCRN forward"
    titles = [a.title for g in coach.plan("p-ccrn", "callum", day).goals if g.goal.id == "c3" for a in g.actions]
    assert not any("CCRN" in t for t in titles), titles
