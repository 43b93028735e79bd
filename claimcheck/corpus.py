"""Reference statements and the corpus files they are read from.

A corpus is JSONL (one object a line) or CSV/TSV with a header. ``text`` is
required; ``id``, ``source``, ``url``, ``date`` and ``lang`` are optional;
any other field is kept in ``metadata``. Ids are unique across all the files
of one load; a statement without an id gets ``"<file stem>:<line>"``.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from ._errors import CorpusError
from ._io import read_text
from .limits import too_long

KNOWN_FIELDS = ("id", "text", "source", "url", "date", "lang")
_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv"}


def _optional_str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


@attrs.frozen(slots=True)
class Statement:
    """A reference statement: what a source says, and who said it where and when."""

    id: str = attrs.field(validator=attrs.validators.min_len(1))
    text: str = attrs.field(validator=attrs.validators.min_len(1))
    source: str | None = None
    url: str | None = None
    date: str | None = None
    lang: str | None = None
    metadata: Mapping[str, Any] = attrs.field(factory=dict, converter=lambda m: dict(m))

    @classmethod
    def from_record(cls, record: Mapping[str, Any], default_id: str) -> Statement:
        """Build a statement from a parsed JSON object or CSV row (``text`` must be a non-empty string)."""
        text = record.get("text")
        if not isinstance(text, str):
            raise ValueError("missing 'text'" if text is None else f"'text' must be a string, got {type(text).__name__}")
        text = " ".join(text.split())
        if not text:
            raise ValueError("empty 'text'")
        raw_id = record.get("id")
        if isinstance(raw_id, (dict, list, bool, float)):
            raise ValueError(f"'id' must be a string or an integer, got {type(raw_id).__name__}")
        sid = _optional_str(raw_id) or default_id
        for field in ("source", "url", "date", "lang"):
            value = record.get(field)
            if isinstance(value, (dict, list, bool)):
                raise ValueError(f"'{field}' must be a string, got {type(value).__name__} (nested values would be "
                                 "stored as Python text)")
        return cls(
            id=sid,
            text=text,
            source=_optional_str(record.get("source")),
            url=_optional_str(record.get("url")),
            date=_optional_str(record.get("date")),
            lang=_optional_str(record.get("lang")),
            metadata={k: v for k, v in record.items() if k not in KNOWN_FIELDS},
        )

    def to_record(self) -> dict[str, Any]:
        """The JSON object this statement is stored as (inverse of :meth:`from_record`)."""
        record: dict[str, Any] = {"id": self.id, "text": self.text}
        for key in ("source", "url", "date", "lang"):
            value = getattr(self, key)
            if value is not None:
                record[key] = value
        record.update(self.metadata)
        return record


def source_label(statement: Statement, *, with_id: bool = False) -> str:
    """How a statement's source is named to a reader: "source, date", the id where neither is known."""
    parts = [p for p in (statement.source, statement.date) if p]
    if with_id:
        return ", ".join([*parts, statement.id])
    return ", ".join(parts) or statement.id


def _records(path: Path, text: str, required: str = "text") -> Iterable[tuple[int, Mapping[str, Any]]]:
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise CorpusError(
            f"unknown corpus format '{path.suffix}' (expected one of {', '.join(sorted(_FORMATS))})", path
        )
    if fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"malformed JSON ({exc.msg} at column {exc.colno})", path, number) from exc
            if not isinstance(record, dict):
                raise CorpusError(f"expected a JSON object, found {type(record).__name__}", path, number)
            yield number, record
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if fmt == "tsv" else ",")
    try:
        header = next(reader)
    except StopIteration:
        return
    header = [h.strip() for h in header]
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise CorpusError(f"'{repeated[0]}' appears twice in the header (one of the columns would be lost)", path, 1)
    if required not in header:
        raise CorpusError(f"the header has no '{required}' column (found: {', '.join(header)})", path, 1)
    try:
        for row in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise CorpusError(f"expected {len(header)} fields as in the header, found {len(row)}", path, number)
            yield number, dict(zip(header, row))
    except csv.Error as exc:
        raise CorpusError(f"malformed {fmt.upper()} ({exc})", path, reader.line_num) from exc


def read_corpus(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Statement]:
    """Read statements from one or more corpus files, checking ids across all of them.

    Raises :class:`CorpusError` naming the file and line for malformed lines,
    missing or empty ``text`` and duplicate ids, and for a load that yields
    no statement at all.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    statements: list[Statement] = []
    seen: dict[str, str] = {}
    names = []
    for raw in paths:
        path = Path(raw)
        names.append(str(path))
        text = read_text(path, "corpus file")
        for number, record in _records(path, text):
            try:
                statement = Statement.from_record(record, default_id=f"{path.stem}:{number}")
            except ValueError as exc:
                raise CorpusError(str(exc), path, number) from exc
            reason = too_long("statement", statement.text)
            if reason:
                raise CorpusError(reason, path, number)
            if statement.id in seen:
                raise CorpusError(f"duplicate id '{statement.id}' (first at {seen[statement.id]})", path, number)
            seen[statement.id] = f"{path}:{number}"
            statements.append(statement)
    if not statements:
        raise CorpusError("corpus holds no statements", ", ".join(names) or "(no files)")
    return statements
