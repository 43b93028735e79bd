"""Re-ranking by shared figures: a statement stating the sentence's amount or full date moves up; cosines stay."""

import pytest

from claimcheck import Statement
from claimcheck.index import Match
from claimcheck.rerank import rerank_by_values, shares_value
from claimcheck.quantities import Facts


def test_shared_amount_or_full_date_moves_a_statement_up():
    wrong = Statement(id="2021", text="The WHO counted 247 million malaria cases worldwide in 2021.", lang="en")
    right = Statement(id="2022", text="There were 249 million malaria cases worldwide in 2022, the WHO said.", lang="en")
    other = Statement(id="x", text="Tigers numbered 3,682 in India.", lang="en")
    sentence = "जागतिक आरोग्य संघटनेनुसार २०२२ मध्ये मलेरियाचे २४ कोटी ९० लाख रुग्ण आढळले."
    found = [[Match(wrong, 0.914, 1, 0.914), Match(right, 0.903, 2, 0.903), Match(other, 0.80, 3, 0.80)]]
    (plain,) = rerank_by_values(found, [sentence], 3, languages=["mr"], weight=0.0)
    assert [m.statement.id for m in plain] == ["2021", "2022", "x"]
    (ranked,) = rerank_by_values(found, [sentence], 2, languages=["mr"], weight=0.04)
    assert [m.statement.id for m in ranked] == ["2022", "2021"] and [m.rank for m in ranked] == [1, 2]
    assert ranked[0].score == 0.903 and ranked[0].retrieval_score == pytest.approx(0.943)  # the cosine stays
    assert ranked[1].retrieval_score == pytest.approx(0.914)


def test_only_strong_values_count():
    year_only = Facts.of("It happened in 2023.")
    full = Facts.of("It happened on 23 August 2023.")
    assert not shares_value(year_only, full)  # a year alone is weak evidence
    assert shares_value(Facts.of("on 23 August 2023"), full)
    assert not shares_value(Facts.of("90 people were killed"), Facts.of("90 people were injured"))  # other things
    (unchanged,) = rerank_by_values([[]], ["nothing"], 3)
    assert unchanged == []
