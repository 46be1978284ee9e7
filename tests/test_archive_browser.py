"""The disc, extracted from the ISO image, opened from file:// in real Chromium.

From the disc's top page into data/index.html, to a column, to an item; and a search with
the offline engine. No server, no network. Chromium or Playwright missing skips, except with
GKML_REQUIRE_BROWSER=1 (CI), where it fails.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from browsing import AXE, chromium, require
from conftest import copy_sample

from generator.archive import make_archive
from generator.discimage import read_listing

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def disc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the folder the ISO image was extracted into (by xorriso when installed)."""
    site = copy_sample(tmp_path_factory.mktemp("disc") / "src")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1751270400")
        result = make_archive(site, site.parent / "out", as_of=date(2025, 6, 30), iso=True)
    assert result.package is not None and result.package.image is not None
    image = result.package.image
    target = site.parent / "mounted"
    xorriso = shutil.which("xorriso")
    if xorriso:
        subprocess.run(
            [xorriso, "-osirrox", "on", "-indev", f"stdio:{image}", "-extract", "/", str(target)],
            capture_output=True,
            check=True,
        )
    else:
        with image.open("rb") as handle:
            for entry in read_listing(image).files:
                handle.seek(entry.offset)
                (target / entry.path).parent.mkdir(parents=True, exist_ok=True)
                (target / entry.path).write_bytes(handle.read(entry.size))
    shutil.rmtree(result.package.bag)  # the browser sees only what came off the disc
    return target


@pytest.fixture(scope="module")
def page(disc: Path) -> Iterator[Any]:
    with chromium() as browser:
        context = browser.new_context()
        requested: list[str] = []
        context.on("request", lambda r: requested.append(r.url))
        tab = context.new_page()
        yield tab
    assert all(url.startswith(("file://", "data:")) for url in requested), requested


def test_walk_from_the_disc_to_an_item(page: Any, disc: Path) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((disc / "index.html").as_uri())
    assert "使用说明" in page.title()
    page.click('a[href="data/index.html"]')
    page.wait_for_load_state()
    assert page.url.endswith("/data/index.html")
    page.click('main a[href="catalog/bmwj/index.html"]')
    page.wait_for_load_state()
    assert page.text_content("h1") == "部门文件"
    link = page.locator('main a[href*="items/"]').first
    title = link.text_content().strip()
    link.click()
    page.wait_for_load_state()
    assert "/data/items/" in page.url
    heading = page.text_content("h1").strip()
    # A title two documents share says its 文号 in the listing's link (told apart), not in h1
    assert title == heading or title.startswith(heading + "（"), (title, heading)
    assert page.locator("text=索引号").count() > 0
    assert errors == []


def test_offline_search_from_the_disc(page: Any, disc: Path) -> None:
    page.goto((disc / "data/search.html").as_uri() + "?q=低保")
    page.wait_for_function(
        "() => { const s = document.getElementById('gk-search-status');"
        " return s && s.textContent && !s.textContent.includes('正在载入'); }"
    )
    results = page.locator("#gk-search-results a")
    assert results.count() > 0
    title = results.first.text_content().strip()
    results.first.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://")
    assert page.text_content("h1").strip() == title


def test_the_discs_pages_pass_axe_with_their_archive_note_in_a_landmark(
    page: Any, disc: Path
) -> None:
    """A walk: the 离线存档 note on every page of the disc stood outside every landmark, so a
    screen reader moving by landmarks never met it (axe's best-practice rule `region`)."""
    require(f"axe-core ({AXE}; run `npm ci`)", AXE.is_file())
    axe = AXE.read_text(encoding="utf-8")
    for path in ("data/index.html", "data/catalog/bmwj/index.html", "data/search.html"):
        page.goto((disc / path).as_uri())
        page.wait_for_load_state()
        note = page.locator(".gk-archived")
        assert note.count() == 1 and "离线存档" in note.text_content()
        assert note.evaluate("e => e.closest('section[aria-label], main, header, footer')")
        page.evaluate(axe)
        found = page.evaluate(
            """async () => (await axe.run(document, {runOnly: {type: "tag", values:
              ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})).violations
              .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`))"""
        )
        assert found == [], path
