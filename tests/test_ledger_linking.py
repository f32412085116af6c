"""Follow-up linking on small histories: the forms of progress, completion and moved dates that
real notes use, each a case that once went wrong. Lexical only (no embedder) unless a case
needs meaning: there, the real MiniLM."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.commitments.linking import build, status_as_of
from assistant.models import Pair, Person
from tests.helpers import checkins

PAIR = Pair(id="p-mw-up", manager=Person(id="marcus", name="Marcus Webb"), employee=Person(id="uma", name="Uma Patel"))


def ledger(*notes: tuple[str, str, str], as_of: str = "2026-12-31", embedder=None):
    """(date, author, text) per note -> {commitment text: (status, due, followup note id)}."""
    built = build(
        PAIR,
        checkins(PAIR.id, notes),
        embed=embedder.encode if embedder else None,
    )
    out = {}
    for item in built:
        st = status_as_of(item, date.fromisoformat(as_of), [])
        out[item.text] = (st.status, st.due, st.followup_note_id)
    return out


def test_a_presentation_given_is_the_promise_to_present_kept():
    got = ledger(
        ("2026-09-01", "marcus", "Uma will present the audit findings to the checkout squad by Sept 24."),
        ("2026-09-25", "marcus", "Uma gave the audit presentation a day early, on Sept 23."),
    )
    assert got == {"present the audit findings to the checkout squad": ("done", date(2026, 9, 24), "n2")}


def test_a_topic_line_moves_the_date_of_the_promise_before_it():
    history = (
        (
            "2026-08-04",
            "marcus",
            "Uma is leading the accessibility audit for checkout. She'll have the findings summarised by Aug 21.",
        ),
        ("2026-08-18", "uma", "- Audit: 30 of 42 screens reviewed. I'll need another week for the summary, so Aug 28."),
        ("2026-09-01", "marcus", "Audit summary landed on Aug 27, a day early."),
    )
    assert ledger(*history, as_of="2026-08-25") == {"have the findings summarised": ("open", date(2026, 8, 28), None)}
    assert ledger(*history) == {"have the findings summarised": ("done", date(2026, 8, 28), "n3")}


def test_part_of_the_work_done_is_not_the_whole():
    history = (
        ("2026-09-21", "marcus", "Uma promised to book the first three feedback sessions."),
        ("2026-10-05", "marcus", "Two feedback sessions are booked, the third is still open."),
        ("2026-10-19", "uma", "Third session finally booked for Oct 28."),
    )
    assert ledger(*history, as_of="2026-10-10") == {"book the first three feedback sessions": ("open", None, None)}
    assert ledger(*history) == {"book the first three feedback sessions": ("done", None, "n3")}


def test_an_answer_reported_completes_the_promise_to_find_out():
    got = ledger(
        ("2026-10-05", "marcus", "I'll check with legal whether we need an NDA for beta customers."),
        ("2026-10-20", "marcus", "Legal says no NDA needed, just the standard beta terms."),
    )
    assert got == {"check with legal whether we need an NDA for beta customers": ("done", None, "n2")}


def test_another_one_restates_the_promise_and_moves_its_date():
    got = ledger(
        (
            "2026-08-18",
            "marcus",
            "Helena approved the budget; Uma will pick a course and register by end of the month.",
        ),
        (
            "2026-09-01",
            "marcus",
            "Training: Uma hasn't registered yet, the course she wanted is full. She'll pick another one by Sept 11.",
        ),
    )
    assert got == {"pick a course and register": ("open", date(2026, 9, 11), None)}


def test_a_status_line_item_restates_the_promise_it_reports_on():
    got = ledger(
        (
            "2026-06-01",
            "marcus",
            "On the conference: no budget this half, but I'll ask Priscilla in finance about H2 by June 12.",
        ),
        ("2026-06-15", "marcus", "- [ ] Marcus: conference budget for H2, finance hasn't answered yet; new date 6/26"),
    )
    assert got == {"ask Priscilla in finance about H2": ("open", date(2026, 6, 26), None)}


def test_a_date_promised_by_someone_else_is_not_the_due_date():
    got = ledger(
        ("2026-09-07", "marcus", "I'm going to ask sales for a list of ten candidate customers."),
        ("2026-09-21", "marcus", "- [ ] Marcus: candidate list from sales, they promised it for Friday"),
    )
    assert got == {"ask sales for a list of ten candidate customers": ("open", None, None)}


@pytest.mark.model
def test_still_owing_restates_the_promise_in_other_words(minilm):
    got = ledger(
        ("2026-09-01", "marcus", "I promised to find her a mentor from the platform org."),
        ("2026-09-15", "marcus", "I still owe her the mentor intro, will do it this week."),
        ("2026-09-29", "uma", "Met Lucia (platform) for a first mentoring chat, thanks Marcus!"),
        embedder=minilm,
    )
    assert got == {"find Uma a mentor from the platform org": ("done", date(2026, 9, 18), "n3")}


def test_a_commitment_the_pair_let_go_is_dropped_not_overdue():
    got = ledger(
        ("2026-03-02", "marcus", "Uma will set up the skip-level with Gerald by March 20."),
        ("2026-03-30", "marcus", "Skip-level with Gerald: cancelled, Gerald left the company, no longer needed."),
        as_of="2026-04-15",
    )
    assert got == {"set up the skip-level with Gerald": ("dropped", date(2026, 3, 20), "n2")}


def test_a_struck_through_item_is_closed_and_a_struck_date_replaced():
    got = ledger(
        (
            "2026-03-02",
            "uma",
            "Action items\n- @Uma fct_orders incremental (by 3/13)\n- @Marcus review the plan (by 3/6)",
        ),
        (
            "2026-03-10",
            "uma",
            "Action items\n- @Uma fct_orders incremental (by ~~3/13~~ 3/27)\n- ~~@Marcus review the plan~~ ✔",
        ),
    )
    assert got == {
        "fct_orders incremental": ("open", date(2026, 3, 27), None),
        "review the plan": ("done", date(2026, 3, 6), "n2"),
    }


def test_the_shipped_models_load_and_match_their_features():
    from assistant.commitments.closing import ClosingModel
    from assistant.commitments.promises import PromiseModel

    assert ClosingModel.load() is not None and PromiseModel.load() is not None


def test_a_date_said_on_its_own_dates_the_promise_just_made():
    said = "- I'll introduce Uma to Dara, who made the same switch last year. This week."
    got = ledger(("2026-02-03", "marcus", said))
    assert got == {"introduce Uma to Dara, who made the same switch last year": ("open", date(2026, 2, 6), None)}
    got = ledger(
        ("2026-06-09", "marcus", "Uma offered to write the kickoff doc.\nAgreed: first draft by July 10, so I review."),
    )
    assert got == {"write the kickoff doc": ("open", date(2026, 7, 10), None)}


def test_a_date_on_its_own_is_no_due_date_when_it_has_a_subject_of_its_own():
    got = ledger(
        ("2026-02-23", "uma", "- Marcus to intro Uma to the SRE lead about weekend cover\n- Wren's out until Feb 27."),
    )
    assert got == {"intro Uma to the SRE lead about weekend cover": ("open", None, None)}


def test_a_date_that_replaces_the_old_one_moves_the_promise():
    got = ledger(
        ("2026-03-24", "uma", "- Uma to write the cutover retro, share it with PS by 4/3"),
        ("2026-04-07", "uma", "- Retro: draft done, PS has it. Sharing it properly Thu 4/9 instead of 4/3."),
        as_of="2026-04-08",
    )
    assert got == {"write the cutover retro, share it with PS": ("open", date(2026, 4, 9), None)}


def test_it_is_what_the_clause_before_it_on_its_line_was_about():
    got = ledger(
        ("2026-04-14", "marcus", "- Uma will write the H2 strategy doc by April 30.\n- Uma will ask the QA guild."),
        ("2026-04-28", "marcus", "- Uma said the H2 strategy doc is at one page; she'll finish it by May 8."),
        as_of="2026-05-01",
    )
    assert got["write the H2 strategy doc"] == ("open", date(2026, 5, 8), None)
    assert got["ask the QA guild"] == ("open", None, None)


def test_a_promise_made_instead_of_another_is_a_new_promise():
    got = ledger(
        ("2026-05-26", "marcus", "I'll set up a skip-level for Uma with Gerald before the end of Q2."),
        ("2026-06-23", "uma", "Gerald's skip-level is off; Marcus will set up an intro with Anne instead, in July."),
        as_of="2026-06-24",
    )
    assert got["set up an intro with Anne instead"][1] == date(2026, 7, 31)
    assert got["set up a skip-level for Uma with Gerald"][1] == date(2026, 6, 30)


@pytest.mark.parametrize(
    "report",
    [
        "Team charter: we agreed to drop it.",
        "The team charter is off; nobody needs it now.",
        "Priya's design team has taken over the team charter.",
        "Jorge is writing the team charter himself, so Uma doesn't need to.",
    ],
)
def test_a_promise_let_go_or_handed_to_someone_outside_the_pair_is_dropped(report):
    got = ledger(
        ("2026-03-03", "marcus", "Uma will draft a one-page team charter before April."),
        ("2026-03-17", "marcus", report),
    )
    assert got["draft a one-page team charter"][0] == "dropped"


@pytest.mark.parametrize(
    "note",
    [
        "Uma asked for the travel policy; I said I'd send it and did, right after the call.",
        "I'll send Uma the travel policy. Actually just did, while writing this.",
        "I'll set up a monthly metrics review with Benedikt. Invite went out straight after the call.",
    ],
)
def test_a_promise_kept_in_the_note_that_made_it_is_done(note):
    got = ledger(("2026-03-03", "marcus", note))
    assert [status for status, _, _ in got.values()] == ["done"]


def test_a_summary_and_its_action_item_list_state_one_promise_once():
    """A meeting export says each promise twice in one note: in its summary, then in its action
    items. One promise, one commitment, and a later report closes it (not just one copy)."""
    history = (
        (
            "2026-02-03",
            "marcus",
            "Summary\nUma will ask the vendor for a revised quote on the load-testing licence by Feb 10.\n\n"
            "Action items\n- Uma: ask the vendor for a revised load-testing licence quote (by Feb 10)",
        ),
        ("2026-02-12", "marcus", "The vendor sent the revised quote on Feb 9, Uma forwarded it."),
    )
    got = ledger(*history)
    assert len(got) == 1, got
    [(status, due, _)] = got.values()
    assert due == date(2026, 2, 10)


def test_a_new_promise_sharing_only_what_an_old_its_pointed_to_is_new():
    got = ledger(
        (
            "2026-02-24",
            "uma",
            "- Runbook: I have write the first part (Hall A). "
            "I will finish it by 06/03, because the test server is late.",
        ),
        ("2026-05-05", "marcus", "- Uma will write the tests for Hall B by 5/22."),
    )
    assert "write the tests for Hall B" in got


def test_the_same_light_verb_on_another_object_is_a_new_promise():
    got = ledger(
        ("2026-02-24", "uma", "Next week I will make a list of all EDI partners and message types."),
        ("2026-06-30", "marcus", "- Uma will make a plan for the last 6 EDI partners with dates, by 7/14."),
    )
    assert len(got) == 2


def test_an_action_item_restating_the_prose_gives_the_fuller_wording():
    got = ledger(
        (
            "2026-03-24",
            "marcus",
            "Uma wants more exposure upward, so I will set up a skip-level between Uma and Helena.\n\n"
            "Action items:\n- Marcus: set up a skip-level between Uma and Helena in April, with an agenda",
        ),
    )
    assert list(got) == ["set up a skip-level between Uma and Helena, with an agenda"]


def test_a_promise_sharing_only_its_verb_with_an_open_one_is_new():
    got = ledger(
        ("2026-05-19", "marcus", "- Audit scope agreed, audit tools ready.\n- Uma will run the audit by June 30."),
        ("2026-08-25", "uma", "- I'll run the portfolio review round in October."),
    )
    assert len(got) == 2


def test_a_request_of_its_own_after_a_promise_does_not_complete_it():
    got = ledger(
        (
            "2026-08-11",
            "marcus",
            "- Uma will send Jo a reading list on synthesis methods by Friday.\n"
            "- I asked her to help interview for the researcher role if it's approved.",
        ),
        as_of="2026-08-12",
    )
    assert got["send Jo a reading list on synthesis methods"][0] == "open"


def test_another_team_taking_over_keeps_a_promise_to_hand_the_work_over():
    got = ledger(
        ("2026-05-05", "marcus", "- Uma will hand the screenshot pipeline over to Tariq's team by 5/29."),
        (
            "2026-06-02",
            "marcus",
            "- Tariq's team took over the screenshot pipeline on 5/22; handover notes are in their space.",
        ),
    )
    assert got["hand the screenshot pipeline over to Tariq's team"] == ("done", date(2026, 5, 29), "n2")


def test_do_it_with_an_aside_restates_the_promise_it_follows():
    got = ledger(
        ("2026-03-24", "marcus", "Agreed: Marcus introduces Uma to Rashid (platform lead) this week."),
        ("2026-04-21", "marcus", "Rashid intro: not done yet, my fault. I'll do it this week, promise."),
        as_of="2026-04-22",
    )
    assert list(got) == ["introduce Uma to Rashid (platform lead)"], got
    assert got["introduce Uma to Rashid (platform lead)"][:2] == ("open", date(2026, 4, 24))


def test_a_notes_action_list_restating_its_prose_with_the_same_date_is_one_promise(minilm):
    """ "I'll check the training budget and get back to you by July 3" in the discussion, then
    "conference budget answer by 7/3" in the note's next steps: one promise, done once."""
    manager = PAIR.manager.id
    got = ledger(
        ("2026-06-25", manager, "Discussed\n- Conference: I'll check the training budget and get back to you "
         "by July 3.\nNext steps\n- Marcus: conference budget answer by 7/3"),
        ("2026-07-09", manager, "Carry-over\n- conference budget: approved, 1,200 EUR. Uma registered. ✅"),
        as_of="2026-07-20",
        embedder=minilm,
    )  # fmt: skip
    assert [(status, due) for status, due, _ in got.values()] == [("done", date(2026, 7, 3))], got


def test_a_notes_action_list_naming_the_same_outsider_as_its_prose_is_one_promise():
    """ "I'll ask Ravi from platform" in the discussion, "Marcus: intro Uma to Ravi" in the next
    steps: one promise; a list item about someone else is its own."""
    got = ledger(
        ("2026-08-20", "marcus", "Discussed\n- Uma asked for a mentor outside the team. I'll ask Ravi from platform.\n"
         "Next steps\n- Marcus: intro Uma to Ravi\n- Marcus: book the offsite with Priya"),
        as_of="2026-08-25",
    )  # fmt: skip
    assert sorted(got) == ["ask Ravi from platform", "book the offsite with Priya"], got


def test_a_request_told_in_the_notes_own_voice_and_accepted_is_the_authors_promise():
    """ "Marcus asked if I could mentor the new grad for the first month. Yes." in Uma's note is
    Uma's promise; one she turned down is none."""
    built = build(
        PAIR,
        checkins(
            PAIR.id,
            [
                ("2026-06-02", "uma", "Marcus asked if I could mentor the new grad for the first month. Yes."),
                ("2026-06-02", "uma", "Marcus asked if I could run the offsite. Not this quarter."),
            ],
        ),
    )
    assert [(i.owner, i.text) for i in built] == [("uma", "mentor the new grad for the first month")]


def test_a_first_names_letter_alone_names_a_member_and_a_question_on_a_checkbox_is_no_promise():
    """ "1:1 M/U" notes: "U to pilot macros, EOW", "M: will share the TL doc"; "[ ] can I shadow
    Marcus in the ops review?" is a question to raise, not a promise."""
    got = ledger(
        ("2026-09-07", "marcus", "1:1 M/U 7 Sep\n- U to pilot macros for the top 10 ticket types by Sep 11\n"
         "- M: will share the TL competency doc"),
        ("2026-10-04", "uma", "1:1 agenda\n[ ] can I shadow Marcus in the ops review?"),
        as_of="2026-09-08",
    )  # fmt: skip
    assert sorted(got) == ["pilot macros for the top 10 ticket types", "share the TL competency doc"], got
    built = build(PAIR, checkins(PAIR.id, [("2026-09-07", "marcus", "- U to pilot macros by Sep 11")]))
    assert [i.owner for i in built] == ["uma"]


def test_a_numbered_item_on_a_topic_of_its_own_reports_nothing_of_the_promise_before_it():
    # a recap's numbered items: the third's "approved" is about the certificate, not the
    # examples promised at the end of the second; the examples go as their own notes say
    history = (
        (
            "2026-01-14",
            "marcus",
            "Recap:\n1. Design docs: try the one-page template. I'll send you two good examples from the "
            "platform team.\n2. AWS cert: approved from the learning budget.",
        ),
        ("2026-01-28", "marcus", "- Examples: sorry, still owe you those. Will send tomorrow."),
        ("2026-02-12", "marcus", "- Design doc examples: sent this morning (finally, sorry)."),
    )
    got = ledger(*history, as_of="2026-01-20")
    assert got["send Uma two good examples from the platform team"][0] == "open"
    got = ledger(*history)
    assert got["send Uma two good examples from the platform team"][0::2] == ("done", "n3")


def test_it_on_a_line_of_another_topic_is_that_topic_not_the_promise_just_reported():
    # "Screenshots: Uma's on it, target Feb 27" moves nothing of the promise to ask legal that
    # the line before reported done; a one-word label that is a common word ("Legal:") is a topic
    history = (
        ("2026-02-02", "marcus", "- I'll ask legal whether the copy check can happen async."),
        (
            "2026-02-17",
            "marcus",
            "Legal: I asked them last week. Async is fine for small changes.\n\n"
            "Screenshots: Uma's on it, target Feb 27.",
        ),
    )
    got = ledger(*history)
    assert got == {"ask legal whether the copy check can happen async": ("done", None, "n2")}


def test_a_one_word_label_that_is_a_common_word_is_the_topic_its_line_moves():
    # "Taxonomy:" is no one's name: the new date the line asks for is the taxonomy's
    history = (
        ("2026-07-14", "uma", "- Dovetail: approved. I'll do the tag taxonomy. Wren migrates. Taxonomy by Aug 28."),
        (
            "2026-08-25",
            "uma",
            "- Taxonomy: going to be late. Wren found 300 untagged clips. I asked for Sept 11, Marcus said fine.",
        ),
    )
    got = ledger(*history, as_of="2026-09-01")
    assert got == {"do the tag taxonomy": ("open", date(2026, 9, 11), None)}


def test_having_it_done_by_a_date_dates_the_promise_it_points_to():
    got = ledger(
        ("2026-01-15", "uma", "One addition: I said I'd pair with Wei on the reconciliation script. I'll have that "
         "done by Jan 23."),
    )  # fmt: skip
    assert got == {"pair with Wei on the reconciliation script": ("open", date(2026, 1, 23), None)}


def test_a_promise_pushed_to_or_before_a_bare_day_of_the_month_moves_there():
    history = (
        ("2026-10-09", "marcus", "- I'll write down what ready for PO looks like by Oct 31."),
        ("2026-10-23", "marcus", "- Ready for PO doc: not started, will do by Nov 6."),
        ("2026-11-06", "uma", "- Marcus: ready-for-PO write-up pushed again, now before the 20th"),
    )
    got = ledger(*history, as_of="2026-11-18")
    assert got == {"write down what ready for PO looks like": ("open", date(2026, 11, 20), None)}


def test_the_person_asked_doing_what_they_were_asked_keeps_the_promise_to_ask():
    history = (
        (
            "2026-09-01",
            "marcus",
            "Actions\n- Owner: Marcus. Ask Marta to add Uma to the Northwind exec sync. Due: Sep 4.",
        ),
        ("2026-09-08", "uma", "prep for tuesday\n- marta added me to the exec sync 👍"),
    )
    # by the rules alone: the closing model is not needed for what the words say
    [item] = build(PAIR, checkins(PAIR.id, history), closer=None)
    st = status_as_of(item, date(2026, 9, 20), [])
    assert (item.text, st.status, st.followup_note_id) == (
        "ask Marta to add Uma to the Northwind exec sync",
        "done",
        "n2",
    )


def test_an_action_line_that_names_the_person_then_the_act_restates_the_promise():
    # "Marcus: Priti intro, this week" is the intro promised before, not a second promise
    history = (
        ("2026-09-10", "marcus", "Actions:\n- Intro Uma to Priti in product ops (MW)"),
        ("2026-09-24", "marcus", "Priti intro still to do, my bad.\n\nActions:\n- Marcus: Priti intro, this week"),
        ("2026-10-09", "marcus", "Priti: intro sent this morning, apologies for the wait."),
    )
    got = ledger(*history)
    assert list(got) == ["intro Uma to Priti in product ops"] and got["intro Uma to Priti in product ops"][0::2] == (
        "done",
        "n3",
    ), got


def test_one_in_a_compound_word_points_back_to_nothing(minilm):
    # "one-page" is no "one": the template promise does not take its line's topic as what it
    # is about, so the examples sent close the examples
    history = (
        (
            "2026-01-14",
            "marcus",
            "Hi Uma,\n\n1. Billing migration: you'll own the cutover plan. First draft to me by Jan 28.\n"
            "2. Design docs: we agreed you'll try the one-page template on the next RFC. I'll send you two good "
            "examples from the platform team.\n3. AWS cert: approved from the learning budget.\n\nMarcus",
        ),
        ("2026-01-28", "marcus", "- Examples: sorry, still owe you those. Will send tomorrow."),
        ("2026-02-11", "uma", "Topics for Thursday:\n- Still waiting on the design doc examples"),
        ("2026-02-12", "marcus", "- Design doc examples: sent this morning (finally, sorry)."),
    )
    got = ledger(*history, as_of="2026-02-20", embedder=minilm)
    assert got["send Uma two good examples from the platform team"][0::2] == ("done", "n4"), got
