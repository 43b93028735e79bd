import datetime as dt

import attrs
import pytest

from claimcheck import Statement
from claimcheck.checkworthy import Reason, assess
from claimcheck.index import Match
from claimcheck.verdicts import RELATED_THRESHOLD, SAME_STATEMENT_THRESHOLD, Label, judge

UN = Statement(id="un", text="Partners pledged more than 9 billion US dollars at the Geneva conference on 9 January 2023.",
               source="UN", date="2023-01-12", lang="en")
DAWN = Statement(id="dawn", text="Pakistan raised about 9 billion dollars in Geneva, at least one billion dollars more "
                 "than it had asked for.", source="Dawn", date="2023-02-04", lang="en")
QUAKE = Statement(id="quake", text="A magnitude 7.8 earthquake struck southern Turkey on 6 February 2023.", lang="en")
FACTCHECK = Statement(id="fc", text="A video shows a crocodile on a Bengaluru road during heavy rain.",
                      source="FactCheck", metadata={"rating": "False"})

HIGH = max(RELATED_THRESHOLD, SAME_STATEMENT_THRESHOLD) + 0.02
LOW = RELATED_THRESHOLD - 0.05


def m(statement, score, rank=1):
    return Match(statement, score, rank)


def test_agreeing_amount_is_supported():
    verdict, checks = judge("पाकिस्तान ने सम्मेलन में तकरीबन 9 बिलियन डॉलर जुटाए.", [m(UN, HIGH)], language="hi")
    assert verdict.label is Label.supported and verdict.evidence == ("un",)
    assert checks[0].comparisons[0].agrees


def test_conflicting_amount_is_contradicted_naming_both_values():
    verdict, _ = judge("पाकिस्तान ने सम्मेलन में तकरीबन 19 बिलियन डॉलर जुटाए.", [m(UN, HIGH)], language="hi")
    assert verdict.label is Label.contradicted
    assert "article: about 19 billion USD" in verdict.explanation
    assert "source: more than 9 billion USD" in verdict.explanation


def test_source_agreeing_on_part_of_the_claim_is_preferred_as_counter_evidence():
    text = "Pakistan raised about 19 billion dollars, one billion dollars more than it sought."
    verdict, _ = judge(text, [m(UN, HIGH, 1), m(DAWN, HIGH - 0.01, 2)])
    assert verdict.label is Label.contradicted and verdict.evidence[0] == "dawn"
    assert "source: about 9 billion USD" in verdict.explanation


def test_dates_and_plain_numbers_conflict_and_agree():
    assert judge("A 7.8 magnitude quake hit Turkey on 6 February 2023.", [m(QUAKE, HIGH)])[0].label is Label.supported
    assert judge("A 6.8 magnitude quake hit Turkey on 6 February 2023.", [m(QUAKE, HIGH)])[0].label is Label.contradicted
    v, _ = judge("A 7.8 magnitude quake hit Turkey on 16 February 2023.", [m(QUAKE, HIGH)])
    assert v.label is Label.contradicted and "16 February 2023" in v.explanation and "6 February 2023" in v.explanation


def test_weekday_resolved_with_the_article_date():
    statement = Statement(id="t", text="The minister spoke to reporters on 3 February 2023 in Washington.")
    text = "The minister spoke to reporters in Washington on Friday."
    assert judge(text, [m(statement, HIGH)], reference=dt.date(2023, 2, 5))[0].label is Label.supported
    assert judge(text, [m(statement, HIGH)], reference=dt.date(2023, 2, 12))[0].label is Label.contradicted


def test_unrelated_or_distant_sources_leave_it_unverified():
    v, _ = judge("Pakistan raised 19 billion dollars in Geneva.", [m(UN, LOW)])
    assert v.label is Label.unverified and "no source close enough" in v.explanation
    v, _ = judge("Pakistan raised 19 billion dollars in Geneva.", [])
    assert v.label is Label.unverified


def test_same_statement_without_numbers_is_supported_only_when_very_close():
    s = Statement(id="c", text="The US counselor met the Pakistani foreign minister in Washington.")
    text = "The Pakistani foreign minister met the US counselor in Washington."
    assert judge(text, [m(s, HIGH)])[0].label is Label.supported
    if SAME_STATEMENT_THRESHOLD > RELATED_THRESHOLD:
        middle = (SAME_STATEMENT_THRESHOLD + RELATED_THRESHOLD) / 2
        assert judge(text, [m(s, middle)])[0].label is Label.unverified


def test_fact_check_rating_is_reported():
    v, _ = judge("Video shows a crocodile walking on a road in Bengaluru during rain.", [m(FACTCHECK, HIGH)])
    assert v.label is Label.contradicted and v.rating == "False" and "rated 'False'" in v.explanation


def test_not_checkworthy_sentences_are_not_judged():
    for text, reason in [("क्या अमेरिका पाकिस्तान की मदद करेगा?", Reason.question),
                         ("बिलावल ने की अमेरिका की तारीफ", Reason.heading),
                         ("I think the government should do much more for them.", Reason.opinion),
                         ("The two countries will hold talks on terrorism next month.", Reason.intention)]:
        assert assess(text).reason is reason, text
        v, checks = judge(text, [m(UN, HIGH)])
        assert v.label is Label.not_checkworthy and checks == []
    assert assess("The two countries will hold talks on 6 March.").checkworthy  # a date makes it a fact
    assert assess("Pakistan raised 9 billion dollars.", probability=0.01).checkworthy  # numbers overrule the model
    assert assess("Pakistan raised a lot of money from donors.", probability=0.01).reason is Reason.no_claim


def test_odd_input_never_crashes():
    for text in ["1,2,3 and 10^999 dollars", "9" * 10000 + " dollars", "", "   ", "mixed ९ और 9.5 und ৩ % $"]:
        verdict, checks = judge(text or "x", [m(UN, HIGH)])
        assert verdict.label in set(Label) and verdict.explanation
        assert all(not c.conflicts or verdict.label is Label.contradicted for c in checks if c.related) or \
            verdict.label is not Label.supported  # never supported while a related source conflicts


def test_reported_speech_is_checkworthy_in_many_languages():
    for text in ["Sharif said that Pakistan and the US will hold talks next month.",
                 "विदेश मंत्री ने कहा कि दोनों देश अगले महीने आतंकवाद पर बातचीत करेंगे।",
                 "পররাষ্ট্রমন্ত্রী বলেছেন, দুই দেশ আগামী মাসে আলোচনা করবে।",
                 "وزیر خارجہ نے کہا کہ دونوں ممالک اگلے ماہ مذاکرات کریں گے۔",
                 "Según el ministro, ambos países celebrarán conversaciones el próximo mes.",
                 "Der Minister sagte, beide Länder werden im nächsten Monat verhandeln.",
                 "She said the government should resign."]:
        cw = assess(text, probability=0.01)
        assert cw.checkworthy and cw.reason is Reason.claim, text
    # the speaker's own plans and opinions, questions and headings stay out
    assert assess("We said we will hold talks next month.").reason is Reason.intention
    assert assess("I think the government should resign.").reason is Reason.opinion
    assert assess("Who said the talks will be held next month?").reason is Reason.question
    assert assess("Minister says talks next month", alone=True).reason is Reason.heading


def test_values_are_compared_only_with_values_of_the_same_thing():
    quake = Statement(id="q", text="The earthquake killed more than 100 people and injured 2,500 on 8 September 2023.")
    # 2,500 killed is not the source's 2,500 injured: it is compared with the death toll, and conflicts
    v, checks = judge("The earthquake killed 2,500 people on 8 September 2023.", [m(quake, HIGH)])
    assert checks[0].comparisons[0].source.role == "dead"
    assert v.label is Label.contradicted and "source: more than 100 people (dead)" in v.explanation
    injured_only = Statement(id="i", text="More than 100 people were injured in the blast on 3 March.")
    v, checks = judge("More than 90 people were killed in the blast on 3 March.", [m(injured_only, HIGH)])
    assert [c.article.describe() for c in checks[0].comparisons] == ["3 March"]  # the counts are not compared
    assert v.label is Label.unverified and "no source states more than 90 people (dead)" in v.explanation
    mission = Statement(id="ms", text="The probe was launched on 14 July 2023 and landed on 23 August 2023.")
    v, _ = judge("The probe landed on the Moon on 14 July 2023.", [m(mission, HIGH)])
    assert v.label is Label.contradicted and "23 August 2023" in v.explanation
    v, _ = judge("The probe was launched on 14 July 2023.", [m(mission, HIGH)])
    assert v.label is Label.supported


def test_coarse_date_agrees_with_a_finer_one_and_a_different_year_contradicts():
    s = Statement(id="nd", text="Notre-Dame de Paris reopened on 7 December 2024, five years after the fire.")
    assert judge("Notre-Dame de Paris reopened in 2024.", [m(s, HIGH)])[0].label is Label.supported
    assert judge("Notre-Dame de Paris reopened in December 2024.", [m(s, HIGH)])[0].label is Label.supported
    v, _ = judge("Notre-Dame de Paris reopened in 2023.", [m(s, HIGH)])
    assert v.label is Label.contradicted and "2023" in v.explanation
    # a year alone is weak: with a middling cosine it neither supports nor contradicts on its own
    middle = (RELATED_THRESHOLD + SAME_STATEMENT_THRESHOLD) / 2
    if SAME_STATEMENT_THRESHOLD > RELATED_THRESHOLD:
        assert judge("Notre-Dame de Paris reopened in 2024.", [m(s, middle)])[0].label is Label.unverified


def test_thresholds_depend_on_the_language_pair():
    from claimcheck.verdicts import Thresholds

    t = Thresholds(related=0.88, same=0.915, related_cross_language=0.84, same_cross_language=0.87,
                   shared_value_margin=0.0)
    assert t.for_pair("en", "en") == (0.88, 0.915) and t.for_pair("hi", "en") == (0.84, 0.87)
    assert t.for_pair("es", "en") == (0.84, 0.87)  # same script, other language
    assert t.for_pair(None, "en", "DEVANAGARI", "LATIN") == (0.84, 0.87)  # no language known: scripts decide
    assert t.for_pair(None, None, "LATIN", "LATIN") == (0.88, 0.915)
    hindi = "पाकिस्तान ने सम्मेलन में तकरीबन 9 बिलियन डॉलर जुटाए."
    assert judge(hindi, [m(UN, 0.85)], language="hi", thresholds=t)[0].label is Label.supported
    assert judge(hindi, [m(UN, 0.85)], thresholds=t)[0].label is Label.supported  # language unknown: by script
    english = "Pakistan raised more than 9 billion dollars."
    assert judge(english, [m(UN, 0.85)], language="en", thresholds=t)[0].label is Label.unverified
    # a shared amount is evidence of the same fact: "related" starts lower by the margin, for agreeing values only
    with_margin = attrs.evolve(t, shared_value_margin=0.04)
    assert judge(english, [m(UN, 0.85)], language="en", thresholds=with_margin)[0].label is Label.supported
    other = "Pakistan raised more than 19 billion dollars."
    assert judge(other, [m(UN, 0.85)], language="en", thresholds=with_margin)[0].label is Label.unverified


def test_a_rating_applies_only_to_a_sentence_stating_the_rated_figures():
    """"9 billion" is not the false "19 billion": the rating of a claim whose figures conflict with the sentence's
    decides nothing (the sentence may be the correction); the rating class of a ClaimReview import is read."""
    false_claim = Statement(id="fc19", text="Donors pledged 19 billion dollars to Pakistan at the Geneva conference.",
                            source="Example Fact Desk", metadata={"rating": "असत्य", "rating_class": "false"})
    same, _ = judge("Donors pledged 19 billion dollars to Pakistan at the Geneva conference.", [m(false_claim, HIGH)])
    assert same.label is Label.contradicted and same.rating == "असत्य"
    other, _ = judge("Donors pledged about 9 billion dollars to Pakistan at the Geneva conference.",
                     [m(false_claim, HIGH)])
    assert other.label is Label.unverified  # nor do its figures count as the source's: the claim was false
    negated = Statement(id="neg", text=FACTCHECK.text, metadata={"rating": "Stimmt nicht"})
    v, _ = judge("Video shows a crocodile walking on a road in Bengaluru during rain.", [m(negated, HIGH)])
    assert v.label is Label.contradicted


def test_clause_at_masks_figures_and_keeps_number_commas():
    from claimcheck.quantities import Facts
    from claimcheck.verdicts import clause_at

    text = "More than 1,700 people died, and 33 million were affected by 30 August 2022; aid followed."
    facts = Facts.of(text, language="en")
    start = text.index("33")
    assert clause_at(text, start, start + 2) == "and 33 million were affected by 30 August 2022"
    assert clause_at(text, start, start + 2, facts) == "and # were affected by #"
    assert clause_at(text, 10, 15, facts) == "# died"  # "More than 1,700 people" is one amount; its comma no break
    urdu = "پل کا افتتاح ہوا، جس کا ۲۱٫۸ کلومیٹر حصہ سمندر پر ہے۔"
    start = urdu.index("۲۱")
    assert clause_at(urdu, start, start + 4).startswith("جس کا ۲۱٫۸")


def test_clause_comparison_picks_the_clause_the_figure_is_about(fake_encoder):
    """With an encoder, an amount that agrees with one of a source's amounts of its kind is compared with the
    amounts of the source clause closest to its own (figures masked); without one, or with clause_margin None,
    any agreeing amount agrees."""
    import attrs

    from claimcheck.verdicts import DEFAULT_THRESHOLDS, judge

    source = Statement(id="s", text="The bridge is 18.2 km long; about 11.4 km of the bridge runs over open water.",
                       lang="en")
    text = "About 18.2 km of the bridge runs over open water."
    match = Match(source, 0.95, 1)
    assert judge(text, [match], language="en", encoder=fake_encoder)[0].label.value == "contradicted"
    assert judge(text, [match], language="en")[0].label.value == "supported"
    off = attrs.evolve(DEFAULT_THRESHOLDS, clause_margin=None)
    assert judge(text, [match], language="en", encoder=fake_encoder, thresholds=off)[0].label.value == "supported"
    # the figure in the clause it is about agrees: supported
    assert judge("The bridge is 18.2 km long.", [match], language="en",
                 encoder=fake_encoder)[0].label.value == "supported"


def test_clause_breaks_skip_abbreviations_and_values_and_mask_cut_values():
    from claimcheck.quantities import Facts
    from claimcheck.verdicts import clause_at

    def clause(text, value, language="en"):
        start = text.index(value)
        return clause_at(text, start, start + len(value), Facts.of(text, language=language))

    assert clause("On 5 Jan. 2023 the toll was 1,700.", "1,700") == "On # the toll was #."  # "Jan." inside a date
    assert clause("U.S. officials said 5%. Others said 7%.", "5%") == "U.S. officials said #"
    assert clause("U.S. officials said 5%. Others said 7%.", "7%") == "Others said #."
    assert clause("He was No. 1 in 2020, officials said.", "2020") == "He was No. # in #"  # "No." abbreviation
    assert clause("डॉ. सिंह ने कहा 50 लोग आए। और 70 गए।", "70", "hi") == "और # गए"
    assert clause("پل کا افتتاح ہوا۔ اس کا 21.8 کلومیٹر حصہ سمندر پر ہے۔", "21.8", "ur").startswith("اس کا #")
    assert clause("The span is 3.5 km - 4 km wide", "3.5") == "The span is # - # wide"  # "3.5" whole, " - " no break


def test_a_bound_that_merely_contains_the_figure_is_no_shared_figure():
    """"less than 260 km/h" contains 128 km/h but does not state it: it does not lower the "related" cut."""
    from claimcheck.verdicts import Thresholds

    t = Thresholds(related_cross_language=0.88, shared_value_margin=0.03)
    wind = Statement(id="wind", text="The bridge is built to withstand winds of less than 260 km/h.", lang="en")
    speed = Statement(id="speed", text="The express was running at 128 km/h at the time of the crash.", lang="en")
    sentence = "وكان القطار يسير بسرعة ١٢٨ كيلومترًا في الساعة لحظة وقوع الحادث."
    assert judge(sentence, [m(wind, 0.86)], language="ar", thresholds=t)[0].label is Label.unverified
    assert judge(sentence, [m(speed, 0.86)], language="ar", thresholds=t)[0].label is Label.supported
    # two upper bounds always overlap: only the same bound counts
    below = "صُممت الجسور لتحمل رياحاً بسرعة أقل من ٣٠٠ كيلومتر في الساعة."
    assert judge(below, [m(wind, 0.86)], language="ar", thresholds=t)[0].label is Label.unverified
    same = "صُممت الجسور لتحمل رياحاً بسرعة أقل من ٢٦٠ كيلومتراً في الساعة."
    assert judge(same, [m(wind, 0.86)], language="ar", thresholds=t)[0].label is Label.supported


def test_an_amount_in_words_is_measurable():
    """The claim classifier may not call a sentence with an amount in words "no claim" for want of digits."""
    text = "O Palácio Real decretou cinco dias de luto nacional em Marrocos após o sismo."
    assert assess(text, 0.1).checkworthy
    assert assess("O Palácio Real decretou luto nacional em Marrocos após o sismo.", 0.1).reason is Reason.no_claim


def test_a_dateline_is_not_a_claim():
    """"PLACE, DATE." opens a report; it claims nothing about that date (a source's other date must not contradict it)."""
    for text in ("इस्लामाबाद/वॉशिंगटन, 5 फ़रवरी 2023.", "GENEVA, 9 January 2023 -", "ইসলামাবাদ, ৫ ফেব্রুয়ারি ২০২৩।"):
        assert assess(text).reason is Reason.heading
    for text in ("भूकंप 8 सितंबर 2023 को आया।", "On 5 February 2023 talks began.",
                 "New Delhi, 5 February 2023: talks began today."):
        assert assess(text).checkworthy


def test_a_clearly_closer_conflicting_source_outweighs_a_farther_agreeing_one():
    """"642 million registered voters": the figure is the turnout's, and the closer statement on the electorate
    gives 968 million."""
    electorate = Statement(id="electorate", text="About 968 million people were registered to vote in the 2024 "
                           "general election, the Election Commission said.", lang="en")
    turnout = Statement(id="turnout", text="A record 642 million people cast their votes in the 2024 general election.",
                        lang="en")
    sentence = "The Election Commission said 642 million voters were registered for the 2024 general election."
    v, _ = judge(sentence, [m(electorate, 0.97), m(turnout, 0.915)], language="en")
    assert v.label is Label.contradicted and v.evidence == ("electorate",) and "968 million" in v.explanation
    v, _ = judge(sentence, [m(electorate, 0.94), m(turnout, 0.915)], language="en")  # not clearly closer
    assert v.label is Label.supported
    from claimcheck.verdicts import Thresholds

    off = Thresholds(closer_conflict_margin=None)
    assert judge(sentence, [m(electorate, 0.97), m(turnout, 0.915)], language="en", thresholds=off)[0].label is \
        Label.supported


@pytest.mark.parametrize("closer, farther, sentence", [
    # "by 31 January the toll had reached 90" dates the count, not the blast "on 30 January": dates carry no role for
    # that, so only a closer source's conflicting amount outweighs a farther agreeing one
    ("By 31 January 2023 the death toll of the Peshawar mosque bombing had reached 90.",
     "On 30 January 2023 a suicide bomber blew himself up in a mosque in Peshawar.",
     "More than 90 people were killed in the Peshawar mosque bombing on 30 January 2023."),
    # a closer source giving only the 66% of "66% in the first phase and 63% in the second" does not conflict with 63%
    ("Turnout in the first phase of the election was 66 percent.",
     "Turnout was 66 percent in the first phase and 63 percent in the second phase.",
     "Turnout was 66 percent in the first phase of the election and 63 percent in the second."),
])
def test_a_closer_source_without_a_real_amount_conflict_does_not_outweigh_an_agreeing_one(closer, farther, sentence):
    near = Statement(id="near", text=closer, lang="en")
    far = Statement(id="far", text=farther, lang="en")
    v, _ = judge(sentence, [m(near, 0.98), m(far, 0.915)], language="en")
    assert v.label is Label.supported


def test_overlapping_lower_bounds_and_small_bare_numbers_are_no_shared_figure():
    """"More than 180" and "more than 200" overlap without being one figure; "1" and "1" (a score, a count) are too
    common to say two texts are about one fact. Neither lowers the "related" cut."""
    from claimcheck.verdicts import Thresholds

    t = Thresholds(related=0.91, shared_value_margin=0.04)
    toll = Statement(id="toll", text="More than 200 people died in the floods in Valencia.", lang="en")
    other = "More than 180 people died in the floods in the region, officials said."
    assert judge(other, [m(toll, 0.88)], language="en", thresholds=t)[0].label is Label.unverified
    same = "More than 200 people died in the floods in the region, officials said."
    assert judge(same, [m(toll, 0.88)], language="en", thresholds=t)[0].label is Label.supported
    final = Statement(id="final", text="Spain beat England 2-1 in the final in Berlin on 14 July 2024.", lang="en")
    copa = "Argentina beat Colombia 1-0 in the Copa América final in Miami on 15 July 2024."
    assert judge(copa, [m(final, 0.88)], language="en", thresholds=t)[0].label is Label.unverified


def test_a_dateline_needs_a_place():
    assert assess("Notre-Dame reopened, 8 December 2024.").checkworthy
    assert assess("मतदान संपन्न, 1 जून 2024।").checkworthy
    assert assess("Paris, 8 December 2024.").reason is Reason.heading


def test_a_figure_within_a_lower_bound_is_no_shared_figure():
    """"215 people died" lies within "more than 200" without being that figure: it lowers no "related" cut."""
    from claimcheck.verdicts import Thresholds

    t = Thresholds(related=0.91, shared_value_margin=0.04)
    toll = Statement(id="toll", text="More than 200 people died in the floods in Valencia.", lang="en")
    assert judge("215 people died in the floods in the region.", [m(toll, 0.88)], language="en",
                 thresholds=t)[0].label is Label.unverified
