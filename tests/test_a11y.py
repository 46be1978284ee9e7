"""The accessible theme without a browser: valid HTML over the whole sample site (Nu Html
Checker), page weight, the Content-Security-Policy and no external requests, the QR code, the
accessibility statement."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
import zxingcpp
from browsing import VNU, build_sample, require
from conftest import MakeSite

from generator import views
from generator.build import build_site
from generator.qr import qr_svg

ITEM_PAGE_LIMIT = 50 * 1024  # HTML + CSS + JS of an item page, uncompressed (issue 5)
# Every page's policy, word for word: the site's own files only. No inline script or style
# ('unsafe-inline'), no data: or blob: URL, no plugin, no <base>; forms submit to the site.
CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
# Links that make the browser fetch something as the page loads (a <link rel="canonical"> or
# "alternate" is only named, never fetched).
_FETCHED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}
_FETCHED_ATTRIBUTES = {"src", "srcset", "poster", "data", "background"}


class _Resources(HTMLParser):
    """What a page loads as it opens (scripts, styles, images, frames…) and its CSP metas."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loaded: list[tuple[str, str]] = []  # (tag, URL)
        self.policies: list[str] = []
        self.first_load_at: int | None = None  # index in `loaded` order of the first CSP meta
        self.in_head = False
        self.blocked = False  # a script in <head> without async or defer has been met
        self.late: list[str] = []  # what <head> fetches after that script

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.in_head = (self.in_head or tag == "head") and tag != "body"
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.policies.append(values.get("content", ""))
            if self.first_load_at is None:
                self.first_load_at = len(self.loaded)
        found = [v for n, v in values.items() if n in _FETCHED_ATTRIBUTES]
        if tag == "link" and set(values.get("rel", "").split()) & _FETCHED_LINKS:
            found.append(values.get("href", ""))
        for url in found:
            for candidate in url.split(","):  # a srcset lists URLs with their widths
                self.loaded.append((tag, candidate.strip().split(" ")[0]))
                if self.in_head and self.blocked:
                    self.late.append(self.loaded[-1][1])
        if self.in_head and tag == "script" and "src" in values:
            self.blocked = self.blocked or not {"async", "defer"} & values.keys()

    def handle_endtag(self, tag: str) -> None:
        self.in_head = self.in_head and tag != "head"


def _resources(page: Path) -> _Resources:
    parser = _Resources()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


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
    """HTML + CSS + JS, uncompressed, in both editions (gzip over the wire is about a third)."""
    pages = sorted((site / "items").rglob("*.html")) + sorted(
        (site / "zh-hant/items").rglob("*.html")
    )
    assert pages
    for page in pages:
        total = page.stat().st_size
        for tag, ref in _resources(page).loaded:
            assert tag in ("script", "link"), (page, tag, ref)  # images would count too
            total += (page.parent / ref).resolve().stat().st_size
        assert total <= ITEM_PAGE_LIMIT, f"{page.relative_to(site)}: {total} bytes"


def test_every_page_has_the_content_security_policy(site: Path) -> None:
    """One CSP meta, before anything it governs, allowing nothing but the site's own files."""
    for page in _pages(site):
        found = _resources(page)
        assert found.policies == [CSP], page
        assert found.first_load_at == 0, f"{page}: the CSP meta comes after a script or style"


def test_every_page_asks_for_its_files_before_its_blocking_script(site: Path) -> None:
    """Everything <head> fetches comes before its first script without async or defer (gkml.js):
    Chromium's preload scanner stops at the CSP meta, so a file named after that script was
    asked for only once the script had arrived and run, a round trip later (the search page's
    stylesheet, render-blocking, and its scripts: its first paint came 68 ms later, median of
    seven loads in Chromium with 100 ms of latency added)."""
    for page in _pages(site):
        assert _resources(page).late == [], page


def test_no_page_loads_anything_from_elsewhere(site: Path) -> None:
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        for tag, ref in _resources(page).loaded:
            # No scheme (http:, data:…) and no other host (//host/…): a file of this site.
            assert not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", ref, re.I), (page, tag, ref)
        assert "style=" not in html and "<style" not in html, page  # CSP: no inline style
        assert re.search(r"<script(?![^>]*(?:src=|application/ld\+json))", html) is None, page
        assert not re.search(r"\son[a-z]+=", html), page  # no event handler attributes
    for sheet in (site / "assets").glob("*.css"):
        css = sheet.read_text(encoding="utf-8")
        assert "@import" not in css and "@font-face" not in css and "url(" not in css, sheet


def test_traditional_pages_mark_what_stays_simplified(site: Path) -> None:
    """lang on the page and on the parts in another script: a 繁體 page quotes 索引号 and 文号
    as issued (translate="no"), and search.js writes results from the one simplified index; its
    status and filter labels come from the page (data-t-*, options), so they are 繁體."""
    quoted = 0
    for page in sorted((site / "zh-hant").rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="zh-Hant">' in html, page
        for tag, text in re.findall(r'(<[a-z]+ [^>]*translate="no"[^>]*>)([^<]*)', html):
            assert ' lang="zh-CN"' in tag, (page.relative_to(site), tag)
            quoted += bool(re.search(r"[\u4e00-\u9fff]", text))
    assert quoted > 0  # some 文号 (示民发〔2024〕1号) is in the sample
    search = (site / "zh-hant/search.html").read_text(encoding="utf-8")
    assert 'id="gk-search-results" class="gk-results" lang="zh-CN"' in search
    status = re.search(r'<p id="gk-search-status"[^>]*>', search)
    assert status and "lang=" not in status.group(0)
    assert 'data-t-found="找到 {n} 條結果"' in search and ">示例市社會福利院</option>" in search


def test_every_page_links_the_accessibility_statement(site: Path) -> None:
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        # (the 繁體 edition spells it 無障礙聲明)
        assert re.search(r'href="[^"]*accessibility\.html">(无障碍声明|無障礙聲明)</a>', html), page
        assert 'href="#gk-elder"' in html and '<span id="gk-elder"></span>' in html, page


def test_accessibility_statement(site: Path) -> None:
    html = (site / "accessibility.html").read_text(encoding="utf-8")
    for text in ("GB/T 37668", "WCAG", "已知的不足", "长者版", "反馈问题"):
        assert text in html, text
    # How to report a problem comes from catalog.yml's site.contact.
    assert '<a href="mailto:xxgk@example.gov.cn">xxgk@example.gov.cn</a>' in html
    assert '<a href="tel:09516000100">0951-6000100</a>' in html


def test_every_pages_footer_lets_a_phone_call_or_write(site: Path) -> None:
    """A reader's walk: the footer's phone number and e-mail address were text; on a
    phone an elderly reader could not tap to call."""
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        footer = html[html.index('<footer class="gk-footer">') :]
        assert '<a href="tel:09516000100">0951-6000100</a>' in footer, page
        assert '<a href="mailto:xxgk@example.gov.cn">xxgk@example.gov.cn</a>' in footer, page


def test_every_pages_footer_has_the_sites_other_links_in_order(site: Path) -> None:
    """site.footer_links (a walk: no place for 我为政府网站找错 or the city's portal): in the
    footer of every page, in catalog.yml's order, named as a group of links."""
    config = yaml.safe_load((site.parent / "src/catalog.yml").read_text(encoding="utf-8"))
    wanted = config["site"]["footer_links"]
    assert len(wanted) >= 2
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        footer = html[html.index('<footer class="gk-footer">') :]
        group = re.search(
            r'<nav class="gk-footer__links" aria-label="(相关链接|相關鏈接)">(.*?)</nav>',
            footer,
            re.S,
        )
        assert group, page
        links = re.findall(r'<a href="([^"]+)" rel="external">([^<]+)</a>', group.group(2))
        assert [url for url, _ in links] == [w["url"] for w in wanted], page
        if "zh-hant" not in page.parts:
            assert [title for _, title in links] == [w["title"] for w in wanted], page


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("0951-6000100", "tel:09516000100"),
        ("(0951) 600 0100", "tel:09516000100"),
        ("+86 951 6000100", "tel:+869516000100"),
        ("6000100、6000101", None),  # two numbers: no one number to call
        ("0951-6000100 转 8", None),
    ],
)
def test_a_phone_link_is_made_of_one_number_only(phone: str, href: str | None) -> None:
    assert views._tel(phone) == href


def test_item_pages_carry_a_qr_code_of_their_address(site: Path) -> None:
    page = "items/2024/640100-108-2024-00004.html"
    html = (site / page).read_text(encoding="utf-8")
    url = f"https://example.gov.cn/xxgk/{page}"
    assert str(qr_svg(url)) in html
    assert f'aria-label="本页地址的二维码：{url}"' in html
    assert "扫一扫在手机打开当前页" in html


def test_a_traditional_page_carries_a_qr_code_of_its_own_address(site: Path) -> None:
    page = "zh-hant/items/2024/640100-108-2024-00004.html"
    html = (site / page).read_text(encoding="utf-8")
    url = f"https://example.gov.cn/xxgk/{page}"
    assert re.findall(r'<svg role="img"[^>]*>.*?</svg>', html, re.DOTALL) == [
        str(qr_svg(url)).replace("本页地址的二维码", "本頁地址的二維碼")
    ]
    assert f'aria-label="本頁地址的二維碼：{url}"' in html


def _decode_svg(svg: str, scale: int = 4, below: int = 0) -> str | None:
    """Draw the runs of a QR code's path on a grey image, the rows from *below* on, and read
    it with zxing-cpp's decoder. The path is read as SVG reads it: `M` moves to a place, `m`
    by so much from the pen's place, `h` draws a line along the row and moves the pen."""
    side = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))  # type: ignore[union-attr]
    path = re.search(r' d="([^"]*)"', svg).group(1)  # type: ignore[union-attr]
    assert re.fullmatch(r"(?:[Mm]-?\d+ -?\d+(?:\.5)?h\d+)+", path), path
    pixels = bytearray(b"\xff" * (side * scale) ** 2)
    pen_x, pen_y = 0.0, 0.0
    for move, dx, dy, length in re.findall(r"([Mm])(-?\d+) (-?\d+(?:\.5)?)h(\d+)", path):
        x, y = (float(dx), float(dy)) if move == "M" else (pen_x + float(dx), pen_y + float(dy))
        pen_x, pen_y = x + int(length), y
        if int(y) < below:
            continue
        for row in range(int(y) * scale, (int(y) + 1) * scale):
            start = row * side * scale + int(x) * scale
            pixels[start : start + int(length) * scale] = b"\x00" * (int(length) * scale)
    found = zxingcpp.read_barcode(memoryview(pixels).cast("B", (side * scale, side * scale)))
    return found.text if found is not None else None


@pytest.mark.parametrize(
    "url",
    [
        "https://example.gov.cn/xxgk/items/2024/640100-108-2024-00004.html",
        "https://www.example.gov.cn/xxgk/zh-hant/items/2026/640100-108-2026-00049.html",
        "http://127.0.0.1/a.html",
    ],
)
def test_a_reader_scans_the_qr_code_back_to_the_address(url: str) -> None:
    svg = str(qr_svg(url))
    assert _decode_svg(svg) == url
    # The decoder is real: without its upper half (rows 0-16) the code cannot be read.
    assert _decode_svg(svg, below=4 + 17) is None


def test_codes_of_many_addresses_and_sizes_in_one_process_scan_back() -> None:
    # The path's pieces are kept from code to code (qr._PIECES): each code must still be its own.
    urls = [
        f"https://example.gov.cn/{'x' * pad}/items/{year}/640100-108-{year}-{n:05d}.html"
        for pad in (1, 30, 90)
        for year in (2019, 2026)
        for n in (1, 48, 912)
    ]
    svgs = [str(qr_svg(u)) for u in urls]
    assert len({re.search(r'viewBox="0 0 (\d+)', s).group(1) for s in svgs}) == 3  # type: ignore[union-attr]
    assert [_decode_svg(s) for s in svgs] == urls


def test_qr_code_is_deterministic_and_depends_on_the_url() -> None:
    a = qr_svg("https://example.gov.cn/xxgk/items/2024/a.html")
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
