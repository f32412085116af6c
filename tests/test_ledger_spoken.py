"""Forms a fresh history showed the ledger misreading (round 9), each on a short history
written for it: a manager's dictated voice memos (fillers, restarts, sentences taken back,
spoken dates)."""

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
    out = []
    for item in built:
        st = status_as_of(item, date.fromisoformat(as_of), [])
        out.append((item.owner, item.text, item.due, st.status if st else None))
    return out


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
