"""Clean-up that a second Ctrl+C does not cut short.

`uv run gkml build` passes the terminal's Ctrl+C on, so gkml gets it twice, a few
milliseconds apart: the first stops the build, the second landed in the clean-up that the
first started (a re-walk: a partial `.site.staging/` left behind, or a traceback). What runs
here is run again from its start after each further Ctrl+C, until it ends; it must be safe to
repeat (removing a folder, waiting for helpers already told to stop). Once it has ended, the
first Ctrl+C goes on as it would have.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def shielded(action: Callable[[], T]) -> T:
    """Return *action*'s result, running it again after each Ctrl+C that interrupts it."""
    while True:
        try:
            return action()
        except KeyboardInterrupt:
            continue
