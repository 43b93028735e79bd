"""Cross-lingual news sentences against mostly English statements: ranking and verdicts, by language and script pair.

The set is the project's own (``benchmarks/data/crosslingual/*.json``, see its
README): news-style sentences in 11 languages and 5 scripts, each with a gold
statement (or none) and a gold verdict, against one index of every statement
of every topic (mostly English, with hard distractors). Topics are split into
a ``tune`` half, on which defaults and thresholds may be chosen, and a
``test`` half, which is only ever reported.

For each ranking (retrieval mode x query adapter, each re-ranked by shared
figures as ``check`` does) it reports top-1 (the right statement first),
Success@3 and MRR over the sentences that have a gold statement; for the
default ranking it runs the verdict pipeline of ``check`` (each sentence's
language detected from its text, top k by the ranking plus the plain-cosine
top k, then judge) and
reports verdict accuracy (and the share right *and* citing a gold statement as
evidence when the verdict is supported or contradicted), supported recall, contradictions caught,
unverified accuracy and the precision and recall of "related" (the gold
statement among the related matches; any other statement called related is
a false positive), by language, script and script pair.

Usage: python benchmarks/bench_crosslingual.py --half tune [--cache .claimcheck-cache/bench] [--errors]
       python benchmarks/bench_crosslingual.py --half test --out benchmarks/results/crosslingual-test.json
(``--errors`` prints the wrong rows of the tune half only: the test half is not for reading while tuning.)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data" / "crosslingual"
LABELS = ("supported", "contradicted", "unverified")
RANKINGS = (("dense", None), ("bm25", None), ("hybrid", None), ("dense", "tweets"), ("hybrid", "tweets"))


def load_set(folder: Path = DATA) -> tuple[list[Any], list[dict[str, Any]]]:
    """Statements (claimcheck Statements) and sentences (dicts with their topic and half), validated."""
    from claimcheck import Statement

    statements: list[Any] = []
    sentences: list[dict[str, Any]] = []
    ids: set[str] = set()
    files = sorted(folder.glob("*.json"))
    if not files:
        sys.exit(f"error: no *.json files in {folder}")
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        for topic in data["topics"]:
            own = {s["id"] for s in topic["statements"]}
            for s in topic["statements"]:
                if s["id"] in ids:
                    sys.exit(f"error: {path.name}: duplicate id {s['id']}")
                ids.add(s["id"])
                statements.append(Statement(id=s["id"], text=s["text"], source=s.get("source"), date=s.get("date"),
                                            lang=s.get("lang"), metadata={"topic": topic["topic"]}))
            for x in topic["sentences"]:
                if x["label"] not in LABELS or not set(x["gold"]) <= own or (x["label"] == "unverified") != (
                        not x["gold"]) or topic["half"] not in ("tune", "test"):
                    sys.exit(f"error: {path.name}: sentence {x['id']} is malformed")
                sentences.append({**x, "topic": topic["topic"], "half": topic["half"], "group": data["group"]})
    return statements, sentences


def script_name(text: str) -> str:
    from claimcheck.sentences import dominant_script

    return dominant_script(text).title() or "-"


def rank(index: Any, vectors: Any, texts: list[str], retrieval: str, adapter: str | None, k: int = 10) -> list:
    """Each sentence's top ``k`` as ``check`` ranks them: the retrieval, then the re-ranking by shared figures,
    with each sentence's language detected as ``check`` detects an article's."""
    from claimcheck.adapter import resolve_adapter
    from claimcheck.check import rank as check_rank
    from claimcheck.sentences import detect_language

    mapper = resolve_adapter(adapter, index.model.fingerprint) if retrieval != "bm25" else None
    return check_rank(index, vectors, texts, k, retrieval, mapper, [detect_language(t) for t in texts])


def rank_metrics(rows: list[dict[str, Any]]) -> dict[str, Any]:
    gold = [r for r in rows if r["gold"]]
    if not gold:
        return {"n": 0}
    def rank(r: dict[str, Any]) -> int | None:
        return next((i for i, sid in enumerate(r["ranked"], 1) if sid in r["gold"]), None)
    ranks = [rank(r) for r in gold]
    return {"n": len(gold), "top1": round(sum(k == 1 for k in ranks) / len(gold), 4),
            "success@3": round(sum(k is not None and k <= 3 for k in ranks) / len(gold), 4),
            "mrr": round(sum(1 / k for k in ranks if k) / len(gold), 4)}


def verdict_metrics(rows: list[dict[str, Any]]) -> dict[str, Any]:
    if not rows:
        return {"n": 0}
    def share(group: list[dict[str, Any]]) -> float | None:
        return round(sum(r["predicted"] == r["label"] for r in group) / len(group), 4) if group else None
    by = {label: [r for r in rows if r["label"] == label] for label in LABELS}
    # "related" decisions: the gold statement called related is a true positive, a gold statement not called
    # related a false negative, any other statement called related a false positive
    tp = sum(len(set(r["related"]) & set(r["gold"])) for r in rows)
    fp = sum(len(set(r["related"]) - set(r["gold"])) for r in rows)
    fn = sum(len(set(r["gold"]) - set(r["related"])) for r in rows)
    # right and for the right reason: a supported or contradicted verdict must cite a gold statement
    cited = [r for r in rows if r["predicted"] == r["label"] and (r["label"] == "unverified" or set(r["evidence"])
                                                                    & set(r["gold"]))]
    return {"n": len(rows), "accuracy": share(rows), "accuracy_citing_gold": round(len(cited) / len(rows), 4),
            "supported_recall": share(by["supported"]),
            "contradicted_caught": share(by["contradicted"]), "unverified_right": share(by["unverified"]),
            "related_precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "related_recall": round(tp / (tp + fn), 4) if tp + fn else None}


def grouped(rows: list[dict[str, Any]], key: str, metric: Any) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[r[key]].append(r)
    return {k: metric(v) for k, v in sorted(groups.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--half", choices=["tune", "test", "all"], default="tune")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--cache", type=Path, default=None, help="vector cache folder (as claimcheck bench --cache)")
    parser.add_argument("--out", type=Path, default=None, help="JSON report (default: benchmarks/results/"
                                                                 "crosslingual-<half>.json)")
    parser.add_argument("-k", type=int, default=3)
    parser.add_argument("--retrieval", default=None, choices=["dense", "bm25", "hybrid"],
                        help="ranking of the verdict run (default: claimcheck's default)")
    parser.add_argument("--adapter", default="library-default",
                        help="query adapter of the verdict run: default, none or a file (default: claimcheck's)")
    parser.add_argument("--errors", action="store_true", help="print the wrong rows (tune half only)")
    parser.add_argument("--backend", choices=["torch", "onnx"], default="torch", help="how the model runs")
    args = parser.parse_args()

    import numpy as np

    import claimcheck
    from claimcheck.bench import CachedEncoder, index_documents
    from claimcheck.check import find_matches
    from claimcheck.checkworthy import assess, classifier_for
    from claimcheck.lexical import DEFAULT_RETRIEVAL
    from claimcheck.adapter import DEFAULT_ADAPTER, resolve_adapter
    from claimcheck.sentences import detect_language
    from claimcheck.verdicts import DEFAULT_THRESHOLDS, judge

    statements, sentences = load_set(args.data)
    if args.half != "all":
        sentences = [s for s in sentences if s["half"] == args.half]
    encoder = claimcheck.load_encoder(backend=args.backend)
    if args.cache is not None:
        encoder = CachedEncoder(encoder, args.cache)
    index = index_documents(statements, encoder)
    scripts = {s.id: script_name(s.text) for s in statements}
    texts = [s["text"] for s in sentences]
    query_vectors = np.asarray(encoder.encode(texts), dtype=np.float32)
    for s in sentences:
        s["script"] = script_name(s["text"])
        s["pair"] = f"{s['script']}->{scripts[s['gold'][0]] if s['gold'] else 'none'}"

    rankings: dict[str, Any] = {}
    for retrieval, adapter in RANKINGS:
        mapper = resolve_adapter(adapter, index.model.fingerprint) if adapter else None
        found = rank(index, query_vectors, texts, retrieval, mapper)
        rows = [{**s, "ranked": [m.statement.id for m in matches]} for s, matches in zip(sentences, found)]
        name = f"{retrieval}+{adapter or 'none'}"
        rankings[name] = {"all": rank_metrics(rows), "language": grouped(rows, "lang", rank_metrics),
                          "pair": grouped(rows, "pair", rank_metrics)}
        print(f"{name:>16}: " + ", ".join(f"{k} {v}" for k, v in rankings[name]["all"].items()))

    retrieval = args.retrieval or DEFAULT_RETRIEVAL.value
    adapter = DEFAULT_ADAPTER if args.adapter == "library-default" else (None if args.adapter == "none"
                                                                         else args.adapter)
    t0 = time.perf_counter()
    mapper = resolve_adapter(adapter, index.model.fingerprint) if retrieval != "bm25" else None
    languages = [detect_language(t) for t in texts]  # as check detects an article's language
    found = find_matches(index, query_vectors, texts, args.k, retrieval, mapper, languages)
    classifier = classifier_for(encoder)
    probabilities = classifier.probability(query_vectors) if classifier is not None else [None] * len(texts)
    rows = []
    for s, matches, p, language in zip(sentences, found, probabilities, languages):
        cw = assess(s["text"], None if p is None else float(p), classifier.threshold if classifier else 0.5)
        closest = max(matches, key=lambda m: m.score)
        verdict, checks = judge(s["text"], matches, language=language, checkworthiness=cw, encoder=encoder)
        predicted = verdict.label.value
        rows.append({**s, "predicted": predicted, "explanation": verdict.explanation,
                     "evidence": list(verdict.evidence),
                     "related": [c.match.statement.id for c in checks if c.related],
                     "ranked": [m.statement.id for m in matches],
                     "best": closest.statement.id, "best_score": round(closest.score, 4),
                     "gold_score": round(max((m.score for m in matches if m.statement.id in s["gold"]),
                                             default=float("nan")), 4)})
    seconds = time.perf_counter() - t0
    report = {
        "benchmark": "crosslingual", "half": args.half, "model": encoder.name, "k": args.k,
        "sentences": len(rows), "statements": len(statements),
        "languages": sorted({r["lang"] for r in rows}), "scripts": sorted({r["script"] for r in rows}),
        "verdict_ranking": f"{retrieval}+{getattr(mapper, 'name', None) or 'none'}",
        "thresholds": {"related": DEFAULT_THRESHOLDS.related, "same": DEFAULT_THRESHOLDS.same,
                       "related_cross_language": DEFAULT_THRESHOLDS.related_cross_language,
                       "same_cross_language": DEFAULT_THRESHOLDS.same_cross_language},
        "rankings": rankings,
        "verdicts": {"all": verdict_metrics(rows), "language": grouped(rows, "lang", verdict_metrics),
                     "script": grouped(rows, "script", verdict_metrics),
                     "pair": grouped(rows, "pair", verdict_metrics),
                     "file": grouped(rows, "group", verdict_metrics)},
        "confusion": {label: dict(sorted(grouped([r for r in rows if r["label"] == label], "predicted",
                                                 len).items())) for label in LABELS},
        "seconds": round(seconds, 2),
    }
    if args.half == "tune":  # the rows of the tune half, for reading; the test half's are never written out
        report["rows"] = [{k: r[k] for k in ("id", "lang", "text", "label", "predicted", "gold", "explanation", "evidence",
                                             "related", "best", "best_score", "gold_score")} for r in rows]
    v = report["verdicts"]["all"]
    print(f"verdicts ({report['verdict_ranking']}, k={args.k}, {args.half} half, {len(rows)} sentences): "
          + ", ".join(f"{k} {v[k]}" for k in v))
    for key in ("pair", "language", "file"):
        for name, m in report["verdicts"][key].items():
            print(f"  {key} {name:>22}: " + ", ".join(f"{k} {m[k]}" for k in m))
    print(f"  confusion (expected -> predicted): {report['confusion']}")
    if args.errors and args.half == "tune":
        for r in rows:
            if r["predicted"] != r["label"]:
                print(f"  x {r['id']} [{r['lang']}] {r['label']} -> {r['predicted']} (gold {r['gold']} "
                      f"{r['gold_score']}; best {r['best']} {r['best_score']}): {r['explanation'][:150]}")
    out = args.out or ROOT / "benchmarks" / "results" / f"crosslingual-{args.half}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"saved {out}")


if __name__ == "__main__":
    main()
