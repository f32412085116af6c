"""Does a note answer the question, or only talk about its topic?

A question wants a kind of answer: a number ("how many", "what did the bill come to"), a date
("when", "which week"), a person ("who"), a yes or no ("did Owen send the link?"), or
anything else. A note that shares the question's words but holds no answer of that kind
(the bug bash is mentioned, but not how many bugs it found) does not answer it: then Coach
says the notes don't say, rather than quote a note beside the point.

The check is deliberately about kinds, not wording: an answer must sit in a sentence that
carries the question's own subject (its rarest words), and must not be something the
question already gives (the "14" of "the May 14 bug bash").
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from assistant.commitments.vocabulary import past_forms
from assistant.retrieval.lexical import STOPWORDS, query_terms, terms

__all__ = ["NEAR", "Question", "about", "answers", "done_as_asked", "read_kind"]

NEAR = 0.55
NEAR_PART = 0.4
PART = 0.15
"""A sentence this close to the question in meaning (MiniLM cosine, ``NEAR_PART``) and with
more than ``PART`` of its words is about its subject: "instructor course: booked 18-20 May"
for "my forklift trainer course". Closeness alone is not enough: a shared name makes
"Screenshots: Wren's on it" close to any question about Wren. (``NEAR``: enough alone, for a
question none of whose words the notes use: measured on the dev histories, 0.5 answers two
unanswerable questions, 0.55 none, and finds "drop the survey" for "scrap the questionnaire".)"""

NUMBER_NOUNS = (
    r"rate|cost|costs|price|budget|amount|accuracy|percentage|percent|number|count|total|estimate|size|salary|"
    r"raise|score|headcount|slots?|hours?|fee|bill|spend|savings?|figure|rating"
)
KINDS: list[tuple[str, re.Pattern]] = [
    ("number", re.compile(r"^\s*(?:how\s+(?:many|much|big|long|large|often|far)|what\s+percentage)\b", re.I)),
    (
        "number",
        re.compile(
            rf"^\s*(?:what|which)(?:'s|\s+is|\s+was|\s+are|\s+were)?\s+(?:the\s+|our\s+|my\s+|their\s+)?"
            rf"(?:[\w-]+\s+){{0,3}}?(?:{NUMBER_NOUNS})\b|\bcome\s+to\b|\bestimate\b",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(
            r"^\s*(?:when\b|what\s+(?:date|day|time|week|month)\b|which\s+(?:date|day|week|month)\b|by\s+when\b|"
            r"what(?:'s|\s+is)\s+the\s+(?:new\s+)?(?:date|deadline)\b)",
            re.I,
        ),
    ),
    # "which agency / team / of the partners": a name is the answer, as for "who"
    ("person", re.compile(r"^\s*(?:who\b|whom\b|which\b)", re.I)),
    ("yesno", re.compile(r"^\s*(?:did|has|have|had|was|were|is|are|does|do|will|can)\b", re.I)),
]
MEASURED = re.compile(
    rf"^\s*how\s+(?:many|much)\s+(?:of\s+)?(?:the\s+|our\s+|my\s+)?(?P<what>[\w-]+(?:\s+[\w-]+)?)|"
    rf"\b(?P<what2>{NUMBER_NOUNS})\b",
    re.I,
)
ASKING = frozenset(
    terms(
        "many much ever yet still actually exactly get got make made go went take took come came turn "
        "give gave given ask want need hope expect wish try going planning happen change start begin"
    )
)
"""Words that frame a question rather than name its subject: "is Mia planning to ask for a
raise" is about a raise, and a note where Mia asks for something else is no answer to it."""
COMPARATIVES = frozenset(
    "worse better more less fewer faster slower higher lower bigger smaller longer shorter".split()
)
MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
DATE = re.compile(
    rf"\b(?:(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"(?:next|this|last|end\s+of(?:\s+the)?)\s+(?:week|month|quarter|sprint)|tomorrow|tonight|"
    rf"(?:early|mid|late|end\s+of)[\s-]+(?:{MONTHS})|week\s+of|q[1-4]|h[12]|the\s+\d{{1,2}}(?:st|nd|rd|th))\b",
    re.I,
)
NUMBER = re.compile(
    r"(?:[$€£]\s?\d|\b\d[\d,.]*\s*(?:%|k\b|m\b|ms\b|h\b|hrs?\b|hours?\b|days?\b|weeks?\b)?|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|thousand|half|double|twice|dozen)\b)",
    re.I,
)
TIME = re.compile(r"\b\d{1,2}:\d{1,2}\b")
"""A time of day ("[01:00]", "10:30"), or a one-on-one ("1:1"): not an amount."""
PROPORTION = re.compile(r"^\s*how\s+much\s+of\b", re.I)
"""'How much of the handover is left': a share or a count of anything ("12 of 23 partners")."""
CODE = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z0-9]{1,2})\b")
UNITS = frozenset("hour day week minute month year".split())
CALENDAR = re.compile(rf"^(?:{MONTHS}|(?:mon|tues|wednes|thurs|fri|satur|sun)day)$", re.I)
NEW_DATE = re.compile(r"\b(?:new|revised|updated|moved|later)\s+(?:date|deadline|due\s+date)\b", re.I)
CHANGED = re.compile(
    r"\b(?:moved?|moving|push(?:ed|ing)?|slipp?(?:ed|ing)|postpon\w*|delay\w*|resched\w*|instead|new\s+date|"
    r"now\s+(?:by|due|on|for)|revised|extended|bumped)\b",
    re.I,
)
"""A sentence that changes a date ("moved to the 20th", "now due May 3", "instead of")."""
NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zà-ÿ]+(?:[-'][A-Z]?[a-zà-ÿ]+)?\b")


@dataclass(frozen=True)
class Question:
    text: str
    kind: str
    """number, date, person, yesno or other"""
    subject: frozenset[str]
    """The question's own content terms."""
    given: frozenset[str]
    """Numbers, dates and names the question itself states (not an answer if a note repeats them)."""
    measured: frozenset[str] = frozenset()
    """For a number: what is counted or measured ("bugs", "rate"); an answer names it."""
    proper: frozenset[str] = frozenset()
    """Names known to be names wherever they stand (a sentence may start with one)."""
    members: frozenset[str] = frozenset()
    """The pair's names: no answer to "which agency / team / partner" (they are people)."""
    people: frozenset[str] | None = None
    """Names the notes use for people (lower case); a "who" answer is one of them. None: any name."""
    compounds: frozenset[tuple[str, str]] = frozenset()
    """Pairs of the subject's terms written side by side (modifier, head): "performance review"."""
    other_kind: bool = False
    """The notes use a compound's head but never its modifier (their reviews are of courses and
    ops, not performance): only a sentence close in meaning (``NEAR``) is about the question."""


def read_kind(text: str, ignore: AbstractSet[str] = frozenset()) -> Question:
    """The kind of answer ``text`` asks for, and its subject (minus ``ignore``: names, framing)."""
    kind = next((k for k, p in KINDS if p.search(text)), "other")
    given = {_norm(m.group(0)) for m in NUMBER.finditer(text)} | {_norm(m.group(0)) for m in DATE.finditer(text)}
    given |= {_norm(m.group(0)) for m in NAME.finditer(text)}
    subject = frozenset(set(query_terms(text)) - ignore - ASKING)
    measured: set[str] = set()
    if kind == "number" and not PROPORTION.match(text):
        m = MEASURED.search(text)
        if m:
            measured = {_light(w) for w in _words(m.group("what") or m.group("what2"))}
            measured -= {_light(w) for w in _words(" ".join(ignore))} | COMPARATIVES
    tokens = [terms(w) for w in re.findall(r"[a-z0-9]+", text.lower())]
    pairs = zip(tokens, tokens[1:], strict=False)
    compounds = {(m[0], h[0]) for m, h in pairs if m and h and m[0] in subject and h[0] in subject}
    return Question(text, kind, subject, frozenset(given), frozenset(measured), compounds=frozenset(compounds))


def answers(q: Question, sentence: str, weight: dict[str, float], context: str = "", near: float = 0.0) -> bool:
    """Whether ``sentence`` carries an answer of the kind asked, about the question's subject.

    It must be about the subject: hold at least half of the subject's weight (``weight``:
    term -> importance; the rarest words of the pair's notes weigh most), or say it in other
    words (``near``: the sentence's MiniLM similarity to the question, at least ``NEAR``).
    For a number, date or person, it must also hold one the question does not already give.
    Questions of other kinds need the subject alone.
    """
    if not about(q, sentence, weight, context, near):
        return False
    if not _same_period(q.text, f"{context} {sentence}") or not _same_codes(q.text, sentence):
        return False
    if q.kind == "number":
        if q.measured and not q.measured <= UNITS:
            return _counts(q, sentence)
        return bool(_numbers(sentence, q.given))
    if q.kind == "date":
        if NEW_DATE.search(q.text) and not CHANGED.search(f"{context} {sentence}"):
            return False  # "the new date": only a sentence that moves it holds one
        return any(_norm(m.group(0)) not in q.given for m in DATE.finditer(sentence))
    if q.kind == "person":
        return _names_one(q, sentence)
    return True


GROUP = re.compile(
    r"\b(?P<count>\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|both|several)\s+(?:[a-z-]+\s+)?"
    r"(?P<who>staff|people|engineers?|operators?|trainees?|temps?|contractors?|hires?|interns?|students?|"
    r"graduates?|volunteers?|colleagues?|supervisors?|leads?|agents?|testers?|reviewers?|pickers?|drivers?|"
    r"mentors?|members?)\b",
    re.I,
)
"""A counted group of people ("4 night staff", "two contractors"): an answer to "who" when
the question neither gives the count nor names that group."""


def _names_one(q: Question, sentence: str) -> bool:
    """The sentence names someone (or, for "which", something) the question does not, or (for
    "who") a counted group of people it does not: in the part of it that is about the question."""
    which = q.text.lower().lstrip().startswith("which")
    # "which vendor": not the pair (they are people), nor the question's own word ("Vendor ...")
    taken = q.given | STOPWORDS | (q.members if which else frozenset())
    if not which and any(
        _norm(m.group("count")) not in q.given and not set(terms(m.group(0))) & q.subject
        for clause in _clauses(sentence, q.subject)
        for m in GROUP.finditer(clause)
    ):
        return True
    return any(
        _norm(name) not in taken
        and not (which and set(terms(name)) <= q.subject)
        and not CALENDAR.match(name)
        and (which or q.people is None or _norm(name) in q.people)
        for clause in _clauses(sentence, q.subject)
        for name in _names(q, clause)
    )


def _clauses(sentence: str, subject: frozenset[str]) -> list[str]:
    """The parts of a sentence (cut at ";" and a spaced dash) that carry most of the subject's
    words; the whole sentence when it has one part."""
    parts = [p for p in re.split(r";\s+|\s+[-–—]\s+", sentence) if p.strip()]
    if len(parts) < 2:
        return [sentence]
    # the parts most about it: "goals for Farid: accuracy at night; 4 night staff trained as
    # operators" answers "who is being trained" from its second part, where Farid is not
    shared = [len(subject & set(terms(p))) for p in parts]
    most = max(shared)
    return [p for p, n in zip(parts, shared, strict=True) if n and n == most]


def _names(q: Question, sentence: str) -> list[str]:
    """Capitalised words inside the sentence, and a known name at its start."""
    found = [re.sub(r"['’]s$", "", m.group(0)) for m in NAME.finditer(sentence)]
    first = re.match(r"\s*([A-Z][a-zà-ÿ]+)", sentence)
    if first and first.group(1).lower() in q.proper:
        found.append(first.group(1))
    return found


def _numbers(sentence: str, given: frozenset[str]) -> list[tuple[int, str]]:
    """(start, text) of the numbers in a sentence that are not given, nor part of a date or a
    time of day ("8/14" is a due date and "[01:00]" a timestamp, not an amount)."""
    taken = [m.span() for m in DATE.finditer(sentence)] + [m.span() for m in TIME.finditer(sentence)]
    return [
        (m.start(), m.group(0))
        for m in NUMBER.finditer(sentence)
        if _norm(m.group(0)) not in given and not any(a <= m.start() < b for a, b in taken)
    ]


def about(q: Question, sentence: str, weight: dict[str, float], context: str = "", near: float = 0.0) -> bool:
    """The sentence (read after ``context``, the one before it) carries the question's subject
    in its words: half its weight with the context, a quarter in the sentence itself; or
    a part of it (``PART``) in a sentence close to the question (``near``, at least ``NEAR_PART``)."""
    if not _same_channels(q.text, sentence):
        return False
    if q.other_kind and near < NEAR:
        return False
    words = set(terms(f"{context} {sentence}"))
    own = set(terms(sentence))
    total = sum(weight.get(t, 0.0) for t in q.subject)
    if not total:
        # none of the question's words is one the notes use: asked in other words ("scrap the
        # questionnaire" for "drop the survey"), only closeness in meaning can tell
        return near >= NEAR
    mine = sum(weight.get(t, 0.0) for t in q.subject & own)
    if near >= NEAR_PART and mine > PART * total:
        return True
    if sum(weight.get(t, 0.0) for t in q.subject & words) < 0.5 * total:
        return False
    # else the sentence before it is about the question, and this one about something else
    return mine >= 0.25 * total


def _counts(q: Question, sentence: str) -> bool:
    """A number that counts or measures what was asked: a few words from it ("12 bugs",
    "the rate is $450"), not one about something else in the sentence ("six engineers")."""
    tokens = re.findall(r"\S+", sentence)
    at = [i for i, t in enumerate(tokens) if {_light(w) for w in _words(t)} & q.measured]
    for start, _ in _numbers(sentence, q.given):
        i = len(re.findall(r"\S+", sentence[:start]))
        if any(abs(i - j) <= 3 for j in at):
            return True
    return False


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS]


def _light(word: str) -> str:
    """A plural's singular, and nothing more: the stemmer folds "rating" onto "rate", but a
    question about a rating is not answered by a failure rate."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _months(text: str) -> set[str]:
    return {m.group(1).lower()[:3] for m in re.finditer(rf"\b({MONTHS})\b", text, re.I) if m.group(1) != "may"}


def _same_period(question: str, text: str) -> bool:
    """A question about May is not answered by a sentence about January."""
    asked, said = _months(question), _months(text)
    return not asked or not said or bool(asked & said)


def _same_codes(question: str, sentence: str) -> bool:
    """ "Hall B" is not answered by "Hall A": a code the question names, the sentence names too,
    when it names one of the same series."""
    for m in CODE.finditer(question):
        head, code = m.group(1).lower(), m.group(2).lower()
        said = {c.lower() for h, c in CODE.findall(sentence) if h.lower() == head}
        if said and code not in said:
            return False
    return True


CHANNEL = re.compile(r"(?<![\w#])#([\w-]+)")


def _same_channels(question: str, sentence: str) -> bool:
    """A question about #mobile is not answered by a sentence about #android-chapter: when the
    sentence names a channel, it names one the question does."""
    asked = {c.lower() for c in CHANNEL.findall(question)}
    said = {c.lower() for c in CHANNEL.findall(sentence)}
    return not asked or not said or bool(asked & said)


def _norm(token: str) -> str:
    return " ".join(token.lower().split())


_WORD = re.compile(r"[a-z]+")


def done_as_asked(question: str) -> set[str]:
    """The act the question asks about, said done: its own past form ("did the SPIFF ever get
    announced": "SPIFF announced 4/30"; "did the audit ship": "shipped"), for its words after
    the first (which asks: "did", "has"). A word already in the past counts only after "get",
    "been" ... ("she promised" is what was promised, not the act asked about)."""
    passive = set(re.findall(r"\b(?:get|got|gotten|been|be|was|were)\s+([a-z]+ed)\b", question.lower()))
    words = [w for w in _WORD.findall(question.lower())[1:] if len(w) >= 4 and w not in STOPWORDS]
    return passive | {f for w in words if not w.endswith("ed") for f in past_forms(w)}
