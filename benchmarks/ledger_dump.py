"""Every member's stored ledger on every labelled history, through the service: what a change
to how the ledger is built (its embedding, caching, order of work) must leave identical.

    python benchmarks/ledger_dump.py OUT.json [--extra PAIR.json ...]
    python benchmarks/ledger_dump.py OUT.json --compare BEFORE.json

Imports each history (``../shared/eval/dev``, ``../shared/eval/samples``, ``tests/fixtures``,
and any ``--extra``) into a fresh store with MiniLM, as ``coach import`` does, then imports it
again with one note changed (the last note's text with a sentence added: a rebuild that
reuses stored vectors), and writes {history: {stage: {member: [commitment JSON]}}}.
``--compare`` exits 1 and names the histories whose ledgers differ.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent.parent / "shared" if (ROOT.parent.parent / "shared").exists() else ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from assistant.coach import Coach  # noqa: E402
from assistant.retrieval.embeddings import MiniLMEmbedder  # noqa: E402
from assistant.settings import Settings  # noqa: E402

ADDED = " I'll send the summary to both of us by Friday."


def histories(extra: list[str]) -> list[Path]:
    found = sorted((SHARED / "eval" / "dev").glob("pair-*.json"))
    found += sorted((SHARED / "eval" / "samples").glob("pair-*.json"))
    found += sorted((ROOT / "tests" / "fixtures").glob("pair-*.json"))
    return found + [Path(p) for p in extra]


def ledgers(coach: Coach, pair_id: str) -> dict[str, list[dict]]:
    pair = coach.records.get_pair(pair_id)
    return {m.id: [json.loads(raw) for raw in coach.records.ledger(coach.viewer(pair_id, m.id))] for m in pair.members}


def dump(path: Path, embedder: MiniLMEmbedder) -> dict:
    data = json.loads(path.read_text())
    pair_id = data["pair"]["id"]
    home = Path(tempfile.mkdtemp(prefix="coach-ledger-dump-"))
    source = home.parent / f"{home.name}.json"
    source.write_text(json.dumps(data))
    out = {}
    with Coach.from_settings(Settings(home=home), embedder=embedder) as coach:
        coach.import_paths([source])
        out["import"] = ledgers(coach, pair_id)
        data["notes"][-1]["text"] += ADDED
        source.write_text(json.dumps(data))
        coach.import_paths([source])
        out["changed"] = ledgers(coach, pair_id)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--extra", nargs="*", default=[])
    ap.add_argument("--compare")
    args = ap.parse_args()
    embedder = MiniLMEmbedder()
    result = {p.name: dump(p, embedder) for p in histories(args.extra)}
    Path(args.out).write_text(json.dumps(result, indent=1, sort_keys=True))
    total = sum(len(items) for h in result.values() for stage in h.values() for items in stage.values())
    print(f"{len(result)} histories, {total} commitments (both stages, every member)")
    if args.compare:
        before = json.loads(Path(args.compare).read_text())
        differ = [name for name in result if before.get(name) != result[name]]
        print("identical" if not differ else f"DIFFERENT: {', '.join(differ)}")
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
