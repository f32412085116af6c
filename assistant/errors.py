"""Domain errors. Each carries a message a user can act on; the edges map them to exit
codes (CLI) and HTTP statuses (API), and both can show one as a JSON document
(:meth:`CoachError.document`): ``{"error": {"code", "message", "problems": [{"at", "message"}]}}``.

Messages never name people, pairs or notes the caller did not name themselves, nor a path
of the server's (a temporary file, the data folder).
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = [
    "BackendUnavailable",
    "BadCredentials",
    "CoachError",
    "Conflict",
    "Forbidden",
    "InvalidInput",
    "KeyUnavailable",
    "NotAMember",
    "NotFound",
    "Problem",
    "StoreBusy",
    "Throttled",
]


class Problem(NamedTuple):
    """One problem with the input: where (``notes[3].date``; empty for the whole input) and what."""

    at: str
    message: str

    def __str__(self) -> str:
        return f"{self.at}: {self.message}" if self.at else self.message


class CoachError(Exception):
    """Base class; ``exit_code`` follows the command-line contract, ``code`` names the kind
    of error in JSON documents."""

    exit_code = 1
    http_status = 500
    code = "error"

    def __init__(self, message: str, problems: list[Problem] | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message

    def document(self) -> dict[str, Any]:
        """The error as the CLI (``--json``) and the API show it."""
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "problems": [{"at": p.at, "message": p.message} for p in self.problems],
            }
        }


class InvalidInput(CoachError):
    """Bad input or usage; nothing was written. ``problems`` lists every one found."""

    exit_code = 2
    http_status = 422
    code = "invalid_input"


class NotAMember(CoachError):
    """The person is not a member of the pair (or may not see what was asked for)."""

    exit_code = 3
    http_status = 403
    code = "not_a_member"


class Conflict(InvalidInput):
    """The input would change something that is not the caller's (or not the file's) to
    change; refused whole, nothing written."""

    http_status = 409
    code = "conflict"


class Forbidden(NotAMember):
    """A member may see the thing but not change it (another member's note, say)."""

    http_status = 403
    code = "forbidden"


class BadCredentials(CoachError):
    """Sign-in refused: unknown person, wrong password, or a disabled account (never says which)."""

    exit_code = 3
    http_status = 401
    code = "bad_credentials"


class Throttled(CoachError):
    """Too many failed sign-ins lately; try again later."""

    exit_code = 2
    http_status = 429
    code = "throttled"


class NotFound(CoachError):
    """Unknown pair, person, note or commitment."""

    exit_code = 4
    http_status = 404
    code = "not_found"


class BackendUnavailable(CoachError):
    """A configured backend cannot be loaded; the message says what to install or set."""

    exit_code = 2
    http_status = 503
    code = "backend_unavailable"


class KeyUnavailable(CoachError):
    """The store's encryption key is missing, or is not the key the store was written with."""

    exit_code = 2
    http_status = 503
    code = "key_unavailable"


class StoreBusy(CoachError):
    """Another process holds this home's local index."""

    exit_code = 5
    http_status = 503
    code = "store_busy"
