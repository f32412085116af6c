"""Commands on a pair's records: import, search, forget, reindex."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.cli.app import (
    AsOpt,
    JsonOpt,
    PairOpt,
    app,
    emit,
    fail,
    open_coach,
    preload,
)
from assistant.errors import InvalidInput


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
    with open_coach(ctx, quiet=as_json and not sys.stderr.isatty()) as (coach, progress):
        stats = coach.import_paths(paths, prune=prune, folder_pair=pair, progress=progress)
    from api.schemas import ImportResponse  # the API's document, so the two never drift apart

    doc = ImportResponse.of(stats).model_dump(mode="json")
    emit(
        as_json,
        doc,
        lambda: (
            f"Imported {len(stats.pairs)} pair(s): {stats.notes} notes ({stats.notes_added} new, "
            f"{stats.notes_changed} changed, {stats.notes_removed} removed), {stats.goals} goals."
            + _unsearchable(stats.not_searchable)
        ),
    )


def _unsearchable(notes: list[tuple[str, str]]) -> str:
    if not notes:
        return ""
    listed = ", ".join(f"{note} ({pair})" for pair, note in notes)
    return f"\nNot searchable (the index could not take them; kept, see coach doctor): {listed}."


def _hit(hit) -> dict[str, Any]:
    from api.search_result import SearchResult  # the API's document, so the two never drift apart

    return SearchResult.of(hit).model_dump(mode="json")


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
        fail(InvalidInput("give a QUERY or --queries FILE (not both)"))
    batch = _read_queries(queries) if queries else None
    # A command searches the stored vectors exactly (Coach.search's ``exact``): it never
    # needs Chroma unless a note has none, and importing and opening it costs more than the scan.
    if os.environ.get("COACH_EMBEDDINGS", "minilm") == "minilm":
        preload("onnxruntime", "tokenizers")
    with open_coach(ctx, quiet=True) as (coach, _):
        coach.viewer(pair, person)  # refuse outsiders before any work starts
        coach.indexer.embedder.warm_up()
        if batch is None:
            hits = coach.search(pair, person, query or "", k, exact=True)
            emit(as_json, {"results": [_hit(h) for h in hits]}, lambda: _human_hits(hits))
            return
        results = coach.search_many(pair, person, [q for _, q in batch], k, exact=True)
    doc = {
        "queries": [
            {"id": qid, "results": [_hit(h) for h in hits]} for (qid, _), hits in zip(batch, results, strict=True)
        ]
    }
    emit(
        as_json,
        doc,
        lambda: "\n\n".join(f"# {qid}: {q}\n{_human_hits(h)}" for (qid, q), h in zip(batch, results, strict=True)),
    )


def _read_queries(path: Path) -> list[tuple[str, str]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        fail(InvalidInput(f"{path}: cannot be read"))
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append((str(row["id"]), str(row["query"])))
        except (json.JSONDecodeError, KeyError, TypeError):
            fail(InvalidInput(f'{path}: line {n}: expected a JSON object with "id" and "query"'))
    if not out:
        fail(InvalidInput(f"{path}: no queries"))
    return out


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
            fail(InvalidInput("forget deletes for good: confirm with --yes"))
        typer.confirm(f"Delete {what}? This cannot be undone", abort=True)
    with open_coach(ctx, quiet=True) as (coach, _):
        if note:
            coach.forget_note(pair, person, note)
        else:
            coach.forget_pair(pair, person, confirm=pair)  # confirmed above (--yes, or asked)
    emit(as_json, {"forgotten": {"pair": pair, "note": note}}, lambda: f"Forgot {what}.")


@app.command()
def reindex(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Rebuild every pair's retrieval index from the records."""
    with open_coach(ctx) as (coach, progress):
        n = coach.reindex(progress)
    emit(as_json, {"indexed": n}, lambda: f"Re-indexed {n} notes.")
