"""Spoken notes read as written ones: dictated memos and transcripts keep what was said.

A voice memo or a dictated note carries what speech does and writing does not: fillers
("um", "uh"), a word said twice around one ("she's, uh, she's nearly there"), a sentence taken
back ("I'll look into the online version. No, scratch that, there's none."), and dates spoken
as words ("the twenty-third", "February eighteenth"). :func:`unspoken` removes the first
three and writes spoken days of the month as numbers, so that the ledger reads the memo as it
reads a written note. Text with none of these comes back unchanged.
"""

from __future__ import annotations

import re

from ..text.dates import MONTH

__all__ = ["unspoken"]

_FILLER = r"(?:[Uu]m+|[Uu]h+|[Ee]rm+|[Hh]mm+)"
# a filler with the commas around it; the words on each side then meet as they were meant to
_AROUND = re.compile(rf"[ \t]*,?[ \t]*(?<![\w'])({_FILLER})(?![\w'])[,.…]*[ \t]*")
# the same word(s) said again once the filler is gone: "she's she's", "in in", "I I"
_AGAIN = re.compile(r"(?<![\w'])([\w']+(?: [\w']+)?)(?:,? \1)+(?![\w'])")
# a sentence taken back: the one before "scratch that" / "strike that" / "forget that" is not meant
_TAKEN_BACK = re.compile(
    r"[^.!?\n]*[.!?][ \t]+(?:no,?[ \t]+)?(?:scratch|strike|forget)[ \t]+that[,.;:!]*[ \t]*", re.IGNORECASE
)
_NO_WAIT = re.compile(r"(?<![\w'])[Nn]o,? wait[,.]?[ \t]*(\w?)")

_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9,
}  # fmt: skip
_TEENS = {
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_ORDINALS = {**_UNITS, **_TEENS}
for _word, _n in _UNITS.items():
    _ORDINALS[f"twenty-{_word}"] = _ORDINALS[f"twenty {_word}"] = 20 + _n
_ORDINALS["thirty-first"] = _ORDINALS["thirty first"] = 31
_WORDS = "|".join(sorted(_ORDINALS, key=len, reverse=True))
# a spoken day: after a month ("February eighteenth"), or after "the" and ending the phrase ("the
# twenty-third.", not "the fifth attempt"); "first" to "third" after "the" count more often
# than they date ("the third is still open"), so only a month dates them
_LATER = "|".join(sorted((w for w, n in _ORDINALS.items() if n > 3), key=len, reverse=True))
_DAY = re.compile(
    rf"(?P<lead>\b(?:{MONTH})\s+)(?P<day>{_WORDS})\b"
    rf"|(?P<the>\bthe\s+)(?P<later>{_LATER})\b(?=\s*(?:[,.;:!?)\n]|$|(?:then|instead)\b))",
    re.IGNORECASE,
)
_DAY_OF = re.compile(rf"\b(?P<lead>)(?P<day>{_WORDS})(?=\s+of\s+(?:{MONTH})\b)", re.IGNORECASE)


def _suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _day(match: re.Match) -> str:
    groups = match.groupdict()
    lead, day = (groups["lead"], groups["day"]) if groups.get("day") else (groups["the"], groups["later"])
    n = _ORDINALS[re.sub(r"\s+", " ", day.lower())]
    return f"{lead}{n}{_suffix(n)}"


def _unfilled(line: str) -> str:
    if not re.search(rf"(?<![\w']){_FILLER}(?![\w'])", line):
        return line
    indent = line[: len(line) - len(line.lstrip())]
    out = _AROUND.sub(" ", line).strip()
    out = _AGAIN.sub(r"\1", out)
    out = re.sub(r"^[,.;:]\s*", "", out)
    out = re.sub(r" ([,.;:!?])", r"\1", out)
    return indent + out[:1].upper() + out[1:] if out and line.strip()[:1].isupper() else indent + out


# a question the speaker answers at once ("in two weeks? Yeah, two weeks.") is said, not asked
_SELF_ANSWERED = re.compile(r"\?[ \t]+(?:[Yy]eah|[Yy]es|[Yy]ep)\b[,.!]?[ \t]*(\w?)")


def unspoken(text: str) -> str:
    """The note without fillers, restarts and sentences taken back, with spoken days as numbers."""
    if _TAKEN_BACK.search(text):
        text = _TAKEN_BACK.sub("", text)
    text = _NO_WAIT.sub(lambda m: m[1].upper(), text)
    text = _SELF_ANSWERED.sub(lambda m: ". " + m[1].upper(), text)
    text = "\n".join(_unfilled(line) for line in text.split("\n"))
    return _DAY_OF.sub(_day, _DAY.sub(_day, text))
