"""A deterministic, dependency-free encoder for tests and examples of the plumbing.

:class:`HashingEncoder` maps each lower-cased word to a pseudo-random unit
vector (seeded by a hash of the word) and sums them, so texts that share words
get high cosines. It has nothing of a real model's meaning; use it to test
indexing, saving and searching without loading torch.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from .encoder import ProgressCallback, normalize_rows

_WORD = re.compile(r"[^\s!-/:-@\[-`{-~।॥“”‘’«»]+")


class HashingEncoder:
    """An :class:`~claimcheck.encoder.Encoder` built from word hashes (deterministic across runs)."""

    def __init__(self, dimension: int = 64, name: str = "hashing-encoder", prompt: str = ""):
        self._dimension = dimension
        self._name = name
        self._prompt = prompt
        self.calls = 0

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
    def fingerprint(self) -> str:
        return f"hashing-v1:{self._name}:{self._dimension}"

    def _word_vector(self, word: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(word.encode("utf-8")).digest()[:8], "little")
        return np.random.default_rng(seed).standard_normal(self._dimension).astype(np.float32)

    def encode(self, texts: Sequence[str], *, batch_size: int = 32,
               progress: ProgressCallback | None = None) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in _WORD.findall((self._prompt + text).lower()):
                out[i] += self._word_vector(word)
            if progress is not None:
                progress(1)
        return normalize_rows(out)
