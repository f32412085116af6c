"""Promises made in dialogue, on short chat pastes written for the purpose: a request one
member makes and the other accepts is the accepter's promise (with the date the acceptance
gives); an offer accepted is the offerer's; a request declined or unanswered is none; "it" in
a turn is what that turn just promised; a bare "sent" closes what was just discussed."""

from __future__ import annotations

from datetime import date

from assistant.commitments.linking import build, status_as_of
from assistant.models import Pair, Person
from tests.helpers import checkins

PAIR = Pair(id="p-mo-ka", manager=Person(id="mona", name="Mona Reyes"), employee=Person(id="kai", name="Kai Lund"))


def ledger(*notes: tuple[str, str, str], as_of: str = "2026-12-31"):
    """(date, author, text) per note -> {commitment text: (owner, status, due)}."""
    built = build(
        PAIR,
        checkins(PAIR.id, notes),
        closer=None,
    )
    out = {}
    for item in built:
        st = status_as_of(item, date.fromisoformat(as_of), [])
        out[item.text] = (item.owner, st.status, st.due)
    return out


CHAT = """[09:00] mona: morning, chat 1:1 today
[09:01] kai: sure
[09:03] mona: can you write up the incident timeline for the postmortem?
[09:04] kai: yep, will have it by friday
[09:06] kai: also could you approve my training request?
[09:09] mona: can't this week, budget is frozen
[09:12] mona: shall I book the design review with the platform team?
[09:13] kai: yes please
"""


def test_a_request_accepted_is_the_accepters_promise_and_one_declined_is_none():
    got = ledger(("2026-03-02", "mona", CHAT))  # a Monday: "by friday" is 6 March
    assert got == {
        "write up the incident timeline for the postmortem": ("kai", "open", date(2026, 3, 6)),
        "book the design review with the platform team": ("mona", "open", None),
    }


def test_an_unanswered_request_is_no_promise():
    chat = (
        "[09:00] mona: quick one\n[09:01] kai: go\n[09:03] mona: can you draft the hiring rubric?\n"
        "[09:05] mona: oh and the offsite is moved to May\n[09:06] kai: noted"
    )
    assert ledger(("2026-03-02", "mona", chat)) == {}


def test_it_is_what_the_turn_just_promised_and_a_bare_sent_closes_what_was_discussed():
    first = (
        "[10:00] mona: hi\n[10:01] kai: can you send me the review template?\n[10:02] mona: sure, by thursday\n"
        "[10:03] kai: thanks"
    )
    second = (
        "[10:00] mona: hey\n[10:01] kai: hi\n[10:02] mona: I owe you the promo calendar. will send it by friday\n"
        "[10:03] kai: did the review template go out?\n[10:04] mona: argh no, sending now\n[10:05] mona: sent"
    )
    got = ledger(("2026-03-02", "mona", first), ("2026-03-09", "mona", second))
    assert got == {
        "send Kai the review template": ("mona", "done", date(2026, 3, 5)),
        "give Kai the promo calendar": ("mona", "open", date(2026, 3, 13)),
    }


def test_a_thing_and_its_link_deliver_what_was_offered():
    first = (
        "[09:00] mona: hi\n[09:01] kai: hey\n"
        "[09:02] mona: finance says the churn report double counts trials. can you own the fix?\n"
        "[09:03] kai: ok, mine\n[09:04] kai: also the onboarding guide to you by fri?\n[09:05] mona: yes pls"
    )
    second = (
        "[16:00] kai: onboarding guide → https://docs.example/onboarding\n"
        "[16:01] kai: the churn fix is still in review\n[16:02] mona: ok\n[16:03] mona: thanks\n"
    )
    got = ledger(("2026-03-02", "mona", first), ("2026-03-10", "kai", second))
    assert {text: status for text, (_owner, status, _due) in got.items()} == {
        "own the fix": "open",
        "send the onboarding guide": "done",
    }
