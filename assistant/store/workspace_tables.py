"""Tables of what members enter in Coach directly (besides notes): talking points,
explicit commitments, and the employee's consent grants. Each is the pair's, and goes
with it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.store.sealed import SealedText
from assistant.store.tables import Base, now

__all__ = ["ExplicitCommitmentRow", "GrantRow", "TalkingPointRow"]


class TalkingPointRow(Base):
    """Something a member wants to raise at the next one-on-one."""

    __tablename__ = "talking_points"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(SealedText("talking_points.text"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    closed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)


class ExplicitCommitmentRow(Base):
    """A commitment a member entered (owner, text, due): a fact for the ledger, which no
    extraction changes. Its later changes are corrections (who and when), like the ledger's."""

    __tablename__ = "explicit_commitments"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    owner: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(SealedText("explicit_commitments.text"))
    due: Mapped[date | None] = mapped_column(Date, nullable=True)
    made_on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class GrantRow(Base):
    """The employee's consent: one person outside the pair may read some scopes until a date."""

    __tablename__ = "grants"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    pair_id: Mapped[str] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    grantor: Mapped[str] = mapped_column(String(200))
    grantee: Mapped[str] = mapped_column(String(200), index=True)
    scopes: Mapped[str] = mapped_column(String(200))
    """Comma-separated scope names."""
    expires: Mapped[date] = mapped_column(Date)
    """The last day the grant is good for."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
