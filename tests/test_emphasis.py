"""Bold markers the page would show as asterisks (GK120): where `gkml check` points."""

from __future__ import annotations

import re

import pytest

from generator.body import markdown_html
from generator.emphasis import stray_marks
from generator.yamlnodes import Position


@pytest.mark.parametrize(
    "body",
    [
        "没有加粗的正文。",
        "**“五公开”**要求贯穿全过程，**第一条** 适用范围。",
        "申请材料包括**身份证件\n和户口簿**，可在线上传。",  # bold across a line break
        "- **（一）**申请条件\n- APP **“示例民政”** 办理",
        "| 项目 | 说明 |\n| --- | --- |\n| **低保** | **（按月）** |",
        "```text\nAPP**“示例民政”**\n```",
        "正文。\n\n    APP**“缩进的代码”**",
        "用 `a**b` 表示乘方。",
        # Masked numbers, as GK301 and GK302 suggest them: shown as written, no bold.
        "| 身份证号 |\n| --- |\n| 640104********2410 |",
        "两人身份证号：640104********2410、640102********0034。",
        "手机 139****5678，身份证 64010419850312***X。",
    ],
)
def test_bold_that_takes_is_not_reported(body: str) -> None:
    assert stray_marks(body, 20) == ()


@pytest.mark.parametrize(
    "body",
    [
        "两人身份证号：640104********2410、640102********0034。",
        "手机：139****5678、138****5678。",
        "| 身份证号 | 手机 |\n| --- | --- |\n| 640104********2410 | 139****5678 |",
    ],
)
def test_masked_numbers_keep_their_asterisks_on_the_page(body: str) -> None:
    """A reviewer's walk: two masks on a line, written as the check suggests, became bold
    text with the asterisks gone: the page showed 6401042410、6401020034."""
    html = markdown_html(body)
    assert "<strong>" not in html and "<em>" not in html
    for mask in re.findall(r"[0-9]+\*{3,}[0-9Xx]*", body):
        assert mask in html, (mask, html)


def test_bold_beside_a_number_still_takes() -> None:
    assert markdown_html("**2024年**：完成**3**项") == (
        "<p><strong>2024年</strong>：完成<strong>3</strong>项</p>"
    )


def test_a_mark_between_a_letter_and_punctuation_is_reported_where_it_is() -> None:
    body = "各区（县）民政局：\n\n可通过手机APP**“示例民政”**申请。"
    assert stray_marks(body, 15) == (Position(17, 9),)


def test_an_unpaired_mark_is_reported_not_the_pair_before_it() -> None:
    body = "**办理时限**为15个工作日，**不收费。\n\n**第二段**正常。"
    assert stray_marks(body, 1) == (Position(1, 17),)


def test_each_line_of_a_paragraph_is_told_apart() -> None:
    body = "第一行**“加粗”**正常，\n第二行B**“不行”**，\n第三行正常。"
    assert stray_marks(body, 3) == (Position(4, 5),)


def test_a_fence_closes_and_marks_after_it_are_read_again() -> None:
    body = "~~~\n**代码**\n~~~\n\nAPP**“示例民政”**"
    assert stray_marks(body, 1) == (Position(5, 4),)
