"""The commitment ledger: linking later notes to earlier commitments, and status as of a date.

:func:`build` walks a member's visible notes in order. Each new commitment becomes an
:class:`Item`; each later clause that reports on one (done, not yet, moved to a new date,
restated) becomes an :class:`Event` on it, with the note as evidence. A clause is linked to
the commitment it matches best, by wording (IDF-weighted share of the commitment's terms
found in the clause) and, when an embedder is given, by meaning (MiniLM cosine), provided
the match clears a bar that depends on how clear the signal is. A clause that only points
back ("push it to September 11") applies to what the previous clause of its note was about.

:func:`status_as_of` derives open/done, the current due date, overdue and stale for a date,
from the events up to that date and the corrections the pair made.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from assistant.commitments.reading import (
    AGAIN,
    MOVED,
    NEGATED,
    NOT_DONE,
    REFERENCE,
    STRONG_NOT_DONE,
    Analyzer,
    Clause,
    Found,
)
from assistant.models import Note, NoteKind, Pair
from assistant.retrieval.lexical import terms

__all__ = ["Event", "Item", "Status", "build", "commitment_id", "content_terms", "status_as_of"]

# Words that say nothing about which commitment a clause is about.
GENERIC = set(
    terms(
        "will would going agree agreed commit committed promise promised next time today week weeks month "
        "start started follow up also still yet new date done thing things sure good great make get got one "
        "two first last end day days able soon asap ask asked want need "
        # completion and progress words: they say what happened, not to what
        "finished completed shipped sent shared delivered merged published submitted happened landed "
        "launched resolved fixed closed approved signed wrapped live pending waiting slipped delayed "
        "postponed moved pushed progress news thanks look looks well went nice fine ok okay lot really "
        # calendar words
        "january february march april may june july august september october november december jan feb mar apr "
        "jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue wed "
        "thu fri morning afternoon tomorrow yesterday"
    )
)

# Past forms of the verbs commitments start with, and what else counts as having done them.
_PAST = {
    "take": "took taken",
    "write": "wrote written",
    "send": "sent",
    "bring": "brought",
    "give": "gave given",
    "do": "did done",
    "make": "made",
    "run": "ran",
    "hold": "held",
    "meet": "met",
    "speak": "spoke spoken",
    "get": "got gotten",
    "set": "set",
    "put": "put",
    "lead": "led",
    "find": "found",
    "tell": "told",
    "think": "thought",
    "buy": "bought",
    "teach": "taught",
    "pay": "paid",
    "say": "said",
    "go": "went gone",
    "begin": "began begun",
    "choose": "chose chosen",
    "keep": "kept",
    "leave": "left",
    "read": "read",
    "build": "built",
    "spend": "spent",
    "show": "showed shown",
    "draw": "drew drawn",
    "sit": "sat",
}
_GROUPS = [
    "set schedule book arrange organise organize plan",
    "talk speak ask raise mention check discuss escalate chase ping email call contact",
    "send share circulate email post publish forward distribute",
    "write draft document list prepare outline share send circulate",
    "do run hold host present try demo",
    "fix build implement prototype add update ship deploy land merge",
    "introduce connect",
    "find identify check learn",
    "confirm approve decide",
    "owe give send share deliver provide",
]


_RESPONSE_WORDS = (
    "said yes",
    "said no",
    "agreed",
    "approved",
    "confirmed",
    "accepted",
    "signed off",
    "gave",
    "granted",
    "provided",
    "offered",
    "declined",
    "refused",
    # the answer itself, reported: "Legal says no NDA needed" answers "check with legal whether ..."
    "says yes",
    "says no",
    "answered",
    "replied",
    "got an answer",
)


def _past(verb: str) -> set[str]:
    if verb in _PAST:
        return set(_PAST[verb].split())
    if verb.endswith("e"):
        return {verb + "d"}
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return {verb[:-1] + "ied"}
    if re.match(r".*[^aeiou][aeiou][bdgmnprt]$", verb) and len(verb) <= 5:
        return {verb + verb[-1] + "ed", verb + "ed"}
    return {verb + "ed"}


def _completion_words(verb: str) -> set[str]:
    words = _past(verb)
    for group in _GROUPS:
        members = group.split()
        if verb in members:
            for other in members:
                words |= _past(other)
            if verb in (
                "talk",
                "speak",
                "ask",
                "raise",
                "check",
                "discuss",
                "escalate",
                "chase",
                "confirm",
                "find",
                "learn",
            ):
                words |= set(_RESPONSE_WORDS)
    if verb == "set":
        words.add("set up")
    return words


@dataclass
class Event:
    kind: str
    """made, restated, mentioned, open, moved or done"""
    note_id: str
    date: date
    due: date | None = None
    evidence: str = ""


@dataclass
class Item:
    id: str
    owner: str | None
    text: str
    source_note_id: str
    made_on: date
    due: date | None
    recurring: bool
    order: int
    events: list[Event] = field(default_factory=list)
    verb: str = ""
    context_terms: list[str] = field(default_factory=list)
    done: bool = False

    def terms(self) -> list[str]:
        return content_terms(self.text)


@dataclass
class Status:
    status: str
    due: date | None
    overdue: bool
    stale: bool
    followup_note_id: str | None
    last_mentioned: date
    due_history: list[tuple[str, date | None]]


def commitment_id(pair_id: str, note_id: str, text: str) -> str:
    """Stable across re-extraction while the sentence stays the same."""
    key = f"{pair_id}\x00{note_id}\x00{' '.join(text.lower().split())}"
    return "c-" + hashlib.sha256(key.encode()).hexdigest()[:10]


_NAME_TERMS: set[str] = set()


PREFIX = 6
"""Terms are compared on their first letters: the stemmer leaves "summaris" (summarised) and
"summari" (summary), "present" and "presentat" apart; notes say the same thing both ways."""


def content_terms(text: str, names: set[str] | None = None) -> list[str]:
    drop = GENERIC | (names or _NAME_TERMS)
    return [t[:PREFIX] for t in terms(text) if t not in drop and len(t) > 1 and not t.isdigit()]


@dataclass
class _Similarity:
    idf: dict[str, float]
    df: dict[str, int]
    names: set[str]
    embed: Callable[[list[str]], np.ndarray] | None
    _vectors: dict[str, np.ndarray] = field(default_factory=dict)

    def lexical(self, item_terms: Sequence[str], clause_terms: set[str]) -> float:
        """IDF-weighted share of the commitment's terms in the clause, and of the clause's in it."""
        item_set = set(item_terms)
        if not item_set or not clause_terms:
            return 0.0
        weight = lambda ts: sum(self.idf.get(t, 1.0) for t in ts)  # noqa: E731
        shared = weight(item_set & clause_terms)
        return 0.65 * shared / weight(item_set) + 0.35 * shared / weight(clause_terms)

    def semantic(self, a: str, b: str) -> float | None:
        if self.embed is None:
            return None
        missing = [t for t in (a, b) if t not in self._vectors]
        if missing:
            for text, vec in zip(missing, self.embed(missing), strict=True):
                self._vectors[text] = vec
        return float(self._vectors[a] @ self._vectors[b])

    def overlap(self, item_terms: Sequence[str], context_terms: Sequence[str], clause_terms: set[str]) -> float:
        """IDF-weighted overlap coefficient of the commitment (with what "it" means) and a clause."""
        ext = set(item_terms) | set(context_terms)
        if not ext or not clause_terms:
            return 0.0
        weight = lambda ts: sum(self.idf.get(t, 1.0) for t in ts)  # noqa: E731
        return weight(ext & clause_terms) / min(weight(set(item_terms) | (ext & clause_terms)), weight(clause_terms))

    def score(
        self, item: Item, item_terms: Sequence[str], clause: Clause, clause_terms: set[str], meaning: bool = True
    ) -> float:
        lex = self.lexical(item_terms, clause_terms)
        if item.context_terms:
            # What the commitment's "it" points to counts as evidence, not as more to cover.
            bonus = set(item.context_terms) & clause_terms - set(item_terms)
            lex = min(
                1.0,
                lex
                + 0.5
                * sum(self.idf.get(t, 1.0) for t in bonus)
                / max(1e-9, sum(self.idf.get(t, 1.0) for t in set(item_terms) | set(item.context_terms))),
            )
        if lex < 0.1 or not meaning:
            return lex
        sem = self.semantic(item.text, clause.text) if lex < 0.6 else None
        if sem is None:
            return lex
        # Meaning can only add: it finds "shared the onboarding list" for "write down three
        # things about onboarding", where the words barely overlap (cosine 0.46; unrelated
        # clauses in our corpus stay below 0.35).
        return max(lex, 0.4 * lex + 0.6 * min(1.0, max(0.0, (sem - 0.2) / 0.5)))


# Bars a match must clear, by how clear the clause's signal is.
BAR_TICKED = 0.3
BAR_DONE = 0.4
BAR_VERB_DONE = 0.4
BAR_OPEN = 0.45
BAR_RESTATED = 0.55
BAR_MENTION = 0.6
BAR_CLEAR = 0.2
CLEAR_MARGIN = 1.3
SPECIFIC_DF = 5
"""A reporting clause whose best match scores this much, and this many times the next best,
through a word that few clauses use (a thread's own word, not "team"), is about that match."""
MEANING_FOR = 4
"""How many of the best candidates by wording a clause is compared with by meaning too: a
model call per candidate was most of the import time of long meeting notes."""
MEANING_FROM = 0.2
"""A clause that reports nothing is compared by meaning only when its words come this close."""
STILL_OWED = re.compile(r"\bstill\s+(?:owe|need\s+to|have\s+to|haven't\s+(?:done|sent|given|set|booked))\b", re.I)
BAR_STILL_OWED = 0.2


def build(
    pair: Pair,
    notes: Sequence[Note],
    embed: Callable[[list[str]], np.ndarray] | None = None,
    next_checkin: Callable[[date], date | None] | None = None,
    analyzer: Analyzer | None = None,
    extra: Callable[[Pair, Note], list[Found]] | None = None,
) -> list[Item]:
    """The ledger of commitments in ``notes`` (one member's visible notes), in order made.

    ``extra`` finds more commitments in a note (a chat model); they join where the rules
    found nothing like them in the same note.
    """
    analyzer = analyzer or Analyzer(pair, next_checkin)
    ordered = sorted(enumerate(notes), key=lambda x: (x[1].date, x[0]))
    analysed = [(n, analyzer.analyze(n.id, n.date, n.author, n.text)) for _, n in ordered]
    if extra is not None:
        for note, clauses in analysed:
            _merge_extra(note, clauses, extra(pair, note))
    names = {t for alias in analyzer.people.aliases for t in terms(alias)}
    clause_terms = {(n.id, c.position): set(content_terms(c.text, names)) for n, cs in analysed for c in cs}
    df = Counter(t for ts in clause_terms.values() for t in ts)
    for n, cs in analysed:  # a line's topic tells what each of its clauses is about (not counted in df)
        for c in cs:
            if c.topic:
                clause_terms[(n.id, c.position)] |= set(content_terms(c.topic, names))
    total = max(1, len(clause_terms))
    sim = _Similarity({t: math.log(1 + total / c) for t, c in df.items()}, dict(df), names, embed)

    items: list[Item] = []
    item_terms: dict[str, list[str]] = {}
    by_term: dict[str, list[Item]] = {}
    for order, (note, clauses) in enumerate(analysed):
        context: Item | None = None
        pointed: tuple[int, Item] | None = None  # (line, item) the last clause clearly pointed at
        for clause in clauses:
            cterms = clause_terms[(note.id, clause.position)]
            found = clause.found
            if found is not None and not found.refers_back:
                twin = _restated(found, clause, cterms, _sharing(by_term, cterms), item_terms, sim, order)
                if twin is None and pointed and pointed[0] == clause.line and AGAIN.search(found.text):
                    # "The QA lab quote came back high; I'll push finance again": the same promise
                    candidate = pointed[1]
                    if _is_open(candidate) and (
                        not found.owner or not candidate.owner or found.owner == candidate.owner
                    ):
                        twin = candidate
                if twin is not None:
                    _apply_restatement(twin, found, clause)
                    context = twin
                    continue
                item = _new_item(pair.id, note, found, order)
                while item.id in item_terms:  # the same words twice in one note
                    item.id += "x"
                item_terms[item.id] = content_terms(item.text, names)
                item.context_terms = content_terms(found.context, names) if found.context else []
                items.append(item)
                for term in set(item_terms[item.id]) | set(item.context_terms):
                    by_term.setdefault(term, []).append(item)
                context = item
                continue
            target = _best_link(clause, cterms, _sharing(by_term, cterms), item_terms, sim, order)
            clear = target or _best_link(
                clause, cterms, _sharing(by_term, cterms), item_terms, sim, order, pointing=True
            )
            pointed = (clause.line, clear) if clear else None
            points_back = (found is not None and found.refers_back) or (
                clause.signal is not None and (clause.refers_back or (clause.signal == "moved" and not cterms))
            )
            if target is None and points_back:
                target = context
            if target is None:
                if clause.signal is not None:
                    context = None  # a report on something else: "it" no longer means the last item
                continue
            _apply_signal(target, clause, found)
            context = target
    return items


def _merge_extra(note: Note, clauses: list[Clause], found: list[Found]) -> None:
    ruled = [c.found for c in clauses if c.found is not None]
    for f in found:
        words = set(content_terms(f.text))
        if any(len(words & set(content_terms(r.text))) >= max(1, len(words) // 2) for r in ruled):
            continue
        clauses.append(Clause(note.id, note.date, note.author, len(clauses), f.text, "llm", found=f, actor=f.owner))
        ruled.append(f)


def _sharing(by_term: dict[str, list[Item]], cterms: set[str]) -> list[Item]:
    """The commitments that share at least one term with a clause, in the order made."""
    found: dict[str, Item] = {}
    for term in cterms:
        for item in by_term.get(term, ()):
            found.setdefault(item.id, item)
    return sorted(found.values(), key=lambda i: i.order)


def _new_item(pair_id: str, note: Note, found: Found, order: int) -> Item:
    item = Item(
        id=commitment_id(pair_id, note.id, found.text),
        owner=found.owner,
        text=found.text,
        source_note_id=note.id,
        made_on=note.date,
        due=found.due,
        recurring=found.recurring,
        order=order,
        verb=_verb(found.text),
    )
    item.events.append(Event("made", note.id, note.date, found.due, found.text))
    return item


def _verb(text: str) -> str:
    """The verb a commitment starts with ("set up a session" -> "set")."""
    for word in re.findall(r"[a-z]+", text.lower())[:3]:
        if word not in ("to", "and", "also", "then", "the", "a", "still"):
            return word
    return ""


def _is_open(item: Item) -> bool:
    return not item.done


RESTATING = re.compile(
    r"\b(?:again|still|remaining|the\s+rest|finish|as\s+agreed|as\s+promised|reminder|carry(?:ing)?\s+over|"
    r"moving\s+it|push(?:ing)?\s+it|new\s+date)\b",
    re.IGNORECASE,
)


def _restated(found, clause, cterms, items, item_terms, sim, order) -> Item | None:
    """The open commitment a new one repeats, if it does: same owner, same action, same object.

    Meaning alone misleads here ("list the gaps in the churn model" and "set up tracking for
    the churn model" are close in meaning, different promises), so this goes by words: the
    verbs must agree and the objects overlap, on a line that restates (a checkbox, a dated
    promise, "again", "the remaining ..."), or the words must agree almost entirely.
    """
    restating = clause.kind != "prose" and clause.kind != "bullet" or found.due or RESTATING.search(clause.text)
    # "[ ] Ivy: conference budget for H2, finance hasn't answered yet; new date 6/26" reports on
    # a promise already made, in other words than it was made in
    reports = clause.kind in ("checkbox_open", "action_item") and bool(
        STRONG_NOT_DONE.search(clause.text) or NOT_DONE.search(clause.text) or MOVED.search(clause.text)
    )
    again = bool(AGAIN.search(found.text))
    if (again or REFERENCE.search(found.text)) and found.context:  # "pick another one": one what?
        cterms = cterms | set(content_terms(found.context, sim.names))
    verb = _verb(found.text)
    best, best_score = None, 0.0
    for item in items:
        if item.order >= order or not _is_open(item):
            continue
        if found.owner and item.owner and found.owner != item.owner:
            continue
        if _different_ids(item.text, found.text):
            continue  # "ship widget 3" does not restate "ship widget 4"
        score = sim.overlap(item_terms[item.id], item.context_terms, cterms)
        same_action = (
            again
            or reports
            or _same_verb(item.verb, verb)
            or _stem(item.verb) in cterms
            or _stem(verb) in item_terms[item.id]
        )
        if (score >= 0.7 or (same_action and restating and score >= 0.4)) and score > best_score:
            best, best_score = item, score
    if best is None and found.owner and STILL_OWED.search(clause.text):
        # "I still owe him the mentor intro": the speaker says an earlier promise of theirs
        # exists; the one closest in words and meaning is it, if any is close at all.
        mine = [
            i
            for i in items
            if i.order < order and _is_open(i) and i.owner == found.owner and set(item_terms[i.id]) & cterms
        ]
        scored = [(sim.score(i, item_terms[i.id], clause, cterms), i) for i in mine]
        best_score, best = max(scored, key=lambda x: x[0], default=(0.0, None))
        if best_score < BAR_STILL_OWED:
            best = None
    return best


def _different_ids(a: str, b: str) -> bool:
    """Both name things by number or code (PAY-212, widget 4, v2), and not the same ones."""
    ids_a = set(re.findall(r"\b[\w-]*\d[\w-]*\b", a.lower()))
    ids_b = set(re.findall(r"\b[\w-]*\d[\w-]*\b", b.lower()))
    return bool(ids_a) and bool(ids_b) and not ids_a & ids_b


def _stem(word: str) -> str:
    found = terms(word)
    return found[0] if found else word


def _same_verb(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if _stem(a) == _stem(b):
        return True
    return any(a in group.split() and b in group.split() for group in _GROUPS)


def _apply_restatement(item: Item, found: Found, clause: Clause) -> None:
    item.events.append(Event("restated", clause.note_id, clause.note_date, found.due, clause.text))
    if found.due and found.due != item.due:
        item.events.append(Event("moved", clause.note_id, clause.note_date, found.due, clause.text))
    if item.owner is None and found.owner:
        item.owner = found.owner


_DID = re.compile(r"\b(?:gave|did|held|ran|delivered|had|made|completed|finished|wrapped)((?:\s+[\w-]+){1,4})")


def _verb_done(item: Item, clause: Clause) -> bool:
    if not item.verb:
        return False
    text = clause.text.lower()
    stem = _stem(item.verb)
    for m in _DID.finditer(text):  # "gave the audit presentation" does what "present the findings" promised
        nouns = [w for w in m.group(1).split() if w != item.verb and _stem(w).startswith(stem)]
        if len(stem) >= 4 and nouns and not NEGATED.search(text[: m.start()]):
            return True
    for word in _completion_words(item.verb):
        for m in re.finditer(rf"\b{re.escape(word)}\b", text):
            if not NEGATED.search(clause.text[: m.start()]):
                return True
    return False


def _best_link(clause: Clause, cterms, items, item_terms, sim, order, pointing: bool = False) -> Item | None:
    """The earlier commitment a clause reports on, if one clears the bar for its signal.

    A clause that reports (done, not yet, moved) may clear a lower bar when it points at
    one commitment clearly more than at any other: "proposal: sent on 2/12" is about the
    proposal, even if it says little else.
    """
    if not cterms:
        return None

    def weighed(item: Item, meaning: bool) -> float:
        score = sim.score(item, item_terms[item.id], clause, cterms, meaning)
        if not _is_open(item):
            score *= 0.8  # a report of completion is more likely about what is still open
        if clause.actor and item.owner:
            score = score * 0.5 if clause.actor != item.owner else min(1.0, score * 1.2)
        return score

    candidates = [i for i in items if i.order < order and (_is_open(i) or clause.signal == "done")]
    scored = sorted(((weighed(i, False), i) for i in candidates), key=lambda x: -x[0])
    # Meaning (it only adds to a score) is asked of the few best by wording, for a report
    # (done, not yet, moved) or a clause already close in words.
    if clause.signal is not None or clause.kind == "checkbox_done" or (scored and scored[0][0] >= MEANING_FROM):
        scored = [(weighed(i, True), i) for _, i in scored[:MEANING_FOR]] + scored[MEANING_FOR:]
    scored = [(score, i) for score, i in scored if score > 0]
    if not scored:
        return None
    scored.sort(key=lambda x: -x[0])
    best_score, best = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    bar = BAR_MENTION
    if clause.kind == "checkbox_done":
        bar = BAR_TICKED
    elif clause.signal == "done":
        bar = BAR_DONE
    elif clause.signal in ("open", "moved"):
        bar = BAR_OPEN
    elif _verb_done(best, clause):
        bar = BAR_VERB_DONE
    specific = any(
        sim.df.get(t, 0) <= SPECIFIC_DF for t in cterms & (set(item_terms[best.id]) | set(best.context_terms))
    )
    clear = specific and best_score >= BAR_CLEAR and best_score >= CLEAR_MARGIN * runner_up
    if pointing:
        return best if clear else None
    if bar < BAR_MENTION and clear:
        return best
    return best if best_score >= bar else None


def _apply_signal(item: Item, clause: Clause, found: Found | None) -> None:
    if clause.partial and clause.partial not in item.text.lower():
        # "first draft done" finishes a draft, not the guide that was promised
        item.events.append(Event("open", clause.note_id, clause.note_date, None, clause.text))
        return
    if clause.signal == "moved" and clause.moved_to:
        item.events.append(Event("moved", clause.note_id, clause.note_date, clause.moved_to, clause.text))
    elif clause.signal == "done" or (clause.signal != "open" and not clause.negated and _verb_done(item, clause)):
        # "Two sessions are booked, the third is still open": a completion verb with an
        # explicit "still"/"pending" reports progress, not the end.
        if _is_open(item):
            item.events.append(Event("done", clause.note_id, clause.note_date, None, clause.text))
            item.done = True
    elif clause.signal == "open" or found is not None:
        item.events.append(Event("open", clause.note_id, clause.note_date, None, clause.text))
    else:
        item.events.append(Event("mentioned", clause.note_id, clause.note_date, None, clause.text))


def status_as_of(
    item: Item,
    as_of: date,
    checkin_dates: Sequence[date],
    stale_after: int = 3,
    corrections: Sequence[tuple[str, str | None]] = (),
) -> Status | None:
    """The item as it stood on ``as_of``; None if it was made later.

    ``corrections`` are (action, value) pairs in the order made: done, reopen, assign, due.
    """
    if item.made_on > as_of:
        return None
    due = item.due
    history: list[tuple[str, date | None]] = [(item.source_note_id, item.due)]
    done_note: str | None = None
    last = item.made_on
    for e in item.events:
        if e.date > as_of or e.kind == "made":
            continue
        last = max(last, e.date)
        if e.kind == "moved" and e.due and e.due != due:
            due = e.due
            history.append((e.note_id, e.due))
        elif e.kind == "done" and done_note is None:
            done_note = e.note_id
    status = "done" if done_note else "open"
    for action, value in corrections:
        if action == "done":
            status = "done"
        elif action == "reopen":
            status, done_note = "open", None
        elif action == "due":
            due = date.fromisoformat(value) if value else None
            history.append(("correction", due))
    overdue = status == "open" and due is not None and due < as_of and not item.recurring
    since = sum(1 for d in checkin_dates if last < d <= as_of)
    stale = status == "open" and not item.recurring and since >= stale_after
    return Status(status, due, overdue, stale, done_note, last, history)


def checkin_dates(notes: Sequence[Note]) -> list[date]:
    return sorted({n.date for n in notes if n.kind is NoteKind.checkin})
