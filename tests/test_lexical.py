import numpy as np
import pytest

from claimcheck.lexical import combine, strip_links, tokenize, top_rows


def test_tokenize_keeps_indic_words_whole():
    assert tokenize("पाकिस्तान ने 9 बिलियन डॉलर जुटाए।") == ["पाकिस्तान", "ने", "9", "बिलियन", "डॉलर", "जुटाए"]
    assert tokenize("சென்னையில் மழை, கனமழை!") == ["சென்னையில்", "மழை", "கனமழை"]
    assert tokenize("The U.S. pledged $9bn (see https://t.co/xyz) pic.twitter.com/abc") == [
        "the", "u", "s", "pledged", "9bn", "see"]
    assert tokenize("९ अरब") == ["9", "अरब"]


def test_strip_links():
    assert strip_links("Claim here https://example.org/a?b=1 and www.x.com too") == "Claim here and too"


def test_combine_adds_bm25_relative_to_the_querys_best():
    fused = combine(np.array([0.90, 0.85, 0.80]), np.array([2.0, 8.0, 0.0]), weight=0.1)
    assert fused == pytest.approx([0.90 + 0.1 * 0.25, 0.85 + 0.1, 0.80])
    assert combine(np.array([0.9, 0.8]), np.zeros(2), weight=0.5) == pytest.approx([0.9, 0.8])  # no shared word
    with pytest.raises(ValueError, match="differ in shape"):
        combine(np.zeros(2), np.zeros(3))


def test_top_rows_keeps_positive_scores_best_first_ties_by_row():
    assert top_rows(np.array([0.0, 3.0, 1.0, 3.0, 2.0]), 3) == [(1, 3.0), (3, 3.0), (4, 2.0)]
    assert top_rows(np.array([0.0, 1.0]), 5) == [(1, 1.0)]
    tied = np.array([1.0] * 50 + [2.0] + [1.0] * 50)
    assert top_rows(tied, 3) == [(50, 2.0), (0, 1.0), (1, 1.0)]  # ties at the cut go to the lowest rows
    assert top_rows(np.array([]), 3) == []
