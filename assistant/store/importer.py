"""Reading pair histories: ``coach-pair/1`` JSON files and folders of Markdown notes.

Everything is validated before anything is written: a bad file is rejected whole, with a
message naming the file and every problem found in it (field and what is wrong), and the
same problems as a list (:attr:`~assistant.errors.CoachError.problems`). Sizes are checked
first and cheaply (:class:`~assistant.store.limits.Limits`): a file over the limit is not
read, a note over it is named with the limit, an import of too many notes is refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from assistant.errors import InvalidInput, Problem
from assistant.models import Goal, GoalStatus, Note, NoteKind, Pair, Person, Visibility
from assistant.store.limits import Limits, day_problem
from assistant.store.records import PairContent

__all__ = ["PairFile", "parse_pair_document", "read_markdown_folder", "read_pair_file", "read_sources"]

FORMAT = "coach-pair/1"
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        day = value
    elif not isinstance(value, str) or not _ISO.match(value.strip()):
        raise ValueError("expected an ISO date YYYY-MM-DD")
    else:
        day = date.fromisoformat(value.strip())
    problem = day_problem(day)
    if problem:
        raise ValueError(problem)
    return day


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
    def _text_fits(self, info: ValidationInfo) -> NoteIn:
        if not self.text.strip():
            raise ValueError("text is blank")
        limits: Limits = (info.context or {}).get("limits") or Limits()
        problem = limits.note_problem(self.text)
        if problem:
            raise ValueError(f"note '{self.id}': text has {problem}")
        return self


class PairFile(_In):
    format: Literal["coach-pair/1"]
    pair: PairIn
    goals: list[GoalIn] = []
    notes: list[NoteIn] = []

    def problems(self) -> list[Problem]:
        """What is wrong across fields (ids used twice, people who are not members): every one."""
        members = {self.pair.manager.id, self.pair.employee.id}
        found = _repeated("goals", [g.id for g in self.goals]) + _repeated("notes", [n.id for n in self.notes])
        for i, goal in enumerate(self.goals):
            if goal.owner is not None and goal.owner not in members:
                found.append(Problem(f"goals[{i}].owner", f"'{goal.owner}' is not a member of the pair"))
        for i, note in enumerate(self.notes):
            if note.author not in members:
                found.append(Problem(f"notes[{i}].author", f"'{note.author}' is not a member of the pair"))
        return found

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


def _repeated(what: str, ids: list[str]) -> list[Problem]:
    seen: set[str] = set()
    found = []
    for i, value in enumerate(ids):
        if value in seen:
            found.append(Problem(f"{what}[{i}].id", f"'{value}' appears twice"))
        seen.add(value)
    return found


def _problem(error: Any) -> Problem:
    loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"]).lstrip(".")
    msg = error["msg"].removeprefix("Value error, ")
    if error["type"] == "missing":
        msg = "missing"
    elif "input" in error and error["type"] not in ("model_type", "value_error") and not loc.endswith(".text"):
        shown = repr(error["input"])  # a note's text is never echoed back
        msg += f" (got {shown[:60]}{'...' if len(shown) > 60 else ''})"
    return Problem(loc, msg)


def _invalid(shown: str, problems: list[Problem]) -> InvalidInput:
    """One error for every problem found in one input: all of them listed, on one line."""
    if len(problems) == 1:
        return InvalidInput(f"{shown}: {problems[0]}", problems)
    listed = "; ".join(str(p) for p in problems)
    return InvalidInput(f"{shown}: {len(problems)} problems: {listed}", problems)


def _validate(model: type[BaseModel], data: object, shown: str, limits: Limits) -> Any:
    try:
        return model.model_validate(data, context={"limits": limits})
    except ValidationError as exc:
        raise _invalid(shown, [_problem(e) for e in exc.errors()]) from None


def parse_pair_document(
    data: object, source: str, shown: str | None = None, limits: Limits | None = None
) -> PairContent:
    """A ``coach-pair/1`` document already read (a file's, or an upload), validated whole;
    messages name it as ``shown`` (default: ``source``)."""
    shown = shown or source
    limits = limits or Limits()
    if not isinstance(data, dict):
        raise _invalid(shown, [Problem("", f"expected a JSON object in format {FORMAT}")])
    if data.get("format") != FORMAT:
        raise _invalid(shown, [Problem("format", f"expected '{FORMAT}', got {str(data.get('format'))[:60]!r}")])
    notes = data.get("notes")
    if isinstance(notes, list) and len(notes) > limits.import_notes:
        raise _invalid(
            shown, [Problem("notes", f"{len(notes):,} notes, more than one import takes ({limits.import_notes:,})")]
        )
    parsed = _validate(PairFile, data, shown, limits)
    problems = parsed.problems()
    if problems:
        raise _invalid(shown, problems)
    return parsed.content(source=source)


def _check_size(path: Path, limits: Limits) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file", [Problem("", "no such file")]) from None
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    if size > limits.import_bytes:
        problem = f"{size:,} bytes, more than one import reads ({limits.import_bytes:,}); nothing was read"
        raise InvalidInput(f"{path}: {problem}", [Problem("", problem)], code="too_large")


def read_pair_file(path: Path, limits: Limits | None = None) -> PairContent:
    limits = limits or Limits()
    _check_size(path, limits)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InvalidInput(f"{path}: not valid JSON ({where}: {exc.msg})", [Problem(where, exc.msg)]) from None
    return parse_pair_document(data, str(path.resolve()), shown=str(path), limits=limits)


def read_markdown_folder(folder: Path, pair: Pair, limits: Limits | None = None) -> PairContent:
    """Notes kept as Markdown files with front matter (date, author, visibility, kind, id).

    A note without ``visibility`` is private to its author: nothing is shared by omission.
    """
    import frontmatter

    limits = limits or Limits()
    members = {pair.manager.id, pair.employee.id}
    notes: list[Note] = []
    seen: dict[str, Path] = {}
    root = folder.resolve()
    files = sorted(p for p in folder.rglob("*.md") if p.is_file())
    if not files:
        raise InvalidInput(f"{folder}: no Markdown notes (*.md) found")
    if len(files) > limits.import_notes:
        raise InvalidInput(f"{folder}: {len(files):,} notes, more than one import takes ({limits.import_notes:,})")
    for path in files:
        if not path.resolve().is_relative_to(root):
            raise InvalidInput(f"{path}: a link out of the folder {folder}; not followed (nothing was written)")
        if path.stat().st_size > 4 * limits.note_chars + 64_000:  # surely too long, whatever it holds: not read
            raise InvalidInput(f"{path}: {path.stat().st_size:,} bytes, more than a note may hold", code="too_large")
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
        note = _validate(NoteIn, fields, str(path), limits)
        if note.author not in members:
            raise InvalidInput(f"{path}: author: '{note.author}' is not a member of pair '{pair.id}'")
        if note.id in seen:
            raise InvalidInput(f"{path}: id: '{note.id}' is also used by {seen[note.id]}")
        seen[note.id] = path
        notes.append(Note(pair_id=pair.id, **note.model_dump()))
    return PairContent(pair=pair, goals=[], notes=notes, source=str(folder.resolve()), partial=True)


def read_sources(paths: Iterable[Path], folder_pair: Pair | None, limits: Limits | None = None) -> list[PairContent]:
    """Read and validate every source; raise on the first bad one, before any write."""
    limits = limits or Limits()
    contents: list[PairContent] = []
    total = 0
    for path in paths:
        if path.is_dir():
            if folder_pair is None:
                raise InvalidInput(f"{path}: a folder of Markdown notes needs a pair (an existing one)")
            contents.append(read_markdown_folder(path, folder_pair, limits))
        else:
            contents.append(read_pair_file(path, limits))
        total += len(contents[-1].notes)
        if total > limits.import_notes:
            raise InvalidInput(f"{total:,} notes or more in one import; it takes at most {limits.import_notes:,}")
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
