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

from assistant.chat.facts import Answer, Closeness, commitment_line, fact_answer, quote, read, who_wrote
from assistant.chat.intents import INTENT_WORDS, VAGUE_WORDS, Asked
from assistant.drafting.models import Snapshot
from assistant.drafting.render import day
from assistant.models import SearchHit, Visibility
from assistant.retrieval.lexical import query_terms, terms
from assistant.text.people import People

__all__ = ["Answer", "answer", "receipt"]


def answer(
    asked: Asked,
    snap: Snapshot,
    search: Callable[[str, int], list[SearchHit]],
    drafts: dict[str, Callable[..., object]],
    playbook,
    idf: dict[str, float] | None = None,
    close: Closeness | None = None,
) -> Answer:
    handlers: dict[str, Callable[..., Answer | None]] = {
        "commitments": _commitments,
        "agenda": _agenda,
        "feedback": _feedback,
        "plan": _plan,
        "howto": _howto,
    }
    if asked.intent == "howto":
        return _howto(asked, snap, search, drafts, playbook)
    if asked.intent == "smalltalk":
        return _small_talk(asked, snap)
    found = search(asked.query, 5)
    handler = handlers.get(asked.intent)
    if handler is not None:
        result = handler(asked, snap, _relevant(found, asked.query, idf or {}), drafts)
        if result is not None:
            return result
    return fact_answer(asked, snap, found, idf or {}, close)


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


def _commitments(asked: Asked, snap: Snapshot, hits, drafts) -> Answer | None:
    if (dated := _when_promised(asked, snap)) is not None:
        return dated
    me, other = snap.viewer.person, snap.viewer.other
    owners, who = _whose(asked.question.lower(), snap)
    wanted = set(query_terms(asked.query)) - INTENT_WORDS - set(terms(f"{me.name} {other.name}"))
    items = [c for c in snap.commitments if c.status == "open" and c.owner in owners]
    topical = [c for c in items if wanted & set(terms(c.text))]
    if topical:
        items = topical
    if not items:
        return _nothing_open(snap, owners, who)
    items.sort(key=lambda c: (not c.overdue, c.due or snap.as_of.replace(year=snap.as_of.year + 10)))
    lines = [f"{who} ({len(items)} open):"] + [f"- {commitment_line(c, snap)}" for c in items[:8]]
    overdue = [c for c in items if c.overdue]
    if overdue:
        lines.append(f"{len(overdue)} overdue: worth raising first at the next 1:1.")
    return Answer("\n".join(lines), snap.visible(n for c in items[:8] for n in c.sources), "commitments")


def _whose(q: str, snap: Snapshot) -> tuple[list[str | None], str]:
    """Whose promises a question asks about (owner ids), and how the answer opens."""
    me, other = snap.viewer.person, snap.viewer.other
    if re.search(r"\b(?:i|do\s+i)\s+(?:still\s+)?owe\b|\bmy\s+(?:promises|commitments|action)|\bi\s+promis", q):
        return [me.id], "You owe"
    # the other member by any name the notes use for them ("Jo" for Joanna): "what did Jo promise me?"
    names = "|".join(re.escape(a) for a, pid in People.of(snap.viewer.pair).aliases.items() if pid == other.id)
    if re.search(
        rf"\b(?:owe[sd]?|promis\w*|committed)\s+(?:to\s+)?me\b|\bowed\s+to\s+me|\b(?:{names})\s+(?:owe|promis|commit)",
        q,
    ):
        return [other.id], f"{other.first_name} owes you"
    return [me.id, other.id, None], "Open promises, both ways"


def _nothing_open(snap: Snapshot, owners: list[str | None], who: str) -> Answer:
    """Nothing open: said so, with what was settled lately (and the notes that show it)."""
    closed = [c for c in snap.commitments if c.status != "open" and c.owner in owners]
    closed = sorted(closed, key=lambda c: c.last_mentioned)[-3:]
    lines = [f"{who}: nothing open in the notes as of {day(snap.as_of, snap.as_of)}."]
    if closed:
        lines += ["Settled lately:"] + [f"- {commitment_line(c, snap)}" for c in closed]
    return Answer("\n".join(lines), snap.visible(n for c in closed for n in c.sources), "commitments")


def _when_promised(asked: Asked, snap: Snapshot) -> Answer | None:
    """ "When was that first promised?": the promise the question (and the conversation) is about."""
    q = read(asked, snap)
    if q.kind != "date":
        return None
    scored = [(len(q.subject & set(terms(c.text))), c) for c in snap.commitments]
    n, c = max(scored, key=lambda x: x[0], default=(0, None))
    if c is None or n < 2:
        return None
    moved = (
        f"; first due {day(c.due_original, snap.as_of)}, now {day(c.due, snap.as_of)}"
        if c.due_original and c.due != c.due_original
        else ""
    )
    text = f"First promised on {day(c.made_on, snap.as_of)} ({c.source_note_id}){moved}. {commitment_line(c, snap)}"
    return Answer(text, snap.visible(c.sources), "commitments")


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
            lines.append(f'- Also relevant: {day(h.note.date, snap.as_of)}, "{quote(h, asked.query, 1)}" [{h.note.id}]')
            sources.append(h.note.id)
    return Answer("\n".join(lines), sources, "agenda", ["agenda-patterns"])


def _feedback(asked: Asked, snap: Snapshot, hits, drafts) -> Answer | None:
    draft = drafts["feedback"]()
    me = snap.viewer.person.id
    # Feedback help follows the asker: to give (the default), or to hear what they were given.
    # ("what feedback did I give Kwame?" gives: "did" is the asker's own verb there)
    receiving = re.search(RECEIVING, asked.question, re.I)
    mine = [s for s in draft.suggestions if (s.receiver if receiving else s.giver) == me]
    theirs = [s for s in mine if s.recorded]
    names = {t for p in snap.viewer.pair.members for t in terms(p.name)}
    wanted = set(query_terms(asked.query)) - INTENT_WORDS - names
    # on the question's topic: one of its words, two of a longer question's (one may be any: "still")
    enough = 2 if len(wanted) > 2 else 1
    chosen = [s for s in theirs if len(wanted & set(terms(f"{s.situation} {s.behavior} {s.impact}"))) >= enough]
    topical = bool(chosen)
    # a question about something the suggestions are not about gets none of them ("how do I tell
    # him he's still talking over the class?" is not answered with thanks for a promise kept)
    specific = len(wanted - VAGUE_WORDS) >= 2 and not re.match(r"\s*what\s+feedback\b", asked.question, re.I)
    lines, sources = _sbi_lines(chosen or theirs, snap, use=topical or not (hits or specific))
    if not lines and hits:
        lines.append("The notes on that, to build the feedback on (Situation-Behavior-Impact):")
    _quote_hits(hits[:3], asked.query, snap, lines, sources)
    if not topical and hits:
        lines.append("Name the moment, what was done, and what it changed; then ask for their view.")
    if not theirs:
        _nothing_recorded(mine, snap, lines, sources)
    if not lines:
        return None
    return Answer("\n".join(lines), sources, "feedback", ["sbi-feedback"])


RECEIVING = (
    r"\bfeedback\s+from\b|'s\s+feedback\b|\b(?:gave|given|give)\s+me\b|\b(?:did|have|has)\s+I\s+(?:get|got|receive)|"
    r"\bfeedback\s+(?:did|has|have)\s+(?!I\b|we\b)\w+"
)
"""A question about feedback the asker was given ("what feedback has Ingrid given me?")."""


def _nothing_recorded(mine: list, snap: Snapshot, lines: list[str], sources: list[str]) -> None:
    """No feedback recorded this way: said plainly, with what to ask (appended to ``lines``)."""
    for s in [s for s in mine if not s.recorded][:1]:
        lines.append(f'{s.behavior} Ask for it: "{s.question}" [{", ".join(s.sources)}]')
        sources += [n for n in snap.visible(s.sources) if n not in sources]


def _quote_hits(hits, query: str, snap: Snapshot, lines: list[str], sources: list[str]) -> None:
    """Each hit not yet cited, quoted where it speaks to the query (appended to ``lines``)."""
    for h in hits:
        if h.note.id not in sources:
            lines.append(
                f'- {day(h.note.date, snap.as_of)}, {who_wrote(h.note, snap)}: "{quote(h, query)}" [{h.note.id}]'
            )
            sources.append(h.note.id)


def _sbi_lines(chosen: list, snap: Snapshot, use: bool) -> tuple[list[str], list[str]]:
    """Up to two suggestions in Situation-Behavior-Impact form, and their notes (none unless ``use``)."""
    if not (chosen and use):
        return [], []
    lines = ["Here is a way to put it, in Situation-Behavior-Impact form:"]
    for s in chosen[:2]:
        lines.append(f'- {s.situation}: {s.behavior} {s.impact} Then ask: "{s.question}" [{", ".join(s.sources)}]')
    return lines, snap.visible(n for s in chosen[:2] for n in s.sources)


def _plan(asked: Asked, snap: Snapshot, hits, drafts) -> Answer | None:
    plan = drafts["plan"]()
    if not plan.actions:
        return None
    lines = [f"A development plan for {snap.employee.first_name}, from the notes:"]
    for gp in plan.goals:
        for a in gp.actions:
            lines.append(
                f"- {gp.goal.title}: {a.title} ({a.type}, by {day(a.due, snap.as_of)}; support: {a.support}) "
                f"[{', '.join(a.sources)}]"
            )
    sources = snap.visible(n for a in plan.actions for n in a.sources)
    for h in hits[:1]:
        if h.note.id not in sources:
            lines.append(f'- Also relevant: {day(h.note.date, snap.as_of)}, "{quote(h, asked.query, 1)}" [{h.note.id}]')
            sources.append(h.note.id)
    return Answer("\n".join(lines), sources, "plan", plan.playbook)


def _small_talk(asked: Asked, snap: Snapshot) -> Answer:
    q = asked.question.lower()
    if re.search(r"\b(?:thank|thx\b|cheers|ta\b)", q):
        text = "You're welcome."
    elif re.search(r"\b(?:bye|see you)\b", q):
        text = "Good luck with the one-on-one."
    elif re.search(r"\b(?:hi|hello|hey|good\s+(?:morning|afternoon|evening))\b", q):
        text = f"Hello {snap.viewer.person.first_name}. Ask me about your notes with {snap.viewer.other.first_name}."
    else:
        text = "Glad it helps."
    return Answer(text, [], "smalltalk", grounded=False)


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
        parts.append(f"{note_id} ({day(note.date, snap.as_of)}{private})")
    return "Notes used: " + ", ".join(parts) + "."
