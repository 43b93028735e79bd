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

from .quantities import ascii_digits

K1 = 1.2
B = 0.75
RRF_K = 60
"""Reciprocal rank fusion constant: score = sum over rankings of weight / (RRF_K + rank)."""

DENSE_WEIGHT = 0.9
"""Weight of the dense ranking in hybrid fusion (BM25 gets 1 - DENSE_WEIGHT).

Tuned on train splits only (benchmarks/tune_hybrid.py, results/hybrid-tuning.json): over
CLEF-2020 train (MAP@5) and the 11 claim-normalization train languages (Success@1), 0.9 has
the best mean of any fused weight (0.680; 0.4 is best on CLEF alone, 0.818)."""

_LINK = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_TOKEN = re.compile(r"[^\s\p{P}\p{S}]+")


class Retrieval(str, enum.Enum):
    """How candidates are found: embeddings, BM25, or both fused."""

    dense = "dense"
    bm25 = "bm25"
    hybrid = "hybrid"


DEFAULT_RETRIEVAL = Retrieval.dense
"""The retrieval mode ``search`` and ``check`` use unless told otherwise.

Dense has the best mean over every train task (0.687, against 0.680 for the best hybrid
weight; benchmarks/README.md): hybrid wins on CLEF-2020 and on Arabic, Portuguese and Malay
claim normalization, and loses on German, Marathi, Punjabi, Polish, Tamil and Thai."""


def strip_links(text: str) -> str:
    """Remove URLs and picture links (tweets): they carry no claim and only add noise and tokens."""
    return " ".join(_LINK.sub(" ", text).split())


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens, split on whitespace and punctuation only (Indic words stay whole)."""
    text = ascii_digits(unicodedata.normalize("NFKC", strip_links(text))).casefold()
    return _TOKEN.findall(text)


class LexicalIndex:
    """BM25 over statement texts, row *i* for statement *i*."""

    def __init__(self, retriever: object | None, size: int):
        self._bm25 = retriever
        self.size = size

    @classmethod
    def build(cls, texts: Sequence[str]) -> LexicalIndex:
        import bm25s

        if not texts:
            return cls(None, 0)
        retriever = bm25s.BM25(k1=K1, b=B)
        # An empty token list would make bm25s drop the document and shift rows; keep a placeholder.
        retriever.index([tokenize(t) or ["\u2205"] for t in texts], show_progress=False)
        return cls(retriever, len(texts))

    def search(self, queries: Sequence[str], k: int) -> list[list[tuple[int, float]]]:
        """For each query, up to ``k`` (row, BM25 score) pairs with a positive score, best first."""
        k = min(k, self.size)
        out: list[list[tuple[int, float]]] = []
        if k == 0 or self._bm25 is None:
            return [[] for _ in queries]
        for query in queries:
            tokens = tokenize(query)
            if not tokens:
                out.append([])
                continue
            scores = np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)  # type: ignore[attr-defined]
            top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
            top = top[np.argsort(-scores[top], kind="stable")]
            out.append([(int(i), float(scores[i])) for i in top if scores[i] > 0])
        return out

    def save(self, folder: Path) -> None:
        if self._bm25 is not None:
            self._bm25.save(str(folder), show_progress=False, allow_pickle=False)  # type: ignore[attr-defined]

    @classmethod
    def load(cls, folder: Path, size: int) -> LexicalIndex:
        import bm25s

        if size == 0:
            return cls(None, 0)
        retriever = bm25s.BM25.load(str(folder), show_progress=False, allow_pickle=False, mmap=False)
        return cls(retriever, size)


def fuse(dense: Sequence[int], lexical: Sequence[int], weight: float = DENSE_WEIGHT) -> list[tuple[int, float]]:
    """Weighted reciprocal rank fusion of two rankings of rows, best first.

    Equal fused scores (ranks 1 and 2 against 2 and 1 at weight 0.5) are
    ordered by the dense rank, then the BM25 rank, never by row number.
    """
    scores: dict[int, float] = {}
    for ranking, w in ((dense, weight), (lexical, 1 - weight)):
        for rank, row in enumerate(ranking, start=1):
            scores[row] = scores.get(row, 0.0) + w / (RRF_K + rank)
    dense_rank = {row: rank for rank, row in enumerate(dense)}
    lexical_rank = {row: rank for rank, row in enumerate(lexical)}
    far = len(dense) + len(lexical)
    return sorted(scores.items(), key=lambda item: (-round(item[1], 12), dense_rank.get(item[0], far),
                                                    lexical_rank.get(item[0], far), item[0]))
