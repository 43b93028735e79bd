"""Train the small check-worthiness model: logistic regression on the default model's sentence vectors.

Data: X-Claim **train** splits (en, hi, pa, ta): each post split into
sentences, a sentence labelled a claim when it overlaps a marked claim span.
The model is L2-regularised logistic regression fitted by Newton's method
(numpy only) on the 384-d multilingual-e5-small vectors that ``check``
computes anyway, so it costs nothing at check time. The decision threshold is
the one that maximises F1 on the train split. Weights are written as JSON
into the package (``claimcheck/data/``), with the fingerprint of the model
they belong to; claimcheck ignores them for any other model.

Usage: python benchmarks/train_checkworthy.py --data-dir ../shared/datasets
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float, iterations: int = 25) -> np.ndarray:
    """Newton's method for L2-regularised logistic regression; the last column of x is the bias."""
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + reg * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def best_f1_threshold(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    best = (0.5, -1.0)
    for t in np.linspace(0.05, 0.95, 91):
        pred = p >= t
        tp = (pred & (y == 1)).sum()
        prec = tp / max(pred.sum(), 1)
        rec = tp / max((y == 1).sum(), 1)
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if f1 > best[1]:
            best = (float(t), float(f1))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--langs", nargs="+", default=["en", "hi", "pa", "ta"])
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args()
    import claimcheck
    from bench_checkworthy import load
    from claimcheck.checkworthy import CLASSIFIER_FILE
    from claimcheck.sentences import split_sentences

    texts, labels = [], []
    for lang in args.langs:
        for text, spans in load(args.data_dir / "xclaim" / f"train-{lang}.csv"):
            for s in split_sentences(text, lang):
                texts.append(s.text)
                labels.append(any(s.start < e and b < s.end for b, e in spans))
    encoder = claimcheck.load_encoder(backend="torch")  # what the documented figures were made with
    print(f"encoding {len(texts)} train sentences ...", file=sys.stderr)
    x = encoder.encode(texts)
    x = np.hstack([x, np.ones((len(x), 1), dtype=np.float32)]).astype(np.float64)
    y = np.array(labels, dtype=np.float64)
    w = fit_logistic(x, y, args.l2)
    p = 1 / (1 + np.exp(-(x @ w)))
    threshold, f1 = best_f1_threshold(p, y)
    print(f"train: {len(y)} sentences, {int(y.sum())} claims; threshold {threshold:.2f}, train F1 {f1:.3f}")
    payload = {
        "model": encoder.name,
        "model_fingerprint": encoder.fingerprint,
        "trained_on": f"X-Claim train ({', '.join(args.langs)}), sentence level",
        "sentences": len(y),
        "l2": args.l2,
        "threshold": round(threshold, 3),
        "train_f1": round(f1, 4),
        "created": dt.date.today().isoformat(),
        "bias": float(w[-1]),
        "weights": [round(float(v), 6) for v in w[:-1]],
    }
    CLASSIFIER_FILE.parent.mkdir(parents=True, exist_ok=True)
    CLASSIFIER_FILE.write_text(json.dumps(payload) + "\n")
    print(f"saved {CLASSIFIER_FILE}")


if __name__ == "__main__":
    main()
