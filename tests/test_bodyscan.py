"""Bodies pasted from an old website or a word processor (generator/bodyscan.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import MakeSite, RunGkml

from generator.bodyscan import code_boxes


def test_only_a_paragraph_its_indentation_makes_code_is_named() -> None:
    body = "\n".join(
        [
            "\t缩进的第一段。",  # line 10: the body's first line is indented: code
            "",
            "1. 列表项",
            "",
            "    列表项的第二段，不是代码。",  # a list item's paragraph
            "",
            "<table>",
            "",
            "    <tr><td>表格中缩进的行</td></tr>",  # a raw HTML block, kept whole
            "",
            "</table>",
            "",
            "普通段落。",
            "",
            "    缩进的段落。",  # line 24: code
            "继续。",
        ]
    )
    assert [p.line for p in code_boxes(body, 10)] == [10, 24]


def test_a_free_page_is_scanned_as_an_item_body(make_site: MakeSite, run_gkml: RunGkml) -> None:
    root = make_site(
        {
            "content/pages/gkzn.md": "---\ntitle: 政府信息公开指南\nslug: gkzn\n---\n\n"
            "![办理流程](http://old.example.gov.cn/lc.png)\n\n[旧网站](javascript:;)\n"
        }
    )
    done = run_gkml(["check"], cwd=root)
    assert "content/pages/gkzn.md:6:9: 警告 warning GK133" in done.stdout, done.stdout
    assert "content/pages/gkzn.md:8:7: 警告 warning GK134" in done.stdout, done.stdout


def test_a_name_too_long_to_look_up_is_a_missing_file(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A security review: a body's link of 160,000 characters (a name the system refuses to
    look up) stopped the check with a traceback; so did such an attachment."""
    long = "很长的文件名" * 60 + ".pdf"  # over 255 bytes
    item = (
        Path(__file__).parent / "sites/minimal/content/2024/640100-108-2024-00001.md"
    ).read_text(encoding="utf-8")
    front, body = item.split("\n---\n", 1)
    root = make_site(
        {
            "content/2024/640100-108-2024-00001.md": f"{front}\nattachments: [{{file: files/{long}}}]"
            f"\n---\n{body}\n[附件](files/{long})\n",
            "content/2024/files/附件.pdf": b"%PDF-1.4\n",  # the folder is there, not the name
        }
    )
    done = run_gkml(["check"], cwd=root)
    assert "Traceback" not in done.stderr, done.stderr
    assert " GK115 " in done.stdout and " GK119 " in done.stdout, done.stdout


def test_a_script_address_with_a_space_before_it_is_no_file() -> None:
    """A re-walk: <a href=" javascript:…"> was taken for a missing file too (GK119), beside
    GK134."""
    from generator.bodylinks import local_links

    body = '<a href=" javascript:void(0)">办事大厅</a>\n\n[说明]( files/a.pdf )\n'
    assert [link.target for link in local_links(body, 10, "content/2024")] == [
        "content/2024/files/a.pdf"
    ]


def test_a_link_written_as_code_is_no_link() -> None:
    """A newcomer's walk: `[附件](files/a.pdf)` in a code span or a fenced block, an example
    shown as text, was told the file was missing (GK119); the same link outside code is one."""
    from generator.bodylinks import local_links

    body = (
        '写成 `[附件](files/a.pdf)` 或 ``<a href="files/b.pdf">附件</a>``。\n'
        "\n"
        "```\n"
        "[附件](files/c.pdf)\n"
        "```\n"
        "真的链接：[附件](files/a.pdf)\n"
    )
    found = [
        (link.target, link.pos.line, link.pos.column)
        for link in local_links(body, 10, "content/2024")
    ]
    assert found == [("content/2024/files/a.pdf", 15, 11)]


def test_an_image_by_reference_is_named_at_its_definition() -> None:
    """A migration walk: `![图][1]` with `[1]: http://old-site/…` passed where `![图](http://…)`
    was named."""
    from generator.bodyscan import _referenced_images

    body = "\n".join(
        [
            "![流程图][LC]、![Logo] 和 ![图][]。",  # line 5
            "[链接][lj]，![内嵌](files/a.png)",
            "```",
            "[lc]: http://in.a.fence/x.png",
            "```",
            "[lc]:  http://old.example.gov.cn/lc.png",  # line 10: labels match in any case
            "[logo]: <//old.example.gov.cn/logo.gif>",
            "[图]: files/tu.png",
            "[lj]: http://old.example.gov.cn/a.html",  # a link's: not an image
        ]
    )
    found = [(a.pos.line, a.pos.column, a.url) for a in _referenced_images(body, 5)]
    assert found == [
        (10, 8, "http://old.example.gov.cn/lc.png"),
        (11, 10, "//old.example.gov.cn/logo.gif"),
        (12, 6, "files/tu.png"),
    ]


def test_word_html_with_a_tag_over_two_lines_is_named(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A review: Word's HTML breaks its lines inside a tag (at about 80 characters), so the
    image it pastes is `<img width=553 height=300` on one line and `src="file:///C:/…">` on
    the next; neither GK150 nor GK151 named it, and the page showed nothing in its place. A
    `&amp;` in the address is `&` in the file to copy."""
    item = (
        Path(__file__).parent / "sites/minimal/content/2024/640100-108-2024-00001.md"
    ).read_text(encoding="utf-8")
    front, _body = item.split("\n---\n", 1)
    body = (
        "<p class=MsoNormal><span lang=EN-US><img width=553 height=300\n"  # line 1 of the body
        'src="file:///C:/Users/ADMINI~1/AppData/Local/Temp/msohtmlclip1/01/a&amp;b.jpg"\n'
        'v:shapes="Picture_x0020_1"></span></p>\n'
        '\n```html\n<img src="file:///C:/in/a/fence.png"\n>\n```\n'
    )
    root = make_site({"content/2024/640100-108-2024-00001.md": f"{front}\n---\n{body}"})
    done = run_gkml(["check"], cwd=root)
    first = front.count("\n") + 3  # the body's first line
    said = done.stdout
    assert f"640100-108-2024-00001.md:{first}:37: 警告 warning GK151 " in said, said
    assert f"640100-108-2024-00001.md:{first + 1}:6: 警告 warning GK150 图片的地址 " in said, said
    assert "把 a&b.jpg 复制到 content/2024/files/" in said, said
    assert said.count(" GK150 ") == 1 and said.count(" GK151 ") == 1, said


def test_an_address_in_angle_brackets_is_named_whole(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A review: `![](<C:\\Users\\张 三\\图.png>)`, an address with a space as Markdown
    writes it, was named as C:\\Users\\张, and the file to copy as 张."""
    item = (
        Path(__file__).parent / "sites/minimal/content/2024/640100-108-2024-00001.md"
    ).read_text(encoding="utf-8")
    front, _body = item.split("\n---\n", 1)
    body = "![](<C:\\Users\\张 三\\流程 图.png>)\n"
    root = make_site({"content/2024/640100-108-2024-00001.md": f"{front}\n---\n{body}"})
    said = run_gkml(["check"], cwd=root).stdout
    assert (
        "GK150 图片的地址 C:\\Users\\张 三\\流程 图.png 是编辑者电脑或单位内网上的文件" in said
    ), said
    assert "把 流程 图.png 复制到 content/2024/files/" in said, said
    # the address to write as Markdown reads it, a space in it
    assert "地址改为 <files/流程 图.png> (fix:" in said, said
    assert "GK151 图片 C:\\Users\\张 三\\流程 图.png 没有替代文本" in said, said


def test_an_image_in_a_code_span_or_escaped_is_no_image(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A review: GK151 named `![](files/a.png)` written as an example in a code span, and
    `\\![](…)`, whose ! is text; an image after an unclosed backtick's paragraph is named."""
    item = (
        Path(__file__).parent / "sites/minimal/content/2024/640100-108-2024-00001.md"
    ).read_text(encoding="utf-8")
    front, _body = item.split("\n---\n", 1)
    body = (
        "图片写成 `![](files/a.png)` 或 ``![说明](files/a.png) ` ``，不要写成 \\![](files/a.png)。\n"
        "\n"
        "一个没有配对的 ` 反引号。\n"
        "\n"
        "![](files/b.png) 和 `代码`\n"
    )
    root = make_site(
        {
            "content/2024/640100-108-2024-00001.md": f"{front}\n---\n{body}",
            "content/2024/files/a.png": b"\x89PNG",
            "content/2024/files/b.png": b"\x89PNG",
        }
    )
    said = run_gkml(["check"], cwd=root).stdout
    named = [line.split(" GK151 ", 1)[1] for line in said.splitlines() if " GK151 " in line]
    assert named == [
        "图片 files/b.png 没有替代文本：看不见图片的读者（用读屏软件）不知道图中是什么"
    ], said


def test_an_indented_paragraph_is_named_once_not_for_each_address_in_it(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """A paragraph indented by a tab or four spaces is a code box on the page (GK132): the
    image, the links and the addresses in it are text there, and were each named too (GK133,
    GK134, GK135, GK150, GK119), as those in a fenced block no longer were. A list item's
    second paragraph, a paragraph's lazy continuation line and a raw HTML block's indented
    line are no code: their addresses are named as before."""
    import json

    item = (
        Path(__file__).parent / "sites/minimal/content/2024/640100-108-2024-00001.md"
    ).read_text(encoding="utf-8")
    front, _body = item.split("\n---\n", 1)
    body = "\n".join(
        [
            "第一段。",  # the body's line 1
            "",
            "    旧网站的图 ![图一](http://old.example.cn/a.png) 和 [附件](files/none.pdf)，",
            "    [办事指南](/col/index.html)、[打开](javascript:void(0))、"
            "![图二](file:///C:/Users/a/image001.png)。",
            "",
            "\t用 Tab 缩进的一段：![图三](http://old.example.cn/c.png)",
            "",
            "1. 列表项",
            "",
            "    列表项的第二段 [办事指南](/col/b.html)",  # line 10: no code
            "",
            "普通段落，",
            "    懒惰续行 ![图四](http://old.example.cn/d.png)",  # line 13: no code
            "",
            "<table>",
            "",
            '    <tr><td><a href="/col/c.html">表格中缩进的行</a></td></tr>',  # line 17
            "",
            "</table>",
            "",
        ]
    )
    root = make_site({"content/2024/640100-108-2024-00001.md": f"{front}\n---\n{body}"})
    result = run_gkml(["check", "--site", root, "--as-of", "2026-01-01", "--format", "json"])
    start = len(front.split("\n")) + 2  # the body's first line in the file
    found = sorted(
        (d["code"], d["line"] - start + 1)
        for d in json.loads(result.stdout)
        if d["code"] in {"GK119", "GK132", "GK133", "GK134", "GK135", "GK150", "GK151"}
    )
    assert found == [
        ("GK132", 3),
        ("GK132", 6),
        ("GK133", 13),
        ("GK135", 10),
        ("GK135", 17),
    ], result.stdout


def test_a_code_box_right_below_a_heading_is_named() -> None:
    """An indented line right below a heading starts a code box as one after a blank line
    does; its addresses are no longer named (GK133…), so GK132 must be."""
    from generator.bodycode import outside_code

    boxed = "    ![图](http://old.example.cn/a.png)"
    body = f"## 附件\n{boxed}\n正文。"
    assert [p.line for p in code_boxes(body, 1)] == [2]
    assert outside_code(body).split("\n") == ["## 附件", " " * len(boxed), "正文。"]
