"""Index building on Ray: the statements encoded in shards by actors in parallel, then one index.

Encoding is what grows with a corpus (about 140 statements/s per 2-core machine with torch, 260 with the
int8 ONNX default: ``benchmarks/bench_core.py``). :func:`encode_on_ray` spreads it over a Ray cluster with Ray Data:
the texts become a dataset of shards whose ``map_batches`` runs on ``actors`` actors of one CPU each, every
actor loading the model once; the driver gathers the vectors in order and builds one index from them
(:func:`build_on_ray`). Ray's own mechanisms restart a dead actor and retry its shard, and spill the object
store to disk; nothing here retries by hand. ``pip install 'claimcheck-nlp[ray]'``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._errors import ClaimcheckError, InputError


class _Encode:
    """The Ray Data callable class: one encoder per actor, loaded once."""

    def __init__(self, spec: dict[str, Any], batch_size: int):
        if "object" in spec:
            self.encoder = spec["object"]
        else:
            from .encoder import load_encoder

            self.encoder = load_encoder(spec["model"], onnx_build=spec.get("onnx_build"))
        self.batch_size = batch_size

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        vectors = self.encoder.encode([str(t) for t in batch["text"]], batch_size=self.batch_size)
        return {"row": np.asarray(batch["row"], dtype=np.int64), "vector": np.asarray(vectors, dtype=np.float32)}


def encode_on_ray(texts: Sequence[str], encoder: Any, *, actors: int = 2, address: str | None = None,
                  shard: int = 512, batch_size: int = 32) -> np.ndarray:
    """The vectors of ``texts`` (row *i* for text *i*), encoded by ``actors`` Ray actors in shards of ``shard``.

    ``address``: a cluster to join (default: the one this process is connected to, else ``RAY_ADDRESS``, else a
    new local cluster, shut down at the end). ``encoder`` is what the driver would use; a claimcheck model is
    loaded by name on each actor.
    """
    if actors < 1 or shard < 1:
        raise InputError(f"actors and shard size must be at least 1, got {actors} and {shard}")
    from .batch import _encoder_spec, ray_session

    with ray_session(address) as ray:
        if not texts:
            return np.zeros((0, encoder.dimension), dtype=np.float32)
        blocks = -(-len(texts) // shard)
        dataset = ray.data.from_items([{"row": i, "text": t} for i, t in enumerate(texts)], override_num_blocks=blocks)
        encoded = dataset.map_batches(_Encode, fn_constructor_kwargs={"spec": _encoder_spec(encoder),
                                                                      "batch_size": batch_size},
                                      batch_size=shard, batch_format="numpy",
                                      compute=ray.data.ActorPoolStrategy(size=actors), num_cpus=1)
        out = np.zeros((len(texts), encoder.dimension), dtype=np.float32)
        seen = np.zeros(len(texts), dtype=bool)
        for batch in encoded.iter_batches(batch_size=None, batch_format="numpy"):
            rows = np.asarray(batch["row"], dtype=np.int64)
            out[rows] = np.stack(batch["vector"]) if batch["vector"].dtype == object else batch["vector"]
            seen[rows] = True
    if not seen.all():
        raise ClaimcheckError(f"{int((~seen).sum())} statement(s) came back from no Ray actor (see the Ray logs)")
    return out


def build_on_ray(statements: Sequence[Any], encoder: Any, *, index_type: str = "auto", actors: int = 2,
                 address: str | None = None, shard: int = 512, batch_size: int = 32) -> Any:
    """A :class:`~claimcheck.StatementIndex` of ``statements`` whose vectors Ray actors computed in parallel."""
    from .index import ModelInfo, StatementIndex
    from .text import strip_links

    from . import ann

    index = StatementIndex.empty(ModelInfo.of(encoder), index_type, len(statements))
    ann.check_trainable(index._faiss, len(statements), index.spec.factory)  # before anything is encoded
    vectors = encode_on_ray([strip_links(s.text) for s in statements], encoder, actors=actors, address=address,
                            shard=shard, batch_size=batch_size)
    index.add_vectors(statements, vectors)
    return index
