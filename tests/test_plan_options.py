"""A plan's options where the notes offer no specific step (issue 13).

Histories written for the purpose: a nursing goal that names the new graduates to precept
(they are whom the goal is about, not people to learn it from), and a goal the notes give no
step for (the plan says so plainly rather than offering "someone who has done it" as filler).
"""

from __future__ import annotations

from datetime import date

from tests.helpers import pair_doc, write_json

PRECEPT = pair_doc(
    "p-precept",
    ("adaeze", "Adaeze Okafor"),
    ("callum", "Callum Byrne"),
    notes=[
        {
            "id": "s1",
            "date": "2026-11-04",
            "text": "B: Priya Nair and Tom Hale (new grads) start orientation with Callum Nov 16.",
        },
        {
            "id": "s2",
            "date": "2026-12-21",
            "text": "S: Tom Hale is transferring to the ED on Jan 4, approved by Gareth Pryce.\n"
            "B: Goal was to precept both new grads through orientation. Priya stays, Tom Hale said he is happy.",
        },
    ],
    goals=[
        {
            "id": "c2",
            "title": "Precept two new graduate nurses through orientation",
            "description": "Priya Nair and Tom Hale, orientation Nov-Jan.",
            "owner": "callum",
            "status": "on_track",
        }
    ],
)


def test_the_people_a_goal_is_about_are_not_whom_to_learn_it_from(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "precept.json", PRECEPT)])
    plan = coach.plan("p-precept", "callum", date(2027, 1, 10))
    titles = [a.title for g in plan.goals for a in g.actions]
    assert titles, plan
    assert not any(name in t for t in titles for name in ("Hale", "Tom", "Priya", "Goal (")), titles
    # with no one else named, the plan says the notes hold no one, and who to ask
    exposure = [a.title for g in plan.goals for a in g.actions if a.type == "exposure"]
    assert exposure and exposure[0].startswith("The notes hold no next step with people"), exposure
    assert "ask Adaeze" in exposure[0]


def test_a_partner_the_goal_is_done_with_is_someone_to_learn_from(coach, tmp_path):
    doc = pair_doc(
        "p-colead",
        notes=[{"id": "a1", "date": "2026-08-03", "text": "Bo talked with Felix about the escalation redesign."}],
        goals=[
            {
                "id": "g1",
                "title": "Co-lead the escalation redesign",
                "description": "Co-lead the redesign with Felix (product).",
                "owner": "bo",
                "status": "on_track",
            }
        ],
    )
    coach.import_paths([write_json(tmp_path / "colead.json", doc)])
    titles = [a.title for g in coach.plan("p-colead", "bo", date(2026, 8, 20)).goals for a in g.actions]
    assert any("ask Felix" in t for t in titles), titles


MENTORING = pair_doc(
    "p-sdr",
    ("kevin", "Kevin Osei"),
    ("dolores", "Dolores Vance"),
    notes=[
        {
            "id": "k1",
            "date": "2026-03-03",
            "text": "D / K 1:1 3/3\n- healthcare logos: 0 of 3 so far this half\n"
            "- D: wants to move toward enablement eventually → she'll mentor Jamal + Keiko (new SDRs) this half",
        },
        {
            "id": "k2",
            "date": "2026-03-10",
            "text": "D / K 1:1 3/10\n- SDRs: D running a weekly call-review w/ Jamal + Keiko in Gong, Thursdays",
        },
        {"id": "k3", "date": "2026-05-05", "text": "D / K 1:1 5/5\n- Northwind signed 5/1. logo 2 of 3"},
    ],
    goals=[
        {
            "id": "v1",
            "title": "Land 3 new healthcare logos this half",
            "description": "Mercy Health, Northwind Clinics.",
            "owner": "dolores",
            "status": "on_track",
        },
        {
            "id": "v2",
            "title": "Mentor the new SDRs",
            "description": "Jamal and Keiko ramped by end of H1.",
            "owner": "dolores",
            "status": "on_track",
        },
    ],
)


def test_mentoring_under_way_is_checked_on_not_proposed_and_serves_its_own_goal(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "sdr.json", MENTORING)])
    plan = coach.plan("p-sdr", "dolores", date(2026, 6, 10))
    titles = {g.goal.id: [a.title for a in g.actions] for g in plan.goals}
    # "she'll mentor Jamal + Keiko" shares "new" and "this half" with the logos goal: not its step
    assert not any("Jamal" in t for t in titles["v1"]), titles
    mentoring = [t for t in titles["v2"] if "Jamal" in t]
    # k2 reports the call reviews running: under way, so a check on how it goes, not a new step
    assert mentoring and mentoring[0].startswith("Check how it is going, under way since Mar 3"), titles


def test_someone_the_goal_is_taken_over_from_is_someone_to_learn_from(coach, tmp_path):
    doc = pair_doc(
        "p-edi",
        notes=[{"id": "e1", "date": "2026-03-10", "text": "Bo asked Jens about the EDI partners and message types."}],
        goals=[
            {
                "id": "g1",
                "title": "Take over the carrier EDI integrations from Jens",
                "description": "Document all EDI partners before he retires.",
                "owner": "bo",
                "status": "on_track",
            }
        ],
    )
    coach.import_paths([write_json(tmp_path / "edi.json", doc)])
    titles = [a.title for g in coach.plan("p-edi", "bo", date(2026, 4, 1)).goals for a in g.actions]
    assert any("ask Jens" in t for t in titles), titles


def test_a_goals_count_toward_its_number_is_in_its_reality(coach, tmp_path):
    from assistant.drafting.state import goal_states

    later = {**MENTORING["notes"][-1], "id": "k4", "date": "2026-05-19"}
    later["text"] = "Re-scoped w/ D: healthcare goal is 2 new logos + 1 expansion."
    coach.import_paths([write_json(tmp_path / "sdr.json", {**MENTORING, "notes": [*MENTORING["notes"], later]})])
    # the latest word on the goal is the re-scope; where it stands is still "logo 2 of 3"
    state = goal_states(coach.snapshot("p-sdr", "dolores", date(2026, 6, 10)))["v1"]
    assert state.latest and "Re-scoped" in state.latest[0] and state.progress and "2 of 3" in state.progress[0]
    plan = coach.plan("p-sdr", "dolores", date(2026, 6, 10))
    [logos] = [g for g in plan.goals if g.goal.id == "v1"]
    assert any("2 of 3" in line for line, _ in logos.reality), logos.reality


def test_shadowing_the_notes_report_done_is_not_proposed_again(coach, tmp_path):
    doc = pair_doc(
        "p-tl",
        ("ruth", "Ruth Adler"),
        ("kai", "Kai Moreno"),
        notes=[
            {"id": "s1", "date": "2026-09-07", "text": "1:1 R/K\n- K interested in team lead track"},
            {"id": "s4", "date": "2026-10-26", "text": "1:1 R/K\n- K shadowed ops review on the 19th, good questions"},
        ],
        goals=[
            {
                "id": "kg3",
                "title": "Prepare for the team lead track",
                "description": "TL competency doc; shadow ops reviews.",
                "owner": "kai",
                "status": "on_track",
            }
        ],
    )
    coach.import_paths([write_json(tmp_path / "tl.json", doc)])
    plan = coach.plan("p-tl", "kai", date(2026, 11, 2))
    exposure = [a for g in plan.goals for a in g.actions if a.type == "exposure"]
    assert exposure and exposure[0].title.startswith("Check how it is going, under way since Oct 26"), exposure
    assert "s4" in exposure[0].sources
