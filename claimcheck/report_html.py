"""Reports -> one self-contained HTML page: the article with each sentence marked by its verdict.

:func:`to_html` writes a single HTML5 file with its CSS and a few lines of
JavaScript inline; it loads nothing (no fonts, scripts, images or styles from
anywhere, enforced by a Content-Security-Policy), so it works opened from disk.

The page shows, top to bottom:

- the article's name, its date, when the report was made, the model, and the
  count of each verdict as a legend and a proportional bar;
- the article text in reading order, paragraph by paragraph (the original
  text between sentences is kept), each sentence highlighted by its verdict
  with a colour (Okabe-Ito hues, darkened to pass WCAG AA), a border pattern
  (solid = supported, double = contradicted, dashed = unverified, dotted = not
  checked) and a visible word with a symbol (✓ supported, ✗ contradicted,
  ? unverified, – not checked), so colour is never the only cue;
- for each judged sentence, a ``<details>`` panel (opened by click, or by Tab
  then Enter/Space; no JavaScript needed) with the verdict's reason, each
  evidence statement with its source, date, link, similarity, rating and the
  values compared ("article: 19 billion USD; source: more than 9 billion USD").

Every text block and every sentence has ``dir="auto"`` (paragraphs get the
direction of their first strong character, computed here, because the
browser's ``dir="auto"`` ignores text inside children that have a ``dir``
of their own), so Arabic and Urdu sentences read right to left inside a
left-to-right page. Printing expands every panel.

Structure other code (and ``tests/test_report_html.py``) relies on:

- ``<html lang=REPORT_LANGUAGE dir="ltr">``; ``<body class="cc-report">``;
- ``<li class="cc-count" data-verdict=LABEL data-count=N>`` per verdict in
  ``<ul class="cc-legend">``;
- ``<article class="cc-article">`` holding ``<div class="cc-para" dir=...>``;
- one element with class ``cc-sentence``, ``id="sN"``, ``data-index=N``,
  ``data-verdict=LABEL`` (``supported``, ``contradicted``, ``unverified``,
  ``not_checkworthy``, or ``none`` when the report has no verdicts) and
  ``dir="auto"`` per sentence: a ``<details>`` for judged sentences, a
  ``<span>`` for those not judged; inside it ``<span class="cc-text">`` (the
  sentence, verbatim), ``<span class="cc-badge">`` (the label) and, in
  ``<details>``, ``<div class="cc-panel">`` with ``<li class="cc-match"
  data-role="evidence|nearest" data-statement-id=ID>`` per statement,
  ``<a class="cc-link" rel="noopener">`` (http and https URLs only) and
  ``<li class="cc-cmp" data-agrees="true|false">`` per compared value.

Opening ``report.html#s5`` opens sentence 5's panel.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from .check import Report, SentenceResult

__all__ = ["to_html", "VERDICT_LABELS"]

VERDICT_LABELS: Mapping[str, tuple[str, str]] = {
    "supported": ("✓", "supported"),
    "contradicted": ("✗", "contradicted"),
    "unverified": ("?", "unverified"),
    "not_checkworthy": ("–", "not checked"),
    "none": ("·", "no verdict"),
}
"""Verdict label -> (symbol, the word shown on the page)."""

_FONTS = ('"Noto Sans", "Noto Sans Devanagari", "Noto Sans Bengali", "Noto Sans Tamil", "Noto Sans Gurmukhi", '
          '"Noto Sans Gujarati", "Noto Sans Telugu", "Noto Sans Kannada", "Noto Sans Malayalam", '
          '"Noto Naskh Arabic", "Noto Nastaliq Urdu", "Noto Sans Symbols2", system-ui, -apple-system, "Segoe UI", '
          '"Nirmala UI", "Kohinoor Devanagari", "Geeza Pro", Tahoma, sans-serif')

# Okabe-Ito hues, darkened where needed so that white text on them, and they on white, pass WCAG AA (>= 4.5:1):
# bluish green #009E73 -> #007A5A, vermillion #D55E00 -> #B34D00, blue #0072B2, grey #6B6B6B.
_CSS = """
:root{color-scheme:light;--cc-font:%(fonts)s;--ok:#007A5A;--ok-bg:#E3F3EC;--bad:#B34D00;--bad-bg:#FBE8DB;--unk:#0072B2;
--unk-bg:#E2EDF7;--nc:#6B6B6B;--nc-bg:transparent;--ink:#1B1B1B;--muted:#555;--line:#C9C9C9}
*{box-sizing:border-box}
html{font-family:var(--cc-font);color:var(--ink);background:#FAFAF7}
body{margin:0 auto;max-width:52rem;padding:1.5rem 1.25rem 3rem;line-height:1.6;font-size:1.0625rem}
:lang(ur){font-family:"Noto Nastaliq Urdu","Noto Naskh Arabic",var(--cc-font)}
:lang(ar),:lang(fa),:lang(ps),:lang(sd){font-family:"Noto Naskh Arabic","Noto Sans Arabic",var(--cc-font)}
a{color:#0B5CAD}
a:focus-visible,summary:focus-visible{outline:3px solid #000;outline-offset:2px;border-radius:2px}
.cc-header h1{font-size:1.5rem;line-height:1.35;margin:0 0 .5rem}
.cc-meta{display:grid;grid-template-columns:repeat(auto-fill,minmax(10.5rem,1fr));gap:.4rem 1.2rem;margin:0 0 1rem;
 font-size:.92rem}
.cc-meta dt{color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}
.cc-meta dd{margin:0;overflow-wrap:anywhere}.cc-meta>div:first-child{grid-column:span 2}
.cc-legend{list-style:none;display:flex;flex-wrap:wrap;gap:.4rem .9rem;margin:0 0 .5rem;padding:0;font-size:.95rem}
.cc-count{display:flex;align-items:center;gap:.35rem}
.cc-count a{color:inherit;text-decoration:none}.cc-count a:hover{text-decoration:underline}
.cc-count-n{font-weight:700;font-variant-numeric:tabular-nums}
.cc-swatch{display:inline-block;width:1.6rem;height:1rem;border-radius:3px;border:1px solid #000}
.cc-bar{display:flex;height:1.1rem;border:1px solid #000;border-radius:4px;overflow:hidden;margin:0 0 .5rem;
 background:#fff}
.cc-seg{display:block;min-width:3px}
[data-verdict=supported]>.cc-swatch,.cc-seg[data-verdict=supported]{background:var(--ok)}
[data-verdict=contradicted]>.cc-swatch,.cc-seg[data-verdict=contradicted]{background:repeating-linear-gradient(
 135deg,var(--bad) 0 5px,#FFF 5px 8px)}
[data-verdict=unverified]>.cc-swatch,.cc-seg[data-verdict=unverified]{background:radial-gradient(
 circle,var(--unk) 0 2.2px,#FFF 2.6px) 0 0/7px 7px}
[data-verdict=not_checkworthy]>.cc-swatch,.cc-seg[data-verdict=not_checkworthy]{background:repeating-linear-gradient(
 90deg,#D9D9D9 0 3px,#FFF 3px 6px)}
[data-verdict=none]>.cc-swatch,.cc-seg[data-verdict=none]{background:#EEE}
.cc-seg+.cc-seg{border-left:2px solid #000}
.cc-hint{font-size:.9rem;color:var(--muted);margin:.25rem 0 1.25rem}
.cc-article{background:#fff;border:1px solid var(--line);border-radius:6px;padding:1.25rem 1.5rem;
 line-height:2.05;font-size:1.125rem}
.cc-para{white-space:pre-line;margin:0 0 1.1em}.cc-para:last-child{margin-bottom:0}
.cc-para:lang(ur),.cc-sentence:lang(ur){line-height:2.6}
details.cc-sentence,details.cc-sentence>summary{display:inline}
details.cc-sentence>summary{list-style:none;cursor:pointer}
details.cc-sentence>summary::-webkit-details-marker{display:none}
details.cc-sentence>summary::marker{content:""}
/* Chromium gives the closed content a block box, which would break the line after every sentence */
details.cc-sentence:not([open])::details-content{display:none}
/* a word joiner keeps the badge on the line of the sentence's last word */
.cc-text::after{content:"\\2060"}
.cc-text{padding:.12em .1em;-webkit-box-decoration-break:clone;box-decoration-break:clone;border-radius:2px}
[data-verdict=supported]>summary>.cc-text{background:var(--ok-bg);border-bottom:3px solid var(--ok)}
[data-verdict=contradicted]>summary>.cc-text{background:var(--bad-bg);border-bottom:5px double var(--bad)}
[data-verdict=unverified]>summary>.cc-text{background:var(--unk-bg);border-bottom:3px dashed var(--unk)}
[data-verdict=none]>summary>.cc-text{border-bottom:2px solid #999}
span.cc-sentence>.cc-text{color:#3D3D3D;border-bottom:2px dotted #8A8A8A}
summary:hover>.cc-text{filter:brightness(.95)}
details[open]>summary>.cc-badge{box-shadow:0 0 0 2px #fff,0 0 0 4px #1B1B1B}
.cc-badge{display:inline;margin-inline-start:.3em;padding:0 .45em;border-radius:.8em;font-family:var(--cc-font);
 font-size:.68rem;font-weight:700;letter-spacing:.04em;text-transform:uppercase;line-height:1.6;
 vertical-align:.12em;white-space:nowrap;color:#fff;background:var(--nc);direction:ltr;unicode-bidi:isolate}
[data-verdict=supported]>summary>.cc-badge{background:var(--ok)}
[data-verdict=contradicted]>summary>.cc-badge{background:var(--bad)}
[data-verdict=unverified]>summary>.cc-badge{background:var(--unk)}
[data-verdict=none]>summary>.cc-badge{background:#555}
span.cc-sentence>.cc-badge{background:#fff;color:#555;border:1px dashed #8A8A8A;font-weight:600}
.cc-panel{display:block;white-space:normal;margin:.5rem 0 .9rem;padding:.7rem .9rem;background:#fff;
 border:1px solid var(--line);border-left:6px solid var(--nc);border-radius:4px;font-size:.93rem;line-height:1.55;
 box-shadow:0 1px 4px rgba(0,0,0,.12);text-align:left}
[data-verdict=supported]>.cc-panel{border-left-color:var(--ok)}
[data-verdict=contradicted]>.cc-panel{border-left-color:var(--bad);border-left-style:double;border-left-width:7px}
[data-verdict=unverified]>.cc-panel{border-left-color:var(--unk);border-left-style:dashed}
.cc-panel p{margin:0 0 .4rem}
.cc-reason{font-weight:600}
.cc-group{margin:.6rem 0 .2rem;font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.cc-matches{margin:0;padding:0;list-style:none}
.cc-match{margin:0 0 .6rem;padding:.45rem .6rem;border:1px solid #E2E2E2;border-radius:4px;background:#FCFCFC}
.cc-match[data-role=evidence]{border-color:#9A9A9A}
.cc-statement{margin:0 0 .25rem;line-height:1.8;font-size:1rem}
.cc-statement:lang(ur){line-height:2.4}
.cc-source,.cc-score{font-size:.85rem;color:#444;margin:0}
.cc-link{overflow-wrap:anywhere}
.cc-compared{margin:.25rem 0 0;padding:0;list-style:none;font-size:.88rem}
.cc-cmp[data-agrees=false]{color:var(--bad);font-weight:600}
.cc-cmp[data-agrees=true]{color:var(--ok)}
.cc-rating{display:inline-block;padding:0 .4em;border:1px solid currentColor;border-radius:3px;font-weight:600}
.cc-footer{margin-top:1.5rem;font-size:.85rem;color:var(--muted)}
@media (max-width:40rem){body{padding:1rem .6rem}.cc-article{padding:.8rem}}
@media print{
 html{background:#fff}body{max-width:none;padding:0;font-size:11pt}
 .cc-hint{display:none}
 details.cc-sentence>.cc-panel{display:block !important;box-shadow:none;break-inside:avoid}
 details.cc-sentence:not([open])::details-content{display:block;content-visibility:visible}
 .cc-article{border:0;padding:0}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
""" % {"fonts": _FONTS}

# Opens every panel before printing (browsers without ::details-content), restores them after; "#s5" opens
# sentence 5; Escape closes the panel the focus is in.
_JS = (
    "(function(){var d=document,w=[];"
    "function all(){return d.querySelectorAll('details.cc-sentence')}"
    "addEventListener('beforeprint',function(){w=[];all().forEach(function(e){w.push(e.open);e.open=true})});"
    "addEventListener('afterprint',function(){all().forEach(function(e,i){if(i<w.length)e.open=w[i]})});"
    "function h(){var m=/^#s(\\d+)$/.exec(location.hash),e=m&&d.getElementById('s'+m[1]);"
    "if(e&&e.tagName==='DETAILS')e.open=true}"
    "addEventListener('hashchange',h);h();"
    "d.addEventListener('keydown',function(v){if(v.key!=='Escape')return;"
    "var e=v.target.closest&&v.target.closest('details.cc-sentence[open]');"
    "if(e){e.open=false;e.querySelector('summary').focus()}})})();"
)
_JS_HASH = "sha256-" + base64.b64encode(hashlib.sha256(_JS.encode()).digest()).decode()
_CSP = (f"default-src 'none'; style-src 'unsafe-inline'; script-src '{_JS_HASH}'; img-src 'none'; "
        "font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")

_BLANK_LINE = re.compile(r"\n(?:[^\S\n]*\n)+")


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host (only those become links), else None."""
    if not url:
        return None
    url = url.strip()
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _direction(text: str) -> str:
    """"rtl" or "ltr" by the first strong character (what ``dir="auto"`` does), "auto" when there is none."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "auto"


def _article_text(report: Report, text: str | None) -> str:
    """The text the sentence offsets point into: ``text`` (checked), else one rebuilt from the sentences."""
    ordered = sorted(report.sentences, key=lambda r: r.sentence.start)
    if text is not None:
        for r in ordered:
            s = r.sentence
            if text[s.start:s.end] != s.text:
                raise ValueError(f"sentence {s.index} is not at [{s.start}:{s.end}] of the text given: pass the "
                                 "article text the report was made from")
    else:
        # Without the text, gaps are rebuilt: one character is a space, more a paragraph break (offsets stay).
        parts, cursor = [], 0
        for r in ordered:
            gap = r.sentence.start - cursor
            if gap < 0:
                raise ValueError(f"sentence {r.sentence.index} overlaps the one before it")
            parts.append(" " * gap if gap < 2 or cursor == 0 else "\n\n" + " " * (gap - 2))
            parts.append(r.sentence.text)
            cursor = r.sentence.end
        text = "".join(parts)
    cursor = 0
    for r in ordered:
        if r.sentence.start < cursor:
            raise ValueError(f"sentence {r.sentence.index} overlaps the one before it")
        cursor = r.sentence.end
    return text


def _paragraphs(text: str, sentences: Sequence[SentenceResult]) -> list[tuple[int, int]]:
    """Spans of the text between blank lines, merged where a sentence runs across one."""
    spans, start = [], 0
    for m in _BLANK_LINE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and any(r.sentence.start < a and r.sentence.end > merged[-1][1] for r in sentences):
            merged[-1] = (merged[-1][0], b)  # a sentence runs across the blank line: one paragraph
        else:
            merged.append((a, b))
    return [(a, b) for a, b in merged if text[a:b].strip()]


def _fmt_checked(checked: dt.date | dt.datetime | str | None) -> str:
    if checked is None:
        checked = dt.datetime.now(dt.timezone.utc)
    if isinstance(checked, dt.datetime):
        return checked.strftime("%Y-%m-%d %H:%M") + (" UTC" if checked.utcoffset() == dt.timedelta(0) else "")
    if isinstance(checked, dt.date):
        return checked.isoformat()
    return str(checked)


def _label(result: SentenceResult) -> str:
    return result.verdict.label.value if result.verdict is not None else "none"


def _badge(label: str) -> str:
    symbol, word = VERDICT_LABELS[label]
    # No-break spaces, and a word joiner after the sentence (CSS), keep the badge whole and on the sentence's line.
    return (f'<span class="cc-badge" dir="ltr" lang="en"><span aria-hidden="true">{symbol}</span>\u00a0'
            f'{_e(word).replace(" ", chr(0xA0))}</span>')


def _statement_lang(lang: str | None) -> str:
    return f' lang="{_e(lang)}"' if lang and re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*", lang) else ""


def _match_html(entry: dict[str, Any], role: str, rating: str | None) -> str:
    url = _safe_url(entry.get("url"))
    where = []
    if entry.get("source"):
        where.append(f'<span class="cc-source-name" dir="auto">{_e(entry["source"])}</span>')
    if entry.get("date"):
        where.append(f'<span class="cc-date">{_e(entry["date"])}</span>')
    if url:
        where.append(f'<a class="cc-link" href="{_e(url)}" rel="noopener">{_e(url)}</a>')
    elif entry.get("url"):
        where.append(f'<span class="cc-url">{_e(entry["url"])}</span>')
    where.append(f'<span class="cc-id">id {_e(entry["id"])}</span>')
    score = [f'similarity <b class="cc-sim">{entry["score"]:.3f}</b> (cosine)']
    if "related" in entry:
        score.append("about the same thing" if entry["related"] else "not close enough to count")
    if rating:
        score.append(f'fact-check rating: <span class="cc-rating" dir="auto">{_e(rating)}</span>')
    compared = ""
    if entry.get("compared") and entry.get("related"):  # values of an unrelated statement decide nothing
        items = []
        for c in entry["compared"]:
            agrees = bool(c.get("agrees"))
            sign = "✓ same" if agrees else "✗ differs"
            items.append(f'<li class="cc-cmp" data-agrees="{str(agrees).lower()}"><span aria-hidden="true">'
                         f'{sign.split()[0]}</span> {sign.split()[1]}: <span dir="auto">article: '
                         f'{_e(c["article"]["as"])}; source: {_e(c["source"]["as"])}</span></li>')
        compared = f'<ul class="cc-compared" aria-label="values compared">{"".join(items)}</ul>'
    return (f'<li class="cc-match" data-role="{role}" data-statement-id="{_e(entry["id"])}" '
            f'data-score="{entry["score"]:.6f}">'
            f'<blockquote class="cc-statement" dir="auto"{_statement_lang(entry.get("lang"))}>{_e(entry["text"])}'
            f'</blockquote><p class="cc-source">{" · ".join(where)}</p>'
            f'<p class="cc-score">{" · ".join(score)}</p>{compared}</li>')


def _panel(result: SentenceResult, entry: dict[str, Any]) -> str:
    verdict = entry.get("verdict")
    ratings = {m.statement.id: m.statement.metadata.get("rating") for m in result.matches}
    parts = []
    if verdict is not None:
        symbol, word = VERDICT_LABELS[verdict["label"]]
        parts.append(f'<p class="cc-reason"><span aria-hidden="true">{symbol}</span> {_e(word.capitalize())}: '
                     f'<span dir="auto">{_e(verdict["explanation"])}</span></p>')
        if verdict.get("rating"):
            parts.append(f'<p>Fact-check rating: <span class="cc-rating" dir="auto">{_e(verdict["rating"])}</span></p>')
    evidence_ids = list(verdict.get("evidence", [])) if verdict else []
    by_id = {m["id"]: m for m in entry["matches"]}

    def rating_of(sid: str) -> str | None:
        value = ratings.get(sid)
        return str(value).strip() if value not in (None, "") else None

    evidence = [by_id[i] for i in evidence_ids if i in by_id]
    missing = [i for i in evidence_ids if i not in by_id]
    others = [m for m in entry["matches"] if m["id"] not in set(evidence_ids)]
    if evidence or missing:
        parts.append(f'<p class="cc-group">Evidence ({len(evidence) + len(missing)})</p>')
        items = [_match_html(m, "evidence", rating_of(m["id"])) for m in evidence]
        items += [f'<li class="cc-match" data-role="evidence" data-statement-id="{_e(i)}">statement {_e(i)}</li>'
                  for i in missing]
        parts.append(f'<ol class="cc-matches">{"".join(items)}</ol>')
    if others:
        heading = ("Other nearest statements" if evidence or missing
                   else "Nearest statements (none counts as evidence)" if verdict else "Nearest statements")
        parts.append(f'<p class="cc-group">{heading}</p>')
        parts.append(f'<ol class="cc-matches">{"".join(_match_html(m, "nearest", rating_of(m["id"])) for m in others)}'
                     '</ol>')
    if not entry["matches"]:
        parts.append('<p class="cc-group">No statements matched.</p>')
    return (f'<div class="cc-panel" dir="ltr" lang="en" role="group" '
            f'aria-label="evidence for sentence {result.sentence.index}">{"".join(parts)}</div>')


def _sentence_html(result: SentenceResult, entry: dict[str, Any], lang: str | None, expanded: bool) -> str:
    label = _label(result)
    s = result.sentence
    attrs_ = (f'id="s{s.index}" data-index="{s.index}" data-verdict="{label}" dir="auto"'
              + (f' lang="{_e(lang)}"' if lang else ""))
    text = f'<span class="cc-text">{_e(s.text)}</span>'
    if label == "not_checkworthy" and result.verdict is not None:
        return (f'<span class="cc-sentence" {attrs_} title="{_e(result.verdict.explanation)}">'
                f'{text}{_badge(label)}</span>')
    return (f'<details class="cc-sentence" {attrs_}{" open" if expanded else ""}><summary>{text}{_badge(label)}'
            f'</summary>{_panel(result, entry)}</details>')


def _sentence_languages(report: Report) -> dict[int, str]:
    """Sentences written in another script than most of the article -> their language (for fonts, screen readers)."""
    from .sentences import detect_language
    from .text import dominant_script

    main = dominant_script(" ".join(r.sentence.text for r in report.sentences))
    out = {}
    for r in report.sentences:
        script = dominant_script(r.sentence.text)
        if script and script != main:
            out[r.sentence.index] = detect_language(r.sentence.text)
    return out


def _summary(report: Report, first: dict[str, int]) -> str:
    counts = report.counts()
    if any(r.verdict is None for r in report.sentences):
        counts["none"] = sum(r.verdict is None for r in report.sentences)
    total = sum(counts.values())
    items, segments, spoken = [], [], []
    for label, n in counts.items():
        symbol, word = VERDICT_LABELS[label]
        name = f'<span aria-hidden="true">{symbol}</span> <span class="cc-count-label">{_e(word)}</span>'
        if label in first:
            name = f'<a href="#s{first[label]}">{name}</a>'
        items.append(f'<li class="cc-count" data-verdict="{label}" data-count="{n}"><span class="cc-swatch">'
                     f'</span>{name} <span class="cc-count-n">{n}</span></li>')
        spoken.append(f"{n} {word}")
        if n:
            segments.append(f'<span class="cc-seg" data-verdict="{label}" style="flex:{n} 1 0" '
                            f'title="{n} {_e(word)}"></span>')
    bar = (f'<div class="cc-bar" role="img" aria-label="{_e(", ".join(spoken))} of {total} sentences">'
           f'{"".join(segments)}</div>') if total else ""
    return (f'<section class="cc-summary" aria-label="verdicts"><ul class="cc-legend">{"".join(items)}</ul>'
            f'{bar}</section>')


def to_html(report: Report, *, title: str | None = None, text: str | None = None,
            checked: dt.date | dt.datetime | str | None = None, expanded: Collection[int] = ()) -> str:
    """The report as one self-contained HTML page (a string; write it as UTF-8).

    ``text`` is the article text the report was made from (the sentences'
    offsets point into it; default: the report's own ``text``, which
    :func:`~claimcheck.check.check_text` keeps): it keeps the article's own spacing and
    paragraphs; without either, the page rebuilds them from the offsets (a gap of
    two characters or more becomes a paragraph break). ``title`` names the page
    (default: "claimcheck report: " and the report's source). ``checked`` is
    when the check ran (default: now, UTC). ``expanded`` lists the indices of
    sentences whose evidence panel starts open.

    Raises ValueError when ``text`` does not hold the sentences at their offsets.
    """
    from .report import sentence_to_dict

    article = _article_text(report, text if text is not None else getattr(report, "text", None))
    ordered = sorted(report.sentences, key=lambda r: r.sentence.start)
    entries = {id(r): sentence_to_dict(r) for r in ordered}
    languages = _sentence_languages(report)
    expanded = set(expanded)
    first: dict[str, int] = {}
    for r in ordered:
        first.setdefault(_label(r), r.sentence.index)

    paragraphs = []
    pos = 0
    for start, end in _paragraphs(article, ordered):
        chunks, cursor = [], start
        while pos < len(ordered) and ordered[pos].sentence.start < end:
            r = ordered[pos]
            chunks.append(_e(article[cursor:r.sentence.start]))
            chunks.append(_sentence_html(r, entries[id(r)], languages.get(r.sentence.index),
                                         r.sentence.index in expanded))
            cursor = r.sentence.end
            pos += 1
        chunks.append(_e(article[cursor:end]))
        paragraphs.append(f'<div class="cc-para" dir="{_direction(article[start:end])}">{"".join(chunks)}</div>')

    source = report.source or "article"
    heading = title if title is not None else f"claimcheck report: {source}"
    meta = [("Article", f'<span dir="auto">{_e(report.source)}</span>' if report.source else "(not named)"),
            ("Article date", _e(report.date.isoformat()) if report.date else "(not given)"),
            ("Checked", _e(_fmt_checked(checked))),
            ("Model", _e(report.model)),
            ("Language", _e(report.language)),
            ("Ranking", _e(report.retrieval or "(not recorded)")
             + (f" with adapter {_e(report.adapter)}" if report.adapter else "")),
            ("Sentences", str(len(report.sentences)))]
    meta_html = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in meta)
    lang = _e(report.language or "und")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(_CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="claimcheck {_e(report.claimcheck_version)}">\n'
        f"<title>{_e(heading)}</title>\n<style>{_CSS}</style>\n</head>\n"
        '<body class="cc-report">\n'
        f'<header class="cc-header" lang="en">\n<h1 dir="auto">{_e(heading)}</h1>\n'
        f'<dl class="cc-meta">{meta_html}</dl>\n{_summary(report, first)}\n'
        '<p class="cc-hint">Each sentence is marked with its verdict. Click a marked sentence, or Tab to it and '
        "press Enter, to see the evidence; Escape closes it.</p>\n</header>\n"
        f'<main>\n<article class="cc-article" lang="{lang}" aria-label="article text">\n'
        + "\n".join(paragraphs)
        + "\n</article>\n</main>\n"
        f'<footer class="cc-footer" lang="en"><p>Made by claimcheck {_e(report.claimcheck_version)}. Verdicts are '
        "automatic: they compare the article's figures and dates with the reference statements shown, and are a "
        "starting point for a human fact-checker, not a ruling.</p></footer>\n"
        f"<script>{_JS}</script>\n</body>\n</html>\n"
    )
