"""Article text -> sentences, with character offsets into the original text.

Splitting is done by `sentencex` (fast, rule-based, many languages, knows
"।") inside blocks that this module cuts first, plus a thin layer of rules
sentencex lacks:

- a blank line always ends a sentence, and so does a single line break unless
  the next line visibly continues the sentence (starts in lower case), so
  headings and title lines stand alone;
- fragments that end in a known abbreviation or an initial ("डॉ.", "श्री.",
  "J.") are joined to the next one;
- a "|" or "॥" used as a danda between Indic words ends a sentence.

Every :class:`Sentence` keeps ``start``/``end`` such that
``text[start:end] == sentence.text``.
"""

from __future__ import annotations

import re
from collections import Counter

import attrs

from ._errors import InputError
from .text import dominant_script, script_of

# Abbreviations whose final "." does not end a sentence (lower-cased, without
# the final dot). sentencex knows most English ones; these are the gaps.
_ABBREVIATIONS = frozenset(
    {
        # Hindi / Marathi honorifics and titles
        "डॉ", "डा", "श्री", "श्रीमती", "सुश्री", "कु", "प्रो", "मो", "मु", "ले", "जन", "कर्नल", "मे", "पं", "स्व",
        "सं", "ई", "ई.पू", "रु", "नं", "क्र", "पृ", "सा", "डी", "ए", "बी", "सी",
        # English ones sentencex sometimes misses
        "rs", "pp", "art", "sec", "dr", "mr", "mrs", "ms", "prof", "st", "sr", "jr", "gen", "col", "lt", "sgt", "rev", "hon",
        "no", "vol", "fig", "approx", "inc", "ltd", "co", "corp", "vs", "etc", "e.g", "i.e",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "u.s", "u.k", "u.n", "u.s.a",
        # Spanish, French, German
        "sra", "srta", "dña", "mme", "mlle", "hr", "fr", "nr", "bzw", "z.b", "ca",
    }
)
_ENDS_WITH_INITIAL = re.compile(r"(?:^|[\s(\"'])(\w)\.$")
# sentencex does not end a sentence before a digit ('... हैं." 2022 की बाढ़ ...'); these can.
_BEFORE_DIGIT = re.compile(r"(?<=[.!?।॥])[\"'”’»)]*(\s+)(?=[0-9०-९])")
_DANDA_PIPE = re.compile(r"(?<=[\u0900-\u0dff])\s*[|॥]+\s+")

# Script -> sentencex language code, for language auto-detection by script.
_SCRIPTS = [
    ("DEVANAGARI", "hi"), ("BENGALI", "bn"), ("GURMUKHI", "pa"), ("GUJARATI", "gu"), ("ORIYA", "or"),
    ("TAMIL", "ta"), ("TELUGU", "te"), ("KANNADA", "kn"), ("MALAYALAM", "ml"), ("SINHALA", "si"),
    ("ARABIC", "ar"), ("THAI", "th"), ("CYRILLIC", "ru"), ("GREEK", "el"), ("HEBREW", "he"),
    ("ARMENIAN", "hy"), ("GEORGIAN", "ka"), ("CJK", "zh"), ("HIRAGANA", "ja"), ("KATAKANA", "ja"),
    ("HANGUL", "ko"), ("MYANMAR", "my"), ("ETHIOPIC", "am"), ("LATIN", "en"),
]
_URDU_LETTERS = set("ٹڈڑںےۓہھ")


@attrs.frozen(slots=True)
class Sentence:
    """One sentence of an article: its position, its text and where it lies in the article."""

    index: int = attrs.field(validator=attrs.validators.ge(0))
    text: str = attrs.field(validator=attrs.validators.min_len(1))
    start: int = attrs.field(validator=attrs.validators.ge(0))
    end: int = attrs.field()

    @end.validator
    def _check_end(self, _attribute: attrs.Attribute, value: int) -> None:
        if value - self.start != len(self.text):
            raise ValueError(f"end - start must equal the text length ({len(self.text)}), got {value - self.start}")


_LATIN_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "was", "for", "on", "that", "with", "by"},
    "es": {"el", "la", "los", "las", "de", "del", "y", "en", "que", "por", "con", "para", "una", "un"},
    "de": {"der", "die", "das", "und", "den", "dem", "ist", "mit", "von", "im", "auf", "ein", "eine", "zu"},
    "fr": {"le", "la", "les", "des", "et", "est", "du", "une", "un", "dans", "pour", "au", "aux", "sur"},
    "pt": {"o", "os", "as", "do", "da", "dos", "das", "e", "em", "que", "por", "com", "para", "uma", "foi"},
    "it": {"il", "lo", "gli", "della", "dei", "e", "che", "per", "con", "una", "nel", "sono", "è"},
}


def _latin_language(text: str) -> str:
    words = re.findall(r"[a-zà-ÿ]+", text[:5000].lower())
    scores = {lang: sum(w in stop for w in words) for lang, stop in _LATIN_STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > scores["en"] else "en"


def check_language(code: str) -> str:
    """``code`` normalised ("HI" -> "hi") if it is an ISO 639 language code claimcheck can read dates in
    (dateparser's 205 languages), else a one-line :class:`InputError` naming it."""
    from dateparser.data import language_order

    normalised = code.strip()
    known = {c.lower(): c for c in language_order}
    if normalised.lower() not in known:
        raise InputError(f"unknown language code {code!r} (expected an ISO 639 code such as hi, en, bn, ur, ta, es)")
    return known[normalised.lower()]


def detect_language(text: str) -> str:
    """Guess a language code from the dominant script of ``text``, and stopwords for Latin script.

    Used to pick sentencex's rules and the number conventions of
    :mod:`claimcheck.quantities` ("9.000" is nine thousand in Spanish).
    """
    codes = dict(_SCRIPTS)
    counts: Counter[str] = Counter()
    for ch in text[:20000]:
        code = codes.get(script_of(ch)) if ch.isalpha() else None
        if code is None:
            continue
        counts["ur" if code == "ar" and ch in _URDU_LETTERS else code] += 1
    if not counts:
        return "en"
    if counts.get("ur") and "ar" in counts:
        counts["ur"] += counts.pop("ar")
    best = max(counts, key=lambda c: counts[c])
    return _latin_language(text) if best == "en" else best


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of text between hard breaks: blank lines, and line breaks not followed by lower case."""
    spans = []
    start = 0
    for m in re.finditer(r"\n", text):
        nxt = text[m.end() : m.end() + 200].lstrip(" \t\u00a0")
        prev_line = text[start : m.start()].strip()
        continues = bool(nxt) and nxt[0].islower() and bool(prev_line) and prev_line[-1] not in ".!?।॥:\"'”’"
        if not continues:
            spans.append((start, m.start()))
            start = m.end()
    spans.append((start, len(text)))
    return spans


def _ends_with_abbreviation(fragment: str) -> bool:
    stripped = fragment.rstrip()
    if not stripped.endswith("."):
        return False
    if _ENDS_WITH_INITIAL.search(stripped) and not stripped[-2].isdigit():
        return True
    word = stripped[:-1].split()[-1] if stripped[:-1].split() else ""
    word = word.lstrip("(\"'“‘").lower()
    return word in _ABBREVIATIONS


def _split_before_digits(block: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    parts = []
    start, end = span
    for m in _BEFORE_DIGIT.finditer(block, start, end):
        cut = m.start(1)
        head = block[start:cut].rstrip("\"'”’»)")
        if head.endswith(".") and (head[-2:-1].isdigit() or _ends_with_abbreviation(head)):
            continue
        parts.append((start, cut))
        start = cut
    parts.append((start, end))
    return parts


def _split_block(block: str, language: str) -> list[tuple[int, int]]:
    from sentencex import get_sentence_boundaries

    pieces: list[tuple[int, int]] = []
    cursor = 0
    for m in _DANDA_PIPE.finditer(block):
        pieces.append((cursor, m.end()))
        cursor = m.end()
    pieces.append((cursor, len(block)))
    spans: list[tuple[int, int]] = []
    for p_start, p_end in pieces:
        for b in get_sentence_boundaries(language, block[p_start:p_end]):
            if b.get("is_paragraph_break"):
                continue
            spans.append((p_start + b["start_index"], p_start + b["end_index"]))
    spans = [part for span in spans for part in _split_before_digits(block, span)]
    merged: list[tuple[int, int]] = []
    for span in spans:
        if merged and _ends_with_abbreviation(block[merged[-1][0] : merged[-1][1]]):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def split_sentences(text: str, language: str | None = None) -> list[Sentence]:
    """Split ``text`` into sentences with offsets; ``language`` defaults to a guess from the script.

    Empty or whitespace-only input gives an empty list.
    """
    if not isinstance(text, str):
        raise InputError(f"expected text as str, got {type(text).__name__}")
    lang = language or detect_language(text)
    sentences: list[Sentence] = []
    for b_start, b_end in _blocks(text):
        block = text[b_start:b_end]
        if not block.strip():
            continue
        for s_start, s_end in _split_block(block, lang):
            raw = block[s_start:s_end]
            lead = len(raw) - len(raw.lstrip())
            body = raw.strip()
            if not body or not any(ch.isalnum() for ch in body):
                continue
            start = b_start + s_start + lead
            sentences.append(Sentence(index=len(sentences), text=body, start=start, end=start + len(body)))
    return sentences
