"""One jinja2 environment for every human-facing draft and every LLM prompt (``prompts/``).

StrictUndefined: a template that names a missing variable fails loudly, in tests, rather
than printing a blank to a user. Partials are named ``_*.j2``.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

__all__ = ["day", "environment", "prompts_dir", "render"]


def prompts_dir() -> Path:
    """The repository's prompts/ (editable install), else the copy inside the wheel."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "prompts", here / "_data" / "prompts"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("prompts/ not found next to the assistant package")


def day(value: date | None, ref: date | None = None, fmt: str = "%b %-d") -> str:
    """A date as people write it ("Mar 4"), with its year when that is not ``ref``'s year."""
    if value is None:
        return "no date"
    if ref is not None and value.year != ref.year and "%Y" not in fmt:
        fmt += ", %Y"
    return value.strftime(fmt)


def _day(value: date | None, fmt: str = "%b %-d", ref: date | None = None) -> str:
    return day(value, ref, fmt)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(prompts_dir()),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["day"] = _day
    return env


def render(name: str, **context) -> str:
    return environment().get_template(name).render(**context).strip()
