"""catalog.yml: site settings, issuers, the catalog tree, topics and rules, as a frozen Config."""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from generator import options, urls
from generator.contentscan import is_hidden, leads_to
from generator.diagnostics import Collector, Diagnostic, unreadable_reason
from generator.frontmatter import file_lines, not_utf8
from generator.invisible import direction_lines, invisible_values
from generator.options import SEARCH_ENGINES, TRADITIONAL_CONFIGS
from generator.stamp import CONFIG_FILE
from generator.starter import mark_lines
from generator.suggestion import did_you_mean
from generator.yamlnodes import (
    Entry,
    Map,
    Node,
    Position,
    Scalar,
    Seq,
    SyntaxProblem,
    parse_yaml,
)

if TYPE_CHECKING:
    from generator.edition import Conversion


@dataclass(frozen=True, slots=True)
class Contact:
    address: str = ""
    postcode: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    hours: str = ""
    complaint: str = ""  # 投诉举报: the footer's report-abuse line (domain.md, a real portal's)


@dataclass(frozen=True, slots=True)
class FooterLink:
    """A link of the footer besides gkml's own (`site.footer_links`): another site's page."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class SiteSettings:
    title: str
    organization: str
    base_url: str | None
    language: str
    contact: Contact
    site_code: str
    icp: str
    police_record: str
    traditional: str | None = "s2t"  # the OpenCC configuration of the 繁體 edition, or None
    search: str = "gkml"  # the search page's engine over http: one of `SEARCH_ENGINES`
    # A simplified phrase → how the 繁體 edition prints it, where OpenCC gets it wrong.
    traditional_fixes: tuple[tuple[str, str], ...] = ()
    footer_links: tuple[FooterLink, ...] = ()  # the footer's other links, in order
    # The header's logo: a file of the site's templates/assets/ (`site.logo`), or ""
    logo: str = ""

    @property
    def logo_path(self) -> str:
        """Return the logo's path in the site (assets/…), or "" when there is none."""
        return f"assets/{self.logo}" if self.logo else ""

    def conversion(self) -> Conversion | None:
        """Return how the 繁體 edition is converted, or None when there is none."""
        from generator.edition import Conversion  # here: OpenCC only where pages are made

        if self.traditional is None:
            return None
        return Conversion(self.traditional, self.traditional_fixes)


@dataclass(frozen=True, slots=True)
class IndexMatch:
    year: int | None
    serial: int


@dataclass(frozen=True, slots=True)
class Issuer:
    name: str
    code: str
    index_pattern: str
    regex: re.Pattern[str] = field(compare=False, repr=False)
    # Patterns used before index_pattern (`former_patterns`): published numbers never change.
    former: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)

    def index_for(self, year: int, serial: int) -> str:
        """Return the index number of *serial* in *year* for this issuer."""
        return self.index_pattern.format(code=self.code, year=year, serial=serial)

    def match(self, index_no: str) -> IndexMatch | None:
        """Return the year and serial of *index_no*, or None when it is not this issuer's."""
        m = self.regex.fullmatch(index_no)
        for regex in self.former:
            if m is not None:
                break
            m = regex.fullmatch(index_no)
        if m is None:
            return None
        year = m.groupdict().get("year")
        return IndexMatch(int(year) if year else None, int(m.group("serial")))

    @property
    def has_year(self) -> bool:
        return "year" in self.regex.groupindex


class ColumnKind(StrEnum):
    """How the 2019 inspection indicators judge a column's freshness."""

    DYNAMIC = "dynamic"  # 动态、要闻类: idle for 2 weeks counts against the site
    POLICY = "policy"  # 通知公告、政策文件类: idle for 6 months counts against the site


# Accepted spellings of a column kind, beside the English value itself.
COLUMN_KIND_ALIASES: dict[str, ColumnKind] = {
    "动态": ColumnKind.DYNAMIC,
    "动态类": ColumnKind.DYNAMIC,
    "政策": ColumnKind.POLICY,
    "政策类": ColumnKind.POLICY,  # as the inspection indicators name them (a county walk)
}


@dataclass(frozen=True, slots=True)
class CatalogNode:
    key: str
    title: str
    children: tuple[CatalogNode, ...]
    update_every_days: int | None
    parent: str | None
    kind: ColumnKind | None = None
    publish_within_working_days: int | None = None  # None: the parent's, else the site rule

    def walk(self) -> Iterator[CatalogNode]:
        """Yield this node and its descendants, in tree order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Rules:
    publish_within_working_days: int = 20
    list_withheld_items: bool = False
    interpretation_within_working_days: int = 3  # after the policy it explains


@dataclass(frozen=True, slots=True)
class ReportRow:
    """Which items count in one row of the annual report's table 二: by column or by genre."""

    categories: tuple[str, ...] = ()  # catalog keys; their descendants count too
    genres: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AnnualReportRules:
    regulations: ReportRow = ReportRow()  # 规章
    normative_documents: ReportRow = ReportRow()  # 行政规范性文件
    # 现行有效件数 as printed in earlier reports: year → (规章, 行政规范性文件)
    reported: Mapping[int, tuple[int | None, int | None]] = field(
        default_factory=lambda: MappingProxyType({})
    )


@dataclass(frozen=True, slots=True)
class Config:
    site: SiteSettings
    issuers: tuple[Issuer, ...]
    catalog: tuple[CatalogNode, ...]
    topics: tuple[str, ...]
    rules: Rules
    nodes: Mapping[str, CatalogNode]
    issuer_by_name: Mapping[str, Issuer]
    annual_report: AnnualReportRules = AnnualReportRules()


@dataclass(frozen=True, slots=True)
class ConfigResult:
    config: Config | None
    diagnostics: tuple[Diagnostic, ...]


# The names accepted under each setting come from the declaration in generator/options.py, which
# the handbook's catalog.yml reference is generated from: a setting read here is documented there.
_SITE_KEYS = options.keys("site")
_CONTACT_KEYS = options.keys("site.contact")
_ISSUER_KEYS = options.keys("issuers[]")
_NODE_KEYS = options.keys("catalog[]")
_RULE_KEYS = options.keys("rules")
_TOP_KEYS = options.keys("")
_ANNUAL_KEYS = options.keys("annual_report")
_ANNUAL_ROW_KEYS = options.keys("annual_report.regulations")
_REPORTED_KEYS = options.keys("annual_report.reported.<年份>")
_KEY_SHAPE = re.compile(r"[a-z0-9][a-z0-9_-]*")


class _Reader:
    """Reads catalog.yml's node tree, collecting every problem."""

    def __init__(self, out: Collector) -> None:
        self.out = out

    def mapping(
        self,
        node: Node | None,
        path: str,
        known: tuple[str, ...],
        required: tuple[str, ...] = (),
        *,
        at: Position | None = None,
    ) -> dict[str, Node] | None:
        if node is None or (isinstance(node, Scalar) and node.value is None):
            if required:
                self.missing(path, required[0], at)
            return None
        if not isinstance(node, Map):
            self.wrong(node, path, "一组“名称: 值”的设置", "a mapping")
            return None
        found: dict[str, Node] = {}
        for entry in node.entries:
            name = entry.key.text
            if name not in known:
                zh, en = did_you_mean(name, known)
                self.out.add(
                    "GK403",
                    entry.key.pos,
                    field=_join(path, name),
                    zh=f"未知设置 “{_join(path, name)}”{zh}",
                    en=f'unknown setting "{_join(path, name)}"{en}',
                    span=len(name),
                )
            elif name not in found:
                found[name] = entry.value
        for name in required:
            if name not in found:
                self.missing(path, name, node.pos)
        return found

    def missing(self, path: str, name: str, at: Position | None) -> None:
        full = _join(path, name)
        self.out.add(
            "GK404",
            at,
            field=full,
            zh=f"缺少必填设置 “{full}”",
            en=f'required setting "{full}" is missing',
        )

    def wrong(self, node: Node, path: str, zh: str, en: str) -> None:
        self.out.add(
            "GK405", node.pos, field=path, zh=f"“{path}” 应为{zh}", en=f'"{path}" must be {en}'
        )

    def text(self, node: Node | None, path: str) -> str | None:
        if node is None:
            return None
        if isinstance(node, Scalar) and node.value is None:
            return None
        if isinstance(node, Scalar) and not isinstance(node.value, bool):
            return node.text.strip()
        self.wrong(node, path, "文字", "text")
        return None

    def integer(self, node: Node | None, path: str, *, least: int = 1) -> int | None:
        """Return the whole number at *node*, at least *least* (1, or 0 where none is a rule:
        publishing the same working day, an audit)."""
        if node is None:
            return None
        if (
            isinstance(node, Scalar)
            and isinstance(node.value, int)
            and not isinstance(node.value, bool)
            and node.value >= least
        ):
            return node.value
        if least == 0:
            self.wrong(node, path, " 0 或正整数", "0 or a positive whole number")
        else:
            self.wrong(node, path, "正整数", "a positive whole number")
        return None

    def boolean(self, node: Node | None, path: str) -> bool | None:
        if node is None:
            return None
        if isinstance(node, Scalar) and isinstance(node.value, bool):
            return node.value
        self.wrong(node, path, " true 或 false", "true or false")
        return None

    def sequence(self, node: Node | None, path: str) -> tuple[Node, ...]:
        if node is None or (isinstance(node, Scalar) and node.value is None):
            return ()
        if isinstance(node, Seq):
            return node.items
        self.wrong(node, path, "列表", "a list")
        return ()


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def compile_pattern(pattern: str, code: str) -> re.Pattern[str] | tuple[str, str]:
    """Return the regex that matches index numbers made by *pattern*, or why it cannot (in
    Chinese and English).

    Placeholders: {code}, {year} and {serial} (with an optional zero-padded width such as
    {serial:05d}); {serial} is required, since only it makes numbers unique.
    """
    parts: list[str] = []
    fields: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        return f"括号不成对 ({exc})", f"unbalanced braces ({exc})"
    for literal, name, spec, conversion in parsed:
        parts.append(re.escape(literal))
        if name is None:
            continue
        if conversion:
            return (
                f"占位符 {{{name}}} 不能带 !{conversion}",
                f"{{{name}}} cannot take !{conversion}",
            )
        if name in fields:
            return f"占位符 {{{name}}} 出现了两次", f"{{{name}}} is there twice"
        fields.add(name)
        if name == "code":
            if spec:
                return "{code} 不能带格式", "{code} takes no format"
            parts.append(re.escape(code))
        elif name == "year":
            if spec not in ("", "d", "04d"):
                return (
                    f"{{year:{spec}}} 的格式不对，应为 {{year}}",
                    f"{{year:{spec}}}: write {{year}}",
                )
            parts.append(r"(?P<year>\d{4})")
        elif name == "serial":
            width = re.fullmatch(r"0(\d{1,2})d", spec or "")
            if width:
                parts.append(rf"(?P<serial>\d{{{int(width.group(1))}}})")
            elif spec in ("", "d"):
                parts.append(r"(?P<serial>\d+)")
            else:
                return (
                    f"{{serial:{spec}}} 的格式不对，应为 {{serial:05d}} 这样的补零宽度",
                    f"{{serial:{spec}}}: write a zero-padded width such as {{serial:05d}}",
                )
        else:
            return (
                f"未知占位符 {{{name}}}，只能用 {{code}}、{{year}}、{{serial}}",
                f"unknown placeholder {{{name}}}: only {{code}}, {{year}} and {{serial}}",
            )
    if "serial" not in fields:
        return "缺少 {serial}（流水号）", "{serial} (the serial number) is missing"
    regex = re.compile("".join(parts))
    sample = pattern.format(code=code, year=2024, serial=1)
    if not regex.fullmatch(sample):  # pragma: no cover - defensive: the round trip must hold
        return "生成的索引号无法被识别", "the numbers it makes are not recognised"
    return regex


def _linked_elsewhere(site_root: Path, path: Path) -> str | None:
    """Return where catalog.yml (*path*) leads when it is a symbolic link out of the site's
    folder, or to a hidden file in it (.git/config), else None: its lines were quoted in the
    check's messages (a security review)."""
    real = leads_to(path)
    if real is None:
        return None
    top = site_root.resolve()
    if real.is_relative_to(top):
        inside = real.relative_to(top).as_posix()
        return inside if is_hidden(inside) else None
    return str(real)


def load_config(site_root: Path) -> ConfigResult:
    """Return the Config of the site at *site_root*, or every problem with catalog.yml."""
    path = site_root / CONFIG_FILE
    data = b""
    elsewhere = _linked_elsewhere(site_root, path)
    if elsewhere is not None:
        out = Collector(CONFIG_FILE)
        out.add(
            "GK401",
            None,
            field=None,
            zh=f"无法读取 {site_root} 中的 catalog.yml：它是指向网站文件夹之外或隐藏文件"
            f"（{elsewhere}）的符号链接，gkml 不读取它",
            en=f"cannot read catalog.yml in {site_root}: it is a symbolic link to {elsewhere},"
            " outside the site's folder or hidden, which gkml does not read",
            fix_zh="catalog.yml 应是网站根目录下的一个文本文件",
            fix_en="catalog.yml must be a text file in the site's folder",
        )
        return ConfigResult(None, tuple(out.found))
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
    except FileNotFoundError:
        out = Collector(CONFIG_FILE)
        out.add(
            "GK401",
            None,
            field=None,
            zh=f"在 {site_root} 找不到 catalog.yml",
            en=f"catalog.yml not found in {site_root}",
        )
        return ConfigResult(None, tuple(out.found))
    except OSError as exc:  # a folder by that name, no permission
        out = Collector(CONFIG_FILE)
        why_zh, why_en = unreadable_reason(exc)
        out.add(
            "GK401",
            None,
            field=None,
            zh=f"无法读取 {site_root} 中的 catalog.yml：{why_zh}",
            en=f"cannot read catalog.yml in {site_root}: {why_en}",
            fix_zh="catalog.yml 应是网站根目录下的一个文本文件",
            fix_en="catalog.yml must be a text file in the site's folder",
        )
        return ConfigResult(None, tuple(out.found))
    except UnicodeDecodeError as exc:
        # As an item's GK001: where, what it looks like, and the command (an editor's walk:
        # catalog.yml's message had none of them).
        bad = not_utf8(data, exc)
        source = bad.source
        out = Collector(CONFIG_FILE)
        out.add(
            "GK402",
            bad.pos,
            field=None,
            zh=f"catalog.yml 不是 UTF-8 编码{bad.looks_zh}（第 {bad.pos.line} 行第一个无法识别的字节）",
            en=f"catalog.yml is not UTF-8{bad.looks_en} (first bad byte on line {bad.pos.line})",
            fix_zh="用记事本或 WPS 打开，“另存为”时编码选 UTF-8；或运行 "
            f"iconv -f {source} -t UTF-8 catalog.yml > catalog-utf8.yml，再把它改名为 catalog.yml",
            fix_en=f"save it as UTF-8, e.g. iconv -f {source} -t UTF-8 catalog.yml > "
            "catalog-utf8.yml, then rename that to catalog.yml",
        )
        return ConfigResult(None, tuple(out.found))
    lines = file_lines(text)
    out = Collector(CONFIG_FILE, lines)
    parsed = parse_yaml(text)
    if isinstance(parsed, SyntaxProblem):
        colon = None if parsed.hint_zh else _full_width_colon(lines, parsed.pos.line)
        row = lines[parsed.pos.line - 1] if 0 < parsed.pos.line <= len(lines) else ""
        tab = colon is None and not parsed.hint_zh and "\t" in row  # said in English alone
        out.add(
            "GK402",
            parsed.pos if colon is None else colon,
            field=parsed.field,
            zh=f"catalog.yml 语法错误{parsed.hint_zh}"
            + ("；键后用了全角冒号“：”，应为半角冒号加空格“: ”" if colon else "")
            + ("；缩进中有制表符（Tab），请改用空格" if tab else ""),
            en=f"catalog.yml syntax error: {parsed.problem}"
            + ('; a key is followed by a full-width colon "：": write ": "' if colon else "")
            + ("; a tab in the indentation: use spaces" if tab else ""),
            fix_zh=parsed.fix[0],
            fix_en=parsed.fix[1],
        )
        return ConfigResult(None, tuple(out.found))
    # as in a front matter's (`invisible`): a column's or the site's title is on every page
    direction_lines(out, text, 1)
    invisible_values(out, parsed.root, lines)
    for number, line in mark_lines(lines):
        out.add(
            "GK411",
            Position(number, 1),
            field=None,
            zh="catalog.yml 还是 gkml init 写入的示例设置（示例市民政局的网址、备案号、发布机构和栏目）",
            en="catalog.yml still holds the sample settings gkml init wrote",
            fix_zh="逐项改成本单位的，然后删去这一行",
            fix_en="make every value your bureau's own, then delete this line",
            span=len(line),
        )
    for dup in parsed.duplicates:
        out.add(
            "GK409",
            dup.second,
            field=dup.key,
            zh=f"设置 “{dup.key}” 重复（第 {dup.first.line} 行已有）",
            en=f'duplicate key "{dup.key}" (first on line {dup.first.line})',
            fix_zh=f"删除重复的这一项（连同它下面缩进的各行），或把它们并入第 {dup.first.line} 行的"
            f" {dup.key.rsplit('.', 1)[-1]}",
            fix_en=f"delete this one with the indented lines under it, or merge them into the "
            f"one on line {dup.first.line}",
            span=len(dup.key),
        )
    config = _build(_Reader(out), parsed.root)
    if out.has_errors:
        return ConfigResult(None, tuple(out.found))
    return ConfigResult(config, tuple(out.found))


def _build(r: _Reader, root: Node | None) -> Config | None:
    top = r.mapping(root, "", _TOP_KEYS, options.required_keys(""), at=Position(1, 1))
    if top is None:
        return None
    site = _site(r, top.get("site"))
    issuers = _issuers(r, top.get("issuers"))
    catalog = tuple(_nodes(r, top.get("catalog"), "catalog", None, set()))
    given = top.get("catalog")
    if not catalog and given is not None and not r.out.has_errors:
        # `catalog: []` was accepted, and every item then failed with "可以用的有：" and no
        # column named (an audit)
        r.out.add(
            "GK404",
            given.pos,
            field="catalog",
            zh="catalog 中没有任何栏目：每条信息都要归入一个栏目",
            en="catalog has no column: every item goes into one",
            fix_zh="在 catalog 中至少写一个栏目：- {key: bmwj, title: 部门文件}",
            fix_en="give catalog at least one column: - {key: bmwj, title: 部门文件}",
        )
    topics = _topics(r, top.get("topics"))
    rules = _rules(r, top.get("rules"))
    nodes = {n.key: n for root_node in catalog for n in root_node.walk()}
    annual = _annual_report(r, top.get("annual_report"), nodes)
    if site is None:
        return None
    return Config(
        site=site,
        issuers=issuers,
        catalog=catalog,
        topics=topics,
        rules=rules,
        nodes=MappingProxyType(nodes),
        issuer_by_name=MappingProxyType({i.name: i for i in issuers}),
        annual_report=annual,
    )


def _site(r: _Reader, node: Node | None) -> SiteSettings | None:
    m = r.mapping(node, "site", _SITE_KEYS, options.required_keys("site"))
    if m is None:
        return None
    contact_map = r.mapping(m.get("contact"), "site.contact", _CONTACT_KEYS) or {}
    contact = Contact(
        **{k: r.text(contact_map.get(k), f"site.contact.{k}") or "" for k in _CONTACT_KEYS}
    )
    base_url = _base_url(r, m.get("base_url"))
    traditional = _traditional(r, m.get("traditional"))
    return SiteSettings(
        title=r.text(m.get("title"), "site.title") or "",
        organization=r.text(m.get("organization"), "site.organization") or "",
        base_url=base_url or None,
        language=_language(r, m.get("language")),
        contact=contact,
        site_code=r.text(m.get("site_code"), "site.site_code") or "",
        icp=r.text(m.get("icp"), "site.icp") or "",
        police_record=r.text(m.get("police_record"), "site.police_record") or "",
        traditional=traditional,
        search=_search_engine(r, m.get("search")),
        traditional_fixes=_traditional_fixes(
            r, m.get("traditional_fixes"), traditional, _edition_off(m.get("traditional"))
        ),
        footer_links=_footer_links(r, m.get("footer_links")),
        logo=_logo(r, m.get("logo")),
    )


# A language tag (BCP 47: zh-CN, zh-Hans-CN): letters, digits and hyphens. The value is the
# pages' `lang` and each Atom feed's xml:lang; `zh-CN"><script …` written there ran a script
# from feed.xml in the site's address, where no page's Content-Security-Policy applies (a
# security review).
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")


def _language(r: _Reader, node: Node | None) -> str:
    """Return the site's language tag; zh-CN when none is given (GK405 when it is no tag)."""
    tag = r.text(node, "site.language")
    if not tag:
        return "zh-CN"
    if _LANGUAGE_TAG.fullmatch(tag) is None:
        assert node is not None
        r.wrong(node, "site.language", "语言代码，如 zh-CN", "a language tag, such as zh-CN")
        return "zh-CN"
    return tag


_LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif")


def _logo(r: _Reader, node: Node | None) -> str:
    """Return the logo's name under templates/assets/ (whether the file is there, the check
    says: `content._layout`, GK017)."""
    name = r.text(node, "site.logo")
    if node is None or not name:
        return ""
    name = name.removeprefix("templates/").removeprefix("assets/")
    parts = name.split("/")
    if name.startswith("/") or ".." in parts or not name.lower().endswith(_LOGO_TYPES):
        r.wrong(
            node,
            "site.logo",
            "templates/assets/ 中的图片文件名（SVG、PNG、JPG 或 WebP），如 logo.svg",
            "the name of an image (SVG, PNG, JPG or WebP) in templates/assets/, such as logo.svg",
        )
        return ""
    return name


_FOOTER_LINK_KEYS = options.keys("site.footer_links[]")


def _footer_links(r: _Reader, node: Node | None) -> tuple[FooterLink, ...]:
    """Return the footer's other links; a link without a full http(s) address is refused (a
    relative one would lead elsewhere on every page that is not at the site's root)."""
    links: list[FooterLink] = []
    seen: dict[tuple[str, str], int] = {}  # ("title" or "url", its value) → the first link's number
    for i, element in enumerate(r.sequence(node, "site.footer_links")):
        path = f"site.footer_links[{i}]"
        m = r.mapping(
            element,
            path,
            _FOOTER_LINK_KEYS,
            options.required_keys("site.footer_links[]"),
            at=element.pos,
        )
        if m is None:
            continue
        title = r.text(m.get("title"), f"{path}.title")
        url = _web_address(r, m.get("url"), f"{path}.url")
        for key, value in (("title", title), ("url", url)):
            if key in m and not value and not r.text(m[key], f"{path}.{key}"):
                r.wrong(m[key], f"{path}.{key}", "不为空的文字", "text that is not empty")
        if not (title and url):
            continue
        # A repeated link reads twice to a screen reader and looks like a copying slip.
        for key, value in (("url", url), ("title", title)):
            first = seen.setdefault((key, value), i)
            if first != i:
                r.out.add(
                    "GK413",
                    m[key].pos,
                    field=f"{path}.{key}",
                    zh=f"页脚链接的{'网址' if key == 'url' else '文字'} “{value}” 与第 "
                    f"{first + 1} 项（site.footer_links[{first}]）相同",
                    en=f'footer link {key} "{value}" is the same as that of link {first + 1} '
                    f"(site.footer_links[{first}])",
                    span=len(value),
                )
        links.append(FooterLink(title, url))
    return tuple(links)


# An http(s) address as its scheme and host, and its path (a browser reads \ in it as /).
_HOST_AND_PATH = re.compile(r"(?i)(https?://[^/\\]*)(.*)")
_SLASHES = re.compile(r"[/\\]+")


def _base_url(r: _Reader, node: Node | None) -> str | None:
    """Return the site's address, ending in /, or None (GK405 when it is none).

    Without a scheme it reads as a folder: the 404 page's links (the one place that uses its
    path, with the feeds, sitemap and canonical links) went to example.gov.cn/xxgk/assets/….
    A path that starts with two slashes, or a slash and a backslash (a browser reads it as a
    slash), made them //evil.example/xxgk/assets/…, addresses on another host (a security
    review): no path may hold either. Nor may a user name come before the host
    (`https://example.gov.cn@evil.example/`, whose host is evil.example).
    """
    url = _web_address(r, node, "site.base_url")
    found = _HOST_AND_PATH.fullmatch(url or "")
    if url is None or found is None or node is None:
        return url
    host, path = found[1], found[2]
    if "@" in host:
        named = host.partition("://")[2].rpartition("@")[2]
        r.out.add(
            "GK405",
            node.pos,
            field="site.base_url",
            zh="“site.base_url” 的网站名前不能有 “…@”：https://example.gov.cn@evil.example/"
            " 的网站是 @ 后面的 evil.example",
            en='"site.base_url" must not have "…@" before the host: the host of'
            " https://example.gov.cn@evil.example/ is evil.example, after the @",
            fix_zh=f"写本网站自己的网址，网站名前不写 “…@”（现在写的网站是 {named}）",
            fix_en=f"write the site's own address, with no …@ before its host (the host now"
            f" is {named})",
            span=len(url),
        )
        return None
    if "//" in path or "\\" in path:
        suggested = f"{host}/{_SLASHES.sub('/', path).lstrip('/')}"
        r.out.add(
            "GK405",
            node.pos,
            field="site.base_url",
            zh="“site.base_url” 的路径中不能有 “//” 或 “\\”（浏览器把 \\ 当作 /）："
            "路径以它们开头时，404 页面的链接会指向另一个网站",
            en='"site.base_url" must not have // or \\ in its path (a browser reads \\ as /):'
            " where the path starts with them, the 404 page's links lead to another host",
            fix_zh=f"改为 {suggested}",
            fix_en=f"write {suggested}",
            span=len(url),
        )
        return None
    return url if url.endswith("/") else f"{url}/"


def _web_address(r: _Reader, node: Node | None, path: str) -> str | None:
    """Return the full http(s) address *node* holds, or None (GK405 when it holds another
    text): without its scheme a link reads as a path on the site. A fix is suggested only
    for what reads as a host and a path (`www.gov.cn/…`, not `about.html`)."""
    url = r.text(node, path)
    if not url or re.fullmatch(r"(?i)https?://[^/\s\"<>]+[^\s\"<>]*", url):
        return url or None
    host = re.fullmatch(r"(?i)/*(([\w-]+\.)+(cn|com|net|org|gov|edu)(/\S*)?)", url)
    like = f"https://{host[1]}" if host else ""
    assert node is not None
    spaced = any(c.isspace() for c in url)
    r.wrong(
        node,
        path,
        "以 http:// 或 https:// 开头的完整网址"
        + ("，不能含空格" if spaced else "")
        + (f"，如 {like}" if like else ""),
        "a full address starting with http:// or https://"
        + (", without spaces" if spaced else "")
        + (f", such as {like}" if like else ""),
    )
    return None


def _search_engine(r: _Reader, node: Node | None) -> str:
    """Return the search page's engine over http: gkml's own index (the default) or Pagefind."""
    if node is None:
        return "gkml"
    value = r.text(node, "site.search")
    if value is None or value in SEARCH_ENGINES:
        return value or "gkml"
    r.wrong(
        node,
        "site.search",
        f" {'、'.join(SEARCH_ENGINES)} 之一，不能是 “{value}”",
        f"one of {', '.join(SEARCH_ENGINES)}, not {value!r}",
    )
    return "gkml"


def _traditional(r: _Reader, node: Node | None) -> str | None:
    """Return the 繁體 edition's OpenCC configuration: s2t by default, None for `none`."""
    if node is None:
        return "s2t"
    if isinstance(node, Scalar) and node.value is False:
        return None
    value = r.text(node, "site.traditional")
    if value is None or value in TRADITIONAL_CONFIGS:
        return value or "s2t"
    if value == "none":
        return None
    choices = "、".join((*TRADITIONAL_CONFIGS, "none"))
    why = "（s2twp 会改写用词，如“文件”→“檔案”，不能用于公文）" if value == "s2twp" else ""
    r.wrong(
        node,
        "site.traditional",
        f" {choices} 之一，不能是 “{value}”{why}",
        f"one of {', '.join((*TRADITIONAL_CONFIGS, 'none'))}, not {value!r}",
    )
    return None


# What a fix may not hold: it is put into the 繁體 pages as it is written, HTML around it. Its
# phrase has Chinese in it too: OpenCC changes no ASCII text, and an ASCII phrase would be
# found in the page's markup (an address, a class).
_NOT_IN_FIX = re.compile(r"[<>&\"']")


def _full_width_colon(lines: Sequence[str], line: int) -> Position | None:
    """Return where a key is followed by “：” on *line* or one of the three lines above it
    (PyYAML notices it only where the next key or a dedent comes: an input method types
    “：” for “:”), skipping blank and comment lines."""
    looked = 0
    for number in range(min(line, len(lines)), 0, -1):
        source = lines[number - 1]
        if not source.strip() or source.lstrip().startswith("#"):
            continue
        head = source.split(":", 1)[0]
        if "：" in head:
            return Position(number, head.index("：") + 1)
        looked += 1
        if looked == 4:
            break
    return None


def _edition_off(node: Node | None) -> bool:
    """Return whether `site.traditional` turns the 繁體 edition off (`none`, `false`)."""
    return isinstance(node, Scalar) and (node.value is False or node.text.strip() == "none")


def _traditional_fixes(
    r: _Reader, node: Node | None, config: str | None, edition_off: bool
) -> tuple[tuple[str, str], ...]:
    """Return the 繁體 edition's fixes: each simplified phrase and how the edition prints it
    (converted by the OpenCC configuration *config*; None when the site has no 繁體 edition,
    *edition_off*, or names a wrong one)."""
    path = "site.traditional_fixes"
    if node is None or (isinstance(node, Scalar) and node.value is None):
        return ()
    if not isinstance(node, Map):
        colon = isinstance(node, Scalar) and (":" in node.text or "：" in node.text)
        r.wrong(
            node,
            path,
            "一组“简体词: 繁体写法”"
            + ("，冒号用半角“:”，后面空一格，如 困难: 困難" if colon else ""),
            "a mapping of simplified phrase: traditional form"
            + (', each with a half-width colon and a space: "困难: 困難"' if colon else ""),
        )
        return ()
    fixes: list[tuple[str, str]] = []
    # phrase → its first key's line and text: keys that differ in spaces alone (a duplicate
    # key as written is GK409 from the YAML reader already)
    seen: dict[str, tuple[int, str]] = {}
    for entry in node.entries:
        phrase, printed = entry.key.text.strip(), r.text(entry.value, f"{path}.{entry.key.text}")
        if printed is None and not isinstance(entry.value, Scalar):
            continue  # reported by r.text
        where = f"{path}.{phrase}"
        if phrase in seen and seen[phrase][1] != entry.key.text:
            first = seen[phrase][0]
            r.out.add(
                "GK409",
                entry.key.pos,
                field=where,
                zh=f"设置 “{where}” 重复（第 {first} 行已有，只差空格）",
                en=f'duplicate key "{where}" (first on line {first}, differing in spaces alone)',
                fix_zh=f"删除这一项，或把它并入第 {first} 行的那一项",
                fix_en=f"delete this one, or merge it into the one on line {first}",
                span=len(entry.key.text),
            )
            continue
        seen.setdefault(phrase, (entry.key.pos.line, entry.key.text))
        if phrase.isascii():
            r.wrong(
                entry.key,
                where,
                "含汉字的简体词（OpenCC 不改动英文和数字）",
                "a phrase with Chinese in it",
            )
        elif not printed:
            r.wrong(
                entry.key, where, "不空的繁体写法，如 困难: 困難", "a traditional form, not empty"
            )
        elif _NOT_IN_FIX.search(phrase + printed):
            r.wrong(entry.value, where, "不含 < > & \" ' 的文字", "text without < > & \" '")
        else:
            fixes.append((phrase, printed))
            if config is not None:
                _check_fix(r, entry, where, phrase, printed, config)
    if fixes and edition_off:
        r.out.add(
            "GK412",
            node.pos,
            field=path,
            zh="本站不生成繁体版（site.traditional 设为 none 或 false），这些修正不起作用",
            en="the site has no 繁體 edition (site.traditional is none or false): these fixes "
            "do nothing",
            fix_zh="删去 site.traditional_fixes，或把 site.traditional 改为 s2t、s2hk 或 s2tw",
            fix_en="delete site.traditional_fixes, or set site.traditional to s2t, s2hk or s2tw",
        )
    return tuple(fixes)


# OpenCC's ways back from 繁體 to 简体: a fix's printed form, read back by one of them,
# should be its phrase (a Hong Kong or Taiwan form reads back by its region's).
_BACK = ("t2s", "hk2s", "tw2s")


def _check_fix(
    r: _Reader, entry: Entry, where: str, phrase: str, printed: str, config: str
) -> None:
    """Warn of a fix that can never apply, its phrase written in 繁體 (titles and bodies are
    simplified), and of one whose printed form is not its phrase in 繁體 (another word, a
    Japanese form). A name printed as written (朴先生: 朴先生, 于海涛: 于海濤) is right:
    OpenCC cannot tell 于 the surname from 于 for 於, so the printed form is never converted
    again to be judged (that re-made the very mistakes the fixes correct: 做好睏難)."""
    from generator.edition import convert_text  # OpenCC: only for a site with fixes

    simplified = convert_text(phrase, "t2s")
    edition = convert_text(phrase, config)  # what the site prints without the fix
    if simplified != phrase and edition == phrase:
        swapped = printed == simplified
        r.out.add(
            "GK412",
            entry.key.pos,
            field=where,
            zh=f"左边的 “{phrase}” 是繁体写法：标题和正文是简体的，这一条找不到要改的词",
            en=f'"{phrase}" on the left is in 繁體, and titles and bodies are simplified: the '
            "fix never applies",
            fix_zh=f"左右写反了，应为 {printed}: {phrase}"
            if swapped
            else f"左边写简体：{simplified}",
            fix_en=f"the sides are swapped: write {printed}: {phrase}"
            if swapped
            else f"write the simplified phrase on the left: {simplified}",
            span=len(phrase),
        )
        return
    back = {convert_text(printed, way) for way in _BACK}
    if phrase not in back and edition != printed:
        shown = convert_text(printed, "t2s")
        r.out.add(
            "GK412",
            entry.value.pos,
            field=where,
            zh=f"右边的 “{printed}” 不是 “{phrase}” 的繁体写法（转回简体是 “{shown}”）",
            en=f'"{printed}" on the right is not "{phrase}" in 繁體 (it reads back as "{shown}")',
            fix_zh=f"右边写繁体版该印的 “{phrase}”，例如改正抄错的字",
            fix_en=f'write "{phrase}" as the 繁體 edition should print it',
            span=len(printed),
        )


def _issuers(r: _Reader, node: Node | None) -> tuple[Issuer, ...]:
    issuers: list[Issuer] = []
    names: dict[str, str] = {}  # each name: the code it has
    codes: dict[str, str] = {}  # each code: the name it has
    pages: dict[str, tuple[str, str]] = {}  # each issuer page's folder, in any case: code, name
    for i, item in enumerate(r.sequence(node, "issuers")):
        path = f"issuers[{i}]"
        m = r.mapping(item, path, _ISSUER_KEYS, options.required_keys("issuers[]"), at=item.pos)
        if m is None:
            continue
        name = r.text(m.get("name"), f"{path}.name")
        code = r.text(m.get("code"), f"{path}.code")
        pattern = r.text(m.get("index_pattern"), f"{path}.index_pattern")
        if not (name and code and pattern):
            continue
        for value, other, seen, what in ((name, code, names, "name"), (code, name, codes, "code")):
            if value in seen:
                first = seen[value]
                # a body renamed that kept its code (（筹） dropped): the walk's officer did
                # not know what to do, and setup.md says to keep the old name
                renamed = what == "code" and first != name
                r.out.add(
                    "GK408",
                    m[what].pos,
                    field=f"{path}.{what}",
                    zh=f"发布机构的 {what} “{value}” 重复："
                    + (
                        f"“{first}” 已经用了它"
                        if what == "code"
                        else f"code 为 “{first}” 的一项也叫这个名称"
                    ),
                    en=f'issuer {what} "{value}" is listed twice: '
                    + (
                        f'"{first}" has it already'
                        if what == "code"
                        else f'the one with code "{first}" has it too'
                    ),
                    fix_zh="机构更名而代码不变时，只保留一项，写新名称，已发布信息的 issuer 也改为"
                    "新名称（索引号和网址不变）；要让已发布信息仍显示原名称，新名称另用一个 code"
                    if renamed
                    else "",
                    fix_en="when a body is renamed and keeps its code, keep one entry with the new"
                    " name and give its published items the new name (their index numbers and"
                    " addresses stay); to keep the old name on them, give the new name its own code"
                    if renamed
                    else "",
                )
            seen.setdefault(value, other)
        folder = urls.issuer_base(code).casefold()
        if folder in pages and pages[folder][0] != code:
            first_code, first_name = pages[folder]
            r.out.add(
                "GK414",
                m["code"].pos,
                field=f"{path}.code",
                zh=f"发布机构 “{name}” 的 code “{code}” 与 “{first_name}” 的 “{first_code}”"
                "只差在斜杠与横线或字母大小写：网站上两者是同一个发布机构页面，一个替换另一个",
                en=f'issuer "{name}" has code "{code}", and "{first_name}" has "{first_code}":'
                " they differ only in / and - or in case, and share one issuer page",
            )
        pages.setdefault(folder, (code, name))
        regex = compile_pattern(pattern, code)
        if isinstance(regex, tuple):
            r.out.add(
                "GK407",
                m["index_pattern"].pos,
                field=f"{path}.index_pattern",
                zh=f"index_pattern “{pattern}” 无法生成索引号：{regex[0]}",
                en=f'index_pattern "{pattern}" cannot produce an index number: {regex[1]}',
            )
            continue
        former: list[re.Pattern[str]] = []
        listed = m.get("former_patterns")
        for n, element in enumerate(r.sequence(listed, f"{path}.former_patterns")):
            old = r.text(element, f"{path}.former_patterns[{n}]")
            if not old:
                continue
            compiled = compile_pattern(old, code)
            if isinstance(compiled, tuple):
                r.out.add(
                    "GK407",
                    element.pos,
                    field=f"{path}.former_patterns[{n}]",
                    zh=f"former_patterns 中的 “{old}” 无法生成索引号：{compiled[0]}",
                    en=f'former pattern "{old}" cannot produce an index number: {compiled[1]}',
                )
                continue
            former.append(compiled)
        issuers.append(Issuer(name, code, pattern, regex, tuple(former)))
    if node is not None and not issuers and not r.out.has_errors:
        r.missing("", "issuers", node.pos)
    return tuple(issuers)


def _nodes(
    r: _Reader, node: Node | None, path: str, parent: str | None, seen: set[str]
) -> list[CatalogNode]:
    result: list[CatalogNode] = []
    for i, item in enumerate(r.sequence(node, path)):
        here = f"{path}[{i}]"
        m = r.mapping(item, here, _NODE_KEYS, options.required_keys("catalog[]"), at=item.pos)
        if m is None:
            continue
        key = r.text(m.get("key"), f"{here}.key")
        title = r.text(m.get("title"), f"{here}.title")
        every = r.integer(m.get("update_every_days"), f"{here}.update_every_days")
        kind = _column_kind(r, m.get("kind"), f"{here}.kind")
        within = r.integer(
            m.get("publish_within_working_days"), f"{here}.publish_within_working_days", least=0
        )
        if key is None or title is None:
            continue
        if not _KEY_SHAPE.fullmatch(key):
            r.out.add(
                "GK405",
                m["key"].pos,
                field=f"{here}.key",
                zh=f"栏目 key “{key}” 只能用小写字母、数字、- 和 _",
                en=f'catalog key "{key}" may use only a-z, 0-9, - and _',
                span=len(key),
            )
        if key in seen:
            r.out.add(
                "GK406",
                m["key"].pos,
                field=f"{here}.key",
                zh=f"栏目 key “{key}” 重复",
                en=f'catalog key "{key}" is used twice',
                span=len(key),
            )
        seen.add(key)
        children = _nodes(r, m.get("children"), f"{here}.children", key, seen)
        result.append(CatalogNode(key, title, tuple(children), every, parent, kind, within))
    return result


def _topics(r: _Reader, node: Node | None) -> tuple[str, ...]:
    topics: list[str] = []
    for i, item in enumerate(r.sequence(node, "topics")):
        word = r.text(item, f"topics[{i}]")
        if word is None:
            continue
        if word in topics:
            r.out.add(
                "GK410",
                item.pos,
                field="topics",
                zh=f"主题词 “{word}” 重复",
                en=f'topic "{word}" is listed twice',
            )
            continue
        topics.append(word)
    return tuple(topics)


def _rules(r: _Reader, node: Node | None) -> Rules:
    m = r.mapping(node, "rules", _RULE_KEYS)
    if m is None:
        return Rules()
    days = r.integer(
        m.get("publish_within_working_days"), "rules.publish_within_working_days", least=0
    )
    listed = r.boolean(m.get("list_withheld_items"), "rules.list_withheld_items")
    interpretation = r.integer(
        m.get("interpretation_within_working_days"), "rules.interpretation_within_working_days"
    )
    return Rules(
        publish_within_working_days=days if days is not None else 20,
        list_withheld_items=bool(listed),
        interpretation_within_working_days=interpretation if interpretation is not None else 3,
    )


def _column_kind(r: _Reader, node: Node | None, path: str) -> ColumnKind | None:
    value = r.text(node, path)
    if node is None or value is None:
        return None
    if value in COLUMN_KIND_ALIASES:
        return COLUMN_KIND_ALIASES[value]
    if value in tuple(ColumnKind):
        return ColumnKind(value)
    zh, en = did_you_mean(value, tuple(ColumnKind))
    r.wrong(
        node,
        path,
        f" dynamic 或 动态（动态、要闻类），policy 或 政策（通知公告、政策文件类）之一，"
        f"不能是 “{value}”{zh}",
        f"dynamic (or 动态) or policy (or 政策), not {value!r}{en}",
    )
    return None


def _annual_report(
    r: _Reader, node: Node | None, nodes: Mapping[str, CatalogNode]
) -> AnnualReportRules:
    m = r.mapping(node, "annual_report", _ANNUAL_KEYS)
    if m is None:
        return AnnualReportRules()
    return AnnualReportRules(
        regulations=_report_row(r, m.get("regulations"), "annual_report.regulations", nodes),
        normative_documents=_report_row(
            r, m.get("normative_documents"), "annual_report.normative_documents", nodes
        ),
        reported=MappingProxyType(_reported(r, m.get("reported"))),
    )


def _report_row(
    r: _Reader, node: Node | None, path: str, nodes: Mapping[str, CatalogNode]
) -> ReportRow:
    m = r.mapping(node, path, _ANNUAL_ROW_KEYS)
    if m is None:
        return ReportRow()
    categories: list[str] = []
    for i, element in enumerate(r.sequence(m.get("categories"), f"{path}.categories")):
        key = r.text(element, f"{path}.categories[{i}]")
        if key is None:
            continue
        if key not in nodes:
            zh, en = did_you_mean(key, nodes)
            r.wrong(
                element,
                f"{path}.categories[{i}]",
                f" catalog 中某个栏目的 key，没有栏目 “{key}”{zh}",
                f"the key of a catalog node; there is no {key!r}{en}",
            )
            continue
        categories.append(key)
    genres = [
        word
        for i, element in enumerate(r.sequence(m.get("genres"), f"{path}.genres"))
        if (word := r.text(element, f"{path}.genres[{i}]"))
    ]
    return ReportRow(tuple(categories), tuple(genres))


def _reported(r: _Reader, node: Node | None) -> dict[int, tuple[int | None, int | None]]:
    """Return year → (规章, 行政规范性文件) 现行有效件数 as printed in earlier annual reports."""
    path = "annual_report.reported"
    if node is None or (isinstance(node, Scalar) and node.value is None):
        return {}
    if not isinstance(node, Map):
        r.wrong(
            node, path, "一组“年份: {regulations: 件数, normative_documents: 件数}”", "a mapping"
        )
        return {}
    found: dict[int, tuple[int | None, int | None]] = {}
    for entry in node.entries:
        year = entry.key.value
        if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2999:
            # a year-end walk: "2025" (quoted, as postcode is) and ２０２５ were told only
            # that a four-digit year was wanted
            digits = unicodedata.normalize("NFKC", str(year)).strip()
            hint = (
                (f"：年份不加引号、用半角数字，写作 {digits}", f"; write {digits}, unquoted")
                if digits.isdecimal() and len(digits) == 4
                else ("", "")
            )
            r.wrong(
                entry.key, path, f"以四位年份为键{hint[0]}", f"keyed by four-digit years{hint[1]}"
            )
            continue
        here = f"{path}.{year}"
        value = entry.value
        if isinstance(value, Map) and any(isinstance(e.key.value, int) for e in value.entries):
            # {normative_documents: 1,234}: YAML reads the comma as the next entry's start, and
            # the message was GK403's "delete the line" for a setting 234
            split = next(e.key for e in value.entries if isinstance(e.key.value, int))
            r.wrong(
                split,
                here,
                "件数，数字中不要写千位分隔符（逗号把这个数分成了两项）",
                "counts without a thousands separator (the comma split the number in two)",
            )
            value = Map(
                tuple(e for e in value.entries if not isinstance(e.key.value, int)), value.pos
            )
        m = r.mapping(value, here, _REPORTED_KEYS) or {}
        counts = tuple(_count(r, m.get(k), f"{here}.{k}") for k in _REPORTED_KEYS)
        found[year] = (counts[0], counts[1])
    return found


def _count(r: _Reader, node: Node | None, path: str) -> int | None:
    """Return a whole number ≥ 0 (a count may be zero, unlike other numbers in catalog.yml)."""
    if node is None:
        return None
    if (
        isinstance(node, Scalar)
        and isinstance(node.value, int)
        and not isinstance(node.value, bool)
        and node.value >= 0
    ):
        return node.value
    # ３ or 1,234 in block style: say what to write (a year-end walk)
    text = node.text if isinstance(node, Scalar) else ""
    digits = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    if digits.isdecimal():
        r.wrong(
            node,
            path,
            f" 0 或正整数，用半角数字、不加千位分隔符：写作 {int(digits)}",
            f"a whole number, 0 or more: write {int(digits)}",
        )
        return None
    r.wrong(node, path, " 0 或正整数", "a whole number, 0 or more")
    return None


def column_limit(config: Config, key: str) -> int:
    """Return the publication limit in working days of column *key*: its own, its nearest
    ancestor's, else `rules.publish_within_working_days`."""
    node = config.nodes.get(key)
    while node is not None:
        if node.publish_within_working_days is not None:
            return node.publish_within_working_days
        node = config.nodes.get(node.parent) if node.parent else None
    return config.rules.publish_within_working_days
