"""claimcheck: match the sentences of news articles to reference statements, across languages.

A few lines cover the whole pipeline::

    import claimcheck

    encoder = claimcheck.load_encoder()                      # embedded multilingual-e5-small
    index = claimcheck.StatementIndex.build(claimcheck.read_corpus("corpora/pakistan-2023.jsonl"), encoder)
    report = claimcheck.check_text(article_text, index, encoder=encoder, k=3)
    for result in report.sentences:
        print(result.sentence.text, result.matches[0].score, result.matches[0].statement.source)

Heavy libraries (torch, sentence-transformers, faiss) load only when a model
or an index is used, so importing claimcheck is instant.
"""

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
from .adapter import QueryAdapter, train_adapter
from .check import Report, SentenceResult, check_file, check_text, encoder_for
from .corpus import Statement, read_corpus
from .encoder import DEFAULT_MODEL, Encoder, SentenceTransformerEncoder, load_encoder
from .index import Match, ModelInfo, StatementIndex
from .lexical import Retrieval
from .quantities import DateMention, Quantity, extract_dates, extract_quantities
from .report import report_to_dict, to_json, to_jsonl, to_markdown
from .sentences import Sentence, detect_language, split_sentences
from .verdicts import Label, Thresholds, Verdict, judge

__all__ = [
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
    "check_file",
    "check_text",
    "detect_language",
    "encoder_for",
    "extract_dates",
    "extract_quantities",
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
