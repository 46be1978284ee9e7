"""The 繁體 edition: converted text, protected identifiers, a counterpart for every page."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from generator.build import build_site
from generator.edition import to_traditional

REPO = Path(__file__).resolve().parent.parent


def test_text_is_converted_and_protected_parts_are_not() -> None:
    html = (
        '<p>关于印发养老服务发展规划的通知</p><td translate="no">示民发〔2024〕1号</td>'
        '<script type="application/ld+json">{"name": "关于养老服务"}</script><p>发布机构</p>'
    )
    converted = to_traditional(html, "s2t")
    assert "<p>關於印發養老服務發展規劃的通知</p>" in converted
    assert '<td translate="no">示民发〔2024〕1号</td>' in converted
    assert '{"name": "关于养老服务"}' in converted
    assert converted.endswith("<p>發佈機構</p>")


def test_form_field_names_are_not_converted() -> None:
    """The search page's filters keep their names: search.js finds them by those names."""
    html = '<label for="f1">发布机构</label><select id="f1" name="发布机构"></select>'
    converted = to_traditional(html, "s2t")
    assert converted == '<label for="f1">發佈機構</label><select id="f1" name="发布机构"></select>'


def test_the_configuration_chooses_the_regional_variant() -> None:
    assert to_traditional("<p>里面为</p>", "s2t") == "<p>裏面爲</p>"
    assert to_traditional("<p>里面为</p>", "s2tw") == "<p>裡面為</p>"
    assert to_traditional("<p>里面为</p>", "s2hk") == "<p>裏面為</p>"


def _sample(tmp_path: Path, traditional: str | None = None) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    config = (REPO / "catalog.yml").read_text(encoding="utf-8")
    if traditional is not None:
        config = config.replace("site:\n", f"site:\n  traditional: {traditional}\n", 1)
    (src / "catalog.yml").write_text(config, encoding="utf-8")
    shutil.copytree(REPO / "content", src / "content")
    out = tmp_path / "site"
    result = build_site(src, out, as_of=date(2026, 11, 20), workers=1)
    assert result.stats is not None
    return out


def test_every_page_has_a_traditional_counterpart(tmp_path: Path) -> None:
    site = _sample(tmp_path)
    simplified = {
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith("zh-hant/")
    }
    traditional = {
        p.relative_to(site / "zh-hant").as_posix() for p in (site / "zh-hant").rglob("*.html")
    }
    assert simplified == traditional
    home = (site / "zh-hant/index.html").read_text(encoding="utf-8")
    assert "示例市民政局政府信息公開" in home
    assert "最新公開信息" in home or "最新公开信息" not in home
    # Non-HTML files exist once, shared by both editions.
    assert not (site / "zh-hant/assets").exists()
    assert not (site / "zh-hant/catalog.json").exists()


def test_traditional_none_builds_no_edition(tmp_path: Path) -> None:
    site = _sample(tmp_path, "none")
    assert not (site / "zh-hant").exists()


def test_addresses_and_anchors_keep_their_chinese_names() -> None:
    # Found in review: an attachment named 实施细则.pdf became 實施細則.pdf, a dead link.
    html = (
        '<p>实施细则</p><a href="../files/实施细则.pdf" aria-label="下载实施细则">下载</a>'
        '<h2 id="第一章-总则">第一章 总则</h2><a href="#第一章-总则">总则</a>'
        '<img src="图表.png" alt="图表">'
    )
    out = to_traditional(html, "s2t")
    assert 'href="../files/实施细则.pdf"' in out and 'src="图表.png"' in out
    assert 'id="第一章-总则"' in out and 'href="#第一章-总则"' in out
    assert "<p>實施細則</p>" in out and 'aria-label="下載實施細則"' in out and 'alt="圖表"' in out
