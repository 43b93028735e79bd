"""Matches -> matches re-ranked by shared figures: a statement that states one of the sentence's amounts or full
dates is more likely the statement of the same fact.

Embeddings place "249 million malaria cases in 2022" and "247 million in 2021"
within hundredths of each other, and a translation a few hundredths below a
same-language paraphrase; a figure both texts state (read by
:mod:`claimcheck.quantities`, like with like, in any script) is evidence the
cosine does not show. Each candidate among the ranking's best
:data:`RERANK_DEPTH` that shares at least one strong value (an amount, or a
date given to the day on both sides) gains :data:`VALUE_WEIGHT` on its
retrieval score; ``score`` stays the plain cosine.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from .index import Match
from .quantities import Facts, compare, strong

VALUE_WEIGHT = 0.03
"""Added to the retrieval score of a candidate that shares a strong value with the sentence.

Tuned on train and tune data (benchmarks/tune_ranking.py --values), by the mean over every task of hybrid
retrieval: 0.810 with no weight, 0.817 at 0.03 (0.8165 at 0.04). Cross-lingual tune top-1 0.871 -> 0.917,
debates train MAP@5 0.562 -> 0.567, CLEF-2020 train 0.813 -> 0.812, claim normalization train Success@1
0.706 -> 0.697 (posts full of numbers), Tatoeba unchanged."""

RERANK_DEPTH = 20
"""How many of the ranking's best candidates are re-ranked."""


def shares_value(sentence: Facts, statement: Facts) -> bool:
    """Whether the statement states one of the sentence's amounts or full dates (like with like)."""
    return any(c.agrees and strong(c) for c in compare(sentence, statement))


def rerank_by_values(found: Sequence[Sequence[Match]], texts: Sequence[str], k: int, *,
                     languages: Sequence[str | None] | None = None,
                     weight: float = VALUE_WEIGHT) -> list[list[Match]]:
    """Each text's matches with ``weight`` added to the retrieval score of those sharing a value, best ``k`` first.

    Ranks are renumbered; ties keep the ranking's order.
    """
    out = []
    for i, (matches, text) in enumerate(zip(found, texts)):
        if not weight or not matches:
            out.append([attrs.evolve(m, rank=r) for r, m in enumerate(list(matches)[:k], start=1)])
            continue
        mine = Facts.of(text, language=languages[i] if languages is not None else None)
        scored = []
        for position, m in enumerate(matches):
            base = m.retrieval_score if m.retrieval_score is not None else m.score
            bonus = weight if (mine.quantities or mine.dates) and shares_value(
                mine, Facts.of(m.statement.text, language=m.statement.lang)) else 0.0
            scored.append((-(base + bonus), position, m, base + bonus))
        scored.sort(key=lambda x: (x[0], x[1]))
        out.append([attrs.evolve(m, rank=r, retrieval_score=float(value))
                    for r, (_, _, m, value) in enumerate(scored[:k], start=1)])
    return out
