"""A site's copies of the default theme's files, after an upgrade changes gkml's own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import themecopies
from generator.theme import default_theme_dir
from generator.themecopies import stale_copies, stale_note


def test_a_copy_an_upgrade_left_behind_is_named_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An IT person's walk: a base.html copied before gkml's own gained the search page's
    stylesheet went on being used after the upgrade, and nothing said so."""
    default = tmp_path / "gkml-theme"
    shutil.copytree(default_theme_dir(), default)
    monkeypatch.setattr(themecopies, "default_theme_dir", lambda: default)
    site, cache = tmp_path / "site", tmp_path / "site/.gkml-cache"
    (site / "templates/assets").mkdir(parents=True)
    shutil.copy(default / "base.html", site / "templates/base.html")
    shutil.copy(default / "assets/gkml.css", site / "templates/assets/gkml.css")
    (site / "templates/assets/logo.svg").write_text("<svg/>", encoding="utf-8")  # the site's own
    assert stale_copies(site, cache) == []  # as copied
    base = default / "base.html"
    base.write_text(base.read_text("utf-8").replace("</footer>", "<p>新</p></footer>"), "utf-8")
    assert stale_copies(site, cache) == ["templates/base.html"]  # the upgrade
    assert stale_copies(site, cache) == ["templates/base.html"]  # until the copy changes
    assert "templates/base.html" in stale_note(["templates/base.html"])
    copy = site / "templates/base.html"
    copy.write_text(base.read_text("utf-8"), encoding="utf-8")  # the change taken in
    assert stale_copies(site, cache) == []
    assert stale_copies(site, cache) == []
