"""Many articles in one run: one report per article, a summary, resumable.

:func:`check_batch` checks every article of its inputs against one index and
writes, into ``out_dir``, one report per article (``<id>.json``, or
``.jsonl``/``.md``/``.html`` by ``format``) and ``summary.json``. The model and
the index load once; the sentences of many articles are encoded together, in
calls of about ``batch_sentences`` sentences (articles are not split across
calls), and then each article is matched and judged exactly as
:func:`~claimcheck.check.check_text` does it (it *is* ``check_text``, handed the
vectors already made), so a batch report equals the single-article one.

Inputs (:func:`iter_articles`), all validated before any model loads:

- a text file (UTF-8) or a saved web page (``.html``, ``.htm``, ``.xhtml``, or
  content that starts like HTML): one article, id = the file's stem;
- a folder: its ``*.txt``, ``*.md``, ``*.html``, ``*.htm`` and ``*.xhtml``
  files, sorted by name, hidden files and a folder's own documentation
  (``README``, ``LICENSE``, ``CHANGELOG``, ``CONTRIBUTING``, any extension)
  left out; **not recursive** (a folder
  of reports or of other material below it is never picked up by accident;
  pass sub-folders explicitly, e.g. with a shell glob ``news/*/``);
- a ``.jsonl`` file: one record a line, ``{"id", "text", "url", "date",
  "title", "lang"}``, ``text`` or ``url`` required (a record with a ``text``
  is checked as it is and its ``url`` kept as its name; one with only a
  ``url`` is fetched); ``id`` defaults to ``<file stem>-<line>``; ``date`` is
  ``YYYY-MM-DD``;
- a ``.urls`` file: one http(s) URL a line; blank lines and lines starting
  with ``#`` are ignored;
- an http:// or https:// URL: fetched and reduced to its main text
  (:mod:`claimcheck.web`).

Report names come from ids made filesystem-safe (:func:`safe_id`): letters
of any script, digits, ``.``, ``_`` and ``-`` are kept, anything else becomes
``-``; an id that comes out empty, too long (over 120 UTF-8 bytes), reserved
(``summary``; Windows device names such as ``con``) or equal to another
article's (ignoring case, for case-insensitive file systems) gets ``-`` and 8
hex digits of a SHA-256 of where the article comes from (its resolved path,
URL, or file and line). The same input twice (same resolved file, URL or
record) is checked once.

Resumable: an article whose report already exists in ``out_dir`` is skipped
(reports are written whole or not at all, so an existing one is complete);
no report is ever replaced. One article's failure (an unreadable or empty
file, an HTTP 404, no sentences) is recorded in the summary with its one-line
error and the others go on; a failed article has no report, so the next run
tries it again.

Engines: ``engine="local"`` runs in this process; ``engine="ray"`` runs on a
Ray cluster (``pip install 'claimcheck-nlp[ray]'``) with Ray Data: the
articles become a dataset whose ``map_batches`` runs on ``actors`` actors,
each of which loads the encoder and the index once. Ray's own mechanisms
handle failures and memory pressure: Ray Data restarts a dead actor (running
its ``__init__`` again) and retries its batch (``max_restarts=-1``,
``max_task_retries=-1``, Ray Data's defaults for actor pools), a batch that
fails all the same has its articles recorded as failed (``max_errored_blocks``)
instead of stopping the run, and the object store spills to disk. Items travel
as one JSON string each. The driver writes every report, so the workers need no
shared file system for the output and no two processes write one report; file
inputs are read by the actors, at their absolute paths (a local cluster, or a
file system shared at the same path); texts and URLs need nothing shared.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Any

import attrs

from ._errors import ClaimcheckError, InputError, InputNotFoundError
from ._version import __version__
from ._wrapper import RememberingEncoder

__all__ = ["ARTICLE_SUFFIXES", "Article", "ArticleResult", "BatchProgress", "BatchSummary", "FORMATS",
           "SUMMARY_FILE", "check_batch", "iter_articles", "load_article", "report_path", "safe_id"]

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".xhtml")
"""The files of a folder that are taken as articles."""
FOLDER_DOCUMENTS = ("readme", "license", "licence", "changelog", "contributing")
"""Stems of the files that document a folder rather than hold an article: a folder's README.md is left out."""
FORMATS = {"json": ".json", "jsonl": ".jsonl", "markdown": ".md", "html": ".html"}
"""Report formats and their file extensions."""
SUMMARY_FILE = "summary.json"
SUMMARY_FORMAT = 1
"""Version of the summary's layout (``claimcheck_batch`` in it), bumped if a field changes meaning."""
ENGINES = ("local", "ray")
RAY_INSTALL = "the ray engine needs: pip install 'claimcheck-nlp[ray]'"
MAX_ID_BYTES = 120
_RESERVED = {"summary", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_DASHES = re.compile(r"-{2,}")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@attrs.frozen(slots=True)
class Article:
    """One article of a batch: where its text comes from, and what names it.

    Exactly one of ``text`` (the text itself), ``path`` (a text file or a
    saved web page) and ``url`` (a page to fetch) is where the text comes from;
    a record with a text may still carry its ``url``, then only a name.
    """

    id: str
    """Unique in the batch and safe as a file name: the report is ``<id>.<ext>``."""
    source: str
    """What the report names the article by: the path as given, the URL, or ``file.jsonl:LINE``."""
    text: str | None = None
    path: str | None = None
    url: str | None = None
    date: dt.date | None = None
    """The article's own date (a record's ``date``); a web page's own date, else the batch's, when None."""
    title: str | None = None
    language: str | None = None


@attrs.frozen(slots=True)
class ArticleResult:
    """What became of one article: ``ok`` (report written), ``skipped`` (its report was there already),
    ``failed`` (``error`` says why, on one line) or ``pending`` (the run stopped before it)."""

    id: str
    source: str
    status: str
    report: str | None = None
    """The report's file name in ``out_dir``."""
    error: str | None = None
    sentences: int | None = None
    verdicts: dict[str, int] | None = None
    language: str | None = None
    seconds: float | None = None
    """Time spent on this article (its share of the encoding included), for ``ok`` and ``failed``."""

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen(slots=True)
class BatchProgress:
    """Handed to ``progress`` after each article this run checks (skipped articles are not counted)."""

    done: int
    total: int
    ok: int
    failed: int
    elapsed: float
    """Seconds since the first article started (after the model loaded, or the Ray job was submitted)."""

    @property
    def articles_per_s(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0


@attrs.frozen(slots=True)
class BatchSummary:
    """The result of :func:`check_batch`, as written to ``summary.json`` (:meth:`to_dict`)."""

    articles: tuple[ArticleResult, ...] = attrs.field(converter=tuple)
    out_dir: str
    engine: str
    format: str
    model: str
    index: str | None
    started: str
    finished: str
    setup_seconds: float
    """Loading the index and the model, or starting Ray (the actors load theirs while processing)."""
    processing_seconds: float
    actors: int | None = None
    interrupted: bool = False
    options: dict[str, Any] = attrs.field(factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for a in self.articles if a.status == status)

    @property
    def articles_per_s(self) -> float:
        """Articles checked this run (ok or failed) per second of processing."""
        done = self.count("ok") + self.count("failed")
        return done / self.processing_seconds if self.processing_seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        verdicts: dict[str, int] = {}
        for a in self.articles:
            for label, n in (a.verdicts or {}).items():
                verdicts[label] = verdicts.get(label, 0) + n
        totals = {"articles": len(self.articles), **{s: self.count(s) for s in ("ok", "skipped", "failed", "pending")},
                  "sentences": sum(a.sentences or 0 for a in self.articles), "verdicts": verdicts}
        return {
            "claimcheck_batch": SUMMARY_FORMAT,
            "claimcheck_version": __version__,
            "engine": self.engine,
            "actors": self.actors,
            "format": self.format,
            "model": self.model,
            "index": self.index,
            "options": self.options,
            "started": self.started,
            "finished": self.finished,
            "setup_seconds": round(self.setup_seconds, 3),
            "processing_seconds": round(self.processing_seconds, 3),
            "articles_per_s": round(self.articles_per_s, 3),
            "complete": totals["failed"] == 0 and totals["pending"] == 0,
            "interrupted": self.interrupted,
            "totals": totals,
            "articles": [a.to_dict() for a in self.articles],
        }


# -- inputs ------------------------------------------------------------------------------------------------------

def safe_id(raw: str) -> str:
    """``raw`` as a file-name stem: letters (any script), digits, ``.``, ``_``, ``-``; the rest becomes ``-``.

    May return "" (nothing usable) or a name that :func:`iter_articles` still
    has to make unique; it never starts with ``.`` (hidden files, and the
    temporary files of atomic writes, start so) and holds no path separator.
    """
    import regex

    text = unicodedata.normalize("NFC", str(raw))
    text = _DASHES.sub("-", regex.sub(r"[^\p{L}\p{M}\p{N}._\-]+", "-", text))  # marks: Devanagari's vowel signs
    return text.strip(".-_ ")


def _short_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def _cut(name: str, limit: int) -> str:
    data = name.encode("utf-8")
    if len(data) <= limit:
        return name
    return data[:limit].decode("utf-8", "ignore").rstrip(".-_")


def _unique_ids(drafts: list[tuple[str, str]]) -> list[str]:
    """Final ids for (raw id, key) drafts: :func:`safe_id`, plus ``-<hash of key>`` where needed (see the module)."""
    bases = []
    for raw, _ in drafts:
        base = safe_id(raw)
        cut = _cut(base, MAX_ID_BYTES)
        stem = cut.split(".", 1)[0].casefold()
        bases.append((cut, bool(cut) and cut == base and stem not in _RESERVED))
    seen: dict[str, int] = {}
    for base, fine in bases:
        seen[base.casefold()] = seen.get(base.casefold(), 0) + 1
    ids = []
    for (base, fine), (_, key) in zip(bases, drafts):
        if fine and seen[base.casefold()] == 1:
            ids.append(base)
        else:
            ids.append(f"{_cut(base, MAX_ID_BYTES - 9)}-{_short_hash(key)}" if base else f"article-{_short_hash(key)}")
    taken: dict[str, int] = {}
    for i, name in enumerate(ids):  # a hashed name equal to another article's own: astronomically rare, but made unique
        folded = name.casefold()
        if folded in taken:
            longer = hashlib.sha256(drafts[i][1].encode("utf-8")).hexdigest()[:17]
            ids[i] = f"{_cut(safe_id(drafts[i][0]), MAX_ID_BYTES - 18)}-{longer}"
            folded = ids[i].casefold()
        taken[folded] = i
    return ids


def _url_id(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.hostname or ''}{parts.path}{'-' + parts.query if parts.query else ''}"


def _parse_date(value: Any, path: Path, line: int) -> dt.date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        raise InputError(f"'date' must be YYYY-MM-DD, got {value!r}", path, line)
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"'date' is not a real date: {value!r}", path, line) from None


def _records(path: Path) -> Iterator[tuple[str, str, Article]]:
    """(raw id, key, article) for each record of a JSONL file, every line checked."""
    from ._io import read_text
    from .corpus import json_lines
    from .sentences import check_language
    from .web import is_url

    text = read_text(path, "articles file")
    explicit: dict[str, int] = {}
    found = False
    for number, record, error in json_lines(text):
        if error is not None:
            raise InputError(f"not valid JSON ({error.msg}, column {error.colno})", path, number) from None
        if not isinstance(record, dict):
            raise InputError(f"expected a JSON object, found {type(record).__name__}", path, number)
        body, url = record.get("text"), record.get("url")
        for name, value in (("text", body), ("url", url), ("title", record.get("title")), ("lang", record.get("lang"))):
            if value is not None and not isinstance(value, str):
                raise InputError(f"'{name}' must be a string, got {type(value).__name__}", path, number)
        if body is None and not url:
            raise InputError("a record needs 'text' or 'url'", path, number)
        if url and not is_url(url):
            raise InputError(f"'url' is not an http(s) URL: {url!r}", path, number)
        raw_id = record.get("id")
        if raw_id is None or raw_id == "":
            raw_id = f"{path.stem}-{number}"
        elif isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
            raise InputError(f"'id' must be a string or an integer, got {type(raw_id).__name__}", path, number)
        else:
            raw_id = str(raw_id)
            if raw_id in explicit:
                raise InputError(f"duplicate id {raw_id!r} (also on line {explicit[raw_id]})", path, number)
            explicit[raw_id] = number
        language = record.get("lang") or None
        if language is not None:
            try:
                language = check_language(language)
            except InputError as exc:
                raise InputError(str(exc), path, number) from None
        where = f"{path}:{number}"
        found = True
        # the key of a record with a text is its file and line (two such records of one URL are two articles);
        # two records of one URL to fetch are one
        yield raw_id, f"{path.resolve()}:{number}" if body is not None else url, Article(
            id=raw_id, source=url or where, text=body, url=url or None,
            date=_parse_date(record.get("date"), path, number), title=record.get("title") or None,
            language=language)
    if not found:
        raise InputError("no records (expected one JSON object a line)", path)


def _url_list(path: Path) -> Iterator[tuple[str, str, Article]]:
    from ._io import read_text
    from .web import is_url

    found = False
    for number, line in enumerate(read_text(path, "URL list").splitlines(), start=1):
        value = line.strip()
        if not value or value.startswith("#"):
            continue
        if not is_url(value):
            raise InputError(f"not an http(s) URL: {value!r}", path, number)
        found = True
        yield _url_id(value), value, Article(id=value, source=value, url=value)
    if not found:
        raise InputError("no URLs (expected one http:// or https:// URL a line)", path)


def _file_article(path: Path, given: str) -> tuple[str, str, Article]:
    return path.stem, str(path.resolve()), Article(id=path.stem, source=given, path=given)


def iter_articles(inputs: Iterable[str | os.PathLike[str] | Article]) -> Iterator[Article]:
    """The articles of ``inputs`` (files, folders, ``.jsonl`` records, ``.urls`` lists, URLs; see the module),
    with unique, filesystem-safe ids.

    Every input is checked before the first article is yielded: a missing
    file or folder, a folder without articles, a malformed JSONL line
    (naming the file and line), a bad URL, a duplicate id raise a one-line
    :class:`~claimcheck.InputError` (:class:`~claimcheck.InputNotFoundError`
    for a missing path). Articles given as :class:`Article` pass through, their
    ids made safe and unique like the others. Reading the articles' text is
    left to :func:`load_article`: an unreadable or empty file fails that
    article alone.
    """
    from .web import is_url

    drafts: list[tuple[str, str, Article]] = []
    for value in inputs:
        if isinstance(value, Article):
            drafts.append((value.id, f"article:{value.id}:{value.source}", value))
            continue
        given = os.fspath(value)
        if is_url(given):
            drafts.append((_url_id(given), given, Article(id=given, source=given, url=given)))
            continue
        if _SCHEME.match(given):
            raise InputError("invalid URL (expected http:// or https:// followed by a host name)", given)
        path = Path(given)
        if not path.exists():
            raise InputNotFoundError("input not found", given)
        if path.is_dir():
            files = sorted(p for p in path.iterdir()
                           if p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".")
                           and p.stem.lower() not in FOLDER_DOCUMENTS and p.is_file())
            if not files:
                patterns = ", ".join("*" + s for s in ARTICLE_SUFFIXES)
                raise InputError(f"no articles in this folder (expected {patterns}; sub-folders are not searched)",
                                 given)
            drafts.extend(_file_article(p, str(p)) for p in files)
        elif path.suffix.lower() == ".jsonl":
            drafts.extend(_records(path))
        elif path.suffix.lower() == ".urls":
            drafts.extend(_url_list(path))
        else:
            drafts.append(_file_article(path, given))
    unique: dict[str, tuple[str, str, Article]] = {}
    for raw, key, article in drafts:
        unique.setdefault(key, (raw, key, article))  # the same file, URL or record twice: once
    kept = list(unique.values())
    if not kept:
        raise InputError("no articles to check")
    ids = _unique_ids([(raw, key) for raw, key, _ in kept])
    for new_id, (_, _, article) in zip(ids, kept):
        yield attrs.evolve(article, id=new_id)


def report_path(out_dir: str | os.PathLike[str], article: Article | str, format: str = "json") -> Path:
    """Where ``article``'s report goes in ``out_dir``."""
    return Path(out_dir) / f"{article if isinstance(article, str) else article.id}{FORMATS[format]}"


# -- loading and checking ------------------------------------------------------------------------------------------

@attrs.frozen(slots=True)
class _Loaded:
    article: Article
    text: str
    title: str | None
    date: dt.date | None


def load_article(article: Article) -> tuple[str, str | None, dt.date | None]:
    """``(text, title, date)`` of an article: its text, or its file read (a saved page reduced to its main text),
    or its URL fetched; the title and date are a web page's (a record's own win). One-line errors naming it.

    A page's headline that also opens its text is taken off the text (the
    check puts the title back as its first line), as ``claimcheck check`` does.
    """
    from .limits import too_long

    title, date = article.title, article.date
    if article.text is not None:
        text = article.text
    elif article.path is not None or article.url is not None:
        from ._io import read_text
        from .web import is_html_file, read_web_article, without_headline

        where = article.path if article.path is not None else article.url
        assert where is not None
        if article.path is not None and not is_html_file(article.path):
            text = read_text(article.path, "article")
        else:
            page = read_web_article(where)
            title = title or page.title
            text = without_headline(page.text, title)
            if date is None and page.date:
                date = dt.date.fromisoformat(page.date)
    else:
        raise InputError("the article has no text, file or URL", article.source)
    reason = too_long("article", text)
    if reason:
        raise InputError(reason, article.source)
    return text, title, date


def _query_texts(text: str, title: str | None, language: str | None) -> list[str]:
    """The texts :func:`~claimcheck.check.check_text` will encode for this article ([] where it would refuse it).

    Mirrors the first steps of ``check_text`` (title line, language, sentences,
    links stripped); a text it misses is simply encoded by ``check_text``
    itself, so a difference costs speed, never correctness.
    """
    from .limits import too_long
    from .sentences import check_language, detect_language, split_sentences
    from .text import strip_links

    try:
        if title and " ".join(title.split()):
            text = f"{' '.join(title.split())}\n\n{text}"
        if not text.strip() or too_long("article", text):
            return []
        lang = check_language(language) if language else detect_language(text)
        return [strip_links(s.text) for s in split_sentences(text, lang)]
    except Exception:  # noqa: BLE001 - check_text will raise the proper error for this article
        return []


@attrs.frozen(slots=True)
class _Options:
    format: str
    k: int
    language: str | None
    date: dt.date | None
    verdicts: bool
    retrieval: str
    adapter: Any  # a resolved QueryAdapter or None
    batch_sentences: int
    encode_batch_size: int
    fetch_workers: int


@attrs.frozen(slots=True)
class _Outcome:
    article: Article
    status: str  # ok | failed
    rendered: str | None = None
    error: str | None = None
    sentences: int | None = None
    verdicts: dict[str, int] | None = None
    language: str | None = None
    seconds: float = 0.0


def _one_line(exc: BaseException, source: str) -> str:
    if isinstance(exc, ClaimcheckError):
        text = str(exc)
    elif isinstance(exc, OSError) and exc.strerror:
        text = f"{exc.filename or source}: {exc.strerror}"
    else:
        text = f"{source}: {type(exc).__name__}: {exc}"
    return " ".join(text.split())


def _render(report: Any, format: str) -> str:
    from .report import to_json, to_jsonl, to_markdown

    if format == "html":
        from .report_html import to_html

        rendered = to_html(report)
    else:
        rendered = {"json": to_json, "jsonl": to_jsonl, "markdown": to_markdown}[format](report)
    return rendered.rstrip("\n") + "\n"  # as `claimcheck check --output` writes it


def _loaded(articles: Iterable[Article], workers: int) -> Iterator[_Loaded | _Outcome]:
    """Each article loaded (files read, pages fetched), in order, ``workers`` at a time: a list of URLs waits on the
    network in parallel. A failure comes out as a failed outcome."""

    def load(article: Article) -> _Loaded | _Outcome:
        start = time.perf_counter()
        try:
            return _Loaded(article, *load_article(article))
        except Exception as exc:  # noqa: BLE001 - one article's failure is recorded, the rest go on
            return _Outcome(article, "failed", error=_one_line(exc, article.source),
                            seconds=time.perf_counter() - start)

    if workers <= 1:
        yield from map(load, articles)
        return
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="claimcheck-load")
    try:
        window: deque[Future[_Loaded | _Outcome]] = deque()
        for article in articles:
            window.append(pool.submit(load, article))
            if len(window) >= 2 * workers:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    finally:  # interrupted: what has not started is dropped rather than waited for
        pool.shutdown(wait=False, cancel_futures=True)


def _check_chunk(chunk: list[tuple[_Loaded, list[str]]], index: Any, encoder: Any,
                 options: _Options) -> Iterator[_Outcome]:
    """Encode the sentences of every article of ``chunk`` in one call, then check each article with them."""
    from .check import check_text

    texts = [t for _, ts in chunk for t in ts]
    vectors: dict[str, Any] = {}
    start = time.perf_counter()
    if texts:
        try:
            vectors = dict(zip(texts, encoder.encode(texts, batch_size=options.encode_batch_size)))
        except Exception:  # noqa: BLE001 - each article then encodes its own, so a bad one fails alone
            vectors = {}
    share = (time.perf_counter() - start) / max(1, len(texts))
    cached = RememberingEncoder(encoder, vectors)
    for loaded, own in chunk:
        article, t0 = loaded.article, time.perf_counter()
        try:
            report = check_text(loaded.text, index, encoder=cached, k=options.k,
                                language=article.language or options.language, source=article.source,
                                date=loaded.date or options.date, verdicts=options.verdicts,
                                retrieval=options.retrieval, adapter=options.adapter, title=loaded.title,
                                batch_size=options.encode_batch_size)
            rendered = _render(report, options.format)
        except Exception as exc:  # noqa: BLE001
            yield _Outcome(article, "failed", error=_one_line(exc, article.source),
                           seconds=time.perf_counter() - t0 + share * len(own))
            continue
        yield _Outcome(article, "ok", rendered=rendered, sentences=len(report.sentences), verdicts=report.counts(),
                       language=report.language, seconds=time.perf_counter() - t0 + share * len(own))


def _process(articles: Iterable[Article], index: Any, encoder: Any, options: _Options) -> Iterator[_Outcome]:
    """Every article's outcome, the sentences of about ``batch_sentences`` at a time encoded together (the engines'
    shared core: the local engine runs it on all articles, each Ray actor on its batches)."""
    chunk: list[tuple[_Loaded, list[str]]] = []
    size = 0
    for item in _loaded(articles, options.fetch_workers):
        if isinstance(item, _Outcome):
            yield item
            continue
        texts = _query_texts(item.text, item.title, item.article.language or options.language)
        chunk.append((item, texts))
        size += len(texts)
        if size >= options.batch_sentences:
            yield from _check_chunk(chunk, index, encoder, options)
            chunk, size = [], 0
    if chunk:
        yield from _check_chunk(chunk, index, encoder, options)


# -- writing -------------------------------------------------------------------------------------------------------

def _write_new(path: Path, data: bytes) -> bool:
    """Write ``path`` whole or not at all, never replacing a file already there: False if one is (another run wrote
    it meanwhile; theirs is kept)."""
    from ._io import write_atomic

    part = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.part")
    write_atomic(part, data)
    try:
        os.link(part, path)  # atomic, and refuses an existing name
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links
        if path.exists():
            return False
        os.replace(part, path)
        return True
    finally:
        try:
            os.unlink(part)
        except FileNotFoundError:
            pass
    return True


def _check_out_dir(out_dir: Path, articles: Sequence[Article]) -> None:
    """Refuse, before any work, an output folder that would mix reports with anything of the user's."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("is a file; --out takes a folder for the reports", out_dir)
    if not out_dir.exists() and not out_dir.parent.is_dir():
        raise InputError("output folder's parent does not exist", out_dir)
    summary = out_dir / SUMMARY_FILE
    if summary.exists():
        try:
            held = json.loads(summary.read_text(encoding="utf-8"))
            ours = isinstance(held, dict) and "claimcheck_batch" in held
        except (OSError, ValueError):
            ours = False
        if not ours:
            raise InputError(f"holds a {SUMMARY_FILE} that is not a claimcheck batch summary; choose another folder",
                             out_dir)
    if out_dir.is_dir():
        for article in articles:
            if article.path is None:
                continue
            try:
                inside = os.path.samefile(Path(article.path).parent, out_dir)
            except OSError:
                inside = False
            if inside:
                raise InputError(f"holds the articles themselves ({article.path}); choose another folder for the "
                                 "reports", out_dir)


def _same_source(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    if a == b:
        return True
    try:
        return os.path.samefile(a, b)  # "news/x.txt" and "./news/x.txt"
    except OSError:
        return False


def _check_reports_are_theirs(out: Path, done: Sequence[Article], format: str) -> None:
    """Refuse, before any work, to skip an article because a file of its report's name is there when that file is
    another article's report (another input of the same name) or no report of ours: resuming trusts names only
    when the report says (or the previous summary says) that it is this article's."""
    if not done:
        return
    previous: dict[str, str] = {}
    try:
        summary = json.loads((out / SUMMARY_FILE).read_text(encoding="utf-8"))
        previous = {str(a.get("report")): str(a.get("source")) for a in summary.get("articles", [])
                    if isinstance(a, dict) and a.get("report")}
    except (OSError, ValueError, AttributeError, TypeError):
        pass
    for article in done:
        path = report_path(out, article, format)
        owner = previous.get(path.name)
        if owner is None and format == "json":
            try:
                owner = json.loads(path.read_text(encoding="utf-8")).get("source")
            except (OSError, ValueError, AttributeError, TypeError):
                owner = None
        if not _same_source(owner, article.source):
            what = f"the report of {owner}" if owner else "not a report claimcheck wrote for it"
            raise InputError(f"{path.name} is already there, but it is {what}, not of {article.source}; choose "
                             "another folder for the reports (nothing was checked)", out)


def _skipped_result(article: Article, path: Path, format: str) -> ArticleResult:
    sentences = verdicts = language = None
    if format == "json":
        try:
            done = json.loads(path.read_text(encoding="utf-8"))
            sentences, verdicts, language = len(done.get("sentences", [])), done.get("verdicts"), done.get("language")
        except (OSError, ValueError, AttributeError, TypeError):
            pass
    return ArticleResult(article.id, article.source, "skipped", report=path.name, sentences=sentences,
                         verdicts=verdicts, language=language)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


# -- the entry point -----------------------------------------------------------------------------------------------

def check_batch(inputs: Iterable[str | os.PathLike[str] | Article], index: Any, *,
                out_dir: str | os.PathLike[str], encoder: Any = None, format: str = "json", k: int = 3,
                language: str | None = None, date: dt.date | None = None, verdicts: bool = True,
                retrieval: Any = None, adapter: Any = "default", batch_sentences: int = 256,
                encode_batch_size: int = 32, resume: bool = True,
                progress: Callable[[BatchProgress], None] | None = None, fetch_workers: int = 4,
                engine: str = "local", address: str | None = None, actors: int = 2,
                articles_per_task: int | None = None) -> BatchSummary:
    """Check many articles against ``index`` (a :class:`~claimcheck.StatementIndex` or an index folder), writing
    one report per article and ``summary.json`` into ``out_dir`` (see the module for inputs, ids and resuming).

    ``format`` is json, jsonl, markdown or html; ``k``, ``language``,
    ``verdicts``, ``retrieval`` and ``adapter`` are :func:`~claimcheck.check.check_text`'s; ``date`` is
    the date of articles that have none of their own. ``batch_sentences`` is
    about how many sentences (of several articles) one encoding call gets;
    ``encode_batch_size`` the model's batch within it. ``resume=False``
    refuses an ``out_dir`` that holds any of the reports already instead of
    skipping those articles. ``progress`` is called after each article
    checked. ``fetch_workers`` articles are read or fetched at a time.

    ``engine="ray"`` runs on Ray (``address``: a cluster to join; default: the
    one this process is connected to, else ``RAY_ADDRESS``, else a new local
    one, shut down at the end) with ``actors`` actors of one CPU each, each
    given ``articles_per_task`` articles at a time (default: a quarter of an
    actor's share, 1 to 32). It needs the index as a folder (saved), which
    every actor loads; with ``encoder=None``
    each actor loads the index's model, a claimcheck encoder given is loaded
    by its name there, any other encoder object is sent to the actors as it is.

    Every check of the inputs and options raises a one-line error before the
    model loads. Returns the :class:`BatchSummary`; the failures are in it
    (and in ``summary.json``), not raised.
    """
    from .adapter import resolve_adapter
    from .index import StatementIndex, check_k
    from .lexical import DEFAULT_RETRIEVAL, Retrieval, parse_retrieval
    from .sentences import check_language

    started, clock = _now(), time.perf_counter()
    check_k(k)
    if format not in FORMATS:
        raise InputError(f"format must be one of {', '.join(FORMATS)}; got {format!r}")
    if engine not in ENGINES:
        raise InputError(f"engine must be one of {', '.join(ENGINES)}; got {engine!r}")
    for name, value in (("batch_sentences", batch_sentences), ("encode_batch_size", encode_batch_size),
                        ("actors", actors), ("fetch_workers", fetch_workers)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InputError(f"{name} must be a positive integer, got {value!r}")
    if articles_per_task is not None and (isinstance(articles_per_task, bool) or not isinstance(articles_per_task, int)
                                          or articles_per_task < 1):
        raise InputError(f"articles_per_task must be a positive integer, got {articles_per_task!r}")
    if engine != "ray" and address is not None:
        raise InputError("address goes with the ray engine")
    if engine == "ray":
        _import_ray()  # before anything slow
    mode = parse_retrieval(retrieval if retrieval is not None else DEFAULT_RETRIEVAL)
    language = check_language(language) if language else None
    articles = list(iter_articles(inputs))
    out = Path(out_dir)
    _check_out_dir(out, articles)
    done = [a for a in articles if report_path(out, a, format).exists()]
    _check_reports_are_theirs(out, done, format)
    if done and not resume:
        raise InputError(f"already holds the reports of {len(done)} of these articles (e.g. "
                         f"{report_path(out, done[0], format).name}); resume, or choose another folder", out)
    if isinstance(index, StatementIndex):
        index_path = index.path
    else:
        index_path = Path(index)
        index = StatementIndex.load(index_path)
    if engine == "ray" and index_path is None:
        raise InputError("the ray engine needs the index as a folder (save it, and pass it or its path)")
    mapper = resolve_adapter(adapter, index.model.fingerprint) if mode is not Retrieval.bm25 else None
    if encoder is not None:
        index.check_encoder(encoder)
    options = _Options(format, k, language, date, verdicts, mode.value, mapper, batch_sentences, encode_batch_size,
                       fetch_workers)
    out.mkdir(exist_ok=True)

    results: dict[str, ArticleResult] = {a.id: _skipped_result(a, report_path(out, a, format), format) for a in done}
    todo = [a for a in articles if a.id not in results]
    counts = {"ok": 0, "failed": 0, "done": 0}
    setup_end = processing_start = time.perf_counter()
    interrupted = False
    model_name = index.model.name

    def record(outcome: _Outcome) -> None:
        article = outcome.article
        path = report_path(out, article, format)
        counts["done"] += 1
        if outcome.status == "ok" and not _write_new(path, (outcome.rendered or "").encode("utf-8")):
            results[article.id] = _skipped_result(article, path, format)  # another run wrote it meanwhile: kept
        else:
            results[article.id] = ArticleResult(
                article.id, article.source, outcome.status, report=path.name if outcome.status == "ok" else None,
                error=outcome.error, sentences=outcome.sentences, verdicts=outcome.verdicts,
                language=outcome.language, seconds=round(outcome.seconds, 4))
            counts[outcome.status] += 1
        if progress is not None:
            progress(BatchProgress(counts["done"], len(todo), counts["ok"], counts["failed"],
                                   time.perf_counter() - processing_start))

    try:
        if engine == "local":
            if todo:
                if encoder is None:
                    from .check import encoder_for

                    encoder = encoder_for(index)
                model_name = encoder.name
            setup_end = processing_start = time.perf_counter()
            with closing(_process(todo, index, encoder, options)) as outcomes:
                for outcome in outcomes:
                    record(outcome)
        elif todo:
            with closing(_ray_outcomes(todo, str(Path(index_path).resolve()), encoder, options, address, actors,
                                       articles_per_task)) as outcomes:
                for outcome in outcomes:
                    record(outcome)
    except (KeyboardInterrupt, SystemExit):  # Ctrl-C: the command line turns it into SystemExit(130)
        interrupted = True
        raise
    finally:
        finished = time.perf_counter()
        summary = BatchSummary(
            articles=[results.get(a.id) or ArticleResult(a.id, a.source, "pending") for a in articles],
            out_dir=str(out), engine=engine, format=format, model=model_name,
            index=str(index_path) if index_path is not None else None, started=started, finished=_now(),
            setup_seconds=setup_end - clock, processing_seconds=finished - processing_start,
            actors=actors if engine == "ray" else None, interrupted=interrupted,
            options={"k": k, "language": language, "date": date.isoformat() if date else None, "verdicts": verdicts,
                     "retrieval": mode.value, "adapter": mapper.name if mapper is not None else None,
                     "batch_sentences": batch_sentences})
        from ._io import write_atomic

        write_atomic(out / SUMMARY_FILE, (json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n")
                     .encode("utf-8"))
    return summary


# -- the Ray engine ------------------------------------------------------------------------------------------------

_RAY_CONTEXT = {
    "enable_progress_bars": False,  # claimcheck shows its own
    "print_on_execution_start": False,
    # A batch whose actor keeps failing, after Ray's own actor restarts and task retries, loses its articles (recorded
    # as failed, below) instead of stopping the whole run.
    "max_errored_blocks": -1,
}
"""Ray Data settings for the run (restored after it)."""


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise InputError(RAY_INSTALL) from None
    return ray


@contextlib.contextmanager
def ray_session(address: str | None) -> Iterator[Any]:
    """The ``ray`` module, connected: to the cluster this process already is connected to, else to ``address``
    (or ``RAY_ADDRESS``), else to a new local cluster, which is shut down on leaving. One-line errors."""
    import logging

    ray = _import_ray()
    started_here = False
    if not ray.is_initialized():
        try:
            if address is None and not os.environ.get("RAY_ADDRESS"):
                ray.init(include_dashboard=False, logging_level=logging.WARNING)  # a new local cluster, for this run
            else:
                ray.init(address=address, logging_level=logging.WARNING)
        except Exception as exc:  # noqa: BLE001 - a bad address, no cluster there, ...: one line
            target = address or os.environ.get("RAY_ADDRESS")
            where = f" at {target}" if target else ""
            raise ClaimcheckError(f"cannot start or join a Ray cluster{where}: {_one_line(exc, 'ray')}") from exc
        started_here = True
    try:
        yield ray
    finally:
        if started_here:
            ray.shutdown()


def _encoder_spec(encoder: Any) -> Any:
    """What to send the actors for ``encoder``: None (the index's model), a claimcheck model's name (each actor
    loads it: a model is large to ship), or the object itself (any other encoder: a test's, a wrapper)."""
    if encoder is None:
        return None
    from .encoder import SentenceTransformerEncoder
    from .onnx_encoder import OnnxEncoder

    if isinstance(encoder, OnnxEncoder) and encoder.build:
        return {"model": encoder.name, "onnx_build": encoder.build}
    if isinstance(encoder, SentenceTransformerEncoder):
        return {"model": encoder.name}
    return {"object": encoder}


def _to_item(article: Article) -> dict[str, str]:
    """An article as one row of the Ray dataset: a single JSON string column, so that no type inference (Arrow's,
    numpy's) turns a missing value into NaN or a number-like id into a number."""
    # paths made absolute: a worker's working folder is not the driver's
    path = str(Path(article.path).resolve()) if article.path is not None else None
    return {"article": json.dumps({
        "id": article.id, "source": article.source, "text": article.text, "path": path, "url": article.url,
        "date": article.date.isoformat() if article.date else None, "title": article.title,
        "language": article.language}, ensure_ascii=False)}


def _from_item(item: str) -> Article:
    row = json.loads(item)
    return Article(**{**row, "date": dt.date.fromisoformat(row["date"]) if row["date"] else None})


def _outcome_to_row(outcome: _Outcome) -> str:
    return json.dumps({"id": outcome.article.id, "status": outcome.status, "rendered": outcome.rendered,
                       "error": outcome.error, "sentences": outcome.sentences, "verdicts": outcome.verdicts,
                       "language": outcome.language, "seconds": outcome.seconds}, ensure_ascii=False)


class _RayChecker:
    """The Ray Data callable class: each actor loads the index and the encoder once, then checks batches of articles
    with the local engine's core (:func:`_process`) and returns the rendered reports to the driver."""

    def __init__(self, index_path: str, encoder_spec: Any, options: _Options):
        from .check import encoder_for
        from .index import StatementIndex

        self.index = StatementIndex.load(index_path)
        if encoder_spec is None:
            self.encoder = encoder_for(self.index)
        elif "model" in encoder_spec:
            self.encoder = encoder_for(self.index, encoder_spec["model"])
        else:
            self.encoder = encoder_spec["object"]
            self.index.check_encoder(self.encoder)
        self.options = options

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        articles = [_from_item(str(item)) for item in batch["article"]]
        return {"outcome": [_outcome_to_row(o) for o in _process(articles, self.index, self.encoder, self.options)]}


def _ray_outcomes(todo: list[Article], index_path: str, encoder: Any, options: _Options, address: str | None,
                  actors: int, articles_per_task: int | None) -> Iterator[_Outcome]:
    """Run the articles through Ray Data and yield their outcomes as they arrive (the driver writes them)."""
    with ray_session(address) as ray:
        yield from _ray_run(ray, todo, index_path, encoder, options, actors, articles_per_task)


def _ray_run(ray: Any, todo: list[Article], index_path: str, encoder: Any, options: _Options, actors: int,
             articles_per_task: int | None) -> Iterator[_Outcome]:
    """:func:`_ray_outcomes` on a connected ``ray``, with claimcheck's Ray Data settings for the run."""
    import logging

    context: Any = None
    saved: dict[str, Any] = {}
    data_logger: Any = None
    saved_level = 0
    try:
        from ray.data import DataContext

        context = DataContext.get_current()
        for name, value in _RAY_CONTEXT.items():
            if hasattr(context, name):
                saved[name] = getattr(context, name)
                setattr(context, name, value)
        data_logger = logging.getLogger("ray.data")
        saved_level = data_logger.level
        data_logger.setLevel(logging.ERROR)  # not "Progress bars disabled": the point; its errors still show
        per_task = articles_per_task or max(1, min(32, -(-len(todo) // (4 * actors))))
        blocks = -(-len(todo) // per_task)
        by_id = {a.id: a for a in todo}
        dataset = ray.data.from_items([_to_item(a) for a in todo], override_num_blocks=blocks)
        results = dataset.map_batches(
            _RayChecker, fn_constructor_kwargs={"index_path": index_path, "encoder_spec": _encoder_spec(encoder),
                                                "options": options},
            batch_size=per_task, batch_format="numpy", compute=ray.data.ActorPoolStrategy(size=actors), num_cpus=1)
        # No retry options here: Ray Data gives its actors max_restarts=-1 and max_task_retries=-1 itself (a dead
        # actor is restarted, running __init__ again, and its batch retried), and Ray >= 2.51 deprecates passing
        # them (**ray_remote_args, to be removed in Ray 2.64). Articles that fail in Python never reach Ray: each is
        # recorded as failed by _process.
        seen: set[str] = set()
        for row in results.iter_rows():
            data = json.loads(row["outcome"])
            article = by_id[data.pop("id")]
            seen.add(article.id)
            yield _Outcome(article, **data)
        for article in todo:
            if article.id not in seen:
                yield _Outcome(article, "failed", error=f"{article.source}: lost: the Ray worker checking it failed "
                               "(after Ray's retries; see the Ray logs)")
    except ClaimcheckError:
        raise
    except Exception as exc:
        if type(exc).__module__.startswith("ray"):
            message = " ".join(str(exc).split())
            raise ClaimcheckError(f"the ray engine failed: {type(exc).__name__}: {message[:500]}") from exc
        raise
    finally:
        for name, value in saved.items():
            setattr(context, name, value)
        if data_logger is not None:
            data_logger.setLevel(saved_level)
