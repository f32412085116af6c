"""Domain errors. Each carries a message a user can act on; the edges map them to exit
codes (CLI) and HTTP statuses (API).

Messages never name people, pairs or notes the caller did not name themselves.
"""

from __future__ import annotations

__all__ = [
    "BackendUnavailable",
    "BadCredentials",
    "CoachError",
    "Conflict",
    "Forbidden",
    "InvalidInput",
    "NotAMember",
    "NotFound",
    "StoreBusy",
    "Throttled",
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


class Conflict(InvalidInput):
    """The input would change something that is not the caller's (or not the file's) to
    change; refused whole, nothing written."""

    http_status = 409


class Forbidden(NotAMember):
    """A member may see the thing but not change it (another member's note, say)."""

    http_status = 403


class BadCredentials(CoachError):
    """Sign-in refused: unknown person, wrong password, or a disabled account (never says which)."""

    exit_code = 3
    http_status = 401


class Throttled(CoachError):
    """Too many failed sign-ins lately; try again later."""

    exit_code = 2
    http_status = 429


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
