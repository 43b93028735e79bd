"""Index types: flat, IVF, HNSW and FAISS factory strings; manifest, save/load, search parameters, memory mapping."""

from __future__ import annotations

import json

import numpy as np
import pytest

from claimcheck import IndexFormatError, InputError, StatementIndex
from claimcheck.ann import AUTO_EXACT_UP_TO, resolve
from claimcheck.corpus import Statement
from claimcheck.index import ModelInfo

DIM = 32


def _index(index_type: str, n: int = 2000, seed: int = 0) -> tuple[StatementIndex, np.ndarray]:
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((n, DIM)).astype(np.float32)
    index = StatementIndex.empty(ModelInfo("fake", "fake-v1", DIM), index_type, n)
    index.add_vectors([Statement(id=f"s{i}", text=f"statement {i}") for i in range(n)], vectors)
    return index, vectors


def _recall_at_10(index: StatementIndex, exact: StatementIndex, queries: np.ndarray) -> float:
    got = index.search_vectors(queries, k=10, retrieval="dense", adapter=None)
    want = exact.search_vectors(queries, k=10, retrieval="dense", adapter=None)
    return float(np.mean([len({m.statement.id for m in g} & {m.statement.id for m in w}) / 10
                          for g, w in zip(got, want)]))


def test_resolve_chooses_by_size_and_names_each_type():
    assert resolve("auto", 1000).kind == "flat" and resolve("auto", AUTO_EXACT_UP_TO + 1).kind == "hnsw"
    ivf = resolve("ivf", 1_000_000)
    assert ivf.factory == "IVF4000,Flat" and ivf.search["nprobe"] == 1000
    assert resolve("ivf", 100).factory == "IVF2,Flat"  # at least 39 training points per cell
    assert resolve("hnsw", 10).factory.startswith("HNSW") and "ef_search" in resolve("hnsw", 10).search
    assert resolve("IVF16,PQ8", 10).kind == "factory"


@pytest.mark.parametrize("index_type, faiss_class", [("flat", "IndexFlatIP"), ("ivf", "IndexIVFFlat"),
                                                     ("hnsw", "IndexHNSWFlat"), ("IVF8,Flat", "IndexIVFFlat")])
def test_each_type_saves_loads_and_is_declared_in_the_manifest(tmp_path, index_type, faiss_class):
    index, vectors = _index(index_type)
    index.save(tmp_path / "idx")
    manifest = json.loads((tmp_path / "idx" / "manifest.json").read_text())
    assert manifest["faiss_index"] == faiss_class and manifest["index"]["factory"] == index.spec.factory
    loaded = StatementIndex.load(tmp_path / "idx")
    assert loaded.spec == index.spec and len(loaded) == len(index)
    assert loaded.info()["index_type"] in (index_type, index.spec.factory)
    exact, _ = _index("flat")
    floor = {"flat": 1.0, "ivf": 0.6, "hnsw": 0.6}.get(index_type, 0.3)  # a bare factory string probes 1 cell
    assert _recall_at_10(loaded, exact, vectors[:50] + 0.05) >= floor
    np.testing.assert_allclose(loaded.vectors()[:5], index.vectors()[:5], atol=1e-6)


def test_search_parameters_trade_speed_for_recall_and_are_kept(tmp_path):
    exact, vectors = _index("flat")
    ivf, _ = _index("ivf")
    queries = vectors[:100] + 0.3 * np.random.default_rng(1).standard_normal((100, DIM)).astype(np.float32)
    ivf.set_search_params(nprobe=1)
    low = _recall_at_10(ivf, exact, queries)
    ivf.set_search_params(nprobe=64)
    assert _recall_at_10(ivf, exact, queries) > low
    ivf.save(tmp_path / "idx")
    assert StatementIndex.load(tmp_path / "idx").spec.search["nprobe"] == 64
    with pytest.raises(InputError, match="--ef-search applies to HNSW indexes only"):
        ivf.set_search_params(ef_search=10)
    with pytest.raises(InputError, match="--nprobe applies to IVF indexes only"):
        exact.set_search_params(nprobe=4)
    with pytest.raises(InputError, match="at least 1"):
        ivf.set_search_params(nprobe=0)


def test_an_index_type_the_manifest_does_not_declare_is_refused(tmp_path):
    index, _ = _index("hnsw", 300)
    index.save(tmp_path / "idx")
    path = tmp_path / "idx" / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["index"] = {"type": "flat", "factory": "Flat", "search": {}}  # says flat, holds HNSW
    path.write_text(json.dumps(manifest))
    with pytest.raises(IndexFormatError, match="declares a flat index, the FAISS file holds a IndexHNSWFlat"):
        StatementIndex.load(tmp_path / "idx")
    manifest["index"] = {"type": "annoy", "factory": "Annoy"}
    path.write_text(json.dumps(manifest))
    with pytest.raises(IndexFormatError, match="index type this claimcheck does not know"):
        StatementIndex.load(tmp_path / "idx")


def test_bad_factory_string_and_too_small_ivf_are_one_line_errors():
    with pytest.raises(InputError, match="FAISS cannot build index type 'NoSuchIndex42'") as err:
        StatementIndex.empty(ModelInfo("fake", "fake-v1", DIM), "NoSuchIndex42")
    assert "\n" not in str(err.value)
    index = StatementIndex.empty(ModelInfo("fake", "fake-v1", DIM), "IVF64,Flat")
    with pytest.raises(InputError, match="needs at least 64 statements to train on"):
        index.add_vectors([Statement(id="a", text="a")], np.ones((1, DIM), dtype=np.float32))
    assert len(index) == 0


def test_adding_to_a_trained_index_keeps_its_cells(tmp_path):
    index, vectors = _index("ivf", 1000)
    index.save(tmp_path / "idx")
    with StatementIndex.editing(tmp_path / "idx") as editing:
        editing.add_vectors([Statement(id="new", text="new")], vectors[:1] * 2)
    loaded = StatementIndex.load(tmp_path / "idx")
    assert len(loaded) == 1001 and loaded.spec.factory == index.spec.factory
    assert loaded.search_vectors(vectors[:1], k=2, retrieval="dense", adapter=None)[0][0].statement.id in ("s0", "new")


def test_large_vector_files_are_memory_mapped_and_searched(tmp_path, monkeypatch):
    from claimcheck import store

    index, vectors = _index("flat", 3000)
    index.save(tmp_path / "idx")
    monkeypatch.setattr(store, "MMAP_FROM_BYTES", 1024)
    loaded = StatementIndex.load(tmp_path / "idx")
    top = loaded.search_vectors(vectors[:3], k=1, retrieval="dense", adapter=None)
    assert [m[0].statement.id for m in top] == ["s0", "s1", "s2"]
    vectors_file = next((tmp_path / "idx").glob("vectors-*.faiss"))
    data = bytearray(vectors_file.read_bytes())
    data[-1] ^= 1
    vectors_file.write_bytes(bytes(data))
    with pytest.raises(IndexFormatError, match="checksum mismatch"):
        StatementIndex.load(tmp_path / "idx")


def test_cli_index_type_flag_and_refusals(tmp_path):
    from typer.testing import CliRunner

    from claimcheck.cli import app

    runner = CliRunner()
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"text": "Pakistan raised 9 billion dollars."}\n', encoding="utf-8")
    bad = runner.invoke(app, ["index", "build", str(corpus), "--out", str(tmp_path / "idx"), "--index-type", "Bogus7"])
    assert bad.exit_code == 1 and "FAISS cannot build index type 'Bogus7'" in bad.stderr
    assert not (tmp_path / "idx").exists()
    article = tmp_path / "a.txt"
    article.write_text("Pakistan raised 9 billion dollars in Geneva on 9 January 2023.\n", encoding="utf-8")
    refused = runner.invoke(app, ["check", str(article), "--corpus", str(corpus), "--nprobe", "8"])
    assert refused.exit_code == 1 and "--nprobe and --ef-search go with --index" in refused.stderr


@pytest.mark.parametrize("index_type", ["ivf", "hnsw"])
def test_memory_mapped_ivf_and_hnsw_load_search_and_refuse_adds(tmp_path, monkeypatch, index_type):
    from claimcheck import store

    index, vectors = _index(index_type, 2000)
    index.save(tmp_path / "idx")
    monkeypatch.setattr(store, "MMAP_FROM_BYTES", 1024)
    loaded = StatementIndex.load(tmp_path / "idx")
    assert loaded.search_vectors(vectors[:1], k=1, retrieval="dense", adapter=None)[0][0].statement.id == "s0"
    with pytest.raises(InputError, match="loaded memory-mapped, for searching"):
        loaded.add_vectors([Statement(id="x", text="x")], vectors[:1])
    assert len(loaded) == 2000
    with StatementIndex.editing(tmp_path / "idx") as editing:  # read whole: adding works
        editing.add_vectors([Statement(id="x", text="x")], vectors[:1])
    assert len(StatementIndex.load(tmp_path / "idx")) == 2001


@pytest.mark.parametrize("factory, message", [
    ("IVF16,PQ4", "stores vectors lossily"), ("IDMap,Flat", "leave IDMap out"),
    ("HNSW8,PQ4", "does not search by inner product")])
def test_factory_strings_that_would_break_scores_are_refused(factory, message):
    with pytest.raises(InputError, match=message):
        _index(factory, 3000)


def test_too_small_for_training_is_refused_before_encoding():
    from claimcheck.testing import HashingEncoder

    encoder = HashingEncoder(dimension=DIM)
    statements = [Statement(id=f"s{i}", text=f"statement {i}") for i in range(10)]
    with pytest.raises(InputError, match="needs at least 64 statements to train on, got 10"):
        StatementIndex.build(statements, encoder, index_type="IVF64,Flat")
    assert encoder.calls == 0


@pytest.mark.parametrize("entry, message", [
    ({"type": "ivf", "factory": "IVF8,Flat", "search": {"nprobe": None}}, "positive integer"),
    ({"type": "ivf", "factory": "IVF8,Flat", "search": {"nprobe": 2.9}}, "positive integer"),
    ({"type": "ivf", "factory": "IVF8,Flat", "search": {"ef_search": 4}}, "does not have"),
    ({"type": "flat", "factory": "HNSW32", "search": {}}, "factory string"),
    (None, "declares a flat index, the FAISS file holds a IndexIVFFlat")])
def test_manifest_index_field_is_checked_strictly(tmp_path, entry, message):
    index, _ = _index("IVF8,Flat", 500)
    index.save(tmp_path / "idx")
    path = tmp_path / "idx" / "manifest.json"
    manifest = json.loads(path.read_text())
    if entry is None:
        del manifest["index"]  # as an index saved before index types: must then be flat
    else:
        manifest["index"] = entry
    path.write_text(json.dumps(manifest))
    with pytest.raises(IndexFormatError, match=message):
        StatementIndex.load(tmp_path / "idx")
