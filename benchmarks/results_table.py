"""Print the Markdown table of every retrieval result JSON in a folder (as written by ``claimcheck bench``).

Usage: python benchmarks/results_table.py [benchmarks/results/retrieval]
"""

import json
import sys
from pathlib import Path

from claimcheck.bench import format_table

ORDER = {"clef2020_checkthat_task2_en": 0, "checkthat2025_claimnorm": 1, "tatoeba_hin_eng": 2}
MODES = {"dense": 0, "bm25": 1, "hybrid": 2}

folder = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "results" / "retrieval")
results = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")]
results.sort(key=lambda r: (ORDER.get(r["dataset"], 9), r["split"], r["language"], MODES.get(r["retrieval"], 9)))
print(format_table(results))
