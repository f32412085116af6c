"""Feedback as threads, and the upward item from the manager's own slipped promises (issue 13).

Histories written for the purpose: a design-crit complaint the manager acted on weeks later,
and a manager whose promises keep slipping.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import pair_doc, write_json

SETTLED = pair_doc(
    "p-crit",
    ("felix", "Felix Ahn"),
    ("ingrid", "Ingrid Berg"),
    notes=[
        {
            "id": "c1",
            "date": "2026-08-04",
            "author": "ingrid",
            "kind": "note",
            "text": "Feedback for Felix: the design crit ran over again and the decisions got buried in the thread.",
        },
        {
            "id": "c2",
            "date": "2026-08-18",
            "text": "Ingrid shipped the onboarding flow on time. Design crit: since then Felix posts the decisions "
            "in writing right after each crit.",
        },
        {"id": "c3", "date": "2026-09-01", "text": "Quiet week. Ingrid is preparing the accessibility review."},
    ],
)
DAY = date(2026, 9, 10)


def test_feedback_that_was_acted_on_is_not_raised_again(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "crit.json", SETTLED)])
    feedback = coach.feedback("p-crit", "ingrid", DAY)
    upward = [s for s in feedback.suggestions if s.direction == "employee_to_manager"]
    assert not any(s.kind == "redirecting" and "c1" in s.sources and "buried" in s.behavior for s in upward)
    # the change is worth a thanks: reinforcing, citing the feedback and the note that shows the change
    [thanks] = [s for s in upward if s.kind == "reinforcing"]
    assert {"c1", "c2"} <= set(thanks.sources) and "in writing" in thanks.behavior
    agenda = coach.agenda("p-crit", "ingrid", DAY)
    assert not any("buried" in i.title for i in agenda.items if i.section == "feedback")


def test_feedback_not_yet_acted_on_is_still_raised(coach, tmp_path):
    doc = {**SETTLED, "notes": SETTLED["notes"][:1] + SETTLED["notes"][2:]}
    coach.import_paths([write_json(tmp_path / "crit.json", doc)])
    feedback = coach.feedback("p-crit", "ingrid", DAY)
    assert any(
        s.direction == "employee_to_manager" and s.kind == "redirecting" and "c1" in s.sources
        for s in feedback.suggestions
    )


SLIPPING = pair_doc(
    "p-slip",
    ("lena", "Lena Ortiz"),
    ("sam", "Sam Reyes"),
    notes=[
        {
            "id": "m1",
            "date": "2026-03-03",
            "text": "Lena will send Sam the conference budget decision by March 10. Sam will draft the test plan "
            "by March 13.",
        },
        {
            "id": "m2",
            "date": "2026-03-17",
            "text": "Sam sent the test plan. Lena will book the usability lab by March 24.",
        },
        {
            "id": "m3",
            "date": "2026-03-31",
            "author": "sam",
            "kind": "note",
            "text": "Feedback for Lena: the sprint review was clear, but it ran long.",
        },
    ],
)


def test_the_managers_slipped_promises_are_the_upward_item(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "slip.json", SLIPPING)])
    ledger = coach.commitments("p-slip", "sam", date(2026, 4, 14))
    overdue = [c for c in ledger if c.owner == "lena" and c.status == "open" and c.overdue]
    assert len(overdue) >= 2  # the history is written so: two promises past their date
    feedback = coach.feedback("p-slip", "sam", date(2026, 4, 14))
    [upward] = [s for s in feedback.suggestions if s.direction == "employee_to_manager" and s.kind == "redirecting"]
    assert "past their date" in upward.behavior and "budget" in upward.behavior and "lab" in upward.behavior
    assert {"m1", "m2"} <= set(upward.sources)
    # balance still holds: one redirecting and at most one reinforcing each way
    assert sum(s.direction == "employee_to_manager" for s in feedback.suggestions) <= 2


def test_praise_in_a_superlative_is_reinforcing_not_a_request(coach, tmp_path):
    doc = pair_doc(
        "p-best",
        ("priya", "Priya Nair"),
        ("jonas", "Jonas Weber"),
        notes=[
            {
                "id": "b1",
                "date": "2026-09-29",
                "text": "Feedback from me: the Northwind plan was the clearest account plan I've seen this year.",
            }
        ],
    )
    coach.import_paths([write_json(tmp_path / "best.json", doc)])
    suggestions = coach.feedback("p-best", "priya", date(2026, 10, 5)).suggestions
    about = [s for s in suggestions if "clearest account plan" in s.behavior]
    assert about and all(s.kind == "reinforcing" for s in about), suggestions


def test_feedback_someone_gave_me_is_read_with_its_giver(coach, tmp_path):
    doc = pair_doc(
        "p-gave",
        ("ines", "Inés Castillo"),
        ("kofi", "Kofi Mensah"),
        notes=[
            {
                "id": "v1",
                "date": "2026-04-21",
                "text": "Kofi gave me feedback: the sprint planning meetings run too long and he'd prefer "
                "a written agenda beforehand.",
            }
        ],
    )
    coach.import_paths([write_json(tmp_path / "gave.json", doc)])
    up = [s for s in coach.feedback("p-gave", "ines", date(2026, 4, 28)).suggestions if "written agenda" in s.behavior]
    assert [(s.direction, s.kind) for s in up] == [("employee_to_manager", "redirecting")], up


def test_a_reply_in_a_third_of_the_feedbacks_words_that_acts_on_it_settles_it(coach, tmp_path):
    doc = pair_doc(
        "p-third",
        notes=[
            {"id": "t1", "date": "2026-07-17", "author": "bo", "kind": "note",
             "text": "Feedback for Ann: priorities changed twice this sprint without notice."},
            {"id": "t2", "date": "2026-07-23",
             "text": "Bo's feedback about priority changes: fair. From now on I post priority changes every Monday."},
        ],
    )  # fmt: skip
    coach.import_paths([write_json(tmp_path / "third.json", doc)])
    draft = coach.feedback("p-third", "bo", date(2026, 8, 1))
    up = [s for s in draft.suggestions if s.direction == "employee_to_manager"]
    assert not any(s.kind == "redirecting" and "priorities changed" in s.behavior.lower() for s in up), up


def test_a_reply_whose_topic_and_answer_are_two_sentences_of_one_line_settles_the_feedback(coach, tmp_path):
    # "Freeze window: fair point." names it, the next sentence of the line acts on it
    doc = pair_doc(
        "p-line",
        notes=[
            {"id": "l1", "date": "2026-02-11", "author": "bo", "kind": "note",
             "text": "Topics:\n- Feedback for Ann: the decision on the freeze window took two weeks because it "
                     "bounced between you and Priyanka's manager."},
            {"id": "l2", "date": "2026-02-12",
             "text": "- Freeze window: fair point. I'll be the single decider for migration calls from now on "
                     "and will tell Priyanka's manager.\n- Bo's demo went well."},
        ],
    )  # fmt: skip
    coach.import_paths([write_json(tmp_path / "line.json", doc)])
    draft = coach.feedback("p-line", "bo", date(2026, 3, 1))
    up = [s for s in draft.suggestions if s.direction == "employee_to_manager"]
    assert not any(s.kind == "redirecting" and "freeze window" in s.behavior.lower() for s in up), up


def test_a_report_that_closed_the_other_members_promise_too_is_no_praise(model_coach, tmp_path):
    # "Design doc examples: sent" is Ann's act; the closing model also closes Bo's "try the
    # one-page template" with it: the draft must not thank Bo for what Ann sent
    doc = pair_doc(
        "p-recap",
        notes=[
            {"id": "r1", "date": "2026-01-14",
             "text": "Hi Bo,\n\n1. Billing migration: you'll own the cutover plan. First draft to me by Jan 28.\n"
                     "2. Design docs: we agreed you'll try the one-page template on the next RFC. I'll send you two "
                     "good examples from the platform team.\n3. AWS cert: approved from the learning budget.\n\nAnn"},
            {"id": "r2", "date": "2026-01-28", "text": "- Examples: sorry, still owe you those. Will send tomorrow."},
            {"id": "r3", "date": "2026-02-11", "author": "bo", "kind": "note",
             "text": "Topics for Thursday:\n- Still waiting on the design doc examples"},
            {"id": "r4", "date": "2026-02-12", "text": "- Design doc examples: sent this morning (finally, sorry)."},
        ],
    )  # fmt: skip
    model_coach.import_paths([write_json(tmp_path / "recap.json", doc)])
    draft = model_coach.feedback("p-recap", "ann", date(2026, 2, 20))
    praise = [s for s in draft.suggestions if s.direction == "manager_to_employee" and s.kind == "reinforcing"]
    assert not any("examples" in s.behavior.lower() for s in praise), praise


def test_a_promise_reported_kept_on_a_line_that_says_part_is_still_open_is_no_praise(coach, tmp_path):
    doc = pair_doc(
        "p-part",
        notes=[
            {"id": "q1", "date": "2026-03-16", "text": "Proposal: Ann wants a cost estimate. Bo will get quotes from "
                                                       "two vendors by 3/27."},
            {"id": "q2", "date": "2026-03-30", "text": "Vendor quotes: got one ($18k). Second vendor hasn't replied, "
                                                       "chasing."},
        ],
    )  # fmt: skip
    coach.import_paths([write_json(tmp_path / "part.json", doc)])
    draft = coach.feedback("p-part", "ann", date(2026, 4, 2))
    praise = [s for s in draft.suggestions if s.direction == "manager_to_employee" and s.kind == "reinforcing"]
    assert not any("quotes" in s.behavior.lower() for s in praise), praise


def _thanked(reply: str) -> dict:
    return pair_doc(
        "p-thanked",
        notes=[
            {"id": "k1", "date": "2026-05-06", "author": "bo", "kind": "note",
             "text": "Feedback for Ann: at the roadmap review you answered for me while I was still talking. "
                     "It undercut me with the VPs. I'd rather you let me finish and add after."},
            {"id": "k2", "date": "2026-05-20", "text": reply},
            {"id": "k3", "date": "2026-06-03", "text": "Bo's migration is on track. Sprint demo went fine."},
        ],
    )  # fmt: skip


def test_feedback_thanked_for_by_its_topic_and_acted_on_is_not_raised_again(coach, tmp_path):
    # "Thanked Bo for the roadmap feedback" repeats one word of the feedback, not a third:
    # naming it as the feedback thanked for is what ties it; the whole line is one piece of it
    reply = "Thanked Bo for the roadmap feedback. From now on I hold my comments until the speaker is done."
    coach.import_paths([write_json(tmp_path / "thanked.json", _thanked(reply))])
    draft = coach.feedback("p-thanked", "bo", date(2026, 6, 10))
    up = [s for s in draft.suggestions if s.direction == "employee_to_manager"]
    assert not any(s.kind == "redirecting" and ("roadmap" in s.behavior or "undercut" in s.behavior) for s in up), up
    assert any(s.kind == "reinforcing" and "acted on it" in s.behavior for s in up), up


def test_new_feedback_on_the_same_topic_is_no_reply_to_the_old(coach, tmp_path):
    # sharing the topic word without thanking or answering ties nothing: still open
    reply = "Feedback for Bo: the roadmap review deck was sharp. Next review is in July."
    coach.import_paths([write_json(tmp_path / "thanked.json", _thanked(reply))])
    draft = coach.feedback("p-thanked", "bo", date(2026, 6, 10))
    up = [s for s in draft.suggestions if s.direction == "employee_to_manager"]
    assert any(s.kind == "redirecting" and "roadmap review" in s.behavior for s in up), up


def test_feedback_whose_request_a_later_note_reports_done_is_settled(coach, tmp_path):
    # "the summary buried the ask. Lead with the ask next time" is answered by "led with the
    # ask": the words of what the line asks count, and "led" is "lead" done
    doc = pair_doc(
        "p-asked",
        notes=[
            {"id": "a1", "date": "2026-04-01",
             "text": "Feedback for Bo: the analysis was thorough, but the summary page buried the decision we "
                     "needed. Lead with the decision next time."},
            {"id": "a2", "date": "2026-04-29",
             "text": "Budget review went much better: Bo led with the decision and we were done in 15 minutes."},
        ],
    )  # fmt: skip
    coach.import_paths([write_json(tmp_path / "asked.json", doc)])
    down = [s for s in coach.feedback("p-asked", "ann", date(2026, 5, 6)).suggestions if s.kind == "redirecting"]
    assert not any("buried" in s.behavior for s in down), down


def test_feedback_answered_with_a_standing_change_in_its_own_note_is_not_raised_again(coach, tmp_path):
    doc = pair_doc(
        "p-standing",
        notes=[
            {"id": "t1", "date": "2026-02-05",
             "text": "Bo's feedback for me: our 1:1s keep getting moved at short notice. I'll keep Tuesdays at 10 "
                     "fixed from now on.\n\nBo will draft the on-call handbook by Feb 20."},
        ],
    )  # fmt: skip
    coach.import_paths([write_json(tmp_path / "standing.json", doc)])
    up = [s for s in coach.feedback("p-standing", "bo", date(2026, 2, 12)).suggestions if s.giver == "bo"]
    assert not any(s.kind == "redirecting" and "moved" in s.behavior for s in up), up
    held = [s for s in up if s.kind == "reinforcing" and "Tuesdays" in s.behavior]
    assert held and "held" in held[0].question, up


CHASED = pair_doc(
    "p-chased",
    notes=[
        {"id": "h1", "date": "2026-03-03", "text": "I'll introduce Bo to the data platform lead this week."},
        {"id": "h2", "date": "2026-03-17", "author": "bo", "kind": "note",
         "text": "Feedback for Ann: the intro to the platform lead still hasn't happened, and I need it before the "
                 "migration. Also, when plans change mid-sprint I'd like to hear it from you rather than in the "
                 "team channel."},
        {"id": "h3", "date": "2026-03-31",
         "text": "Introduced Bo to the platform lead on Mar 24.\nOn plan changes: Ann agreed to post them in the 1:1 "
                 "doc before telling the team.\nMigration dry run went fine."},
    ],
)  # fmt: skip


def test_feedback_that_chases_a_promise_is_settled_when_the_promise_is_kept(coach, tmp_path):
    # the later note reports the promise kept in none of the complaint's words but "intro(duced)"
    # and the platform lead: the complaint goes as the promise goes
    doc = pair_doc(
        "p-intro",
        notes=[
            {"id": "i1", "date": "2026-03-03", "text": "I'll introduce Bo to the data platform lead this week."},
            {"id": "i2", "date": "2026-03-17", "author": "bo", "kind": "note",
             "text": "Feedback for Ann: the intro to the platform lead still hasn't happened, and I need it before "
                     "the migration."},
            {"id": "i3", "date": "2026-03-31", "text": "Introduced Bo to the platform lead on Mar 24."},
        ],
    )  # fmt: skip
    coach.import_paths([write_json(tmp_path / "intro.json", doc)])
    up = [s for s in coach.feedback("p-intro", "bo", date(2026, 4, 7)).suggestions if s.giver == "bo"]
    assert not any(s.kind == "redirecting" and "intro" in s.behavior for s in up), up


def test_a_reply_under_the_feedbacks_name_that_agrees_a_change_settles_only_that_point(coach, tmp_path):
    # "On plan changes: Ann agreed to post them ..." answers the second point of the line, under
    # its name; the first point ("the intro ...") is not answered by it (nor the other way round)
    coach.import_paths([write_json(tmp_path / "chased.json", CHASED)])
    up = [s for s in coach.feedback("p-chased", "bo", date(2026, 4, 7)).suggestions if s.giver == "bo"]
    assert not any(s.kind == "redirecting" and "plans change" in s.behavior for s in up), up
    thanked = [s for s in up if s.kind == "reinforcing" and "acted on it" in s.behavior]
    assert all("plan" not in s.situation.lower() or "agreed" in s.behavior for s in thanked), thanked
    assert all("intro" not in s.situation.lower() or "Introduced" in s.behavior for s in thanked), thanked
