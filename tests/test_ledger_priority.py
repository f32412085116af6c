"""The ledger's thread runs at a lower priority than the index's embedding during an import
(so that the model's two threads keep both cores): when it runs changes nothing it finds."""

from __future__ import annotations

import json
import os
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from assistant.coach import Coach
from assistant.settings import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HISTORIES = ["ivy-ben", "ruth-kofi"]


def _import(home: Path, embedder, history: str, niceness: int, seen: list[int]) -> dict[str, list[dict]]:
    labels = json.loads((FIXTURES / f"labels-{history}.json").read_text())
    source = FIXTURES / labels["pair_file"]
    pair_id = json.loads(source.read_text())["pair"]["id"]
    with Coach.from_settings(Settings(home=home), embedder=embedder) as coach:
        coach.derivation.ledger_niceness = niceness
        rebuild = coach.ledger.rebuild

        def watched(pair: str, *args, **kwargs):
            seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
            return rebuild(pair, *args, **kwargs)

        coach.ledger.rebuild = watched
        coach.import_paths([source])
        members = [m.id for m in coach.records.get_pair(pair_id).members]
        as_of = date.fromisoformat(labels["as_of"])
        return {m: [c.to_json() for c in coach.commitments(pair_id, m, as_of)] for m in members}


@pytest.mark.parametrize("history", HISTORIES)
def test_the_ledger_is_the_same_at_any_priority(tmp_path, minilm, history):
    lowered, level = [], []
    at_ten = _import(tmp_path / "ten", minilm, history, 10, lowered)
    at_zero = _import(tmp_path / "zero", minilm, history, 0, level)
    assert at_ten == at_zero
    assert any(at_ten.values()), "the history has commitments"
    own = os.getpriority(os.PRIO_PROCESS, 0)
    assert level and all(p == own for p in level)
    if sys.platform.startswith("linux"):
        assert lowered and all(p == min(19, own + 10) for p in lowered)
