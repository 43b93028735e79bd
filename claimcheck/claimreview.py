"""Fact-checks in schema.org ClaimReview form, read as reference statements.

Fact-checkers publish each review as a ClaimReview (schema.org), the format
behind the Google Fact Check Tools API. Accepted, detected from content:

- JSON-LD: one ClaimReview object, a list of them, or an ``@graph`` (other node
  types beside them are ignored);
- saved fact-check pages: the ``<script type="application/ld+json">`` blocks of
  an HTML file, read with extruct;
- the Fact Check Tools API's ``claims:search`` response (``claims[].claimReview[]``);
- the ClaimReview data feed (``dataFeedElement[].item[]``).

Each review becomes one :class:`~claimcheck.corpus.Statement`:

- ``text``: ``claimReviewed``, the claim as the fact-checker stated it;
- ``source``: the reviewing organisation;
- ``url``: the review; ``date``: its ``datePublished`` (YYYY-MM-DD);
- ``lang``: ``inLanguage`` (or the API's ``languageCode``), else detected from the text;
- ``metadata``: ``rating`` (``reviewRating.alternateName`` verbatim), ``rating_class``
  (``true``, ``false`` or ``mixed``, see :func:`rating_class`), ``claimant``, ``claim_date``,
  ``first_appearance``, ``review_title``, ``format`` = ``"claimreview"``.

Ids are ``cr-`` and 16 hex digits of the SHA-256 of the review URL, so the
same review imported twice, from any of the forms above, has the same id.
Verdicts read ``rating_class``: a related fact-check whose claim is rated
false contradicts the sentence, one rated true supports it (see
:mod:`claimcheck.verdicts`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

RATING_CLASSES = ("true", "false", "mixed")

# Ratings in the words fact-checkers use, by class; matched as whole words after lower-casing. The mixed words
# are tried first ("half true", "mostly false" must not read as "true" or "false"), then false, then true.
_MIXED = ("half true", "half-true", "half false", "not entirely true", "not entirely false", "not the whole truth",
          "media verdad", "medio cierto", "verdad a medias", "अधूरा सच", "आधा सच", "صحيح جزئياً", "صحيح جزئيا",
          "جزئياً", "பாதி உண்மை", "অর্ধেক সত্য", "mixture", "mixed", "partly true", "partly false",
          "partially true", "partially false", "missing context", "needs context", "lacks context", "unproven",
          "exaggerated", "exaggeration", "out of context", "cherry-picked", "mixto", "parcialmente",
          "a medias", "medio verdadero", "verdad a medias", "impreciso", "teilweise", "halb", "halbwahr",
          "à moitié", "partiellement", "en partie", "imprécis", "meio verdadeiro", "parcialmente verdadeiro",
          "impreciso", "अर्धसत्य", "आधा सच", "आंशिक", "অর্ধসত্য", "আংশিক", "جزوی", "آدھا سچ", "نصف")
_FALSE = ("false", "mostly false", "not true", "untrue", "not correct", "inaccurate", "no es cierto", "no es verdad",
          "nicht wahr", "nicht richtig", "pas vrai", "सच नहीं", "सही नहीं", "pants on fire", "fake", "incorrect", "wrong", "hoax", "misleading", "fabricated",
          "baseless", "no evidence", "scam", "falso", "engañoso", "enganoso", "bulo", "falsch", "irreführend",
          "erfunden", "fake news", "faux", "trompeur", "infondé", "झूठ", "झूठा", "फ़र्ज़ी", "फर्जी", "गलत", "ग़लत",
          "भ्रामक", "असत्य", "মিথ্যা", "ভুয়া", "বিভ্রান্তিকর", "ভুল", "جھوٹ", "غلط", "گمراہ کن", "جعلی", "خطأ",
          "كاذب", "زائف", "مضلل", "பொய்", "தவறு", "தவறான")
_TRUE = ("true", "mostly true", "correct", "accurate", "verified", "verdadero", "cierto", "verdad", "correcto",
         "wahr", "richtig", "stimmt", "vrai", "exact", "verdadeiro", "सच", "सही", "सत्य", "সত্য", "সঠিক",
         "سچ", "درست", "صحیح", "صحيح", "உண்மை", "சரி")


def _words(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


_PATTERNS = (("mixed", _words(_MIXED)), ("false", _words(("mostly false", *_FALSE))), ("true", _words(_TRUE)))
# A negation next to a rating word turns it around: "Not accurate", "No es correcto", "Stimmt nicht", "सच नहीं",
# "সত্য নয়", "உண்மை இல்லை", "درست نہیں", "غير صحيح".
_NEGATION = _words(("not", "no", "non", "nicht", "kein", "keine", "pas", "não", "nao", "غير", "ليس", "नहीं", "नही",
                    "نہیں", "নয়", "না", "இல்லை"))


def rating_class(name: str | None, value: Any = None, best: Any = None, worst: Any = None) -> str | None:
    """``true``, ``false`` or ``mixed`` for a review's rating, or ``None`` when it says neither.

    The rating's words decide ("Mostly false", "असत्य", "Engañoso", "Half true":
    mixed words first, then false, then true; a negation turns a true word
    false, "सच नहीं", "Stimmt nicht", and leaves "not false" unclassified); a rating
    in no known words falls back to a numeric ``ratingValue`` on its
    ``worstRating``..``bestRating`` scale (the bottom fifth false, the top
    fifth true, between them mixed).
    """
    if name:
        lowered = " ".join(str(name).lower().split())
        if _PATTERNS[0][1].search(lowered):
            return "mixed"
        negated = bool(_NEGATION.search(lowered))
        if _PATTERNS[1][1].search(lowered):  # a negation outside the false phrase ("Not false") leaves it unclear
            return None if _NEGATION.search(_PATTERNS[1][1].sub(" ", lowered)) else "false"
        if _PATTERNS[2][1].search(lowered):
            return "false" if negated else "true"
    try:  # schema.org's defaults: a 1..5 scale
        v = float(value)
        b = float(best) if best not in (None, "") else 5.0
        w = float(worst) if worst not in (None, "") else 1.0
    except (TypeError, ValueError):
        return None
    if b == w:
        return None
    position = (v - w) / (b - w)
    if not 0.0 <= position <= 1.0:
        return None
    return "false" if position <= 0.2 else "true" if position >= 0.8 else "mixed"


@attrs.frozen(slots=True)
class Review:
    """One fact-check review, whatever form it came in, and where in its file it was."""

    where: str
    claim: Any
    url: Any = None
    source: Any = None
    date: Any = None
    lang: Any = None
    rating: Any = None
    rating_value: Any = None
    rating_best: Any = None
    rating_worst: Any = None
    claimant: Any = None
    claim_date: Any = None
    first_appearance: Any = None
    title: Any = None


def _types(node: Mapping[str, Any]) -> set[str]:
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for v in values if isinstance(v, str)}


def _name(value: Any, nodes: Mapping[str, Any] | None = None) -> Any:
    """A person's or organisation's name: the value itself, its ``name`` (an ``@id`` reference resolved through
    ``nodes``, the graph's nodes by id), or the names of a list joined."""
    if isinstance(value, list):
        names = [n for n in (_name(v, nodes) for v in value) if isinstance(n, str) and n.strip()]
        return ", ".join(names) if names else None
    if isinstance(value, Mapping):
        if nodes and set(value) <= {"@id", "@type"} and isinstance(value.get("@id"), str) and value["@id"] in nodes:
            value = nodes[value["@id"]]
        return value.get("name") or value.get("alternateName") or value.get("url") or _node_id(value)
    return value


def _node_id(node: Mapping[str, Any]) -> str | None:
    """A node's ``@id`` when it names something (a blank node's ``_:b0`` names nothing outside its document)."""
    value = node.get("@id")
    return value if isinstance(value, str) and not value.startswith("_:") else None


def _language(value: Any) -> Any:
    if isinstance(value, list):
        return _language(value[0]) if value else None
    if isinstance(value, Mapping):
        code = value.get("alternateName")
        return code if isinstance(code, str) and len(code) <= 12 else value.get("name")
    return value


def _appearance(item: Mapping[str, Any]) -> Any:
    for key in ("firstAppearance", "appearance"):
        value = item.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, Mapping):
            value = value.get("url") or value.get("name")
        if value:
            return value
    return None


def _from_schema(node: Mapping[str, Any], where: str, nodes: Mapping[str, Any] | None = None) -> Review:
    item = node.get("itemReviewed")
    item = item[0] if isinstance(item, list) and item else item
    item = item if isinstance(item, Mapping) else {}
    rating = node.get("reviewRating")
    rating = rating[0] if isinstance(rating, list) and rating else rating
    rating = {"alternateName": rating} if isinstance(rating, str) else rating  # "reviewRating": "False"
    rating = rating if isinstance(rating, Mapping) else {}
    return Review(
        where=where, claim=node.get("claimReviewed", item.get("text") if "claimReviewed" not in node else None),
        url=node.get("url") or _node_id(node), source=_name(node.get("author") or node.get("publisher"), nodes),
        date=node.get("datePublished") or node.get("dateCreated"), lang=_language(node.get("inLanguage")),
        rating=rating.get("alternateName") or rating.get("name"), rating_value=rating.get("ratingValue"),
        rating_best=rating.get("bestRating"), rating_worst=rating.get("worstRating"),
        claimant=_name(item.get("author"), nodes), claim_date=item.get("datePublished"),
        first_appearance=_appearance(item), title=node.get("name") or node.get("headline"))


def _from_api(claim: Mapping[str, Any], review: Mapping[str, Any], where: str) -> Review:
    publisher = review.get("publisher")
    return Review(
        where=where, claim=claim.get("text"), url=review.get("url"),
        source=(_name(publisher) or (publisher.get("site") if isinstance(publisher, Mapping) else None))
        if publisher else None, date=review.get("reviewDate"),
        lang=review.get("languageCode"), rating=review.get("textualRating"), claimant=claim.get("claimant"),
        claim_date=claim.get("claimDate"), title=review.get("title"))


def find_reviews(data: Any, where: str = "$", nodes: Mapping[str, Any] | None = None
                 ) -> Iterator[Review | tuple[str, str]]:
    """Every review in a parsed JSON value, in document order, as :class:`Review`; a node that should be a review
    but is not an object comes as ``(where, problem)``. Nodes of other types are skipped; ``@id`` references to
    the nodes of an ``@graph`` (an author given once) are resolved."""
    if isinstance(data, list):
        for i, value in enumerate(data):
            yield from find_reviews(value, f"{where}[{i}]", nodes)
        return
    if not isinstance(data, Mapping):
        return
    if isinstance(data.get("claims"), list):  # Fact Check Tools API response
        for i, claim in enumerate(data["claims"]):
            here = f"{where}.claims[{i}]"
            if not isinstance(claim, Mapping):
                yield here, f"expected a claim object, found {type(claim).__name__}"
                continue
            reviews = claim.get("claimReview")
            if not isinstance(reviews, list) or not reviews:
                yield here, "the claim has no claimReview list"
                continue
            for j, review in enumerate(reviews):
                if isinstance(review, Mapping):
                    yield _from_api(claim, review, f"{here}.claimReview[{j}]")
                else:
                    yield f"{here}.claimReview[{j}]", f"expected a review object, found {type(review).__name__}"
        return
    if "ClaimReview" in _types(data):
        yield _from_schema(data, where, nodes)
        return
    graph = data.get("@graph")
    if isinstance(graph, list):
        nodes = {**(nodes or {}), **{n["@id"]: n for n in graph if isinstance(n, Mapping)
                                     and isinstance(n.get("@id"), str) and "ClaimReview" not in _types(n)}}
    for key in ("@graph", "dataFeedElement", "item", "mainEntity", "hasPart"):
        if key in data:
            yield from find_reviews(data[key], f"{where}.{key}", nodes)


def looks_like_claimreview(data: Any) -> bool:
    """Whether a parsed JSON value holds fact-check reviews in any of the accepted forms."""
    return any(True for _ in find_reviews(data))


def _text(value: Any, what: str) -> str | None:
    """A field's text, whitespace collapsed and HTML entities decoded (JSON-LD in pages is raw script text:
    "&#8220;" and "&amp;" are common)."""
    if value is None:
        return None
    if isinstance(value, (dict, list, bool)) or not isinstance(value, (str, int, float)):
        raise ValueError(f"'{what}' must be text, got {type(value).__name__}")
    import html

    text = " ".join(html.unescape(str(value)).split())
    return text or None


def _iso_date(value: Any) -> str | None:
    text = _text(value, "datePublished")
    if text is None:
        return None
    m = re.match(r"(\d{4}-\d{2}-\d{2})", text)
    return m.group(1) if m else text


def review_id(url: str | None, source: str | None, claim: str, date: str | None) -> str:
    """A review's statement id, stable across re-imports: from its URL and the claim it rates (a page may review
    several claims under one URL), else from who reviewed what when."""
    key = f"{url}\x1f{claim}" if url else "\x1f".join(p or "" for p in (source, claim, date))
    return "cr-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def to_record(review: Review) -> dict[str, Any]:
    """The statement record (``text``, ``id``, ``source``, ...) of a review; ``ValueError`` says what is wrong."""
    if review.claim is None:
        raise ValueError("no claimReviewed (the claim the review rates)")
    if not isinstance(review.claim, str):
        raise ValueError(f"claimReviewed must be text, got {type(review.claim).__name__}")
    claim = _text(review.claim, "claimReviewed") or ""
    if not claim:
        raise ValueError("claimReviewed is empty")
    url = _text(review.url, "url")
    source = _text(review.source, "author")
    date = _iso_date(review.date)
    lang = _text(review.lang, "inLanguage")
    if lang:
        lang = lang.replace("_", "-").split("-")[0].lower()
        lang = lang if re.fullmatch(r"[a-z]{2,3}", lang) else None  # "English" is a name, not a code: detect
    if not lang:
        from .sentences import detect_language

        lang = detect_language(claim)
    rating = _text(review.rating, "reviewRating.alternateName")
    record: dict[str, Any] = {"id": review_id(url, source, claim, date), "text": claim, "source": source, "url": url,
                              "date": date, "lang": lang, "format": "claimreview"}
    optional = {"rating": rating,
                "rating_class": rating_class(rating, review.rating_value, review.rating_best, review.rating_worst),
                "claimant": _text(review.claimant, "itemReviewed.author"),
                "claim_date": _iso_date(review.claim_date), "first_appearance": _text(review.first_appearance,
                                                                                     "firstAppearance"),
                "review_title": _text(review.title, "name")}
    record.update({k: v for k, v in optional.items() if v is not None})
    return {k: v for k, v in record.items() if v is not None}


def json_ld_blocks(html: str, base_url: str | None = None) -> list[Any]:
    """The parsed ``application/ld+json`` blocks of an HTML page (extruct); ``ValueError`` on a malformed one."""
    import extruct

    try:
        return extruct.extract(html, base_url=base_url, syntaxes=["json-ld"], errors="strict")["json-ld"]
    except Exception as exc:  # noqa: BLE001 - extruct passes on json's and lxml's errors as they come
        raise ValueError(f"malformed JSON-LD in a <script type=\"application/ld+json\"> block "
                         f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})") from exc


class LineFinder:
    """The line where the node at a JSON path (``$.claims[2].claimReview[0]``) starts in one JSON document.

    The document is parsed again, once, on the first call, with positions
    kept (Python's own JSON scanner, in its pure-Python form): a cost paid
    only when an error needs a line number.
    """

    def __init__(self, text: str):
        self._text = text
        self._tree: Any = None
        self._lines: dict[int, int] = {}
        self._parsed = False

    def _parse(self) -> None:
        import bisect
        import json.decoder
        import json.scanner

        self._parsed = True
        newlines = [m.start() for m in re.finditer("\n", self._text)]
        lines = self._lines

        def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
            result, end = json.decoder.JSONObject(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo)
            lines[id(result)] = bisect.bisect_left(newlines, s_and_end[1]) + 1
            return result, end

        def parse_array(s_and_end, scan_once):
            result, end = json.decoder.JSONArray(s_and_end, scan_once)
            lines[id(result)] = bisect.bisect_left(newlines, s_and_end[1]) + 1
            return result, end

        decoder = json.JSONDecoder()
        decoder.parse_object = parse_object  # type: ignore[assignment]
        decoder.parse_array = parse_array  # type: ignore[assignment]
        decoder.scan_once = json.scanner.py_make_scanner(decoder)
        try:
            self._tree = decoder.decode(self._text)  # kept alive, so the ids in ``lines`` stay valid
        except (ValueError, RecursionError):
            self._tree = None

    def __call__(self, where: str) -> int | None:
        if not self._parsed:
            self._parse()
        node = self._tree
        for key, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", where):
            try:
                node = node[int(index)] if index else node[key]
            except (KeyError, IndexError, TypeError):
                return None
        return self._lines.get(id(node))


def load_json(text: str) -> Any:
    """A JSON document parsed; ``ValueError`` naming the line and column of a syntax error."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError:
        raise ValueError("JSON nested too deeply to read") from None
