"""Experiment (not in the library yet): hubness reduction (CSLS) for Tatoeba nearest-neighbour accuracy.

CSLS scores a pair as 2 cos(q, d) - r(q) - r(d), where r is the mean cosine to
the k nearest items of the other side; it discounts "hub" sentences that are
near everything. Reads vectors from a ``claimcheck bench --cache`` folder (or
computes them).

Usage: python benchmarks/experiment_csls.py --data-dir ../shared/datasets --cache .claimcheck-cache/bench
"""

import argparse
from pathlib import Path

import numpy as np

import claimcheck
from claimcheck.bench import CachedEncoder, load_tasks

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--data-dir", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets")
parser.add_argument("--cache", type=Path, default=Path(".claimcheck-cache/bench"))
parser.add_argument("-k", type=int, default=5)
args = parser.parse_args()
encoder = CachedEncoder(claimcheck.load_encoder(backend="torch"), args.cache)  # torch: what the documented figures were made with
for task in load_tasks(args.data_dir, "all", ["tatoeba_hin_eng"]):
    scores = encoder.encode(task.queries) @ encoder.encode([d.text for d in task.documents]).T
    r_query = np.sort(scores, axis=1)[:, -args.k:].mean(axis=1)
    r_doc = np.sort(scores, axis=0)[-args.k:, :].mean(axis=0)
    csls = 2 * scores - r_query[:, None] - r_doc[None, :]
    gold = np.arange(len(scores))
    print(f"{task.language}: accuracy {np.mean(scores.argmax(1) == gold):.3f} plain, "
          f"{np.mean(csls.argmax(1) == gold):.3f} with CSLS (k={args.k})")
