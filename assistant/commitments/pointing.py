"""Where the reading of one note stands, and what a clause that names nothing is about.

:class:`Reading` keeps what "it" means as a note is read; :func:`implied` finds the commitment
a clause points to without naming it ("push it to Friday", "Just did.", "This week.", a lone
"sent" after a question about one). Used by :mod:`assistant.commitments.linking`.
"""

from __future__ import annotations

import re

from assistant.commitments.matching import LinkContext, best_link, verb_done
from assistant.commitments.models import Clause, EventKind, Signal, TrackedCommitment
from assistant.commitments.signals import reported_act
from assistant.commitments.similarity import content_terms
from assistant.commitments.structure import TOPIC_LABEL
from assistant.retrieval.lexical import terms

__all__ = ["BARE_REACH", "Reading", "done_at_once", "implied"]

BARE_REACH = 4
"""How many clauses back a bare completion may reach for what was being discussed."""


class Reading:
    """Where the reading of one note stands: what "it" means now."""

    def __init__(self) -> None:
        self.context: TrackedCommitment | None = None
        """The last commitment talked about."""
        self.talked_at = -9
        """The position of the clause that last talked about it."""
        self.talked_line = -1
        self.pointed: tuple[int, TrackedCommitment] | None = None
        """(line, commitment) the last clause pointed at clearly."""

    def talk(self, item: TrackedCommitment, clause: Clause) -> None:
        self.context, self.talked_at, self.talked_line = item, clause.position, clause.line

    def said_on(self, clause: Clause) -> TrackedCommitment | None:
        """The commitment the clause just before this one, on its line, was about."""
        same_line = self.talked_line == clause.line and clause.position - self.talked_at == 1
        return self.context if same_line else None

    def recent(self, clause: Clause, within: int = 2) -> TrackedCommitment | None:
        """The commitment talked about at most ``within`` clauses before this one."""
        return self.context if clause.position - self.talked_at <= within else None


def implied(
    ctx: LinkContext, state: Reading, before: tuple[int, TrackedCommitment] | None, note_id: str
) -> TrackedCommitment | None:
    """The commitment a clause is about when its words name none: the one "it" points to, the
    promise just made that a completion or a lone date follows."""
    clause = ctx.clause
    if _points_back(ctx):
        return _it(ctx, state, before)
    opens_done = clause.signal is Signal.DONE and bool(_OPENS_DONE.match(clause.text))
    if opens_done and (talked := state.recent(clause, within=BARE_REACH)) is not None and talked.is_open:
        # a turn that opens with its completion ("done, check your inbox"): what was being
        # discussed, across the few short turns of an exchange about it ("did you get a chance
        # to intro me to Sven?" / "argh, no. sorry." / "doing it right after this")
        return talked
    recent = state.recent(clause)
    if recent is None or (clause.signal is Signal.DONE and _new_topic(ctx, state, recent)):
        return None
    return _after(ctx, state, recent, note_id)


def _points_back(ctx: LinkContext) -> bool:
    """The promise says "it", or the report refers back (or moves a date and names nothing)."""
    clause, stated = ctx.clause, ctx.clause.stated
    return (stated is not None and stated.refers_back) or (
        clause.signal is not None and (clause.refers_back or (clause.signal is Signal.MOVED and not ctx.terms))
    )


def _it(ctx: LinkContext, state: Reading, before: tuple[int, TrackedCommitment] | None) -> TrackedCommitment | None:
    """ "it" is what the clause before it on its line was about, else the last talked about,
    unless the line opens a topic of its own ("Screenshots: Wren's on it, target Feb 27")."""
    if before and before[0] == ctx.clause.line:
        return _same_owner(ctx, before[1])
    if state.context is None or _new_topic(ctx, state, state.context):
        return None
    return _same_owner(ctx, state.context)


def _same_owner(ctx: LinkContext, target: TrackedCommitment) -> TrackedCommitment | None:
    """A promise that says "it" restates a promise of its own owner: "She'll have it done by
    12/18" moves nothing Gordon promised just before."""
    stated = ctx.clause.stated
    if stated is not None and stated.owner and target.owner and stated.owner != target.owner:
        return None
    return target


def _after(ctx: LinkContext, state: Reading, recent: TrackedCommitment, note_id: str) -> TrackedCommitment | None:
    """What a clause right after talk of ``recent`` says of it: a bare completion, the promise
    of this very note done, or a lone date for it."""
    clause = ctx.clause
    done = clause.signal is Signal.DONE and recent.is_open
    if done and _bare(ctx, state, recent):
        return recent  # a bare completion ("sent", a lone ✅): what was just discussed
    if done and recent.source_note_id == note_id:
        # "I'll set up the review. Invite went out straight after the call."; a request of its
        # own ("I asked her to help interview ...") reports nothing of what was just promised
        if _A_REQUEST.search(clause.text):
            return None
        return recent if best_link(ctx, pointing=True) is None else None
    return recent if _dates_it(ctx, recent) else None


def _dates_it(ctx: LinkContext, recent: TrackedCommitment) -> bool:
    """ "I'll introduce him to Dara. This week.": a lone date is the date of what was just
    promised, if that had none (a fragment that reports a result, "CSAT 4.35 this month, above
    target", dates nothing)."""
    clause = ctx.clause
    return (
        clause.fragment
        and clause.signal not in (Signal.DONE, Signal.DROPPED)
        and _undated(recent)
        and _names_no_other(ctx, recent)
    )


def _new_topic(ctx: LinkContext, state: Reading, recent: TrackedCommitment) -> bool:
    """The clause's line opens a topic of its own, none of whose words the commitment just
    talked about has ("2. Design docs: ... I'll send you two examples." / "3. AWS cert:
    approved from the learning budget"): it reports on its topic, not on that promise."""
    clause = ctx.clause
    # a label no member speaks under is a topic here, a name or not ("Screenshots: Wren's on it")
    label = clause.topic or (m["label"] if clause.speaker is None and (m := TOPIC_LABEL.match(clause.text)) else "")
    if not label and (m := _ARROW_TOPIC.match(clause.text)) and set(terms(m["label"])) - set(ctx.similarity.names):
        label = m["label"]  # a tracker's "AWS -> approved!!": the thing, then its state (not a member)
    if not label or clause.line == state.talked_line:
        return False
    return not set(terms(label)) & {
        *ctx.item_terms.get(recent.id, ()),
        *recent.context_terms,
        *terms(recent.source),
    }


def done_at_once(item: TrackedCommitment | None, ctx: LinkContext) -> TrackedCommitment | None:
    """What an act reported in the note's shorthand, with no subject of its own ("Asked in
    their channel", "Spoke with Anneke on the 8th"), did: the promise made by the clause just
    before it on its line, else the one open promise to talk to the person it names."""
    clause = ctx.clause
    if clause.signal not in (None, Signal.DONE) or clause.actor or clause.stated is not None:
        return None
    if not reported_act(clause.text):
        return None
    if item is not None:
        return item if item.is_open and verb_done(item, clause) else None
    met = _MET.match(clause.text)
    if met is None:
        return None
    found = [
        i
        for i in ctx.candidates
        if i.is_open and i.order < ctx.order and verb_done(i, clause) and _addressee(i) == met["who"]
    ]
    return found[0] if len(found) == 1 else None


def _addressee(item: TrackedCommitment) -> str | None:
    """The person a promise to talk is to ("talk to Anneke about ..." -> Anneke); none when
    the words after the verb name someone's someone ("ask Anneke's on-call lead")."""
    m = _TALK_TO.match(item.text)
    return m["who"] if m else None


_MET = re.compile(r"^\W*(?i:spoke|talked|met|caught\s+up|checked\s+in)\s+(?i:with|to)\s+(?P<who>[A-Z][\w-]+)\b(?!')")
_TALK_TO = re.compile(
    r"^(?:talk|speak|meet|catch\s+up|check\s+in|sync)\s+(?:with|to)\s+(?P<who>[A-Z][\w-]+)\b(?!')", re.IGNORECASE
)


_ARROW_TOPIC = re.compile(r"^\W*(?P<label>[A-Za-z][\w'/&-]*(?:\s+[\w'/&-]+){0,4})\s*(?:->|→|=>)\s*\S")
_OPENS_DONE = re.compile(
    r"^\W*(?:\[[\d:]+\]\s*)?(?:[A-Za-z][\w' /&-]{0,40}:\s+)?"  # a timestamp, the speaker
    r"(?:ok\W+|yes\W+|yep\W+)?(?:all\s+)?(?:done|sent|did\s+it)\b(?!\s+(?:with|by)\b)",
    re.IGNORECASE,
)
"""A turn that opens with its completion ("done, check your inbox"): the rest is an aside."""
_A_REQUEST = re.compile(r"\b(?:asked|told)\s+(?:\w+\s+){1,2}?(?:to|if|whether)\s+\w", re.IGNORECASE)


def _bare(ctx: LinkContext, state: Reading, recent: TrackedCommitment) -> bool:
    """A completion that names nothing of its own: no content word ("sent", a lone ✅), or one
    that is the promise's own or said on the line that talked about it ("Odile's review input
    went in. Calibration done"). One word of its own on a line of its own is another topic's
    report ("Droidcon: approved." after a line about the screenshot automation)."""
    if not ctx.terms:
        return True
    if len(ctx.terms) > 1:
        return False
    return state.talked_line == ctx.clause.line or bool(ctx.terms & set(ctx.item_terms.get(recent.id, ())))


def _names_no_other(ctx: LinkContext, item: TrackedCommitment) -> bool:
    """A lone date names nothing but its time ("This week."), or one word of its own at most
    ("Agreed: first draft by July 10", up to a reason it gives): "Jens retires end of July",
    "goal for Q2: night accuracy to 98% by end of June" date something else."""
    main = re.split(r"[,;]|\s[-–—]\s", ctx.clause.text)[0]
    own = set(content_terms(main, ctx.similarity.names)) - set(ctx.item_terms.get(item.id, ()))
    return len(own - set(item.context_terms)) <= 1


def _undated(item: TrackedCommitment) -> bool:
    return item.due is None and not any(e.kind is EventKind.MOVED for e in item.events)
