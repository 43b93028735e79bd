"""Article -> sentences -> vectors -> matches: the ``check`` pipeline.

:func:`check_text` splits an article into sentences, embeds them with the
index's model and keeps each sentence's nearest reference statements.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
import numpy as np

from .adapter import QueryAdapter, resolve_adapter
from ._errors import InputError, ModelError
from ._io import read_text
from ._version import __version__
from .encoder import DEFAULT_MODEL, Encoder, load_encoder
from .index import Match, StatementIndex, check_k
from .lexical import DEFAULT_RETRIEVAL, Retrieval, parse_retrieval
from .limits import too_long
from .text import strip_links
from .rerank import RERANK_DEPTH, VALUE_WEIGHT, rerank_by_values
from .sentences import Sentence, check_language, detect_language, split_sentences
from .checkworthy import Checkworthiness, Reason, alone_on_line, assess, classifier_for
from .verdicts import Label, MatchCheck, Verdict, judge


@attrs.frozen(slots=True)
class SentenceResult:
    """One sentence of the article, the statements nearest to it (best first) and the verdict on it."""

    sentence: Sentence
    matches: tuple[Match, ...] = attrs.field(converter=tuple)
    verdict: Verdict | None = None
    checks: tuple[MatchCheck, ...] = attrs.field(converter=tuple, factory=tuple)

    @property
    def checkworthy(self) -> bool | None:
        return None if self.verdict is None else self.verdict.label is not Label.not_checkworthy


@attrs.frozen(slots=True)
class Report:
    """The result of checking one article against one index."""

    model: str
    language: str
    sentences: tuple[SentenceResult, ...] = attrs.field(converter=tuple)
    source: str | None = None
    date: dt.date | None = None
    retrieval: str | None = None
    """How matches were ranked: dense, bm25 or hybrid."""
    adapter: str | None = None
    """The name of the query adapter that ranked (None: plain cosine)."""
    claimcheck_version: str = __version__
    text: str | None = attrs.field(default=None, repr=False)
    """The text that was checked (with the title first, when one was given): sentence offsets point into it."""
    title: str | None = None
    """The title put before the text (a web page's), judged as a heading."""

    def counts(self) -> dict[str, int]:
        """How many sentences got each verdict label."""
        out = {label.value: 0 for label in Label}
        for r in self.sentences:
            if r.verdict is not None:
                out[r.verdict.label.value] += 1
        return out


def encoder_for(index: StatementIndex, model: str | os.PathLike[str] | None = None) -> Encoder:
    """The encoder to query ``index`` with: ``model`` if given, else the model the index records.

    The encoder is checked against the index's fingerprint either way.
    """
    from .onnx_encoder import ONNX_MODEL

    name = model if model is not None else index.model.name
    if model is None and name not in (DEFAULT_MODEL, ONNX_MODEL) and not Path(name).exists():
        raise ModelError(
            f"the index was built with model '{name}', which is not a local folder here; pass the model "
            f"explicitly (--model NAME_OR_PATH) to load it"
        )
    from .onnx_encoder import build_of

    encoder = load_encoder(name, onnx_build=build_of(index.model.fingerprint) or None if str(name) == ONNX_MODEL
                           else None)
    index.check_encoder(encoder)
    return encoder


def rank(index: StatementIndex, vectors: np.ndarray, texts: Sequence[str], k: int,
         retrieval: Retrieval | str = DEFAULT_RETRIEVAL,
         adapter: QueryAdapter | None = None,
         languages: Sequence[str | None] | None = None,
         speakers: Sequence[str | None] | None = None,
         value_weight: float = VALUE_WEIGHT) -> list[list[Match]]:
    """Each text's top ``k`` by ``retrieval``, its best :data:`~claimcheck.rerank.RERANK_DEPTH` re-ranked by the
    figures they share with the text (:mod:`claimcheck.rerank`; not for BM25, whose scores have another scale).

    ``adapter`` is already resolved (:func:`claimcheck.adapter.resolve_adapter`): the public entry points
    (:func:`check_text`, :meth:`StatementIndex.search`, the CLI) resolve names and files once."""
    if Retrieval(retrieval) is Retrieval.bm25:
        value_weight = 0.0
    ranked = index.search_vectors(vectors, max(k, RERANK_DEPTH) if value_weight else k, queries=list(texts),
                                  retrieval=retrieval, adapter=adapter, languages=languages, speakers=speakers)
    return rerank_by_values(ranked, texts, k, languages=languages, weight=value_weight)


def find_matches(index: StatementIndex, vectors: np.ndarray, texts: Sequence[str], k: int,
                 retrieval: Retrieval | str = DEFAULT_RETRIEVAL,
                 adapter: QueryAdapter | None = None,
                 languages: Sequence[str | None] | None = None,
                 speakers: Sequence[str | None] | None = None,
                 value_weight: float = VALUE_WEIGHT) -> list[list[Match]]:
    """Each text's top ``k`` as :func:`rank` ranks them, then any of its top ``k`` by plain cosine that the ranking
    left out (from the same search: :meth:`StatementIndex.search_with_closest`).

    Verdicts are calibrated on plain cosines, so the statements closest by
    cosine must be in view even when the ranking puts others first; they are
    appended after the ranked matches, ranks continuing.
    """
    if Retrieval(retrieval) is Retrieval.bm25:
        value_weight = 0.0
    ranked, closest = index.search_with_closest(vectors, max(k, RERANK_DEPTH) if value_weight else k, k,
                                                queries=list(texts), retrieval=retrieval, adapter=adapter,
                                                languages=languages, speakers=speakers)
    ranked = rerank_by_values(ranked, texts, k, languages=languages, weight=value_weight)
    out = []
    for matches, near in zip(ranked, closest):
        seen = {m.statement.id for m in matches}
        extra = [m for m in near if m.statement.id not in seen]
        out.append(list(matches) + [attrs.evolve(m, rank=len(matches) + i, retrieval_score=None)
                                    for i, m in enumerate(extra, start=1)])
    return out


def check_text(text: str, index: StatementIndex, *, encoder: Encoder | None = None, k: int = 3,
               language: str | None = None, source: str | None = None, date: dt.date | None = None,
               verdicts: bool = True, retrieval: Retrieval | str = DEFAULT_RETRIEVAL, batch_size: int = 32,
               progress: Callable[[int], None] | None = None,
               adapter: QueryAdapter | str | os.PathLike[str] | None = "default",
               speaker: str | None = None, title: str | None = None) -> Report:
    """Check an article's text against ``index``: each sentence with its ``k`` best matches and a verdict.

    ``date`` is the article's own date: weekdays ("on Friday") and dates
    without a year are read relative to it. ``verdicts=False`` only matches.
    ``retrieval`` and ``adapter`` choose the ranking (see
    :meth:`StatementIndex.search`). ``speaker`` names who says the text (a
    speech, an interview): statements whose ``claimant`` is that person rank
    a little higher (:data:`claimcheck.index.CLAIMANT_BONUS`). ``title`` (a web
    page's, say) goes before the text as a line of its own, judged ``not_checkworthy: heading``; sentence
    offsets then count from the start of the title.
    """
    check_k(k)
    heading_end = 0
    if title and " ".join(title.split()):
        title = " ".join(title.split())
        text, heading_end = f"{title}\n\n{text}", len(title)
    if not text.strip():
        raise InputError("article is empty", source)
    reason = too_long("article", text)
    if reason:
        raise InputError(reason, source)
    lang = check_language(language) if language else detect_language(text)
    sentences = split_sentences(text, lang)
    if not sentences:
        raise InputError("article has no sentences (no letters or digits found)", source)
    mode = parse_retrieval(retrieval)
    mapper = resolve_adapter(adapter, index.model.fingerprint) if mode is not Retrieval.bm25 else None
    encoder = encoder or encoder_for(index)  # the slow step, after every check of the input
    index.check_encoder(encoder)
    texts = [strip_links(s.text) for s in sentences]  # pipeline step: links carry no claim
    vectors = encoder.encode(texts, batch_size=batch_size, progress=progress)
    languages = [lang] * len(texts)
    speakers = [speaker] * len(texts) if speaker else None
    found = (find_matches(index, vectors, texts, k, mode, mapper, languages, speakers) if verdicts
             else rank(index, vectors, texts, k, mode, mapper, languages, speakers))
    classifier = classifier_for(encoder) if verdicts else None
    probabilities = classifier.probability(vectors) if classifier is not None else [None] * len(sentences)
    results = []
    for sentence, matches, p in zip(sentences, found, probabilities):
        if verdicts:
            cw = (Checkworthiness(False, Reason.heading) if sentence.end <= heading_end else
                  assess(sentence.text, None if p is None else float(p),
                         classifier.threshold if classifier is not None else 0.5,
                         alone=alone_on_line(text, sentence.start, sentence.end)))
            verdict, checks = judge(sentence.text, matches, language=lang, reference=date, checkworthiness=cw,
                                    encoder=encoder)
            results.append(SentenceResult(sentence, matches, verdict, checks))
        else:
            results.append(SentenceResult(sentence, matches))
    return Report(model=encoder.name, language=lang, sentences=results, source=source, date=date,
                  retrieval=mode.value, adapter=mapper.name if mapper is not None else None, text=text,
                  title=title if heading_end else None)


def check_file(path: str | os.PathLike[str], index: StatementIndex, **kwargs: object) -> Report:
    """Read a UTF-8 article file (refusing empty, binary or non-UTF-8 files) and check it."""
    return check_text(read_text(path, "article"), index, source=str(path), **kwargs)  # type: ignore[arg-type]
