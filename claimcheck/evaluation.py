"""Ranked results -> retrieval metrics, as pure functions (checked against hand-computed examples).

Each function takes, per query, the ranked list of retrieved ids and the set
of relevant ids, and returns the mean over queries.

- ``map_at_k``: mean average precision at k (CLEF CheckThat! official:
  AP@k = sum over relevant hits at rank r <= k of precision@r, divided by
  min(number relevant, k)).
- ``success_at_k``: share of queries with a relevant id in the top k.
- ``mrr``: mean reciprocal rank of the first relevant id (0 when none is
  retrieved).
- ``accuracy``: share of queries whose first result is relevant (Tatoeba).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

Ranking = Sequence[Sequence[object]]
Gold = Sequence[Collection[object]]


def _check(ranked: Ranking, gold: Gold) -> None:
    if len(ranked) != len(gold):
        raise ValueError(f"{len(ranked)} rankings for {len(gold)} gold sets")


def average_precision_at_k(ranked: Sequence[object], relevant: Collection[object], k: int) -> float:
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for rank, doc in enumerate(ranked[:k], start=1):
        if doc in relevant:
            hits += 1
            total += hits / rank
    return total / min(len(relevant), k)


def map_at_k(ranked: Ranking, gold: Gold, k: int = 5) -> float:
    _check(ranked, gold)
    return sum(average_precision_at_k(r, g, k) for r, g in zip(ranked, gold)) / len(gold) if gold else 0.0


def success_at_k(ranked: Ranking, gold: Gold, k: int) -> float:
    _check(ranked, gold)
    return sum(any(d in g for d in r[:k]) for r, g in zip(ranked, gold)) / len(gold) if gold else 0.0


def mrr(ranked: Ranking, gold: Gold) -> float:
    _check(ranked, gold)
    total = 0.0
    for r, g in zip(ranked, gold):
        total += next((1.0 / rank for rank, d in enumerate(r, start=1) if d in g), 0.0)
    return total / len(gold) if gold else 0.0


def accuracy(ranked: Ranking, gold: Gold) -> float:
    return success_at_k(ranked, gold, 1)
