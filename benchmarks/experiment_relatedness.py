"""Four ways to decide "related" (a source is about the sentence's fact) beyond the cosine cuts, on tuning data only.

Measured on the cross-lingual set's **tune half** and the verdict pairs, the
two sets the verdict thresholds were chosen on (``tune_verdicts.py``); the
test half is never read here. None of the four is used by the library: each
is reported against the shipped rules (``claimcheck.verdicts.Thresholds``),
by the mean verdict accuracy of the two sets.

Each setting is reported by the mean verdict accuracy and by the mean share right *and* citing a gold statement
when the verdict is supported or contradicted (a right label on another event's figure is no help to a reader).

1. ``names``: the proper names of an English statement (runs of capitalised
   Latin-script words) looked for in the sentence in any script, each name
   embedded alone against the sentence's 1-3 word n-grams (best cosine per
   name, averaged). Reported as the AUC of gold statement against other
   candidates among cross-language candidates at cosine 0.84-0.90, the band
   where the verdicts go wrong, for the cosine alone and for the cosine plus
   ``alpha`` times the name score. Then names as a second way to be related: a cross-language candidate under
   the cut, at ``low`` or more, is related when every name of the statement is found at ``tau`` or more.
2. ``pair-class``: a third pair of thresholds for a sentence and a statement
   in two different languages neither of which is English (their unrelated
   cosines run higher, their gold cosines lower, than X->English ones).
3. ``closer-conflict``: a supported verdict turned into contradicted when a
   related source that conflicts is closer, by ``delta`` or more, than every
   related source that agrees.
4. ``learned``: a logistic regression on each candidate (cosine, cross-language,
   both non-English, rank, gap to the best, strong and weak agreements,
   conflicts, values in the sentence) deciding "related" in place of the cuts,
   fitted and scored by leave-one-topic-out cross-validation on both sets.

Usage: python benchmarks/experiment_relatedness.py --cache .claimcheck-cache/bench
       [--out benchmarks/results/relatedness-experiments.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "relatedness-experiments.json")
    parser.add_argument("-k", type=int, default=3)
    args = parser.parse_args()
    import attrs
    import numpy as np
    import regex as re
    from sklearn.linear_model import LogisticRegression

    import claimcheck
    from claimcheck import verdicts
    from claimcheck.bench import CachedEncoder
    from claimcheck.quantities import Facts, compare, strong

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from tune_verdicts import tuning_sets

    encoder = claimcheck.load_encoder(backend="torch")  # what the thresholds were chosen with
    if args.cache is not None:
        encoder = CachedEncoder(encoder, args.cache)
    news, shipped = tuning_sets(encoder, args.k, dense=3)  # the dense top 3 for the names experiment

    def accuracy(rows: list[tuple]) -> tuple[float, float]:
        """Verdict accuracy, and the share right citing a gold statement when supported or contradicted."""
        right = cited = 0
        for c, ms, cw, _ in rows:
            verdict = verdicts.judge(c["text"], ms, language=c["lang"], checkworthiness=cw, encoder=encoder)[0]
            if verdict.label.value == c["label"]:
                right += 1
                cited += c["label"] == "unverified" or bool(set(verdict.evidence) & set(c["gold"]))
        return right / len(rows), cited / len(rows)

    def both() -> dict[str, float]:
        (a, a_cited), (b, b_cited) = accuracy(news), accuracy(shipped)
        return {"crosslingual_tune": round(a, 4), "verdict_pairs": round(b, 4), "mean": round((a + b) / 2, 4),
                "mean_citing_gold": round((a_cited + b_cited) / 2, 4)}

    report: dict[str, Any] = {"shipped_rules": both()}
    print("shipped rules:", report["shipped_rules"], flush=True)

    # 1. names
    stop = {"The", "A", "An", "In", "On", "At", "Of", "For", "By", "With", "From", "After", "Before", "During", "Its",
            "It", "This", "That", "According", "As", "Under", "When", "While"}

    def names(text: str) -> list[str]:
        out, run = [], []
        for m in re.finditer(r"[\p{L}\p{M}][\p{L}\p{M}'’.-]*", text):
            w = m.group()
            if w[0].isupper() and w not in stop and re.match(r"\p{Latin}", w):
                run.append(w.rstrip("."))
                continue
            if run:
                out.append(" ".join(run))
            run = []
        if run:
            out.append(" ".join(run))
        return [n for n in out if len(n) >= 3]

    def name_score(sentence: str, statement: str) -> float | None:
        found = names(statement)
        if not found:
            return None
        words = re.findall(r"[\p{L}\p{M}\p{N}]+", sentence)
        grams = list(dict.fromkeys(words + [" ".join(words[i:i + n]) for n in (2, 3)
                                            for i in range(len(words) - n + 1)]))
        similarity = np.asarray(encoder.encode(found)) @ np.asarray(encoder.encode(grams)).T
        return float(similarity.max(axis=1).mean())

    candidates = []
    for c, _, _, top in news:
        for m in top:
            if 0.84 <= m.score < 0.90 and (m.statement.lang or "en")[:2] == "en" and c["lang"][:2] != "en":
                score = name_score(c["text"], m.statement.text)
                if score is not None:
                    candidates.append((m.statement.id in c["gold"], m.score, score))

    def auc(alpha: float) -> float:
        pos = np.array([s + alpha * n for g, s, n in candidates if g])
        neg = np.array([s + alpha * n for g, s, n in candidates if not g])
        return float((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())

    report["names"] = {"candidates": len(candidates), "gold": sum(g for g, _, _ in candidates),
                       "auc": {str(a): round(auc(a), 3) for a in (0.0, 0.1, 0.2, 0.3, 0.5, 1.0)}}
    print("names:", report["names"], flush=True)

    # 1b. names as a second way to be related: a cross-language candidate under the cut but at ``low`` or more is
    # related when every name of the statement is found in the sentence at ``tau`` or more
    check_matches = verdicts._check_matches
    per_name: dict[tuple[str, str], list[float]] = {}

    def scores_of(sentence: str, statement: str) -> list[float]:
        if (sentence, statement) not in per_name:
            found = names(statement)
            if not found:
                per_name[sentence, statement] = []
            else:
                words = re.findall(r"[\p{L}\p{M}\p{N}]+", sentence)
                grams = list(dict.fromkeys(words + [" ".join(words[i:i + n]) for n in (2, 3)
                                                    for i in range(len(words) - n + 1)]))
                similarity = np.asarray(encoder.encode(found)) @ np.asarray(encoder.encode(grams)).T
                per_name[sentence, statement] = [float(v) for v in similarity.max(axis=1)]
        return per_name[sentence, statement]

    report["names_rule"] = []
    for low in (0.84, 0.85, 0.86):
        for tau in (0.85, 0.88, 0.90, 0.92, 0.95):
            def named(text, facts, matches, language, *rest, low=low, tau=tau):  # noqa: ANN001, ANN002
                out = []
                for ch in check_matches(text, facts, matches, language, *rest):
                    m = ch.match
                    if not ch.related and m.score >= low and (language or "")[:2] != (m.statement.lang or "en")[:2]:
                        found = scores_of(text, m.statement.text)
                        if found and min(found) >= tau:
                            ch = attrs.evolve(ch, related=True)
                    out.append(ch)
                return out

            verdicts._check_matches = named
            try:
                report["names_rule"].append({"low": low, "tau": tau, **both()})
            finally:
                verdicts._check_matches = check_matches
            print("names rule:", report["names_rule"][-1], flush=True)

    # 2. a third pair class: two languages, neither English
    for_pair = verdicts.Thresholds.for_pair
    report["pair_class"] = []
    for related, same in ((0.87, 0.88), (0.89, 0.89), (0.89, 0.90), (0.90, 0.90), (0.90, 0.915)):
        def patched(self, sl, tl, ss="", ts="", related=related, same=same):  # noqa: ANN001
            if sl and tl and sl[:2] != tl[:2] and "en" not in (sl[:2], tl[:2]):
                return related, same
            return for_pair(self, sl, tl, ss, ts)

        verdicts.Thresholds.for_pair = patched
        try:
            report["pair_class"].append({"related": related, "same": same, **both()})
        finally:
            verdicts.Thresholds.for_pair = for_pair
        print("pair class:", report["pair_class"][-1], flush=True)

    # 3. a closer conflicting source beats a farther agreeing one
    decide = verdicts._decide
    report["closer_conflict"] = []
    for delta in (0.0, 0.01, 0.02, 0.03, 0.05):
        def patched_decide(facts, matches, checks, delta=delta):  # noqa: ANN001
            verdict = decide(facts, matches, checks)
            if verdict.label is not verdicts.Label.supported:
                return verdict
            related = [c for c in checks if c.related and verdicts._rating_class(c.match, verdicts._rating(c.match))
                       is None]
            agreeing = [c.match.score for c in related if c.agrees]
            conflicting = [c for c in related if c.conflicts]
            if agreeing and conflicting and max(c.match.score for c in conflicting) - max(agreeing) >= delta:
                return verdicts.Verdict(verdicts.Label.contradicted, "a closer source conflicts")
            return verdict

        verdicts._decide = patched_decide
        try:
            report["closer_conflict"].append({"delta": delta, **both()})
        finally:
            verdicts._decide = decide
        print("closer conflict:", report["closer_conflict"][-1], flush=True)

    # 4. a learned gate, leave-one-topic-out
    def features(claim: dict[str, Any], matches: list[Any]) -> np.ndarray:
        facts = Facts.of(claim["text"], language=claim["lang"])
        ordered = sorted(matches, key=lambda m: -m.score)
        best = ordered[0].score if ordered else 0.0
        rows = []
        for rank, m in enumerate(ordered):
            comparisons = compare(facts, Facts.of(m.statement.text, language=m.statement.lang))
            sl, tl = claim["lang"][:2], (m.statement.lang or "en")[:2]
            cross = float(sl != tl)
            rows.append([m.score, m.score * cross, cross, float(bool(cross) and "en" not in (sl, tl)), rank,
                         best - m.score, sum(x.agrees and strong(x) for x in comparisons),
                         sum(x.agrees and not strong(x) for x in comparisons),
                         sum(not x.agrees for x in comparisons), len(facts.quantities) + len(facts.dates)])
        return np.array(rows)

    everything = news + shipped
    x, y, group = [], [], []
    for c, ms, _, _ in everything:
        for row, m in zip(features(c, ms), sorted(ms, key=lambda m: -m.score)):
            x.append(row)
            y.append(m.statement.id in c["gold"])
            group.append(c["topic"])
    x_all, y_all, group_all = np.array(x), np.array(y), np.array(group)

    def judged(model: Any, tau: float, rows: list[tuple]) -> int:
        right = 0
        for c, ms, cw, _ in rows:
            ordered = sorted(ms, key=lambda m: -m.score)
            p = dict(zip((m.statement.id for m in ordered), model.predict_proba(features(c, ms))[:, 1])) if ms else {}

            def gated(*a, p=p, **k):  # noqa: ANN001, ANN002, ANN003
                return [attrs.evolve(ch, related=bool(p[ch.match.statement.id] >= tau))
                        for ch in check_matches(*a, **k)]

            verdicts._check_matches = gated
            try:
                label = verdicts.judge(c["text"], ms, language=c["lang"], checkworthiness=cw, encoder=encoder)[0].label
            finally:
                verdicts._check_matches = check_matches
            right += label.value == c["label"]
        return right

    report["learned"] = []
    for strength in (1.0, 10.0, 100.0):
        for tau in (0.2, 0.25, 0.3, 0.4):
            scores = {}
            for name, rows in (("crosslingual_tune", news), ("verdict_pairs", shipped)):
                right = 0
                for topic in sorted({r[0]["topic"] for r in rows}):
                    model = LogisticRegression(C=strength, max_iter=5000).fit(x_all[group_all != topic],
                                                                               y_all[group_all != topic])
                    right += judged(model, tau, [r for r in rows if r[0]["topic"] == topic])
                scores[name] = round(right / len(rows), 4)
            scores["mean"] = round((scores["crosslingual_tune"] + scores["verdict_pairs"]) / 2, 4)
            report["learned"].append({"C": strength, "tau": tau, **scores})
            print("learned:", report["learned"][-1], flush=True)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
