"""The ``claimcheck`` command's entry point: Ctrl-C is a one-line message from the first instant.

Python turns Ctrl-C into a KeyboardInterrupt with a traceback wherever it
lands, also while modules are still being imported; this module imports
nothing of weight, sets the handler, and only then loads the command line.
"""

from __future__ import annotations

import signal
import sys


def _interrupted(signum: int, frame: object) -> None:
    sys.stderr.write("claimcheck: interrupted\n")
    raise SystemExit(130)  # unwinds: locks are released and temporary files removed on the way out


def run() -> None:
    signal.signal(signal.SIGINT, _interrupted)
    from .cli import app

    app()
