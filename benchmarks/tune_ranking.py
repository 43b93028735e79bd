"""Choose the cross-language bonus of the ranking (claimcheck.index.CROSS_LANGUAGE_BONUS) on the tune half.

In an index of several languages, a statement in another language than the
query's gains the bonus in the ranking (its reported cosine is untouched).
This sweeps the bonus for every ranking (dense / hybrid, with and without the
shipped query adapter) on the cross-lingual set's **tune half** only and
reports top-1 (the right statement first) and MRR. Indexes of one language
(every public benchmark: their documents carry no language) rank the same
whatever the bonus, so the tune half alone decides it.

``--claimant --data-dir DIR`` also sweeps the claimant bonus
(claimcheck.index.CLAIMANT_BONUS) on the CheckThat! 2021 debates' **train**
split (each sentence's speaker from its transcript against each fact-check's
claimant), dense and hybrid without the adapter; dev is printed beside it
for information only.

``--values --data-dir DIR`` sweeps the weight of the re-ranking by shared
figures (claimcheck.rerank.VALUE_WEIGHT) on every train task (CLEF-2020
train MAP@5, debates train MAP@5, claim normalization train mean Success@1,
Tatoeba both ways) and the cross-lingual tune half (top-1), dense and hybrid
without the adapter, and reports each weight's mean over the six.

Usage: python benchmarks/tune_ranking.py [--cache .claimcheck-cache/bench] [--claimant] [--values]
       [--data-dir ../shared/datasets] [--out benchmarks/results/ranking-tuning.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BONUSES = (0.0, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.06)
CLAIMANT_BONUSES = (0.0, 0.01, 0.02, 0.03, 0.04, 0.05)
VALUE_WEIGHTS = (0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "ranking-tuning.json")
    parser.add_argument("--claimant", action="store_true", help="also sweep the claimant bonus on the debates")
    parser.add_argument("--values", action="store_true", help="sweep the shared-figure weight on every task")
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    args = parser.parse_args()
    import numpy as np

    import claimcheck
    from claimcheck.adapter import resolve_adapter
    from claimcheck.bench import CachedEncoder, index_documents

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_crosslingual import load_set, rank_metrics

    statements, sentences = load_set()
    sentences = [s for s in sentences if s["half"] == "tune"]
    encoder = claimcheck.load_encoder(backend="torch")  # what the documented figures were made with
    if args.cache is not None:
        encoder = CachedEncoder(encoder, args.cache)
    index = index_documents(statements, encoder)
    texts = [s["text"] for s in sentences]
    queries = np.asarray(encoder.encode(texts), dtype=np.float32)
    results = {}
    for retrieval in ("dense", "hybrid"):
        for adapter in (None, "tweets"):
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
    report = {"bonuses": BONUSES, "results": results, "best": best}
    if args.claimant:
        report["claimant"] = claimant_sweep(args.data_dir, encoder)
    if args.values:
        report["values"] = value_sweep(args.data_dir, encoder, index, queries, texts, sentences)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"saved {args.out}")


def value_sweep(data_dir: Path, encoder, cl_index, cl_vectors, cl_texts, cl_sentences) -> dict:
    """Each value weight's score on every train task and the cross-lingual tune half, and their means."""
    import numpy as np

    from claimcheck.bench import _metrics, build_index, load_tasks, query_language
    from claimcheck.rerank import RERANK_DEPTH, rerank_by_values
    from bench_crosslingual import rank_metrics

    scores: dict[str, dict[str, list[float]]] = {}  # "mode/weight" -> task group -> scores

    def record(mode: str, group: str, weight: float, value: float) -> None:
        scores.setdefault(f"{mode}/{weight}", {}).setdefault(group, []).append(value)

    metric = {"clef2020_checkthat_task2_en": "map@5", "checkthat2021_2b_debates": "map@5",
              "checkthat2025_claimnorm": "success@1", "tatoeba_hin_eng": "accuracy"}
    tasks = load_tasks(data_dir, "train", list(metric))
    for task in tasks:
        index = build_index(task, encoder)
        vectors = np.asarray(encoder.encode(task.queries), dtype=np.float32)
        languages = [query_language(task)] * len(task.queries)
        group = task.dataset if task.dataset != "tatoeba_hin_eng" else f"tatoeba {task.language}"
        for mode in ("dense", "hybrid"):
            found = index.search_vectors(vectors, RERANK_DEPTH, queries=task.queries, retrieval=mode, adapter=None,
                                         speakers=task.speakers, languages=languages)
            for weight in VALUE_WEIGHTS:
                ranked = rerank_by_values(found, task.queries, 10, languages=languages, weight=weight)
                value = _metrics([metric[task.dataset]], [[m.statement.id for m in ms] for ms in ranked],
                                 task.gold)[metric[task.dataset]]
                record(mode, group, weight, value)
            print(f"{task.dataset}/{task.language}/{mode}: " + ", ".join(
                f"{w} {scores[f'{mode}/{w}'][group][-1]:.4f}" for w in VALUE_WEIGHTS), flush=True)
    for mode in ("dense", "hybrid"):
        found = cl_index.search_vectors(cl_vectors, RERANK_DEPTH, queries=cl_texts, retrieval=mode, adapter=None)
        for weight in VALUE_WEIGHTS:
            ranked = rerank_by_values(found, cl_texts, 10, weight=weight, languages=[s["lang"] for s in cl_sentences])
            rows = [{**s, "ranked": [m.statement.id for m in ms]} for s, ms in zip(cl_sentences, ranked)]
            record(mode, "crosslingual tune top1", weight, rank_metrics(rows)["top1"])
    out = {}
    for key, groups in scores.items():
        per_group = {g: round(float(np.mean(v)), 4) for g, v in groups.items()}
        out[key] = {**per_group, "mean": round(float(np.mean(list(per_group.values()))), 4)}
        print(key, out[key], flush=True)
    return out


def claimant_sweep(data_dir: Path, encoder) -> dict:
    """MAP@5 of the debates for each claimant bonus: train (to choose) and dev (printed only)."""
    import numpy as np

    from claimcheck.bench import _metrics, build_index, load_tasks

    out: dict = {"bonuses": CLAIMANT_BONUSES}
    index = None
    for split in ("train", "dev"):
        (task,) = load_tasks(data_dir, split, ["checkthat2021_2b_debates"])
        index = index or build_index(task, encoder)
        vectors = np.asarray(encoder.encode(task.queries), dtype=np.float32)
        for mode in ("dense", "hybrid"):
            for bonus in CLAIMANT_BONUSES:
                found = index.search_vectors(vectors, 10, queries=task.queries, retrieval=mode, adapter=None,
                                             speakers=task.speakers, claimant_bonus=bonus)
                metrics = _metrics(task.metrics, [[m.statement.id for m in ms] for ms in found], task.gold)
                out[f"{split}/{mode}/{bonus}"] = metrics
                print(f"debates {split} {mode} claimant bonus {bonus}: {metrics}", flush=True)
    return out


if __name__ == "__main__":
    main()
