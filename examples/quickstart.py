"""Check a Hindi article against the shipped corpus in a few lines of Python.

Run from the project root:  python examples/quickstart.py
"""

import datetime
from pathlib import Path

import claimcheck

root = Path(__file__).resolve().parent.parent
encoder = claimcheck.load_encoder()  # the embedded multilingual-e5-small as int8 ONNX; nothing is downloaded
statements = claimcheck.read_corpus(root / "corpora" / "pakistan-us-2023.jsonl")
index = claimcheck.StatementIndex.build(statements, encoder)

article = (root / "examples" / "geneva-talks.hi.txt").read_text(encoding="utf-8")
report = claimcheck.check_text(article, index, encoder=encoder, k=2, date=datetime.date(2023, 2, 5))

for result in report.sentences:
    best = result.matches[0]
    print(f"[{result.sentence.start}:{result.sentence.end}] {result.sentence.text}")
    print(f"    {result.verdict.label.value}: {result.verdict.explanation}")
    print(f"    {best.score:.3f}  {best.statement.text}  ({best.statement.source}, {best.statement.date})")
print(report.counts())

# Search directly, in any language, and keep the index for later. Matches are ranked by
# retrieval_score (hybrid: cosine + a share of BM25 + the cross-language bonus); score is always the plain cosine.
for match in index.search(["Pakistan raised nearly $9 billion in Geneva"], encoder, k=3)[0]:
    print(match.rank, f"ranked by {match.retrieval_score:.3f}", f"cosine {match.score:.3f}", match.statement.id)
index.save(root / "build" / "example-index")
