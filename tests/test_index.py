import json

import numpy as np
import pytest

import claimcheck.index as index_module
import claimcheck.store as store_module
from claimcheck import (
    IndexFormatError,
    InputError,
    InputNotFoundError,
    ModelMismatchError,
    Statement,
    StatementIndex,
)
from claimcheck.testing import HashingEncoder


def statements(n, prefix="s"):
    words = ["flood", "geneva", "pledge", "bomb", "mosque", "talks", "vote", "moon", "quake", "cup"]
    return [
        Statement(id=f"{prefix}{i}", text=f"{words[i % 10]} {words[(i * 3) % 10]} report number {i}",
                  source=f"src{i % 3}", lang="en" if i % 2 else "hi", metadata={"n": i})
        for i in range(n)
    ]


def brute_force(index, vectors, k):
    stored = index.vectors()
    scores = vectors @ stored.T
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return order, np.take_along_axis(scores, order, axis=1)


def test_search_matches_brute_force_and_scores_are_cosines(fake_encoder):
    idx = StatementIndex.build(statements(50), fake_encoder)
    queries = ["flood geneva", "mosque bomb report", "moon cup 7"]
    results = idx.search(queries, fake_encoder, k=5, retrieval="dense", cross_language_bonus=0.0)
    qv = fake_encoder.encode(queries)
    order, scores = brute_force(idx, qv, 5)
    for res, o, sc in zip(results, order, scores):
        assert [m.rank for m in res] == [1, 2, 3, 4, 5]
        assert np.allclose([m.score for m in res], sc, atol=1e-5)
        assert [m.score for m in res] == sorted([m.score for m in res], reverse=True)
        # the best statement is brute force's best, or one tied with it on the score
        best = {idx.statements[j].id for j, s in zip(o, sc) if np.isclose(s, sc[0], atol=1e-6)}
        assert res[0].statement.id in best
    assert np.allclose(np.linalg.norm(idx.vectors(), axis=1), 1.0, atol=1e-5)


def test_cross_language_bonus_ranks_but_never_changes_cosines(fake_encoder):
    texts = [("en1", "flood relief pledged in geneva", "en"), ("hi1", "flood relief pledged in geneva talks", "hi"),
             ("en2", "mosque bombing report", "en")]
    idx = StatementIndex.build([Statement(id=i, text=t, lang=lang) for i, t, lang in texts], fake_encoder)
    query = ["flood relief pledged in geneva talks"]
    plain = idx.search(query, fake_encoder, k=3, retrieval="dense", cross_language_bonus=0.0)[0]
    assert plain[0].statement.id == "hi1" and plain[0].score == plain[0].retrieval_score
    vector = fake_encoder.encode(query)
    boosted = idx.search_vectors(vector, 3, queries=query, retrieval="dense", languages=["hi"], cross_language_bonus=1.0)[0]
    assert [m.statement.id for m in boosted][:2] == ["en1", "en2"]  # both English ones gain, the Hindi one not
    by_id = {m.statement.id: m for m in plain}
    for m in boosted:
        assert m.score == pytest.approx(by_id[m.statement.id].score)  # the cosine is reported unchanged
        assert m.retrieval_score == pytest.approx(m.score + (1.0 if m.statement.lang != "hi" else 0.0))
    # an index of one language ranks the same whatever the bonus
    mono = StatementIndex.build([Statement(id=i, text=t, lang="en") for i, t, _ in texts], fake_encoder)
    assert [m.statement.id for m in mono.search_vectors(vector, 3, queries=query, retrieval="dense", languages=["en"],
                                                        cross_language_bonus=1.0)[0]] == \
        [m.statement.id for m in mono.search_vectors(vector, 3, retrieval="dense", cross_language_bonus=0.0)[0]]


def test_k_is_clamped_and_never_returns_minus_one(fake_encoder):
    idx = StatementIndex.build(statements(3), fake_encoder)
    (res,) = idx.search(["flood"], fake_encoder, k=10)
    assert len(res) == 3 and len({m.statement.id for m in res}) == 3
    for bad in (0, -1, 2.5, True):
        with pytest.raises(InputError, match="k must be a positive integer"):
            idx.search(["flood"], fake_encoder, k=bad)
    with pytest.raises(InputError, match="sequence of queries"):
        idx.search("flood", fake_encoder)
    assert idx.search([], fake_encoder, k=3) == []


def test_add_rejects_duplicate_ids_and_grows(fake_encoder):
    idx = StatementIndex.build(statements(5), fake_encoder)
    idx.add(statements(3, prefix="t"), fake_encoder)
    assert len(idx) == 8 and idx.get("t2").text.endswith("2")
    with pytest.raises(InputError, match="'s0' is already in the index"):
        idx.add(statements(2), fake_encoder)
    assert len(idx) == 8


def test_round_trip_keeps_ids_metadata_and_results(tmp_path, fake_encoder):
    idx = StatementIndex.build(statements(20), fake_encoder)
    folder = idx.save(tmp_path / "idx")
    loaded = StatementIndex.load(folder)
    assert loaded.statements == idx.statements
    assert loaded.model == idx.model
    assert np.array_equal(loaded.vectors(), idx.vectors())
    assert loaded.search(["vote moon"], fake_encoder, 4) == idx.search(["vote moon"], fake_encoder, 4)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["count"] == 20 and manifest["model"]["dimension"] == 64 and manifest["metric"] == "cosine"
    assert set(manifest["files"]) == {"vectors", "statements", "bm25"}
    assert (folder / manifest["files"]["bm25"]["name"]).is_dir()
    assert not any(p.suffix in (".pkl", ".pickle") for p in folder.iterdir())
    # add to a saved index and save again: old data files are replaced, nothing else left behind
    loaded.add(statements(2, prefix="new"), fake_encoder)
    loaded.save(folder)
    again = StatementIndex.load(folder)
    assert len(again) == 22
    assert sorted(p.name for p in folder.iterdir() if p.name != index_module.LOCK_FILE) == sorted(
        ["manifest.json", *(f["name"] for f in json.loads((folder / "manifest.json").read_text())["files"].values())])


def test_crash_during_save_leaves_previous_index_intact(tmp_path, fake_encoder, monkeypatch):
    folder = StatementIndex.build(statements(4), fake_encoder).save(tmp_path / "idx")
    bigger = StatementIndex.build(statements(9), fake_encoder)
    real = store_module.write_atomic

    def crash_on_manifest(path, data):
        if path.name == "manifest.json":
            raise KeyboardInterrupt("killed")
        real(path, data)

    monkeypatch.setattr(store_module, "write_atomic", crash_on_manifest)
    with pytest.raises(KeyboardInterrupt):
        bigger.save(folder)
    monkeypatch.undo()
    assert len(StatementIndex.load(folder)) == 4  # the old index, whole
    bigger.save(folder)
    assert len(StatementIndex.load(folder)) == 9


def test_refuses_to_write_into_a_foreign_folder(tmp_path, fake_encoder):
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("keep me")
    idx = StatementIndex.build(statements(2), fake_encoder)
    with pytest.raises(InputError, match="holds no claimcheck index"):
        idx.save(tmp_path / "other")
    assert (tmp_path / "other" / "notes.txt").read_text() == "keep me"
    folder = idx.save(tmp_path / "idx")
    with pytest.raises(InputError, match="an index already exists"):
        idx.save(folder, overwrite=False)


@pytest.fixture
def saved(tmp_path, fake_encoder):
    folder = StatementIndex.build(statements(6), fake_encoder).save(tmp_path / "idx")
    manifest = json.loads((folder / "manifest.json").read_text())
    return folder, manifest


def test_load_missing_and_not_an_index(tmp_path):
    with pytest.raises(InputNotFoundError, match="index folder not found"):
        StatementIndex.load(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(IndexFormatError, match="not a claimcheck index"):
        StatementIndex.load(tmp_path / "empty")


def test_load_detects_truncation(saved):
    folder, manifest = saved
    vec = folder / manifest["files"]["vectors"]["name"]
    vec.write_bytes(vec.read_bytes()[:-10])
    with pytest.raises(IndexFormatError, match="truncated or altered"):
        StatementIndex.load(folder)


def test_load_detects_tampering(saved):
    folder, manifest = saved
    st = folder / manifest["files"]["statements"]["name"]
    st.write_bytes(st.read_bytes().replace(b"flood", b"FLOOD"))
    with pytest.raises(IndexFormatError, match="checksum mismatch"):
        StatementIndex.load(folder)


def test_load_detects_missing_file_bad_manifest_and_version(saved):
    folder, manifest = saved
    (folder / "manifest.json").write_text("{not json")
    with pytest.raises(IndexFormatError, match="unreadable manifest"):
        StatementIndex.load(folder)
    (folder / "manifest.json").write_text(json.dumps({**manifest, "format_version": 99}))
    with pytest.raises(IndexFormatError, match="format version 99 is not supported"):
        StatementIndex.load(folder)
    (folder / "manifest.json").write_text(json.dumps({**manifest, "count": 7}))
    with pytest.raises(IndexFormatError, match="counts disagree"):
        StatementIndex.load(folder)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / manifest["files"]["vectors"]["name"]).unlink()
    with pytest.raises(IndexFormatError, match="vectors file named in the manifest is missing"):
        StatementIndex.load(folder)


def test_refuses_another_model(saved):
    folder, _ = saved
    idx = StatementIndex.load(folder)
    for other in (HashingEncoder(dimension=64, name="other-model"), HashingEncoder(dimension=32)):
        with pytest.raises(ModelMismatchError, match=r"built with model 'hashing-encoder'.*not with '"):
            idx.search(["flood"], other)
    with pytest.raises(ModelMismatchError, match="prompt"):
        idx.search(["flood"], HashingEncoder(dimension=64, prompt="query: "))


def test_info_counts_sources_and_languages(fake_encoder):
    info = StatementIndex.build(statements(6), fake_encoder).info()
    assert info["count"] == 6
    assert info["sources"] == {"src0": 2, "src1": 2, "src2": 2}
    assert info["languages"] == {"hi": 3, "en": 3}


def test_bm25_and_hybrid_retrieval(fake_encoder):
    docs = [Statement(id="geneva", text="पाकिस्तान ने जिनेवा सम्मेलन में 9 अरब डॉलर जुटाए"),
            Statement(id="quake", text="तुर्की में 7.8 तीव्रता का भूकंप आया"),
            Statement(id="cup", text="Argentina won the World Cup final in Lusail")]
    idx = StatementIndex.build(docs, fake_encoder)
    (bm25,) = idx.search(["जिनेवा सम्मेलन"], fake_encoder, k=3, retrieval="bm25")
    assert [m.statement.id for m in bm25] == ["geneva"]  # only documents sharing a word
    assert bm25[0].retrieval_score > 0 and -1.0 <= bm25[0].score <= 1.0
    (hybrid,) = idx.search(["Lusail final"], fake_encoder, k=3, retrieval="hybrid")
    assert hybrid[0].statement.id == "cup" and len(hybrid) == 3
    assert [m.rank for m in hybrid] == [1, 2, 3]
    cosines = {m.statement.id: m.score for m in idx.search(["Lusail final"], fake_encoder, k=3, retrieval="dense")[0]}
    assert all(abs(m.score - cosines[m.statement.id]) < 1e-5 for m in hybrid)  # cosine kept whatever the ranking
    vector = fake_encoder.encode(["Lusail final"])
    (heavy,) = idx.search_vectors(vector, 3, queries=["Lusail final"], retrieval="hybrid", bm25_weight=10.0)
    assert heavy[0].statement.id == "cup" and heavy[0].retrieval_score == pytest.approx(heavy[0].score + 10.0)
    assert [m.retrieval_score for m in heavy[1:]] == pytest.approx([m.score for m in heavy[1:]])  # no shared word
    with pytest.raises(InputError, match="retrieval must be one of"):
        idx.search(["x"], fake_encoder, retrieval="sparse")
    assert idx.search(["!!!"], fake_encoder, retrieval="bm25") == [[]]


def test_bm25_side_survives_round_trip_and_is_checked(tmp_path, fake_encoder):
    idx = StatementIndex.build(statements(12), fake_encoder)
    folder = idx.save(tmp_path / "idx")
    loaded = StatementIndex.load(folder)
    q = ["flood geneva report"]
    assert loaded.search(q, fake_encoder, 5, retrieval="bm25") == idx.search(q, fake_encoder, 5, retrieval="bm25")
    manifest = json.loads((folder / "manifest.json").read_text())
    bm25_dir = folder / manifest["files"]["bm25"]["name"]
    victim = next(p for p in bm25_dir.iterdir() if p.suffix == ".npy")
    victim.write_bytes(victim.read_bytes()[:-4])
    with pytest.raises(IndexFormatError, match="checksum mismatch"):
        StatementIndex.load(folder)


def test_hybrid_ignores_bm25_across_scripts(fake_encoder):
    docs = [Statement(id="en1", text="Pakistan raised 9 billion dollars"),
            Statement(id="hi1", text="भारत ने 9 अरब डॉलर"), Statement(id="hi2", text="बारिश हुई")]
    idx = StatementIndex.build(docs, fake_encoder)
    query = ["Pakistan 9"]
    dense = [m.statement.id for m in idx.search(query, fake_encoder, 3, retrieval="dense")[0]]
    hybrid = [m.statement.id for m in idx.search(query, fake_encoder, 3, retrieval="hybrid")[0]]
    bm25 = [m.statement.id for m in idx.search(query, fake_encoder, 3, retrieval="bm25")[0]]
    assert "hi1" in bm25  # BM25 alone matches the digit across scripts
    assert hybrid[0] == "en1" and set(hybrid) == set(dense)


def test_claimant_bonus_favours_the_speakers_own_claims(fake_encoder):
    from claimcheck.index import claimant_key

    assert [claimant_key(n) for n in ("Mr. Romney", "Gov. Mitt Romney", "President Obama", "", None)] == [
        "romney", "romney", "obama", "", ""]
    texts = [("a", "taxes went up for the middle class", "Mitt Romney"),
             ("b", "taxes went up for the middle class families", "Barack Obama"), ("c", "moon landing", None)]
    idx = StatementIndex.build([Statement(id=i, text=t, metadata={"claimant": c} if c else {}) for i, t, c in texts],
                               fake_encoder)
    query = ["taxes went up for the middle class families"]
    vector = fake_encoder.encode(query)
    plain = idx.search_vectors(vector, 3, queries=query, retrieval="dense", speakers=["Mr. Romney"], claimant_bonus=0.0)[0]
    assert plain[0].statement.id == "b"
    said = idx.search_vectors(vector, 3, queries=query, retrieval="dense", speakers=["Mr. Romney"], claimant_bonus=1.0)[0]
    assert said[0].statement.id == "a" and said[0].score == pytest.approx(plain[1].score)  # cosine unchanged
    assert said[0].retrieval_score == pytest.approx(said[0].score + 1.0)
    nobody = idx.search_vectors(vector, 3, queries=query, retrieval="dense", speakers=[None], claimant_bonus=1.0)[0]
    assert [m.statement.id for m in nobody] == [m.statement.id for m in plain]


def test_one_search_gives_the_ranking_and_the_plain_cosine_top_k(fake_encoder):
    from claimcheck.adapter import QueryAdapter

    idx = StatementIndex.build(statements(40), fake_encoder)
    queries = ["flood geneva", "mosque bomb report"]
    qv = fake_encoder.encode(queries)
    order, _ = brute_force(idx, qv, 3)
    swap = np.eye(fake_encoder.dimension, dtype=np.float32)[::-1].copy()
    for adapter in (None, QueryAdapter("swap", fake_encoder.fingerprint, swap)):
        ranked, closest = idx.search_with_closest(qv, 5, 3, queries=queries, retrieval="hybrid", adapter=adapter)
        assert [len(r) for r in ranked] == [5, 5]
        for near, o in zip(closest, order):
            assert [m.statement.id for m in near] == [idx.statements[j].id for j in o]
            assert all(m.score == pytest.approx(m.retrieval_score) for m in near)
        assert ranked == idx.search_vectors(qv, 5, queries=queries, retrieval="hybrid", adapter=adapter)
