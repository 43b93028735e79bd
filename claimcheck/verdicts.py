"""Matches -> verdicts: compare the quantities and dates of a sentence with its sources.

For each check-worthy sentence, the matches whose cosine reaches
:data:`RELATED_THRESHOLD` are "about the same thing". Their amounts and dates
are compared with the sentence's, like with like (money in one currency,
people with people, dates with dates at the same granularity), each read as
an interval (see :mod:`claimcheck.quantities`):

1. a related match that agrees on every comparable value (at least one, and
   an amount or a full date among them: a shared month is too weak), or a
   related fact-check whose rating says true -> ``supported``;
2. else a related match on which some value conflicts -> ``contradicted``,
   explained with both values ("article: 19 billion USD; source: more than 9
   billion USD"); a related fact-check rated false also contradicts;
3. else a match with nothing to compare whose cosine reaches
   :data:`SAME_STATEMENT_THRESHOLD` (it says the same thing) -> ``supported``;
4. else ``unverified``.

Both thresholds were calibrated on data, not guessed: see
``benchmarks/calibrate_thresholds.py`` and ``benchmarks/README.md``.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Sequence

import attrs

from .checkworthy import Checkworthiness, assess
from .index import Match
from .quantities import DateMention, Quantity, extract_dates, extract_quantities

RELATED_THRESHOLD = 0.88
"""Cosine (multilingual-e5-small, "query: " on both sides) from which a source is about the same thing.

The mean of two F1-best cuts, measured by benchmarks/calibrate_thresholds.py:
CLEF-2020 train tweets against their fact-checked claim (positives) and their
most similar other claim of all 10,375 (negatives): 0.885 (F1 0.687);
Tatoeba Hindi-English translations against the nearest non-translation:
0.878 (F1 0.825)."""

SAME_STATEMENT_THRESHOLD = 0.915
"""Cosine from which a source with nothing to compare is taken to state the same thing.

The lowest cut at which Tatoeba Hindi-English translations are told from the
nearest non-translation with precision >= 0.95 (0.915, recall 0.46); on CLEF-2020
train no cut reaches that precision."""

TRUE_RATINGS = {"true", "mostly true", "correct", "accurate", "verified", "सच", "सही", "verdadero", "cierto", "vrai",
                "wahr", "richtig"}
FALSE_RATINGS = {"false", "mostly false", "pants on fire", "fake", "incorrect", "misleading", "wrong", "hoax",
                 "झूठ", "झूठा", "फ़र्ज़ी", "फर्जी", "गलत", "ग़लत", "भ्रामक", "falso", "faux", "falsch", "engañoso"}


class Label(str, enum.Enum):
    """What the sources say about a sentence."""

    supported = "supported"
    contradicted = "contradicted"
    unverified = "unverified"
    not_checkworthy = "not_checkworthy"


@attrs.frozen(slots=True)
class Facts:
    """The quantities and dates of one text."""

    quantities: tuple[Quantity, ...] = attrs.field(converter=tuple)
    dates: tuple[DateMention, ...] = attrs.field(converter=tuple)

    @classmethod
    def of(cls, text: str, *, language: str | None = None, reference: dt.date | None = None) -> Facts:
        dates = extract_dates(text, language=language, reference=reference)
        return cls(extract_quantities(text, language=language, dates=dates), dates)


@attrs.frozen(slots=True)
class Comparison:
    """One value of the sentence set against the nearest comparable value of a source."""

    article: Quantity | DateMention
    source: Quantity | DateMention
    agrees: bool

    def to_dict(self) -> dict:
        return {"article": self.article.to_dict(), "source": self.source.to_dict(), "agrees": self.agrees}


@attrs.frozen(slots=True)
class MatchCheck:
    """What comparing a sentence with one matched statement found."""

    match: Match
    related: bool
    comparisons: tuple[Comparison, ...] = attrs.field(converter=tuple)
    source_facts: Facts | None = None

    @property
    def conflicts(self) -> tuple[Comparison, ...]:
        return tuple(c for c in self.comparisons if not c.agrees)

    @property
    def agrees(self) -> bool:
        """Every comparable value agrees, and at least one of them is an amount or a full date.

        Agreeing on a month alone ("March 2023") is too weak to call a claim supported.
        """
        strong = any(isinstance(c.article, Quantity) or c.article.day is not None for c in self.comparisons)
        return strong and not self.conflicts


@attrs.frozen(slots=True)
class Verdict:
    label: Label
    explanation: str
    evidence: tuple[str, ...] = attrs.field(converter=tuple, factory=tuple)
    rating: str | None = None

    def to_dict(self) -> dict:
        out = {"label": self.label.value, "explanation": self.explanation, "evidence": list(self.evidence)}
        if self.rating is not None:
            out["rating"] = self.rating
        return out


def _distance(a: Quantity | DateMention, b: Quantity | DateMention) -> float:
    if isinstance(a, Quantity) and isinstance(b, Quantity):
        mid_a, mid_b = (a.low + a.high) / 2, (b.low + b.high) / 2
        if mid_a <= 0 or mid_b <= 0:
            return abs(mid_a - mid_b)
        return abs(math.log(mid_a / mid_b))
    assert isinstance(a, DateMention) and isinstance(b, DateMention)
    return abs((a.month or 0) * 31 + (a.day or 0) - (b.month or 0) * 31 - (b.day or 0))


def compare(article: Facts, source: Facts) -> list[Comparison]:
    """Set each value of the article against the comparable source values: agreeing one, else nearest one."""
    out = []
    pairs: list[tuple[Sequence[Quantity | DateMention], Sequence[Quantity | DateMention]]] = [
        (article.quantities, source.quantities), (article.dates, source.dates)]
    for mine, theirs in pairs:
        for value in mine:
            candidates = [t for t in theirs if value.comparable(t)]  # type: ignore[arg-type]
            if not candidates:
                continue
            agreeing = [t for t in candidates if value.agrees(t)]  # type: ignore[arg-type]
            if agreeing:
                out.append(Comparison(value, min(agreeing, key=lambda t: _distance(value, t)), True))
            else:
                out.append(Comparison(value, min(candidates, key=lambda t: _distance(value, t)), False))
    return out


def _rating(match: Match) -> str | None:
    rating = match.statement.metadata.get("rating")
    return str(rating).strip() if rating not in (None, "") else None


def judge(text: str, matches: Sequence[Match], *, language: str | None = None,
          reference: dt.date | None = None, checkworthiness: Checkworthiness | None = None,
          related_threshold: float = RELATED_THRESHOLD,
          same_threshold: float = SAME_STATEMENT_THRESHOLD) -> tuple[Verdict, list[MatchCheck]]:
    """The verdict on one sentence given its matches (best first), and what was compared per match."""
    cw = checkworthiness or assess(text)
    if not cw.checkworthy:
        return Verdict(Label.not_checkworthy, f"not judged: {cw.reason.value}"), []
    facts = Facts.of(text, language=language, reference=reference)
    checks = []
    for m in matches:
        source = Facts.of(m.statement.text, language=m.statement.lang, reference=_statement_date(m))
        related = m.score >= related_threshold
        checks.append(MatchCheck(m, related, compare(facts, source), source))
    related = [c for c in checks if c.related]
    for c in related:
        rating = _rating(c.match)
        if rating and rating.lower() in FALSE_RATINGS:
            return Verdict(Label.contradicted, f"matches a claim rated '{rating}' by {_who(c.match)}",
                           [c.match.statement.id], rating), checks
        if rating and rating.lower() in TRUE_RATINGS:
            return Verdict(Label.supported, f"matches a claim rated '{rating}' by {_who(c.match)}",
                           [c.match.statement.id], rating), checks
    agreeing = [c for c in related if c.agrees]
    if agreeing:
        values = "; ".join(f"{x.article.describe()} = {x.source.describe()}" for x in agreeing[0].comparisons)
        return Verdict(Label.supported, f"{_who(agreeing[0].match)} agrees: {values}",
                       [c.match.statement.id for c in agreeing]), checks
    # Prefer the source that also agrees on something (same event, one value differs), then the closest.
    conflicting = sorted((c for c in related if c.conflicts),
                         key=lambda c: (-(len(c.comparisons) - len(c.conflicts)), -c.match.score))
    if conflicting:
        first = conflicting[0]
        values = "; ".join(f"article: {x.article.describe()}; source: {x.source.describe()}" for x in first.conflicts)
        return Verdict(Label.contradicted, f"{values} ({_who(first.match)})",
                       [c.match.statement.id for c in conflicting]), checks
    same = [c for c in related if not c.comparisons and c.match.score >= same_threshold]
    if same:
        return Verdict(Label.supported, f"{_who(same[0].match)} states the same (cosine {same[0].match.score:.3f}); "
                       "no amounts or dates to compare", [c.match.statement.id for c in same]), checks
    best = matches[0].score if matches else None
    if related:
        why = f"related sources found (best cosine {best:.3f}) but none states the same amounts, dates or claim"
    else:
        why = "no source close enough" + (f" (best cosine {best:.3f})" if best is not None else "")
    return Verdict(Label.unverified, why), checks


def _who(match: Match) -> str:
    s = match.statement
    return ", ".join(p for p in (s.source, s.date) if p) or s.id


def _statement_date(match: Match) -> dt.date | None:
    try:
        return dt.date.fromisoformat(match.statement.date) if match.statement.date else None
    except ValueError:
        return None
