"""A request put as 'could we' or 'can we' is feedback asking for a change (round 10).

A history written for the purpose, in a kitchen's weekly log: the sous chef writes to the head
chef, in a note of kind feedback, "Could we lock specials by 11am?". Before, only "could you"
read as a request, so the feedback draft said no feedback from him was recorded at all.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import pair_doc, write_json

DOC = pair_doc(
    "p-pass",
    ("ines", "Inês Carvalho"),
    ("kwame", "Kwame Asante"),
    notes=[
        {"id": "k1", "date": "2026-06-15", "author": "kwame", "kind": "feedback",
         "text": "wk log 8-14 Jun\n- Chef - putting this in writing like you asked: specials changing at 4pm means "
                 "the mise for them is done in a panic. Could we lock specials by 11am? Happy to help plan them Fri."},
        {"id": "k2", "date": "2026-07-08", "text": "Sit-down 7 Jul\nSpecials: he's right, I'll lock them by 11."},
        {"id": "k3", "date": "2026-07-14", "author": "kwame", "kind": "note",
         "text": "wk log 7-13 Jul\n- specials locked by 11 all week - prep much calmer. thank you chef"},
    ],
)  # fmt: skip


def test_could_we_is_feedback_and_its_answer_is_thanked(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "pass.json", DOC)])
    draft = coach.feedback("p-pass", "ines", date(2026, 8, 1))
    assert draft.balance["employee_to_manager"] >= 1, draft.balance
    upward = [s for s in draft.suggestions if s.direction == "employee_to_manager" and s.kind == "reinforcing"]
    assert upward and "lock specials" in upward[0].situation and "k3" in upward[0].sources, upward


def test_feedback_acted_on_then_raised_again_is_open_again(coach, tmp_path):
    # the head chef locked the specials by 11, then they changed late again: no thanks for the
    # change now; the latest raising is the feedback to bring
    again = {"id": "k4", "date": "2026-11-20", "author": "kwame", "kind": "note", "visibility": "shared",
             "text": "wk log 16-20 Nov\n- chef: specials changed at 3:30 Tue + Thu again. prep panicked."}  # fmt: skip
    coach.import_paths([write_json(tmp_path / "pass.json", {**DOC, "notes": [*DOC["notes"], again]})])
    upward = [s for s in coach.feedback("p-pass", "ines", date(2026, 12, 3)).suggestions if s.recorded]
    upward = [s for s in upward if s.direction == "employee_to_manager"]
    assert not any("locked by 11" in s.behavior for s in upward), upward
    assert any(s.kind == "redirecting" and s.sources == ["k4"] for s in upward), upward
