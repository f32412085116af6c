"""Every miss of the ledger on one labelled history, by category, with the words around it.

Used by ``ledger_loho.py --misses``: MISSED (a labelled commitment not found), DUE, STATUS,
OWNER (found, but that field wrong), SPURIOUS (found, not labelled); each with the note's
sentence closest to it, so that a miss can be read by its KIND across histories.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["print_misses"]


def _sentence(note_text: str, words: str, scorer) -> str:
    """The line of a note closest in words to ``words`` (to show where a miss stands)."""
    lines = [ln.strip() for ln in note_text.splitlines() if ln.strip()]
    parts = [p for ln in lines for p in re.split(r"(?<=[.!?])\s+", ln)]
    best = max(parts, key=lambda p: scorer.overlap(words, p), default="")
    return best[:220]


def print_misses(scorer, item, ledger_of) -> None:
    """Print each miss of one history (once per gold commitment, as the first member able to
    see it), by category: MISSED, DUE, STATUS, OWNER, SPURIOUS."""
    as_of = item.labels["as_of"]
    texts = {n.id: n.text for n in item.history.notes}
    shown: set = set()
    for person in item.history.member_ids:
        pred = ledger_of(item.history, person, date.fromisoformat(as_of))
        visible = {n.id for n in item.history.visible_to(person)}
        gold = [g for g in item.labels["commitments"] if g["note_id"] in visible]
        pairs = []
        for gi, g in enumerate(gold):
            notes = {g["note_id"], *g.get("also_stated_in", [])}
            for pi, p in enumerate(pred):
                if p.get("source_note_id") in notes and (s := scorer.overlap(g["text"], p.get("text", ""))) >= 0.34:
                    pairs.append((s, gi, pi))
        g_used, p_used, matched = set(), set(), {}
        for _s, gi, pi in sorted(pairs, reverse=True):
            if gi not in g_used and pi not in p_used:
                g_used.add(gi)
                p_used.add(pi)
                matched[gi] = pred[pi]
        dups = {pi for _s, gi, pi in pairs if gi in g_used and pi not in p_used}
        tag = f"{item.name}/{person}"
        for gi, g in enumerate(gold):
            key = (g["id"], "x")
            p = matched.get(gi)
            if p is None:
                if key not in shown:
                    shown.add(key)
                    print(
                        f"MISSED {tag} {g['id']} [{g['owner']}] {g['text']!r}\n    in {g['note_id']}: "
                        f"{_sentence(texts[g['note_id']], g['text'], scorer)!r}"
                    )
                continue
            want = g["due"] if isinstance(g["due"], list) else [g["due"]]
            if not g.get("due_ambiguous") and p.get("due") not in want and (g["id"], "due") not in shown:
                shown.add((g["id"], "due"))
                print(
                    f"DUE {tag} {g['id']} gold={want} pred={p.get('due')} {g['text']!r}\n    pred {p['text']!r}"
                    f" | {_sentence(texts[g['note_id']], g['text'], scorer)!r}"
                )
                for e in p.get("evidence", []):
                    if e.get("due"):
                        print(f"    moved in {e['note_id']}: {e['text'][:160]!r} -> {e['due']}")
            fu = g.get("followup_note_id")
            judged = g.get("status") and (not fu or fu in visible)
            if judged and p.get("status") != g["status"] and (g["id"], "status") not in shown:
                shown.add((g["id"], "status"))
                print(
                    f"STATUS {tag} {g['id']} gold={g['status']}@{fu} pred={p.get('status')}@"
                    f"{p.get('followup_note_id')} [{g['owner']}] {g['text']!r}"
                )
                if fu:
                    print(f"    gold follow-up: {_sentence(texts[fu], g['text'], scorer)!r}")
                if p.get("followup_note_id") and p.get("followup_note_id") != fu:
                    print(f"    pred follow-up: {_sentence(texts[p['followup_note_id']], g['text'], scorer)!r}")
            if p.get("owner") != g["owner"] and (g["id"], "owner") not in shown:
                shown.add((g["id"], "owner"))
                print(f"OWNER {tag} {g['id']} gold={g['owner']} pred={p.get('owner')} {g['text']!r}")
        for pi, p in enumerate(pred):
            if pi not in p_used and pi not in dups and ("s", p["id"]) not in shown:
                shown.add(("s", p["id"]))
                print(
                    f"SPURIOUS {tag} [{p.get('owner')}] {p['text']!r} in {p['source_note_id']} "
                    f"conf={p.get('confidence')}"
                )
