"""The exception tree of claimcheck.

    ClaimcheckError                     every error claimcheck raises on purpose
    ├── InputError(ValueError)          bad user input (article, corpus, argument)
    │   └── CorpusError                 a corpus file that cannot be read as statements
    ├── InputNotFoundError(FileNotFoundError)   a named file or folder is missing
    ├── IndexFormatError(ValueError)    an index folder that is truncated, tampered with or foreign
    ├── IndexBusyError(TimeoutError)    another process holds the index's write lock, or saved it meanwhile
    ├── ModelMismatchError(ValueError)  an index queried with another model than it was built with
    └── ModelError(RuntimeError)        a model that cannot be built or loaded

Messages name the file (and line, where there is one), what was expected and
what was found, on one line, so the CLI can print them as they are.
"""

from __future__ import annotations

from os import PathLike


class ClaimcheckError(Exception):
    """Base class of all errors raised by claimcheck on purpose."""


def _located(message: str, path: str | PathLike[str] | None, line: int | None) -> str:
    if path is None:
        return message
    where = f"{path}:{line}" if line is not None else f"{path}"
    return f"{where}: {message}"


class InputError(ClaimcheckError, ValueError):
    """Bad user input: an article, a corpus, an argument."""

    def __init__(self, message: str, path: str | PathLike[str] | None = None, line: int | None = None):
        self.path = None if path is None else str(path)
        self.line = line
        super().__init__(_located(message, path, line))


class CorpusError(InputError):
    """A corpus file whose content cannot be read as reference statements."""


class InputNotFoundError(ClaimcheckError, FileNotFoundError):
    """A file or folder named by the user does not exist."""

    def __init__(self, message: str, path: str | PathLike[str]):
        self.path = str(path)
        super().__init__(_located(message, path, None))

    def __str__(self) -> str:  # FileNotFoundError would otherwise format errno-style
        return str(self.args[0])


class IndexFormatError(ClaimcheckError, ValueError):
    """An index folder that is missing parts, truncated, tampered with or of another format."""

    def __init__(self, message: str, path: str | PathLike[str] | None = None):
        self.path = None if path is None else str(path)
        super().__init__(_located(message, path, None))


class IndexBusyError(ClaimcheckError, TimeoutError):
    """Another process is writing the index, or wrote it after this one loaded it."""

    def __init__(self, message: str, path: str | PathLike[str] | None = None):
        self.path = None if path is None else str(path)
        super().__init__(_located(message, path, None))

    def __str__(self) -> str:
        return str(self.args[0])


class ModelMismatchError(ClaimcheckError, ValueError):
    """An index used with another model than the one that built it."""


class ModelError(ClaimcheckError, RuntimeError):
    """A model that cannot be built or loaded."""
