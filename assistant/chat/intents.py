"""What a member's question asks for, read in the context of their conversation.

Intents: ``fact`` (something the notes say), ``commitments``, ``agenda``, ``feedback``,
``plan``, and ``howto`` (coaching advice from the playbook). A short follow-up ("and when
is it due?") is read with the question before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.retrieval.lexical import query_terms, terms

__all__ = ["HOWTO_WORDS", "INTENT_WORDS", "VAGUE_WORDS", "Asked", "intent_of", "read_question"]

INTENTS: list[tuple[str, re.Pattern]] = [
    (
        "howto",
        re.compile(
            r"^(?:how\s+(?:do|can|should|would)\s+(?:I|we|one|you)|what(?:'s|\s+is)\s+(?:a\s+|an\s+|the\s+)?(?:good|best|right)\s+way|"
            r"any\s+(?:tips|advice)|what\s+is\s+(?:sbi|grow|70-20-10)|explain|teach\s+me)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "commitments",
        re.compile(
            r"\b(?:owe[sd]?|promis\w*|commit(?:s|ted|ting|ments?)|follow[- ]?ups?|action\s+items?|overdue|to-?dos?|"
            r"still\s+open|"
            r"waiting\s+on|open\s+items|what\s+(?:do|does|did)\s+\w+\s+(?:still\s+)?(?:need|have)\s+to\s+do)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "agenda",
        re.compile(
            r"\b(?:agenda|bring\s+up|raise\s+with|talk\s+about\s+(?:with|at|in)|prepare\s+for|prep\s+for|"
            r"before\s+(?:our|the|my)\s+next|(?:next|tomorrow's|upcoming)\s+(?:1:1|one-on-one|meeting|check-?in))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "feedback",
        re.compile(
            r"\b(?:feedback|phrase|word\s+it|how\s+(?:do|should)\s+I\s+(?:say|tell|raise|put))\b", re.IGNORECASE
        ),
    ),
    (
        "plan",
        re.compile(
            r"\b(?:development\s+plan|growth\s+plan|career\s+plan|develop(?:ment)?|grow(?:th)?\s+(?:toward|into|as)|"
            r"promotion|get\s+promoted|next\s+level|70-20-10)\b",
            re.IGNORECASE,
        ),
    ),
]
SMALL_TALK = re.compile(
    r"^\s*(?:(?:thanks?(?:\s+you)?|thank\s+you|thx|cheers|ta|great|perfect|cool|nice|ok(?:ay)?|got\s+it|"
    r"hi|hello|hey|good\s+(?:morning|afternoon|evening)|bye|see\s+you|lovely|awesome|brilliant|"
    r"that(?:'s|\s+is)\s+(?:great|helpful|perfect|all))(?:\s+(?:so\s+much|a\s+lot|again|coach|there|"
    r"very\s+much))*[\s!.,:)]*)+$",
    re.IGNORECASE,
)
FACTUAL = re.compile(
    r"^\s*(?:when|who|whom|where|which|why|how\s+(?:many|much|long|often|did|was|were|is|are|has|have)|"
    r"did|has|have|had|was|were|is|are|does|what\s+(?:date|day|time|week|month|rating|happened|was|were|did)|"
    # "what feedback has Ingrid given me?", "what feedback did I get?": what the notes record
    r"what\s+\w+\s+(?:has|have|had|did)\s+(?!I\s+(?:give|say|tell|raise)\b)\w+\s+(?:given|gave|get|got|received|say|said))\b",
    re.IGNORECASE,
)
"""Questions of fact: they want something the notes say, even when they name a plan or a meeting."""
DRAFT_WORDS = re.compile(
    r"\b(?:help\s+me|draft|suggest|what\s+should|how\s+should|how\s+(?:do|can)\s+I|phrase|word\s+it|prepare|prep)\b",
    re.IGNORECASE,
)
FOLLOW_UP = re.compile(r"^(?:and|also|what\s+about|how\s+about|why|when|who|so|then|ok|okay)\b", re.IGNORECASE)
INTENT_WORDS = set(
    terms(
        "what did we decide agree about agreed say said the on for our my next 1:1 one-on-one meeting agenda bring up "
        "feedback phrase help me plan development owe owes owed promise promised commitments follow ups overdue "
        "how do I should can tell give"
    )
)


@dataclass
class Asked:
    """A question in context: the words to search with, and what kind of answer it wants."""

    question: str
    intent: str
    query: str


def intent_of(question: str) -> str:
    if SMALL_TALK.match(question):
        return "smalltalk"
    factual = FACTUAL.match(question) and not DRAFT_WORDS.search(question)
    for name, pattern in INTENTS:
        if factual and name in ("agenda", "feedback", "plan"):
            continue
        if name == "commitments" and re.match(r"^\s*(?:did|has|have|had)\b", question, re.I):
            continue  # "did she finish what she promised?": a question of fact, read against the ledger
        if pattern.search(question):
            if name == "howto" and _about_the_pair(question):
                continue
            return name
    return "fact"


def _about_the_pair(question: str) -> bool:
    """A how-to that names something specific ("how should I raise the missed deadline")."""
    return len(set(query_terms(question)) - INTENT_WORDS - HOWTO_WORDS) >= 3


VAGUE_WORDS = set(
    terms(
        "problem problems issue issues question questions status update updates thing things stuff topic topics "
        "situation idea ideas detail details news progress info information part latest current"
    )
)
HOWTO_WORDS = set(
    terms(
        "give get receive redirecting reinforcing feedback run good one-on-one career conversation agenda manager "
        "employee upward difficult hard tough ask"
    )
)


def read_question(question: str, history: list[tuple[str, str]]) -> Asked:
    """The question as asked, widened with the previous one when it leans on it."""
    previous = [text for role, text in history if role == "user"]
    query = question
    own = set(query_terms(question)) - INTENT_WORDS
    if previous and (FOLLOW_UP.match(question.strip()) or len(own) < 2):
        query = f"{previous[-1]} {question}"
        intent = intent_of(question)
        if intent == "fact":
            intent = intent_of(previous[-1])
        return Asked(question, intent, query)
    return Asked(question, intent_of(question), query)
