"""Sessions and personal API tokens: random secrets handed out once, stored as digests.

A session is a browser's sign-in: it expires (``session_days`` after sign-in, or
``session_idle_hours`` after its last use) and carries its own CSRF token. A token is for
scripts and the CLI: it lasts until revoked. Both stop working the moment their row is
gone or the account is disabled, in every process sharing the database, because every
request looks them up.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import CursorResult, Result, delete, select

from assistant.accounts.models import TokenInfo
from assistant.errors import InvalidInput, NotFound
from assistant.models import Person
from assistant.store.account_tables import AccountRow, ApiTokenRow, SessionRow
from assistant.store.database import Database
from assistant.store.tables import PersonRow

__all__ = ["Credentials", "TOKEN_PREFIX", "digest"]

TOKEN_PREFIX = "coach_"
"""Personal tokens start with this, so that secret scanners and people recognise one."""
_TOUCH_EVERY = timedelta(minutes=1)
"""Last-use times are written at most this often: a busy page is not a write per request."""


def digest(secret: str) -> str:
    """What is stored of a random secret: enough to recognise it, useless to present."""
    return hashlib.sha256(secret.encode()).hexdigest()


class Credentials:
    def __init__(
        self, db: Database, session_days: float, session_idle_hours: float, clock: Callable[[], datetime]
    ) -> None:
        self.db = db
        self.lifetime = timedelta(days=session_days)
        self.idle = timedelta(hours=session_idle_hours)
        self.clock = clock

    # -- sessions ----------------------------------------------------------------------------

    def start_session(self, person_id: str, method: str = "password") -> str:
        """A new session for an (already verified) person; returns the secret for the cookie.

        Every way of signing in ends here: a password today, an OIDC provider later.
        """
        token = secrets.token_urlsafe(32)
        at = self.clock()
        with self.db.session() as s:
            s.add(
                SessionRow(
                    digest=digest(token),
                    person_id=person_id,
                    csrf=secrets.token_urlsafe(32),
                    created_at=at,
                    expires_at=at + self.lifetime,
                    last_seen_at=at,
                    method=method,
                )
            )
        return token

    def person_for_session(self, token: str | None) -> Person | None:
        if not token:
            return None
        at = self.clock()
        with self.db.session() as s:
            found = s.execute(
                select(SessionRow, AccountRow, PersonRow)
                .join(AccountRow, AccountRow.person_id == SessionRow.person_id)
                .join(PersonRow, PersonRow.id == SessionRow.person_id)
                .where(SessionRow.digest == digest(token))
            ).first()
            if found is None:
                return None
            row, account, person = found
            expired = _aware(row.expires_at) <= at or _aware(row.last_seen_at) + self.idle <= at
            if account.disabled_at is not None or expired:
                s.delete(row)
                return None
            if at - _aware(row.last_seen_at) >= _TOUCH_EVERY:
                row.last_seen_at = at
            return Person(id=person.id, name=person.name)

    def csrf_token(self, token: str | None) -> str | None:
        """The CSRF token of a live session (None for none)."""
        if not token:
            return None
        with self.db.session() as s:
            return s.scalar(select(SessionRow.csrf).where(SessionRow.digest == digest(token)))

    def sign_out(self, token: str | None) -> None:
        if not token:
            return
        with self.db.session() as s:
            s.execute(delete(SessionRow).where(SessionRow.digest == digest(token)))

    def sign_out_everywhere(self, person_id: str) -> int:
        with self.db.session() as s:
            return _count(s.execute(delete(SessionRow).where(SessionRow.person_id == person_id)))

    def session_count(self, person_id: str) -> int:
        with self.db.session() as s:
            return len(list(s.scalars(select(SessionRow.digest).where(SessionRow.person_id == person_id))))

    # -- tokens ------------------------------------------------------------------------------

    def create_token(self, person_id: str, label: str, created_by: str) -> tuple[str, str]:
        """(the token's id, the token itself): the token is shown this once and never again."""
        label = " ".join(label.split())
        if len(label) > 200:
            raise InvalidInput("a token's label has at most 200 characters")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        public_id = "tok_" + secrets.token_hex(6)
        with self.db.session() as s:
            s.add(
                ApiTokenRow(
                    public_id=public_id,
                    person_id=person_id,
                    digest=digest(secret),
                    label=label,
                    created_at=self.clock(),
                    created_by=created_by,
                )
            )
        return public_id, secret

    def tokens(self, person_id: str) -> list[TokenInfo]:
        query = select(ApiTokenRow).where(ApiTokenRow.person_id == person_id).order_by(ApiTokenRow.pk)
        with self.db.session() as s:
            return [
                TokenInfo(
                    id=t.public_id,
                    label=t.label,
                    created=_aware(t.created_at),
                    created_by=t.created_by,
                    last_used=_aware(t.last_used_at) if t.last_used_at else None,
                )
                for t in s.scalars(query)
            ]

    def revoke_token(self, person_id: str, token_id: str) -> None:
        with self.db.session() as s:
            gone = _count(
                s.execute(
                    delete(ApiTokenRow).where(ApiTokenRow.person_id == person_id, ApiTokenRow.public_id == token_id)
                )
            )
        if not gone:
            raise NotFound(f"no token '{token_id}' of yours")

    def revoke_all_tokens(self, person_id: str) -> int:
        with self.db.session() as s:
            return _count(s.execute(delete(ApiTokenRow).where(ApiTokenRow.person_id == person_id)))

    def person_for_token(self, token: str | None) -> Person | None:
        if not token or not token.startswith(TOKEN_PREFIX):
            return None
        at = self.clock()
        with self.db.session() as s:
            found = s.execute(
                select(ApiTokenRow, AccountRow, PersonRow)
                .join(AccountRow, AccountRow.person_id == ApiTokenRow.person_id)
                .join(PersonRow, PersonRow.id == ApiTokenRow.person_id)
                .where(ApiTokenRow.digest == digest(token))
            ).first()
            if found is None:
                return None
            row, account, person = found
            if account.disabled_at is not None:
                return None
            if row.last_used_at is None or at - _aware(row.last_used_at) >= _TOUCH_EVERY:
                row.last_used_at = at
            return Person(id=person.id, name=person.name)


def _count(result: Result) -> int:
    """How many rows a DELETE removed."""
    return cast(CursorResult, result).rowcount or 0


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes for what was stored in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
