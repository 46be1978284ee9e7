"""A digest of gkml's own code: whatever gkml computed and kept is stale when its code changes."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from generator import __version__


@functools.cache
def code_fingerprint() -> str:
    """Return a digest of gkml's own code: a changed gkml never reuses an old result."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
