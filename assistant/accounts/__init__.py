"""Accounts: who can sign in (passwords, sessions, personal API tokens), built in
``Coach.from_settings()`` and reachable as ``coach.accounts``."""

from assistant.accounts.models import AccountInfo, TokenInfo
from assistant.accounts.service import OPERATOR, Accounts

__all__ = ["OPERATOR", "AccountInfo", "Accounts", "TokenInfo"]
