"""Choose the verdict thresholds (claimcheck.verdicts.Thresholds) on tuning data only.

Two verdict sets, each run through the real pipeline of ``check`` once
(matches found once, then judged under every candidate setting):

- the cross-lingual news set, **tune half only** (``benchmarks/data/crosslingual``,
  168 sentences in 11 languages against all 216 statements);
- the verdict pairs (``benchmarks/data/verdict_pairs.jsonl``, 150 claims in five
  languages against the shipped corpus).

The grid covers the same-language and cross-language "related" and "same"
cosines and the margin a shared amount or full date takes off "related". The
setting with the best mean accuracy over the two sets wins (ties: the one
nearest the previous defaults). Writes the grid's top rows and the winner.

Usage: python benchmarks/tune_verdicts.py [--cache .claimcheck-cache/bench] [--out benchmarks/results/verdict-tuning.json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRID = {
    "related": (0.87, 0.88, 0.89, 0.90, 0.91),
    "same": (0.90, 0.91, 0.915, 0.92, 0.93),
    "related_cross_language": (0.84, 0.85, 0.86, 0.87, 0.88, 0.89),
    "same_cross_language": (0.86, 0.87, 0.88, 0.89, 0.90, 0.915),
    "shared_value_margin": (0.0, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08),
}


SWEEPS = {"clause_margin": (None, 0.0, 0.01, 0.02, 0.03, 0.05, 0.08),
          "closer_conflict_margin": (None, 0.0, 0.01, 0.02, 0.03, 0.05, 0.08)}
"""Knobs swept alone, the others at their chosen values (each clause setting re-encodes the clauses it compares)."""


def tuning_sets(encoder, k: int = 3, dense: int = 0) -> tuple[list[tuple], list[tuple]]:
    """The two tuning sets, each claim run once through ``check``'s matching: (cross-lingual tune half, verdict
    pairs) as rows of (claim, its matches, its check-worthiness, its plain-cosine top ``dense``). Pair claims carry
    their gold statement and their topic as the news sentences do."""
    import numpy as np

    import claimcheck
    from claimcheck.adapter import DEFAULT_ADAPTER, resolve_adapter
    from claimcheck.bench import index_documents
    from claimcheck.check import find_matches
    from claimcheck.checkworthy import assess, classifier_for
    from claimcheck.lexical import DEFAULT_RETRIEVAL

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_crosslingual import load_set

    classifier = classifier_for(encoder)

    def prepared(statements, claims):
        index = index_documents(statements, encoder)
        texts = [c["text"] for c in claims]
        queries = np.asarray(encoder.encode(texts), dtype=np.float32)
        mapper = resolve_adapter(DEFAULT_ADAPTER, index.model.fingerprint)
        found = find_matches(index, queries, texts, k, DEFAULT_RETRIEVAL, mapper)
        tops = find_matches(index, queries, texts, dense, "dense", None) if dense else [[] for _ in texts]
        p = classifier.probability(queries) if classifier is not None else [None] * len(texts)
        return [(c, ms, assess(c["text"], None if q is None else float(q),
                               classifier.threshold if classifier else 0.5), top)
                for c, ms, q, top in zip(claims, found, p, tops)]

    statements, sentences = load_set()
    news = prepared(statements, [s for s in sentences if s["half"] == "tune"])
    pairs = [json.loads(line) for line in (ROOT / "benchmarks" / "data" / "verdict_pairs.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    corpus = list(claimcheck.read_corpus(ROOT / "corpora" / "pakistan-us-2023.jsonl"))
    shipped = prepared(corpus, [{**p, "text": p["claim"], "gold": [p["source"]] if p["label"] != "unverified" else [],
                                 "topic": "pairs:" + (p.get("source") or p["id"]).split("-")[0]} for p in pairs])
    return news, shipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "verdict-tuning.json")
    parser.add_argument("-k", type=int, default=3)
    parser.add_argument("--clause", action="store_true",
                        help="sweep Thresholds.clause_margin alone (writes <out>-clause.json)")
    parser.add_argument("--closer", action="store_true",
                        help="sweep Thresholds.closer_conflict_margin alone (writes <out>-closer.json)")
    args = parser.parse_args()
    import claimcheck
    from claimcheck import verdicts
    from claimcheck.bench import CachedEncoder

    encoder = claimcheck.load_encoder(backend="torch")  # what the documented figures were made with
    if args.cache is not None:
        encoder = CachedEncoder(encoder, args.cache)
    news, shipped = tuning_sets(encoder, args.k)

    def rights(rows, thresholds) -> list[bool]:
        """Whether each claim's verdict is the expected one under ``thresholds``."""
        return [verdicts.judge(claim["text"], matches, language=claim["lang"], checkworthiness=cw, encoder=encoder,
                               thresholds=thresholds)[0].label.value == claim["label"] for claim, matches, cw, _ in rows]

    def accuracy(rows, thresholds) -> float:
        return sum(rights(rows, thresholds)) / len(rows)

    if args.clause or args.closer:
        # one margin swept alone with the other knobs at their chosen values
        import attrs

        knob = "clause_margin" if args.clause else "closer_conflict_margin"
        rows = []
        base = None
        for margin in SWEEPS[knob]:
            t = attrs.evolve(verdicts.Thresholds(), **{knob: margin})
            right_news, right_pairs = rights(news, t), rights(shipped, t)
            base = base or (right_news, right_pairs)
            a, b = sum(right_news) / len(news), sum(right_pairs) / len(shipped)
            changed = sum(x != y for x, y in zip(right_news + right_pairs, base[0] + base[1]))
            rows.append({knob: margin, "crosslingual_tune": round(a, 4), "verdict_pairs": round(b, 4),
                         "mean": round((a + b) / 2, 4), "verdicts_changed": changed})
            print(rows[-1], flush=True)
        # the best mean; ties to the setting that changes the fewest verdicts against the knob off
        best = min(rows, key=lambda r: (-r["mean"], r["verdicts_changed"]))
        report = {knob: list(SWEEPS[knob]), "rows": rows, "best": best}
        print(f"best: {best}")
        out = args.out.with_name(args.out.stem + ("-clause.json" if args.clause else "-closer.json"))
        out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"saved {out}")
        return

    previous = verdicts.Thresholds()
    results = []
    keys = list(GRID)
    for values in itertools.product(*GRID.values()):
        setting = dict(zip(keys, values))
        if setting["same"] < setting["related"] or setting["same_cross_language"] < setting["related_cross_language"]:
            continue
        t = verdicts.Thresholds(**setting)
        a, b = accuracy(news, t), accuracy(shipped, t)
        distance = sum(abs(getattr(t, k) - getattr(previous, k)) for k in keys)
        results.append({**setting, "crosslingual_tune": round(a, 4), "verdict_pairs": round(b, 4),
                        "mean": round((a + b) / 2, 4), "_distance": distance})
    results.sort(key=lambda r: (-r["mean"], r["_distance"]))
    for r in results:
        r.pop("_distance")
    base = {k: getattr(previous, k) for k in keys}
    base_row = next(r for r in results if all(r[k] == v for k, v in base.items())) if any(
        all(r[k] == v for k, v in base.items()) for r in results) else None
    report = {"grid": GRID, "settings": len(results), "best": results[0], "previous_defaults": base_row,
              "top": results[:15]}
    print(f"{len(results)} settings; best: {results[0]}")
    print(f"previous defaults: {base_row}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
