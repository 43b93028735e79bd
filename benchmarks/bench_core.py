"""Encoding throughput, index build time, search speed and peak memory of claimcheck's core.

Each case runs in a fresh subprocess so that its peak resident memory (VmHWM)
is its own. Cases:

- ``shipped``: the corpus in ``corpora/`` (a few dozen statements);
- ``10k``: 10,000 statements: the first 10,000 CLEF-2020 verified claims
  from ``--data-dir`` when present (real news-claim lengths), else sentences
  made by combining shipped statements.

Usage::

    python benchmarks/bench_core.py [--data-dir ../shared/datasets] [--out benchmarks/results/core.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "pakistan-us-2023.jsonl"


def load_statements(case: str, data_dir: Path | None):
    from claimcheck import Statement, read_corpus

    shipped = read_corpus(CORPUS)
    if case == "shipped":
        return shipped, "corpora/pakistan-us-2023.jsonl"
    claims = data_dir / "clef2020_checkthat_task2_en" / "verified_claims.docs.tsv" if data_dir else None
    if claims and claims.is_file():
        with open(claims, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        texts = [r["vclaim"] for r in rows if (r.get("vclaim") or "").strip()][:10000]
        origin = f"first {len(texts)} CLEF-2020 verified claims"
    else:
        texts = [f"{a.text} {b.text}" for a in shipped for b in shipped][:10000]
        origin = "pairs of shipped statements (no --data-dir)"
    return [Statement(id=str(i), text=t) for i, t in enumerate(texts)], origin


def _flat(dimension: int):
    import faiss

    return faiss.IndexFlatIP(dimension)


def run_case(case: str, data_dir: Path | None, batch_size: int) -> dict:
    import claimcheck
    from claimcheck.bench import peak_rss_mb

    t0 = time.perf_counter()
    encoder = claimcheck.load_encoder()
    load_s = time.perf_counter() - t0
    statements, origin = load_statements(case, data_dir)
    texts = [s.text for s in statements]

    encoder.encode(texts[:batch_size], batch_size=batch_size)  # warm-up: first calls allocate and JIT
    t0 = time.perf_counter()
    vectors = encoder.encode(texts, batch_size=batch_size)
    encode_s = time.perf_counter() - t0

    # An index build is encoding plus adding to FAISS; the encoding was just timed, so add the vectors.
    t0 = time.perf_counter()
    index = claimcheck.StatementIndex(claimcheck.ModelInfo.of(encoder), [], _flat(encoder.dimension))
    index.add_vectors(statements, vectors)
    add_s = time.perf_counter() - t0
    build_s = encode_s + add_s

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        index.save(Path(tmp) / "idx")
        save_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        loaded = claimcheck.StatementIndex.load(Path(tmp) / "idx")
        load_index_s = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in (Path(tmp) / "idx").iterdir())

    queries = vectors[: min(1000, len(vectors))]
    t0 = time.perf_counter()
    loaded.search_vectors(queries, k=10, retrieval="dense", adapter=None)  # the FAISS search alone
    search_s = time.perf_counter() - t0
    return {
        "case": case,
        "statements": len(statements),
        "origin": origin,
        "mean_chars": round(sum(map(len, texts)) / len(texts), 1),
        "batch_size": batch_size,
        "model_load_seconds": round(load_s, 2),
        "encode_seconds": round(encode_s, 2),
        "sentences_per_second": round(len(texts) / encode_s, 1),
        "index_build_seconds": round(build_s, 2),
        "faiss_add_seconds": round(add_s, 4),  # FAISS add plus the BM25 build
        "index_save_seconds": round(save_s, 3),
        "index_load_seconds": round(load_index_s, 3),
        "index_bytes": size,
        "search_queries": len(queries),
        "search_queries_per_second": round(len(queries) / search_s, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "core.json")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--cases", nargs="+", default=["shipped", "10k"], choices=["shipped", "10k"])
    parser.add_argument("--_case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    data_dir = args.data_dir if args.data_dir.is_dir() else None
    if args._case:
        print(json.dumps(run_case(args._case, data_dir, args.batch_size)))
        return
    results = []
    for case in args.cases:
        cmd = [sys.executable, __file__, "--_case", case, "--batch-size", str(args.batch_size)]
        if data_dir:
            cmd += ["--data-dir", str(data_dir)]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        r = results[-1]
        print(f"{r['case']:>8}: {r['statements']:>6} statements ({r['origin']}, mean {r['mean_chars']} chars) | "
              f"encode {r['sentences_per_second']:.1f} sent/s | build {r['index_build_seconds']:.1f} s | "
              f"search {r['search_queries_per_second']:.0f} q/s | peak RSS {r['peak_rss_mb']:.0f} MB", flush=True)
    import torch

    report = {
        "benchmark": "core",
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(), "torch": torch.__version__,
                    "torch_threads": torch.get_num_threads()},
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
