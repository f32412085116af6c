"""A promise kept by what it led to, in words that are not its own (issue 13's stale
follow-ups), on a short history written for the purpose: an event promised and later reported
as held ("Demo went well", "Design review #3 was on 3/12", "Postmortem out 4/2"), an
introduction promised and later reported as the two people having met."""

from __future__ import annotations

from datetime import date

from assistant.commitments.linking import build, status_as_of
from assistant.commitments.vocabulary import NOT_DONE
from assistant.models import Pair, Person
from tests.helpers import checkins

PAIR = Pair(
    id="p-oc-nb", manager=Person(id="noor", name="Noor Haddad"), employee=Person(id="bastian", name="Bastian Ek")
)

MADE = (
    "2026-02-03",
    "noor",
    "### Action items\n"
    "- [ ] @Bastian 15-min demo of the new search at the product all-hands (2/20)\n"
    "- [ ] @Bastian write a recap of the demo for the wiki\n"
    "- [ ] @Bastian third design review of the ranking service (3/12)\n"
    "- [ ] @Bastian write the migration postmortem, share with the SRE leads (by 4/3)\n"
    "- [ ] @Noor intro Bastian to Kira re: the search relevance work",
)


def statuses(*notes: tuple[str, str, str], as_of: str = "2026-12-31") -> dict[str, str]:
    """(date, author, text) per note -> {commitment text: status}."""
    built = build(PAIR, checkins(PAIR.id, notes))
    return {item.text: st.status for item in built if (st := status_as_of(item, date.fromisoformat(as_of), []))}


def find(found: dict[str, str], words: str) -> str:
    (status,) = [s for text, s in found.items() if words in text]
    return status


def test_an_event_promised_is_kept_when_a_later_note_says_it_went_well():
    found = statuses(MADE, ("2026-02-24", "noor", "- Demo went well: lots of questions, and sales wants a copy."))
    assert find(found, "15-min demo") == "done"
    assert find(found, "recap of the demo") == "open"  # its object is the recap, not the demo


def test_an_event_reported_held_on_a_date_that_has_passed_is_kept():
    found = statuses(
        MADE,
        ("2026-03-17", "bastian", "- Design review #3 was on 3/12: short, two open questions on caching."),
        ("2026-04-07", "noor", "- Postmortem out 4/2, 9 comments, mostly from SRE."),
    )
    assert find(found, "third design review") == "done"
    assert find(found, "migration postmortem") == "done"


def test_another_session_or_a_date_ahead_keeps_the_event_open():
    found = statuses(
        MADE,
        ("2026-03-03", "bastian", "- Design review #2 was on 2/26, fine."),
        ("2026-03-05", "noor", "- Design review #3 is on 3/12, room booked."),
        ("2026-03-09", "noor", "- Postmortem out 4/3, hopefully."),
    )
    assert find(found, "third design review") == "open"
    assert find(found, "migration postmortem") == "open"


def test_an_introduction_is_made_when_the_two_people_met():
    assert find(statuses(MADE, ("2026-02-17", "noor", "- Kira + Bastian met on Tuesday.")), "intro Bastian") == "done"
    planned = statuses(MADE, ("2026-02-17", "noor", "- Kira and Bastian will meet next week."))
    assert find(planned, "intro Bastian") == "open"


def test_still_ahead_of_a_date_says_when_not_that_something_is_not_done():
    assert not NOT_DONE.search("New launch weekend is 21-22 Mar, still ahead of the freeze")
    assert NOT_DONE.search("the draft is still with legal")


HANDBOOK = (
    (
        "2026-03-03",
        "noor",
        "- [10:00] Noor asked Bastian to put together the on-call handbook. Bastian agreed to have a first "
        "draft by March 20.",
    ),
    (
        "2026-03-17",
        "noor",
        "- [10:05] Bastian is on the incident review this week. Bastian will move the on-call handbook due "
        "date to March 27.",
    ),
)


def test_a_promise_to_move_something_to_a_date_moves_the_promise_it_names():
    built = build(PAIR, checkins(PAIR.id, HANDBOOK))
    assert [i.text for i in built] == ["have a first draft"]  # no second promise "move the on-call handbook"
    st = status_as_of(built[0], date(2026, 3, 24), [])
    assert st is not None and st.due == date(2026, 3, 27) and st.status == "open"


def test_what_was_to_be_produced_reviewed_by_the_other_member_is_done():
    reviewed = (*HANDBOOK, ("2026-03-31", "noor", "Noor reviewed Bastian's on-call handbook and added two sections."))
    assert set(statuses(*reviewed).values()) == {"done"}
    planned = (*HANDBOOK, ("2026-03-31", "noor", "Noor will review Bastian's on-call handbook on Friday."))
    assert statuses(*planned)["have a first draft"] == "open"


def test_starting_or_finishing_a_promised_piece_of_work_is_the_same_promise():
    notes = (
        ("2026-04-07", "noor", "- Bastian will write a short proposal for moving search to the cluster by April 24."),
        ("2026-04-21", "noor", "Search is slow again.\n\nAction items\n- [ ] @Bastian start the cluster proposal doc"),
        ("2026-05-05", "noor", "- Bastian will finish the cluster proposal doc by May 15."),
    )
    built = build(PAIR, checkins(PAIR.id, notes))
    assert len(built) == 1  # one promise, begun and then to be finished, not three
    st = status_as_of(built[0], date(2026, 5, 6), [])
    assert st is not None and st.due == date(2026, 5, 15) and st.status == "open"
    # the words it was restated in are words a later report may use
    sent = (*notes, ("2026-05-19", "noor", "- Bastian sent round the cluster proposal doc on Monday."))
    assert set(statuses(*sent).values()) == {"done"}


def test_an_event_is_named_with_its_date_or_its_guest_and_still_recognised():
    notes = (
        ("2026-09-15", "noor", "- [ ] @Bastian walkthrough of the new dashboards with Kira (10/2)"),
        ("2026-10-06", "noor", "- Oct 2 walkthrough went well, Kira wants a copy of the queries."),
    )
    assert find(statuses(*notes), "walkthrough") == "done"
    later = (notes[0], ("2026-10-06", "noor", "- The walkthrough with Kira finally happened on Friday."))
    assert find(statuses(*later), "walkthrough") == "done"


def test_thanks_for_what_was_promised_or_others_reacting_to_it_say_it_happened():
    chat = (
        (
            "2026-05-04",
            "bastian",
            "[09:20] noor: I'll give you a mention in the all-hands deck this week\n[09:21] bastian: ty",
        ),
        ("2026-05-18", "bastian", "[10:02] bastian: btw people keep asking me about the all-hands mention lol"),
    )
    assert find(statuses(*chat), "mention in the all-hands deck") == "done"
    made = ("2026-06-01", "bastian", "- Noor will send me the conference budget form by Friday.")
    thanked = statuses(made, ("2026-06-15", "bastian", "- Thanks for the budget form, filled it in already."))
    assert find(thanked, "budget form") == "done"
    offered = statuses(made, ("2026-06-03", "bastian", "- Thanks for offering to send the budget form."))
    assert find(offered, "budget form") == "open"  # thanks for the promise, not the act


def test_a_chat_turn_that_goes_on_with_will_after_a_comma_is_its_speakers_promise():
    chat = ("2026-05-04", "bastian", "[10:01] bastian: I promised Kira my notes, will send her the summary later today")
    built = build(PAIR, checkins(PAIR.id, (chat,)))
    assert [(i.owner, i.due) for i in built if "summary" in i.text] == [("bastian", date(2026, 5, 4))]
