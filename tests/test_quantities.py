import datetime as dt

import pytest

from claimcheck.quantities import Bound, ascii_digits, extract_dates, extract_quantities, format_value, parse_number


def quantities(text, lang=None):
    return [(q.value, q.kind, q.unit, q.bound) for q in extract_quantities(text, language=lang)]


@pytest.mark.parametrize(
    "raw, lang, value",
    [
        ("1,739", None, 1739), ("12,00,000", "hi", 1_200_000), ("6.5", None, 6.5), ("7,8", "de", 7.8),
        ("9.000", "es", 9000), ("9.000", "en", 9.0), ("1.234.567", None, 1234567), ("1,234.5", None, 1234.5),
        ("1.234,5", "de", 1234.5), ("007", None, 7),
    ],
)
def test_parse_number_conventions(raw, lang, value):
    assert parse_number(raw, lang)[0] == pytest.approx(value)


@pytest.mark.parametrize("raw", ["1,2,3", "1.2.3", "9" * 31, ""])
def test_parse_number_refuses_odd_numbers(raw):
    assert parse_number(raw) is None


def test_digits_of_other_scripts():
    assert ascii_digits("९ বিলিয়ন ৩.৩ ٩٫٥ ௯") == "9 বিলিয়ন 3.3 9٫5 9"
    assert quantities("पाकिस्तान को ९ अरब डॉलर मिले") == [(9e9, "money", "USD", Bound.exact)]


def test_hindi_amounts_scales_and_qualifiers():
    text = "पाकिस्तान ने सम्मेलन में तकरीबन 9 बिलियन डॉलर जुटाए, उससे एक बिलियन डॉलर ज्यादा."
    (nine, one) = extract_quantities(text, language="hi")
    assert (nine.value, nine.unit, nine.bound) == (9e9, "USD", Bound.about)
    assert nine.low < 9e9 < nine.high and nine.low >= 8e9
    assert (one.value, one.unit) == (1e9, "USD")
    assert quantities("3.3 करोड़ से ज़्यादा लोग", "hi") == [(3.3e7, "people", "people", Bound.more_than)]
    assert quantities("डेढ़ लाख लोग और ढाई करोड़ रुपये और साढ़े तीन करोड़ रुपये", "hi") == [
        (150_000, "people", "people", Bound.exact), (2.5e7, "money", "RUPEE", Bound.exact),
        (3.5e7, "money", "RUPEE", Bound.exact)]
    assert quantities("₹ 12,00,000 और Rs. 5 लाख", "hi") == [(1.2e6, "money", "RUPEE", Bound.exact),
                                                      (5e5, "money", "RUPEE", Bound.exact)]


def test_other_languages_and_units():
    assert quantities("más de 9.000 millones de dólares", "es") == [(9e9, "money", "USD", Bound.more_than)]
    assert quantities("9.000 millones de dólares") == [(9e9, "money", "USD", Bound.exact)]  # scale word decides
    assert quantities("mehr als 14,9 Milliarden Dollar", "de") == [(14.9e9, "money", "USD", Bound.more_than)]
    assert quantities("Inflation von 7,8 Prozent", "de") == [(7.8, "percent", "%", Bound.exact)]
    assert quantities("less than 1 percent of emissions") == [(1, "percent", "%", Bound.less_than)]
    assert quantities("$19bn and €3 million and £40m") == [
        (19e9, "money", "USD", Bound.exact), (3e6, "money", "EUR", Bound.exact), (40, "money", "GBP", Bound.exact)]
    assert quantities("more than 33 million people") == [(33e6, "people", "people", Bound.more_than)]


def test_intervals():
    (more,) = extract_quantities("more than 9 billion dollars")
    (about,) = extract_quantities("about 9 billion dollars")
    (nineteen,) = extract_quantities("19 billion dollars")
    (eight,) = extract_quantities("8 billion dollars")
    (nine,) = extract_quantities("9 billion dollars")
    assert more.agrees(about) and about.agrees(nine) and more.agrees(nine)
    assert not nineteen.agrees(more) and not eight.agrees(nine)
    assert more.describe() == "more than 9 billion USD" and nineteen.describe() == "19 billion USD"


def test_years_dates_names_and_junk_are_not_quantities():
    assert quantities("In 2022 the COP27 summit met; COVID-19 and G20 and जी20.") == []
    assert quantities("odd 1,2,3 and 10^999 and 3/4 and " + "9" * 10000) == []
    assert quantities("") == [] and extract_dates("") == []
    assert quantities("एक दिवसीय दौरा") == []  # "एक" alone is "a/one", not an amount


def test_dates_in_many_languages():
    def dates(text, lang=None, ref=None):
        return [(d.year, d.month, d.day) for d in extract_dates(text, language=lang, reference=ref)]

    assert dates("on 9 January 2023 and January 9, 2023") == [(2023, 1, 9), (2023, 1, 9)]
    assert dates("9 जनवरी 2023 को और 03 फरवरी को", "hi") == [(2023, 1, 9), (None, 2, 3)]
    assert dates("el 18 de diciembre de 2022", "es") == [(2022, 12, 18)]
    assert dates("am 6. Februar 2023", "de") == [(2023, 2, 6)]
    assert dates("২০২৩ সালের ৬ ফেব্রুয়ারি", "bn") == [(None, 2, 6)]
    assert dates("in March 2023") == [(2023, 3, None)]
    assert dates("in May we may go") == []


def test_weekdays_resolve_against_the_article_date_and_yield_to_explicit_dates():
    ref = dt.date(2023, 2, 5)  # a Sunday
    assert [(d.month, d.day) for d in extract_dates("on Friday the talks ended", reference=ref)] == [(2, 3)]
    assert [(d.month, d.day) for d in extract_dates("शुक्रवार (03 फरवरी) को", language="hi", reference=ref)] == [(2, 3)]
    assert extract_dates("on Friday", reference=None) == []


def test_format_value():
    assert format_value(9e9) == "9 billion" and format_value(1739) == "1,739" and format_value(6.5) == "6.5"


def test_nukta_letters_precomposed_or_decomposed():
    composed, decomposed = "\u0921\u0947\u0922\u093c", "\u0921\u0947\u095d"  # डेढ़ both ways
    for word in (composed, decomposed):
        assert quantities(f"{word} लाख लोग", "hi") == [(150_000, "people", "people", Bound.exact)]
    crore = "\u0915\u0930\u094b\u095c"  # करोड़ with the precomposed ड़
    assert quantities(f"5 {crore} रुपये", "hi") == [(5e7, "money", "RUPEE", Bound.exact)]
