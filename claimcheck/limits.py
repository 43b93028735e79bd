"""Input size limits: refuse, with a clear error and before any slow work, inputs too large to check in useful time.

On this project's 2-core machine encoding runs at ~30-100 sentences/s, so an
article of 500,000 characters (~4,000 sentences) takes minutes; a 20 MB one
would take hours with no sign of life. Each limit is an environment variable
so that a user with a larger machine or more patience can raise it.

| limit | default | environment variable |
|---|---|---|
| characters of one article | 500,000 | ``CLAIMCHECK_MAX_ARTICLE_CHARS`` |
| characters of one statement | 20,000 | ``CLAIMCHECK_MAX_STATEMENT_CHARS`` |
"""

from __future__ import annotations

import os

from ._errors import InputError

MAX_ARTICLE_CHARS = 500_000
MAX_STATEMENT_CHARS = 20_000
_VARIABLES = {"article": ("CLAIMCHECK_MAX_ARTICLE_CHARS", MAX_ARTICLE_CHARS),
              "statement": ("CLAIMCHECK_MAX_STATEMENT_CHARS", MAX_STATEMENT_CHARS)}


def limit(what: str) -> int:
    """The limit in force for ``what`` ("article" or "statement"): its environment variable, else the default."""
    variable, default = _VARIABLES[what]
    raw = os.environ.get(variable)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.replace("_", "").strip())
    except ValueError:
        value = 0
    if value <= 0:
        raise InputError(f"{variable} must be a positive number of characters, got {raw!r}")
    return value


def too_long(what: str, text: str) -> str | None:
    """A one-line reason if ``text`` is longer than the limit for ``what``, else None."""
    n = len(text)
    cap = limit(what)
    if n <= cap:
        return None
    variable = _VARIABLES[what][0]
    return f"{what} is too long ({n:,} characters; the limit is {cap:,}; set {variable} to raise it)"
