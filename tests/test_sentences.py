import pytest

from claimcheck import Sentence, detect_language, split_sentences
from conftest import MODEL_ARTICLE, needs_model_article


def texts(text, lang=None):
    result = split_sentences(text, lang)
    for s in result:
        assert text[s.start : s.end] == s.text
    return [s.text for s in result]


def test_hindi_danda_question_exclamation():
    assert texts("पाकिस्तान ने पैसे जुटाए। क्या यह सच है? हाँ! अमेरिका ने मदद की।") == [
        "पाकिस्तान ने पैसे जुटाए।", "क्या यह सच है?", "हाँ!", "अमेरिका ने मदद की।"]


def test_hindi_abbreviations_and_decimals():
    assert texts("डॉ. शर्मा ने कहा कि श्री. गुप्ता आएंगे. उन्होंने 6.5 करोड़ रुपये दिए.") == [
        "डॉ. शर्मा ने कहा कि श्री. गुप्ता आएंगे.", "उन्होंने 6.5 करोड़ रुपये दिए."]


def test_english_abbreviations_initials_decimals():
    assert texts("Dr. Smith met the U.S. envoy in Feb. 2023. It cost $6.5 billion! J. R. R. Tolkien wrote it.") == [
        "Dr. Smith met the U.S. envoy in Feb. 2023.", "It cost $6.5 billion!", "J. R. R. Tolkien wrote it."]


def test_quotes_stay_with_their_sentence_and_digits_start_new_ones():
    assert texts('उन्होंने कहा, "हम आभारी हैं." 2022 की बाढ़ से लोग प्रभावित हुए।') == [
        'उन्होंने कहा, "हम आभारी हैं."', "2022 की बाढ़ से लोग प्रभावित हुए।"]
    assert texts("See No. 5 on page 3. Done.") == ["See No. 5 on page 3.", "Done."]


def test_pipe_used_as_danda():
    assert texts("सरकार ने घोषणा की | लोग खुश हैं |") == ["सरकार ने घोषणा की |", "लोग खुश हैं |"]


def test_headings_and_blank_lines_are_boundaries_but_wrapped_lines_are_not():
    text = "Heading without stop\n\nA wrapped sentence goes\non here. Next one.\nAnother heading\nBody."
    assert texts(text) == ["Heading without stop", "A wrapped sentence goes\non here.", "Next one.",
                           "Another heading", "Body."]


def test_empty_and_symbol_only_inputs():
    assert split_sentences("") == []
    assert split_sentences("  \n\n ... --- \n") == []


@needs_model_article
def test_model_article_splits_into_its_real_sentences():
    text = MODEL_ARTICLE.read_text(encoding="utf-8")
    got = texts(text)
    assert len(got) == 19
    # headings stand alone
    assert "'पाकिस्तान के साथ खड़ा है अमेरिका'" in got
    assert "बिलावल ने की अमेरिका की तारीफ" in got
    assert "अमेरिका ने पहले भी मदद की थी" in got
    # the date in brackets does not break its sentence
    assert any(s.startswith("पाकिस्तान के विदेश मंत्री") and s.endswith("(03 फरवरी) को इसकी जानकारी दी.") for s in got)
    nine = [s for s in got if "9 बिलियन डॉलर" in s]
    assert len(nine) == 1 and nine[0].startswith("पाकिस्तान ने सम्मेलन में तकरीबन")
    assert got[-1].startswith("ये भी पढ़ें") and got[-1].endswith("कौन हैं?")


def test_detect_language_by_script():
    assert detect_language("पाकिस्तान ने पैसे जुटाए") == "hi"
    assert detect_language("পাকিস্তান বন্যা") == "bn"
    assert detect_language("پاکستان نے سیلاب کے بعد مدد مانگی ہے") == "ur"
    assert detect_language("The floods") == "en"
    assert detect_language("12345") == "en"


def test_sentence_validates_offsets():
    with pytest.raises(ValueError):
        Sentence(index=0, text="abc", start=0, end=5)
    with pytest.raises(ValueError):
        Sentence(index=0, text="", start=0, end=0)
