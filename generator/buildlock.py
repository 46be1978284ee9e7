"""The lock that lets one build at a time write an output folder.

Two builds into one `site/` (a CI publish job and a build by hand, `gkml build` while `gkml
serve` rebuilds after a save, a cron build overlapping a slow one) shared the staging folder,
the folder before and the manifest: one removed the folder the other had just swapped in, and
the published site lost its files, both builds sometimes reporting success (a walk: 5 trials
in 6). Now the second build waits for the first, saying so, and starts from what it left.

The lock is an advisory `flock` on a file beside the manifest of builds of that site into
that folder (`.gkml-cache/manifest-<folder>.lock`); the system releases it when its process
ends, however it ends. Where `fcntl` is missing (Windows) builds are not locked.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from generator.interruption import Checkpoint

WAITING = (
    "另一个 gkml 正在生成 {out}，等它完成后再开始…… "
    "(another gkml build into {out} is running: waiting for it to finish…)"
)
_RETRY_SECONDS = 0.1  # how often a wait with a checkpoint tries the lock again


@contextlib.contextmanager
def held(lock: Path, out: Path, *, checkpoint: Checkpoint | None = None) -> Iterator[bool]:
    """Hold the lock file *lock* of builds into *out* while the block runs; yield whether
    another build held it first (what that build read, such as the manifest, is stale).

    With a *checkpoint*, a wait for the other build calls it every tenth of a second: what it
    raises ends the wait (`gkml serve`'s builds run in a thread, which Ctrl+C does not reach).
    """
    try:
        import fcntl
    except ImportError:  # Windows
        yield False
        return
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        handle = lock.open("a+b")  # held until the block ends
    except OSError:  # a read-only cache: the build says what it cannot write, if anything
        yield False
        return
    with handle:
        waited = not _taken(handle)
        if waited:
            print(WAITING.format(out=out), file=sys.stderr, flush=True)
            if checkpoint is None:
                fcntl.flock(handle, fcntl.LOCK_EX)  # Ctrl+C stops the wait
            else:
                while not _taken(handle):
                    checkpoint()
                    time.sleep(_RETRY_SECONDS)
        yield waited


def _taken(handle: BinaryIO) -> bool:
    """Return whether the lock on *handle* was free and is now held."""
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
