"""FAISS index types: exact search for the corpora most users have, approximate search past a measured size.

An index's type is chosen when it is built (``index build --index-type``,
``StatementIndex.build(..., index_type=...)``) and recorded in its manifest:

- ``flat``: exact inner-product search over every vector (``IndexFlatIP``);
- ``ivf``: an inverted file (``IVF<nlist>,Flat``): k-means cells trained on
  the build's own vectors, ``nlist`` = 4 sqrt(N) (at most N / 39, FAISS's
  minimum of training points per cell), searched in the ``nprobe`` nearest
  cells (default: a quarter of them);
- ``hnsw``: a graph (``HNSW<M>,Flat``, M = 32, efConstruction = 80), searched with ``efSearch`` (default 512);
- ``auto`` (the default): ``flat`` up to :data:`AUTO_EXACT_UP_TO` statements, ``hnsw`` beyond;
- any other string is a FAISS factory string (``"IVF4096,PQ48"``, ``"HNSW16"``), used as given.

The search-time parameters (``nprobe``, ``efSearch``) are stored with the
index and can be changed for one search (``--nprobe``, ``--ef-search``).
Their defaults and :data:`AUTO_EXACT_UP_TO` come from
``benchmarks/bench_scale.py`` (recall@10 against exact search, at 100k and
1M vectors, of which 37k real and the rest generated): see benchmarks/README.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np

from ._errors import InputError

INDEX_TYPES = ("auto", "flat", "ivf", "hnsw")
AUTO_EXACT_UP_TO = 1_000_000
"""``auto`` builds an exact index up to this many statements. Measured (benchmarks/bench_scale.py, 2 cores):
exact search answers 341 queries/s at 1M vectors, and neither approximate type reached recall@10 0.98 there
(IVF 0.979 at 36 q/s, HNSW 0.955 at 438 q/s), so exact stays the default as far as it was measured."""
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
NPROBE_SHARE = 4
"""IVF searches nlist / NPROBE_SHARE cells by default: recall@10 0.979 at 1M vectors, 0.96 at 100k."""
DEFAULT_EF_SEARCH = 512
"""HNSW's default search queue: recall@10 0.955 at 1M vectors (438 q/s), 0.993 at 100k."""

_CLASSES = {"flat": "IndexFlatIP", "ivf": "IndexIVFFlat", "hnsw": "IndexHNSWFlat"}


@attrs.frozen(slots=True)
class IndexSpec:
    """How an index's vectors are searched: its kind, the FAISS factory string, and the search-time parameters."""

    kind: str
    """``flat``, ``ivf``, ``hnsw`` or ``factory``."""
    factory: str
    search: Mapping[str, int] = attrs.field(factory=dict, converter=dict)

    def to_manifest(self) -> dict[str, Any]:
        return {"type": self.kind, "factory": self.factory, "search": dict(self.search)}

    @classmethod
    def from_manifest(cls, entry: Any, faiss_class: str) -> IndexSpec:
        """The spec a manifest declares, checked against the FAISS file's class; ``ValueError`` says what is wrong.

        An index saved before index types existed has no entry: it must then hold an exact ``IndexFlatIP``."""
        if entry is None:
            entry = {"type": "flat", "factory": "Flat", "search": {}}
        if not isinstance(entry, Mapping) or entry.get("type") not in ("flat", "ivf", "hnsw", "factory") \
                or not isinstance(entry.get("factory"), str) or not isinstance(entry.get("search", {}), Mapping):
            raise ValueError(f"the manifest declares an index type this claimcheck does not know: {entry!r}")
        kind, factory, search = entry["type"], entry["factory"], dict(entry.get("search", {}))
        allowed = {"flat": set(), "ivf": {"nprobe"}, "hnsw": {"ef_search"}, "factory": {"nprobe", "ef_search"}}[kind]
        for name, value in search.items():
            if name not in allowed:
                raise ValueError(f"the manifest gives search parameter {name!r}, which a {kind} index does not have")
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"the manifest's search parameter {name!r} should be a positive integer, "
                                 f"found {value!r}")
        prefix = {"flat": "Flat", "ivf": "IVF", "hnsw": "HNSW"}.get(kind)
        if prefix is not None and not (factory == "Flat" if kind == "flat" else factory.startswith(prefix)):
            raise ValueError(f"the manifest declares a {kind} index with factory string {factory!r}")
        expected = _CLASSES.get(kind)
        if expected is not None and faiss_class != expected:
            raise ValueError(f"the manifest declares a {kind} index, the FAISS file holds a {faiss_class}")
        return cls(kind, factory, search)


def resolve(index_type: str | None, count: int) -> IndexSpec:
    """The spec for building an index of ``count`` statements as ``index_type`` asks (see the module docstring)."""
    kind = (index_type or "auto").strip()
    if not kind:
        raise InputError("the index type is empty (expected auto, flat, ivf, hnsw or a FAISS factory string)")
    if kind == "auto":
        kind = "flat" if count <= AUTO_EXACT_UP_TO else "hnsw"
    if kind == "flat":
        return IndexSpec("flat", "Flat")
    if kind == "ivf":
        nlist = max(1, min(int(round(4 * math.sqrt(max(count, 1)))), max(1, count // 39)))
        return IndexSpec("ivf", f"IVF{nlist},Flat", {"nprobe": max(1, nlist // NPROBE_SHARE)})
    if kind == "hnsw":
        return IndexSpec("hnsw", f"HNSW{HNSW_M},Flat", {"ef_search": DEFAULT_EF_SEARCH})
    return IndexSpec("factory", kind)


def create(spec: IndexSpec, dimension: int) -> Any:
    """An empty FAISS index (inner product) for ``spec``; a bad factory string is a one-line InputError."""
    import faiss

    if spec.kind == "flat":
        return faiss.IndexFlatIP(dimension)
    try:
        index = faiss.index_factory(dimension, spec.factory, faiss.METRIC_INNER_PRODUCT)
    except RuntimeError as exc:
        first = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise InputError(f"FAISS cannot build index type {spec.factory!r}: {first}") from None
    if index.metric_type != faiss.METRIC_INNER_PRODUCT:
        raise InputError(f"index type {spec.factory!r} does not search by inner product in FAISS (its scores would "
                         "not be cosines); use flat, ivf, hnsw or another factory string")
    if "IDMap" in spec.factory:
        raise InputError(f"index type {spec.factory!r}: claimcheck numbers rows itself; leave IDMap out")
    if spec.kind == "hnsw":
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    return index


def training_needs(index: Any) -> int:
    """How many vectors an untrained index needs to train on (IVF: one per cell; PQ: 256 per codebook), 0 if none."""
    if index.is_trained:
        return 0
    ivf = _ivf(index)
    need = ivf.nlist if ivf is not None else 1
    if "PQ" in type(index).__name__ or "PQ" in type(getattr(ivf, "quantizer", None)).__name__:
        need = max(need, 256)
    return need


def check_trainable(index: Any, count: int, factory: str) -> None:
    """Refuse, before anything is encoded, a build too small for the index type to train on."""
    need = training_needs(index)
    if count and need > count:
        raise InputError(f"index type {factory!r} needs at least {need} statements to train on, got {count}; "
                         "use flat (or fewer cells)")


LOSSY_TOLERANCE = 0.003
"""Largest 1 - cosine(stored, original) accepted: verdicts read exact cosines of stored vectors (thresholds
differ by 0.01-0.03), so an index that stores vectors lossily (PQ, PCA, most SQ) is refused."""


def check_exact_storage(index: Any, vectors: np.ndarray, factory: str) -> None:
    """Refuse an index type whose stored vectors come back changed (the first vectors it was given, after add)."""
    if exact(index) or not len(vectors):
        return
    rows = np.arange(min(len(vectors), 64), dtype=np.int64) + (index.ntotal - len(vectors))
    try:
        back = index.reconstruct_batch(rows)
    except RuntimeError as exc:
        raise InputError(f"index type {factory!r} cannot give its stored vectors back (claimcheck re-scores with "
                         f"them): {str(exc).strip().splitlines()[-1] if str(exc).strip() else 'RuntimeError'}") from None
    originals = vectors[: len(rows)]
    cosine = (back * originals).sum(1) / np.maximum(np.linalg.norm(back, axis=1), 1e-12)
    if float((1 - cosine).max()) > LOSSY_TOLERANCE:
        raise InputError(f"index type {factory!r} stores vectors lossily (cosine to the original down to "
                         f"{float(cosine.min()):.3f}); claimcheck's scores and verdicts need them exact: use flat, "
                         "ivf, hnsw or a factory string with Flat storage")


def prepare_add(index: Any, vectors: np.ndarray) -> None:
    """Train an untrained index on the first vectors it is given (IVF's cells, PQ's codebooks)."""
    if not index.is_trained:
        import faiss

        ivf = _ivf(index)
        if ivf is not None and vectors.shape[0] < ivf.nlist:
            raise InputError(f"an IVF index of {ivf.nlist} cells needs at least {ivf.nlist} statements to train on, "
                             f"got {vectors.shape[0]}")
        faiss.omp_set_num_threads(faiss.omp_get_max_threads())
        try:
            index.train(vectors)
        except RuntimeError as exc:
            last = str(exc).strip().splitlines()[-1] if str(exc).strip() else "RuntimeError"
            raise InputError(f"FAISS could not train the index on {vectors.shape[0]} vectors: {last}") from None


def _ivf(index: Any) -> Any:
    import faiss

    try:
        return faiss.extract_index_ivf(index)
    except RuntimeError:
        return None


def apply_search_params(index: Any, params: Mapping[str, int | None]) -> None:
    """Set ``nprobe`` / ``ef_search`` on the FAISS index (the ones that do not apply to its type are refused)."""
    for name, value in params.items():
        if value is None:
            continue
        if int(value) < 1:
            raise InputError(f"{name.replace('_', '-')} must be at least 1, got {value}")
        if name == "nprobe":
            ivf = _ivf(index)
            if ivf is None:
                raise InputError("--nprobe applies to IVF indexes only")
            ivf.nprobe = int(value)
        elif name == "ef_search":
            if not hasattr(index, "hnsw"):
                raise InputError("--ef-search applies to HNSW indexes only")
            index.hnsw.efSearch = int(value)
        else:
            raise InputError(f"unknown search parameter {name!r}")


def enable_reconstruction(index: Any) -> None:
    """IVF indexes give back stored vectors by row only with a direct map, kept as rows are added."""
    ivf = _ivf(index)
    if ivf is not None and ivf.direct_map.type == 0:  # NoMap
        ivf.make_direct_map()


def exact(index: Any) -> bool:
    import faiss

    return isinstance(index, faiss.IndexFlat)
