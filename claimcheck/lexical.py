"""Texts -> BM25 (through bm25s), with tokens that keep Indic words whole, and rank fusion.

Tokenization: NFKC, digits of any script as ASCII, case-folded, links
removed, then split on whitespace and Unicode punctuation and symbols. Unlike
a ``\\w+`` regex, this keeps Devanagari and other Indic words whole (their
vowel signs are marks, not word breaks).

:class:`LexicalIndex` wraps ``bm25s.BM25`` (k1 = 1.2, b = 0.75): row *i* is
statement *i*. It saves with bm25s's own pickle-free arrays and JSON, inside
the index folder, under the same manifest and checksums as the vectors.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import regex as re

from ._errors import InputError
from .text import ascii_digits, strip_links

K1 = 1.2
B = 0.75
BM25_WEIGHT = 0.03
"""Weight of the BM25 score in hybrid retrieval: cosine + BM25_WEIGHT * BM25 / the query's best BM25.

Tuned on train splits only (benchmarks/tune_hybrid.py, results/hybrid-tuning*.json), with and
without the query adapter; 0.03 has the best mean of the two sweeps: mean claim-normalization
train Success@1 with the adapter 0.724 (0.725 at 0.05, 0.699 with no BM25), and mean of CLEF-2020
train MAP@5 and claim-normalization Success@1 without it 0.715 (0.715 at 0.035, 0.687 with no BM25).
e5 cosines of related texts differ by hundredths, so a small weight is a real vote."""

_TOKEN = re.compile(r"[^\s\p{P}\p{S}]+")


class Retrieval(str, enum.Enum):
    """How candidates are found: embeddings, BM25, or both fused."""

    dense = "dense"
    bm25 = "bm25"
    hybrid = "hybrid"


def parse_retrieval(value: Retrieval | str) -> Retrieval:
    """``value`` as a :class:`Retrieval`; anything else raises a one-line :class:`InputError`."""
    try:
        return Retrieval(value)
    except ValueError:
        raise InputError(f"retrieval must be one of dense, bm25, hybrid; got {value!r}") from None


DEFAULT_RETRIEVAL = Retrieval.hybrid
"""The retrieval mode ``search`` and ``check`` use unless told otherwise.

Hybrid beats dense and BM25 on CLEF-2020 dev (MAP@5 0.903 against 0.890 and 0.688, with the
query adapter) and on the mean claim-normalization train Success@1 (0.724 against 0.699 and
0.572); across scripts it ranks by cosine alone (benchmarks/README.md)."""


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens, split on whitespace and punctuation only (Indic words stay whole)."""
    text = ascii_digits(unicodedata.normalize("NFKC", strip_links(text))).casefold()
    return _TOKEN.findall(text)


class LexicalIndex:
    """BM25 over statement texts, row *i* for statement *i*."""

    def __init__(self, retriever: object | None, size: int, *, folder: Path | None = None):
        self._retriever = retriever
        self._folder = folder  # a saved BM25 side not read yet: read on first use (``index info`` never needs it)
        self.size = size

    @property
    def _bm25(self) -> object | None:
        if self._folder is not None:
            import bm25s

            from ._errors import IndexFormatError

            try:
                self._retriever = bm25s.BM25.load(str(self._folder), show_progress=False, allow_pickle=False,
                                                  mmap=False)
            except Exception as exc:  # noqa: BLE001 - bm25s raises assorted errors on bad files
                raise IndexFormatError(f"BM25 side cannot be read ({type(exc).__name__})", self._folder) from exc
            self._folder = None
        return self._retriever

    @classmethod
    def build(cls, texts: Sequence[str]) -> LexicalIndex:
        import bm25s

        if not texts:
            return cls(None, 0)
        retriever = bm25s.BM25(k1=K1, b=B)
        # An empty token list would make bm25s drop the document and shift rows; keep a placeholder.
        retriever.index([tokenize(t) or ["\u2205"] for t in texts], show_progress=False)
        return cls(retriever, len(texts))

    def scores(self, query: str) -> np.ndarray:
        """The BM25 score of every row for one query (zeros when it has no word tokens)."""
        tokens = tokenize(query)
        if not tokens or self._bm25 is None:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)  # type: ignore[attr-defined]

    def search(self, queries: Sequence[str], k: int) -> list[list[tuple[int, float]]]:
        """For each query, up to ``k`` (row, BM25 score) pairs with a positive score, best first."""
        k = min(k, self.size)
        if k == 0 or self._bm25 is None:
            return [[] for _ in queries]
        return [top_rows(self.scores(query), k) for query in queries]

    def save(self, folder: Path) -> None:
        if self._bm25 is not None:
            self._bm25.save(str(folder), show_progress=False, allow_pickle=False)  # type: ignore[attr-defined]

    @classmethod
    def load(cls, folder: Path, size: int, *, lazy: bool = False) -> LexicalIndex:
        """The BM25 side saved in ``folder``; ``lazy`` reads it on first use (its files are verified already)."""
        if size == 0:
            return cls(None, 0)
        index = cls(None, size, folder=folder)
        if not lazy:
            index._bm25  # noqa: B018 - read now
        return index


def top_rows(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The ``k`` best (row, score) pairs with a positive score, best first (ties: lower row first)."""
    k = min(k, len(scores))
    if k <= 0:
        return []
    if k < len(scores):
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]  # the k-th largest score
        candidates = np.flatnonzero(scores >= kth)  # every row tied with it too, so ties go to the lower row
    else:
        candidates = np.arange(len(scores))
    top = candidates[np.lexsort((candidates, -scores[candidates]))][:k]
    return [(int(i), float(scores[i])) for i in top if scores[i] > 0]


def combine(cosines: np.ndarray, bm25: np.ndarray, weight: float = BM25_WEIGHT) -> np.ndarray:
    """Hybrid scores of candidates: ``cosine + weight * bm25 / max(bm25)``.

    BM25 is divided by the query's best BM25 score among the candidates, so
    the best lexical match gets ``weight`` on top of its cosine and a statement
    sharing no word gets nothing; if no candidate shares a word, the scores are
    the cosines.
    """
    cosines = np.asarray(cosines, dtype=np.float64)
    bm25 = np.asarray(bm25, dtype=np.float64)
    if cosines.shape != bm25.shape:
        raise ValueError(f"cosines and BM25 scores differ in shape: {cosines.shape} against {bm25.shape}")
    best = float(bm25.max()) if bm25.size else 0.0
    if best <= 0:
        return cosines
    return cosines + weight * np.clip(bm25, 0, None) / best
