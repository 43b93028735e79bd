"""Index types at scale: flat, IVF and HNSW at 100k and 1M vectors (build time, size, memory, queries/s, recall@10).

Vectors. Every document of every task in ``--data-dir`` (CLEF-2020, the
CheckThat! 2021 debates, claim normalization, Tatoeba: train and dev splits),
encoded by the default model through the benchmark vector cache
(``--cache``, as ``claimcheck bench`` fills it), de-duplicated by text: the
real part. They are far fewer than 100k, so the rest are **generated
fillers**: Gaussian vectors with the real vectors' mean and covariance,
normalised, which no text produced (they are not paraphrases of anything;
they only give the index realistic crowding in the same directions).
Queries: 1,000 real queries of the same tasks (tweets, debate sentences,
posts, Tatoeba sentences), cached the same way.

Each (size, type) case runs in its own process, so its peak RSS (VmHWM)
is its own; it includes the base vectors the case reads (memory-mapped) and
the index it builds. Ground truth is exact search (flat). For IVF, nprobe
goes over a grid and for HNSW efSearch does, and the smallest setting with
recall@10 >= 0.98 is reported as the one to use.

Usage::

    python benchmarks/bench_scale.py --data-dir ../shared/datasets --cache .claimcheck-cache/bench \\
        [--sizes 100000 1000000] [--out benchmarks/results/scale.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
NPROBES = (8, 16, 32, 64, 128, 256, 512, 1024)
EF_SEARCHES = (16, 32, 64, 128, 256, 512)
TARGET_RECALL = 0.98


def cached_vectors(folder: Path, fingerprint: str, prompt: str, texts: list[str], dimension: int) -> np.ndarray | None:
    """The benchmark cache's vectors of ``texts`` (as :class:`claimcheck.bench.CachedEncoder` keys them), or None."""
    digest = hashlib.sha256("\x00".join([fingerprint, prompt, *texts]).encode("utf-8")).hexdigest()
    path = folder / f"{digest[:32]}.npy"
    if not path.is_file():
        return None
    vectors = np.load(path, allow_pickle=False)
    return vectors if vectors.shape == (len(texts), dimension) else None


def real_vectors(data_dir: Path, cache: Path) -> tuple[np.ndarray, np.ndarray, dict]:
    """(documents, queries, what was found): every cached document and query vector of every task."""
    import claimcheck
    from claimcheck.bench import CachedEncoder, load_tasks

    encoder = CachedEncoder(claimcheck.load_encoder(backend="torch"), cache)  # torch: what the documented figures were made with
    docs: dict[str, np.ndarray] = {}
    queries: list[np.ndarray] = []
    found = {"tasks": 0, "tasks_without_cache": []}
    for split in ("train", "dev", "all"):
        try:
            tasks = load_tasks(data_dir, split)
        except Exception:  # noqa: BLE001 - a split a dataset does not have
            continue
        for task in tasks:
            texts = [d.text for d in task.documents]
            vectors = cached_vectors(cache, encoder.fingerprint, encoder.prompt, texts, encoder.dimension)
            q = cached_vectors(cache, encoder.fingerprint, encoder.prompt, task.queries, encoder.dimension)
            if vectors is None:
                found["tasks_without_cache"].append(f"{task.dataset}/{task.language}/{task.split}")
                continue
            found["tasks"] += 1
            for text, vector in zip(texts, vectors):
                docs.setdefault(text, vector)
            if q is not None:
                queries.append(q)
    documents = np.asarray(list(docs.values()), dtype=np.float32)
    query_matrix = np.concatenate(queries).astype(np.float32) if queries else documents[:1000]
    return documents, query_matrix, found


def fillers(real: np.ndarray, count: int, seed: int = 0) -> np.ndarray:
    """``count`` Gaussian vectors with ``real``'s mean and covariance, normalised (generated, not from text)."""
    rng = np.random.default_rng(seed)
    mean = real.mean(0)
    cov = np.cov(real, rowvar=False)
    root = np.linalg.cholesky(cov + 1e-6 * np.eye(cov.shape[0]))
    out = np.empty((count, real.shape[1]), dtype=np.float32)
    for start in range(0, count, 100_000):
        n = min(100_000, count - start)
        block = mean + rng.standard_normal((n, real.shape[1])) @ root.T
        out[start:start + n] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def run_case(base_path: Path, queries_path: Path, truth_path: Path | None, size: int, kind: str) -> dict:
    import faiss

    from claimcheck import ann
    from claimcheck.bench import peak_rss_mb

    base = np.load(base_path, mmap_mode="r")[:size]
    queries = np.load(queries_path)
    spec = ann.resolve(kind, size)
    index = ann.create(spec, base.shape[1])
    started = time.perf_counter()
    if not index.is_trained:
        sample = np.ascontiguousarray(base[np.random.default_rng(0).choice(size, min(size, 100_000), replace=False)])
        index.train(sample)
    for start in range(0, size, 100_000):
        index.add(np.ascontiguousarray(base[start:start + 100_000]))
    build = time.perf_counter() - started
    size_bytes = int(faiss.serialize_index(index).nbytes)
    result = {"size": size, "type": kind, "factory": spec.factory, "build_seconds": round(build, 1),
              "index_mb": round(size_bytes / 1e6, 1), "settings": []}
    truth = np.load(truth_path) if truth_path is not None else None
    grid = {"ivf": [("nprobe", v) for v in NPROBES], "hnsw": [("ef_search", v) for v in EF_SEARCHES]}.get(kind, [(None, None)])
    for name, value in grid:
        if name is not None:
            ann.apply_search_params(index, {name: value})
        index.search(queries[:50], 10)  # warm-up
        started = time.perf_counter()
        _, rows = index.search(queries, 10)
        seconds = time.perf_counter() - started
        recall = (1.0 if truth is None else
                  float(np.mean([len(set(r) & set(t)) / 10 for r, t in zip(rows, truth)])))
        result["settings"].append({"param": name, "value": value, "queries_per_second": round(len(queries) / seconds, 1),
                                   "recall_at_10": round(recall, 4)})
        if kind == "flat":
            np.save(truth_path.with_name(f"truth-{size}.npy") if truth_path else queries_path.with_name(f"truth-{size}.npy"), rows)
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--cache", type=Path, default=ROOT / ".claimcheck-cache" / "bench")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--types", nargs="+", default=["flat", "ivf", "hnsw"])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "scale.json")
    parser.add_argument("--_case", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._case:
        base, queries, truth, size, kind = args._case
        print(json.dumps(run_case(Path(base), Path(queries), None if truth == "-" else Path(truth), int(size), kind)))
        return
    documents, queries, found = real_vectors(args.data_dir, args.cache)
    rng = np.random.default_rng(0)
    queries = queries[rng.choice(len(queries), min(args.queries, len(queries)), replace=False)]
    largest = max(args.sizes)
    print(f"{len(documents)} real document vectors from {found['tasks']} cached tasks; "
          f"{max(0, largest - len(documents))} generated fillers; {len(queries)} real queries", flush=True)
    report = {"benchmark": "scale", "machine": {"cpu_count": os.cpu_count()}, "real_vectors": len(documents),
              "queries": len(queries), "tasks_without_cache": found["tasks_without_cache"],
              "fillers": "Gaussian with the real vectors' mean and covariance, normalised", "results": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        order = rng.permutation(len(documents))
        base = np.concatenate([documents[order], fillers(documents, max(0, largest - len(documents)))])
        np.save(folder / "base.npy", base)
        np.save(folder / "queries.npy", queries)
        del base
        for size in args.sizes:
            for kind in ["flat"] + [t for t in args.types if t != "flat"]:
                truth = "-" if kind == "flat" else str(folder / f"truth-{size}.npy")
                cmd = [sys.executable, __file__, "--_case", str(folder / "base.npy"), str(folder / "queries.npy"),
                       truth, str(size), kind]
                proc = subprocess.run(cmd, capture_output=True, text=True)
                if proc.returncode != 0:
                    raise SystemExit(f"case {size} {kind} failed: {proc.stderr[-800:]}")
                result = json.loads(proc.stdout.strip().splitlines()[-1])
                ok = [s for s in result["settings"] if s["recall_at_10"] >= TARGET_RECALL]
                result["chosen"] = ok[0] if ok else None
                report["results"].append(result)
                best = result["chosen"] or result["settings"][-1]
                print(f"{size:>9} {kind:>5}: build {result['build_seconds']} s, {result['index_mb']} MB, peak RSS "
                      f"{result['peak_rss_mb']:.0f} MB; " + "; ".join(
                          f"{s['param'] or 'exact'}={s['value'] or ''} {s['queries_per_second']:.0f} q/s r@10 "
                          f"{s['recall_at_10']:.3f}" for s in result["settings"]) + f" | chosen {best}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
