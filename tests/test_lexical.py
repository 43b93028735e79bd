from claimcheck.lexical import fuse, strip_links, tokenize


def test_tokenize_keeps_indic_words_whole():
    assert tokenize("पाकिस्तान ने 9 बिलियन डॉलर जुटाए।") == ["पाकिस्तान", "ने", "9", "बिलियन", "डॉलर", "जुटाए"]
    assert tokenize("சென்னையில் மழை, கனமழை!") == ["சென்னையில்", "மழை", "கனமழை"]
    assert tokenize("The U.S. pledged $9bn (see https://t.co/xyz) pic.twitter.com/abc") == [
        "the", "u", "s", "pledged", "9bn", "see"]
    assert tokenize("९ अरब") == ["9", "अरब"]


def test_strip_links():
    assert strip_links("Claim here https://example.org/a?b=1 and www.x.com too") == "Claim here and too"


def test_fuse_is_weighted_reciprocal_rank_fusion():
    fused = dict(fuse([1, 2, 3], [3, 4], weight=0.5))
    assert fused[3] == 0.5 / 63 + 0.5 / 61
    assert fused[1] == 0.5 / 61 and fused[4] == 0.5 / 62
    assert [row for row, _ in fuse([1, 2, 3], [3, 4], weight=0.5)][0] == 3
