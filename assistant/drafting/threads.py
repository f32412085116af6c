"""Feedback as threads: given, then acknowledged, then acted on (settled), read from later notes.

A piece of redirecting feedback ("the design crit ran over and the decisions got buried") is
open until a later shared note comes back to it: a sentence that shares its own words (not
only a name) and says it was heard ("agreed", "fair point", "will try") or changed ("fixed",
"since then", "no longer", "now ... better"). Acted-on feedback is settled: drafts do not
raise it again; they may thank the change instead (it becomes reinforcing material).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.commitments.vocabulary import PAST_FORMS, STRONG_NOT_DONE
from assistant.drafting.feedback_reading import FeedbackStatement
from assistant.drafting.models import Snapshot, sentences
from assistant.models import Note
from assistant.retrieval.lexical import forms_in, terms

__all__ = ["FeedbackThread", "closed_with_anothers", "closing_words", "feedback_threads", "partly_done"]

ACTED = re.compile(
    r"\b(?:fixed|changed|improved|resolved|addressed|sorted|stopped|started|switched|moved\s+to|no\s+longer|"
    r"since\s+then|from\s+now\s+on|now\s+(?:\w+\s+){0,3}(?:better|clear|on\s+time|shorter|earlier|first|every)|"
    r"much\s+better|(?:is|are|was|were)\s+better|has\s+been\s+better|done|in\s+place|took\s+it\s+on\s+board|acted\s+on|"
    r"updated|rewritten|refreshed|thank\s+you)\b",
    re.IGNORECASE,
)
HEARD = re.compile(
    r"\b(?:agreed|acknowledged|fair\s+(?:point|enough)|good\s+point|heard|thanks\s+for\s+(?:the|that)\s+feedback|"
    r"will\s+(?:try|work\s+on|change|fix|do)|I'll\s+(?:try|work\s+on|change|fix)|working\s+on\s+it|took\s+the\s+point)\b",
    re.IGNORECASE,
)
THANKED = re.compile(
    r"\b(?:thank(?:ed|s)?|appreciated)\b[^.;]{0,30}?\b(?:for|about)\b[^.;]{0,30}?\bfeedback\b", re.IGNORECASE
)
"""The receiver thanks the giver for the feedback by name ("Thanked Aisha for the crit feedback")."""
GENERIC = frozenset(
    terms(
        "feedback time next thing things bit lot way point also really just more less much one two get got make made "
        "go went said say think keep kept need needs like would could should"
    )
)


@dataclass
class FeedbackThread:
    statement: FeedbackStatement
    state: str = "given"
    """given, acknowledged, or settled (acted on)."""
    evidence: tuple[str, Note] | None = None
    """The later sentence that moved it on, and its note."""

    @property
    def settled(self) -> bool:
        return self.state == "settled"


_BASE = {past: verb for verb, pasts in PAST_FORMS.items() for past in pasts.split()}
"""An irregular past to its verb: "led" comes back to "lead with the recommendation"."""


def _own_words(s: FeedbackStatement, names: set[str]) -> tuple[set[str], set[str]]:
    """The feedback's words, and what its line goes on to ask ("... buried the recommendation.
    Lead with the recommendation next time."): a later "led with the recommendation" answers it."""
    line = _line(s)
    rest = sentences(line[line.find(s.behavior) + len(s.behavior) :]) if s.behavior in line else []
    asked = " ".join(next(iter([rest[:i] for i, x in enumerate(rest) if _NEW_POINT.match(x)]), rest))
    return set(terms(f"{s.topic or ''} {s.behavior}")) - names - GENERIC, set(terms(asked)) - names - GENERIC


def _said(sentence: str) -> set[str]:
    said = set(terms(sentence))
    return said | {_BASE[t] for t in said if t in _BASE}


def _returns_to(words: set[str], sentence: str) -> bool:
    shared = words & _said(sentence)
    label = sentence.split(":", 1)[0] if ":" in sentence[:40] else ""
    if len(shared & set(terms(label))) >= 2:
        return True  # a reply under the feedback's own name ("On priority shifts: ...")
    return len(shared) >= min(2, len(words)) and 3 * len(shared) >= len(words)  # a third of its words


def feedback_threads(snap: Snapshot, statements: list[FeedbackStatement]) -> list[FeedbackThread]:
    """Each statement's thread, as far as the later shared notes carry it."""
    names = {t for p in snap.viewer.pair.members for t in terms(p.name)}
    out = []
    for s in statements:
        thread = FeedbackThread(s)
        if s.kind == "redirecting":
            _answered(snap, s, thread)
            words, asked = _own_words(s, names)
            for note in snap.shared:
                if note.date <= s.note.date or not words:
                    continue
                for sentence in _replies(note.text):
                    back = _returns_to(words, sentence) or (asked and _returns_to(asked, sentence))
                    if not back and not _names_it(words, sentence):
                        continue
                    if ACTED.search(sentence) or (HEARD.search(sentence) and _promises_in(snap, s, note, sentence)):
                        # done, or a change agreed ("Maya agreed to post changes in our 1:1 doc first")
                        thread.state, thread.evidence = "settled", (sentence, note)
                    elif (HEARD.search(sentence) or THANKED.search(sentence)) and thread.state == "given":
                        thread.state, thread.evidence = "acknowledged", (sentence, note)
            if not thread.settled:
                _chased(snap, s, thread, words)
        out.append(thread)
    return _as_one(_met_later(out, names))


_AGAIN = re.compile(r"\b(?:still|again|yet|keeps?|another|same)\b", re.IGNORECASE)


def _met_later(threads: list[FeedbackThread], names: set[str]) -> list[FeedbackThread]:
    """Feedback the giver records later on the same thing, in words that neither praise nor
    ask ("Feedback: the cabinet briefing was two pages with the recommendation up front", after
    "the allotments briefing was eight pages ... lead with the recommendation next time"),
    reports the change asked for: the earlier thread is settled by it, and it is praise, not a
    second request. Unless it says the thing is still so ("still", "again")."""
    for i, later in enumerate(threads):
        s = later.statement
        if not (s.by_label and s.kind == "redirecting") or _AGAIN.search(s.behavior):
            continue
        for earlier in threads[:i]:
            e = earlier.statement
            if (
                e.kind != "redirecting"
                or earlier.settled
                or (e.giver, e.receiver) != (s.giver, s.receiver)
                or e.note.date >= s.note.date
            ):
                continue
            words, asked = _own_words(e, names)
            if _returns_to(words, s.behavior) or (asked and _returns_to(asked, s.behavior)):
                earlier.state, earlier.evidence = "settled", (s.behavior, s.note)
                later.statement = replace(s, kind="reinforcing")
                break
    return threads


def _promises_in(snap: Snapshot, s: FeedbackStatement, note: Note, sentence: str) -> bool:
    """The reply holds a promise of the feedback's receiver, made there."""
    said = sentence.lower()
    return any(
        c.owner == s.receiver and c.source_note_id == note.id and c.text.lower() in said for c in snap.commitments
    )


def _chased(snap: Snapshot, s: FeedbackStatement, thread: FeedbackThread, words: set[str]) -> None:
    """Feedback that chases a promise of its receiver ("the intro to Jordan still hasn't
    happened") goes as the promise goes: settled once the ledger reports it kept later."""
    for c in snap.commitments:
        note = _kept_in(snap, c)
        if c.owner != s.receiver or c.status != "done" or c.made_on > s.note.date or not note:
            continue
        said = closing_words(c) or c.text
        if note.date > s.note.date and len(_alike(words, set(terms(f"{c.text} {said}")))) >= 2:
            thread.state, thread.evidence = "settled", (said, note)
            return


def _kept_in(snap: Snapshot, c) -> Note | None:
    """The note that reported the commitment done, if the viewer sees it."""
    done = next((e for e in c.evidence if e.kind == "done"), None)
    return snap.note(done.note_id) if done else None


def _alike(words: set[str], other: set[str]) -> set[str]:
    """The words in both, a word also meeting its short or long form ("intro", "introduced")."""
    vocabulary = sorted(other)
    return {w for w in words if w in other or forms_in(vocabulary, w)}


def _names_it(words: set[str], sentence: str) -> bool:
    """A sentence that thanks for the feedback by one of its own words ("Thanked Aisha for the
    crit feedback") comes back to it, however few of its other words it repeats."""
    return bool(THANKED.search(sentence) and words & _said(sentence))


def _line(s: FeedbackStatement) -> str:
    """The line of its note the statement stands on ("" when it cannot be found)."""
    text = s.note.text
    at = text.find(s.behavior[:40])
    if at < 0:
        return ""
    end = text.find("\n", at)
    return text[text.rfind("\n", 0, at) + 1 : len(text) if end < 0 else end]


_NEW_POINT = re.compile(r"^\W*(?:also|and|plus|another|second(?:ly)?|separately|one\s+more|on\s+another)\b", re.I)
"""A sentence that opens a point of its own on the line ("Also, when priorities shift ...")."""


def _as_one(threads: list[FeedbackThread]) -> list[FeedbackThread]:
    """The sentences of one line of feedback ("... you rewrote my proposal before I had finished
    presenting. It made it hard to explain the reasoning. I'd prefer comments after I finish.")
    are one piece of feedback: an answer to one of them answers the line, up to a sentence that
    opens a point of its own."""
    rank = {"given": 0, "acknowledged": 1, "settled": 2}
    for t in threads:
        if t.statement.kind != "redirecting" or t.state == "given":
            continue
        line = _line(t.statement)
        for o in threads:
            s = o.statement
            if (
                line
                and rank[o.state] < rank[t.state]
                and s.kind == "redirecting"
                and (s.note.id, s.giver, s.receiver) == (t.statement.note.id, t.statement.giver, t.statement.receiver)
                and _line(s) == line
                and not _NEW_POINT.match(s.behavior)
            ):
                o.state, o.evidence = t.state, t.evidence
    return threads


def _replies(text: str) -> list[str]:
    """What may answer feedback: each sentence, and each short line of two or three sentences
    as a whole ("Freeze window: fair point. I'll be the single decider from now on and will tell
    Priyanka's manager": the topic in one sentence, what is done about it in the next)."""
    out = sentences(text)
    for line in text.splitlines():
        said = sentences(line)
        if 2 <= len(said) <= 3 and len(line.split()) <= 50:
            out.append(" ".join(said))
    return [re.sub(r"^\[[ xX✓✔]\]\s*", "", s) for s in out]  # its words, not its tick


def _answered(snap: Snapshot, s: FeedbackStatement, thread: FeedbackThread) -> None:
    """Feedback answered in its own note with a promise ("Fair point, I'll get them updated by
    the end of March") goes as the promise goes: heard while it is open, settled once done."""
    text = s.note.text
    at = text.find(s.behavior[:40])
    if at < 0:
        return
    after = text[at : at + len(s.behavior) + 200].lower()
    for c in snap.commitments:
        if c.source_note_id != s.note.id or c.owner != s.receiver or c.text.lower()[:25] not in after:
            continue
        note = _kept_in(snap, c)
        said = closing_words(c, s.behavior)
        # closed in the very note that made it, by a line about something else ("my fb to D: the
        # close plan was excellent" after "I'll ask first, every time"): no sign it was acted on
        beside = (
            note is not None
            and note.id == s.note.id
            and not _returns_to(_own_words(s, set())[0] | set(terms(c.text)), said)
        )
        if c.status == "done" and note and not beside:
            thread.state, thread.evidence = "settled", (said or c.text, note)
        elif c.recurring and c.status == "open":
            # a standing change ("I'll keep Thursday 2pm fixed from now on") is in place from that
            # day, as "from now on" in a later note is
            thread.state, thread.evidence = "settled", (c.text, s.note)
        elif thread.state == "given":
            thread.state, thread.evidence = "acknowledged", (c.text, s.note)


def closing_words(c, about: str = "") -> str:
    """The words of the note that closed a commitment that are about it: the done report, or,
    where that shares no word with the promise (or ``about``), the note's line the ledger tied
    to it there ("stand-ups: 20 min cap holding", not "CSAT 4.35 this month, above target")."""
    done = next((e for e in c.evidence if e.kind == "done"), None)
    if done is None:
        return ""
    words = set(terms(f"{c.text} {about}")) - GENERIC
    said = [e.text for e in c.evidence if e.note_id == done.note_id and e.text.strip()]
    return next((t for t in said if words & set(terms(t))), done.text)


def closed_with_anothers(snap: Snapshot, c) -> bool:
    """The report that closed the promise also closed one of the other member's ("Design doc
    examples: sent", the manager's, closing the employee's "try the template" too): whose act
    it reports is unclear, so it is no evidence to thank this member for."""
    said = closing_words(c)
    return bool(said) and any(
        o.owner not in (c.owner, None)
        and o.status == "done"
        and o.followup_note_id == c.followup_note_id
        and closing_words(o) == said
        for o in snap.commitments
    )


def partly_done(snap: Snapshot, c) -> bool:
    """The line that reports the promise kept goes on to say part of it is not ("Vendor quotes:
    got one. Second vendor hasn't replied, chasing." for quotes from two vendors): no thanks for
    following through yet."""
    said, note = closing_words(c), snap.note(c.followup_note_id or "")
    line = next((ln for ln in note.text.splitlines() if said and said.rstrip(".") in ln), "") if note else ""
    rest = line[line.find(said.rstrip(".")) + len(said.rstrip(".")) :] if line else ""
    return bool(STRONG_NOT_DONE.search(rest) or re.search(r"\b(?:chasing|waiting|still\s+to)\b", rest, re.I))
