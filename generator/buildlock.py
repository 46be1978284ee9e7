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
from collections.abc import Iterator
from pathlib import Path

WAITING = (
    "另一个 gkml 正在生成 {out}，等它完成后再开始…… "
    "(another gkml build into {out} is running: waiting for it to finish…)"
)


@contextlib.contextmanager
def held(lock: Path, out: Path) -> Iterator[bool]:
    """Hold the lock file *lock* of builds into *out* while the block runs; yield whether
    another build held it first (what that build read, such as the manifest, is stale)."""
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
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            waited = False
        except BlockingIOError:
            print(WAITING.format(out=out), file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)  # Ctrl+C stops the wait
            waited = True
        yield waited
