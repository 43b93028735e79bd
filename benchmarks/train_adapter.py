"""Train the query adapter shipped in ``claimcheck/data/`` (see ``claimcheck/adapter.py``).

Data: CLEF-2020 CheckThat! Task 2 **train** split only: 800 tweets, each
paired with its fact-checked claim(s), against all 10,375 verified claims
(claim text + title, as ``claimcheck bench`` indexes them). Dev, Tatoeba and
the claim-normalization sets are never seen in training.

``--select`` first compares settings on train data only and writes
``results/adapter-selection.json``:
- 5-fold cross-validation on CLEF-2020 train (train on 4/5, MAP@5 on the
  held-out fifth; folds by a fixed seed);
- the mean Success@1 over the 11 claim-normalization train sets (posts ->
  normalized claims, languages the adapter never saw), hybrid retrieval,
  with an adapter fitted on all of CLEF-2020 train.

Then it fits the adapter on all of CLEF-2020 train with the settings in
``claimcheck.adapter`` and writes ``claimcheck/data/adapter-multilingual-e5-small.npz``.

``--curve`` (a measurement, not used to choose anything) fits adapters on
random subsets of 25 to 800 train pairs and reports CLEF-2020 dev MAP@5 for
each (``results/adapter-curve.json``): how many pairs a user needs.

Usage: python benchmarks/train_adapter.py --data-dir ../shared/datasets --cache .claimcheck-cache/bench [--select] [--curve]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def pairs(task, index_of):
    queries, gold = [], []
    for i, ids in enumerate(task.gold):
        for gid in sorted(ids):
            if gid in index_of:
                queries.append(i)
                gold.append(index_of[gid])
    return np.asarray(queries), np.asarray(gold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--cache", type=Path, default=None, help="vector cache folder (as claimcheck bench --cache)")
    parser.add_argument("--select", action="store_true", help="compare settings first (slow: ~20 min on 2 CPUs)")
    parser.add_argument("--curve", action="store_true", help="dev MAP@5 of adapters fitted on 25..800 pairs")
    parser.add_argument("--out", type=Path, default=None, help="adapter file (default: the shipped one)")
    args = parser.parse_args()

    import claimcheck
    from claimcheck import adapter as adapters
    from claimcheck.bench import CachedEncoder, build_index, load_tasks
    from claimcheck.encoder import normalize_rows
    from claimcheck.evaluation import map_at_k, success_at_k

    encoder = claimcheck.load_encoder(backend="torch")  # what the documented figures were made with
    if args.cache:
        encoder = CachedEncoder(encoder, args.cache)
    (clef,) = load_tasks(args.data_dir, "train", ["clef2020_checkthat_task2_en"])
    index_of = {s.id: i for i, s in enumerate(clef.documents)}
    doc_vectors = np.asarray(encoder.encode([s.text for s in clef.documents]), dtype=np.float32)
    query_vectors = np.asarray(encoder.encode(clef.queries), dtype=np.float32)
    q_rows, gold_rows = pairs(clef, index_of)
    ids = [s.id for s in clef.documents]

    def clef_map(matrix: np.ndarray, rows: np.ndarray) -> float:
        mapped = normalize_rows(query_vectors[rows] @ matrix)
        top = np.argsort(-(mapped @ doc_vectors.T), axis=1)[:, :5]
        return map_at_k([[ids[j] for j in t] for t in top], [clef.gold[i] for i in rows], 5)

    if args.select:
        claimnorm = load_tasks(args.data_dir, "train", ["checkthat2025_claimnorm"])
        built = [(t, build_index(t, encoder), encoder.encode(t.queries))
                 for t in claimnorm]
        rng = np.random.default_rng(0)
        folds = np.array_split(rng.permutation(len(clef.queries)), 5)
        grid = [{"temperature": 0.02, "regularization": r, "steps": 300} for r in (0.001, 0.01, 0.1)]
        selection = {"identity": {"clef_train_cv_map@5": round(clef_map(np.eye(384, dtype=np.float32),
                                                                         np.arange(len(clef.queries))), 4)}}
        for setting in grid:
            started = time.perf_counter()
            scores = []
            for fold in folds:
                train = np.isin(q_rows, fold, invert=True)
                matrix = adapters.train_adapter(query_vectors[q_rows[train]], doc_vectors, gold_rows[train],
                                                **setting)
                scores.append(clef_map(matrix, fold))
            full = adapters.train_adapter(query_vectors[q_rows], doc_vectors, gold_rows, **setting)
            adapter = adapters.QueryAdapter("candidate", encoder.fingerprint, full)
            s1 = {}
            for task, index, vectors in built:
                found = index.search_vectors(vectors, 1, queries=task.queries, retrieval="hybrid", adapter=adapter)
                s1[task.language] = round(success_at_k([[m.statement.id for m in f] for f in found], task.gold, 1), 4)
            key = json.dumps(setting, sort_keys=True)
            selection[key] = {"clef_train_cv_map@5": round(float(np.mean(scores)), 4),
                              "claimnorm_train_mean_success@1_hybrid": round(float(np.mean(list(s1.values()))), 4),
                              "claimnorm_train_success@1_hybrid": s1,
                              "seconds": round(time.perf_counter() - started, 1)}
            print(key, {k: v for k, v in selection[key].items() if k != "claimnorm_train_success@1_hybrid"},
                  flush=True)
        out = ROOT / "benchmarks" / "results" / "adapter-selection.json"
        out.write_text(json.dumps(selection, indent=2) + "\n")
        print(f"saved {out}")

    if args.curve:
        (dev,) = load_tasks(args.data_dir, "dev", ["clef2020_checkthat_task2_en"])
        dev_vectors = np.asarray(encoder.encode(dev.queries), dtype=np.float32)

        def dev_map(matrix: np.ndarray) -> float:
            top = np.argsort(-(normalize_rows(dev_vectors @ matrix) @ doc_vectors.T), axis=1)[:, :5]
            return round(map_at_k([[ids[j] for j in t] for t in top], dev.gold, 5), 4)

        curve = {"0": dev_map(np.eye(384, dtype=np.float32))}
        order = np.random.default_rng(0).permutation(len(clef.queries))
        for n in (25, 50, 100, 200, 400, len(clef.queries)):
            chosen = np.isin(q_rows, order[:n])
            curve[str(n)] = dev_map(adapters.train_adapter(query_vectors[q_rows[chosen]], doc_vectors,
                                                           gold_rows[chosen]))
            print(f"{n} train tweets: CLEF-2020 dev MAP@5 {curve[str(n)]:.3f} (dense)", flush=True)
        out = ROOT / "benchmarks" / "results" / "adapter-curve.json"
        out.write_text(json.dumps({"metric": "CLEF-2020 dev MAP@5, dense, adapter fitted on n train tweets",
                                   "map@5": curve}, indent=2) + "\n")
        print(f"saved {out}")

    started = time.perf_counter()
    matrix = adapters.train_adapter(query_vectors[q_rows], doc_vectors, gold_rows)
    seconds = time.perf_counter() - started
    meta = {
        "trained_on": "CLEF-2020 CheckThat! Task 2 train (tweets -> verified claim + title)",
        "pairs": int(len(q_rows)), "statements": len(clef.documents),
        "temperature": adapters.TEMPERATURE, "regularization": adapters.REGULARIZATION,
        "steps": adapters.STEPS, "learning_rate": adapters.LEARNING_RATE, "seed": 0,
        "model": encoder.name, "date": dt.date.today().isoformat(), "training_seconds": round(seconds, 1),
        "clef_train_map@5_before": round(clef_map(np.eye(384, dtype=np.float32), np.arange(len(clef.queries))), 4),
        "clef_train_map@5_after": round(clef_map(matrix, np.arange(len(clef.queries))), 4),
    }
    adapter = adapters.QueryAdapter("clef2020-tweets", encoder.fingerprint, matrix, meta)
    path = adapter.save(args.out or adapters.ADAPTER_FILE)
    print(f"saved {path} ({path.stat().st_size / 1e6:.1f} MB) in {seconds:.0f} s; CLEF train MAP@5 "
          f"{meta['clef_train_map@5_before']} -> {meta['clef_train_map@5_after']} (seen data)")


if __name__ == "__main__":
    main()
