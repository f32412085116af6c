"""The web commitments view asks about what the notes only suggest: confirm or dismiss, and
either member's verdict holds for both."""

from __future__ import annotations

import json
import re
from datetime import date

from assistant.coach import Coach
from assistant.llm.fake import FakeChatModel
from tests.helpers import pair_doc, write_json
from tests.helpers.server import PASSWORD, client_for, sign_in

DOC = pair_doc(
    "p-sug",
    ("kai", "Kai Lead"),
    ("noor", "Noor Dev"),
    notes=[
        {
            "id": "n1",
            "date": "2026-07-01",
            "text": "Noor is on the hook for the vendor comparison. Noor will fix the login bug by July 10. "
            "Kai is on the hook for the offsite venue.",
        }
    ],
)
READING = {
    "commitments": [
        {"owner": "noor", "text": "deliver the vendor comparison", "evidence": "on the hook for the vendor comparison"},
        {"owner": "kai", "text": "book the offsite venue", "evidence": "on the hook for the offsite venue"},
    ]
}


def _items(section: str) -> list[str]:
    return re.findall(r'<span class="what" id="what-[^"]+">([^<]+)</span>', section)


def _suggested(page: str) -> list[str]:
    found = re.search(r'<section class="card suggested".*?</section>', page, re.S)
    return _items(found.group(0)) if found else []


def test_suggested_commitments_are_confirmed_or_dismissed_for_both(settings, tmp_path):
    model = FakeChatModel(keyed={"vendor": json.dumps(READING)})
    with Coach.from_settings(settings, chat_model=model) as coach:
        coach.import_paths([write_json(tmp_path / "p.json", DOC)])
        by_text = {c.text: c for c in coach.commitments("p-sug", "kai", date.today())}
        assert by_text["deliver the vendor comparison"].suggested and not by_text["fix the login bug"].suggested
        for person in ("kai", "noor"):
            coach.accounts.add_user(person, PASSWORD)
        with client_for(coach) as kai, client_for(coach) as noor:
            csrf = sign_in(kai, "kai")
            sign_in(noor, "noor")
            page = kai.get("/pairs/p-sug/commitments").text
            assert sorted(_suggested(page)) == ["book the offsite venue", "deliver the vendor comparison"]
            assert page.count('value="confirm"') == 2 and page.count('value="dismiss"') == 2
            assert "fix the login bug" not in _suggested(page)  # a clear reading is not asked about

            vendor = by_text["deliver the vendor comparison"].id
            venue = by_text["book the offsite venue"].id
            gone = kai.post(
                f"/pairs/p-sug/commitments/{vendor}",
                data={"action": "dismiss", "csrf_token": csrf},
                headers={"HX-Request": "true"},
            )
            assert gone.status_code == 200 and "Dismissed" in gone.text and 'value="confirm"' in gone.text
            kept = kai.post(
                f"/pairs/p-sug/commitments/{venue}",
                data={"action": "confirm", "csrf_token": csrf},
                headers={"HX-Request": "true"},
            )
            assert 'value="done"' in kept.text and "Suggested" not in kept.text

            theirs = noor.get("/pairs/p-sug/commitments?show=all").text
            assert _suggested(theirs) == []
            assert "deliver the vendor comparison" not in theirs  # dismissed for both
            assert "book the offsite venue" in _items(theirs)  # confirmed: tracked like the others
        assert not coach.commitments("p-sug", "noor", date.today())[0].suggested
