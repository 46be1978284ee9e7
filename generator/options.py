"""The settings of catalog.yml, declared once.

The loader (`generator.config`) takes the names it accepts under each setting from this
declaration, so a setting it reads is a setting declared here; the handbook's catalog.yml
reference (`generator.handbook.catalog_page`) and its complete example are generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    TEXT = "文字"
    NUMBER = "正整数"
    COUNT = "0 或正整数"
    BOOLEAN = "true 或 false"
    CHOICE = "取值之一"
    GROUP = "一组设置"
    LIST_OF_GROUPS = "列表，每项是一组设置"
    TEXT_LIST = "文字列表"
    KEY_LIST = "栏目 key 列表"
    NODE_LIST = "栏目列表，每项的写法与 catalog 的一项相同"
    YEARS = "以四位年份为键的一组设置"
    PHRASES = "一组“简体词: 繁体写法”"


@dataclass(frozen=True, slots=True)
class Option:
    """One setting of catalog.yml.

    *path* names it the way the handbook does: `site.contact.phone`; `[]` stands for each element
    of a list (`issuers[].name`) and `<年份>` for a four-digit year used as a key.
    """

    path: str
    label: str
    kind: Kind
    required: bool
    default: str  # what applies when the setting is left out, in words; "" for nothing
    description: str
    example: str  # as written in catalog.yml (valid YAML)
    choices: tuple[str, ...] = ()

    @property
    def parent(self) -> str:
        return self.path.rpartition(".")[0]

    @property
    def name(self) -> str:
        return self.path.rpartition(".")[2]


# OpenCC configurations for the 繁體 edition. s2twp is refused: it rewrites vocabulary
# (文件→檔案, 信息→資訊), which an official text must never have done to it.
TRADITIONAL_CONFIGS = ("s2t", "s2tw", "s2hk")
# The search page's engines over http; from a disc (file://) it always runs gkml's own.
# pagefind: one Pagefind index a year; pagefind-all: one of the whole site (`pagefindindex`).
PAGEFIND_WHOLE = "pagefind-all"
SEARCH_ENGINES = ("gkml", "pagefind", PAGEFIND_WHOLE)
PAGEFIND_ENGINES = frozenset({"pagefind", PAGEFIND_WHOLE})
# Above this many items `gkml check` and `gkml build` note that pagefind-all does not suit the
# catalog: Pagefind took about half a gigabyte per 1,000 items to index the whole site
# (benchmarks/README.md: 0.55 GB at 1,000, 2.7 GB at 5,000, 9.3 GB at 20,000).
PAGEFIND_WHOLE_ITEMS = 2_000
PAGEFIND_WHOLE_GB_PER_1000 = 0.5

_ROW_CATEGORIES = "catalog 中栏目的 key；这些栏目及其下级栏目中的信息都计入本行"
_ROW_GENRES = "文种（genre 字段）为其中之一的信息计入本行"

OPTIONS: tuple[Option, ...] = (
    # Top level.
    Option("site", "站点设置", Kind.GROUP, True, "", "网站名称、主办单位、联系方式和备案信息", ""),
    Option(
        "issuers",
        "发布机构",
        Kind.LIST_OF_GROUPS,
        True,
        "",
        "本目录中信息的发布机构，至少一个；gkml new 不写 --issuer 时用第一个",
        "",
    ),
    Option(
        "catalog",
        "目录树（栏目）",
        Kind.LIST_OF_GROUPS,
        True,
        "",
        "公开目录的栏目，可以分多级；每条信息的 category 字段写其中一个栏目的 key",
        "",
    ),
    Option(
        "topics",
        "主题分类",
        Kind.TEXT_LIST,
        False,
        "没有主题分类",
        "主题词表；信息的 topics 字段只能用表中的词",
        "[社会救助, 养老服务, 婚姻登记]",
    ),
    Option(
        "rules", "规则", Kind.GROUP, False, "各项规则取默认值", "发布时限和不予公开信息的列示", ""
    ),
    Option(
        "annual_report",
        "年度报告统计口径",
        Kind.GROUP,
        False,
        "规章和行政规范性文件两行按 0 计",
        "gkml report annual 按此统计年度报告第二部分的规章和行政规范性文件",
        "",
    ),
    # site
    Option(
        "site.title",
        "网站名称",
        Kind.TEXT,
        True,
        "",
        "显示在每个页面的页头和浏览器标题中",
        "示例市民政局政府信息公开",
    ),
    Option(
        "site.organization",
        "主办单位",
        Kind.TEXT,
        True,
        "",
        "显示在页脚，也是订阅和档案包中的机构名称；最好与某个发布机构的 name 相同",
        "示例市民政局",
    ),
    Option(
        "site.base_url",
        "网站地址",
        Kind.TEXT,
        False,
        "不写：不生成 sitemap.xml，订阅中用相对链接",
        "网站对外的完整网址，以 / 结尾（缺少时自动补上），路径中不能有 // 或 \\；只用于站点地图、订阅、规范链接、"
        "每页的二维码和 404 页面，页面之间的链接始终是相对链接",
        "https://example.gov.cn/xxgk/",
    ),
    Option(
        "site.language",
        "网页语言",
        Kind.TEXT,
        False,
        "zh-CN",
        "网页的 lang 属性，读屏软件据此选择发音；写语言代码（字母、数字和连字符）",
        "zh-CN",
    ),
    Option(
        "site.contact",
        "联系方式",
        Kind.GROUP,
        False,
        "不写：页脚和无障碍声明中没有联系方式",
        "显示在页脚和无障碍声明中；网站检查要求页脚有联系方式",
        "",
    ),
    Option("site.contact.address", "地址", Kind.TEXT, False, "", "", "示例市示范区民政路1号"),
    Option("site.contact.postcode", "邮编", Kind.TEXT, False, "", "写在引号中", '"750001"'),
    Option("site.contact.phone", "电话", Kind.TEXT, False, "", "写在引号中", '"0951-6000100"'),
    Option("site.contact.fax", "传真", Kind.TEXT, False, "", "写在引号中", '"0951-6000101"'),
    Option("site.contact.email", "电子邮箱", Kind.TEXT, False, "", "", "xxgk@example.gov.cn"),
    Option(
        "site.contact.hours",
        "办公时间",
        Kind.TEXT,
        False,
        "",
        "",
        "工作日上午9:00—12:00，下午13:30—17:30",
    ),
    Option(
        "site.contact.complaint",
        "投诉举报",
        Kind.TEXT,
        False,
        "",
        "对本网站或政府信息公开工作的投诉举报渠道，显示在页脚；是一个电话号码时可点击拨打，写在引号中",
        '"0951-6000199"',
    ),
    Option(
        "site.site_code",
        "网站标识码",
        Kind.TEXT,
        False,
        "",
        "显示在页脚；写在引号中，以免被当作数字",
        '"6499000012"',
    ),
    Option(
        "site.icp",
        "ICP 备案编号",
        Kind.TEXT,
        False,
        "",
        "显示在页脚，链接到工业和信息化部备案管理系统（beian.miit.gov.cn）",
        "示ICP备12000001号",
    ),
    Option(
        "site.police_record",
        "公安机关备案号",
        Kind.TEXT,
        False,
        "",
        "显示在页脚，按其中的数字链接到公安部备案查询（beian.mps.gov.cn）",
        "示公网安备64990002000012号",
    ),
    Option(
        "site.logo",
        "网站标志",
        Kind.TEXT,
        False,
        "不写：页眉中只有网站名称",
        "页眉中网站名称前的标志图片（如国徽、机构标志）：放在本网站 templates/assets/ 中的文件名，"
        "SVG、PNG、JPG 或 WebP；找不到这个文件时报错（GK017）",
        "logo.svg",
    ),
    Option(
        "site.footer_links",
        "页脚链接",
        Kind.LIST_OF_GROUPS,
        False,
        "不写：页脚中没有其他链接",
        "页脚中的其他链接，按所写的顺序显示，如上级机关网站、“我为政府网站找错”；"
        "两项的网址或文字相同时提示（GK413）",
        "",
    ),
    Option("site.footer_links[].title", "链接文字", Kind.TEXT, True, "", "", "中国政府网"),
    Option(
        "site.footer_links[].url",
        "网址",
        Kind.TEXT,
        True,
        "",
        "以 http:// 或 https:// 开头的完整网址",
        "https://www.gov.cn/",
    ),
    Option(
        "site.traditional",
        "繁体版",
        Kind.CHOICE,
        False,
        "s2t",
        "繁体版（zh-hant/）的转换方式：s2t 通用繁体，s2tw 台湾用字，s2hk 香港用字，none 不生成繁体版；"
        "索引号、文号不转换。不能用 s2twp，它会改写用词",
        "s2t",
        (*TRADITIONAL_CONFIGS, "none"),
    ),
    Option(
        "site.traditional_fixes",
        "繁体版用字更正",
        Kind.PHRASES,
        False,
        "",
        "OpenCC 转错的词：简体词在繁体版中一律写成所给的繁体写法，该词两边的文字照常转换。"
        "如“做好困难群众”会被转成“做好睏難羣衆”，写 困难: 困難 即可更正",
        "{困难: 困難, 足额发放: 足額發放}",
    ),
    Option(
        "site.search",
        "搜索引擎",
        Kind.CHOICE,
        False,
        "gkml",
        "网站上（http）的搜索页用哪种索引：gkml 为本工具自己的索引；pagefind 为每年一个 Pagefind "
        "索引（gkml build 结束时用 Pagefind 扩展版生成，只有当年信息变了才重建该年）；"
        "pagefind-all 为全站一个 Pagefind 索引（读者首次搜索比 pagefind 下载更少、更快，但任何一条"
        "信息变了都要重建全站索引，且每千条约需 0.5 GB 内存，只适合两千条以内的目录）。"
        "光盘上（file://）总是用 gkml 自己的索引，都会生成",
        "gkml",
        SEARCH_ENGINES,
    ),
    # issuers
    Option(
        "issuers[].name",
        "机构名称",
        Kind.TEXT,
        True,
        "",
        "信息的 issuer 字段写这个名称；不能重复",
        "示例市民政局",
    ),
    Option(
        "issuers[].code",
        "机构代码",
        Kind.TEXT,
        True,
        "",
        "索引号的前段，如区划代码加机构编号或组织机构代码；不能重复",
        "640100-108",
    ),
    Option(
        "issuers[].index_pattern",
        "索引号格式",
        Kind.TEXT,
        True,
        "",
        "占位符：{code} 机构代码，{year} 发布年份，{serial} 流水号（必须有，"
        "{serial:05d} 表示补零到 5 位）；写在引号中",
        '"{code}/{year}-{serial:05d}"',
    ),
    Option(
        "issuers[].former_patterns",
        "以前用过的索引号格式",
        Kind.TEXT_LIST,
        False,
        "没有",
        "改了 index_pattern 后，已发布信息的索引号不改（索引号唯一且不变）：把旧格式写在这里，"
        "符合任一格式的索引号都通过检查；gkml new 只用 index_pattern",
        '["{code}/{year}-{serial:03d}"]',
    ),
    # catalog
    Option(
        "catalog[].key",
        "栏目代码",
        Kind.TEXT,
        True,
        "",
        "只用小写字母、数字、- 和 _，整个目录树中不能重复；用作网址和信息的 category",
        "fdzdgknr",
    ),
    Option(
        "catalog[].title", "栏目名称", Kind.TEXT, True, "", "显示在导航和页面上", "法定主动公开内容"
    ),
    Option(
        "catalog[].children",
        "下级栏目",
        Kind.NODE_LIST,
        False,
        "没有下级栏目",
        "上级栏目的列表页也列出下级栏目中的信息",
        "[{key: bmwj, title: 部门文件}, {key: gfxwj, title: 行政规范性文件}]",
    ),
    Option(
        "catalog[].update_every_days",
        "更新周期（天）",
        Kind.NUMBER,
        False,
        "不检查",
        "这么多天内没有新信息，gkml report inspection 就列为“超过更新周期未更新”",
        "90",
    ),
    Option(
        "catalog[].kind",
        "栏目类型",
        Kind.CHOICE,
        False,
        "不按动态或政策类检查",
        "网站检查指标中的栏目类型：dynamic（动态、要闻类，2 周未更新算不更新），policy"
        "（通知公告、政策文件类，6 个月未更新算不更新）；也可写 动态、政策（或 动态类、政策类）",
        "policy",
        ("dynamic", "policy", "动态", "政策", "动态类", "政策类"),
    ),
    Option(
        "catalog[].publish_within_working_days",
        "发布时限（工作日）",
        Kind.NUMBER,
        False,
        "上级栏目的时限，否则为 rules.publish_within_working_days",
        "本栏目（及下级栏目）从成文到发布的工作日上限，gkml report timeliness 按此计算；0 表示当日发布",
        "5",
    ),
    # rules
    Option(
        "rules.publish_within_working_days",
        "发布时限（工作日）",
        Kind.NUMBER,
        False,
        "20",
        "成文后超过这么多个工作日才发布，gkml check 给出警告 GK208（《条例》第二十六条：20 个工作日；"
        "本地规定更严的可以调低，0 表示当日发布）",
        "20",
    ),
    Option(
        "rules.list_withheld_items",
        "列出不予公开的信息",
        Kind.BOOLEAN,
        False,
        "false",
        "true 时，不予公开的信息在列表中列出索引号、标题和理由，catalog.json 和 catalog.csv 中"
        "还有前言的其他各项（正文和附件始终不公开）",
        "false",
    ),
    Option(
        "rules.interpretation_within_working_days",
        "解读时限（工作日）",
        Kind.NUMBER,
        False,
        "3",
        "政策解读晚于所解读的政策文件这么多个工作日以上发布，gkml report timeliness 列为超时",
        "3",
    ),
    # annual_report
    Option(
        "annual_report.regulations",
        "规章",
        Kind.GROUP,
        False,
        "按 0 计",
        "哪些信息算作规章：按栏目（categories）或按文种（genres），满足其一即计入；"
        "不制定规章的部门不写",
        "",
    ),
    Option(
        "annual_report.regulations.categories",
        "栏目",
        Kind.KEY_LIST,
        False,
        "",
        _ROW_CATEGORIES,
        "[]",
    ),
    Option(
        "annual_report.regulations.genres", "文种", Kind.TEXT_LIST, False, "", _ROW_GENRES, "[]"
    ),
    Option(
        "annual_report.normative_documents",
        "行政规范性文件",
        Kind.GROUP,
        False,
        "按 0 计",
        "哪些信息算作行政规范性文件：按栏目（categories）或按文种（genres），满足其一即计入",
        "",
    ),
    Option(
        "annual_report.normative_documents.categories",
        "栏目",
        Kind.KEY_LIST,
        False,
        "",
        _ROW_CATEGORIES,
        "[gfxwj]",
    ),
    Option(
        "annual_report.normative_documents.genres",
        "文种",
        Kind.TEXT_LIST,
        False,
        "",
        _ROW_GENRES,
        "[办法, 规定]",
    ),
    Option(
        "annual_report.reported",
        "往年报告中的现行有效件数",
        Kind.YEARS,
        False,
        "按目录计算上年数",
        "往年年度报告中已经印出的现行有效件数；核对本年数时用它作上年数",
        "{2024: {regulations: 0, normative_documents: 4}}",
    ),
    Option(
        "annual_report.reported.<年份>.regulations",
        "规章现行有效件数",
        Kind.COUNT,
        False,
        "",
        "",
        "0",
    ),
    Option(
        "annual_report.reported.<年份>.normative_documents",
        "行政规范性文件现行有效件数",
        Kind.COUNT,
        False,
        "",
        "",
        "4",
    ),
)

OPTION_BY_PATH: dict[str, Option] = {o.path: o for o in OPTIONS}


def keys(parent: str) -> tuple[str, ...]:
    """Return the setting names accepted directly under *parent* ("" for the top), in order."""
    return tuple(o.name for o in OPTIONS if o.parent == parent)


def required_keys(parent: str) -> tuple[str, ...]:
    """Return the setting names that must be written under *parent*, in order."""
    return tuple(o.name for o in OPTIONS if o.parent == parent and o.required)


def example_catalog() -> str:
    """Return a catalog.yml that writes every setting with its example value."""
    lines: list[str] = []
    _write(lines, "", 0)
    return "\n".join(lines) + "\n"


def _write(lines: list[str], parent: str, indent: int, *, first_prefix: str = "") -> None:
    pad = " " * indent
    for index, option in enumerate(o for o in OPTIONS if o.parent == parent):
        lead = first_prefix if index == 0 and first_prefix else pad
        if option.kind is Kind.GROUP:
            lines.append(f"{lead}{option.name}:")
            _write(lines, option.path, indent + 2)
        elif option.kind is Kind.LIST_OF_GROUPS:
            lines.append(f"{lead}{option.name}:")
            _write(lines, f"{option.path}[]", indent + 4, first_prefix=f"{pad}  - ")
        else:
            lines.append(f"{lead}{option.name}: {option.example}")
