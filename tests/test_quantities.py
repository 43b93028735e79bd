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
    assert dates("২০২৩ সালের ৬ ফেব্রুয়ারি", "bn") == [(2023, 2, 6)]  # the year before the day is its year
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


# --------------------------------------------------------------------------- value classes, by script


def values(text, lang=None):
    return [q.value for q in extract_quantities(text, language=lang)]


@pytest.mark.parametrize("text, lang, value", [
    ("बाढ़ से 3 करोड़ 30 लाख लोग प्रभावित हुए", "hi", 33_000_000),            # Devanagari, Hindi
    ("बजट का आकार ४८.२१ लाख करोड़ रुपये है", "hi", 48.21e12),                   # lakh crore: the scales multiply
    ("১১.১১ লাখ কোটি টাকা", "bn", 11.11e12),
    ("पुरामुळे १ कोटी २० लाख लोक बाधित झाले", "mr", 12_000_000),              # Devanagari, Marathi
    ("বন্যায় ৩ কোটি ৩০ লাখ মানুষ ক্ষতিগ্রস্ত হয়েছে", "bn", 33_000_000),        # Bengali digits and words
    ("வெள்ளத்தால் 3 கோடியே 30 லட்சம் பேர் பாதிக்கப்பட்டனர்", "ta", 33_000_000),  # Tamil, inflected scale words
    ("سیلاب سے 3 کروڑ 30 لاکھ افراد متاثر ہوئے", "ur", 33_000_000),            # Perso-Arabic, Urdu
    ("२ लाख ५० हज़ार लोग", "hi", 250_000),
    # crore + lakh + thousand in every Indic script read
    ("1 करोड़ 20 लाख 50 हज़ार लोग", "hi", 12_050_000),
    ("१ कोटी २० लाख ५० हजार लोक", "mr", 12_050_000),
    ("১ কোটি ২০ লাখ ৫০ হাজার মানুষ", "bn", 12_050_000),
    ("1 கோடியே 20 லட்சத்து 50 ஆயிரம் பேர்", "ta", 12_050_000),
    ("1 کروڑ 20 لاکھ 50 ہزار افراد", "ur", 12_050_000),
])
def test_indian_compound_numerals(text, lang, value):
    assert values(text, lang) == [pytest.approx(value)]


def test_compound_keeps_the_rounding_of_its_last_part_and_reads_outer_scales():
    (q,) = extract_quantities("3 करोड़ 30 लाख लोग", language="hi")
    assert q.low >= 3.25e7 and q.high <= 3.35e7  # "30 lakh" is rounded to ten lakh, not to a crore
    assert values("৬ লক্ষ ২১ হাজার ৯৪০ কোটি টাকা", "bn") == [pytest.approx(621_940e7)]  # (6,21,940) crore
    assert values("3 லட்சத்து 84 ஆயிரத்து 400 கிலோமீட்டர்", "ta") == [384_400]
    assert values("२ लाख ५० हज़ार लोग और ३ करोड़ रुपये", "hi") == [250_000, 3e7]  # not one chain
    assert values("30 लाख 3 करोड़", "hi") == [3e6, 3e7]  # a bare part only follows a thousand


def test_spaced_thousands_fiscal_years_and_currency_abbreviations():
    assert values("le bilan s'est alourdi à 2 946 morts et 5 674 blessés", "fr") == [2946, 5674]
    assert values("un pont de 1\u202f315 mètres") == [1315]  # a narrow no-break space groups in any language
    assert values("in 2 946 cases", "en") == [2, 946]  # a plain space does not, in English
    assert values("ரூ.50,000-லிருந்து ரூ.75,000 ஆக", "ta") == [50_000, 75_000]
    assert values("the 21.8-km bridge and the 1,315-metre arch") == [21.8, 1315]
    units = [q.unit for t, lang in (("Winde bis zu 260 Kilometern pro Stunde", "de"), ("vientos de 260 kilómetros por hora",
             "es"), ("128 km/h", "en"), ("بسرعة ١٢٨ كيلومترًا في الساعة", "ar")) for q in extract_quantities(t, language=lang)]
    assert units == ["km/h"] * 4
    assert extract_dates("the budget for 2024-25 and 2024-2025") == [] and values("for 2024-25") == []


@pytest.mark.parametrize("text, lang, ymd", [
    ("Em 1º de janeiro de 2023 a lei entrou em vigor.", "pt", (2023, 1, 1)),
    ("La loi est entrée en vigueur le 1er mars 2023.", "fr", (2023, 3, 1)),
    ("La ley entró en vigor el 1.º de julio de 2023.", "es", (2023, 7, 1)),
    ("The law took effect on 1st July 2023.", "en", (2023, 7, 1)),
    ("১লা জানুয়ারি ২০২৩ থেকে আইনটি কার্যকর হয়।", "bn", (2023, 1, 1)),   # Bengali ordinal suffixes
    ("২০২৩ সালের ৮ই সেপ্টেম্বর ভূমিকম্প হয়।", "bn", (2023, 9, 8)),
    ("২১শে ফেব্রুয়ারি ২০২৪ তারিখে", "bn", (2024, 2, 21)),
    ("৪ঠা জুলাই ২০২৩ সালে", "bn", (2023, 7, 4)),
    ("Das Gesetz trat am 1. Januar 2023 in Kraft.", "de", (2023, 1, 1)),
])
def test_ordinal_days(text, lang, ymd):
    assert [(d.year, d.month, d.day) for d in extract_dates(text, language=lang)] == [ymd]


@pytest.mark.parametrize("text, lang, ymd", [
    ("भूकंप 8 सितंबर 2023 को आया।", "hi", (2023, 9, 8)),
    ("भूकंप ८ सप्टेंबर २०२३ रोजी झाला.", "mr", (2023, 9, 8)),
    ("ভূমিকম্পটি ৮ সেপ্টেম্বর ২০২৩ তারিখে আঘাত হানে।", "bn", (2023, 9, 8)),
    ("২০২৩ সালের ৮ সেপ্টেম্বর ভূমিকম্প হয়।", "bn", (2023, 9, 8)),
    ("நிலநடுக்கம் 2023 செப்டம்பர் 8 அன்று ஏற்பட்டது.", "ta", (2023, 9, 8)),
    ("2023 ஆம் ஆண்டு செப்டம்பர் 8 ஆம் தேதி நிலநடுக்கம் ஏற்பட்டது.", "ta", (2023, 9, 8)),
    ("زلزلہ 8 ستمبر 2023 کو آیا۔", "ur", (2023, 9, 8)),
    ("ضرب الزلزال في ٨ سبتمبر ٢٠٢٣.", "ar", (2023, 9, 8)),
    ("ضرب الزلزال في 8 أيلول 2023.", "ar", (2023, 9, 8)),
    ("ضرب الزلزال في 8 سبتمبر/أيلول 2023.", "ar", (2023, 9, 8)),
    ("Das Beben ereignete sich am 8. September 2023.", "de", (2023, 9, 8)),
    ("El sismo ocurrió el 8 de septiembre de 2023.", "es", (2023, 9, 8)),
    ("O sismo ocorreu em 8 de setembro de 2023.", "pt", (2023, 9, 8)),
    ("Le séisme a eu lieu le 8 septembre 2023.", "fr", (2023, 9, 8)),
    ("The earthquake struck on September 8, 2023.", "en", (2023, 9, 8)),
])
def test_month_names_in_every_script(text, lang, ymd):
    assert [(d.year, d.month, d.day) for d in extract_dates(text, language=lang)] == [ymd]


def test_tamil_month_with_case_ending():
    assert [(d.year, d.month) for d in extract_dates("2023 செப்டம்பரில் இது நடந்தது", language="ta")] == [(2023, 9)]


def test_coarse_dates_agree_with_the_finer_dates_they_contain():
    (year,) = extract_dates("completed in 2023")
    (month,) = extract_dates("in August 2023")
    (day,) = extract_dates("on 23 August 2023")
    (other,) = extract_dates("in 2019")
    assert (year.year, year.month, year.day) == (2023, None, None)
    assert year.comparable(day) and year.agrees(day) and month.agrees(day) and day.agrees(year)
    assert other.comparable(day) and not other.agrees(day)
    assert not year.precise and day.precise
    (july,) = extract_dates("on 14 July 2023")
    assert month.comparable(july) and not month.agrees(july)


def test_years_that_are_amounts_are_not_dates():
    assert extract_dates("2000 people were evacuated and $2019 was raised") == []
    assert values("2000 people were evacuated") == [2000]


@pytest.mark.parametrize("text, lang, value", [
    ("Das Beben hatte eine Stärke von 7,8.", "de", 7.8),
    ("un sismo de magnitud 7,8", "es", 7.8),
    ("um sismo de magnitude 7,8", "pt", 7.8),
    ("un séisme de magnitude 7,8", "fr", 7.8),
    ("زلزال بقوة ٦٫٨ درجات", "ar", 6.8),
    ("6.8 तीव्रता का भूकंप", "hi", 6.8),
    ("রিখটার স্কেলে ৬.৮ মাত্রার ভূমিকম্প", "bn", 6.8),
    ("ரிக்டர் அளவில் 6.8 ஆக பதிவான நிலநடுக்கம்", "ta", 6.8),
    ("ریکٹر اسکیل پر 6.8 شدت کا زلزلہ", "ur", 6.8),
    ("a magnitude 6.8 earthquake", "en", 6.8),
])
def test_decimal_comma_and_magnitudes(text, lang, value):
    (q,) = extract_quantities(text, language=lang)
    assert q.value == pytest.approx(value) and q.kind == "magnitude"
    (other,) = extract_quantities("magnitude 7.8" if value == 6.8 else "magnitude 6.8")
    assert q.comparable(other) and not q.agrees(other)


def test_magnitudes_do_not_compare_with_counts():
    (magnitude,) = extract_quantities("a magnitude 6.8 earthquake")
    (count,) = extract_quantities("6.8 million people")
    assert not magnitude.comparable(count)


@pytest.mark.parametrize("text, lang, roles", [
    ("The quake killed 2,946 people and injured 5,674.", "en", ["dead", "injured"]),
    ("भूकंप में 2,946 लोगों की मौत हो गई, जबकि 5,674 लोग घायल हुए।", "hi", ["dead", "injured"]),
    ("ভূমিকম্পে ২,৯৪৬ জন নিহত এবং ৫,৬৭৪ জন আহত হয়েছেন।", "bn", ["dead", "injured"]),
    ("El sismo dejó 2.946 muertos y 5.674 heridos.", "es", ["dead", "injured"]),
    ("زلزلے میں 2,946 افراد ہلاک اور 5,674 زخمی ہوئے۔", "ur", ["dead", "injured"]),
    ("Das Beben forderte 2.946 Tote und 5.674 Verletzte.", "de", ["dead", "injured"]),
])
def test_counts_know_what_they_count(text, lang, roles):
    assert [q.role for q in extract_quantities(text, language=lang)] == roles


def test_values_of_different_things_never_compare():
    (dead,) = extract_quantities("more than 90 people were killed")
    (injured,) = extract_quantities("more than 100 people were injured")
    (plain,) = extract_quantities("more than 100 people")
    assert not dead.comparable(injured) and dead.comparable(plain)
    launch, landing = extract_dates("launched on 14 July 2023 and landed on 23 August 2023")
    (landed,) = extract_dates("it landed on 14 July 2023")
    assert (launch.role, landing.role, landed.role) == ("launch", "landing", "landing")
    assert not landed.comparable(launch) and landed.comparable(landing) and not landed.agrees(landing)


def test_hindi_tak_is_up_to_unless_the_count_reached_it():
    from claimcheck.vocabulary import Bound

    (reached,) = extract_quantities("मरने वालों की संख्या 90 तक पहुँच गई।", language="hi")
    assert reached.bound is Bound.exact and reached.low <= 90 <= reached.high
    (up_to,) = extract_quantities("मरने वालों की संख्या 90 तक हो सकती है।", language="hi")
    assert up_to.bound is Bound.less_than and up_to.high == 90


@pytest.mark.parametrize("text, lang, value, unit", [
    ("O Palácio Real decretou cinco dias de luto nacional.", "pt", 5, "day"),
    ("Spanien ordnete fünf Tage Staatstrauer an.", "de", 5, "day"),
    ("সরকার পাঁচ দিনের শোক ঘোষণা করেছে।", "bn", 5, "day"),
    ("அரசு ஐந்து நாட்கள் துக்கம் அறிவித்தது.", "ta", 5, "day"),
    ("أعلن الملك الحداد ثلاثة أيام.", "ar", 3, "day"),
    ("حکومت نے تین دن کا سوگ منایا۔", "ur", 3, "day"),
    ("The king declared three days of mourning.", "en", 3, "day"),
    ("भूकंप के 19 मिनट बाद झटका आया।", "hi", 19, "minute"),
])
def test_durations_in_digits_or_words(text, lang, value, unit):
    (q,) = extract_quantities(text, language=lang)
    assert (q.value, q.kind, q.unit) == (value, "unit", unit)
    assert q.describe() == f"{value} {unit}s"


def test_a_number_word_alone_or_an_article_before_a_unit_is_no_amount():
    assert extract_quantities("Un jour plus tard, le roi est arrivé.", language="fr") == []
    assert extract_quantities("Sie kamen an einem Tag zusammen.", language="de") == []
    assert extract_quantities("Ele disse que cinco ministros viajaram.", language="pt") == []
    # "dos" is "of the" in Portuguese ("one of the days"), "two" only in Spanish
    assert extract_quantities("Foi um dos dias mais quentes do ano.", language="pt") == []
    assert quantities("El rescate duró dos días.", "es") == [(2, "unit", "day", Bound.exact)]
    assert quantities("डेढ़ दिन तक बचाव चला।", "hi") == [(1.5, "unit", "day", Bound.less_than)]


def test_a_time_of_day_is_not_a_duration():
    for text, lang in (("O sismo ocorreu às nove horas da manhã.", "pt"), ("Le séisme a frappé à six heures du matin.",
                       "fr"), ("El sismo ocurrió a las 10 horas del 8 de septiembre.", "es")):
        assert [q for q in extract_quantities(text, language=lang) if q.unit == "hour"] == []
    assert quantities("Rescue teams searched for 72 hours.", "en") == [(72, "unit", "hour", Bound.exact)]


def test_a_qualifier_after_the_unit_word():
    assert quantities("बचाव अभियान 5 दिनों से अधिक चला।", "hi") == [(5, "unit", "day", Bound.more_than)]
    assert quantities("উদ্ধারকাজ ৫ দিনের বেশি চলে।", "bn") == [(5, "unit", "day", Bound.more_than)]


def test_a_parliament_word_is_not_a_count_of_people():
    """"लोक" (Marathi: people) and "மக்கள்" (Tamil: people) begin the words for the Lok Sabha: the year before them
    is a year, not 2,024 people."""
    for text, lang, unit in (("2024 लोकसभा चुनाव में भाजपा को 240 सीटें मिलीं।", "hi", "seat"),
                             ("2024 மக்களவைத் தேர்தலில் கூட்டணி 39 தொகுதிகளிலும் வென்றது.", "ta", None)):
        assert [(q.kind, q.unit) for q in extract_quantities(text, language=lang)] == [
            ("unit" if unit else "number", unit)]
        assert [d.year for d in extract_dates(text, language=lang)] == [2024]
    assert quantities("सुमारे ३२ लाख लोकांना लाभ होणार", "mr") == [(3.2e6, "people", "people", Bound.about)]
    assert quantities("पुरामुळे २,००० लोक बेघर झाले", "mr") == [(2000, "people", "people", Bound.exact)]
    assert [d.year for d in extract_dates("2024 लोकमत सर्वेक्षणानुसार", language="mr")] == [2024]
    assert values("5 நாளிதழ்கள் இந்தச் செய்தியை வெளியிட்டன", "ta") == [5]  # newspapers, not days
    assert [q.unit for q in extract_quantities("5 நாளிதழ்கள்", language="ta")] == [None]


def test_arabic_tatweel_before_a_number_and_marathi_percent_forms():
    assert quantities("فاز الحزب بـ٢٠٣ مقاعد", "ar") == [(203, "unit", "seat", Bound.exact)]
    assert quantities("महागाई दर १७७.८ टक्क्यांवर आला", "mr") == [(177.8, "percent", "%", Bound.exact)]


def test_only_the_numbers_joined_to_a_magnitude_word_are_magnitudes():
    three = extract_quantities("3 झटके आए, फिर 4.9 तीव्रता का भूकंप दर्ज हुआ।", language="hi")
    assert [(q.value, q.kind) for q in three] == [(3, "number"), (4.9, "magnitude")]
    for text, lang in (("7.8 and 7.5 magnitude earthquakes struck southern Turkey.", "en"),
                       ("Earthquakes of magnitude 7.8 and 7.5 struck southern Turkey.", "en"),
                       ("एक के बाद एक 7.8 और 7.5 तीव्रता के झटके आए।", "hi")):
        assert [(q.value, q.kind) for q in extract_quantities(text, language=lang)] == [
            (7.8, "magnitude"), (7.5, "magnitude")]


def test_a_unit_word_keeps_its_number_from_being_a_magnitude():
    hindi = extract_quantities("मुख्य झटके के 19 मिनट बाद 4.9 तीव्रता का आफ्टरशॉक दर्ज किया गया।", language="hi")
    assert [(q.value, q.kind) for q in hindi] == [(19, "unit"), (4.9, "magnitude")]
    bengali = extract_quantities("৬.৩ মাত্রার ভূমিকম্পে ৬০০-র বেশি মানুষ নিহত হন।", language="bn")
    assert [(q.value, q.kind, q.bound, q.role) for q in bengali] == [
        (6.3, "magnitude", Bound.exact, "dead"), (600, "people", Bound.more_than, "dead")]


def test_times_of_day_are_neither_amounts_nor_dates():
    for text, lang in (("The earthquake struck at 4:10 p.m. local time.", "en"),
                       ("À 20 h 11, l'alerte a été envoyée aux téléphones.", "fr"),
                       ("El aviso llegó a las 20.11 horas.", "es")):
        assert extract_quantities(text, language=lang) == [] and extract_dates(text, language=lang) == []
    assert values("The ratio was 6.8 at 12:30.") == [6.8]


def test_a_day_listed_before_a_dated_one_is_a_date_too():
    for text, lang in (("भूस्खलन 30 और 31 जुलाई 2024 की रात हुए।", "hi"), ("Landslides struck on 30 and 31 July 2024.", "en"),
                       ("Los deslizamientos ocurrieron el 30 y 31 de julio de 2024.", "es")):
        assert [(d.year, d.month, d.day) for d in extract_dates(text, language=lang)] == [(2024, 7, 30), (2024, 7, 31)]
        assert extract_quantities(text, language=lang) == []


def test_bengali_fractions_feet_and_life_lost():
    assert values("সাড়ে ১৮ হাজার মানুষ আশ্রয়কেন্দ্রে", "bn") == [18_500]
    assert values("দেড় লাখ টাকা সাহায্য", "bn") == [150_000]
    assert [(q.value, q.unit) for t, lang in (("a 190-foot bridge", "en"), ("१९० फूट लंबा पुल", "hi"),
                                              ("un puente de 190 pies", "es"))
            for q in extract_quantities(t, language=lang)] == [(190, "ft")] * 3
    # "जान" (life) is a death word; "जाने" (a verb) is not
    (height,) = extract_quantities("पूरी तरह जोड़े जाने पर रॉकेट लगभग 121 मीटर ऊँचा होता है।", language="hi")
    assert height.role is None
    (toll,) = extract_quantities("भूकंप में 200 लोगों की जान गई।", language="hi")
    assert toll.role == "dead"


def test_sport_and_election_counts_compare_like_with_like():
    """Runs, wickets, balls, overs, goals and seats are units; a bare number may stand for any of them ("76 off 59
    balls" is 76 runs), but 76 runs never compares with 59 balls."""
    hindi = extract_quantities("कोहली ने 59 गेंदों पर 76 रन बनाए, भारत ने 20 ओवर में 7 विकेट पर 176 रन बनाए।", language="hi")
    assert [(q.value, q.unit) for q in hindi] == [(59, "ball"), (76, "run"), (20, "over"), (7, "wicket"), (176, "run")]
    english = {q.value: q for q in extract_quantities("Kohli made 76 off 59 balls in India's 20 overs.", language="en")}
    runs = hindi[1]
    assert runs.comparable(english[76]) and runs.agrees(english[76])
    assert not runs.comparable(english[59]) and not hindi[0].comparable(english[20])
    assert [(q.value, q.unit) for t, lang in (("भाजपा को 240 सीटें मिलीं", "hi"), ("The BJP won 240 seats", "en"),
                                              ("el SNP se quedó con 9 de los 57 escaños", "es"))
            for q in extract_quantities(t, language=lang) if q.unit] == [(240, "seat"), (240, "seat"), (57, "seat")]
    assert [q.describe() for q in extract_quantities("India won by seven runs.", language="en")] == ["7 runs"]


def test_a_small_count_is_exact_not_a_round_figure():
    (twenty,) = extract_quantities("Pandya took 3 wickets for 20 runs.")[1:]
    (eighteen,) = extract_quantities("Pandya took 3 wickets for 18 runs.")[1:]
    assert not twenty.agrees(eighteen)
    (big,) = extract_quantities("a grant of 50,000 rupees")
    (near,) = extract_quantities("a grant of 49,800 rupees")
    assert big.agrees(near)  # a larger round figure still stands for its rounding


def test_clock_words_make_a_time_of_day():
    for text, lang in (("இரவு 11.11 மணிக்கு நிலநடுக்கம் ஏற்பட்டது.", "ta"), ("Das Beben begann um 16.10 Uhr.", "de"),
                       ("সন্ধ্যা ৭টায় ঘোষণা করা হয়।", "bn")):
        assert extract_quantities(text, language=lang) == []
    assert quantities("रात 10 बजे 5 लोग घायल हुए।", "hi") == [(5, "people", "people", Bound.exact)]


def test_review_cases_of_clock_times_day_lists_and_unit_words():
    assert quantities("En 24 h 35 personnes sont mortes.", "fr")[-1] == (35, "people", "people", Bound.exact)
    assert values("En 48 h 12 000 personnes ont été évacuées.", "fr")[-1] == 12_000
    assert [(d.month, d.day) for d in extract_dates("Spain beat England 2-1, 14 July 2024.")] == [(7, 14)]
    assert [(d.month, d.day) for d in extract_dates("The toll rose to 12, 14 July, officials said.")] == [(7, 14)]
    assert [q.unit for q in extract_quantities("पुलिस ने 5 गोलियां चलाईं।", language="hi")] == [None]  # bullets
    assert [q.unit for q in extract_quantities("2 ओवरब्रिज बनाए गए।", language="hi")] == [None]  # flyovers
    assert [q.unit for q in extract_quantities("भारत ने 3 गोल किए।", language="hi")] == ["goal"]
    (toll,) = extract_quantities("भूकंप में 200 लोगों की जानें गईं।", language="hi")
    assert toll.role == "dead"
    # a small count is exact, a small percentage or distance keeps its rounding
    (sixty,) = extract_quantities("Turnout was 60 percent.")
    (precise,) = extract_quantities("Turnout was 60.9 percent.")
    assert sixty.agrees(precise)
