"""Text helpers every stage shares: link removal, digits of any script, the script a text is written in.

The bottom layer of the package: it imports nothing of claimcheck, and every
stage may import it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import regex as re

_LINK = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)


def strip_links(text: str) -> str:
    """Remove URLs and picture links (tweets): they carry no claim and only add noise and tokens."""
    return " ".join(_LINK.sub(" ", text).split())


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


def script_of(ch: str) -> str:
    """The Unicode script of a letter as the first word of its name ("LATIN", "DEVANAGARI", "CJK"; "" if none)."""
    name = unicodedata.name(ch, "")
    return "CJK" if "CJK" in name else name.split(" ", 1)[0]


def letter_scripts(text: str, limit: int) -> Counter[str]:
    """How many of the first ``limit`` characters' letters are in each script."""
    return Counter(script_of(ch) for ch in text[:limit] if ch.isalpha())


def dominant_script(text: str) -> str:
    """The Unicode script most letters of ``text`` are written in ("LATIN", "DEVANAGARI", ...; "" if none)."""
    counts = letter_scripts(text, 2000)
    return max(counts, key=lambda c: counts[c]) if counts else ""
