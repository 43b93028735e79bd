"""The benchmark runner on a tiny data folder made here."""

import json

import pytest

from claimcheck.bench import format_table, load_tasks, run_task, write_result
from claimcheck.lexical import Retrieval
from claimcheck.testing import HashingEncoder
from conftest import write


@pytest.fixture
def data_dir(tmp_path):
    root = tmp_path / "data"
    clef = root / "clef2020_checkthat_task2_en"
    write(clef / "verified_claims.docs.tsv", "\tvclaim\ttitle\n0\tPakistan raised 9 billion dollars in Geneva\tGeneva\n"
          "1\tA 7.8 earthquake hit Turkey\tQuake\n2\tArgentina won the World Cup\tFootball\n")
    write(clef / "dev" / "tweets.queries.tsv", "\ttweet_content\n10\tTurkey earthquake was 7.8 https://t.co/x\n"
          "11\tWho won the World Cup? Argentina\n")
    write(clef / "dev" / "tweet-vclaim-pairs.qrels", "10\t0\t1\t1\n11\t0\t2\t1\n")
    norm = root / "checkthat2025_claimnorm"
    write(norm / "dev" / "dev-hi.csv", 'post,normalized claim\n"पाकिस्तान को जिनेवा में 9 अरब डॉलर मिले, सच?",'
          "पाकिस्तान ने जिनेवा में 9 अरब डॉलर जुटाए\n")
    write(norm / "train" / "train-hi.csv", "post,normalized claim\nतुर्की में भूकंप,तुर्की में 7.8 का भूकंप आया\n")
    deb = root / "checkthat2021_2b_debates"
    write(deb / "verified_claims.tsv", "vclaim_id\tvclaim\ttitle\tspeaker\tstated\ttruth_label\turl\n"
          "vclaim-pol-1\tTaxes rose for the middle class\tTaxes\tMitt Romney\t\tfalse\t/x\n"
          "vclaim-pol-2\tTaxes rose for middle class families\tTaxes\tBarack Obama\t\ttrue\t/y\n")
    write(deb / "dev" / "queries.tsv", "iclaim_id\tsentence\n20121023_Debate_0002\tTaxes rose for middle class families\n"
          "20121023_debate_0009\tno such line\n")
    write(deb / "dev" / "qrels.tsv", "20121023_Debate_0002\t0\tvclaim-pol-1\t1\n20121023_debate_0009\t0\tvclaim-pol-2\t1\n")
    write(deb / "transcripts" / "20121023_debate.tsv", "0001\tModerator\tGood evening.\n"
          "0002\tMr. Romney\tTaxes rose for middle class families\n")
    tat = root / "tatoeba_hin_eng"
    write(tat / "tatoeba.hin-eng.hin", "मेरा नाम राम है।\nबारिश हो रही है।\n")
    write(tat / "tatoeba.hin-eng.eng", "My name is Ram.\nIt is raining.\n")
    return root


def test_load_tasks_reads_every_layout(data_dir):
    tasks = {(t.dataset, t.language): t for t in load_tasks(data_dir, "dev")}
    assert set(tasks) == {("clef2020_checkthat_task2_en", "en"), ("checkthat2025_claimnorm", "hi"),
                          ("tatoeba_hin_eng", "hin-eng"), ("tatoeba_hin_eng", "eng-hin"),
                          ("checkthat2021_2b_debates", "en")}
    debates = tasks["checkthat2021_2b_debates", "en"]
    assert debates.gold == [{"vclaim-pol-1"}, {"vclaim-pol-2"}] and debates.documents[0].metadata["claimant"] == \
        "Mitt Romney"
    assert debates.speakers == ["Mr. Romney", None]  # transcript names differ in case; a missing line has none
    (result,) = run_task(debates, HashingEncoder(64), [Retrieval.dense])
    assert set(result["metrics"]) == {"map@5", "success@1", "success@10", "mrr"}
    clef = tasks["clef2020_checkthat_task2_en", "en"]
    assert len(clef.documents) == 3 and clef.gold == [{"1"}, {"2"}]
    assert clef.documents[0].text == "Pakistan raised 9 billion dollars in Geneva Geneva"
    norm = tasks["checkthat2025_claimnorm", "hi"]
    assert len(norm.documents) == 2 and len(norm.queries) == 1  # pool spans every split
    assert {t.dataset for t in load_tasks(data_dir, "train")} == {"checkthat2025_claimnorm", "tatoeba_hin_eng"}
    assert load_tasks(data_dir, "dev", ["tatoeba_hin_eng"])[0].split == "all"


def test_run_task_writes_documented_json(data_dir, tmp_path):
    task = next(t for t in load_tasks(data_dir, "dev") if t.dataset.startswith("clef"))
    results = run_task(task, HashingEncoder(64), list(Retrieval))
    assert [r["retrieval"] for r in results] == ["dense", "bm25", "hybrid"]
    bm25 = results[1]
    assert bm25["metrics"]["success@1"] == 1.0 and bm25["metrics"]["map@5"] == 1.0
    for r in results:
        assert set(r) >= {"dataset", "language", "split", "retrieval", "model", "metrics", "queries", "documents",
                          "seconds", "queries_per_second", "peak_rss_mb"}
        assert set(r["metrics"]) == {"map@5", "success@1", "success@10", "mrr"}
        path = write_result(r, tmp_path / "out")
        assert json.loads(path.read_text())["retrieval"] == r["retrieval"]
        assert r["adapter"] is None  # the shipped adapter belongs to the real model only
    assert "| clef2020_checkthat_task2_en | en | dev | bm25 | - |" in format_table(results)


def test_unknown_or_missing_datasets(data_dir, tmp_path):
    from claimcheck import InputError, InputNotFoundError

    with pytest.raises(InputError, match="unknown dataset"):
        load_tasks(data_dir, "dev", ["nope"])
    with pytest.raises(InputNotFoundError):
        load_tasks(tmp_path / "missing", "dev")


@pytest.mark.model
def test_cli_bench_on_tiny_folder(data_dir, tmp_path, encoder):
    from typer.testing import CliRunner

    from claimcheck.cli import app

    out = tmp_path / "results"
    result = CliRunner().invoke(app, ["bench", "--data-dir", str(data_dir), "--split", "dev", "--dataset",
                                      "tatoeba_hin_eng", "--retrieval", "dense", "--out", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.iterdir())
    assert files == ["tatoeba_hin_eng-eng-hin-all-dense.json", "tatoeba_hin_eng-hin-eng-all-dense.json"]
    assert json.loads((out / files[0]).read_text())["adapter"] is None  # the default ranks by plain cosine
    tweets = CliRunner().invoke(app, ["bench", "--data-dir", str(data_dir), "--split", "dev", "--dataset",
                                      "tatoeba_hin_eng", "--retrieval", "dense", "--adapter", "tweets",
                                      "--out", str(tmp_path / "tweets")])
    assert tweets.exit_code == 0, tweets.output
    assert json.loads((tmp_path / "tweets" / files[0]).read_text())["adapter"] == "clef2020-tweets"
    data = json.loads((out / files[1]).read_text())
    assert data["metrics"] == {"accuracy": 1.0} and data["model"] == "multilingual-e5-small-onnx-int8"


def test_cached_encoder_reuses_vectors_and_keys_on_texts(tmp_path):
    import numpy as np

    from claimcheck.bench import CachedEncoder

    inner = HashingEncoder(16)
    cached = CachedEncoder(inner, tmp_path / "cache")
    first = cached.encode(["a b", "c d"])
    again = cached.encode(["a b", "c d"])
    assert inner.calls == 1 and np.array_equal(first, again)
    cached.encode(["a b", "c e"])
    assert inner.calls == 2
    other = CachedEncoder(HashingEncoder(16, name="other"), tmp_path / "cache")
    other.encode(["a b", "c d"])
    assert other.inner.calls == 1  # another model never reuses these vectors


def test_documents_are_indexed_in_an_order_that_ignores_the_file():
    from claimcheck import Statement
    from claimcheck.bench import Task, build_index, neutral_order

    docs = [Statement(id=str(i), text=f"the same claim text {i % 2}") for i in range(40)]
    order = neutral_order(docs)
    assert sorted(order) == list(range(40)) and order != list(range(40))
    ids_order = [docs[i].id for i in order]
    assert [d.id for d in (docs[::-1][i] for i in neutral_order(docs[::-1]))] == ids_order  # file order irrelevant
    task = Task("t", "en", "dev", ["the same claim text 0"], docs, [{"0"}], ("success@1",))
    index = build_index(task, HashingEncoder(16))
    assert [s.id for s in index.statements] == ids_order
    # Twenty statements tie on BM25; the first by file order ("0") is not favoured.
    top = index.search(["the same claim text 0"], HashingEncoder(16), k=1, retrieval="bm25")[0][0]
    assert top.statement.id == next(i for i in ids_order if int(i) % 2 == 0)
