"""claimcheck: match the sentences of news articles to reference statements, across languages.

A few lines cover the whole pipeline::

    import claimcheck

    encoder = claimcheck.load_encoder()                      # embedded multilingual-e5-small (int8 ONNX)
    index = claimcheck.StatementIndex.build(claimcheck.read_corpus("corpora/pakistan-2023.jsonl"), encoder)
    report = claimcheck.check_text(article_text, index, encoder=encoder, k=3)
    for result in report.sentences:
        print(result.sentence.text, result.matches[0].score, result.matches[0].statement.source)

Heavy libraries (torch, sentence-transformers, faiss) load only when a model
or an index is used, and claimcheck's own modules when one of their names is
first used, so importing claimcheck is instant.
"""

from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from ._errors import (
    ClaimcheckError,
    CorpusError,
    IndexBusyError,
    IndexFormatError,
    InputError,
    InputNotFoundError,
    ModelError,
    ModelMismatchError,
)
from ._version import __version__

# Everything else loads on first use (PEP 562), so that importing claimcheck, and starting its command line,
# costs almost nothing: numpy, regex tables and the rest load when a name that needs them is first used.
_LAZY = {
    "QueryAdapter": "adapter", "train_adapter": "adapter",
    "BatchSummary": "batch", "check_batch": "batch", "iter_articles": "batch",
    "Report": "check", "SentenceResult": "check", "check_file": "check", "check_text": "check",
    "encoder_for": "check",
    "Statement": "corpus", "read_corpus": "corpus",
    "DEFAULT_MODEL": "encoder", "Encoder": "encoder", "SentenceTransformerEncoder": "encoder",
    "load_encoder": "encoder",
    "Match": "index", "ModelInfo": "index", "StatementIndex": "index",
    "Retrieval": "lexical",
    "DateMention": "quantities", "Quantity": "quantities", "extract_dates": "quantities",
    "extract_quantities": "quantities",
    "report_to_dict": "report", "to_json": "report", "to_jsonl": "report", "to_markdown": "report",
    "Sentence": "sentences", "detect_language": "sentences", "split_sentences": "sentences",
    "Label": "verdicts", "Thresholds": "verdicts", "Verdict": "verdicts", "judge": "verdicts",
}

if _TYPE_CHECKING:
    from .adapter import QueryAdapter, train_adapter
    from .batch import BatchSummary, check_batch, iter_articles
    from .check import Report, SentenceResult, check_file, check_text, encoder_for
    from .corpus import Statement, read_corpus
    from .encoder import DEFAULT_MODEL, Encoder, SentenceTransformerEncoder, load_encoder
    from .index import Match, ModelInfo, StatementIndex
    from .lexical import Retrieval
    from .quantities import DateMention, Quantity, extract_dates, extract_quantities
    from .report import report_to_dict, to_json, to_jsonl, to_markdown
    from .sentences import Sentence, detect_language, split_sentences
    from .verdicts import Label, Thresholds, Verdict, judge


def __getattr__(name: str) -> _Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'claimcheck' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # load once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "BatchSummary",
    "ClaimcheckError",
    "CorpusError",
    "DEFAULT_MODEL",
    "DateMention",
    "Encoder",
    "IndexBusyError",
    "IndexFormatError",
    "InputError",
    "InputNotFoundError",
    "Label",
    "Match",
    "ModelError",
    "ModelInfo",
    "ModelMismatchError",
    "Quantity",
    "QueryAdapter",
    "Report",
    "Retrieval",
    "Sentence",
    "SentenceResult",
    "SentenceTransformerEncoder",
    "Statement",
    "StatementIndex",
    "Thresholds",
    "Verdict",
    "__version__",
    "check_batch",
    "check_file",
    "check_text",
    "detect_language",
    "encoder_for",
    "extract_dates",
    "extract_quantities",
    "iter_articles",
    "judge",
    "load_encoder",
    "read_corpus",
    "report_to_dict",
    "split_sentences",
    "to_json",
    "to_jsonl",
    "to_markdown",
    "train_adapter",
]
