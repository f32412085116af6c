"""The commitment ledger end to end: labelled histories, privacy, corrections, status as of a date."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from assistant.errors import InvalidInput, NotFound
from assistant.store.importer import read_pair_file
from tests.helpers import FIXTURES, pair_doc, write_json

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "eval" / "samples"
LABELS = sorted(FIXTURES.glob("labels-*.json")) + sorted(SAMPLE.glob("labels-*.json"))
STOP = set(
    "a an the to of and or for on in at by with from into as is are be will would should i i'll we he she "
    "they it its their his her my our your you this that these those up out about before after next first "
    "each any all so not no do does did done".split()
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP and len(w) > 1}


def _overlap(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


def _match(gold: list[dict], pred: list[dict]) -> tuple[list[tuple[dict, dict]], int]:
    """Greedy matching by source note and wording, as the acceptance scorer does."""
    pairs = sorted(
        (
            (_overlap(g["text"], p["text"]), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(pred)
            if p["source_note_id"] in {g["note_id"], *g.get("also_stated_in", [])}
        ),
        reverse=True,
    )
    used_g, used_p, matches = set(), set(), []
    for score, gi, pi in pairs:
        if score >= 0.34 and gi not in used_g and pi not in used_p:
            used_g.add(gi), used_p.add(pi), matches.append((gold[gi], pred[pi]))
    duplicates = {pi for score, gi, pi in pairs if score >= 0.34 and gi in used_g and pi not in used_p}
    return matches, len(duplicates)


@pytest.fixture(scope="module")
def labelled(tmp_path_factory, minilm):
    """Every labelled history imported once into one home (pairs share people, as in an org)."""
    from assistant.coach import Coach
    from assistant.settings import Settings

    home = tmp_path_factory.mktemp("ledger") / "home"
    coach = Coach.from_settings(Settings(home=home), embedder=minilm)
    sets = []
    for path in LABELS:
        labels = json.loads(path.read_text())
        sets.append((labels, (path.parent / labels["pair_file"]).resolve()))
    coach.import_paths([p for _, p in sets])
    yield coach, [labels for labels, _ in sets]
    coach.close()


@pytest.mark.model
@pytest.mark.parametrize("index", range(len(LABELS)), ids=[p.stem for p in LABELS])
def test_labelled_histories_meet_the_bar(labelled, index):
    coach, all_labels = labelled
    labels = all_labels[index]
    pair = json.loads(
        (
            next(p for p in LABELS if json.loads(p.read_text())["pair"] == labels["pair"]).parent / labels["pair_file"]
        ).read_text()
    )
    as_of = date.fromisoformat(labels["as_of"])
    for person in (pair["pair"]["manager"]["id"], pair["pair"]["employee"]["id"]):
        pred = [c.to_json() for c in coach.commitments(labels["pair"], person, as_of)]
        gold = labels["commitments"]
        matches, duplicates = _match(gold, pred)
        assert duplicates == 0
        assert len(matches) / len(pred) >= 0.9, "precision"
        assert len(matches) / len(gold) >= 0.9, "recall"
        assert sum(p["owner"] == g["owner"] for g, p in matches) / len(matches) >= 0.95, "owner"
        dated = [(g, p) for g, p in matches if not g.get("due_ambiguous")]
        assert sum(p["due"] == g["due"] for g, p in dated) / len(dated) >= 0.9, "due"
        judged = [(g, p) for g, p in matches if g.get("status")]
        assert sum(p["status"] == g["status"] for g, p in judged) / len(judged) >= 0.9, "status"
        for g, p in judged:
            if g["status"] == "open" and g.get("due") and not g.get("due_ambiguous"):
                assert p["overdue"] == (g["due"] < labels["as_of"]), p


DOC = pair_doc(
    "p-led",
    ("mia", "Mia Manager"),
    ("eve", "Eve Employee"),
    notes=[
        {
            "id": "n1",
            "date": "2026-03-02",
            "text": "Eve will write the load test plan by March 13.\nI'll book the training budget.",
        },
        {
            "id": "n2",
            "date": "2026-03-03",
            "author": "eve",
            "visibility": "private",
            "kind": "note",
            "text": "I'll ask Ravi about the Gorgonzola team before our next chat.",
        },
        {"id": "n3", "date": "2026-03-16", "text": "Load test plan: not done yet, new date March 20."},
        {
            "id": "n4",
            "date": "2026-03-17",
            "author": "eve",
            "visibility": "private",
            "kind": "note",
            "text": "Training budget booked by Mia, she told me in the hallway.",
        },
        {"id": "n5", "date": "2026-03-30", "text": "Quick sync about hiring."},
        {"id": "n6", "date": "2026-04-13", "text": "Talked about the offsite."},
        {"id": "n7", "date": "2026-04-27", "text": "Talked about conference talks."},
    ],
)


@pytest.fixture
def led(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "p.json", DOC)])
    return coach


def _by_text(items, words):
    return next(c for c in items if words in c.text)


def test_due_moves_and_overdue_as_of(led):
    before = _by_text(led.commitments("p-led", "mia", date(2026, 3, 14)), "load test plan")
    assert (before.due, before.overdue) == (date(2026, 3, 13), True)
    after = _by_text(led.commitments("p-led", "mia", date(2026, 3, 18)), "load test plan")
    assert (after.due, after.overdue, after.due_original) == (date(2026, 3, 20), False, date(2026, 3, 13))
    assert [(e.kind, e.note_id) for e in after.evidence] == [("moved", "n3")]


def test_nothing_from_the_future(led):
    assert led.commitments("p-led", "mia", date(2026, 3, 1)) == []


def test_private_commitments_and_private_evidence_stay_with_their_author(led):
    eve = led.commitments("p-led", "eve", date(2026, 4, 1))
    mia = led.commitments("p-led", "mia", date(2026, 4, 1))
    assert any("Gorgonzola" in c.text for c in eve)
    assert not any("Gorgonzola" in json.dumps(c.to_json()) for c in mia)
    # Eve's private note reports Mia's booking done: Eve's view only.
    assert _by_text(eve, "training budget").status == "done"
    mine = _by_text(mia, "training budget")
    assert mine.status == "open" and all(e.note_id != "n4" for e in mine.evidence)


def test_stale_when_not_mentioned_in_the_last_check_ins(led):
    mia = _by_text(led.commitments("p-led", "mia", date(2026, 4, 28)), "training budget")
    assert mia.stale  # n5, n6, n7: three check-ins without a word about it
    early = _by_text(led.commitments("p-led", "mia", date(2026, 3, 31)), "training budget")
    assert not early.stale


def test_corrections_win_and_are_recorded(led, tmp_path):
    item = _by_text(led.commitments("p-led", "mia", date(2026, 4, 1)), "load test plan")
    led.correct_commitment("p-led", "eve", item.id, "done")
    led.correct_commitment("p-led", "mia", item.id, "due", "2026-03-27")
    led.correct_commitment("p-led", "mia", item.id, "assign", "mia")
    # A re-import with a change elsewhere rebuilds the ledger: corrections survive.
    changed = json.loads(json.dumps(DOC))
    changed["notes"][4]["text"] = "Quick sync about hiring and the roadmap."
    led.import_paths([write_json(tmp_path / "p2.json", changed)])
    now = _by_text(led.commitments("p-led", "eve", date(2026, 4, 1)), "load test plan")
    assert (now.status, now.due, now.owner) == ("done", date(2026, 3, 27), "mia")
    assert [(c["action"], c["by"]) for c in now.corrections] == [("done", "eve"), ("due", "mia"), ("assign", "mia")]
    led.correct_commitment("p-led", "eve", item.id, "reopen")
    assert _by_text(led.commitments("p-led", "eve", date(2026, 4, 1)), "load test plan").status == "open"


def test_correction_errors(led):
    item = _by_text(led.commitments("p-led", "mia", date(2026, 4, 1)), "load test plan")
    with pytest.raises(InvalidInput, match="not a member"):
        led.correct_commitment("p-led", "mia", item.id, "assign", "ravi")
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        led.correct_commitment("p-led", "mia", item.id, "due", "next week")
    with pytest.raises(NotFound):
        led.correct_commitment("p-led", "mia", "c-nope", "done")
    private = _by_text(led.commitments("p-led", "eve", date(2026, 4, 1)), "Gorgonzola")
    with pytest.raises(NotFound):  # Mia cannot see it, so cannot touch it
        led.correct_commitment("p-led", "mia", private.id, "done")


def test_unchanged_reimport_keeps_the_ledger(led, tmp_path):
    before = [c.to_json() for c in led.commitments("p-led", "eve", date(2026, 4, 1))]
    led.import_paths([write_json(tmp_path / "p.json", DOC)])
    assert [c.to_json() for c in led.commitments("p-led", "eve", date(2026, 4, 1))] == before


def test_a_crash_before_the_ledger_is_built_is_repaired(settings, tmp_path):
    from assistant.coach import Coach

    with Coach.from_settings(settings) as coach:  # records written, then the process dies
        coach.records.import_pairs([read_pair_file(write_json(tmp_path / "p.json", DOC))])
        assert coach.records.stale_ledgers() == ["p-led"]
    with Coach.from_settings(settings) as coach:
        assert coach.records.stale_ledgers() == []
        assert coach.commitments("p-led", "mia", date(2026, 4, 1))


def test_labelled_histories_can_be_scored_together():
    """The acceptance scorer imports every history into one home and finds private markers by
    note id and by substring: ids and markers must be unique across the corpus, or a pair's
    own note reads as another pair's leak."""
    texts, owner_of_id = {}, {}
    for path in LABELS:
        labels = json.loads(path.read_text())
        pair = json.loads((path.parent / labels["pair_file"]).read_text())
        texts[labels["pair"]] = " ".join(n["text"] for n in pair["notes"]).lower()
        for note in pair["notes"]:
            assert owner_of_id.setdefault(note["id"], labels["pair"]) == labels["pair"], note["id"]
    for path in LABELS:
        labels = json.loads(path.read_text())
        for canary in labels["private_canaries"]:
            assert [p for p, t in texts.items() if canary["marker"].lower() in t] == [labels["pair"]], canary


def test_a_suggestion_is_never_an_overdue_accusation_until_a_member_confirms_it():
    from datetime import datetime

    from assistant.commitments.ledger import view_of
    from assistant.commitments.models import TrackedCommitment

    guess = TrackedCommitment(
        "c-1", "eve", "scope a chatbot pilot", "n1", date(2026, 3, 2), date(2026, 3, 9), False, 0, confidence=0.3
    )
    before = view_of(guess, date(2026, 4, 1), [])
    assert (before.suggested, before.overdue, before.to_json()["confidence"]) == (True, False, 0.3)
    confirmed = view_of(guess, date(2026, 4, 1), [], fixes=[("confirm", None, "mia", datetime(2026, 3, 3))])
    assert (confirmed.suggested, confirmed.overdue, confirmed.confidence) == (False, True, 1.0)


def test_dismissing_a_commitment_takes_it_off_the_list_and_confirming_brings_it_back(led, tmp_path):
    item = _by_text(led.commitments("p-led", "mia", date(2026, 4, 1)), "training budget")
    assert {"confidence", "suggested"} <= set(item.to_json())
    led.correct_commitment("p-led", "mia", item.id, "dismiss")
    changed = json.loads(json.dumps(DOC))
    changed["notes"][4]["text"] = "Quick sync about hiring and the offsite."
    led.import_paths([write_json(tmp_path / "p3.json", changed)])  # a rebuild keeps the verdict
    assert item.id not in {c.id for c in led.commitments("p-led", "eve", date(2026, 4, 1))}
    back = led.correct_commitment("p-led", "eve", item.id, "confirm")
    assert (back.suggested, back.confidence) == (False, 1.0)
    assert item.id in {c.id for c in led.commitments("p-led", "mia", date(2026, 4, 1))}


def test_how_one_member_writes_dates_in_private_never_changes_the_others_ledger(settings, tmp_path):
    from assistant.coach import Coach

    shared = {"id": "n1", "date": "2026-03-02", "text": "Eve will send the plan by 4/3."}
    private = {
        "id": "n2",
        "date": "2026-03-03",
        "author": "mia",
        "visibility": "private",
        "kind": "note",
        "text": "Mine: dentist 27/3, school trip 30/3, 28/3 offsite.",
    }
    with Coach.from_settings(settings) as coach:
        coach.import_paths(
            [write_json(tmp_path / "d.json", pair_doc("p-d", ("mia", "Mia M"), ("eve", "Eve E"), [shared]))]
        )
        alone = _by_text(coach.commitments("p-d", "eve", date(2026, 3, 5)), "send the plan").due
        doc = pair_doc("p-d", ("mia", "Mia M"), ("eve", "Eve E"), [shared, private])
        coach.import_paths([write_json(tmp_path / "d2.json", doc)])
        assert _by_text(coach.commitments("p-d", "eve", date(2026, 3, 5)), "send the plan").due == alone
        assert alone == date(2026, 4, 3)


def test_a_commitment_whose_words_lean_on_its_note_carries_the_notes_own_words(coach, tmp_path):

    doc = pair_doc(
        "p-said",
        ("hollis", "Hollis Grant"),
        ("yusra", "Yusra Haddad"),
        notes=[
            {
                "id": "s1",
                "date": "2026-05-19",
                "text": "- Sessions: 10 of 12 done.\n"
                "- The survey tool license lapsed in March; I'll get it renewed by the end of the month.\n"
                "- Yusra will draft the survey questions by June 5.",
            }
        ],
    )
    coach.import_paths([write_json(tmp_path / "said.json", doc)])
    items = {c.text: c for c in coach.commitments("p-said", "yusra", date(2026, 6, 10))}
    renew = next(c for text, c in items.items() if "renewed" in text)
    assert renew.said == "The survey tool license lapsed in March; I'll get it renewed by the end of the month"
    assert renew.to_json()["said"] == renew.said
    questions = next(c for text, c in items.items() if "questions" in text)
    assert questions.said == ""  # its own words say it all
