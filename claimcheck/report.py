"""Reports -> JSON, JSON Lines, Markdown and terminal tables.

The JSON schema (stable; fields are only ever added)::

    {
      "claimcheck_version": "0.1.0",
      "model": "multilingual-e5-small",
      "language": "hi",
      "source": "article.txt" | null,
      "date": "2023-02-05" | null,
      "verdicts": {"supported": 3, "contradicted": 1, "unverified": 9, "not_checkworthy": 6},
      "sentences": [
        {"index": 0, "text": "...", "start": 0, "end": 42,
         "checkworthy": true,
         "verdict": {"label": "supported" | "contradicted" | "unverified" | "not_checkworthy",
                     "explanation": "...", "evidence": ["statement id", ...], "rating": "false"?},
         "matches": [{"id": "...", "text": "...", "score": 0.91, "rank": 1,
                      "source": "...", "url": "...", "date": "2023-01-09", "lang": "en",
                      "related": true,
                      "compared": [{"article": {...}, "source": {...}, "agrees": true}]}]}
      ]
    }

Each compared value is a quantity (``text``, ``value``, ``low``, ``high``,
``kind``, ``unit``, ``bound``, ``as``) or a date (``text``, ``year``, ``month``,
``day``, ``as``).

``matches`` are best first; ``start``/``end`` are character offsets into the
article text. JSON Lines writes one sentence object per line, each with
``claimcheck_version`` and ``model`` added.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .corpus import source_label

if TYPE_CHECKING:  # only for annotations: ``index info`` renders a table without importing the checking pipeline
    from .check import Report, SentenceResult
    from .index import Match


def match_to_dict(match: Match) -> dict[str, Any]:
    s = match.statement
    return {
        "id": s.id,
        "text": s.text,
        "score": round(match.score, 6),
        "rank": match.rank,
        "retrieval_score": None if match.retrieval_score is None else round(match.retrieval_score, 6),
        "source": s.source,
        "url": s.url,
        "date": s.date,
        "lang": s.lang,
        **({"rating": s.metadata["rating"]} if s.metadata.get("rating") not in (None, "") else {}),
    }


def sentence_to_dict(result: SentenceResult) -> dict[str, Any]:
    s = result.sentence
    out: dict[str, Any] = {"index": s.index, "text": s.text, "start": s.start, "end": s.end}
    if result.verdict is not None:
        out["checkworthy"] = result.checkworthy
        out["verdict"] = result.verdict.to_dict()
    checks = {c.match.statement.id: c for c in result.checks}
    matches = []
    for m in result.matches:
        entry = match_to_dict(m)
        if m.statement.id in checks:
            entry["related"] = checks[m.statement.id].related
            entry["compared"] = [c.to_dict() for c in checks[m.statement.id].comparisons]
        matches.append(entry)
    out["matches"] = matches
    return out


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "claimcheck_version": report.claimcheck_version,
        "model": report.model,
        "language": report.language,
        "source": report.source,
        "date": report.date.isoformat() if report.date else None,
        "retrieval": report.retrieval,
        "adapter": report.adapter,
        "verdicts": report.counts(),
        **({"title": report.title, "text": report.text} if report.title else {}),
        "sentences": [sentence_to_dict(r) for r in report.sentences],
    }


def to_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2)


def to_jsonl(report: Report) -> str:
    head = {"claimcheck_version": report.claimcheck_version, "model": report.model, "retrieval": report.retrieval,
            "adapter": report.adapter}
    return "".join(json.dumps({**head, **sentence_to_dict(r)}, ensure_ascii=False) + "\n" for r in report.sentences)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    lines = [
        f"# claimcheck report{f': {report.source}' if report.source else ''}",
        "",
        f"Model: `{report.model}`, language: `{report.language}`, ranking: `{report.retrieval}`"
        f"{f' with adapter `{report.adapter}`' if report.adapter else ''}, claimcheck {report.claimcheck_version}.",
        "",
        "| # | sentence | verdict | best match | score | source |",
        "|---|---|---|---|---|---|",
    ]
    for r in report.sentences:
        best = r.matches[0] if r.matches else None
        verdict = f"**{r.verdict.label.value}**: {_md_cell(r.verdict.explanation)}" if r.verdict else ""
        lines.append(
            f"| {r.sentence.index} | {_md_cell(r.sentence.text)} | {verdict} | "
            f"{_md_cell(best.statement.text) if best else ''} | {f'{best.score:.3f}' if best else ''} | "
            f"{_md_cell(_source_label(best)) if best else ''} |"
        )
    return "\n".join(lines) + "\n"


def _source_label(match: Match) -> str:
    return source_label(match.statement)


def to_table(report: Report, console: Any = None) -> Any:
    """A rich Table of the report (the CLI prints it)."""
    from rich.table import Table

    table = Table(title=f"claimcheck: {report.source or 'article'} ({report.language}, {report.model})",
                  show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("sentence", ratio=3)
    table.add_column("verdict", ratio=2)
    table.add_column("nearest statements (cosine)", ratio=4)
    for r in report.sentences:
        cell = "\n".join(
            f"[bold]{m.score:.3f}[/bold] {_escape(m.statement.text)} [dim]({_escape(_source_label(m))})[/dim]"
            for m in r.matches
        )
        verdict = ""
        if r.verdict is not None:
            style = LABEL_STYLES[r.verdict.label.value]
            verdict = f"[{style}]{r.verdict.label.value}[/{style}]\n[dim]{_escape(r.verdict.explanation)}[/dim]"
        table.add_row(str(r.sentence.index), _escape(r.sentence.text), verdict, cell)
    counts = ", ".join(f"{n} {label}" for label, n in report.counts().items() if n)
    if counts:
        table.caption = counts
    return table


LABEL_STYLES = {"supported": "bold green", "contradicted": "bold red", "unverified": "yellow",
                "not_checkworthy": "dim"}


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def search_table(query: str, matches: Sequence[Match], mode: str) -> Any:
    """A rich Table of search results: the score that ranked them (best first) beside the plain cosine."""
    from rich.table import Table

    table = Table(title=f"nearest statements for: {query}", show_lines=True)
    table.add_column("rank", justify="right")
    table.add_column(f"{mode} score", justify="right")
    table.add_column("cosine", justify="right")
    table.add_column("statement")
    table.add_column("source")
    for m in matches:
        ranked_by = m.retrieval_score if m.retrieval_score is not None else m.score
        table.add_row(str(m.rank), f"{ranked_by:.3f}", f"{m.score:.3f}", m.statement.text,
                      source_label(m.statement, with_id=True))
    return table


def info_table(info: dict[str, Any], title: str) -> Any:
    """A rich Table of what an index holds (``StatementIndex.info()`` plus the manifest's versions)."""
    from rich.table import Table

    table = Table(title=title, show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    model = info["model"]
    rows = [
        ("model", model["name"]),
        ("fingerprint", model["fingerprint"]),
        ("dimension", str(model["dimension"])),
        ("prompt", repr(model["prompt"])),
        ("statements", str(info["count"])),
        ("metric", info["metric"]),
        ("sources", ", ".join(f"{k} ({v})" for k, v in info["sources"].items())),
        ("languages", ", ".join(f"{k} ({v})" for k, v in info["languages"].items())),
        ("created", str(info["created"])),
        ("saved", str(info["saved"])),
        ("claimcheck version", str(info["claimcheck_version"])),
        ("format version", str(info["format_version"])),
    ]
    for key, value in rows:
        table.add_row(key, value)
    return table
