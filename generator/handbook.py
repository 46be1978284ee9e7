"""The handbook's reference pages, generated from the declarations in the code.

`docs/hooks.py` calls these at `mkdocs build` time, so the field table, the diagnostic codes
and the command reference can never drift from what gkml actually does.
"""

from __future__ import annotations

import argparse

from generator.codes import CODES
from generator.fields import FIELDS, Field


def _cell(text: str) -> str:
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
            f"| {_cell(f.description)} | `{_cell(f.example)}` |"
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


def commands_page(parser: argparse.ArgumentParser) -> str:
    """Return the Markdown page describing every command and option of *parser*."""
    lines = [
        "# 命令参考",
        "",
        "在网站仓库的根目录运行 `uv run gkml 命令 …`。本页由 gkml 的命令行定义自动生成。",
        "",
        "退出码：0 表示成功（可以有警告），1 表示发现错误，2 表示用法错误或 catalog.yml 有误。",
        "",
    ]
    for name, sub in _subcommands(parser).items():
        lines += [f"## gkml {name}", "", _cell(sub.description or sub.format_usage()), ""]
        lines += ["```text", sub.format_usage().strip(), "```", ""]
        rows = []
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            names = ", ".join(action.option_strings) or action.dest.upper()
            default = (
                ""
                if action.default in (None, False, argparse.SUPPRESS) or not action.option_strings
                else f"（默认 `{action.default}`）"
            )
            rows.append(f"| `{names}` | {_cell(action.help or '')}{default} |")
        if rows:
            lines += ["| 选项 | 说明 |", "| --- | --- |", *rows, ""]
    return "\n".join(lines)
