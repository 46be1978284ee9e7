"""What leads into a wide table: the blocks body.py marks to print on its landscape sheet."""

from __future__ import annotations

import re

from generator.body import render_body

_ROWS = (
    "| " + " | ".join(f"第{n}项" for n in range(1, 11)) + " |\n"
    + "|" + "---|" * 10 + "\n"
    + "| " + " | ".join(str(n) for n in range(1, 11)) + " |\n"
)  # fmt: skip


def _lead_ins(markdown: str) -> list[str]:
    """Return the text of each block of *markdown*'s page marked as a wide table's lead-in."""
    html = render_body(markdown, source_dir="content", resolve=lambda _target: None).html
    found = re.findall(r'<(\w+)[^>]*class="[^"]*\bgk-lead-in\b[^"]*"[^>]*>(.*?)</\1>', html, re.S)
    return [" ".join(re.sub(r"<[^>]*>", " ", inner).split()) for _name, inner in found]


def test_the_short_blocks_above_a_wide_table_and_their_heading_lead_into_it() -> None:
    """A print walk: of two paragraphs, or a paragraph and a list, above a wide table only the
    last printed on its landscape sheet. The run of short blocks goes, with its heading."""
    markdown = (
        f"## 五、办理情况\n\n单位：件\n\n下表列出办理情况：\n\n- 甲：受理\n- 乙：办结\n\n{_ROWS}"
    )
    assert _lead_ins(markdown) == [
        "五、办理情况",
        "单位：件",
        "下表列出办理情况：",
        "甲：受理 乙：办结",
    ]


def test_a_long_text_above_a_wide_table_stays_and_its_heading_with_it() -> None:
    """A long paragraph would leave most of a portrait sheet blank: the blocks nearest the
    table that fit in six lines go; the heading goes only with all the blocks below it."""
    long = "各区县依申请公开工作总体平稳。" * 20  # 300 characters: six lines and more
    markdown = f"## 五、办理情况\n\n{long}\n\n单位：件\n\n下表列出办理情况：\n\n{_ROWS}"
    assert _lead_ins(markdown) == ["单位：件", "下表列出办理情况："]


def test_a_lead_in_stops_at_a_table_or_an_image_and_keeps_its_own_class() -> None:
    """A table or an image above is no lead-in (it would move a tall thing too); a paragraph
    aligned right keeps its alignment's class beside the lead-in's."""
    markdown = (
        f"| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |\n\n![图](files/a.png)\n\n"
        f'<p align="right">单位：元</p>\n\n{_ROWS}'
    )
    html = render_body(markdown, source_dir="content", resolve=lambda _target: None).html
    assert _lead_ins(markdown) == ["单位：元"]
    assert '<p class="gk-lead-in gk-align-right">单位：元</p>' in html


def test_a_narrow_tables_blocks_are_no_lead_in() -> None:
    """Only a wide table (more than eight columns, a landscape sheet) has a lead-in."""
    assert _lead_ins("单位：件\n\n| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |\n") == []
