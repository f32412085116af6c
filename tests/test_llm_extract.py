"""Optional chat-model extraction, with LangChain's fake chat model: merged, bounded, cached."""

from __future__ import annotations

import json
from datetime import date

from assistant.coach import Coach
from assistant.llm.fake import FakeChatModel
from tests.helpers import pair_doc, write_json


def scripted(*answers: dict | str) -> FakeChatModel:
    """Answers from a script, in order, and remembers what it was asked (``prompts``)."""
    return FakeChatModel(script=[a if isinstance(a, str) else json.dumps(a) for a in answers])


DOC = pair_doc(
    "p-llm",
    ("kai", "Kai Lead"),
    ("noor", "Noor Dev"),
    notes=[
        {
            "id": "n1",
            "date": "2026-07-01",
            "text": "Noor is on the hook for the vendor comparison. Noor will fix the login bug by July 10. "
            "Imani to review the contract terms.",
        },
        {
            "id": "n2",
            "date": "2026-07-02",
            "author": "noor",
            "visibility": "private",
            "kind": "note",
            "text": "Private: I owe myself a break.",
        },
    ],
)


def test_model_adds_what_the_rules_missed_and_the_rules_win_ties(settings, tmp_path):
    model = scripted(
        {
            "commitments": [
                {
                    "owner": "noor",
                    "text": "deliver the vendor comparison",
                    "due": "2026-07-15",
                    "evidence": "Noor is on the hook for the vendor comparison",
                },
                # the rules have it
                {"owner": "noor", "text": "fix the login bug", "due": "2026-07-11", "evidence": "fix the login bug"},
                # not a member: unassigned
                {"owner": "imani", "text": "review the contract terms", "evidence": "review the contract terms"},
                # words the note does not contain: invented, dropped
                {"owner": "noor", "text": "rewrite the billing service", "evidence": "Noor will rewrite billing"},
            ]
        },
    )
    with Coach.from_settings(settings, chat_model=model) as coach:
        coach.import_paths([write_json(tmp_path / "p.json", DOC)])
        items = {c.text: c for c in coach.commitments("p-llm", "kai", date(2026, 7, 3))}
    assert items["deliver the vendor comparison"].owner == "noor"
    assert items["deliver the vendor comparison"].due == date(2026, 7, 15)
    assert items["fix the login bug"].due == date(2026, 7, 10)  # from the rules, not the model
    assert items["review the contract terms"].owner is None
    assert len(items) == 3
    # Only the shared note was sent: private notes stay away from the model by default.
    assert len(model.prompts) == 1 and "owe myself" not in model.prompts[0]


def keyed(**answers: dict | str) -> FakeChatModel:
    """Answers by what the note says (no commitments otherwise); counts the questions."""
    return FakeChatModel(keyed={k: a if isinstance(a, str) else json.dumps(a) for k, a in answers.items()})


def test_answers_are_cached_and_garbage_is_ignored(settings, tmp_path):
    garbage = keyed(vendor="not json at all")
    with Coach.from_settings(settings, chat_model=garbage) as coach:
        coach.import_paths([write_json(tmp_path / "p.json", DOC)])
        assert [c.text for c in coach.commitments("p-llm", "kai", date(2026, 7, 3))] == ["fix the login bug"]
    changed = json.loads(json.dumps(DOC))
    changed["notes"].append(
        {
            "id": "n3",
            "date": "2026-07-03",
            "author": "kai",
            "visibility": "shared",
            "kind": "note",
            "text": "Offsite planning.",
        }
    )
    model = keyed(
        Offsite={"commitments": [{"owner": "kai", "text": "book the team offsite", "evidence": "Offsite planning."}]}
    )
    with Coach.from_settings(settings, chat_model=model) as coach:
        coach.import_paths([write_json(tmp_path / "p.json", changed)])
        assert "book the team offsite" in [c.text for c in coach.commitments("p-llm", "kai", date(2026, 7, 3))]
    # n1's garbage was not kept, so n1 and n3 were asked once each: both ledgers share the answers.
    assert sorted("vendor" in p for p in model.prompts) == [False, True]
    again = keyed()
    with Coach.from_settings(settings, chat_model=again) as coach:
        coach.ledger.rebuild("p-llm")
    assert again.prompts == []  # everything comes from the cache


def test_a_models_reading_is_a_suggestion_and_a_bad_date_is_no_date(settings, tmp_path):
    model = keyed(
        vendor={
            "commitments": [
                {
                    "owner": "noor",
                    "text": "deliver the vendor comparison",
                    "due": "next Tuesday-ish",
                    "evidence": "on the hook for the vendor comparison",
                }
            ]
        }
    )
    with Coach.from_settings(settings, chat_model=model) as coach:
        coach.import_paths([write_json(tmp_path / "p.json", DOC)])
        items = {c.text: c for c in coach.commitments("p-llm", "kai", date(2026, 9, 1))}
    guess = items["deliver the vendor comparison"]
    assert (guess.due, guess.suggested, guess.overdue) == (None, True, False)
    assert items["fix the login bug"].suggested is False and items["fix the login bug"].overdue is True
