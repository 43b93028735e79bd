"""ClaimReview input: every accepted form, the mapping to statements, ratings, errors and skipping, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck import read_corpus
from claimcheck._errors import CorpusError
from claimcheck.claimreview import rating_class, review_id
from claimcheck.testing import HashingEncoder

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "claimreview"
SAMPLE = ROOT / "corpora" / "claimreview-sample.jsonld"


@pytest.mark.parametrize("name, count", [("single.jsonld", 1), ("list.json", 5), ("graph.jsonld", 3),
                                         ("page-a.html", 1), ("page-b.html", 1), ("google-api.json", 4),
                                         ("datafeed.json", 4)])
def test_every_form_is_read(name, count):
    statements = read_corpus(DATA / name)
    assert len(statements) == count
    for s in statements:
        assert s.id.startswith("cr-") and s.text and s.url and s.url.startswith("https://")
        assert s.metadata["format"] == "claimreview" and s.metadata.get("rating")
        assert s.lang and len(s.lang) == 2
        assert s.date is None or len(s.date) == 10  # YYYY-MM-DD, times dropped


def test_a_review_maps_to_a_statement():
    (s,) = read_corpus(DATA / "single.jsonld")
    raw = json.loads((DATA / "single.jsonld").read_text(encoding="utf-8"))
    assert s.text == " ".join(raw["claimReviewed"].split())
    assert s.source == raw["author"]["name"]
    assert s.url == raw["url"]
    assert s.date == raw["datePublished"][:10]
    assert s.metadata["rating"] == raw["reviewRating"]["alternateName"]  # verbatim
    assert s.metadata["rating_class"] == "false"
    assert s.metadata["claimant"] == raw["itemReviewed"]["author"]["name"]
    assert s.id == review_id(raw["url"], "someone else", s.text, "1999-01-01")  # from the review URL and the claim


def test_ids_are_stable_across_forms_and_reimports(tmp_path):
    """The same review (same URL) has the same id whether it comes as JSON-LD or from the API response."""
    single = read_corpus(DATA / "single.jsonld")[0]
    api = json.loads((DATA / "google-api.json").read_text(encoding="utf-8"))
    api["claims"][0]["claimReview"][0]["url"] = single.url
    api["claims"][0]["text"] = single.text
    (tmp_path / "api.json").write_text(json.dumps(api), encoding="utf-8")
    assert single.id in {s.id for s in read_corpus(tmp_path / "api.json")}
    assert [s.id for s in read_corpus(SAMPLE)] == [s.id for s in read_corpus(SAMPLE)]


def test_graph_author_given_by_reference_and_other_nodes_ignored():
    statements = read_corpus(DATA / "graph.jsonld")
    assert all(s.source for s in statements)  # "author": {"@id": ...} resolved through the graph
    kinds = {json.dumps(n.get("@type")) for n in json.loads((DATA / "graph.jsonld").read_text())["@graph"]}
    assert len(kinds) > 1  # the file does hold other node types, which made no statements


def test_api_response_one_claim_two_publishers():
    statements = read_corpus(DATA / "google-api.json")
    by_text: dict[str, set[str]] = {}
    for s in statements:
        by_text.setdefault(s.text, set()).add(s.source)
    assert any(len(sources) == 2 for sources in by_text.values())


def test_languages_from_in_language_in_every_shape():
    langs = {s.lang for name in ("list.json", "graph.jsonld", "google-api.json", "datafeed.json", "page-a.html",
                                 "page-b.html") for s in read_corpus(DATA / name)}
    assert {"en", "hi", "es", "de", "ur", "bn"} <= langs


@pytest.mark.parametrize("rating, value, best, worst, expected", [
    ("False", None, None, None, "false"), ("Mostly false", None, None, None, "false"),
    ("Pants on Fire!", None, None, None, "false"), ("Not true", None, None, None, "false"),
    ("Misleading", None, None, None, "false"), ("असत्य", None, None, None, "false"),
    ("भ्रामक", None, None, None, "false"), ("Engañoso", None, None, None, "false"),
    ("Falsch", None, None, None, "false"), ("মিথ্যা", None, None, None, "false"), ("غلط", None, None, None, "false"),
    ("True", None, None, None, "true"), ("Mostly true", None, None, None, "true"), ("सत्य", None, None, None, "true"),
    ("Verdadero", None, None, None, "true"), ("Richtig", None, None, None, "true"), ("সত্য", None, None, None, "true"),
    ("درست", None, None, None, "true"), ("Half true", None, None, None, "mixed"),
    ("Missing context", None, None, None, "mixed"), ("Verdad a medias", None, None, None, "mixed"),
    ("Teilweise falsch", None, None, None, "mixed"), ("Incorrect", None, None, None, "false"),
    ("Inaccurate", None, None, None, "false"),
    (None, 1, 5, 1, "false"), (None, "5", "5", "1", "true"), (None, 3, 5, 1, "mixed"),
    ("Four Pinocchios", 1, 5, 1, "false"),  # words unknown: the scale decides
    ("Satire", None, None, None, None), (None, None, None, None, None), (None, 9, 5, 1, None),
])
def test_rating_class(rating, value, best, worst, expected):
    assert rating_class(rating, value, best, worst) == expected


def test_malformed_json_names_the_line():
    with pytest.raises(CorpusError) as err:
        read_corpus(DATA / "broken-syntax.json")
    message = str(err.value)
    assert message.startswith(f"{DATA / 'broken-syntax.json'}:") and "malformed JSON" in message
    assert "\n" not in message
    line = int(message.split(":")[1])
    assert line >= 5


def test_partial_record_error_names_line_and_record_and_skip_counts():
    with pytest.raises(CorpusError) as err:
        read_corpus(DATA / "missing-claim.json")
    message = str(err.value)
    assert "record $[1]" in message and "no claimReviewed" in message
    line = int(message.split(":")[1])
    text = (DATA / "missing-claim.json").read_text(encoding="utf-8").splitlines()
    assert text[line - 1].strip().startswith("{")  # the line where the second record opens
    skipped: list[str] = []
    statements = read_corpus(DATA / "missing-claim.json", skip_invalid=True, skipped=skipped)
    assert len(statements) == 2 and len(skipped) == 1 and "record $[1]" in skipped[0]

    skipped = []
    statements = read_corpus(DATA / "partial.json", skip_invalid=True, skipped=skipped)
    assert len(statements) == 1 and len(skipped) == 2
    assert any("must be text, got int" in s for s in skipped) and any("is empty" in s for s in skipped)


def test_not_claimreview_is_refused_with_what_was_found():
    with pytest.raises(CorpusError, match="no ClaimReview records or statements found.*NewsArticle"):
        read_corpus(DATA / "not-claimreview.json")


def test_page_without_claimreview_is_refused(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<html><head><script type="application/ld+json">{"@context": "https://schema.org", '
                    '"@type": "NewsArticle", "headline": "x"}</script></head><body>x</body></html>', encoding="utf-8")
    with pytest.raises(CorpusError, match="no ClaimReview in the page's JSON-LD .found: NewsArticle"):
        read_corpus(page)


def test_claimreview_lines_in_jsonl_and_plain_json_lists(tmp_path):
    reviews = json.loads((DATA / "list.json").read_text(encoding="utf-8"))
    jsonl = tmp_path / "reviews.jsonl"
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in reviews) + "\n", encoding="utf-8")
    assert [s.id for s in read_corpus(jsonl)] == [s.id for s in read_corpus(DATA / "list.json")]
    plain = tmp_path / "statements.json"
    plain.write_text(json.dumps([{"text": "Pakistan's floods of 2022 affected 33 million people.", "source": "UN"}]),
                     encoding="utf-8")
    (s,) = read_corpus(plain)
    assert s.source == "UN" and s.id == "statements:$[0]"  # file stem and place in the list


def test_duplicate_review_across_files_is_named(tmp_path):
    (tmp_path / "again.json").write_text((DATA / "list.json").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"again.json:\d+: record \$\[0\]: duplicate id 'cr-\w+' \(first at .*list.json"):
        read_corpus([DATA / "list.json", tmp_path / "again.json"])
    skipped: list[str] = []
    statements = read_corpus([DATA / "list.json", tmp_path / "again.json"], skip_invalid=True, skipped=skipped)
    assert len(statements) == 5 and len(skipped) == 5


def test_sample_corpus_is_the_projects_own_and_cites_sources():
    statements = read_corpus(SAMPLE)
    assert len(statements) >= 12
    raw = json.loads(SAMPLE.read_text(encoding="utf-8"))["@graph"]
    reviews = [n for n in raw if n.get("@type") == "ClaimReview"]
    assert all(r.get("citation") for r in reviews)  # each review names the source it rests on
    assert {s.source for s in statements} == {"claimcheck example fact-checks"}
    assert {"en", "hi", "ur", "es"} <= {s.lang for s in statements}
    assert {s.metadata["rating_class"] for s in statements} == {"true", "false", "mixed"} or \
        {"true", "false"} <= {s.metadata["rating_class"] for s in statements}


def test_cli_index_build_from_claimreview_with_skip_invalid(tmp_path):
    from typer.testing import CliRunner

    from claimcheck import StatementIndex
    from claimcheck.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["index", "build", str(DATA / "partial.json"), "--out", str(tmp_path / "idx")])
    assert result.exit_code == 1 and "partial.json:2: record $[0]: claimReviewed must be text" in result.stderr
    assert not (tmp_path / "idx").exists()


def test_verdict_reads_the_rating_of_an_imported_review(monkeypatch):
    """Plumbing with the fake encoder: a sentence that restates a review's claim gets the review's rating."""
    from claimcheck import StatementIndex, check_text
    from claimcheck import verdicts

    monkeypatch.setattr(verdicts, "DEFAULT_THRESHOLDS", verdicts.Thresholds(related=0.5, same=0.6,
                                                                            related_cross_language=0.5,
                                                                            same_cross_language=0.6),
                        raising=False)
    encoder = HashingEncoder()
    index = StatementIndex.build(read_corpus(SAMPLE), encoder)
    report = check_text("Donors pledged 19 billion dollars to Pakistan at the Geneva conference in January 2023.",
                        index, encoder=encoder, retrieval="dense", adapter=None)
    (result,) = report.sentences
    assert result.matches[0].statement.metadata["rating"] == "False"


@pytest.mark.model
def test_ratings_decide_verdicts_end_to_end_in_several_languages(encoder):
    """The real model: sentences in Hindi, Spanish, German and English against the shipped ClaimReview sample."""
    from claimcheck import StatementIndex, check_text

    index = StatementIndex.build(read_corpus(SAMPLE), encoder)
    cases = {
        "जिनेवा सम्मेलन में दानदाताओं ने पाकिस्तान को 19 अरब डॉलर देने का वादा किया।": "contradicted",
        "Según las redes, las inundaciones de 2022 en Pakistán mataron a más de 17.000 personas.": "contradicted",
        "Die Konferenz für ein klimaresilientes Pakistan fand am 19. Januar 2023 in Genf statt.": "contradicted",
        "More than 1,700 people died in the floods that hit Pakistan in 2022.": "supported",
    }
    for text, expected in cases.items():
        (result,) = check_text(text, index, encoder=encoder).sentences
        assert result.verdict.label.value == expected, (text, result.verdict)


@pytest.mark.model
def test_cli_reimport_adds_only_new_reviews(encoder, tmp_path):
    from typer.testing import CliRunner

    from claimcheck import StatementIndex
    from claimcheck.cli import app

    StatementIndex.build(read_corpus(SAMPLE), encoder).save(tmp_path / "idx")
    runner = CliRunner()
    again = runner.invoke(app, ["index", "add", str(tmp_path / "idx"), str(SAMPLE)])
    assert again.exit_code == 1 and "is already in the index" in again.stderr
    result = runner.invoke(app, ["index", "add", str(tmp_path / "idx"), str(SAMPLE), str(DATA / "partial.json"),
                                 "--skip-existing", "--skip-invalid"])
    assert result.exit_code == 0, result.output
    assert "skipped 2 invalid record(s)" in result.stderr and "skipped 20 statement(s) already in the index" in result.stderr
    assert len(StatementIndex.load(tmp_path / "idx")) == 21


def test_awkward_records_from_real_feeds(tmp_path):
    """Shapes seen in the wild: one page reviewing several claims under one URL, a rating given as a plain string,
    HTML entities in page JSON-LD, a language given by name, an @id that is a list, a publisher known only by its
    site, plain statements in the same list as reviews."""
    base = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://fc.example/debate",
            "author": {"@type": "Organization", "name": "FC &amp; Co"}, "datePublished": "2023-02-01"}
    records = [
        {**base, "claimReviewed": "Taxes fell by 10% last year.", "reviewRating": "False", "inLanguage": "English"},
        {**base, "claimReviewed": "He said &#8220;unemployment doubled&#8221;.",
         "reviewRating": {"@type": "Rating", "ratingValue": 1}, "itemReviewed": {"author": {"@id": ["#x"]}}},
        {"text": "Pakistan's 2022 floods affected 33 million people.", "id": "mine-1"},
    ]
    (tmp_path / "feed.json").write_text(json.dumps(records), encoding="utf-8")
    first, second, plain = read_corpus(tmp_path / "feed.json")
    assert first.id != second.id  # same URL, different claims
    assert first.metadata["rating"] == "False" and first.metadata["rating_class"] == "false"
    assert first.lang == "en"  # "English" is a name: the language is detected instead
    assert first.source == "FC & Co" and second.text == "He said “unemployment doubled”."
    assert second.metadata["rating_class"] == "false"  # 1 on schema.org's default 1..5 scale
    assert plain.id == "mine-1"
    api = {"claims": [{"text": "The bridge is 20 km long.", "claimReview": [
        {"publisher": {"site": "fc.example"}, "url": "https://fc.example/bridge", "textualRating": "Not accurate"}]}]}
    (tmp_path / "api.json").write_text(json.dumps(api), encoding="utf-8")
    (review,) = read_corpus(tmp_path / "api.json")
    assert review.source == "fc.example" and review.metadata["rating_class"] == "false"


def test_line_numbers_of_a_large_feed_come_without_quadratic_cost(tmp_path):
    """5,000 records, the last one broken: the error names its line (one extra parse, not one per record)."""
    good = {"@type": "ClaimReview", "claimReviewed": "A claim.", "url": "https://fc.example/{}"}
    records = [dict(good, url=good["url"].format(i), claimReviewed=f"Claim number {i}.") for i in range(5000)]
    records.append({"@type": "ClaimReview", "url": "https://fc.example/broken"})
    (tmp_path / "big.json").write_text(json.dumps(records, indent=1), encoding="utf-8")
    skipped: list[str] = []
    assert len(read_corpus(tmp_path / "big.json", skip_invalid=True, skipped=skipped)) == 5000
    line = int(skipped[0].split(":")[1])
    assert (tmp_path / "big.json").read_text().splitlines()[line - 1].strip() == "{"
    assert "record $[5000]" in skipped[0]
