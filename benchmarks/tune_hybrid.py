"""Tune the dense weight of hybrid retrieval on **train** splits only.

Sweeps the weight of the dense ranking in weighted reciprocal rank fusion on
CLEF-2020 train (MAP@5) and CheckThat! 2025 claim normalization train, every
language (Success@1), prints each and their mean, so the default in
``claimcheck.lexical`` can be set from them. ``--languages hi`` limits the
claim-normalization languages.

Usage: python benchmarks/tune_hybrid.py --data-dir ../shared/datasets
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "hybrid-tuning.json")
    parser.add_argument("--cache", type=Path, default=None, help="vector cache folder (as claimcheck bench --cache)")
    parser.add_argument("--languages", nargs="*", default=None, help="claim-normalization languages (default: all)")
    args = parser.parse_args()
    import claimcheck
    from claimcheck.bench import load_tasks
    from claimcheck.evaluation import map_at_k, success_at_k

    from claimcheck.bench import CachedEncoder

    encoder = claimcheck.load_encoder()
    if args.cache:
        encoder = CachedEncoder(encoder, args.cache)
    weights = [0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    tasks = load_tasks(args.data_dir, "train", ["clef2020_checkthat_task2_en"])
    tasks += [t for t in load_tasks(args.data_dir, "train", ["checkthat2025_claimnorm"])
              if args.languages is None or t.language in args.languages]
    report: dict = {}
    for task in tasks:
        index = claimcheck.StatementIndex.build(task.documents, encoder)
        vectors = encoder.encode(task.queries)
        row = {}
        for w in weights:
            found = index.search_vectors(vectors, 10, queries=task.queries, retrieval="hybrid", hybrid_weight=w)
            ranked = [[m.statement.id for m in ms] for ms in found]
            row[str(w)] = {"map@5": round(map_at_k(ranked, task.gold, 5), 4),
                           "success@1": round(success_at_k(ranked, task.gold, 1), 4)}
        report[f"{task.dataset}/{task.language}"] = row
        print(task.dataset, task.language, " ".join(f"w={w}: MAP@5 {v['map@5']:.3f} S@1 {v['success@1']:.3f}"
                                                    for w, v in row.items()))
    primary = {w: [] for w in map(str, weights)}
    for name, row in report.items():
        metric = "map@5" if name.startswith("clef") else "success@1"
        for w, values in row.items():
            primary[w].append(values[metric])
    report["mean_primary_metric"] = {w: round(sum(v) / len(v), 4) for w, v in primary.items()}
    print("mean of CLEF MAP@5 and claim-normalization Success@1:",
          " ".join(f"w={w}: {v:.3f}" for w, v in report["mean_primary_metric"].items()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
