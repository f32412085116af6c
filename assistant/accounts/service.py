"""The accounts service: who can sign in, how, and with what.

People are the pair records' people (``people``); an account makes one able to sign in.
The operator creates accounts and resets passwords (``coach user ...``); a person signs in
with a password (:meth:`Accounts.sign_in`) and gets a session, or uses a personal API token.
Every credential names a person and nothing else: what that person may read is decided by
:mod:`assistant.access`, never here.

Another way in (an OIDC provider through authlib, say) would verify the person elsewhere
and call :meth:`Accounts.start_session` with their person id; sessions, CSRF, sign-out and
disabling work the same for it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select

from assistant.accounts.credentials import Credentials
from assistant.accounts.models import AccountInfo, TokenInfo
from assistant.accounts.passwords import Passwords
from assistant.errors import BadCredentials, InvalidInput, NotFound, Throttled
from assistant.models import Person
from assistant.settings import Settings
from assistant.store.account_tables import AccountRow, ApiTokenRow, SessionRow, SignInFailureRow
from assistant.store.records import Records
from assistant.store.tables import PairRow, PersonRow, now

__all__ = ["OPERATOR", "Accounts"]

OPERATOR = "operator"
"""The actor named in the audit trail for what was done on the host (``coach user ...``)."""
_PERSON_ID_MAX = 200
_CLIENT_ATTEMPTS_FACTOR = 4
"""A client (an address) may fail this many times more than one name, before it is throttled."""


class Accounts:
    def __init__(self, records: Records, settings: Settings, clock: Callable[[], datetime] = now) -> None:
        self.records = records
        self.clock = clock
        self.passwords = Passwords()
        self.credentials = Credentials(records, settings.session_days, settings.session_idle_hours, clock)
        self.attempts = settings.sign_in_attempts
        self.window = timedelta(minutes=settings.sign_in_window_minutes)

    # -- people and accounts (the operator) --------------------------------------------------

    def add_user(self, person_id: str, password: str, name: str | None = None, actor: str = OPERATOR) -> bool:
        """Let the person sign in with ``password`` (a new person, or one an import brought).

        Run again, it resets the password, enables a disabled account and ends the person's
        sessions. Returns True when the person is new. Recorded in the person's pairs'
        audit trails (a password set by someone else is worth knowing about).
        """
        person_id = person_id.strip()
        if not person_id or len(person_id) > _PERSON_ID_MAX or any(c.isspace() for c in person_id):
            raise InvalidInput("a person id is 1 to 200 characters without spaces")
        if name is not None and not (0 < len(name.strip()) <= 400):
            raise InvalidInput("a name is 1 to 400 characters")
        hashed = self.passwords.hash(password)
        at = self.clock()
        with self.records.session() as s:
            person = s.get(PersonRow, person_id)
            created = person is None
            if person is None:
                s.add(PersonRow(id=person_id, name=(name or person_id).strip()))
            elif name is not None:
                person.name = name.strip()
            s.flush()
            account = s.get(AccountRow, person_id)
            if account is None:
                s.add(AccountRow(person_id=person_id, password_hash=hashed, created_at=at, password_set_at=at))
            else:
                account.password_hash, account.password_set_at, account.disabled_at = hashed, at, None
                s.execute(delete(SessionRow).where(SessionRow.person_id == person_id))
        self._record(person_id, actor, "account.password_set")
        return created

    def disable(self, person_id: str, actor: str = OPERATOR) -> None:
        """The person's sessions and tokens stop working at once, in every process."""
        with self.records.session() as s:
            account = s.get(AccountRow, person_id)
            if account is None:
                raise NotFound(f"no account '{person_id}'")
            account.disabled_at = self.clock()
            s.execute(delete(SessionRow).where(SessionRow.person_id == person_id))
            s.execute(delete(ApiTokenRow).where(ApiTokenRow.person_id == person_id))
        self._record(person_id, actor, "account.disabled")

    def change_password(self, person_id: str, old: str, new: str) -> None:
        """The person's own change: the old password proves it; every other session ends."""
        with self.records.session() as s:
            account = s.get(AccountRow, person_id)
            stored = account.password_hash if account and account.disabled_at is None else None
        ok, _ = self.passwords.verify(old, stored)
        if not ok:
            raise BadCredentials("the current password is not right")
        hashed = self.passwords.hash(new)
        with self.records.session() as s:
            account = s.get(AccountRow, person_id)
            assert account is not None
            account.password_hash, account.password_set_at = hashed, self.clock()
        self.credentials.sign_out_everywhere(person_id)
        self._record(person_id, person_id, "account.password_changed")

    def has_accounts(self) -> bool:
        """Whether anyone can sign in here (a team home), or no one yet (a personal home)."""
        with self.records.session() as s:
            return s.scalar(select(func.count()).select_from(AccountRow)) != 0

    def users(self) -> list[AccountInfo]:
        """Every account: id, name, whether disabled, how many tokens and sessions. No pairs."""
        with self.records.session() as s:
            rows = s.execute(select(AccountRow, PersonRow).join(PersonRow, PersonRow.id == AccountRow.person_id)).all()
            out = []
            for account, person in sorted(rows, key=lambda r: r[0].person_id):
                tokens = s.scalar(select(func.count()).where(ApiTokenRow.person_id == account.person_id))
                sessions = s.scalar(select(func.count()).where(SessionRow.person_id == account.person_id))
                out.append(
                    AccountInfo(
                        id=person.id,
                        name=person.name,
                        disabled=account.disabled_at is not None,
                        tokens=tokens or 0,
                        sessions=sessions or 0,
                    )
                )
            return out

    def person(self, person_id: str) -> Person | None:
        with self.records.session() as s:
            row = s.get(PersonRow, person_id)
            return Person(id=row.id, name=row.name) if row else None

    # -- signing in --------------------------------------------------------------------------

    def sign_in(self, username: str, password: str, client: str = "") -> str:
        """A new session's secret for the cookie.

        Raises Throttled after too many recent failures for this name (or from this client),
        without looking at the password; BadCredentials for a wrong name or password or a
        disabled account, alike and in the same time.
        """
        username = username.strip()[:_PERSON_ID_MAX]
        keys = [_key("person", username), _key("client", client or "?")]
        at = self.clock()
        self._check_throttle(keys, at)
        with self.records.session() as s:
            account = s.get(AccountRow, username) if username else None
            stored = account.password_hash if account is not None and account.disabled_at is None else None
        ok, rehashed = self.passwords.verify(password, stored)
        if not ok:
            self._fail(keys, at)
            raise BadCredentials("wrong username or password")
        with self.records.session() as s:
            s.execute(delete(SignInFailureRow).where(SignInFailureRow.key == keys[0]))
            if rehashed:
                found = s.get(AccountRow, username)
                if found is not None:
                    found.password_hash = rehashed
        return self.start_session(username)

    def start_session(self, person_id: str, method: str = "password") -> str:
        """A session for a person some way of signing in has verified."""
        return self.credentials.start_session(person_id, method)

    def _check_throttle(self, keys: list[str], at: datetime) -> None:
        since = at - self.window
        with self.records.session() as s:
            s.execute(delete(SignInFailureRow).where(SignInFailureRow.at < since))
            counts = dict(
                s.execute(
                    select(SignInFailureRow.key, func.count())
                    .where(SignInFailureRow.key.in_(keys), SignInFailureRow.at >= since)
                    .group_by(SignInFailureRow.key)
                ).all()
            )
        if counts.get(keys[0], 0) >= self.attempts or counts.get(keys[1], 0) >= self.attempts * _CLIENT_ATTEMPTS_FACTOR:
            raise Throttled("too many failed sign-ins; wait a few minutes and try again")

    def _fail(self, keys: list[str], at: datetime) -> None:
        with self.records.session() as s:
            for key in keys:
                s.add(SignInFailureRow(key=key, at=at))

    # -- credentials -------------------------------------------------------------------------

    def person_for_session(self, token: str | None) -> Person | None:
        return self.credentials.person_for_session(token)

    def csrf_token(self, session_token: str | None) -> str | None:
        return self.credentials.csrf_token(session_token)

    def sign_out(self, token: str | None) -> None:
        self.credentials.sign_out(token)

    def sign_out_everywhere(self, person_id: str) -> int:
        return self.credentials.sign_out_everywhere(person_id)

    def create_token(self, person_id: str, label: str = "", actor: str | None = None) -> str:
        """A new personal API token for the person, returned this once (stored as a digest).

        ``actor``: who asked (the person themselves by default; the operator on the host).
        """
        return self.issue_token(person_id, label, actor)[1]

    def issue_token(self, person_id: str, label: str = "", actor: str | None = None) -> tuple[str, str]:
        """:meth:`create_token`, with the token's id: (id, token)."""
        with self.records.session() as s:
            account = s.get(AccountRow, person_id)
            if account is None or account.disabled_at is not None:
                raise NotFound(f"no account '{person_id}' (coach user add {person_id} first)")
        by = actor or person_id
        token_id, secret = self.credentials.create_token(person_id, label, by)
        self._record(person_id, by, "account.token_created", token=token_id)
        return token_id, secret

    def tokens(self, person_id: str) -> list[TokenInfo]:
        return self.credentials.tokens(person_id)

    def revoke_token(self, person_id: str, token_id: str) -> None:
        self.credentials.revoke_token(person_id, token_id)
        self._record(person_id, person_id, "account.token_revoked", token=token_id)

    def person_for_token(self, token: str | None) -> Person | None:
        return self.credentials.person_for_token(token)

    # -- the trail ---------------------------------------------------------------------------

    def _record(self, person_id: str, actor: str, action: str, **detail: str) -> None:
        """Note a change to a person's credentials in each of their pairs' audit trails."""
        with self.records.session() as s:
            pairs = list(
                s.scalars(
                    select(PairRow.id).where(or_(PairRow.manager_id == person_id, PairRow.employee_id == person_id))
                )
            )
        for pair_id in pairs:
            self.records.record_event(pair_id, actor, action, person=person_id, **detail)


def _key(kind: str, value: str) -> str:
    """What the failure table keeps of a name or an address: a digest, not the thing."""
    return hashlib.sha256(f"{kind}:{value.lower()}".encode()).hexdigest()
