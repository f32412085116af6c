"""Forms two fresh histories showed the ledger misreading (round 9), each on a short history
written for it: a manager's dictated voice memos (fillers, restarts, sentences taken back,
spoken dates), and formal minutes in the passive voice beside the employee's tracker lines."""

from __future__ import annotations

from datetime import date

from assistant.commitments.linking import build, status_as_of
from assistant.commitments.spoken import unspoken
from assistant.models import Pair, Person
from tests.helpers import checkins

PAIR = Pair(
    id="p-vm-di", manager=Person(id="dana", name="Dana Whitfield"), employee=Person(id="ines", name="Ines Carvalho")
)


def ledger(*notes: tuple[str, str, str], as_of: str = "2027-03-01"):
    """(date, author, text) per note -> [(owner, text, due, status)] with the rules alone."""
    built = build(PAIR, checkins(PAIR.id, notes), closer=None)
    states = [(i, status_as_of(i, date.fromisoformat(as_of), [])) for i in built]
    return [(i.owner, i.text, st.due, st.status) for i, st in states if st is not None]


def test_a_promise_said_around_fillers_is_read_with_its_spoken_date():
    found = ledger(
        (
            "2026-11-05",
            "dana",
            "Voice memo after the one-on-one with Ines.\n\nUm, okay. She's going to, um, write up the "
            "postmortem for the payments outage, by the, uh, by the twentieth.",
        ),
    )
    (item,) = [f for f in found if "postmortem" in f[1]]
    assert item[0] == "ines" and item[2] == date(2026, 11, 20)


def test_a_sentence_taken_back_promises_nothing_and_a_self_answered_question_does():
    found = ledger(
        (
            "2026-12-10",
            "dana",
            "Memo, tenth of December. Ines.\n\nI'll look into whether she can do the online version. "
            "No, scratch that, there's no online version.\n"
            "I said I'd get Marcus's notes to her in, um, two weeks? Yeah, two weeks.",
        ),
    )
    assert not any("online version" in text for _, text, _, _ in found)
    assert any("Marcus's notes" in text and owner == "dana" for owner, text, _, _ in found)


def test_spoken_ordinals_become_dates_only_where_they_date():
    assert unspoken("Thursday the fifth, due February eighteenth.") == "Thursday the 5th, due February 18th."
    assert unspoken("Two sessions booked, the third is still open.") == "Two sessions booked, the third is still open."
    assert unspoken("the second week of March, the fifth attempt") == "the second week of March, the fifth attempt"
    plain = "Jack will write up the findings by Oct 16. I'll check with legal."
    assert unspoken(plain) == plain


# -- minutes in the passive voice, and a tracker's lines ---------------------------------------

MINUTES = Pair(
    id="p-jm-rk", manager=Person(id="ruth", name="Ruth Okafor"), employee=Person(id="kai", name="Kai Lindqvist")
)


def minutes(*notes: tuple[str, str, str], as_of: str = "2026-08-20"):
    """(date, author, text) per note -> [(owner, text, due, status)] as they stand on ``as_of``."""
    built = build(MINUTES, checkins(MINUTES.id, notes), closer=None)
    states = [(i, status_as_of(i, date.fromisoformat(as_of), [])) for i in built]
    return [(i.owner, i.text, st.due, st.status) for i, st in states if st is not None]


def test_a_promise_in_the_passive_voice_is_the_agent_s():
    found = minutes(
        (
            "2026-05-04",
            "ruth",
            "Minutes: 1:1, 4 May\n1. Training. Approval will be sought from Finance by Ruth.\n"
            "2. On-call. A review of those alerts will be carried out by Kai before 20 May.\n"
            "3. An introduction to the data platform lead (Sven) is to be made by Ruth.\n"
            "4. Storage. A follow-up on storage growth was requested, which will be prepared by Kai by 19 June.\n"
            "5. Legal. The contract will be reviewed by Legal by Friday.",
        ),
    )
    got = {(owner, text, due) for owner, text, due, _ in found}
    assert ("ruth", "seek approval from Finance", None) in got
    assert ("kai", "carry out a review of those alerts", date(2026, 5, 20)) in got
    assert ("ruth", "make an introduction to the data platform lead (Sven)", None) in got
    assert ("kai", "prepare a follow-up on storage growth", date(2026, 6, 19)) in got
    assert not any("contract" in text for _, text, _ in got)


def test_a_tracker_line_restates_the_promise_it_tracks_and_reports_it_done():
    made = (
        "2026-05-04",
        "ruth",
        "Minutes\n1. It was agreed that the Q3 capacity model would be drafted by Kai.\n"
        "2. A review of the billing alerts will be carried out by Kai.",
    )
    found = minutes(
        made,
        (
            "2026-05-11",
            "kai",
            "1:1 prep\n- ENG-412 capacity model -> me, in progress, EOW\n- ENG-418 billing alert review -> me, DONE",
        ),
    )
    assert [(o, t, d, s) for o, t, d, s in found if "capacity" in t] == [
        ("kai", "draft the Q3 capacity model", date(2026, 5, 15), "open")
    ]
    assert [(o, s) for o, t, _, s in found if "alert" in t] == [("kai", "done")]


def test_what_was_owed_then_sent_over_is_one_promise():
    found = ledger(("2026-11-05", "dana", "And I owe her the promo packet template, I'll send that over tomorrow."))
    assert found == [("dana", "give Ines the promo packet template", date(2026, 11, 6), "open")]


def test_minutes_it_was_agreed_that_a_member_would():
    found = minutes(("2026-06-03", "ruth", "3. It was agreed that Ruth would nominate Kai for the tech-lead track."))
    assert [(o, t) for o, t, _, _ in found] == [("ruth", "nominate Kai for the tech-lead track")]


def test_a_tracker_line_about_another_thing_does_not_close_the_item_just_listed():
    found = minutes(
        ("2026-05-29", "kai", "- ENG-433 pager rota rework -> me, 6/12\n- AWS -> approved!! thx Ruth"),
    )
    assert [(t, s) for _, t, _, s in found if "pager" in t] == [("ENG-433 pager rota rework", "open")]


def test_a_draft_up_for_review_is_written():
    found = ledger(
        ("2027-01-07", "dana", "Also she's going to draft the runbook for the payments retry job, end of January."),
        ("2027-02-11", "ines", "Runbook draft for the payments retry job is up for review."),
    )
    assert [(o, s) for o, t, _, s in found if "runbook" in t] == [("ines", "done")]


def test_a_migration_at_risk_is_open_and_a_revised_date_moves_it():
    found = minutes(
        ("2026-07-13", "kai", "- ENG-452 migrate dashboards to Grafana 11 -> me, 7/31"),
        (
            "2026-07-22",
            "ruth",
            "Minutes\n3. The Grafana migration is at risk owing to a plugin incompatibility. "
            "A revised date of 14 August was agreed.",
        ),
    )
    assert [(d, s) for _, t, d, s in found if "Grafana" in t] == [(date(2026, 8, 14), "open")]


def test_this_will_be_arranged_by_a_member_takes_on_what_was_requested():
    found = minutes(
        (
            "2026-06-24",
            "ruth",
            "Minutes\n3. It was requested that a mentor be found for Kai within the tech-lead track. "
            "This will be arranged by Ruth by mid-July.",
        ),
    )
    assert [(o, t, d) for o, t, d, _ in found] == [
        ("ruth", "find a mentor for Kai within the tech-lead track", date(2026, 7, 15))
    ]


def test_a_promise_taken_over_in_the_same_breath_is_the_taker_s():
    found = ledger(
        (
            "2026-11-19",
            "dana",
            "I said I'd file a ticket with the platform team, and actually she said she'd file it herself, "
            "she knows the details better.",
        ),
    )
    assert [(o, t) for o, t, _, _ in found] == [("ines", "file a ticket with the platform team")]


def test_off_my_list_because_it_was_sent_is_done():
    owed = ("2026-11-05", "dana", "And I owe her the promo packet template, I'll send that over tomorrow.")
    sent = ledger(owed, ("2026-11-06", "dana", "Quick memo. Template's gone to Ines, so that's off my list."))
    assert [s for _, t, _, s in sent if "template" in t] == ["done"]
    let_go = ledger(owed, ("2026-11-06", "dana", "Quick memo. She found one herself, so the template is off my list."))
    assert [s for _, t, _, s in let_go if "template" in t] == ["dropped"]


def test_a_tracker_line_of_one_word_names_the_thing_not_the_act():
    found = minutes(
        ("2026-06-24", "ruth", "Minutes\n3. A mentor for Kai will be found by Ruth by mid-July."),
        ("2026-07-13", "kai", "- mentor -> Ruth, ? (chased 7/10)"),
    )
    assert [(o, t) for o, t, _, _ in found] == [("ruth", "find a mentor for Kai")]


def test_a_tracker_line_moved_to_a_date_moves_the_promise():
    found = minutes(
        ("2026-06-03", "ruth", "Minutes\n1. A follow-up on storage growth will be prepared by Kai by 19 June."),
        ("2026-06-15", "kai", "- ENG-440 storage growth follow-up -> me, blocked on Sven's numbers, moved to 6/26"),
    )
    assert [(t, d) for _, t, d, _ in found] == [("prepare a follow-up on storage growth", date(2026, 6, 26))]
