"""catalog.yml: site settings, issuers, the catalog tree, topics and rules, as a frozen Config."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from generator.diagnostics import Collector, Diagnostic
from generator.suggestion import did_you_mean
from generator.yamlnodes import Map, Node, Position, Scalar, Seq, SyntaxProblem, parse_yaml

CONFIG_FILE = "catalog.yml"


@dataclass(frozen=True, slots=True)
class Contact:
    address: str = ""
    postcode: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    hours: str = ""


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

    def index_for(self, year: int, serial: int) -> str:
        """Return the index number of *serial* in *year* for this issuer."""
        return self.index_pattern.format(code=self.code, year=year, serial=serial)

    def match(self, index_no: str) -> IndexMatch | None:
        """Return the year and serial of *index_no*, or None when it is not this issuer's."""
        m = self.regex.fullmatch(index_no)
        if m is None:
            return None
        year = m.groupdict().get("year")
        return IndexMatch(int(year) if year else None, int(m.group("serial")))

    @property
    def has_year(self) -> bool:
        return "year" in self.regex.groupindex


@dataclass(frozen=True, slots=True)
class CatalogNode:
    key: str
    title: str
    children: tuple[CatalogNode, ...]
    update_every_days: int | None
    parent: str | None

    def walk(self) -> Iterator[CatalogNode]:
        """Yield this node and its descendants, in tree order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Rules:
    publish_within_working_days: int = 20
    list_withheld_items: bool = False


@dataclass(frozen=True, slots=True)
class Config:
    site: SiteSettings
    issuers: tuple[Issuer, ...]
    catalog: tuple[CatalogNode, ...]
    topics: tuple[str, ...]
    rules: Rules
    nodes: Mapping[str, CatalogNode]
    issuer_by_name: Mapping[str, Issuer]


@dataclass(frozen=True, slots=True)
class ConfigResult:
    config: Config | None
    diagnostics: tuple[Diagnostic, ...]


_SITE_KEYS = (
    "title",
    "organization",
    "base_url",
    "language",
    "contact",
    "site_code",
    "icp",
    "police_record",
)
_CONTACT_KEYS = ("address", "postcode", "phone", "fax", "email", "hours")
_ISSUER_KEYS = ("name", "code", "index_pattern")
_NODE_KEYS = ("key", "title", "children", "update_every_days")
_RULE_KEYS = ("publish_within_working_days", "list_withheld_items")
_TOP_KEYS = ("site", "issuers", "catalog", "topics", "rules")
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

    def integer(self, node: Node | None, path: str) -> int | None:
        if node is None:
            return None
        if (
            isinstance(node, Scalar)
            and isinstance(node.value, int)
            and not isinstance(node.value, bool)
            and node.value > 0
        ):
            return node.value
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


def compile_pattern(pattern: str, code: str) -> re.Pattern[str] | str:
    """Return the regex that matches index numbers made by *pattern*, or why it cannot.

    Placeholders: {code}, {year} and {serial} (with an optional zero-padded width such as
    {serial:05d}); {serial} is required, since only it makes numbers unique.
    """
    parts: list[str] = []
    fields: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        return f"括号不成对 ({exc})"
    for literal, name, spec, conversion in parsed:
        parts.append(re.escape(literal))
        if name is None:
            continue
        if conversion:
            return f"占位符 {{{name}}} 不能带 !{conversion}"
        if name in fields:
            return f"占位符 {{{name}}} 出现了两次"
        fields.add(name)
        if name == "code":
            if spec:
                return "{code} 不能带格式"
            parts.append(re.escape(code))
        elif name == "year":
            if spec not in ("", "d", "04d"):
                return f"{{year:{spec}}} 的格式不对，应为 {{year}}"
            parts.append(r"(?P<year>\d{4})")
        elif name == "serial":
            width = re.fullmatch(r"0(\d{1,2})d", spec or "")
            if width:
                parts.append(rf"(?P<serial>\d{{{int(width.group(1))}}})")
            elif spec in ("", "d"):
                parts.append(r"(?P<serial>\d+)")
            else:
                return f"{{serial:{spec}}} 的格式不对，应为 {{serial:05d}} 这样的补零宽度"
        else:
            return f"未知占位符 {{{name}}}，只能用 {{code}}、{{year}}、{{serial}}"
    if "serial" not in fields:
        return "缺少 {serial}（流水号）"
    regex = re.compile("".join(parts))
    sample = pattern.format(code=code, year=2024, serial=1)
    if not regex.fullmatch(sample):  # pragma: no cover - defensive: the round trip must hold
        return "生成的索引号无法被识别"
    return regex


def load_config(site_root: Path) -> ConfigResult:
    """Return the Config of the site at *site_root*, or every problem with catalog.yml."""
    path = site_root / CONFIG_FILE
    try:
        text = path.read_bytes().decode("utf-8-sig")
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
    except UnicodeDecodeError as exc:
        out = Collector(CONFIG_FILE)
        out.add(
            "GK402",
            None,
            field=None,
            zh="catalog.yml 不是 UTF-8 编码",
            en=f"catalog.yml is not UTF-8 ({exc.reason})",
            fix_zh="用编辑器另存为 UTF-8 编码",
        )
        return ConfigResult(None, tuple(out.found))
    lines = text.splitlines()
    out = Collector(CONFIG_FILE, lines)
    parsed = parse_yaml(text)
    if isinstance(parsed, SyntaxProblem):
        out.add(
            "GK402",
            parsed.pos,
            field=None,
            zh="catalog.yml 语法错误",
            en=f"catalog.yml syntax error: {parsed.problem}",
        )
        return ConfigResult(None, tuple(out.found))
    for dup in parsed.duplicates:
        out.add(
            "GK409",
            dup.second,
            field=dup.key,
            zh=f"设置 “{dup.key}” 重复（第 {dup.first.line} 行已有）",
            en=f'duplicate key "{dup.key}" (first on line {dup.first.line})',
            span=len(dup.key),
        )
    config = _build(_Reader(out), parsed.root)
    if out.has_errors:
        return ConfigResult(None, tuple(out.found))
    return ConfigResult(config, tuple(out.found))


def _build(r: _Reader, root: Node | None) -> Config | None:
    top = r.mapping(root, "", _TOP_KEYS, ("site", "issuers", "catalog"), at=Position(1, 1))
    if top is None:
        return None
    site = _site(r, top.get("site"))
    issuers = _issuers(r, top.get("issuers"))
    catalog = tuple(_nodes(r, top.get("catalog"), "catalog", None, set()))
    topics = _topics(r, top.get("topics"))
    rules = _rules(r, top.get("rules"))
    if site is None:
        return None
    nodes = {n.key: n for root_node in catalog for n in root_node.walk()}
    return Config(
        site=site,
        issuers=issuers,
        catalog=catalog,
        topics=topics,
        rules=rules,
        nodes=MappingProxyType(nodes),
        issuer_by_name=MappingProxyType({i.name: i for i in issuers}),
    )


def _site(r: _Reader, node: Node | None) -> SiteSettings | None:
    m = r.mapping(node, "site", _SITE_KEYS, ("title", "organization"))
    if m is None:
        return None
    contact_map = r.mapping(m.get("contact"), "site.contact", _CONTACT_KEYS) or {}
    contact = Contact(
        **{k: r.text(contact_map.get(k), f"site.contact.{k}") or "" for k in _CONTACT_KEYS}
    )
    base_url = r.text(m.get("base_url"), "site.base_url")
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    return SiteSettings(
        title=r.text(m.get("title"), "site.title") or "",
        organization=r.text(m.get("organization"), "site.organization") or "",
        base_url=base_url or None,
        language=r.text(m.get("language"), "site.language") or "zh-CN",
        contact=contact,
        site_code=r.text(m.get("site_code"), "site.site_code") or "",
        icp=r.text(m.get("icp"), "site.icp") or "",
        police_record=r.text(m.get("police_record"), "site.police_record") or "",
    )


def _issuers(r: _Reader, node: Node | None) -> tuple[Issuer, ...]:
    issuers: list[Issuer] = []
    names: set[str] = set()
    codes: set[str] = set()
    for i, item in enumerate(r.sequence(node, "issuers")):
        path = f"issuers[{i}]"
        m = r.mapping(item, path, _ISSUER_KEYS, _ISSUER_KEYS, at=item.pos)
        if m is None:
            continue
        name = r.text(m.get("name"), f"{path}.name")
        code = r.text(m.get("code"), f"{path}.code")
        pattern = r.text(m.get("index_pattern"), f"{path}.index_pattern")
        if not (name and code and pattern):
            continue
        for value, seen, what in ((name, names, "name"), (code, codes, "code")):
            if value in seen:
                r.out.add(
                    "GK408",
                    m[what].pos,
                    field=f"{path}.{what}",
                    zh=f"发布机构的 {what} “{value}” 重复",
                    en=f'issuer {what} "{value}" is listed twice',
                )
            seen.add(value)
        regex = compile_pattern(pattern, code)
        if isinstance(regex, str):
            r.out.add(
                "GK407",
                m["index_pattern"].pos,
                field=f"{path}.index_pattern",
                zh=f"index_pattern “{pattern}” 无法生成索引号：{regex}",
                en=f'index_pattern "{pattern}" cannot produce an index number',
            )
            continue
        issuers.append(Issuer(name, code, pattern, regex))
    if node is not None and not issuers and not r.out.has_errors:
        r.missing("", "issuers", node.pos)
    return tuple(issuers)


def _nodes(
    r: _Reader, node: Node | None, path: str, parent: str | None, seen: set[str]
) -> list[CatalogNode]:
    result: list[CatalogNode] = []
    for i, item in enumerate(r.sequence(node, path)):
        here = f"{path}[{i}]"
        m = r.mapping(item, here, _NODE_KEYS, ("key", "title"), at=item.pos)
        if m is None:
            continue
        key = r.text(m.get("key"), f"{here}.key")
        title = r.text(m.get("title"), f"{here}.title")
        every = r.integer(m.get("update_every_days"), f"{here}.update_every_days")
        if key is None or title is None:
            continue
        if not _KEY_SHAPE.fullmatch(key):
            r.out.add(
                "GK405",
                m["key"].pos,
                field=f"{here}.key",
                zh=f"栏目 key “{key}” 只能用小写字母、数字、- 和 _",
                en=f'catalog key "{key}" may use only a-z, 0-9, - and _',
            )
        if key in seen:
            r.out.add(
                "GK406",
                m["key"].pos,
                field=f"{here}.key",
                zh=f"栏目 key “{key}” 重复",
                en=f'catalog key "{key}" is used twice',
            )
        seen.add(key)
        children = _nodes(r, m.get("children"), f"{here}.children", key, seen)
        result.append(CatalogNode(key, title, tuple(children), every, parent))
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
    days = r.integer(m.get("publish_within_working_days"), "rules.publish_within_working_days")
    listed = r.boolean(m.get("list_withheld_items"), "rules.list_withheld_items")
    return Rules(
        publish_within_working_days=days if days is not None else 20,
        list_withheld_items=bool(listed),
    )
