"""What the accounts service hands out."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

__all__ = ["AccountInfo", "TokenInfo"]


class TokenInfo(BaseModel):
    """A personal API token as its owner sees it later: never the secret itself."""

    id: str
    label: str
    created: datetime
    created_by: str
    last_used: datetime | None = None


class AccountInfo(BaseModel):
    """One account, as the operator lists them: no pair, no content."""

    id: str
    name: str
    disabled: bool
    tokens: int
    sessions: int
