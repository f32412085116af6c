"""Importing pair histories over HTTP: the same validation as `coach import`, one file per request."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Body

from ..deps import CoachDep

router = APIRouter(tags=["import"])


@router.post("/import")
def import_pair(coach: CoachDep, document: dict[str, Any] = Body(...), prune: bool = False) -> dict[str, Any]:
    """Import one coach-pair/1 document (the body). Rejected whole on any problem (422)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        stats = coach.import_paths([path], prune=prune)
    return stats.to_json()
