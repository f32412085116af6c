"""Notes and goals written in Coach by a member (imports are in :mod:`~assistant.store.writes`)."""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import select

from assistant.access import Viewer, audience_of
from assistant.errors import Conflict, NotFound
from assistant.models import Goal, Note
from assistant.store.database import Database
from assistant.store.limits import check_day
from assistant.store.notes import goal_of, note_of, term_counts, visible_notes
from assistant.store.tables import GoalRow, NoteRow, now
from assistant.store.writes import APP_SOURCE, bump_revision

__all__ = ["Authoring"]


class Authoring(Database):
    def add_note(self, viewer: Viewer, note: Note) -> None:
        """Write a new note of the pair (its id must be new in the pair)."""
        self.limits.check_note(note.id, note.text)
        check_day(note.date, "date")
        with self.session() as s:
            taken = s.scalar(select(NoteRow.pk).where(NoteRow.pair_id == viewer.pair.id, NoteRow.note_id == note.id))
            if taken is not None:
                raise Conflict(f"note id '{note.id}' is taken")
            s.add(
                NoteRow(
                    pair_id=viewer.pair.id,
                    note_id=note.id,
                    date=note.date,
                    author=note.author,
                    visibility=str(note.visibility),
                    kind=str(note.kind),
                    audience=audience_of(note.visibility, note.author),
                    text=note.text,
                    terms=term_counts(note.text),
                    content_hash=self.note_hash(note),
                    indexed_hash=None,
                    index_key=secrets.token_hex(12),
                    source=APP_SOURCE,
                )
            )
            bump_revision(s, viewer.pair.id)

    def replace_note(self, viewer: Viewer, note: Note) -> Note:
        """Put ``note`` in place of the viewer's note with its id; returns the old one.

        Only a note the viewer may see is found (NotFound otherwise); the caller checks
        authorship. Its index entries are redone at the next sync.
        """
        self.limits.check_note(note.id, note.text)
        check_day(note.date, "date")
        with self.session() as s:
            row = s.scalar(visible_notes(viewer).where(NoteRow.note_id == note.id))
            if row is None:
                raise NotFound(f"no note '{note.id}' in pair '{viewer.pair.id}'")
            old = note_of(row)
            row.date, row.text, row.terms = note.date, note.text, term_counts(note.text)
            row.visibility, row.kind = str(note.visibility), str(note.kind)
            row.audience = audience_of(note.visibility, row.author)
            row.content_hash, row.updated_at = self.note_hash(note), now()
            row.index_attempts, row.index_error = 0, None  # a new version: tried afresh
            bump_revision(s, viewer.pair.id)
            return old

    def add_goal(self, viewer: Viewer, goal: Goal) -> None:
        for what, day in (("due", goal.due), ("created", goal.created)):
            if day is not None:
                check_day(day, what)
        with self.session() as s:
            s.add(
                GoalRow(
                    pair_id=viewer.pair.id,
                    goal_id=goal.id,
                    title=goal.title,
                    description=goal.description,
                    owner=goal.owner,
                    status=str(goal.status),
                    due=goal.due,
                    created=goal.created or date.today(),
                    proposed_by=goal.proposed_by,
                    entered_by=viewer.person.id,
                )
            )

    def update_goal(self, viewer: Viewer, goal_id: str, **values: object) -> Goal:
        """Set the given columns of one of the pair's goals; returns it as it is now."""
        for what, day in values.items():
            if isinstance(day, date):
                check_day(day, what)
        with self.session() as s:
            row = s.scalar(select(GoalRow).where(GoalRow.pair_id == viewer.pair.id, GoalRow.goal_id == goal_id))
            if row is None:
                raise NotFound(f"no goal '{goal_id}' in pair '{viewer.pair.id}'")
            for key, value in values.items():
                setattr(row, key, value)
            s.flush()
            return goal_of(row)

    def goal(self, viewer: Viewer, goal_id: str) -> Goal | None:
        with self.session() as s:
            row = s.scalar(select(GoalRow).where(GoalRow.pair_id == viewer.pair.id, GoalRow.goal_id == goal_id))
            return goal_of(row) if row else None

    def delete_goal(self, viewer: Viewer, goal_id: str) -> None:
        with self.session() as s:
            row = s.scalar(select(GoalRow).where(GoalRow.pair_id == viewer.pair.id, GoalRow.goal_id == goal_id))
            if row is not None:
                s.delete(row)
