"""Many questions in one call (`coach search --queries`) answer exactly as one search each.

The batch embeds every question, and the second stage's sentences of every question, in one
call each, and keeps each note's sentences cut between questions; none of that may change an
answer. Real MiniLM, real Chroma and SQLite; the store is copied after the import so that the
batch and the single searches both read notes whose sentences were never embedded.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.coach import Coach
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "travel budget for the conference",
    "rollback step in the rollout plan",
    "what did we agree about the deadline",
    "feedback on the presentation",
    "training and growth plans",
    "who owns the follow up",
    "travel budget for the conference",  # asked twice: answered twice, the same
    "on-call rotation and incidents",
]


def _answers(hits) -> list[tuple[str, float, str, float, float]]:
    return [(h.note.id, h.score, h.snippet, h.similarity, h.lexical) for h in hits]


def test_many_questions_answer_as_one_search_each(tmp_path, minilm):
    home = tmp_path / "imported"
    with Coach.from_settings(Settings(home=home), embedder=minilm) as coach:
        coach.import_paths([ROOT / "assistant" / "demo_data" / "pair-maya-sam.json"])
    singles, batch = tmp_path / "singles", tmp_path / "batch"
    shutil.copytree(home, singles)
    shutil.copytree(home, batch)
    for person in ("sam", "maya"):
        with Coach.from_settings(Settings(home=singles), embedder=minilm) as coach:
            alone = [_answers(coach.search("p-maya-sam", person, q, 5)) for q in QUESTIONS]
        with Coach.from_settings(Settings(home=batch), embedder=minilm) as coach:
            together = [_answers(hits) for hits in coach.search_many("p-maya-sam", person, QUESTIONS, 5)]
            again = [_answers(hits) for hits in coach.search_many("p-maya-sam", person, QUESTIONS, 5)]
        assert all(alone), "every question finds notes"
        assert together == alone
        assert again == alone  # the sentences' vectors now stored: the same answers
