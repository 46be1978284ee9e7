"""Columns with one title under different parents (a county's townships): each page that names
a column alone names which one it is (generator/catalog.py `column_labels`)."""

from __future__ import annotations

import re

from conftest import MINIMAL, MakeSite, RunGkml

TOWNSHIPS = """\
  - key: xzgk
    title: 乡镇政府信息公开
    children:
      - key: qyz
        title: 青云镇
        children:
          - {key: qyz-tzgg, title: 通知公告}
      - key: bsz
        title: 白石镇
        children:
          - {key: bsz-tzgg, title: 通知公告}
"""


def test_a_column_title_two_columns_share_names_its_parent_too(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    catalog = (MINIMAL / "catalog.yml").read_text(encoding="utf-8")
    catalog = catalog.replace("topics:", TOWNSHIPS + "topics:", 1)
    item_path = "content/2024/640100-108-2024-00001.md"
    item = (MINIMAL / item_path).read_text(encoding="utf-8")
    item = re.sub(r"(?m)^category: .*$", "category: bsz-tzgg", item)
    root = make_site({"catalog.yml": catalog, item_path: item})
    out = root.parent / "out"
    done = run_gkml(["build", "--site", root, "--out", out, "--no-search", "--as-of", "2026-01-01"])
    assert done.exit_code == 0, done.stdout + done.stderr

    listing = (out / "catalog/bsz-tzgg/index.html").read_text(encoding="utf-8")
    assert "<title>白石镇·通知公告 - " in listing and "<h1>白石镇·通知公告</h1>" in listing
    feed = (out / "feeds/qyz-tzgg.xml").read_text(encoding="utf-8")
    assert "：青云镇·通知公告</title>" in feed
    search = (out / "search.html").read_text(encoding="utf-8")
    assert re.findall(r'<option value="(\w+-tzgg)">([^<]+)', search) == [
        ("qyz-tzgg", "青云镇·通知公告"),
        ("bsz-tzgg", "白石镇·通知公告"),
    ]
    page = next((out / "items").rglob("640100-108-2024-00001.html")).read_text(encoding="utf-8")
    assert re.search(r"栏目</th><td><a [^>]+>白石镇·通知公告</a>", page)
    # under its parent, in the tree, a column keeps its own title
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "白石镇·通知公告" not in home and home.count(">通知公告<") == 2
    # a title no other column has stays as it is
    assert "<h1>部门文件</h1>" in (out / "catalog/bmwj/index.html").read_text(encoding="utf-8")


def test_many_issuers_are_in_a_fold_of_the_home_page(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A re-walk: a county's 25 issuers were 840 px of a phone's home page before the newest
    items; more than ten are in a fold (closed on a phone by gkml.js, open elsewhere)."""
    catalog = (MINIMAL / "catalog.yml").read_text(encoding="utf-8")
    more = "".join(
        f'  - name: 示例县第{n}乡人民政府\n    code: "640122-2{n:02d}"\n'
        '    index_pattern: "{code}/{year}-{serial:05d}"\n'
        for n in range(1, 11)
    )
    root = make_site({"catalog.yml": catalog.replace("issuers:\n", f"issuers:\n{more}", 1)})
    out = root.parent / "out"
    done = run_gkml(["build", "--site", root, "--out", out, "--no-search", "--as-of", "2026-01-01"])
    assert done.exit_code == 0, done.stdout + done.stderr
    home = (out / "index.html").read_text(encoding="utf-8")
    issuers = home.split('id="gk-issuers-title"', 1)[1].split("</section>", 1)[0]
    count = issuers.count('href="issuers/')
    assert count > 10
    assert (
        f'<details class="gk-tree__fold" open data-gk-fold><summary>全部 {count} 个发布机构</summary>'
        in issuers
    )
    minimal = make_site({})
    few = minimal.parent / "few"
    run_gkml(["build", "--site", minimal, "--out", few, "--no-search", "--as-of", "2026-01-01"])
    assert "个发布机构</summary>" not in (few / "index.html").read_text(encoding="utf-8")
