"""Verdict accuracy on the project's own claim-source pairs, per label, language and kind.

Each claim of ``benchmarks/data/verdict_pairs.jsonl`` (150 pairs: English,
Hindi, Spanish, German, Bengali; Latin, Devanagari and Bengali scripts) is run
through the real pipeline of ``check``: search the shipped corpus (top 3 of
the default ranking, hybrid with the query adapter, plus the plain-cosine top
3 it left out), then judge.
A supported or contradicted verdict also counts as "evidence right" when the
expected source statement is among its evidence.

Usage: python benchmarks/bench_verdicts.py [--out benchmarks/results/verdicts.json] [-k 3]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=Path, default=ROOT / "benchmarks" / "data" / "verdict_pairs.jsonl")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpora" / "pakistan-us-2023.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "verdicts.json")
    parser.add_argument("-k", type=int, default=3)
    parser.add_argument("--retrieval", default=None, choices=["dense", "bm25", "hybrid"],
                        help="ranking used to find the sources (default: claimcheck's default)")
    parser.add_argument("--errors", action="store_true", help="print every wrong verdict")
    parser.add_argument("--backend", choices=["torch", "onnx"], default="torch", help="how the model runs")
    args = parser.parse_args()
    import claimcheck
    import attrs

    from claimcheck.verdicts import DEFAULT_THRESHOLDS, judge

    pairs = [json.loads(line) for line in args.pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
    encoder = claimcheck.load_encoder(backend=args.backend)
    index = claimcheck.StatementIndex.build(claimcheck.read_corpus(args.corpus), encoder)
    t0 = time.perf_counter()
    from claimcheck.lexical import DEFAULT_RETRIEVAL

    retrieval = args.retrieval or DEFAULT_RETRIEVAL.value
    from claimcheck.check import find_matches

    claims = [p["claim"] for p in pairs]
    found = find_matches(index, encoder.encode(claims), claims, args.k, retrieval)
    rows = []
    for pair, matches in zip(pairs, found):
        verdict, _ = judge(pair["claim"], matches, language=pair["lang"], encoder=encoder)
        rows.append({**pair, "predicted": verdict.label.value, "explanation": verdict.explanation,
                     "evidence": list(verdict.evidence), "best": max(matches, key=lambda m: m.score).statement.id,
                     "best_score": round(max(m.score for m in matches), 4)})
    seconds = time.perf_counter() - t0

    def accuracy(group):
        return round(sum(r["predicted"] == r["label"] for r in group) / len(group), 4) if group else None

    groups: dict[str, dict[str, list]] = {"label": defaultdict(list), "language": defaultdict(list),
                                          "kind": defaultdict(list)}
    for r in rows:
        groups["label"][r["label"]].append(r)
        groups["language"][r["lang"]].append(r)
        groups["kind"][r["kind"]].append(r)
    confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        confusion[r["label"]][r["predicted"]] += 1
    judged = [r for r in rows if r["label"] in ("supported", "contradicted") and r["predicted"] == r["label"]]
    report = {
        "benchmark": "verdicts",
        "model": encoder.name,
        "pairs": len(rows),
        "k": args.k,
        "retrieval": retrieval,
        "thresholds": attrs.asdict(DEFAULT_THRESHOLDS),
        "accuracy": accuracy(rows),
        "per_label": {k: {"n": len(v), "accuracy": accuracy(v)} for k, v in sorted(groups["label"].items())},
        "per_language": {k: {"n": len(v), "accuracy": accuracy(v)} for k, v in sorted(groups["language"].items())},
        "per_kind": {k: {"n": len(v), "accuracy": accuracy(v)} for k, v in sorted(groups["kind"].items())},
        "confusion": {k: dict(v) for k, v in confusion.items()},
        "evidence_right": round(sum(r["source"] in r["evidence"] for r in judged) / len(judged), 4) if judged else None,
        "seconds": round(seconds, 2),
        "rows": rows,
    }
    print(f"verdict accuracy {report['accuracy']:.3f} on {len(rows)} pairs (k={args.k}, {retrieval}; thresholds "
          f"{report['thresholds']})")
    for section in ("per_label", "per_language", "per_kind"):
        print(f"  {section[4:]:>9}: " + ", ".join(f"{k} {v['accuracy']:.3f} (n={v['n']})" for k, v in report[section].items()))
    print(f"  confusion (expected -> predicted): {report['confusion']}")
    print(f"  evidence right on correct supported/contradicted verdicts: {report['evidence_right']}")
    if args.errors:
        for r in rows:
            if r["predicted"] != r["label"]:
                print(f"  x {r['id']}: expected {r['label']}, got {r['predicted']} ({r['best']} {r['best_score']}): "
                      f"{r['explanation'][:160]}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
