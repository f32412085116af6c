"""Keeping model-written text grounded: citations checked, uncited claims removed.

A chat model may rephrase a draft or answer a question, but what it says about the pair
must rest on notes the asker may see. Citations are written ``[n3]`` or ``[n3, n7]``;
playbook documents as ``[playbook:sbi-feedback]``. :func:`ground` drops citations of notes
the asker cannot see (or that do not exist), drops a sentence whose every citation was
dropped, and drops an uncited sentence that states a fact from the notes (it shares
several specific words with them, or a date).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.retrieval.lexical import terms
from assistant.text.sentences import Cut, sentences

__all__ = ["Grounded", "ground"]

CITATION = re.compile(r"\s*\[([^\[\]]+)\]")
DATE_LIKE = re.compile(
    r"\b(?:\d{1,2}/\d{1,2}|\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2})\b",
    re.IGNORECASE,
)


class Grounded:
    def __init__(self, text: str, sources: list[str], playbook: list[str], dropped: int):
        self.text = text
        self.sources = sources
        self.playbook = playbook
        self.dropped = dropped


def ground(
    text: str,
    visible: Iterable[str],
    note_texts: dict[str, str],
    playbook_ids: Iterable[str] = (),
    names: Iterable[str] = (),
) -> Grounded:
    """``note_texts`` maps the asker's visible note ids to their text; ``names`` are words
    (the members' names) that show nothing about whether a sentence is supported."""
    visible = set(visible)
    playbook_ids = set(playbook_ids)
    name_terms = {t for n in names for t in terms(n)}
    facts = set()
    for t in note_texts.values():
        facts |= set(terms(t))
    facts -= name_terms
    kept, sources, playbook, dropped = [], [], [], 0
    for sentence in sentences(text, Cut.ANSWER):
        judged = _judge(sentence, visible, note_texts, playbook_ids, name_terms, facts)
        if judged is None:
            dropped += 1
            continue
        bare, good_notes, good_playbook = judged
        kept.append(bare)
        sources += [n for n in good_notes if n not in sources]
        playbook += [p for p in good_playbook if p not in playbook]
    return Grounded("\n".join(_rejoin(kept)), sources, playbook, dropped)


def _judge(
    sentence: str,
    visible: set[str],
    note_texts: dict[str, str],
    playbook_ids: set[str],
    name_terms: set[str],
    facts: set[str],
) -> tuple[str, list[str], list[str]] | None:
    """One sentence kept (its text with checked citations, its notes, its playbook ids), or None."""
    cited = [c.strip() for m in CITATION.finditer(sentence) for c in m.group(1).split(",")]
    good_notes = [c for c in cited if c in visible]
    good_playbook = [
        c.split(":", 1)[1] for c in cited if c.startswith("playbook:") and c.split(":", 1)[1] in playbook_ids
    ]
    bare = CITATION.sub("", sentence).strip()
    if cited and not good_notes and not good_playbook:
        return None
    if (
        good_notes
        and not good_playbook
        and not _supported(bare, [note_texts.get(n, "") for n in good_notes], name_terms)
    ):
        return None  # cites a real note that says nothing of the sort
    if not cited and _states_a_fact(bare, facts):
        return None
    marks = good_notes + [f"playbook:{p}" for p in good_playbook]
    if marks:
        end = bare[-1] if bare[-1:] in ".!?" else ""
        bare = f"{bare[: len(bare) - len(end)].rstrip()} [{', '.join(marks)}]{end}"
    return bare, good_notes, good_playbook


def _supported(sentence: str, cited: list[str], names: set[str]) -> bool:
    own = set(terms(sentence)) - names
    if len(own) < 2:
        return True
    support = set()
    for text in cited:
        support |= set(terms(text))
    return bool(own & support)


def _states_a_fact(sentence: str, facts: set[str]) -> bool:
    if sentence.rstrip().endswith("?") or len(sentence.split()) < 5:
        return False
    specific = set(terms(sentence)) & facts
    return len(specific) >= 3 or bool(DATE_LIKE.search(sentence))


def _rejoin(sentences: list[str]) -> list[str]:
    """Sentences back into lines: list items and headings stay on their own line."""
    lines: list[str] = []
    for s in sentences:
        if lines and not re.match(r"^(?:[-*#]|\d+[.)])", s) and not re.match(r"^(?:[-*#]|\d+[.)])", lines[-1]):
            lines[-1] = f"{lines[-1]} {s}"
        else:
            lines.append(s)
    return lines
