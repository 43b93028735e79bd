"""Throughput of batch checking (articles/s) with the real default model, four ways over the same articles:

- ``cli``: one ``claimcheck check ARTICLE --index DIR --format json --output FILE`` process per article (what a
  shell loop does: every call loads Python, the model and the index); only ``--cli-articles`` of the articles;
- ``local``: :func:`claimcheck.batch.check_batch` in this process (the model loaded before timing: its load is
  reported apart, as ``setup``);
- ``ray-1``, ``ray-2``: the same with ``engine="ray"`` and 1 or 2 actors on a local Ray cluster of 2 CPUs started
  here (the time includes each actor loading the model and the index; the cluster's start is reported apart).

The articles are copies of ``examples/geneva-talks.hi.txt`` and of the ``../shared/articles/*.txt`` present,
taken in turn up to ``--articles``. The index is the shipped corpus, built once with the default model.

Usage::

    python benchmarks/bench_batch.py [--articles 40] [--cli-articles 4] [--engines cli,local,ray-1,ray-2]
                                     [--batch-sentences 256] [--out benchmarks/results/batch.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "pakistan-us-2023.jsonl"
EXAMPLE = ROOT / "examples" / "geneva-talks.hi.txt"
SHARED_ARTICLES = ROOT.parent / "shared" / "articles"
ENGINES = ("cli", "local", "ray-1", "ray-2")


def make_articles(folder: Path, n: int) -> list[Path]:
    sources = [EXAMPLE] + sorted(p for p in SHARED_ARTICLES.glob("*.txt")) if SHARED_ARTICLES.is_dir() else [EXAMPLE]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        source = sources[i % len(sources)]
        path = folder / f"article-{i:03d}.txt"
        shutil.copyfile(source, path)
        paths.append(path)
    return paths


def run_cli(paths: list[Path], index_dir: Path, out: Path) -> dict:
    exe = Path(sys.executable).with_name("claimcheck")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "claimcheck"]
    out.mkdir(parents=True, exist_ok=True)
    times = []
    for path in paths:
        start = time.perf_counter()
        subprocess.run([*command, "check", str(path), "--index", str(index_dir), "--format", "json", "--output",
                        str(out / f"{path.stem}.json")], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    wall = sum(times)
    return {"engine": "cli", "articles": len(paths), "wall_s": wall, "setup_s": None, "processing_s": wall,
            "articles_per_s": len(paths) / wall, "per_article_s": times}


def run_batch(paths: list[Path], index_dir: Path, out: Path, engine: str, encoder, batch_sentences: int) -> dict:
    from claimcheck.batch import check_batch

    kwargs = {"engine": "local", "encoder": encoder} if engine == "local" else \
        {"engine": "ray", "actors": int(engine.split("-")[1])}
    start = time.perf_counter()
    summary = check_batch([str(p) for p in paths], index_dir, out_dir=out, batch_sentences=batch_sentences, **kwargs)
    wall = time.perf_counter() - start
    failed = [a.error for a in summary.articles if a.status != "ok"]
    if failed:
        raise SystemExit(f"{engine}: {len(failed)} article(s) failed, e.g. {failed[0]}")
    return {"engine": engine, "articles": len(paths), "wall_s": wall, "setup_s": summary.setup_seconds,
            "processing_s": summary.processing_seconds, "articles_per_s": len(paths) / wall,
            "sentences": sum(a.sentences or 0 for a in summary.articles)}


def table(results: list[dict]) -> str:
    lines = ["| engine | articles | wall (s) | articles/s | note |", "|---|---:|---:|---:|---|"]
    notes = {"cli": "one `claimcheck check` process per article (model and index loaded each time)",
             "local": "check_batch in one process; model loaded beforehand",
             "ray-1": "Ray Data, 1 actor (1 CPU), actor start and model load included",
             "ray-2": "Ray Data, 2 actors (1 CPU each), actor starts and model loads included"}
    for r in results:
        lines.append(f"| {r['engine']} | {r['articles']} | {r['wall_s']:.1f} | {r['articles_per_s']:.2f} | "
                     f"{notes[r['engine']]} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--cli-articles", type=int, default=4, help="articles for the one-process-each case")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--batch-sentences", type=int, default=256)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "batch.json")
    args = parser.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown))}")

    from claimcheck import StatementIndex, load_encoder, read_corpus

    work = Path(tempfile.mkdtemp(prefix="claimcheck-bench-batch-"))
    try:
        start = time.perf_counter()
        encoder = load_encoder(backend="torch")  # what the documented figures were made with
        model_load = time.perf_counter() - start
        index_dir = work / "index"
        StatementIndex.build(read_corpus(CORPUS), encoder).save(index_dir)
        paths = make_articles(work / "articles", args.articles)
        results = []
        for engine in engines:
            print(f"running {engine} ...", file=sys.stderr, flush=True)
            out = work / f"out-{engine}"
            if engine == "cli":
                results.append(run_cli(paths[: args.cli_articles], index_dir, out))
                continue
            ray_start = None
            if engine.startswith("ray"):
                import ray

                t0 = time.perf_counter()
                ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
                ray_start = time.perf_counter() - t0
            try:
                result = run_batch(paths, index_dir, out, engine, encoder, args.batch_sentences)
            finally:
                if ray_start is not None:
                    ray.shutdown()
            if ray_start is not None:
                result["ray_init_s"] = ray_start
            results.append(result)
        record = {
            "benchmark": "batch",
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
            "model": encoder.name,
            "model_load_s": model_load,
            "articles_from": [str(EXAMPLE.relative_to(ROOT))] + [f"../shared/articles/{p.name}" for p in
                                                                  sorted(SHARED_ARTICLES.glob("*.txt"))],
            "batch_sentences": args.batch_sentences,
            "results": results,
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(table(results))
        print(f"wrote {args.out}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
