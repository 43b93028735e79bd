"""Public benchmark data -> retrieval runs -> metrics: the engine of ``claimcheck bench``.

A data folder is laid out like the project's shared ``datasets`` folder:

- ``clef2020_checkthat_task2_en/verified_claims.docs.tsv`` and
  ``<split>/tweets.queries.tsv`` + ``<split>/tweet-vclaim-pairs.qrels``:
  the split's tweets against all verified claims (MAP@5, Success@1/10, MRR);
- ``checkthat2025_claimnorm/<split>/<split>-<lang>.csv`` (``post,normalized
  claim``): per language, the pool is every distinct normalized claim of that
  language in any split of the folder, the queries are the chosen split's
  posts (Success@1/10, MRR);
- ``checkthat2021_2b_debates/verified_claims.tsv`` and ``<split>/queries.tsv``
  + ``<split>/qrels.tsv``: sentences said in US debates and speeches against
  19,250 PolitiFact fact-checks (MAP@5, Success@1/10, MRR);
- ``tatoeba_hin_eng/tatoeba.hin-eng.{hin,eng}``: nearest-neighbour accuracy
  Hindi -> English and English -> Hindi (no splits: reported as split "all").

Each run (dataset, language, retrieval) gives one result dict in the
documented JSON shape. ``seconds`` and ``queries_per_second`` cover query
encoding (dense and hybrid) and search; with a vector cache the encoding time
is the one recorded when the vectors were computed, and
``query_encoding_timed`` is false where none was recorded. Claim documents are indexed as the claim text plus
the fact-check title where there is one.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from .adapter import QueryAdapter, resolve_adapter
from ._errors import InputError, InputNotFoundError
from .corpus import Statement
from ._wrapper import EncoderWrapper
from .encoder import Encoder
from .evaluation import accuracy, map_at_k, mrr, success_at_k
from .index import StatementIndex
from .lexical import Retrieval
from .check import rank
from .rerank import VALUE_WEIGHT

DATASETS = ("clef2020_checkthat_task2_en", "checkthat2021_2b_debates", "checkthat2025_claimnorm", "tatoeba_hin_eng")


@attrs.frozen
class Task:
    """One retrieval task: queries, the documents to search, and each query's relevant document ids."""

    dataset: str
    language: str
    split: str
    queries: list[str]
    documents: list[Statement]
    gold: list[set[str]]
    metrics: tuple[str, ...]
    speakers: list[str | None] | None = None
    """Who said each query, where the data says so (the debates' transcripts)."""


def _tsv(path: Path) -> list[list[str]]:
    if not path.is_file():
        raise InputNotFoundError("benchmark file not found", path)
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _clef(root: Path, split: str) -> Iterator[Task]:
    split_dir = root / split
    if not split_dir.is_dir():
        return
    docs = []
    for row in _tsv(root / "verified_claims.docs.tsv")[1:]:
        if len(row) >= 2 and row[0].strip().isdigit():
            text = row[1].strip() + (f" {row[2].strip()}" if len(row) > 2 and row[2].strip() else "")
            docs.append(Statement(id=row[0].strip(), text=text))
    tweets = {r[0].strip(): r[1] for r in _tsv(split_dir / "tweets.queries.tsv")[1:] if len(r) >= 2 and r[0].strip()}
    qrels = _qrels(split_dir / "tweet-vclaim-pairs.qrels")
    ids = [t for t in tweets if t in qrels]
    yield Task("clef2020_checkthat_task2_en", "en", split, [tweets[t] for t in ids], docs, [qrels[t] for t in ids],
               ("map@5", "success@1", "success@10", "mrr"))


def _qrels(path: Path) -> dict[str, set[str]]:
    """TREC qrels lines ``query 0 document relevance`` -> each query's relevant documents."""
    if not path.is_file():
        raise InputNotFoundError("benchmark file not found", path)
    out: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] != "0":
            out.setdefault(parts[0], set()).add(parts[2])
    return out


def _debates(root: Path, split: str) -> Iterator[Task]:
    split_dir = root / split
    if not split_dir.is_dir():
        return
    docs = []
    for row in _tsv(root / "verified_claims.tsv")[1:]:
        if len(row) >= 2 and row[0].strip():
            text = row[1].strip() + (f" {row[2].strip()}" if len(row) > 2 and row[2].strip() else "")
            speaker = row[3].strip() if len(row) > 3 else ""
            docs.append(Statement(id=row[0].strip(), text=text, metadata={"claimant": speaker} if speaker else {}))
    sentences = {r[0].strip(): r[1] for r in _tsv(split_dir / "queries.tsv")[1:] if len(r) >= 2 and r[0].strip()}
    qrels = _qrels(split_dir / "qrels.tsv")
    ids = [q for q in sentences if q in qrels]
    yield Task("checkthat2021_2b_debates", "en", split, [sentences[q] for q in ids], docs, [qrels[q] for q in ids],
               ("map@5", "success@1", "success@10", "mrr"), [_transcript_speaker(root, q) for q in ids])


def _transcript_speaker(root: Path, query_id: str) -> str | None:
    """The speaker of a debate sentence, from its transcript (ids are ``<debate>_<line>``; None if not found)."""
    debate, _, line = query_id.rpartition("_")
    transcripts = {p.stem.lower(): p for p in (root / "transcripts").glob("*.tsv")}
    path = transcripts.get(debate.lower())  # a few ids differ from their file name in case or spelling
    if path is None or not line.isdigit():
        return None
    for row in _tsv(path):
        if len(row) >= 2 and row[0].strip().isdigit() and int(row[0]) == int(line):
            return row[1].strip() or None
    return None


def _claimnorm(root: Path, split: str) -> Iterator[Task]:
    split_dir = root / split
    if not split_dir.is_dir():
        return
    csv.field_size_limit(sys.maxsize)

    def rows(path: Path) -> list[tuple[str, str]]:
        with open(path, encoding="utf-8", newline="") as handle:
            return [(r["post"], r["normalized claim"]) for r in csv.DictReader(handle)
                    if r.get("post", "").strip() and r.get("normalized claim", "").strip()]

    for path in sorted(split_dir.glob(f"{split}-*.csv")):
        lang = path.stem[len(split) + 1:]
        pool: dict[str, str] = {}
        for any_split in sorted(root.glob(f"*/*-{lang}.csv")):
            for _, claim in rows(any_split):
                pool.setdefault(" ".join(claim.split()), str(len(pool)))
        pairs = rows(path)
        docs = [Statement(id=i, text=c) for c, i in pool.items()]
        yield Task("checkthat2025_claimnorm", lang, split, [p for p, _ in pairs], docs,
                   [{pool[" ".join(c.split())]} for _, c in pairs], ("success@1", "success@10", "mrr"))


def _tatoeba(root: Path, split: str) -> Iterator[Task]:
    hi = (root / "tatoeba.hin-eng.hin").read_text(encoding="utf-8").splitlines()
    en = (root / "tatoeba.hin-eng.eng").read_text(encoding="utf-8").splitlines()
    if len(hi) != len(en):
        raise InputError(f"{len(hi)} Hindi lines but {len(en)} English lines", root)
    for lang, queries, targets in (("hin-eng", hi, en), ("eng-hin", en, hi)):
        docs = [Statement(id=str(i), text=t or "-") for i, t in enumerate(targets)]
        yield Task("tatoeba_hin_eng", lang, "all", queries, docs, [{str(i)} for i in range(len(queries))],
                   ("accuracy",))


_LOADERS: dict[str, Callable[[Path, str], Iterator[Task]]] = {
    "clef2020_checkthat_task2_en": _clef, "checkthat2021_2b_debates": _debates, "checkthat2025_claimnorm": _claimnorm,
    "tatoeba_hin_eng": _tatoeba}


def load_tasks(data_dir: str | os.PathLike[str], split: str, datasets: Sequence[str] | None = None) -> list[Task]:
    """The tasks a data folder holds for ``split`` (datasets missing from the folder are skipped)."""
    root = Path(data_dir)
    if not root.is_dir():
        raise InputNotFoundError("data folder not found", root)
    names = list(datasets) if datasets else [d for d in DATASETS if (root / d).is_dir()]
    tasks = []
    for name in names:
        if name not in _LOADERS:
            raise InputError(f"unknown dataset '{name}' (known: {', '.join(DATASETS)})")
        if not (root / name).is_dir():
            raise InputNotFoundError("dataset folder not found", root / name)
        tasks.extend(_LOADERS[name](root / name, split))
    return tasks


class CachedEncoder(EncoderWrapper):
    """An encoder that keeps the vectors of each text list it encodes in ``folder`` (``.npy``, no pickle).

    Benchmark runs encode the same documents again and again (every split,
    every retrieval mode, tuning); the cache key covers the model fingerprint,
    the prompt and the texts, so a different model or text never reuses vectors.
    """

    def __init__(self, inner: Encoder, folder: Path):
        super().__init__(inner)
        self.folder = folder
        self.last_encode_seconds: float | None = None
        """Seconds the last :meth:`encode` took when the vectors were computed (None if never recorded)."""

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: Any = None) -> Any:
        import numpy as np

        from ._io import write_atomic

        digest = hashlib.sha256("\x00".join([self.fingerprint, self.prompt, *texts]).encode("utf-8")).hexdigest()
        path = self.folder / f"{digest[:32]}.npy"
        timing = path.with_suffix(".json")
        if path.is_file():
            vectors = np.load(path, allow_pickle=False)
            if vectors.shape == (len(texts), self.dimension):
                self.last_encode_seconds = (json.loads(timing.read_text())["seconds"]
                                            if timing.is_file() else None)
                return vectors
        started = time.perf_counter()
        vectors = self.inner.encode(texts, batch_size=batch_size, progress=progress)
        self.last_encode_seconds = time.perf_counter() - started
        self.folder.mkdir(parents=True, exist_ok=True)
        import io

        buffer = io.BytesIO()
        np.save(buffer, vectors, allow_pickle=False)
        write_atomic(path, buffer.getvalue())
        write_atomic(timing, json.dumps({"seconds": self.last_encode_seconds, "texts": len(texts)}).encode())
        return vectors


def peak_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _metrics(names: Iterable[str], ranked: list[list[str]], gold: list[set[str]]) -> dict[str, float]:
    compute = {"map@5": lambda: map_at_k(ranked, gold, 5), "success@1": lambda: success_at_k(ranked, gold, 1),
               "success@10": lambda: success_at_k(ranked, gold, 10), "mrr": lambda: mrr(ranked, gold),
               "accuracy": lambda: accuracy(ranked, gold)}
    return {name: round(compute[name](), 4) for name in names}


def neutral_order(documents: Sequence[Statement]) -> list[int]:
    """Document positions in a fixed pseudo-random order (by a hash of each id).

    Ties in a ranking (BM25 gives many: near-duplicate claims) are broken by
    index row. CLEF-2020 lists the claims that tweets point to first in its
    file (median gold id 384 of 10,375), so file order would break ties in the
    gold's favour; this order carries no such information.
    """
    return sorted(range(len(documents)),
                  key=lambda i: hashlib.sha256(documents[i].id.encode("utf-8")).hexdigest())


def index_documents(documents: Sequence[Statement], encoder: Encoder) -> StatementIndex:
    """Documents indexed in :func:`neutral_order` (encoded in the given order, so cached vectors apply)."""
    import numpy as np

    vectors = np.asarray(encoder.encode([d.text for d in documents]), dtype=np.float32)
    order = neutral_order(documents)
    index = StatementIndex.build([], encoder)
    index.add_vectors([documents[i] for i in order], vectors[order])
    return index


def build_index(task: Task, encoder: Encoder) -> StatementIndex:
    """The task's documents indexed as :func:`index_documents` does."""
    return index_documents(task.documents, encoder)


_ISO_639_1 = {"ara": "ar", "deu": "de", "fra": "fr", "msa": "ms", "pol": "pl", "por": "pt", "tha": "th",
              "hin-eng": "hi", "eng-hin": "en"}


def query_language(task: Task) -> str:
    """The two-letter code of a task's query language ("por" -> "pt", "hin-eng" -> "hi")."""
    return _ISO_639_1.get(task.language, task.language[:2])


def run_task(task: Task, encoder: Encoder, retrievals: Sequence[Retrieval], *, k: int = 10,
             adapter: QueryAdapter | str | os.PathLike[str] | None = "default",
             value_weight: float | None = None,
             log: Callable[[str], None] = lambda _: None) -> list[dict[str, Any]]:
    """Index the task's documents once, then search its queries with each retrieval mode.

    ``adapter`` is the query adapter of the dense and hybrid rankings (as in
    :meth:`StatementIndex.search`); each result names it (None: plain cosine).
    Dense and hybrid rankings are re-ranked by shared figures as ``check``
    does (:mod:`claimcheck.rerank`; ``value_weight`` 0 turns it off).
    """
    t0 = time.perf_counter()
    log(f"{task.dataset}/{task.language}/{task.split}: indexing {len(task.documents)} documents")
    index = build_index(task, encoder)
    index_seconds = time.perf_counter() - t0
    mapper = resolve_adapter(adapter, index.model.fingerprint)
    log(f"{task.dataset}/{task.language}/{task.split}: encoding {len(task.queries)} queries")
    t0 = time.perf_counter()
    vectors = encoder.encode(task.queries)
    encode_seconds: float | None = time.perf_counter() - t0
    if isinstance(encoder, CachedEncoder):
        encode_seconds = encoder.last_encode_seconds  # the original encoding's time, if it was recorded
    results = []
    for mode in retrievals:
        t0 = time.perf_counter()
        weight = 0.0 if mode is Retrieval.bm25 else (VALUE_WEIGHT if value_weight is None else value_weight)
        found = rank(index, vectors, task.queries, k, mode, mapper, [query_language(task)] * len(task.queries),
                     task.speakers, weight)
        seconds = time.perf_counter() - t0
        if mode is not Retrieval.bm25:
            seconds += encode_seconds or 0.0
        ranked = [[m.statement.id for m in matches] for matches in found]
        results.append({
            "dataset": task.dataset, "language": task.language, "split": task.split, "retrieval": mode.value,
            "model": encoder.name if mode is not Retrieval.bm25 else "bm25s (k1=1.2, b=0.75)",
            "adapter": mapper.name if mapper is not None and mode is not Retrieval.bm25 else None,
            "value_weight": weight,
            "metrics": _metrics(task.metrics, ranked, task.gold),
            "queries": len(task.queries), "documents": len(task.documents),
            "seconds": round(seconds, 3), "queries_per_second": round(len(task.queries) / seconds, 1) if seconds else None,
            "index_seconds": round(index_seconds, 2), "peak_rss_mb": peak_rss_mb(),
            "query_encoding_timed": mode is Retrieval.bm25 or encode_seconds is not None,
        })
    return results


def result_filename(result: dict[str, Any]) -> str:
    return f"{result['dataset']}-{result['language']}-{result['split']}-{result['retrieval']}.json"


def write_result(result: dict[str, Any], out_dir: Path) -> Path:
    from ._io import write_atomic

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / result_filename(result)
    write_atomic(path, (json.dumps(result, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return path


def format_table(results: Sequence[dict[str, Any]]) -> str:
    """A Markdown table of results (one row per dataset, language, split, retrieval and adapter)."""
    cols = ["map@5", "success@1", "success@10", "mrr", "accuracy"]
    lines = ["| dataset | language | split | retrieval | adapter | queries | documents | " + " | ".join(cols)
             + " | q/s |", "|---|---|---|---|---|---|---|" + "---|" * len(cols) + "---|"]
    for r in results:
        cells = [f"{r['metrics'][c]:.3f}" if c in r["metrics"] else "" for c in cols]
        lines.append(f"| {r['dataset']} | {r['language']} | {r['split']} | {r['retrieval']} | "
                     f"{r.get('adapter') or '-'} | {r['queries']} | {r['documents']} | " + " | ".join(cells)
                     + f" | {r['queries_per_second']} |")
    return "\n".join(lines)
