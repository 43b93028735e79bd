"""The ``claimcheck`` command line: parse, call one library function, render.

Errors that are the user's (bad files, bad arguments, a foreign index) print
one line on stderr and exit with status 1; no traceback.
"""

from __future__ import annotations

import enum
import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer

from ._errors import ClaimcheckError, InputError
from ._version import __version__
from .lexical import DEFAULT_RETRIEVAL, Retrieval

app = typer.Typer(
    name="claimcheck",
    help="Match the sentences of a news article to reference statements, in many languages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: rich's shows a flag such as --overwrite as "<bool>"
)
index_app = typer.Typer(help="Build, extend and inspect index folders.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(index_app, name="index")
adapter_app = typer.Typer(help="Fit query adapters on your own (query, statement) pairs.", no_args_is_help=True,
                          rich_markup_mode=None)
app.add_typer(adapter_app, name="adapter")

F = TypeVar("F", bound=Callable[..., Any])


class ReportFormat(str, enum.Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    html = "html"


class SearchFormat(str, enum.Enum):
    table = "table"
    json = "json"


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"claimcheck: error: {message}", err=True)
    raise typer.Exit(code)


def friendly_errors(func: F) -> F:
    """Turn claimcheck's errors (and OS errors on user files) into one line on stderr."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ClaimcheckError as exc:
            _fail(str(exc))
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}")
        except KeyboardInterrupt:
            typer.echo("claimcheck: interrupted", err=True)
            raise typer.Exit(130)

    return wrapper  # type: ignore[return-value]


@contextmanager
def _progress_bar(description: str, total: int | None) -> Iterator[tuple[Any, Any]]:
    """A progress bar on stderr (shown only on a terminal); yields the rich ``Progress`` and its task."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        yield bar, bar.add_task(description, total=total)


@contextmanager
def _progress(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """:func:`_progress_bar`, yielding the advance callback."""
    with _progress_bar(description, total) as (bar, task):
        yield lambda n: bar.advance(task, n)


def _check_output_file(path: Path, overwrite: bool, source: str | None = None) -> None:
    """Refuse, before any work, a report path that would destroy something: the input itself, a folder, or an
    existing file without --overwrite."""
    _check_output_folder(path)
    if path.is_dir():
        raise InputError("is a folder; give a file name for the report", path)
    if source not in (None, "-") and path.exists():
        try:
            same = os.path.samefile(path, source)
        except OSError:
            same = False
        if same:
            raise InputError("is the article being checked; refusing to replace it with the report", path)
    if path.exists() and not overwrite:
        raise InputError("already exists; pass --overwrite to replace it", path)


def _check_output_folder(path: Path) -> None:
    """Refuse an output path whose folder does not exist before any long work starts."""
    if not path.parent.is_dir():
        raise InputError("output folder does not exist", path.parent)


def _status(message: str) -> None:
    if sys.stderr.isatty():
        typer.echo(message, err=True)


def _console() -> Any:
    from rich.console import Console

    return Console(soft_wrap=False)


def _check_k(k: int) -> None:
    from .index import check_k

    check_k(k, "-k")


def _parse_date(value: Optional[str]) -> Any:
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date must be YYYY-MM-DD, got {value!r}") from None


def _load_model(model: Optional[str], backend: str = "auto") -> Any:
    from .encoder import load_encoder

    _status("loading model ...")
    return load_encoder(model, backend=backend)


class Backend(str, enum.Enum):
    torch = "torch"
    onnx = "onnx"


BackendOption = Annotated[Optional[Backend], typer.Option(
    "--backend", help="How the model runs: onnx (the default model as int8 ONNX Runtime, built once in the cache: "
    "about 1.8x faster than torch on CPU, a cold check about 3x faster; vectors at cosine 0.999 to torch's) or torch "
    "(fp32, sentence-transformers). Default: onnx for the default model, torch for a --model. An index records which "
    "built it, and queries follow it.", show_default=False)]


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"claimcheck {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version_callback, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Match the sentences of a news article to reference statements, in many languages."""


BenchRetrieval = enum.Enum("BenchRetrieval", {**{r.name: r.value for r in Retrieval}, "all": "all"}, type=str)
"""The retrieval modes, plus "all" (claimcheck bench runs each)."""


RetrievalOption = Annotated[Optional[Retrieval], typer.Option(
    "--retrieval", "-r", help="Ranking: dense (embeddings), bm25, or hybrid (both fused). Default: the "
    "benchmarks' best (see benchmarks/README.md).")]

AdapterOption = Annotated[str, typer.Option(
    "--adapter", help="Query adapter that ranks (claimcheck.adapter): 'default' (the library's default: none), "
    "'none' (plain cosine), 'tweets' (the shipped one for social-media posts, fitted on CLEF-2020 train tweets; "
    "default model only), or a .npz file.")]


def _adapter(value: str) -> Any:
    """'none' -> None; a named adapter in any case ('Default', 'TWEETS'); anything else is a file path."""
    from .adapter import SHIPPED_NAMES

    name = value.strip().lower()
    if name == "none":
        return None
    return name if name in ("default", *SHIPPED_NAMES) else value


ModelOption = Annotated[Optional[str], typer.Option(
    "--model", "-m", help="sentence-transformers model folder or hub name, run on torch (default: the embedded "
    "multilingual-e5-small as int8 ONNX; naming it, -m multilingual-e5-small, runs it on torch, and "
    "-m multilingual-e5-small-onnx-int8 as int8 ONNX; a hub name is downloaded only because you asked for it).")]


IndexTypeOption = Annotated[str, typer.Option(
    "--index-type", help="auto (exact search up to 1,000,000 statements, HNSW beyond), flat (exact), ivf, hnsw, or a "
    "FAISS factory string such as 'IVF4096,PQ48'. Recorded in the index; see README 'Large indexes'.")]
NprobeOption = Annotated[Optional[int], typer.Option(
    "--nprobe", help="IVF indexes: cells searched per query (more: slower, closer to exact). Default: the index's.")]
EfSearchOption = Annotated[Optional[int], typer.Option(
    "--ef-search", help="HNSW indexes: candidates kept while searching (more: slower, closer to exact). "
    "Default: the index's.")]


def _load_index(index_dir: Path, nprobe: Optional[int], ef_search: Optional[int]) -> Any:
    """The index at ``index_dir`` (verified; large vector files memory-mapped), with this search's parameters."""
    from .index import StatementIndex

    index = StatementIndex.load(index_dir)
    index.set_search_params(nprobe=nprobe, ef_search=ef_search)
    return index


CORPUS_HELP = ("Corpus files: .jsonl, .csv or .tsv with a 'text' field, a JSON list of such objects, or fact-checks "
               "as schema.org ClaimReview (JSON-LD .json/.jsonld, saved fact-check .html pages, a Fact Check Tools "
               "API response, a ClaimReview data feed), detected from content.")
SkipInvalidOption = Annotated[bool, typer.Option(
    "--skip-invalid", help="Leave out malformed or partial records (and say how many, and the first) instead of "
    "stopping at the first one.")]


def _read_corpus(paths: list[Path], skip_invalid: bool) -> Any:
    """The statements of ``paths``; with ``skip_invalid``, a count of the records left out goes to stderr."""
    from .corpus import read_corpus

    skipped: list[str] = []
    statements = read_corpus(paths, skip_invalid=skip_invalid, skipped=skipped)
    if skipped:
        typer.echo(f"claimcheck: skipped {len(skipped)} invalid record(s); the first: {skipped[0]}", err=True)
    return statements


@index_app.command("build")
@friendly_errors
def index_build(
    corpus: Annotated[list[Path], typer.Argument(help=CORPUS_HELP)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Index folder to write.")],
    model: ModelOption = None,
    batch_size: Annotated[int, typer.Option(help="Sentences per encoding batch.")] = 32,
    overwrite: Annotated[bool, typer.Option(help="Replace an index already at --out.")] = False,
    backend: BackendOption = None,
    skip_invalid: SkipInvalidOption = False,
    index_type: IndexTypeOption = "auto",
    engine: Annotated[str, typer.Option(
        "--engine", help="local: encode in this process; ray: encode shards on Ray actors in parallel, then build one "
        "index (pip install 'claimcheck-nlp[ray]').")] = "local",
    actors: Annotated[int, typer.Option(help="With --engine ray: actors of one CPU each, each loading the model once.")] = 2,
    address: Annotated[Optional[str], typer.Option(help="With --engine ray: the cluster to join (default: "
                                                        "RAY_ADDRESS, else a local cluster for this run).")] = None,
) -> None:
    """Build an index folder from one or more corpus files."""
    from .ann import create, resolve
    from .index import StatementIndex, check_output_folder

    check_output_folder(out, overwrite=overwrite)  # before reading or embedding anything
    if engine not in ("local", "ray"):
        raise InputError(f"--engine must be local or ray, got {engine!r}")
    if actors < 1:
        raise InputError(f"--actors must be at least 1, got {actors}")
    if model is None:  # the default model's dimension is known: a bad index type is refused before anything loads
        create(resolve(index_type, 1000), 384)
    statements = _read_corpus(corpus, skip_invalid)
    if model is None:
        from .ann import check_trainable

        spec = resolve(index_type, len(statements))
        check_trainable(create(spec, 384), len(statements), spec.factory)
    if engine == "ray":
        from .batch import _import_ray

        _import_ray()  # the missing extra is refused before the model loads
    encoder = _load_model(model, backend.value if backend else "auto")
    if engine == "ray":
        from .ray_index import build_on_ray

        _status(f"encoding {len(statements)} statements on {actors} Ray actor(s) ...")
        index = build_on_ray(statements, encoder, index_type=index_type, actors=actors, address=address,
                             batch_size=batch_size)
    else:
        with _progress("embedding statements", len(statements)) as advance:
            index = StatementIndex.build(statements, encoder, batch_size=batch_size, progress=advance,
                                         index_type=index_type)
    index.save(out, overwrite=overwrite)
    typer.echo(f"indexed {len(index)} statements from {len(corpus)} file(s) into {out} "
               f"(model {encoder.name}, dimension {encoder.dimension})")


@index_app.command("add")
@friendly_errors
def index_add(
    index_dir: Annotated[Path, typer.Argument(metavar="DIR", help="Existing index folder.")],
    corpus: Annotated[list[Path], typer.Argument(help="Corpus files whose statements to add (formats as for "
                                                 "'index build').")],
    model: ModelOption = None,
    batch_size: Annotated[int, typer.Option(help="Sentences per encoding batch.")] = 32,
    skip_invalid: SkipInvalidOption = False,
    skip_existing: Annotated[bool, typer.Option(
        "--skip-existing", help="Leave out statements whose id the index already holds (a re-imported feed: "
        "ClaimReview ids come from the review URL), and say how many.")] = False,
) -> None:
    """Add the statements of more corpus files to an existing index."""
    from .check import encoder_for
    from .index import StatementIndex

    statements = _read_corpus(corpus, skip_invalid)
    with StatementIndex.editing(index_dir) as index:  # other writers of this index wait their turn
        if skip_existing:
            held = {s.id for s in index.statements}
            fresh = [s for s in statements if s.id not in held]
            if len(fresh) < len(statements):
                typer.echo(f"claimcheck: skipped {len(statements) - len(fresh)} statement(s) already in the index",
                           err=True)
            statements = fresh
            if not statements:
                typer.echo(f"nothing to add: every statement is already in {index_dir}")
                return
        _status("loading model ...")
        encoder = encoder_for(index, model)
        with _progress("embedding statements", len(statements)) as advance:
            index.add(statements, encoder, batch_size=batch_size, progress=advance)
    typer.echo(f"added {len(statements)} statements to {index_dir}; it now holds {len(index)}")


@index_app.command("info")
@friendly_errors
def index_info(
    index_dir: Annotated[Path, typer.Argument(metavar="DIR", help="Index folder.")],
    format: Annotated[SearchFormat, typer.Option("--format", "-f")] = SearchFormat.table,
) -> None:
    """Show what an index holds: model, count, dimension, sources, languages, dates, version."""
    from .index import StatementIndex

    index = StatementIndex.load(index_dir, _bm25=False)  # describes it only: BM25 read if ever used
    manifest = index.manifest or {}
    info = {**index.info(), "claimcheck_version": manifest.get("claimcheck_version"),
            "format_version": manifest.get("format_version"), "saved": manifest.get("saved")}
    if format is SearchFormat.json:
        typer.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    from .report import info_table

    _console().print(info_table(info, f"index {index_dir}"))


@adapter_app.command("train")
@friendly_errors
def adapter_train(
    pairs: Annotated[Path, typer.Argument(help="JSONL, CSV or TSV with fields 'query' and 'statement_id'.")],
    index_dir: Annotated[Path, typer.Option("--index", "-i", help="Index folder holding the statements.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Adapter file to write (.npz).")],
    name: Annotated[Optional[str], typer.Option(help="Adapter name (default: the pairs file's stem).")] = None,
    steps: Annotated[Optional[int], typer.Option(
        min=1, help="Training steps, full batch (default: the shipped adapter's, claimcheck.adapter.STEPS).")] = None,
    regularization: Annotated[Optional[float], typer.Option(
        min=0.0, help="Weight of ||W - I||^2 (default: claimcheck.adapter.REGULARIZATION).")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace a file already at --out.")] = False,
    model: ModelOption = None,
) -> None:
    """Fit a query adapter: queries move towards the statements they should match (see claimcheck.adapter)."""
    from .adapter import REGULARIZATION, STEPS, fit_adapter
    from .check import encoder_for
    from .index import StatementIndex

    _check_output_file(out, overwrite)
    steps = STEPS if steps is None else steps
    regularization = REGULARIZATION if regularization is None else regularization
    index = StatementIndex.load(index_dir)
    _status("loading model ...")
    encoder = encoder_for(index, model)
    _status("embedding the queries, then training ...")
    with _progress("training adapter", steps) as advance:
        adapter = fit_adapter(pairs, index, encoder, name=name, steps=steps, regularization=regularization,
                              train_progress=advance)
    adapter.save(out)
    typer.echo(f"wrote adapter '{adapter.name}' ({adapter.metadata['pairs']} pairs, {len(index)} statements) "
               f"to {out}; use it with --adapter {out}")


@app.command("search")
@friendly_errors
def search(
    index_dir: Annotated[Path, typer.Argument(metavar="DIR", help="Index folder.")],
    query: Annotated[str, typer.Argument(help="Text to look up.")],
    k: Annotated[int, typer.Option("-k", help="Number of matches.")] = 5,
    format: Annotated[SearchFormat, typer.Option("--format", "-f")] = SearchFormat.table,
    model: ModelOption = None,
    retrieval: RetrievalOption = None,
    adapter: AdapterOption = "default",
    nprobe: NprobeOption = None,
    ef_search: EfSearchOption = None,
) -> None:
    """Find the reference statements nearest to a piece of text."""
    from .check import encoder_for
    from .report import match_to_dict

    _check_k(k)
    if not query.strip():
        raise InputError("the query is empty")
    index = _load_index(index_dir, nprobe, ef_search)
    _status("loading model ...")
    mode = (retrieval or DEFAULT_RETRIEVAL).value
    from .adapter import resolve_adapter

    mapper = resolve_adapter(_adapter(adapter), index.model.fingerprint) if mode != "bm25" else None
    matches = index.search([query], encoder_for(index, model), k, retrieval=mode, adapter=mapper)[0]
    if format is SearchFormat.json:
        typer.echo(json.dumps({"query": query, "retrieval": mode, "adapter": mapper.name if mapper else None,
                               "matches": [match_to_dict(m) for m in matches]}, ensure_ascii=False, indent=2))
        return
    from .report import search_table

    _console().print(search_table(query, matches, mode))


@app.command("check")
@friendly_errors
def check(
    article: Annotated[str, typer.Argument(help="The article: a UTF-8 text file, a saved web page (.html), a URL "
                                           "(http or https: fetched, its main text extracted), or '-' for standard input.")],
    index_dir: Annotated[Optional[Path], typer.Option("--index", "-i", help="Index folder to check against.")] = None,
    corpus: Annotated[Optional[list[Path]], typer.Option(
        "--corpus", "-c", help="Corpus file to index on the fly instead of --index (repeatable).")] = None,
    k: Annotated[int, typer.Option("-k", help="Matches kept per sentence.")] = 3,
    format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
    language: Annotated[Optional[str], typer.Option("--lang", help="Article language (default: from its script).")] = None,
    model: ModelOption = None,
    output: Annotated[Optional[Path], typer.Option("--output", help="Write the report to this file (atomically).")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing --output file.")] = False,
    date: Annotated[Optional[str], typer.Option(
        "--date", help="The article's own date (YYYY-MM-DD): weekdays and dates without a year are read against it.")] = None,
    verdicts: Annotated[bool, typer.Option(help="Judge each check-worthy sentence (--no-verdicts: matches only).")] = True,
    retrieval: RetrievalOption = None,
    adapter: AdapterOption = "default",
    speaker: Annotated[Optional[str], typer.Option(
        "--speaker", help="Who says the text (a speech, an interview): fact-checks of that claimant rank a little "
        "higher (statements with a 'claimant' or 'speaker' field).")] = None,
    backend: Annotated[Optional[Backend], typer.Option(
        "--backend", help="With --corpus: onnx or torch (see 'index build --help'); with --index the index decides.",
        show_default=False)] = None,
    nprobe: NprobeOption = None,
    ef_search: EfSearchOption = None,
) -> None:
    """Check an article: each sentence's nearest reference statements and what they say about it."""
    from .check import check_text

    _check_k(k)
    article_date = _parse_date(date)
    if language is not None:
        from .sentences import check_language

        language = check_language(language)
    if (index_dir is None) == (not corpus):
        raise InputError("give either --index DIR or --corpus FILE (one of them, not both)")
    if output is not None:
        if format is ReportFormat.table:
            raise InputError("--output needs --format json, jsonl, markdown or html")
        _check_output_file(output, overwrite, article)
    text, source, title, page_date = _read_article(article)
    if article_date is None and page_date is not None:
        article_date = _parse_date(page_date)
    from .sentences import detect_language, split_sentences

    if not split_sentences(text, language or detect_language(text)):  # before the model loads
        raise InputError("article has no sentences (no letters or digits found)", source)
    mode = retrieval or DEFAULT_RETRIEVAL
    if backend is not None and index_dir is not None:
        raise InputError("--backend goes with --corpus; an index runs the backend that built it")
    if (nprobe is not None or ef_search is not None) and index_dir is None:
        raise InputError("--nprobe and --ef-search go with --index (an index built on the fly from --corpus is exact)")
    index, encoder, mapper = _index_and_model(index_dir, corpus, model, _adapter(adapter) if mode.value != "bm25"
                                              else None, backend.value if backend else "auto", (nprobe, ef_search))
    with _progress("checking sentences", None) as advance:
        report = check_text(text, index, encoder=encoder, k=k, language=language, source=source, date=article_date,
                            verdicts=verdicts, retrieval=mode, adapter=mapper, speaker=speaker, progress=advance,
                            title=title)
    _render_report(report, format, output)


class BatchEngine(str, enum.Enum):
    local = "local"
    ray = "ray"


@app.command("batch")
@friendly_errors
def batch(
    inputs: Annotated[list[str], typer.Argument(help=(
        "Articles: text files, saved web pages (.html), folders (their *.txt, *.md, *.html files but "
        "README/LICENSE/CHANGELOG; not sub-folders), "
        ".jsonl files of {id, text, url, date} records, .urls files (one URL a line), or http(s) URLs."))],
    index_dir: Annotated[Path, typer.Option("--index", "-i", help="Index folder to check against.")],
    out: Annotated[Path, typer.Option("--out", "-o", help=(
        "Folder for the reports (one per article, named by its id) and summary.json; created if missing."))],
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Report format (not table).")] = ReportFormat.json,
    k: Annotated[int, typer.Option("-k", help="Matches kept per sentence.")] = 3,
    language: Annotated[Optional[str], typer.Option("--lang", help=(
        "Language of every article (default: each article's own, from its script; a record's 'lang' wins)."))] = None,
    date: Annotated[Optional[str], typer.Option("--date", help=(
        "Date of the articles that carry none (YYYY-MM-DD); a record's 'date' or a web page's own date wins."))] = None,
    verdicts: Annotated[bool, typer.Option(help="Judge each check-worthy sentence (--no-verdicts: matches only).")] = True,
    retrieval: RetrievalOption = None,
    adapter: AdapterOption = "default",
    batch_sentences: Annotated[int, typer.Option(help=(
        "About how many sentences, from several articles, one encoding call gets."))] = 256,
    resume: Annotated[bool, typer.Option(help=(
        "Skip articles whose report is already in --out; --no-resume refuses such a folder instead."))] = True,
    fetch_workers: Annotated[int, typer.Option(help="Articles read or fetched at a time.")] = 4,
    engine: Annotated[BatchEngine, typer.Option(help=(
        "local: this process; ray: a Ray cluster (pip install 'claimcheck-nlp[ray]').") )] = BatchEngine.local,
    address: Annotated[Optional[str], typer.Option(help=(
        "With --engine ray: the cluster to join (auto, ray://head:10001); default RAY_ADDRESS, else a local "
        "cluster for this run."))] = None,
    actors: Annotated[int, typer.Option(help=(
        "With --engine ray: actors of one CPU each, each loading the model and the index once."))] = 2,
) -> None:
    """Check many articles: one report per article in --out plus summary.json; resumable; failures recorded."""
    from .batch import check_batch

    if format is ReportFormat.table:
        raise InputError("batch writes files: --format json, jsonl, markdown or html")
    _check_k(k)
    if language is not None:
        from .sentences import check_language

        language = check_language(language)
    mode = retrieval or DEFAULT_RETRIEVAL
    with _progress_bar("checking articles", None) as (bar, task):

        def progress(p: Any) -> None:
            bar.update(task, completed=p.done, total=p.total,
                       description=f"checking articles ({p.articles_per_s:.2f}/s, {p.failed} failed)")

        summary = check_batch(inputs, index_dir, out_dir=out, format=format.value, k=k, language=language,
                              date=_parse_date(date), verdicts=verdicts, retrieval=mode,
                              adapter=_adapter(adapter) if mode.value != "bm25" else None,
                              batch_sentences=batch_sentences, resume=resume, progress=progress,
                              fetch_workers=fetch_workers, engine=engine.value, address=address, actors=actors)
    failed = [a for a in summary.articles if a.status == "failed"]
    for a in failed[:5]:
        typer.echo(f"failed: {a.error}", err=True)
    if len(failed) > 5:
        typer.echo(f"... and {len(failed) - 5} more failures (see {out / 'summary.json'})", err=True)
    typer.echo(f"checked {len(summary.articles)} article(s): {summary.count('ok')} ok, {summary.count('skipped')} "
               f"skipped (already reported), {len(failed)} failed, {summary.articles_per_s:.2f} articles/s; "
               f"see {out / 'summary.json'}")
    if failed:
        raise typer.Exit(3)


def _read_article(article: str) -> tuple[str, str, Optional[str], Optional[str]]:
    """The article's text, how to name it, its title and its date (both from a web page only): a text file, a
    saved .html page, a URL, or standard input for '-'; too long is refused here, before any model loads."""
    from ._io import decode_text, read_text
    from .limits import too_long

    title = page_date = None
    if article == "-":
        text, source = decode_text(sys.stdin.buffer.read(), "<stdin>", "article"), "<stdin>"
    else:
        from .web import is_html_file, is_url, read_web_article

        if is_url(article) or is_html_file(article):
            page = read_web_article(article)
            text, source, title, page_date = page.body, article, page.title, page.date
        else:
            text, source = read_text(article, "article"), article
    reason = too_long("article", text)
    if reason:  # before the model loads
        raise InputError(reason, source)
    return text, source, title, page_date


def _index_and_model(index_dir: Optional[Path], corpus: Optional[list[Path]], model: Optional[str],
                     adapter: Any, backend: str = "auto",
                     search_params: tuple[Optional[int], Optional[int]] = (None, None)) -> tuple[Any, Any, Any]:
    """The index to check against (loaded, or built from --corpus), the model to encode with, and the query adapter
    resolved for it; with --index, a bad adapter is refused before the model loads."""
    from .adapter import resolve_adapter
    from .check import encoder_for
    from .corpus import read_corpus
    from .index import StatementIndex

    if index_dir is not None:
        index = _load_index(index_dir, *search_params)
        mapper = resolve_adapter(adapter, index.model.fingerprint)
        _status("loading model ...")
        return index, encoder_for(index, model), mapper
    statements = read_corpus(corpus or [])
    encoder = _load_model(model, backend)
    mapper = resolve_adapter(adapter, encoder.fingerprint)
    with _progress("embedding statements", len(statements)) as advance:
        return StatementIndex.build(statements, encoder, progress=advance), encoder, mapper


def _render_report(report: Any, format: ReportFormat, output: Optional[Path]) -> None:
    """Print the report, or write it atomically to ``output``."""
    from ._io import write_atomic
    from .report import to_json, to_jsonl, to_markdown, to_table

    if format is ReportFormat.table:
        _console().print(to_table(report))
        return
    if format is ReportFormat.html:
        from .report_html import to_html

        rendered = to_html(report)
    else:
        rendered = {ReportFormat.json: to_json, ReportFormat.jsonl: to_jsonl,
                    ReportFormat.markdown: to_markdown}[format](report)
    if output is not None:
        write_atomic(output, (rendered.rstrip("\n") + "\n").encode("utf-8"))
        typer.echo(f"wrote {output}", err=True)
    else:
        typer.echo(rendered.rstrip("\n"))


@app.command("bench")
@friendly_errors
def bench(
    data_dir: Annotated[Path, typer.Option("--data-dir", help="Folder laid out like the shared datasets folder.")],
    split: Annotated[list[str], typer.Option("--split", help="Split to query with (train, dev, ...); repeatable.")],
    dataset: Annotated[Optional[list[str]], typer.Option(
        "--dataset", help="Dataset folder name (repeatable; default: every known dataset present).")] = None,
    retrieval: Annotated[BenchRetrieval, typer.Option("--retrieval", "-r")] = BenchRetrieval.all,
    out: Annotated[Path, typer.Option("--out", help="Folder for one JSON file per dataset, language and "
                                                     "retrieval mode.")] = Path("benchmarks/results/retrieval"),
    model: ModelOption = None,
    cache: Annotated[Optional[Path], typer.Option(
        "--cache", help="Keep computed vectors here and reuse them in later runs.")] = None,
    adapter: AdapterOption = "default",
    backend: BackendOption = None,
) -> None:
    """Measure matching accuracy on public benchmarks (CLEF-2020, CheckThat! 2021 debates, CheckThat! 2025, Tatoeba)."""
    from .bench import CachedEncoder, format_table, load_tasks, run_task, write_result

    tasks = [t for name in dict.fromkeys(split) for t in load_tasks(data_dir, name, dataset)]
    unique = {(t.dataset, t.language, t.split): t for t in tasks}  # tatoeba has no splits: run it once
    tasks = list(unique.values())
    if not tasks:
        raise InputError(f"no benchmark data for split(s) {', '.join(split)}", data_dir)
    modes = list(Retrieval) if retrieval is BenchRetrieval.all else [Retrieval(retrieval.value)]
    encoder = _load_model(model, backend.value if backend else "auto")
    if cache is not None:
        encoder = CachedEncoder(encoder, cache)
    results = []
    for task in tasks:
        for result in run_task(task, encoder, modes, adapter=_adapter(adapter), log=lambda m: typer.echo(m, err=True)):
            write_result(result, out)
            results.append(result)
            metrics = ", ".join(f"{k} {v:.3f}" for k, v in result["metrics"].items())
            typer.echo(f"{result['dataset']} {result['language']} {result['split']} {result['retrieval']}: "
                       f"{metrics}", err=True)
    typer.echo(format_table(results))
    typer.echo(f"wrote {len(results)} result files into {out}", err=True)


def run() -> None:  # pragma: no cover - console-script entry point
    app()
