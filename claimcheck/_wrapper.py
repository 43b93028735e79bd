"""The identity half of an encoder that wraps another (kept apart from :mod:`claimcheck.encoder`, which imports
numpy, so that modules defining wrappers, such as :mod:`claimcheck.batch`, stay light to import)."""

from __future__ import annotations

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
