"""The ``coach`` command: a thin Typer layer over :class:`~assistant.coach.Coach`.

Each command parses its input, makes one call into the core and prints the result, as
JSON with ``--json`` or for a person without. Domain errors become the contract's exit
codes with a one-line message on stderr; unexpected errors say only what kind they were
(COACH_DEBUG=1 shows the traceback), so that no note text reaches a log through them.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.commitments.view import commitments_context
from assistant.errors import CoachError, InvalidInput

__all__ = ["app", "main"]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Coach: a private assistant for manager-employee one-on-ones.",
    pretty_exceptions_enable=False,
)

PairOpt = Annotated[str, typer.Option("--pair", help="The pair's id.")]
AsOpt = Annotated[str, typer.Option("--as", help="The member acting (a person id).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Judge dates as of YYYY-MM-DD (default: today).")]


@app.callback()
def _global(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option("--home", help="Data directory (default: $COACH_HOME, else a per-user folder)."),
    ] = None,
) -> None:
    ctx.obj = {"home": home}


def _settings(ctx: typer.Context):
    from assistant.settings import Settings

    home = ctx.obj.get("home") if ctx.obj else None
    return Settings(home=home) if home else Settings()


def _fail(error: CoachError) -> None:
    typer.echo(f"coach: {error.message}", err=True)
    raise typer.Exit(error.exit_code)


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except CoachError as error:
        _fail(error)
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as error:  # noqa: BLE001 - the edge of the program
        if os.environ.get("COACH_DEBUG"):
            raise
        typer.echo(
            f"coach: internal error ({error.__class__.__name__}); run with COACH_DEBUG=1 for details",
            err=True,
        )
        raise typer.Exit(1) from None


class _Progress:
    """Progress on stderr: a bar on a terminal, a few plain lines otherwise."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self._bar = None
        self._task = None
        self._stage = None
        self._last_pct = -1

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet or total == 0:
            return
        if self.tty:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            if self._bar is None:
                self._bar = Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeRemainingColumn(),
                    transient=True,
                    console=_stderr_console(),
                )
                self._bar.start()
            if stage != self._stage:
                self._task = self._bar.add_task(stage, total=total)
                self._stage = stage
            self._bar.update(self._task, completed=done, total=total)
            if done >= total:
                self._bar.stop()
                self._bar, self._stage = None, None
        else:
            pct = 100 * done // total
            if stage != self._stage or pct >= self._last_pct + 25 or done == total:
                typer.echo(f"{stage}: {done}/{total}", err=True)
                self._stage, self._last_pct = stage, pct


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@contextmanager
def _coach(ctx: typer.Context, quiet: bool = False):
    from assistant.coach import Coach

    progress = _Progress(quiet)
    with _errors():
        coach = Coach.from_settings(_settings(ctx), progress=progress)
        try:
            yield coach, progress
        finally:
            coach.close()


def _emit(as_json: bool, doc: dict[str, Any], human: Callable[[], str]) -> None:
    if as_json:
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=None, default=str))
    else:
        typer.echo(human())


def _as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(InvalidInput(f"--as-of: expected YYYY-MM-DD, got '{value}'"))
        raise  # unreachable


# -- commands ---------------------------------------------------------------------------------


@app.command("import")
def import_(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="coach-pair/1 JSON files, or folders of Markdown notes.")],
    prune: Annotated[bool, typer.Option("--prune", help="Remove notes and goals the files no longer hold.")] = False,
    pair: Annotated[
        str | None, typer.Option("--pair", help="For folders of Markdown notes: the (existing) pair they belong to.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Import pair histories. Re-importing the same file changes nothing."""
    with _coach(ctx, quiet=as_json and not sys.stderr.isatty()) as (coach, progress):
        stats = coach.import_paths(paths, prune=prune, folder_pair=pair, progress=progress)
    doc = stats.to_json()
    _emit(
        as_json,
        doc,
        lambda: (
            f"Imported {len(stats.pairs)} pair(s): {stats.notes} notes ({stats.notes_added} new, "
            f"{stats.notes_changed} changed, {stats.notes_removed} removed), {stats.goals} goals."
        ),
    )


def _hit(hit) -> dict[str, Any]:
    n = hit.note
    return {
        "note_id": n.id,
        "date": n.date.isoformat(),
        "score": hit.score,
        "text": n.text,
        "snippet": hit.snippet,
        "author": n.author,
        "visibility": str(n.visibility),
        "kind": str(n.kind),
    }


def _human_hits(hits) -> str:
    if not hits:
        return "No notes match."
    lines = []
    for i, h in enumerate(hits, 1):
        n = h.note
        private = " (private)" if str(n.visibility) == "private" else ""
        lines.append(f"{i}. {n.id}  {n.date}  {n.author}{private}  score {h.score:.2f}")
        lines.append("   " + " ".join(h.snippet.split())[:300])
    return "\n".join(lines)


@app.command()
def search(
    ctx: typer.Context,
    pair: PairOpt,
    person: AsOpt,
    query: Annotated[str | None, typer.Argument(help="What to look for.")] = None,
    k: Annotated[int, typer.Option("--k", help="How many notes.")] = 5,
    queries: Annotated[
        Path | None, typer.Option("--queries", help='JSON lines {"id", "query"}: many questions in one run.')
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Find the pair's notes that answer a question (only notes you may see)."""
    if (query is None) == (queries is None):
        _fail(InvalidInput("give a QUERY or --queries FILE (not both)"))
    batch = _read_queries(queries) if queries else None
    with _coach(ctx, quiet=True) as (coach, _):
        coach.viewer(pair, person)  # refuse outsiders before any work starts
        coach.indexer.embedder.warm_up()
        if batch is None:
            hits = coach.search(pair, person, query or "", k)
            _emit(as_json, {"results": [_hit(h) for h in hits]}, lambda: _human_hits(hits))
            return
        results = coach.search_many(pair, person, [q for _, q in batch], k)
    doc = {
        "queries": [
            {"id": qid, "results": [_hit(h) for h in hits]} for (qid, _), hits in zip(batch, results, strict=True)
        ]
    }
    _emit(
        as_json,
        doc,
        lambda: "\n\n".join(f"# {qid}: {q}\n{_human_hits(h)}" for (qid, q), h in zip(batch, results, strict=True)),
    )


def _read_queries(path: Path) -> list[tuple[str, str]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        _fail(InvalidInput(f"{path}: cannot be read"))
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append((str(row["id"]), str(row["query"])))
        except (json.JSONDecodeError, KeyError, TypeError):
            _fail(InvalidInput(f'{path}: line {n}: expected a JSON object with "id" and "query"'))
    if not out:
        _fail(InvalidInput(f"{path}: no queries"))
    return out


commitments_app = typer.Typer(
    help="What either member promised and hasn't followed up on; correct the ledger with the subcommands.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(commitments_app, name="commitments")


@commitments_app.callback()
def commitments(
    ctx: typer.Context,
    pair: Annotated[str | None, typer.Option("--pair", help="The pair's id.")] = None,
    person: Annotated[str | None, typer.Option("--as", help="The member acting (a person id).")] = None,
    as_of: AsOfOpt = None,
    show: Annotated[
        str, typer.Option("--show", help="open (default), all, mine (what I owe) or owed (what I am owed).")
    ] = "open",
    as_json: JsonOpt = False,
) -> None:
    """List the pair's commitments, both members', as of a date."""
    if ctx.invoked_subcommand is not None:
        return
    if not pair or not person:
        _fail(InvalidInput("commitments needs --pair ID and --as PERSON"))
    if show not in ("open", "all", "mine", "owed"):
        _fail(InvalidInput(f"--show: expected open, all, mine or owed, got '{show}'"))
    day = _as_of(as_of)
    with _coach(ctx, quiet=True) as (coach, _):
        items = coach.commitments(pair, person, day)
        viewer = coach.viewer(pair, person)
    doc = {"as_of": day.isoformat(), "commitments": [c.to_json() for c in items]}
    from assistant.drafting.render import render

    _emit(as_json, doc, lambda: render("commitments.md.j2", **commitments_context(items, viewer, day, show)))


def _correct(
    ctx: typer.Context, commitment_id: str, action: str, value: str | None, pair: str, person: str, as_json: bool
):
    with _coach(ctx, quiet=True) as (coach, _):
        fixed = coach.correct_commitment(pair, person, commitment_id, action, value)
    _emit(
        as_json,
        {"commitment": fixed.to_json()},
        lambda: (
            f"{commitment_id}: {action} recorded ({fixed.status}"
            f"{', due ' + fixed.due.isoformat() if fixed.due else ''}, owner {fixed.owner or 'unassigned'})."
        ),
    )


IdArg = Annotated[str, typer.Argument(help="The commitment's id (c-...).")]


@commitments_app.command("done")
def commitment_done(
    ctx: typer.Context, commitment_id: IdArg, pair: PairOpt, person: AsOpt, as_json: JsonOpt = False
) -> None:
    """Mark a commitment done."""
    _correct(ctx, commitment_id, "done", None, pair, person, as_json)


@commitments_app.command("drop")
def commitment_drop(
    ctx: typer.Context, commitment_id: IdArg, pair: PairOpt, person: AsOpt, as_json: JsonOpt = False
) -> None:
    """Mark a commitment dropped: the pair let it go."""
    _correct(ctx, commitment_id, "drop", None, pair, person, as_json)


@commitments_app.command("confirm")
def commitment_confirm(
    ctx: typer.Context, commitment_id: IdArg, pair: PairOpt, person: AsOpt, as_json: JsonOpt = False
) -> None:
    """Confirm a suggested commitment: it is real, and counts (overdue included) from now on."""
    _correct(ctx, commitment_id, "confirm", None, pair, person, as_json)


@commitments_app.command("dismiss")
def commitment_dismiss(
    ctx: typer.Context, commitment_id: IdArg, pair: PairOpt, person: AsOpt, as_json: JsonOpt = False
) -> None:
    """Dismiss a suggested commitment: the notes did not mean it; it is no longer listed."""
    _correct(ctx, commitment_id, "dismiss", None, pair, person, as_json)


@commitments_app.command("reopen")
def commitment_reopen(
    ctx: typer.Context, commitment_id: IdArg, pair: PairOpt, person: AsOpt, as_json: JsonOpt = False
) -> None:
    """Reopen a commitment marked done."""
    _correct(ctx, commitment_id, "reopen", None, pair, person, as_json)


@commitments_app.command("assign")
def commitment_assign(
    ctx: typer.Context,
    commitment_id: IdArg,
    owner: Annotated[str, typer.Argument(help="A member's id, or 'none'.")],
    pair: PairOpt,
    person: AsOpt,
    as_json: JsonOpt = False,
) -> None:
    """Say whose commitment it is."""
    _correct(ctx, commitment_id, "assign", owner, pair, person, as_json)


@commitments_app.command("due")
def commitment_due(
    ctx: typer.Context,
    commitment_id: IdArg,
    due: Annotated[str, typer.Argument(help="YYYY-MM-DD, or 'none'.")],
    pair: PairOpt,
    person: AsOpt,
    as_json: JsonOpt = False,
) -> None:
    """Set the date the pair agreed."""
    _correct(ctx, commitment_id, "due", due, pair, person, as_json)


MinutesOpt = Annotated[int, typer.Option("--minutes", help="Length of the meeting.")]


@app.command()
def agenda(
    ctx: typer.Context,
    pair: PairOpt,
    person: AsOpt,
    minutes: MinutesOpt = 30,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Draft the next one-on-one's agenda: the employee's topics first, then follow-ups both ways."""
    day = _as_of(as_of)
    with _coach(ctx, quiet=True) as (coach, _):
        draft = coach.agenda(pair, person, day, minutes)
    _emit(as_json, draft.model_dump(mode="json"), lambda: draft.markdown)


@app.command()
def feedback(ctx: typer.Context, pair: PairOpt, person: AsOpt, as_of: AsOfOpt = None, as_json: JsonOpt = False) -> None:
    """Suggest feedback both ways, in Situation-Behavior-Impact form, from the notes."""
    day = _as_of(as_of)
    with _coach(ctx, quiet=True) as (coach, _):
        draft = coach.feedback(pair, person, day)
    _emit(as_json, draft.model_dump(mode="json"), lambda: draft.markdown)


@app.command()
def plan(ctx: typer.Context, pair: PairOpt, person: AsOpt, as_of: AsOfOpt = None, as_json: JsonOpt = False) -> None:
    """Draft a development plan for the employee's goals (GROW; experience, exposure, education)."""
    day = _as_of(as_of)
    with _coach(ctx, quiet=True) as (coach, _):
        draft = coach.plan(pair, person, day)
    doc = draft.model_dump(mode="json")
    doc["actions"] = [a.model_dump(mode="json") for a in draft.actions]
    _emit(as_json, doc, lambda: draft.markdown)


@app.command()
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="Your question, in your own words.")],
    pair: PairOpt,
    person: AsOpt,
    as_of: AsOfOpt = None,
    conversation: Annotated[
        str | None, typer.Option("--conversation", help="Continue (and keep) one of your conversations.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Ask about your pair: what was agreed, what is owed, what to bring up, how to phrase feedback."""
    day = _as_of(as_of)
    with _coach(ctx, quiet=True) as (coach, _):
        reply = coach.ask(pair, person, question, day, conversation)
    _emit(as_json, reply.model_dump(mode="json"), lambda: reply.answer)


CHAT_HELP = """Ask anything about your one-on-ones. Shortcuts:
  /agenda [MIN]   the next agenda          /feedback   feedback both ways
  /plan           development plan         /commitments  what is open, both ways
  /history        this conversation        /new          start a new conversation
  /delete         delete this conversation /quit         leave"""


@app.command()
def chat(
    ctx: typer.Context,
    pair: PairOpt,
    person: AsOpt,
    as_of: AsOfOpt = None,
    resume: Annotated[str | None, typer.Option("--resume", help="A conversation id, or 'last'.")] = None,
) -> None:
    """Talk with Coach about your pair; the conversation is kept for you alone (see `conversations`)."""
    day = _as_of(as_of)
    with _coach(ctx, quiet=True) as (coach, _):
        coach.viewer(pair, person)
        coach.indexer.embedder.warm_up()
        conv = _pick_conversation(coach, pair, person, resume)
        typer.echo(f"Coach, for {person} in {pair} (conversation {conv}). /help for shortcuts, /quit to leave.")
        while True:
            try:
                line = input("you> ").strip()
            except (EOFError, KeyboardInterrupt):
                typer.echo()
                break
            if not line:
                continue
            if line in ("/quit", "/exit", "/q"):
                break
            try:
                conv = _chat_turn(coach, pair, person, day, conv, line)
            except CoachError as error:
                typer.echo(f"coach: {error.message}", err=True)


def _pick_conversation(coach, pair: str, person: str, resume: str | None) -> str:
    if resume == "last":
        found = coach.conversations(pair, person)
        if found:
            return found[0][0]
    elif resume:
        coach.conversation(pair, person, resume)  # raises NotFound if it is not theirs
        return resume
    return coach.start_conversation(pair, person, "chat")


def _chat_turn(coach, pair: str, person: str, day, conv: str, line: str) -> str:
    if line == "/help":
        typer.echo(CHAT_HELP)
    elif line == "/new":
        conv = coach.start_conversation(pair, person, "chat")
        typer.echo(f"New conversation {conv}.")
    elif line == "/delete":
        coach.delete_conversation(pair, person, conv)
        conv = coach.start_conversation(pair, person, "chat")
        typer.echo(f"Deleted. New conversation {conv}.")
    elif line == "/history":
        for role, text, _ in coach.conversation(pair, person, conv):
            typer.echo(f"{'you' if role == 'user' else 'coach'}> {text}")
    elif line.startswith("/agenda"):
        parts = line.split()
        minutes = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 30
        _stream(coach.agenda(pair, person, day, minutes).markdown)
    elif line == "/feedback":
        _stream(coach.feedback(pair, person, day).markdown)
    elif line == "/plan":
        _stream(coach.plan(pair, person, day).markdown)
    elif line == "/commitments":
        from assistant.drafting.render import render

        items = coach.commitments(pair, person, day)
        _stream(render("commitments.md.j2", **commitments_context(items, coach.viewer(pair, person), day, "open")))
    elif line.startswith("/"):
        typer.echo(f"Unknown shortcut {line.split()[0]}. /help lists them.")
    else:
        _stream(coach.ask(pair, person, line, day, conv).answer, prefix="coach> ")
    return conv


def _stream(text: str, prefix: str = "") -> None:
    """Print as it comes, line by line (a model's answer is checked in full before it is shown)."""
    for i, line in enumerate(text.splitlines()):
        sys.stdout.write((prefix if i == 0 else "") + line + "\n")
        sys.stdout.flush()


conversations_app = typer.Typer(help="Your kept conversations (each visible to you alone).", no_args_is_help=True)
app.add_typer(conversations_app, name="conversations")


@conversations_app.command("list")
def conversations_list(ctx: typer.Context, pair: PairOpt, person: AsOpt, as_json: JsonOpt = False) -> None:
    """List your conversations in a pair, newest first."""
    with _coach(ctx, quiet=True) as (coach, _):
        found = coach.conversations(pair, person)
    doc = {"conversations": [{"id": i, "title": t, "updated_at": at.isoformat()} for i, t, at in found]}
    _emit(
        as_json, doc, lambda: "\n".join(f"{i}  {at:%Y-%m-%d %H:%M}  {t}" for i, t, at in found) or "No conversations."
    )


@conversations_app.command("show")
def conversations_show(
    ctx: typer.Context,
    conversation: Annotated[str, typer.Argument()],
    pair: PairOpt,
    person: AsOpt,
    as_json: JsonOpt = False,
) -> None:
    """Show one of your conversations."""
    with _coach(ctx, quiet=True) as (coach, _):
        found = coach.conversation(pair, person, conversation)
    doc = {"id": conversation, "messages": [{"role": r, "content": c, "sources": s} for r, c, s in found]}
    _emit(as_json, doc, lambda: "\n\n".join(f"{'you' if r == 'user' else 'coach'}> {c}" for r, c, _ in found))


@conversations_app.command("delete")
def conversations_delete(
    ctx: typer.Context,
    conversation: Annotated[str, typer.Argument()],
    pair: PairOpt,
    person: AsOpt,
    as_json: JsonOpt = False,
) -> None:
    """Delete one of your conversations for good."""
    with _coach(ctx, quiet=True) as (coach, _):
        coach.delete_conversation(pair, person, conversation)
    _emit(as_json, {"deleted": conversation}, lambda: f"Deleted {conversation}.")


@app.command()
def forget(
    ctx: typer.Context,
    pair: PairOpt,
    person: AsOpt,
    note: Annotated[str | None, typer.Option("--note", help="Forget only this note (you must be its author).")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Delete a pair (or one note) everywhere: records, index and their files on disk."""
    what = f"note '{note}' of pair '{pair}'" if note else f"pair '{pair}' and everything in it"
    if not yes:
        if not sys.stdin.isatty():
            _fail(InvalidInput("forget deletes for good: confirm with --yes"))
        typer.confirm(f"Delete {what}? This cannot be undone", abort=True)
    with _coach(ctx, quiet=True) as (coach, _):
        if note:
            coach.forget_note(pair, person, note)
        else:
            coach.forget_pair(pair, person)
    _emit(as_json, {"forgotten": {"pair": pair, "note": note}}, lambda: f"Forgot {what}.")


@app.command()
def reindex(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Rebuild every pair's retrieval index from the records."""
    with _coach(ctx) as (coach, progress):
        n = coach.reindex(progress)
    _emit(as_json, {"indexed": n}, lambda: f"Re-indexed {n} notes.")


@app.command()
def demo(
    ctx: typer.Context,
    keep: Annotated[bool, typer.Option("--keep", help="Keep the temporary home afterwards.")] = False,
) -> None:
    """Walk through Coach on a built-in sample organisation (a fresh temporary home)."""
    from assistant.demo import run_demo

    with _errors():
        run_demo(ctx.obj.get("home") if ctx.obj else None, keep=keep, progress=_Progress(), echo=typer.echo)


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8765,
) -> None:
    """Serve the HTTP API (see /docs)."""
    import uvicorn

    from api.app import create_app

    with _errors():
        uvicorn.run(create_app(_settings(ctx)), host=host, port=port)


def main() -> None:
    try:
        app()
    except SystemExit as exc:
        # click reports usage errors with exit 2 already; keep every other code as it is.
        raise exc


if __name__ == "__main__":
    main()
