"""Check-worthiness rules measured on X-Claim (sentence level), with an all-claims baseline.

X-Claim marks claim spans (token ranges) in social-media posts. Each post is
split into sentences with claimcheck's splitter; a sentence is a gold claim
when it overlaps a marked span. The rules of ``claimcheck.checkworthy`` predict
claim / not claim, alone ("rules") and with the shipped claim classifier over
the default model's vectors ("rules+model"). Reported per language:
precision, recall and F1 of the claim class, next to the baseline that calls
every sentence a claim.

The rules were written looking at the train split only; report the dev split.

Usage: python benchmarks/bench_checkworthy.py --data-dir ../shared/datasets --split dev [--langs en hi pa ta]
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load(path: Path) -> list[tuple[str, list[tuple[int, int]]]]:
    """Each post as text plus its claim spans as character ranges."""
    posts = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            tokens = ast.literal_eval(row["tokens"])
            starts = ast.literal_eval(row["span_start_index"])
            ends = ast.literal_eval(row["span_end_index"])
            offsets, pos = [], 0
            for tok in tokens:
                offsets.append((pos, pos + len(tok)))
                pos += len(tok) + 1
            spans = [(offsets[s][0], offsets[e][1]) for s, e in zip(starts, ends) if 0 <= s <= e < len(tokens)]
            posts.append((" ".join(tokens), spans))
    return posts


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--langs", nargs="+", default=["en", "hi", "pa", "ta"])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--backend", choices=["torch", "onnx"], default="torch")
    args = parser.parse_args()
    import claimcheck
    from claimcheck.checkworthy import alone_on_line, assess, classifier_for
    from claimcheck.sentences import split_sentences

    encoder = claimcheck.load_encoder(backend=args.backend)
    classifier = classifier_for(encoder)

    results = {"benchmark": "checkworthy", "dataset": "xclaim", "split": args.split, "languages": {}}
    for lang in args.langs:
        path = args.data_dir / "xclaim" / f"{args.split}-{lang}.csv"
        if not path.is_file():
            continue
        counts = {"rules": [0, 0, 0], "rules+model": [0, 0, 0], "all_claims": [0, 0, 0]}
        items = [(s.text, any(s.start < e and b < s.end for b, e in spans), alone_on_line(text, s.start, s.end))
                 for text, spans in load(path) for s in split_sentences(text, lang)]
        probabilities = classifier.probability(encoder.encode([t for t, _, _ in items])) if classifier else None
        sentences = len(items)
        positives = sum(g for _, g, _ in items)
        for i, (text, gold, alone) in enumerate(items):
            with_model = assess(text, float(probabilities[i]), classifier.threshold, alone=alone) if classifier else None
            for name, pred in (("rules", assess(text, alone=alone).checkworthy),
                               ("rules+model", with_model.checkworthy if with_model else None),
                               ("all_claims", True)):
                if pred is None:
                    continue
                c = counts[name]
                c[0] += pred and gold
                c[1] += pred and not gold
                c[2] += (not pred) and gold
        results["languages"][lang] = {"sentences": sentences, "claim_sentences": positives,
                                      **{k: prf(*v) for k, v in counts.items()}}
        r = results["languages"][lang]
        print(f"{lang}: {sentences} sentences ({positives} claims) | " + " | ".join(
            f"{name} P {r[name]['precision']:.3f} R {r[name]['recall']:.3f} F1 {r[name]['f1']:.3f}"
            for name in ("rules", "rules+model", "all_claims")))
    out = args.out or ROOT / "benchmarks" / "results" / f"checkworthy-{args.split}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"saved {out}")


if __name__ == "__main__":
    main()
