"""How the chat quotes the notes: the sentences of a hit, who wrote them, a promise on one line."""

from __future__ import annotations

from assistant.commitments.ledger import Commitment
from assistant.drafting.models import Snapshot, sentences
from assistant.drafting.render import day
from assistant.models import SearchHit, Visibility
from assistant.retrieval.lexical import query_terms, terms

__all__ = ["answered", "commitment_line", "joined", "quote", "who_wrote"]


def answered(hit: SearchHit, said: list[str]) -> list[str]:
    """``said`` with the answer the note wrote after a question of it ("Q: Can Kofi work
    remotely on Fridays? A: Yes, until end of April"): the question alone answers nothing."""
    note = sentences(hit.note.text)
    out = []
    for s in said:
        out.append(s)
        at = note.index(s) if s in note else -1
        if s.rstrip().endswith("?") and 0 <= at < len(note) - 1 and note[at + 1] not in said:
            out.append(note[at + 1])
    return out


def joined(said: list[str]) -> str:
    return " ".join(s.rstrip() if s.rstrip().endswith((".", "?", "!")) else s.rstrip() + "." for s in said)


def commitment_line(c: Commitment, snap: Snapshot) -> str:
    state = {"done": "done", "dropped": "dropped"}.get(c.status, "overdue" if c.overdue else "open")
    due = f", due {day(c.due, snap.as_of)}" if c.due and c.status == "open" else ""
    return f"{snap.name(c.owner)}: {c.text} ({state}{due}) [{', '.join(snap.visible(c.sources))}]"


def quote(hit: SearchHit, query: str, limit: int = 2) -> str:
    """The sentences of a hit that share most words with the query, in the note's order."""
    wanted = set(query_terms(query))
    ranked = sorted(enumerate(sentences(hit.note.text)), key=lambda x: (-len(wanted & set(terms(x[1]))), x[0]))
    chosen = sorted(ranked[:limit], key=lambda x: x[0])
    kept = [s for _, s in chosen if wanted & set(terms(s))] or [ranked[0][1]]
    return joined(kept)


def who_wrote(note, snap: Snapshot) -> str:
    kind = "check-in notes" if note.kind.value == "checkin" else "note"
    if note.author == snap.viewer.person.id:
        return "your private note" if note.visibility is Visibility.private else f"your {kind}"
    return f"{snap.name(note.author)}'s {kind}"
