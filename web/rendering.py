"""The web pages' templates: one jinja2 environment over ``web/templates/`` (HTML, autoescaped).

StrictUndefined, as for ``prompts/``: a template naming a missing variable fails loudly (every
template is rendered by the tests) instead of showing a person a blank. Partials are ``_*.html.j2``.
Note text is Markdown from the pair's members: it is rendered with raw HTML disabled and
links checked (markdown-it's ``js-default`` preset), so a note can never inject markup.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from assistant.commitments.explicit import is_entered

__all__ = ["KINDS", "STATIC_DIR", "TEMPLATE_DIR", "action_words", "markdown", "templates"]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"

_MD = MarkdownIt("js-default", {"linkify": False, "typographer": False}).disable("image")


_RECEIPT = re.compile(r"\n*^Notes used: [^\n]*\.?\s*\Z", re.MULTILINE)


def without_receipt(text: str) -> str:
    """An answer without its closing "Notes used: ..." line: a page shows the notes as links."""
    return _RECEIPT.sub("", text).rstrip()


def markdown(text: str) -> Markup:
    """A note's Markdown as safe HTML (raw HTML in the note is shown as text, never run)."""
    return Markup(_MD.render(text or ""))  # noqa: S704 - js-default escapes every raw tag


def day(value: date | datetime | None, fmt: str = "%b %-d, %Y") -> str:
    """A date as people write it; a short form ("Mar 4") gains its year when that is not this year."""
    if not value:
        return "no date"
    if "%Y" not in fmt and "%b" in fmt and value.year != date.today().year:
        fmt = fmt.replace("%-d", "%-d, %Y", 1)
    return value.strftime(fmt)


def ago(value: date | None, today: date | None = None) -> str:
    """'today', 'yesterday', '12 days ago', 'in 3 days': how a person reads a date near now."""
    if value is None:
        return "never"
    if isinstance(value, datetime):
        value = value.date()
    delta = ((today or date.today()) - value).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if delta == -1:
        return "tomorrow"
    return f"{delta} days ago" if delta > 0 else f"in {-delta} days"


def path_part(value: str) -> str:
    """An id as one URL path segment (ids may hold any printable character)."""
    return quote(str(value), safe="")


KINDS = {"checkin": "one-on-one", "note": "note", "feedback": "feedback", "self_review": "self-review"}
"""A note's kind as a person reads it."""

_ACTIONS = {
    "import": "imported notes",
    "note.add": "wrote a note",
    "note.edit": "edited a note",
    "note.delete": "deleted a note",
    "note.forget": "deleted a note",
    "grant": "granted access",
    "grant.revoke": "revoked access",
    "grant.read": "read it (by the employee's grant)",
    "talking_point.add": "added a talking point",
    "talking_point.close": "closed a talking point",
    "goal.add": "added a goal",
    "goal.propose": "proposed a goal",
    "goal.accept": "accepted a goal",
    "goal.edit": "changed a goal",
    "commitment.add": "entered a commitment",
    "commitment.done": "marked a commitment done",
    "commitment.reopen": "reopened a commitment",
    "commitment.due": "moved a commitment's date",
    "commitment.drop": "dropped a commitment",
    "commitment.assign": "reassigned a commitment",
}


def action_words(action: str) -> str:
    """An audit event's action in words ('commitment.done' -> 'commitment: done')."""
    if action in _ACTIONS:
        return _ACTIONS[action]
    thing, _, what = action.partition(".")
    return f"{thing}: {what.replace('_', ' ')}" if what else thing.replace("_", " ")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        markdown=markdown, without_receipt=without_receipt, day=day, ago=ago, part=path_part, action_words=action_words
    )
    env.globals["kinds"] = KINDS
    env.tests["entered"] = is_entered  # a commitment a member entered: it can be dropped
    return env


templates = Jinja2Templates(env=_environment())
