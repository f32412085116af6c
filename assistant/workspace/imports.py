"""A member's own import (over HTTP): a ``coach-pair/1`` document of one of their pairs.

It adds or updates notes the caller wrote, and nothing else: a document that would change
the pair's members, anyone's name, a goal, or a note someone else wrote (or a note's
visibility) is refused whole (Conflict), naming what, with nothing written. ``prune``
removes only the caller's own notes that the document no longer holds (never one written
in Coach itself).
"""

from __future__ import annotations

from dataclasses import replace

from assistant.errors import Conflict
from assistant.store.importer import parse_pair_document
from assistant.store.records import ImportStats
from assistant.workspace.base import WorkspaceBase

__all__ = ["MemberImports"]


class MemberImports(WorkspaceBase):
    def import_document(self, pair_id: str, person_id: str, document: object, prune: bool = False) -> ImportStats:
        viewer = self.member(pair_id, person_id)
        content = parse_pair_document(document, f"upload by {person_id}", "the document", self.records.limits)
        pair = viewer.pair
        if content.pair.id != pair.id:
            raise Conflict(f"the document is for pair '{content.pair.id}', not '{pair.id}'")
        if content.pair.members != pair.members:
            raise Conflict("the document names other members, or other names: an import never changes them")
        for note in content.notes:
            if note.author != person_id:
                raise Conflict(f"note '{note.id}' is written by '{note.author}': you import only your own notes")
        stored = {g.id: g for g in self.records.goals(viewer, proposals=True)}
        for goal in content.goals:
            have = stored.get(goal.id)
            if have is None or have.model_copy(update={"proposed_by": None}) != goal:
                raise Conflict(f"goal '{goal.id}' differs from the pair's: change goals in Coach, not by import")
        mine = replace(content, goals=[], partial=True, only_author=person_id, keep_names=True)
        with self._writing:
            stats = self.records.import_pairs([mine], prune=prune)
            self._after_import(stats)
            stats.goals = len(content.goals)
            self.records.record_event(
                pair_id,
                person_id,
                "import",
                notes=stats.notes,
                added=stats.notes_added,
                changed=stats.notes_changed,
                removed=stats.notes_removed,
            )
            self._derive()
        stats.not_searchable = [(u.pair_id, u.note_id) for u in self.records.unsearchable([pair_id])]
        return stats
