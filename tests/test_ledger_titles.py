"""A note's title line names the meeting and whose notes they are; it promises nothing (round 10:
"Prep for Tuesday (Owen)" was read as Owen's promise to "prep"). It is still read for what it
reports: on dev, "Session 2" closes "bring it to our next session"."""

from __future__ import annotations

from datetime import date

from assistant.commitments.linking import build, status_as_of
from assistant.models import Pair, Person
from tests.helpers import checkins

PAIR = Pair(
    id="p-po", manager=Person(id="priya", name="Priya Natarajan"), employee=Person(id="owen", name="Owen Gallagher")
)


def ledger(*notes: tuple[str, str, str], as_of: str = "2026-12-01"):
    built = build(PAIR, checkins(PAIR.id, notes), closer=None)
    states = [(i, status_as_of(i, date.fromisoformat(as_of), [])) for i in built]
    return [(i.owner, i.text, st.status) for i, st in states if st is not None]


def test_a_title_naming_whose_notes_they_are_is_no_promise():
    found = ledger(
        ("2026-06-16", "owen", "Prep for Tuesday (Owen)\n\nTopics I'd like to cover:\n- Study time on Fridays?"),
        ("2026-09-08", "owen", "Mid-year review (Owen)\n\n- Module 1 passed with merit."),
    )
    assert found == []


def test_a_first_line_that_is_a_sentence_still_promises():
    found = ledger(("2026-03-02", "priya", "I'll book the exam for Owen by Friday.\n\nOther notes follow."))
    assert [(owner, status) for owner, _, status in found] == [("priya", "open")]
