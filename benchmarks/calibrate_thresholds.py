"""Calibrate the verdict thresholds (cosines of the default model) on public data.

e5 cosines crowd between 0.7 and 1.0, so a threshold has to be read off data:

- CLEF-2020 CheckThat! Task 2, **train split only**: each tweet against its
  gold verified claim (positive) and against the most similar other claim
  from a pool of the gold claims plus ``--pool`` random claims (negative,
  the hardest one the matcher would confuse it with).
- Tatoeba Hindi-English (cross-lingual): each Hindi sentence against its
  English translation (positive) and the most similar other English sentence
  (negative).

For each set it prints the threshold that maximises F1 between positives and
negatives, and the lowest threshold with precision >= 0.95 (a source "states
the same thing"). ``claimcheck.verdicts`` uses the CLEF figures; the run that
set them is quoted in benchmarks/README.md.

Usage: python benchmarks/calibrate_thresholds.py --data-dir ../shared/datasets
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def read_tsv(path: Path) -> dict[int, str]:
    """First column (an integer id) -> second column, skipping the header."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return {int(r[0]): r[1] for r in rows[1:] if len(r) >= 2 and r[0].strip().isdigit()}


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
            best = {"threshold": float(t), "f1": round(f1, 4), "precision": round(precision, 4),
                    "recall": round(recall, 4)}
        if high_precision is None and precision >= 0.95:
            high_precision = {"threshold": float(t), "precision": round(precision, 4), "recall": round(recall, 4)}
    return {
        "positives": len(pos), "negatives": len(neg),
        "positive_mean": round(float(pos.mean()), 4), "negative_mean": round(float(neg.mean()), 4),
        "best_f1": best, "precision_0.95": high_precision,
    }


def hardest_negatives(queries: np.ndarray, docs: np.ndarray, gold: list[set[int]]) -> tuple[np.ndarray, np.ndarray]:
    scores = queries @ docs.T
    pos, neg = [], []
    for i, g in enumerate(gold):
        row = scores[i].copy()
        pos.append(max(row[j] for j in g))
        row[list(g)] = -1
        neg.append(row.max())
    return np.array(pos), np.array(neg)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--pool", type=int, default=3000, help="random distractor claims added to the CLEF pool")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "thresholds.json")
    args = parser.parse_args()
    import claimcheck

    encoder = claimcheck.load_encoder()
    results = {"model": encoder.name, "prompt": encoder.prompt}

    clef = args.data_dir / "clef2020_checkthat_task2_en"
    if clef.is_dir():
        claims = read_tsv(clef / "verified_claims.docs.tsv")
        tweets = read_tsv(clef / "train" / "tweets.queries.tsv")
        qrels: dict[int, set[int]] = {}
        for line in (clef / "train" / "tweet-vclaim-pairs.qrels").read_text().splitlines():
            parts = line.split()
            if len(parts) == 4 and parts[0].isdigit():
                qrels.setdefault(int(parts[0]), set()).add(int(parts[2]))
        gold_ids = sorted({c for s in qrels.values() for c in s})
        rng = random.Random(0)
        others = rng.sample(sorted(set(claims) - set(gold_ids)), min(args.pool, len(claims) - len(gold_ids)))
        pool = gold_ids + others
        position = {cid: i for i, cid in enumerate(pool)}
        tweet_ids = [t for t in tweets if t in qrels]
        print(f"CLEF train: encoding {len(tweet_ids)} tweets and {len(pool)} claims ...", file=sys.stderr)
        q = encoder.encode([tweets[t] for t in tweet_ids])
        d = encoder.encode([claims[c] for c in pool])
        pos, neg = hardest_negatives(q, d, [{position[c] for c in qrels[t]} for t in tweet_ids])
        results["clef2020_train"] = operating_points(pos, neg)

    tatoeba = args.data_dir / "tatoeba_hin_eng"
    if tatoeba.is_dir():
        hi = (tatoeba / "tatoeba.hin-eng.hin").read_text(encoding="utf-8").splitlines()
        en = (tatoeba / "tatoeba.hin-eng.eng").read_text(encoding="utf-8").splitlines()
        print(f"Tatoeba: encoding {len(hi)} + {len(en)} sentences ...", file=sys.stderr)
        pos, neg = hardest_negatives(encoder.encode(hi), encoder.encode(en), [{i} for i in range(len(hi))])
        results["tatoeba_hin_eng"] = operating_points(pos, neg)

    for name, r in results.items():
        if isinstance(r, dict):
            print(f"{name}: positives mean {r['positive_mean']}, hardest negatives mean {r['negative_mean']}; "
                  f"best F1 {r['best_f1']}; precision>=0.95 {r['precision_0.95']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
