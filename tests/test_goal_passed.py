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
