"""Agenda, feedback and plan for one pair with 500 notes, in-process, no chat model; and
offline chat answers.

    python benchmarks/drafting.py [--notes 500] [--runs 20]

Prints p50/p95 per draft (target p95 < 300 ms) and per offline answer (target p95 < 200 ms,
the model loaded). The notes are the demo pairs' notes rewritten for one pair, as in
benchmarks/ledger.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from ledger import notes as bench_notes

from assistant.coach import Coach
from assistant.retrieval.embeddings import MiniLMEmbedder
from assistant.settings import Settings

QUESTIONS = [
    "What did we agree about the travel budget?",
    "What do I still owe Sam?",
    "What should I bring up tomorrow?",
    "How do I give redirecting feedback?",
    "Help me phrase feedback about the rollout plan",
    "What did we decide about the dry run?",
]


def timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    q = statistics.quantiles(times, n=20) if len(times) > 1 else times * 19
    return statistics.median(times), q[-1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=500)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    pair, history = bench_notes(args.notes)
    doc = {
        "format": "coach-pair/1",
        "pair": {"id": pair.id, "manager": pair.manager.model_dump(), "employee": pair.employee.model_dump()},
        "goals": [
            {
                "id": "g1",
                "title": "Speak at an external conference",
                "description": "Talk, abstract, dry run.",
                "owner": "sam",
                "status": "on_track",
            },
            {
                "id": "g2",
                "title": "Own the churn model end to end",
                "description": "Monitoring and launch.",
                "owner": "sam",
                "status": "at_risk",
            },
        ],
        "notes": [n.model_dump(mode="json", exclude={"pair_id"}) for n in history],
    }
    home = Path(tempfile.mkdtemp(prefix="coach-drafting-"))
    path = home.parent / f"{home.name}.json"
    path.write_text(json.dumps(doc))
    model = MiniLMEmbedder()
    model.encode(["warm up"])
    with Coach.from_settings(Settings(home=home), embedder=model) as coach:
        start = time.perf_counter()
        coach.import_paths([path])
        print(f"notes={len(history)} imported in {time.perf_counter() - start:.1f} s")
        as_of = history[-1].date + timedelta(days=3)
        for name, fn in [
            ("agenda", lambda: coach.agenda(pair.id, "maya", as_of, 30)),
            ("feedback", lambda: coach.feedback(pair.id, "maya", as_of)),
            ("plan", lambda: coach.plan(pair.id, "sam", as_of)),
        ]:
            p50, p95 = timed(fn, args.runs)
            print(f"{name:9s} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  (target p95 < 300 ms)")
        times = []
        for _ in range(max(1, args.runs // len(QUESTIONS))):
            for q in QUESTIONS:
                start = time.perf_counter()
                coach.ask(pair.id, "maya", q, as_of)
                times.append((time.perf_counter() - start) * 1000)
        q = statistics.quantiles(times, n=20)
        print(
            f"ask (offline) p50 {statistics.median(times):6.1f} ms  p95 {q[-1]:6.1f} ms over {len(times)} "
            "questions (target p95 < 200 ms)"
        )


if __name__ == "__main__":
    main()
