"""`gkml check` and `gkml build` only read the site: no file of it is created, changed or
touched, pass or fail (a build writes its output and its .gkml-cache/ alone)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import AS_OF, INVALID_DIR, SITES_DIR, MakeSite, RunGkml, copy_sample

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


def _source(root: Path) -> Snapshot:
    """Return the snapshot of what an editor writes in *root*: content/, catalog.yml and
    templates/ (not the build's .gkml-cache/)."""
    return {
        rel: found
        for rel, found in snapshot(root).items()
        if rel == "catalog.yml" or rel.split("/")[0] in ("content", "templates")
    }


# A public item of each site whose body the second build patches in, with its line ending.
_EDITED = {
    "sample": ("content/2024/bmwj-yanglao-yunying-butie-banfa.md", b"\n"),
    "valid-crlf": ("content/2024/640100-108-2024-00001.md", b"\r\n"),
}


@pytest.mark.parametrize("name", sorted(_EDITED))
def test_a_build_leaves_the_site_untouched(name: str, tmp_path: Path, run_gkml: RunGkml) -> None:
    """An audit: a build that rewrote the sources it read (a CRLF file saved with LF, a file's
    time touched) passed every test, and an editor's next pull request would carry changes to
    files nobody edited. A full build, a build after a body edit and a build that fails at a
    template leave content/, catalog.yml and templates/ as they were, bytes and times."""
    if name == "sample":
        site = copy_sample(tmp_path / "src")
    else:
        site = tmp_path / "src"
        shutil.copytree(SITES_DIR / name, site)
    edited, newline = _EDITED[name]
    assert (site / edited).read_bytes().count(newline) > 10  # the line ending under test
    out = tmp_path / "site"
    build = ["build", "--site", site, "--out", out, "--as-of", AS_OF, "--jobs", "1"]

    before = _source(site)
    assert run_gkml(build).exit_code == 0
    assert _source(site) == before

    with (site / edited).open("ab") as file:  # a body edit: the next build patches it in
        file.write("补充说明一段正文。".encode() + newline)
    before = _source(site)
    assert run_gkml(build).exit_code == 0
    assert "补充说明一段正文" in "".join(
        p.read_text(encoding="utf-8") for p in (out / "items").rglob("*.html")
    )
    assert _source(site) == before

    (site / "templates").mkdir()
    (site / "templates/item.html").write_text(  # fails as each item's page is rendered
        "{% extends 'base.html' %}{% block main %}{{ titel.zh }}{% endblock %}", encoding="utf-8"
    )
    with (site / edited).open("ab") as file:
        file.write("再补充一段。".encode() + newline)
    before = _source(site)
    assert run_gkml(build).exit_code != 0
    assert _source(site) == before
