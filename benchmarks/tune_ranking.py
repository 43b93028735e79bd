"""Choose the cross-language bonus of the ranking (claimcheck.index.CROSS_LANGUAGE_BONUS) on the tune half.

In an index of several languages, a statement in another language than the
query's gains the bonus in the ranking (its reported cosine is untouched).
This sweeps the bonus for every ranking (dense / hybrid, with and without the
shipped query adapter) on the cross-lingual set's **tune half** only and
reports top-1 (the right statement first) and MRR. Indexes of one language
(every public benchmark: their documents carry no language) rank the same
whatever the bonus, so the tune half alone decides it.

Usage: python benchmarks/tune_ranking.py [--cache .claimcheck-cache/bench] [--out benchmarks/results/ranking-tuning.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BONUSES = (0.0, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.06)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "ranking-tuning.json")
    args = parser.parse_args()
    import numpy as np

    import claimcheck
    from claimcheck.adapter import resolve_adapter
    from claimcheck.bench import CachedEncoder, neutral_order

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_crosslingual import load_set, rank_metrics

    statements, sentences = load_set()
    sentences = [s for s in sentences if s["half"] == "tune"]
    encoder = claimcheck.load_encoder()
    if args.cache is not None:
        encoder = CachedEncoder(encoder, args.cache)
    vectors = np.asarray(encoder.encode([s.text for s in statements]), dtype=np.float32)
    order = neutral_order(statements)
    index = claimcheck.StatementIndex.build([], encoder)
    index.add_vectors([statements[i] for i in order], vectors[order])
    texts = [s["text"] for s in sentences]
    queries = np.asarray(encoder.encode(texts), dtype=np.float32)
    results = {}
    for retrieval in ("dense", "hybrid"):
        for adapter in (None, "default"):
            mapper = resolve_adapter(adapter, index.model.fingerprint) if adapter else None
            for bonus in BONUSES:
                found = index.search_vectors(queries, 10, queries=texts, retrieval=retrieval, adapter=mapper,
                                             cross_language_bonus=bonus)
                rows = [{**s, "ranked": [m.statement.id for m in ms]} for s, ms in zip(sentences, found)]
                key = f"{retrieval}+{adapter or 'none'}+{bonus}"
                results[key] = rank_metrics(rows)
                print(key, results[key], flush=True)
    best = max(results, key=lambda k: (results[k]["top1"], results[k]["mrr"]))
    print(f"best: {best} {results[best]}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"bonuses": BONUSES, "results": results, "best": best}, indent=2) + "\n",
                        encoding="utf-8")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
