"""Reference statements and the corpus files they are read from.

A corpus is JSONL (one object a line), CSV/TSV with a header, or a JSON list
of objects. ``text`` is required; ``id``, ``source``, ``url``, ``date`` and
``lang`` are optional; any other field is kept in ``metadata``. Ids are
unique across all the files of one load; a statement without an id gets
``"<file stem>:<line>"`` (in a JSON list, ``"<file stem>:$[<index>]"``).

Fact-checks in schema.org ClaimReview form are read too, detected from
content (JSON-LD, saved fact-check pages, the Fact Check Tools API response,
the ClaimReview data feed, or ClaimReview objects as JSONL lines): see
:mod:`claimcheck.claimreview`.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from ._errors import CorpusError
from ._io import read_text
from .limits import too_long

KNOWN_FIELDS = ("id", "text", "source", "url", "date", "lang")
_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv"}
_CORPUS_FORMATS = {**_FORMATS, ".json": "json", ".jsonld": "json", ".html": "html", ".htm": "html"}


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


def json_lines(text: str) -> Iterator[tuple[int, Any, json.JSONDecodeError | None]]:
    """``(line number, value, None)`` for each non-blank line of a JSON Lines text, or ``(line number, None,
    the error)`` for a line that is not JSON; callers say what a line must be and word their own errors."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), None
        except json.JSONDecodeError as exc:
            yield number, None, exc


def _records(path: Path, text: str, required: str = "text") -> Iterable[tuple[int, Mapping[str, Any]]]:
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise CorpusError(
            f"unknown corpus format '{path.suffix}' (expected one of {', '.join(sorted(_FORMATS))})", path
        )
    if fmt == "jsonl":
        for number, record, error in json_lines(text):
            if error is not None:
                raise CorpusError(f"malformed JSON ({error.msg} at column {error.colno})", path, number) from error
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


def _sniff(path: Path, text: str) -> str:
    """The corpus format of ``path``: from its suffix, else from how its content starts."""
    fmt = _CORPUS_FORMATS.get(path.suffix.lower())
    if fmt is not None:
        return fmt
    head = text.lstrip("\ufeff \t\r\n")[:1]
    if head in ("{", "["):
        return "jsonl" if head == "{" and "\n{" in text.strip() and _first_line_is_object(text) else "json"
    if head == "<":
        return "html"
    raise CorpusError(f"unknown corpus format '{path.suffix}' (expected one of {', '.join(sorted(_CORPUS_FORMATS))}, "
                      "or JSON / HTML content)", path)


def _first_line_is_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text.strip().splitlines()[0]), dict)
    except ValueError:
        return False


# One record of a corpus file: (line or None, where in the file, the statement record or what is wrong with it).
_Item = tuple[int | None, str | None, "Mapping[str, Any] | str"]


def _review_items(reviews: Iterable[Any], line_of: Any) -> Iterable[_Item]:
    from .claimreview import to_record

    for review in reviews:
        if isinstance(review, tuple):
            where, problem = review
            yield line_of(where), where, problem
            continue
        try:
            yield None, review.where, to_record(review)
        except ValueError as exc:
            yield line_of(review.where), review.where, str(exc)


def _items(path: Path, text: str) -> Iterable[_Item]:
    """Every record of one corpus file, in order, as statement records or problems (see :data:`_Item`)."""
    from . import claimreview

    fmt = _sniff(path, text)
    if fmt in ("csv", "tsv"):
        for number, record in _records(path, text):
            yield number, None, record
        return
    if fmt == "jsonl":
        for number, record, error in json_lines(text):
            if error is not None:
                yield number, None, f"malformed JSON ({error.msg} at column {error.colno})"
            elif not isinstance(record, dict):
                yield number, None, f"expected a JSON object, found {type(record).__name__}"
            elif "text" not in record and claimreview.looks_like_claimreview(record):
                yield from ((number, where, r) for _, where, r in
                            _review_items(claimreview.find_reviews(record), lambda where: number))
            else:
                yield number, None, record
        return
    if fmt == "html":
        try:
            blocks = claimreview.json_ld_blocks(text)
        except ValueError as exc:
            raise CorpusError(str(exc), path) from exc
        reviews = [r for i, block in enumerate(blocks) for r in claimreview.find_reviews(block, f"JSON-LD item {i + 1}")]
        if not reviews:
            kinds = sorted({t for b in blocks if isinstance(b, dict) for t in claimreview._types(b)})
            raise CorpusError("no ClaimReview in the page's JSON-LD" + (f" (found: {', '.join(kinds)})" if kinds
                                                                        else " (no ld+json blocks)"), path)
        yield from _review_items(reviews, lambda where: None)
        return
    try:
        data = claimreview.load_json(text)
    except ValueError as exc:
        cause = exc.__cause__
        raise CorpusError(str(exc), path, getattr(cause, "lineno", None)) from exc
    line_of = claimreview.LineFinder(text)
    found = False
    # A list may mix reviews and plain statements (objects with "text"); anything else in it is some other node.
    for i, element in enumerate(data if isinstance(data, list) else [data]):
        where = f"$[{i}]" if isinstance(data, list) else "$"
        reviews = list(claimreview.find_reviews(element, where))
        if reviews:
            found = True
            yield from _review_items(reviews, line_of)
        elif isinstance(data, list) and isinstance(element, dict) and "text" in element:
            found = True
            yield None, where, element
    if not found:
        kinds = sorted({t for r in (data if isinstance(data, list) else [data]) if isinstance(r, dict)
                        for t in claimreview._types(r)})
        raise CorpusError("no ClaimReview records or statements found (expected ClaimReview JSON-LD, a Fact Check "
                          "Tools API response, a ClaimReview data feed, or a list of objects with 'text')"
                          + (f"; found: {', '.join(kinds)}" if kinds else ""), path)


def read_corpus(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
                skip_invalid: bool = False, skipped: list[str] | None = None) -> list[Statement]:
    """Read statements from one or more corpus files, checking ids across all of them.

    Raises :class:`CorpusError` naming the file and line (and, in JSON, the
    record's path such as ``$.claims[2].claimReview[0]``) for malformed
    records, missing or empty ``text`` and duplicate ids, and for a load that
    yields no statement at all. With ``skip_invalid``, such records are left
    out instead, and each is described in ``skipped`` when a list is given
    (a file that cannot be parsed at all is still an error).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    statements: list[Statement] = []
    seen: dict[str, str] = {}
    names = []
    finders: dict[str, object] = {}  # one position-keeping parse per JSON file, made only for an error
    for raw in paths:
        path = Path(raw)
        names.append(str(path))
        text = read_text(path, "corpus file")
        for number, where, item in _items(path, text):
            prefix = f"record {where}: " if where else ""
            try:
                if isinstance(item, str):
                    raise ValueError(item)
                default_id = f"{path.stem}:{number if number is not None else where}"
                statement = Statement.from_record(item, default_id=default_id)
                reason = too_long("statement", statement.text)
                if reason:
                    raise ValueError(reason)
                if statement.id in seen:
                    raise ValueError(f"duplicate id '{statement.id}' (first at {seen[statement.id]})")
            except ValueError as exc:
                if where and where.startswith("$") and _sniff(path, text) == "json":
                    from .claimreview import LineFinder

                    finder = finders.setdefault(str(path), LineFinder(text))
                    number = finder(where)
                error = CorpusError(prefix + str(exc), path, number)
                if not skip_invalid:
                    raise error from exc
                if skipped is not None:
                    skipped.append(str(error))
                continue
            seen[statement.id] = f"{path}:{number}" if number is not None else f"{path} {where}"
            statements.append(statement)
    if not statements:
        raise CorpusError("corpus holds no statements" + (f" (every record was invalid and skipped; the first: "
                                                          f"{skipped[0]})" if skip_invalid and skipped else ""),
                          ", ".join(names) or "(no files)")
    return statements
