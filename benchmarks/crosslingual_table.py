"""Print the Markdown tables of benchmarks/README.md from bench_crosslingual.py's results (tune and test halves).

Usage: python benchmarks/crosslingual_table.py [results/crosslingual-tune.json results/crosslingual-test.json]
"""

import json
import sys
from pathlib import Path

here = Path(__file__).parent / "results"
paths = [Path(a) for a in sys.argv[1:]] or [here / "crosslingual-tune.json", here / "crosslingual-test.json"]
reports = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
ranking = reports[0]["verdict_ranking"]


def cell(value):
    return "-" if value is None else f"{value:.3f}"


print("| half | ranking | top-1 | Success@3 | MRR |")
print("|---|---|---|---|---|")
for r in reports:
    for name, m in r["rankings"].items():
        print(f"| {r['half']} | {name} | {cell(m['all']['top1'])} | {cell(m['all']['success@3'])} | {cell(m['all']['mrr'])} |")

for key, title in (("language", "language"), ("pair", "script pair (sentence -> gold statement)"),
                   ("file", "file (the first four written together, the last three added later)")):
    print(f"\nBy {title}, default ranking ({ranking}); top-1 over sentences with a gold statement:\n")
    print("| half | " + title.split(" (")[0] + " | n | top-1 | verdict accuracy | citing gold | supported recall "
          "| contradicted caught | unverified right | related precision | related recall |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in reports:
        top = r["rankings"].get(ranking, {}).get(key, {})
        for name, v in r["verdicts"][key].items():
            t = top.get(name, {})  # unverified rows ("-> none") have no gold statement to rank
            print(f"| {r['half']} | {name} | {v['n']} | {cell(t.get('top1'))} | {cell(v['accuracy'])} | "
                  f"{cell(v.get('accuracy_citing_gold'))} | {cell(v['supported_recall'])} | "
                  f"{cell(v['contradicted_caught'])} | {cell(v['unverified_right'])} | "
                  f"{cell(v['related_precision'])} | {cell(v['related_recall'])} |")
    for r in reports:
        v = r["verdicts"]["all"]
        t = r["rankings"].get(ranking, {}).get("all", {})
        print(f"| {r['half']} | **all** | {v['n']} | {cell(t.get('top1'))} | {cell(v['accuracy'])} | "
              f"{cell(v.get('accuracy_citing_gold'))} | {cell(v['supported_recall'])} | "
                  f"{cell(v['contradicted_caught'])} | {cell(v['unverified_right'])} | "
              f"{cell(v['related_precision'])} | {cell(v['related_recall'])} |")
