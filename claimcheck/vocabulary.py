"""The words quantities and dates are written with, in the languages claimcheck reads.

Scale words (lakh, crore, अरब, millones, مليار ...), currencies, percent and
unit words, number words and fractions (डेढ़, ढाई, साढ़े), qualifiers that turn
a number into an interval ("more than", "से अधिक", "سے زائد", "சுமார்"),
month and weekday names in every script, magnitude words, and the role words
that say what a count or a date is of (dead, injured, launch, landing).
:mod:`claimcheck.quantities` builds its patterns from these tables; adding a
language is adding its words here (tests in ``tests/test_quantities.py``).
"""

from __future__ import annotations

import enum


_NUKTA = {"\u0958": "\u0915\u093c", "\u0959": "\u0916\u093c", "\u095a": "\u0917\u093c", "\u095b": "\u091c\u093c",
          "\u095c": "\u0921\u093c", "\u095d": "\u0922\u093c", "\u095e": "\u092b\u093c", "\u095f": "\u092f\u093c"}


def _spellings(word: str) -> set[str]:
    """A word with Devanagari nukta letters both precomposed (ढ़) and decomposed (ढ + ़): texts use both."""
    decomposed = word
    for single, pair in _NUKTA.items():
        decomposed = decomposed.replace(single, pair)
    composed = decomposed
    for single, pair in _NUKTA.items():
        composed = composed.replace(pair, single)
    return {word, decomposed, composed}


def _with_spellings(table: dict) -> dict:
    return {variant: value for key, value in table.items() for variant in _spellings(key)}

SCALES: dict[str, float] = {}
for _words, _value in (
    (("hundred", "सौ"), 1e2),
    (("thousand", "हज़ार", "हजार", "mil", "mille", "tausend", "thousands", "k", "হাজার", "ஆயிரம்", "ஆயிர", "ہزار",
      "ألف", "آلاف", "الف"), 1e3),
    (("lakh", "lakhs", "lac", "लाख", "লাখ", "লক্ষ", "லட்சம்", "லட்ச", "لاکھ"), 1e5),
    (("million", "millions", "mn", "मिलियन", "millón", "millones", "millionen", "million", "milhões", "milhão", "mio",
      "মিলিয়ন", "दशलक्ष", "மில்லியன்", "ملین", "مليون", "ملايين"), 1e6),
    (("crore", "crores", "करोड़", "करोड़", "करोड", "कोटी", "কোটি", "கோடி", "کروڑ"), 1e7),
    (("billion", "billions", "bn", "बिलियन", "अरब", "अब्ज", "milliard", "milliards", "milliarden", "milliarde",
      "bilhões", "bilhão", "mil millones", "mil milhões", "mrd", "বিলিয়ন", "பில்லியன்", "ارب", "بلین", "مليار",
      "مليارات"), 1e9),
    (("खरब",), 1e11),
    (("trillion", "trillions", "tn", "ट्रिलियन", "billones", "billion de", "ট্রিলিয়ন", "டிரில்லியன்",
      "ٹریلین", "تريليون"), 1e12),
):
    for _w in _words:
        SCALES[_w] = _value
SCALES.pop("billion de")
SCALES = _with_spellings(SCALES)

CURRENCY_WORDS: dict[str, str] = {}
for _words, _code in (
    (("us dollars", "us dollar", "u.s. dollars", "dollars", "dollar", "डॉलर", "डालर", "dólares", "dólar",
      "dollars américains", "us-dollar", "usd", "ডলার", "டாலர்", "ڈالر", "دولار", "دولارات"), "USD"),
    (("rupees", "rupee", "रुपये", "रुपए", "रुपया", "रुपयों", "inr", "ரூபாய்", "روپے", "روپیہ", "روپیے", "روبية",
      "rupias", "roupies", "rúpias", "rupien", "টাকা"), "RUPEE"),
    (("taka",), "BDT"),
    (("euros", "euro", "यूरो", "युरो", "eur", "ইউরো", "யூரோ", "یورو", "يورو"), "EUR"),
    (("pounds", "pound", "पाउंड", "gbp", "পাউন্ড", "பவுண்டு", "پاؤنڈ", "جنيه"), "GBP"),
):
    for _w in _words:
        CURRENCY_WORDS[_w] = _code
CURRENCY_WORDS = _with_spellings(CURRENCY_WORDS)
CURRENCY_SYMBOLS = {"us$": "USD", "$": "USD", "usd": "USD", "₹": "RUPEE", "rs.": "RUPEE", "rs": "RUPEE",
                    "ரூ.": "RUPEE", "ரூ": "RUPEE", "रु.": "RUPEE", "रु": "RUPEE",
                    "inr": "RUPEE", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "৳": "BDT"}
PERCENT_WORDS = ("%", "٪", "percent", "per cent", "प्रतिशत", "फ़ीसदी", "फीसदी", "टक्के", "टक्का", "टक्क्यां",
                 "por ciento", "pour cent",
                 "prozent", "por cento", "শতাংশ", "சதவீதம்", "சதவீத", "فیصد", "بالمئة", "في المئة", "بالمائة",
                 "في المائة")
PERCENT_WORDS = tuple(sorted({v for w in PERCENT_WORDS for v in _spellings(w)}))
PEOPLE_WORDS = ("people", "persons", "person", "lives", "lakh people", "लोग", "लोगों", "व्यक्ति", "व्यक्तियों", "लोक", "लोकां",
                "personas", "personnes", "menschen", "pessoas", "জন", "মানুষ", "பேர்", "மக்கள்", "افراد", "لوگ",
                "لوگوں", "شخص", "أشخاص", "شخصا", "شخصاً")
UNIT_WORDS = {"km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
              "किलोमीटर": "km", "किमी": "km", "kilómetros": "km", "quilômetros": "km", "quilómetros": "km",
              "kilomètres": "km", "কিলোমিটার": "km", "கிலோமீட்டர்": "km", "கி.மீ": "km", "کلومیٹر": "km",
              "كيلومتر": "km", "كيلومترات": "km", "كيلومترا": "km", "كيلومترًا": "km", "كيلومتراً": "km", "كم": "km",
              "كيلومترًا في الساعة": "km/h", "كيلومترا في الساعة": "km/h", "كم/ساعة": "km/h", "كم في الساعة": "km/h",
              "kilómetros por hora": "km/h", "km/hora": "km/h", "quilômetros por hora": "km/h",
              "metres": "m", "meters": "m", "metre": "m", "metros": "m", "meter": "m", "mètres": "m", "मीटर": "m",
              "মিটার": "m", "மீட்டர்": "m", "میٹر": "m", "متر": "m", "مترا": "m", "متراً": "m", "m": "m",
              "tonnes": "t", "tons": "t", "टन": "t", "toneladas": "t", "tonnen": "t",
              "mw": "MW", "megawatts": "MW", "megawatt": "MW", "मेगावाट": "MW", "मेगावॉट": "MW", "মেগাওয়াট": "MW",
              "மெகாவாட்": "MW", "میگاواٹ": "MW", "ميغاواط": "MW", "ميجاوات": "MW", "mégawatts": "MW",
              "megavatios": "MW", "gw": "GW", "gigawatts": "GW",
              "km/h": "km/h", "kmph": "km/h", "stundenkilometern": "km/h", "stundenkilometer": "km/h",
              "किमी प्रति घंटा": "km/h", "किलोमीटर प्रति घंटा": "km/h", "kilometern": "km", "metern": "m",
              "metro": "m", "mètre": "m", "quilômetro": "km", "kilomètre": "km", "किमी.": "km",
              "hectares": "ha", "hectáreas": "ha", "हेक्टेयर": "ha", "hektar": "ha",
              "feet": "ft", "foot": "ft", "ft": "ft", "फुट": "ft", "फूट": "ft", "फीट": "ft", "pies": "ft",
              "pieds": "ft", "fuß": "ft", "pés": "ft", "ফুট": "ft", "فٹ": "ft",
              # what sport and election reports count: compared only with the same thing ("76 runs off 59 balls")
              "seats": "seat", "seat": "seat", "सीटें": "seat", "सीटों": "seat", "सीट": "seat", "আসন": "seat",
              "نشستیں": "seat",
              "نشستوں": "seat", "نشست": "seat", "مقاعد": "seat", "مقعدا": "seat", "مقعداً": "seat", "escaños": "seat",
              "sitze": "seat", "sitzen": "seat", "sièges": "seat", "assentos": "seat",
              "runs": "run", "रन": "run", "धावा": "run", "धावां": "run", "রান": "run", "ரன்": "run", "رنز": "run",
              "wickets": "wicket", "wicket": "wicket", "विकेट": "wicket", "উইকেট": "wicket", "விக்கெட்": "wicket",
              "وکٹ": "wicket", "وکٹوں": "wicket",
              "balls": "ball", "गेंद": "ball", "गेंदों": "ball", "चेंडू": "ball", "चेंडूं": "ball", "பந்து": "ball",
              "பந்துகளில்": "ball", "گیند": "ball", "گیندوں": "ball",
              "overs": "over", "ओवर": "over", "षटक": "over", "षटकां": "over", "ওভার": "over", "ஓவர்": "over",
              "اوور": "over", "goals": "goal", "गोल": "goal", "গোল": "goal", "கோல்": "goal", "goles": "goal",
              "tore": "goal", "buts": "goal", "gols": "goal",
              # durations ("five days of mourning", "19 मिनट बाद")
              "days": "day", "day": "day", "दिन": "day", "दिनों": "day", "दिवस": "day", "दिवसांचा": "day",
              "días": "day", "dias": "day", "jours": "day", "tage": "day", "tagen": "day", "tagelang": "day", "দিন": "day",
              "দিনের": "day", "நாட்கள்": "day", "நாள்": "day", "دن": "day", "دنوں": "day", "أيام": "day",
              "يوما": "day", "يومًا": "day", "يوماً": "day",
              "hours": "hour", "hour": "hour", "घंटे": "hour", "घंटों": "hour", "तास": "hour", "horas": "hour",
              "heures": "hour", "stunden": "hour", "ঘণ্টা": "hour", "மணி நேர": "hour", "گھنٹے": "hour",
              "ساعات": "hour", "ساعة": "hour",
              "minutes": "minute", "minute": "minute", "मिनट": "minute", "मिनिटे": "minute", "मिनिटां": "minute",
              "minutos": "minute", "minuten": "minute", "মিনিট": "minute", "நிமிட": "minute", "منٹ": "minute",
              "دقائق": "minute", "دقيقة": "minute"}
UNIT_NUMBER_WORD_LANGUAGES = {"dos": "es"}
"""Number words that are also other words ("dos" is "of the" in Portuguese: "um dos dias"): before a unit, they
count as a number only in the language named here."""
EXACT_WORDS = frozenset({"लोक", "जान", "गोल", "ओवर"})
"""Words that match only whole, not as the stem of inflected forms ("लोक" is people; "लोकसभा" is the Lok Sabha:
the inflected forms of "लोक" are listed as "लोकां"; "जान" is life, "जाने" is a verb; "गोलियां" are bullets,
"ओवरब्रिज" a flyover)."""
NOT_UNITS = ("மக்களவை", "நாளிதழ", "நாளேடு", "நாளை")
"""Words that begin like an inflected unit or people word ("மக்கள்" people, "நாள்" day) but are other words:
"2024 மக்களவைத் தேர்தல்" is a year before "Lok Sabha election", not 2,024 people; "நாளிதழ்" is a newspaper."""

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "एक": 1, "दो": 2, "तीन": 3, "चार": 4, "पांच": 5, "पाँच": 5, "छह": 6, "सात": 7, "आठ": 8, "नौ": 9, "दस": 10,
    "uno": 1, "un": 1, "una": 1, "dos": 2, "tres": 3, "nueve": 9, "diez": 10,
    "ein": 1, "eine": 1, "zwei": 2, "drei": 3, "neun": 9, "zehn": 10, "deux": 2, "trois": 3, "neuf": 9, "dix": 10,
    # small counts before a unit ("cinco dias", "পাঁচ দিন"), in every language read here
    "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "dois": 2, "duas": 2, "três": 3, "quatro": 4,
    "sete": 7, "oito": 8, "nove": 9, "dez": 10, "quatre": 4, "cinq": 5, "six": 6, "huit": 8, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "दोन": 2, "पाच": 5, "सहा": 6, "नऊ": 9, "दहा": 10, "দুই": 2, "তিন": 3,
    "চার": 4, "পাঁচ": 5, "ছয়": 6, "সাত": 7, "আট": 8, "দশ": 10, "இரண்டு": 2, "மூன்று": 3, "நான்கு": 4,
    "ஐந்து": 5, "ஏழு": 7, "எட்டு": 8, "ஒன்பது": 9, "பத்து": 10, "تین": 3, "چار": 4, "پانچ": 5, "سات": 7,
    "آٹھ": 8, "دس": 10, "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6,
    "سبعة": 7, "سبع": 7, "ثمانية": 8, "تسعة": 9, "عشرة": 10,
    "ডেড়": 1.5, "দেড়": 1.5, "আড়াই": 2.5, "डेढ़": 1.5, "ढाई": 2.5,
}
FRACTION_PREFIX = _with_spellings({"साढ़े": 0.5, "सवा": 0.25, "पौने": -0.25, "সাড়ে": 0.5, "সোয়া": 0.25,
                                   "পৌনে": -0.25})
NUMBER_WORDS = _with_spellings(NUMBER_WORDS)


class Bound(str, enum.Enum):
    """How a qualifier turns a stated value into an interval."""

    exact = "exact"
    about = "about"
    nearly = "nearly"
    more_than = "more than"
    less_than = "less than"


QUALIFIERS: dict[str, Bound] = {}
for _words, _bound in (
    (("about", "around", "roughly", "approximately", "approx.", "some", "an estimated", "estimated", "लगभग",
      "तकरीबन", "तक़रीबन", "करीब", "क़रीब", "क़रीबन", "करीबन", "अनुमानित", "cerca de", "unos", "unas",
      "aproximadamente", "alrededor de", "environ", "près de", "etwa", "rund", "ungefähr", "cerca de", "প্রায়",
      "सुमारे", "जवळपास", "சுமார்", "தோராயமாக", "تقریباً", "تقریبا", "لگ بھگ", "نحو", "حوالي", "حوالى", "por volta de",
      "em torno de", "aproximadamente", "autour de"),
     Bound.about),
    (("nearly", "almost", "close to", "just under", "casi", "presque", "fast", "quase", "قرابة", "قرابه",
      "கிட்டத்தட்ட"), Bound.nearly),
    (("more than", "over", "at least", "above", "upwards of", "in excess of", "más de", "plus de", "mehr als",
      "über", "mais de", "से अधिक", "से ज्यादा", "से ज़्यादा", "से ऊपर", "से अधिक की", "से ज़्यादा की",
      "से ज्यादा की", "के पार", "এর বেশি", "র বেশি", "বেশি", "पेक्षा जास्त", "पेक्षा अधिक", "हून अधिक", "سے زیادہ",
      "سے زائد", "أكثر من", "ما يزيد على", "ما يزيد عن", "க்கும் மேற்பட்ட", "க்கும் அதிகமான", "க்கும் மேல்",
      "மேற்பட்ட"), Bound.more_than),
    (("less than", "under", "fewer than", "up to", "below", "at most", "menos de", "hasta", "moins de",
      "jusqu'à", "weniger als", "bis zu", "menos de", "से कम", "तक", "أقل من", "سے کم", "पेक्षा कमी",
      "க்கும் குறைவான"), Bound.less_than),
):
    for _w in _words:
        QUALIFIERS[_w] = _bound
QUALIFIERS = _with_spellings(QUALIFIERS)
POST_QUALIFIERS = {k: v for k, v in QUALIFIERS.items()
                   if k.startswith(("से ", "के ", "এর ", "তক", "বেশি", "पेक्षा", "हून", "سے ", "க்கும்", "மேற்பட்ட"))
                   or k in ("तक", "বেশি", "র বেশি")}
PRE_QUALIFIERS = {k: v for k, v in QUALIFIERS.items() if k not in POST_QUALIFIERS}

MONTHS = {
    1: ("january", "jan", "जनवरी", "जानेवारी", "enero", "janvier", "januar", "janeiro", "জানুয়ারি", "জানুয়ারী",
        "ஜனவரி", "جنوری", "يناير", "كانون الثاني"),
    2: ("february", "feb", "फ़रवरी", "फरवरी", "फ़रवरी", "फेब्रुवारी", "febrero", "février", "februar", "fevereiro",
        "ফেব্রুয়ারি", "ফেব্রুয়ারী", "பிப்ரவரி", "فروری", "فبراير", "شباط"),
    3: ("march", "mar", "मार्च", "marzo", "mars", "märz", "março", "মার্চ", "மார்ச்", "مارچ", "مارس", "آذار"),
    4: ("april", "apr", "अप्रैल", "एप्रिल", "abril", "avril", "এপ্রিল", "ஏப்ரல்", "اپریل", "أبريل", "ابريل", "نيسان"),
    5: ("may", "मई", "मे", "mayo", "mai", "maio", "মে", "மே", "مئی", "مایو", "مايو", "أيار", "ايار"),
    6: ("june", "jun", "जून", "junio", "juin", "juni", "junho", "জুন", "ஜூன்", "جون", "يونيو", "يونيه", "حزيران"),
    7: ("july", "jul", "जुलाई", "जुलै", "julio", "juillet", "juli", "julho", "জুলাই", "ஜூலை", "جولائی", "يوليو",
        "يوليه", "تموز"),
    8: ("august", "aug", "अगस्त", "ऑगस्ट", "agosto", "août", "আগস্ট", "ஆகஸ்ட்", "اگست", "أغسطس", "اغسطس", "آب"),
    9: ("september", "sep", "sept", "सितंबर", "सितम्बर", "सप्टेंबर", "septiembre", "septembre", "setembro",
        "সেপ্টেম্বর", "செப்டம்பர்", "ستمبر", "سبتمبر", "أيلول", "ايلول"),
    10: ("october", "oct", "अक्टूबर", "अक्तूबर", "ऑक्टोबर", "octubre", "octobre", "oktober", "outubro", "অক্টোবর",
         "அக்டோபர்", "اکتوبر", "أكتوبر", "اكتوبر", "تشرين الأول"),
    11: ("november", "nov", "नवंबर", "नवम्बर", "नोव्हेंबर", "noviembre", "novembre", "novembro", "নভেম্বর",
         "நவம்பர்", "نومبر", "نوفمبر", "تشرين الثاني"),
    12: ("december", "dec", "दिसंबर", "दिसम्बर", "डिसेंबर", "diciembre", "décembre", "dezember", "dezembro",
         "ডিসেম্বর", "டிசம்பர்", "دسمبر", "ديسمبر", "كانون الأول"),
}
MONTH_OF = _with_spellings({name: number for number, names in MONTHS.items() for name in names})
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "सोमवार", "मंगलवार",
            "बुधवार", "गुरुवार", "बृहस्पतिवार", "शुक्रवार", "शनिवार", "रविवार", "lunes", "martes", "miércoles",
            "jueves", "viernes", "sábado", "domingo", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
            "dimanche", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
DOT_THOUSANDS = {"de", "es", "fr", "pt", "it", "nl", "id", "tr", "pl", "da", "sv", "nb", "ru", "ro", "el"}
# Scale words of languages that group thousands with dots: "9.000 millones" is nine thousand million.
DOT_THOUSANDS_SCALES = {"millones", "millón", "mil millones", "milliards", "milliard", "milliarden", "milliarde",
                        "millionen", "milhões", "milhão", "bilhões", "bilhão", "mrd", "mio", "mil", "mille", "tausend"}


MAGNITUDE_WORDS = ("magnitude", "magnitud", "stärke", "richter", "रिक्टर", "तीव्रता", "मैग्नीट्यूड", "तीव्रतेचा",
                   "तीव्रतेच्या", "রিখটার", "মাত্রা", "ரிக்டர்", "ریکٹر", "شدت", "بقوة", "قوة", "درجات", "درجة",
                   "magnitudo", "escala richter")
"""Words that make a bare number a measured magnitude (an earthquake's), compared only with magnitudes."""

ROLES: dict[str, tuple[str, ...]] = {
    # what a count or a date is of; values of two different known roles are never compared
    "dead": ("killed", "dead", "deaths", "death", "died", "toll", "fatalities", "perished", "lives", "मारे", "मौत",
             "मृत", "मृतकों", "मृतक", "मरने", "जान", "जानें", "मृत्यू", "ठार", "बळी", "মৃত", "নিহত", "মারা", "মৃত্যু",
             "உயிரிழ", "பலி", "இறந்த", "மரண", "ہلاک", "جاں بحق", "اموات", "ہلاکتوں", "قتلى", "قتيل", "مصرع",
             "وفاة", "وفيات", "حتفهم", "muertos", "fallecidos", "murieron", "muertes", "tote", "toten", "getötet",
             "starben", "todesopfer", "mortos", "mortes", "morreram", "morts", "tués", "décès", "ont péri"),
    "injured": ("injured", "wounded", "injuries", "घायल", "ज़ख्मी", "जख्मी", "जखमी", "আহত", "காயம", "காயமடை",
                "زخمی", "جرحى", "جريح", "مصاب", "إصابة", "إصابات", "heridos", "verletzte", "verletzten", "verletzt",
                "feridos", "blessés"),
    "missing": ("missing", "लापता", "बेपत्ता", "নিখোঁজ", "காணாமல்", "لاپتہ", "مفقود", "مفقودين", "desaparecidos",
                "vermisst", "vermissten", "disparus"),
    "displaced": ("displaced", "homeless", "evacuated", "बेघर", "विस्थापित", "बेघर", "বাস্তুচ্যুত", "গৃহহীন",
                  "இடம்பெயர்", "بے گھر", "نازح", "مشرد", "desplazados", "obdachlos", "vertrieben", "desalojados",
                  "desabrigados", "déplacés", "sans-abri"),
    "launch": ("launched", "launch", "lift-off", "lifted off", "blasted off", "प्रक्षेपित", "प्रक्षेपण", "लॉन्च",
               "উৎক্ষেপণ", "ஏவப்பட்ட", "ஏவுத", "ஏவப்", "لانچ", "أطلق", "إطلاق", "lanzado", "lanzó", "lanzamiento",
               "despegó", "gestartet", "lançado", "lançamento", "lancé", "lancement"),
    "landing": ("landed", "landing", "touched down", "soft-landed", "उतरा", "उतरी", "लैंडिंग", "उतरले", "অবতরণ",
                "தரையிறங்", "لینڈنگ", "اترا", "هبط", "هبوط", "aterrizó", "alunizó", "landete", "landung",
                "pousou", "pouso", "alunissage", "atterri"),
}
