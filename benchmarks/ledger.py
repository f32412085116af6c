"""Commitment extraction and follow-up linking for one pair with 500 notes, no LLM.

    python benchmarks/ledger.py [--notes 500]

The notes are the demo pairs' notes, rewritten for one pair and spread over years, so the
ledger has hundreds of commitments and follow-ups to link. Prints the time for rules only
(wording) and with the embedding model (meaning, for the close calls); target < 1 s.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from datetime import date, timedelta
from pathlib import Path

from assistant.commitments import linking as ledger
from assistant.models import Note, NoteKind, Pair, Person, Visibility
from assistant.retrieval.embeddings import MiniLMEmbedder

ROOT = Path(__file__).resolve().parent.parent


def notes(n: int) -> tuple[Pair, list[Note]]:
    pair = Pair(
        id="p-bench", manager=Person(id="maya", name="Maya Okafor"), employee=Person(id="sam", name="Sam Rivera")
    )
    source = []
    for path in sorted((ROOT / "assistant" / "demo_data").glob("pair-*.json")):
        doc = json.loads(path.read_text())
        rename = {doc["pair"]["manager"]["id"]: "maya", doc["pair"]["employee"]["id"]: "sam"}
        names = {doc["pair"]["manager"]["name"].split()[0]: "Maya", doc["pair"]["employee"]["name"].split()[0]: "Sam"}
        for note in doc["notes"]:
            text = note["text"]
            for old, new in names.items():
                text = re.sub(rf"\b{old}\b", new, text)
            source.append((rename[note["author"]], note["visibility"], note["kind"], text))
    out, day = [], date(2020, 1, 6)
    for i in range(n):
        author, visibility, kind, text = source[i % len(source)]
        out.append(
            Note(
                id=f"n{i}",
                pair_id=pair.id,
                date=day,
                author=author,
                visibility=Visibility(visibility),
                kind=NoteKind(kind),
                text=text,
            )
        )
        day += timedelta(days=3 + i % 5)
    return pair, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=500)
    args = ap.parse_args()
    pair, history = notes(args.notes)
    visible = [n for n in history if n.visibility is Visibility.shared or n.author == "maya"]
    ledger.build(pair, visible[:20])  # warm up dateparser and regexes

    start = time.perf_counter()
    items = ledger.build(pair, visible)
    rules_s = time.perf_counter() - start

    model = MiniLMEmbedder()
    model.encode(["warm up"])
    calls = []

    def embed(texts):
        calls.append(len(texts))
        return model.encode(texts)

    start = time.perf_counter()
    with_model = ledger.build(pair, visible, embed=embed)
    model_s = time.perf_counter() - start
    events = sum(len(i.events) - 1 for i in items)
    print(
        f"notes={len(visible)} (one member's view of {args.notes}) commitments={len(items)} follow-up events={events}"
    )
    print(f"rules only:           {rules_s:.2f} s (target < 1 s)")
    print(
        f"with MiniLM meaning:  {model_s:.2f} s ({sum(calls)} texts embedded in {len(calls)} calls; "
        f"{len(with_model)} commitments)"
    )


if __name__ == "__main__":
    main()
