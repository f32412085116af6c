"""Reading pair histories: ``coach-pair/1`` JSON files and folders of Markdown notes.

Everything is validated before anything is written: a bad file is rejected whole, with a
message naming the file, the field and the problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from assistant.errors import InvalidInput
from assistant.models import Goal, GoalStatus, Note, NoteKind, Pair, Person, Visibility
from assistant.store.records import PairContent

__all__ = ["PairFile", "parse_pair_document", "read_markdown_folder", "read_pair_file", "read_sources"]

FORMAT = "coach-pair/1"
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO.match(value.strip()):
        raise ValueError("expected an ISO date YYYY-MM-DD")
    return date.fromisoformat(value.strip())


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Id = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^\S(.*\S)?$")]
Text = Annotated[str, Field(min_length=1)]


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class PersonIn(_In):
    id: Id
    name: Annotated[str, Field(min_length=1, max_length=400)]


class PairIn(_In):
    id: Id
    manager: PersonIn
    employee: PersonIn
    cadence_days: Annotated[int, Field(ge=1, le=365)] | None = None

    @model_validator(mode="after")
    def _two_people(self) -> PairIn:
        if self.manager.id == self.employee.id:
            raise ValueError("manager and employee must be two different people")
        return self


class GoalIn(_In):
    id: Id
    title: Text
    description: str = ""
    owner: str | None = None
    status: GoalStatus = GoalStatus.not_started
    due: IsoDate | None = None
    created: IsoDate | None = None


class NoteIn(_In):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)
    id: Id
    date: IsoDate
    author: Id
    visibility: Visibility
    kind: NoteKind = NoteKind.note
    text: Text

    @model_validator(mode="after")
    def _not_blank(self) -> NoteIn:
        if not self.text.strip():
            raise ValueError("text is blank")
        return self


class PairFile(_In):
    format: Literal["coach-pair/1"]
    pair: PairIn
    goals: list[GoalIn] = []
    notes: list[NoteIn] = []

    @model_validator(mode="after")
    def _consistent(self) -> PairFile:
        members = {self.pair.manager.id, self.pair.employee.id}
        _unique("goals", [g.id for g in self.goals])
        _unique("notes", [n.id for n in self.notes])
        for i, goal in enumerate(self.goals):
            if goal.owner is not None and goal.owner not in members:
                raise ValueError(f"goals[{i}].owner: '{goal.owner}' is not a member of the pair")
        for i, note in enumerate(self.notes):
            if note.author not in members:
                raise ValueError(f"notes[{i}].author: '{note.author}' is not a member of the pair")
        return self

    def content(self, source: str) -> PairContent:
        p = self.pair
        pair = Pair(
            id=p.id,
            manager=Person(id=p.manager.id, name=p.manager.name),
            employee=Person(id=p.employee.id, name=p.employee.name),
            cadence_days=p.cadence_days,
        )
        goals = [Goal(pair_id=p.id, **g.model_dump()) for g in self.goals]
        notes = [Note(pair_id=p.id, **n.model_dump()) for n in self.notes]
        return PairContent(pair=pair, goals=goals, notes=notes, source=source)


def _unique(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            raise ValueError(f"{what}[{i}].id: '{value}' appears twice")
        seen.add(value)


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"]).lstrip(".")
    msg = first["msg"].removeprefix("Value error, ")
    if first["type"] == "missing":
        msg = "missing"
    elif "input" in first and first["type"] not in ("model_type", "value_error"):
        shown = repr(first["input"])
        msg += f" (got {shown[:60]}{'...' if len(shown) > 60 else ''})"
    more = len(error.errors()) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{loc}: {msg}{tail}" if loc else f"{msg}{tail}"


def parse_pair_document(data: object, source: str, shown: str | None = None) -> PairContent:
    """A ``coach-pair/1`` document already read (a file's, or an upload), validated whole;
    messages name it as ``shown`` (default: ``source``)."""
    shown = shown or source
    if not isinstance(data, dict):
        raise InvalidInput(f"{shown}: expected a JSON object in format {FORMAT}")
    if data.get("format") != FORMAT:
        raise InvalidInput(f"{shown}: format: expected '{FORMAT}', got {data.get('format')!r}")
    try:
        parsed = PairFile.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(f"{shown}: {_describe(exc)}") from None
    return parsed.content(source=source)


def read_pair_file(path: Path) -> PairContent:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    return parse_pair_document(data, str(path.resolve()), shown=str(path))


def read_markdown_folder(folder: Path, pair: Pair) -> PairContent:
    """Notes kept as Markdown files with front matter (date, author, visibility, kind, id).

    A note without ``visibility`` is private to its author: nothing is shared by omission.
    """
    import frontmatter

    members = {pair.manager.id, pair.employee.id}
    notes: list[Note] = []
    seen: dict[str, Path] = {}
    root = folder.resolve()
    files = sorted(p for p in folder.rglob("*.md") if p.is_file())
    if not files:
        raise InvalidInput(f"{folder}: no Markdown notes (*.md) found")
    for path in files:
        if not path.resolve().is_relative_to(root):
            raise InvalidInput(f"{path}: a link out of the folder {folder}; not followed (nothing was written)")
        rel = path.relative_to(folder)
        try:
            post = frontmatter.loads(path.read_text(encoding="utf-8"))
        except Exception as exc:  # yaml errors come in many classes
            raise InvalidInput(f"{path}: front matter cannot be read ({exc.__class__.__name__})") from None
        meta = dict(post.metadata)
        fields = {
            "id": str(meta.get("id") or rel.with_suffix("").as_posix()),
            "date": meta.get("date"),
            "author": meta.get("author"),
            "visibility": meta.get("visibility", "private"),
            "kind": meta.get("kind", "note"),
            "text": post.content,
        }
        try:
            note = NoteIn.model_validate(fields)
        except ValidationError as exc:
            raise InvalidInput(f"{path}: {_describe(exc)}") from None
        if note.author not in members:
            raise InvalidInput(f"{path}: author: '{note.author}' is not a member of pair '{pair.id}'")
        if note.id in seen:
            raise InvalidInput(f"{path}: id: '{note.id}' is also used by {seen[note.id]}")
        seen[note.id] = path
        notes.append(Note(pair_id=pair.id, **note.model_dump()))
    return PairContent(pair=pair, goals=[], notes=notes, source=str(folder.resolve()), partial=True)


def read_sources(paths: Iterable[Path], folder_pair: Pair | None) -> list[PairContent]:
    """Read and validate every source; raise on the first bad one, before any write."""
    contents: list[PairContent] = []
    for path in paths:
        if path.is_dir():
            if folder_pair is None:
                raise InvalidInput(f"{path}: a folder of Markdown notes needs --pair (an existing pair)")
            contents.append(read_markdown_folder(path, folder_pair))
        else:
            contents.append(read_pair_file(path))
    _check_across(contents)
    return contents


def _check_across(contents: list[PairContent]) -> None:
    pairs: dict[str, str] = {}
    names: dict[str, tuple[str, str]] = {}
    for c in contents:
        if c.partial:
            continue
        if c.pair.id in pairs:
            raise InvalidInput(f"{c.source}: pair '{c.pair.id}' is also in {pairs[c.pair.id]}")
        pairs[c.pair.id] = c.source or "?"
        for person in c.pair.members:
            known = names.setdefault(person.id, (person.name, c.source or "?"))
            if known[0] != person.name:
                raise InvalidInput(
                    f"{c.source}: person '{person.id}' is named '{person.name}' here and '{known[0]}' in {known[1]}"
                )
