"""A labelled corpus of commitment lines: each form the ledger must read, and what it must not.

Pair: Priya Raman (manager, priya) and Tom Becker (employee, tom). Notes are dated Tuesday
2026-03-10 unless a case says otherwise; the next 1:1 is 2026-03-24.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.commitments.reading import Analyzer
from assistant.models import Pair, Person

PAIR = Pair(
    id="p-priya-tom",
    manager=Person(id="priya", name="Priya Raman"),
    employee=Person(id="tom", name="Tom Becker"),
)
DAY = date(2026, 3, 10)
NEXT_1_1 = date(2026, 3, 24)
ANALYZER = Analyzer(PAIR, next_checkin=lambda d: NEXT_1_1 if d < NEXT_1_1 else None)


def found(text: str, author: str = "priya", day: date = DAY):
    clauses = ANALYZER.analyze("n", day, author, text)
    return [(c.stated.owner, c.stated.text, c.stated.due) for c in clauses if c.stated]


# (author, note text, [(owner, words the text must contain, due)])
POSITIVE = [
    # action-item lists, AI lines, checkboxes
    (
        "priya",
        "Action items:\n- Priya: book the offsite venue by March 20\n- Tom: send the vendor shortlist",
        [("priya", "book the offsite venue", date(2026, 3, 20)), ("tom", "send the vendor shortlist", None)],
    ),
    (
        "priya",
        "Next steps:\n- Tom to draft the migration RFC by end of next week",
        [("tom", "draft the migration RFC", date(2026, 3, 20))],
    ),
    (
        "priya",
        "AI: Tom - fix the flaky checkout test by Friday",
        [("tom", "fix the flaky checkout test", date(2026, 3, 13))],
    ),
    (
        "priya",
        "AI: Priya: ask finance about the travel budget",
        [("priya", "ask finance about the travel budget", None)],
    ),
    (
        "tom",
        "- [ ] Tom: update the runbook for the new deploy flow (by 3/24)",
        [("tom", "update the runbook for the new deploy flow", date(2026, 3, 24))],
    ),
    ("tom", "- [ ] Priya - share the reorg FAQ this week", [("priya", "share the reorg FAQ", date(2026, 3, 13))]),
    ("priya", "- [ ] set up the team retro", [(None, "set up the team retro", None)]),
    (
        "priya",
        "TODO: Tom - clean up the feature flags by 9/11",
        [("tom", "clean up the feature flags", date(2026, 9, 11))],
    ),
    (
        "priya",
        "Follow-ups:\n* Tom: benchmark the new cache\n* Priya: get the security review scheduled by mid-April",
        [("tom", "benchmark the new cache", None), ("priya", "get the security review scheduled", date(2026, 4, 15))],
    ),
    # the author's own voice
    (
        "tom",
        "I'll pair with Jin on the billing bug tomorrow.",
        [("tom", "pair with Jin on the billing bug", date(2026, 3, 11))],
    ),
    (
        "tom",
        "I will send the design doc to Priya by mid-April.",
        [("tom", "send the design doc to Priya", date(2026, 4, 15))],
    ),
    (
        "tom",
        "I'm going to prepare a short demo for the all-hands.",
        [("tom", "prepare a short demo for the all-hands", None)],
    ),
    ("tom", "I promised to review Ana's PR before our next 1:1.", [("tom", "review Ana's PR", NEXT_1_1)]),
    ("tom", "I still owe her the quarterly numbers.", [("tom", "give Priya the quarterly numbers", None)]),
    (
        "tom",
        "I owe Priya a write-up on the outage by 3/20.",
        [("tom", "give Priya a write-up on the outage", date(2026, 3, 20))],
    ),
    (
        "priya",
        "I'll talk to HR about the title change this week.",
        [("priya", "talk to HR about the title change", date(2026, 3, 13))],
    ),
    # third person
    (
        "priya",
        "Tom will take the lead on the vendor evaluation.",
        [("tom", "take the lead on the vendor evaluation", None)],
    ),
    (
        "priya",
        "Tom to set up a meeting with legal by the end of the month.",
        [("tom", "set up a meeting with legal", date(2026, 3, 31))],
    ),
    ("priya", "Tom agreed to mentor the new intern.", [("tom", "mentor the new intern", None)]),
    (
        "priya",
        "Tom committed to shipping the export feature by April 3.",
        [("tom", "shipping the export feature", date(2026, 4, 3))],
    ),
    ("priya", "Tom said he'd look into the alert noise.", [("tom", "look into the alert noise", None)]),
    ("priya", "Tom said they'd look into the alert noise.", [("tom", "look into the alert noise", None)]),
    ("priya", "We agreed Tom would own the release notes going forward.", [("tom", "own the release notes", None)]),
    ("priya", "Tom is going to run the next incident review.", [("tom", "run the next incident review", None)]),
    (
        "priya",
        "Tom finished the API migration. He will also update the onboarding checklist.",
        [("tom", "update the onboarding checklist", None)],
    ),
    ("tom", "She'll circle back with the recruiter.", [("priya", "circle back with the recruiter", None)]),
    (
        "priya",
        "Priya will ask her director about headcount and share the answer next week.",
        [("priya", "ask her director about headcount and share the answer", date(2026, 3, 20))],
    ),
    ("priya", "Becker will draft the hiring plan.", [("tom", "draft the hiring plan", None)]),
    ("tom", "Priya offered to introduce me to the data team.", [("priya", "introduce Tom to the data team", None)]),
    ("priya", "Raman will confirm the budget by Thursday.", [("priya", "confirm the budget", date(2026, 3, 12))]),
    # joint: kept, owner left for the pair to settle
    (
        "priya",
        "We'll revisit the on-call schedule in two weeks.",
        [(None, "revisit the on-call schedule", date(2026, 3, 24))],
    ),
    # two promises in one sentence, each with its owner
    (
        "priya",
        "Tom will take the course starting April 6, and I'll cover his reviews while he does.",
        [("tom", "take the course", None), ("priya", "cover his reviews", None)],
    ),
    (
        "priya",
        "I suggested Dana from payments and will introduce them this week.",
        [("priya", "introduce them", date(2026, 3, 13))],
    ),
    # the owner as a label, the promise elided after it
    (
        "tom",
        "- Priya: will ask Dev whether I can present the results at the April all-hands",
        [("priya", "ask Dev whether I can present the results", None)],
    ),
    # a joint subject and an elided "will" after a comma: the author's promise
    (
        "tom",
        "Backfill plan: Raj and I have a draft, will finish it by Friday.",
        [("tom", "finish it", date(2026, 3, 13))],
    ),
    # "starting with" a first part of the work is not a habit; "starting with this week" is
    (
        "priya",
        "Tom will lead the rollout, starting with the EU region, by end of March.",
        [("tom", "lead the rollout, starting with the EU region", date(2026, 3, 31))],
    ),
    (
        "priya",
        "I'll hold my comments until the end, starting with this week's review.",
        [("priya", "hold my comments", None)],
    ),
    # a checkbox carrying a status report: the promise is what comes before it, the date the new one
    (
        "priya",
        "- [ ] Priya: conference budget for H2, finance hasn't answered yet; new date 3/26",
        [("priya", "conference budget for H2", date(2026, 3, 26))],
    ),
    # @mentions own the line items they open
    (
        "priya",
        "Next steps:\n- @tom book a session with the design systems team\n- @priya ask Helena about the budget",
        [
            ("tom", "book a session with the design systems team", None),
            ("priya", "ask Helena about the budget", None),
        ],
    ),
    # a promise not to do something is a promise
    (
        "priya",
        "Tom's feedback for me: I skipped two 1:1s. I committed to not cancelling again without offering another slot.",
        [("priya", "not cancelling again without offering another slot", None)],
    ),
    ("priya", "I'll book the pitch for the first week of April.", [("priya", "book the pitch", date(2026, 4, 7))]),
    # terse notes: arrows for owners, "me:" for the author, lower-case names
    (
        "priya",
        "- tom -> write reconciliation design doc, eow\n- priya -> get tom access to the data warehouse",
        [("tom", "write reconciliation design doc", date(2026, 3, 13)), ("priya", "get tom access", None)],
    ),
    (
        "priya",
        "me: promised to nominate tom for the leadership course",
        [("priya", "nominate tom for the leadership course", None)],
    ),
    ("priya", "I'll send a roadmap digest every other Friday.", [("priya", "send a roadmap digest", None)]),
    # a line in a member's voice: "I" is the speaker, not the note's author
    ("priya", "Tom: I'll send the migration plan by Friday.", [("tom", "send the migration plan", date(2026, 3, 13))]),
    # owner tags wherever they stand
    ("priya", "TODO(tom): clean up the feature flags", [("tom", "clean up the feature flags", None)]),
    (
        "tom",
        "Review the hiring loop - owner: Priya, due 3/31",
        [("priya", "Review the hiring loop", date(2026, 3, 31))],
    ),
    ("priya", "Owner: Tom — write the incident summary", [("tom", "write the incident summary", None)]),
    (
        "priya",
        "Action items:\n1. Tom - update the dashboard (3/20)",
        [("tom", "update the dashboard", date(2026, 3, 20))],
    ),
    # a quarter is a date after "by", a name before a noun
    ("priya", "Tom is going to own the Q2 roadmap.", [("tom", "own the Q2 roadmap", None)]),
    ("priya", "I'll ship the importer by Q2.", [("priya", "ship the importer", date(2026, 6, 30))]),
    # two subjects, two promises, joined by a comma
    ("priya", "I'll be out next week, Tom will cover standup.", [("tom", "cover standup", None)]),
    ("priya", "I'll ask legal if we need an NDA.", [("priya", "ask legal if we need an NDA", None)]),
    ("priya", "I'll have the doc ready by Friday.", [("priya", "have the doc ready", date(2026, 3, 13))]),
    # "will do it this week" after the promise is its date
    (
        "priya",
        "I still owe him the mentor intro, will do it this week.",
        [("priya", "give Tom the mentor intro", date(2026, 3, 13))],
    ),
    # a date someone outside the pair gave is not the pair's due date
    (
        "priya",
        "- [ ] Priya: candidate list from sales, they promised it for Friday",
        [("priya", "candidate list from sales", None)],
    ),
    # two people promising in one sentence, one of them in reported speech
    (
        "priya",
        "So we settled that he'll pull the escalation data, and I told him I would find out about the budget.",
        [("tom", "pull the escalation data", None), ("priya", "find out about the budget", None)],
    ),
    (
        "priya",
        "I told him he has my support, and that I'd write up what the case needs by March 20.",
        [("priya", "write up what the case needs", date(2026, 3, 20))],
    ),
    ("priya", "What I can do is ask Procurement about the contract.", [("priya", "ask Procurement", None)]),
    # a line the author addresses to themselves
    (
        "priya",
        "Note to self, and I mean it: raise his pay with HR before April 10.",
        [("priya", "raise his pay with HR", date(2026, 4, 10))],
    ),
    # delivering something is no state
    ("tom", "I'll have a draft to you by Friday.", [("tom", "have a draft to priya", date(2026, 3, 13))]),
    # the pair's, unassigned; and after a report, what follows from it
    ("priya", "- Someone to check with legal about the contract.", [(None, "check with legal", None)]),
    (
        "priya",
        "- Finance confirmed the course fits the budget → Tom to sign up for the Feb cohort",
        [("tom", "sign up for the Feb cohort", None)],
    ),
]

NEGATIVE = [
    ("tom", "I'd like to speak at the conference next year."),
    ("priya", "Tom wants to move to the platform team."),
    ("tom", "Maybe I'll try the new framework."),
    ("priya", "We could split the project into two phases."),
    ("priya", "Could you send me the slides?"),
    ("tom", "Goal: become a tech lead by Q4."),
    ("tom", "Should we move the 1:1 to Thursdays?"),
    ("priya", "Tom finished the API migration last week."),
    ("priya", "Imani covers the pager this weekend."),
    ("priya", "Imani will handle the customer escalation."),
    ("priya", "Imani said she will cover the on-call."),
    ("priya", "The team will be at the offsite on Friday."),
    ("tom", "If the budget is approved, I'll hire a contractor."),
    ("tom", "I might look at the flaky tests."),
    ("priya", "The release will go out on Monday."),
    ("priya", "Tom will be out on vacation next week."),
    ("priya", "Priya asked Tom to present at the guild."),
    ("priya", "Tom thinks the plan will work."),
    ("priya", "Tom was hoping to finish the refactor, but it slipped."),
    ("priya", "They will send the contract next week."),
    ("tom", "I used to send weekly updates."),
    ("tom", "I won't be able to attend the offsite."),
    ("tom", "- [x] Tom: write the postmortem"),
    ("priya", "Tom is thinking about whether he will apply for the lead role."),
    ("priya", "Will you have time for the review?"),
    ("tom", "Jin and Ana will pair on the migration."),
    ("priya", "Tom's goal is to lead the payments redesign."),
    ("priya", "Feedback for Tom: next time, share the agenda before the meeting."),
    # states, feelings and outcomes are not things one promises to do
    ("priya", "Tom will have his first on-call week in August."),
    ("priya", "Tom will get the promo if calibration goes well."),
    ("priya", "She'll love the new retro format."),
    ("priya", "Tom will feel more confident after the course."),
    ("priya", "Hopefully Tom will get the visa soon."),
    ("priya", "If Tom can't make it, I'll run the retro."),
]


@pytest.mark.parametrize(("author", "text", "expected"), POSITIVE, ids=[t[:40] for _, t, _ in POSITIVE])
def test_commitments_are_found_with_owner_and_due(author, text, expected):
    got = found(text, author)
    assert len(got) == len(expected), got
    for (owner, words, due), (g_owner, g_text, g_due) in zip(expected, got, strict=True):
        assert g_owner == owner, (g_owner, g_text)
        assert words.lower() in g_text.lower(), g_text
        assert g_due == due, (g_text, g_due)


@pytest.mark.parametrize(("author", "text"), NEGATIVE, ids=[t[:40] for _, t in NEGATIVE])
def test_not_commitments(author, text):
    assert found(text, author) == []


SIGNALS = [
    ("The shadowing session happened last Wednesday.", "done", None),
    ("Slides sent to Priya on Oct 7.", "done", None),
    ("Runbook update: done.", "done", None),
    ("Shared the reorg FAQ on Oct 7.", "done", None),
    ("The handbook draft isn't done yet.", "open", None),
    ("Still waiting on the budget answer.", "open", None),
    ("Any news on the security review?", "open", None),
    ("Interviewed 3 of 5 teams so far.", "open", None),
    ("Tom asked to push it to September 11.", "moved", date(2026, 9, 11)),
    ("New date 11/13.", "moved", date(2026, 11, 13)),
    ("Will do it at the next one on October 22.", "moved", date(2026, 10, 22)),
    ("The roadmap is half done; moving it to April 2.", "open", None),
    ("moving it to April 2", "moved", date(2026, 4, 2)),
    ("The gap list is in the team doc: features aren't versioned.", "done", None),
    ("I haven't raised it with finance yet.", "open", None),
    ("Resent the expectations doc during the meeting, sorry.", "done", None),
    ("Met Lucia for a first mentoring chat, thanks Priya!", "done", None),
    ("I'll need another week for the summary, so March 27.", "moved", date(2026, 3, 27)),
    ("Haven't done it yet, deadline is 3/13.", "moved", date(2026, 3, 13)),
    # progress on part of the work is not the end of it
    ("EU region done on March 12, US is next.", "open", None),
    ("Two sessions are booked, the rest still to do.", "open", None),
    ("The intro happened, first guild meeting is next Tuesday.", "done", None),
    ("Metrics doc: got it, thanks.", "done", None),
    ("First search review attended, learned a lot.", "done", None),
    ("Kenji aims to start it March 20.", "moved", date(2026, 3, 20)),
    ("I'll need until March 27 for the rest.", "moved", date(2026, 3, 27)),
    ("Marco moved to the payments squad, so no pairing; Tom does the spike solo.", "dropped", None),
    # a wish for a result is no report of it
    ("He'd like them fixed.", None, None),
    ("She wants it finished before the offsite.", None, None),
    ("Tom wanted the deck finished and it is done.", "done", None),
]


@pytest.mark.parametrize(("text", "signal", "moved_to"), SIGNALS, ids=[t[:40] for t, _, _ in SIGNALS])
def test_follow_up_signals(text, signal, moved_to):
    clauses = ANALYZER.analyze("n", DAY, "priya", text)
    assert clauses[0].signal == signal
    if moved_to:
        assert clauses[0].moved_to == moved_to


def test_a_topic_label_carries_to_the_rest_of_its_line():
    clauses = ANALYZER.analyze(
        "n", DAY, "priya", "Tom shipped it. Alerting audit: 14 noisy rules found. Write-up done."
    )
    assert [c.topic for c in clauses] == ["", "Alerting audit", "Alerting audit"]
    [owner_line] = ANALYZER.analyze("n", DAY, "priya", "- Tom: fix the flaky test")
    assert owner_line.topic == ""


def test_a_promise_not_to_do_something_stands_from_now_on():
    [clause] = [c for c in ANALYZER.analyze("n", DAY, "priya", "Priya promised never to skip the retro.") if c.stated]
    assert clause.stated.text == "not skip the retro" and clause.stated.recurring


def test_ticked_checkbox_reports_done_for_its_owner():
    [clause] = ANALYZER.analyze("n", DAY, "priya", "- [x] Tom: write the postmortem")
    assert clause.stated is None and clause.signal == "done" and clause.actor == "tom"


def test_a_name_shared_by_both_members_identifies_neither():
    pair = Pair(id="p", manager=Person(id="alex-m", name="Alex Stone"), employee=Person(id="alex-e", name="Alex Wu"))
    analyzer = Analyzer(pair)
    [(c)] = [
        c for c in analyzer.analyze("n", DAY, "alex-m", "Alex will send the notes. Wu will book the room.") if c.stated
    ]
    assert (c.stated.owner, c.stated.text) == ("alex-e", "book the room")


# -- note structure written by others: owner labels, tables, markers, dates, speaker turns ----

LABELLED = [
    ("TB to draft the cutover plan for the orders tables, by 3/20", "tom", "draft the cutover plan", date(2026, 3, 20)),
    ("- raise agency lead times with Marta in procurement (PR)", "priya", "raise agency lead times", None),
    ("- re-slot the worst 10 of the 23 over the next two weekends → Tom", "tom", "re-slot the worst 10", None),
    ("TODO(TB) pull last 8 wks of count variances by aisle", "tom", "pull last 8 wks of count variances", None),
    ("[owner: PR] peak temp-staff request, first cut by 27/3", "priya", "peak temp-staff request", date(2026, 3, 27)),
    ("AI/Tom: book the instructor course", "tom", "book the instructor course", None),
    ("- @tbecker send the rollout plan (by 3/13)", "tom", "send the rollout plan", date(2026, 3, 13)),
    ("TB/PR: go through the alert list together", None, "go through the alert list together", None),
]


@pytest.mark.parametrize(("text", "owner", "words", "due"), LABELLED, ids=[t[:30] for t, *_ in LABELLED])
def test_an_owner_label_in_any_position_with_any_separator(text, owner, words, due):
    [(got_owner, got_text, got_due)] = found(text)
    assert (got_owner, got_due) == (owner, due) and words in got_text


def test_a_label_naming_someone_outside_the_pair_is_not_the_pairs_commitment():
    assert found("Actions\n- PS to share the Q1 roadmap with the team\n- DW: finish the backfill scripts") == []


def test_a_table_with_an_owner_column_lists_the_pairs_commitments():
    table = (
        "| owner | action | due | status |\n|---|---|---|---|\n"
        "| Tom | Write offline-mode tech spec | 3/20 | open |\n"
        "| Priya | Share last year's guild charter | Fri | open |\n"
        "| Oren | Send Tom the sync engine ADRs | 3/16 | open |\n"
    )
    assert found(table) == [
        ("tom", "write offline-mode tech spec", date(2026, 3, 20)),
        ("priya", "share last year's guild charter", date(2026, 3, 13)),
    ]


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("- ~~@Tom cost breakdown per warehouse~~ ✔", "done"),
        ("- ~~TB: decommission the old cluster by end of April~~", "dropped"),
        ("- variances pulled ✅", "done"),
        ("- WMS access ⏳", "open"),
        ("- Hall B training: cancelled, no longer needed", "dropped"),
    ],
)
def test_status_markers_and_strikes_say_what_happened(text, signal):
    assert ANALYZER.analyze("n", DAY, "priya", text)[0].signal == signal


def test_dates_as_the_writer_writes_them():
    analyzer = Analyzer(PAIR, next_checkin=lambda d: None)
    analyzer.day_first = True  # this pair writes 27/3
    [clause] = [c for c in analyzer.analyze("n", DAY, "priya", "Tom will send the plan by 10/4.") if c.stated]
    assert clause.stated.due == date(2026, 4, 10)
    assert found("Tom will write the runbook until 27.03.") == [("tom", "write the runbook", date(2026, 3, 27))]
    assert found("Tom will test the interfaces by KW 13") == [("tom", "test the interfaces", date(2026, 3, 27))]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        # a month after "in" is when the work happens; "before June" means by the end of May
        ("Tom will run the phishing simulation in April.", date(2026, 4, 30)),
        ("Tom will book the instructor course before June.", date(2026, 5, 31)),
        # ... but a month that dates the event the action is for is not its due date
        ("Tom will nominate Priya for the guild talk slot in November.", None),
        # a weekday and its calendar date are one date
        ("Tom will write the rollback plan by Friday, April 23.", date(2026, 4, 23)),
        # a date that replaces another, and a date moved on a status line
        ("Tom will share it Thu 4/9 instead of 4/3.", date(2026, 4, 9)),
        ("Action items:\n- Tom: redo the banner copy, by 3/20, moved to 3/27", date(2026, 3, 27)),
        # a date in parentheses dates something else when one stands outside them
        ("Tom will send the go/no-go invite this week (meeting 4/12).", date(2026, 3, 13)),
        # "the Q1 budget" names a budget; "Friday afternoons" is a habit; "at our Thursday sync" a date
        ("I'll find out whether there is money left in the Q1 budget.", None),
        ("I'll stop booking meetings on Friday afternoons.", None),
        ("I'll raise it at our Thursday sync.", date(2026, 3, 12)),
        # a date that opens the clause dates the promise in it
        ("Next week I'll make a list of all the partners.", date(2026, 3, 20)),
        ("Tom will review it after lunch.", DAY),
    ],
)
def test_due_dates_as_people_write_them(text, due):
    [(_owner, _text, got)] = found(text)
    assert got == due


def test_a_transcript_line_spoken_by_someone_outside_the_pair_promises_nothing():
    transcript = "\n".join(
        [
            "Project Manager: I'll go first, then we move on.",
            "Marketing: I'll show you the presentation.",
            "Project Manager: Okay.",
            "Marketing: I'll call that slide back up.",
            "Project Manager: Right, let's move on.",
            "Priya: I'll send the minutes by Friday.",
        ]
    )
    assert found(transcript) == [("priya", "send the minutes", date(2026, 3, 13))]


def test_in_a_pasted_chat_each_handle_speaks_for_its_member():
    chat = "\n".join(
        [
            "[10:02] priya: can you pull the connector usage?",
            "[10:06] tbecker: yep, I'll send the usage sheet by thu",
            "[10:07] priya: thanks",
            "[10:09] priya: I'll ask Jin if she has cycles",
        ]
    )
    assert [owner for owner, _, _ in found(chat)] == ["tom", "priya"]


def test_a_promise_worded_with_move_keeps_its_words_and_its_date():
    # "move ... to" is the promise's own verb here, not a report that a date moved
    from assistant.commitments.phrasing import split_due

    action = "move it to Imogen before the end of March"
    text, due, _ = split_due(action, ANALYZER.dates(action, DAY), ANALYZER.people)
    assert (text, due) == ("move it to Imogen", date(2026, 3, 31))
    action = "send the deck, moved to Friday"  # a report of a new date: it goes with the date
    assert split_due(action, ANALYZER.dates(action, DAY), ANALYZER.people)[:2] == ("send the deck", date(2026, 3, 13))


def test_him_or_her_in_a_promise_told_about_the_other_member_is_never_the_writer():
    # Priya writes about Tom: "her" is Tom's contact or Tom, never Priya
    [(owner, text, _)] = found("He'll ask her this week whether the budget holds.")
    assert owner == "tom" and "Priya" not in text
    [(owner, text, _)] = found("Tom will write a handover doc before he goes, and I asked him to name a deputy.")
    assert owner == "tom" and "Priya" not in text


def test_a_word_of_moving_inside_the_promise_keeps_the_promise_whole():
    # "target" names the thing promised here; only a report of a new date goes with the date
    from assistant.commitments.phrasing import split_due

    for action, kept in [
        ("H2 cost target proposal (by 6/19)", "H2 cost target proposal"),
        ("new deadline tracker for the team (by Friday)", "new deadline tracker for the team"),
    ]:
        text, due, _ = split_due(action, ANALYZER.dates(action, DAY), ANALYZER.people)
        assert text == kept and due is not None
    action = "send the deck, new date: Friday"
    assert split_due(action, ANALYZER.dates(action, DAY), ANALYZER.people)[0] == "send the deck"


def test_a_quote_closed_after_the_promise_is_not_part_of_it():
    # Sunil: "I'll have a first version of the escalation checklist by the end of the month."
    [(owner, text, _)] = found('Tom: "I\'ll have a first version of the escalation checklist by the end of the month."')
    assert owner == "tom" and text == "have a first version of the escalation checklist"


def test_the_writers_you_is_the_other_member_so_the_promise_reads_the_same_to_both():
    chat = "\n".join(
        [
            "[10:01] tom: the meetup slot is mine",
            "[10:02] priya: nice!! I'll intro you to Sven, he runs it",
            "[10:03] tom: great",
            "[10:04] priya: and I'll get your slides reviewed by Friday",
            "[10:05] priya: I'll send a thank-you note to the hosts",
        ]
    )
    texts = [text for owner, text, _ in found(chat) if owner == "priya"]
    assert any(t.startswith("intro Tom to Sven") for t in texts), texts
    assert any("Tom's slides" in t for t in texts), texts
    assert any("thank-you note" in t for t in texts), texts


def test_in_a_note_that_names_its_author_and_never_says_i_she_may_be_the_author():
    # a meeting bot's summary, filed by Priya: "she" is Priya, not Tom
    bot = (
        "## Key points\n- [26:15] Tom asked for feedback on his roadmap presentation. Priya said the evidence "
        "was strong but the solution section was too long, and that she would send written feedback by Thursday."
    )
    assert [(o, t) for o, t, _ in found(bot)] == [("priya", "send written feedback")]
    # written by Priya in her own voice, "she" is still Tom's side of the pair, never the writer
    own = "Tom asked for feedback on his deck. I said it was strong. Tom said she would send the numbers by Thursday."
    assert all(o != "priya" for o, _, _ in found(own))


def test_an_item_given_to_someone_elses_team_is_not_the_pairs():
    items = (
        "## Next steps\n- Marco's team to answer the tokenization questions by Friday.\n"
        "- Tom's team to ship the fix by Friday."
    )
    assert [(o, t) for o, t, _ in found(items)] == [(None, "Tom's team to ship the fix")]  # Tom is in the pair


def test_labelled_fields_owner_and_due_on_one_line():
    # an email recap's "Owner: X. Task. Due: date." lines
    items = (
        "Actions\n- Owner: Tom. Draft the Northwind account plan. Due: Sep 12.\n"
        "- Owner: Priya. Find budget for the negotiation course. Due: end of September."
    )
    assert found(items) == [
        ("tom", "draft the Northwind account plan", date(2026, 9, 12)),  # a verb in lower case, names kept
        ("priya", "find budget for the negotiation course", date(2026, 9, 30)),
    ]


def test_the_writer_named_in_the_present_tense_promises_the_base_form():
    # "Agreed: Priya books the room" written by Priya herself: "book the room", as for Tom
    assert [(o, t) for o, t, _ in found("Agreed: Priya books the room for the offsite by Friday.")] == [
        ("priya", "book the room for the offsite")
    ]


def test_a_date_phrase_that_is_what_is_done_stays_in_the_words():
    # "the next one" is the next meetup here, not a due date: "do though" said nothing
    said = "[10:20] tom: can't, I'm out 8th–12th. I'll do the next one though"
    assert [(o, t) for o, t, _ in found(said, author="tom")] == [("tom", "do the next one")]


def test_you_in_a_note_written_to_the_other_member_is_them():
    # a recap addressed to Tom: "you" promise Tom's, "me" the writer's; what "you" will receive is no promise
    assert found("You'll send me the revised deck by Friday.") == [
        ("tom", "send Priya the revised deck", date(2026, 3, 13))
    ]
    assert found("You agreed to write up the incident review by next Tuesday.")[0][:2] == (
        "tom",
        "write up the incident review",
    )
    assert found("You'll get the draft by Thursday.") == []
    assert found("Things I suggested: you could try time-boxing queue work.") == []


def test_arrow_items_and_a_weekday_with_its_day_of_the_month():
    # "→ Name: action" lines, also after a sentence on the same line; "Fri 16th" is the 16th
    notes = (
        "1. Q1 priorities: the billing migration is the big one.\n"
        "   → Tom: write the backfill plan and share it with Ops (Fri 13th)\n"
        "2. Dry run went badly. Tom will split it into two nights. → Tom: rerun the dry run (Thursday the 19th)\n"
        "3. Question: can Tom work from home on Fridays? -> Priya: yes, ok for the team."
    )
    assert found(notes) == [
        ("tom", "write the backfill plan and share it with Ops", date(2026, 3, 13)),
        ("tom", "split it into two nights", None),
        ("tom", "rerun the dry run", date(2026, 3, 19)),
    ]


def test_a_weekday_and_a_day_of_the_month_name_one_date():
    from assistant.text.dates import find_dates

    def dates(text):
        return [(d.phrase, d.value) for d in find_dates(text, date(2026, 1, 8))]

    assert dates("share it (Fri 16th)") == [("Fri 16th", date(2026, 1, 16))]
    assert dates("by Thursday the 29th") == [("Thursday the 29th", date(2026, 1, 29))]
    assert dates("Mon 3 more items") == [("Mon", date(2026, 1, 12))]  # a count, not a day


def test_a_date_taken_out_of_a_promise_takes_no_word_that_is_not_its_own_with_it():
    """ "for the whole week of May 18 and let Tomasz run it": the date goes to the due date, and
    the promise still reads "for the whole week and let Tomasz run it", not "week of and"."""
    said = "Tom will step out of the escalation rota for the whole week of May 18 and let Tomasz run it."
    assert found(said) == [
        ("tom", "step out of the escalation rota for the whole week and let Tomasz run it", date(2026, 5, 18))
    ]


@pytest.mark.parametrize(
    ("text", "standing"),
    [
        ("I'll set up a weekly review slot with Piotr.", False),  # done once: the slot is the habit
        ("Tom will schedule a monthly metrics review with QA.", False),
        ("From now on I'll post priority changes every Monday.", True),
        ("Tom will send the weekly report every Friday.", True),
        # a change in place from a day on, not a span of days
        ("Fair point. I'll restructure the forecast call from next Mon.", True),
        ("Tom will cover the pager from next Monday to Friday.", False),
    ],
)
def test_setting_up_a_habit_is_a_one_off_promise(text, standing):
    [stated] = [c.stated for c in ANALYZER.analyze("n", DAY, "priya", text) if c.stated]
    assert stated.recurring is standing


def test_a_members_first_letter_is_their_initial_only_where_it_is_no_word():
    from assistant.text.people import People

    ruth_kai = People.of(
        Pair(id="p", manager=Person(id="ruth", name="Ruth Adler"), employee=Person(id="kai", name="Kai Moreno"))
    )
    assert ruth_kai.lookup("K") == "kai" and ruth_kai.lookup("R") == "ruth"
    assert [pid for _, pid in ruth_kai.mentioned("R/K 1:1: K to pilot macros, 5K tickets")] == ["ruth", "kai", "kai"]
    ann_kai = People.of(
        Pair(id="p", manager=Person(id="ann", name="Ann Lee"), employee=Person(id="kai", name="Kai Moreno"))
    )
    assert ann_kai.lookup("A") is None and ann_kai.mentioned("A new plan for the offsite") == []


def test_the_act_after_a_state_in_one_promise_is_the_promise():
    # "I'll be the single decider ... and will tell X": being is no act; telling is
    got = found("- Freeze window: fair point. I'll be the single decider from now on and will tell Sam's manager.")
    assert got == [("priya", "tell Sam's manager", None)]
    assert found("Tom will be on call and will fix the alerts by Friday.") == [
        ("tom", "fix the alerts", date(2026, 3, 13))
    ]


def test_he_or_she_after_someone_outside_the_pair_was_named_last_is_not_the_pairs():
    # Raj is named after Tom: "she" may well be Raj, so the promise is no one's in the pair
    assert found("Tom and Raj met, she'll let him shadow the roadmap review in November.") == []
    assert found("Tom met Raj. He'll send the deck by Friday.") == []
    assert found("Raj met Tom, he will send the deck by Friday.") == [("tom", "send the deck", date(2026, 3, 13))]


def test_week_commencing_is_cut_from_the_promise_with_its_date():
    got = found("- Tom to run 5 partner interviews by w/c 23/03", day=date(2026, 3, 10))
    assert [(o, t) for o, t, _ in got] == [("tom", "run 5 partner interviews")], got


def test_the_owners_name_and_initials_tagging_an_action_line_are_not_part_of_what_is_promised():
    got = found("Actions:\n- Tom to run 5 partner interviews by Mar 20 (TB)\n- Intro Tom to Priti in product ops (PR)")
    assert got == [
        ("tom", "run 5 partner interviews", date(2026, 3, 20)),
        ("priya", "intro Tom to Priti in product ops", None),
    ]


def test_he_or_she_agreed_and_will_is_that_members_promise():
    said = "I told Tom the deploy freeze keeps getting ignored. He agreed and will raise it at the eng leads sync."
    assert found(said) == [("tom", "raise it at the eng leads sync", None)]
