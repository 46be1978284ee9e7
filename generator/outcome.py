"""What a build gives back: its counts and timings, or the error that stopped it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.content import LoadResult


class BuildError(Exception):
    """A build that cannot start or finish; the message is bilingual."""


@dataclass(frozen=True, slots=True)
class BuildStats:
    items: int
    pages: int
    rendered: int  # pages rendered this time (the rest came from the previous build)
    written: int  # files whose bytes changed
    removed: int
    files: int  # all files in the output
    seconds: Mapping[str, float] = field(default_factory=dict)
    peak_mib: Mapping[str, int] = field(default_factory=dict)  # see `memory.peak_mib`, by stage
    unchanged: bool = False  # no input changed since the last build: nothing was done
    patched: bool = False  # only bodies changed: put into their pages (see `bodypatch`)


@dataclass(frozen=True, slots=True)
class BuildResult:
    load: LoadResult
    stats: BuildStats | None  # None when the check found errors and nothing was written
    # Output path → (SHA-256, size) of the files this build wrote, from the bytes it wrote:
    # `gkml archive` makes its manifest from these instead of reading the files back.
    written: Mapping[str, tuple[str, int]] = field(default_factory=dict)
