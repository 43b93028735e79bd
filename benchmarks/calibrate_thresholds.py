"""Calibrate the verdict thresholds (cosines of the default model) on public data.

e5 cosines crowd between 0.7 and 1.0, so a threshold has to be read off data:

- CLEF-2020 CheckThat! Task 2, **train split only**: each tweet against its
  gold verified claim (positive) and against the most similar other claim of
  all 10,375 (negative: the one the matcher would confuse it with). Claims
  are indexed as in ``claimcheck bench`` (claim text plus fact-check title).
- Tatoeba Hindi-English (cross-lingual): each Hindi sentence against its
  English translation (positive) and the most similar other English sentence
  (negative).

- The project's cross-lingual news set, **tune half only**
  (``benchmarks/data/crosslingual``): each sentence against its gold
  statement (positive) and the most similar other statement of the whole
  set (negative), split by whether the two are in the same language.

For each set it prints the threshold that maximises F1 between positives and
negatives, and the lowest threshold with precision >= 0.95 (a source "states
the same thing"). Same-language thresholds are the mean of the CLEF-2020 and
same-language tune cuts; cross-language ones the mean of the Tatoeba and
cross-language tune cuts. ``claimcheck.verdicts`` takes its thresholds from these;
the run is quoted in benchmarks/README.md.

Usage: python benchmarks/calibrate_thresholds.py --data-dir ../shared/datasets [--cache .claimcheck-cache/bench]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def operating_points(pos: np.ndarray, neg: np.ndarray) -> dict:
    scores = np.concatenate([pos, neg])
    labels = np.concatenate([np.ones(len(pos)), np.zeros(len(neg))])
    best = {"f1": -1.0}
    high_precision = None
    for t in np.unique(np.round(scores, 3)):
        pred = scores >= t
        tp = float((pred & (labels == 1)).sum())
        fp = float((pred & (labels == 0)).sum())
        fn = float((~pred & (labels == 1)).sum())
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if f1 > best["f1"]:
            best = {"threshold": round(float(t), 3), "f1": round(f1, 4), "precision": round(precision, 4),
                    "recall": round(recall, 4)}
        if high_precision is None and precision >= 0.95:
            high_precision = {"threshold": round(float(t), 3), "precision": round(precision, 4),
                              "recall": round(recall, 4)}
    return {
        "positives": len(pos), "negatives": len(neg),
        "positive_mean": round(float(pos.mean()), 4), "negative_mean": round(float(neg.mean()), 4),
        "best_f1": best, "precision_0.95": high_precision,
    }


def pairs(task, encoder) -> tuple[np.ndarray, np.ndarray]:
    """Cosine of each query with its best gold document, and with its most similar other document."""
    docs = encoder.encode([d.text for d in task.documents])
    queries = encoder.encode(task.queries)
    position = {d.id: i for i, d in enumerate(task.documents)}
    scores = queries @ docs.T
    pos, neg = [], []
    for i, gold in enumerate(task.gold):
        rows = [position[g] for g in gold if g in position]
        pos.append(scores[i, rows].max())
        scores[i, rows] = -1
        neg.append(scores[i].max())
    return np.array(pos), np.array(neg)


def crosslingual_pairs(encoder) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(positives, negatives) of the cross-lingual tune half, keyed "same_language" and "cross_language"."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_crosslingual import load_set

    statements, sentences = load_set()
    sentences = [s for s in sentences if s["half"] == "tune"]
    docs = encoder.encode([s.text for s in statements])
    queries = encoder.encode([s["text"] for s in sentences])
    scores = queries @ docs.T
    position = {s.id: i for i, s in enumerate(statements)}
    out: dict[str, tuple[list, list]] = {"same_language": ([], []), "cross_language": ([], [])}
    for i, s in enumerate(sentences):
        rows = [position[g] for g in s["gold"]]
        if rows:
            best = max(rows, key=lambda r: scores[i, r])
            key = "same_language" if statements[best].lang == s["lang"] else "cross_language"
            out[key][0].append(scores[i, best])
        others = scores[i].copy()
        others[rows] = -1
        worst = int(others.argmax())
        key = "same_language" if statements[worst].lang == s["lang"] else "cross_language"
        out[key][1].append(others[worst])
    return {k: (np.array(p), np.array(n)) for k, (p, n) in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--cache", type=Path, default=None, help="vector cache folder (as claimcheck bench --cache)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "thresholds.json")
    args = parser.parse_args()
    import claimcheck
    from claimcheck.bench import CachedEncoder, load_tasks

    encoder = claimcheck.load_encoder(backend="torch")  # what the documented figures were made with
    if args.cache:
        encoder = CachedEncoder(encoder, args.cache)
    results: dict = {"model": encoder.name, "prompt": encoder.prompt}
    clef = load_tasks(args.data_dir, "train", ["clef2020_checkthat_task2_en"])
    tatoeba = [t for t in load_tasks(args.data_dir, "train", ["tatoeba_hin_eng"]) if t.language == "hin-eng"]
    for name, tasks in (("clef2020_train", clef), ("tatoeba_hin_eng", tatoeba)):
        if tasks:
            print(f"{name}: {len(tasks[0].queries)} queries, {len(tasks[0].documents)} documents", file=sys.stderr)
            results[name] = operating_points(*pairs(tasks[0], encoder))
            r = results[name]
            print(f"{name}: positives mean {r['positive_mean']}, hardest negatives mean {r['negative_mean']}; "
                  f"best F1 {r['best_f1']}; precision>=0.95 {r['precision_0.95']}")
    for name, (pos, neg) in crosslingual_pairs(encoder).items():
        results[f"crosslingual_tune_{name}"] = r = operating_points(pos, neg)
        print(f"crosslingual tune {name}: positives mean {r['positive_mean']} (n={r['positives']}), hardest "
              f"negatives mean {r['negative_mean']} (n={r['negatives']}); best F1 {r['best_f1']}; "
              f"precision>=0.95 {r['precision_0.95']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
