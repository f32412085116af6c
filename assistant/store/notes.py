"""Reading a pair's notes and goals through a :class:`~assistant.access.Viewer`.

Every query filters on the audiences the viewer is granted (:func:`visible_notes`); the few
reads of every note of a pair live in :mod:`assistant.store.index_state` and
:mod:`assistant.store.ledgers`, for derived data only.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

import orjson
from sqlalchemy import Row, Select, bindparam, select

from assistant.access import Viewer, audiences
from assistant.models import Goal, GoalStatus, Note, NoteKind, Visibility
from assistant.retrieval.lexical import terms
from assistant.store.database import Database
from assistant.store.tables import GoalRow, NoteRow, PairRow

__all__ = ["NOTE_COLUMNS", "NoteReads", "goal_of", "note_of", "term_counts", "visible_notes"]


def note_of(row: NoteRow | Row[Any]) -> Note:
    """The note of a whole row, or of a row of :data:`NOTE_COLUMNS`."""
    return Note(
        id=row.note_id,
        pair_id=row.pair_id,
        date=row.date,
        author=row.author,
        visibility=Visibility(row.visibility),
        kind=NoteKind(row.kind),
        text=row.text,
    )


def goal_of(row: GoalRow) -> Goal:
    return Goal(
        id=row.goal_id,
        pair_id=row.pair_id,
        title=row.title,
        description=row.description,
        owner=row.owner,
        status=GoalStatus(row.status),
        due=row.due,
        created=row.created,
        proposed_by=row.proposed_by,
    )


def term_counts(text: str) -> str:
    return json.dumps(Counter(terms(text)), separators=(",", ":"))


def visible_notes(viewer: Viewer, *columns) -> Select:
    """The query for the pair's notes in the viewer's audiences: the store's one access filter.
    ``columns``: these columns of theirs only (default: the whole rows)."""
    return select(*(columns or (NoteRow,))).where(
        NoteRow.pair_id == viewer.pair.id, NoteRow.audience.in_(audiences(viewer))
    )


NOTE_COLUMNS = (
    NoteRow.index_key,
    NoteRow.note_id,
    NoteRow.pair_id,
    NoteRow.date,
    NoteRow.author,
    NoteRow.visibility,
    NoteRow.kind,
    NoteRow.text,
)
"""What :func:`note_of` reads: a search's candidates are read as these columns, not whole
rows, whose sealed term counts (as long as the text) would be opened for nothing."""


_VISIBLE_TERMS = select(
    NoteRow.index_key,
    NoteRow.terms,
    select(PairRow.revision).where(PairRow.id == bindparam("pair_id")).scalar_subquery(),
).where(NoteRow.pair_id == bindparam("pair_id"), NoteRow.audience.in_(bindparam("audiences", expanding=True)))
"""Every search of a pair whose lexical index is not cached reads this: built once."""


class NoteReads(Database):
    def notes(self, viewer: Viewer, note_ids: Iterable[str] | None = None) -> list[Note]:
        """The pair's notes the viewer may see, oldest first."""
        query = visible_notes(viewer).order_by(NoteRow.date, NoteRow.pk)
        if note_ids is not None:
            query = query.where(NoteRow.note_id.in_(list(note_ids)))
        with self.session() as s:
            return [note_of(row) for row in s.scalars(query)]

    def notes_by_index_key(self, viewer: Viewer, keys: Iterable[str]) -> dict[str, Note]:
        query = visible_notes(viewer, *NOTE_COLUMNS).where(NoteRow.index_key.in_(list(keys)))
        with self.session() as s:
            return {row.index_key: note_of(row) for row in s.execute(query)}

    def visible_terms(self, viewer: Viewer) -> list[tuple[str, dict[str, int]]]:
        """(index_key, term counts) of every note the viewer may see: the lexical corpus."""
        return self.visible_terms_at(viewer)[1]

    def visible_terms_at(self, viewer: Viewer) -> tuple[int | None, list[tuple[str, dict[str, int]]]]:
        """The pair's revision and :meth:`visible_terms`, read together (one statement, so the
        terms are those of that revision); the revision is None when the viewer sees no note."""
        with self.session() as s:
            rows = s.execute(_VISIBLE_TERMS, {"pair_id": viewer.pair.id, "audiences": list(audiences(viewer))}).all()
        # orjson: a third of json's time on these small objects (~100 a search, read afresh for
        # every viewer whose lexical index is not cached); chromadb brings it already
        return (rows[0][2] if rows else None), [(k, orjson.loads(t)) for k, t, _ in rows]

    def goals(self, viewer: Viewer, proposals: bool = False) -> list[Goal]:
        """The employee's goals; with ``proposals``, also those the manager proposed and the
        employee has not accepted yet (drafts never read those)."""
        query = select(GoalRow).where(GoalRow.pair_id == viewer.pair.id).order_by(GoalRow.pk)
        if not proposals:
            query = query.where(GoalRow.proposed_by.is_(None))
        with self.session() as s:
            return [goal_of(row) for row in s.scalars(query)]
