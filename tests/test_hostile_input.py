"""Hostile input from an editor's account: what a built site must never do with it.

A security review before go-live (a compromised editor's account, or content pasted from the
web): no script in a reader's browser, no file from outside the site read or published.
"""

from __future__ import annotations

import dataclasses
import json
import re
import xml.dom.minidom
from datetime import UTC, date, datetime
from pathlib import Path

from conftest import MINIMAL, MakeSite, RunGkml, item_text

from generator.catalog import build_catalog
from generator.content import load_site
from generator.exports import atom_feed, sitemaps
from generator.plan import Plan

AS_OF = date(2026, 1, 1)
# site.language as a compromised account wrote it: the feeds printed it in xml:lang as it was,
# and feed.xml (no page's Content-Security-Policy applies there) ran the script in the site's
# address when opened in Chromium.
_LANGUAGE = (
    'zh-CN"><script xmlns="http://www.w3.org/1999/xhtml">window.__pwned=1</script>'
    '<feed xmlns="http://www.w3.org/2005/Atom" a="'
)


def _with_language(root: Path, language: str) -> None:
    config = root / "catalog.yml"
    text = config.read_text(encoding="utf-8")
    quoted = "'" + language.replace("'", "''") + "'"
    config.write_text(text.replace("\nsite:\n", f"\nsite:\n  language: {quoted}\n", 1), "utf-8")


def test_a_language_that_is_no_language_tag_is_refused(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    root = make_site()
    _with_language(root, _LANGUAGE)
    out = tmp_path / "out"

    result = run_gkml(["build", "--site", root, "--out", out, "--as-of", "2026-01-01"])

    assert result.exit_code == 2, result.stdout
    assert "GK405 “site.language” 应为语言代码，如 zh-CN" in result.stdout
    assert not (out / "feed.xml").exists()


def test_a_language_tag_is_taken_as_written(make_site: MakeSite, run_gkml: RunGkml) -> None:
    root = make_site()
    _with_language(root, "zh-Hans-CN")

    result = run_gkml(["check", "--site", root, "--as-of", "2026-01-01"])

    assert result.exit_code == 0, result.stdout


def test_a_feed_quotes_its_language() -> None:
    """However the language came in, it stays one attribute of a well-formed feed."""
    site = load_site(MINIMAL, today=AS_OF).site
    assert site is not None
    config = dataclasses.replace(
        site.config, site=dataclasses.replace(site.config.site, language=_LANGUAGE)
    )
    catalog = build_catalog(config, site.items, as_of=AS_OF)

    feed = atom_feed(catalog, "t", "feed.xml", catalog.listed, datetime(2026, 1, 1, tzinfo=UTC))

    root = xml.dom.minidom.parseString(feed).documentElement
    assert root is not None
    assert root.getAttribute("xml:lang") == _LANGUAGE
    assert root.getElementsByTagName("script") == []


def test_an_item_linked_from_outside_content_is_not_read(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A symbolic link in content/ to a file outside the site: it was read as an item and
    published whole, and the check's messages quoted the lines of a file that was not one."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "item.md").write_text(
        item_text("OUTSIDE-BODY\n", index_no="640100-108/2024-00009", title="外部文件"), "utf-8"
    )
    (outside / "secret.md").write_text("---\npassword: OUTSIDE-SECRET\n---\n", "utf-8")
    root = make_site()
    (root / "content/2024/linked.md").symlink_to(outside / "item.md")
    (root / "content/2024/secret.md").symlink_to(outside / "secret.md")
    out = tmp_path / "out"

    result = run_gkml(["build", "--site", root, "--out", out, "--as-of", "2026-01-01"])

    assert result.exit_code == 1, result.stdout
    assert (
        "content/2024/linked.md: 错误 error GK012 无法读取这个文件：它是指向 content/ 之外"
        f"（{outside / 'item.md'}）的符号链接" in result.stdout
    )
    assert "content/2024/secret.md: 错误 error GK012" in result.stdout
    assert "OUTSIDE-SECRET" not in result.stdout
    assert "GK008" not in result.stdout  # its keys were not read either
    assert not out.exists()


def test_a_link_within_content_is_read(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    root = make_site()
    (root / "content/.kept").mkdir()  # a hidden folder: its files are not read on their own
    (root / "content/2024/640100-108-2024-00001.md").rename(root / "content/.kept/real.md")
    (root / "content/2024/640100-108-2024-00001.md").symlink_to("../.kept/real.md")

    result = run_gkml(["check", "--site", root, "--as-of", "2026-01-01"])

    assert "GK012" not in result.stdout
    assert result.exit_code == 0, result.stdout


def _beside_a_withheld_attachment(make_site: MakeSite, body: str) -> Path:
    """Return a site of a 不予公开 item with an attachment, files/名单.pdf, and a public item
    of *body* in the same folder."""
    return make_site(
        {
            "content/2024/files/名单.pdf": b"%PDF-1.4\n",
            "content/2024/withheld.md": item_text(
                "不予公开的正文。\n",
                index_no="640100-108/2024-00003",
                doc_no=None,
                disclosure="不予公开",
                reason="《条例》第十四条",
                attachments="[{file: files/名单.pdf, title: 名单}]",
            ),
            "content/2024/public.md": item_text(
                body, index_no="640100-108/2024-00004", doc_no=None
            ),
        }
    )


def test_a_link_to_a_withheld_attachment_is_seen_however_it_is_written(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """The sanitizer reads `<a href='…'>`, `<A HREF=…>` and `files/名单&#46;pdf` as links; the
    check saw only `href="…"`, and the page printed the 不予公开 attachment's name."""
    body = (
        "正文。<a href='files/名单.pdf'>一</a> <IMG SRC=files/名单.pdf alt=二>"
        " [三](files/名单&#46;pdf)\n"
    )
    root = _beside_a_withheld_attachment(make_site, body)

    result = run_gkml(["check", "--site", root, "--as-of", "2026-01-01"])

    assert result.exit_code == 1, result.stdout
    assert [line.split(": ", 1)[0] for line in result.stdout.splitlines() if "GK210" in line] == [
        "content/2024/public.md:14:13",
        "content/2024/public.md:14:42",
        "content/2024/public.md:14:66",
    ]


def test_a_script_in_content_static_is_warned_of(make_site: MakeSite, run_gkml: RunGkml) -> None:
    """content/static/ is published at the site's root as it is: a page with a script there
    ran in the site's address without a word, where an attachment's got GK139."""
    root = make_site(
        {
            "content/static/form.html": "<p>表单</p><script>alert(1)</script>\n",
            "content/static/chart.svg": '<svg onload="alert(1)"></svg>\n',
            "content/static/app.js": "alert(1);\n",
            "content/static/baidu_verify_codeva-abc.html": "abc123\n",
        }
    )

    result = run_gkml(["check", "--site", root, "--as-of", "2026-01-01"])

    assert [line.split(": ", 1)[0] for line in result.stdout.splitlines() if "GK139" in line] == [
        "content/static/app.js",
        "content/static/chart.svg",
        "content/static/form.html",
    ]


def test_a_withheld_attachment_is_not_named_by_a_link_the_check_misses(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A backslash escape (`名单\\.pdf`) is the same address to the page, not to the check,
    which warns of a missing file (GK119); the page kept the attachment's name in a link
    and an image's source, though the build never published the file."""
    body = "正文。[一](files/名单\\.pdf) ![二](files/名单\\.pdf)\n"
    root = _beside_a_withheld_attachment(make_site, body)
    out = tmp_path / "out"

    result = run_gkml(["build", "--site", root, "--out", out, "--as-of", "2026-01-01"])

    assert result.exit_code == 0, result.stdout
    page = (out / "items/2024/640100-108-2024-00004.html").read_text(encoding="utf-8")
    assert "<p>正文。一 二</p>" in page  # the image shows its text alternative alone
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert "名单.pdf".encode() not in data, path
            assert b"%E5%90%8D%E5%8D%95" not in data, path


def test_a_catalog_linked_from_outside_the_site_is_not_read(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """catalog.yml as a link to a file elsewhere (or to .git/config): the check quoted its
    lines in its messages."""
    root = make_site()
    outside = tmp_path / "settings.yml"
    outside.write_text("site:\n  token: OUTSIDE-SECRET\n", "utf-8")
    (root / "catalog.yml").unlink()
    (root / "catalog.yml").symlink_to(outside)
    second = make_site()
    (second / "catalog.yml").unlink()
    (second / ".hidden.yml").write_text("site:\n  token: HIDDEN-SECRET\n", "utf-8")
    (second / "catalog.yml").symlink_to(".hidden.yml")

    for site, where in ((root, str(outside)), (second, ".hidden.yml")):
        result = run_gkml(["check", "--site", site, "--as-of", "2026-01-01"])

        assert result.exit_code == 2, result.stdout
        assert f"它是指向网站文件夹之外或隐藏文件（{where}）的符号链接" in result.stdout
        assert "SECRET" not in result.stdout


def test_a_catalog_linked_within_the_site_is_read(make_site: MakeSite, run_gkml: RunGkml) -> None:
    root = make_site()
    (root / "catalog.yml").rename(root / "settings.yml")
    (root / "catalog.yml").symlink_to("settings.yml")

    result = run_gkml(["check", "--site", root, "--as-of", "2026-01-01"])

    assert result.exit_code == 0, result.stdout


def test_a_withheld_document_cited_as_official_texts_cite_is_left_out(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """《标题》（文号） is how one document cites another: a 不予公开 document's title and 文号
    cited so in a 废止依据 passed GK213, and the banner, the feeds and catalog.json gave them."""
    cited = "《关于某事的不予公开决定》（示民发〔2024〕9号）"
    root = make_site(
        {
            "content/2024/withheld.md": item_text(
                "不予公开的正文。\n",
                index_no="640100-108/2024-00003",
                title="关于某事的不予公开决定",
                doc_no="示民发〔2024〕9号",
                disclosure="不予公开",
                reason="《条例》第十四条",
            ),
            "content/2024/repealed.md": item_text(
                index_no="640100-108/2024-00004",
                title="被废止的文件",
                doc_no=None,
                status="废止",
                status_date="2024-06-01",
                replaced_by=f'"{cited}"',
            ),
        }
    )
    out = tmp_path / "out"

    result = run_gkml(["build", "--site", root, "--out", out, "--as-of", "2026-01-01"])

    assert result.exit_code == 0, result.stdout
    assert f"GK213 引用的 “{cited}” 是不予公开的文件" in result.stdout
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert "不予公开决定".encode() not in data, path
            assert "示民发〔2024〕9号".encode() not in data, path


def test_a_noncharacter_is_refused_in_any_value(make_site: MakeSite, run_gkml: RunGkml) -> None:
    """Unicode's noncharacters are no text: U+FFFF written as a YAML escape in a title made
    every Atom feed malformed XML (feed readers dropped them whole), and the check said
    nothing. Raw U+FDD0, which PyYAML reads, and one in a list or in catalog.yml, too."""
    root = make_site(
        {
            "content/2024/640100-108-2024-00001.md": item_text(
                keywords='[政务公开, "要点\\uFFFE"]'
            ),
            "content/2024/640100-108-2024-00002.md": item_text(
                index_no="640100-108/2024-00002", department="办公室\ufdd0", doc_no=None
            ),
        }
    )
    config = make_site()
    text = (config / "catalog.yml").read_text(encoding="utf-8")
    (config / "catalog.yml").write_text(text.replace("部门文件", '"部门文件\\U0010FFFF"'), "utf-8")

    result = run_gkml(["check", "--site", root, "--as-of", "2026-01-01", "--format", "json"])
    broken = run_gkml(["check", "--site", config, "--as-of", "2026-01-01", "--format", "json"])

    found = [
        (d["file"], d["line"], d["column"], d["code"], d["field"])
        for d in json.loads(result.stdout)
    ]
    assert found == [
        ("content/2024/640100-108-2024-00001.md", 13, 18, "GK005", "keywords"),
        ("content/2024/640100-108-2024-00002.md", 12, 16, "GK005", "department"),
    ]
    [config_error] = json.loads(broken.stdout)
    assert config_error["code"] == "GK402"
    assert config_error["field"] == "title"
    assert "Unicode 非字符 U+10FFFF" in config_error["message_zh"]
    assert "\\U0010FFFF" in config_error["fix_zh"]


def test_a_feed_and_a_sitemap_hold_only_what_xml_allows() -> None:
    """What the check refuses cannot make a feed or the sitemap malformed if it gets there."""
    site = load_site(MINIMAL, today=AS_OF).site
    assert site is not None
    written = {i.index_no: i.title for i in site.items}
    items = [dataclasses.replace(i, title=f"{i.title}\uffff\ufffe\x0c") for i in site.items]
    catalog = build_catalog(site.config, items, as_of=AS_OF)

    feed = atom_feed(
        catalog, "t\uffff", "feed.xml", catalog.listed, datetime(2026, 1, 1, tzinfo=UTC)
    )
    sitemap = sitemaps("https://example.gov.cn/\uffff/", ["index.html"])["sitemap.xml"]

    titles = xml.dom.minidom.parseString(feed).getElementsByTagName("title")
    assert [t.firstChild.data for t in titles if t.firstChild] == [  # type: ignore[attr-defined]
        "t",
        *(written[i.index_no] for i in catalog.listed),
    ]
    assert xml.dom.minidom.parseString(sitemap).getElementsByTagName("loc")


def test_a_base_url_with_two_slashes_or_a_backslash_in_its_path_is_refused(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """The 404 page's links start from base_url's path: from //evil.example/xxgk/ (or
    /\\evil.example/xxgk/, which a browser reads alike) they were another host's."""
    refused = []
    for base in (
        "https://example.gov.cn/\\evil.example/xxgk/",
        "https://example.gov.cn\\evil.example/xxgk/",
        "https://example.gov.cn/xxgk//",
    ):
        root = make_site()
        config = root / "catalog.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("\nsite:\n", f"\nsite:\n  base_url: '{base}'\n", 1), "utf-8")
        result = run_gkml(["check", "--site", root, "--as-of", "2026-01-01"])
        assert result.exit_code == 2, result.stdout
        refused += [line for line in result.stdout.splitlines() if "修改建议" in line]

    assert refused == [
        "    修改建议：改为 https://example.gov.cn/evil.example/xxgk/"
        " (fix: write https://example.gov.cn/evil.example/xxgk/)",
        "    修改建议：改为 https://example.gov.cn/evil.example/xxgk/"
        " (fix: write https://example.gov.cn/evil.example/xxgk/)",
        "    修改建议：改为 https://example.gov.cn/xxgk/ (fix: write https://example.gov.cn/xxgk/)",
    ]


def test_the_404_pages_links_stay_on_the_sites_host() -> None:
    """However base_url came in, the 404 page's links start with one slash."""
    site = load_site(MINIMAL, today=AS_OF).site
    assert site is not None
    for base, root in (
        ("https://example.gov.cn//evil.example/xxgk/", "/evil.example/xxgk/"),
        ("https://example.gov.cn/\\evil.example/", "/evil.example/"),
        ("https://example.gov.cn/xxgk/", "/xxgk/"),
    ):
        config = dataclasses.replace(
            site.config, site=dataclasses.replace(site.config.site, base_url=base)
        )
        catalog = build_catalog(config, site.items, as_of=AS_OF)

        assert Plan(catalog, site.pages).not_found().context["absolute_base"] == root


def test_a_body_gives_no_element_an_id_of_the_pages_own(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A heading named as the attachments' section's title came ahead of it, and was what
    the section's aria-labelledby named; raw HTML took the skip link's target, the search
    field's and a footnote's id. Every id of the page is one element's."""
    body = (
        "正文[^1]。<span id=main>甲</span><span id='gk-q'>乙</span><i id=\"fn-1\">丙</i>\n\n"
        "## gk-att-title\n\n内容。\n\n[^1]: 注释。\n"
    )
    root = make_site(
        {
            "content/2024/files/表.pdf": b"%PDF-1.4\n",
            "content/2024/640100-108-2024-00001.md": item_text(
                body, attachments="[{file: files/表.pdf, title: 表}]"
            ),
        }
    )
    out = tmp_path / "out"

    result = run_gkml(["build", "--site", root, "--out", out, "--as-of", "2026-01-01"])

    assert result.exit_code == 0, result.stdout
    page = (out / "items/2024/640100-108-2024-00001.html").read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]*)"', page)
    assert {"main", "gk-q", "gk-att-title", "fn-1", "body-gk-att-title"} <= set(ids)
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    assert 'aria-labelledby="gk-att-title"' in page


def test_invisible_characters_in_values_are_warned_of_wherever_they_are(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    """A direction control written as an escape in a title, or in catalog.yml, showed the
    title reversed in listings, feeds and the CSV; a zero-width character in a value other
    than an item's title (GK143) passed unseen. Warnings: the site is built."""
    root = make_site(
        {
            "content/2024/640100-108-2024-00001.md": item_text(
                title='"关于\\u202E印发的通知"', department="办公室\u200b"
            ),
        }
    )
    config = root / "catalog.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("title: 部门文件", 'title: "部门\\u2066文件\\uFEFF"'), "utf-8")
    out = tmp_path / "out"

    result = run_gkml(["build", "--site", root, "--out", out, "--as-of", "2026-01-01"])

    assert result.exit_code == 0, result.stdout
    assert [
        line.split(" 的值中")[0] for line in result.stdout.splitlines() if "的值中" in line
    ] == [
        "catalog.yml:13:28: 警告 warning GK122 title",
        "catalog.yml:13:28: 警告 warning GK149 title",
        "content/2024/640100-108-2024-00001.md:2:8: 警告 warning GK122 名称（title）",
        "content/2024/640100-108-2024-00001.md:13:16: 警告 warning GK149 责任部门（department）",
    ]


def test_a_titles_direction_control_is_named_in_its_spaces_warning(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """GK143 quoted the title, and suggested one, with its direction control raw: the terminal
    showed the message's text reversed after it (a security review)."""
    root = make_site(
        {
            "content/2024/640100-108-2024-00001.md": item_text(
                title='"关于\\u200B做好\\u202E低保工作的通知"'
            ),
        }
    )

    result = run_gkml(["check", "--site", root, "--as-of", "2026-01-01"])

    warning = [line for line in result.stdout.splitlines() if "GK143" in line]
    assert len(warning) == 1, result.stdout
    assert "关于[看不见的字符]做好[方向控制符]低保工作的通知" in warning[0]
    assert "改为 title: 关于做好低保工作的通知" in result.stdout
    assert "\u202e" not in result.stdout
