"""Print the Markdown table of every retrieval result JSON in one or more folders (as ``claimcheck bench`` writes).

Rows of BM25 appear once (the adapter does not touch them).

Usage: python benchmarks/results_table.py [FOLDER ...]   (default: results/retrieval and results/retrieval-tweets)
"""

import json
import sys
from pathlib import Path

from claimcheck.bench import format_table

ORDER = {"clef2020_checkthat_task2_en": 0, "checkthat2021_2b_debates": 1, "checkthat2025_claimnorm": 2,
         "tatoeba_hin_eng": 3}
MODES = {"dense": 0, "bm25": 1, "hybrid": 2}

here = Path(__file__).parent / "results"
folders = [Path(a) for a in sys.argv[1:]] or [here / "retrieval", here / "retrieval-tweets"]
results, seen = [], set()
for folder in folders:
    for path in sorted(folder.glob("*.json")):
        r = json.loads(path.read_text(encoding="utf-8"))
        key = (r["dataset"], r["language"], r["split"], r["retrieval"], r.get("adapter"))
        if key not in seen:
            seen.add(key)
            results.append(r)
results.sort(key=lambda r: (ORDER.get(r["dataset"], 9), r["split"], r["language"], MODES.get(r["retrieval"], 9),
                            r.get("adapter") or ""))
print(format_table(results))
