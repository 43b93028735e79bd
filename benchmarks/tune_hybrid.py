"""Tune the BM25 weight of hybrid retrieval on **train** splits only.

Hybrid scores a statement as ``cosine + w * BM25 / the query's best BM25``.
This sweeps ``w`` on CLEF-2020 train (MAP@5) and CheckThat! 2025 claim
normalization train, every language (Success@1), and prints each and their
mean, so that ``claimcheck.lexical.BM25_WEIGHT`` can be set from them
(``w = 0`` is dense retrieval). ``--languages hi`` limits the
claim-normalization languages.

Queries go through the shipped query adapter (``--adapter none`` for plain
cosine). That adapter was fitted on CLEF-2020 train, so the weight is chosen
on the mean over the claim-normalization sets alone, which it never saw;
CLEF-2020 train is printed beside them.

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
    parser.add_argument("--adapter", default="default", help="'default', 'none' or an adapter .npz file")
    args = parser.parse_args()
    import claimcheck
    from claimcheck.bench import load_tasks
    from claimcheck.bench import CachedEncoder, build_index
    from claimcheck.evaluation import map_at_k, success_at_k

    encoder = claimcheck.load_encoder(backend="torch")  # what the documented figures were made with
    if args.cache:
        encoder = CachedEncoder(encoder, args.cache)
    weights = [0.0, 0.01, 0.02, 0.025, 0.03, 0.035, 0.04, 0.05, 0.07, 0.1]
    tasks = load_tasks(args.data_dir, "train", ["clef2020_checkthat_task2_en"])
    tasks += [t for t in load_tasks(args.data_dir, "train", ["checkthat2025_claimnorm"])
              if args.languages is None or t.language in args.languages]
    report: dict = {}
    for task in tasks:
        index = build_index(task, encoder)
        vectors = encoder.encode(task.queries)
        row = {}
        for w in weights:
            found = index.search_vectors(vectors, 10, queries=task.queries, retrieval="hybrid", bm25_weight=w,
                                         adapter=None if args.adapter == "none" else args.adapter)
            ranked = [[m.statement.id for m in ms] for ms in found]
            row[str(w)] = {"map@5": round(map_at_k(ranked, task.gold, 5), 4),
                           "success@1": round(success_at_k(ranked, task.gold, 1), 4)}
        report[f"{task.dataset}/{task.language}"] = row
        print(task.dataset, task.language, " ".join(f"w={w}: MAP@5 {v['map@5']:.3f} S@1 {v['success@1']:.3f}"
                                                    for w, v in row.items()))
    tasks_run = dict(report)
    claimnorm = [row for name, row in tasks_run.items() if not name.startswith("clef")]
    report["adapter"] = args.adapter
    report["mean_claimnorm_success@1"] = {
        w: round(sum(row[w]["success@1"] for row in claimnorm) / len(claimnorm), 4) for w in map(str, weights)}
    report["mean_all_primary_metric"] = {
        w: round(sum(row[w]["map@5" if name.startswith("clef") else "success@1"]
                     for name, row in tasks_run.items()) / len(tasks_run), 4) for w in map(str, weights)}
    choose = "mean_claimnorm_success@1" if args.adapter != "none" else "mean_all_primary_metric"
    report["chosen_by"] = choose
    report["best_weight"] = max(report[choose], key=report[choose].get)
    for key in ("mean_claimnorm_success@1", "mean_all_primary_metric"):
        print(key, " ".join(f"w={w}: {v:.4f}" for w, v in report[key].items()))
    print("best weight:", report["best_weight"], "by", choose)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
