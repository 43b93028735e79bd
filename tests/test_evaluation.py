import pytest

from claimcheck.evaluation import accuracy, average_precision_at_k, map_at_k, mrr, success_at_k


def test_average_precision_by_hand():
    # relevant at ranks 1 and 3 of two relevant: (1/1 + 2/3) / 2
    assert average_precision_at_k(["a", "x", "b", "y"], {"a", "b"}, 5) == pytest.approx((1 + 2 / 3) / 2)
    # one relevant at rank 2: 1/2
    assert average_precision_at_k(["x", "a"], {"a"}, 5) == pytest.approx(0.5)
    # relevant beyond k counts nothing
    assert average_precision_at_k(["x", "y", "a"], {"a"}, 2) == 0.0
    assert average_precision_at_k(["a"], set(), 5) == 0.0


def test_map_success_mrr_accuracy_by_hand():
    ranked = [["a", "b", "c"], ["x", "a", "y"], ["x", "y", "z"]]
    gold = [{"a"}, {"a"}, {"a"}]
    assert map_at_k(ranked, gold, 5) == pytest.approx((1 + 0.5 + 0) / 3)
    assert success_at_k(ranked, gold, 1) == pytest.approx(1 / 3)
    assert success_at_k(ranked, gold, 2) == pytest.approx(2 / 3)
    assert success_at_k(ranked, gold, 10) == pytest.approx(2 / 3)
    assert mrr(ranked, gold) == pytest.approx((1 + 0.5 + 0) / 3)
    assert accuracy(ranked, gold) == pytest.approx(1 / 3)


def test_lengths_must_agree():
    with pytest.raises(ValueError):
        mrr([["a"]], [{"a"}, {"b"}])
