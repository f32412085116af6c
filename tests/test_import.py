"""Import: validated whole, idempotent, pruning on request, Markdown folders."""

from __future__ import annotations

import copy
import json

import pytest

from assistant.errors import Conflict, InvalidInput, NotFound
from assistant.retrieval.embeddings import HashingEmbedder
from tests.helpers import pair_doc, write_json

GOOD = pair_doc(
    "p-kim-lee",
    ("kim", "Kim Park"),
    ("lee", "Lee Moss"),
    notes=[
        {"id": "n1", "text": "Lee will prepare the quarterly capacity plan."},
        {"id": "n2", "author": "lee", "kind": "note", "text": "I want to learn Rust this year."},
        {"id": "n3", "author": "lee", "visibility": "private", "kind": "note", "text": "Private: unsure about team."},
    ],
    goals=[{"id": "g1", "title": "Learn Rust", "owner": "lee", "status": "on_track", "due": "2026-12-31"}],
)


class CountingEmbedder(HashingEmbedder):
    def __init__(self):
        super().__init__()
        self.texts: list[str] = []

    def encode(self, texts):
        self.texts.extend(texts)
        return super().encode(texts)


@pytest.fixture
def counting(settings):
    from assistant.coach import Coach

    embedder = CountingEmbedder()
    with Coach.from_settings(settings, embedder=embedder) as c:
        yield c, embedder


def _bad(tmp_path, mutate, name="bad.json"):
    doc = copy.deepcopy(GOOD)
    mutate(doc)
    return write_json(tmp_path / name, doc)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["notes"][1].update(date="2026-13-01"), "notes[1].date"),
        (lambda d: d["notes"][1].update(date=20260701), "notes[1].date"),
        (lambda d: d["notes"][0].update(visibility="team"), "notes[0].visibility"),
        (lambda d: d["notes"][0].pop("text"), "notes[0].text: missing"),
        (lambda d: d["notes"][0].update(text="   "), "notes[0]: text is blank"),
        (lambda d: d["notes"][2].update(author="mallory"), "notes[2].author: 'mallory' is not a member"),
        (lambda d: d["notes"][1].update(id="n1"), "notes[1].id: 'n1' appears twice"),
        (lambda d: d["goals"][0].update(status="great"), "goals[0].status"),
        (lambda d: d["goals"][0].update(owner="zed"), "goals[0].owner"),
        (lambda d: d.update(format="coach-pair/9"), "format: expected 'coach-pair/1'"),
        (lambda d: d["pair"]["employee"].update(id="kim"), "two different people"),
        (lambda d: d["pair"].pop("manager"), "pair.manager: missing"),
        (lambda d: d["notes"][0].update(kind="memo"), "notes[0].kind"),
    ],
)
def test_bad_file_is_rejected_whole_with_file_field_and_problem(coach, tmp_path, mutate, expected):
    good = write_json(
        tmp_path / "good.json", pair_doc("p-other", ("oa", "O A"), ("ob", "O B"), notes=[{"text": "fine"}])
    )
    bad = _bad(tmp_path, mutate)
    with pytest.raises(InvalidInput) as err:
        coach.import_paths([good, bad])
    assert str(bad) in err.value.message
    assert expected in err.value.message
    assert "\n" not in err.value.message
    # Nothing was written, not even the good file that came first.
    assert coach.records.pair_ids() == []
    assert coach.indexer.pending() == 0


def test_unreadable_inputs_are_clear(coach, tmp_path):
    (tmp_path / "broken.json").write_text("{ not json")
    with pytest.raises(InvalidInput, match=r"broken.json: not valid JSON \(line 1"):
        coach.import_paths([tmp_path / "broken.json"])
    with pytest.raises(InvalidInput, match="missing.json: no such file"):
        coach.import_paths([tmp_path / "missing.json"])
    (tmp_path / "list.json").write_text("[]")
    with pytest.raises(InvalidInput, match="expected a JSON object"):
        coach.import_paths([tmp_path / "list.json"])


def test_reimport_is_idempotent_and_does_not_re_embed(counting, tmp_path):
    coach, embedder = counting
    path = write_json(tmp_path / "p.json", GOOD)
    first = coach.import_paths([path])
    assert (first.notes_added, first.goals) == (3, 1)
    embedded = len(embedder.texts)
    assert embedded >= 3
    revision = coach.records.pair_revision("p-kim-lee")
    again = coach.import_paths([path])
    assert (again.notes_added, again.notes_changed, again.notes_removed) == (0, 0, 0)
    assert len(embedder.texts) == embedded
    assert coach.records.pair_revision("p-kim-lee") == revision


def test_changed_note_alone_is_re_embedded(counting, tmp_path):
    coach, embedder = counting
    coach.import_paths([write_json(tmp_path / "p.json", GOOD)])
    before = len(embedder.texts)
    doc = copy.deepcopy(GOOD)
    doc["notes"][0]["text"] = "Lee will prepare the quarterly capacity plan and the hiring forecast."
    stats = coach.import_paths([write_json(tmp_path / "p.json", doc)])
    assert (stats.notes_added, stats.notes_changed) == (0, 1)
    assert embedder.texts[before:] == [doc["notes"][0]["text"]]
    hits = coach.search("p-kim-lee", "kim", "hiring forecast", k=1)
    assert hits[0].note.id == "n1" and "forecast" in hits[0].note.text


def test_prune_removes_only_what_the_file_no_longer_holds(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "p.json", GOOD)])
    smaller = copy.deepcopy(GOOD)
    smaller["notes"] = smaller["notes"][:1]
    smaller["goals"] = []
    kept = coach.import_paths([write_json(tmp_path / "p.json", smaller)])
    assert kept.notes_removed == 0
    viewer = coach.viewer("p-kim-lee", "lee")
    assert len(coach.records.notes(viewer)) == 3
    pruned = coach.import_paths([write_json(tmp_path / "p.json", smaller)], prune=True)
    assert (pruned.notes_removed, pruned.goals_removed) == (2, 1)
    assert [n.id for n in coach.records.notes(viewer)] == ["n1"]
    assert coach.records.goals(viewer) == []
    assert all(h.note.id == "n1" for h in coach.search("p-kim-lee", "lee", "learn Rust", k=5))
    assert coach.indexer.pending() == 0


def test_pair_members_never_change(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "p.json", GOOD)])
    hijack = copy.deepcopy(GOOD)
    hijack["pair"]["employee"] = {"id": "eve", "name": "Eve"}
    hijack["notes"] = []
    hijack["goals"] = []
    with pytest.raises(InvalidInput, match="already exists with other members"):
        coach.import_paths([write_json(tmp_path / "h.json", hijack)])
    assert not coach.records.person_exists("eve")


def test_two_files_disagreeing_on_a_name_are_rejected(coach, tmp_path):
    a = write_json(tmp_path / "a.json", pair_doc("p1", ("kim", "Kim Park"), ("x1", "X")))
    b = write_json(tmp_path / "b.json", pair_doc("p2", ("kim", "Kimberly Park"), ("x2", "Y")))
    with pytest.raises(InvalidInput, match="person 'kim' is named"):
        coach.import_paths([a, b])


def _md(path, front: str, body: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}\n---\n{body}\n", encoding="utf-8")


def test_markdown_folder_import(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "p.json", GOOD)])
    folder = tmp_path / "notes"
    _md(
        folder / "2026" / "07-10.md",
        "date: 2026-07-10\nauthor: kim\nvisibility: shared\nkind: checkin",
        "- Lee demoed the Rust prototype\n- AI: Lee - write the benchmark report",
    )
    _md(folder / "kim-private.md", "date: 2026-07-11\nauthor: kim", "Lee seems tired lately, Pomelo.")
    stats = coach.import_paths([folder], folder_pair="p-kim-lee")
    assert stats.notes_added == 2
    lee = coach.viewer("p-kim-lee", "lee")
    kim = coach.viewer("p-kim-lee", "kim")
    ids = {n.id for n in coach.records.notes(lee)}
    assert "2026/07-10" in ids and "kim-private" not in ids  # no visibility given: private
    assert "kim-private" in {n.id for n in coach.records.notes(kim)}
    assert coach.search("p-kim-lee", "lee", "Rust prototype demo", k=1)[0].note.id == "2026/07-10"
    # Idempotent, and --prune only touches notes from this folder.
    _md(folder / "kim-private.md", "date: 2026-07-11\nauthor: kim", "Lee seems tired lately, Pomelo.")
    (folder / "2026" / "07-10.md").unlink()
    stats = coach.import_paths([folder], folder_pair="p-kim-lee", prune=True)
    assert (stats.notes_added, stats.notes_removed) == (0, 1)
    assert {"n1", "n2"} <= {n.id for n in coach.records.notes(lee)}


def test_markdown_folder_errors(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "p.json", GOOD)])
    folder = tmp_path / "notes"
    _md(folder / "a.md", "date: 2026-07-10\nauthor: mallory\nvisibility: shared", "hello")
    with pytest.raises(InvalidInput, match=r"a.md: author: 'mallory' is not a member"):
        coach.import_paths([folder], folder_pair="p-kim-lee")
    _md(folder / "a.md", "date: July 10\nauthor: kim", "hello")
    with pytest.raises(InvalidInput, match=r"a.md: date: expected an ISO date"):
        coach.import_paths([folder], folder_pair="p-kim-lee")
    with pytest.raises(InvalidInput, match="needs a pair"):
        coach.import_paths([folder])
    with pytest.raises(NotFound):
        coach.import_paths([folder], folder_pair="p-none")


def test_import_json_round_trip_of_the_sample_format(coach):
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "shared" / "eval" / "samples"
    files = sorted(sample.glob("pair-*.json"))
    if not files:
        pytest.skip("shared samples not present")
    stats = coach.import_paths(files)
    doc = json.loads(files[0].read_text())
    assert stats.notes == len(doc["notes"])


# -- imports that cannot rewrite anyone ---------------------------------------------------------

VICTIM = pair_doc(
    "p-victim",
    ("maya", "Maya Lee"),
    ("sam", "Sam Ortiz"),
    notes=[
        {"id": "s1", "text": "Sam will send the roadmap."},
        {"id": "s9", "author": "sam", "visibility": "private", "kind": "note", "text": "Sam private: Quokka."},
    ],
)
ELSEWHERE = pair_doc("p-else", ("maya", "Maya Lee"), ("ola", "Ola N"), notes=[{"text": "Ola will fix CI."}])


def _state(coach):
    """Everything an attack could change: every note of both pairs, names, revisions."""
    out = {}
    for pair_id, member in (("p-victim", "sam"), ("p-victim", "maya"), ("p-else", "ola")):
        viewer = coach.viewer(pair_id, member)
        out[(pair_id, member)] = [n.model_dump() for n in coach.records.notes(viewer)]
        out[pair_id] = (coach.records.get_pair(pair_id).model_dump(), coach.records.pair_revision(pair_id))
    return out


@pytest.fixture
def victims(coach, tmp_path):
    coach.import_paths([write_json(tmp_path / "v.json", VICTIM), write_json(tmp_path / "e.json", ELSEWHERE)])
    return coach


def test_a_file_cannot_take_over_another_authors_note(victims, tmp_path):
    before = _state(victims)
    forged = copy.deepcopy(VICTIM)
    forged["notes"][1] = {**forged["notes"][1], "author": "maya", "visibility": "shared", "text": "Forged by maya."}
    with pytest.raises(Conflict, match="note 's9' already exists with another author"):
        victims.import_paths([write_json(tmp_path / "forged.json", forged)])
    flipped = copy.deepcopy(VICTIM)
    flipped["notes"][1]["visibility"] = "shared"  # the author's own note, made shared by a file
    with pytest.raises(Conflict, match="'s9'"):
        victims.import_paths([write_json(tmp_path / "flipped.json", flipped)])
    assert _state(victims) == before


def test_a_markdown_note_cannot_take_over_another_authors_note(victims, tmp_path):
    before = _state(victims)
    folder = tmp_path / "md"
    _md(folder / "ok.md", "date: 2026-07-12\nauthor: maya\nvisibility: shared", "A fine new note.")
    _md(folder / "s9.md", "date: 2026-07-12\nauthor: maya\nvisibility: shared", "Forged s9.")
    with pytest.raises(Conflict, match="'s9'"):
        victims.import_paths([folder], folder_pair="p-victim")
    assert _state(victims) == before  # not even ok.md


def test_a_file_never_renames_people_of_other_pairs(victims, tmp_path):
    before = _state(victims)
    renamed = copy.deepcopy(VICTIM)
    renamed["pair"]["manager"]["name"] = "Mallory Impostor"
    with pytest.raises(Conflict, match="person 'maya' has another name already") as refused:
        victims.import_paths([write_json(tmp_path / "r.json", renamed)])
    assert "Maya Lee" not in refused.value.message  # the stored name is not told
    assert _state(victims) == before
    assert victims.records.get_pair("p-else").manager.name == "Maya Lee"
    # Someone only in this pair may be renamed by its file (their own pair's history).
    renamed = copy.deepcopy(VICTIM)
    renamed["pair"]["employee"]["name"] = "Sam Ortiz-Lee"
    victims.import_paths([write_json(tmp_path / "r2.json", renamed)])
    assert victims.records.get_pair("p-victim").employee.name == "Sam Ortiz-Lee"


def test_a_markdown_folder_never_follows_a_link_out_of_itself(victims, tmp_path):
    secret = tmp_path / "outside" / "secret.md"
    _md(secret, "date: 2026-07-12\nauthor: maya\nvisibility: shared", "Outside the folder: Wombat.")
    folder = tmp_path / "md"
    _md(folder / "a.md", "date: 2026-07-12\nauthor: maya\nvisibility: shared", "Inside.")
    (folder / "inner").mkdir()
    (folder / "inner" / "again.md").symlink_to(folder / "a.md")  # a link inside the folder: fine
    victims.import_paths([folder], folder_pair="p-victim")
    (folder / "link.md").symlink_to(secret)
    with pytest.raises(InvalidInput, match="link.md: a link out of the folder"):
        victims.import_paths([folder], folder_pair="p-victim")
    (folder / "link.md").unlink()
    (folder / "dir").symlink_to(secret.parent, target_is_directory=True)  # a linked folder: not walked into
    victims.import_paths([folder], folder_pair="p-victim")
    viewer = victims.viewer("p-victim", "maya")
    assert "Wombat" not in json.dumps([n.text for n in victims.records.notes(viewer)])


def test_imports_are_recorded_with_their_actor(victims):
    [event] = [e for e in victims.records.events("p-victim") if e.action == "import"]
    assert event.actor == "operator" and "Sam" not in json.dumps(event.detail)


def test_a_members_import_over_http_touches_only_their_own_notes(victims):
    from tests.helpers.server import PASSWORD, bearer, client_for

    for person in ("maya", "sam", "ola"):
        victims.accounts.add_user(person, PASSWORD)
    maya, sam, ola = (bearer(victims.accounts.create_token(p)) for p in ("maya", "sam", "ola"))
    before = _state(victims)
    attacks = []
    forged = copy.deepcopy(VICTIM)
    forged["notes"] = [{**VICTIM["notes"][1], "author": "maya", "visibility": "shared", "text": "Forged."}]
    attacks.append((maya, "p-victim", forged, False, 409))  # another author's note id
    theirs = copy.deepcopy(VICTIM)
    theirs["notes"] = [{**VICTIM["notes"][0], "id": "new1", "author": "sam", "text": "Words put in Sam's mouth."}]
    attacks.append((maya, "p-victim", theirs, False, 409))  # a note in someone else's name
    renamed = copy.deepcopy(VICTIM)
    renamed["pair"]["employee"]["name"] = "Mallory Impostor"
    renamed["notes"] = []
    attacks.append((sam, "p-victim", renamed, False, 409))  # a name, even one's own
    hijack = copy.deepcopy(VICTIM)
    hijack["pair"]["employee"] = {"id": "ola", "name": "Ola N"}
    hijack["notes"] = []
    attacks.append((maya, "p-victim", hijack, False, 409))  # the members
    other = copy.deepcopy(ELSEWHERE)
    attacks.append((maya, "p-victim", other, False, 409))  # another pair's document
    attacks.append((ola, "p-victim", copy.deepcopy(VICTIM), True, 404))  # an outsider
    goal = copy.deepcopy(VICTIM)
    goal["notes"], goal["goals"] = [], [{"id": "g9", "title": "Become CTO", "owner": "sam"}]
    attacks.append((maya, "p-victim", goal, False, 409))
    with client_for(victims) as client:
        for headers, pair_id, doc, prune, status in attacks:
            answer = client.post(f"/api/pairs/{pair_id}/import", params={"prune": prune}, json=doc, headers=headers)
            assert answer.status_code == status, (answer.status_code, answer.text)
            assert "Quokka" not in answer.text
        assert client.post("/api/pairs/p-victim/import", json=VICTIM).status_code == 401
        assert _state(victims) == before
        # Maya's own notes: added, then pruned; prune never touches Sam's notes.
        mine = copy.deepcopy(VICTIM)
        mine["notes"] = [
            {**VICTIM["notes"][0]},
            {
                "id": "m2",
                "date": "2026-07-05",
                "author": "maya",
                "visibility": "private",
                "kind": "note",
                "text": "Maya's own private note.",
            },
        ]
        added = client.post("/api/pairs/p-victim/import", json=mine, headers=maya).json()
        assert (added["added"], added["changed"]) == (1, 0)
        mine["notes"] = mine["notes"][1:]
        pruned = client.post("/api/pairs/p-victim/import", params={"prune": True}, json=mine, headers=maya).json()
        assert pruned["removed"] == 1  # s1 (hers); s9 (sam's) stays
    ids = {n.id for n in victims.records.notes(victims.viewer("p-victim", "sam"))}
    assert ids == {"s9"}
