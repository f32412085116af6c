"""Realistic note texts for benchmarks: the demo pairs, and QMSum meetings when present."""

from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# shared/ sits beside the main checkout (/work/main -> /work/shared) and two levels above a
# helper's worktree (/work/wt/NAME): the same corpus from either.
_PLACES = [base / "shared" / "eval" / "qmsum" for base in (ROOT.parent, ROOT.parents[1])]
QMSUM = next((p for p in _PLACES if p.exists()), _PLACES[0])


def note_texts(n: int, seed: int = 7) -> list[str]:
    """n note texts: QMSum meeting notes when available, else the demo notes, repeated with variation."""
    texts: list[str] = []
    for path in sorted(QMSUM.glob("pair-*.json")):
        texts += [note["text"] for note in json.loads(path.read_text())["notes"]]
    for path in sorted((ROOT / "assistant" / "demo_data").glob("pair-*.json")):
        texts += [note["text"] for note in json.loads(path.read_text())["notes"]]
    rng = random.Random(seed)
    rng.shuffle(texts)
    out = []
    while len(out) < n:
        for t in texts[: n - len(out)]:
            out.append(t if len(out) < len(texts) else f"{t} (copy {len(out)})")
    return out


def pair_file(pair_id: str, texts: list[str], manager: str = "mgr", employee: str = "emp") -> dict:
    return {
        "format": "coach-pair/1",
        "pair": {
            "id": pair_id,
            "manager": {"id": manager, "name": manager.title()},
            "employee": {"id": employee, "name": employee.title()},
        },
        "goals": [],
        "notes": [
            {
                "id": f"n{i}",
                "date": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "author": manager if i % 3 else employee,
                "visibility": "private" if i % 10 == 0 else "shared",
                "kind": "checkin",
                "text": t,
            }
            for i, t in enumerate(texts)
        ],
    }
