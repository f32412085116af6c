"""Which goal an open commitment serves: at most one, the one its note ties it to.

A plan lists the employee's open promises under a goal and offers them as next steps. Tied
by any one shared word, a promise lands under every goal that shares one ("finish once he's
tracked them down" under "build a track record"; "a tracker status every Friday" under "cut
every remaining application"). So a commitment is read with the sentence that made it and
what came before it on its line ("LDAP plan: three apps have no known owner. Ravi will
finish once he's tracked them down"), and it is tied to one goal: the closest in meaning
(MiniLM) among all the pair's goals, met and done ones included, provided it also shares a
word with that goal. A promise closest to a goal already met serves no open goal. Without
an embedder, the goal sharing the most telling words wins, and a tie ties it to none.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

import numpy as np

from assistant.commitments.ledger import Commitment
from assistant.commitments.vocabulary import GENERIC
from assistant.drafting.models import Snapshot
from assistant.drafting.state import untimed
from assistant.models import Goal
from assistant.retrieval.lexical import term_set, terms
from assistant.text.quotes import as_said

__all__ = ["as_written", "goal_ties", "serving", "specific_terms"]

_FUNCTION = set(terms("every each all any some much many more most other another such own same"))
"""Words a goal and a promise can share without being about the same thing."""


def goal_ties(
    snap: Snapshot,
    encode: Callable[[list[str]], np.ndarray] | None = None,
) -> dict[str, str]:
    """{commitment id: goal id} for the open commitments the notes tie to a goal."""
    goals = [g for g in snap.goals if g.id]
    if not goals:
        return {}
    text_of = {g.id: f"{g.title}. {g.description or ''}".strip(". ") for g in goals}
    # all of a goal's words: the ones most notes use ("LDAP" in an LDAP pair) still tie
    words_of = {g.id: set(terms(text_of[g.id])) - GENERIC - _FUNCTION for g in goals}
    read = _read(snap, goals, words_of)
    if not read:
        return {}
    if encode is not None:
        closeness = encode([said for said, _, _ in read.values()]) @ encode([text_of[g.id] for g in goals]).T
        closest = {cid: goals[int(np.argmax(row))].id for cid, row in zip(read, closeness, strict=True)}
        return {cid: gid for cid, gid in closest.items() if gid in read[cid][1]}
    return _by_words(snap, read, words_of)


_Read = dict[str, tuple[str, list[str], set[str]]]


def _read(snap: Snapshot, goals: list[Goal], words_of: dict[str, set[str]]) -> _Read:
    """{commitment id: (its sentence, the goals sharing a word with it, its words)} for the open
    commitments that share a word with some goal."""
    read: _Read = {}
    for c in snap.commitments:
        if c.status != "open":
            continue
        note = snap.note(c.source_note_id)
        said = (as_said(note.text, c.text) if note else "") or c.text
        words = (set(terms(c.text)) | set(terms(said))) - GENERIC - _FUNCTION
        touched = [g.id for g in goals if words_of[g.id] & words]
        if touched:
            read[c.id] = (said, touched, words)
    return read


def _by_words(snap: Snapshot, read: _Read, words_of: dict[str, set[str]]) -> dict[str, str]:
    """Without an embedder: the goal sharing the most telling words; a tie ties to none."""
    df = Counter(t for n in snap.shared for t in term_set(n.text))
    idf = {t: math.log(1 + len(snap.shared) / (1 + df.get(t, 0))) for w in words_of.values() for t in w}
    out = {}
    for cid, (_, touched, words) in read.items():
        scores = sorted(((sum(idf[t] for t in words_of[g] & words), g) for g in touched), reverse=True)
        if len(scores) == 1 or scores[0][0] > scores[1][0]:
            out[cid] = scores[0][1]
    return out


def serving(goal: Goal, goal_terms: set[str], ties: dict[str, str]) -> Callable[[Commitment], bool | None]:
    """Whether an open commitment serves the goal: True, False (it serves another), or None
    (it is tied to no goal). A plan without goals ("growth") reads the commitment's words."""
    if not goal.id:
        return lambda c: bool(goal_terms & set(terms(c.text))) or None
    return lambda c: None if c.id not in ties else ties[c.id] == goal.id


def specific_terms(snap: Snapshot) -> Callable[[str], set[str]]:
    """Terms of a text that say what it is about: not ones most of the pair's notes use ("team")."""
    df = Counter(t for n in snap.shared for t in term_set(n.text))
    limit = max(4, 0.4 * len(snap.shared))  # in a pair of a few notes, the goal's topic is in most of them
    return lambda text: {t for t in terms(text) if df.get(t, 0) <= limit}


def as_written(c: Commitment) -> str:
    """A commitment's words, or the note's where they lean on it ("finish once he's tracked them down")."""
    return f'"{untimed(c.said)}"' if c.said else c.text
