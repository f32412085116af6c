"""Emails pasted into a note: whose words each line is.

A note often keeps a thread for the record: a forwarded message ("From: Marisol Trent",
"Sent: ...", "Subject: ..."), a reply quoting the one before it ("On Mon, Oct 5, 2026 at
9:40 AM Gordon Achebe wrote:" then "> ..." lines). In those lines "I" is the email's writer,
not the note's author: "I'll send you the list by Friday" in Marisol's forwarded email is
Marisol's promise in Gordon's note. After a quoted block, or a dashed rule closing a
forwarded message, the note's own voice resumes.
"""

from __future__ import annotations

import re

__all__ = ["header_line", "mail_voices", "unquote"]

_NAME = r"(?P<name>[A-Z][a-z][\w.'-]*(?:\s+[A-Z][a-z][\w.'-]*){0,2})"
_FROM = re.compile(rf"^\s*(?:From|Von|De)\s*:\s*\**{_NAME}\**\s*(?:<[^>]*>|\[[^\]]*\]|\([^)]*\))?\s*$")
_WROTE = re.compile(rf"^[>\s]*On\s+.{{4,90}}?\b{_NAME}\s*(?:<[^>]*>)?\s+wrote\s*:\s*$")
_FIELD = re.compile(r"^\s*(?:Sent|Date|To|Cc|Bcc|Subject)\s*:", re.IGNORECASE)
_RULE = re.compile(r"^\s*(?:-{4,}|_{4,}|={4,})")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")


def header_line(line: str) -> bool:
    """A line of an email's header or a thread's frame ("From: ...", "Sent: ...", "On ...
    wrote:", "----- Forwarded message -----"): no one's words, nothing to read."""
    return bool(_FROM.match(line) or _FIELD.match(line) or _WROTE.match(line) or _RULE.match(line))


def unquote(line: str) -> str:
    """The line without the ``>`` marks that quote it."""
    return _QUOTE.sub("", line)


def mail_voices(lines: list[str]) -> dict[int, str]:
    """{line number: the writer's name as written} for each line of an email pasted into the
    note; empty when the note holds none (no ``From:`` line, no ``... wrote:`` line)."""
    if not any(_FROM.match(line) or _WROTE.match(line) for line in lines):
        return {}
    voices: dict[int, str] = {}
    writer: str | None = None  # the writer of the message being read (None: the note's author)
    quoted: str | None = None  # the writer of the quoted message ("> ...")
    in_quote = False
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        if m := _WROTE.match(line):
            quoted, in_quote = m["name"], True
            continue
        if _QUOTE.match(line):
            in_quote = True
            if quoted:
                voices[number] = quoted
            continue
        if in_quote:  # the quote is over: the note's (or the forwarded message's) own words again
            in_quote, writer = False, None
        if m := _FROM.match(line):
            writer = m["name"]
            continue
        if _RULE.match(line):
            writer = None
            continue
        if writer and not _FIELD.match(line):
            voices[number] = writer
    return voices
