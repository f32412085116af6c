"""Ask: answered when a note holds the answer in other words; "the notes don't say" when a note
only comes close (issue 13). A history written for the purpose, the real MiniLM."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.helpers import pair_doc, write_json

DOC = pair_doc(
    "p-ines-farid",
    ("ines", "Ines Moreau"),
    ("farid", "Farid Haddad"),
    notes=[
        {
            "id": "f1",
            "date": "2026-03-31",
            "text": "Night counts: accuracy 96.1% in February. Instructor course: not booked yet. Kemi promised "
            "to finish the macro audit by the end of March.",
        },
        {
            "id": "f2",
            "date": "2026-04-14",
            "text": "Instructor course: BOOKED 18-20 May, Leeds. Re-slot: 7 of 10 done. Farid will cover the "
            "Saturday shifts in July.",
        },
        {
            "id": "f3",
            "date": "2026-05-12",
            "text": "[01:00] The bug bash is on Thursday, May 14, with the two QA testers and six engineers. "
            "Kemi said yes to deputising over the summer.",
        },
        {
            "id": "f4",
            "date": "2026-05-26",
            "text": "| owner | action | due | status |\n|---|---|---|---|\n"
            "| Mateus | Android offline parity estimate | 8/14 | open |\n| Farid | Night audit plan | 6/1 | done |",
        },
    ],
)
DAY = date(2026, 6, 2)


@pytest.fixture
def farid(model_coach, tmp_path):
    model_coach.import_paths([write_json(tmp_path / "farid.json", DOC)])
    return model_coach


def test_an_answer_in_other_words_is_found(farid):
    reply = farid.ask("p-ines-farid", "farid", "when and where is my forklift trainer course?", DAY)
    assert reply.grounded and "f2" in reply.sources and "18-20 May" in reply.answer


@pytest.mark.parametrize(
    ("person", "question"),
    [
        # a timestamp and a count of testers are not a count of bugs
        ("farid", "How many bugs did the May 14 bug bash turn up?"),
        # the asker is no answer to a question about themselves
        ("farid", "Who covers the Saturday shifts while I'm on leave in August?"),
        # Kemi said yes to something else: the audit is not reported done
        ("ines", "Did Kemi finish the macro audit she promised?"),
        # 8/14 is the row's due date, not the estimate
        ("ines", "What did Mateus estimate for Android offline parity?"),
    ],
)
def test_a_note_that_only_comes_close_is_no_answer(farid, person, question):
    reply = farid.ask("p-ines-farid", person, question, DAY)
    assert reply.grounded is False and reply.sources == [], reply.answer


LATER = pair_doc(
    "p-ola-tim",
    ("ola", "Ola Berg"),
    ("tim", "Tim Sato"),
    notes=[
        {
            "id": "t1",
            "date": "2026-02-03",
            "text": "Tim will remove the old VPN profiles by end of February.\n"
            "- Supplier access review, first pass done: 40 suppliers, 6 with stale access.",
        },
        {
            "id": "t2",
            "date": "2026-03-03",
            "text": "The pricing test results are final: +3% revenue, no drop in sign-ups. "
            "Someone to send the pricing test results to the sales team.",
        },
        {"id": "t3", "date": "2026-03-17", "text": "Tim moved the VPN clean-up to April 10: the vendor was late."},
        {
            "id": "t4",
            "date": "2026-03-24",
            "text": "Release cadence: we talked it through. Decision: the web app goes onto a weekly release "
            "train from April 6. Tim will write the release train announcement for #eng by March 31.\n"
            "Tim posted the release steps write-up in #ops before the meeting ended.",
        },
    ],
)


@pytest.fixture
def ola(model_coach, tmp_path):
    model_coach.import_paths([write_json(tmp_path / "ola.json", LATER)])
    return model_coach


@pytest.mark.parametrize(
    "question",
    [
        # "no drop in sign-ups" reports nothing about sending the results
        "Did anyone send the pricing test results to the sales team?",
        # "Supplier" starting a line is the question's own word, not the supplier asked for
        "Which supplier caused the stale-access finding in the audit?",
    ],
)
def test_a_word_that_only_looks_like_an_answer_is_none(ola, question):
    reply = ola.ask("p-ola-tim", "ola", question, date(2026, 3, 10))
    assert reply.grounded is False and reply.sources == [], reply.answer


def test_the_new_date_is_one_a_note_moved_it_to(ola):
    """ "The new date" is not the date first promised; once a note moves it, that is the answer."""
    before = ola.ask("p-ola-tim", "ola", "What's the new date for Tim to remove the VPN profiles?", date(2026, 3, 10))
    assert before.grounded is False and before.sources == [], before.answer
    after = ola.ask("p-ola-tim", "ola", "What's the new date for Tim to remove the VPN profiles?", date(2026, 3, 20))
    assert after.grounded and "t3" in after.sources and "April 10" in after.answer


def test_a_decision_answers_did_we_decide_but_not_whether_it_was_announced(ola):
    """ "Decision: ..." reports a decision; it does not report that the announcement went out,
    and a post in #ops is not the one asked about in #eng."""
    day = date(2026, 3, 25)
    decided = ola.ask("p-ola-tim", "ola", "Did we ever decide on releasing the web app every week?", day)
    assert decided.grounded and "t4" in decided.sources and "weekly release" in decided.answer
    posted = ola.ask("p-ola-tim", "ola", "Has Tim posted the weekly release train announcement in #eng yet?", day)
    assert posted.grounded is False and posted.sources == [], posted.answer


def test_a_who_answer_stands_in_the_part_of_the_sentence_about_the_question(ola):
    """ "goals for Tim: ...; 4 night staff trained as forklift operators": the part about the
    training names nobody, so "who else is being trained" is not answered with Tim."""
    ola.add_note(
        "p-ola-tim",
        "ola",
        "New goals for Tim: night accuracy 98% sustained; 4 night staff trained as forklift operators by end of Sept.",
        day=date(2026, 3, 26),
    )
    reply = ola.ask(
        "p-ola-tim", "ola", "Who are the other two night staff being trained as forklift operators?", date(2026, 3, 27)
    )
    assert reply.grounded is False and reply.sources == [], reply.answer


SURVEY = pair_doc(
    "p-hollis-yusra",
    ("hollis", "Hollis Grant"),
    ("yusra", "Yusra Aziz"),
    notes=[
        {
            "id": "s1",
            "date": "2026-05-19",
            "text": "Yusra wants a quant survey (n=400) to size the onboarding drop-off. The tool license lapsed "
            "in March; I'll get it renewed by the end of the month.",
        },
        {
            "id": "s2",
            "date": "2026-06-16",
            "text": "Growth shipped a redesigned onboarding flow last week, which makes most of the survey moot. "
            "We agreed: let's drop the survey, no longer needed. Readout: on track for the 19th.",
        },
        {"id": "s3", "date": "2026-06-30", "text": "Product review went well. Wren's mentoring has started."},
    ],
)


@pytest.fixture
def hollis(model_coach, tmp_path):
    model_coach.import_paths([write_json(tmp_path / "hollis.json", SURVEY)])
    return model_coach


def test_a_question_none_of_whose_words_the_notes_use_is_answered_by_a_sentence_close_in_meaning(hollis):
    """ "Scrap the questionnaire" is "drop the survey" in other words: no word of the question is
    in the notes, so only closeness in meaning can find the answer."""
    reply = hollis.ask("p-hollis-yusra", "hollis", "why did we scrap the questionnaire?", date(2026, 7, 1))
    assert reply.grounded and "s2" in reply.sources and "drop the survey" in reply.answer, reply.answer


@pytest.mark.parametrize(
    "question",
    ["When is my next appraisal?", "What's the parking reimbursement policy?", "Who approves the travel expenses?"],
)
def test_a_question_in_other_words_that_nothing_comes_close_to_is_not_answered(hollis, question):
    reply = hollis.ask("p-hollis-yusra", "yusra", question, date(2026, 7, 1))
    assert reply.grounded is False and reply.sources == [], reply.answer


CARRIERS = pair_doc(
    "p-anke-rafael",
    ("anke", "Anke Vogel"),
    ("rafael", "Rafael Souza"),
    notes=[
        {
            "id": "c1",
            "date": "2026-03-10",
            "text": "Carrier handover: with Jens we must prioritise the big carriers first (Brightwell, Norrland).",
        },
        {
            "id": "c2",
            "date": "2026-03-24",
            "text": "Interface tests: 20 of 41 done. Brightwell is difficult, their test system is down since one "
            "week. Anke will call the Brightwell account manager this week.",
        },
    ],
)


def test_a_company_named_like_a_person_is_no_answer_to_who(model_coach, tmp_path):
    """ "Brightwell is difficult" reads like a person, but "the Brightwell account manager" shows a
    company: it is no answer to "who covers ...", and nothing else in the notes is."""
    model_coach.import_paths([write_json(tmp_path / "carriers.json", CARRIERS)])
    question = "Who covers the carrier integrations while I'm on vacation in August, after Jens has retired?"
    reply = model_coach.ask("p-anke-rafael", "rafael", question, date(2026, 4, 1))
    assert reply.grounded is False and reply.sources == [], reply.answer


ROWS = pair_doc(
    "p-yusuf-clara",
    ("yusuf", "Yusuf Adeyemi"),
    ("clara", "Clara Voss"),
    notes=[
        {
            "id": "r1",
            "date": "2026-06-10",
            "text": "| owner | action | due | status |\n|---|---|---|---|\n"
            "| Clara | Offline mode: beta to internal testers | 6/12 | on track |\n"
            "| Yusuf | Send Clara the L5 rubric ahead of the promo conversation | 7/8 | done |",
        },
        {"id": "r2", "date": "2026-06-24", "text": "Guild session two was smaller but better. GA date picked: 7/29."},
    ],
)


def test_a_question_about_someones_view_wants_their_view(model_coach, tmp_path):
    """Rows that share "on track" and "L5" are no answer to whether Yusuf thinks Clara is on
    track for L5; a sentence where he gives his view is."""
    model_coach.import_paths([write_json(tmp_path / "rows.json", ROWS)])
    question = "Does Yusuf think I'm on track for L5 at this calibration?"
    reply = model_coach.ask("p-yusuf-clara", "clara", question, date(2026, 7, 1))
    assert reply.grounded is False and reply.sources == [], reply.answer

    model_coach.add_note(
        "p-yusuf-clara", "yusuf", "Promo: Yusuf thinks Clara is on track for L5 this cycle.", day=date(2026, 7, 2)
    )
    reply = model_coach.ask("p-yusuf-clara", "clara", question, date(2026, 7, 3))
    assert reply.grounded and "on track for L5" in reply.answer, reply.answer


AUDIT = pair_doc(
    "p-mira-jon",
    ("mira", "Mira Lind"),
    ("jon", "Jon Okoro"),
    notes=[
        {
            "id": "a1",
            "date": "2026-05-05",
            "text": "ISO audit: the assessor (Brandt & Lowe) will send the report by Oct 12. "
            "Jon will draft the access policy by the end of May.",
        },
        {
            "id": "a2",
            "date": "2026-06-02",
            "text": "ISO audit report is back: one minor finding, caused by a stale supplier account. "
            "Night shift rota: 4 night staff trained as forklift operators by end of Sept.",
        },
        {"id": "a3", "date": "2026-06-16", "text": "Jon presented the audit plan to the board; they were happy."},
    ],
)


@pytest.fixture
def mira(model_coach, tmp_path):
    model_coach.import_paths([write_json(tmp_path / "audit.json", AUDIT)])
    return model_coach


def test_a_name_beside_the_question_is_no_answer_when_another_sentence_is_far_closer(mira, monkeypatch):
    """ "Brandt & Lowe" is a name in a sentence about the ISO audit, but the sentence about the
    stale supplier is far closer to the question and names none: the notes don't say which."""
    from assistant.chat import facts

    question = "Which supplier caused the stale-supplier finding in the ISO audit report?"
    reply = mira.ask("p-mira-jon", "mira", question, date(2026, 7, 1))
    assert reply.grounded is False and reply.sources == [], reply.answer
    monkeypatch.setattr(facts, "CLOSE_SHARE", 0.0)  # the answer judged sentence by sentence alone
    assert mira.ask("p-mira-jon", "mira", question, date(2026, 7, 1)).grounded


def test_a_counted_group_of_people_answers_who(mira, monkeypatch):
    """ "4 night staff trained as forklift operators" answers "who is getting trained on the
    forklift", though it names nobody; not a question that already names that group."""
    from assistant.chat import evidence

    question = "who is getting trained on the forklift this summer?"
    reply = mira.ask("p-mira-jon", "jon", question, date(2026, 7, 1))
    assert reply.grounded and "a2" in reply.sources and "4 night staff" in reply.answer, reply.answer
    other = mira.ask(
        "p-mira-jon", "jon", "Who are the other two night staff being trained on the forklift?", date(2026, 7, 1)
    )
    assert other.grounded is False, other.answer
    monkeypatch.setattr(evidence, "GROUP", re.compile(r"(?!)"))  # only names answer "who"
    assert mira.ask("p-mira-jon", "jon", question, date(2026, 7, 1)).grounded is False


PROMO = pair_doc(
    "p-rhea-kofi",
    ("rhea", "Rhea Lind"),
    ("kofi", "Kofi Mensah"),
    notes=[
        {
            "id": "p1",
            "date": "2026-05-04",
            "text": "Kofi asked about the promo timeline. I'll send it by Friday. "
            "Refunds dashboard slipped to June 19.",
        },
        {
            "id": "p2",
            "date": "2026-06-15",
            "text": "Promo timeline sent: the calibration committee meets Aug 18. "
            "Kofi drafts his self-assessment by Jul 10.",
        },
    ],
)


def test_a_question_in_the_long_form_of_the_notes_short_form_is_answered(model_coach, tmp_path, monkeypatch):
    """The notes write "promo", the question "promotion": read in the notes' own short form,
    the committee's date answers it; without, no word of the question weighs anything."""
    from assistant.chat import facts

    model_coach.import_paths([write_json(tmp_path / "promo.json", PROMO)])
    question = "when do promotion decisions get made this year?"
    reply = model_coach.ask("p-rhea-kofi", "kofi", question, date(2026, 7, 1))
    assert reply.grounded and "p2" in reply.sources and "Aug 18" in reply.answer, reply.answer
    monkeypatch.setattr(facts, "_in_their_words", lambda q, idf: q)
    assert model_coach.ask("p-rhea-kofi", "kofi", question, date(2026, 7, 1)).grounded is False


def test_a_question_the_notes_asked_is_quoted_with_the_answer_written_after_it(model_coach, tmp_path):
    doc = pair_doc(
        "p-q-a",
        ("ines", "Ines Castillo"),
        ("kofi", "Kofi Mensah"),
        notes=[
            {
                "id": "q1",
                "date": "2026-03-03",
                "text": "Q: Can Kofi work remotely on Fridays while the flat is sorted? A: Yes, until end of April.\n"
                "Agreed: we revisit the remote Friday arrangement at the end of April.",
            },
            {"id": "q2", "date": "2026-03-17", "text": "Handbook draft is 60% there."},
        ],
    )
    model_coach.import_paths([write_json(tmp_path / "qa.json", doc)])
    reply = model_coach.ask("p-q-a", "ines", "Can Kofi work remotely on Fridays?", date(2026, 3, 20))
    assert reply.grounded and "Yes, until end of April" in reply.answer, reply.answer


def test_how_a_number_is_trending_starts_from_the_latest_note(model_coach, tmp_path):
    values = [("2026-09-10", "Drop-off at 38% on onboarding."), ("2026-09-24", "Onboarding drop-off at 36%."),
              ("2026-10-09", "Drop-off 33%, the new welcome email helps."), ("2026-10-23", "Onboarding drop-off 29%."),
              ("2026-11-06", "Onboarding drop-off 26%, close to the goal.")]  # fmt: skip
    doc = pair_doc("p-trend", notes=[{"id": f"t{i}", "date": d, "text": t} for i, (d, t) in enumerate(values, 1)])
    model_coach.import_paths([write_json(tmp_path / "trend.json", doc)])
    reply = model_coach.ask("p-trend", "bo", "How is onboarding drop-off trending?", date(2026, 11, 20))
    assert reply.grounded and reply.sources[0] == "t5" and "26%" in reply.answer, reply.answer


def test_a_day_of_the_month_alone_answers_when(model_coach, tmp_path):
    notes = [
        {"id": "d1", "date": "2026-10-09", "text": "I'll write down what ready for PO looks like by end of month."},
        {"id": "d2", "date": "2026-10-23", "text": "Ready for PO doc: not started, will do by 06/11."},
        {"id": "d3", "date": "2026-11-06", "author": "bo", "text": "- Ann: PO doc pushed again, now before the 20th"},
    ]
    model_coach.import_paths([write_json(tmp_path / "po.json", pair_doc("p-po", notes=notes))])
    reply = model_coach.ask("p-po", "bo", "When is the PO doc due?", date(2026, 11, 12))
    assert reply.grounded and reply.sources[0] == "d3" and "the 20th" in reply.answer, reply.answer


def test_when_does_it_change_is_about_the_thing_not_the_verb(model_coach, tmp_path):
    notes = [
        {"id": "w1", "date": "2026-03-02", "author": "bo", "text": "We talked about the support rotation. I'm on it "
         "two weeks out of four. Ann said she'd look at moving me to one week in four from April."},
        {"id": "w2", "date": "2026-04-08", "kind": "note", "text": "Bo 1:1 prep\n- ask how the rotation change feels"},
        {"id": "w3", "date": "2026-03-30", "author": "bo", "text": "Rotation: Ann confirmed, one week in four from "
         "April 13!"},
    ]  # fmt: skip
    model_coach.import_paths([write_json(tmp_path / "rota.json", pair_doc("p-rota", notes=notes))])
    reply = model_coach.ask("p-rota", "bo", "When does my rotation change?", date(2026, 4, 13))
    assert reply.grounded and "w3" in reply.sources and "April 13" in reply.answer, reply.answer


SPIFF = pair_doc(
    "p-kd-spiff",
    ("kevin", "Kevin Osei"),
    ("dolores", "Dolores Vance"),
    notes=[
        {
            "id": "k4",
            "date": "2026-04-07",
            "author": "dolores",
            "text": "I told Kevin the SPIFF for healthcare logos still hasn't been announced and the team is asking.",
        },
        {"id": "k5", "date": "2026-04-21", "text": "D / K 1:1 4/21\n- SPIFF: RevOps hasn't signed off, I'm chasing."},
        {
            "id": "k6",
            "date": "2026-05-05",
            "text": "D / K 1:1 5/5\n- Northwind signed 5/1\n- SPIFF announced 4/30 by RevOps\n- Clari updated Thu",
        },
    ],
)


def test_a_report_in_the_questions_own_verb_says_it_happened(model_coach, tmp_path):
    """ "SPIFF announced 4/30" answers "did the SPIFF ever get announced?": the question's own
    act in its past form is a report that it happened, as "sent" or "done" are."""
    model_coach.import_paths([write_json(tmp_path / "spiff.json", SPIFF)])
    reply = model_coach.ask("p-kd-spiff", "dolores", "did the SPIFF ever get announced?", date(2026, 6, 10))
    assert reply.grounded and "k6" in reply.sources and "announced 4/30" in reply.answer, reply.answer


def test_whether_something_is_in_a_state_now_is_answered_latest_first(model_coach, tmp_path):
    # "is the GPU quota sorted": the note that says how it stands now comes first, not the older
    # question about it that shares more of its words
    doc = pair_doc(
        "p-quota",
        notes=[
            {"id": "q1", "date": "2026-10-01", "text": "I promised to ask the data platform team for a GPU quota."},
            {"id": "q2", "date": "2026-10-15", "author": "bo", "kind": "note",
             "text": "Topics for today:\n- GPU quota: any news from data platform?\n- Drift dashboard: the first "
                     "version is up, it still needs alert thresholds."},
            {"id": "q3", "date": "2026-10-29", "text": "GPU quota approved on Oct 27 after I escalated.\nThe drift "
                                                       "dashboard is done, alert thresholds included."},
        ],
    )  # fmt: skip
    model_coach.import_paths([write_json(tmp_path / "quota.json", doc)])
    reply = model_coach.ask("p-quota", "bo", "is the GPU quota sorted", date(2026, 11, 2))
    first = next(line for line in reply.answer.splitlines() if line.startswith("- "))
    assert "[q3]" in first, reply.answer
