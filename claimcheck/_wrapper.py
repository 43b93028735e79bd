"""The identity half of an encoder that wraps another (kept apart from :mod:`claimcheck.encoder`, which imports
numpy, so that modules defining wrappers, such as :mod:`claimcheck.batch`, stay light to import)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class EncoderWrapper:
    """Base of encoders that encode their own way but are, by identity, the encoder they wrap (``inner``): its
    name, dimension, fingerprint, weights and prompt, so that an index, an adapter or the claim classifier takes
    them for it (the benchmark cache, batch checking's precomputed vectors)."""

    def __init__(self, inner: Any):
        self.inner = inner

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def fingerprint(self) -> str:
        return self.inner.fingerprint

    @property
    def weights_fingerprint(self) -> str:
        """The wrapped encoder's weights (the claim classifier fitted on them applies to either backend)."""
        return getattr(self.inner, "weights_fingerprint", self.inner.fingerprint)

    @property
    def prompt(self) -> str:
        return self.inner.prompt


class RememberingEncoder(EncoderWrapper):
    """An encoder that answers from the vectors it was given or has made (batch checking hands it many articles'
    sentences encoded in one call; a verdict's clause comparison meets the same clause again), encoding with the
    real one only what it does not have. Its identity (name, fingerprint, ...) is the real encoder's."""

    def __init__(self, encoder: Any, vectors: dict[str, Any] | None = None):
        super().__init__(encoder)
        self._vectors = {} if vectors is None else vectors
        self.misses = 0

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: Any = None) -> Any:
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            self.misses += len(missing)
            self._vectors.update(zip(missing, self.inner.encode(missing, batch_size=batch_size)))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts]).astype(np.float32, copy=False)
