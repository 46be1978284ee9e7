"""The accessible theme without a browser: valid HTML over the whole sample site (Nu Html
Checker), page weight, no external requests, the QR code, the accessibility statement."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from browsing import VNU, build_sample, require
from conftest import MakeSite

from generator.build import build_site
from generator.qr import qr_svg

ITEM_PAGE_LIMIT = 50 * 1024  # HTML + CSS + JS of an item page, uncompressed (issue 5)
_ASSET_REF = re.compile(
    r'<(?:script|img|iframe|source|link rel="stylesheet")[^>]*?(?:src|href)="([^"]+)"'
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("a11y"))


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_is_valid_html(site: Path) -> None:
    """The Nu Html Checker finds no error in any page, in one batched call (JVM start ≈ 4 s)."""
    java = shutil.which("java")
    require("Java (default-jre-headless)", java is not None)
    require(f"the Nu Html Checker ({VNU}; run `npm ci`)", VNU.is_file())
    assert java is not None
    done = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_item_pages_weigh_at_most_50_kb(site: Path) -> None:
    for page in sorted((site / "items").rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        total = len(html.encode("utf-8"))
        for ref in _ASSET_REF.findall(html):
            total += (page.parent / ref).resolve().stat().st_size
        assert total <= ITEM_PAGE_LIMIT, f"{page.relative_to(site)}: {total} bytes"


def test_no_page_loads_anything_from_elsewhere(site: Path) -> None:
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        for ref in _ASSET_REF.findall(html):
            assert not re.match(r"^(?:[a-z]+:|//)", ref), (page.relative_to(site), ref)
        assert "style=" not in html and "<style" not in html, page  # CSP: no inline style
        assert re.search(r"<script(?![^>]*(?:src=|application/ld\+json))", html) is None, page
    for sheet in (site / "assets").glob("*.css"):
        css = sheet.read_text(encoding="utf-8")
        assert "@import" not in css and "@font-face" not in css and "url(" not in css, sheet


def test_every_page_links_the_accessibility_statement(site: Path) -> None:
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        # (the 繁體 edition spells it 無障礙聲明)
        assert re.search(r'href="[^"]*accessibility\.html">(无障碍声明|無障礙聲明)</a>', html), page
        assert 'href="#gk-elder"' in html and '<body id="gk-elder">' in html, page


def test_accessibility_statement(site: Path) -> None:
    html = (site / "accessibility.html").read_text(encoding="utf-8")
    for text in ("GB/T 37668", "WCAG", "已知的不足", "长者版", "反馈问题"):
        assert text in html, text
    # How to report a problem comes from catalog.yml's site.contact.
    assert '<a href="mailto:xxgk@example.gov.cn">xxgk@example.gov.cn</a>' in html
    assert '<a href="tel:09516000100">0951-6000100</a>' in html


def test_item_pages_carry_a_qr_code_of_their_address(site: Path) -> None:
    page = "items/2024/640100-108-2024-00004.html"
    html = (site / page).read_text(encoding="utf-8")
    url = f"https://example.gov.cn/xxgk/{page}"
    assert str(qr_svg(url)) in html
    assert f'aria-label="本页地址的二维码：{url}"' in html
    assert "扫一扫在手机打开当前页" in html


def test_qr_code_is_deterministic_and_depends_on_the_url() -> None:
    a = qr_svg("https://example.gov.cn/xxgk/items/2024/a.html")
    qr_svg.cache_clear()
    assert qr_svg("https://example.gov.cn/xxgk/items/2024/a.html") == a
    assert qr_svg("https://example.gov.cn/xxgk/items/2024/b.html") != a
    assert a.startswith('<svg role="img"') and a.endswith("</svg>")
    assert "<script" not in a and "xmlns" not in a


def test_no_qr_code_without_base_url(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site()
    out = tmp_path / "out"
    assert build_site(root, out, as_of=date(2026, 1, 1)).stats is not None
    items = sorted((out / "items").rglob("*.html"))
    assert items
    for page in items:
        assert "gk-qr" not in page.read_text(encoding="utf-8")
    statement = (out / "accessibility.html").read_text(encoding="utf-8")
    assert "请与本网站的主办单位示例市民政局联系" in statement
