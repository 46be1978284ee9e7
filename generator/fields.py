"""The front-matter fields of a catalog item, declared once.

Validation (`generator.reader`), messages, the scaffold of `gkml new`, the metadata header of
item pages and the handbook's field reference all read this declaration.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import Enum, StrEnum


class Kind(Enum):
    LINE = "一行文字"
    TEXT = "文字"
    DATE = "日期 YYYY-MM-DD"
    DATETIME = "日期 YYYY-MM-DD 或 YYYY-MM-DD HH:MM"
    CHOICE = "取值之一"
    LIST = "文字列表"
    ATTACHMENTS = "附件列表 {file, title}"
    SOURCE = "{name, url, date}"
    ALLOWANCES = "列表 {text, why}"
    AMENDMENTS = "列表 {date, by}"


class Status(StrEnum):
    IN_FORCE = "有效"
    EXPIRED = "失效"
    REPEALED = "废止"
    AMENDED = "已修改"


class Disclosure(StrEnum):
    PROACTIVE = "主动公开"
    ON_REQUEST = "依申请公开"
    PARTIAL = "部分公开"
    WITHHELD = "不予公开"

    # Kept on each member after its first use: asked about 280,000 times in a rebuild of
    # 20,000 items (0.06 s as a property).
    @functools.cached_property
    def has_public_body(self) -> bool:
        """Only proactive and partially disclosed items publish their body."""
        return self in (Disclosure.PROACTIVE, Disclosure.PARTIAL)


# Accepted spellings of each choice, beside the Chinese value itself.
STATUS_ALIASES: dict[str, Status] = {
    "in_force": Status.IN_FORCE,
    "expired": Status.EXPIRED,
    "repealed": Status.REPEALED,
    "amended": Status.AMENDED,
}
DISCLOSURE_ALIASES: dict[str, Disclosure] = {
    "proactive": Disclosure.PROACTIVE,
    "on_request": Disclosure.ON_REQUEST,
    "partial": Disclosure.PARTIAL,
    "withheld": Disclosure.WITHHELD,
    "删减后公开": Disclosure.PARTIAL,
}


@dataclass(frozen=True, slots=True)
class RequiredWhen:
    """The field is required when *field* has one of *values*."""

    field: str
    values: tuple[str, ...]
    text_zh: str


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    label: str
    aliases: tuple[str, ...]
    kind: Kind
    required: bool
    required_when: RequiredWhen | None
    description: str
    example: str
    choices: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.key, *self.aliases)


_NOT_IN_FORCE = RequiredWhen(
    "status",
    (Status.EXPIRED, Status.REPEALED, Status.AMENDED),
    "效力状态为 失效、废止 或 已修改 时",
)

FIELDS: tuple[Field, ...] = (
    Field(
        "title",
        "名称",
        ("名称", "标题"),
        Kind.LINE,
        True,
        None,
        "文件标题，写在一行内",
        "关于调整城乡最低生活保障标准的通知",
    ),
    Field(
        "index_no",
        "索引号",
        ("索引号",),
        Kind.LINE,
        True,
        None,
        "唯一且不变的标识，按发布机构的 index_pattern 编排，年份为发布日期的年份",
        "640100-108/2024-00012",
    ),
    Field(
        "issuer",
        "发布机构",
        ("发布机构",),
        Kind.LINE,
        True,
        None,
        "catalog.yml 中某个发布机构的 name",
        "示例市民政局",
    ),
    Field(
        "department",
        "责任部门",
        ("责任部门",),
        Kind.LINE,
        False,
        None,
        "机构内负责的处室",
        "社会救助处",
    ),
    Field(
        "doc_no",
        "文号",
        ("文号",),
        Kind.LINE,
        False,
        None,
        "发文字号，年份用六角括号〔〕",
        "示民发〔2024〕12号",
    ),
    Field(
        "written", "成文日期", ("成文日期",), Kind.DATE, False, None, "文件签发日期", "2024-03-01"
    ),
    Field(
        "published",
        "发布日期",
        ("发布日期",),
        Kind.DATETIME,
        True,
        None,
        "在网站公开的日期，可带时间",
        "2024-03-05",
    ),
    Field(
        "status",
        "效力状态",
        ("效力状态",),
        Kind.CHOICE,
        True,
        None,
        "有效、失效、废止 或 已修改（也可写 in_force、expired、repealed、amended）",
        "有效",
        choices=tuple(Status),
    ),
    Field(
        "disclosure",
        "公开属性",
        ("公开属性", "公开方式"),
        Kind.CHOICE,
        True,
        None,
        "主动公开、依申请公开、部分公开 或 不予公开（也可写 proactive、on_request、partial、withheld）",
        "主动公开",
        choices=tuple(Disclosure),
    ),
    Field(
        "category",
        "栏目",
        ("公开目录", "栏目"),
        Kind.LINE,
        True,
        None,
        "catalog.yml 中公开目录某个栏目的 key",
        "bmwj",
    ),
    Field(
        "topics",
        "主题分类",
        ("主题分类",),
        Kind.LIST,
        False,
        None,
        "catalog.yml 中 topics 的词，可写多个",
        "[社会救助, 政务公开]",
    ),
    Field(
        "genre",
        "文种",
        ("体裁", "文种"),
        Kind.LINE,
        False,
        None,
        "通知、决定、意见、办法、规定、方案、报告、解读等",
        "通知",
    ),
    Field(
        "keywords",
        "关键词",
        ("关键词",),
        Kind.LIST,
        False,
        None,
        "检索用关键词",
        "[低保, 保障标准]",
    ),
    Field(
        "valid_from",
        "施行日期",
        ("施行日期",),
        Kind.DATE,
        False,
        None,
        "开始施行的日期",
        "2024-04-01",
    ),
    Field(
        "valid_until",
        "有效期至",
        ("有效期至",),
        Kind.DATE,
        False,
        None,
        "有效期截止日期",
        "2029-03-31",
    ),
    Field(
        "status_date",
        "状态变更日期",
        ("状态变更日期",),
        Kind.DATE,
        False,
        _NOT_IN_FORCE,
        "文件失效、被废止或被修改的日期",
        "2025-06-30",
    ),
    Field(
        "replaced_by",
        "废止依据",
        ("废止依据", "修改依据"),
        Kind.LINE,
        False,
        RequiredWhen("status", (Status.REPEALED, Status.AMENDED), "效力状态为 废止 或 已修改 时"),
        "废止或修改本文件的文件：本站文件写索引号，站外文件写《标题》",
        "640100-108/2025-00031",
    ),
    Field(
        "amendments",
        "此前修改",
        ("此前修改", "修改记录"),
        Kind.AMENDMENTS,
        False,
        None,
        "此前的修改：文件先被修改、后来又被废止或再次修改时，记下以前每次修改的日期（date）和"
        "修改它的文件（by：本站文件写索引号，站外文件写《标题》）",
        "[{date: 2025-02-01, by: 640100-108/2025-00006}]",
    ),
    Field(
        "corrected",
        "更正日期",
        ("更正日期",),
        Kind.DATE,
        False,
        None,
        "更正本条信息的日期：把误标的废止改回有效、改正写错的状态变更日期等，写改正的那一天；"
        "订阅中这一条的更新时间、网站地图和列表的更新日期随之改到这一天（不早于原来的），"
        "订阅者因此看得到更正；不在页面上显示",
        "2025-07-15",
    ),
    Field(
        "interprets",
        "解读对象",
        ("解读对象",),
        Kind.LINE,
        False,
        None,
        "政策解读所解读的政策文件的索引号（须在本站）",
        "640100-108/2024-00012",
    ),
    Field(
        "related",
        "相关文件",
        ("相关文件",),
        Kind.LIST,
        False,
        None,
        "相关文件的索引号列表",
        "[640100-108/2024-00013]",
    ),
    Field(
        "attachments",
        "附件",
        ("附件",),
        Kind.ATTACHMENTS,
        False,
        None,
        "附件列表，file 为相对于本文件的路径",
        "[{file: files/biaozhun.pdf, title: 保障标准表}]",
    ),
    Field(
        "reason",
        "不予公开理由",
        ("不予公开理由", "依申请公开说明"),
        Kind.TEXT,
        False,
        RequiredWhen(
            "disclosure",
            (Disclosure.WITHHELD, Disclosure.ON_REQUEST),
            "公开属性为 不予公开 或 依申请公开 时",
        ),
        "不予公开的法律依据，或依申请公开的申请方式",
        "《中华人民共和国政府信息公开条例》第十四条",
    ),
    Field(
        "source",
        "转载来源",
        ("转载来源",),
        Kind.SOURCE,
        False,
        None,
        "转载文件的来源网站、转载日期和链接",
        "{name: 示例省民政厅, url: https://example.gov.cn/a.html, date: 2024-05-10}",
    ),
    Field(
        "privacy_allow",
        "允许公开的个人信息",
        (),
        Kind.ALLOWANCES,
        False,
        None,
        "个人信息检查放行的原文及理由（如公开的办公电话）",
        "[{text: 0951-6000000, why: 办公电话}]",
    ),
    Field(
        "late_reason",
        "超时发布说明",
        ("超时发布说明",),
        Kind.TEXT,
        False,
        None,
        "发布超过时限（GK208）的原因，写明后不再警告；只用于检查和时效报告，不在网站上显示",
        "原件经保密审查后于 2024-04-15 定稿",
    ),
    Field(
        "former_url",
        "原网址",
        ("原网址",),
        Kind.LINE,
        False,
        None,
        "从旧网站迁移来的信息在旧网站上的网址：gkml diff 不把它早于提交日的发布日期当作疑似倒签，"
        "而是列出原网址供审核人核对；不在网站上显示",
        "https://www.example.gov.cn/xxgk/tzgg/202403/t20240305_1234.html",
    ),
)

FIELD_BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}
FIELD_BY_NAME: dict[str, Field] = {name: f for f in FIELDS for name in f.names}

ATTACHMENT_KEYS = ("file", "title")
SOURCE_KEYS = ("name", "url", "date")
ALLOWANCE_KEYS = ("text", "why")
AMENDMENT_KEYS = ("date", "by")
PAGE_KEYS = ("title", "slug")  # a free page's front matter: these, required …
PAGE_OPTIONAL_KEYS = ("privacy_allow",)  # … and these, which it may have


def change_line(key: str, value: str, written: str | None = None) -> tuple[str, str]:
    """Return the fix that writes *key*'s line as `name: value`, under the name the file
    gives the field (*written*, else its key); the Chinese fix names the field by its label
    when that name is the English key (an editor thinks in 效力状态, not status: GK105 said
    改为 status: 有效)."""
    line = f"{written or key}: {value}"
    if written not in (None, key):
        return f"改为 {line}", f"write {line}"
    return f"{FIELD_BY_KEY[key].label}一行改为 {line}", f"write {line}"
