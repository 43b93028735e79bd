"""Matches -> verdicts: compare the quantities and dates of a sentence with its sources.

For each check-worthy sentence, the matches whose cosine reaches the
"related" threshold of the pair's scripts (:class:`Thresholds`) are "about
the same thing". Their amounts and dates
are compared with the sentence's, like with like (money in one currency,
people with people, dates with dates at the same granularity), each read as
an interval (see :mod:`claimcheck.quantities`):

1. a related match that agrees on every comparable value (at least one, and
   an amount or a full date among them: a shared month is too weak), when
   every amount of the sentence is confirmed by some related match, or a
   related fact-check whose rating says true (and whose figures do not conflict with the sentence's) -> ``supported``,
   unless a related source clearly closer than every agreeing one conflicts on an amount
   (:attr:`Thresholds.closer_conflict_margin`) -> ``contradicted``;
2. else a related match on which some value conflicts -> ``contradicted``,
   explained with both values ("article: 19 billion USD; source: more than 9
   billion USD"); a related fact-check rated false also contradicts, unless its figures conflict with the
   sentence's (then the sentence is not the claim that was rated: "9 billion" is not the false "19 billion");
3. else a match with nothing strong to compare (no values, or only a year
   or month that agrees) whose cosine reaches the "same" threshold (it says
   the same thing) -> ``supported``;
4. else ``unverified``.

Both thresholds were calibrated on data, not guessed: see
``benchmarks/calibrate_thresholds.py`` and ``benchmarks/README.md``.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Sequence
from typing import Any

import attrs
import regex as re

from .checkworthy import Checkworthiness, assess
from .corpus import source_label
from .index import Match
from .quantities import Bound, Comparison, Facts, Narrow, Quantity, compare, strong
from .text import dominant_script

@attrs.frozen(slots=True)
class Thresholds:
    """Cosines (multilingual-e5-small, "query: " on both sides) from which a source is about the same thing
    (``related``) and, with nothing strong to compare, states the same thing (``same``).

    A translation scores lower than a same-language paraphrase (hi-en and
    es-en pairs of one fact sit a few hundredths below en-en ones), so a
    sentence and a statement in different languages get their own pair of
    thresholds: what "related" means should not depend on the language pair.

    Chosen by ``benchmarks/tune_verdicts.py`` on tuning data only: the best
    mean verdict accuracy over the cross-lingual set's tune half (0.857, 294
    sentences) and the verdict pairs (0.987), 5,040 settings, re-run with every
    other rule in place; the clause and closer-conflict margins swept alone. The cross-language "related" cut equals the F1-best
    cut between gold statements and hardest distractors of the tune half's
    cross-language pairs (0.870; Tatoeba's is 0.878)
    (``benchmarks/calibrate_thresholds.py``).
    """

    related: float = 0.91
    same: float = 0.915
    related_cross_language: float = 0.87
    same_cross_language: float = 0.88
    shared_value_margin: float = 0.04
    """How much lower "related" starts for a statement that states one of the sentence's amounts or full dates:
    a shared figure is evidence of the same fact that the cosine of a translation does not show."""
    clause_margin: float | None = 0.05
    """When a source states several amounts of the sentence's kind in different clauses ("the tax on long-term
    gains rose to 12.5%, and the short-term rate to 20%") and the sentence's amount agrees with one of them, the
    amount is compared with those of the clause closest to the sentence's own clause around it, if that clause is
    closer than the agreeing one's by this much (cosine); None: any agreeing amount agrees. Needs the encoder
    (``judge(..., encoder=)``)."""
    closer_conflict_margin: float | None = 0.05
    """When the sentence would be supported, a related source that conflicts with one of its *amounts* (not with a
    value another of its amounts agrees with) and is closer by this much (cosine) than every related source that
    agrees outweighs them: the sentence is contradicted ("642 million registered voters" agrees with the turnout
    statement, and conflicts with the closer electorate one). Dates are left out: a closer source's other date is
    often another moment of the event ("by 31 January the toll had reached 90"). None: any agreement supports."""

    def for_pair(self, sentence_language: str | None, statement_language: str | None, sentence_script: str = "",
                 statement_script: str = "") -> tuple[float, float]:
        """(related, same) for a sentence and a statement; languages decide, else (a language unknown) scripts."""
        if sentence_language and statement_language:
            cross = sentence_language[:2].lower() != statement_language[:2].lower()
        else:
            cross = bool(sentence_script and statement_script and sentence_script != statement_script)
        return (self.related_cross_language, self.same_cross_language) if cross else (self.related, self.same)


DEFAULT_THRESHOLDS = Thresholds()
RELATED_THRESHOLD = DEFAULT_THRESHOLDS.related
"""Same-script cosine from which a source is about the same thing (see :class:`Thresholds`)."""
SAME_STATEMENT_THRESHOLD = DEFAULT_THRESHOLDS.same
"""Same-script cosine from which a source with nothing to compare is taken to state the same thing."""

class Label(str, enum.Enum):
    """What the sources say about a sentence."""

    supported = "supported"
    contradicted = "contradicted"
    unverified = "unverified"
    not_checkworthy = "not_checkworthy"


@attrs.frozen(slots=True)
class MatchCheck:
    """What comparing a sentence with one matched statement found."""

    match: Match
    related: bool
    comparisons: tuple[Comparison, ...] = attrs.field(converter=tuple)
    source_facts: Facts | None = None
    same: bool = False
    """The cosine reaches the "states the same thing" threshold of the pair's scripts."""

    @property
    def conflicts(self) -> tuple[Comparison, ...]:
        return tuple(c for c in self.comparisons if not c.agrees)

    @property
    def agrees(self) -> bool:
        """Every comparable value agrees, and at least one of them is an amount or a full date.

        Agreeing on a month alone ("March 2023") is too weak to call a claim supported.
        """
        return self.strong and not self.conflicts

    @property
    def strong(self) -> bool:
        """Some comparison is of an amount or a full date (a year or a month alone is weak evidence)."""
        return any(strong(c) for c in self.comparisons)


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


def _rating(match: Match) -> str | None:
    rating = match.statement.metadata.get("rating")
    return str(rating).strip() if rating not in (None, "") else None


def _rating_class(match: Match, rating: str | None) -> str | None:
    """``true``, ``false`` or ``mixed``: the statement's ``rating_class`` (ClaimReview imports), else read from its
    rating's words (:func:`claimcheck.claimreview.rating_class`)."""
    given = match.statement.metadata.get("rating_class")
    if given in ("true", "false", "mixed"):
        return given
    from .claimreview import rating_class

    return rating_class(rating)


def judge(text: str, matches: Sequence[Match], *, language: str | None = None,
          reference: dt.date | None = None, checkworthiness: Checkworthiness | None = None,
          related_threshold: float | None = None, same_threshold: float | None = None,
          thresholds: Thresholds = DEFAULT_THRESHOLDS, encoder: Any = None) -> tuple[Verdict, list[MatchCheck]]:
    """The verdict on one sentence given its matches (in any order), and what was compared per match.

    Matches are judged closest first by their plain cosine (``score``, on
    which the thresholds are calibrated), whatever ranking found them.
    ``thresholds`` gives the cosines by language pair; ``related_threshold``
    and ``same_threshold``, when given, replace them for every pair.
    ``encoder`` (the index's) lets a source's several amounts of one kind be
    told apart by their clauses (:attr:`Thresholds.clause_margin`).
    """
    matches = sorted(matches, key=lambda m: -m.score)
    cw = checkworthiness or assess(text)
    if not cw.checkworthy:
        return Verdict(Label.not_checkworthy, f"not judged: {cw.reason.value}"), []
    facts = Facts.of(text, language=language, reference=reference)
    aligner = _ClauseAligner(encoder, thresholds.clause_margin) if (
        encoder is not None and thresholds.clause_margin is not None) else None
    checks = _check_matches(text, facts, matches, language, thresholds, related_threshold, same_threshold, aligner)
    return _decide(facts, matches, checks, thresholds.closer_conflict_margin), checks


_CLAUSE_BREAK = re.compile(r"[;；؛،、。，：！？()（）\[\]।॥۔]|[,:]\s|(?<!\b\p{Lu})[.!?](?=\s)|\s[–—]\s")
"""Where a clause may end: a semicolon, an Arabic, Chinese or Japanese comma or stop, brackets, a danda or Urdu
full stop, a comma or colon before a space (not the comma of "1,700"), a full stop, "!" or "?" before a space
(not the one of "U.S."), a dash between spaces (not the hyphen of "10 - 12 km"). :func:`clause_at` also skips a
break inside a value ("5 Jan. 2023", "Sept. 5, 2023") and the full stop of an abbreviation ("Dr.", "No.")."""


def clause_at(text: str, start: int, end: int, facts: Facts | None = None) -> str:
    """The clause of ``text`` around the characters ``start:end`` (a value), between the clause breaks around it;
    with ``facts`` (the text's values), every amount and date in it replaced by "#"."""
    from .sentences import _ends_with_abbreviation

    values = sorted(((v.start, v.end) for v in (*facts.quantities, *facts.dates)) if facts is not None else ())

    def real(m: re.Match) -> bool:
        if any(a < m.start() < b or a < m.end() - 1 < b for a, b in values):
            return False  # inside a value: "5 Jan. 2023", "Sept. 5, 2023"
        return not (m.group() == "." and _ends_with_abbreviation(text[: m.end()]))

    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start) if real(m)), default=0)
    right = next((m.start() for m in _CLAUSE_BREAK.finditer(text, end) if real(m)), len(text))
    clause = text[left:right]
    spans: list[list[int]] = []  # the values' spans within the clause (cut to it), overlapping ones merged
    for a, b in values:
        a, b = max(a, left), min(b, right)
        if a >= b:
            continue
        if spans and a < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    for a, b in reversed(spans):
        clause = clause[: a - left] + "#" + clause[b - left :]
    return clause.strip()


class _ClauseAligner:
    """Which of a source's amounts an amount of the sentence is about, by the cosine of the clauses around them,
    their values masked (a shared "100" would otherwise pull a clause about another quantity closer)."""

    def __init__(self, encoder: Any, margin: float):
        from ._wrapper import RememberingEncoder

        self.encoder = RememberingEncoder(encoder)  # a clause met again is not encoded again
        self.margin = margin

    def narrow(self, sentence: str, facts: Facts, source: str, source_facts: Facts) -> Narrow:
        def pick(value: Quantity, candidates: list[Quantity]) -> list[Quantity]:
            agreeing = [t for t in candidates if value.agrees(t)]
            if not agreeing or len(agreeing) == len(candidates):
                return candidates
            clause = {id(t): clause_at(source, t.start, t.end, source_facts) for t in candidates}
            if len(set(clause.values())) < 2:
                return candidates  # "from 10% to 12.5%": one clause, nothing to tell apart
            texts = sorted(set(clause.values()))
            mine, *theirs = self.encoder.encode([clause_at(sentence, value.start, value.end, facts)] + texts)
            similarity = {t: float(mine @ v) for t, v in zip(texts, theirs)}
            best = max(texts, key=lambda t: similarity[t])
            agreeing_best = max(similarity[clause[id(t)]] for t in agreeing)
            if similarity[best] - agreeing_best >= self.margin and not any(clause[id(t)] == best for t in agreeing):
                return [t for t in candidates if clause[id(t)] == best]
            return candidates

        return pick


def _amount_conflicts(check: MatchCheck) -> list[Comparison]:
    """The amounts on which a source conflicts with the sentence, leaving out a source value that agrees with another
    of the sentence's amounts ("66% in the first phase and 63% in the second" against a source giving only 66%)."""
    used = {id(x.source) for x in check.comparisons if x.agrees}
    return [x for x in check.conflicts if isinstance(x.article, Quantity) and id(x.source) not in used]


def _states(c: Comparison) -> bool:
    """Whether the source states the sentence's value, rather than a bound that merely contains it ("128 km/h"
    lies within "less than 260 km/h", which is no evidence that the two are about the same thing)."""
    if isinstance(c.article, Quantity) and isinstance(c.source, Quantity) and c.article.value < 10 and \
            "number" in (c.article.kind, c.source.kind):
        return False  # "1 = 1" (a score, a count of medals): a small bare number is too common to tell facts apart
    bounds = {getattr(c.article, "bound", None), getattr(c.source, "bound", None)}
    if bounds == {Bound.less_than}:  # two upper bounds always overlap: only the same bound is the same figure
        return math.isclose(c.article.value, c.source.value, rel_tol=1e-9)  # type: ignore[union-attr]
    if Bound.less_than in bounds:
        return False
    if Bound.more_than in bounds:  # "more than 180" and "more than 200" overlap without being one figure
        return math.isclose(c.article.value, c.source.value, rel_tol=0.01)  # type: ignore[union-attr]
    return True


def _check_matches(text: str, facts: Facts, matches: Sequence[Match], language: str | None, thresholds: Thresholds,
                   related_threshold: float | None, same_threshold: float | None,
                   aligner: _ClauseAligner | None = None) -> list[MatchCheck]:
    """Each match compared with the sentence: its values set against the sentence's, and whether it is related
    (about the same thing) and close enough to state the same thing, by the thresholds of the language pair."""
    script = dominant_script(text) if language is None else ""
    checks = []
    for m in matches:
        source = Facts.of(m.statement.text, language=m.statement.lang, reference=_statement_date(m))
        related_at, same_at = thresholds.for_pair(language, m.statement.lang, script,
                                                  dominant_script(m.statement.text) if script else "")
        related_at = related_threshold if related_threshold is not None else related_at
        comparisons = compare(facts, source)
        # a figure the source states is evidence of the same event even when it turns out to be another quantity's
        shares = any(c.agrees and strong(c) and _states(c) for c in comparisons)
        related = m.score >= related_at or (shares and m.score >= related_at - thresholds.shared_value_margin)
        if aligner is not None and related:  # only the related matches take part in the verdict
            comparisons = compare(facts, source, aligner.narrow(text, facts, m.statement.text, source))
        same = m.score >= (same_threshold if same_threshold is not None else same_at)
        checks.append(MatchCheck(m, related, comparisons, source, same))
    return checks


def _decide(facts: Facts, matches: Sequence[Match], checks: list[MatchCheck],
            closer_conflict_margin: float | None = None) -> Verdict:
    """The verdict from the checks of the related matches, in the order the module docstring gives."""
    related = [c for c in checks if c.related]
    for c in related:
        rating = _rating(c.match)
        kind = _rating_class(c.match, rating)
        rating = rating or kind
        if c.conflicts:
            continue  # the sentence states other figures than the rated claim: it is not that claim (maybe its fix)
        if rating and kind == "false":
            return Verdict(Label.contradicted, f"matches a claim rated '{rating}' by {_who(c.match)}",
                           [c.match.statement.id], rating)
        if rating and kind == "true":
            return Verdict(Label.supported, f"matches a claim rated '{rating}' by {_who(c.match)}",
                           [c.match.statement.id], rating)
    # A claim rated false or mixed is no evidence of the right figures: it takes no part in comparing values.
    related = [c for c in related if _rating_class(c.match, _rating(c.match)) not in ("false", "mixed")]
    agreeing = [c for c in related if c.agrees]
    # Every amount of the sentence must be confirmed by some related source: a claim whose figure no source
    # states ("the bridge cost 17,840 crore rupees" against a source giving its length) is not supported.
    confirmed = {id(x.article) for c in related for x in c.comparisons if x.agrees}
    unstated = [q for q in facts.quantities if id(q) not in confirmed]
    if agreeing and not unstated and closer_conflict_margin is not None:
        nearest = max(agreeing, key=lambda c: c.match.score)
        # amounts only: a closer source's other date is often another moment of the event ("by 31 January the toll
        # had reached 90" against a blast "on 30 January"), which dates carry no role for
        closer = [(c, found) for c in related if c.match.score - nearest.match.score >= closer_conflict_margin
                  and (found := _amount_conflicts(c))]
        if closer:
            first, conflicts = max(closer, key=lambda pair: pair[0].match.score)
            values = "; ".join(f"article: {x.article.describe()}; source: {x.source.describe()}" for x in conflicts)
            return Verdict(Label.contradicted, f"{values} ({_who(first.match)}, closer than the agreeing "
                           f"{_who(nearest.match)})", [c.match.statement.id for c, _ in closer])
    if agreeing and not unstated:
        values = "; ".join(f"{x.article.describe()} = {x.source.describe()}" for x in agreeing[0].comparisons)
        return Verdict(Label.supported, f"{_who(agreeing[0].match)} agrees: {values}",
                       [c.match.statement.id for c in agreeing])
    # Prefer the source that also agrees on something (same event, one value differs), then the closest.
    conflicting = sorted((c for c in related if c.conflicts),
                         key=lambda c: (-(len(c.comparisons) - len(c.conflicts)), -c.match.score))
    # A closer source that agrees on a year or month only ("September 2023" against "7 September 2023") outweighs
    # a farther one that conflicts: the farther one is more likely about something else.
    weak = [c.match.score for c in related if c.comparisons and not c.conflicts]
    if conflicting and weak and max(weak) > max(c.match.score for c in conflicting):
        conflicting = []
    if conflicting:
        first = conflicting[0]
        values = "; ".join(f"article: {x.article.describe()}; source: {x.source.describe()}" for x in first.conflicts)
        return Verdict(Label.contradicted, f"{values} ({_who(first.match)})",
                       [c.match.statement.id for c in conflicting])
    # Nothing strong to compare (no values, or a year or month that agrees): the source must say the same thing.
    same = [c for c in related if c.same and not c.conflicts]
    if same and not unstated:
        shared = "; ".join(f"{x.article.describe()} = {x.source.describe()}" for x in same[0].comparisons)
        what = f"agrees on {shared}" if shared else "no amounts or dates to compare"
        return Verdict(Label.supported, f"{_who(same[0].match)} states the same (cosine {same[0].match.score:.3f}); "
                       f"{what}", [c.match.statement.id for c in same])
    best = matches[0].score if matches else None
    if agreeing:
        values = "; ".join(q.describe() for q in unstated)
        return Verdict(Label.unverified, f"{_who(agreeing[0].match)} agrees on part of it, but no source states "
                       f"{values}")
    if related:
        why = f"related sources found (best cosine {best:.3f}) but none states the same amounts, dates or claim"
    else:
        why = "no source close enough" + (f" (best cosine {best:.3f})" if best is not None else "")
    return Verdict(Label.unverified, why)


def _who(match: Match) -> str:
    return source_label(match.statement)


def _statement_date(match: Match) -> dt.date | None:
    try:
        return dt.date.fromisoformat(match.statement.date) if match.statement.date else None
    except ValueError:
        return None
