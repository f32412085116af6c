"""Tables of accounts and credentials: who can sign in, their sessions and API tokens, and
recent failed sign-ins (for throttling). Kept in the SQL store so that every server process
sharing a database shares them: a sign-out or a disabled account counts everywhere at once.

Secrets are never stored: passwords as Argon2id hashes, sessions and tokens as SHA-256
digests of high-entropy random strings.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.store.tables import Base, now

__all__ = ["AccountRow", "ApiTokenRow", "SessionRow", "SignInFailureRow"]


class AccountRow(Base):
    """A person who can sign in."""

    __tablename__ = "accounts"
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    password_hash: Mapped[str | None] = mapped_column(String(400), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    password_set_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SessionRow(Base):
    """A signed-in browser: the cookie holds the secret, this row its digest."""

    __tablename__ = "sessions"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("accounts.person_id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    method: Mapped[str] = mapped_column(String(40), default="password")
    """How the person signed in (``password``; an OIDC provider later)."""


class ApiTokenRow(Base):
    """A personal API token: shown once, stored as a digest, labelled, revocable."""

    __tablename__ = "api_tokens"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("accounts.person_id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    created_by: Mapped[str] = mapped_column(String(200))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SignInFailureRow(Base):
    """A failed sign-in, by a digest of the name tried or of the client: throttling's memory."""

    __tablename__ = "sign_in_failures"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
