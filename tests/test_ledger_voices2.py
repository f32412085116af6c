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
