"""Nothing a user has is lost: concurrent writers, --overwrite, crafted indexes, odd corpora, limits, permissions.

Each test here failed before the fix it guards (issue: "an index that never loses data").
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from claimcheck import CorpusError, IndexFormatError, InputError, Statement, StatementIndex, read_corpus
from claimcheck._io import write_atomic
from claimcheck.index import MANIFEST
from claimcheck.testing import HashingEncoder
from conftest import ROOT, write


def statements(prefix: str, n: int) -> list[Statement]:
    return [Statement(id=f"{prefix}-{i}", text=f"{prefix} statement number {i} about floods and pledges")
            for i in range(n)]


def built(folder: Path, n: int = 5) -> StatementIndex:
    index = StatementIndex.build(statements("base", n), HashingEncoder(32))
    index.save(folder)
    return index


WRITER = textwrap.dedent("""
    import sys
    from claimcheck import ClaimcheckError, Statement, StatementIndex
    from claimcheck.testing import HashingEncoder
    folder, name, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    new = [Statement(id=f"{name}-{i}", text=f"{name} statement {i} on the talks") for i in range(150)]
    try:
        if mode == "editing":
            with StatementIndex.editing(folder) as index:
                index.add(new, HashingEncoder(32))
        else:
            index = StatementIndex.load(folder)
            index.add(new, HashingEncoder(32))
            index.save(folder)
    except ClaimcheckError as exc:
        print(exc)
        sys.exit(3)
""")


def run_writers(folder: Path, mode: str, n: int = 4) -> list[tuple[str, int, str]]:
    script = folder.parent / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    procs = [(f"w{i}", subprocess.Popen([sys.executable, str(script), str(folder), f"w{i}", mode],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env))
             for i in range(n)]
    out = []
    for name, p in procs:
        stdout, stderr = p.communicate(timeout=300)
        out.append((name, p.returncode, stdout + stderr))
    return out


@pytest.mark.parametrize("mode", ["load-add-save", "editing"])
def test_parallel_writer_processes_never_lose_statements(tmp_path, mode):
    folder = tmp_path / "idx"
    built(folder)
    results = run_writers(folder, mode)
    for name, code, output in results:
        assert code in (0, 3), output  # success, or the clear error: never a crash
        if code == 3:
            assert "changed since it was loaded" in output, output
    index = StatementIndex.load(folder)  # never half-swapped
    ids = {s.id for s in index.statements}
    assert {f"base-{i}" for i in range(5)} <= ids
    for name, code, _ in results:
        written = {f"{name}-{i}" for i in range(150)}
        if code == 0:
            assert written <= ids, f"{name} reported success but its statements are gone"
        else:
            assert not written & ids
    if mode == "editing":  # writers that edit under the lock all succeed, one after another
        assert all(code == 0 for _, code, _ in results) and len(index) == 5 + 4 * 150


def test_overwrite_refuses_a_folder_whose_manifest_is_not_an_index(tmp_path):
    app = tmp_path / "webapp"
    write(app / MANIFEST, json.dumps({"name": "my web app", "start_url": "/"}))
    write(app / "statements-2024.csv", "id,text\n1,keep me\n")
    write(app / "bm25-assets" / "style.css", "body {}")
    index = StatementIndex.build(statements("a", 3), HashingEncoder(32))
    with pytest.raises(InputError, match="not a claimcheck index"):
        index.save(app, overwrite=True)
    assert json.loads((app / MANIFEST).read_text())["name"] == "my web app"
    assert (app / "statements-2024.csv").read_text() == "id,text\n1,keep me\n"
    assert (app / "bm25-assets" / "style.css").is_file()


def test_saving_removes_only_what_the_old_manifest_named(tmp_path):
    folder = tmp_path / "idx"
    old = built(folder)
    old_files = {e["name"] for e in old.manifest["files"].values()}
    mine = [write(folder / "statements-notes.txt", "my notes"), write(folder / "vectors-readme.md", "x"),
            write(folder / "bm25-mine" / "keep.txt", "keep")]
    index = StatementIndex.load(folder)
    index.add(statements("more", 2), HashingEncoder(32))
    index.save(folder)
    for path in mine:
        assert path.is_file(), path
    new_files = {e["name"] for e in index.manifest["files"].values()}
    for name in old_files - new_files:
        assert not (folder / name).exists(), name
    assert len(StatementIndex.load(folder)) == 7


def test_add_vectors_validates_the_whole_batch_before_changing_anything(fake_encoder):
    index = StatementIndex.build(statements("a", 3), fake_encoder)
    batch = [Statement(id="new", text="new one"), Statement(id="new", text="new two")]
    with pytest.raises(InputError, match="duplicate id"):
        index.add_vectors(batch, fake_encoder.encode([s.text for s in batch]))
    assert len(index) == 3 and index._faiss.ntotal == 3 and len(index.vectors()) == 3
    with pytest.raises(InputError):
        index.add_vectors([Statement(id="x", text="x")], np.zeros((2, fake_encoder.dimension), dtype=np.float32))
    assert len(index) == 3
    assert index.search(["a statement"], fake_encoder, k=3, retrieval="hybrid")[0]  # still consistent


def _rewrite_vectors(folder: Path, faiss_index) -> None:
    import faiss

    manifest = json.loads((folder / MANIFEST).read_text())
    data = faiss.serialize_index(faiss_index).tobytes()
    name = manifest["files"]["vectors"]["name"]
    (folder / name).write_bytes(data)
    import hashlib

    manifest["files"]["vectors"].update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    (folder / MANIFEST).write_text(json.dumps(manifest))


def test_crafted_index_with_another_metric_or_bad_manifest_types_is_refused(tmp_path):
    import faiss

    folder = tmp_path / "idx"
    index = built(folder)
    l2 = faiss.IndexFlatL2(index.model.dimension)
    l2.add(index.vectors())
    _rewrite_vectors(folder, l2)
    with pytest.raises(IndexFormatError, match="inner product"):
        StatementIndex.load(folder)
    for field, value in (("count", "many"), ("model", "e5"), ("files", []), ("metric", ["ip"]),
                         ("created", {"day": 1})):
        built(tmp_path / field)
        manifest = json.loads((tmp_path / field / MANIFEST).read_text())
        manifest[field] = value
        (tmp_path / field / MANIFEST).write_text(json.dumps(manifest))
        with pytest.raises(IndexFormatError, match=field):
            StatementIndex.load(tmp_path / field)


def test_corpus_refuses_nested_values_and_duplicate_columns(tmp_path):
    nested = write(tmp_path / "c.jsonl", '{"text": "a fact", "id": "1"}\n'
                   '{"text": "another", "id": "2", "source": {"name": "X"}}\n')
    with pytest.raises(CorpusError, match=r"'source' must be a string") as info:
        read_corpus(nested)
    assert "c.jsonl" in str(info.value) and ":2" in str(info.value)
    for field in ("date", "lang", "url"):
        bad = write(tmp_path / f"{field}.jsonl", json.dumps({"text": "x", field: ["a"]}) + "\n")
        with pytest.raises(CorpusError, match=f"'{field}' must be a string"):
            read_corpus(bad)
    twice = write(tmp_path / "d.csv", "id,text,text\n1,first,second\n")
    with pytest.raises(CorpusError, match="'text' appears twice") as info:
        read_corpus(twice)
    assert ":1" in str(info.value)
    assert read_corpus(write(tmp_path / "ok.jsonl", '{"text": "x", "date": 2023, "source": "S"}\n'))[0].date == "2023"


def test_limits_refuse_oversized_inputs_with_a_clear_error(tmp_path, monkeypatch, fake_encoder):
    from claimcheck import check_text
    from claimcheck.limits import MAX_ARTICLE_CHARS, MAX_STATEMENT_CHARS

    index = StatementIndex.build(statements("a", 3), fake_encoder)
    huge = "Pakistan raised nine billion dollars. " * (MAX_ARTICLE_CHARS // 38 + 1)
    with pytest.raises(InputError, match="too long") as info:
        check_text(huge, index, encoder=fake_encoder, source="big.txt")
    assert "CLAIMCHECK_MAX_ARTICLE_CHARS" in str(info.value) and "big.txt" in str(info.value)
    monkeypatch.setenv("CLAIMCHECK_MAX_ARTICLE_CHARS", str(len(huge) + 1))
    assert check_text(huge[:400], index, encoder=fake_encoder)  # below the limit: checked
    long_statement = write(tmp_path / "s.jsonl", json.dumps({"text": "x" * (MAX_STATEMENT_CHARS + 1)}) + "\n")
    with pytest.raises(CorpusError, match="too long") as info:
        read_corpus(long_statement)
    assert "s.jsonl:1" in str(info.value)
    monkeypatch.setenv("CLAIMCHECK_MAX_STATEMENT_CHARS", "nonsense")
    with pytest.raises(InputError, match="CLAIMCHECK_MAX_STATEMENT_CHARS"):
        read_corpus(long_statement)


def test_files_respect_the_umask_and_replaced_files_keep_their_mode(tmp_path):
    old = os.umask(0o022)
    try:
        folder = tmp_path / "idx"
        index = built(folder)
        for entry in index.manifest["files"].values():
            path = folder / entry["name"]
            expected = 0o755 if path.is_dir() else 0o644
            assert stat.S_IMODE(path.stat().st_mode) == expected, path
        assert stat.S_IMODE((folder / MANIFEST).stat().st_mode) == 0o644
        report = tmp_path / "report.json"
        report.write_text("{}")
        os.chmod(report, 0o640)
        write_atomic(report, b"{}\n")
        assert stat.S_IMODE(report.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_readme_first_command_needs_nothing_outside_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme.split("```bash", 1)[1].split("```", 1)[0]
    assert "../shared" not in first
    for word in first.split():
        if word.startswith(("examples/", "corpora/")):
            assert (ROOT / word).is_file(), word


def _cli(*args):
    from typer.testing import CliRunner

    from claimcheck.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


def test_check_output_never_replaces_the_article_or_an_existing_file_unasked(tmp_path):
    article = write(tmp_path / "art.txt", "Pakistan raised nine billion dollars in Geneva on 9 January 2023.\n")
    report = write(tmp_path / "report.json", "my earlier report")
    nowhere = tmp_path / "no-index"  # refused before the index or the model is even looked at
    for target, fragment in ((article, "is the article being checked"), (report, "exists; pass --overwrite")):
        result = _cli("check", article, "--index", nowhere, "-f", "json", "--output", target)
        assert result.exit_code == 1 and fragment in result.stderr, result.output
    result = _cli("check", article, "--index", nowhere, "-f", "json", "--output", article, "--overwrite")
    assert result.exit_code == 1 and "is the article being checked" in result.stderr
    assert article.read_text().startswith("Pakistan raised") and report.read_text() == "my earlier report"


def test_index_build_refuses_a_bad_out_before_reading_or_embedding(tmp_path):
    corpus = write(tmp_path / "c.jsonl", '{"text": "a fact"}\n')
    a_file = write(tmp_path / "taken", "not a folder")
    result = _cli("index", "build", corpus, "--out", a_file)
    assert result.exit_code == 1 and "exists and is not a folder" in result.stderr
    foreign = tmp_path / "app"
    write(foreign / "manifest.json", '{"name": "web app"}')
    result = _cli("index", "build", tmp_path / "missing.jsonl", "--out", foreign, "--overwrite")
    assert result.exit_code == 1 and "not a claimcheck index" in result.stderr  # out is checked first
    big = write(tmp_path / "big.txt", "word " * 200_001)
    result = _cli("check", big, "--index", tmp_path / "no-index")
    assert result.exit_code == 1 and "too long" in result.stderr and "CLAIMCHECK_MAX_ARTICLE_CHARS" in result.stderr


def test_small_cli_slips(tmp_path):
    article = write(tmp_path / "art.txt", "Pakistan raised nine billion dollars in Geneva on 9 January 2023.\n")
    result = _cli("check", article, "--index", tmp_path / "no-index", "--lang", "xx")
    assert result.exit_code == 1 and "unknown language code 'xx'" in result.stderr
    from claimcheck.cli import _adapter

    assert _adapter("Default") == "default" and _adapter("TWEETS") == "tweets" and _adapter("None") is None
    assert _adapter("my.npz") == "my.npz"
    from claimcheck.sentences import check_language

    assert check_language("HI") == "hi" and check_language("ta") == "ta"


@pytest.mark.parametrize("delay", [0.05, 0.15, 0.4, 1.0])
def test_ctrl_c_at_any_moment_is_one_line_without_traceback(tmp_path, delay):
    import signal
    import time

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    # "check -" waits for the article on standard input, which never comes: the signal lands while modules
    # are still being imported (short delays) or while it waits (long ones), never after it has finished
    proc = subprocess.Popen([sys.executable, "-c", "from claimcheck._entry import run; run()", "check", "-",
                             "--index", str(tmp_path / "idx")], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    if proc.returncode == -signal.SIGINT or "init_import_site" in stderr:
        # on a loaded machine the interpreter may still be starting, or importing site (the .pth files of the
        # installed packages) after 0.4 s: nothing of claimcheck's has run yet, so there is nothing of ours to test
        pytest.skip("the signal came before the interpreter had started (nothing of claimcheck's had run)")
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and stderr.strip() == "claimcheck: interrupted", stderr


def test_links_are_stripped_before_any_encoder_sees_the_text(fake_encoder):
    seen = []

    class Recording(HashingEncoder):
        def encode(self, texts, **kwargs):
            seen.extend(texts)
            return super().encode(texts, **kwargs)

    encoder = Recording(32)
    index = StatementIndex.build([Statement(id="a", text="Floods https://t.co/x cost 30 billion dollars")], encoder)
    index.search(["floods www.example.com/page cost"], encoder, k=1)
    from claimcheck import check_text

    check_text("Floods cost 30 billion dollars pic.twitter.com/abc in 2022.", index, encoder=encoder)
    assert seen and not any(("http" in t or "www." in t or "pic.twitter" in t) for t in seen), seen


def test_output_with_the_table_format_is_refused_before_any_work(tmp_path):
    article = write(tmp_path / "art.txt", "Pakistan raised nine billion dollars in Geneva on 9 January 2023.\n")
    result = _cli("check", article, "--index", tmp_path / "no-index", "--output", tmp_path / "r.txt")
    assert result.exit_code == 1 and "--output needs --format json, jsonl, markdown or html" in result.stderr
    assert "index folder not found" not in result.stderr  # refused before the index was looked at


def test_bad_adapter_and_sentence_free_article_are_refused_before_the_model_loads(tmp_path):
    folder = tmp_path / "idx"
    built(folder)  # built with the test encoder: loading its model would fail with another message
    article = write(tmp_path / "art.txt", "Pakistan raised nine billion dollars in Geneva on 9 January 2023.\n")
    bad = write(tmp_path / "bad.npz", b"not an adapter")
    result = _cli("check", article, "--index", folder, "--adapter", bad)
    assert result.exit_code == 1 and "not a claimcheck adapter" in result.stderr, result.stderr
    emoji = write(tmp_path / "emoji.txt", "🎉🎉🎉 🙂🙂 !!! ...\n")
    result = _cli("check", emoji, "--index", tmp_path / "no-index")
    assert result.exit_code == 1 and "article has no sentences" in result.stderr, result.stderr


def test_backend_goes_with_corpus_not_with_an_index(tmp_path):
    article = write(tmp_path / "art.txt", "Pakistan raised nine billion dollars in Geneva on 9 January 2023.\n")
    result = _cli("check", article, "--index", tmp_path / "idx", "--backend", "onnx")
    assert result.exit_code == 1 and "--backend goes with --corpus" in result.stderr
    result = _cli("index", "build", write(tmp_path / "c.jsonl", '{"text": "x"}\n'), "--out", tmp_path / "o",
                  "--backend", "tensorflow")
    assert result.exit_code != 0 and "tensorflow" in result.output + result.stderr
