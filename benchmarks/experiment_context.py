"""Does a sentence's context help find its fact-check? CheckThat! 2021 Task 2B debates, train to choose, dev to report.

An article's (or a debate's) sentence often leans on the ones before it ("he
added", "that figure"). This script ranks each debate sentence against the
19,250 PolitiFact claims with its query vector mixed with the vectors of the
sentences before it in the transcript, ``normalize(v + w * mean(previous n))``,
and reports MAP@5 for each weight w and window n, dense and hybrid, without
the query adapter. Choose on train; dev is reported.

Usage: python benchmarks/experiment_context.py --data-dir ../shared/datasets [--cache .claimcheck-cache/bench]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7)
WINDOWS = (1, 2, 3)


def previous_lines(root: Path, query_id: str, n: int) -> list[str]:
    """The ``n`` transcript lines before a query's line (query ids are ``<debate>_<line>``)."""
    debate, line = query_id.rsplit("_", 1)
    files = {f.stem.lower(): f for f in (root / "transcripts").glob("*.tsv")}  # ids and file names differ in case
    path = files.get(debate.lower())
    if path is None:
        return []  # a few ids misspell their transcript's name ("milwuakee"): no context for those
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = {int(r[0]): r[2] for r in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if len(r) >= 3
                and r[0].strip().isdigit()}
    number = int(line)
    return [rows[i] for i in range(number - n, number) if i in rows and rows[i].strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "context-debates.json")
    args = parser.parse_args()
    import numpy as np

    import claimcheck
    from claimcheck.bench import CachedEncoder, _metrics, build_index, load_tasks
    from claimcheck.encoder import normalize_rows

    root = args.data_dir / "checkthat2021_2b_debates"
    encoder = claimcheck.load_encoder(backend="torch")  # what the documented figures were made with
    if args.cache is not None:
        encoder = CachedEncoder(encoder, args.cache)
    report: dict = {"weights": WEIGHTS, "windows": WINDOWS, "results": {}}
    index = None
    for split in ("train", "dev"):
        (task,) = load_tasks(args.data_dir, split, ["checkthat2021_2b_debates"])
        index = index or build_index(task, encoder)
        ids = [line.split("\t")[0] for line in (root / split / "queries.tsv").read_text(encoding="utf-8").splitlines()[1:]]
        by_text = {}
        for line in (root / split / "queries.tsv").read_text(encoding="utf-8").splitlines()[1:]:
            qid, text = line.split("\t", 1)
            by_text.setdefault(text, qid)
        qids = [by_text[q] for q in task.queries]
        vectors = np.asarray(encoder.encode(task.queries), dtype=np.float32)
        for n in WINDOWS:
            contexts = [previous_lines(root, q, n) for q in qids]
            flat = [t for c in contexts for t in c]
            flat_vectors = np.asarray(encoder.encode(flat), dtype=np.float32) if flat else np.zeros((0, 384))
            mean = np.zeros_like(vectors)
            at = 0
            for i, c in enumerate(contexts):
                if c:
                    mean[i] = flat_vectors[at : at + len(c)].mean(axis=0)
                at += len(c)
            for w in WEIGHTS:
                mixed = normalize_rows(vectors + w * mean).astype(np.float32)
                for mode in ("dense", "hybrid"):
                    found = index.search_vectors(mixed, 10, queries=task.queries, retrieval=mode, adapter=None)
                    ranked = [[m.statement.id for m in ms] for ms in found]
                    metrics = _metrics(task.metrics, ranked, task.gold)
                    key = f"{split}/{mode}/n{n}/w{w}"
                    report["results"][key] = metrics
                    print(key, json.dumps(metrics), flush=True)
        del ids
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
