"""Reports read by the closing model (the shipped weights, the real MiniLM) on short histories
written for the purpose: a promise whose words name nothing ("I'll get it onto the list",
"she'll ask her") is known by the line it was made on; a "forgot" reports nothing done."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.commitments.closing import FEATURES
from assistant.commitments.linking import build, closing_examples, status_as_of
from assistant.models import Pair, Person
from tests.helpers import checkins

PAIR = Pair(id="p-lk-ro", manager=Person(id="lara", name="Lara Kent"), employee=Person(id="rosa", name="Rosa Ortiz"))


def statuses(*notes: tuple[str, str, str], embedder=None, as_of: str = "2026-12-31"):
    """(date, author, text) per note -> {commitment text: (status, followup note id)}."""
    built = build(PAIR, checkins(PAIR.id, notes), embed=embedder.encode if embedder else None)
    return {
        item.text: (st.status, st.followup_note_id)
        for item in built
        if (st := status_as_of(item, date.fromisoformat(as_of), []))
    }


def test_a_promise_keeps_the_line_it_was_made_on():
    built = build(
        PAIR,
        checkins(
            PAIR.id,
            (
                (
                    "2026-04-02",
                    "lara",
                    "Rosa wants the research repository moved into Dovetail. I'll get it onto the May planning list.",
                ),
            ),
        ),
    )
    [item] = built
    assert item.text == "get it onto the May planning list"
    assert "Dovetail" in item.source and item.source.endswith(item.text + ".")


@pytest.mark.model
def test_a_report_naming_only_what_the_line_named_is_close_to_the_promise(minilm):
    notes = checkins(
        PAIR.id,
        (
            (
                "2026-04-02",
                "lara",
                "Rosa thinks the escalation numbers would make the case for a tier-2 desk. So we settled "
                "that she'll pull them together for our next conversation.",
            ),
            ("2026-04-16", "lara", "Rosa shared the escalation numbers today: 38% are billing disputes."),
        ),
    )
    [(item, note_id, row)] = [e for e in closing_examples(PAIR, notes, minilm.encode) if e[1] == "n2"]
    named = dict(zip(FEATURES, row, strict=True))
    assert item.text == "pull them together for our next conversation"
    # the words of the promise share nothing with the report; its line does
    assert named["via_source"] > 0.2 and named["closeness"] > 0.45
    [item] = build(PAIR, notes, embed=minilm.encode)
    assert status_as_of(item, date(2026, 12, 31), []).followup_note_id == "n2"


@pytest.mark.model
def test_a_forgotten_item_closes_nothing(minilm):
    got = statuses(
        ("2026-06-01", "lara", "- I'll ask facilities about the broken fridge on nights."),
        ("2026-06-15", "rosa", "- nights fridge (Lara): forgot completely."),
        embedder=minilm,
    )
    assert got == {"ask facilities about the broken fridge on nights": ("open", None)}
