"""A plan does not propose again what is already answered or under way (issue 13).

A history written for the purpose: Bo asked for coaching on presenting and Ann promised a
session with Carla in the same breath, then reported it set up; Bo's course starts on Oct 19.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import pair_doc, write_json

STEPS = pair_doc(
    "p-steps",
    notes=[
        {"id": "s1", "date": "2026-09-02",
         "text": "Bo wants coaching on presenting to executives. I will set up a session with Carla from the "
                 "comms team by September 20.\n\nRelease 4.2 slipped a week."},
        {"id": "s2", "date": "2026-09-22", "text": "Set up the session with Carla; it is on October 1. Release 4.2 "
                                                   "went out."},
        {"id": "s3", "date": "2026-10-06",
         "text": "Bo will take the internal presentation skills course starting Oct 19. Exec pitch practice "
                 "next month."},
    ],
    goals=[{"id": "g1", "title": "Present to executives with confidence", "owner": "bo", "status": "on_track",
            "description": "Pitch roadmap updates to the exec team crisply."}],
)  # fmt: skip


def _plan(coach, tmp_path, as_of: date):
    coach.import_paths([write_json(tmp_path / "steps.json", STEPS)])
    (goal,) = coach.plan("p-steps", "bo", as_of).goals
    return [a.title for a in goal.actions], [line for line, _ in goal.reality]


def test_a_step_the_other_member_promised_and_kept_is_reported_done_not_proposed(coach, tmp_path):
    titles, reality = _plan(coach, tmp_path, date(2026, 10, 28))
    assert not any("coaching on presenting" in t.lower() for t in titles), titles
    assert any(line.startswith("Done: Set up the session with Carla") for line in reality), reality


def test_a_step_whose_start_day_has_passed_is_under_way(coach, tmp_path):
    titles, _ = _plan(coach, tmp_path, date(2026, 10, 28))
    assert any(t.startswith("Check how it is going, under way since Oct 19") and "course" in t for t in titles), titles


def test_a_step_that_starts_later_is_not_under_way_yet(coach, tmp_path):
    titles, _ = _plan(coach, tmp_path, date(2026, 10, 12))
    course = [t for t in titles if "course" in t]
    assert course and not any("under way" in t for t in course), titles


def test_a_people_step_that_happened_is_followed_up_not_asked_for_again(coach, tmp_path):
    # the coaching Bo asked for happened (the session with Carla): the plan's people step checks
    # how it goes, it does not say the notes name no one to learn from
    titles, _ = _plan(coach, tmp_path, date(2026, 10, 28))
    assert any(t.startswith("Check how it is going") and "session with Carla" in t for t in titles), titles
    assert not any("no next step with people" in t for t in titles), titles


def test_the_agenda_follows_up_a_promise_already_started_as_under_way(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "steps.json", STEPS)])
    items = [i for i in coach.agenda("p-steps", "ann", date(2026, 10, 28)).items if "course" in i.title]
    assert items and items[0].why.startswith("Under way since Oct 19"), items
    items = [i for i in coach.agenda("p-steps", "ann", date(2026, 10, 12)).items if "course" in i.title]
    assert items and "Under way" not in items[0].why, items
