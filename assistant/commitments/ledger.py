"""The commitment ledger as a service: built from the records, viewed as of a date, corrected.

Each member has their own ledger, built only from the notes they may see: a commitment
made in a private note, or a follow-up written in one, exists for its author alone. Ledgers
are rebuilt whenever a pair's notes change (``pairs.ledger_revision`` trails
``pairs.revision`` until then, which also repairs a crash in between), so reading one needs
no model. Corrections are stored apart and applied over every rebuild.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from functools import partial

import numpy as np

from assistant import access
from assistant.commitments import linking
from assistant.commitments.analyses import ANALYZERS_KEPT, AnalyzerCache, RememberingAnalyzer
from assistant.commitments.linking import Extractor
from assistant.commitments.models import CommitmentStatus, Event, EventKind, TrackedCommitment
from assistant.commitments.status import checkin_dates, status_as_of
from assistant.errors import InvalidInput, NotFound
from assistant.models import Note, NoteKind, Pair
from assistant.store.records import Records
from assistant.text.dates import day_first_convention
from assistant.text.quotes import as_said, leans_on_context

__all__ = ["ACTIONS", "SUGGEST_BELOW", "Commitment", "Ledger", "view_of"]

ACTIONS = ("done", "drop", "reopen", "assign", "due", "confirm", "dismiss")
SUGGEST_BELOW = 0.5
"""An extracted commitment read with less confidence than this is a suggestion: shown for a
member to confirm or dismiss, never flagged overdue or stale until confirmed."""


@dataclass(frozen=True)
class Evidence:
    kind: str
    note_id: str
    date: date
    text: str
    due: dt.date | None = None


@dataclass(frozen=True)
class Commitment:
    """A commitment as one member sees it on a given date."""

    id: str
    owner: str | None
    text: str
    due: date | None
    status: CommitmentStatus
    overdue: bool
    stale: bool
    recurring: bool
    source_note_id: str
    followup_note_id: str | None
    made_on: date
    last_mentioned: date
    due_original: date | None
    evidence: list[Evidence] = field(default_factory=list)
    corrections: list[dict] = field(default_factory=list)
    confidence: float = 1.0
    """How sure the reading of the notes is (1.0 for list items and for what a member confirmed)."""
    suggested: bool = False
    """Read with low confidence and not yet confirmed: a suggestion, not an accusation."""
    dismissed: bool = False
    said: str = ""
    """The note's own words, where the text leans on them ("get it renewed": "The survey tool
    license lapsed in March; I'll get it renewed by the end of the month")."""

    def headline(self, owner_name: str) -> str:
        """The commitment in one line, as every view shows it: "Dana: send the deck"."""
        return f"{owner_name}: {self.text}"

    @property
    def sources(self) -> list[str]:
        """Every note the commitment's line rests on, made first."""
        seen: list[str] = []
        for note_id in [self.source_note_id, *(e.note_id for e in self.evidence)]:
            if note_id not in seen:
                seen.append(note_id)
        return seen

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "owner": self.owner,
            "text": self.text,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status,
            "overdue": self.overdue,
            "stale": self.stale,
            "recurring": self.recurring,
            "source_note_id": self.source_note_id,
            "followup_note_id": self.followup_note_id,
            "confidence": round(self.confidence, 3),
            "said": self.said,
            "suggested": self.suggested,
            "made_on": self.made_on.isoformat(),
            "due_original": self.due_original.isoformat() if self.due_original else None,
            "evidence": [
                {
                    "kind": e.kind,
                    "note_id": e.note_id,
                    "date": e.date.isoformat(),
                    "text": e.text,
                    **({"due": e.due.isoformat()} if e.due else {}),
                }
                for e in self.evidence
            ],
            "corrections": self.corrections,
        }


def _item_to_json(item: TrackedCommitment) -> str:
    data = asdict(item)
    data["events"] = [asdict(e) for e in item.events]
    return json.dumps(data, default=str, ensure_ascii=False)


def _item_from_json(raw: str) -> TrackedCommitment:
    data = json.loads(raw)
    events = [
        Event(
            EventKind(e["kind"]),
            e["note_id"],
            date.fromisoformat(e["date"]),
            date.fromisoformat(e["due"]) if e["due"] else None,
            e["evidence"],
        )
        for e in data.pop("events")
    ]
    data["closed"] = data.pop("closed", data.pop("done", False))  # stored before 'dropped' existed
    data["made_on"] = date.fromisoformat(data["made_on"])
    data["due"] = date.fromisoformat(data["due"]) if data["due"] else None
    return TrackedCommitment(events=events, **data)


def _remembering(embed: Callable[[list[str]], np.ndarray]) -> Callable[[list[str]], np.ndarray]:
    """``embed`` that encodes each text once."""
    vectors: dict[str, np.ndarray] = {}

    def remembered(texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in vectors]
        if missing:
            vectors.update(zip(missing, embed(missing), strict=True))
        return np.stack([vectors[t] for t in texts])

    return remembered


def next_checkin_finder(pair: Pair, notes: list[Note]) -> Callable[[date], date | None]:
    """When "our next 1:1" is, seen from a date: the next recorded check-in, else one cadence on.

    The cadence is the pair's own (``cadence_days``) or, with four or more check-ins whose
    gaps mostly agree, the usual gap between them; with neither, the date is unknown.
    """
    checkins = sorted({n.date for n in notes if n.kind is NoteKind.checkin})
    cadence = pair.cadence_days or _usual_gap(checkins)

    def find(day: date) -> date | None:
        later = [d for d in checkins if d > day]
        if later:
            return later[0]
        if not cadence:
            return None
        base = max([d for d in checkins if d <= day], default=day)
        nxt = base + timedelta(days=cadence)
        while nxt <= day:
            nxt += timedelta(days=cadence)
        return nxt

    return find


def _usual_gap(checkins: list[date]) -> int | None:
    gaps = [(b - a).days for a, b in zip(checkins, checkins[1:], strict=False) if (b - a).days > 0]
    if len(gaps) < 3:
        return None
    usual = statistics.median(gaps)
    agreeing = [g for g in gaps if abs(g - usual) <= 0.25 * usual]
    return round(usual) if len(agreeing) >= 2 * len(gaps) / 3 else None


def view_of(
    item: TrackedCommitment,
    as_of: date,
    checkins: list[date],
    stale_after: int = 3,
    fixes: Sequence[tuple[str, str | None, str, dt.datetime]] | None = None,
    members: set[str] | None = None,
) -> Commitment | None:
    """One tracked commitment as a member sees it on ``as_of``, with the pair's corrections
    ((action, value, by, at) in order); None if it was made later."""
    fixes = fixes or []
    owner = item.owner
    for action, value, _actor, _at in fixes:
        if action == "assign":
            owner = value if members and value in members else None
    status = status_as_of(item, as_of, checkins, stale_after, [(a, v) for a, v, _, _ in fixes])
    if status is None:
        return None
    confirmed, was_dismissed = _verdict([a for a, _, _, _ in fixes])
    suggested = item.confidence < SUGGEST_BELOW and not confirmed
    evidence = [
        Evidence(e.kind, e.note_id, e.date, e.evidence, e.due)
        for e in item.events
        if e.kind != "made" and e.date <= as_of
    ]
    return Commitment(
        id=item.id,
        owner=owner,
        text=item.text,
        due=status.due,
        status=status.status,
        overdue=status.overdue and not suggested,
        stale=status.stale and not suggested,
        recurring=item.recurring,
        source_note_id=item.source_note_id,
        followup_note_id=status.followup_note_id,
        made_on=item.made_on,
        last_mentioned=status.last_mentioned,
        due_original=item.due,
        evidence=evidence,
        corrections=[{"action": a, "value": v, "by": actor, "at": at.isoformat()} for a, v, actor, at in fixes],
        confidence=1.0 if confirmed else item.confidence,
        suggested=suggested,
        dismissed=was_dismissed,
    )


def _verdict(actions: list[str]) -> tuple[bool, bool]:
    """(confirmed, dismissed) from a commitment's corrections in order: the last of confirm and
    dismiss stands; correcting it in any other way treats it as real."""
    confirmed = dismissed = False
    for action in actions:
        if action == "dismiss":
            confirmed, dismissed = False, True
        elif action != "reopen":
            confirmed, dismissed = True, False
    return confirmed, dismissed


class Ledger:
    def __init__(
        self,
        records: Records,
        embed: Callable[[list[str]], np.ndarray] | None,
        stale_after: int = 3,
        extractor: Extractor | None = None,
    ):
        """``extractor``: more commitments per note from elsewhere than the rules (a chat model)."""
        self.records = records
        self.embed = embed
        self.stale_after = stale_after
        self.extractor = extractor
        self._analyzers = AnalyzerCache()
        self._lock = threading.Lock()
        self._built: OrderedDict[tuple[str, str], tuple[tuple, list[tuple[str, str]]]] = OrderedDict()
        """Each member's last ledger, by what it was built from (the pair and the member's
        notes): a change the member cannot see (the other's private note) rebuilds the other's
        ledger alone. Kept for :data:`~assistant.commitments.analyses.ANALYZERS_KEPT` members."""

    # -- building ----------------------------------------------------------------------------

    def rebuild_stale(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the ledgers of pairs whose notes changed since they were built."""
        stale = self.records.stale_ledgers()
        for done, pair_id in enumerate(stale, 1):
            self.rebuild(pair_id)
            if progress:
                progress(done, len(stale))
        return len(stale)

    def rebuild(self, pair_id: str) -> None:
        pair = self.records.get_pair(pair_id)
        if pair is None:
            return
        revision = self.records.pair_revision(pair_id)
        ledgers: dict[str, list[tuple[str, str]]] = {}
        # Both members' ledgers read the shared notes: each is embedded once, and analysed once
        # where the two see the same check-ins (which decide when "our next 1:1" is).
        embed = _remembering(self.embed) if self.embed else None
        analyzers: dict[tuple[tuple[date, ...], bool], RememberingAnalyzer] = {}
        for member in pair.members:
            notes = self.records.notes_of_member(pair_id, member.id)
            source = (pair, tuple(notes))
            built = self._built.get((pair_id, member.id))
            if built is not None and built[0] == source and self.extractor is None:
                ledgers[member.id] = built[1]  # nothing this member sees changed
                continue
            calendar = (tuple(checkin_dates(notes)), day_first_convention(n.text for n in notes))
            if calendar not in analyzers:
                analyzers[calendar] = self._analyzers.get(pair, calendar, partial(next_checkin_finder, pair, notes))
            items = linking.build(pair, notes, embed=embed, analyzer=analyzers[calendar], extractor=self.extractor)
            ledgers[member.id] = [(item.id, _item_to_json(item)) for item in items]
            self._remember(pair_id, member.id, source, ledgers[member.id])
        if analyzers:
            self._analyzers.retain(pair_id, list(analyzers.values()))
        self.records.save_ledger(pair_id, revision, ledgers)

    def forget(self, pair_id: str) -> None:
        """Drop what this process keeps of a pair's ledgers and readings (the pair is gone)."""
        with self._lock:
            for key in [k for k in self._built if k[0] == pair_id]:
                del self._built[key]
        self._analyzers.retain(pair_id, [])

    def _remember(self, pair_id: str, member_id: str, source: tuple, rows: list[tuple[str, str]]) -> None:
        with self._lock:
            self._built[(pair_id, member_id)] = (source, rows)
            self._built.move_to_end((pair_id, member_id))
            while len(self._built) > ANALYZERS_KEPT:
                self._built.popitem(last=False)

    # -- reading -----------------------------------------------------------------------------

    def view(
        self, viewer: access.Viewer, as_of: date, notes: list[Note] | None = None, dismissed: bool = False
    ) -> list[Commitment]:
        """The viewer's ledger as it stood on ``as_of``, corrections applied (``notes``: the
        viewer's notes, when the caller has them already). Commitments a member dismissed are
        left out, unless ``dismissed``."""
        notes = notes if notes is not None else self.records.notes(viewer)
        checkins = checkin_dates(notes)
        corrections = self.records.corrections(viewer)
        members = {p.id for p in viewer.pair.members}
        by_id = {n.id: n for n in notes}
        out = []
        for raw in self.records.ledger(viewer):
            item = _item_from_json(raw)
            seen = view_of(item, as_of, checkins, self.stale_after, corrections.get(item.id, []), members)
            if seen is not None and (dismissed or not seen.dismissed):
                source = by_id.get(seen.source_note_id)
                if source is not None and leans_on_context(seen.text):
                    seen = replace(seen, said=as_said(source.text, seen.text))
                out.append(seen)
        return _with_entered(self.records, viewer, as_of, out)

    # -- correcting --------------------------------------------------------------------------

    def correct(
        self, viewer: access.Viewer, commitment_id: str, action: str, value: str | None, as_of: date
    ) -> Commitment:
        """Record a member's correction; it wins over every later re-extraction."""
        from assistant.commitments.explicit import EnteredView, is_entered  # it builds on Commitment

        if is_entered(commitment_id):  # entered by a member: a fact, changed only by its own actions
            EnteredView(self.records).correct(viewer, commitment_id, action, value)
            return next(c for c in self.view(viewer, as_of) if c.id == commitment_id)
        if action not in ACTIONS:
            raise InvalidInput(f"unknown correction '{action}' (use {', '.join(ACTIONS)})")
        known = {c.id for c in self.view(viewer, date.max, dismissed=True)}
        if commitment_id not in known:
            raise NotFound(f"no commitment '{commitment_id}' in pair '{viewer.pair.id}'")
        value = self._check(viewer, action, value)
        self.records.add_correction(viewer, commitment_id, action, value)
        self.records.record_event(
            viewer.pair.id, viewer.person.id, f"commitment.{action}", id=commitment_id, value=value
        )
        return next(c for c in self.view(viewer, date.max, dismissed=True) if c.id == commitment_id)

    @staticmethod
    def _check(viewer: access.Viewer, action: str, value: str | None) -> str | None:
        if action == "assign":
            members = {p.id for p in viewer.pair.members}
            if value in (None, "", "none", "nobody"):
                return None
            if value not in members:
                raise InvalidInput(f"assign: '{value}' is not a member of pair '{viewer.pair.id}'")
            return value
        if action == "due":
            if value in (None, "", "none"):
                return None
            try:
                return date.fromisoformat(value).isoformat()
            except ValueError:
                raise InvalidInput(f"due: expected YYYY-MM-DD or 'none', got '{value}'") from None
        return None


def _with_entered(
    records: Records, viewer: access.Viewer, as_of: date, extracted: list[Commitment]
) -> list[Commitment]:
    """The ledger with the commitments members entered (facts; an extracted duplicate of one is dropped)."""
    from assistant.commitments.explicit import EnteredView, same_commitment  # it builds on Commitment

    entered = EnteredView(records).view(viewer, as_of)
    return [c for c in extracted if not any(same_commitment(c, e) for e in entered)] + list(entered)
