"""Query adapters: training, the file format, resolution by model, and their effect on ranking only."""

import numpy as np
import pytest

from claimcheck import InputError, ModelMismatchError, Statement, StatementIndex
from claimcheck.adapter import ADAPTER_FILE, QueryAdapter, default_adapter, resolve_adapter, train_adapter
from conftest import write


def _normalize(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_train_adapter_learns_a_systematic_shift():
    rng = np.random.default_rng(1)
    statements = _normalize(rng.standard_normal((200, 16)).astype(np.float32))
    gold = rng.integers(0, 200, 120)
    # Queries are their statement seen through a fixed distortion, plus noise: plain cosine often misses.
    distortion = np.eye(16, dtype=np.float32) + 0.9 * rng.standard_normal((16, 16)).astype(np.float32)
    queries = _normalize(statements[gold] @ distortion + 0.05 * rng.standard_normal((120, 16)).astype(np.float32))
    train, held = np.arange(80), np.arange(80, 120)
    matrix = train_adapter(queries[train], statements, gold[train], steps=150, temperature=0.05,
                           regularization=0.0, learning_rate=1e-2)
    assert matrix.shape == (16, 16) and matrix.dtype == np.float32

    def accuracy(q):
        return float(np.mean((q[held] @ statements.T).argmax(1) == gold[held]))

    adapter = QueryAdapter("t", "fp", matrix)
    assert accuracy(queries) < 0.8
    assert accuracy(adapter.apply(queries)) > accuracy(queries) + 0.15  # held-out queries, never trained on
    steps = []
    again = train_adapter(queries[train], statements, gold[train], steps=150, temperature=0.05,
                          regularization=0.0, learning_rate=1e-2, progress=steps.append)
    assert np.array_equal(matrix, again)  # deterministic, progress or not
    assert steps == [1] * 150


def test_train_adapter_refuses_bad_input():
    with pytest.raises(InputError, match="one gold statement row per query"):
        train_adapter(np.ones((3, 4)), np.ones((5, 4)), [0, 1])
    with pytest.raises(InputError, match="out of range"):
        train_adapter(np.ones((2, 4)), np.ones((5, 4)), [0, 5])
    with pytest.raises(InputError, match="one width"):
        train_adapter(np.ones((2, 4)), np.ones((5, 3)), [0, 1])


def test_apply_normalizes_and_checks_width():
    adapter = QueryAdapter("double", "fp", 2 * np.eye(3, dtype=np.float32))
    out = adapter.apply(np.array([[3.0, 4.0, 0.0]]))
    assert np.allclose(out, [[0.6, 0.8, 0.0]])
    with pytest.raises(InputError, match="3-dimensional"):
        adapter.apply(np.ones((1, 4)))
    with pytest.raises(InputError, match="square and finite"):
        QueryAdapter("bad", "fp", np.ones((2, 3)))


def test_save_load_round_trip_without_pickle(tmp_path):
    matrix = np.arange(9, dtype=np.float32).reshape(3, 3)
    path = QueryAdapter("mine", "fp-1", matrix, {"trained_on": "my pairs"}).save(tmp_path / "a.npz")
    loaded = QueryAdapter.load(path)
    assert (loaded.name, loaded.model_fingerprint, loaded.metadata["trained_on"]) == ("mine", "fp-1", "my pairs")
    assert np.array_equal(loaded.matrix, matrix)
    with np.load(path, allow_pickle=False) as data:  # plain arrays only
        assert set(data.files) == {"matrix", "meta"}


@pytest.mark.parametrize("content", [b"", b"not a zip file at all", b"PK\x03\x04broken"])
def test_load_refuses_garbage_naming_the_file(tmp_path, content):
    path = write(tmp_path / "bad.npz", content)
    with pytest.raises(InputError, match=r"bad\.npz: not a claimcheck adapter file"):
        QueryAdapter.load(path)
    with pytest.raises(FileNotFoundError, match="adapter file not found"):
        QueryAdapter.load(tmp_path / "missing.npz")


def test_load_refuses_other_npz(tmp_path):
    np.savez(tmp_path / "other.npz", weights=np.ones(3))
    with pytest.raises(InputError, match="other.npz: not a claimcheck adapter file"):
        QueryAdapter.load(tmp_path / "other.npz")
    np.save(tmp_path / "plain.npy", np.eye(3))
    with pytest.raises(InputError, match="plain.npy: not a claimcheck adapter file"):
        QueryAdapter.load(tmp_path / "plain.npy")


def test_resolve_by_model_fingerprint(tmp_path):
    assert ADAPTER_FILE.is_file()
    shipped = QueryAdapter.load(ADAPTER_FILE)
    assert shipped.dimension == 384 and shipped.metadata["trained_on"].startswith("CLEF-2020")
    assert default_adapter(shipped.model_fingerprint) is not None
    assert default_adapter("some-other-model") is None
    assert resolve_adapter("tweets", "some-other-model") is None  # other models rank by plain cosine
    assert resolve_adapter("tweets", shipped.model_fingerprint).name == "clef2020-tweets"
    assert resolve_adapter("clef2020-tweets", shipped.model_fingerprint).name == "clef2020-tweets"
    assert resolve_adapter("default", shipped.model_fingerprint) is None  # the library default: plain cosine
    assert resolve_adapter("none", shipped.model_fingerprint) is None
    assert resolve_adapter(None, shipped.model_fingerprint) is None
    path = QueryAdapter("x", "fp-a", np.eye(4, dtype=np.float32)).save(tmp_path / "x.npz")
    assert resolve_adapter(str(path), "fp-a").name == "x"
    with pytest.raises(ModelMismatchError, match="adapter 'x' was trained on the vectors of model fp-a"):
        resolve_adapter(path, "fp-b")


def test_adapter_changes_the_ranking_not_the_reported_cosine(fake_encoder):
    docs = [Statement(id="a", text="flood relief pledges in Geneva"),
            Statement(id="b", text="counter terrorism talks in Islamabad")]
    index = StatementIndex.build(docs, fake_encoder)
    query = fake_encoder.encode(["flood relief pledges in Geneva"])
    vectors = index.vectors()
    # A map that sends statement a's direction onto statement b's: the adapted query ranks b first.
    swap = np.linalg.lstsq(vectors, vectors[::-1], rcond=None)[0].astype(np.float32)
    adapter = QueryAdapter("swap", fake_encoder.fingerprint, swap)
    for mode in ("dense", "hybrid"):
        plain = index.search_vectors(query, 2, queries=["x"], retrieval=mode, adapter=None)[0]
        adapted = index.search_vectors(query, 2, queries=["x"], retrieval=mode, adapter=adapter)[0]
        assert [m.statement.id for m in plain] == ["a", "b"]
        assert [m.statement.id for m in adapted] == ["b", "a"]
        cosine = {m.statement.id: m.score for m in plain}
        assert all(m.score == pytest.approx(cosine[m.statement.id], abs=1e-6) for m in adapted)
    with pytest.raises(ModelMismatchError):
        index.search_vectors(query, 2, retrieval="dense", adapter=QueryAdapter("other", "another-model", swap))


def test_read_pairs_and_fit_adapter_with_an_index(tmp_path, fake_encoder):
    from claimcheck.adapter import fit_adapter, read_pairs

    docs = [Statement(id=f"s{i}", text=f"statement number {i} about topic {i % 3}") for i in range(12)]
    index = StatementIndex.build(docs, fake_encoder)
    pairs = write(tmp_path / "p.tsv", "query\tstatement_id\nwhat about topic 1\ts1\n\nnumber 4 please\ts4\n")
    assert read_pairs(pairs) == [(2, "what about topic 1", "s1"), (4, "number 4 please", "s4")]
    adapter = fit_adapter(pairs, index, fake_encoder, steps=5)
    assert adapter.name == "p" and adapter.model_fingerprint == fake_encoder.fingerprint
    assert adapter.metadata["pairs"] == 2 and adapter.dimension == fake_encoder.dimension
    bad = write(tmp_path / "b.jsonl", '{"query": "x", "statement_id": "s1"}\n{"query": "", "statement_id": "s2"}\n')
    with pytest.raises(InputError, match=r"b\.jsonl:2: missing or empty 'query'"):
        read_pairs(bad)
    with pytest.raises(InputError, match=r"e\.csv: no \(query, statement_id\) pairs"):
        read_pairs(write(tmp_path / "e.csv", "query,statement_id\n"))
