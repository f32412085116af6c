"""Notes and goals written in Coach by the pair's members.

A note is written as its author (the caller), shared or private; only its author edits or
deletes it. Goals are the employee's: the employee adds and edits them; the manager may
propose one, which counts (in plans and agendas) once the employee accepts it.
Every change is recorded in the pair's audit trail, with who and when and never the text.
"""

from __future__ import annotations

import secrets
from datetime import date

from assistant.errors import Forbidden, InvalidInput, NotFound
from assistant.models import Goal, GoalStatus, Note, NoteKind, Visibility
from assistant.workspace.base import WorkspaceBase, clean_text
from assistant.workspace.models import Scope

__all__ = ["Writing"]

NOTE_LIMIT = 50_000
TITLE_LIMIT = 300


def _visibility(value: Visibility | str) -> Visibility:
    try:
        return Visibility(value)
    except ValueError:
        raise InvalidInput(f"visibility: expected shared or private, got '{value}'") from None


def _kind(value: NoteKind | str) -> NoteKind:
    try:
        return NoteKind(value)
    except ValueError:
        raise InvalidInput(f"kind: expected one of {', '.join(k.value for k in NoteKind)}, got '{value}'") from None


def _status(value: GoalStatus | str) -> GoalStatus:
    try:
        return GoalStatus(value)
    except ValueError:
        raise InvalidInput(f"status: expected one of {', '.join(s.value for s in GoalStatus)}, got '{value}'") from None


class Writing(WorkspaceBase):
    # -- notes -------------------------------------------------------------------------------

    def add_note(
        self,
        pair_id: str,
        person_id: str,
        text: str,
        visibility: Visibility | str = Visibility.shared,
        kind: NoteKind | str = NoteKind.note,
        day: date | None = None,
    ) -> Note:
        """A new note of the pair, written by the person (shared, or private to them)."""
        viewer = self.member(pair_id, person_id)
        note = Note(
            id="n-" + secrets.token_hex(4),
            pair_id=pair_id,
            date=day or date.today(),
            author=person_id,
            visibility=_visibility(visibility),
            kind=_kind(kind),
            text=clean_text(text, "note", NOTE_LIMIT),
        )
        with self._writing:
            self.records.add_note(viewer, note)
            self.records.record_event(
                pair_id, person_id, "note.add", note=note.id, visibility=str(note.visibility), kind=str(note.kind)
            )
            self._derive()
        return note

    def edit_note(
        self,
        pair_id: str,
        person_id: str,
        note_id: str,
        text: str | None = None,
        visibility: Visibility | str | None = None,
        kind: NoteKind | str | None = None,
        day: date | None = None,
    ) -> Note:
        """Change one of the person's own notes (NotFound if they cannot see it, Forbidden if
        it is the other member's)."""
        viewer = self.member(pair_id, person_id)
        found = self.records.notes(viewer, [note_id])
        if not found:
            raise NotFound(f"no note '{note_id}' in pair '{pair_id}'")
        old = found[0]
        if old.author != person_id:
            raise Forbidden(f"only the author of note '{note_id}' can change it")
        new = old.model_copy(
            update={
                "text": old.text if text is None else clean_text(text, "note", NOTE_LIMIT),
                "visibility": old.visibility if visibility is None else _visibility(visibility),
                "kind": old.kind if kind is None else _kind(kind),
                "date": day or old.date,
            }
        )
        changed = [f for f in ("text", "visibility", "kind", "date") if getattr(new, f) != getattr(old, f)]
        if not changed:
            return old
        with self._writing:
            self.records.replace_note(viewer, new)
            self.records.record_event(pair_id, person_id, "note.edit", note=note_id, changed=changed)
            self._after_edit(viewer, old, new)
            self._derive()
        return new

    def _after_edit(self, viewer, old: Note, new: Note) -> None:
        """What was derived from the old version goes: the chat model's reading of it, the
        caches; a note made private leaves no answer that quoted it in anyone else's hands."""
        self.records.forget_llm_readings(viewer.pair.id, {self.records.note_hash(old)})
        if new.visibility is Visibility.private and old.visibility is Visibility.shared:
            self.records.redact_answers(viewer.pair.id, {old.id}, spare=old.author)
        self.forget_cached(viewer.pair.id)

    # -- goals -------------------------------------------------------------------------------

    def goals(self, pair_id: str, person_id: str) -> list[Goal]:
        """The employee's goals, and (for the members) the manager's proposals not accepted
        yet (``proposed_by``); someone granted ``goals`` reads the accepted ones."""
        viewer = self.viewer(pair_id, person_id, Scope.goals)
        return self.records.goals(viewer, proposals=not viewer.is_grantee)

    def add_goal(
        self,
        pair_id: str,
        person_id: str,
        title: str,
        description: str = "",
        due: date | None = None,
        status: GoalStatus | str = GoalStatus.not_started,
    ) -> Goal:
        """A goal of the employee's: theirs when they add it, a proposal when the manager does."""
        viewer = self.member(pair_id, person_id)
        goal = Goal(
            id="g-" + secrets.token_hex(4),
            pair_id=pair_id,
            title=clean_text(title, "goal's title", TITLE_LIMIT),
            description=(description or "").strip()[:NOTE_LIMIT],
            owner=viewer.pair.employee.id,
            status=_status(status),
            due=due,
            created=date.today(),
            proposed_by=person_id if viewer.is_manager else None,
        )
        with self._writing:
            self.records.add_goal(viewer, goal)
            self.records.record_event(
                pair_id, person_id, "goal.propose" if viewer.is_manager else "goal.add", id=goal.id
            )
        return goal

    def edit_goal(
        self,
        pair_id: str,
        person_id: str,
        goal_id: str,
        title: str | None = None,
        description: str | None = None,
        due: date | None = None,
        status: GoalStatus | str | None = None,
        accept: bool = False,
    ) -> Goal:
        """The employee edits any of their goals (``accept`` makes a proposal theirs); the
        manager edits only a proposal of their own that is not accepted yet."""
        viewer = self.member(pair_id, person_id)
        goal = self.records.goal(viewer, goal_id)
        if goal is None:
            raise NotFound(f"no goal '{goal_id}' in pair '{pair_id}'")
        if viewer.is_manager and (goal.proposed_by != person_id or accept):
            raise Forbidden("a goal is the employee's: the manager may only change a proposal of their own")
        values: dict[str, object] = {}
        if title is not None:
            values["title"] = clean_text(title, "goal's title", TITLE_LIMIT)
        if description is not None:
            values["description"] = description.strip()[:NOTE_LIMIT]
        if due is not None:
            values["due"] = due
        if status is not None:
            values["status"] = str(_status(status))
        if accept:
            values["proposed_by"] = None
        with self._writing:
            updated = self.records.update_goal(viewer, goal_id, **values)
            action = "goal.accept" if accept else "goal.edit"
            self.records.record_event(pair_id, person_id, action, id=goal_id, changed=sorted(values))
        return updated
