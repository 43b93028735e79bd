"""Articles from the web: fetch a page (or read a saved one) and extract its main text.

``read_web_article(value)`` takes a URL (http or https) or the path of a saved
``.html``/``.htm`` file and returns a :class:`WebArticle`: the article's main
text (paragraphs one per line; navigation, footers, cookie banners and reader
comments left out), its title, publication date (``YYYY-MM-DD``), URL and
language, as far as the page says.

Limits, so that a bad page fails fast with one clear line instead of hanging
or filling memory:

* a download gives up after ``timeout`` seconds (20 by default) of waiting to
  connect or for the next bytes, and when the whole download has taken longer
  than that;
* a page larger than ``max_bytes`` (5 MB by default) is refused, from its
  ``Content-Length`` when the server sends one, else once that many bytes
  have arrived (the same cap applies to a saved file);
* at most ``max_redirects`` redirects (5 by default) are followed;
* only ``text/html`` and ``application/xhtml+xml`` are accepted (not PDFs,
  images, JSON...);
* there are no retries and no cookies; nothing but the page itself is fetched.

Every failure is an :class:`~claimcheck.InputError` whose message is one line
naming the URL or file and the cause, e.g.
``https://example.org/a: HTTP 404 Not Found``.

Text is extracted offline with trafilatura (its metadata dates come from
htmldate, which is only ever given the parsed page, so nothing touches the
network); httpx and trafilatura are imported on first use so that
``import claimcheck`` stays fast.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import logging
import os
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs

from ._errors import InputError, InputNotFoundError
from ._version import __version__

__all__ = ["USER_AGENT", "WebArticle", "decode_html", "extract", "fetch", "is_url", "read_web_article"]

USER_AGENT = f"claimcheck/{__version__} (+https://pypi.org/project/claimcheck-nlp/)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_MAX_REDIRECTS = 5

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ERRNO_PREFIX = re.compile(r"^\[Errno -?\d+\]\s*")
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
# Labels that browsers (WHATWG Encoding Standard) read as windows-1252, a superset of Latin-1.
_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819",
                 "us-ascii", "ascii", "windows-1252", "cp1252", "x-cp1252"}


@attrs.frozen(slots=True)
class WebArticle:
    """The main text of a web page and what the page says about it (each ``None`` when it does not say)."""

    text: str
    """The article's main text, one paragraph a line."""
    title: str | None = None
    date: str | None = None
    """The publication date, ``YYYY-MM-DD``."""
    url: str | None = None
    """The URL the page was fetched from (after redirects), or the canonical URL a saved page names."""
    language: str | None = None
    """The ISO 639 code the page declares (``<html lang>`` and the like), e.g. ``"hi"``."""

    @property
    def body(self) -> str:
        """The text without its first line when that line is the title again (trafilatura keeps the page's
        headline): what a check gets, with the title put back before it as a heading."""
        return without_headline(self.text, self.title)


def without_headline(text: str, title: str | None) -> str:
    """``text`` without its first line when that line is ``title`` (whitespace aside) and more text follows."""
    first, _, rest = text.partition("\n")
    if title and " ".join(first.split()) == " ".join(title.split()) and rest.strip():
        return rest
    return text


def is_url(value: str) -> bool:
    """True if ``value`` is an absolute http:// or https:// URL with a host name (and a valid port, if any)."""
    if not isinstance(value, str) or not value or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} MB"
    if n >= 1_000:
        return f"{n / 1_000:g} kB"
    return f"{n:,} bytes"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return _ERRNO_PREFIX.sub("", text)


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def fetch(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES,
          max_redirects: int = DEFAULT_MAX_REDIRECTS, user_agent: str = USER_AGENT) -> tuple[bytes, str, str]:
    """Download a web page: ``(body, final_url, content_type)``, or a one-line :class:`InputError` naming ``url``.

    Follows up to ``max_redirects`` redirects; gives up after ``timeout``
    seconds (to connect, between bytes, and for the whole download); refuses a
    body over ``max_bytes`` (decompressed) and anything that is not HTML or
    XHTML. ``content_type`` is the ``Content-Type`` header as sent ("" when
    there is none, in which case the body must look like HTML). No retries.
    """
    if not is_url(url):
        raise InputError("invalid URL (expected http:// or https:// followed by a host name)", url)
    import httpx

    deadline = time.monotonic() + timeout
    timed_out = f"timed out after {timeout:g} s"
    too_large = f"larger than {_size(max_bytes)}"
    headers = {"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"}
    try:
        with httpx.Client(follow_redirects=True, max_redirects=max_redirects, timeout=httpx.Timeout(timeout),
                          headers=headers) as client, client.stream("GET", url) as response:
            final_url = str(response.url)
            at = "" if final_url == url else f" (at {final_url})"
            if not 200 <= response.status_code < 300:
                reason = " ".join(response.reason_phrase.split())
                raise InputError(f"HTTP {response.status_code}{' ' + reason if reason else ''}{at}", url)
            content_type = " ".join(response.headers.get("content-type", "").split())
            media = _media_type(content_type)
            if media and media not in HTML_TYPES:
                raise InputError(f"not a web page (content type {media}){at}", url)
            length = response.headers.get("content-length", "").strip()
            if length.isdigit() and int(length) > max_bytes:
                raise InputError(f"{too_large} ({int(length):,} bytes){at}", url)
            chunks: list[bytes] = []
            received = 0
            for chunk in response.iter_bytes():
                received += len(chunk)
                if received > max_bytes:
                    raise InputError(f"{too_large}{at}", url)
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise InputError(timed_out, url)
            body = b"".join(chunks)
    except InputError:
        raise
    except httpx.TooManyRedirects:
        raise InputError(f"more than {max_redirects} redirects", url) from None
    except httpx.TimeoutException:
        raise InputError(timed_out, url) from None
    except httpx.ConnectError as exc:
        raise InputError(f"cannot connect: {_one_line(exc)}", url) from None
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise InputError(f"invalid URL: {_one_line(exc)}", url) from None
    except httpx.HTTPError as exc:
        raise InputError(f"download failed: {_one_line(exc)}", url) from None
    except UnicodeError as exc:  # a host name that IDNA cannot encode ("a..b"), here or after a redirect
        raise InputError(f"invalid URL: {_one_line(exc)}", url) from None
    if not media and not _HTML_START.match(body[:4096].removeprefix(codecs.BOM_UTF8)):
        raise InputError(f"not a web page (no content type, and the content does not look like HTML){at}", url)
    return body, final_url, content_type


def _codec(label: str | bytes | None) -> str | None:
    """The Python codec for a charset label, windows-1252 for the labels browsers read so, or None if unknown."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start:error.end].decode("latin-1"), error.end


def _decode(body: bytes, codec: str) -> str:
    if codec == "cp1252":  # the 5 bytes windows-1252 leaves undefined (0x81, 0x8d, ...) read as Latin-1, as browsers do
        codecs.register_error("claimcheck-latin1", _latin1_fallback)
        return body.decode("cp1252", errors="claimcheck-latin1")
    return body.decode(codec)


def decode_html(body: bytes, content_type: str | None = None, *, source: str | os.PathLike[str] | None = None) -> str:
    """Decode a page's bytes: a byte-order mark, else the header's charset, else ``<meta charset>``, else UTF-8.

    Latin-1 and ASCII labels are read as windows-1252, as browsers do. Bytes
    that the declared charset cannot decode are tried as UTF-8; failing that,
    or with no charset declared and bytes that are not UTF-8, raises a
    one-line :class:`InputError` (naming ``source`` when given).
    """
    if not body.strip():
        raise InputError("the page is empty", source)
    boms = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
    for bom, codec in boms:
        if body.startswith(bom):
            try:
                return body[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"cannot decode the page as {codec} (byte 0x{body[len(bom) + exc.start]:02x} at "
                                 f"offset {len(bom) + exc.start})", source) from None
    header = _HEADER_CHARSET.search(content_type or "")
    meta = _META_CHARSET.search(body[:4096])
    declared = None
    if header and _codec(header.group(1)):
        declared = _codec(header.group(1))
    elif meta and _codec(meta.group(1)):
        declared = _codec(meta.group(1))
        if declared.startswith("utf-16"):  # a page that can be read to find its <meta> is not UTF-16 (WHATWG)
            declared = "utf-8"
    tried = []
    for codec in (declared, "utf-8"):
        if codec is None or codec in tried:
            continue
        tried.append(codec)
        try:
            text = _decode(body, codec)
        except UnicodeDecodeError as exc:
            error = exc
            continue
        if "\x00" in text:
            raise InputError("the page looks binary (contains NUL characters)", source)
        return text
    where = f"byte 0x{body[error.start]:02x} at offset {error.start}"
    if declared and declared != "utf-8":
        raise InputError(f"cannot decode the page as its declared charset {declared} nor as UTF-8 ({where})", source)
    if declared:
        raise InputError(f"cannot decode the page: not valid UTF-8 ({where})", source)
    raise InputError(f"cannot decode the page: not valid UTF-8 and no charset declared ({where})", source)


def _quiet_loggers() -> None:
    """Keep trafilatura's and htmldate's warnings ("discarding data: None") off stderr when logging is not set up."""
    for name in ("trafilatura", "htmldate", "justext", "readability"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


def _normalise_date(value: Any) -> str | None:
    match = _ISO_DATE.match(str(value or "").strip())
    if not match:
        return None
    try:
        return _dt.date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


def _language(tree: Any) -> str | None:
    """The language the page declares: ``<html lang>``, then Content-Language and og:locale ``<meta>``."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang"), tree.get("xml:lang")]
    for meta in tree.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").strip().lower()
        if key in ("content-language", "og:locale", "language", "dc.language", "inlanguage"):
            candidates.append(meta.get("content"))
    for value in candidates:
        primary = re.split(r"[-_,;\s]", (value or "").strip(), maxsplit=1)[0].lower()
        if _LANGUAGE.match(primary):
            return primary
    return None


def _clean_text(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def extract(html: str, *, url: str | None = None, source: str | os.PathLike[str] | None = None) -> WebArticle:
    """The main text and metadata of an HTML page (already decoded), extracted offline with trafilatura.

    Comments, navigation, footers and other boilerplate are left out; each
    paragraph (or heading, list item) is one line. ``url`` is the page's
    address, if known (kept in the result; a page without one gets its
    canonical URL, if it names one). A page with no article text raises
    :class:`InputError` naming ``source`` (``url`` by default).
    """
    source = url if source is None else source
    from trafilatura import bare_extraction
    from trafilatura.settings import set_date_params
    from trafilatura.utils import load_html

    _quiet_loggers()
    # A str that still carries an XML encoding declaration would be re-parsed as UTF-8 bytes read as that encoding.
    tree = load_html(_XML_DECLARATION.sub("", html, count=1)) if html and html.strip() else None
    if tree is None:
        raise InputError("no article text found in the page (not HTML)", source)
    # Dates from the page's metadata and markup only: no guessing from free text (a footer's "© 2023" would
    # otherwise become 2023-01-01). max_date is today, as in trafilatura's defaults.
    date_params = {**set_date_params(False), "original_date": True}
    document = bare_extraction(
        tree, url=url, with_metadata=True, favor_precision=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, include_formatting=False, deduplicate=False,
        date_extraction_params=date_params,
    )
    text = _clean_text(getattr(document, "text", None) or "")
    if not text:
        raise InputError("no article text found in the page", source)
    title = " ".join((document.title or "").split()) or None
    return WebArticle(text=text, title=title, date=_normalise_date(document.date), url=url or document.url or None,
                      language=_language(tree))


def _looks_like_html_file(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            start = handle.read(4096)
    except OSError:
        return False
    return bool(_HTML_START.match(start.removeprefix(codecs.BOM_UTF8)))


def is_html_file(value: str | os.PathLike[str]) -> bool:
    """True if ``value`` names a saved web page: a ``.html``/``.htm``/``.xhtml`` path, or a file starting like HTML."""
    path = Path(value)
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    return path.is_file() and _looks_like_html_file(path)


def read_html_file(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read and decode a saved web page (its ``<meta charset>``, else UTF-8), or a one-line error naming it."""
    p = Path(path)
    if not p.exists():
        raise InputNotFoundError("web page not found", p)
    if p.is_dir():
        raise InputError("expected a web page, found a folder", p)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(f"larger than {_size(max_bytes)} ({size:,} bytes)", p)
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read web page: {exc.strerror or _one_line(exc)}", p) from None
    return decode_html(data, None, source=p)


def read_web_article(value: str | os.PathLike[str], **fetch_options: Any) -> WebArticle:
    """The article at a URL (fetched, see :func:`fetch` for ``fetch_options``) or in a saved HTML file.

    A value that is neither an http(s) URL nor a file with an HTML name or
    content raises :class:`InputError`; a missing file raises
    :class:`~claimcheck.InputNotFoundError` (a ``FileNotFoundError``, as
    :func:`claimcheck._io.read_text` does for a missing article). Both are
    ``ClaimcheckError``s with a one-line message naming the value.
    """
    text_value = os.fspath(value)
    if isinstance(text_value, str) and is_url(text_value):
        body, final_url, content_type = fetch(text_value, **fetch_options)
        html = decode_html(body, content_type, source=text_value)
        return extract(html, url=final_url, source=text_value)
    if isinstance(text_value, str) and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text_value):
        raise InputError("invalid URL (expected http:// or https:// followed by a host name)", text_value)
    if not is_html_file(text_value):
        if not Path(text_value).exists():
            raise InputNotFoundError("web page not found", text_value)
        raise InputError("not a web page (expected a URL, or a file named .html or .htm or starting with <html)",
                         text_value)
    unknown = set(fetch_options) - {"timeout", "max_bytes", "max_redirects", "user_agent"}
    if unknown:
        raise TypeError(f"read_web_article() got unexpected keyword argument(s): {', '.join(sorted(unknown))}")
    html = read_html_file(text_value, max_bytes=fetch_options.get("max_bytes", DEFAULT_MAX_BYTES))
    return extract(html, source=text_value)
