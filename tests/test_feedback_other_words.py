"""Feedback acted on in other words is settled; news that says 'still' about something else
does not reopen it (round 10).

A history written for the purpose, in a school department's e-mails: the head of department asks
for marked essays back within ten school days ("Can we aim for that for the next one?"); the
teacher later reports the essays went back five school days after, quicker with feedback sheets.
Before, the request pointed back ("that") to words the thread never read, so it stayed open and
the drafts raised it again; a later "still eight below target" about the class's grades must
not reopen it.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import pair_doc, write_json

DOC = pair_doc(
    "p-marking",
    ("helen", "Helen Marsh"),
    ("tomas", "Tomás Oyelaran"),
    notes=[
        {"id": "m1", "date": "2026-09-29", "kind": "feedback",
         "text": "Subject: Y11 marking\n\nThe Y11 essays came back to them three weeks after they wrote them. At that "
                 "gap the comments don't land. Department expectation is ten school days for assessed pieces. Can we "
                 "aim for that for the next one?"},
        {"id": "m2", "date": "2026-11-03", "author": "tomas", "kind": "note",
         "text": "Subject: Y11 essays back\n\nHelen, the Y11 practice essays went back today - five school days after "
                 "they wrote them. I used whole-class feedback sheets, which is why it was quicker. They read them."},
        {"id": "m3", "date": "2026-11-10",
         "text": "Y11 assessment data: 13 of 24 on target; still eight below, two slipping further."},
    ],
)  # fmt: skip


def test_feedback_acted_on_in_other_words_is_not_raised_again(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "marking.json", DOC)])
    down = [s for s in coach.feedback("p-marking", "helen", date(2026, 11, 26)).suggestions if s.recorded]
    down = [s for s in down if s.direction == "manager_to_employee"]
    assert not any(s.kind == "redirecting" for s in down), down
    assert any(s.kind == "reinforcing" and "m2" in s.sources for s in down), down
