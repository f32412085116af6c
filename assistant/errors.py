"""Domain errors. Each carries a message a user can act on; the edges map them to exit
codes (CLI) and HTTP statuses (API).

Messages never name people, pairs or notes the caller did not name themselves.
"""

from __future__ import annotations

__all__ = [
    "BackendUnavailable",
    "CoachError",
    "InvalidInput",
    "NotAMember",
    "NotFound",
    "StoreBusy",
]


class CoachError(Exception):
    """Base class; ``exit_code`` follows the command-line contract."""

    exit_code = 1
    http_status = 500

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(CoachError):
    """Bad input or usage; nothing was written."""

    exit_code = 2
    http_status = 422


class NotAMember(CoachError):
    """The person is not a member of the pair (or may not see what was asked for)."""

    exit_code = 3
    http_status = 403


class NotFound(CoachError):
    """Unknown pair, person, note or commitment."""

    exit_code = 4
    http_status = 404


class BackendUnavailable(CoachError):
    """A configured backend cannot be loaded; the message says what to install or set."""

    exit_code = 2
    http_status = 503


class StoreBusy(CoachError):
    """Another process holds this home's local index."""

    exit_code = 5
    http_status = 503
