"""The employee's consent grants, and the pair's audit trail (its events) as members read it."""

from __future__ import annotations

import json
import secrets
from datetime import date, datetime

from sqlalchemy import select

from assistant.store.database import Database
from assistant.store.limits import check_day
from assistant.store.tables import EventRow
from assistant.store.workspace_tables import GrantRow
from assistant.workspace.models import AuditEvent, Grant, Scope

__all__ = ["ConsentStore"]


def _grant(row: GrantRow, today: date) -> Grant:
    return Grant(
        id=row.public_id,
        to=row.grantee,
        scopes=[Scope(s) for s in row.scopes.split(",") if s],
        expires=row.expires,
        created=row.created_at,
        active=row.revoked_at is None and row.expires >= today,
    )


class ConsentStore(Database):
    def add_grant(self, pair_id: str, grantor: str, grantee: str, scopes: list[Scope], expires: date) -> Grant:
        check_day(expires, "expires")
        row = GrantRow(
            public_id="gr-" + secrets.token_hex(5),
            pair_id=pair_id,
            grantor=grantor,
            grantee=grantee,
            scopes=",".join(sorted(str(s) for s in scopes)),
            expires=expires,
        )
        with self.session() as s:
            s.add(row)
            s.flush()
            return _grant(row, date.min)

    def grants(self, pair_id: str, today: date) -> list[Grant]:
        """Every grant of the pair that is not revoked (expired ones too, marked inactive)."""
        query = select(GrantRow).where(GrantRow.pair_id == pair_id, GrantRow.revoked_at.is_(None)).order_by(GrantRow.pk)
        with self.session() as s:
            return [_grant(r, today) for r in s.scalars(query)]

    def revoke_grant(self, pair_id: str, grant_id: str, at: datetime) -> bool:
        with self.session() as s:
            row = s.scalar(
                select(GrantRow).where(
                    GrantRow.pair_id == pair_id, GrantRow.public_id == grant_id, GrantRow.revoked_at.is_(None)
                )
            )
            if row is None:
                return False
            row.revoked_at = at
            return True

    def active_scopes(self, pair_id: str, person_id: str, today: date) -> set[Scope]:
        """What the person may read of the pair today, by the employee's live grants."""
        query = select(GrantRow.scopes).where(
            GrantRow.pair_id == pair_id,
            GrantRow.grantee == person_id,
            GrantRow.revoked_at.is_(None),
            GrantRow.expires >= today,
        )
        with self.session() as s:
            return {Scope(x) for scopes in s.scalars(query) for x in scopes.split(",") if x}

    def granted_pairs(self, person_id: str, today: date) -> dict[str, set[Scope]]:
        """{pair id: scopes} of every pair that has let the person in, today."""
        query = select(GrantRow.pair_id, GrantRow.scopes).where(
            GrantRow.grantee == person_id, GrantRow.revoked_at.is_(None), GrantRow.expires >= today
        )
        out: dict[str, set[Scope]] = {}
        with self.session() as s:
            for pair_id, scopes in s.execute(query):
                out.setdefault(pair_id, set()).update(Scope(x) for x in scopes.split(",") if x)
        return out

    def events(self, pair_id: str, limit: int = 500) -> list[AuditEvent]:
        """The pair's events, newest first."""
        query = select(EventRow).where(EventRow.pair_id == pair_id).order_by(EventRow.pk.desc()).limit(limit)
        with self.session() as s:
            return [
                AuditEvent(at=r.at, actor=r.actor, action=r.action, detail=json.loads(r.detail or "{}"))
                for r in s.scalars(query)
            ]
