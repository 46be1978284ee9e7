"""A rebuild after any change gives the very bytes a build from scratch gives.

A rebuild reuses what the last build found: each unchanged file's check (the read cache),
each page whose inputs did not change (item and listing pages are fingerprinted by the items
they show, not by their whole context), the previous output as its staging folder. Each step
below changes one thing another page shows: if the rebuild missed that dependency, that page
would keep its old bytes and differ from the build from scratch.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_sample

from generator import build, catalog, exports, manifest
from generator.build import CACHE_DIR, BuildError, build_site
from generator.outputtree import mirror_tree
from generator.theme import default_theme_dir

AS_OF = date(2026, 11, 20)
POLICY = "content/2024/bmwj-yanglao-yunying-butie-banfa.md"  # interpreted, has an attachment
INTERPRETATION = "content/2024/zcjd-yanglao-yunying-butie.md"
EXPIRED = "content/2023/shjz-dibao-biaozhun-2023.md"  # 失效, lists a related item
EXPIRED_PAGE = "items/2023/640100-108-2023-00024.html"
REPLACEMENT = "content/2025/bmwj-dibao-shenhe-banfa-2025.md"  # named by a 废止 item's banner
ATTACHMENT = "content/2024/files/yunying-butie-shenqingbiao.docx"
NOTICE = "content/2025/shzzpg-pinggu-tongzhi-2025.md"  # 有效, in force until a step repeals it
DECISION = "content/2026/bmwj-xiugai-yunying-butie-jueding.md"  # amended POLICY (已修改)
_PAST = time.time() - 86_400  # every file's time, so that the read cache trusts it


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def edit(root: Path, rel: str, change: Callable[[str], str]) -> None:
    """Change *rel* and give it a time in the past (as a checkout would), not the same time."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, rel
    path.write_text(changed, encoding="utf-8")
    stamp = path.stat().st_mtime - 3_600
    os.utime(path, (stamp, stamp))


def field(name: str, value: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        pattern = rf"(?m)^{name}: .*$"
        if re.search(pattern, text):
            return re.sub(pattern, f"{name}: {value}", text, count=1)
        return text.replace("\n---\n", f"\n{name}: {value}\n---\n", 1)

    return change


def add_interpretation(root: Path) -> None:
    """Add the newest 政策解读: the column's newest item until now gets a newer neighbour."""
    text = (root / "content/2026/zcjd-laonian-zhucan-fangan.md").read_text(encoding="utf-8")
    text = field("index_no", "640100-108/2026-00090")(text)
    text = field("title", "《示例市老年助餐服务实施方案》问答（二）")(text)
    text = field("written", "2026-11-02")(field("published", "2026-11-03")(text))
    path = root / "content/2026/zcjd-laonian-zhucan-wenda.md"
    path.write_text(text, encoding="utf-8")
    os.utime(path, (_PAST, _PAST))


def add_oldest_item(root: Path) -> None:
    """Add the oldest item of its column: the listings' other pages keep their items and show
    the new count."""
    text = (root / "content/2023/bmwj-fly-yuanwu-gongkai-banfa.md").read_text(encoding="utf-8")
    text = text.replace("MB0123456/2023-00002", "MB0123456/2023-00001")
    text = text.replace("示福院发〔2023〕2号", "示福院发〔2023〕1号")
    text = text.replace("院务公开实施办法", "来访登记办法")
    text = field("written", "2023-01-04")(field("published", "2023-01-05")(text))
    path = root / "content/2023/bmwj-fly-laifang-dengji-banfa.md"
    path.write_text(text, encoding="utf-8")
    os.utime(path, (_PAST, _PAST))


def grow_attachment(root: Path) -> None:
    path = root / ATTACHMENT
    path.write_bytes(path.read_bytes() + b"\0" * 4096)
    os.utime(path, (_PAST + 60, _PAST + 60))


def add_linked_file(root: Path) -> None:
    """Add the file the expired item's body linked to before it was there."""
    path = root / "content/2023/files/buchong-qingdan.pdf"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"%PDF-1.4\n% buchong\n")
    os.utime(path, (_PAST, _PAST))


def own_item_template(root: Path) -> None:
    """Give the site its own item.html: the default one with a line more."""
    path = root / "templates/item.html"
    path.parent.mkdir()
    text = (default_theme_dir() / "item.html").read_text(encoding="utf-8")
    marked = text.replace("{% block main %}", "{% block main %}<p>本站说明一。</p>", 1)
    assert marked != text
    path.write_text(marked, encoding="utf-8")
    os.utime(path, (_PAST, _PAST))


# The steps whose rebuild only puts the new body into the item's pages (`bodypatch.patched_build`).
PATCHED = {"a body only", "the same body again (the pages the last build patched)"}
STEPS: list[tuple[str, Callable[[Path], None]]] = [
    ("the policy's title (its interpretation lists it)", lambda r: edit(r, POLICY, field("title", "示例市养老机构运营补贴管理办法（修订）"))),
    ("a related item's 文号 (the expired item lists it)", lambda r: edit(r, "content/2024/shjz-dibao-biaozhun-2024.md", field("doc_no", "示民发〔2024〕99号"))),
    ("a title of an item that names another as related (the other lists it back)", lambda r: edit(r, "content/2026/bmwj-dongchun-jiuzhu-tongzhi-2026.md", field("title", "关于做好2026—2027年冬春季困难群众救助工作的通知（更正）"))),
    ("the repealed item's replacement's title (its banner names it)", lambda r: edit(r, REPLACEMENT, field("title", "示例市最低生活保障审核确认办法（新）"))),
    ("a new item (the column's newest item until now gets a newer neighbour)", add_interpretation),
    ("an oldest item (the other pages of its listings show the new count)", add_oldest_item),
    ("an attachment's bytes (its size shows on the policy's page)", grow_attachment),
    ("an interpretation's column (both columns and both pages change)", lambda r: edit(r, INTERPRETATION, field("category", "bmwj"))),
    ("a related item made 依申请公开 (no page to link to)", lambda r: edit(r, "content/2024/shjz-dibao-biaozhun-2024.md", lambda t: field("reason", "涉及第三方，需征求意见")(field("disclosure", "依申请公开")(t)))),
    ("that item's reason alone (its rows say how to apply)", lambda r: edit(r, "content/2024/shjz-dibao-biaozhun-2024.md", field("reason", "请向示例市民政局办公室书面申请"))),
    ("a body only", lambda r: edit(r, EXPIRED, lambda t: t + "\n补充说明一段正文。\n")),
    ("the same body again (the pages the last build patched)", lambda r: edit(r, EXPIRED, lambda t: t.replace("补充说明一段正文。", "补充说明**两段**正文。\n\n| 项目 | 标准 |\n| --- | --- |\n| 城市 | 每人每月 |\n"))),
    ("a body that now links to another item (a build, not a patch)", lambda r: edit(r, EXPIRED, lambda t: t + "\n参见[审核办法](../2025/bmwj-dibao-shenhe-banfa-2025.md)和[注销公告](../2025/shzzdj-zhuxiao-gonggao-2025.md)。\n")),
    ("a body that now links to a file not there yet (a link left as written)", lambda r: edit(r, EXPIRED, lambda t: t + "\n补充材料见[清单](files/buchong-qingdan.pdf)。\n")),
    ("that file added (the link leads to its published copy)", add_linked_file),
    ("a publication's time of day only (the feeds' clock)", lambda r: edit(r, EXPIRED, field("published", "2023-06-21 16:45"))),
    ("a free page's text (its page, and its record in the search index)", lambda r: edit(r, "content/pages/gkzn.md", lambda t: t + "\n本指南每年更新一次。\n")),
    ("a free page that now links to an item and to another free page", lambda r: edit(r, "content/pages/gkzn.md", lambda t: t + "\n见[注销公告](../2025/shzzdj-zhuxiao-gonggao-2025.md)和[公开制度](gkzd.md)。\n")),
    ("that item's index number (the free page and the expired item name its new page)", lambda r: edit(r, "content/2025/shzzdj-zhuxiao-gonggao-2025.md", field("index_no", "640100-108/2025-00088"))),
    ("an item repealed (its banner, the 现行有效 and 已失效 listings, its search filter code)", lambda r: edit(r, NOTICE, lambda t: field("replaced_by", "640100-108/2025-00018")(field("status_date", "2026-03-01")(field("status", "废止")(t))))),
    ("an item's topics (the topics' listings, its search filter code)", lambda r: edit(r, NOTICE, field("topics", "[社会组织, 社会救助]"))),
    ("the amended policy repealed, its amendment kept (the decision's page still lists it)", lambda r: edit(r, POLICY, lambda t: field("amendments", "[{date: 2026-05-01, by: 640100-108/2026-00021}]")(field("replaced_by", "640100-108/2026-00048")(field("status_date", "2026-11-10")(field("status", "废止")(t)))))),
    ("the amending decision's title (the policy's 此前修改 row names it)", lambda r: edit(r, DECISION, field("title", "示例市民政局关于修订《示例市养老机构运营补贴管理办法》的决定"))),
    ("the amending decision made 依申请公开 (the 此前修改 row is no link)", lambda r: edit(r, DECISION, lambda t: field("reason", "请依申请获取")(field("disclosure", "依申请公开")(t)))),
    ("the amending decision made 不予公开 (the policy's page and the data files drop it)", lambda r: edit(r, DECISION, lambda t: field("reason", "依据第十四条不予公开")(field("disclosure", "不予公开")(t)))),
    ("an item removed (its listings, its neighbours, its search record)", lambda r: (r / "content/2025/shzzdj-zhuxiao-gonggao-2025.md").unlink()),
    ("the site's own item template (every item page)", own_item_template),
    ("that template edited (the compiled code the build cache keeps is stale)", lambda r: edit(r, "templates/item.html", lambda t: t.replace("本站说明一", "本站说明二"))),
    ("a column's title in catalog.yml", lambda r: edit(r, "catalog.yml", lambda t: t.replace("政策解读", "政策文件解读", 1))),
    ("a free page removed (every page's navigation)", lambda r: (r / "content/pages/gkzd.md").unlink()),
]  # fmt: skip


def first_build(site: Path, tmp_path: Path, search_index: bool = False) -> Path:
    """Build *site* into tmp_path/site, without a search index unless asked, as every test
    here starts; return the output folder."""
    out = tmp_path / "site"
    assert build_site(site, out, as_of=AS_OF, search_index=search_index).stats is not None
    return out


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Listings of a few items a page, so that a change can reach a page without changing its
    # items (the count, the pagination, the newest date).
    monkeypatch.setattr(catalog, "PAGE_SIZE", 3)
    root = copy_sample(tmp_path / "src")
    for path in root.rglob("*"):
        os.utime(path, (_PAST, _PAST))
    return root


@pytest.mark.long
def test_each_rebuild_equals_a_build_from_scratch(site: Path, tmp_path: Path) -> None:
    """Each step's rebuild gives the bytes a build from scratch gives, the search index's
    included. (The same steps without the index ran too, until 2026-12-07: 75 s of the suite's
    15 minutes for the pages alone, which these builds make as well; the rebuilds and body
    patches without an index are the other tests' here.)"""
    out = tmp_path / "site"
    assert build_site(site, out, as_of=AS_OF, search_index=True).stats is not None
    assert (site / CACHE_DIR / "read.marshal").is_file()
    for number, (what, step) in enumerate(STEPS):
        before = tree(out)
        step(site)
        result = build_site(site, out, as_of=AS_OF, search_index=True)
        assert result.stats is not None, (what, [d.message_en for d in result.load.diagnostics])
        fresh = tmp_path / f"fresh-{number}"
        shutil.copytree(site, fresh, ignore=shutil.ignore_patterns(CACHE_DIR))
        scratch = build_site(fresh, tmp_path / f"scratch-{number}", as_of=AS_OF, search_index=True)
        assert scratch.stats is not None
        rebuilt, expected = tree(out), tree(tmp_path / f"scratch-{number}")
        assert rebuilt.keys() == expected.keys(), what
        stale = sorted(p for p in expected if rebuilt[p] != expected[p])
        assert not stale, f"{what}: {stale}"
        assert rebuilt != before, f"{what}: the step changed nothing in the site"
        # The last four steps change what every page is made from: each renders them all.
        assert 0 < result.stats.rendered < result.stats.pages or number >= len(STEPS) - 4, what
        assert result.stats.patched == (what in PATCHED), what


def test_damaged_compiled_templates_are_compiled_again(site: Path, tmp_path: Path) -> None:
    out = first_build(site, tmp_path)
    compiled = sorted((site / CACHE_DIR / "templates").iterdir())
    assert len(compiled) >= 5  # item, listing, base, partials … each kept compiled
    for path in compiled:  # cut inside the pickled checksum, and one cut to nothing
        path.write_bytes(path.read_bytes()[:30] + b"garbage" if path != compiled[0] else b"")
    edit(site, POLICY, field("title", "示例市养老机构运营补贴管理办法（第二次修订）"))
    assert build_site(site, out, as_of=AS_OF, search_index=False).stats is not None
    page = (out / "items/2024/640100-108-2024-00012.html").read_text(encoding="utf-8")
    assert ">示例市养老机构运营补贴管理办法（第二次修订）</h1>" in page
    assert all(path.stat().st_size > 100 for path in compiled)  # compiled and kept again


def test_the_output_before_stays_beside_it_and_a_failed_rebuild_changes_nothing(
    site: Path, tmp_path: Path
) -> None:
    out = first_build(site, tmp_path)
    first = tree(out)
    edit(site, EXPIRED, lambda t: t + "\n补充说明一段正文。\n")
    assert build_site(site, out, as_of=AS_OF, search_index=False).stats is not None
    second = tree(out)
    old = tmp_path / ".site.old"  # the output before: the next build starts from it
    assert tree(old) == first | {".gitignore": b"*\n"}
    assert ".gitignore" not in second

    (site / "templates").mkdir()
    (site / "templates/item.html").write_text(
        "{% extends 'base.html' %}{% block main %}{{ titel }}{% endblock %}", encoding="utf-8"
    )
    edit(site, EXPIRED, lambda t: t + "\n再补充一段。\n")
    with pytest.raises(BuildError):
        build_site(site, out, as_of=AS_OF, search_index=False)
    assert tree(out) == second
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "src"]
    # A full build that fails when it renders, after writing a file the output shares with
    # the staging tree by a hard link (an attachment's new bytes): the output stays as it was
    # (a mutation audit: a file written in place, not replaced, changed the live site/).
    grow_attachment(site)
    edit(site, POLICY, field("title", "示例市养老机构运营补贴管理办法（修订）"))
    with pytest.raises(BuildError):
        build_site(site, out, as_of=AS_OF, search_index=False)
    assert tree(out) == second


def test_the_exports_are_made_again_only_when_what_they_show_changed(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """catalog.json, catalog.csv, the feeds and the sitemap show metadata only: a body change
    keeps the last build's files (their bytes are checked by the test above)."""
    out = first_build(site, tmp_path)
    made: list[int] = []
    real = build._exports

    def exports(*args: Any) -> dict[str, bytes]:
        made.append(1)
        return real(*args)

    monkeypatch.setattr(build, "_exports", exports)
    edit(site, EXPIRED, lambda t: t + "\n补充说明一段正文。\n")
    assert build_site(site, out, as_of=AS_OF, search_index=False).stats is not None
    assert made == []
    (out / "catalog.csv").unlink()  # a file of the last build gone: made again
    edit(site, EXPIRED, lambda t: t + "\n再补充一段。\n")
    assert build_site(site, out, as_of=AS_OF, search_index=False).stats is not None
    assert made == [1] and (out / "catalog.csv").is_file()
    edit(site, EXPIRED, field("title", "示例市最低生活保障标准（二〇二三年，已失效）"))
    assert build_site(site, out, as_of=AS_OF, search_index=False).stats is not None
    assert made == [1, 1]


def test_a_title_change_makes_again_only_the_feeds_that_show_the_item(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed shows its column's newest items, the sitemap no title: an older item's new title
    keeps every feed and the sitemap as the last build wrote them (catalog.json and .csv are
    made again); the newest item's makes again the feeds it is in. Each rebuild gives the
    bytes of a build from scratch."""
    monkeypatch.setattr(exports, "FEED_SIZE", 1)  # one entry a feed: most items are in none
    out = first_build(site, tmp_path)
    made: list[str] = []
    real_feed, real_sitemaps = exports.atom_feed, exports.sitemaps

    def atom_feed(catalog: Any, title: str, path: str, *rest: Any, **options: Any) -> bytes:
        made.append(path)
        return real_feed(catalog, title, path, *rest, **options)

    def sitemaps(*args: Any, **options: Any) -> dict[str, bytes]:
        made.append("sitemap.xml")
        return real_sitemaps(*args, **options)

    monkeypatch.setattr(exports, "atom_feed", atom_feed)
    monkeypatch.setattr(exports, "sitemaps", sitemaps)

    def same_as_from_scratch(number: int) -> None:
        fresh = tmp_path / f"fresh-{number}"
        shutil.copytree(site, fresh, ignore=shutil.ignore_patterns(CACHE_DIR))
        scratch = tmp_path / f"scratch-{number}"
        assert build_site(fresh, scratch, as_of=AS_OF, search_index=False).stats is not None
        assert tree(out) == tree(scratch)

    csv_before = (out / "catalog.csv").read_bytes()
    edit(site, EXPIRED, field("title", "示例市最低生活保障标准（二〇二三年，已失效）"))
    assert build_site(site, out, as_of=AS_OF, search_index=False).stats is not None
    assert (out / "catalog.csv").read_bytes() != csv_before
    assert made == []
    same_as_from_scratch(1)

    newest = re.search(
        r"<entry>\s*<title>[^<]*</title>\s*<id>urn:gkml:([^<]+)</id>",
        (out / "feed.xml").read_text("utf-8"),
    )
    assert newest is not None
    source = next(
        p.relative_to(site).as_posix()
        for p in sorted((site / "content").rglob("*.md"))
        if f"index_no: {newest[1]}\n" in p.read_text(encoding="utf-8")
    )
    made.clear()
    edit(site, source, lambda t: re.sub(r"(?m)^title: (.*)$", r"title: \1（更正）", t, count=1))
    assert build_site(site, out, as_of=AS_OF, search_index=False).stats is not None
    feeds = {p.relative_to(out).as_posix() for p in out.rglob("*.xml") if "sitemap" not in p.name}
    assert "feed.xml" in made and "sitemap.xml" not in made
    assert len(set(made)) == len(made) < len(feeds)
    shown = {p for p in feeds if "（更正）" in (out / p).read_text(encoding="utf-8")}
    assert set(made) == shown
    same_as_from_scratch(2)


def test_mirroring_a_tree_keeps_same_files_and_links_the_rest(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    for rel, text in {
        "same.html": "same",
        "changed.html": "new",
        "a/b/deep.html": "deep",
        "was-a-folder": "now a file",
        "new/file.html": "new file",
    }.items():
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_text(text, encoding="utf-8")
    (source / "now-a-folder").mkdir()
    (source / "now-a-folder/x.html").write_text("x", encoding="utf-8")
    target.mkdir()
    os.link(source / "same.html", target / "same.html")
    (target / "changed.html").write_text("old", encoding="utf-8")
    (target / "gone.html").write_text("gone", encoding="utf-8")
    (target / "gone-folder/inner").mkdir(parents=True)
    (target / "gone-folder/inner/f.html").write_text("f", encoding="utf-8")
    (target / "was-a-folder").mkdir()
    (target / "was-a-folder/f.html").write_text("f", encoding="utf-8")
    (target / "now-a-folder").write_text("a file", encoding="utf-8")
    kept = (target / "same.html").stat().st_ino

    found = mirror_tree(source, target)

    files = {p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()}
    assert found == files
    assert {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()} == files
    for rel in files:
        assert (target / rel).stat().st_ino == (source / rel).stat().st_ino, rel
    assert (target / "same.html").stat().st_ino == kept
    assert not (target / "gone-folder").exists()


def _patch_then_compare(
    site: Path, tmp_path: Path, change: Callable[[Path], None], search_index: bool = False
) -> Any:
    """Build, make *change*, build again; assert the output equals a build from scratch;
    return the second build's result."""
    out = first_build(site, tmp_path, search_index)
    change(site)
    result = build_site(site, out, as_of=AS_OF, search_index=search_index)
    fresh = tmp_path / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns(CACHE_DIR))
    scratch = build_site(fresh, tmp_path / "scratch", as_of=AS_OF, search_index=search_index)
    assert scratch.stats is not None
    assert tree(out) == tree(tmp_path / "scratch")
    return result


@pytest.mark.parametrize(
    ("what", "change"),
    [
        (
            "a comment in the front matter (the same Item, another head)",
            lambda r: edit(r, EXPIRED, lambda t: t.replace("\n---\n", "\n# 已核对\n---\n", 1)),
        ),
        (
            "a body and a page deleted from the output by hand",
            lambda r: (
                edit(r, EXPIRED, lambda t: t + "\n补充。\n"),
                next((r.parent / "site" / "items" / "2024").glob("*.html")).unlink(),
            ),
        ),
        (
            "a body, and its page changed by hand in the output",
            lambda r: (
                edit(r, EXPIRED, lambda t: t + "\n补充。\n"),
                (r.parent / "site" / EXPIRED_PAGE).write_text("changed by hand", encoding="utf-8"),
            ),
        ),
        (
            "a body and an attachment",
            lambda r: (edit(r, EXPIRED, lambda t: t + "\n补充。\n"), grow_attachment(r)),
        ),
        (
            # written as its page, from the page's folder: no link to a file of content/
            # (the check's body links are the same), and the table 相关文件 below the body
            # printed the address the body's link now prints (`pagebody.printed_once`)
            "a body that now links its related item's page as written",
            lambda r: edit(r, EXPIRED, lambda t: t + "\n参见[新标准](../../items/2024/640100-108-2024-00026.html)。\n"),
        ),
    ],
)  # fmt: skip
def test_a_change_beyond_bodies_is_built_not_patched(
    site: Path, tmp_path: Path, what: str, change: Callable[[Path], None]
) -> None:
    result = _patch_then_compare(site, tmp_path, change)
    assert result.stats is not None and not result.stats.patched, what


def test_a_body_edit_that_links_another_site_is_patched(site: Path, tmp_path: Path) -> None:
    """A body's new link to another site prints its address, which nothing after the body
    prints: the body is put in its place, as any body-only change (`pagebody.printed_once`)."""
    result = _patch_then_compare(
        site,
        tmp_path,
        lambda r: edit(r, EXPIRED, lambda t: t + "\n参见[民政部网站](https://www.mca.gov.cn/)。\n"),
    )
    assert result.stats is not None and result.stats.patched and result.stats.written == 2


def test_a_body_edit_that_links_its_own_page_is_patched_and_prints_no_address(
    site: Path, tmp_path: Path
) -> None:
    """A body's new link to its own page prints no address (本页地址 at the foot gives it,
    `pagebody.printed_by_page`), in the patched page as in a build from scratch: a patch
    that knew only the addresses the links above the body print printed it twice."""
    own = EXPIRED_PAGE.rsplit("/", 1)[1]
    result = _patch_then_compare(
        site,
        tmp_path,
        lambda r: edit(
            r,
            EXPIRED,
            lambda t: t + f"\n参见[本页](../../{EXPIRED_PAGE})、[表](../../{EXPIRED_PAGE}#表)。\n",
        ),
    )
    assert result.stats is not None and result.stats.patched and result.stats.written == 2
    for edition in ("", "zh-hant/"):
        html = (tmp_path / "site" / edition / EXPIRED_PAGE).read_text(encoding="utf-8")
        assert re.search(f'<a href="{own}" [^>]*>本', html) and f'<a href="{own}#' in html
        assert f'data-gk-address="https://example.gov.cn/xxgk/{edition}{EXPIRED_PAGE}"' not in html


def test_a_body_that_brings_a_personal_id_fails_the_build_as_a_full_check_does(
    site: Path, tmp_path: Path
) -> None:
    """A patch checks the changed file as a build does: a new problem stops it."""
    out = first_build(site, tmp_path)
    before = tree(out)
    edit(site, EXPIRED, lambda t: t + "\n申请人身份证号11010519491231002X。\n")
    result = build_site(site, out, as_of=AS_OF, search_index=False)
    assert result.stats is None
    assert [d.code for d in result.load.diagnostics if d.severity == "error"] == ["GK301"]
    assert tree(out) == before


@pytest.mark.parametrize("search_index", [False, True], ids=["pages", "with-search-index"])
def test_a_body_no_page_shows_is_patched_into_nothing(
    site: Path, tmp_path: Path, search_index: bool
) -> None:
    """The body of a 依申请公开 item is on no page: its change writes nothing, and the new
    sentence reaches no file of the site, the search index's included (a mutation audit: a
    patch of the index trusting its list of documents put the body in search/)."""
    text = (site / EXPIRED).read_text(encoding="utf-8")
    text = field("reason", "涉及第三方，需征求意见")(field("disclosure", "依申请公开")(text))
    (site / EXPIRED).write_text(text, encoding="utf-8")
    os.utime(site / EXPIRED, (_PAST, _PAST))
    canary = "这一句只在依申请公开的正文里。"
    result = _patch_then_compare(
        site, tmp_path, lambda r: edit(r, EXPIRED, lambda t: t + f"\n{canary}\n"), search_index
    )
    assert result.stats.patched and result.stats.written == 0
    marks = (canary.encode(), json.dumps(canary[:6])[1:-1].encode())  # as written, or escaped
    files = tree(tmp_path / "site")
    assert any(p.startswith("search/") for p in files) is search_index
    assert not [p for p, data in files.items() if any(m in data for m in marks)]


def test_a_patched_build_records_what_the_next_build_needs(site: Path, tmp_path: Path) -> None:
    """After a patch: nothing changed is a no-change build; a file changed within the clock's
    step of the patch is looked at again; a file back to the bytes of the last build gets its
    pages back; a full build after it renders the patched pages."""
    out = first_build(site, tmp_path)
    first, original = tree(out), (site / EXPIRED).read_bytes()
    edit(site, EXPIRED, lambda t: t + "\n补充。\n")
    patched = build_site(site, out, as_of=AS_OF, search_index=False).stats
    assert patched is not None and patched.patched and patched.written == 2  # 简体 and 繁體
    again = build_site(site, out, as_of=AS_OF, search_index=False).stats
    assert again is not None and again.unchanged
    path = site / EXPIRED
    path.write_text(path.read_text(encoding="utf-8") + "\n新。\n", encoding="utf-8")
    soon = time.time() + 30  # newer than the build: it could change again unseen
    os.utime(path, (soon, soon))
    racy = build_site(site, out, as_of=AS_OF, search_index=False).stats
    assert racy is not None and racy.patched and racy.written == 2
    repeat = build_site(site, out, as_of=AS_OF, search_index=False).stats
    assert repeat is not None and not repeat.unchanged and repeat.written == 0  # looked at again
    path.write_bytes(original)  # back to the bytes of the first build: its pages again
    os.utime(path, (_PAST, _PAST))
    back = build_site(site, out, as_of=AS_OF, search_index=False).stats
    assert back is not None and back.patched and back.written == 2
    assert tree(out) == first
    edit(site, REPLACEMENT, field("title", "示例市最低生活保障审核确认办法（新）"))
    full = build_site(site, out, as_of=AS_OF, search_index=False).stats
    assert full is not None and not full.patched
    assert full.rendered > 4  # the patched pages among them (their key is unknown)


def test_a_patch_that_cannot_write_leaves_the_site_as_it_was(site: Path, tmp_path: Path) -> None:
    """The patch writes every new page beside its place before renaming any: when the 繁體
    page's cannot be written (here a folder holds its name), the 简体 page is not changed
    either, nothing is left beside them, and the next build puts the body in."""
    out = first_build(site, tmp_path)
    blocker = out / "zh-hant" / f"{EXPIRED_PAGE}.gkml-new"
    blocker.mkdir()
    before = tree(out)
    edit(site, EXPIRED, lambda t: t + "\n补充一句新的正文。\n")
    with pytest.raises(IsADirectoryError):
        build_site(site, out, as_of=AS_OF, search_index=False)
    assert tree(out) == before
    assert not [p for p in out.rglob("*.gkml-new") if p != blocker]
    blocker.rmdir()
    result = build_site(site, out, as_of=AS_OF, search_index=False)
    assert result.stats is not None and result.stats.patched and result.stats.written == 2
    assert "补充一句新的正文" in (out / EXPIRED_PAGE).read_text(encoding="utf-8")


def test_a_body_edit_that_brings_a_warning_is_built_and_reports_it(
    site: Path, tmp_path: Path
) -> None:
    """A body edit that makes the file's check say something new (here: a privacy_allow text
    no longer in the body) is built, so that the report says it."""
    office = "咨询电话：13912345678（民政服务热线，已公开）。"
    allowance = '\nprivacy_allow:\n  - text: "13912345678"\n    why: 对外公开的服务热线\n---\n'
    edit(site, EXPIRED, lambda t: t.replace("\n---\n", allowance, 1) + f"\n{office}\n")
    out = tmp_path / "site"
    first = build_site(site, out, as_of=AS_OF, search_index=False)
    assert first.stats is not None and "GK304" not in {d.code for d in first.load.diagnostics}
    edit(site, EXPIRED, lambda t: t.replace(office, "咨询请到窗口。"))
    result = build_site(site, out, as_of=AS_OF, search_index=False)
    assert result.stats is not None and not result.stats.patched
    assert [d.code for d in result.load.diagnostics if d.file == EXPIRED] == ["GK304"]


def test_a_body_edit_is_patched_when_the_site_is_the_current_folder(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`gkml build` run in the site's folder (--site defaults to "."), as an editor does."""
    monkeypatch.chdir(site)
    out = tmp_path / "site"
    assert build_site(Path(), out, as_of=AS_OF, search_index=False).stats is not None
    edit(site, EXPIRED, lambda t: t + "\n补充。\n")
    result = build_site(Path(), out, as_of=AS_OF, search_index=False)
    assert result.stats is not None and result.stats.patched and result.stats.written == 2


def test_a_body_edit_is_patched_into_the_search_index_as_indexing_it_again_would(
    site: Path, tmp_path: Path
) -> None:
    """With a search index, a body edit changes the document's record and the postings of the
    words it gained and lost, byte for byte as a build from scratch: new words, a word the
    catalog had nowhere else, words removed, twice in a row."""
    out = tmp_path / "site"
    assert build_site(site, out, as_of=AS_OF).stats is not None
    body = (site / EXPIRED).read_text(encoding="utf-8").partition("\n---\n")[2]
    gone = next(line for line in body.splitlines() if len(line) > 20)  # a paragraph of it
    changes = [
        lambda t: t + "\n新增：敬老服务卡办理说明，另见 Zebra-2026 号附表。\n",
        lambda t: t.replace(gone, "此段已删。"),
    ]
    for number, change in enumerate(changes):
        before = tree(out)
        edit(site, EXPIRED, change)
        result = build_site(site, out, as_of=AS_OF)
        assert result.stats is not None and result.stats.patched, number
        fresh = tmp_path / f"fresh-{number}"
        shutil.copytree(site, fresh, ignore=shutil.ignore_patterns(CACHE_DIR))
        assert build_site(fresh, tmp_path / f"scratch-{number}", as_of=AS_OF).stats is not None
        rebuilt, expected = tree(out), tree(tmp_path / f"scratch-{number}")
        assert rebuilt.keys() == expected.keys()
        assert sorted(p for p in expected if rebuilt[p] != expected[p]) == []
        changed = {p for p in rebuilt if rebuilt[p] != before.get(p)}
        assert any(p.startswith("search/p/") for p in changed), changed
        assert sum(p.startswith("search/2023/") for p in changed) == 1, changed
        # The postings' size, which chooses the number of postings files, kept as indexing it
        # all again reckons it.
        sizes = [
            manifest.load(next((root / CACHE_DIR).glob("manifest-*.marshal")))["stamp"]["search"][
                "size"
            ]
            for root in (site, fresh)
        ]
        assert sizes[0] == sizes[1], sizes


def test_a_rebuild_on_a_later_day_equals_a_build_from_scratch(site: Path, tmp_path: Path) -> None:
    """A re-walk: a page built before its document's 施行日期 said "有效（…起施行）" and
    NotInForce, and a rebuild after the day kept it. Rebuilt a day later, across a 施行日期,
    a 有效期至 and a status date, the site is what a build from scratch makes."""
    edit(site, NOTICE, field("valid_from", "2026-11-18"))
    edit(site, POLICY, field("valid_until", "2026-11-17"))
    edit(
        site,
        REPLACEMENT,
        lambda t: field("replaced_by", "640100-108/2026-00048")(
            field("status_date", "2026-11-19")(field("status", "废止")(t))
        ),
    )
    out = tmp_path / "site"
    assert build_site(site, out, as_of=date(2026, 11, 16), search_index=False).stats is not None
    page = (out / "items/2025/640100-108-2025-00036.html").read_text(encoding="utf-8")
    assert "有效（2026年11月18日起施行）" in page
    assert build_site(site, out, as_of=AS_OF, search_index=False).stats is not None
    scratch = tmp_path / "scratch"
    fresh = tmp_path / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns(CACHE_DIR))
    assert build_site(fresh, scratch, as_of=AS_OF, search_index=False).stats is not None
    rebuilt, expected = tree(out), tree(scratch)
    assert rebuilt.keys() == expected.keys()
    assert not sorted(p for p in expected if rebuilt[p] != expected[p])


PUBLISHED_ATTACHMENT = "files/2024/files/yunying-butie-shenqingbiao.docx"


def _same_size_other_bytes(path: Path, mtime_ns: int) -> bytes:
    """Give *path* other bytes of its size and the modification time *mtime_ns*; return them."""
    data = path.read_bytes()
    changed = bytes(255 - b for b in data)
    path.write_bytes(changed)
    os.utime(path, ns=(mtime_ns, mtime_ns))
    return changed


def test_a_file_with_its_last_size_and_time_is_not_read_again(site: Path, tmp_path: Path) -> None:
    """An attachment is published byte for byte; a rebuild takes one whose size and time are
    those of its last read as it was (an office's PDFs: hundreds of MB read at every
    rebuild), and reads one with a new time again, as a checkout or an editor leaves it."""
    out = first_build(site, tmp_path)
    source = site / ATTACHMENT
    first = source.read_bytes()
    assert (out / PUBLISHED_ATTACHMENT).read_bytes() == first
    # Other bytes, the same size and time: only reading the file could tell.
    changed = _same_size_other_bytes(source, source.stat().st_mtime_ns)
    edit(site, POLICY, field("title", "示例市养老机构运营补贴管理办法（修订）"))
    result = build_site(site, out, as_of=AS_OF, search_index=False)
    assert result.stats is not None and not result.stats.patched
    assert (out / PUBLISHED_ATTACHMENT).read_bytes() == first
    stamp = source.stat().st_mtime_ns + 60 * 10**9
    os.utime(source, ns=(stamp, stamp))
    edit(site, POLICY, field("title", "示例市养老机构运营补贴管理办法（二次修订）"))
    assert build_site(site, out, as_of=AS_OF, search_index=False).stats is not None
    assert (out / PUBLISHED_ATTACHMENT).read_bytes() == changed


def test_a_file_changed_just_before_its_read_is_read_again(site: Path, tmp_path: Path) -> None:
    """A file modified within a second of a build may change again keeping its time (a file
    system's clock is coarse): its digest is not kept, and the next build reads it."""
    source = site / ATTACHMENT
    now = time.time_ns() + 5 * 10**9  # ahead: a slow machine cannot start the build a second late
    os.utime(source, ns=(now, now))
    out = first_build(site, tmp_path)
    changed = _same_size_other_bytes(source, now)
    edit(site, POLICY, field("title", "示例市养老机构运营补贴管理办法（修订）"))
    assert build_site(site, out, as_of=AS_OF, search_index=False).stats is not None
    assert (out / PUBLISHED_ATTACHMENT).read_bytes() == changed
