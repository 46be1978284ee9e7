"""A SiteDiff as Markdown for a pull request (comment or job summary), or as JSON."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from generator import urls
from generator.diagnostics import Diagnostic
from generator.fields import FIELD_BY_KEY, Disclosure
from generator.sitediff import (
    DisclosureChange,
    ItemRef,
    PolicyRef,
    SiteDiff,
    StatusChange,
    allowed_text,
)
from generator.workdays import working_days_between


@dataclass(frozen=True, slots=True)
class Revisions:
    """What was compared: the base ref and commit, and the head ref and commit (None: work tree)."""

    base_ref: str
    base_commit: str  # the merge base of the base ref's commit and the head
    head_ref: str | None
    head_commit: str | None
    base_tip: str = ""  # the base ref's own commit, when it is not the merge base


# What GitHub's Markdown would read as formatting, a link, HTML or a table's edge in a title
# or a value (`*强调*`, `[链接](…)`, `<!-- … -->` hiding the rest): shown as typed instead.
_MARKUP = re.compile(r"([\\`*\[\]<>|~])")  # `_` inside a word is no emphasis: index_no


def _cell(text: str) -> str:
    return _MARKUP.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))


def _code(text: str) -> str:
    """Return *text* as a code span, its fence longer than any run of backticks in it, on one
    line: a file name with a line break in it ended the span, and what followed was the
    summary's Markdown (a fake "保密审查已完成" heading, a security review)."""
    text = text.replace("\r", " ").replace("\n", " ")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return [_row(header), "| " + " | ".join("---" for _ in header) + " |", *map(_row, rows)]


def _label(key: str) -> str:
    return f"{FIELD_BY_KEY[key].label} {key}"


def _shown(ref: ItemRef, listed: bool) -> str:
    """Return what the public site shows of the new item *ref* (*listed*: a 不予公开 item that
    `rules.list_withheld_items` lists): a reviewer read a new 不予公开 item under 新增 as
    going public."""
    if ref.disclosure.has_public_body:
        return "页面和目录 (its page, listed)"
    if ref.disclosure is Disclosure.ON_REQUEST:
        return "只在目录中列出，无正文 (listed, no page or body)"
    if listed:
        return "只列标题、文号和理由，无正文 (listed with its reason, no page or body)"
    return "不公开，网站上没有 (not published: not on the site)"


def _column(ref: ItemRef) -> str:
    return f"{ref.category_title}（{ref.category}）"


def _where(revisions: Revisions) -> str:
    base = f"{_code(revisions.base_ref)}（{revisions.base_commit[:10]}）"
    if revisions.base_tip and revisions.base_tip != revisions.base_commit:
        base = (
            f"{_code(revisions.base_ref)}（{revisions.base_tip[:10]}）与其共同祖先"
            f"（merge base {revisions.base_commit[:10]}）"
        )
    if revisions.head_ref is None or revisions.head_commit is None:
        head = "工作区 (work tree)"
    else:
        head = f"{_code(revisions.head_ref)}（{revisions.head_commit[:10]}）"
    return f"比较 (comparing) {base} → {head}"


def _added_count(diff: SiteDiff) -> str:
    """Return the count of new items, with how many of them the public does not see."""
    withheld = sum(r.disclosure is Disclosure.WITHHELD for r in diff.added)
    if not withheld:
        return str(len(diff.added))
    return f"{len(diff.added)}（其中不公开 {withheld} of them withheld）"


def _overview(counts: Sequence[tuple[str, int]]) -> str:
    """Return one line naming the kinds of change there are, for a reviewer's first look:
    the table below it has a column for every kind, most of them 0."""
    found = [(label, count) for label, count in counts if count]
    chinese = "，".join(f"{label.split(' ', 1)[0]} {count}" for label, count in found)
    english = ", ".join(f"{label.split(' ', 1)[1]} {count}" for label, count in found)
    return f"**本次改动：{chinese}。** (This change: {english}.)"


def format_markdown(diff: SiteDiff, revisions: Revisions) -> str:
    """Return *diff* as Markdown: a count line, then one section per kind of change."""
    out = ["## 公开目录变化 (what this change does to the public site)", "", _where(revisions), ""]
    if diff.is_empty:
        out.append("没有改变公开目录的内容。(No change to the public catalog.)")
        return "\n".join(out) + "\n"
    counts = [
        ("新增 added", len(diff.added)),
        ("删除 removed", len(diff.removed)),
        ("修改 changed", len(diff.changed)),
        ("效力变化 status", len(diff.status_changes)),
        ("公开属性变化 disclosure", len(diff.disclosure_changes)),
        ("空白栏目 empty columns", len(diff.empty_columns)),
        ("疑似倒签 back-dating", len(diff.backdated)),
        ("发布日期提前 dated earlier", len(diff.redated)),
        ("迁移自旧网站 migrated", len(diff.migrated)),
        ("设置变化 settings", len(diff.settings)),
        ("模板变化 templates", len(diff.templates)),
        ("根目录文件 root files", len(diff.root_files)),
        ("固定页面 pages", len(diff.pages)),
        ("有错误、未比较 not compared", len(diff.unreadable)),
        # A warning leaves the check green: its count stands here, at the top, with the rest.
        ("检查提示 check problems", len(diff.problems)),
    ]
    out += [_overview(counts), ""]
    cells = [_added_count(diff), *(str(c[1]) for c in counts[1:])]
    out += _table([c[0] for c in counts], [cells])
    out += _read_first(diff)
    if diff.unreadable:
        out += [
            "",
            f"### ❌ 有错误、未计入比较的文件 (files with errors, not compared): {len(diff.unreadable)}",
            "",
            "请运行 `uv run gkml check` 查看并改正。(Run `uv run gkml check` to see and fix them.)",
            "",
            *(f"- {_code(path)}" for path in diff.unreadable),
        ]
    if diff.problems:
        out += _problems(diff.problems)
    if diff.withheld_listed:
        out += [
            "",
            f"### ⚠️ 不予公开信息将列入目录 (withheld items become listed): {len(diff.withheld_listed)}",
            "",
            "catalog.yml 的 `rules.list_withheld_items` 为打开：以下不予公开信息是新列入的，或前言有"
            "改动；它们的标题、索引号、文号和不予公开的理由将出现在目录页中，前言的各项（责任部门、"
            "关键词、主题、日期等）将出现在 catalog.json 和 catalog.csv 中（正文和附件仍不公开），"
            "请完成保密审查。",
            "(`rules.list_withheld_items` is on: these withheld items are newly listed, or their "
            "front matter changed. Their titles, index numbers, document numbers and reasons go "
            "public in the listings, and every front-matter field (department, keywords, topics, "
            "dates…) in catalog.json and catalog.csv; their bodies and attachments stay "
            "withheld. Secrecy review needed.)",
            "",
        ]
        out += _table(
            [
                "索引号 index_no",
                "标题 title",
                "文号 doc_no",
                "不予公开理由 reason",
                "栏目 column",
                "文件 file",
            ],
            [
                [
                    w.item.index_no,
                    w.item.title,
                    w.item.doc_no,
                    w.reason,
                    _column(w.item),
                    w.item.path,
                ]
                for w in diff.withheld_listed
            ],
        )
    if diff.backdated:
        out += [
            "",
            f"### ⚠️ 疑似倒签 (possible back-dating): {len(diff.backdated)}",
            "",
            f"以下信息的发布日期比它最早能上网的日期早 {diff.backdate_days} 天以上：最早上网日是首次"
            "提交之日，或本次检查之日（合并后才上网），取较晚者。倒签发布日期是政府网站检查的单项否决项；"
            "请在合并前把发布日期改为真实的上网日期。",
            f"(These items are dated more than {diff.backdate_days} days before the first day "
            "they can be online: the later of the commit that first added them and the day of "
            "this check, as they go online when merged. A back-dated publication date fails the "
            "site inspection outright: before merging, set 发布日期 to the day the item really "
            "goes online.)",
            "",
        ]
        out += _table(
            [
                "索引号 index_no",
                "标题 title",
                "发布日期 published",
                "首次提交 first committed",
                "最早上网 earliest online",
                "相差天数 days",
            ],
            [
                [
                    b.item.index_no,
                    b.item.title,
                    b.item.published.isoformat(),
                    b.added_on.isoformat() + ("" if b.committed else "（未提交 uncommitted）"),
                    diff.online(b).isoformat(),
                    str(b.days),
                ]
                for b in diff.backdated
            ],
        )
    renumbered = [(c.item, f) for c in diff.changed for f in c.fields if f.key == "index_no"]
    if renumbered:
        # 索引号 is unique and never changes (domain.md): a change showed only among the
        # 修改 entries, with nothing to stop a reviewer (an audit).
        out += [
            "",
            f"### ⚠️ 索引号改变 (index numbers changed): {len(renumbered)}",
            "",
            "索引号应当唯一且不变：已上网的信息改号后，读者用原号查不到它，原网址也会失效。"
            "确是改正录入错误的，请在拉取请求的说明中写明依据。",
            "(An index number is unique and never changes: once an item is online, a new one "
            "loses readers who look it up by the old number, and its old address. If it "
            "corrects a slip, give the grounds in the pull request.)",
            "",
        ]
        out += _table(
            ["标题 title", "原索引号 old", "新索引号 new"],
            [[ref.title, f.old, f.new] for ref, f in renumbered],
        )
    if diff.migrated:
        out += [
            "",
            f"### 迁移自旧网站 (moved from the old site): {len(diff.migrated)}",
            "",
            "以下新增信息写有原网址（former_url），发布日期是它在旧网站上的发布日期，早于本次提交，"
            "不作疑似倒签处理。请打开几条原网址，核对标题和发布日期与旧网站一致。",
            "(These new items give their old site's address (former_url): their 发布日期 is "
            "the day they went online there, before this change, and is not taken for "
            "back-dating. Open some of the addresses and check that the title and date match "
            "the old site.)",
            "",
        ]
        out += _table(
            ["索引号 index_no", "标题 title", "发布日期 published", "原网址 former_url"],
            [
                [m.item.index_no, m.item.title, m.item.published.isoformat(), m.former_url]
                for m in diff.migrated
            ],
        )
    if diff.redated:
        out += [
            "",
            f"### ⚠️ 已上网的信息发布日期提前 (items online dated earlier): {len(diff.redated)}",
            "",
            f"以下已经上网的信息，发布日期被改早了 {diff.backdate_days} 天以上。倒签发布日期是政府网站"
            "检查的单项否决项；确是更正笔误的，请在拉取请求的说明中写明依据。",
            f"(These items, online already, are dated more than {diff.backdate_days} days "
            "earlier by the change. A back-dated publication date fails the site inspection "
            "outright; if it corrects a slip, give the grounds in the pull request.)",
            "",
        ]
        out += _table(
            ["索引号 index_no", "标题 title", "原发布日期 old", "新发布日期 new", "提前天数 days"],
            [
                [
                    r.item.index_no,
                    r.item.title,
                    r.old.isoformat(),
                    r.item.published.isoformat(),
                    str(r.days),
                ]
                for r in diff.redated
            ],
        )
    item_header = [
        "索引号 index_no",
        "标题 title",
        "栏目 column",
        "公开属性 disclosure",
        "发布日期 published",
        "文件 file",
    ]

    def item_rows(refs: Sequence[ItemRef]) -> list[list[str]]:
        return [
            [r.index_no, r.title, _column(r), r.disclosure.value, r.published.isoformat(), r.path]
            for r in refs
        ]

    if diff.added:
        listed = {w.item.index_no for w in diff.withheld_listed}
        out += ["", f"### 新增 (added): {len(diff.added)}", ""]
        out += _table(
            [
                *item_header[:2],
                "文号 doc_no",
                "发布机构 issuer",
                *item_header[2:],
                "网站上 on the site",
                "附件 attachments",
                "允许公开的个人信息 personal data allowed",
            ],
            [
                [
                    *row[:2],
                    r.doc_no,
                    r.issuer,
                    *row[2:],
                    _shown(r, r.index_no in listed),
                    "；".join(r.attachments),
                    r.privacy_allow or "—",
                ]
                for r, row in zip(diff.added, item_rows(diff.added), strict=True)
            ],
        )
        out += _interpretations(diff.added)
    if diff.removed:
        out += ["", f"### 删除 (removed): {len(diff.removed)}", ""]
        out += _table(item_header, item_rows(diff.removed))
        out += [
            "",
            "> 已公开的信息一般不删除：失效或被废止的文件应改效力状态并保留。"
            "(Published items are normally kept and marked 失效 or 废止, not deleted.)",
        ]
    if diff.status_changes:
        out += ["", f"### 效力状态变化 (status changes): {len(diff.status_changes)}", ""]
        out += _table(
            [
                "索引号 index_no",
                "标题 title",
                "原状态 old",
                "新状态 new",
                _label("status_date"),
                "废止或修改依据 replaced_by",  # an amendment's too (a lawyer's walk)
            ],
            [
                [
                    s.item.index_no,
                    s.item.title,
                    s.old.value,
                    s.new.value,
                    _status_date(s.status_date, diff.as_of)
                    + ("（网站已按失效显示 shown so already）" if s.already_shown else ""),
                    _replaced_by(s),
                ]
                for s in diff.status_changes
            ],
        )
        for s in diff.status_changes:
            if s.uncorrected_day is None:
                continue
            day, today = s.uncorrected_day.isoformat(), diff.as_of.isoformat()
            out += [
                "",
                f"> ⚠️ {s.item.index_no} 已公开的效力状态改了（{s.old.value} → {s.new.value}），"
                f"更新日期却仍是 {day}：订阅源和列表不会显示这次改动。若这是更正错误（如误废止、"
                f"写错的状态或日期），请加一行 {_code(f'corrected: {today}')}（更正日期）。"
                f"(Its published status changes, but its last-changed day stays {day}: feeds"
                " and listings will not show it. If this corrects a mistake, such as a mistaken"
                f" repeal, add {_code(f'corrected: {today}')}.)",
            ]
        for s in diff.status_changes:
            if s.forgotten is None:
                continue
            day, by = s.forgotten.date.isoformat(), s.forgotten.by
            entry = f"{{date: {day}, by: {json.dumps(by, ensure_ascii=False)}}}"  # quoted YAML
            add = (
                f"请在 amendments 中加上一项 {_code(f'- {entry}')}"
                if s.has_amendments
                else f"请加上 {_code(f'amendments: [{entry}]')}"
            )
            # `by` as typed, as in every cell: it was the summary's Markdown here (a bold
            # "保密审查已完成", a link, an image; a security review)
            out += [
                "",
                f"> ⚠️ {s.item.index_no} 原为 已修改（{day}，依据 {_cell(by)}）：这次修改没有记进 "
                f"amendments（此前修改），网站和 --as-of 目录将不再显示它。{add}。"
                f"(Its amendment of {day} by {_cell(by)} is not kept in amendments: the site and"
                " --as-of snapshots would forget it.)",
            ]
    if diff.disclosure_changes:
        out += ["", f"### 公开属性变化 (disclosure changes): {len(diff.disclosure_changes)}", ""]
        rows = []
        body_changed = {
            c.item.index_no for c in diff.changed if any(f.key == "body" for f in c.fields)
        }
        for d in diff.disclosure_changes:
            if d.becomes_public:
                effect = "正文将公开，请完成保密审查 (body becomes public: secrecy review)"
            elif d.becomes_non_public:
                effect = "正文不再公开，页面网址随之消失 (body no longer public; its page goes)"
            elif d.newly_listed:
                effect = (
                    "正文仍不公开，但标题、索引号、文号和理由将列入目录和 catalog.csv、"
                    "catalog.json，请完成保密审查 (the body stays withheld, but its title, "
                    "index_no, doc_no and reason will be listed, in catalog.csv and catalog.json"
                    " too: secrecy review)"
                )
            elif d.new is Disclosure.PARTIAL and d.item.index_no not in body_changed:
                effect = (
                    "改为部分公开，但正文没有改动：请核对不公开的内容是否已从正文删去 (partly "
                    "disclosed now, but the body did not change: check the withheld parts "
                    "were taken out)"
                )
            else:
                effect = "正文公开与否不变 (body visibility unchanged)"
            if d.referrers:
                named = "、".join(r.index_no for r in d.referrers)
                effect += f"；这些信息的页面将不再提到它 (these pages no longer name it): {named}"
            rows.append([d.item.index_no, d.item.title, d.old.value, d.new.value, effect])
        out += _table(["索引号 index_no", "标题 title", "原 old", "新 new", "影响 effect"], rows)
        for d in diff.disclosure_changes:
            if d.becomes_public:
                out += _released(d)
    if diff.empty_columns:
        out += [
            "",
            f"### 变为空白的栏目 (columns that become empty): {len(diff.empty_columns)}",
            "",
        ]
        out += _table(
            ["栏目 column", "原有信息 before", "说明 note"],
            [
                [
                    f"{c.title}（{c.key}）",
                    "—" if c.old_count is None else str(c.old_count),
                    "新增栏目，没有信息 (new column with no items)"
                    if c.old_count is None
                    else "现在没有公开的信息 (no public items left)",
                ]
                for c in diff.empty_columns
            ],
        )
        out += ["", "> 空白栏目会被政府网站检查扣分。(Inspectors flag empty columns.)"]
    if diff.settings:
        out += ["", f"### 设置变化 (catalog.yml changes): {len(diff.settings)}", ""]
        out += [
            "设置改变它所显示的每个页面（栏目名称、网站名称）或列出的内容。"
            "(A setting changes every page that shows it, or what is listed.)",
            "",
        ]
        out += _table(
            ["设置 setting", "原值 old", "新值 new"],
            [[f"{c.label} {c.key}".strip(), c.old, c.new] for c in diff.settings],
        )
        if any(c.key == "site.base_url" for c in diff.settings):
            out += [
                "",
                "> 网址 `site.base_url` 改变：订阅、站点地图、规范链接和每页的二维码都指向新网址，"
                "旧网址的书签和链接需要转向。(The site's address changes: feeds, the sitemap, "
                "canonical links and every page's QR code point to the new one.)",
            ]
    if diff.columns_gone:
        out += [
            "",
            f"### 将消失的栏目网址 (column addresses that go): {len(diff.columns_gone)}",
            "",
            "以下栏目页（及其分页、繁體版 zh-hant/ 下的同名页面）和栏目订阅的网址不再存在，"
            "书签、订阅和其他网站的链接会失效。"
            "(These column pages, with their further pages and their 繁體 copies under zh-hant/,"
            " and the columns' feeds go: bookmarks, subscriptions and links from elsewhere"
            " break.)",
            "",
            *(
                f"- {_cell(title)}（{_cell(key)}）：{_code(f'{urls.category_base(key)}/index.html')}"
                f"，订阅 feed {_code(urls.category_feed(key))}"
                for key, title in diff.columns_gone
            ),
        ]
    if diff.pages:
        out += [
            "",
            f"### 固定页面变化 (free pages of content/pages/): {len(diff.pages)}",
            "",
            "公开指南、公开制度等页面的全文公开，请打开文件核对（含联系方式等个人信息）。"
            "(These pages are public in full: open the files to review them.)",
            "",
        ]
        out += _table(
            [
                "文件 file",
                "标题 title",
                "变化 change",
                "新放行的个人信息 newly allowed personal data",
            ],
            [
                [p.path, p.title, _CHANGE_NAMES[p.change], allowed_text(p.allowed) or "—"]
                for p in diff.pages
            ],
        )
    if diff.templates:
        out += [
            "",
            f"### 模板变化 (templates/ changes): {len(diff.templates)}",
            "",
            "网站的页面外观或内容可能全部改变，请在预览中查看。"
            "(Every page may look different: check the preview.)",
            "",
        ]
        out += _table(
            ["文件 file", "变化 change"],
            [[f"templates/{t.path}", _CHANGE_NAMES[t.change]] for t in diff.templates],
        )
    if diff.root_files:
        out += [
            "",
            f"### 网站根目录的文件 (content/static/ changes): {len(diff.root_files)}",
            "",
            "这些文件原样发布在网站根目录，没有信息或页面显示它们：请确认每个都可以公开。"
            "(Published as they are at the site's root, shown by no item or page: check that"
            " each may be public.)",
            "",
        ]
        out += _table(
            ["发布为 published as", "变化 change"],
            [[_cell(f.path), _CHANGE_NAMES[f.change]] for f in diff.root_files],
        )
    if diff.changed:
        out += ["", f"### 修改 (changed): {len(diff.changed)}"]
        for change in diff.changed:
            ref = change.item
            out += ["", f"#### {_cell(ref.index_no)} {_cell(ref.title)}", ""]
            if change.old_path != ref.path:
                out += [f"文件 (file): {_code(change.old_path)} → {_code(ref.path)}", ""]
            else:
                out += [f"文件 (file): {_code(ref.path)}", ""]
            if change.moved_page:
                old_page, new_page = change.moved_page
                out += [
                    f"页面网址改变，旧网址的书签和链接将失效 (the page moves; links to the old "
                    f"address break): {_code(old_page)} → {_code(new_page)}",
                    "",
                ]
            out += _table(
                ["字段 field", "原值 old", "新值 new"],
                [[f"{f.label} {f.key}", f.old, f.new] for f in change.fields],
            )
            for f in change.fields:
                if f.detail:
                    out += _folded("正文的改动 (what changed in the body)", f.detail, "diff")
    return _within("\n".join(out) + "\n", SUMMARY_MOST)


# GitHub takes a job summary of 1 MiB at most, and shows none of a larger one (a reviewer's
# walk: 53 long items made 1.1 MB): the summary keeps under this, with room for the check's.
SUMMARY_MOST = 800_000
# A block `_folded` made: closed by its own fence, then </details>. Not the first
# "</details>" line after it, which may be in the body it shows: the cut left the rest of
# that body as the summary's Markdown (a fake review heading, a security review).
_FOLDED = re.compile(
    r"\n<details>\n<summary>.*?\n(`{3,})[^`\n]*\n.*?\n\1\n\n</details>\n", re.DOTALL
)
# A body that becomes public by a disclosure change is in no line of "Files changed" (only its
# disclosure: line changed): the note names `gkml diff`, which shows it whole (a review).
_CUT_NOTE = (
    "\n（内容太长，未在此显示：请在本机运行 gkml diff，或在“Files changed”中查看 too long to"
    " show here: run gkml diff on your computer, or see Files changed）\n"
)


def _within(text: str, most: int) -> str:
    """Return *text* in at most *most* bytes: its folded blocks (bodies, their changes) are
    left out from the last one up, each with a note, so the counts and the ⚠️ sections above
    them stay whole; text still too long is cut at a line, with the note."""
    if len(text.encode()) <= most:
        return text
    blocks = list(_FOLDED.finditer(text))
    size = len(text.encode())
    for block in reversed(blocks):
        size -= len(block.group().encode()) - len(_CUT_NOTE.encode())
        text = text[: block.start()] + _CUT_NOTE + text[block.end() :]
        if size <= most:
            return text
    cut = text.encode()[: most - len(_CUT_NOTE.encode())].decode("utf-8", "ignore")
    return cut[: cut.rfind("\n") + 1] + _CUT_NOTE


_CHANGE_NAMES = {"added": "新增 added", "removed": "删除 removed", "changed": "修改 changed"}
_PROBLEMS_SHOWN = 50  # lines of check problems in the summary; the rest are counted


def _read_first(diff: SiteDiff) -> list[str]:
    """Return, one line each, what the secrecy review and the public's view turn on: bodies
    that go public, new 不予公开 items with their reason, withheld items newly listed, and
    changes of status. A newcomer's walk: with eight new items, a body made public came
    third, below a wide table, and a new 不予公开 item's legal basis was nowhere."""
    lines: list[str] = []
    for d in diff.disclosure_changes:
        if d.becomes_public:
            lines.append(
                f"- ⚠️ **正文将公开 (a body goes public)**：{_cell(d.item.index_no)} "
                f"{_cell(d.item.title)}（{d.old.value} → {d.new.value}）：请完成保密审查，全文见下方"
                " “将公开的正文” (secrecy review: the full text is below)"
            )
    for ref in diff.added:
        if ref.disclosure is Disclosure.WITHHELD:
            reason = f"“{_cell(ref.reason)}”" if ref.reason else "（未写 none given）"
            lines.append(
                f"- 🔒 **新增不予公开 (new, withheld)**：{_cell(ref.index_no)} {_cell(ref.title)}"
                f"；请核对理由的法律依据 (check its reason's legal basis)：{reason}"
            )
    if diff.withheld_listed:
        lines.append(
            f"- ⚠️ **不予公开信息将列入目录 (withheld items become listed)**："
            f"{len(diff.withheld_listed)} 条，标题、文号和理由将公开，见下方同名一节 (their titles,"
            " document numbers and reasons go public: see the section below)"
        )
    for s in diff.status_changes:
        day = _status_date(s.status_date, diff.as_of)
        by = _cell(_replaced_by(s))
        lines.append(
            f"- **效力变化 (status)**：{_cell(s.item.index_no)} {_cell(s.item.title)}："
            f"{s.old.value} → {s.new.value}"
            + (f"，{day}" if day else "")
            + (f"，依据 (by) {by}" if by else "")
        )
    if not lines:
        return []
    return ["", "### 先看 (read first): 保密审查与效力变化 (secrecy review and status)", "", *lines]


def _problems(problems: Sequence[Diagnostic]) -> list[str]:
    """Return what `gkml check` says of the changed files: a pull request with warnings only
    (a dead link, personal data in a page, a body still the stand-in text) was green, and its
    annotations lay scattered over "Files changed"."""
    errors = sum(d.severity == "error" for d in problems)
    warnings = len(problems) - errors
    lines = [
        "",
        f"### 检查提示 (what gkml check says of the changed files): {len(problems)}",
        "",
        f"错误 {errors} 个、警告 {warnings} 个；错误须改正，警告请逐条确认。"
        f"({errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}:"
        " fix the errors, confirm each warning.)",
        "",
    ]
    lines += _table(
        ["位置 where", "代码 code", "说明 message"],
        [
            [
                f"{d.file}:{d.line}",
                f"{'错误 error' if d.severity == 'error' else '警告 warning'} {d.code}",
                f"{d.message_zh} ({d.message_en})",
            ]
            for d in problems[:_PROBLEMS_SHOWN]
        ],
    )
    if len(problems) > _PROBLEMS_SHOWN:
        more = len(problems) - _PROBLEMS_SHOWN
        lines += ["", f"……另有 {more} 条，运行 `uv run gkml check` 查看。({more} more.)"]
    return lines


def _status_date(day: date | None, as_of: date) -> str:
    """Return *day*, marked when it is still to come: the public sees the old status until."""
    if day is None:
        return ""
    return day.isoformat() + ("（尚未生效 not yet in effect）" if day > as_of else "")


def _replaced_by(change: StatusChange) -> str:
    """Return what replaces or amends the item: its index number and title, so a reviewer can
    tell whether the right document is named."""
    if not change.replaced_by or change.replaced_by_title is None:
        return change.replaced_by or ""  # none, or a document outside the catalog: 《title》
    return f"{change.replaced_by} {change.replaced_by_title}"


def _released(change: DisclosureChange) -> list[str]:
    """Return the body (and attachments) that *change* makes public, folded: when only the
    front matter changed, no line of the pull request shows them to the secrecy reviewer."""
    attachments = "、".join(_cell(a) for a in change.item.attachments) or "无 (none)"
    # The summary line is HTML, not Markdown: the title is escaped as HTML there.
    return _folded(
        f"将公开的正文 (the body that becomes public): {html.escape(change.item.index_no)} "
        f"{html.escape(change.item.title)}",
        change.body,
        "text",
        f"附件 (attachments): {attachments}",
    )


def _folded(summary: str, text: str, language: str, note: str = "") -> list[str]:
    """Return *text* in a code block folded under *summary* (GitHub's <details>), its fence
    longer than any run of backticks in it."""
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [
        "",
        "<details>",
        f"<summary>{summary}</summary>",
        "",
        *([note, ""] if note else []),
        fence + language,
        text,
        fence,
        "",
        "</details>",
    ]


def _ref_json(ref: ItemRef) -> dict[str, object]:
    policy = ref.policy
    return {
        "index_no": ref.index_no,
        "title": ref.title,
        "path": ref.path,
        "category": ref.category,
        "category_title": ref.category_title,
        "disclosure": ref.disclosure.value,
        "status": ref.status.value,
        "published": ref.published.isoformat(),
        "doc_no": ref.doc_no,
        "issuer": ref.issuer,
        "attachments": list(ref.attachments),
        "privacy_allow": ref.privacy_allow,
        "reason": ref.reason,
        # a new interpretation's policy, with its 发布日期 to compare
        **(
            {
                "interprets": {
                    "index_no": policy.index_no,
                    "title": policy.title,
                    "published": _day(policy.published),
                    **dataclasses.asdict(_gap(ref, policy)),
                    "within": policy.within,
                }
            }
            if policy
            else {}
        ),
    }


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def format_json(diff: SiteDiff, revisions: Revisions) -> str:
    """Return *diff* as one JSON object."""
    data = {
        "base": {
            "ref": revisions.base_ref,
            "commit": revisions.base_commit,
            "tip": revisions.base_tip or revisions.base_commit,
        },
        "head": {"ref": revisions.head_ref, "commit": revisions.head_commit},
        "as_of": diff.as_of.isoformat(),
        "backdate_days": diff.backdate_days,
        "added": [_ref_json(r) for r in diff.added],
        "removed": [_ref_json(r) for r in diff.removed],
        "changed": [
            {
                **_ref_json(c.item),
                "old_path": c.old_path,
                "moved_page": list(c.moved_page) if c.moved_page else None,
                "fields": [
                    {
                        "field": f.key,
                        "label": f.label,
                        "old": f.old,
                        "new": f.new,
                        **({"detail": f.detail} if f.detail else {}),
                    }
                    for f in c.fields
                ],
            }
            for c in diff.changed
        ],
        "status_changes": [
            {
                **_ref_json(s.item),
                "old": s.old.value,
                "new": s.new.value,
                "status_date": _day(s.status_date),
                "replaced_by": s.replaced_by,
                "replaced_by_title": s.replaced_by_title,
                "uncorrected_day": _day(s.uncorrected_day),
            }
            for s in diff.status_changes
        ],
        "disclosure_changes": [
            {
                **_ref_json(d.item),
                "old": d.old.value,
                "new": d.new.value,
                "becomes_public": d.becomes_public,
                "becomes_non_public": d.becomes_non_public,
                "body": d.body if d.becomes_public else None,
                "referrers": [r.index_no for r in d.referrers],
            }
            for d in diff.disclosure_changes
        ],
        "empty_columns": [
            {"key": c.key, "title": c.title, "old_count": c.old_count} for c in diff.empty_columns
        ],
        "backdated": [
            {
                **_ref_json(b.item),
                "first_committed": b.added_on.isoformat(),
                "committed": b.committed,
                "earliest_online": diff.online(b).isoformat(),
                "days": b.days,
            }
            for b in diff.backdated
        ],
        "redated": [
            {**_ref_json(r.item), "old_published": r.old.isoformat(), "days": r.days}
            for r in diff.redated
        ],
        "migrated": [
            {**_ref_json(m.item), "former_url": m.former_url, "days": m.days} for m in diff.migrated
        ],
        "unreadable": list(diff.unreadable),
        "settings": [
            {"key": c.key, "label": c.label, "old": c.old, "new": c.new} for c in diff.settings
        ],
        "templates": [{"path": t.path, "change": t.change} for t in diff.templates],
        "root_files": [{"path": f.path, "change": f.change} for f in diff.root_files],
        "withheld_listed": [
            {**_ref_json(w.item), "reason": w.reason} for w in diff.withheld_listed
        ],
        "pages": [
            {
                "path": p.path,
                "title": p.title,
                "change": p.change,
                "allowed": [{"text": a.text, "why": a.why} for a in p.allowed],
            }
            for p in diff.pages
        ],
        "problems": [
            {
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "severity": d.severity,
                "code": d.code,
                "message_zh": d.message_zh,
                "message_en": d.message_en,
            }
            for d in diff.problems
        ],
        "columns_gone": [{"key": key, "title": title} for key, title in diff.columns_gone],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


@dataclass(frozen=True, slots=True)
class _Gap:
    """How long after its policy a new interpretation comes: the Markdown table's column and
    the JSON's fields (a re-walk: a CI script could not see what the table marks)."""

    working_days: int | None  # None: no such policy on the site, or the interpretation first
    estimated: bool  # a year the holiday calendar does not cover: Monday to Friday
    late: bool  # past catalog.yml's rules.interpretation_within_working_days
    before_policy_days: int | None  # calendar days it comes before its policy


def _gap(ref: ItemRef, policy: PolicyRef) -> _Gap:
    """Return how long after *policy* the new interpretation *ref* comes."""
    if policy.published is None:
        return _Gap(None, False, False, None)
    if policy.published > ref.published:
        return _Gap(None, False, False, (policy.published - ref.published).days)
    count = working_days_between(policy.published, ref.published)
    return _Gap(count.days, count.estimated, count.days > policy.within, None)


def _interpretations(added: Sequence[ItemRef]) -> list[str]:
    """Return the table of the new interpretations beside their policies' 发布日期: what the
    reviewer compares (policy-interpretation.md: published with the policy; later than 3
    working days, `gkml report timeliness` lists it)."""
    rows: list[list[str]] = []
    for r in added:
        policy = r.policy
        if policy is None:
            continue
        if policy.published is None:
            rows.append(
                [
                    r.index_no,
                    r.published.isoformat(),
                    policy.index_no,
                    "本站没有此文件 (not on the site)",
                    "—",
                    "—",
                ]
            )
            continue
        gap = _gap(r, policy)
        if gap.before_policy_days is not None:
            apart = f"⚠️ 解读早于政策 {gap.before_policy_days} 天 (before its policy)"
        else:
            late = " ⚠️" if gap.late else ""
            apart = f"{gap.working_days}{'（估算 estimated）' if gap.estimated else ''}{late}"
        rows.append(
            [
                r.index_no,
                r.published.isoformat(),
                policy.index_no,
                policy.title,
                policy.published.isoformat(),
                apart,
            ]
        )
    if not rows:
        return []
    within = next(r.policy.within for r in added if r.policy is not None)
    return [
        "",
        f"#### 新增解读与所解读的政策 (new interpretations and their policies): {len(rows)}",
        "",
        *_table(
            [
                "解读索引号 interpretation",
                "解读发布日期 published",
                "政策索引号 policy",
                "政策标题 policy title",
                "政策发布日期 policy published",
                "相隔工作日 working days after",
            ],
            rows,
        ),
        "",
        f"> 解读应与政策文件同步发布；相隔超过 {within} 个工作日标 ⚠️。"
        f"(An interpretation comes out with its policy; more than {within} working days apart"
        " is marked ⚠️.)",
    ]
