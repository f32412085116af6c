"""Answering a question of fact from the notes, or saying plainly that they don't hold the answer.

The search finds notes about the question's topic; :mod:`assistant.chat.evidence` decides
which of their sentences answer it (a number for "how many", a date for "when", a person
for "who"). A yes-or-no question about something promised ("did Owen send the link?") is
read against the ledger: done is yes, dropped is no, and still open is "the notes don't
show it", unless a later note reports it done in so many words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from assistant.chat import evidence
from assistant.chat.evidence import NAME, Question, about, answers, done_as_asked, read_kind
from assistant.chat.intents import INTENT_WORDS, Asked
from assistant.chat.quoting import answered, commitment_line, joined, quote, who_wrote
from assistant.commitments.ledger import Commitment
from assistant.drafting.colleagues import is_person
from assistant.drafting.models import Snapshot, sentences
from assistant.drafting.render import day
from assistant.models import SearchHit
from assistant.retrieval.lexical import forms_in, terms

__all__ = ["Answer", "Closeness", "commitment_line", "fact_answer", "quote", "read", "who_wrote"]


Closeness = Callable[[Sequence[str]], Sequence[float]]
"""How close in meaning each of some sentences is to the question (MiniLM cosine)."""


ABOUT_NEAR = 0.4
"""A note behind the best one comes along when one of its sentences is this close to the question."""


def _far(texts: Sequence[str]) -> list[float]:
    return [0.0] * len(texts)


DONE_WORDS = re.compile(
    r"\b(?:done|finished|shipped|sent|passed|went\s+live|completed|fixed|merged|delivered|landed|signed\s+off|"
    r"posted|confirmed|arrived|happened|redid|redone|updated|raised|introduced|booked|approved|decided|agreed|"
    r"rehearsed|ran|held|went|got|live|released|settled|signed|chose|picked|said\s+(?:yes|no)|^(?:yes|no)\b)\b",
    re.I,
)


NOT_YET = re.compile(
    r"\b(?:not\s+yet|didn't|did\s+not|hasn't|has\s+not|haven't|never|still\s+(?:no|not|open|waiting|pending)|"
    r"no\s+(?:\w+\s+){1,2}yet)\b",
    re.I,
)
LATEST = re.compile(
    r"\b(?:now|currently|these\s+days|at\s+the\s+moment|latest|today|so\s+far|trend\w*|progress\w*|status|"
    r"going|stand(?:s|ing)?|still|yet|due)\b",
    re.I,
)
"""A question about how things stand now ("how is drop-off trending", "when is the doc due")."""
STATE_NOW = re.compile(
    r"^\s*(?:is|are)\b[^?]*\b(?:sorted|done|fixed|resolved|approved|ready|finished|settled|signed\s+off|live|"
    r"in\s+place|booked|confirmed|over)\b",
    re.I,
)
"""Whether something is in a state now ("is the GPU quota sorted"): the latest notes say."""
ASKS_DECISION = re.compile(r"\b(?:decid\w*|decision|agree\w*|settle\w*|choose|chose|pick\w*)\b", re.I)
DECISION = re.compile(r"\bdecision\b|\bdecided\b|\bwe\s+(?:agreed|settled|picked|chose)\b", re.I)
"""'Decision: iOS goes weekly' answers "did we decide...", not "has Wren posted it"."""
PROMISE_QUESTION = re.compile(r"^\s*(?:did|has|have|had)\b", re.I)


@dataclass
class Answer:
    answer: str
    sources: list[str]
    intent: str
    playbook: list[str] = field(default_factory=list)
    grounded: bool = True
    """False: the notes the asker may see do not hold an answer (and ``sources`` is empty)."""


FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'll|me|my|mine|myself)\b")


def read(asked: Asked, snap: Snapshot, hits: Sequence[SearchHit] = ()) -> Question:
    """The kind of answer the question asks for; its subject read with the conversation.

    The asker is no answer to a question they ask about themselves ("who covers while I'm
    away"), and the names the notes write mid-sentence are names at a sentence's start too.
    """
    names = {t for p in snap.viewer.pair.members for t in terms(p.name)}
    kind = read_kind(asked.question, names).kind
    q = read_kind(asked.query, names | (set(INTENT_WORDS) - set(terms("when who"))))
    given = set(q.given)
    if FIRST_PERSON.search(asked.question):
        me = snap.viewer.person
        given |= {w.lower() for w in me.name.split()} | {me.name.lower(), me.id.lower()}
    found = {re.sub(r"['’]s$", "", m.group(0)) for h in hits for m in NAME.finditer(h.note.text)}
    members = {w.lower() for p in snap.viewer.pair.members for w in [p.id, *p.name.split()]}
    text = " ".join(n.text for n in snap.notes)
    people = members | {w.lower() for w in found if is_person(w, snap, text, strict=False)}
    return replace(
        q,
        kind=kind,
        given=frozenset(given),
        proper=frozenset(w.lower() for w in found),
        members=frozenset(members),
        people=frozenset(people) if WHO_PEOPLE else None,
    )


def fact_answer(
    asked: Asked, snap: Snapshot, hits: list[SearchHit], idf: dict[str, float], close: Closeness | None = None
) -> Answer:
    q = _in_their_words(read(asked, snap, hits), idf)
    close = close or _far
    weight = _weights(q, idf)
    if q.kind == "yesno" and (settled := _yes_or_no(q, snap, hits, weight, close)) is not None:
        return settled
    found = _their_view(q, snap, _select(q, hits, weight, close))
    if not found:
        return not_in_notes(snap)
    if LATEST.search(q.text) or STATE_NOW.search(q.text):  # "how long does it take now": the latest notes say
        found = sorted(found, key=lambda f: f[0].note.date, reverse=True)
    lines = [
        f'- {day(h.note.date, snap.as_of)}, {who_wrote(h.note, snap)}: "{joined(answered(h, said))}" [{h.note.id}]'
        for h, said in found[:3]
    ]
    related = _related_commitment(q, snap, weight)
    if related:
        lines.append(f"- Related promise: {commitment_line(related, snap)}")
    sources = snap.visible([h.note.id for h, _ in found[:3]] + (related.sources if related else []))
    return Answer("\n".join(["Here is what your notes say:", *lines]), sources, "fact")


OPINION_QUESTION = re.compile(
    r"^\s*(?:does|did|do|would|will|is|was)\s+([A-Z][\w'’-]*)\s+(?:really\s+|still\s+|actually\s+)?"
    r"(?:think|feel|believe|agree|like|want|mind|expect|see|consider|rate|happy|worried|ok|okay|fine)\b",
    re.I,
)
VIEW = re.compile(
    r"\b(?:think|thinks|thought|feel|feels|felt|believes?|said|says|agrees?|agreed|happy|worried|concerned|"
    r"likes?|liked|wants?|wanted|sees|view|opinion|called|reckons?|impressed|pleased|disappointed|rated)\b",
    re.I,
)


def _their_view(q: Question, snap: Snapshot, found: list[tuple[SearchHit, list[str]]]) -> list:
    """ "Does Yusuf think I'm on track?": only a sentence that gives that person's view answers
    it (a view word, and their name or their own note), not one that shares its topic."""
    m = OPINION_QUESTION.match(q.text)
    if not m:
        return found
    who = m.group(1).lower()
    if who in ("i", "you", "we", "it", "this", "that", "there"):
        return found
    authors = {p.id for p in snap.viewer.pair.members if who in p.name.lower().split()}

    def theirs(h: SearchHit, s: str) -> bool:
        return bool(VIEW.search(s)) and (who in s.lower() or h.note.author in authors)

    return [(h, said) for h, said in found if any(theirs(h, s) for s in said)]


WHO_PEOPLE = True
"""A "who" answer must be a name the notes use for a person (see :func:`is_person`)."""
ABSENT = 0.0
"""What a question's word that no note uses weighs, as a share of the rarest word's weight."""


def _in_their_words(q: Question, idf: dict[str, float]) -> Question:
    """The question's words the notes never write, also in the short or long form they do
    ("promo" for "promotion", "cert" for "certification"), as the search reads them: the
    shortest, one for each word."""
    absent = [t for t in q.subject if t not in idf]
    if not absent:
        return q
    vocabulary = sorted(t for t in idf if t.isalpha())
    # one form a word: "trainer" is not weighed twice for "train" and "traine"
    found_for = {t: found for t in absent if (found := forms_in(vocabulary, t))}
    forms = {min(found, key=lambda f: (len(f), f)) for found in found_for.values()}
    forms -= q.subject
    # "when is my performance review" where the notes only hold a review course and an ops
    # review: an event of another kind has another date (a number or a yes/no question in
    # words of its own, "unused data sources", is still answered by the notes on its head)
    other_kind = q.kind == "date" and any(m not in idf and m not in found_for and h in idf for m, h in q.compounds)
    return replace(q, subject=q.subject | forms, other_kind=other_kind)


def _weights(q: Question, idf: dict[str, float]) -> dict[str, float]:
    rarest = max(idf.values(), default=1.0)
    return {t: idf.get(t, ABSENT * rarest) for t in q.subject if t in idf or ABSENT}


def _select(
    q: Question, hits: list[SearchHit], weight: dict[str, float], close: Closeness
) -> list[tuple[SearchHit, list[str]]]:
    """The hits that answer the question, best first, with the sentences that do."""
    found = _answering(q, hits, weight, close)
    if q.kind == "yesno" and PROMISE_QUESTION.match(q.text):
        # "did / has it happened?": only a sentence that reports it (or that it did not) answers
        found = [(h, said) for h, said in found if _reports(q, said, weight, close)]
        seen = {h.note.id for h, _ in found}
        found += [
            (h, said)
            for h, said in _about(q, hits, weight, close)
            if _reports(q, said, weight, close) and h.note.id not in seen
        ]
    elif q.kind in ("other", "yesno"):
        # no particular kind of answer wanted: the notes most about the question, in search order
        about = {h.note.id: (h, said) for h, said in _about(q, hits, weight, close)}
        answering = {h.note.id: (h, said) for h, said in found}
        ranked = [h.note.id for h in hits if h.note.id in about or h.note.id in answering]
        found = [answering.get(i) or about[i] for i in ranked]
    return found


def _reports(q: Question, said: list[str], weight: dict[str, float], close: Closeness) -> bool:
    """One of the sentences reports that it happened (or that it did not), and is itself about
    what was asked, in the words of the thing done, not only the doer's name: "posted it in
    #android-chapter" does not report the #mobile announcement, nor "Kemi said yes to
    deputising" the audit Kemi promised."""
    names = {t for m in NAME.finditer(q.text) for t in terms(m.group(0))}
    content = {t: w for t, w in weight.items() if t not in names}
    what = replace(q, subject=q.subject - names)
    decided = bool(ASKS_DECISION.search(q.text))
    done = done_as_asked(q.text)
    return any(
        (
            DONE_WORDS.search(s)
            or NOT_YET.search(s)
            or (decided and DECISION.search(s))
            or done & set(re.findall(r"[a-z]+", s.lower()))
        )
        and about(what, s, content, near=near)
        for s, near in zip(said, close(said), strict=True)
    )


def not_in_notes(snap: Snapshot, why: str = "") -> Answer:
    other = snap.viewer.other.first_name
    return Answer(
        f"Your notes with {other} don't say{why}, so I won't guess. Ask {other}, or try other words.",
        [],
        "fact",
        grounded=False,
    )


CLOSE_TOP = 3
CLOSE_SHARE = 0.75
"""A sentence that holds an answer of the kind asked (a name, a date, a number) but less than
half of the question's weighted words answers only if it is at least ``CLOSE_SHARE`` as close
in meaning to the question as the closest sentence of the first ``CLOSE_TOP`` notes. "SOC 2:
the auditor (Halvorsen & Co) confirmed fieldwork starts Oct 12" names someone and shares "SOC
2", but "one stale vendor" in another note is far closer to "which vendor caused the
stale-vendor exception": the name is beside the question. A later note that moves a date in
other words ("moved the VPN clean-up to April 10") stays close. Measured on the dev histories
(``benchmarks/README.md``): 0.75-0.8 keeps every answer found before and turns one or two
unanswerable questions into "the notes don't say"."""
PICKY = frozenset({"number", "date", "person"})


def _share(q: Question, sentence: str, weight: dict[str, float]) -> float:
    total = sum(weight.values())
    return sum(weight.get(t, 0.0) for t in q.subject & set(terms(sentence))) / total if total else 0.0


def _answering(
    q: Question, hits: list[SearchHit], weight: dict[str, float], close: Closeness
) -> list[tuple[SearchHit, list[str]]]:
    """The hits (best first) with the sentences in them that answer the question."""
    if not hits:
        return []
    best = max(h.score for h in hits)
    kept = [h for h in hits if h.score >= 0.4 * best]
    parts_of = [sentences(h.note.text) for h in kept]
    near = iter(close([s for parts in parts_of for s in parts]))
    nearness = [[next(near) for _ in parts] for parts in parts_of]
    least = CLOSE_SHARE * max((n for ns in nearness[:CLOSE_TOP] for n in ns), default=0.0) if q.kind in PICKY else 0.0
    out = []
    for h, parts, ns in zip(kept, parts_of, nearness, strict=True):
        said = [
            s
            for i, s in enumerate(parts)
            if answers(q, s, weight, parts[i - 1] if i else "", ns[i])
            and (ns[i] >= least or _share(q, s, weight) >= 0.5)
        ]
        if said:
            out.append((h, _best_sentences(said, q, weight)))
    return out


def _about(
    q: Question, hits: list[SearchHit], weight: dict[str, float], close: Closeness
) -> list[tuple[SearchHit, list[str]]]:
    """For questions that want no particular kind of answer: the notes that are about the question
    (most of its weighted words, or a sentence close in meaning), with their sentences nearest to it."""
    total = sum(weight.values())
    if not hits:
        return []
    best = max(hits, key=lambda h: h.score)
    parts_of = {h.note.id: sentences(h.note.text) for h in hits}
    near = iter(close([s for h in hits for s in parts_of[h.note.id]]))
    nearness = {h.note.id: [next(near) for _ in parts_of[h.note.id]] for h in hits}

    def covered(h: SearchHit) -> float:
        words = set(terms(h.note.text))
        return sum(w for t, w in weight.items() if t in words) / total if total else 0.0

    def closest(h: SearchHit) -> float:
        return max(nearness[h.note.id], default=0.0)

    # a question in other words (none of its words in the notes): only a sentence close in
    # meaning; the best note's chunk being near the question (a name they share) is not enough
    if q.subject and not total:
        if closest(best) < evidence.NEAR:
            return []
    elif not (covered(best) >= 0.5 or max(best.similarity, closest(best)) >= 0.45):
        return []
    out = []
    for h in hits:
        # the best note must be about the question; those close behind it may be about part of it
        if h is best or (
            h.score >= 0.5 * best.score and (covered(h) >= 0.34 or h.similarity >= 0.4 or closest(h) >= ABOUT_NEAR)
        ):
            out.append((h, _best_sentences(parts_of[h.note.id], q, weight, nearness[h.note.id])))
    return out


def _best_sentences(
    said: list[str], q: Question, weight: dict[str, float], nearness: Sequence[float] | None = None, limit: int = 2
) -> list[str]:
    """The ``limit`` sentences that carry most of the question's weighted words, or, where none
    does, that are closest to it in meaning; in the note's order."""
    total = sum(weight.values()) or 1.0

    def weighed(i: int) -> float:
        words = sum(weight.get(t, 0) for t in q.subject & set(terms(said[i]))) / total
        return words + (nearness[i] if nearness else 0.0)

    ranked = sorted(range(len(said)), key=lambda i: (-weighed(i), i))
    return [said[i] for i in sorted(ranked[:limit])]


def _yes_or_no(
    q: Question, snap: Snapshot, hits: list[SearchHit], weight: dict[str, float], close: Closeness
) -> Answer | None:
    """A question about a promise: the ledger's word, unless a later note reports it done."""
    if not PROMISE_QUESTION.match(q.text):
        return None
    c = _related_commitment(q, snap, weight, least=2)
    names = {t for p in snap.viewer.pair.members for t in terms(p.name)}
    own = set(terms(c.text)) - names if c else set()
    if c is None or len(q.subject & own) < 0.5 * len(own):
        return None
    if c.status == "done" and (followup := snap.note(c.followup_note_id or "")) and _reports_done(c, followup, names):
        return Answer(f"Yes. {commitment_line(c, snap)}", snap.visible([followup.id, c.source_note_id]), "fact")
    if c.status == "dropped":
        return Answer(f"No: it was let go. {commitment_line(c, snap)}", snap.visible(c.sources), "fact")
    later = [
        (h, said)
        for h, said in _answering(q, hits, weight, close)
        if h.note.date > c.made_on and _reports(q, said, weight, close)
    ]
    if later:
        h, said = later[0]
        return Answer(
            f"Here is what your notes say:\n- {day(h.note.date, snap.as_of)}, "
            f'{who_wrote(h.note, snap)}: "{joined(said)}" [{h.note.id}]',
            snap.visible([h.note.id]),
            "fact",
        )
    who = f"{snap.name(c.owner)} promised" if c.owner else "you both agreed"
    return not_in_notes(
        snap,
        f' that it happened: {who} to "{c.text}" on {day(c.made_on, snap.as_of)} ({c.source_note_id}), '
        "and no later note reports it done",
    )


def _reports_done(c: Commitment, followup, names: set[str]) -> bool:
    """The note that closed a promise says so about it: a sentence with most of the promise's
    words and a word of doing ("sent", "done"), not a word about something else said that day."""
    own = set(terms(c.text)) - names
    return any(DONE_WORDS.search(s) and len(own & set(terms(s))) >= 0.5 * len(own) for s in sentences(followup.text))


def _related_commitment(q: Question, snap: Snapshot, weight: dict[str, float], least: int = 2) -> Commitment | None:
    best, best_n = None, least - 1
    for c in snap.commitments:
        n = len(q.subject & set(terms(c.text)))
        if n > best_n:
            best, best_n = c, n
    return best
