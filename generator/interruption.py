"""Clean-up that a second Ctrl+C does not cut short.

`uv run gkml build` passes the terminal's Ctrl+C on, so gkml gets it twice, a few
milliseconds apart: the first stops the build, the second landed in the clean-up that the
first started (a re-walk: a partial `.site.staging/` left behind, or a traceback). What runs
here is run again from its start after each further Ctrl+C, until it ends; it must be safe to
repeat (removing a folder, waiting for helpers already told to stop). Once it has ended, the
first Ctrl+C goes on as it would have.

Ctrl+C reaches a process's main thread only: work in another thread (`gkml serve`'s builds)
is stopped at its checkpoints instead, where nothing is half written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# Called between pieces of a long piece of work (each file the check reads): what it raises
# stops the work there. `gkml serve` builds in a thread, which Ctrl+C does not reach; its
# checkpoint raises once serve is stopping.
Checkpoint = Callable[[], None]


def never() -> None:
    """A checkpoint that never stops the work: that of a command Ctrl+C reaches itself."""


def shielded(action: Callable[[], T]) -> T:
    """Return *action*'s result, running it again after each Ctrl+C that interrupts it.

    A Ctrl+C can also come out as another error: one that landed in a library's own
    clean-up. shutil.rmtree closes a folder's descriptor, then notes that it did; a Ctrl+C
    between the two made its `finally` close it again, and that error (EBADF) replaced the
    KeyboardInterrupt (a CI run: a build stopped by Ctrl+C twice said `无法写入 …（Bad file
    descriptor）` and exited 1, not 130). An error raised while a Ctrl+C was being handled
    runs the action again too; an error of the action's own ends it.
    """
    while True:
        try:
            return action()
        except KeyboardInterrupt:
            continue
        except Exception as exc:
            if isinstance(exc.__context__, KeyboardInterrupt):
                continue
            raise
