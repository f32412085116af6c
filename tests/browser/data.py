"""The pairs the browser tests sign in to: Ann manages Bo; Cy manages Dee (the outsiders).

Dates are relative to today, so that "overdue" and "last met" read the same whenever the
tests run.
"""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["PASSWORDS", "pair_documents"]

PASSWORDS = {"ann": "ann-password-1", "bo": "bo-password-1", "cy": "cy-password-1", "dee": "dee-password-1"}


def _day(offset: int) -> str:
    return (date.today() + timedelta(days=offset)).isoformat()


def _note(note_id: str, offset: int, author: str, kind: str, text: str, visibility: str = "shared") -> dict:
    return {"id": note_id, "date": _day(offset), "author": author, "visibility": visibility, "kind": kind, "text": text}


def pair_documents() -> list[dict]:
    budget_due = date.today() - timedelta(days=10)
    checklist_due = date.today() + timedelta(days=5)
    ann_bo = {
        "format": "coach-pair/1",
        "pair": {
            "id": "p-ann-bo",
            "manager": {"id": "ann", "name": "Ann Lee"},
            "employee": {"id": "bo", "name": "Bo Chen"},
        },
        "goals": [
            {
                "id": "g1",
                "title": "Lead the payments rollout",
                "description": "Own the rollout plan and run the launch review.",
                "owner": "bo",
                "status": "on_track",
                "due": _day(90),
                "created": _day(-40),
            }
        ],
        "notes": [
            _note(
                "n1",
                -35,
                "ann",
                "checkin",
                "First one-on-one about the payments rollout. Bo wants to lead the launch review.",
            ),
            _note(
                "n2",
                -21,
                "ann",
                "checkin",
                "Talked about the payments rollout and the conference.\n\nAction items:\n"
                f"- Ann will send Bo the conference budget by {budget_due:%B %-d}.\n"
                f"- Bo will draft the rollout checklist by {checklist_due:%B %-d}.\n\n"
                "Bo ran the incident review on Tuesday; the team learned a lot from how clearly he "
                "walked through the timeline.",
            ),
            _note(
                "n3",
                -14,
                "bo",
                "feedback",
                "Feedback for Ann: in the planning meeting, when the discussion was cut short, "
                "the team felt unheard. More time for questions would help.",
            ),
            _note(
                "n4",
                -7,
                "ann",
                "checkin",
                "Short check-in. Bo asked about the on-call rotation for the rollout weekend.",
            ),
            _note("n5", -6, "ann", "note", "Ann's own reminder: think about Bo's promotion case.", "private"),
        ],
    }
    cy_dee = {
        "format": "coach-pair/1",
        "pair": {
            "id": "p-cy-dee",
            "manager": {"id": "cy", "name": "Cy Park"},
            "employee": {"id": "dee", "name": "Dee Ross"},
        },
        "goals": [],
        "notes": [_note("d1", -3, "cy", "checkin", "Dee will write the hiring plan by Friday.")],
    }
    return [ann_bo, cy_dee]
