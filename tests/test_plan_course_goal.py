"""A goal that is a course itself is not given another course to find (round 10).

A history written for the purpose, in a school department's e-mails: the teacher's goal is to
complete a trust's leadership course, under way since October. Before, the plan's education
step said "the notes name no course or reading on it: agree one", for a goal that is one.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import pair_doc, write_json


def _doc(title: str, description: str, status: str) -> dict:
    return pair_doc(
        "p-course",
        ("helen", "Helen Marsh"),
        ("tomas", "Tomás Oyelaran"),
        notes=[
            {"id": "m1", "date": "2026-10-09", "author": "tomas", "kind": "note",
             "text": "Middle Leaders Foundations session 1 was on leading without authority. We present our "
                     "leadership problem at the final session."},
        ],
        goals=[{"id": "g1", "title": title, "description": description, "owner": "tomas", "status": status}],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("title", "description", "status", "step"),
    [
        ("Complete Middle Leaders Foundations", "Trust course October to January.", "on_track", "Check how"),
        ("Middle Leaders Foundations certificate", "Sign up in the spring.", "not_started", "learning itself"),
        ("Lead Middle Leaders Foundations sessions", "Run sessions for the new leaders.", "on_track", "name no course"),
    ],
)
def test_the_education_step_of_a_goal_that_is_a_course(coach, tmp_path, title, description, status, step):
    coach.import_paths([write_json(tmp_path / "course.json", _doc(title, description, status))])
    (goal,) = coach.plan("p-course", "tomas", date(2026, 11, 26)).goals
    education = [a.title for a in goal.actions if a.type == "education"]
    assert education and step in education[0], education


def test_a_title_compound_is_one_thing_in_the_plans_reality(coach, tmp_path):
    # "front of house" in the goal is not "in front of the section" in a note about the commis
    doc = pair_doc(
        "p-foh",
        ("ines", "Inês Carvalho"),
        ("kwame", "Kwame Asante"),
        notes=[
            {"id": "h1", "date": "2026-07-16",
             "text": "Met Sian: allergens print from the till onto the kitchen ticket, for front of house and us."},
            {"id": "h2", "date": "2026-10-27", "author": "kwame", "kind": "note",
             "text": "wk log\n- Leo: he actually listens to me when it's not in front of the section."},
        ],
        goals=[{"id": "g1", "title": "Build a working relationship with front of house", "owner": "kwame",
                "status": "on_track", "description": ""}],
    )  # fmt: skip
    coach.import_paths([write_json(tmp_path / "foh.json", doc)])
    (goal,) = coach.plan("p-foh", "kwame", date(2026, 11, 26)).goals
    assert not any("Leo" in line for line, _ in goal.reality), goal.reality


@pytest.mark.parametrize(
    ("title", "sentence", "said"),
    [
        ("Build a working relationship with front of house", "Leo listens when not in front of the section", False),
        ("Build a working relationship with front of house", "Front of house briefing went well", True),
        ("Complete the migration of billing", "Billing migration finished on Friday", True),
    ],
)
def test_a_title_compound_loses_its_head_only_to_another_compound(title, sentence, said):
    from assistant.drafting.state import words_of
    from assistant.retrieval.lexical import terms

    head = terms(title.split(" of ")[0].split()[-1])[0]
    assert (head in words_of(title, sentence, set(terms(title)))) is said
