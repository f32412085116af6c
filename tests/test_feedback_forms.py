"""Feedback written in forms other than "Feedback for X:" (issue 13).

Histories written for the purpose: a sales manager's shorthand ("D's fb for me: ...",
"my fb to D: ...") and a nursing pair's SBAR notes ("R: Callum asked Adaeze to post the
schedule earlier ... Adaeze agreed"). Before, both read as "no feedback recorded either way".
"""

from __future__ import annotations

from datetime import date

from tests.helpers import pair_doc, write_json

SHORTHAND = pair_doc(
    "p-kd",
    ("kevin", "Kevin Osei"),
    ("dolores", "Dolores Vance"),
    notes=[
        {
            "id": "k1",
            "date": "2026-03-03",
            "text": "D / K 1:1 3/3\n- pipeline: Mercy Health in legal review\n"
            "- D's fb for me: please don't join her calls unannounced, the CFO thought we were escalating\n"
            "- my fb to D: the Mercy close plan was excellent, every exec sponsor mapped",
        },
        {
            "id": "k2",
            "date": "2026-03-17",
            "text": "D / K 1:1 3/17\n- D's fb: my 1:1 notes are too thin to be useful to her\n"
            "- Northwind demo went well",
        },
    ],
)
DAY = date(2026, 3, 24)


def test_shorthand_feedback_is_read_both_ways_and_in_the_right_kind(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "kd.json", SHORTHAND)])
    draft = coach.feedback("p-kd", "kevin", DAY)
    kinds = {(s.direction, s.kind, s.sources[0]) for s in draft.suggestions if len(s.sources) == 1}
    assert ("manager_to_employee", "reinforcing", "k1") in kinds  # "the Mercy close plan was excellent"
    upward = [s for s in draft.suggestions if s.direction == "employee_to_manager"]
    # "too thin to be useful" asks for a change: it is no praise for the notes
    assert not any(s.kind == "reinforcing" and "too thin" in s.behavior for s in upward)
    assert any(s.kind == "redirecting" and "too thin" in s.behavior for s in upward)
    assert "No feedback from Dolores" not in draft.markdown
    # the older request, where it is the only one
    coach.import_paths([write_json(tmp_path / "kd.json", {**SHORTHAND, "notes": SHORTHAND["notes"][:1]})], prune=True)
    draft = coach.feedback("p-kd", "kevin", DAY)
    upward = [s for s in draft.suggestions if s.direction == "employee_to_manager"]
    assert any(s.kind == "redirecting" and "unannounced" in s.behavior for s in upward)


SBAR = pair_doc(
    "p-ac",
    ("adaeze", "Adaeze Okafor"),
    ("callum", "Callum Byrne"),
    notes=[
        {
            "id": "s1",
            "date": "2026-11-18",
            "text": "1:1 Callum / Adaeze (SBAR)\nS: Orientation week 1 done.\n"
            "R: Callum asked Adaeze to post the holiday schedule earlier, it went up 10 days before last "
            "Christmas and people could not plan childcare. Adaeze agreed, will post the Dec-Jan schedule in "
            "Kronos by Nov 25.",
        },
        {
            "id": "s2",
            "date": "2027-01-13",
            "text": "1:1 Callum / Adaeze (SBAR)\nA: Callum said it would help if Adaeze gave feedback the same "
            "week rather than saving it for the 1:1. Adaeze agreed.",
        },
    ],
)


def test_requests_heard_in_labelled_sections_are_upward_feedback(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "ac.json", SBAR)])
    draft = coach.feedback("p-ac", "callum", date(2027, 1, 20))
    upward = [s for s in draft.suggestions if s.direction == "employee_to_manager"]
    assert any("same week" in s.behavior and s.kind == "redirecting" and s.sources == ["s2"] for s in upward)
    assert "No feedback from Callum" not in draft.markdown
    coach.import_paths([write_json(tmp_path / "ac.json", {**SBAR, "notes": SBAR["notes"][:1]})], prune=True)
    draft = coach.feedback("p-ac", "callum", date(2027, 1, 20))
    upward = [s for s in draft.suggestions if s.direction == "employee_to_manager" and s.sources == ["s1"]]
    assert any("holiday schedule earlier" in s.behavior and s.kind == "redirecting" for s in upward)


ASK_FIRST = pair_doc(
    "p-kd2",
    ("kevin", "Kevin Osei"),
    ("dolores", "Dolores Vance"),
    notes=[
        {
            "id": "k3",
            "date": "2026-03-24",
            "text": "D / K 1:1 3/24\n- Mercy Health signed 3/20!!\n"
            "- my fb to D: the Mercy close plan was excellent, every exec sponsor mapped, no surprises at the end\n"
            "- D's fb for me: please don't join her calls unannounced. → agreed, I'll ask first, every time",
        },
        {
            "id": "k4",
            "date": "2026-04-07",
            "author": "dolores",
            "text": "Notes from my 1:1 with Kevin, Apr 7\nNorthwind: procurement call Apr 15.\n"
            "Kevin asked me before joining the Altura call - thank you, that's exactly what I asked for.",
        },
    ],
)


def test_a_request_is_thanked_with_the_line_that_shows_it_acted_on(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "kd2.json", ASK_FIRST)])
    draft = coach.feedback("p-kd2", "dolores", date(2026, 4, 20))
    [thanks] = [s for s in draft.suggestions if s.direction == "employee_to_manager" and s.kind == "reinforcing"]
    # not the manager's praise of her close plan, closed in the note that made the promise
    assert "close plan" not in thanks.behavior and "Altura" in thanks.behavior and "k4" in thanks.sources, thanks


COUNCIL = pair_doc(
    "p-po",
    ("priya", "Priya Natarajan"),
    ("owen", "Owen Gallagher"),
    notes=[
        {
            "id": "c1",
            "date": "2026-06-16",
            "text": "1:1 - 16 June\n\nFeedback from Owen (he asked to give some, good): when I rewrite his drafts at "
            "11pm and send them back without saying why, he can't tell what was wrong.",
        },
        {
            "id": "c2",
            "date": "2026-07-07",
            "text": "1:1 - 7 July\n\nI gave Owen feedback on the allotments briefing: it was eight pages and the "
            "recommendation was on page 6. Members read the first page. Next time lead with the recommendation "
            "and keep it to two pages plus annexes.",
        },
        {
            "id": "c3",
            "date": "2026-09-08",
            "text": "1:1 - 8 Sept\n\nFeedback: the cabinet briefing on the homelessness grant was two pages with "
            "the recommendation up front. Exactly what I asked for in July.",
        },
    ],
)


def test_a_label_with_an_aside_before_its_colon_is_still_feedback_with_its_giver(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "po.json", COUNCIL)])
    draft = coach.feedback("p-po", "priya", date(2026, 9, 20))
    upward = [s for s in draft.suggestions if s.direction == "employee_to_manager"]
    assert any("rewrite his drafts" in s.behavior for s in upward)
    assert "No feedback from Owen to Priya is recorded in these notes" not in draft.markdown


def test_an_aside_naming_giver_and_receiver_decides_the_direction(coach, tmp_path):
    doc = {
        **COUNCIL,
        "notes": [
            {
                "id": "c1",
                "date": "2026-06-16",
                "author": "priya",
                "visibility": "shared",
                "kind": "checkin",
                "text": "- feedback (owen -> me): the Friday deadline changes reach him last, after the team channel",
            }
        ],
    }
    coach.import_paths([write_json(tmp_path / "po.json", doc)])
    draft = coach.feedback("p-po", "priya", date(2026, 6, 20))
    (upward,) = [s for s in draft.suggestions if "deadline changes" in s.behavior]
    assert upward.direction == "employee_to_manager"


def test_later_feedback_reporting_the_change_asked_for_is_praise_and_settles_the_request(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "po.json", COUNCIL)])
    draft = coach.feedback("p-po", "priya", date(2026, 9, 20))
    down = [s for s in draft.suggestions if s.direction == "manager_to_employee"]
    assert any(s.kind == "reinforcing" and "cabinet briefing" in s.behavior for s in down)
    assert not any(s.kind == "redirecting" and ("briefing" in s.behavior or "pages" in s.behavior) for s in down)


def test_later_feedback_saying_the_thing_is_still_so_stays_a_request(coach, tmp_path):
    notes = [dict(n) for n in COUNCIL["notes"]]
    notes[2]["text"] = (
        "1:1 - 8 Sept\n\nFeedback: the cabinet briefing was still eight pages with the recommendation at the end."
    )
    coach.import_paths([write_json(tmp_path / "po.json", {**COUNCIL, "notes": notes})])
    draft = coach.feedback("p-po", "priya", date(2026, 9, 20))
    down = [s for s in draft.suggestions if s.direction == "manager_to_employee"]
    assert any(s.kind == "redirecting" and "still eight pages" in s.behavior for s in down)
