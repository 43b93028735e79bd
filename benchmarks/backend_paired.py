"""Is the int8 ONNX encoder as accurate as torch fp32? A paired comparison, query by query.

Both backends rank the same queries against the same documents (the
default ranking: hybrid, no adapter, re-ranked by figures, as ``check``
does). For each figure, every query's score under each backend (AP@5,
top-1 hit, right verdict) gives the paired difference; the table shows the
mean difference, its 95 % bootstrap interval (10,000 resamples, seed 0), how
many queries changed (better / worse) and a two-sided sign-flip permutation
p-value (10,000 draws). A difference whose interval holds 0 is within what
re-drawing the queries would move it by.

Covers CLEF-2020 dev and train, the CheckThat! 2021 debates dev and train,
Tatoeba both ways, the cross-lingual set's tune half (top-1 and verdicts)
and the verdict pairs. Vectors come from ``--cache`` when given.

Usage: python benchmarks/backend_paired.py --data-dir ../shared/datasets --cache .claimcheck-cache/bench
       [--build N] [--out benchmarks/results/backend-paired.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--build", type=int, default=None, help="ONNX build (default: the current one)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "backend-paired.json")
    args = parser.parse_args()
    import numpy as np

    import claimcheck
    from claimcheck.bench import CachedEncoder, build_index, index_documents, load_tasks, query_language
    from claimcheck.check import find_matches, rank
    from claimcheck.checkworthy import assess, classifier_for
    from claimcheck.evaluation import average_precision_at_k
    from claimcheck.lexical import DEFAULT_RETRIEVAL, Retrieval
    from claimcheck.rerank import VALUE_WEIGHT
    from claimcheck.sentences import detect_language
    from claimcheck.verdicts import judge

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_crosslingual import load_set

    encoders: dict[str, Any] = {"torch": claimcheck.load_encoder(backend="torch"),
                                "onnx": claimcheck.load_encoder(backend="onnx", onnx_build=args.build)}
    if args.cache is not None:
        encoders = {name: CachedEncoder(e, args.cache) for name, e in encoders.items()}
    per_query: dict[str, dict[str, list[float]]] = {}

    def retrieval(task: Any, encoder: Any, metric: str) -> list[float]:
        index = build_index(task, encoder)
        vectors = encoder.encode(task.queries)
        found = rank(index, vectors, task.queries, 10, Retrieval.hybrid, None,
                     [query_language(task)] * len(task.queries), task.speakers, VALUE_WEIGHT)
        ranked = [[m.statement.id for m in matches] for matches in found]
        if metric == "map@5":
            return [average_precision_at_k(r, g, 5) for r, g in zip(ranked, task.gold)]
        return [float(bool(r) and r[0] in g) for r, g in zip(ranked, task.gold)]

    for split in ("dev", "train"):
        for task in load_tasks(args.data_dir, split, ["clef2020_checkthat_task2_en", "checkthat2021_2b_debates"]):
            name = f"{'CLEF-2020' if task.dataset.startswith('clef') else 'debates'} {split} MAP@5"
            per_query[name] = {b: retrieval(task, e, "map@5") for b, e in encoders.items()}
            print(name, flush=True)
    for task in load_tasks(args.data_dir, "all", ["tatoeba_hin_eng"]):
        name = f"Tatoeba {task.language.replace('hin', 'hi').replace('eng', 'en').replace('-', '->')}"
        per_query[name] = {b: retrieval(task, e, "accuracy") for b, e in encoders.items()}
        print(name, flush=True)

    statements, sentences = load_set()
    tune = [s for s in sentences if s["half"] == "tune"]
    pairs = [json.loads(line) for line in (ROOT / "benchmarks" / "data" / "verdict_pairs.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    corpus = list(claimcheck.read_corpus(ROOT / "corpora" / "pakistan-us-2023.jsonl"))
    for name, documents, claims, given in (
            ("cross-lingual tune", statements, tune, False),
            ("verdict pairs", corpus, [{**p, "text": p["claim"]} for p in pairs], True)):
        for backend, encoder in encoders.items():
            classifier = classifier_for(getattr(encoder, "inner", encoder))
            index = index_documents(documents, encoder)
            texts = [c["text"] for c in claims]
            vectors = np.asarray(encoder.encode(texts), dtype=np.float32)
            languages = [c["lang"] for c in claims] if given else [detect_language(t) for t in texts]
            found = find_matches(index, vectors, texts, 3, DEFAULT_RETRIEVAL, None, None if given else languages)
            probabilities = classifier.probability(vectors)
            right, top1 = [], []
            for claim, matches, p, language in zip(claims, found, probabilities, languages):
                cw = assess(claim["text"], float(p), classifier.threshold)
                verdict, _ = judge(claim["text"], matches, language=language, checkworthiness=cw, encoder=encoder)
                right.append(float(verdict.label.value == claim["label"]))
                if claim.get("gold"):
                    top1.append(float(matches[0].statement.id in claim["gold"]))
            per_query.setdefault(f"{name} verdict accuracy", {})[backend] = right
            if top1:
                per_query.setdefault(f"{name} top-1", {})[backend] = top1
        print(name, flush=True)

    rng = np.random.default_rng(0)
    rows = []
    for name, scores in per_query.items():
        a, b = np.asarray(scores["torch"]), np.asarray(scores["onnx"])
        diff = b - a
        boot = diff[rng.integers(0, len(diff), (10_000, len(diff)))].mean(axis=1)
        low, high = np.percentile(boot, [2.5, 97.5])
        changed = diff[diff != 0]
        if len(changed):
            draws = (changed[None, :] * rng.choice([-1.0, 1.0], (10_000, len(changed)))).sum(axis=1)
            p_value = float((np.abs(draws) >= abs(changed.sum()) - 1e-12).mean())
        else:
            p_value = 1.0
        rows.append({"figure": name, "n": len(a), "torch": round(float(a.mean()), 4),
                     "onnx": round(float(b.mean()), 4), "difference": round(float(diff.mean()), 4),
                     "ci95": [round(float(low), 4), round(float(high), 4)], "changed": int(len(changed)),
                     "better": int((changed > 0).sum()), "worse": int((changed < 0).sum()), "p": round(p_value, 3)})
    onnx = encoders["onnx"]
    report = {"benchmark": "backend-paired", "onnx": getattr(onnx, "inner", onnx).fingerprint, "rows": rows}
    print("| figure | n | torch fp32 | ONNX int8 | difference | 95 % interval | changed (better / worse) | p |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['figure']} | {r['n']} | {r['torch']:.3f} | {r['onnx']:.3f} | {r['difference']:+.3f} | "
              f"{r['ci95'][0]:+.3f} to {r['ci95'][1]:+.3f} | {r['changed']} ({r['better']} / {r['worse']}) | "
              f"{r['p']:.3f} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
