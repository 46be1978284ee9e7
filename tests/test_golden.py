"""Golden output of the sample site: one page of each kind in full, every file by hash.

Refresh after an intended change, then review the diff like any other:

    GKML_UPDATE_GOLDEN=1 uv run pytest tests/test_golden.py

That run writes the files and fails ("golden files refreshed"), so that it is never taken
for a passing one; run the test again without the variable to compare.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import copy_sample

from generator.build import build_site

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "sample"
AS_OF = date(2026, 11, 20)
# One file of each kind, kept in full so that a reviewer sees what changed.
SHOWN = (
    "index.html",
    "404.html",
    "search.html",
    "pages/gkzn.html",
    "catalog/fdzdgknr/index.html",
    "catalog/shjz/index.html",
    "dates/2025/index.html",
    "status/not-in-force/index.html",
    "items/2024/640100-108-2024-00004.html",
    "feed.xml",
    "catalog.csv",
    "robots.txt",
)


def _build(tmp_path: Path) -> Path:
    src = copy_sample(tmp_path / "src")
    out = tmp_path / "site"
    result = build_site(src, out, as_of=AS_OF, workers=1)
    assert result.stats is not None
    return out


def _manifest(site: Path) -> str:
    lines = [
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(site).as_posix()}"
        for p in sorted(site.rglob("*"))
        if p.is_file()
    ]
    return "\n".join(lines) + "\n"


def test_sample_site_matches_golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site = _build(tmp_path)
    manifest = _manifest(site)
    if os.environ.get("GKML_UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel in SHOWN:
            target = GOLDEN / "files" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(site / rel, target)
        (GOLDEN / "manifest.txt").write_text(manifest, encoding="utf-8")
        # An update run compares the build with what it just wrote: it can never fail, so it
        # must never pass either (an exported variable in CI or a shell made it always green).
        pytest.fail("golden files refreshed; run again without GKML_UPDATE_GOLDEN")
    for rel in SHOWN:
        expected = (GOLDEN / "files" / rel).read_text(encoding="utf-8")
        assert (site / rel).read_text(encoding="utf-8") == expected, rel
    assert manifest == (GOLDEN / "manifest.txt").read_text(encoding="utf-8")
