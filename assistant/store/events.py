"""Events: who did what to a pair, and when. Deleted with the pair."""

from __future__ import annotations

import json

from assistant.store.database import Database
from assistant.store.tables import EventRow

__all__ = ["Events"]


class Events(Database):
    def record_event(self, pair_id: str | None, actor: str | None, action: str, **detail) -> None:
        with self.session() as s:
            s.add(
                EventRow(
                    pair_id=pair_id,
                    actor=actor,
                    action=action,
                    detail=json.dumps(detail, default=str),
                )
            )
