"""Passwords: Argon2id through pwdlib, and the few rules a password must meet."""

from __future__ import annotations

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from assistant.errors import InvalidInput

__all__ = ["MAX_LENGTH", "MIN_LENGTH", "Passwords"]

MIN_LENGTH = 8
MAX_LENGTH = 1024
"""Long enough for any passphrase; short enough that hashing one costs what hashing any does."""


DUMMY = "$argon2id$v=19$m=65536,t=3,p=4$hUloG1cuAKo4UMOoVJfHVQ$ppSvx8dvD298bYATR2Y/VTfqZNN1EnOq/0qXk1R0p3E"
"""A hash of a random string nobody knows, with today's parameters (a test checks they are the
hasher's): made once here, not at each start, where it cost every command ~0.1-0.4 s."""


class Passwords:
    """Hashes and verifies; verifying against no hash costs the same as against a real one, so
    a wrong name and a wrong password take equally long."""

    def __init__(self) -> None:
        self._hash = PasswordHash((Argon2Hasher(),))
        self._dummy = DUMMY

    @staticmethod
    def check(password: str) -> None:
        """Raise InvalidInput unless ``password`` may be used (the message never repeats it)."""
        if len(password) < MIN_LENGTH:
            raise InvalidInput(f"a password needs at least {MIN_LENGTH} characters")
        if len(password) > MAX_LENGTH:
            raise InvalidInput(f"a password has at most {MAX_LENGTH} characters")
        if not password.strip():
            raise InvalidInput("a password cannot be only spaces")

    def hash(self, password: str) -> str:
        self.check(password)
        return self._hash.hash(password)

    def verify(self, password: str, stored: str | None) -> tuple[bool, str | None]:
        """(matches, a new hash when the stored one uses weaker parameters than today's)."""
        if stored is None or len(password) > MAX_LENGTH:
            self._hash.verify("wrong", self._dummy)
            return False, None
        try:
            return self._hash.verify_and_update(password, stored)
        except Exception:  # an unreadable stored hash is a refusal, never a crash
            return False, None
