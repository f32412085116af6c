"""The bundled MiniLM on onnxruntime gives sentence-transformers' vectors, offline."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.errors import InvalidInput
from assistant.retrieval.embeddings import HashingEmbedder, make_embedder
from assistant.retrieval.index import chunk_text

TEXTS = [
    "Eli will draft the on-call handbook by August 14.",
    "Feedback for Dana: the staging credentials issue is still unresolved.",
    "",
    "Ünïcödé and emoji 🚀 survive tokenisation.",
    " ".join(["word"] * 400),  # longer than the 256 word-piece window
]


def test_minilm_matches_sentence_transformers(minilm):
    st = pytest.importorskip("sentence_transformers")
    from assistant.retrieval.minilm import model_dir

    reference = st.SentenceTransformer(str(model_dir()), device="cpu").encode(TEXTS, normalize_embeddings=True)
    ours = minilm.encode(TEXTS)
    assert ours.shape == (len(TEXTS), 384)
    cosines = (ours * reference).sum(axis=1)
    assert cosines.min() > 0.9999


def test_vectors_are_unit_length_and_order_preserving(minilm):
    texts = ["short", "a much longer sentence about quarterly planning and hiring", "mid length text here"]
    together = minilm.encode(texts)
    one_by_one = np.stack([minilm.encode([t])[0] for t in texts])
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.allclose(together, one_by_one, atol=1e-5)  # batching and padding change nothing


def test_similar_meaning_is_closer(minilm):
    a, b, c = minilm.encode(
        ["Who covers the pager this weekend?", "The on-call rotation for Saturday and Sunday", "Quarterly revenue grew"]
    )
    assert a @ b > a @ c + 0.2


def test_chunks_fit_the_model_window(minilm):
    long_note = " ".join(f"Point {i}: the migration of service {i} needs an owner and a date." for i in range(80))
    chunks = chunk_text(long_note, 60, 15)
    assert len(chunks) > 5
    assert max(minilm.token_count(c.text) for c in chunks) <= 256
    assert chunks[-1].text.endswith("a date.")  # the tail is indexed, not truncated away
    words = long_note.split()
    covered = " ".join(c.text for c in chunks).split()
    assert set(words) <= set(covered)


def test_chunk_text_edge_cases():
    assert [c.text for c in chunk_text("", 60, 15)] == [""]
    assert [c.text for c in chunk_text("one two", 60, 15)] == ["one two"]
    chunks = chunk_text(" ".join(str(i) for i in range(100)), 60, 15)
    assert [c.text.split()[0] for c in chunks] == ["0", "45"]


def test_hashing_embedder_is_deterministic():
    a = HashingEmbedder().encode(["on-call handbook"])
    b = HashingEmbedder().encode(["on-call handbook"])
    assert np.array_equal(a, b)


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(InvalidInput, match="unknown backend 'nope'"):
        make_embedder("nope")


def test_the_kept_graph_maps_its_weights_and_gives_the_same_vectors_bit_for_bit(minilm, tmp_path):
    """The graph kept in the home (its weights in a file beside it, which onnxruntime maps
    rather than copies) gives the vectors of the graph built in memory, bit for bit, built
    or found; the files of another build are removed, and no half-written file is left."""
    from assistant.retrieval.minilm import MiniLM

    cache = tmp_path / "models"
    cache.mkdir()
    for old in ("minilm-0123456789abcdef.onnx", "minilm-0123456789abcdef.weights"):
        (cache / old).write_bytes(b"another build")
    built = MiniLM(graph_cache=cache)
    found = MiniLM(graph_cache=cache)
    graph, weights = sorted(cache.iterdir())
    assert graph.suffix == ".onnx" and weights.name == graph.with_suffix(".weights").name
    assert "0123456789abcdef" not in graph.name
    assert graph.stat().st_size < 100_000 < 80_000_000 < weights.stat().st_size
    texts = [*TEXTS, "what did they decide about the remote control buttons"]
    reference = minilm.model.encode(texts)
    assert np.array_equal(built.encode(texts), reference)
    assert np.array_equal(found.encode(texts), reference)
