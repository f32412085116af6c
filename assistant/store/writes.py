"""Writing a pair's records: imports (validated elsewhere, written here in one transaction),
deleting a note, deleting a pair."""

from __future__ import annotations

import secrets

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from assistant.access import Viewer, audience_of
from assistant.errors import Conflict, InvalidInput
from assistant.store.account_tables import AccountRow
from assistant.store.database import Database
from assistant.store.limits import check_day
from assistant.store.models import ImportStats, PairContent
from assistant.store.notes import note_of, term_counts, visible_notes
from assistant.store.tables import (
    APP_SOURCE,
    GoalRow,
    IndexTombstone,
    NoteRow,
    PairRow,
    PersonRow,
    now,
    pair_tables,
)

__all__ = ["APP_SOURCE", "Writes", "bump_revision", "delete_note_row"]


def delete_note_row(s: Session, row: NoteRow) -> None:
    """Delete a note, leaving a tombstone so its index entries are removed at the next sync."""
    s.merge(IndexTombstone(index_key=row.index_key, pair_id=row.pair_id))
    s.delete(row)


def _check_name(s: Session, c: PairContent, person_id: str, name: str) -> None:
    """A file renames a person only if they belong to no other pair (and never when
    ``keep_names``): one pair's file cannot change what every other pair shows."""
    row = s.get(PersonRow, person_id)
    if row is None or row.name == name:
        return
    elsewhere = s.scalar(
        select(func.count())
        .select_from(PairRow)
        .where(
            PairRow.id != c.pair.id,
            (PairRow.manager_id == person_id) | (PairRow.employee_id == person_id),
        )
    )
    if c.keep_names or elsewhere:
        raise Conflict(
            f"{c.source}: person '{person_id}' has another name already, not '{name}'; "
            "an import never renames someone who belongs to other pairs (nothing was written)"
        )


def bump_revision(s: Session, pair_id: str) -> None:
    s.execute(update(PairRow).where(PairRow.id == pair_id).values(revision=PairRow.revision + 1))


class Writes(Database):
    def import_pairs(self, contents: list[PairContent], prune: bool = False) -> ImportStats:
        """Write every pair in one transaction: all of it lands, or none of it."""
        for content in contents:  # the importer checked; this is the store's own guard
            for note in content.notes:
                self.limits.check_note(note.id, note.text)
                check_day(note.date, f"note '{note.id}': date")
        stats = ImportStats(pairs=[])
        with self.session() as s:
            for content in contents:
                self._import_pair(s, content, prune, stats)
        return stats

    def _import_pair(self, s: Session, c: PairContent, prune: bool, stats: ImportStats) -> None:
        pair = c.pair
        if not c.partial:
            for person in pair.members:
                _check_name(s, c, person.id, person.name)
                s.merge(PersonRow(id=person.id, name=person.name))
            row = s.get(PairRow, pair.id)
            if row is None:
                s.add(
                    PairRow(
                        id=pair.id,
                        manager_id=pair.manager.id,
                        employee_id=pair.employee.id,
                        cadence_days=pair.cadence_days,
                        revision=0,
                    )
                )
            else:
                if (row.manager_id, row.employee_id) != (pair.manager.id, pair.employee.id):
                    raise InvalidInput(
                        f"{c.source}: pair '{pair.id}' already exists with other members; "
                        "a pair's members never change (forget it first, or use a new pair id)"
                    )
                if pair.cadence_days is not None:
                    row.cadence_days = pair.cadence_days
            s.flush()
        stats.pairs.append(pair.id)
        changed = self._import_goals(s, c, prune, stats)
        changed |= self._import_notes(s, c, prune, stats)
        if changed:
            bump_revision(s, pair.id)

    def _import_goals(self, s: Session, c: PairContent, prune: bool, stats: ImportStats) -> bool:
        existing = {g.goal_id: g for g in s.scalars(select(GoalRow).where(GoalRow.pair_id == c.pair.id))}
        changed = False
        for goal in c.goals:
            values = dict(
                title=goal.title,
                description=goal.description,
                owner=goal.owner,
                status=str(goal.status),
                due=goal.due,
                created=goal.created,
            )
            row = existing.pop(goal.id, None)
            if row is None:
                s.add(GoalRow(pair_id=c.pair.id, goal_id=goal.id, **values))
                changed = True
            elif any(getattr(row, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(row, k, v)
                changed = True
        stats.goals += len(c.goals)
        if prune and not c.partial:
            for row in existing.values():
                if row.entered_by is not None:  # entered in Coach: no file prunes it
                    continue
                s.delete(row)
                stats.goals_removed += 1
                changed = True
        return changed

    def _import_notes(self, s: Session, c: PairContent, prune: bool, stats: ImportStats) -> bool:
        query = select(NoteRow).where(NoteRow.pair_id == c.pair.id)
        if c.only_author is not None:
            query = query.where(NoteRow.author == c.only_author)
        elif c.partial and c.source:
            query = query.where(NoteRow.source == c.source)
        existing = {n.note_id: n for n in s.scalars(query)}
        # the pair's other notes (another author's, another source's): looked up one by one
        # only when a note's id is among them, not once per note of a new pair
        elsewhere = set(s.scalars(select(NoteRow.note_id).where(NoteRow.pair_id == c.pair.id))) - existing.keys()
        changed = False
        for note in c.notes:
            digest = self.note_hash(note)
            row = existing.pop(note.id, None)
            if row is None and note.id in elsewhere:
                row = s.scalar(select(NoteRow).where(NoteRow.pair_id == c.pair.id, NoteRow.note_id == note.id))
            if row is not None and (row.author, row.visibility) != (note.author, str(note.visibility)):
                raise Conflict(
                    f"{c.source}: note '{note.id}' already exists with another author or visibility; "
                    "an import never rewrites it (nothing was written)"
                )
            if row is None:
                s.add(
                    NoteRow(
                        pair_id=c.pair.id,
                        note_id=note.id,
                        date=note.date,
                        author=note.author,
                        visibility=str(note.visibility),
                        kind=str(note.kind),
                        audience=audience_of(note.visibility, note.author),
                        text=note.text,
                        terms=term_counts(note.text),
                        content_hash=digest,
                        indexed_hash=None,
                        index_key=secrets.token_hex(12),
                        source=c.source,
                    )
                )
                stats.notes_added += 1
                changed = True
            elif row.content_hash != digest:
                stats.replaced.setdefault(c.pair.id, set()).add(row.content_hash)
                row.date, row.author, row.text = note.date, note.author, note.text
                row.terms = term_counts(note.text)
                row.visibility, row.kind = str(note.visibility), str(note.kind)
                row.audience = audience_of(note.visibility, note.author)
                row.content_hash, row.source, row.updated_at = digest, c.source, now()
                row.index_attempts, row.index_error = 0, None  # a new version: tried afresh
                stats.notes_changed += 1
                changed = True
        stats.notes += len(c.notes)
        if prune:
            for row in existing.values():
                if row.source == APP_SOURCE:  # written in Coach: no file prunes it
                    continue
                stats.removed.append(note_of(row))
                delete_note_row(s, row)
                stats.notes_removed += 1
                changed = True
        return changed

    def create_pair(self, pair_id: str, manager_id: str, employee_id: str) -> tuple[bool, list[str]]:
        """(whether the pair is new, the people created for it, named by their id).

        An existing pair with the same members is left as it is; with other members, refused.
        """
        if manager_id == employee_id:
            raise InvalidInput("manager and employee must be two different people")
        with self.session() as s:
            row = s.get(PairRow, pair_id)
            if row is not None:
                if (row.manager_id, row.employee_id) != (manager_id, employee_id):
                    raise Conflict(f"pair '{pair_id}' already exists with other members")
                return False, []
            made = []
            for person_id in (manager_id, employee_id):
                if s.get(PersonRow, person_id) is None:
                    s.add(PersonRow(id=person_id, name=person_id))
                    made.append(person_id)
            s.flush()
            s.add(PairRow(id=pair_id, manager_id=manager_id, employee_id=employee_id, revision=0))
            return True, made

    def delete_note(self, viewer: Viewer, note_id: str) -> bool:
        """Delete one note the viewer may see; False when there is none."""
        with self.session() as s:
            row = s.scalar(visible_notes(viewer).where(NoteRow.note_id == note_id))
            if row is None:
                return False
            delete_note_row(s, row)
            bump_revision(s, viewer.pair.id)
            return True

    def delete_pair(self, pair_id: str) -> None:
        """Delete the pair, everything of it, and people who belong to no other pair and
        cannot sign in (an account outlives its pairs: the operator disables it)."""
        with self.session() as s:
            row = s.get(PairRow, pair_id)
            if row is None:
                return
            people = {row.manager_id, row.employee_id}
            s.execute(delete(IndexTombstone).where(IndexTombstone.pair_id == pair_id))
            for table in pair_tables():
                s.execute(delete(table).where(table.c.pair_id == pair_id))
            s.delete(row)
            s.flush()
            for person_id in people:
                still = s.scalar(
                    select(func.count())
                    .select_from(PairRow)
                    .where((PairRow.manager_id == person_id) | (PairRow.employee_id == person_id))
                )
                if not still and s.get(AccountRow, person_id) is None:
                    s.execute(delete(PersonRow).where(PersonRow.id == person_id))
