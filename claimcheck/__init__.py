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
    IndexFormatError,
    InputError,
    InputNotFoundError,
    ModelError,
    ModelMismatchError,
)
from ._version import __version__
from .check import Report, SentenceResult, check_file, check_text, encoder_for
from .corpus import Statement, read_corpus
from .encoder import DEFAULT_MODEL, Encoder, SentenceTransformerEncoder, load_encoder
from .index import Match, ModelInfo, StatementIndex
from .report import report_to_dict, to_json, to_jsonl, to_markdown
from .sentences import Sentence, detect_language, split_sentences

__all__ = [
    "DEFAULT_MODEL",
    "ClaimcheckError",
    "CorpusError",
    "Encoder",
    "IndexFormatError",
    "InputError",
    "InputNotFoundError",
    "Match",
    "ModelError",
    "ModelInfo",
    "ModelMismatchError",
    "Report",
    "Sentence",
    "SentenceResult",
    "SentenceTransformerEncoder",
    "Statement",
    "StatementIndex",
    "__version__",
    "check_file",
    "check_text",
    "detect_language",
    "encoder_for",
    "load_encoder",
    "read_corpus",
    "report_to_dict",
    "split_sentences",
    "to_json",
    "to_jsonl",
    "to_markdown",
]
