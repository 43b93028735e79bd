"""Reports -> JSON, JSON Lines, Markdown and terminal tables.

The JSON schema (stable; fields are only ever added)::

    {
      "claimcheck_version": "0.1.0",
      "model": "multilingual-e5-small",
      "language": "hi",
      "source": "article.txt" | null,
      "sentences": [
        {"index": 0, "text": "...", "start": 0, "end": 42,
         "matches": [{"id": "...", "text": "...", "score": 0.91, "rank": 1,
                      "source": "...", "url": "...", "date": "2023-01-09", "lang": "en"}]}
      ]
    }

``matches`` are best first; ``start``/``end`` are character offsets into the
article text. JSON Lines writes one sentence object per line, each with
``claimcheck_version`` and ``model`` added.
"""

from __future__ import annotations

import json
from typing import Any

from .check import Report, SentenceResult
from .index import Match


def match_to_dict(match: Match) -> dict[str, Any]:
    s = match.statement
    return {
        "id": s.id,
        "text": s.text,
        "score": round(match.score, 6),
        "rank": match.rank,
        "source": s.source,
        "url": s.url,
        "date": s.date,
        "lang": s.lang,
    }


def sentence_to_dict(result: SentenceResult) -> dict[str, Any]:
    s = result.sentence
    return {
        "index": s.index,
        "text": s.text,
        "start": s.start,
        "end": s.end,
        "matches": [match_to_dict(m) for m in result.matches],
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "claimcheck_version": report.claimcheck_version,
        "model": report.model,
        "language": report.language,
        "source": report.source,
        "sentences": [sentence_to_dict(r) for r in report.sentences],
    }


def to_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2)


def to_jsonl(report: Report) -> str:
    head = {"claimcheck_version": report.claimcheck_version, "model": report.model}
    return "".join(json.dumps({**head, **sentence_to_dict(r)}, ensure_ascii=False) + "\n" for r in report.sentences)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    lines = [
        f"# claimcheck report{f': {report.source}' if report.source else ''}",
        "",
        f"Model: `{report.model}`, language: `{report.language}`, claimcheck {report.claimcheck_version}.",
        "",
        "| # | sentence | best match | score | source |",
        "|---|---|---|---|---|",
    ]
    for r in report.sentences:
        best = r.matches[0] if r.matches else None
        lines.append(
            f"| {r.sentence.index} | {_md_cell(r.sentence.text)} | "
            f"{_md_cell(best.statement.text) if best else ''} | {f'{best.score:.3f}' if best else ''} | "
            f"{_md_cell(_source_label(best)) if best else ''} |"
        )
    return "\n".join(lines) + "\n"


def _source_label(match: Match) -> str:
    s = match.statement
    parts = [p for p in (s.source, s.date) if p]
    return ", ".join(parts) or s.id


def to_table(report: Report, console: Any = None) -> Any:
    """A rich Table of the report (the CLI prints it)."""
    from rich.table import Table

    table = Table(title=f"claimcheck: {report.source or 'article'} ({report.language}, {report.model})",
                  show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("sentence", ratio=3)
    table.add_column("nearest statements (cosine)", ratio=4)
    for r in report.sentences:
        cell = "\n".join(
            f"[bold]{m.score:.3f}[/bold] {_escape(m.statement.text)} [dim]({_escape(_source_label(m))})[/dim]"
            for m in r.matches
        )
        table.add_row(str(r.sentence.index), _escape(r.sentence.text), cell)
    return table


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
