"""Forms two fresh histories showed the ledger misreading (round 10), each on a short history
written for it: email threads pasted into notes (forwarded messages, quoted replies, US dates
and relative dates), and a manager writing to the employee in the second person beside a
shared checklist with @mentions."""

from __future__ import annotations

from datetime import date

from assistant.commitments.linking import build, status_as_of
from assistant.models import Pair, Person
from tests.helpers import checkins

PAIR = Pair(
    id="p-em-gm", manager=Person(id="gordon", name="Gordon Achebe"), employee=Person(id="mari", name="Marisol Trent")
)


def ledger(*notes: tuple[str, str, str], as_of: str = "2027-03-01"):
    """(date, author, text) per note -> [(owner, text, due, status)] with the rules alone."""
    built = build(PAIR, checkins(PAIR.id, notes), closer=None)
    states = [(i, status_as_of(i, date.fromisoformat(as_of), [])) for i in built]
    return [(i.owner, i.text, st.due, st.status) for i, st in states if st is not None]


def test_a_forwarded_email_promises_in_its_writers_voice_and_the_note_resumes_after_the_quote():
    found = ledger(
        (
            "2026-10-06",
            "gordon",
            "1:1 with Marisol\n\n---------- Forwarded message ---------\nFrom: Marisol Trent\n"
            "Date: Mon, Oct 5, 2026 at 4:12 PM\nSubject: Re: vendor cleanup\nTo: Gordon Achebe\n\n"
            "Hi Gordon,\n\nI'll send you the list of duplicate vendor records by Friday.\n\nThanks,\nMarisol\n\n"
            "> On Mon, Oct 5, 2026 at 9:40 AM Gordon Achebe wrote:\n> Can you own the cleanup this quarter?\n\n"
            "Talked it through today. I'll set up a meeting with Procurement about the merges.",
        ),
    )
    (listing,) = [f for f in found if "duplicate vendor" in f[1]]
    assert listing[0] == "mari" and listing[2] == date(2026, 10, 9)
    (meeting,) = [f for f in found if "Procurement" in f[1]]
    assert meeting[0] == "gordon"


def test_the_header_of_a_pasted_email_reports_nothing():
    found = ledger(
        ("2026-11-02", "mari", "I'll book the Ridgeline credit memo by 11/6."),
        (
            "2026-11-03",
            "mari",
            "Pasting the thread.\n\nFrom: Gordon Achebe\nSent: Tuesday, November 3, 2026 11:15 AM\n"
            "To: Marisol Trent\nSubject: RE: Ridgeline credit memo\n\nThanks, talk Thursday.\n\nGordon\n\n"
            "From: Marisol Trent\nSent: Monday, November 2, 2026 5:01 PM\nTo: Gordon Achebe\n"
            "Subject: Ridgeline credit memo\n\nGordon, the credit memo is drafted, Legal has to look at it first.",
        ),
        as_of="2026-11-04",
    )
    (memo,) = [f for f in found if "credit memo" in f[1]]
    assert memo[3] == "open"  # "Sent: ..." is no report that it was done


def test_a_request_told_in_the_note_and_answered_yes_is_the_promise_of_the_member_asked():
    found = ledger(
        (
            "2027-01-05",
            "mari",
            "- Gordon asked me to cover the Treasury bank reconciliations while Anya is out. Yes, but only the "
            "two main operating accounts.\n"
            "- He also asked if I'd write a blog post about the pilot. Not this time.",
        ),
        (
            "2027-02-09",
            "gordon",
            "- I asked Marisol to present the pilot at the Finance all-hands in March. She'll do it, but only if "
            "the first two weeks of data are in by 3/10.",
        ),
        as_of="2027-02-10",
    )
    (recs,) = [f for f in found if "reconciliations" in f[1]]
    assert recs[0] == "mari"
    assert not any("blog post" in text for _, text, _, _ in found)  # declined
    (talk,) = [f for f in found if "all-hands" in f[1]]
    assert talk[0] == "mari" and talk[2] == date(2027, 3, 31)  # the condition's date is not the due date


def test_relative_and_fronted_dates():
    found = ledger(
        ("2026-10-06", "gordon", "I'll set up a meeting with Hal about the merges in the next two weeks."),
        as_of="2026-10-07",
    )
    assert found[0][2] == date(2026, 10, 20)


def test_a_share_of_the_work_done_is_progress_not_done():
    found = ledger(
        ("2027-02-09", "mari", "I'll document the 3-way match exceptions process for Kofi by end of Q1."),
        ("2027-03-09", "mari", "- Kofi process doc: started, about a third done."),
        as_of="2027-03-10",
    )
    (doc,) = found
    assert doc[3] == "open"


def test_a_promise_saying_it_restates_only_a_promise_of_its_own_owner():
    found = ledger(
        (
            "2026-12-01",
            "gordon",
            "- She asked about a title change to AP Supervisor. I can't promise it. I'll raise it at the comp "
            "review in January, no later than 1/22.\n"
            "- AP policy: I'm handing the early-payment discount update to Marisol, she knows the terms better "
            "than I do. She'll have it done by 12/18.",
        ),
        as_of="2026-12-02",
    )
    (title,) = [f for f in found if "comp review" in f[1]]
    assert title[0] == "gordon" and title[2] == date(2027, 1, 22)


def test_an_act_let_go_in_plain_words_is_dropped():
    found = ledger(
        ("2026-12-15", "gordon", "I'll get Dee's feedback on the FP&A shadowing for Marisol before the break."),
        ("2027-01-26", "gordon", "- Dee left on 1/15, so the FP&A feedback isn't going to happen. Sorry, Marisol."),
        ("2027-02-16", "gordon", "Before the offsite (2/18) I'll put together the headcount ask for Marisol to check."),
        as_of="2027-02-17",
    )
    (feedback,) = [f for f in found if "feedback" in f[1]]
    assert feedback[3] == "dropped"
    (ask,) = [f for f in found if "headcount" in f[1]]
    assert ask[2] == date(2027, 2, 18)  # a deadline fronted before the promise


def test_a_date_the_writer_corrected_is_replaced_by_the_correction():
    found = ledger(
        ("2026-11-03", "gordon", "Marisol will send the vendor list this week, no, next week."),
        ("2026-11-03", "mari", "I'll book the credit memo by 11/13, I mean 11/16."),
        as_of="2026-11-04",
    )
    (listing,) = [f for f in found if "vendor list" in f[1]]
    assert listing[2] == date(2026, 11, 13) and listing[1] == "send the vendor list"
    (memo,) = [f for f in found if "credit memo" in f[1]]
    assert memo[2] == date(2026, 11, 16)


def test_a_checklist_item_reporting_what_the_other_member_said_they_would_do():
    pair = Pair(
        id="p-sp-rt", manager=Person(id="renata", name="Renata Okafor"), employee=Person(id="theo", name="Theo Lind")
    )
    built = build(
        pair,
        checkins(
            pair.id,
            [("2026-07-21", "theo", "prep\n[ ] all-hands slot: @Renata said she'd ask Comms for a slot. Did she?")],
        ),
        closer=None,
    )
    (item,) = built
    assert item.owner == "renata" and item.text.startswith("ask Comms for a slot")


def test_leave_asked_for_is_no_request():
    found = ledger(
        ("2026-11-03", "gordon", "Marisol asked whether she could join the FP&A offsite. I said yes."),
        as_of="2026-11-04",
    )
    assert not any("offsite" in text for _, text, _, _ in found)
