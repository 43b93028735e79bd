"""The command line, in-process through Typer's runner, plus one real subprocess run."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.index import StatementIndex
from conftest import CORPUS, EXAMPLE_ARTICLE, MODEL_ARTICLE, needs_model_article, write

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def assert_one_line_error(result, *fragments):
    assert result.exit_code != 0
    err = result.stderr.strip()
    assert err.startswith("claimcheck: error: ") and "\n" not in err, err
    assert "Traceback" not in result.output + result.stderr
    for fragment in fragments:
        assert fragment in err, err


@pytest.fixture(scope="module")
def built_index(tmp_path_factory, encoder):
    out = tmp_path_factory.mktemp("cli") / "idx"
    result = run("index", "build", CORPUS, "--out", out)
    assert result.exit_code == 0, result.output
    assert "indexed 57 statements" in result.output
    return out


@pytest.mark.model
def test_index_info(built_index):
    result = run("index", "info", built_index, "--format", "json")
    info = json.loads(result.stdout)
    assert info["count"] == 57 and info["model"]["dimension"] == 384
    assert info["model"]["name"] == "multilingual-e5-small-onnx-int8" and info["languages"]["hi"] >= 10
    assert info["claimcheck_version"] and info["created"]
    table = run("index", "info", built_index)
    assert table.exit_code == 0 and "multilingual-e5-small" in table.stdout


@pytest.mark.model
def test_search_json_and_table(built_index):
    result = run("search", built_index, "Pakistan raised nearly $9 billion in Geneva", "-k", "3", "--format", "json")
    assert result.exit_code == 0, result.output
    matches = json.loads(result.stdout)["matches"]
    assert len(matches) == 3 and [m["rank"] for m in matches] == [1, 2, 3]
    ranked = [m["retrieval_score"] for m in matches]
    assert ranked == sorted(ranked, reverse=True)  # ranked by the hybrid score; "score" is the plain cosine
    assert "geneva" in matches[0]["id"]
    assert set(matches[0]) >= {"id", "text", "score", "source", "url", "date", "lang"}
    assert run("search", built_index, "Peshawar mosque", "-k", "500").exit_code == 0
    for mode in ("bm25", "hybrid"):
        out = json.loads(run("search", built_index, "Peshawar mosque bombing", "-r", mode, "-f", "json").stdout)
        assert out["retrieval"] == mode and out["matches"][0]["id"].startswith("peshawar")
    bad = run("search", built_index, "x", "--retrieval", "sparse")
    assert bad.exit_code == 2 and "Traceback" not in bad.output


@pytest.mark.model
def test_search_adapter_option(built_index, tmp_path):
    plain = json.loads(run("search", built_index, "Pakistan raised nearly $9 billion in Geneva", "-r", "dense",
                           "--adapter", "none", "-f", "json").stdout)
    assert plain["adapter"] is None
    # plain cosine ranks, plus the cross-language bonus for statements in another language than the query
    from claimcheck.index import CROSS_LANGUAGE_BONUS

    for m in plain["matches"]:
        expected = m["score"] + (CROSS_LANGUAGE_BONUS if m["lang"] != "en" else 0.0)
        assert m["retrieval_score"] == pytest.approx(expected, abs=1e-5)
    scores = [m["retrieval_score"] for m in plain["matches"]]
    assert scores == sorted(scores, reverse=True)
    bad = write(tmp_path / "adapter.npz", b"garbage")
    assert_one_line_error(run("search", built_index, "x", "--adapter", bad), "adapter.npz", "not a claimcheck adapter")
    assert_one_line_error(run("search", built_index, "x", "--adapter", tmp_path / "nope.npz"), "adapter file not found")


@pytest.mark.model
@needs_model_article
def test_check_json_schema(built_index):
    result = run("check", MODEL_ARTICLE, "--index", built_index, "-k", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["claimcheck_version"] and report["model"] == "multilingual-e5-small-onnx-int8"
    assert (report["retrieval"], report["adapter"]) == ("hybrid", None)  # the defaults, named
    text = MODEL_ARTICLE.read_text(encoding="utf-8")
    assert len(report["sentences"]) == 19
    assert set(report["verdicts"]) == {"supported", "contradicted", "unverified", "not_checkworthy"}
    assert sum(report["verdicts"].values()) == 19
    for s in report["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]
        ranked = [m for m in s["matches"] if m["retrieval_score"] is not None]
        assert len(ranked) == 2 and ranked[0]["retrieval_score"] >= ranked[1]["retrieval_score"]
        assert s["matches"][:2] == ranked and [m["rank"] for m in s["matches"]] == list(range(1, len(s["matches"]) + 1))
        assert len(s["matches"]) <= 4  # plus at most the dense top 2 that the hybrid ranking left out
        assert s["verdict"]["label"] in {"supported", "contradicted", "unverified", "not_checkworthy"}
        assert isinstance(s["checkworthy"], bool) and "explanation" in s["verdict"] and "evidence" in s["verdict"]
        if s["checkworthy"]:
            assert all("compared" in m and "related" in m for m in s["matches"])
        assert set(s["matches"][0]) >= {"id", "text", "score", "source", "url", "date", "lang"}


@pytest.mark.model
def test_check_stdin_formats_output_file_and_corpus_mode(built_index, tmp_path):
    text = "पाकिस्तान ने जिनेवा में 9 अरब डॉलर जुटाए। भूकंप 6 फ़रवरी को आया।"
    jsonl = run("check", "-", "--index", built_index, "--format", "jsonl", input=text)
    assert jsonl.exit_code == 0, jsonl.output
    lines = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert len(lines) == 2 and lines[1]["matches"][0]["id"].startswith("quake-turkey")
    out = tmp_path / "report.md"
    md = run("check", EXAMPLE_ARTICLE, "--corpus", CORPUS, "--format", "markdown", "--output", out)
    assert md.exit_code == 0, md.output
    assert out.read_text(encoding="utf-8").startswith("# claimcheck report")
    table = run("check", EXAMPLE_ARTICLE, "--index", built_index, "--date", "2023-02-05")
    assert table.exit_code == 0 and "9 अरब" in table.stdout
    assert "supported" in table.stdout and "not_checkworthy" in table.stdout
    plain = run("check", EXAMPLE_ARTICLE, "--index", built_index, "--no-verdicts", "--format", "json")
    assert "verdict" not in json.loads(plain.stdout)["sentences"][0]


@pytest.mark.model
def test_index_add_and_overwrite_guard(built_index, tmp_path):
    copy = tmp_path / "idx"
    StatementIndex.load(built_index).save(copy)
    extra = write(tmp_path / "extra.csv", "id,text,source\nx1,A new statement about trade talks,Test\n")
    assert run("index", "add", copy, extra).exit_code == 0
    assert len(StatementIndex.load(copy)) == 58
    again = run("index", "add", copy, extra)
    assert_one_line_error(again, "x1", "already in the index")
    assert len(StatementIndex.load(copy)) == 58
    assert_one_line_error(run("index", "build", CORPUS, "--out", copy), "already exists", "--overwrite")


@pytest.mark.model
def test_index_from_another_model_is_refused(built_index, tmp_path):
    from claimcheck.testing import HashingEncoder
    from claimcheck import read_corpus

    foreign = StatementIndex.build(read_corpus(CORPUS), HashingEncoder(384, name="other-384"))
    folder = foreign.save(tmp_path / "foreign")
    result = run("check", EXAMPLE_ARTICLE, "--index", folder, "--model", "multilingual-e5-small")
    assert_one_line_error(result, "other-384", "multilingual-e5-small")


def test_bad_articles(tmp_path):
    idx = tmp_path / "no-index"
    cases = {
        "missing": (tmp_path / "missing.txt", "article not found"),
        "empty": (write(tmp_path / "empty.txt", "  \n"), "article is empty"),
        "binary": (write(tmp_path / "bin.txt", b"\x89PNG\x00\x00\x01"), "looks binary"),
        "latin1": (write(tmp_path / "l1.txt", "café".encode("latin-1")), "not valid UTF-8"),
    }
    for path, message in cases.values():
        assert_one_line_error(run("check", path, "--index", idx), str(path), message)
    assert_one_line_error(run("check", "-", "--index", idx, input=""), "<stdin>", "empty")


def test_bad_index_and_arguments(tmp_path):
    article = write(tmp_path / "a.txt", "Some text.")
    assert_one_line_error(run("check", article, "--index", tmp_path / "nope"), "nope", "index folder not found")
    (tmp_path / "notidx").mkdir()
    assert_one_line_error(run("check", article, "--index", tmp_path / "notidx"), "not a claimcheck index")
    assert_one_line_error(run("check", article, "--index", tmp_path, "-k", "0"), "-k must be a positive integer, got 0")
    assert_one_line_error(run("search", tmp_path, "x", "-k", "-2"), "-k must be a positive integer, got -2")
    assert_one_line_error(run("check", article), "either --index DIR or --corpus FILE")
    assert_one_line_error(run("check", article, "--index", tmp_path, "--date", "5 Feb"), "--date must be YYYY-MM-DD")


def test_bad_corpus_on_build(tmp_path):
    bad = write(tmp_path / "bad.jsonl", '{"text": "fine"}\n{"text": \n')
    out = tmp_path / "out"
    assert_one_line_error(run("index", "build", bad, "--out", out), "bad.jsonl:2", "malformed JSON")
    assert not out.exists()
    dup = write(tmp_path / "dup.jsonl", '{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n')
    assert_one_line_error(run("index", "build", dup, "--out", out), "dup.jsonl:2", "duplicate id 'a'")
    empty = write(tmp_path / "empty.csv", "id,text\n")
    assert_one_line_error(run("index", "build", empty, "--out", out), "empty.csv", "no statements")


def test_tampered_index_is_refused_by_info(tmp_path, fake_encoder):
    from claimcheck import read_corpus

    folder = StatementIndex.build(read_corpus(CORPUS), fake_encoder).save(tmp_path / "idx")
    manifest = json.loads((folder / "manifest.json").read_text())
    data = folder / manifest["files"]["statements"]["name"]
    data.write_bytes(data.read_bytes()[:100])
    assert_one_line_error(run("index", "info", folder), "truncated or altered")


def test_version_and_help_are_instant_and_clean():
    proc = subprocess.run([sys.executable, "-m", "claimcheck", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("claimcheck ")
    proc = subprocess.run([sys.executable, "-c", "import sys, claimcheck; print('torch' in sys.modules, "
                           "'faiss' in sys.modules, 'sentence_transformers' in sys.modules)"],
                          capture_output=True, text=True)
    assert proc.stdout.strip() == "False False False"


def test_real_process_error_has_no_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "claimcheck", "check", str(tmp_path / "x.txt"), "--index",
                           str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"claimcheck: error: {tmp_path / 'x.txt'}: article not found"


@pytest.mark.model
def test_adapter_train_writes_a_file_that_search_reads(built_index, tmp_path):
    pairs = write(tmp_path / "pairs.csv", "query,statement_id\n"
                  "so Pakistan got 9 billion in Geneva?,geneva-raised-dawn-en\n"
                  "Peshawar mosque blast toll,peshawar-toll-en\n")
    out = tmp_path / "mine.npz"
    result = run("adapter", "train", pairs, "--index", built_index, "--out", out, "--steps", "20")
    assert result.exit_code == 0, result.output
    assert "wrote adapter 'pairs' (2 pairs, 57 statements)" in result.stdout
    found = json.loads(run("search", built_index, "Geneva money", "--adapter", out, "-f", "json").stdout)
    assert found["adapter"] == "pairs" and found["matches"]  # named as reports name it
    assert_one_line_error(run("adapter", "train", pairs, "--index", built_index, "--out", out), "mine.npz",
                          "already exists")
    nowhere = tmp_path / "no-such-folder" / "a.npz"
    assert_one_line_error(run("adapter", "train", pairs, "--index", built_index, "--out", nowhere, "--steps", "1"),
                          f"{nowhere.parent}: output folder does not exist")
    unknown = write(tmp_path / "unknown.jsonl", '{"query": "x", "statement_id": "geneva-raised-dawn-en"}\n'
                    '{"query": "y", "statement_id": "no-such-id"}\n')
    assert_one_line_error(run("adapter", "train", unknown, "--index", built_index, "--out", tmp_path / "u.npz"),
                          "unknown.jsonl:2", "statement_id 'no-such-id' is not in the index")
    assert not (tmp_path / "u.npz").exists()
    headless = write(tmp_path / "bad.csv", "text,statement_id\nx,y\n")
    assert_one_line_error(run("adapter", "train", headless, "--index", built_index, "--out", tmp_path / "b.npz"),
                          "bad.csv:1", "no 'query' column")


@pytest.mark.model
def test_check_refuses_an_output_folder_that_does_not_exist_before_working(built_index, tmp_path):
    target = tmp_path / "missing" / "report.json"
    result = run("check", EXAMPLE_ARTICLE, "--index", built_index, "-f", "json", "--output", target)
    assert_one_line_error(result, f"{target.parent}: output folder does not exist")
    assert not target.parent.exists()
