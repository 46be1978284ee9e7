"""The diagnostic codes: one stable code per problem, with its meaning and general fix.

This table is the single source for `gkml check` messages' codes and for the handbook's
diagnostic reference. Codes never change meaning once published; retired codes stay listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    severity: Severity
    title_zh: str
    title_en: str
    fix_zh: str


_TABLE: tuple[Code, ...] = (
    # -- files and front matter --------------------------------------------------------
    Code(
        "GK001",
        "error",
        "文件不是 UTF-8 编码",
        "file is not UTF-8",
        "用编辑器“另存为”UTF-8 编码，或运行 iconv -f GB18030 -t UTF-8",
    ),
    Code(
        "GK002",
        "warning",
        "文件以 BOM 开头",
        "file starts with a byte-order mark",
        "另存为“UTF-8（无 BOM）”",
    ),
    Code(
        "GK003",
        "error",
        "缺少前言（front matter）",
        "missing front matter",
        "在文件第一行写 ---，其后写元数据，再以 --- 结束",
    ),
    Code(
        "GK004",
        "error",
        "前言没有结束标记",
        "front matter is not closed",
        "在元数据之后单独一行写 ---",
    ),
    Code(
        "GK005",
        "error",
        "YAML 语法错误",
        "YAML syntax error",
        "检查冒号后是否有半角空格、是否误用全角冒号、含冒号的值是否加了引号",
    ),
    Code("GK006", "error", "字段重复", "duplicate key", "删除重复的一行，只保留正确的值"),
    Code(
        "GK007",
        "error",
        "前言不是“字段: 值”的列表",
        "front matter is not a mapping",
        "每行写成“字段: 值”",
    ),
    Code("GK008", "error", "未知字段", "unknown key", "改正字段名，或删除该行"),
    Code("GK009", "error", "缺少必填字段", "missing required field", "补上该字段"),
    Code("GK010", "error", "字段类型不对", "wrong type", "按字段说明的格式填写"),
    Code(
        "GK011",
        "error",
        "同一字段以两个名称出现",
        "field given under two names",
        "英文字段名和中文别名只保留一个",
    ),
    Code(
        "GK012",
        "error",
        "文件无法读取",
        "file cannot be read",
        "恢复链接指向的文件，或删去这个链接；没有读取权限时，请管理员开放权限",
    ),
    Code(
        "GK013",
        "warning",
        "换行符只有 CR（旧式 Mac）",
        "lines end with CR alone",
        "在编辑器中把换行符改为 LF 或 CRLF 后保存",
    ),
    Code(
        "GK014",
        "error",
        "找不到 content 文件夹",
        "no content folder",
        "把信息文件放在与 catalog.yml 同级的 content/ 文件夹中，或用 --site 指定网站目录",
    ),
    Code(
        "GK015",
        "warning",
        "Markdown 文件的扩展名不是 .md",
        "Markdown file not named .md",
        "把扩展名改为小写的 .md（如 通知.MD 改为 通知.md）",
    ),
    # -- values ------------------------------------------------------------------------
    Code(
        "GK101",
        "error",
        "日期格式不对",
        "date not in YYYY-MM-DD form",
        "日期写成 YYYY-MM-DD，例如 2024-03-01",
    ),
    Code("GK102", "error", "日期不存在", "no such date", "核对日历上的真实日期"),
    Code(
        "GK103",
        "error",
        "发布日期早于成文日期",
        "published before written",
        "核对成文日期和发布日期",
    ),
    Code("GK104", "error", "日期晚于今天", "date in the future", "核对日期；未来的文件不能先发布"),
    Code("GK105", "error", "取值不在允许范围内", "value not allowed", "从允许的取值中选一个"),
    Code(
        "GK106",
        "error",
        "索引号含全角字符",
        "full-width characters in index_no",
        "把全角字符换成半角字符",
    ),
    Code(
        "GK107",
        "error",
        "索引号不符合发布机构的格式",
        "index_no does not match the issuer's pattern",
        "按 catalog.yml 中该发布机构的 index_pattern 填写，或用 gkml new 生成",
    ),
    Code(
        "GK108",
        "error",
        "索引号年份与发布日期不一致",
        "index_no year is not the year of published",
        "索引号中的年份应为发布日期的年份",
    ),
    Code(
        "GK109",
        "warning",
        "文号括号不规范",
        "doc_no uses the wrong brackets",
        "年份用六角括号〔〕，例如 示民发〔2024〕12号",
    ),
    Code(
        "GK110",
        "error",
        "缺少状态变更日期",
        "status_date missing",
        "失效、废止或已修改的文件须写 status_date（状态变更日期）",
    ),
    Code(
        "GK111",
        "error",
        "缺少废止或修改依据",
        "replaced_by missing",
        "废止或已修改的文件须写 replaced_by（废止依据）",
    ),
    Code(
        "GK112",
        "error",
        "缺少不公开或依申请公开的说明",
        "reason missing",
        "不予公开须写法律依据；依申请公开须写申请方式",
    ),
    Code(
        "GK113",
        "warning",
        "有效期已过但状态仍为有效",
        "valid_until passed while status is 有效",
        "把 status 改为 失效 并写 status_date，或更正 valid_until",
    ),
    Code("GK114", "error", "标题为空或多于一行", "title empty or not one line", "标题写在一行内"),
    Code(
        "GK115",
        "error",
        "附件文件不存在",
        "attachment file missing",
        "把附件放到正确位置，或更正 file 路径（相对于本文件）",
    ),
    Code(
        "GK116",
        "error",
        "附件路径指向仓库之外",
        "attachment outside the repository",
        "把附件复制到 content/ 下，再写相对路径",
    ),
    Code(
        "GK117",
        "error",
        "状态变更日期早于发布日期",
        "status_date before published",
        "核对状态变更日期",
    ),
    Code(
        "GK118",
        "error",
        "网址格式不对",
        "not a web address",
        "写完整网址，以 http:// 或 https:// 开头",
    ),
    Code(
        "GK119",
        "warning",
        "正文链接的文件不存在",
        "body links to a missing file",
        "核对文件名和路径（相对于本信息所在的文件夹），或把文件放到该位置",
    ),
    Code(
        "GK120",
        "warning",
        "正文的加粗标记没有生效",
        "bold markers shown as asterisks",
        "星号要成对；星号一侧紧挨英文字母或数字、另一侧是标点（如 APP**“某某”**）时，"
        "在星号外侧加一个空格",
    ),
    Code(
        "GK121",
        "error",
        "附件在以 . 开头的隐藏文件夹或文件中",
        "attachment in a hidden folder or file",
        "把文件放到 content/ 下名称不以 . 开头的文件夹中（如 content/2024/files/），再写相对路径",
    ),
    Code(
        "GK122",
        "warning",
        "文字中有不可见的方向控制字符",
        "invisible direction control in the text",
        "在编辑器中显示不可见字符后删去，或重新输入这一行",
    ),
    Code(
        "GK123",
        "warning",
        "信息尚未写完（占位文字或示例标题）",
        "item not written yet (stand-in text)",
        "把 gkml new 写入的占位文字换成正文，写出完整的标题",
    ),
    Code(
        "GK124",
        "warning",
        "主动公开的信息写了不予公开理由或申请方式",
        "a 主动公开 item has a reason",
        "删去 reason（公开属性改回主动公开时留下的）；删减后公开的，公开属性写 部分公开",
    ),
    # -- across files ------------------------------------------------------------------
    Code(
        "GK201",
        "error",
        "索引号重复",
        "duplicate index_no",
        "索引号必须唯一：改正其中一个（gkml new 会给出下一个空号）",
    ),
    Code(
        "GK202",
        "error",
        "解读对象不存在",
        "interprets points at nothing",
        "写被解读政策文件的索引号",
    ),
    Code("GK203", "error", "相关文件不存在", "related points at nothing", "核对索引号"),
    Code(
        "GK204",
        "error",
        "废止或修改依据的索引号不存在",
        "replaced_by index_no not found",
        "写本站文件的索引号；站外文件请写书名号标题，如《示例省社会救助条例》",
    ),
    Code("GK205", "error", "栏目不存在", "unknown category", "使用 catalog.yml 中 catalog 的 key"),
    Code(
        "GK206", "error", "发布机构不存在", "unknown issuer", "使用 catalog.yml 中 issuers 的 name"
    ),
    Code("GK207", "error", "主题分类不存在", "unknown topic", "使用 catalog.yml 中 topics 的词"),
    Code(
        "GK208",
        "warning",
        "发布超过规定时限",
        "published later than the rule allows",
        "按时发布；已经超时的，在 late_reason 中写明原因（不在网站上显示），警告随即消除",
    ),
    Code(
        "GK209",
        "error",
        "解读或替代对象是本文件自身",
        "item interprets or replaces itself",
        "写另一份文件的索引号",
    ),
    Code(
        "GK210",
        "error",
        "公开正文链接到不公开信息的附件",
        "a public body links to the attachment of a non-public item",
        "删除这个链接；确需公开该文件的，把它列入本信息的 attachments",
    ),
    Code(
        "GK211",
        "warning",
        "写了超时发布说明，但发布并未超时",
        "late_reason given, but the item was not published late",
        "删去 late_reason（或核对成文日期和发布日期）",
    ),
    # -- personal data -----------------------------------------------------------------
    Code(
        "GK301",
        "error",
        "含居民身份证号码",
        "resident ID number in a public item",
        "去标识化：改为掩码形式；确需公开的，在 privacy_allow 中写明原文和理由",
    ),
    Code(
        "GK302",
        "error",
        "含手机号码",
        "mobile number in a public item",
        "去标识化：改为掩码形式或办公电话；确需公开的，在 privacy_allow 中写明原文和理由",
    ),
    Code(
        "GK303",
        "error",
        "含银行卡号",
        "bank card number in a public item",
        "去标识化：改为掩码形式；确需公开的，在 privacy_allow 中写明原文和理由",
    ),
    Code(
        "GK304",
        "warning",
        "privacy_allow 中的文字未出现在文件中",
        "privacy_allow text not found",
        "删除不再需要的 privacy_allow 条目",
    ),
    # -- catalog.yml -------------------------------------------------------------------
    Code(
        "GK401",
        "error",
        "找不到 catalog.yml",
        "catalog.yml not found",
        "在网站根目录放置 catalog.yml，或用 --site 指定网站目录",
    ),
    Code(
        "GK402", "error", "catalog.yml 语法错误", "catalog.yml syntax error", "检查冒号、缩进和引号"
    ),
    Code(
        "GK403",
        "error",
        "catalog.yml 中的未知设置",
        "unknown setting in catalog.yml",
        "改正设置名，或删除该行",
    ),
    Code("GK404", "error", "catalog.yml 缺少必填设置", "required setting missing", "补上该设置"),
    Code(
        "GK405",
        "error",
        "catalog.yml 设置类型不对",
        "wrong type in catalog.yml",
        "按设置说明的格式填写",
    ),
    Code("GK406", "error", "栏目 key 重复", "duplicate catalog key", "每个栏目的 key 必须唯一"),
    Code(
        "GK407",
        "error",
        "索引号格式 index_pattern 无法生成索引号",
        "index_pattern cannot produce an index number",
        "只用 {code}、{year}、{serial:05d} 三个占位符，且须包含 {serial}",
    ),
    Code(
        "GK408", "error", "发布机构重复", "duplicate issuer", "每个发布机构的 name 和 code 必须唯一"
    ),
    Code(
        "GK409", "error", "catalog.yml 中设置重复", "duplicate key in catalog.yml", "删除重复的一行"
    ),
    Code("GK410", "error", "主题词重复", "duplicate topic", "删除重复的主题词"),
    Code(
        "GK411",
        "warning",
        "catalog.yml 还是 gkml init 写入的示例设置",
        "catalog.yml still holds the sample settings",
        "逐项改成本单位的，然后删去第一行的 “# gkml init：……”",
    ),
    # -- free pages --------------------------------------------------------------------
    Code(
        "GK501",
        "error",
        "页面 slug 不合规",
        "invalid page slug",
        "slug 只用小写字母、数字和连字符，例如 gkzn",
    ),
    Code("GK502", "error", "页面 slug 重复", "duplicate page slug", "每个页面的 slug 必须唯一"),
    Code(
        "GK503",
        "warning",
        "固定页面中含个人信息（身份证号码、手机号码、银行卡号）",
        "personal data in a free page",
        "去标识化，或改用办公电话；确属公开的服务号码，核实后可保留",
    ),
    Code(
        "GK504",
        "warning",
        "页面还是 gkml init 写入的示例",
        "the page is still the sample",
        "按本单位的实际情况改写，然后删去 “# gkml init：……” 这一行",
    ),
)

CODES: dict[str, Code] = {c.code: c for c in _TABLE}


def all_codes() -> tuple[Code, ...]:
    """Return every diagnostic code in code order."""
    return tuple(sorted(_TABLE, key=lambda c: c.code))
