"""What settles a commitment before an agenda follows it up (issue 13's stale follow-ups), on
short histories written for the purpose: an act promised and reported done on the same line in
the note's own shorthand ("I'll ask ... Asked in their channel; they said yes")."""

from __future__ import annotations

from datetime import date

from assistant.commitments.linking import build, status_as_of
from assistant.models import Pair, Person
from tests.helpers import checkins

PAIR = Pair(id="p-st-mk", manager=Person(id="mira", name="Mira Kova"), employee=Person(id="tomas", name="Tomas Lind"))


def statuses(*notes: tuple[str, str, str], as_of: str = "2026-12-31") -> dict[str, str]:
    """(date, author, text) per note -> {commitment text: status}."""
    built = build(PAIR, checkins(PAIR.id, notes))
    return {item.text: st.status for item in built if (st := status_as_of(item, date.fromisoformat(as_of), []))}


def test_an_act_promised_and_done_on_one_line_is_done_not_a_report_on_an_older_one():
    found = statuses(
        ("2026-05-05", "mira", "- Tomas's idea: a shared on-call calendar. I'll raise it at the team leads meeting."),
        (
            "2026-05-19",
            "mira",
            "- I'll ask the platform team to add our rota to their calendar. Asked in their channel during "
            "the meeting; they said yes.",
        ),
    )
    assert found["ask the platform team to add our rota to their calendar"] == "done"
    # the report was about the ask just made, not the older promise to raise the idea
    assert found["raise it at the team leads meeting"] == "open"


def test_only_the_authors_own_past_act_reads_as_shorthand_for_done():
    from assistant.commitments.signals import reported_act

    assert reported_act("Spoke with Anneke on the 8th.")
    assert reported_act("[10:15] Sent it")
    assert not reported_act("Asked Jo to send the deck by Friday")  # a request, nothing done
    assert not reported_act("Given the delay, we wait")  # a participle, no act
    assert not reported_act("Sam presented it")  # a subject of its own: not shorthand
    assert not reported_act("Asked about the budget?")


def test_a_turn_opening_with_done_closes_what_the_exchange_was_about():
    found = statuses(
        ("2026-03-16", "mira", "[09:05] mira: I'll intro you to Dana, she runs the design guild\n[09:06] tomas: ty"),
        (
            "2026-04-06",
            "mira",
            "[10:02] tomas: did you get a chance to intro me to Dana? the demo is in 2 wks and I have no idea "
            "about the room setup\n"
            "[10:03] mira: argh, no. sorry. doing it right after this\n"
            "[10:15] mira: done, check your inbox\n"
            "[10:16] tomas: got it ty",
        ),
    )
    [intro] = [text for text in found if "Dana" in text]
    assert found[intro] == "done"


def test_finishing_it_after_a_progress_report_moves_the_promise_instead_of_adding_one():
    built = build(
        PAIR,
        checkins(
            PAIR.id,
            (
                ("2026-02-10", "mira", "- Tomas will write the onboarding guide for the new hires by Feb 27."),
                (
                    "2026-02-24",
                    "tomas",
                    "- Onboarding guide: I am halfway through. I will finish it until March 6, because the new "
                    "laptops are late and I want to check the setup steps on one.",
                ),
            ),
        ),
    )
    [guide] = built  # one promise, not a second "finish it"
    assert guide.text.startswith("write the onboarding guide")
    assert status_as_of(guide, date(2026, 3, 1), []).due == date(2026, 3, 6)


def test_a_members_past_act_after_a_progress_count_is_its_own_report():
    found = statuses(
        ("2026-03-10", "mira", "- Tomas will run all the load tests and send me the result by April 3."),
        (
            "2026-04-07",
            "mira",
            "- Load tests: 38 of 41 are green, Tomas sent me the result on Thursday 2 April. The 3 red ones "
            "are not needed for the launch.",
        ),
    )
    assert found["run all the load tests and send Mira the result"] == "done"


def test_a_phrase_with_no_verb_before_a_members_act_stays_one_clause():
    from assistant.commitments.structure import prose_clauses

    assert prose_clauses("At last Thursday's review, Sam presented the failure numbers to the provider.") == [
        "At last Thursday's review, Sam presented the failure numbers to the provider."
    ]


def test_handled_reports_it_done():
    found = statuses(
        ("2026-04-15", "mira", "- I will get the design lead (Priya) to join the accessibility review."),
        ("2026-05-13", "mira", "Priya came and brought two designers, so I think that one's handled 🙂"),
    )
    [join] = [text for text in found if "Priya" in text]
    assert found[join] == "done"


def test_v1_is_the_first_version_promised():
    found = statuses(
        (
            "2026-02-17",
            "mira",
            "Session 2\n\nWe talked about why handing off escalations feels risky. His answer: a checklist, "
            "and doing it once with someone watching.\n\nTomas: \"I'll have a first version of the escalation "
            'checklist by the end of the month."',
        ),
        (
            "2026-03-02",
            "tomas",
            "My notes before tomorrow's session\n\n- Checklist v1 is in the team wiki (posted Feb 26). Nine "
            "steps, fits on one screen.\n\nNext two weeks: I'll sit with Dara on Thursday and walk her through "
            "the checklist end to end.",
        ),
    )
    [first] = [text for text in found if "first version" in text]
    assert found[first] == "done"
    assert found["sit with Dara and walk her through the checklist end to end"] == "open"


def test_spoke_with_someone_keeps_the_one_promise_to_talk_to_them():
    found = statuses(
        (
            "2027-01-12",
            "mira",
            "- 2027: Tomas wants a real path into security engineering. I'll talk to Dana about a transfer path "
            "by the end of January.\n- Cover for the on-call week: I'll ask Dana's deputy (Kim) once the dust "
            "settles.",
        ),
        (
            "2027-03-09",
            "mira",
            "- Spoke with Dana on the 8th. She's open to Tomas transferring in Q3, provided the rollout goes well.",
        ),
        as_of="2027-03-20",
    )
    [talk] = [text for text in found if text.startswith("talk to Dana")]
    assert found[talk] == "done"
    [ask] = [text for text in found if "deputy" in text]
    assert found[ask] == "open"  # Dana's deputy is not Dana
