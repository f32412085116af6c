"""Answering a member's questions about their pair, offline, from the notes.

The answerer recognises what is asked (a fact from the notes, commitments, the agenda,
feedback, the plan, a coaching how-to) and answers in plain sentences built from what it
retrieved, each with the note ids it rests on. When the notes hold nothing on the question
it says so rather than guess. Every answer ends with a receipt of the notes it used.

A short follow-up ("and when is it due?") is read with the question before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.chat.intents import INTENT_WORDS, VAGUE_WORDS, Asked
from assistant.commitments.ledger import Commitment
from assistant.drafting.models import Snapshot, sentences
from assistant.models import SearchHit, Visibility
from assistant.retrieval.lexical import query_terms, terms

__all__ = ["Answer", "answer", "receipt"]


@dataclass
class Answer:
    answer: str
    sources: list[str]
    intent: str
    playbook: list[str] = field(default_factory=list)


def answer(
    asked: Asked,
    snap: Snapshot,
    search: Callable[[str, int], list[SearchHit]],
    drafts: dict[str, Callable[[], object]],
    playbook,
    idf: dict[str, float] | None = None,
) -> Answer:
    handlers = {
        "commitments": _commitments,
        "agenda": _agenda,
        "feedback": _feedback,
        "plan": _plan,
        "howto": _howto,
    }
    if asked.intent == "howto":
        return _howto(asked, snap, search, drafts, playbook)
    hits = _relevant(search(asked.query, 5), asked.query, idf or {})
    handler = handlers.get(asked.intent)
    if handler is not None:
        result = handler(asked, snap, hits, drafts)
        if result is not None:
            return result
    return _fact(asked, snap, hits)


def _relevant(hits: list[SearchHit], query: str, idf: dict[str, float]) -> list[SearchHit]:
    """Hits that are really about the question, or none when the best one is not.

    The best hit must carry most of the question's (weighted) words, or be close in
    meaning; a word no note uses weighs the most, so "the conference budget" is not
    answered by a note about the promo budget. Then the hits that score near it come along.
    """
    if not hits:
        return []
    wanted = set(query_terms(query)) - INTENT_WORDS - VAGUE_WORDS
    unseen = max(idf.values(), default=1.0)
    weight = {t: idf.get(t, unseen) for t in wanted}
    total = sum(weight.values())

    def shared(h: SearchHit) -> set[str]:
        return wanted & set(terms(h.note.text))

    def coverage(h: SearchHit) -> float:
        return sum(weight[t] for t in shared(h)) / total if total else 0.0

    best = max(hits, key=lambda h: h.score)
    # Or most of the question's words, by count: the pair's own topic words ("QA device lab")
    # are in many of its notes and weigh little, while "budget" may be in none.
    in_best = len(shared(best))
    if not (
        (coverage(best) >= 0.5 and best.lexical > 0)
        or best.similarity >= 0.5
        or (in_best >= 2 and in_best >= 0.6 * len(wanted))
    ):
        return []
    return [
        h for h in hits if h is best or (h.score >= 0.6 * best.score and (coverage(h) >= 0.25 or h.similarity >= 0.45))
    ]


def _quote(hit: SearchHit, query: str, snap: Snapshot, limit: int = 2) -> str:
    wanted = set(query_terms(query))
    ranked = sorted(
        enumerate(sentences(hit.note.text)),
        key=lambda x: (-len(wanted & set(terms(x[1]))), x[0]),
    )
    chosen = sorted(ranked[:limit], key=lambda x: x[0])
    chosen = [s for i, s in chosen if wanted & set(terms(s))] or [ranked[0][1]]
    text = " ".join(s.rstrip() if s.rstrip().endswith((".", "?", "!")) else s.rstrip() + "." for s in chosen)
    return text


def _who_wrote(note, snap: Snapshot) -> str:
    kind = "check-in notes" if note.kind.value == "checkin" else "note"
    if note.author == snap.viewer.person.id:
        return "your private note" if note.visibility is Visibility.private else f"your {kind}"
    return f"{snap.name(note.author)}'s {kind}"


def _fact(asked: Asked, snap: Snapshot, hits: list[SearchHit]) -> Answer:
    if not hits:
        return Answer(
            f"I couldn't find anything about that in your notes with {snap.viewer.other.first_name}, "
            "so I won't guess. Try other words, or `coach search`.",
            [],
            "fact",
        )
    lines = []
    for h in hits[:3]:
        lines.append(
            f'- {h.note.date:%b %-d}, {_who_wrote(h.note, snap)}: "{_quote(h, asked.query, snap)}" [{h.note.id}]'
        )
    topic = _topic(asked.query)
    lead = f"Here is what your notes say{f' about {topic}' if topic else ''}:"
    related = _related_commitments(asked.query, snap)
    if related:
        lines.append(f"- Related promise: {related}")
    sources = snap.visible([h.note.id for h in hits[:3]] + _ids_in(related))
    return Answer("\n".join([lead, *lines]), sources, "fact")


def _topic(query: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z0-9'-]+", query) if w.lower() not in STOP_TOPIC]
    return " ".join(words[:8]).strip()


STOP_TOPIC = {
    "what",
    "did",
    "we",
    "decide",
    "agree",
    "agreed",
    "about",
    "the",
    "a",
    "an",
    "on",
    "for",
    "our",
    "my",
    "is",
    "are",
    "was",
    "were",
    "do",
    "does",
    "how",
    "who",
    "when",
    "why",
    "which",
    "say",
    "said",
    "tell",
    "me",
    "you",
    "i",
    "with",
    "of",
    "to",
    "and",
    "in",
    "any",
    "there",
    "anything",
}


def _related_commitments(query: str, snap: Snapshot) -> str:
    wanted = set(query_terms(query)) - INTENT_WORDS
    best, best_n = None, 1
    for c in snap.commitments:
        n = len(wanted & set(terms(c.text)))
        if n > best_n:
            best, best_n = c, n
    return _commitment_line(best, snap) if best else ""


def _commitment_line(c: Commitment, snap: Snapshot) -> str:
    state = "done" if c.status == "done" else "overdue" if c.overdue else "open"
    due = f", due {c.due:%b %-d}" if c.due and c.status == "open" else ""
    return f"{snap.name(c.owner)}: {c.text} ({state}{due}) [{', '.join(snap.visible(c.sources))}]"


def _ids_in(text: str) -> list[str]:
    return [i.strip() for m in re.finditer(r"\[([^\]]+)\]", text) for i in m.group(1).split(",")]


def _commitments(asked: Asked, snap: Snapshot, hits, drafts) -> Answer | None:
    me, other = snap.viewer.person, snap.viewer.other
    q = asked.question.lower()
    if re.search(r"\b(?:i|do\s+i)\s+(?:still\s+)?owe\b|\bmy\s+(?:promises|commitments|action)|\bi\s+promised", q):
        owners, who = [me.id], "You owe"
    elif re.search(
        r"\bowe[sd]?\s+me\b|\bowed\s+to\s+me|" + re.escape(other.first_name.lower()) + r"\s+(?:owe|promis|commit)", q
    ):
        owners, who = [other.id], f"{other.first_name} owes you"
    else:
        owners, who = [me.id, other.id, None], "Open promises, both ways"
    wanted = set(query_terms(asked.query)) - INTENT_WORDS - set(terms(f"{me.name} {other.name}"))
    items = [c for c in snap.commitments if c.status == "open" and c.owner in owners]
    topical = [c for c in items if wanted & set(terms(c.text))]
    if topical:
        items = topical
    if not items:
        return Answer(
            f"{who}: nothing open in the notes as of {snap.as_of:%b %-d}.",
            snap.visible(c.source_note_id for c in snap.commitments[-1:]),
            "commitments",
        )
    items.sort(key=lambda c: (not c.overdue, c.due or snap.as_of.replace(year=snap.as_of.year + 10)))
    lines = [f"{who} ({len(items)} open):"] + [f"- {_commitment_line(c, snap)}" for c in items[:8]]
    overdue = [c for c in items if c.overdue]
    if overdue:
        lines.append(f"{len(overdue)} overdue: worth raising first at the next 1:1.")
    return Answer("\n".join(lines), snap.visible(n for c in items[:8] for n in c.sources), "commitments")


def _agenda(asked: Asked, snap: Snapshot, hits, drafts) -> Answer | None:
    agenda = drafts["agenda"]()
    lines = [f"For your next 1:1 with {snap.viewer.other.first_name} ({agenda.minutes} min), in this order:"]
    for item in agenda.items[:8]:
        cite = f" [{', '.join(item.sources)}]" if item.sources else ""
        lines.append(f"- {item.title} ({item.minutes} min): {item.why}.{cite}")
    lines += [f"Note: {n}" for n in agenda.nudges[:2]]
    sources = snap.visible(n for i in agenda.items[:8] for n in i.sources)
    for h in hits[:2]:  # what the question itself was about, if anything specific
        if h.note.id not in sources:
            lines.append(f'- Also relevant: {h.note.date:%b %-d}, "{_quote(h, asked.query, snap, 1)}" [{h.note.id}]')
            sources.append(h.note.id)
    return Answer("\n".join(lines), sources, "agenda", ["agenda-patterns"])


def _feedback(asked: Asked, snap: Snapshot, hits, drafts) -> Answer | None:
    draft = drafts["feedback"]()
    wanted = set(query_terms(asked.query)) - INTENT_WORDS
    chosen = [s for s in draft.suggestions if wanted & set(terms(f"{s.situation} {s.behavior} {s.impact}"))]
    topical = bool(chosen)
    chosen = chosen or draft.suggestions
    lines = []
    if topical or not hits:
        lines.append("Here is a way to put it, in Situation-Behavior-Impact form:")
        for s in chosen[:2]:
            lines.append(f'- {s.situation}: {s.behavior} {s.impact} Then ask: "{s.question}" [{", ".join(s.sources)}]')
        sources = snap.visible(n for s in chosen[:2] for n in s.sources)
    else:
        lines.append("The notes on that, to build the feedback on (Situation-Behavior-Impact):")
        sources = []
    for h in hits[:3]:
        if h.note.id not in sources:
            lines.append(
                f'- {h.note.date:%b %-d}, {_who_wrote(h.note, snap)}: "{_quote(h, asked.query, snap)}" [{h.note.id}]'
            )
            sources.append(h.note.id)
    if not topical and hits:
        lines.append("Name the moment, what was done, and what it changed; then ask for their view.")
    return Answer("\n".join(lines), sources, "feedback", ["sbi-feedback"])


def _plan(asked: Asked, snap: Snapshot, hits, drafts) -> Answer | None:
    plan = drafts["plan"]()
    if not plan.actions:
        return None
    lines = [f"A development plan for {snap.employee.first_name}, from the notes:"]
    for gp in plan.goals:
        for a in gp.actions:
            lines.append(
                f"- {gp.goal.title}: {a.title} ({a.type}, by {a.due:%b %-d}; support: {a.support}) "
                f"[{', '.join(a.sources)}]"
            )
    sources = snap.visible(n for a in plan.actions for n in a.sources)
    for h in hits[:1]:
        if h.note.id not in sources:
            lines.append(f'- Also relevant: {h.note.date:%b %-d}, "{_quote(h, asked.query, snap, 1)}" [{h.note.id}]')
            sources.append(h.note.id)
    return Answer("\n".join(lines), sources, "plan", plan.playbook)


def _howto(asked: Asked, snap: Snapshot, search, drafts, playbook) -> Answer:
    found = playbook.search(asked.question, k=2)
    if not found:
        return Answer("The playbook has nothing on that yet.", [], "howto")
    top = found[0]
    text = re.sub(r"\s+", " ", top.passage).strip()
    lines = [f'From the team playbook, "{top.doc.title}": {text} [playbook:{top.doc.id}]']
    if len(found) > 1:
        lines.append(f'See also "{found[1].doc.title}" [playbook:{found[1].doc.id}].')
    return Answer("\n".join(lines), [], "howto", [h.doc.id for h in found])


def receipt(sources: list[str], snap: Snapshot) -> str:
    """The short line every answer ends with: the notes it used."""
    if not sources:
        return "Notes used: none."
    parts = []
    for note_id in sources:
        note = snap.note(note_id)
        if note is None:
            continue
        private = ", your private note" if note.visibility is Visibility.private else ""
        parts.append(f"{note_id} ({note.date:%b %-d}{private})")
    return "Notes used: " + ", ".join(parts) + "."
