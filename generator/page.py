"""Free pages of `content/pages/` (公开指南, 公开制度, 依申请公开): title, slug and a body."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.bodylinks import FREE_PAGES, check_links, local_links
from generator.bodyscan import check_body
from generator.config import Config
from generator.diagnostics import Collector, Diagnostic
from generator.fields import PAGE_KEYS, PAGE_OPTIONAL_KEYS
from generator.frontmatter import decode, split
from generator.invisible import direction_lines, invisible_values
from generator.item import Allowance, BodyLink
from generator.privacy import KIND_LABELS, find_personal_data, place
from generator.reader import read_allowances, report_syntax
from generator.starter import mark_lines
from generator.suggestion import did_you_mean
from generator.yamlnodes import Map, Node, Position, Scalar, SyntaxProblem, parse_yaml

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
# How a message names a page's key in Chinese (an editor knows 标题, not title; an item's
# title is 名称, a page's is not)
_NAMES = {"title": "标题", "privacy_allow": "允许公开的个人信息"}
_LABELS = {key: f"{name}（{key}）" for key, name in _NAMES.items()}


@dataclass(frozen=True, slots=True)
class Page:
    path: str
    title: str
    slug: str
    body_line: int
    slug_pos: Position
    privacy_allow: tuple[Allowance, ...] = ()  # personal data the page may show, with why
    # The local files its body links to, for the checks across files (GK214).
    body_links: tuple[BodyLink, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class PageResult:
    page: Page | None
    diagnostics: tuple[Diagnostic, ...]
    probed: tuple[str, ...] = ()  # the files its links name, as `ReadResult.probed`


# A number that may be personal data, not surely: a warning of its own code, not GK503.
_SUSPECTS = {"id_card_suspect": "GK305", "bank_account_suspect": "GK306"}


def _personal_data(
    out: Collector,
    title: Scalar | None,
    body: str,
    body_line: int,
    allowances: tuple[Allowance, ...],
    allowances_pos: Position | None,
    today: date,
) -> None:
    """Report each ID, mobile or bank card number in the page's title and body (GK503) that
    *allowances* (its privacy_allow) does not let through, and each allowance found nowhere
    (GK304). A free page is public in full: a reviewer's pass found a mobile number added to
    公开指南 unnoticed. As in an item, a number meant to be public (a service mobile) is
    written in privacy_allow with the reason, where the reviewer reads it."""
    allowed = {a.text for a in allowances}
    used: set[str] = set()
    spans = [(body, body_line, 1)]
    if title is not None:
        spans.insert(0, (title.text, title.pos.line, title.pos.column))
    for text, line, column in spans:
        for finding in find_personal_data(text, today=today):
            if finding.text in allowed:
                used.add(finding.text)
                continue
            zh_name, en_name = KIND_LABELS[finding.kind]
            suspect = _SUSPECTS.get(finding.kind)
            out.add(
                suspect or "GK503",
                Position(*place(text, finding.start, line, column)),
                field=None,
                zh=f"页面全文公开，其中含{zh_name} “{finding.masked}”（此处遮盖显示）",
                en=f'the page is public in full and contains a {en_name} "{finding.masked}"'
                " (masked here)",
                fix_zh=f"核对这个号码：是身份证号码或个人账号的，去标识化，改为 {finding.masked}；"
                "不是的，在 privacy_allow（允许公开的个人信息）中写明原文和理由"
                if suspect
                else f"去标识化：改为 {finding.masked}；确需公开的（如对外公开的服务号码），"
                "在 privacy_allow（允许公开的个人信息）中写明原文和理由",
                fix_en=f"check the number: if it is an ID number or a person's account, "
                f"de-identify it: write {finding.masked}; if it is not, add the text and the "
                "reason to privacy_allow"
                if suspect
                else f"de-identify it: write {finding.masked}; if it must be public (a "
                "public service number), add the text and the reason to privacy_allow",
                span=len(finding.text),
            )
    public_text = f"{title.text if title else ''}\n{body}"
    for allowance in allowances:
        if allowance.text not in used and allowance.text not in public_text:
            out.add(
                "GK304",
                allowances_pos,
                field="privacy_allow",
                zh=f"{_LABELS['privacy_allow']} 中的 “{allowance.text}” 没有出现在页面的正文"
                "或标题中",
                en=f'privacy_allow text "{allowance.text}" is not in the page',
            )


def read_page(rel_path: str, data: bytes, root: Path, config: Config, *, today: date) -> PageResult:
    """Return the free page that *data* declares, with every diagnostic; *root* is the site's
    folder, where the files its body links to are looked for; *today* the check's day."""
    out = Collector(rel_path)
    text = decode(data, out)
    parts = split(text, out) if text is not None else None
    if parts is None:
        return PageResult(None, tuple(out.found))
    out.lines = parts.lines
    parsed = parse_yaml(parts.front, line_offset=parts.front_line - 1)
    if isinstance(parsed, SyntaxProblem):
        # as an item's: a full-width colon found, and so on
        report_syntax(parsed, parts, out, names=_NAMES)
        return PageResult(None, tuple(out.found))
    for dup in parsed.duplicates:
        out.add(
            "GK006",
            dup.second,
            field=dup.key,
            zh=f"字段 “{dup.key}” 重复：第 {dup.first.line} 行已经写过",
            en=f'duplicate key "{dup.key}": already given on line {dup.first.line}',
        )
    values: dict[str, Scalar] = {}
    nodes: dict[str, Node] = {}
    present: set[str] = set()
    if parsed.root is not None and not isinstance(parsed.root, Map):
        out.add(
            "GK007",
            parsed.root.pos,
            field=None,
            zh="前言应为“字段: 值”的列表",
            en="the front matter must be a list of key: value lines",
        )
        return PageResult(None, tuple(out.found))
    # as an item's (`reader`): a free page had no warning of either
    direction_lines(out, parts.front, parts.front_line)
    direction_lines(out, parts.body, parts.body_line)
    invisible_values(out, parsed.root, parts.lines, labels=_LABELS)
    for entry in parsed.root.entries if parsed.root else ():
        name = entry.key.text
        present.add(name)
        if name in PAGE_OPTIONAL_KEYS:
            nodes[name] = entry.value
        elif name not in PAGE_KEYS:
            zh, en = did_you_mean(name, PAGE_KEYS + PAGE_OPTIONAL_KEYS)
            out.add(
                "GK008",
                entry.key.pos,
                field=name,
                zh=f"页面中的未知字段 “{name}”{zh}",
                en=f'unknown key "{name}" in a page{en}',
                span=len(name),
            )
        elif isinstance(entry.value, Scalar) and entry.value.value is not None:
            values[name] = entry.value
        else:
            out.add(
                "GK010",
                entry.value.pos,
                field=name,
                zh=f"页面的 {_LABELS.get(name, name)} 应为文字",
                en=f"page {name} must be text",
            )
    for name in PAGE_KEYS:
        if name not in present:
            out.add(
                "GK009",
                Position(1, 1),
                field=name,
                zh=f"页面缺少必填字段 {_LABELS.get(name, name)}",
                en=f"page field {name} is missing",
                span=3,
            )
    slug = values["slug"].text.strip() if "slug" in values else ""
    if slug and not _SLUG.fullmatch(slug):
        out.add(
            "GK501",
            values["slug"].pos,
            field="slug",
            zh=f"slug “{slug}” 只能用小写字母、数字和连字符",
            en=f'slug "{slug}" may use only a-z, 0-9 and -',
            span=len(slug),
        )
    for number, line in mark_lines(parts.front.split("\n"), parts.front_line):
        out.add(
            "GK504",
            Position(number, 1),
            field=None,
            zh="页面还是 gkml init 写入的示例（示例市民政局的地址、电话和办理方式）",
            en="the page is still the sample gkml init wrote",
            fix_zh="按本单位的实际情况改写，然后删去这一行",
            fix_en="rewrite it for your bureau, then delete this line",
            span=len(line),
        )
    allow = nodes.get("privacy_allow")
    allowances = read_allowances(out, allow)
    _personal_data(
        out,
        values.get("title"),
        parts.body,
        parts.body_line,
        allowances,
        allow.pos if allow is not None else None,
        today,
    )
    links = local_links(parts.body, parts.body_line, posixpath.dirname(rel_path))
    probed = check_links(out, links, root, rel_path, FREE_PAGES, config)
    check_body(out, parts.body, parts.body_line, posixpath.dirname(rel_path), FREE_PAGES, config)
    if out.has_errors:
        return PageResult(None, tuple(out.found), tuple(probed))
    return PageResult(
        Page(
            rel_path,
            values["title"].text.strip(),
            slug,
            parts.body_line,
            values["slug"].pos,
            allowances,
            links,
        ),
        tuple(out.found),
        tuple(probed),
    )
