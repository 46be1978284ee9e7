"""The columns of catalog.json and catalog.csv: their order, names and what their values are.

One declaration for the exports (`exports`) and for the site's page that describes them to a
re-user (`data.html`): a walk as a journalist and an open-data platform's developer found the
files with no word on the site of what they hold, how their values are written or that the
CSV guards formulas.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.fields import FIELD_BY_KEY, Disclosure, Status

__all__ = ["COLUMNS", "KEYS", "DataField", "described", "label"]

# The front matter's columns in order; the page's address (`url`, 网址) and the column's
# title (`category_title`, 栏目名称) follow them, and the time of `published` (`published_time`,
# 发布时间), where the front matter gives one (`COLUMNS`).
KEYS = (
    "index_no", "title", "issuer", "department", "doc_no", "written", "published", "status",
    "status_date", "disclosure", "category", "topics", "genre", "keywords", "valid_from",
    "valid_until", "replaced_by", "interprets", "related", "reason", "amendments", "source",
    "attachments",
)  # fmt: skip
# The column's title last, after the page's address: an office clerk's walk read "bmwj" in
# catalog.csv's 栏目 and had nowhere to look it up but catalog.json; at the end, every column
# before it kept its place for a program that reads them by position.
COLUMNS = (*KEYS, "url", "category_title", "published_time")

_DAY = "日期，YYYY-MM-DD；没有时为空"
_LIST = "列表（CSV 中每项一行，除最后一项外行末有“；”）"
_VALUES = {
    "index_no": "索引号，唯一且不变；网页地址由它得出",
    "title": "文字",
    "issuer": "发布机构的名称",
    "department": "文字；没有时为空",
    "written": _DAY,
    "published": "日期，YYYY-MM-DD（写有发布时间的，时间在 发布时间 一列）",
    "status_date": f"效力状态改变的日期，{_DAY}",
    "category": "栏目的 key；catalog.json 的 categories 给出每个栏目的名称和上级栏目",
    "topics": _LIST,
    "keywords": _LIST,
    "valid_from": _DAY,
    "valid_until": _DAY,
    "replaced_by": "废止或修改它的文件：本站的索引号，或站外文件的书名号标题；没有时为空",
    "interprets": "它解读的政策文件的索引号；没有时为空",
    "related": f"相关文件的索引号，{_LIST}",
    "reason": "不予公开的理由，或依申请公开信息的申请方式；没有时为空",
    "amendments": "此前的修改，最早的在前：每项是修改的日期（date）和修改它的文件（by，本站的索引号或"
    "站外文件的书名号标题）；CSV 中每项一行，写作“日期 文件”（第一个空格之后是文件），除最后一项外行末有“；”；"
    "没有时为空列表",
    "source": "转载的文件从哪里来：来源机关（name）、原文地址（url）和日期（date）；CSV 中来源、地址、日期各占一行，"
    "除最后一行外行末有“；”，没有日期时没有第三行；不是转载的，或没有网页的，为空",
    "attachments": "网页上提供的附件，每项是标题（title）、文件地址（url，相对于 catalog.json 的 base_url）和"
    "字节数（size）；CSV 中每项一行，写作“标题 地址 字节数”（地址中的空格写作 %20，最后两个空格之前是标题），"
    "除最后一项外行末有“；”；没有网页的（依申请公开等）为空列表",
    "url": "本条信息网页的地址，相对于 catalog.json 的 base_url；没有网页的（依申请公开等）为空",
    "category_title": "栏目的名称，如 部门文件（栏目 category 是它的 key）",
    "published_time": "发布时间，HH:MM（北京时间），与发布日期合为发布的时刻；前言的发布日期没有写时间的为空",
}

# Values as the files write them, quoted in the middle of their description: the 繁體 data page
# keeps them as they are (a 繁體 reader's walk: it listed 廢止 for the files' 废止). Before the
# values, the values, after them.
_QUOTED = {
    "doc_no": ("文号，如 ", "示民发〔2024〕12号", "；没有时为空"),
    "status": ("取值之一：", "、".join(s.value for s in Status), ""),
    "disclosure": ("取值之一：", "、".join(d.value for d in Disclosure), ""),
    "genre": ("文种，如 ", "通知、办法", "；没有时为空"),
}


def label(key: str) -> str:
    """Return the column name of *key*: its field's label, but reason's names both its uses
    (a 依申请公开 item's how-to-apply was under 不予公开理由, an audit)."""
    if key == "url":
        return "网址"
    if key == "category_title":
        return "栏目名称"
    if key == "published_time":
        return "发布时间"
    return "不予公开理由/依申请公开说明" if key == "reason" else FIELD_BY_KEY[key].label


@dataclass(frozen=True, slots=True)
class DataField:
    """One column as the data page describes it."""

    key: str  # catalog.json's
    label: str  # catalog.csv's heading
    values: str  # what its values are; with `quoted`, the words before those values
    quoted: str = ""  # values as the files write them
    after: str = ""  # the words after them

    @property
    def description(self) -> str:
        """Return what its values are, in one text."""
        return f"{self.values}{self.quoted}{self.after}"


def described() -> tuple[DataField, ...]:
    """Return every column with its name and what its values are, in the files' order."""
    return tuple(
        DataField(key, label(key), *_QUOTED[key])
        if key in _QUOTED
        else DataField(key, label(key), _VALUES[key])
        for key in COLUMNS
    )
