"""Embedding backends by name, with LangChain's ``Embeddings`` interface.

- ``minilm`` (default): the bundled all-MiniLM-L6-v2 on onnxruntime, offline, loaded lazily.
- ``sentence-transformers``: the same model through sentence-transformers and torch
  (slow to import; the reference the default is tested against).
- ``fake``: deterministic feature hashing of words, for fast plumbing tests. Texts that share
  words get similar vectors, so ranking tests still mean something.

:class:`Embedder` has LangChain's methods (``embed_documents``, ``embed_query`` and their
async forms) without importing LangChain, whose import costs a command a few hundred ms even
when no chat model is configured; :func:`register_with_langchain` makes every embedder an
``Embeddings`` (a virtual subclass) once LangChain is in use.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.errors import BackendUnavailable, InvalidInput

__all__ = ["Embedder", "HashingEmbedder", "make_embedder", "register_with_langchain"]


def register_with_langchain() -> None:
    """Make every :class:`Embedder` an instance of LangChain's ``Embeddings`` (imports LangChain)."""
    from langchain_core.embeddings import Embeddings

    Embeddings.register(Embedder)


class Embedder:
    """A backend that encodes to unit-length float32 rows; loaded on first use."""

    name = "base"
    dimension = 384

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()
        self._loader: threading.Thread | None = None

    def _load(self):  # pragma: no cover - overridden
        raise NotImplementedError

    def _encode(self, model, texts: list[str]) -> np.ndarray:  # pragma: no cover - overridden
        raise NotImplementedError

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load_quietly(self) -> None:
        try:
            self.model  # noqa: B018 - loading is the point
        except Exception:  # noqa: BLE001 - the caller's own first use reports it
            pass

    def warm_up(self) -> None:
        """Start loading the model in the background, so that it is ready when needed."""
        if self._model is None and self._loader is None:
            self._loader = threading.Thread(target=self._load_quietly, daemon=True)
            self._loader.start()

    def wait(self) -> None:
        """Let a background load finish: a native library torn down mid-load aborts the process."""
        if self._loader is not None:
            self._loader.join()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._encode(self.model, list(texts))

    reads_parts = False
    """Whether :meth:`encode_parts` counts the word pieces of parts of texts."""

    def encode_parts(self, texts: list[str], spans: list[list[tuple[int, int]]]) -> tuple[np.ndarray, list[np.ndarray]]:
        """:meth:`encode`, and for each text, how many of its word pieces lie inside each of
        its ``spans``. Only where :attr:`reads_parts`."""
        raise NotImplementedError

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        import asyncio  # only LangChain's async callers need it

        return await asyncio.to_thread(self.embed_documents, texts)

    async def aembed_query(self, text: str) -> list[float]:
        import asyncio

        return await asyncio.to_thread(self.embed_query, text)

    def token_count(self, text: str) -> int:
        """Word pieces the model reads for this text (an estimate for backends without one)."""
        return int(len(text.split()) * 1.3) + 2


class MiniLMEmbedder(Embedder):
    name = "minilm"

    def __init__(self, graph_cache: Path | None = None) -> None:
        """``graph_cache``: where the built model graph is kept between runs (see minilm.py)."""
        super().__init__()
        self.graph_cache = graph_cache

    def _load(self):
        from assistant.retrieval.minilm import MiniLM

        return MiniLM(graph_cache=self.graph_cache)

    def _encode(self, model, texts):
        return model.encode(texts)

    reads_parts = True

    def encode_parts(self, texts, spans):
        return self.model.encode_spans(list(texts), spans)

    def token_count(self, text: str) -> int:
        return self.model.token_counts([text])[0]


class SentenceTransformersEmbedder(Embedder):
    name = "sentence-transformers"

    def _load(self):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise BackendUnavailable(
                "COACH_EMBEDDINGS=sentence-transformers needs `pip install sentence-transformers torch==2.13.0`"
            ) from exc
        from assistant.retrieval.minilm import model_dir

        return SentenceTransformer(str(model_dir()), device="cpu")

    def _encode(self, model, texts):
        return np.asarray(model.encode(texts, batch_size=16, normalize_embeddings=True), np.float32)


@lru_cache(maxsize=50_000)
def _word_vector(word: str, dimension: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
    return np.random.default_rng(seed).standard_normal(dimension).astype(np.float32)


class HashingEmbedder(Embedder):
    """Deterministic: each word adds a fixed pseudo-random direction."""

    name = "fake"

    def _load(self):
        return self

    def _encode(self, model, texts):
        out = np.zeros((len(texts), self.dimension), np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                out[row] += _word_vector(word, self.dimension)
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else 1 / np.sqrt(self.dimension)
        return out


_BACKENDS: dict[str, Callable[[Path | None], Embedder]] = {
    "minilm": MiniLMEmbedder,
    "sentence-transformers": lambda _cache: SentenceTransformersEmbedder(),
    "fake": lambda _cache: HashingEmbedder(),
}


def make_embedder(name: str, cache: Path | None = None) -> Embedder:
    """The backend ``name``; ``cache``: a folder for what it derives once (a built model graph)."""
    try:
        return _BACKENDS[name](cache)
    except KeyError:
        raise InvalidInput(f"COACH_EMBEDDINGS: unknown backend '{name}' (choose from {', '.join(_BACKENDS)})") from None
