"""Sentences -> is this a check-worthy claim? Rules, measured on X-Claim.

A sentence is not judged when it is
- a question ("क्या ... ?", "Who is ...?");
- a heading or label: alone on its line in a text of several lines, with no
  sentence-final punctuation and at most 8 words; or fewer than 4 words in
  all (a one-line social-media post without a full stop is not a heading);
- an opinion: first-person belief or judgement markers ("I think",
  "should", "मुझे लगता है", "चाहिए") and nothing measurable in it;
- a reported intention without facts: future or planned action ("will
  hold talks", "करेंगे", "जा रहा है") and no number, amount or date.

Reported speech is always a claim: "she said the talks will be held next
month" claims that she said it ("said", "ने कहा", "के अनुसार", "según",
"laut", "বলেছেন", "கூறினார்", "نے کہا", "قال" ...), unless the speaker is the
writer ("I said", "हमने कहा").

Everything else goes to a small model of the project's own when one fits
the encoder: logistic regression over the sentence vector that ``check``
computes anyway (trained on the X-Claim train split by
``benchmarks/train_checkworthy.py``; weights in ``claimcheck/data/``), which
marks unlikely claims ``no_claim``. Without it, everything else is a claim.
Measured on the X-Claim dev split by ``benchmarks/bench_checkworthy.py``
(figures in ``benchmarks/README.md``).
"""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import regex as re

from .text import ascii_digits


class Reason(str, enum.Enum):
    claim = "claim"
    question = "question"
    heading = "heading"
    opinion = "opinion"
    intention = "intention"
    no_claim = "no_claim"


CLASSIFIER_FILE = Path(__file__).parent / "data" / "checkworthy-multilingual-e5-small.json"


@attrs.frozen(slots=True)
class ClaimClassifier:
    """Logistic regression over sentence vectors of one model: p(claim) = sigmoid(w . v + b)."""

    fingerprint: str
    weights: np.ndarray = attrs.field(eq=False)
    bias: float
    threshold: float

    @classmethod
    def load(cls, path: Path = CLASSIFIER_FILE) -> ClaimClassifier | None:
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["model_fingerprint"], np.asarray(data["weights"], dtype=np.float32), float(data["bias"]),
                   float(data["threshold"]))

    def probability(self, vectors: np.ndarray) -> np.ndarray:
        logits = np.atleast_2d(vectors).astype(np.float32) @ self.weights + self.bias
        return 1 / (1 + np.exp(-logits))


def classifier_for(encoder: Any) -> ClaimClassifier | None:
    """The shipped claim classifier if it was trained on ``encoder``'s vectors (or on the vectors of the same weights
    run by another backend: the int8 ONNX encoder's ``weights_fingerprint``), else None."""
    from .adapter import weights_fingerprint

    classifier = ClaimClassifier.load()
    fingerprints = {weights_fingerprint(f) for f in (getattr(encoder, "fingerprint", None),
                                                     getattr(encoder, "weights_fingerprint", None)) if f}
    if classifier is None or weights_fingerprint(classifier.fingerprint) not in fingerprints:
        return None
    if classifier.weights.shape[0] != encoder.dimension:
        return None
    return classifier


@attrs.frozen(slots=True)
class Checkworthiness:
    checkworthy: bool
    reason: Reason
    probability: float | None = None


_FINAL = re.compile(r"[.!?।॥؟。…]\s*[\"'”’»)]*\s*$")
_QUESTION = re.compile(r"[?؟]\s*[\"'”’»)]*\s*$")
_OPINION = re.compile(
    r"(?<![\p{L}\p{M}])(?:i think|i believe|i feel|in my opinion|we believe|should|must|ought to|shame|"
    r"hopefully|unfortunately|disgrace|beautiful|amazing|terrible|lol|"
    r"मुझे लगता|मेरा मानना|मेरी राय|चाहिए|शर्मनाक|शानदार|वाह|दुर्भाग्य|"
    r"creo que|debería|je pense|il faut|ich denke|sollte)(?![\p{L}\p{M}])",
    re.IGNORECASE,
)
_INTENTION = re.compile(
    r"(?<![\p{L}\p{M}])(?:will|would|is going to|are going to|plans? to|planned|intends? to|aims? to|is set to|"
    r"are set to|expected to|करेंगे|करेगा|करेगी|करेंगी|होगा|होगी|होंगे|जा रहा है|जा रही है|जा रहे हैं|"
    r"योजना|इरादा|va a|van a|planea|va|vont|wird|werden)(?![\p{L}\p{M}])",
    re.IGNORECASE,
)
# Reported speech: a third party said it. That X said so is a checkable claim, whatever X said (a plan, a view).
_REPORTED = re.compile(
    r"(?<![\p{L}\p{M}])(?:said|says|told|stated|announced|confirmed|declared|added|according to|reported|"
    r"ने कहा|कहा कि|के अनुसार|ने बताया|बताया कि|का कहना है|ने घोषणा|म्हणाले|म्हणाल्या|यांनी सांगितले|सांगितले|"
    r"यांच्या मते|नुसार|বলেছেন|বলেন|জানিয়েছেন|জানান|অনুযায়ী|மேலும் கூறினார்|கூறினார்|கூறியுள்ளார்|"
    r"தெரிவித்தார்|தெரிவித்துள்ளார்|அறிவித்தார்|نے کہا|کے مطابق|نے بتایا|کا کہنا ہے|قال|قالت|وفقا|وفقاً|بحسب|"
    r"أعلن|أعلنت|أكد|أكدت|dijo|afirmó|declaró|según|anunció|aseguró|informó|sagte|erklärte|teilte mit|laut|"
    r"zufolge|kündigte|disse|afirmou|segundo|declarou|anunciou|de acordo com|informou|a déclaré|a dit|selon|"
    r"a annoncé|a affirmé|d'après)(?![\p{L}\p{M}])",
    re.IGNORECASE,
)
_FIRST_PERSON_SPEAKER = re.compile(
    r"(?<![\p{L}\p{M}])(?:i|we|मैंने|हमने|मी|आम्ही|আমি|আমরা|நான்|நாங்கள்|میں نے|ہم نے|yo|nosotros|ich|wir|eu|nós|je|nous)"
    r"\s+(?:\w+\s+)?(?:said|told|stated|announced|कहा|म्हणालो|বলেছি|கூறினேன்|کہا|dije|sagte|disse|ai dit)"
    r"(?![\p{L}\p{M}])",
    re.IGNORECASE,
)
_MEASURABLE = re.compile(r"\d")
_WORD = re.compile(r"[\p{L}\p{M}\p{N}]+")


def _dateline(text: str, words: list[str]) -> bool:
    """A place and a date with nothing said ("इस्लामाबाद/वॉशिंगटन, 5 फ़रवरी 2023.", "GENEVA, 9 January 2023 -"):
    the dateline of a report, not a claim about that date."""
    if len(words) > 8 or not _MEASURABLE.search(ascii_digits(text)):
        return False
    from .quantities import extract_dates

    dates = extract_dates(text)
    if len(dates) != 1:
        return False
    before, after = text[: dates[0].start].rstrip(), text[dates[0].end :]
    # "PLACE[/PLACE], DATE" and nothing after the date but punctuation or a dash
    if not before.endswith((",", "،")) or _WORD.search(after):
        return False
    place = _WORD.findall(before)
    if any(w[:1].isupper() or w[:1].islower() for w in place):  # a cased script: a place is capitalised
        return len(place) <= 3 and all(w[:1].isupper() for w in place if w[:1].isalpha())
    return "/" in before or len(place) == 1  # "इस्लामाबाद/वॉशिंगटन,"; two words may be a claim ("मतदान संपन्न,")


def _amount_in_words(text: str) -> bool:
    """An amount written without digits ("cinco dias de luto", "two million dollars"): measurable too."""
    from .quantities import extract_quantities

    return bool(extract_quantities(text))


def alone_on_line(document: str, start: int, end: int) -> bool:
    """Whether ``document[start:end]`` fills its line, in a document of more than one non-empty line."""
    if sum(1 for line in document.splitlines() if line.strip()) < 2:
        return False
    line_start = document.rfind("\n", 0, start) + 1
    line_end = document.find("\n", end)
    line_end = len(document) if line_end < 0 else line_end
    return not document[line_start:start].strip() and not document[end:line_end].strip()


def reported_speech(text: str) -> bool:
    """Whether ``text`` reports what a third party said ("X said that ...", "के अनुसार", "según")."""
    return bool(_REPORTED.search(text)) and not _FIRST_PERSON_SPEAKER.search(text)


def assess(text: str, probability: float | None = None, threshold: float = 0.5, *,
           alone: bool = True) -> Checkworthiness:
    """Decide whether one sentence is a claim worth checking, and why not if it is not.

    ``alone`` says whether the sentence stands on a line of its own in a
    multi-line document (see :func:`alone_on_line`); only then can a short
    unpunctuated sentence be a heading. ``probability`` is the claim
    classifier's p(claim) for the sentence, if there is one; below
    ``threshold`` it makes an otherwise plain sentence (no digits) ``no_claim``.
    """
    words = _WORD.findall(text)
    if _QUESTION.search(text):
        return Checkworthiness(False, Reason.question)
    if len(words) < 4 or (alone and len(words) <= 8 and not _FINAL.search(text)) or _dateline(text, words):
        return Checkworthiness(False, Reason.heading)
    measurable = bool(_MEASURABLE.search(ascii_digits(text))) or _amount_in_words(text)
    if reported_speech(text):
        return Checkworthiness(True, Reason.claim, probability)
    if not measurable and _OPINION.search(text):
        return Checkworthiness(False, Reason.opinion)
    if not measurable and _INTENTION.search(text):
        return Checkworthiness(False, Reason.intention)
    if probability is not None and not measurable and probability < threshold:
        return Checkworthiness(False, Reason.no_claim, probability)
    return Checkworthiness(True, Reason.claim, probability)
