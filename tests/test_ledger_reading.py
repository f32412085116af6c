"""Reading promises as writers make them, by mechanism, on short histories written for the
purpose: a member's present-tense act with a date ahead ("I send the plan until 12.05.",
"Uma books the room by Friday"), subjects after a topic label or a lead-in ("Hiring: I call
the agency", "Good idea, I ..."), and what is no promise (a state, an intention, a start date,
a question)."""

from __future__ import annotations

from datetime import date

from assistant.commitments.linking import build, status_as_of
from assistant.models import Pair, Person
from tests.helpers import checkins

PAIR = Pair(id="p-lk-to", manager=Person(id="liv", name="Liv Kaur"), employee=Person(id="tomas", name="Tomas Ruiz"))


def ledger(*notes: tuple[str, str, str], as_of: str = "2026-12-31"):
    """(date, author, text) per note -> {commitment text: (owner, status, due)}."""
    built = build(
        PAIR,
        checkins(PAIR.id, notes),
    )
    out = {}
    for item in built:
        st = status_as_of(item, date.fromisoformat(as_of), [])
        out[item.text] = (item.owner, st.status, st.due)
    return out


def test_a_present_tense_act_with_a_date_ahead_is_a_promise_of_its_subject():
    got = ledger(
        (
            "2026-04-07",
            "liv",
            "- Tomas sends the vendor shortlist until 17.04.\n- I book the training room by Friday 10.04.",
        )
    )
    assert got == {
        "send the vendor shortlist": ("tomas", "open", date(2026, 4, 17)),
        "book the training room": ("liv", "open", date(2026, 4, 10)),
    }


def test_a_subject_after_a_topic_label_promises_too():
    got = ledger(("2026-04-07", "tomas", "- Hiring: I call the agency about the two open roles by 20.04."))
    assert got == {"call the agency about the two open roles": ("tomas", "open", date(2026, 4, 20))}


def test_states_intentions_starts_and_questions_in_the_present_are_no_promises():
    got = ledger(
        (
            "2026-04-07",
            "liv",
            "- Tomas aims to start the migration on 20.04.\n"
            "- Tomas expects the licences on 15.04.\n"
            "- I shadow the support rota from the week of 27.04.\n"
            "- Tomas has two interviews on 14.04.\n"
            "- Do I send the budget until 30.04.?",
        )
    )
    assert got == {}


def test_a_deadline_in_parentheses_is_the_due_date_and_me_is_the_author():
    got = ledger(("2026-03-02", "tomas", "### Action items\n- [ ] @Liv send me the hiring plan for Q2 (by 3/9)"))
    assert got == {"send Tomas the hiring plan for Q2": ("liv", "open", date(2026, 3, 9))}


def test_an_act_said_with_a_light_verb_is_a_promise_and_a_state_is_not():
    got = ledger(
        (
            "2026-04-07",
            "liv",
            "Tomas is worried about the on-call load. He's going to have the hard conversation with Ana this week.\n"
            "Tomas will have his first week as lead in May.",
        )
    )
    assert list(got) == ["have the hard conversation with Ana"]
    assert got["have the hard conversation with Ana"][:2] == ("tomas", "open")


def test_a_note_to_self_mid_paragraph_and_an_unassigned_action_item_are_promises():
    got = ledger(
        (
            "2026-04-07",
            "tomas",
            "Long week. Promise to myself: finish the Rust course by the end of May.\n\n"
            "### Action items\n- Someone to check with legal whether the data can leave the EU.",
        )
    )
    assert got == {
        "finish the Rust course": ("tomas", "open", date(2026, 5, 31)),
        "check with legal whether the data can leave the EU": (None, "open", None),
    }


def test_a_second_subject_with_its_own_present_act_is_its_own_promise():
    got = ledger(
        (
            "2026-04-07",
            "tomas",
            "- Agreed: I write the migration runbook by 24.04., and Liv finds a reviewer from the SRE team by 30.04.\n"
            "- [10:05] Liv will book the retro room by Friday.",
        )
    )
    assert got["write the migration runbook"] == ("tomas", "open", date(2026, 4, 24))
    assert got["find a reviewer from the SRE team"] == ("liv", "open", date(2026, 4, 30))
    assert got["book the retro room"] == ("liv", "open", date(2026, 4, 10))


def test_a_present_tense_arrangement_on_a_date_is_a_schedule_not_a_promise():
    got = ledger(
        (
            "2026-04-07",
            "liv",
            "Agreed: Tomas joins the support rota the week of 20.04. and leads standup on 27.04.\n"
            "Tomas sends the rota draft by 17.04.",
        )
    )
    assert got == {"send the rota draft": ("tomas", "open", date(2026, 4, 17))}


def test_an_owner_label_on_a_hedge_or_an_apology_is_no_promise():
    got = ledger(
        (
            "2026-05-12",
            "liv",
            "Action items:\n- Tomas: maybe, if the spike leaves room.\n- Liv: sorry this dragged.\n"
            "- Tomas: send the spike plan to Liv by 5/20.",
        )
    )
    assert list(got) == ["send the spike plan to Liv"]


def test_a_promise_whose_act_was_left_out_is_no_commitment_of_its_time_clause():
    got = ledger(
        (
            "2026-03-03",
            "liv",
            "I still haven't talked to Ruth about the contractor budget, and I told Tomas I would "
            "before the offsite, because he needs to know.\n\nI will move it to Imogen before the end of June.",
        )
    )
    assert not any(text.startswith("before") or not text for text in got)


def test_a_day_first_dates_own_dot_does_not_cut_the_promise_in_two():
    got = ledger(("2026-03-10", "liv", "- Tomas will do all interface tests until 03.04. and send me the result."))
    assert list(got) == ["do all interface tests and send Liv the result"]


def test_a_title_before_a_name_ends_no_sentence():
    """ "Mrs. Kowalski" is one person: the promise keeps the name, and no second "sentence"
    starting at the name is read."""
    got = ledger(
        ("2026-04-07", "liv", "- I ask the warehouse manager of Hall B (Mrs. Kowalski) about the slots by 17.04.")
    )
    [(text, (owner, status, due))] = got.items()
    assert "Mrs. Kowalski" in text and (owner, due) == ("liv", date(2026, 4, 17)), got


def test_her_after_someone_outside_the_pair_on_the_line_is_not_the_other_member():
    """ "I'll ask her" right after "I haven't asked Marguerite" is Marguerite, not Tomas: a
    promise must not read "ask Tomas" to either member."""
    got = ledger(
        (
            "2026-11-10",
            "liv",
            "- Tomas asked again about shadowing the on-call. I haven't asked Marguerite yet; that one slipped. "
            "I'll ask her this week.",
        )
    )
    assert [text for text in got if text.startswith("ask")] == ["ask Marguerite"], got
    assert not any("Tomas" in text for text in got), got


def test_her_in_a_promise_told_about_the_other_member_is_the_one_person_the_line_named():
    got = ledger(("2026-06-09", "liv", "- Tomas needs a deputy. He thinks Kemi, and so do I; he'll ask her this week."))
    assert [text for text in got if text.startswith("ask")] == ["ask Kemi"], got


def test_a_date_range_taken_out_of_a_promise_leaves_nothing_behind():
    got = ledger(("2026-08-26", "liv", "- [owner: Tomas] sign off overtime for the stock-take weekend (5–6 Sep)"))
    assert got == {"sign off overtime for the stock-take weekend": ("tomas", "open", date(2026, 9, 6))}, got
