"""Article -> sentences -> vectors -> matches: the ``check`` pipeline.

:func:`check_text` splits an article into sentences, embeds them with the
index's model and keeps each sentence's nearest reference statements.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import attrs

from ._errors import InputError, ModelError
from ._io import read_text
from ._version import __version__
from .encoder import DEFAULT_MODEL, Encoder, load_encoder
from .index import Match, StatementIndex
from .sentences import Sentence, detect_language, split_sentences


@attrs.frozen(slots=True)
class SentenceResult:
    """One sentence of the article and the reference statements nearest to it, best first."""

    sentence: Sentence
    matches: tuple[Match, ...] = attrs.field(converter=tuple)


@attrs.frozen(slots=True)
class Report:
    """The result of checking one article against one index."""

    model: str
    language: str
    sentences: tuple[SentenceResult, ...] = attrs.field(converter=tuple)
    source: str | None = None
    claimcheck_version: str = __version__


def encoder_for(index: StatementIndex, model: str | os.PathLike[str] | None = None) -> Encoder:
    """The encoder to query ``index`` with: ``model`` if given, else the model the index records.

    The encoder is checked against the index's fingerprint either way.
    """
    name = model if model is not None else index.model.name
    if model is None and name != DEFAULT_MODEL and not Path(name).exists():
        raise ModelError(
            f"the index was built with model '{name}', which is not a local folder here; pass the model "
            f"explicitly (--model NAME_OR_PATH) to load it"
        )
    encoder = load_encoder(name)
    index.check_encoder(encoder)
    return encoder


def check_text(text: str, index: StatementIndex, *, encoder: Encoder | None = None, k: int = 3,
               language: str | None = None, source: str | None = None, batch_size: int = 32,
               progress: Callable[[int], None] | None = None) -> Report:
    """Check an article's text against ``index``: each sentence with its ``k`` best matches."""
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise InputError(f"k must be a positive integer, got {k!r}")
    if not text.strip():
        raise InputError("article is empty", source)
    encoder = encoder or encoder_for(index)
    sentences = split_sentences(text, language)
    if not sentences:
        raise InputError("article has no sentences (no letters or digits found)", source)
    found = index.search([s.text for s in sentences], encoder, k, batch_size=batch_size, progress=progress)
    return Report(
        model=encoder.name,
        language=language or detect_language(text),
        sentences=[SentenceResult(s, m) for s, m in zip(sentences, found)],
        source=source,
    )


def check_file(path: str | os.PathLike[str], index: StatementIndex, **kwargs: object) -> Report:
    """Read a UTF-8 article file (refusing empty, binary or non-UTF-8 files) and check it."""
    return check_text(read_text(path, "article"), index, source=str(path), **kwargs)  # type: ignore[arg-type]
