"""Feedback from the ledger: a promise kept (reinforcing) or one that slipped (redirecting), by
either member; and the upward item when two or more of the manager's own promises slipped."""

from __future__ import annotations

import re
from datetime import date, timedelta

from assistant.commitments.phrasing import ACTION_VERBS
from assistant.commitments.structure import TURN
from assistant.drafting.models import FeedbackSuggestion, Snapshot
from assistant.drafting.render import day
from assistant.drafting.state import untimed
from assistant.drafting.threads import closed_beside, closed_with_anothers, closing_words, partly_done, undone_since

__all__ = ["QUESTIONS", "as_sentence", "from_ledger", "slipped_promises", "upward"]

QUESTIONS = {
    ("manager_to_employee", "reinforcing"): "What made that work, and where else could you use it?",
    ("manager_to_employee", "redirecting"): "How did it look from your side, and what would help next time?",
    ("employee_to_manager", "reinforcing"): "Was that deliberate, and could you do more of it?",
    ("employee_to_manager", "redirecting"): "What gets in the way there, and what could we try instead?",
}


def as_sentence(text: str) -> str:
    text = re.sub(r"^(?:also|and|plus|so)\s*,?\s+", "", text.strip(), flags=re.IGNORECASE).rstrip(" ,;:")
    if re.match(
        r"^(?:is|was|got|made|makes|meant|means|helped|helps|saved|saving|caused|led|blocked|slowing|sat|left|cost)\b",
        text,
    ):
        text = f"it {text}"
    return (text[0].upper() + text[1:]).rstrip(".") + "." if text else text


def from_ledger(snapshot: Snapshot, direction: str, kind: str, again: list | None = None) -> FeedbackSuggestion | None:
    """A promise kept (reinforcing) or one that slipped (redirecting), by the receiver, in a shared
    note; not one kept on feedback raised ``again`` since."""
    giver, receiver = (
        (snapshot.manager.id, snapshot.employee.id)
        if direction == "manager_to_employee"
        else (snapshot.employee.id, snapshot.manager.id)
    )
    mine = [
        c
        for c in snapshot.commitments
        if c.owner == receiver and snapshot.shared_note(c.source_note_id) and not undone_since(c, again or [])
    ]
    if kind == "reinforcing":
        return _kept(snapshot, direction, giver, receiver, mine)
    return _slipped(snapshot, direction, giver, receiver, mine)


def _kept(snapshot: Snapshot, direction: str, giver: str, receiver: str, mine: list) -> FeedbackSuggestion | None:
    kept = [
        (c, note)
        for c in mine
        if c.status == "done"
        and not c.suggested
        and _told(_evidence(c, "done"))  # said in a sentence, not a heading ("What went well")
        and not _FUTURE.search(_evidence(c, "done"))  # "Lena will leave comments by Friday" reports nothing done
        and (note := snapshot.note(c.followup_note_id or "")) is not None
        and not closed_with_anothers(snapshot, c)
        and not (partly_done(snapshot, c) or closed_beside(c))
    ]
    if not kept:
        return None
    c, followup = max(kept, key=lambda pair: pair[1].date)
    done_on = followup.date
    on_time = c.due is not None and done_on <= c.due + timedelta(days=3)  # no date, no "on time"
    return FeedbackSuggestion(
        direction=direction,
        kind="reinforcing",
        situation=f"The promise {_promised(c, 'of')} (made {day(c.made_on, snapshot.as_of)}, {c.source_note_id})",
        behavior=as_sentence(
            f"{snapshot.name(receiver)} followed through{' on time' if on_time else ''}: "
            f'"{_evidence(c, "done")}" ({c.followup_note_id})'
        ),
        impact=as_sentence(
            f"{snapshot.name(giver)} got it after it was raised again"
            if _chased(c)
            else f"{snapshot.name(giver)} could count on it without chasing it"
        ),
        question=QUESTIONS[(direction, "reinforcing")],
        sources=snapshot.visible([c.source_note_id, c.followup_note_id]),
        giver=giver,
        receiver=receiver,
    )


def _chased(c) -> bool:
    """Raised again as not done, or moved, before it was done."""
    return any(e.kind in ("open", "moved") for e in c.evidence)


def _slipped(snapshot: Snapshot, direction: str, giver: str, receiver: str, mine: list) -> FeedbackSuggestion | None:
    slipped = [
        c for c in mine if c.status == "open" and (c.overdue or c.stale or (c.due_original and c.due != c.due_original))
    ]
    if not slipped:
        return None
    c = sorted(slipped, key=lambda c: (not c.overdue, c.due or date.max))[0]
    moved = c.due_original and c.due != c.due_original
    behavior = f"{snapshot.name(receiver)} promised {_promised(c)}" + (
        f", due {day(c.due_original, snapshot.as_of)}, then {day(c.due, snapshot.as_of)}"
        if moved and c.due
        else f", due {day(c.due, snapshot.as_of)}"
        if c.due
        else ""
    )
    behavior += "; it is still open"
    return FeedbackSuggestion(
        direction=direction,
        kind="redirecting",
        situation=f"Follow-through on a promise from {day(c.made_on, snapshot.as_of)} ({c.source_note_id})",
        behavior=as_sentence(behavior),
        impact=as_sentence(
            f"{snapshot.name(giver)} is still waiting on it" + (" past the date agreed" if c.overdue else "")
        ),
        question=QUESTIONS[(direction, "redirecting")],
        sources=snapshot.visible([c.source_note_id, *(e.note_id for e in c.evidence)]),
        giver=giver,
        receiver=receiver,
    )


def slipped_promises(snapshot: Snapshot, owner: str) -> list:
    """The owner's open promises past their date, or whose date moved, oldest due first."""
    out = [
        c
        for c in snapshot.commitments
        if c.owner == owner
        and c.status == "open"
        and snapshot.note(c.source_note_id)
        and (c.overdue or (c.due_original and c.due != c.due_original))
    ]
    return sorted(out, key=lambda c: (c.due or date.max, c.made_on))


def upward(snapshot: Snapshot, slipped: list) -> FeedbackSuggestion:
    """Employee to manager, from the ledger: the manager's promises that keep slipping."""
    manager, employee = snapshot.manager.id, snapshot.employee.id
    shown = slipped[:3]
    listed = "; ".join(
        f"{c.text} (promised {day(c.made_on, snapshot.as_of)}"
        + (f", due {day(c.due, snapshot.as_of)}" if c.due else "")
        + ")"
        for c in shown
    )
    return FeedbackSuggestion(
        direction="employee_to_manager",
        kind="redirecting",
        situation=f"{snapshot.name(manager)}'s promises since {day(min(c.made_on for c in slipped), snapshot.as_of)}",
        behavior=as_sentence(f"{len(slipped)} of {snapshot.name(manager)}'s promises are past their date: {listed}"),
        impact=as_sentence(f"{snapshot.name(employee)} is still waiting on them and has to plan around the gap"),
        question=QUESTIONS[("employee_to_manager", "redirecting")],
        sources=snapshot.visible(n for c in shown for n in [c.source_note_id, *(e.note_id for e in c.evidence)]),
        giver=employee,
        receiver=manager,
    )


_FUTURE = re.compile(r"\b(?:will|shall|going\s+to|plans?\s+to|intends?\s+to)\b|\w'll\b", re.IGNORECASE)


def _promised(c, noun: str = "") -> str:
    """ "to send the deck", or, for words that open with no verb ("10-min talk on costs"),
    the words quoted ("of" them, for "the promise ..."); words that lean on their note ("finish
    it, because the test server is late") are the note's sentence, quoted."""
    text = c.text
    if c.said:
        return f'{noun} "{c.said}"' if noun else f'(as the note put it: "{c.said}")'
    first = re.match(r"[a-z]+", text.lower())  # (none for "10-min talk", "@Rafe ...", "(b)")
    if not first or first[0] not in ACTION_VERBS:  # "to peak temp-staff request", "to the Q3 budget"
        return f'{noun} "{text}"'.strip()
    return f"to {text}"


def _evidence(c, kind: str) -> str:
    """The words the notes reported it ``kind`` with; "" when they give none (a tick, a ✅):
    the promise's own words are no evidence that it was kept."""
    for e in c.evidence:
        if e.kind == kind and e.text.strip():
            text = closing_words(c) if kind == "done" else e.text
            # a status mark taken out of the line leaves its space ("Ann's statement ✅." -> "statement ."),
            # a transcript its timestamp ("[03:30] Sam shared the draft")
            # and a chat's speaker with it ("[10:31] kmensah: CDC 1-pager" -> "CDC 1-pager")
            said = TURN.sub("", text) if untimed(text) != text else text
            text = re.sub(r"\s+([.,;:!?])", r"\1", untimed(said))
            return text.strip().rstrip(".")
    return ""


def _told(text: str) -> bool:
    """Whether a quote says something: a sentence, not a heading or a label."""
    return len(text.split()) >= 4 and not text.rstrip().endswith(":")
