"""The SHA-256 of the files a build publishes as they are, kept between builds.

A build publishes attachments, the files of content/static/ and the files bodies link to byte
for byte. Every rebuild read each of them whole and held them all at once, to hash them and
write the changed ones: with 834 PDFs (696 MB) beside 5,000 items, a title change took 2.3–2.9
s where 1.1 s without them, and 720 MiB of memory where 115. A file is now copied in pieces
(never held whole), and its digest is kept under its size and modification time: a file with
the same ones is not read again, unless it was changed within a second of being read (a
"racy" file, whose next change may keep its time: as the read cache, `readcache`).
"""

from __future__ import annotations

import hashlib
import os
import time as clock
from dataclasses import dataclass, field
from pathlib import Path

from generator.cachefile import CacheFile

FILE_NAME = "files.marshal"
_FORMAT = 1
_RACY_NS = 1_000_000_000  # a file changed this close to its read is read again next time

Signature = tuple[int, int]  # size, mtime_ns (of `stamp.Signature`, as the walk found them)


def file_sha(path: Path) -> str:
    """Return the SHA-256 of the file *path*, read in pieces."""
    with path.open("rb") as read:
        return hashlib.file_digest(read, "sha256").hexdigest()


@dataclass(slots=True)
class FileDigests:
    """The digests of the last build's published files, by site-root path: (size,
    mtime_ns, SHA-256); loaded from and saved to *path*."""

    path: Path
    root: Path
    entries: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    now: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # this build's
    started_ns: int = field(default_factory=clock.time_ns)
    file: CacheFile = field(init=False)

    def __post_init__(self) -> None:
        self.file = CacheFile(self.path, (_FORMAT, os.fspath(self.root.resolve())))

    @classmethod
    def open(cls, path: Path, root: Path) -> FileDigests:
        """Return the cache at *path* with the changes since; empty when it is missing,
        unreadable or of another site."""
        cache = cls(path, root)
        cache.entries = cache.file.load()
        return cache

    def known(self, rel: str, sig: Signature) -> str | None:
        """Return the SHA-256 of *rel* when it was read last with the signature *sig*."""
        entry = self.entries.get(rel)
        if entry is None or (entry[0], entry[1]) != sig:
            return None
        self.now[rel] = entry
        return entry[2]

    def note(self, rel: str, sig: Signature, sha: str) -> None:
        """Keep *sha* as *rel*'s, read when it was *sig* (not when the file was racy)."""
        if sig[1] > self.started_ns - _RACY_NS:
            return
        entry = (sig[0], sig[1], sha)
        self.now[rel] = entry
        if self.entries.get(rel) != entry:
            self.file.note(rel, entry)

    def save(self) -> None:
        """Write the digests of this build's files (`CacheFile.save`); forget the others. A
        failure to write only costs the next build time."""
        gone = self.entries.keys() - self.now.keys()
        for rel in gone:
            self.file.note(rel, None)
        if gone or self.file.pending:
            self.file.save(self.now)
