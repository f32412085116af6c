"""The commitment ledger of one member: new commitments, and later notes linked to them.

:func:`build` walks a member's visible notes in order. Each new commitment becomes a
:class:`~assistant.commitments.models.TrackedCommitment`; each later clause that reports on
one (done, not yet, moved to a new date, restated) becomes an event on it, with the note
as evidence. A clause is linked to the commitment it matches best
(:mod:`assistant.commitments.matching`), by wording (IDF-weighted share of the commitment's
terms found in the clause) and, when an embedder is given, by meaning (MiniLM cosine),
provided the match clears a bar that depends on how clear the signal is. A clause that
only points back ("push it to September 11") applies to what the previous clause of its
note was about.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date

import numpy as np

from assistant.commitments.closing import CLASSES, ClosingModel, NoteClauses, closest_clause, features, only_a_stance
from assistant.commitments.events import dated_by_events
from assistant.commitments.matching import (
    LinkContext,
    best_link,
    first_verb,
    verb_done,
)
from assistant.commitments.models import (
    Clause,
    ClauseKind,
    Event,
    EventKind,
    Signal,
    StatedCommitment,
    TrackedCommitment,
)
from assistant.commitments.outcomes import kept_by, kept_in
from assistant.commitments.phrasing import resolve_it
from assistant.commitments.pointing import Reading, done_at_once, implied
from assistant.commitments.reading import Analyzer
from assistant.commitments.restating import restated
from assistant.commitments.similarity import Similarity, commitment_id, content_terms
from assistant.commitments.status import checkin_dates, status_as_of
from assistant.commitments.vocabulary import HANDED_OVER, MADE_AGAIN
from assistant.models import Note, Pair
from assistant.retrieval.lexical import terms
from assistant.text.dates import day_first_convention

__all__ = ["build", "checkin_dates", "closing_examples", "content_terms", "status_as_of"]

_SHIPPED = object()
"""The default closer: the weights shipped beside this module."""

Extractor = Callable[[Pair, Note], list[StatedCommitment]]
"""More commitments in a note, from elsewhere than the rules (a chat model)."""


def build(
    pair: Pair,
    notes: Sequence[Note],
    embed: Callable[[list[str]], np.ndarray] | None = None,
    next_checkin: Callable[[date], date | None] | None = None,
    analyzer: Analyzer | None = None,
    extractor: Extractor | None = None,
    closer: ClosingModel | None | object = _SHIPPED,
) -> list[TrackedCommitment]:
    """The ledger of commitments in ``notes`` (one member's visible notes), in order made.
    ``extractor`` finds more commitments in a note (a chat model); they join where the rules
    found nothing like them in the same note. ``closer`` decides which note closes each
    commitment (:mod:`assistant.commitments.closing`; by default the shipped weights, None:
    the rules alone)."""
    analyzer = analyzer or Analyzer(pair, next_checkin)
    if analyzer.day_first is None:
        analyzer.day_first = day_first_convention(n.text for n in notes)
    ordered = sorted(enumerate(notes), key=lambda x: (x[1].date, x[0]))
    analysed = [(n, analyzer.analyze(n.id, n.date, n.author, n.text)) for _, n in ordered]
    if extractor is not None:
        for note, clauses in analysed:
            _merge_extracted(note, clauses, extractor(pair, note))
    linker = _link(pair, analyzer, analysed, embed)
    model = ClosingModel.load() if closer is _SHIPPED else closer
    if isinstance(model, ClosingModel):
        _close(linker, analysed, model)
    dated_by_events(linker.items, notes, analyzer.dates)  # "by the offsite": the day the notes give it
    return linker.items


def closing_examples(
    pair: Pair,
    notes: Sequence[Note],
    embed: Callable[[list[str]], np.ndarray] | None = None,
    next_checkin: Callable[[date], date | None] | None = None,
) -> list[tuple[TrackedCommitment, str, np.ndarray]]:
    """(commitment, note id, features) for every commitment the rules find and every note from
    the one it was made in on: what :class:`ClosingModel` is fitted on."""
    analyzer = Analyzer(pair, next_checkin)
    analyzer.day_first = day_first_convention(n.text for n in notes)
    ordered = sorted(enumerate(notes), key=lambda x: (x[1].date, x[0]))
    analysed = [(n, analyzer.analyze(n.id, n.date, n.author, n.text)) for _, n in ordered]
    linker = _link(pair, analyzer, analysed, embed)
    return [(item, view.note_id, row) for item, view, row in _pairs(linker, analysed)]


def _link(pair: Pair, analyzer: Analyzer, analysed, embed) -> _Linker:
    names = {t for alias in analyzer.people.aliases for t in terms(alias)}
    linker = _Linker(pair.id, names, analysed, embed)
    for order, (note, clauses) in enumerate(analysed):
        linker.read_note(order, note, clauses)
    return linker


def _pairs(linker: _Linker, analysed, skip=lambda item: False):
    """Each commitment with each note from the one it was made in on, and their features
    (none for a commitment ``skip`` says is settled)."""
    views = [
        NoteClauses(note.id, order, clauses, [linker.clause_terms[(note.id, c.position)] for c in clauses])
        for order, (note, clauses) in enumerate(analysed)
    ]
    sim = linker.similarity
    # Meaning is asked only of clauses that report something (a signal, a marker, a tick):
    # one embedding call per rebuild, and none for notes that report nothing.
    reports = [
        c.text for v in views for c in v.clauses if c.signal is not None or c.mark or c.kind is ClauseKind.CHECKBOX_DONE
    ]
    if reports:
        sim.prepare([t for i in linker.items if i.is_open for t in (i.text, i.source) if t] + reports)
    for item in linker.items:
        for view in views[item.order :]:
            if skip(item):
                break
            rivals = [r for r in linker.items if r.order <= view.order]
            yield item, view, features(item, view, linker.item_terms, sim, rivals)


def _close(linker: _Linker, analysed, closer: ClosingModel, bar: float = 0.5) -> None:
    """Close what the rules left open where the model judges a note closes it (the first such
    note); what the rules closed, by a report they could link, stays closed."""
    decided: dict[str, tuple[str, str, str]] = {}  # note, kind, the words closest to it there
    ruled = {i.id for i in linker.items if i.closed}
    for item, view, row in _pairs(linker, analysed, skip=lambda i: i.id in decided or i.id in ruled):
        if not closer.may_close(row) or _said_open_in(item, view.note_id):
            continue
        p = closer.probabilities(row)
        if not closer.may_drop(row):
            p = np.array([p[0] + p[2], p[1], 0.0])  # dropping needs a report that says so, or a strike
        nearest = closest_clause(item, view, linker.item_terms, linker.similarity) if p[1] + p[2] >= bar else None
        if p[1] + p[2] >= bar and not only_a_stance(item, nearest):
            kept = bool(p[1] >= p[2]) or (bool(_HANDS_OVER.search(item.text)) and any(map(_handed, view.clauses)))
            decided[item.id] = (view.note_id, CLASSES[1] if kept else CLASSES[2], nearest.text if nearest else "")
    dates = {note.id: note.date for note, _ in analysed}
    for item in linker.items:
        if item.id in ruled or item.id not in decided:
            continue
        item.closed = True
        note_id, kind, said = decided[item.id]
        item.events.append(Event(EventKind(kind), note_id, dates[note_id], None, said))
        item.events.sort(key=lambda e: e.date)


def _said_open_in(item: TrackedCommitment, note_id: str) -> bool:
    """The note says, in so many words, that the commitment is not done ("Ingrid still owes
    it"): no other clause of it closes the commitment by resemblance alone."""
    return any(e.kind is EventKind.OPEN and e.note_id == note_id for e in item.events)


def _merge_extracted(note: Note, clauses: list[Clause], found: list[StatedCommitment]) -> None:
    ruled = [c.stated for c in clauses if c.stated is not None]
    for f in found:
        words = set(content_terms(f.text))
        if any(len(words & set(content_terms(r.text))) >= max(1, len(words) // 2) for r in ruled):
            continue
        clauses.append(
            Clause(note.id, note.date, note.author, len(clauses), f.text, ClauseKind.LLM, stated=f, actor=f.owner)
        )
        ruled.append(f)


class _Linker:
    """The ledger as it grows, note by note: its commitments and an index of their terms."""

    def __init__(
        self,
        pair_id: str,
        names: set[str],
        analysed: list[tuple[Note, list[Clause]]],
        embed: Callable[[list[str]], np.ndarray] | None,
    ):
        self.pair_id = pair_id
        self.names = names
        self.items: list[TrackedCommitment] = []
        self.item_terms: dict[str, list[str]] = {}
        self._by_term: dict[str, list[TrackedCommitment]] = {}
        self.clause_terms = {(n.id, c.position): set(content_terms(c.text, names)) for n, cs in analysed for c in cs}
        self._lines: dict[tuple[str, int], list[Clause]] = {}
        for n, cs in analysed:
            for c in cs:
                self._lines.setdefault((n.id, c.line), []).append(c)
        df = Counter(t for ts in self.clause_terms.values() for t in ts)
        for n, cs in analysed:  # a line's topic tells what each of its clauses is about (not counted in df)
            for c in cs:
                if c.topic:
                    self.clause_terms[(n.id, c.position)] |= set(content_terms(c.topic, names))
        total = max(1, len(self.clause_terms))
        self.similarity = Similarity({t: math.log(1 + total / c) for t, c in df.items()}, dict(df), names, embed)
        # Most texts meaning will be asked of, in one call: promises, and clauses that report
        # (none at all when nothing reports: then meaning is never asked).
        reports = [c.text for _, cs in analysed for c in cs if c.signal or c.mark or c.kind is ClauseKind.CHECKBOX_DONE]
        if reports:
            self.similarity.prepare([c.stated.text for _, cs in analysed for c in cs if c.stated] + reports)

    def read_note(self, order: int, note: Note, clauses: list[Clause]) -> None:
        state = Reading()
        for clause in clauses:
            ctx = self._context(order, note, clause)
            stated = clause.stated
            if stated is not None and not stated.refers_back:
                self._promised(ctx, stated, state)
                continue
            before = state.pointed
            # "I owe you the timeline. will send it by Friday": "it" is what this line just promised
            target = state.said_on(clause) if stated is not None or clause.refers_back else None
            # "I'll ask Tariq's team to ... Asked in their channel during the meeting": the act
            # just promised, reported done in the note's shorthand on the same line
            target = target or done_at_once(state.said_on(clause), ctx)
            target = target or (None if stated else kept_in(ctx)) or best_link(ctx)
            clear = target or best_link(ctx, pointing=True)
            state.pointed = (clause.line, clear) if clear else None
            target = target or implied(ctx, state, before, note.id)
            if target is None and stated is not None and stated.context and clause.signal is not Signal.MOVED:
                # "Wren asked for the travel policy; I said I'd send it": a new promise about
                # what the clause before it named
                stated.text = resolve_it(stated.text, stated.context)
                state.talk(self._add(ctx, stated), clause)
            elif target is not None:
                _apply_signal(target, clause, stated)
                state.talk(target, clause)
            elif clause.signal is not None:
                state.context = None  # a report on something else: "it" no longer means the last item

    def _promised(self, ctx: LinkContext, stated: StatedCommitment, state: Reading) -> None:
        """A clause that states a commitment: new, restated, or (marked) a report on one."""
        clause = ctx.clause
        # a line marked done or struck reports on the commitment it names, however
        # shortened ("~~@Tobi cost breakdown (by 2/20)~~ ✔"); only failing that is it new
        reported = best_link(ctx) if clause.mark in ("done", "struck") and not restated(stated, ctx) else None
        item = reported or self._stated(ctx, stated, state.pointed)
        state.talk(item, clause)
        if clause.mark and clause.signal in (Signal.DONE, Signal.DROPPED):
            _apply_signal(item, clause, None)  # promised and closed in one line

    def _context(self, order: int, note: Note, clause: Clause) -> LinkContext:
        cterms = self.clause_terms[(note.id, clause.position)]
        return LinkContext(clause, cterms, self._sharing(cterms), self.item_terms, self.similarity, order)

    def _stated(
        self, ctx: LinkContext, stated: StatedCommitment, pointed: tuple[int, TrackedCommitment] | None
    ) -> TrackedCommitment:
        """A clause that states a commitment: a restatement of an open one, or a new one."""
        twin = restated(stated, ctx)
        if twin is None and pointed and pointed[0] == ctx.clause.line and MADE_AGAIN.search(stated.text):
            # "The quote came back high; I'll push finance again", "Runbook: part one written. I'll finish it"
            candidate = pointed[1]
            if candidate.is_open and (not stated.owner or not candidate.owner or stated.owner == candidate.owner):
                twin = candidate
        if twin is not None:
            _apply_restatement(twin, stated, ctx.clause)
            if twin.source_note_id == ctx.clause.note_id and ctx.clause.kind.is_item:
                self._reword(twin, stated.text)
            return twin
        return self._add(ctx, stated)

    def _add(self, ctx: LinkContext, stated: StatedCommitment) -> TrackedCommitment:
        clause = ctx.clause
        item = TrackedCommitment(
            id=self._new_id(clause.note_id, stated.text),
            owner=stated.owner,
            text=stated.text,
            source_note_id=clause.note_id,
            made_on=clause.note_date,
            due=stated.due,
            recurring=stated.recurring,
            order=ctx.order,
            verb=first_verb(stated.text),
            context_terms=content_terms(stated.context, self.names) if stated.context else [],
            confidence=stated.confidence,
            source=self._source(clause, stated),
        )
        item.events.append(Event(EventKind.MADE, clause.note_id, clause.note_date, stated.due, stated.text))
        self.item_terms[item.id] = content_terms(item.text, self.names)
        self.items.append(item)
        for term in {*self.item_terms[item.id], *item.context_terms, *content_terms(item.source, self.names)}:
            self._by_term.setdefault(term, []).append(item)
        return item

    def _source(self, clause: Clause, stated: StatedCommitment) -> str:
        """The promise with what came before it on its line (two clauses at most) and what its
        "it" points to: "Yusra wants to move the research repository into Dovetail. [...] I'll
        get it onto the May planning list", where the promise alone names neither."""
        before = [c.text for c in self._lines.get((clause.note_id, clause.line), []) if c.position < clause.position]
        parts = [p for p in dict.fromkeys([stated.context, *before[-2:], clause.text]) if p]
        source = " ".join(p for p in parts if not any(p in q for q in parts if q is not p))
        own = content_terms(stated.text, self.names)
        if not _LEANS.search(stated.text) and len(own) > 2:
            return ""  # its own words name what it is about
        return source[-400:] if set(content_terms(source, self.names)) - set(own) else ""

    def _reword(self, item: TrackedCommitment, text: str) -> None:
        """A note's action-item line restating its own prose keeps the fuller wording: the
        line's, when it says all the prose said and more ("set up a skip-level between Sam
        and Ahmed" over the prose's cut "set up a skip-level between Sam")."""
        own, line = self.item_terms[item.id], content_terms(text, self.names)
        if len(text) > len(item.text) and set(own) <= set(line) and first_verb(text) == item.verb:
            item.text = text
            self.item_terms[item.id] = line
            for term in set(line) - set(own):
                self._by_term.setdefault(term, []).append(item)

    def _new_id(self, note_id: str, text: str) -> str:
        """The commitment's stable id; the same words twice in one note get a suffix."""
        base = commitment_id(self.pair_id, note_id, text)
        candidate, n = base, 1
        while candidate in self.item_terms:
            candidate, n = base + "x" * n, n + 1
        return candidate

    def _sharing(self, cterms: set[str]) -> list[TrackedCommitment]:
        """The commitments that share at least one term with a clause, in the order made."""
        found: dict[str, TrackedCommitment] = {}
        for term in cterms:
            for item in self._by_term.get(term, ()):
                found.setdefault(item.id, item)
        return [i for i in self.items if i.id in found]  # in the order made, whatever the set's order


def _apply_restatement(item: TrackedCommitment, stated: StatedCommitment, clause: Clause) -> None:
    item.confidence = max(item.confidence, stated.confidence)
    item.events.append(Event(EventKind.RESTATED, clause.note_id, clause.note_date, stated.due, clause.text))
    reported = clause.signal is Signal.DONE or clause.mark in ("done", "struck")
    if stated.due and stated.due != item.due and not (reported and stated.due < clause.note_date):
        # (a past date on a line that reports it done says when it happened: "arrived 3/4")
        item.events.append(Event(EventKind.MOVED, clause.note_id, clause.note_date, stated.due, clause.text))
    if item.owner is None and stated.owner:
        item.owner = stated.owner


def _apply_signal(item: TrackedCommitment, clause: Clause, stated: StatedCommitment | None) -> None:
    def add(kind: EventKind, due: date | None = None) -> None:
        item.events.append(Event(kind, clause.note_id, clause.note_date, due, clause.text))

    if clause.partial and clause.partial not in item.text.lower():
        add(EventKind.OPEN)  # "first draft done" finishes a draft, not the guide that was promised
    elif clause.signal is Signal.MOVED and clause.moved_to:
        add(EventKind.MOVED, clause.moved_to)
    elif clause.signal is Signal.DROPPED:
        # "Tariq's team took over the pipeline" ends a promise to hand it over by keeping it
        handing = _HANDS_OVER.search(item.text) and _handed(clause)
        _close_item(item, clause, EventKind.DONE if handing else EventKind.DROPPED)
    elif _reports_done(item, clause, stated):
        # "Two sessions are booked, the third is still open": a completion verb with an
        # explicit "still"/"pending" reports progress, not the end.
        _close_item(item, clause, EventKind.DONE)
    elif clause.signal is Signal.OPEN or stated is not None:
        add(EventKind.OPEN)
    elif not clause.fragment:
        add(EventKind.MENTIONED)
    # "Taxonomy by Aug 28.", "packets still pending (by 3/27)": the date it is due by now
    dates_it = clause.fragment or (clause.deadline and item.events[-1].kind is EventKind.OPEN)
    if item.is_open and clause.dated and clause.dated != item.due and clause.signal is not Signal.MOVED and dates_it:
        add(EventKind.MOVED, clause.dated)


_LEANS = re.compile(r"\b(?:it|its|them|this|that|these|those|her|him|one)\b", re.IGNORECASE)
"""A promise whose words lean on its line ("ask her", "get it renewed")."""

_HANDS_OVER = re.compile(r"^(?:hand|pass|transfer|move)\b.*\b(?:over|off|to)\b|^(?:hand|pass)\s+off\b", re.IGNORECASE)
"""A promise to give the work to someone else: their taking it over is the promise kept."""


def _handed(clause: Clause) -> bool:
    return clause.signal is Signal.DROPPED and bool(HANDED_OVER.search(clause.text))


def _reports_done(item: TrackedCommitment, clause: Clause, stated: StatedCommitment | None) -> bool:
    """Done, said so; the commitment's own verb happened; or what it was to bring about did
    (the person it was to ask answered, the event took place, the two people met)."""
    if clause.signal is Signal.DONE:
        return True
    if clause.signal is not Signal.OPEN and not clause.negated and verb_done(item, clause):
        return True
    return stated is None and kept_by(item, clause)


def _close_item(item: TrackedCommitment, clause: Clause, kind: EventKind) -> None:
    if item.is_open:
        item.events.append(Event(kind, clause.note_id, clause.note_date, None, clause.text))
        item.closed = True
