"""Web input: fetching a page (from a local test server), decoding it, and extracting the article."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from claimcheck import InputError, InputNotFoundError
from claimcheck.web import WebArticle, decode_html, extract, fetch, is_url, read_web_article
from conftest import local_server

PAGES = Path(__file__).resolve().parent / "data" / "pages"
ROOT = Path(__file__).resolve().parent.parent
HINDI = PAGES / "hindi-news.html"
CAP = 50_000  # max_bytes for the size tests: well under what /stream-big sends

# Text from the Hindi page's navigation menu, footer, cookie banner, comments and sidebar: none may be extracted.
HINDI_BOILERPLATE = ["मुखपृष्ठ", "देश-प्रदेश", "शेयर बाज़ार लाइव", "सर्वाधिकार सुरक्षित", "गोपनीयता नीति",
                     "कुकी सूचना", "सहमत हूँ", "टिप्पणी एक", "टिप्पणी दो", "रमेश_42", "पाठकों की टिप्पणियाँ",
                     "सबसे ज़्यादा पढ़ी गईं", "रोमांचक जीत", "विज्ञापन-स्क्रिप्ट"]
HINDI_PARAGRAPH_STARTS = ["पाकिस्तान के विदेश मंत्री बिलावल भुट्टो-ज़रदारी ने रविवार को बताया",
                          "वॉशिंगटन में वे नेशनल प्रेयर ब्रेकफ़ास्ट में शामिल हुए",
                          "चॉलेट ने पेशावर की पुलिस लाइन्स मस्जिद में 30 जनवरी",
                          "विदेश मंत्री ने कहा कि आतंकवाद पाकिस्तान और पूरे क्षेत्र",
                          "विश्लेषकों का मानना है कि पिछले महीने जिनेवा में",
                          "अमेरिकी विदेश विभाग ने एक बयान में कहा"]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # for the chunked route
    stop: threading.Event  # set on the class by the fixture, so that sleeping handlers end with the tests

    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str | None = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        route = getattr(self, "route_" + self.path.strip("/").replace("-", "_"), None)
        try:
            if route is None:
                self._send(404, b"<html><body><p>no such page</p></body></html>")
            else:
                route()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up on purpose (size caps, timeouts)
            self.close_connection = True

    def route_article(self) -> None:
        self._send(200, HINDI.read_bytes())

    def route_latin1(self) -> None:  # the charset only in the header: the page's own <meta charset> is removed
        body = (PAGES / "latin1.html").read_bytes().replace(b'<meta charset="iso-8859-1">', b"")
        self._send(200, body, "text/html; charset=ISO-8859-1")

    def route_empty(self) -> None:
        self._send(200, (PAGES / "empty.html").read_bytes())

    def route_missing(self) -> None:
        self._send(404, b"<html><body><h1>Not here</h1></body></html>")

    def route_pdf(self) -> None:
        self._send(200, b"%PDF-1.4\n%fake\n", "application/pdf")

    def route_plain(self) -> None:
        self._send(200, b"just text", "text/plain; charset=utf-8")

    def route_big(self) -> None:  # announces more than the cap; the client must refuse before reading
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "10000000")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"<html>" + b" " * 1000)
        self.close_connection = True

    def route_stream_big(self) -> None:  # no Content-Length, chunked, and more than the cap
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"<p>" + b"x" * 8_000 + b"</p>\n"
        for _ in range(40):  # ~320 kB
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.wfile.write(b"0\r\n\r\n")

    def route_slow(self) -> None:  # no answer for longer than the client's timeout
        self.stop.wait(3)
        self._send(200, HINDI.read_bytes())

    def route_trickle(self) -> None:  # a byte every 0.1 s: no single read times out, the whole download does
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for _ in range(40):
            if self.stop.wait(0.1):
                break
            self.wfile.write(b"1\r\n \r\n")
            self.wfile.flush()
        self.close_connection = True

    def route_loop(self) -> None:
        self._send(302, b"", None, {"Location": "/loop"})

    def route_redirect(self) -> None:
        self._send(302, b"", None, {"Location": "/article"})

    def route_redirect_missing(self) -> None:
        self._send(301, b"", None, {"Location": "/missing"})


@pytest.fixture(scope="module")
def server():
    stop = threading.Event()
    handler = type("Handler", (_Handler,), {"stop": stop})
    with local_server(handler) as url:
        try:
            yield url
        finally:
            stop.set()  # before the server shuts down: handlers sleeping on it end now


def _error(excinfo: pytest.ExceptionInfo, url: str) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    assert message.startswith(f"{url}: ")
    return message.removeprefix(f"{url}: ")


# --- fetching ---------------------------------------------------------------------------------------------------

def test_fetch_returns_the_page(server):
    body, final_url, content_type = fetch(f"{server}/article")
    assert body == HINDI.read_bytes()
    assert final_url == f"{server}/article"
    assert content_type == "text/html; charset=utf-8"


def test_redirect_is_followed_and_final_url_reported(server):
    article = read_web_article(f"{server}/redirect")
    assert article.url == f"{server}/article"
    assert article.date == "2023-02-05"
    _, final_url, _ = fetch(f"{server}/redirect")
    assert final_url == f"{server}/article"


@pytest.mark.parametrize(("route", "options", "cause"), [
    ("/missing", {}, "HTTP 404 Not Found"),
    ("/pdf", {}, "not a web page (content type application/pdf)"),
    ("/plain", {}, "not a web page (content type text/plain)"),
    ("/big", {"max_bytes": CAP}, "larger than 50 kB (10,000,000 bytes)"),
    ("/stream-big", {"max_bytes": CAP}, "larger than 50 kB"),
    ("/slow", {"timeout": 0.3}, "timed out after 0.3 s"),
    ("/trickle", {"timeout": 0.3}, "timed out after 0.3 s"),
    ("/loop", {}, "more than 5 redirects"),
    ("/loop", {"max_redirects": 2}, "more than 2 redirects"),
])
def test_fetch_failures_are_one_line_errors(server, route, options, cause):
    url = f"{server}{route}"
    started = time.monotonic()
    with pytest.raises(InputError) as excinfo:
        fetch(url, **options)
    assert _error(excinfo, url) == cause
    error = excinfo.value  # no chained httpx traceback behind the one line
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)
    assert time.monotonic() - started < 2


def test_error_after_a_redirect_names_where_it_happened(server):
    url = f"{server}/redirect-missing"
    with pytest.raises(InputError) as excinfo:
        read_web_article(url)
    assert _error(excinfo, url) == f"HTTP 404 Not Found (at {server}/missing)"


def test_connection_refused():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/article"
    with pytest.raises(InputError) as excinfo:
        fetch(url, timeout=2)
    assert _error(excinfo, url).startswith("cannot connect: ")
    assert "refused" in str(excinfo.value).lower()


@pytest.mark.parametrize("url", ["ftp://example.org/a.html", "http://", "https:///path", "http://exa mple.org/",
                                 "http://example.org:99999/", "example.org/news", "mailto:a@b.org"])
def test_invalid_urls_are_refused_without_network(url):
    assert not is_url(url)
    with pytest.raises(InputError) as excinfo:
        fetch(url)
    assert _error(excinfo, url).startswith("invalid URL")


def test_is_url():
    assert is_url("https://example.org/news/1?x=2#top")
    assert is_url("HTTP://EXAMPLE.ORG")
    assert is_url("http://127.0.0.1:8080/a")
    assert not is_url("article.html")
    assert not is_url("/tmp/page.html")
    assert not is_url("https://example.org/a\nb")


# --- decoding ---------------------------------------------------------------------------------------------------

def test_latin1_from_the_header_decodes_accents(server):
    article = read_web_article(f"{server}/latin1")
    assert article.title == "Ginebra: la comunidad internacional promete ayuda para la reconstrucción de Pakistán"
    assert "Más de cuarenta países" in article.text
    assert "«Ningún país debería afrontar solo una catástrofe así»" in article.text
    assert "¿Llegará el dinero a tiempo?" in article.text
    assert "\ufffd" not in article.text and "Ã" not in article.text
    assert article.language == "es"


def test_latin1_from_meta_charset():
    html = decode_html((PAGES / "latin1.html").read_bytes(), None)
    assert "reconstrucción de Pakistán" in html
    assert decode_html((PAGES / "latin1.html").read_bytes(), "text/html") == html


def test_decode_rules():
    assert decode_html("<p>कल</p>".encode(), "text/html") == "<p>कल</p>"  # UTF-8 by default
    assert decode_html(b"\xef\xbb\xbf<p>x</p>", "text/html; charset=iso-8859-1") == "<p>x</p>"  # a BOM wins
    assert decode_html(b"<p>\x80 5</p>", 'text/html; charset="ISO-8859-1"') == "<p>€ 5</p>"  # read as windows-1252
    cyrillic = b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>\xcf\xf0\xe8</p>'
    assert decode_html(cyrillic, None).endswith("<p>При</p>")
    assert decode_html("<p>é</p>".encode(), "text/html; charset=no-such-charset") == "<p>é</p>"


def test_decode_errors():
    with pytest.raises(InputError, match=r"^page.html: cannot decode the page: not valid UTF-8 and no charset "
                                         r"declared \(byte 0xe9 at offset 3\)$"):
        decode_html(b"<p>\xe9t\xe9</p>", None, source="page.html")
    with pytest.raises(InputError, match="^the page is empty$"):
        decode_html(b"  \n", "text/html")
    with pytest.raises(InputError, match="NUL"):
        decode_html(b"<p>a\x00b</p>", "text/html")


# --- extraction -------------------------------------------------------------------------------------------------

def test_hindi_article_keeps_paragraphs_and_drops_boilerplate(server):
    article = read_web_article(f"{server}/article")
    assert isinstance(article, WebArticle)
    assert article.title == "पाकिस्तान और अमेरिका अगले महीने आतंकवाद-विरोधी वार्ता करेंगे"
    assert article.date == "2023-02-05"
    assert article.url == f"{server}/article"
    assert article.language == "hi"
    lines = article.text.splitlines()
    for start in HINDI_PARAGRAPH_STARTS:  # each paragraph is kept, whole, on a line of its own
        assert sum(line.startswith(start) for line in lines) == 1, start
    assert "90 से अधिक लोगों की जान गई थी" in article.text
    for noise in HINDI_BOILERPLATE:
        assert noise not in article.text, noise


def test_saved_html_file(tmp_path):
    article = read_web_article(str(HINDI))
    assert article.title == "पाकिस्तान और अमेरिका अगले महीने आतंकवाद-विरोधी वार्ता करेंगे"
    assert article.date == "2023-02-05"
    assert article.url == "https://samachar-darpan.example/videsh/pakistan-america-varta"  # its canonical link
    assert all(noise not in article.text for noise in HINDI_BOILERPLATE)
    # a page saved under another name is recognised by its content
    other = tmp_path / "saved-page.txt"
    other.write_bytes(HINDI.read_bytes())
    assert read_web_article(other) == article


def test_bengali_article_with_json_ld_date():
    article = read_web_article(PAGES / "bengali-news.html")
    assert article.title == "জেনেভা সম্মেলনে পাকিস্তানের জন্য ৯০০ কোটি ডলারের বেশি প্রতিশ্রুতি"
    assert article.date == "2023-01-10"
    assert article.language == "bn"
    assert "মোট ৯০০ কোটি মার্কিন ডলারের বেশি সহায়তার প্রতিশ্রুতি দিয়েছে" in article.text
    assert len(article.text.splitlines()) == 4  # the headline and three paragraphs
    assert "খেলাধুলা" not in article.text and "সব স্বত্ব সংরক্ষিত" not in article.text


def test_arabic_rtl_article():
    article = read_web_article(PAGES / "arabic-news.html")
    assert article.title == "مؤتمر جنيف يجمع تعهدات لإعادة إعمار باكستان"
    assert article.date == "2023-01-09"
    assert article.language == "ar"
    assert "تعهدت بأكثر من تسعة مليارات دولار أمريكي" in article.text
    assert "أخبار العالم" not in article.text and "جميع الحقوق محفوظة" not in article.text


def test_page_without_article(server, tmp_path):
    path = PAGES / "empty.html"
    with pytest.raises(InputError, match=f"^{path}: no article text found in the page$"):
        read_web_article(path)
    url = f"{server}/empty"
    with pytest.raises(InputError) as excinfo:
        read_web_article(url)
    assert _error(excinfo, url) == "no article text found in the page"
    with pytest.raises(InputError, match="^no article text found in the page"):
        extract("")


def test_no_date_guessed_from_a_copyright_line():
    html = HINDI.read_text(encoding="utf-8")
    html = "\n".join(line for line in html.splitlines() if "_time" not in line)
    article = extract(html)
    assert article.date is None  # not 2023-01-01 from "© 2023"
    assert article.url == "https://samachar-darpan.example/videsh/pakistan-america-varta"


def test_file_errors(tmp_path):
    missing = tmp_path / "gone.html"
    with pytest.raises(InputNotFoundError, match=f"^{missing}: web page not found$"):
        read_web_article(missing)
    folder = tmp_path / "folder.html"
    folder.mkdir()
    with pytest.raises(InputError, match=f"^{folder}: expected a web page, found a folder$"):
        read_web_article(folder)
    text = tmp_path / "notes.txt"
    text.write_text("plain notes, not a page", encoding="utf-8")
    with pytest.raises(InputError, match="not a web page"):
        read_web_article(text)
    with pytest.raises(InputError, match=r"larger than 1 kB \("):
        read_web_article(HINDI, max_bytes=1000)


def test_import_is_lazy():
    code = "import sys, claimcheck.web; print(sorted(m for m in ('httpx', 'trafilatura', 'lxml') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# The CLI with web input: a URL or a saved page is checked like a text file, its title a heading, its date the default.

def _cli(*args):
    from typer.testing import CliRunner

    from claimcheck.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def fake_index(tmp_path_factory):
    """An index built with the fake encoder: enough for every refusal that comes before the model loads."""
    from claimcheck import StatementIndex, read_corpus
    from claimcheck.testing import HashingEncoder

    folder = tmp_path_factory.mktemp("web") / "idx"
    StatementIndex.build(read_corpus(ROOT / "corpora" / "pakistan-us-2023.jsonl"), HashingEncoder()).save(folder)
    return folder


@pytest.mark.parametrize("route, cause", [("/missing", "HTTP 404 Not Found"), ("/pdf", "not a web page"),
                                          ("/loop", "more than 5 redirects"), ("/empty", "no article text found")])
def test_cli_refuses_a_bad_page_in_one_line_before_loading_the_model(server, fake_index, route, cause, monkeypatch):
    import claimcheck.cli

    monkeypatch.setattr(claimcheck.cli, "_index_and_model", lambda *a, **k: pytest.fail("model loaded"))
    result = _cli("check", server + route, "--index", fake_index)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and server + route in lines[0] and cause in lines[0] and "Traceback" not in result.output


@pytest.mark.model
def test_cli_checks_a_url_with_its_title_as_heading_and_its_date(server, corpus_index, tmp_path):
    import json

    corpus_index.save(tmp_path / "idx")
    result = _cli("check", server + "/article", "--index", tmp_path / "idx", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["source"] == server + "/article" and report["date"] == "2023-02-05" and report["language"] == "hi"
    first = report["sentences"][0]
    assert first["text"] == "पाकिस्तान और अमेरिका अगले महीने आतंकवाद-विरोधी वार्ता करेंगे"
    assert first["verdict"]["label"] == "not_checkworthy" and "heading" in first["verdict"]["explanation"]
    assert sum(1 for s in report["sentences"] if s["text"] == first["text"]) == 1  # the <h1> is not repeated
    assert report["verdicts"]["supported"] + report["verdicts"]["contradicted"] >= 1

    saved = _cli("check", PAGES / "hindi-news.html", "--index", tmp_path / "idx", "--format", "json",
                 "--date", "2023-02-06")
    assert saved.exit_code == 0 and json.loads(saved.stdout)["date"] == "2023-02-06"  # --date wins over the page
