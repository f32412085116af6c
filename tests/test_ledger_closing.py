"""What a closing report looks like, by mechanism, on short histories written for the purpose:
the answer of the person a promise was to ask ("Priya will cover ...", "Omar confirmed ..."),
a result stated rather than an act ("the PR is up", "the schedule is pinned"), an emphatic
"did" ("I did write up the case"); and what is none ("ready to", "up to you")."""

from __future__ import annotations

from datetime import date

from assistant.commitments.linking import build, status_as_of
from assistant.models import Pair, Person
from tests.helpers import checkins

PAIR = Pair(id="p-hs-jo", manager=Person(id="hana", name="Hana Sato"), employee=Person(id="joel", name="Joel Berg"))


def statuses(*notes: tuple[str, str, str], as_of: str = "2026-12-31"):
    """(date, author, text) per note -> {commitment text: (status, followup note id)}."""
    built = build(
        PAIR,
        checkins(PAIR.id, notes),
        closer=None,  # the rules alone: what the mechanism does, not what a fitted model adds
    )
    out = {}
    for item in built:
        st = status_as_of(item, date.fromisoformat(as_of), [])
        out[item.text] = (st.status, st.followup_note_id)
    return out


def test_the_answer_of_the_person_asked_keeps_the_promise_to_ask():
    got = statuses(
        ("2026-03-02", "hana", "- I'll ask Priya to cover Joel's support rota in August."),
        ("2026-03-16", "hana", "- Rota: Priya will cover the support rota in August, so the move is on."),
    )
    assert got == {"ask Priya to cover Joel's support rota": ("done", "n2")}


def test_an_answer_from_someone_else_is_no_answer():
    got = statuses(
        ("2026-03-02", "hana", "- I'll ask Priya to cover Joel's support rota in August."),
        ("2026-03-16", "hana", "- Rota: Omar said the support rota for August is still empty."),
    )
    assert got["ask Priya to cover Joel's support rota"][0] == "open"


def test_a_result_stated_closes_the_promise():
    got = statuses(
        (
            "2026-03-02",
            "joel",
            "I'll have the billing migration PR up by Friday. I'll draft the on-call schedule for April.",
        ),
        ("2026-03-09", "joel", "The billing migration PR is up, #812. The on-call schedule is pinned in #ops."),
    )
    assert got == {
        "have the billing migration PR up": ("done", "n2"),
        "draft the on-call schedule for April": ("done", "n2"),
    }


def test_an_emphatic_did_reports_it_done_and_ready_to_does_not():
    got = statuses(
        ("2026-03-02", "hana", "I'll write up the case for the senior title before the review."),
        ("2026-03-09", "hana", "Joel is ready to present the senior title case himself."),
        ("2026-03-20", "hana", "I did at least write up the senior title case, as I said I would."),
    )
    assert got == {"write up the case for the senior title before the review": ("done", "n3")}


def test_a_shortened_item_marked_done_closes_the_one_it_names_and_is_no_new_promise():
    got = statuses(
        (
            "2026-03-02",
            "joel",
            "### Action items\n- [ ] @Joel cost report per cluster + the ten most expensive jobs (by 3/13)\n"
            "- [ ] @Hana send me the staffing plan for Q2 (by 3/9)",
        ),
        (
            "2026-03-16",
            "joel",
            "### Action items\n- ~~@Joel cost report per cluster + top ten jobs (by 3/13)~~ ✔\n"
            "- @Hana staffing plan for Q2 (by 3/9): still pending",
        ),
    )
    assert got == {
        "cost report per cluster + the ten most expensive jobs": ("done", "n2"),
        "send Joel the staffing plan for Q2": ("open", None),
    }


def test_a_labelled_line_keeps_no_modal_and_the_one_told_confirming_closes_it():
    got = statuses(
        ("2026-03-02", "hana", "- HS: will ask OK whether the budget covers the course\n- HS: tell DP it moved"),
        ("2026-03-16", "hana", "- OK confirmed the course fits the budget\n- DP confirmed the new launch date"),
    )
    assert got == {
        "ask OK whether the budget covers the course": ("done", "n2"),
        "tell DP it moved": ("done", "n2"),
    }


def test_a_note_that_says_it_is_still_owed_never_closes_it(minilm):
    """ "Ingrid still owes it" in a note: a later clause of the same note that only resembles a
    report ("the write-up ... landed well") must not close the doc."""
    pair = Pair(
        id="p-owe", manager=Person(id="ingrid", name="Ingrid Berg"), employee=Person(id="felix", name="Felix Ahn")
    )
    notes = checkins(
        pair.id,
        [
            ("2026-08-04", "ingrid", "Ingrid will send Felix the tech lead doc by Aug 14."),
            (
                "2026-09-01",
                "ingrid",
                "The tech lead doc is late again; Ingrid still owes it. Feedback for Felix: the incident "
                "write-up was clear and landed well with the platform team.",
            ),
        ],
    )
    [doc] = [i for i in build(pair, notes, embed=minilm.encode) if "tech lead doc" in i.text]
    assert status_as_of(doc, date(2026, 9, 20), []).status == "open"


def test_a_promise_the_model_closes_shows_the_words_that_closed_it():
    """The fitted model judges a whole note; what a reader is shown as the report is the
    note's clause closest to the promise, never an empty quote."""
    built = build(
        PAIR,
        checkins(
            PAIR.id,
            [
                ("2026-07-09", "hana", "Next steps\n- JB: split the iOS work into tickets of max 2 days"),
                (
                    "2026-07-17",
                    "joel",
                    "Wins\n- Offline demo went fine.\n- iOS work split into 9 tickets, none over 2 days.",
                ),
            ],
        ),
    )
    (item,) = built
    closing = [e for e in item.events if e.kind.value in ("done", "dropped")]
    assert [(e.note_id, e.evidence) for e in closing] == [("n2", "iOS work split into 9 tickets, none over 2 days.")]
