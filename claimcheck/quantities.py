"""Sentences -> the amounts, counts, percentages and dates they state.

Embeddings cannot tell 9 billion from 19 billion; this module can. It finds
quantities with regular expressions over many scripts and conventions and
reads each as an interval, so that qualifiers ("about", "more than", "से
अधिक") and rounding become tolerance:

- digits in any Unicode script (Devanagari ९, Bengali ৯, Arabic-Indic ٩ ...)
  are read as ASCII digits;
- decimal point or decimal comma by language ("7,8" in German, "9.000
  millones" in Spanish), Western and Indian grouping ("12,00,000");
- scale words: thousand/हज़ार, lakh/लाख, crore/करोड़, million/mn/मिलियन,
  billion/bn/बिलियन/अरब, trillion/ट्रिलियन, खरब (10^11, the Indian kharab),
  millones, milliards, Milliarden and kin; "mil millones" is 10^9;
- small number words and fractions before a scale or unit: one/एक/nine/नौ,
  डेढ़ 1.5, ढाई 2.5, साढ़े N (N + 0.5), सवा N (N + 0.25), पौने N (N - 0.25);
- currencies ($, US$, USD, US dollars, डॉलर, ₹, Rs, रुपये, €, £ ...),
  percentages (%, percent, प्रतिशत, फ़ीसदी), people and a few units.

Dates are found here too (day-month-year, month-day-year, month-year and
weekdays, in English, Hindi, Spanish, French, German and Portuguese) and
normalised with ``dateparser``, relative to the article's own date when it is
given. Free-text date search is never run over whole sentences.

Numbers that are parts of dates, and bare years, are not quantities.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import unicodedata
from collections.abc import Iterable

import attrs
import regex as re

# --------------------------------------------------------------------------- vocabularies

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
    (("thousand", "हज़ार", "हजार", "mil", "mille", "tausend", "thousands", "k", "হাজার"), 1e3),
    (("lakh", "lakhs", "lac", "लाख", "লাখ", "লক্ষ"), 1e5),
    (("million", "millions", "mn", "मिलियन", "millón", "millones", "millionen", "million", "milhões", "milhão", "mio",
      "মিলিয়ন"), 1e6),
    (("crore", "crores", "करोड़", "करोड़", "करोड", "কোটি", "কোটির"), 1e7),
    (("billion", "billions", "bn", "बिलियन", "अरब", "milliard", "milliards", "milliarden", "milliarde", "bilhões",
      "bilhão", "mil millones", "mrd", "বিলিয়ন"), 1e9),
    (("खरब",), 1e11),
    (("trillion", "trillions", "tn", "ट्रिलियन", "billones", "billion de"), 1e12),
):
    for _w in _words:
        SCALES[_w] = _value
SCALES.pop("billion de")
SCALES = _with_spellings(SCALES)

CURRENCY_WORDS: dict[str, str] = {}
for _words, _code in (
    (("us dollars", "us dollar", "u.s. dollars", "dollars", "dollar", "डॉलर", "डालर", "dólares", "dólar",
      "dollars américains", "us-dollar", "usd", "ডলার", "ডলারের"), "USD"),
    (("rupees", "rupee", "रुपये", "रुपए", "रुपया", "रुपयों", "inr", "টাকা"), "RUPEE"),
    (("euros", "euro", "यूरो", "eur"), "EUR"),
    (("pounds", "pound", "पाउंड", "gbp"), "GBP"),
):
    for _w in _words:
        CURRENCY_WORDS[_w] = _code
CURRENCY_WORDS = _with_spellings(CURRENCY_WORDS)
CURRENCY_SYMBOLS = {"us$": "USD", "$": "USD", "usd": "USD", "₹": "RUPEE", "rs.": "RUPEE", "rs": "RUPEE",
                    "inr": "RUPEE", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP"}
PERCENT_WORDS = ("%", "percent", "per cent", "प्रतिशत", "फ़ीसदी", "फीसदी", "por ciento", "pour cent", "prozent",
                 "por cento", "শতাংশ")
PERCENT_WORDS = tuple(sorted({v for w in PERCENT_WORDS for v in _spellings(w)}))
PEOPLE_WORDS = ("people", "persons", "person", "lives", "lakh people", "लोग", "लोगों", "व्यक्ति", "व्यक्तियों",
                "personas", "personnes", "menschen", "pessoas", "জন", "মানুষ")
UNIT_WORDS = {"km": "km", "kilometres": "km", "kilometers": "km", "किलोमीटर": "km", "kilómetros": "km",
              "metres": "m", "meters": "m", "metros": "m", "meter": "m", "मीटर": "m", "মিটার": "m",
              "tonnes": "t", "tons": "t", "टन": "t", "mw": "MW", "megawatts": "MW", "मेगावाट": "MW"}

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "एक": 1, "दो": 2, "तीन": 3, "चार": 4, "पांच": 5, "पाँच": 5, "छह": 6, "सात": 7, "आठ": 8, "नौ": 9, "दस": 10,
    "uno": 1, "un": 1, "una": 1, "dos": 2, "tres": 3, "nueve": 9, "diez": 10,
    "ein": 1, "eine": 1, "zwei": 2, "drei": 3, "neun": 9, "zehn": 10, "deux": 2, "trois": 3, "neuf": 9, "dix": 10,
    "ডেড়": 1.5, "डेढ़": 1.5, "ढाई": 2.5,
}
FRACTION_PREFIX = _with_spellings({"साढ़े": 0.5, "सवा": 0.25, "पौने": -0.25})
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
      "aproximadamente", "alrededor de", "environ", "près de", "etwa", "rund", "ungefähr", "cerca de", "প্রায়"),
     Bound.about),
    (("nearly", "almost", "close to", "just under", "casi", "presque", "fast", "quase"), Bound.nearly),
    (("more than", "over", "at least", "above", "upwards of", "in excess of", "más de", "plus de", "mehr als",
      "über", "mais de", "से अधिक", "से ज्यादा", "से ज़्यादा", "से ऊपर", "से अधिक की", "से ज़्यादा की",
      "से ज्यादा की", "के पार", "এর বেশি", "বেশি"), Bound.more_than),
    (("less than", "under", "fewer than", "up to", "below", "at most", "menos de", "hasta", "moins de",
      "jusqu'à", "weniger als", "bis zu", "menos de", "से कम", "तक"), Bound.less_than),
):
    for _w in _words:
        QUALIFIERS[_w] = _bound
QUALIFIERS = _with_spellings(QUALIFIERS)
POST_QUALIFIERS = {k: v for k, v in QUALIFIERS.items() if k.startswith(("से ", "के ", "এর ", "তক", "বেশি")) or k in ("तक", "বেশি")}
PRE_QUALIFIERS = {k: v for k, v in QUALIFIERS.items() if k not in POST_QUALIFIERS}

MONTHS = {
    1: ("january", "jan", "जनवरी", "enero", "janvier", "januar", "janeiro", "জানুয়ারি"),
    2: ("february", "feb", "फ़रवरी", "फरवरी", "फ़रवरी", "febrero", "février", "februar", "fevereiro", "ফেব্রুয়ারি"),
    3: ("march", "mar", "मार्च", "marzo", "mars", "märz", "março", "মার্চ"),
    4: ("april", "apr", "अप्रैल", "abril", "avril", "এপ্রিল"),
    5: ("may", "मई", "mayo", "mai", "maio", "মে"),
    6: ("june", "jun", "जून", "junio", "juin", "juni", "junho", "জুন"),
    7: ("july", "jul", "जुलाई", "julio", "juillet", "juli", "julho", "জুলাই"),
    8: ("august", "aug", "अगस्त", "agosto", "août", "আগস্ট"),
    9: ("september", "sep", "sept", "सितंबर", "सितम्बर", "septiembre", "septembre", "setembro", "সেপ্টেম্বর"),
    10: ("october", "oct", "अक्टूबर", "अक्तूबर", "octubre", "octobre", "oktober", "outubro", "অক্টোবর"),
    11: ("november", "nov", "नवंबर", "नवम्बर", "noviembre", "novembre", "novembro", "নভেম্বর"),
    12: ("december", "dec", "दिसंबर", "दिसम्बर", "diciembre", "décembre", "dezember", "dezembro", "ডিসেম্বর"),
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


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_END = r"(?![\p{L}\p{M}\p{N}])"  # a word boundary that knows Devanagari vowel signs are part of words
_START = r"(?<![\p{L}\p{M}\p{N}])"
_NUM = r"\d+(?:[.,]\d+)*"
_QUANTITY = re.compile(
    rf"""
    (?:(?P<pre>{_alternation(PRE_QUALIFIERS)})\s+)?
    (?:(?P<cur_pre>{_alternation(CURRENCY_SYMBOLS)})\s?)?
    (?:(?P<frac>{_alternation(FRACTION_PREFIX)})\s+)?
    (?:(?P<num>(?<![\d.,])(?<![\p{{L}}\p{{M}}]-?){_NUM}(?![\d]))|(?P<word>{_START}(?:{_alternation(NUMBER_WORDS)}){_END}))
    (?:\s?(?P<scale>(?:{_alternation(SCALES)})){_END})?
    (?:\s?(?:de\s+|d['’])?(?P<cur_post>(?:{_alternation(CURRENCY_WORDS)})){_END})?
    (?:\s?(?P<pct>%|(?:{_alternation(w for w in PERCENT_WORDS if w != '%')}){_END}))?
    (?:\s+(?P<post>(?:{_alternation(POST_QUALIFIERS)})){_END})?
    (?:\s+(?:de\s+)?(?P<unit>(?:{_alternation(list(PEOPLE_WORDS) + list(UNIT_WORDS))})){_END})?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_MONTH = _alternation(MONTH_OF)
_DATE = re.compile(
    rf"""
    (?P<dmy>{_START}(?P<d1>\d{{1,2}})(?:st|nd|rd|th|\.|er)?\s+(?:de\s+)?(?P<m1>{_MONTH}){_END}\.?
        (?:,?\s+(?:de\s+)?(?P<y1>\d{{4}}){_END})?)
    |(?P<mdy>{_START}(?P<m2>{_MONTH}){_END}\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?{_END}(?:,?\s+(?P<y2>\d{{4}}){_END})?)
    |(?P<my>{_START}(?P<m3>{_MONTH}){_END}\.?,?\s+(?:de\s+)?(?P<y3>\d{{4}}){_END})
    |(?P<wd>{_START}(?:{_alternation(WEEKDAYS)}){_END})
    """,
    re.VERBOSE | re.IGNORECASE,
)
_MAX_DIGITS = 30


# --------------------------------------------------------------------------- value objects


@attrs.frozen(slots=True)
class Quantity:
    """An amount stated in a text, read as the interval ``[low, high]`` of values it allows."""

    text: str
    start: int
    end: int
    value: float
    low: float
    high: float
    kind: str  # "money", "percent", "people", "unit", "number"
    unit: str | None
    bound: Bound = Bound.exact

    def comparable(self, other: Quantity) -> bool:
        """Like with like: money in the same currency, percent with percent, people with people.

        A bare count may stand for people ("killed more than 1,700" against
        "1,700 से अधिक लोगों की जान गई"), so "number" and "people" compare.
        """
        if {self.kind, other.kind} == {"number", "people"}:
            return True
        return self.kind == other.kind and self.unit == other.unit

    def agrees(self, other: Quantity) -> bool:
        """The intervals overlap (touching at a rounding edge, as "8 billion" and "9 billion" do, is not enough)."""
        return self.low < other.high and other.low < self.high

    def describe(self) -> str:
        qualifier = "" if self.bound is Bound.exact else f"{self.bound.value} "
        unit = {"percent": "%"}.get(self.kind, f" {self.unit}" if self.unit else "")
        return f"{qualifier}{format_value(self.value)}{unit}".strip()

    def to_dict(self) -> dict:
        return {"text": self.text, "value": self.value, "low": self.low, "high": self.high,
                "kind": self.kind, "unit": self.unit, "bound": self.bound.value, "as": self.describe()}


@attrs.frozen(slots=True)
class DateMention:
    """A date stated in a text: year, month and day where given (partial dates leave them None)."""

    text: str
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None

    def comparable(self, other: DateMention) -> bool:
        if self.month is None or other.month is None:
            return False
        return (self.day is None) == (other.day is None)

    def agrees(self, other: DateMention) -> bool:
        if self.year is not None and other.year is not None and self.year != other.year:
            return False
        return self.month == other.month and self.day == other.day

    def describe(self) -> str:
        month = dt.date(2000, self.month, 1).strftime("%B") if self.month else ""
        return " ".join(str(p) for p in (self.day, month, self.year) if p)

    def to_dict(self) -> dict:
        return {"text": self.text, "year": self.year, "month": self.month, "day": self.day, "as": self.describe()}


def format_value(value: float) -> str:
    """9e9 -> "9 billion", 1.5e7 -> "15 million", 1739 -> "1,739", 6.5 -> "6.5"."""
    for scale, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{value / scale:.4g} {name}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:.4g}"


# --------------------------------------------------------------------------- reading numbers


def ascii_digits(text: str) -> str:
    """Replace decimal digits of every script by ASCII digits (one character for one, offsets stay)."""
    out = []
    for ch in text:
        if ch.isdigit() and not ("0" <= ch <= "9"):
            d = unicodedata.decimal(ch, None)
            out.append(str(d) if d is not None else ch)
        else:
            out.append(ch)
    return "".join(out)


def parse_number(raw: str, language: str | None = None) -> tuple[float, float] | None:
    """Read a digit string with separators; return (value, unit of its last digit) or None if unreadable.

    "1,739" -> 1739; "12,00,000" -> 1200000; "6.5" -> 6.5; "7,8" -> 7.8; "9.000" -> 9000 in
    languages that group with dots, else 9.0; "1,2,3" -> None; more than 30 digits -> None.
    """
    digits = sum(ch.isdigit() for ch in raw)
    if digits == 0 or digits > _MAX_DIGITS:
        return None
    s = raw
    if "," in s and "." in s:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        s = s.replace(thousands, "").replace(decimal, ".")
        if s.count(".") > 1:
            return None
    elif "," in s:
        head, *groups = s.split(",")
        western = all(len(g) == 3 for g in groups) and 1 <= len(head) <= 3
        indian = len(groups) >= 2 and len(groups[-1]) == 3 and all(len(g) == 2 for g in groups[:-1]) and len(head) <= 2
        if western or indian:
            s = s.replace(",", "")
        elif len(groups) == 1:
            s = f"{head}.{groups[0]}"
        else:
            return None
    elif "." in s:
        head, *groups = s.split(".")
        if len(groups) > 1:
            if all(len(g) == 3 for g in groups) and 1 <= len(head) <= 3:
                s = s.replace(".", "")
            else:
                return None
        elif (language or "")[:2] in DOT_THOUSANDS and len(groups[0]) == 3:
            s = s.replace(".", "")
    try:
        value = float(s)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    if "." in s:
        step = 10.0 ** -len(s.split(".")[1])
    else:
        stripped = s.lstrip("0") or "0"
        zeros = len(stripped) - len(stripped.rstrip("0")) if stripped != "0" else 0
        step = 10.0 ** zeros
    return value, step


def _interval(value: float, step: float, bound: Bound) -> tuple[float, float]:
    """The values a stated number allows, given its rounding step and qualifier."""
    half = step / 2
    low, high = value - half, value + half
    if bound is Bound.about:
        low, high = min(low, value * 0.9), max(high, value * 1.1)
    elif bound is Bound.nearly:
        low, high = min(low, value * 0.85), value + half
    elif bound is Bound.more_than:
        low, high = value, max(high, value * 1.2)
    elif bound is Bound.less_than:
        low, high = 0.0, value
    return low, high


def _spans(items: Iterable[object]) -> list[tuple[int, int]]:
    return [(i.start, i.end) for i in items]  # type: ignore[attr-defined]


def extract_dates(text: str, *, language: str | None = None, reference: dt.date | None = None) -> list[DateMention]:
    """Dates stated in ``text``, normalised with dateparser (weekdays and partial dates relative to ``reference``)."""
    if not text:
        return []
    norm = ascii_digits(text)
    found: list[DateMention] = []
    for m in _DATE.finditer(norm):
        surface = text[m.start() : m.end()]
        if m.group("wd"):
            follow = norm[m.end() : m.end() + 30]
            if reference is None or _DATE.match(follow.lstrip(" (,")) or re.match(r"\s*\(?\s*\d", follow):
                continue  # an explicit date follows (or nothing to resolve against)
            parsed = _dateparse(surface, language, reference)
            if parsed:
                found.append(DateMention(surface, m.start(), m.end(), parsed.year, parsed.month, parsed.day))
            continue
        day = m.group("d1") or m.group("d2")
        month_name = (m.group("m1") or m.group("m2") or m.group("m3")).lower()
        year = m.group("y1") or m.group("y2") or m.group("y3")
        month = MONTH_OF.get(month_name)
        if month is None or (day and not 1 <= int(day) <= 31):
            continue
        if month_name == "may" and not day and not year:
            continue
        expression = " ".join(p for p in (day, dt.date(2000, month, 1).strftime("%B"), year) if p)
        parsed = _dateparse(expression, "en", reference)
        if parsed is None:
            continue
        found.append(DateMention(surface, m.start(), m.end(), int(year) if year else None, month,
                                 parsed.day if day else None))
    return found


def _dateparse(expression: str, language: str | None, reference: dt.date | None) -> dt.datetime | None:
    import dateparser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if reference is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(reference, dt.time())
    languages = list(dict.fromkeys([l for l in ((language or "")[:2], "en") if l]))
    try:
        return dateparser.parse(expression, languages=languages, settings=settings)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input; treat as no date
        return None


def extract_quantities(text: str, *, language: str | None = None,
                       dates: list[DateMention] | None = None) -> list[Quantity]:
    """Amounts stated in ``text`` (money, percentages, people, units, plain numbers), dates and years excluded."""
    if not text:
        return []
    norm = ascii_digits(text)
    if dates is None:
        dates = extract_dates(text, language=language)
    taken = _spans(dates)
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(norm):
        if any(m.start("num" if m.group("num") else "word") < e and s < m.end("num" if m.group("num") else "word")
               for s, e in taken):
            continue
        if m.group("num"):
            if norm[m.end("num") : m.end("num") + 1] in ("^", "/") or norm[max(0, m.start("num") - 1)] in ("^", "/"):
                continue  # "10^999", "3/4", "1/2": not plain amounts
            scale_word = (m.group("scale") or "").lower()
            parsed = parse_number(m.group("num"), "de" if scale_word in DOT_THOUSANDS_SCALES else language)
            if parsed is None:
                continue
            value, step = parsed
        else:
            value = float(NUMBER_WORDS[m.group("word").lower()])
            step = 1.0 if value == int(value) else 0.25
            if not (m.group("scale") or m.group("cur_post") or m.group("cur_pre") or m.group("pct")):
                continue  # "एक" alone is just "a"
        if m.group("frac"):
            value += FRACTION_PREFIX[m.group("frac")]
            step = 0.25
        scale = SCALES.get((m.group("scale") or "").lower(), 1.0)
        currency = CURRENCY_SYMBOLS.get((m.group("cur_pre") or "").lower()) or CURRENCY_WORDS.get(
            (m.group("cur_post") or "").lower())
        unit_word = (m.group("unit") or "").lower()
        if currency:
            kind, unit = "money", currency
        elif m.group("pct"):
            kind, unit = "percent", "%"
        elif unit_word in PEOPLE_WORDS:
            kind, unit = "people", "people"
        elif unit_word:
            kind, unit = "unit", UNIT_WORDS[unit_word]
        else:
            kind, unit = "number", None
        if kind == "number" and scale == 1.0 and "." not in m.group("num") and "," not in m.group("num") \
                and 1800 <= value <= 2100 and len(m.group("num")) == 4:
            continue  # a bare year
        bound = Bound.exact
        qualifier = (m.group("pre") or m.group("post") or "").lower()
        if qualifier:
            bound = QUALIFIERS.get(qualifier, Bound.exact)
        low, high = _interval(value, step, bound)
        total = value * scale
        if not math.isfinite(total):
            continue
        out.append(Quantity(text=text[m.start() : m.end()].strip(), start=m.start(), end=m.end(), value=total,
                            low=low * scale, high=high * scale, kind=kind, unit=unit, bound=bound))
    return out
