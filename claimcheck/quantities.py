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
- small number words and fractions before a scale, currency or unit: one/एक/nine/नौ/cinco/পাঁচ,
  डेढ़ 1.5, ढाई 2.5, साढ़े N (N + 0.5), सवा N (N + 0.25), पौने N (N - 0.25) ("un jour", an article before
  a unit, is not an amount);
- currencies ($, US$, USD, US dollars, डॉलर, ₹, Rs, रुपये, €, £ ...),
  percentages (%, percent, प्रतिशत, फ़ीसदी), people, a few units and durations (days, hours, minutes).

Dates are found here too (day-month-year, month-day-year, month-year and
weekdays, in English, Hindi, Spanish, French, German and Portuguese) and
normalised with ``dateparser``, relative to the article's own date when it is
given. Free-text date search is never run over whole sentences.

Numbers that are parts of dates, and bare years, are not quantities.
:func:`compare` sets the values of one text against another's, like with
like (kinds, units and roles), as verdicts and the value re-ranking use them.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable, Sequence

import attrs
import regex as re

from .text import ascii_digits
from .vocabulary import (  # noqa: F401 - MONTHS and the rest re-exported: the tables quantities reads
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DOT_THOUSANDS,
    DOT_THOUSANDS_SCALES,
    EXACT_WORDS,
    FRACTION_PREFIX,
    MAGNITUDE_WORDS,
    MONTH_OF,
    MONTHS,
    NOT_UNITS,
    NUMBER_WORDS,
    PEOPLE_WORDS,
    PERCENT_WORDS,
    POST_QUALIFIERS,
    PRE_QUALIFIERS,
    QUALIFIERS,
    ROLES,
    SCALES,
    UNIT_NUMBER_WORD_LANGUAGES,
    UNIT_WORDS,
    WEEKDAYS,
    Bound,
)

# --------------------------------------------------------------------------- vocabularies (claimcheck/vocabulary.py)

def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_END = r"(?![\p{L}\p{M}\p{N}])"  # a word boundary that knows Devanagari vowel signs are part of words
_START = r"(?<![\p{L}\p{M}\p{N}])"
_SUFFIXING = re.compile(r"[\p{Tamil}\p{Bengali}\p{Devanagari}]")


def _stem(word: str) -> str | None:
    """The part of a word that inflected forms keep, for scripts whose words take suffixes; None for others.

    Tamil, Bengali and Marathi attach case endings ("செப்டம்பரில்" = in September, "কোটির", "कोटींचा"); a
    Tamil word ending in a virama drops it before a suffix. Words of one or two letters never take a suffix
    here ("मे" is May in Marathi, and the start of "मेगावाट").
    """
    if len(word) < 3 or not _SUFFIXING.search(word) or word in EXACT_WORDS:
        return None
    return word[:-1] if word.endswith("\u0bcd") else word


def _words(words: Iterable[str]) -> str:
    """A regex for any of ``words`` as a whole word, inflected forms included where the script has them."""
    words = set(words)
    stems = {w for w in words if _stem(w) is not None}
    plain = _alternation(words - stems)
    inflected = _alternation({_stem(w) for w in stems})  # type: ignore[misc]
    parts = [f"(?:{plain}){_END}"] if plain else []
    if inflected:
        parts.append(rf"(?:{inflected})[\p{{L}}\p{{M}}]*")
    return "(?:" + "|".join(parts) + ")"


def _lookup(table: dict[str, object], found: str) -> object | None:
    """The table's entry for a word as found in text (lower-cased; inflected forms map to their stem's entry)."""
    found = found.lower()
    if found in table:
        return table[found]
    best = None
    for key in table:
        stem = _stem(key)
        if stem is not None and found.startswith(stem) and (best is None or len(stem) > len(_stem(best) or "")):
            best = key
    return table[best] if best is not None else None


_NUM = r"\d+(?:[.,]\d+)*"
_NOT_UNIT = rf"(?:{_alternation(NOT_UNITS)})"  # "2024 लोकसभा": not "लोक" (people) inflected
_QUANTITY = re.compile(
    rf"""
    (?:(?P<pre>{_alternation(PRE_QUALIFIERS)})\s+)?
    (?:(?P<cur_pre>{_alternation(CURRENCY_SYMBOLS)})\s?)?
    (?:(?P<frac>{_alternation(FRACTION_PREFIX)})\s+)?
    (?:(?P<num>(?<![\d,])(?<!\d\.)(?<![\p{{L}}\p{{M}}]-?){_NUM}(?![\d]))|(?P<word>{_START}(?:{_alternation(NUMBER_WORDS)}){_END}))
    (?:\s?(?P<scale>{_words(SCALES)})
        (?:\s?(?P<scale2>{_words(SCALES)}))?
        (?P<compound>(?:\s+(?:and\s+|और\s+|व\s+|ও\s+|و\s?)?\d+(?:[.,]\d+)?\s?{_words(w for w, v in SCALES.items() if v in (1e3, 1e5))})*
            (?:(?<=(?:{_words(w for w, v in SCALES.items() if v == 1e3)}))\s+\d{{1,3}}(?![\d.,]))?)
        (?:\s?(?P<outer>{_words(w for w, v in SCALES.items() if v >= 1e7)}))?
    )?
    (?:\s?(?:de\s+|d['’])?(?P<cur_post>{_words(CURRENCY_WORDS)}))?
    (?:\s?(?P<pct>%|٪|{_words(w for w in PERCENT_WORDS if w not in ('%', '٪'))}))?
    (?:\s*-?\s*(?P<post>{_words(POST_QUALIFIERS)}))?
    (?:(?:\s+|-)(?:de\s+)?(?!{_NOT_UNIT})(?P<unit>{_words(list(PEOPLE_WORDS) + list(UNIT_WORDS))})
        (?:\s*(?P<post_unit>{_words(POST_QUALIFIERS)}))?)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_COMPOUND_PART = re.compile(rf"(?P<num>\d+(?:[.,]\d+)?)(?:\s?(?P<scale>{_words(SCALES)}))?", re.IGNORECASE)
_PER_HOUR = re.compile(r"\s*(?:/\s*h(?![\p{L}])|per hour|an hour|pro stunde|por hora|à l'heure|par heure|प्रति घंटा|"
                       r"प्रति तास|في الساعة|প্রতি ঘণ্টা|ঘণ্টায়|மணிக்கு|فی گھنٹہ)", re.IGNORECASE)
_REACHED = re.compile(r"\s*(?:पहुँच|पहुंच|पहुच|जा पहुँच|जा पहुंच)")
"""After "X तक": the count reached X (exact), not "up to X"."""
_YEAR_RANGE = re.compile(rf"{_START}(?:1[89]|20)\d\d\s?[-–/]\s?(?:\d\d|(?:1[89]|20)\d\d){_END}")
"""A fiscal or season year range ("2024-25", "2024-2025"): neither a date nor an amount."""
_SPACE_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d]|[.,]\d)")
SPACE_GROUPING = {"fr", "pt", "es", "de", "ru", "pl", "cs", "sv", "nb", "fi", "uk", "it"}
"""Languages whose press groups thousands with a space ("2 946 morts"); a no-break space groups in any language."""
_MONTH = _words(MONTH_OF)
_ORDINAL = r"(?:st|nd|rd|th|\.º|\.ª|\.|er|º|ª|°|o|-?ஆம்|লা|রা|ঠা|ই|শে)?"  # Bengali: ১লা, ২রা, ৪ঠা, ৮ই, ২১শে
_ALSO_MONTH = rf"(?:\s*[/(]\s*{_MONTH}(?:\s*\))?)?"  # Arabic press gives both names: "8 سبتمبر/أيلول 2023"
_DATE = re.compile(
    rf"""
    (?P<dmy>{_START}(?P<d1>\d{{1,2}}){_ORDINAL}\s+(?:de\s+)?(?P<m1>{_MONTH})\.?{_ALSO_MONTH}
        (?:,?\s+(?:de\s+|del\s+)?(?P<y1>\d{{4}}){_END})?)
    |(?P<mdy>{_START}(?P<m2>{_MONTH})\.?{_ALSO_MONTH}\s+(?P<d2>\d{{1,2}}){_ORDINAL}{_END}(?:,?\s+(?P<y2>\d{{4}}){_END})?)
    |(?P<my>{_START}(?P<m3>{_MONTH})\.?{_ALSO_MONTH},?\s+(?:de\s+|del\s+)?(?P<y3>\d{{4}}){_END})
    |(?P<wd>{_START}(?:{_alternation(WEEKDAYS)}){_END})
    |(?P<ym>{_START}(?P<y4>(?:1[89]|20)\d\d)\s+(?:[\p{{L}}\p{{M}}]+\s+){{0,2}}?(?P<m4>{_MONTH})\.?
        (?:\s+(?P<d4>\d{{1,2}}){_ORDINAL}{_END})?)
    |(?P<yo>{_START}(?:1[89]|20)\d\d{_END})
    """,
    re.VERBOSE | re.IGNORECASE,
)
_MAX_DIGITS = 30
_CLOCK = re.compile(r"(?<![\d.,:])\d{1,2}(?::\d{2}(?:\s*[ap]\.?\s?m\.?(?![\p{L}]))?|\s?h\s?\d{2}|"
                    r"(?:[.:]\d{2})?\s*(?:बजे|वाजता|மணிக்கு|টায়|টার সময়|بجے|uhr)(?![\p{L}]))"
                    r"(?![\d])", re.IGNORECASE)
"""A time of day ("4:10 p.m.", "à 20 h 11", "11.11 மணிக்கு", "रात 10 बजे", "um 16.10 Uhr"): neither an amount
nor a date."""
_DAY_BEFORE = re.compile(r"(?<![\d.,:\-–])(\d{1,2})\s*(?:and|&|और|व|ও|আর|y|e|et|und|و)\s*$", re.IGNORECASE)
"""A bare day listed before a dated one: the "30" of "30 and 31 July", "30 और 31 जुलाई"."""


# --------------------------------------------------------------------------- value objects


_ROLE_OF = {word: role for role, words in ROLES.items() for word in words}
DATE_ROLES = frozenset({"launch", "landing"})
_COUNT_ROLE_WORDS = re.compile(rf"{_START}{_words(w for w, r in _ROLE_OF.items() if r not in DATE_ROLES)}",
                               re.IGNORECASE)
_DATE_ROLE_WORDS = re.compile(rf"{_START}{_words(w for w, r in _ROLE_OF.items() if r in DATE_ROLES)}", re.IGNORECASE)
_MAGNITUDE = re.compile(rf"{_START}{_words(MAGNITUDE_WORDS)}", re.IGNORECASE)
_AMOUNT_AFTER = re.compile(
    rf"\s?(?!{_NOT_UNIT})(?:{_words(list(PEOPLE_WORDS) + list(UNIT_WORDS) + list(CURRENCY_WORDS) + list(SCALES) + list(_ROLE_OF))}"
    r"|%|٪)",
    re.IGNORECASE)
# A value's role word is looked for in its own clause: up to punctuation or a conjunction ("killed 90 and injured
# 100", "2,946 लोगों की मौत हुई, जबकि 5,674 घायल हुए").
_CLAUSE_BREAK = re.compile(
    r"[;:.!?।॥؛]\s|,\s|\s(?:and|but|while|whereas|और|तथा|एवं|जबकि|आणि|तर|ও|এবং|আর|மற்றும்|اور|جبکہ|y|e|und|et|mais|"
    r"aber|pero|mientras|während|tandis)\s")
_ROLE_REACH = 60  # characters either side of a value in which its role word is looked for


def _role_near(text: str, start: int, end: int, *, date: bool = False) -> str | None:
    """The role of a value: the role word nearest to it within its clause (None when there is none)."""
    left = max(0, start - _ROLE_REACH)
    right = min(len(text), end + _ROLE_REACH)
    for b in _CLAUSE_BREAK.finditer(text, left, start):
        left = b.end()
    b = _CLAUSE_BREAK.search(text, end, right)
    if b:
        right = b.start()
    best: tuple[int, str] | None = None
    for m in (_DATE_ROLE_WORDS if date else _COUNT_ROLE_WORDS).finditer(text, left, right):
        distance = start - m.end() if m.end() <= start else m.start() - end
        role = _lookup(_ROLE_OF, m.group())
        if role is not None and distance >= 0 and (best is None or distance < best[0]):
            best = (distance, str(role))
    return best[1] if best else None


def _same_order(a: float, b: float, factor: float = 10.0) -> bool:
    """Whether two values are within ``factor`` of each other (both positive)."""
    return a > 0 and b > 0 and max(a, b) / min(a, b) < factor


def _roles_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


@attrs.frozen(slots=True)
class Quantity:
    """An amount stated in a text, read as the interval ``[low, high]`` of values it allows."""

    text: str
    start: int
    end: int
    value: float
    low: float
    high: float
    kind: str  # "money", "percent", "people", "unit", "magnitude", "number"
    unit: str | None
    bound: Bound = Bound.exact
    role: str | None = None
    """What the value counts, when a word near it says so: "dead", "injured", ... (see :data:`ROLES`)."""

    def comparable(self, other: Quantity) -> bool:
        """Like with like: money in the same currency, percent with percent, people with people.

        A bare number may stand for people or an amount whose unit an earlier
        word gave ("killed more than 1,700" against "1,700 से अधिक लोगों की
        जान गई"), so "number" compares with any kind but percentages and
        magnitudes and measures with a unit, when the two are within a factor of
        ten. Counts of
        different things ("90 killed", "100 injured") never compare.
        """
        if not _roles_agree(self.role, other.role):
            return False
        if self.kind == other.kind and self.unit == other.unit:
            return True
        counts = {"number", "money", "people"} | ({"unit"} if {self.unit, other.unit} & COUNT_UNITS else set())
        if "number" in (self.kind, other.kind) and {self.kind, other.kind} <= counts:
            # a bare number takes its unit from its context ("4,1 milliards de dollars ... 7,8 milliards"), but a
            # count a hundred times larger or smaller is another quantity, not a misreported one
            return _same_order(self.value, other.value)
        return False

    def agrees(self, other: Quantity) -> bool:
        """The intervals overlap (touching at a rounding edge, as "8 billion" and "9 billion" do, is not enough)."""
        return self.low < other.high and other.low < self.high

    def describe(self) -> str:
        qualifier = "" if self.bound is Bound.exact else f"{self.bound.value} "
        unit = {"percent": "%"}.get(self.kind, f" {self.unit}" if self.unit else "")
        if self.unit in _COUNTED_UNITS and self.value != 1:
            unit += "s"  # "5 days"
        prefix = "magnitude " if self.kind == "magnitude" else ""
        role = f" ({self.role})" if self.role else ""
        return f"{qualifier}{prefix}{format_value(self.value)}{unit}{role}".strip()

    def to_dict(self) -> dict:
        return {"text": self.text, "value": self.value, "low": self.low, "high": self.high,
                "kind": self.kind, "unit": self.unit, "bound": self.bound.value, "role": self.role,
                "as": self.describe()}


@attrs.frozen(slots=True)
class DateMention:
    """A date stated in a text: year, month and day where given (partial dates leave them None)."""

    text: str
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    role: str | None = None
    """What happened on the date, when a word near it says so: "launch", "landing", ... (see :data:`ROLES`)."""

    @property
    def precise(self) -> bool:
        """A full day (with or without its year): strong enough alone to support a claim."""
        return self.day is not None and self.month is not None

    def comparable(self, other: DateMention) -> bool:
        """Dates compare on what both state: "2023" with "23 August 2023", "March" with "9 March 2023".

        A year alone compares with any date that has a year; a day without a
        month never occurs. Dates of different known roles (a launch, a
        landing) never compare.
        """
        if not _roles_agree(self.role, other.role):
            return False
        return (self.year is not None and other.year is not None) or (
            self.month is not None and other.month is not None)

    def agrees(self, other: DateMention) -> bool:
        """Equal on every part both state (a coarser date agrees with a finer one inside it)."""
        for mine, theirs in ((self.year, other.year), (self.month, other.month), (self.day, other.day)):
            if mine is not None and theirs is not None and mine != theirs:
                return False
        return True

    def describe(self) -> str:
        month = dt.date(2000, self.month, 1).strftime("%B") if self.month else ""
        role = f" ({self.role})" if self.role else ""
        return " ".join(str(p) for p in (self.day, month, self.year) if p) + role

    def to_dict(self) -> dict:
        return {"text": self.text, "year": self.year, "month": self.month, "day": self.day, "role": self.role,
                "as": self.describe()}


COUNT_UNITS = frozenset({"seat", "run", "wicket", "ball", "over", "goal"})
"""Units that count things a bare number may stand for ("76 off 59 balls" is 76 runs): compared with bare numbers."""
_COUNTED_UNITS = COUNT_UNITS | {"day", "hour", "minute"}  # said in the plural: "5 days", "76 runs"


def format_value(value: float) -> str:
    """9e9 -> "9 billion", 1.5e7 -> "15 million", 1739 -> "1,739", 6.5 -> "6.5"."""
    for scale, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{value / scale:.4g} {name}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:.4g}"


# --------------------------------------------------------------------------- reading numbers


_SEPARATORS = str.maketrans({"\u066b": ".", "\u066c": ",", "\u0640": " "})
"""Arabic decimal and thousands separators; the tatweel that joins a prefix to a number ("بـ٢٠٣" = with 203)."""


def _numeric(text: str, language: str | None = None) -> str:
    """``text`` with ASCII digits and separators (one character for one, offsets stay): "٦٫٨" -> "6.8",
    and "2 946" -> "2,946" where a space groups thousands (see :data:`SPACE_GROUPING`)."""
    norm = ascii_digits(text).translate(_SEPARATORS)
    spaces = " \u00a0\u202f\u2009" if (language or "")[:2] in SPACE_GROUPING else "\u00a0\u202f\u2009"

    def group(m: re.Match) -> str:
        return "".join("," if ch in spaces else ch for ch in m.group())

    return _SPACE_GROUPED.sub(group, norm) if any(ch in norm for ch in spaces) else norm


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


ROUNDING_TOLERANCE = 0.15
"""The most a round number may stand for beyond itself: "1 lakh" is 85,000-115,000, not 50,000-150,000."""


def _interval(value: float, step: float, bound: Bound) -> tuple[float, float]:
    """The values a stated number allows, given its rounding step and qualifier."""
    half = min(step / 2, abs(value) * ROUNDING_TOLERANCE) if value else step / 2
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


def _spans_of(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _spans(items: Iterable[object]) -> list[tuple[int, int]]:
    return [(i.start, i.end) for i in items]  # type: ignore[attr-defined]


def extract_dates(text: str, *, language: str | None = None, reference: dt.date | None = None) -> list[DateMention]:
    """Dates stated in ``text``, normalised with dateparser (weekdays and partial dates relative to ``reference``).

    A year alone ("in 2023") is a date of year precision; a year just before a
    day and month ("2023 সালের ৯ জানুয়ারি", "2023 ஆம் ஆண்டு செப்டம்பர் 8") is that date's year.
    """
    if not text:
        return []
    norm = _numeric(text, language)
    ranges = _spans_of(_YEAR_RANGE, norm)
    found: list[DateMention] = []
    pending_year: tuple[int, int, int] | None = None  # (year, start, end) of a year-only match
    for m in _DATE.finditer(norm):
        surface = text[m.start() : m.end()]
        if m.group("yo") or m.group("ym"):
            if any(s <= m.start() < e for s, e in ranges):
                continue  # a fiscal year "2024-25" is not a date
        if m.group("yo"):
            if _AMOUNT_AFTER.match(norm, m.end()) or norm[max(0, m.start() - 1) : m.start()] in ("$", "€", "£", "₹"):
                continue  # "2000 people", "$2019": an amount, not a year
            if pending_year is not None:
                found.append(_year_only(text, *pending_year))
            pending_year = (int(m.group("yo")), m.start(), m.end())
            continue
        if m.group("wd"):
            follow = norm[m.end() : m.end() + 30]
            if reference is None or _DATE.match(follow.lstrip(" (,")) or re.match(r"\s*\(?\s*\d", follow):
                continue  # an explicit date follows (or nothing to resolve against)
            parsed = _dateparse(surface, language, reference)
            if parsed:
                found.append(DateMention(surface, m.start(), m.end(), parsed.year, parsed.month, parsed.day,
                                         _role_near(norm, m.start(), m.end(), date=True)))
            continue
        day = m.group("d1") or m.group("d2") or m.group("d4")
        month_name = (m.group("m1") or m.group("m2") or m.group("m3") or m.group("m4")).lower()
        year = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4")
        month = _lookup(MONTH_OF, month_name)
        if month is None or (day and not 1 <= int(day) <= 31):
            continue
        if month_name == "may" and not day and not year:
            continue
        start = m.start()
        if pending_year is not None:
            gap = norm[pending_year[2] : m.start()]
            if not year and day and len(gap) <= 25 and not re.search(r"[\d,;.]", gap):
                year, start = str(pending_year[0]), pending_year[1]  # "2023 সালের ৯ জানুয়ারি"
            else:
                found.append(_year_only(text, *pending_year))
            pending_year = None
        if day and not _valid_day(int(year) if year else None, int(month), int(day)):
            continue  # "31 June", "29 February 2023"
        listed = _DAY_BEFORE.search(norm, max(0, start - 12), start) if m.group("dmy") else None
        if listed and _valid_day(int(year) if year else None, int(month), int(listed.group(1))):
            found.append(DateMention(text[listed.start(1) : listed.end(1)], listed.start(1), listed.end(1),
                                     int(year) if year else None, int(month), int(listed.group(1)),
                                     _role_near(norm, listed.start(1), start, date=True)))
        found.append(DateMention(text[start : m.end()], start, m.end(), int(year) if year else None, int(month),
                                 int(day) if day else None, _role_near(norm, start, m.end(), date=True)))
    if pending_year is not None:
        found.append(_year_only(text, *pending_year))
    return found


def _valid_day(year: int | None, month: int, day: int) -> bool:
    """Whether ``day`` exists in ``month`` (of ``year``, or of a leap year when no year is given)."""
    import calendar

    return 1 <= day <= calendar.monthrange(year if year else 2000, month)[1]


def _year_only(text: str, year: int, start: int, end: int) -> DateMention:
    return DateMention(text[start:end], start, end, year, None, None,
                       _role_near(_numeric(text), start, end, date=True))


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
    """Amounts stated in ``text`` (money, percentages, people, units, magnitudes, plain numbers), dates excluded.

    Indian compounds read as one amount ("3 करोड़ 30 लाख", "৩ কোটি ৩০ লাখ" = 33 million); each value
    carries the role a nearby word gives it ("killed", "घायल": see :data:`ROLES`).
    """
    if not text:
        return []
    norm = _numeric(text, language)
    if dates is None:
        dates = extract_dates(text, language=language)
    taken = _spans(dates) + _spans_of(_YEAR_RANGE, norm) + _clock_spans(norm)
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(norm):
        core = "num" if m.group("num") else "word"
        if any(m.start(core) < e and s < m.end(core) for s, e in taken):
            continue
        scale_word = (m.group("scale") or "").lower()
        scale = float(_lookup(SCALES, scale_word) or 1.0) if scale_word else 1.0  # type: ignore[arg-type]
        if m.group("scale2"):  # "48.21 लाख करोड़" (lakh crore), "5 हज़ार करोड़": the scales multiply
            scale *= float(_lookup(SCALES, m.group("scale2")) or 1.0)  # type: ignore[arg-type]
        if m.group("num"):
            if norm[m.end("num") : m.end("num") + 1] in ("^", "/") or norm[max(0, m.start("num") - 1)] in ("^", "/"):
                continue  # "10^999", "3/4", "1/2": not plain amounts
            parsed = parse_number(m.group("num"), "de" if scale_word in DOT_THOUSANDS_SCALES else language)
            if parsed is None:
                continue
            value, step = parsed
        else:
            value = float(NUMBER_WORDS[m.group("word").lower()])
            step = 1.0 if value == int(value) else 0.25
            word = m.group("word").lower()
            before_unit = m.group("unit") and value > 1 and UNIT_NUMBER_WORD_LANGUAGES.get(word, (language or "")[:2]) \
                == (language or "")[:2]
            if not (m.group("scale") or m.group("cur_post") or m.group("cur_pre") or m.group("pct") or before_unit):
                continue  # "एक" alone is just "a", "un jour" is "one day", "um dos dias" is "one of the days"
        if m.group("frac"):
            value += FRACTION_PREFIX[m.group("frac")]
            step = 0.25
        value, step, scale = _compound(m.group("compound"), m.group("outer"), value, step, scale, language)
        currency = CURRENCY_SYMBOLS.get((m.group("cur_pre") or "").lower()) or _lookup(
            CURRENCY_WORDS, m.group("cur_post") or "")
        unit_word = (m.group("unit") or "").lower()
        if currency:
            kind, unit = "money", str(currency)
        elif m.group("pct"):
            kind, unit = "percent", "%"
        elif unit_word and _lookup({w: True for w in PEOPLE_WORDS}, unit_word):
            kind, unit = "people", "people"
        elif unit_word and _lookup(UNIT_WORDS, unit_word):
            kind, unit = "unit", str(_lookup(UNIT_WORDS, unit_word))
            if unit == "hour" and _clock_time(norm, m.start(), m.end()):
                continue  # "às nove horas da manhã", "a las 10 horas": a time of day, not a duration
            if unit == "km" and _PER_HOUR.match(norm, m.end()):
                unit = "km/h"  # "260 Kilometern pro Stunde", "260 kilómetros por hora"
        else:
            kind, unit = "number", None
        if kind == "number" and scale == 1.0 and m.group("num") and "." not in m.group("num") \
                and "," not in m.group("num") and 1800 <= value <= 2100 and len(m.group("num")) == 4:
            continue  # a bare year
        if kind == "number" and scale == 1.0 and _near_magnitude_word(norm, m.start(core), m.end(core)):
            kind = "magnitude"
        bound = Bound.exact
        qualifier = (m.group("pre") or m.group("post") or m.group("post_unit") or "").lower()
        if not m.group("pre") and qualifier == "तक" and _REACHED.match(norm, m.end()):
            qualifier = ""  # "90 तक पहुँच गई": reached 90, not "up to 90"
        if qualifier:
            bound = Bound(_lookup(QUALIFIERS, qualifier) or Bound.exact)
        if scale == 1.0 and value < 100 and step > 1 and (kind == "number" or unit in COUNT_UNITS):
            step = 1.0  # "20 runs", "40 seats": a small count is exact, not a round figure for 17-23
        low, high = _interval(value, step, bound)
        total = value * scale
        if not math.isfinite(total):
            continue
        out.append(Quantity(text=text[m.start() : m.end()].strip(), start=m.start(), end=m.end(), value=total,
                            low=low * scale, high=high * scale, kind=kind, unit=unit, bound=bound,
                            role=_role_near(norm, m.start(), m.end())))
    return out


def _compound(parts: str | None, outer: str | None, value: float, step: float, scale: float,
              language: str | None) -> tuple[float, float, float]:
    """Fold "30 लाख" of "3 करोड़ 30 लाख" into the amount: (value, step, scale) of the whole, in the first scale.

    Parts must descend (crore, lakh, thousand, then at most three bare digits after a thousand: "3 லட்சத்து 84
    ஆயிரத்து 400" = 384,400); an ``outer`` scale after them multiplies the whole ("১১ লক্ষ ১১ হাজার কোটি" =
    11.11 lakh crore). Anything else keeps the first amount alone.
    """
    outer_scale = float(_lookup(SCALES, outer) or 1.0) if outer else 1.0  # type: ignore[arg-type]
    if not parts or scale == 1.0:
        if outer_scale > scale > 1.0:
            scale *= outer_scale
        return value, step, scale
    total, last_step, last_scale = value * scale, step * scale, scale
    for part in _COMPOUND_PART.finditer(parts):
        parsed = parse_number(part.group("num"), language)
        part_scale = float(_lookup(SCALES, part.group("scale")) or 0.0) if part.group("scale") else 1.0  # type: ignore[arg-type]
        if parsed is None or not 0 < part_scale < last_scale or (part_scale == 1.0 and last_scale != 1e3):
            return value, step, scale  # not a descending compound: keep the first amount alone
        total += parsed[0] * part_scale
        last_step, last_scale = parsed[1] * part_scale, part_scale
    if outer_scale > scale:
        return total, last_step, outer_scale
    return total / scale, last_step / scale, scale


_JOINED_NUMBERS = re.compile(r"[\s\d.,،/-]*(?:(?:and|or|y|o|e|ou|et|und|oder|और|या|व|ও|এবং|மற்றும்|اور|و)"
                             r"[\s\d.,،/-]*)*")
"""What may stand between a number and its magnitude word: other numbers joined to it ("7.8 and 7.5 magnitude")."""
_CLOCK_BEFORE = re.compile(r"(?:às|as|à|á|a las|a la|at|um|vers|hacia las|sobre las|desde las|hasta las|de las)\s*$",
                           re.IGNORECASE)
_CLOCK_AFTER = re.compile(r"\s*(?:da manhã|da tarde|da noite|da madrugada|du matin|du soir|de l'après-midi|"
                          r"de la mañana|de la tarde|de la noche|de la madrugada|del|uhr)(?![\p{L}])", re.IGNORECASE)


def _clock_spans(norm: str) -> list[tuple[int, int]]:
    """Where ``norm`` states a time of day: hours 0-23 and minutes 00-59, and no amount word right after ("En 24 h
    35 personnes": 35 people, within 24 hours)."""
    out = []
    for m in _CLOCK.finditer(norm):
        numbers = [int(n) for n in re.findall(r"\d+", m.group())]
        if numbers[0] > 23 or (len(numbers) > 1 and numbers[1] > 59) or _AMOUNT_AFTER.match(norm, m.end()):
            continue
        out.append(m.span())
    return out


def _clock_time(text: str, start: int, end: int) -> bool:
    """Whether "N hours" is a time of day ("às nove horas da manhã", "à six heures du matin", "a las 10 horas")."""
    return bool(_CLOCK_BEFORE.search(text[max(0, start - 16) : start]) or _CLOCK_AFTER.match(text, end))


def _near_magnitude_word(text: str, start: int, end: int) -> bool:
    """Whether a magnitude word stands within a few words of a number ("magnitude 6.8", "7,8 की तीव्रता"), with
    nothing between them but other numbers joined to it ("7.8 and 7.5 magnitude"): in "3 झटके आए, 4.9 तीव्रता"
    only 4.9 is a magnitude."""
    left = max(0, start - 30)
    for m in _MAGNITUDE.finditer(text, left, min(len(text), end + 30)):
        between = text[m.end() : start] if m.end() <= start else text[end : m.start()]
        if not re.search(r"\d", between) or _JOINED_NUMBERS.fullmatch(between):
            return True
    return False


# --------------------------------------------------------------------------- comparing values


@attrs.frozen(slots=True)
class Facts:
    """The quantities and dates of one text."""

    quantities: tuple[Quantity, ...] = attrs.field(converter=tuple)
    dates: tuple[DateMention, ...] = attrs.field(converter=tuple)

    @classmethod
    def of(cls, text: str, *, language: str | None = None, reference: dt.date | None = None) -> Facts:
        """The values of ``text``; each (text, language, reference) is read once per process (ranking and
        verdicts both read the same statements)."""
        return _facts_of(text, language, reference)


@functools.lru_cache(maxsize=65536)
def _facts_of(text: str, language: str | None, reference: dt.date | None) -> Facts:
    dates = extract_dates(text, language=language, reference=reference)
    return Facts(extract_quantities(text, language=language, dates=dates), dates)


@attrs.frozen(slots=True)
class Comparison:
    """One value of the sentence set against the nearest comparable value of a source."""

    article: Quantity | DateMention
    source: Quantity | DateMention
    agrees: bool

    def to_dict(self) -> dict:
        return {"article": self.article.to_dict(), "source": self.source.to_dict(), "agrees": self.agrees}


Narrow = Callable[[Quantity, list[Quantity]], list[Quantity]]
"""Given one of the sentence's amounts and the source's comparable amounts, those it may be compared with."""


def compare(article: Facts, source: Facts, narrow: Narrow | None = None) -> list[Comparison]:
    """Set each value of the article against the comparable source values: agreeing one, else nearest one.

    ``narrow``, when given, picks among a source's several comparable amounts the ones an amount of the
    sentence is about (:func:`claimcheck.verdicts.judge` passes one that compares the clauses around them).
    """
    out = []
    pairs: list[tuple[Sequence[Quantity | DateMention], Sequence[Quantity | DateMention]]] = [
        (article.quantities, source.quantities), (article.dates, source.dates)]
    for mine, theirs in pairs:
        for value in mine:
            candidates = [t for t in theirs if value.comparable(t)]  # type: ignore[arg-type]
            if not candidates:
                continue
            if value.role is not None and any(t.role == value.role for t in candidates):
                candidates = [t for t in candidates if t.role == value.role]  # "85% of deaths" with deaths first
            if narrow is not None and isinstance(value, Quantity) and len(candidates) > 1:
                candidates = narrow(value, candidates)  # type: ignore[arg-type]
            agreeing = [t for t in candidates if value.agrees(t)]  # type: ignore[arg-type]
            if agreeing:
                out.append(Comparison(value, min(agreeing, key=lambda t: _distance(value, t)), True))
            else:
                out.append(Comparison(value, min(candidates, key=lambda t: _distance(value, t)), False))
    return out



def _distance(a: Quantity | DateMention, b: Quantity | DateMention) -> float:
    if isinstance(a, Quantity) and isinstance(b, Quantity):
        mid_a, mid_b = (a.low + a.high) / 2, (b.low + b.high) / 2
        if mid_a <= 0 or mid_b <= 0:
            return abs(mid_a - mid_b)
        return abs(math.log(mid_a / mid_b))
    assert isinstance(a, DateMention) and isinstance(b, DateMention)
    both = [(x, y) for x, y in ((a.year, b.year), (a.month, b.month), (a.day, b.day)) if x is not None and y is not None]
    return sum(abs(x - y) * weight for (x, y), weight in zip(both, (372, 31, 1)))


def strong(c: Comparison) -> bool:
    """An amount, or a date both sides give to the day ("1 July 2023" against "2023" is weak evidence)."""
    if isinstance(c.article, Quantity):
        return True
    return c.article.precise and isinstance(c.source, DateMention) and c.source.precise


