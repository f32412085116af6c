"""What the store accepts: the size of a note, of an imported file, the notes of one import,
and the range of dates. Checked before anything is written, with a message naming the note
(or the file) and the limit.

Why refuse rather than index a huge note in pieces: a note is what one person wrote about
one conversation. The longest in every history we have (meeting transcripts included) is
about 10,000 characters; the default limit is ten times that, which the index embeds in
about two seconds. A 5 MB "note" is a pasted export or a mistake, and would cost ~24,000
chunks (minutes of embedding) and drown every search of its pair.

Dates: 1900-01-01 to 2999-12-31 holds every real one-on-one (and a grant "for ever"), and keeps
the arithmetic on dates (weeks before, months after) far from ``date.min``/``date.max``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.errors import InvalidInput, Problem

__all__ = ["EARLIEST", "LATEST", "Limits", "check_day", "day_problem"]

EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


def day_problem(value: date) -> str | None:
    """What is wrong with ``value`` as a date Coach works with, or None."""
    if EARLIEST <= value <= LATEST:
        return None
    return f"{value.isoformat()} is out of range ({EARLIEST.isoformat()} to {LATEST.isoformat()})"


def check_day(value: date, what: str) -> date:
    """``value`` if it is within the range; InvalidInput naming ``what`` otherwise."""
    problem = day_problem(value)
    if problem:
        raise InvalidInput(f"{what}: {problem}", [Problem(what, problem)])
    return value


@dataclass(frozen=True)
class Limits:
    """The store's limits (``COACH_MAX_NOTE_CHARS``, ``COACH_MAX_IMPORT_BYTES``,
    ``COACH_MAX_IMPORT_NOTES``)."""

    note_chars: int = 100_000
    import_bytes: int = 20_000_000
    import_notes: int = 20_000

    def note_problem(self, text: str) -> str | None:
        if len(text) <= self.note_chars:
            return None
        return f"{len(text):,} characters, more than the limit of {self.note_chars:,}"

    def check_note(self, note_id: str, text: str) -> None:
        problem = self.note_problem(text)
        if problem:
            raise InvalidInput(
                f"note '{note_id}': {problem} (nothing was written)",
                [Problem(f"note '{note_id}'", problem)],
                code="too_large",
            )
