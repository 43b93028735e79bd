"""Batch checking (claimcheck.batch): inputs, one report per article equal to check_text's, resuming, failures
recorded, the summary, and the Ray engine on a local two-CPU cluster (marked ``ray``)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from claimcheck import InputError, InputNotFoundError, StatementIndex, check_text, read_corpus, to_json
from claimcheck.batch import (
    SUMMARY_FILE,
    Article,
    check_batch,
    iter_articles,
    load_article,
    report_path,
    safe_id,
)
from claimcheck.report import to_markdown
from claimcheck.testing import HashingEncoder
from conftest import CORPUS, EXAMPLE_ARTICLE, ROOT, local_server, write

HINDI_PAGE = ROOT / "tests" / "data" / "pages" / "hindi-news.html"

ENGLISH = ("Pakistan and the United States will hold talks on counter-terrorism next month.\n\n"
           "At the Geneva conference in January, donors pledged more than 9 billion dollars for flood recovery. "
           "The suicide bombing at a Peshawar mosque on 30 January killed more than 100 people.\n")
HINDI = ("जिनेवा सम्मेलन में बाढ़ से उबरने के लिए 9 अरब डॉलर से अधिक के वादे "
         "किए गए। पेशावर की मस्जिद में हुए धमाके में 100 से अधिक लोग मारे गए।\n")


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/article":
            status, body = 200, HINDI_PAGE.read_bytes()
        else:
            status, body = 404, b"<html><body><h1>Not here</h1></body></html>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    with local_server(_Handler) as url:
        yield url


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch") / "index"
    StatementIndex.build(read_corpus(CORPUS), HashingEncoder(dimension=64)).save(folder)
    return folder


@pytest.fixture
def index(index_dir) -> StatementIndex:
    return StatementIndex.load(index_dir)


@pytest.fixture
def articles(tmp_path, server) -> list[str]:
    """The example article, an English and a Hindi one, a JSONL of a text record and a page to fetch, an empty file
    and a URL that answers 404."""
    news = tmp_path / "news"
    write(news / "english.txt", ENGLISH)
    write(news / "hindi.txt", HINDI)
    write(news / "notes.csv", "not an article")  # not picked up from the folder
    empty = write(tmp_path / "empty.txt", "  \n")
    records = write(tmp_path / "feed.jsonl",
                    json.dumps({"id": "rec-1", "text": ENGLISH, "date": "2023-02-05"}) + "\n\n"
                    + json.dumps({"url": f"{server}/article"}) + "\n")
    return [str(EXAMPLE_ARTICLE), str(news), str(records), str(empty), f"{server}/missing"]


def expected_report(article: Article, index: StatementIndex, encoder, **kwargs) -> str:
    """What `claimcheck check ARTICLE --format json --output FILE` writes for one article, made by check_text."""
    from claimcheck.cli import _read_article

    if article.text is not None:
        text, source, title, date = article.text, article.source, None, article.date
    else:
        text, source, title, page_date = _read_article(article.path or article.url)
        date = dt.date.fromisoformat(page_date) if page_date else None
    report = check_text(text, index, encoder=encoder, k=3, source=source, date=date, title=title, **kwargs)
    return to_json(report) + "\n"


def test_reports_equal_check_text_and_sentences_are_encoded_together(articles, index, tmp_path):
    encoder = HashingEncoder(dimension=64)
    out = tmp_path / "reports"
    seen = []
    summary = check_batch(articles, index, out_dir=out, encoder=encoder, batch_sentences=10_000, progress=seen.append)
    assert encoder.calls == 1  # every sentence of every article in one call, and check_text asked for nothing more
    statuses = {a.id: a.status for a in summary.articles}
    assert statuses == {"geneva-talks.hi": "ok", "english": "ok", "hindi": "ok", "rec-1": "ok", "feed-3": "ok",
                        "empty": "failed", "127.0.0.1-missing": "failed"}
    reference = HashingEncoder(dimension=64)
    for article in iter_articles(articles):
        path = report_path(out, article)
        if statuses[article.id] == "ok":
            assert path.read_text(encoding="utf-8") == expected_report(article, index, reference), article.id
        else:
            assert not path.exists()
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{i}.json" for i, s in statuses.items() if s == "ok"]
                                                           + [SUMMARY_FILE])
    assert [p.done for p in seen] == list(range(1, 8)) and {p.total for p in seen} == {7}
    assert seen[-1].ok == 5 and seen[-1].failed == 2 and seen[-1].articles_per_s > 0


def test_chunks_of_batch_sentences(articles, index, tmp_path):
    encoder = HashingEncoder(dimension=64)
    summary = check_batch(articles, index, out_dir=tmp_path / "out", encoder=encoder, batch_sentences=1,
                          fetch_workers=1)
    assert summary.count("ok") == 5 and encoder.calls == 5  # one article per call: each reached the size alone


def test_summary_counts_and_failures_are_one_line(articles, index, tmp_path, server):
    out = tmp_path / "reports"
    summary = check_batch(articles, index, out_dir=out, encoder=HashingEncoder(dimension=64))
    data = json.loads((out / SUMMARY_FILE).read_text(encoding="utf-8"))
    assert data == summary.to_dict()
    assert data["claimcheck_batch"] == 1 and data["engine"] == "local" and data["model"] == "hashing-encoder"
    totals = data["totals"]
    assert (totals["articles"], totals["ok"], totals["failed"], totals["skipped"], totals["pending"]) == (7, 5, 2, 0, 0)
    assert data["complete"] is False and data["articles_per_s"] > 0
    assert [a["id"] for a in data["articles"]] == ["geneva-talks.hi", "english", "hindi", "rec-1", "feed-3", "empty",
                                                   "127.0.0.1-missing"]  # the inputs' order
    by_id = {a["id"]: a for a in data["articles"]}
    assert totals["sentences"] == sum(a["sentences"] for a in data["articles"] if a["status"] == "ok")
    for label in ("supported", "contradicted", "unverified", "not_checkworthy"):
        assert totals["verdicts"][label] == sum(a["verdicts"][label] for a in data["articles"] if a["verdicts"])
    english = by_id["english"]
    assert english["report"] == "english.json" and english["language"] == "en" and english["sentences"] == 3
    assert english["error"] is None and sum(english["verdicts"].values()) == 3
    assert by_id["rec-1"]["source"].endswith("feed.jsonl:1")
    assert by_id["feed-3"]["source"] == f"{server}/article"
    empty, missing = by_id["empty"], by_id["127.0.0.1-missing"]
    assert empty["error"] == f"{tmp_path / 'empty.txt'}: article is empty" and empty["report"] is None
    assert missing["error"] == f"{server}/missing: HTTP 404 Not Found"


def test_resume_skips_done_articles_and_redoes_nothing(articles, index, tmp_path):
    out = tmp_path / "reports"
    check_batch(articles, index, out_dir=out, encoder=HashingEncoder(dimension=64))
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for p in out.glob("*.json")
              if p.name != SUMMARY_FILE}
    encoder = HashingEncoder(dimension=64)
    again = check_batch(articles, index, out_dir=out, encoder=encoder)
    assert encoder.calls == 0  # nothing encoded: the failed ones fail again before their sentences are made
    assert again.count("skipped") == 5 and again.count("failed") == 2 and again.count("ok") == 0
    skipped = [a for a in again.articles if a.status == "skipped"]
    assert all(a.sentences and a.verdicts and a.report for a in skipped)  # read back from the reports
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for p in out.glob("*.json")
             if p.name != SUMMARY_FILE}
    assert after == before  # not one report rewritten

    (out / "hindi.json").unlink()
    encoder = HashingEncoder(dimension=64)
    third = check_batch(articles, index, out_dir=out, encoder=encoder)
    assert encoder.calls == 1 and third.count("ok") == 1 and third.count("skipped") == 4
    assert {a.id for a in third.articles if a.status == "ok"} == {"hindi"}
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary file left behind

    with pytest.raises(InputError, match=r"already holds the reports of 5 of these articles.*resume"):
        check_batch(articles, index, out_dir=out, encoder=HashingEncoder(dimension=64), resume=False)


def test_inputs_and_options_are_checked_before_any_work(articles, index, tmp_path):
    encoder = HashingEncoder(dimension=64)
    out = tmp_path / "out"

    def refused(inputs, error=InputError, match=None, **kwargs):
        with pytest.raises(error, match=match) as excinfo:
            check_batch(inputs, index, out_dir=kwargs.pop("out_dir", out), encoder=encoder, **kwargs)
        assert "\n" not in str(excinfo.value)
        return str(excinfo.value)

    gone = tmp_path / "gone.txt"
    assert refused([*articles, str(gone)], InputNotFoundError) == f"{gone}: input not found"
    bad = write(tmp_path / "bad.jsonl", '{"id": "a", "text": "x"}\n{"id": "b", "text": \n')
    assert refused([*articles, str(bad)]).startswith(f"{bad}:2: not valid JSON")
    for line, message in [('{"id": "a"}', "a record needs 'text' or 'url'"), ('["x"]', "expected a JSON object"),
                          ('{"text": "x", "date": "5 Feb"}', "'date' must be YYYY-MM-DD"),
                          ('{"url": "ftp://x.org/a"}', "'url' is not an http(s) URL"),
                          ('{"text": "x", "lang": "xx-nope"}', "language"),
                          ('{"id": true, "text": "x"}', "'id' must be a string or an integer")]:
        write(bad, line + "\n")
        assert refused([str(bad)]).startswith(f"{bad}:1: "), line
        assert message in refused([str(bad)]), line
    write(bad, '{"id": 1, "text": "x"}\n{"id": "1", "text": "y"}\n')
    assert refused([str(bad)]) == f"{bad}:2: duplicate id '1' (also on line 1)"
    urls = write(tmp_path / "list.urls", "# news\nhttps://example.org/a\nexample.org/b\n")
    assert refused([str(urls)]) == f"{urls}:3: not an http(s) URL: 'example.org/b'"
    write(tmp_path / "nothing" / "data.csv", "a,b")
    assert "no articles in this folder" in refused([str(tmp_path / "nothing")])
    assert "invalid URL" in refused(["ftp://example.org/a"])
    assert refused(articles, k=0) == "k must be a positive integer, got 0"
    assert "format must be one of" in refused(articles, format="pdf")
    assert "engine must be one of" in refused(articles, engine="spark")
    assert "batch_sentences must be a positive integer" in refused(articles, batch_sentences=0)
    assert "address goes with the ray engine" in refused(articles, address="auto")
    assert "retrieval must be one of" in refused(articles, retrieval="fuzzy")
    assert "is a file" in refused(articles, out_dir=write(tmp_path / "file", "x"))
    assert "parent does not exist" in refused(articles, out_dir=tmp_path / "no" / "such")
    news = Path(articles[1])
    assert "holds the articles themselves" in refused(articles, out_dir=news)
    write(tmp_path / "theirs" / SUMMARY_FILE, '{"mine": true}')
    assert "not a claimcheck batch summary" in refused(articles, out_dir=tmp_path / "theirs")
    from claimcheck import ModelMismatchError

    with pytest.raises(ModelMismatchError):
        check_batch(articles, index, out_dir=out, encoder=HashingEncoder(dimension=32))
    assert encoder.calls == 0 and not out.exists()  # nothing encoded, nothing written
    assert sorted(p.name for p in news.iterdir()) == ["english.txt", "hindi.txt", "notes.csv"]


def test_ids_are_unique_and_safe_as_file_names(tmp_path):
    write(tmp_path / "a" / "report.txt", "one")
    write(tmp_path / "b" / "report.txt", "two")
    write(tmp_path / "b" / "Report.md", "three")  # the same name on a case-insensitive file system
    write(tmp_path / "b" / "summary.txt", "four")  # would be summary.json
    write(tmp_path / "b" / ".hidden.txt", "hidden")
    write(tmp_path / "b" / "sub" / "deep.txt", "not searched")
    long_id = "x" * 300
    feed = write(tmp_path / "feed.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "news/2023/geneva talks?", "text": "a"}, {"id": "CON", "text": "b"},
        {"id": "समाचार-१", "text": "c"},
        {"id": "../../etc/passwd", "text": "d"}, {"id": long_id, "text": "e"}, {"id": "...", "text": "f"},
        {"id": 7, "text": "g"}, {"text": "h"}]) + "\n")
    got = list(iter_articles([str(tmp_path / "a"), str(tmp_path / "b"), str(feed), str(tmp_path / "a" / "report.txt"),
                              "https://example.org/news/geneva-pledges?page=2"]))
    ids = [a.id for a in got]
    assert len(ids) == len({i.casefold() for i in ids}) == 13  # a/report.txt given twice is one article
    for i in ids:
        assert i == safe_id(i) and "/" not in i and not i.startswith(".") and len(i.encode()) <= 120
        assert i.casefold() not in ("summary", "con")
    by_text = {a.text: a.id for a in got if a.text}
    assert by_text["a"] == "news-2023-geneva-talks" and by_text["c"] == "समाचार-१" and by_text["g"] == "7"
    assert by_text["h"] == "feed-8" and by_text["d"] == "etc-passwd"
    assert by_text["b"].startswith("CON-") and by_text["f"].startswith("article-")
    assert by_text["e"].startswith("x" * 100) and len(by_text["e"]) <= 120
    reports = [a.id for a in got if a.path and Path(a.path).name.lower() == "report.txt" or
               a.path and Path(a.path).name == "Report.md"]
    assert len(reports) == 3 and all(r.casefold().startswith("report-") for r in reports)
    assert any(i.startswith("summary-") for i in ids)
    assert "example.org-news-geneva-pledges-page-2" in ids
    assert [a.source for a in got][:3] == [str(tmp_path / "a" / "report.txt"), str(tmp_path / "b" / "Report.md"),
                                           str(tmp_path / "b" / "report.txt")]  # sorted, not recursive, no hidden
    again = [a.id for a in iter_articles([str(tmp_path / "a"), str(tmp_path / "b"), str(feed),
                                          "https://example.org/news/geneva-pledges?page=2"])]
    assert again == [i for i in ids]  # the same inputs, the same ids (what resuming relies on)


def test_jsonl_records_carry_date_title_and_language(tmp_path, index):
    feed = write(tmp_path / "feed.jsonl", json.dumps(
        {"id": "x", "text": ENGLISH, "url": "https://example.org/x", "date": "2023-02-05", "title": "Talks",
         "lang": "en"}) + "\n")
    (article,) = iter_articles([str(feed)])
    assert article == Article(id="x", source="https://example.org/x", text=ENGLISH, url="https://example.org/x",
                              date=dt.date(2023, 2, 5), title="Talks", language="en")
    assert load_article(article) == (ENGLISH, "Talks", dt.date(2023, 2, 5))  # a text is never fetched
    out = tmp_path / "out"
    check_batch([article], index, out_dir=out, encoder=HashingEncoder(dimension=64), format="markdown",
                date=dt.date(2020, 1, 1))
    expected = check_text(ENGLISH, index, encoder=HashingEncoder(dimension=64), source="https://example.org/x",
                          date=dt.date(2023, 2, 5), title="Talks", language="en")
    assert (out / "x.md").read_text(encoding="utf-8") == to_markdown(expected).rstrip("\n") + "\n"


def test_html_reports_and_saved_pages(tmp_path, index):
    page = tmp_path / "page.html"
    page.write_bytes(HINDI_PAGE.read_bytes())
    summary = check_batch([str(page)], index, out_dir=tmp_path / "out", encoder=HashingEncoder(dimension=64),
                          format="html")
    (result,) = summary.articles
    assert result.status == "ok" and result.report == "page.html"
    html = (tmp_path / "out" / "page.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'id="s0" data-index="0"' in html


def test_import_is_light():
    code = ("import sys, claimcheck.batch; heavy = [m for m in ('torch', 'ray', 'faiss', 'sentence_transformers', "
            "'httpx', 'trafilatura', 'numpy') if m in sys.modules]; print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_ray_missing_is_one_line(monkeypatch, articles, index, tmp_path):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    with pytest.raises(InputError) as excinfo:
        check_batch(articles, index, out_dir=tmp_path / "out", encoder=HashingEncoder(dimension=64), engine="ray")
    assert str(excinfo.value) == "the ray engine needs: pip install 'claimcheck-nlp[ray]'"
    assert not (tmp_path / "out").exists()


@pytest.mark.ray
def test_ray_engine_writes_the_same_reports(articles, index_dir, tmp_path):
    ray = pytest.importorskip("ray", reason="the ray extra is not installed (pip install -e '.[test,ray]', as CI does)")
    local = tmp_path / "local"
    expected = check_batch(articles, index_dir, out_dir=local, encoder=HashingEncoder(dimension=64))
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        seen = []
        remote = tmp_path / "ray"
        summary = check_batch(articles, index_dir, out_dir=remote, encoder=HashingEncoder(dimension=64),
                              engine="ray", actors=2, articles_per_task=2, progress=seen.append)
        assert ray.is_initialized()  # a cluster the caller started is left running
    finally:
        ray.shutdown()
    assert summary.engine == "ray" and summary.actors == 2
    assert [(a.id, a.status, a.error, a.sentences, a.verdicts) for a in summary.articles] == \
        [(a.id, a.status, a.error, a.sentences, a.verdicts) for a in expected.articles]
    names = sorted(p.name for p in local.iterdir() if p.name != SUMMARY_FILE)
    assert names and names == sorted(p.name for p in remote.iterdir() if p.name != SUMMARY_FILE)
    for name in names:
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name
    assert seen[-1].done == 7 and seen[-1].total == 7
    data = json.loads((remote / SUMMARY_FILE).read_text(encoding="utf-8"))
    assert data["engine"] == "ray" and data["totals"]["ok"] == 5 and data["totals"]["failed"] == 2


def test_cli_batch_writes_reports_records_failures_and_resumes(articles, index_dir, tmp_path, monkeypatch):
    """`claimcheck batch`: one report per article, summary.json, exit 3 when some failed; a second run skips."""
    import claimcheck.check
    from typer.testing import CliRunner

    from claimcheck.cli import app

    encoder = HashingEncoder(dimension=64)
    monkeypatch.setattr(claimcheck.check, "encoder_for", lambda index, model=None: encoder)
    runner = CliRunner()
    args = ["batch", *articles, "--index", str(index_dir), "--out", str(tmp_path / "out")]
    first = runner.invoke(app, args)
    assert first.exit_code == 3, first.output  # the empty file and the 404 failed, the rest were reported
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    statuses = [a["status"] for a in summary["articles"]]
    assert statuses.count("failed") == 2 and statuses.count("ok") >= 4
    assert "HTTP 404" in first.stderr and "failed" in first.stdout
    again = runner.invoke(app, args)
    assert again.exit_code == 3 and f"{statuses.count('ok')} skipped" in again.stdout
    refused = runner.invoke(app, ["batch", *articles, "--index", str(index_dir), "--out", str(tmp_path / "x"),
                                  "--format", "table"])
    assert refused.exit_code == 1 and "batch writes files" in refused.stderr


@pytest.mark.ray
def test_index_built_on_ray_equals_the_local_build():
    """Shards encoded by two Ray actors, then one index: the same vectors, rows and ids as a local build."""
    pytest.importorskip("ray", reason="the ray extra is not installed (pip install -e '.[test,ray]', as CI does)")
    import numpy as np

    from claimcheck.ray_index import build_on_ray

    encoder = HashingEncoder(dimension=64)
    statements = read_corpus(CORPUS)
    local = StatementIndex.build(statements, encoder)
    on_ray = build_on_ray(statements, encoder, actors=2, shard=16)
    assert [s.id for s in on_ray.statements] == [s.id for s in local.statements]
    np.testing.assert_allclose(on_ray.vectors(), local.vectors(), atol=1e-6)
    assert on_ray.model == local.model


def test_resume_refuses_a_report_that_is_another_articles(index, tmp_path):
    """Two inputs of one name in different folders: the second run does not take the first's report for its own."""
    encoder = HashingEncoder(dimension=64)
    first = write(tmp_path / "m1" / "story.txt", ENGLISH)
    second = write(tmp_path / "m2" / "story.txt", HINDI)
    out = tmp_path / "out"
    check_batch([str(first)], index, out_dir=out, encoder=encoder)
    with pytest.raises(InputError, match="story.json is already there, but it is the report of .*m1/story.txt"):
        check_batch([str(second)], index, out_dir=out, encoder=encoder)
    again = check_batch([str(tmp_path / "m1" / ".." / "m1" / "story.txt")], index, out_dir=out, encoder=encoder)
    assert again.count("skipped") == 1  # the same file, spelled differently
    write(tmp_path / "out2" / "story.json", "{}")  # a file of the user's that happens to bear the name
    with pytest.raises(InputError, match="not a report claimcheck wrote for it"):
        check_batch([str(first)], index, out_dir=tmp_path / "out2", encoder=encoder)
    assert (tmp_path / "out2" / "story.json").read_text() == "{}"


def test_a_folders_own_documentation_is_not_an_article(tmp_path):
    """A folder of articles often carries a README.md saying what they are: it is not checked as one."""
    write(tmp_path / "news" / "README.md", "# Articles\n\nThese are the articles of the week.")
    write(tmp_path / "news" / "LICENSE.txt", "Free to use.")
    write(tmp_path / "news" / "hindi.txt", "पाकिस्तान को जिनेवा सम्मेलन में 9 अरब डॉलर से अधिक के वादे मिले।")
    write(tmp_path / "news" / "readme-of-the-week.txt", "An article whose name only starts like a README.")
    assert [a.id for a in iter_articles([str(tmp_path / "news")])] == ["hindi", "readme-of-the-week"]
    # named on its own, any file is an article
    assert [a.id for a in iter_articles([str(tmp_path / "news" / "README.md")])] == ["README"]
