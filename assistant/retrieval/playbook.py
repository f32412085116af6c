"""The coaching playbook: our own guidance in ``knowledge/*.md``, indexed apart from every pair.

Documents carry front matter (``id``, ``title``, ``tags``). Drafts cite them by id in a
``playbook`` field, never among a pair's note sources. The chat answerer searches them
(BM25 over sections, and MiniLM when loaded) to answer coaching how-to questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.retrieval.lexical import BM25

__all__ = ["Playbook", "PlaybookDoc", "knowledge_dir"]


def knowledge_dir() -> Path:
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "knowledge", here / "_data" / "knowledge"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("knowledge/ not found next to the assistant package")


@dataclass(frozen=True)
class PlaybookDoc:
    id: str
    title: str
    tags: tuple[str, ...]
    text: str

    def sections(self) -> list[tuple[str, str]]:
        """(heading, text) pieces: the intro and each list or paragraph block."""
        blocks = [b.strip() for b in re.split(r"\n\s*\n", self.text) if b.strip() and not b.startswith("# ")]
        return [(self.title, b) for b in blocks]


@dataclass(frozen=True)
class PlaybookHit:
    doc: PlaybookDoc
    passage: str
    score: float


@lru_cache(maxsize=4)
def _load(folder: str) -> tuple[PlaybookDoc, ...]:
    import frontmatter

    docs = []
    for path in sorted(Path(folder).glob("*.md")):
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        docs.append(
            PlaybookDoc(
                id=str(post.metadata.get("id", path.stem)),
                title=str(post.metadata.get("title", path.stem)),
                tags=_tags(post.metadata.get("tags")),
                text=post.content.strip(),
            )
        )
    return tuple(docs)


class Playbook:
    def __init__(self, folder: Path | None = None, embed=None):
        self.docs = {d.id: d for d in _load(str(folder or knowledge_dir()))}
        self._passages = [(doc, text) for doc in self.docs.values() for _, text in doc.sections()]
        self._bm25 = BM25(
            [(str(i), f"{doc.title} {' '.join(doc.tags)} {text}") for i, (doc, text) in enumerate(self._passages)]
        )
        self._embed = embed
        self._vectors: np.ndarray | None = None

    def get(self, doc_id: str) -> PlaybookDoc:
        return self.docs[doc_id]

    def search(self, query: str, k: int = 3) -> list[PlaybookHit]:
        """Passages that answer a coaching question, best first (at most one per document)."""
        lexical = self._bm25.scores(query)
        best_lex = max(lexical.values(), default=0.0)
        dense = np.zeros(len(self._passages))
        if self._embed is not None:
            if self._vectors is None:
                self._vectors = self._embed([f"{d.title}. {t}" for d, t in self._passages])
            dense = self._vectors @ self._embed([query])[0]
        scored = []
        for i, (doc, text) in enumerate(self._passages):
            lex = lexical.get(str(i), 0.0) / best_lex if best_lex else 0.0
            scored.append((0.5 * lex + 0.5 * max(0.0, float(dense[i])), doc, text))
        scored.sort(key=lambda x: -x[0])
        out, seen = [], set()
        for score, doc, text in scored:
            if doc.id in seen or score <= 0:
                continue
            seen.add(doc.id)
            out.append(PlaybookHit(doc, text, round(score, 4)))
            if len(out) == k:
                break
        return out


def _tags(value: object) -> tuple[str, ...]:
    """A front matter's tags: a list of words (or one word)."""
    if isinstance(value, str):
        return (value,)
    return tuple(str(t) for t in value) if isinstance(value, list | tuple) else ()
