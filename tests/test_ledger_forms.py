"""Forms a fresh history showed the ledger misreading, each on a short history written for it
(round 8): a report of a measure taken for a completion of the promise just discussed; ...
"""

from __future__ import annotations

from datetime import date

from assistant.commitments.linking import build, status_as_of
from assistant.models import Pair, Person
from tests.helpers import checkins

PAIR = Pair(id="p-fm-kr", manager=Person(id="kai", name="Kai Moreno"), employee=Person(id="ruth", name="Ruth Adler"))


def ledger(*notes: tuple[str, str, str], as_of: str = "2026-12-31"):
    """(date, author, text) per note -> [(owner, text, due, status)] with the rules alone."""
    built = build(PAIR, checkins(PAIR.id, notes), closer=None)
    out = []
    for item in built:
        st = status_as_of(item, date.fromisoformat(as_of), [])
        out.append((item.owner, item.text, item.due, st.status if st else None))
    return out


def status_of(found, words: str) -> str:
    (status,) = [s for _, text, _, s in found if words in text]
    return status


CAP = ("2026-09-21", "kai", "1:1 R/K\n- R will cap the Monday stand-ups at 20 min.")
SCREENSHOTS = ("2026-09-21", "kai", "- R will start the screenshot automation this sprint.")


def test_a_measure_reported_this_month_completes_nothing_it_does_not_name():
    """ "this month" names a time, not the thing just discussed; a fragment reporting a result
    gives no date to the promise before it."""
    found = ledger(
        CAP,
        ("2026-10-05", "kai", ("1:1 R/K\n- stand-ups: 20 min cap holding\n- CSAT 4.35 this month, above target 🎉")),
    )
    assert status_of(found, "cap the Monday stand-ups") == "open"
    found = ledger(CAP, ("2026-10-05", "kai", "1:1 R/K\n- CSAT 4.35 this month, above target 🎉"))
    assert status_of(found, "cap the Monday stand-ups") == "open"


def test_one_word_of_its_own_on_a_line_of_its_own_is_another_topics_report():
    slipped = "Screenshot automation slipped a week: the simulator runs are flaky."
    other = ledger(SCREENSHOTS, ("2026-10-05", "kai", slipped + "\n\nDroidcon: approved."))
    assert status_of(other, "screenshot automation") == "open"
    bare = ledger(SCREENSHOTS, ("2026-10-05", "kai", slipped + "\n\nDone."))
    assert status_of(bare, "screenshot automation") == "done"


def test_a_colon_list_of_two_promised_things_is_two_promises():
    found = ledger(
        ("2026-03-02", "kai", "Ruth: I owe you: the migration checklist by Friday, and the rollback plan by March 20."),
        ("2026-03-02", "kai", "- Kai will send Ruth: the offer letter draft, the relocation policy."),
    )
    assert ("ruth", "give Kai the migration checklist", date(2026, 3, 6), "open") in found
    assert ("ruth", "give Kai the rollback plan", date(2026, 3, 20), "open") in found
    assert {t for o, t, _, _ in found if o == "kai"} == {
        ("send Ruth the offer letter draft"),
        "send Ruth the relocation policy",
    }
    # a list with no promise before its colon, or of single words, stays as it was
    one = ledger(("2026-03-02", "kai", "- Ruth will bring the numbers: churn, NPS, and CSAT."))
    assert [t for _, t, _, _ in one] == ["bring the numbers: churn, NPS, and CSAT"]


def test_work_for_a_quarter_is_about_that_quarter_not_due_by_its_end():
    found = ledger(
        ("2026-03-02", "kai", "- Ruth will draft the hiring plan for Q2.\n- Kai will ship the pricing page by Q2."),
    )
    assert ("ruth", "draft the hiring plan for Q2", None, "open") in found
    assert ("kai", "ship the pricing page", date(2026, 6, 30), "open") in found


LOAD_TEST = (
    "2026-03-02",
    "kai",
    ("- Ruth will run the load test on the staging cluster.\n- Ruth will migrate the billing jobs."),
)


def test_the_work_reported_with_how_long_it_took_happened():
    found = ledger(
        LOAD_TEST,
        (
            "2026-03-16",
            "kai",
            ("- Load test on staging took the full week, results in the doc.\n- Billing jobs migration took 3 days."),
        ),
    )
    assert status_of(found, "load test") == "done"
    assert status_of(found, "billing jobs") == "done"


def test_a_delay_or_another_things_length_is_no_completion():
    delayed = ledger(
        LOAD_TEST,
        ("2026-03-16", "kai", "- Load test slipped: the staging cluster took a week to provision."),
        ("2026-03-17", "kai", "- Billing jobs migration took 3 days longer than planned, still going."),
    )
    assert status_of(delayed, "load test") == "open"
    assert status_of(delayed, "billing jobs") == "open"


def test_an_infinitive_promise_under_a_topic_label_is_kept_by_a_report_on_the_topic():
    """ "Postmortem for the March outage: Ruth to write it up": a promise (the label is a topic
    of five words, not a name), and "it" is the topic, so a report naming the topic keeps it."""
    made = ("2026-03-02", "kai", "- Postmortem for the March outage: Ruth to write it up.")
    assert ledger(made) == [("ruth", "write it up", None, "open")]
    found = ledger(made, ("2026-03-16", "kai", "- March outage postmortem: written up and in the wiki."))
    assert status_of(found, "write it up") == "done"
    dated = ("2026-03-02", "kai", "- Incident review: Ruth to write it up by Friday.")
    found = ledger(dated, ("2026-03-16", "kai", "- Incident review: written, Kai reviewed it."))
    assert status_of(found, "write it up") == "done"
    other = ledger(made, ("2026-03-16", "kai", "- Hiring plan: written, in the wiki."))
    assert status_of(other, "write it up") == "open"


def test_openness_is_no_delivery_even_to_a_model_that_would_close_anything():
    """ "She's open to Ruth transferring ..." says where someone stands: it keeps no promise to
    send Ruth the career ladder, whatever the closing model makes of the shared words; it does
    answer a promise to ask."""
    import numpy as np

    from assistant.commitments.closing import FEATURES, ClosingModel

    n = len(FEATURES)
    eager = ClosingModel(np.zeros((3, n)), np.array([0.0, 5.0, -1e3]), np.zeros(n), np.ones(n))
    made = (
        "2026-03-02",
        "kai",
        ("- I'll send Ruth the security engineering career ladder.\n- I'll ask Dana about a transfer."),
    )
    later = ("2026-03-30", "kai", "- Dana: she's open to Ruth transferring into security engineering in Q3.")
    built = build(PAIR, checkins(PAIR.id, [made, later]), closer=eager)
    found = {i.text: status_as_of(i, date(2026, 4, 1), []).status for i in built}
    assert found["send Ruth the security engineering career ladder"] == "open"
    assert found["ask Dana about a transfer"] == "done"
    sent = ("2026-03-30", "kai", "- Career ladder: she's happy with it, sent on the 20th.")
    built = build(PAIR, checkins(PAIR.id, [made, sent]), closer=eager)
    assert {i.text: status_as_of(i, date(2026, 4, 1), []).status for i in built}[
        "send Ruth the security engineering career ladder"
    ] == "done"


def test_a_condition_the_clause_ends_on_reports_nothing_done():
    """ "..., provided the rollout goes well": "provided" is a condition, not "provide" done;
    "she provided the numbers" still is."""
    made = ("2026-03-02", "kai", "- I'll provide Ruth the security engineering career ladder.")
    cond = (
        "2026-03-30",
        "kai",
        ("- Dana is fine with Ruth moving to security engineering, provided the rollout goes well."),
    )
    assert status_of(ledger(made, cond), "career ladder") == "open"
    did = ("2026-03-30", "kai", "- I provided Ruth the security engineering career ladder.")
    assert status_of(ledger(made, did), "career ladder") == "done"


def test_a_members_name_then_an_order_on_a_bullet_is_whose_it_is():
    """ "- Ruth: move the audit prep to Imogen" (a bullet, not an action-item list): Ruth's; a
    speaker's words with a subject or a report stay no promise of hers."""
    found = ledger(
        (
            "2026-03-02",
            "kai",
            ("- Ruth: move the audit prep to Imogen.\n- Ruth: hand the on-call rota to Femi by Friday."),
        ),
    )
    assert ("ruth", "move the audit prep to Imogen", None, "open") in found
    assert ("ruth", "hand the on-call rota to Femi", date(2026, 3, 6), "open") in found
    said = ledger(("2026-03-02", "kai", "- Ruth: the audit prep went to Imogen.\n- Ruth: glad the rota is sorted."))
    assert said == []


def test_a_promise_to_be_done_before_a_named_event_is_due_on_the_day_the_notes_give_it():
    """ "by the offsite", "before kickoff", "before the dry-run" name no date; the notes do,
    elsewhere ("the security offsite (Oct 27-28)", "kickoff is May 27", "dry-run booked: Thu
    3/12"). An event dated only by a month, or one already past, dates nothing."""
    found = ledger(
        (
            "2026-03-02",
            "kai",
            ("- Anneke wants a risks list at the security offsite (Oct 27–28).\n- Rollback dry-run booked: Thu 3/12"),
        ),
        (
            "2026-03-03",
            "kai",
            "- I'll write up the device posture design by the offsite.\n- Ruth: fix the DNS step before the dry-run.\n"
            "- Ruth will draft the comms plan before the launch.",
        ),
        (
            "2026-03-04",
            "ruth",
            (
                "[15:03] kai: kickoff is May 27\n"
                "[15:04] ruth: I'll write a 1-pager before kickoff so people come prepared"
            ),
        ),
        ("2026-03-05", "kai", "- The launch is in June."),
    )
    due = {text: d for _, text, d, _ in found}
    assert due["write up the device posture design by the offsite"] == date(2026, 10, 27)
    assert due["fix the DNS step before the dry-run"] == date(2026, 3, 12)
    assert due["write a 1-pager before kickoff so people come prepared"] == date(2026, 5, 27)
    assert due["draft the comms plan before the launch"] is None


def test_a_habit_every_evening_has_no_due_date():
    found = ledger(
        ("2026-06-20", "ruth", ("Promise to myself: say the talk out loud every evening until July 9, no skipping."))
    )
    assert [d for _, t, d, _ in found if "say the talk out loud" in t] == [None]


def test_a_lone_date_about_something_else_does_not_date_the_promise_just_made():
    """ "goal for Q2: night accuracy to 98% by end of June" after an undated promise: a target of
    its own, not the promise's date ("This week." or "first draft by July 10" still date it)."""
    found = ledger(
        (
            "2026-04-01",
            "kai",
            "- Ruth will raise agency lead times with Marta in procurement\n"
            "- goal for Q2: night accuracy to 98% by end of June",
        ),  # fmt: skip
    )
    assert ("ruth", "raise agency lead times with Marta in procurement", None, "open") in found
    # (the dates that do date it: test_ledger_linking.test_a_date_said_on_its_own_dates_the_promise_just_made)


def test_a_date_rather_than_the_old_one_moves_the_promise():
    made = build(PAIR, checkins(PAIR.id, [
        ("2026-05-04", "kai", "- I'll put a headcount request to Arjun by the 1st of June."),
        ("2026-05-20", "kai", "- I told Ruth the headcount request will go in by the 15th rather than the 1st."),
    ]), closer=None)  # fmt: skip
    assert status_as_of(made[0], date(2026, 6, 2), []).due == date(2026, 6, 15)


def test_first_thing_in_a_month_is_its_first_day_across_the_year_boundary():
    from assistant.text.dates import find_dates

    said = "I'll write the remediation plan for both first thing in January."
    assert [d.value for d in find_dates(said, date(2026, 11, 20))] == [date(2027, 1, 1)]
    assert [d.value for d in find_dates("at the start of March we switch", date(2026, 2, 2))] == [date(2026, 3, 1)]


def test_a_present_tense_act_going_on_the_sentence_of_one_just_promised_is_a_promise():
    """ "Agreed: I write the scope doc by May 15, and Kai finds someone to run the audit": both
    promised; another sentence with a present tense is not ("Kai finds it hard")."""
    found = ledger(
        (
            "2026-05-02",
            "ruth",
            ("Agreed: I write the audit scope doc by May 15, and Kai finds someone to actually run the audit."),
        ),
    )
    assert ("ruth", "write the audit scope doc", date(2026, 5, 15), "open") in found
    assert ("kai", "find someone to actually run the audit", None, "open") in found
    other = ledger(
        ("2026-05-02", "ruth", ("Agreed: I write the audit scope doc by May 15. Kai finds the audit hard to staff."))
    )
    assert [(o, t) for o, t, _, _ in other] == [("ruth", "write the audit scope doc")]


def test_no_longer_needing_to_do_it_drops_the_promise():
    found = ledger(
        ("2026-05-02", "ruth", "- Kai will find someone to run the accessibility audit."),
        ("2026-05-20", "kai", "- Tomas is back and runs the audit himself. I no longer need to find anyone."),
    )
    assert status_of(found, "find someone") == "dropped"


def test_a_chat_turn_opening_with_the_act_under_way_and_a_date_ahead_is_a_promise():
    """ "[16:21] kai: reading it over the weekend": Kai's promise; "working on the deck today"
    (what is under way now, no act to keep) and a report of the past are none."""
    found = ledger(
        ("2026-05-22", "kai", "[16:20] ruth: CDC 1-pager is up\n[16:21] kai: reading it over the weekend"),
        (
            "2026-05-23",
            "kai",
            ("[09:00] ruth: working on the deck today\n[09:01] kai: reading the brief yesterday helped"),
        ),
    )
    assert [(o, t, d) for o, t, d, _ in found] == [("kai", "read it", date(2026, 5, 24))]


def test_what_is_set_up_to_start_on_a_day_is_due_by_it():
    """ "set up a two-week trial starting Mar 9": due Mar 9; "take the course starting April 6"
    and "invite him to the monthly review starting in March" name no due date."""
    found = ledger(
        (
            "2026-03-02",
            "kai",
            "- Ruth will set up a two-week async standup trial starting Mar 9.\n"
            "- Ruth will take the SQL course starting April 6.\n"
            "- I'll invite Femi to the search review starting in March.",
        ),
    )
    due = {t: d for _, t, d, _ in found}
    assert [d for t, d in due.items() if t.startswith("set up")] == [date(2026, 3, 9)]
    assert [d for t, d in due.items() if not t.startswith("set up")] == [None, None]
