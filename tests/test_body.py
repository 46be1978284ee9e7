"""An item's body into HTML: the inline shortcut gives exactly Python-Markdown's own output."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import InlineProcessor

from generator.body import _markdown, _PlainTextFirst


def _stock() -> markdown.Markdown:
    """Return the converter of `body._markdown` without the shortcut."""
    return markdown.Markdown(
        extensions=["tables", "footnotes", "toc", "sane_lists", "fenced_code", "attr_list"],
        extension_configs={
            "toc": {"slugify": slugify_unicode, "permalink": False},
            "footnotes": {"BACKLINK_TITLE": "返回正文第 %d 处"},
        },
        output_format="html",
    )


STOCK = _stock()
FAST = _markdown()

# Every character an inline pattern starts or ends with, and plain text around them.
_PIECES = st.sampled_from(
    [
        *"*_`\\[]()!<>&#:;@/.-{}^~=\"' \n\t|",
        "  \n",
        "养老服务",
        "第一条",
        "http://example.gov.cn/a",
        "a@example.gov.cn",
        "&amp;",
        "&#20013;",
        "<b>",
        "</b>",
        "<!-- x -->",
        "[^1]",
        "[^1]: 注释",
        "[链接](a.md)",
        "![图](a.png)",
        "[ref]",
        "[ref]: http://x.cn",
        "{: #id }",
        "# 标题",
        "- 项",
        "1. 项",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "```\ncode\n```",
        "\n\n",
    ]
)


def _convert(md: markdown.Markdown, text: str) -> str:
    md.reset()
    return md.convert(text)


def test_the_shortcut_replaces_the_stock_inline_step_in_its_place() -> None:
    fast, stock = list(FAST.treeprocessors), list(STOCK.treeprocessors)
    assert [type(p) for p in fast] == [
        _PlainTextFirst if isinstance(p, InlineProcessor) else type(p) for p in stock
    ]


def test_plain_and_marked_up_text_convert_as_without_the_shortcut() -> None:
    for text in (
        "关于印发养老服务发展规划的通知",
        "第一段。\n\n第二段，**加粗**和*强调*，[链接](a.md)与 <span>HTML</span>。",
        "行末两个空格  \n换行",
        "| 项目 | 金额 |\n| --- | --- |\n| 低保 | 100 元 |",
        "正文[^1]。\n\n[^1]: 注释",
        "## 标题 {#anchor}\n\n- 一\n- 二 `代码` &amp; \\*",
    ):
        assert _convert(FAST, text) == _convert(STOCK, text)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_any_text_converts_as_without_the_shortcut(text: str) -> None:
    assert _convert(FAST, text) == _convert(STOCK, text)
