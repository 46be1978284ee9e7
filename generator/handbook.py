"""The handbook's reference pages, generated from the declarations in the code.

`docs/hooks.py` calls these at `mkdocs build` time, so the field table, the diagnostic codes,
the catalog.yml settings and the command reference can never drift from what gkml actually does.
"""

from __future__ import annotations

import argparse

from generator import options
from generator.codes import CODES
from generator.fields import FIELD_BY_KEY, FIELDS, PAGE_KEYS, PAGE_OPTIONAL_KEYS, Field
from generator.options import OPTIONS, Option


def _cell(text: str) -> str:
    """Return *text* for a Markdown table cell, shown as written: `**` is not bold there,
    `![说明](files/a.png)` no image and `<img>` no tag (GK151's fix)."""
    for mark in ("\\", "|", "*", "[", "]"):
        text = text.replace(mark, f"\\{mark}")
    return text.replace("<", "&lt;").replace("\n", " ")


def _code_cell(text: str) -> str:
    """Return *text* for a code span in a Markdown table cell: backslashes are shown there
    as written, and only `|` needs one (the table's, read before the code span)."""
    return text.replace("|", "\\|").replace("\n", " ")


def _required(field: Field) -> str:
    if field.required:
        return "必填"
    if field.required_when is not None:
        return field.required_when.text_zh + "必填"
    return "选填"


def fields_page() -> str:
    """Return the Markdown page listing every front-matter field."""
    lines = [
        "# 字段参考",
        "",
        "每条信息的 Markdown 文件以前言（front matter）开头，写在两行 `---` 之间。",
        "下表列出全部字段：可以写英文字段名，也可以写表中的中文别名，二者等价。",
        "本页由 gkml 代码中的字段声明自动生成。",
        "",
        "| 字段 | 中文名 | 也可写作 | 类型 | 是否必填 | 说明 | 示例 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for f in FIELDS:
        aliases = "、".join(f"`{a}`" for a in f.aliases) or "—"
        kind = f.kind.value
        if f.choices:
            kind += "：" + "、".join(f.choices)
        lines.append(
            f"| `{f.key}` | {_cell(f.label)} | {aliases} | {_cell(kind)} | {_required(f)} "
            f"| {_cell(f.description)} | `{_code_cell(f.example)}` |"
        )
    lines += [
        "",
        "## 一个完整的例子",
        "",
        "```yaml",
        "---",
        *(f"{f.key}: {f.example}" for f in FIELDS if f.required),
        "---",
        "```",
        "",
        "## 固定页面的字段",
        "",
        "`content/pages/` 中的公开指南、公开制度等固定页面只有以下字段，"
        f"其中 {'、'.join(f'`{k}`' for k in PAGE_KEYS)} 必填。"
        "固定页面全文公开：其中的身份证号码、手机号码、银行卡号是错误（GK503），"
        "确需公开的（如对外公布的值班手机），在 `privacy_allow` 中写明原文和理由，审核人会在"
        " `gkml diff` 中看到。",
        "",
        "| 字段 | 说明 | 示例 |",
        "| --- | --- | --- |",
        "| `title` | 页面标题 | `示例市民政局政府信息公开指南` |",
        "| `slug` | 页面的文件名：小写字母、数字和连字符，如 `gkzn` 发布为 `pages/gkzn.html` | `gkzn` |",
        *(
            f"| `{f.key}` | {_cell(f.description)} | `{_code_cell(f.example)}` |"
            for key in PAGE_OPTIONAL_KEYS
            for f in (FIELD_BY_KEY[key],)
        ),
        "",
    ]
    return "\n".join(lines)


def codes_page() -> str:
    """Return the Markdown page listing every diagnostic code."""
    lines = [
        "# 检查代码参考",
        "",
        "`gkml check` 报告的每个问题都有一个固定的代码。**错误**（error）必须改正，网站才能生成；",
        "**警告**（warning）提示可能的问题，不阻止生成（`--strict` 时也算失败）。",
        "本页由 gkml 代码中的代码表自动生成。",
        "",
        "| 代码 | 级别 | 含义 | Meaning | 怎么改 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for code in CODES.values():
        level = "错误" if code.severity == "error" else "警告"
        lines.append(
            f"| <span id='{code.code.lower()}'>{code.code}</span> | {level} "
            f"| {_cell(code.title_zh)} | {_cell(code.title_en)} | {_cell(code.fix_zh)} |"
        )
    lines.append("")
    return "\n".join(lines)


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _option_row(action: argparse.Action) -> str:
    names = ", ".join(action.option_strings) or str(action.metavar or action.dest.upper())
    help_text = action.help or ""
    if isinstance(action, argparse._VersionAction):
        help_text = "显示 gkml 的版本 (show the version)"  # argparse's own help is English
    notes: list[str] = []
    if action.choices is not None:
        notes.append("取值：" + "、".join(f"`{c}`" for c in action.choices))
    if action.required and action.option_strings:
        notes.append("必须写")
    # A flag (--no-search) has no value to default to: "默认 True" read as "off by default".
    flag = isinstance(action, argparse._StoreTrueAction | argparse._StoreFalseAction)
    has_default = not flag and action.default not in (None, False, argparse.SUPPRESS)
    said = "默认" in help_text or "default" in help_text
    if has_default and action.option_strings and not said:
        notes.append(f"默认 `{action.default}`")
    note = f"（{'；'.join(notes)}）" if notes else ""
    return f"| `{names}` | {_cell(help_text)}{note} |"


def _command_section(name: str, sub: argparse.ArgumentParser, level: int) -> list[str]:
    lines = [f"{'#' * level} {name}", "", _cell(sub.description or sub.format_usage()), ""]
    lines += ["```text", sub.format_usage().strip(), "```", ""]
    rows = [
        _option_row(action)
        for action in sub._actions
        if not isinstance(action, argparse._HelpAction | argparse._SubParsersAction)
    ]
    if rows:
        lines += ["| 选项 | 说明 |", "| --- | --- |", *rows, ""]
    for child, child_parser in _subcommands(sub).items():
        lines += _command_section(f"{name} {child}", child_parser, level + 1)
    return lines


def commands_page(parser: argparse.ArgumentParser) -> str:
    """Return the Markdown page describing every command, sub-command and option of *parser*."""
    lines = [
        "# 命令参考",
        "",
        "在网站仓库的根目录运行 `uv run gkml 命令 …`。本页由 gkml 的命令行定义自动生成。",
        "`uv run gkml 命令 --help` 在屏幕上显示同样的说明。",
        "",
        "退出码：0 表示成功（可以有警告），1 表示发现错误，2 表示用法错误或 catalog.yml 有误。",
        "",
    ]
    own = [
        _option_row(action)
        for action in parser._actions
        if not isinstance(action, argparse._HelpAction | argparse._SubParsersAction)
    ]
    if own:
        lines += ["不带命令时可用的选项：", "", "| 选项 | 说明 |", "| --- | --- |", *own, ""]
    for name, sub in _subcommands(parser).items():
        lines += _command_section(f"gkml {name}", sub, 2)
    return "\n".join(lines)


def _option_required(option: Option) -> str:
    return "必填" if option.required else "选填"


def _example_cell(option: Option) -> str:
    return f"`{_code_cell(option.example)}`" if option.example else "—"


def _kind_cell(option: Option) -> str:
    kind = option.kind.value
    if option.choices:
        kind += "：" + "、".join(option.choices)
    return _cell(kind)


def example_catalog() -> str:
    """Return the catalog page's complete example: every setting but `site.logo`, whose
    example names a file a reader's site does not have (`gkml check` would say GK017)."""
    logo = options.OPTION_BY_PATH["site.logo"]
    return options.example_catalog().replace(f"  {logo.name}: {logo.example}\n", "", 1)


def catalog_page() -> str:
    """Return the Markdown page listing every setting of catalog.yml, with a complete example."""
    lines = [
        "# catalog.yml 设置参考",
        "",
        "网站仓库根目录的 `catalog.yml` 写站点设置、发布机构、目录树、主题分类和规则。",
        "`gkml check` 先检查它：写错的设置名、缺少的必填设置、取值不对都会报告（代码 GK401—GK414",
        "和 GK017，见[检查代码参考](codes.md)）。本页由 gkml 代码中的设置声明自动生成，",
        "gkml 读取的每一项设置都在这里。",
        "",
        "设置名中的 `[]` 表示列表中的每一项，`<年份>` 表示写四位年份，如 `2024`。",
        "“必填”指写了它的上一级设置时必须写，如每个发布机构都要写 `name`、`code` 和 `index_pattern`。",
        "",
    ]
    for top in (o for o in OPTIONS if o.parent == ""):
        lines += [f"## {top.name}：{top.label}", "", _cell(top.description) + "。", ""]
        if top.required:
            lines += ["必填。", ""]
        if top.default:
            lines += [f"不写时：{_cell(top.default)}。", ""]
        if top.example:
            lines += ["```yaml", f"{top.name}: {top.example}", "```", ""]
        rows = [o for o in OPTIONS if o.path.startswith((f"{top.name}.", f"{top.name}[]."))]
        if not rows:
            continue
        lines += [
            "| 设置 | 中文名 | 类型 | 是否必填 | 不写时 | 说明 | 示例 |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| `{o.path}` | {_cell(o.label)} | {_kind_cell(o)} | {_option_required(o)} "
            f"| {_cell(o.default) or '—'} | {_cell(o.description) or '—'} | {_example_cell(o)} |"
            for o in rows
        ]
        lines.append("")
    lines += [
        "## 一个完整的例子",
        "",
        "下面的 `catalog.yml` 写出了除 `site.logo` 外的每一项设置（取上表的示例值）；"
        "放进 `content/` 还是空的仓库，可以通过 `gkml check`。",
        "要加网站标志，把图片放进 `templates/assets/`，在 `site:` 下写 `logo: 文件名`"
        "（见[定制网站外观](../tasks/theme.md)）；文件不存在时 `gkml check` 报错（GK017）。",
        "",
        "```yaml",
        example_catalog().rstrip("\n"),
        "```",
        "",
    ]
    return "\n".join(lines)
