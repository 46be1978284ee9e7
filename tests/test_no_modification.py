"""`gkml check` only reads: no file in the site is created, changed or touched, pass or fail."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import AS_OF, INVALID_DIR, SITES_DIR, MakeSite, RunGkml

SITES = sorted(
    [SITES_DIR / "minimal", *SITES_DIR.glob("valid-*"), *INVALID_DIR.iterdir()],
    key=lambda p: p.name,
)
Snapshot = dict[str, tuple[str, int, int]]


def snapshot(root: Path) -> Snapshot:
    """Return every path under *root* with its content hash (a link: its target), size and
    modification time."""
    found: Snapshot = {}
    for path in sorted(root.rglob("*")):
        stat = path.lstat()  # a link as itself: GK012's fixture holds a broken one
        if path.is_symlink():
            digest = f"link to {path.readlink()}"
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        found[path.relative_to(root).as_posix()] = (digest, stat.st_size, stat.st_mtime_ns)
    return found


@pytest.mark.parametrize("site", SITES, ids=lambda p: p.name)
def test_check_leaves_the_site_untouched(site: Path, run_gkml: RunGkml) -> None:
    before = snapshot(site)
    for extra in ([], ["--format", "json"], ["--format", "github", "--strict"]):
        run_gkml(["check", "--as-of", AS_OF, *extra], cwd=site)
    assert snapshot(site) == before


def test_a_failing_check_of_a_copied_site_leaves_it_untouched(
    run_gkml: RunGkml, make_site: MakeSite
) -> None:
    # Beside the fixtures in the repository: a site in a fresh folder, with a broken file.
    site = make_site({"content/2024/broken.md": "没有前言\n"})
    before = snapshot(site)
    assert run_gkml(["check", "--site", site, "--as-of", AS_OF]).exit_code == 1
    assert snapshot(site) == before
