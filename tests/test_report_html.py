"""The HTML report (claimcheck.report_html): structure, counts, escaping, self-containment, scripts and directions.

Fast: no real model. The pages are parsed with html.parser into a small tree
(and every end tag must close the element it opened), never read with regexes
alone.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import subprocess
import sys
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from claimcheck import StatementIndex, check_text, read_corpus
from claimcheck.check import Report, SentenceResult
from claimcheck.corpus import Statement
from claimcheck.index import Match
from claimcheck.report_html import VERDICT_LABELS, to_html
from claimcheck.sentences import detect_language, split_sentences
from claimcheck.testing import HashingEncoder
from claimcheck.verdicts import judge

from conftest import CORPUS, EXAMPLE_ARTICLE

CHECKED = dt.datetime(2023, 2, 6, 9, 30, tzinfo=dt.timezone.utc)
XSS = "<script>alert(1)</script>"

# English, then Urdu (right to left), then Bengali, with a script tag in the text: checked by the whole pipeline.
MIXED = (
    "Geneva talks\n\n"
    "Pakistan got more than 9 billion US dollars in pledges at the Geneva conference on 9 January 2023. "
    f"The page says {XSS} & more. The talks were held in Geneva and the donors met the ministers there.\n\n"
    "جنیوا کانفرنس میں پاکستان کو 9 ارب ڈالر سے زیادہ کے وعدے ملے۔ یہ اچھی خبر ہے۔\n\n"
    "জেনেভা সম্মেলনে পাকিস্তান ৯ বিলিয়ন ডলারের বেশি প্রতিশ্রুতি পেয়েছে। The conference ended on 9 January.\n"
)

# --------------------------------------------------------------------------- a small HTML tree

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'} class={cls} {attrs}>"
        return found[0]

    def text(self, skip: set[str] = frozenset()) -> str:
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif not child.classes & skip:
                parts.append(child.text(skip))
        return "".join(parts)


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root
        self.doctype: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        assert tag not in VOID, f"</{tag}>"
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(page: str) -> Node:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.current is builder.root, f"<{builder.current.tag}> is never closed"
    assert builder.doctype and builder.doctype.lower() == "doctype html"
    return builder.root


def squash(text: str) -> str:
    return "".join(text.split())


def article_text(tree: Node) -> str:
    """The article as the page shows it: the paragraphs' text without the badges and evidence panels."""
    return "".join(p.text(skip={"cc-badge", "cc-panel"}) for p in tree.find("article", "cc-article").find_all(
        "div", "cc-para"))


def label_of(result: SentenceResult) -> str:
    return result.verdict.label.value if result.verdict is not None else "none"


# --------------------------------------------------------------------------- reports

@pytest.fixture(scope="module")
def encoder() -> HashingEncoder:
    return HashingEncoder(dimension=64)


@pytest.fixture(scope="module")
def index(encoder: HashingEncoder) -> StatementIndex:
    return StatementIndex.build(read_corpus(CORPUS), encoder)


@pytest.fixture(scope="module")
def hindi(index: StatementIndex, encoder: HashingEncoder) -> tuple[str, Report]:
    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    return text, check_text(text, index, encoder=encoder, date=dt.date(2023, 2, 5), source=str(EXAMPLE_ARTICLE.name))


@pytest.fixture(scope="module")
def mixed(index: StatementIndex, encoder: HashingEncoder) -> tuple[str, Report]:
    return MIXED, check_text(MIXED, index, encoder=encoder, date=dt.date(2023, 2, 5), source="mixed.txt")


UN = Statement(id="un-pledges", text="Partners pledged more than 9 billion US dollars at the Geneva conference on "
               "9 January 2023.", source="United Nations Press", date="2023-01-12", lang="en",
               url='https://press.un.org/en/2023/sgt3339.doc.htm?a=1&b="2"<x>')
FACTCHECK = Statement(id="fc-urdu", text="جنیوا میں پاکستان کو 9 ارب ڈالر کے وعدے ملے", source="Fact Check Urdu",
                      date="2023-01-15", lang="ur", url="javascript:alert(1)", metadata={"rating": "True"})
FAR = Statement(id="far", text="India's lander touched down near the Moon's south pole.", source="ISRO",
                url="ftp://example.org/x", lang="en")
HAND = (f"Donors <b>pledged</b> 19 billion US dollars to Pakistan at the Geneva conference on 9 January 2023. "
        f"{XSS} The weather was fine.\n\n"
        "جنیوا کانفرنس میں پاکستان کو 9 ارب ڈالر کے وعدے ملے۔")


@pytest.fixture(scope="module")
def hand() -> tuple[str, Report]:
    """Real verdicts (claimcheck.verdicts.judge) on hand-made matches: a contradiction with values compared, a
    fact-check rating, an unverified sentence; statements with an odd http URL and a javascript: one."""
    results = []
    for sentence in split_sentences(HAND, "en"):
        lang = detect_language(sentence.text)
        if "Donors" in sentence.text:
            matches = [Match(UN, 0.95, 1), Match(FAR, 0.40, 2)]
        elif lang == "ur":
            matches = [Match(FACTCHECK, 0.93, 1)]
        else:
            matches = [Match(FAR, 0.30, 1)]
        verdict, checks = judge(sentence.text, matches, language=lang, reference=dt.date(2023, 2, 5))
        results.append(SentenceResult(sentence, matches, verdict, checks))
    return HAND, Report(model="hand-made", language="en", sentences=results, source='<img src=x onerror="alert(1)">',
                        date=dt.date(2023, 2, 5), retrieval="hybrid")


# --------------------------------------------------------------------------- tests

@pytest.mark.parametrize("which", ["hindi", "mixed", "hand"])
def test_one_element_per_sentence_with_verdict_and_label(which: str, request: pytest.FixtureRequest) -> None:
    text, report = request.getfixturevalue(which)
    tree = parse(to_html(report, text=text, checked=CHECKED))
    elements = tree.find_all(cls="cc-sentence")
    assert len(elements) == len(report.sentences)
    # in reading order, one per sentence, each with its verdict as data and as visible words
    for element, result in zip(elements, sorted(report.sentences, key=lambda r: r.sentence.start)):
        label = label_of(result)
        assert element.attrs["data-verdict"] == label
        assert element.attrs["data-index"] == str(result.sentence.index)
        assert element.attrs["id"] == f"s{result.sentence.index}"
        assert element.attrs["dir"] == "auto"
        assert element.find(cls="cc-text").text() == result.sentence.text
        badge = element.find(cls="cc-badge")
        symbol, word = VERDICT_LABELS[label]
        assert badge.text().split() == [symbol, *word.split()]
        if label == "not_checkworthy":
            assert element.tag == "span" and element.attrs["title"] == result.verdict.explanation
        else:  # judged: a <details> whose <summary> is the sentence, then the evidence panel
            assert element.tag == "details" and "open" not in element.attrs
            assert element.children[0].tag == "summary"
            assert element.find(cls="cc-panel").attrs["dir"] == "ltr"


@pytest.mark.parametrize("which", ["hindi", "mixed", "hand"])
def test_counts_match_the_report(which: str, request: pytest.FixtureRequest) -> None:
    text, report = request.getfixturevalue(which)
    tree = parse(to_html(report, text=text, checked=CHECKED))
    legend = {li.attrs["data-verdict"]: li for li in tree.find("ul", "cc-legend").find_all("li", "cc-count")}
    assert set(legend) == set(report.counts())
    for label, n in report.counts().items():
        assert legend[label].attrs["data-count"] == str(n)
        assert legend[label].find(cls="cc-count-n").text() == str(n)
        assert VERDICT_LABELS[label][1] in legend[label].text()
        assert len(tree.find_all(cls="cc-sentence", data_verdict=label)) == n
    segments = tree.find("div", "cc-bar").find_all(cls="cc-seg")
    assert {s.attrs["data-verdict"] for s in segments} == {k for k, n in report.counts().items() if n}


@pytest.mark.parametrize("which", ["hindi", "mixed", "hand"])
def test_article_text_is_the_original_in_paragraphs(which: str, request: pytest.FixtureRequest) -> None:
    text, report = request.getfixturevalue(which)
    tree = parse(to_html(report, text=text, checked=CHECKED))
    assert squash(article_text(tree)) == squash(text)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    shown = tree.find("article", "cc-article").find_all("div", "cc-para")
    assert [squash(p.text({"cc-badge", "cc-panel"})) for p in shown] == [squash(p) for p in paragraphs]


def test_text_rebuilt_from_offsets_when_not_given(hindi: tuple[str, Report]) -> None:
    text, report = hindi
    tree = parse(to_html(report, checked=CHECKED))
    assert squash(article_text(tree)) == squash("".join(r.sentence.text for r in report.sentences))
    assert len(tree.find_all("div", "cc-para")) > 1


def test_wrong_text_is_refused(hindi: tuple[str, Report]) -> None:
    _, report = hindi
    with pytest.raises(ValueError, match="not at"):
        to_html(report, text="something else entirely " * 40)


def test_evidence_panel_of_a_contradicted_sentence(hand: tuple[str, Report]) -> None:
    text, report = hand
    tree = parse(to_html(report, text=text, checked=CHECKED))
    (details,) = tree.find_all("details", data_verdict="contradicted")
    panel = details.find(cls="cc-panel")
    reason = panel.find("p", "cc-reason").text()
    assert "article: 19 billion USD; source: more than 9 billion USD" in reason
    evidence = panel.find("li", "cc-match", data_role="evidence")
    assert evidence.attrs["data-statement-id"] == "un-pledges"
    assert evidence.find("blockquote", "cc-statement").text() == UN.text
    assert evidence.find("blockquote", "cc-statement").attrs["dir"] == "auto"
    source_line = evidence.find("p", "cc-source").text()
    assert "United Nations Press" in source_line and "2023-01-12" in source_line
    assert evidence.find(cls="cc-sim").text() == "0.950"
    compared = evidence.find_all("li", "cc-cmp")
    differs = [c for c in compared if c.attrs["data-agrees"] == "false"]
    assert differs and "article: 19 billion USD; source: more than 9 billion USD" in differs[0].text()
    assert any(c.attrs["data-agrees"] == "true" and "9 January 2023" in c.text() for c in compared)
    link = evidence.find("a", "cc-link")
    assert link.attrs["href"] == UN.url and "noopener" in link.attrs["rel"].split()
    # the farther statement is listed, but not as evidence
    assert panel.find("li", "cc-match", data_role="nearest").attrs["data-statement-id"] == "far"


def test_rating_and_right_to_left_evidence(hand: tuple[str, Report]) -> None:
    text, report = hand
    tree = parse(to_html(report, text=text, checked=CHECKED))
    urdu = next(e for e in tree.find_all(cls="cc-sentence") if "جنیوا" in e.find(cls="cc-text").text())
    assert urdu.attrs["data-verdict"] == "supported" and urdu.attrs["lang"] == "ur"
    panel = urdu.find(cls="cc-panel")
    assert "True" in [r.text() for r in panel.find_all(cls="cc-rating")]
    statement = panel.find("blockquote", "cc-statement")
    assert statement.attrs["dir"] == "auto" and statement.attrs["lang"] == "ur"
    # the urdu paragraph reads right to left, the page stays left to right
    assert urdu.parent.attrs["dir"] == "rtl"
    assert tree.find("html").attrs["dir"] == "ltr"


def test_only_http_links_and_everything_escaped(hand: tuple[str, Report]) -> None:
    text, report = hand
    page = to_html(report, text=text, checked=CHECKED)
    tree = parse(page)
    # the article's script tag, the bold tag and the source's img tag come out as text
    assert XSS not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert XSS in article_text(tree)
    assert "<b>pledged</b>" in article_text(tree)
    assert not tree.find_all("img")
    assert '<img src=x onerror="alert(1)">' in tree.find("h1").text()
    scripts = tree.find_all("script")
    assert len(scripts) == 1 and "alert" not in scripts[0].text()
    # javascript: and ftp: URLs are shown as text, never linked; the odd http URL is linked, escaped
    assert 'href="javascript' not in page.lower()
    assert "javascript:alert(1)" in " ".join(n.text() for n in tree.find_all(cls="cc-url"))
    assert 'href="https://press.un.org/en/2023/sgt3339.doc.htm?a=1&amp;b=&quot;2&quot;&lt;x&gt;"' in page
    for a in tree.find_all("a"):
        href = a.attrs["href"]
        if href.startswith("#"):
            assert tree.find_all(id=href[1:]), href
            continue
        assert "cc-link" in a.classes and urlsplit(href).scheme in ("http", "https")
        assert "noopener" in a.attrs["rel"].split()


@pytest.mark.parametrize("which", ["hindi", "hand"])
def test_self_contained(which: str, request: pytest.FixtureRequest) -> None:
    text, report = request.getfixturevalue(which)
    tree = parse(to_html(report, text=text, checked=CHECKED))
    for node in tree.iter():
        assert "src" not in node.attrs and "srcset" not in node.attrs, node.tag
        assert node.tag not in ("link", "img", "iframe", "object", "embed", "base", "form", "audio", "video")
        if "href" in node.attrs and not node.attrs["href"].startswith("#"):
            assert node.tag == "a" and "cc-link" in node.classes  # evidence links only
    (style,) = tree.find_all("style")
    css = style.text()
    assert "@import" not in css and "url(" not in css and "http" not in css and "@font-face" not in css
    assert "@media print" in css and "details-content" in css  # printing expands the evidence
    (csp,) = [m for m in tree.find_all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    policy = csp.attrs["content"]
    assert "default-src 'none'" in policy
    # the inline script is allowed by its hash, so the policy does not block it
    (script,) = tree.find_all("script")
    digest = base64.b64encode(hashlib.sha256(script.text().encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy


def test_languages_and_directions(mixed: tuple[str, Report], hindi: tuple[str, Report]) -> None:
    text, report = mixed
    tree = parse(to_html(report, text=text, checked=CHECKED))
    html = tree.find("html")
    assert html.attrs["lang"] == report.language and html.attrs["dir"] == "ltr"
    assert tree.find("header").attrs["lang"] == "en"
    sentences = tree.find_all(cls="cc-sentence")
    assert all(s.attrs["dir"] == "auto" for s in sentences)
    langs = {s.find(cls="cc-text").text()[:6]: s.attrs.get("lang") for s in sentences}
    assert langs["جنیوا "] == "ur" and langs["জেনেভা"] == "bn" and langs["Pakist"] is None
    directions = [p.attrs["dir"] for p in tree.find_all("div", "cc-para")]
    assert directions == ["ltr", "ltr", "rtl", "ltr"]
    # every text block of the panels finds its own direction
    assert all(b.attrs["dir"] == "auto" for b in tree.find_all("blockquote", "cc-statement"))
    # a one-script article marks no sentence with another language
    text, report = hindi
    tree = parse(to_html(report, text=text, checked=CHECKED))
    assert tree.find("html").attrs["lang"] == "hi"
    assert not any("lang" in s.attrs for s in tree.find_all(cls="cc-sentence"))
    style = tree.find("style").text()
    for font in ("Noto Sans Devanagari", "Noto Sans Bengali", "Noto Naskh Arabic", "Noto Nastaliq Urdu", "system-ui"):
        assert font in style


def test_title_checked_and_expanded(hand: tuple[str, Report]) -> None:
    text, report = hand
    judged = [r for r in report.sentences if r.verdict.label.value != "not_checkworthy"]
    page = to_html(report, text=text, title="Report <on> Geneva & aid", checked=CHECKED,
                   expanded=[judged[0].sentence.index])
    tree = parse(page)
    assert tree.find("title").text() == "Report <on> Geneva & aid" == tree.find("h1").text()
    meta = tree.find("dl", "cc-meta").text()
    assert "2023-02-06 09:30 UTC" in meta and "2023-02-05" in meta and "hand-made" in meta
    opened = [d for d in tree.find_all("details") if "open" in d.attrs]
    assert [d.attrs["data-index"] for d in opened] == [str(judged[0].sentence.index)]
    assert page == to_html(report, text=text, title="Report <on> Geneva & aid", checked=CHECKED,
                           expanded=[judged[0].sentence.index])  # deterministic


def test_report_without_verdicts(index: StatementIndex, encoder: HashingEncoder) -> None:
    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    report = check_text(text, index, encoder=encoder, verdicts=False)
    tree = parse(to_html(report, text=text, checked=CHECKED))
    sentences = tree.find_all(cls="cc-sentence")
    assert len(sentences) == len(report.sentences)
    assert {s.attrs["data-verdict"] for s in sentences} == {"none"}
    assert tree.find("li", "cc-count", data_verdict="none").attrs["data-count"] == str(len(report.sentences))
    assert all(s.find_all("li", "cc-match", data_role="nearest") for s in sentences)


def test_import_is_light() -> None:
    code = ("import sys, claimcheck.report_html; "
            "heavy = {'numpy', 'torch', 'claimcheck.check', 'claimcheck.report'} & set(sys.modules); "
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_writes_the_html_report_atomically_and_refuses_to_overwrite(tmp_path, monkeypatch):
    """--format html --output: the page is written whole; an existing report is kept without --overwrite."""
    from typer.testing import CliRunner

    import claimcheck.check
    import claimcheck.cli

    encoder = HashingEncoder()
    StatementIndex.build(read_corpus(CORPUS), encoder).save(tmp_path / "idx")
    monkeypatch.setattr(claimcheck.check, "encoder_for", lambda index, model=None: encoder)
    out = tmp_path / "report.html"
    runner = CliRunner()
    result = runner.invoke(claimcheck.cli.app, ["check", str(EXAMPLE_ARTICLE), "--index",
                                                str(tmp_path / "idx"), "--format", "html", "--output", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert page.count('class="cc-sentence') >= 10
    out.write_text("keep me", encoding="utf-8")
    again = runner.invoke(claimcheck.cli.app, ["check", str(EXAMPLE_ARTICLE), "--index",
                                               str(tmp_path / "idx"), "--format", "html", "--output", str(out)])
    assert again.exit_code == 1 and "already exists" in again.stderr and out.read_text() == "keep me"
