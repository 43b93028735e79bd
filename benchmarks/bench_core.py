"""Encoding throughput, index build time, search speed, peak memory and cold-start times of claimcheck's core,
for each backend (torch fp32 and int8 ONNX Runtime) side by side in one run.

Each case runs in a fresh subprocess so that its peak resident memory (VmHWM)
is its own. Cases, each with every backend of ``--backends``:

- ``shipped``: the corpus in ``corpora/`` (a few dozen statements);
- ``10k``: 10,000 statements: the first 10,000 CLEF-2020 verified claims
  from ``--data-dir`` when present (real news-claim lengths), else sentences
  made by combining shipped statements.

Then the cold starts, each a fresh ``claimcheck`` process as a user runs it
(median wall time of ``--repeats`` runs, and the largest peak RSS among them):
``claimcheck --help``, ``claimcheck index info`` and ``claimcheck check`` of
the model article (``../shared/articles``, else the shipped example) against
the shipped corpus indexed with each backend. The model cache is warm (the
models are built before timing); the OS file cache is whatever the runs leave.

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


def run_case(case: str, backend: str, data_dir: Path | None, batch_size: int) -> dict:
    import claimcheck
    from claimcheck.bench import peak_rss_mb

    t0 = time.perf_counter()
    encoder = claimcheck.load_encoder(backend=backend)
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
        "backend": backend,
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


def _timed(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and exit code of one process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def cold_starts(backends: list[str], repeats: int) -> list[dict]:
    """Each command a fresh process, as a user runs it: median wall time and peak RSS."""
    import statistics

    cli = [sys.executable, "-m", "claimcheck"]
    model_article = ROOT.parent / "shared" / "articles" / "pakistan-us-talks.hi.txt"
    article = model_article if model_article.is_file() else ROOT / "examples" / "geneva-talks.hi.txt"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        commands: list[tuple[str, list[str]]] = [("claimcheck --help", cli + ["--help"])]
        for backend in backends:
            index = Path(tmp) / backend
            subprocess.run(cli + ["index", "build", str(CORPUS), "--out", str(index), "--backend", backend],
                           check=True, capture_output=True)
            commands.append((f"claimcheck index info ({backend} index)", cli + ["index", "info", str(index)]))
            commands.append((f"claimcheck check {article.name} ({backend} index)",
                             cli + ["check", str(article), "--index", str(index), "--format", "json"]))
        for label, cmd in commands:
            runs = [_timed(cmd) for _ in range(repeats)]
            if any(code != 0 for _, _, code in runs):
                failed = subprocess.run(cmd, capture_output=True, text=True)
                raise SystemExit(f"{label}: exited with {[code for _, _, code in runs]}: {failed.stderr[-500:]}")
            rows.append({"command": label, "wall_seconds": round(statistics.median(r[0] for r in runs), 2),
                         "wall_seconds_all": [round(r[0], 2) for r in runs],
                         "peak_rss_mb": round(max(r[1] for r in runs), 1)})
            print(f"  {label}: {rows[-1]['wall_seconds']} s (runs {rows[-1]['wall_seconds_all']}), "
                  f"peak RSS {rows[-1]['peak_rss_mb']:.0f} MB", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "core.json")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--cases", nargs="+", default=["shipped", "10k"], choices=["shipped", "10k"])
    parser.add_argument("--backends", nargs="+", default=["torch", "onnx"], choices=["torch", "onnx"])
    parser.add_argument("--repeats", type=int, default=3, help="runs of each cold-start command")
    parser.add_argument("--_case", help=argparse.SUPPRESS)
    parser.add_argument("--_backend", help=argparse.SUPPRESS)
    args = parser.parse_args()
    data_dir = args.data_dir if args.data_dir.is_dir() else None
    if args._case:
        print(json.dumps(run_case(args._case, args._backend, data_dir, args.batch_size)))
        return
    # Build (or find) each model in the cache before anything is timed, in a child process: this process stays
    # small, since a child's peak RSS counts the pages it shares with its parent before it runs its program.
    for backend in args.backends:
        subprocess.run([sys.executable, "-c", f"import claimcheck; claimcheck.load_encoder(backend={backend!r})"],
                       check=True)
    results = []
    for case in args.cases:
        for backend in args.backends:
            cmd = [sys.executable, __file__, "--_case", case, "--_backend", backend, "--batch-size", str(args.batch_size)]
            if data_dir:
                cmd += ["--data-dir", str(data_dir)]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            r = results[-1]
            base = next(x for x in results if x["case"] == case)
            r["encode_ratio_to_first_backend"] = round(r["sentences_per_second"] / base["sentences_per_second"], 2)
            print(f"{r['case']:>8} {backend:>5}: {r['statements']:>6} statements ({r['origin']}, mean {r['mean_chars']} "
                  f"chars) | encode {r['sentences_per_second']:.1f} sent/s ({r['encode_ratio_to_first_backend']}x) | "
                  f"build {r['index_build_seconds']:.1f} s | model load {r['model_load_seconds']:.2f} s | "
                  f"search {r['search_queries_per_second']:.0f} q/s | peak RSS {r['peak_rss_mb']:.0f} MB", flush=True)
    print("cold starts:")
    cold = cold_starts(args.backends, args.repeats)
    import importlib.metadata

    report = {
        "benchmark": "core",
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform(),
                    "processor": _cpu_name(), "python": platform.python_version(), "torch": importlib.metadata.version("torch"),
                    "onnxruntime": importlib.metadata.version("onnxruntime"), "threads": min(4, os.cpu_count() or 1)},
        "results": results,
        "cold_starts": cold,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"saved {args.out}")


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


if __name__ == "__main__":
    main()
