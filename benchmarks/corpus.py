"""Deterministic benchmark corpus: a fictional disclosure site with N items.

``python -m benchmarks.corpus --n 20000 --out DIR [--seed 1] [--verify]`` writes
``DIR/catalog.yml``, ``DIR/content/<year>/<issuer>-<year>-<serial>.md`` and three pages under
``DIR/content/pages/``. The same n and seed give byte-identical files: one ``random.Random``,
no wall clock, no set iteration. ``--verify`` re-reads every front matter with
``yaml.CSafeLoader`` and asserts the content-format invariants.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import random
import re
import string
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import chinese_calendar
import yaml

from benchmarks import phrases
from benchmarks.phrases import TopicBank

START = dt.date(2010, 1, 4)
END = dt.date(2026, 11, 15)
MIN_BODY_BYTES = 1024
MAX_BODY_BYTES = 8192
MAX_WRITTEN_LAG_DAYS = 10
CITY = "示例市"
STATUS_IN_FORCE = "有效"
PROACTIVE = "主动公开"
POLICY_GENRES = ("通知", "意见", "办法", "方案", "规定", "决定", "规划", "计划", "要点")
LONG_DIGITS = re.compile(r"\d{7,}")
CN_DIGITS = "零一二三四五六七八九"


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Issuer:
    """A fictional publishing body and the vocabulary of its documents."""

    name: str
    code: str
    short: str  # doc_no prefix, e.g. 示民
    slug: str  # file-name prefix
    city_short: str  # how the body names itself in prose, e.g. 市民政局
    salutation: str
    departments: tuple[str, ...]
    topics: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class Category:
    """A node of the catalog tree and how its items are planned and written."""

    key: str
    title: str
    parent: str | None
    weight: float  # share of the base items; 0 for special columns and parents
    titles: tuple[tuple[str, str], ...] = ()  # (genre, title template)
    topics: tuple[str, ...] = ()  # empty: the issuer's own topics
    body: str = "policy"
    doc_kinds: tuple[str, ...] = ()
    doc_share: float = 0.0
    status_ok: bool = False
    disclosure_ok: bool = False
    update_every_days: int | None = None
    size: tuple[int, int] = (1200, 7800)
    any_issuer: bool = False  # every body publishes these, whatever its topics


@dataclass(frozen=True)
class Item:
    """One planned catalog item; serials, doc_no and status are filled in later passes."""

    uid: int
    issuer: Issuer
    category: Category
    genre: str
    title: str
    subject: str
    topics: tuple[str, ...]
    keywords: tuple[str, ...]
    department: str | None
    published: dt.date
    published_time: str | None
    written: dt.date
    disclosure: str
    reason: str | None
    doc_kind: str | None
    valid_from: dt.date | None = None
    serial: int = 0
    doc_no: str | None = None
    status: str = STATUS_IN_FORCE
    status_date: dt.date | None = None
    valid_until: dt.date | None = None
    replaced_by: str | None = None
    interprets: int | None = None  # uid of the policy
    report_year: int | None = None

    @property
    def index_no(self) -> str:
        """Return the 索引号: ``{code}/{year}-{serial:05d}`` with the year of publication."""
        return f"{self.issuer.code}/{self.published.year}-{self.serial:05d}"

    @property
    def path(self) -> str:
        """Return the item's path relative to the site root."""
        year = self.published.year
        return f"content/{year}/{self.issuer.slug}-{year}-{self.serial:05d}.md"


@dataclass(frozen=True)
class CorpusStats:
    """What ``generate`` wrote."""

    n: int
    seed: int
    items: int
    files: int
    body_bytes: int
    total_bytes: int
    seconds: float


# --------------------------------------------------------------------------- site data

ISSUERS: tuple[Issuer, ...] = (
    Issuer(
        name="示例市民政局",
        code="640100-108",
        short="示民",
        slug="mzj",
        city_short="市民政局",
        salutation="各区（县）民政局，局属各单位：",
        departments=(
            "办公室",
            "政策法规处",
            "社会救助处",
            "养老服务处",
            "社会事务处",
            "社会组织管理处",
            "儿童福利处",
            "规划财务处",
        ),
        topics=(
            "社会救助",
            "养老服务",
            "婚姻登记",
            "殡葬管理",
            "社会组织",
            "儿童福利",
            "残疾人服务",
        ),
        weight=0.4,
    ),
    Issuer(
        name="示例市财政局",
        code="640100-110",
        short="示财",
        slug="czj",
        city_short="市财政局",
        salutation="各区（县）财政局，市直各部门：",
        departments=("办公室", "预算处", "国库处", "社会保障处", "政府采购管理处", "绩效管理处"),
        topics=("预算决算", "财政资金", "社会救助"),
        weight=0.15,
    ),
    Issuer(
        name="示例市教育局",
        code="640100-104",
        short="示教",
        slug="jyj",
        city_short="市教育局",
        salutation="各区（县）教育局，市直各学校：",
        departments=(
            "办公室",
            "基础教育处",
            "学前教育处",
            "学生资助管理中心",
            "教师工作处",
            "安全稳定处",
        ),
        topics=("教育", "儿童福利"),
        weight=0.15,
    ),
    Issuer(
        name="示例市人力资源和社会保障局",
        code="640100-112",
        short="示人社",
        slug="rsj",
        city_short="市人力资源社会保障局",
        salutation="各区（县）人力资源和社会保障局，局属各单位：",
        departments=(
            "办公室",
            "就业促进处",
            "职业能力建设处",
            "养老保险处",
            "工伤保险处",
            "劳动关系处",
        ),
        topics=("就业创业", "社会保险"),
        weight=0.15,
    ),
    Issuer(
        name="示例市卫生健康委员会",
        code="640100-115",
        short="示卫",
        slug="wjw",
        city_short="市卫生健康委",
        salutation="各区（县）卫生健康局，委属各单位：",
        departments=(
            "办公室",
            "基层卫生健康处",
            "医政医管处",
            "疾病预防控制处",
            "老龄健康处",
            "综合监督处",
        ),
        topics=("医疗卫生", "养老服务"),
        weight=0.15,
    ),
)

SHARED_TOPICS = ("政务公开", "行政执法")

_POLICY_TITLES: tuple[tuple[str, str], ...] = (
    ("通知", "关于印发《{city}{subject}实施办法》的通知"),
    ("通知", "关于印发《{city}{subject}工作方案》的通知"),
    ("通知", "关于做好{year}年{subject}工作的通知"),
    ("通知", "关于进一步加强{subject}工作的通知"),
    ("通知", "关于开展{year}年{subject}专项检查的通知"),
    ("通知", "关于调整{subject}有关政策的通知"),
    ("意见", "关于进一步推进{subject}工作的实施意见"),
    ("意见", "关于加快{subject}高质量发展的指导意见"),
    ("办法", "{city}{subject}管理办法"),
    ("办法", "{city}{subject}实施细则"),
    ("方案", "{year}年{subject}工作方案"),
    ("方案", "{subject}提升行动实施方案（{period}年）"),
    ("规定", "{city}{subject}若干规定"),
    ("决定", "关于废止和修改部分{subject}规范性文件的决定"),
)

CATEGORIES: tuple[Category, ...] = (
    Category(key="fdzdgknr", title="法定主动公开内容", parent=None, weight=0),
    Category(
        key="jgzn",
        title="机构职能",
        parent="fdzdgknr",
        weight=0.02,
        titles=(
            ("其他", "{org}主要职责（{year}年）"),
            ("其他", "{org}内设机构及职能（{year}年）"),
            ("其他", "{org}所属单位情况（{year}年）"),
        ),
        body="duties",
        size=(1100, 3200),
    ),
    Category(
        key="bmwj",
        title="部门文件",
        parent="fdzdgknr",
        weight=0.24,
        titles=_POLICY_TITLES,
        doc_kinds=("发", "办发", "规"),
        doc_share=0.95,
        status_ok=True,
        disclosure_ok=True,
        update_every_days=90,
        size=(1500, 7900),
    ),
    Category(
        key="ghjh",
        title="规划计划",
        parent="fdzdgknr",
        weight=0.06,
        titles=(
            ("规划", "{city}{subject}“{plan}”规划"),
            ("计划", "{org}{year}年工作计划"),
            ("要点", "{year}年{subject}工作要点"),
            ("计划", "{subject}三年行动计划（{period}年）"),
        ),
        doc_kinds=("发", "办发"),
        doc_share=0.9,
        status_ok=True,
        disclosure_ok=True,
        size=(2000, 7900),
    ),
    Category(
        key="czyjs",
        title="财政预决算",
        parent="fdzdgknr",
        weight=0.05,
        titles=(
            ("报告", "{org}{year}年部门预算"),
            ("报告", "{org}{prev}年部门决算"),
            ("报告", "{org}{year}年“三公”经费预算情况说明"),
            ("通知", "关于下达{year}年{fund}（第{cnk}批）的通知"),
            ("报告", "{year}年{fund}绩效评价报告"),
        ),
        topics=("预算决算", "财政资金"),
        body="budget",
        any_issuer=True,
        doc_kinds=("发",),
        doc_share=0.6,
        update_every_days=366,
        size=(1500, 6000),
    ),
    Category(
        key="xzxk",
        title="行政许可",
        parent="fdzdgknr",
        weight=0.10,
        titles=(
            ("公示", "{org}行政许可决定公示（{year}年第{k}期）"),
            ("决定", "关于准予{orgname}{licence}的决定"),
            ("公示", "{year}年{subject}行政许可事项办理结果公示（第{k}批）"),
        ),
        topics=("社会组织", "养老服务", "教育", "医疗卫生", "就业创业", "行政执法"),
        body="notice",
        doc_kinds=("许",),
        doc_share=0.85,
        status_ok=True,
        disclosure_ok=True,
        size=(1100, 4000),
    ),
    Category(
        key="xzcf",
        title="行政处罚",
        parent="fdzdgknr",
        weight=0.08,
        titles=(
            ("决定书", "{org}行政处罚决定书（{orgname}）"),
            ("公示", "{year}年第{cnk}季度行政处罚案件信息公示"),
            ("决定书", "关于对{orgname}的行政处罚决定（{year}年第{k}号）"),
        ),
        topics=("行政执法",),
        body="penalty",
        any_issuer=True,
        doc_kinds=("罚",),
        doc_share=0.95,
        disclosure_ok=True,
        size=(1100, 3500),
    ),
    Category(
        key="shjz",
        title="社会救助",
        parent="fdzdgknr",
        weight=0.10,
        titles=(
            ("通知", "关于提高{year}年{subject}标准的通知"),
            ("公示", "{year}年{month}月{subject}资金发放情况公示"),
            ("通知", "关于做好{year}年冬春{subject}工作的通知"),
            ("办法", "{city}{subject}审核确认办法"),
            ("意见", "关于健全{subject}制度的实施意见"),
        ),
        topics=("社会救助", "儿童福利", "残疾人服务"),
        doc_kinds=("发", "办发", "规"),
        doc_share=0.95,
        status_ok=True,
        disclosure_ok=True,
        size=(1300, 7900),
    ),
    Category(
        key="ylfw",
        title="养老服务",
        parent="fdzdgknr",
        weight=0.08,
        titles=(
            ("通知", "关于公布{year}年度{subject}评定结果的通知"),
            ("公示", "{year}年第{cnk}批{subject}项目名单公示"),
            ("意见", "关于推进{subject}的实施意见"),
            ("方案", "{year}年{subject}提升行动方案"),
        ),
        topics=("养老服务",),
        doc_kinds=("发", "办发"),
        doc_share=0.95,
        status_ok=True,
        disclosure_ok=True,
        size=(1300, 7900),
    ),
    Category(key="zcjd", title="政策解读", parent="fdzdgknr", weight=0, body="interp"),
    Category(key="qtxx", title="其他公开信息", parent=None, weight=0),
    Category(
        key="gzdt",
        title="工作动态",
        parent="qtxx",
        weight=0.14,
        titles=(
            ("信息", "{org}召开{year}年{subject}工作推进会"),
            ("信息", "{city_short}开展{subject}专项督导检查"),
            ("信息", "{org}举办{subject}业务培训班"),
            ("信息", "{org}赴{district}调研{subject}工作"),
            ("信息", "{district}{subject}工作取得新进展"),
        ),
        body="news",
        update_every_days=30,
        size=(1100, 3000),
    ),
    Category(
        key="tzgg",
        title="通知公告",
        parent="qtxx",
        weight=0.08,
        titles=(
            ("公告", "关于征求《{city}{subject}办法（征求意见稿）》意见的公告"),
            ("公告", "关于开展{year}年度{subject}年度检查的公告"),
            ("公示", "关于{year}年{subject}项目拟支持名单的公示"),
            ("通知", "关于{year}年{subject}有关事项的通知"),
        ),
        body="notice",
        doc_kinds=("发", "函"),
        doc_share=0.6,
        status_ok=True,
        disclosure_ok=True,
        size=(1100, 4000),
    ),
    Category(
        key="jytabl",
        title="建议提案办理",
        parent="qtxx",
        weight=0.03,
        titles=(
            ("答复", "对市人大{session}第{k}号建议的答复"),
            ("答复", "对市政协{session}第{k}号提案的答复"),
        ),
        body="reply",
        doc_kinds=("建",),
        doc_share=0.8,
        disclosure_ok=True,
        size=(1300, 4500),
    ),
    Category(
        key="ndbg", title="年度报告", parent=None, weight=0, body="report", update_every_days=366
    ),
)

CATEGORY = {c.key: c for c in CATEGORIES}
TOPIC = {t.name: t for t in phrases.TOPICS}
ISSUER = {i.name: i for i in ISSUERS}

SITE_CONTACT = {
    "address": "示例市青云区政务大道1号",
    "postcode": "750001",
    "phone": "0951-5550100",
    "fax": "0951-5550101",
    "email": "gk@example.gov.cn",
    "hours": "工作日上午9:00—12:00，下午13:30—17:30",
}


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class Calendar:
    """Working days between START and END (official holidays; weekends if out of data)."""

    days: tuple[int, ...]  # date ordinals, ascending

    def back(self, day: dt.date) -> dt.date:
        """Return the last working day on or before *day* (START at the earliest)."""
        i = bisect.bisect_right(self.days, day.toordinal()) - 1
        return dt.date.fromordinal(self.days[max(i, 0)])

    def forward(self, day: dt.date) -> dt.date:
        """Return the first working day on or after *day* (END's working day at the latest)."""
        i = bisect.bisect_left(self.days, day.toordinal())
        return dt.date.fromordinal(self.days[min(i, len(self.days) - 1)])

    def add(self, day: dt.date, workdays: int) -> dt.date:
        """Return the working day *workdays* after the working day *day*, capped at the end."""
        i = bisect.bisect_left(self.days, day.toordinal()) + workdays
        return dt.date.fromordinal(self.days[min(i, len(self.days) - 1)])


def _is_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def make_calendar() -> Calendar:
    """Return the working-day calendar of the corpus period."""
    first = START.toordinal()
    days = range(first, END.toordinal() + 1)
    return Calendar(tuple(o for o in days if _is_workday(dt.date.fromordinal(o))))


# --------------------------------------------------------------------------- text filling

Template = tuple[str, tuple[str, ...]]


def _tpl(text: str) -> Template:
    names = tuple(f for _, f, _, _ in string.Formatter().parse(text) if f)
    return text, names


def _tpls(texts: Sequence[str]) -> tuple[Template, ...]:
    return tuple(_tpl(t) for t in texts)


class Deck:
    """Draws templates from a bank without repeats until the bank is used up, then reshuffles."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._piles: dict[int, list[Template]] = {}

    def draw(self, bank: Sequence[Template]) -> Template:
        """Return the next template of *bank* for this item."""
        pile = self._piles.get(id(bank))
        if not pile:
            pile = list(bank)
            self._rng.shuffle(pile)
            self._piles[id(bank)] = pile
        return pile.pop()


@dataclass(frozen=True)
class Ctx:
    """What a template may name about the item being written, and the item's deck."""

    item: Item
    bank: TopicBank
    deck: Deck
    extra: Mapping[str, str] = field(default_factory=dict)


def _cn(n: int) -> str:
    """Return *n* (1..99) in Chinese numerals: 1 → 一, 12 → 十二, 40 → 四十."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return head + (CN_DIGITS[ones] if ones else "")


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _subject(ctx: Ctx, rng: random.Random) -> str:
    return ctx.item.subject if rng.random() < 0.5 else rng.choice(ctx.bank.subjects)


def _orgname(rng: random.Random) -> str:
    return CITY + rng.choice(phrases.ORG_NAMES) + rng.choice(phrases.ORG_TYPES)


def _plan_name(year: int) -> str:
    return "十" + _cn(min(max((year - 2011) // 5 + 2, 2), 5)) + "五"


def _session(year: int) -> str:
    return f"{_cn(14 + (year - 2012) // 5)}届{_cn((year - 2012) % 5 + 1)}次会议"


SLOTS: Mapping[str, Callable[[Ctx, random.Random], str]] = {
    "org": lambda c, r: c.item.issuer.name,
    "short": lambda c, r: c.item.issuer.city_short,
    "city_short": lambda c, r: c.item.issuer.city_short,
    "city": lambda c, r: CITY,
    "dept": lambda c, r: c.item.department or "办公室",
    "year": lambda c, r: str(c.item.written.year),
    "prev": lambda c, r: str(c.item.written.year - 1),
    "subject": _subject,
    "term": lambda c, r: r.choice(c.bank.terms),
    "topic": lambda c, r: c.bank.name,
    "amount": lambda c, r: f"{r.uniform(12, 9800):.1f}",
    "count": lambda c, r: str(r.randint(12, 48000)),
    "small": lambda c, r: str(r.randint(2, 60)),
    "pct": lambda c, r: f"{r.uniform(85, 99.9):.1f}",
    "month": lambda c, r: str(r.randint(1, 12)),
    "day": lambda c, r: str(r.randint(1, 28)),
    "district": lambda c, r: CITY + r.choice(phrases.DISTRICTS),
    "orgname": lambda c, r: _orgname(r),
    "pubdate": lambda c, r: f"{c.item.published.month}月{c.item.published.day}日",
    "k": lambda c, r: str(r.randint(1, 48)),
    "cnk": lambda c, r: _cn(r.randint(1, 4)),
    "plan": lambda c, r: _plan_name(c.item.written.year),
    "period": lambda c, r: f"{c.item.written.year}—{c.item.written.year + 2}",
    "session": lambda c, r: _session(c.item.written.year),
    "fund": lambda c, r: r.choice(phrases.FUNDS),
    "licence": lambda c, r: r.choice(phrases.LICENCES),
}


def fill(tpl: Template, ctx: Ctx, rng: random.Random) -> str:
    """Return *tpl* with each field drawn for *ctx* (``ctx.extra`` wins over the slots)."""
    text, names = tpl
    if not names:
        return text
    values = {n: ctx.extra[n] if n in ctx.extra else SLOTS[n](ctx, rng) for n in names}
    return text.format_map(values)


def _sentences(
    ctx: Ctx,
    rng: random.Random,
    k: int,
    topic_share: float = 0.45,
    generic: Sequence[Template] | None = None,
) -> str:
    topics = ctx.item.topics
    name = ctx.bank.name if len(topics) == 1 or rng.random() < 0.7 else rng.choice(topics[1:])
    own = _TOPIC_TPLS[name]
    other = _GENERIC if generic is None else generic
    return "".join(
        fill(ctx.deck.draw(own if rng.random() < topic_share else other), ctx, rng)
        for _ in range(k)
    )


def _no_figures(tpls: Sequence[Template]) -> tuple[Template, ...]:
    """Return the templates that state no invented figures (for texts that report real counts)."""
    return tuple(t for t in tpls if not {"count", "amount", "small"} & set(t[1]))


_GENERIC = _tpls(phrases.GENERIC)
_TOPIC_TPLS = {t.name: _tpls(t.sentences) for t in phrases.TOPICS}
_INTROS = _tpls(phrases.INTROS)
_SUB_HEADS = _tpls(phrases.SUB_HEADS)
_CLOSINGS = _tpls(phrases.CLOSINGS)
_NEWS_KINDS = tuple((k.marker, _tpls(k.openings), _tpls(k.sentences)) for k in phrases.NEWS_KINDS)
_REPORT_TPLS = _no_figures(_GENERIC) + _no_figures(_TOPIC_TPLS["政务公开"])
_REPLY = _tpls(phrases.REPLY_SENTENCES)
_DUTIES = _tpls(phrases.DUTIES)
_FACTS = _tpls(phrases.PENALTY_FACTS)
_TITLES = {c.key: tuple((g, _tpl(t)) for g, t in c.titles) for c in CATEGORIES}


# --------------------------------------------------------------------------- bodies


@dataclass(frozen=True)
class Parts:
    """A body as fixed head and tail blocks around an endless filler stream.

    ``{next}`` in a tail block becomes the Chinese number after the last filler block (articles).
    """

    head: list[str]
    filler: Iterator[str]
    tail: list[str]


def _size(block: str) -> int:
    return len(block.encode()) + 2  # blocks are joined by a blank line


def assemble(parts: Parts, target: int) -> str:
    """Return head + filler blocks up to about *target* bytes + tail, within the size limits."""
    blocks = list(parts.head)
    fixed = sum(_size(b) for b in parts.head) + sum(_size(b) for b in parts.tail)
    total = fixed
    for block in parts.filler:
        size = _size(block)
        if total + size > MAX_BODY_BYTES - 16:
            break
        blocks.append(block)
        total += size
        if total >= target:
            break
    used = len(blocks) - len(parts.head)
    blocks.extend(t.replace("{next}", _cn(used + 1)) for t in parts.tail)
    return "\n\n".join(blocks) + "\n"


def _sign_off(ctx: Ctx) -> list[str]:
    item = ctx.item
    lines = [item.issuer.name, _cn_date(item.written)]
    if item.disclosure == PROACTIVE:
        lines.append("（此件公开发布）")
    return lines


def _ordered_heads(rng: random.Random, heads: Sequence[str]) -> Iterator[str]:
    """Yield a random selection of *heads* in their given order, then the ones left out."""
    chosen = sorted(rng.sample(range(len(heads)), rng.randint(len(heads) // 2, len(heads))))
    yield from (heads[i] for i in chosen)
    yield from (h for i, h in enumerate(heads) if i not in chosen)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(r) + " |" for r in rows)
    return "\n".join(lines)


def _fund_table(rng: random.Random) -> str:
    districts = rng.sample(phrases.DISTRICTS, rng.randint(3, len(phrases.DISTRICTS)))
    rows: list[list[str]] = []
    total_tenths = 0
    for d in districts:
        tenths = rng.randint(500, 60000)
        total_tenths += tenths
        rows.append([d, f"{tenths / 10:.1f}"])
    rows.append(["合计", f"{total_tenths / 10:.1f}"])
    return "单位：万元\n\n" + _table(["区（县）", "金额"], rows)


def _indicator_table(ctx: Ctx, rng: random.Random) -> str:
    year = ctx.item.written.year
    rows = []
    for name in ctx.bank.indicators:
        last = rng.randint(20, 40000)
        now = max(1, round(last * rng.uniform(0.85, 1.25)))
        rows.append([name, str(now), str(last), f"{(now - last) / last * 100:.1f}"])
    return _table(["指标", f"{year}年", f"{year - 1}年", "增减（%）"], rows)


def _policy_sections(ctx: Ctx, rng: random.Random) -> Iterator[str]:
    heads = _ordered_heads(rng, phrases.SECTION_HEADS)
    for i in range(1, len(phrases.SECTION_HEADS) + 1):
        style = rng.random()
        head = f"{_cn(i)}、{next(heads)}"
        yield head + "\n\n" + _sentences(ctx, rng, rng.randint(1, 2))
        for j in range(1, rng.randint(2, 4) + 1):
            if style < 0.5:
                sub = fill(ctx.deck.draw(_SUB_HEADS), ctx, rng)
                yield f"（{_cn(j)}）{sub}。" + _sentences(ctx, rng, rng.randint(1, 3))
            else:
                lead = rng.choice(phrases.BOLD_LEADS)
                yield f"{j}. **{lead}**。" + _sentences(ctx, rng, rng.randint(1, 3))
        if rng.random() < 0.12:
            yield _indicator_table(ctx, rng) if rng.random() < 0.5 else _fund_table(rng)


def _articles(ctx: Ctx, rng: random.Random) -> Iterator[str]:
    yield (
        f"第一条 为规范{ctx.item.subject}工作，保障群众合法权益，根据有关法律法规，"
        f"结合本市实际，制定本{ctx.item.genre}。"
    )
    for i in range(2, 99):
        yield f"第{_cn(i)}条 " + _sentences(ctx, rng, rng.randint(1, 2), topic_share=0.6)


def _body_policy(ctx: Ctx, rng: random.Random) -> Parts:
    if ctx.item.genre in ("办法", "规定"):
        start = _cn_date(ctx.item.valid_from or ctx.item.published)
        tail = ["第{next}条 本" + ctx.item.genre + f"自{start}起施行。"]
        return Parts(head=[], filler=_articles(ctx, rng), tail=tail)
    head = [ctx.item.issuer.salutation, fill(ctx.deck.draw(_INTROS), ctx, rng)]
    tail = [fill(ctx.deck.draw(_CLOSINGS), ctx, rng), *_sign_off(ctx)]
    return Parts(head=head, filler=_policy_sections(ctx, rng), tail=tail)


def _news(ctx: Ctx, rng: random.Random, bank: Sequence[Template]) -> Iterator[str]:
    while True:
        yield "".join(fill(ctx.deck.draw(bank), ctx, rng) for _ in range(rng.randint(2, 3)))
        yield _sentences(ctx, rng, rng.randint(1, 2))


def _body_news(ctx: Ctx, rng: random.Random) -> Parts:
    _, openings, bank = next(k for k in _NEWS_KINDS if k[0] in ctx.item.title)
    head = [fill(rng.choice(openings), ctx, rng) + _sentences(ctx, rng, 1)]
    return Parts(head=head, filler=_news(ctx, rng, bank), tail=[])


def _notice_rows(ctx: Ctx, rng: random.Random) -> str:
    rows = []
    for i in range(1, rng.randint(4, 12) + 1):
        day = ctx.item.written - dt.timedelta(days=rng.randint(0, 40))
        rows.append([str(i), _orgname(rng), rng.choice(phrases.LICENCES), day.isoformat()])
    return _table(["序号", "单位名称", "事项", "决定日期"], rows)


def _notice_filler(ctx: Ctx, rng: random.Random) -> Iterator[str]:
    yield _notice_rows(ctx, rng)
    while True:
        yield _sentences(ctx, rng, rng.randint(2, 4))


def _body_notice(ctx: Ctx, rng: random.Random) -> Parts:
    start = ctx.item.published
    until = start + dt.timedelta(days=7)
    head = [
        f"根据{ctx.item.subject}有关规定，现将有关情况予以公示。",
        f"公示期为{_cn_date(start)}至{_cn_date(until)}。",
    ]
    tail = [
        f"公示期间，如有异议，请以书面形式向{ctx.item.issuer.city_short}"
        f"{ctx.item.department or '办公室'}反映。",
        *_sign_off(ctx),
    ]
    return Parts(head=head, filler=_notice_filler(ctx, rng), tail=tail)


_ORG_IN_TITLE = re.compile(CITY + "[^（）的]+?(?:" + "|".join(phrases.ORG_TYPES) + ")")


def _body_penalty(ctx: Ctx, rng: random.Random) -> Parts:
    named = _ORG_IN_TITLE.search(ctx.item.title)
    head = [
        f"当事人：{named.group(0) if named else _orgname(rng)}",
        f"住所：{CITY}{rng.choice(phrases.DISTRICTS)}{rng.choice(phrases.ORG_NAMES)}路{rng.randint(1, 300)}号",
        "违法事实：" + fill(ctx.deck.draw(_FACTS), ctx, rng),
        f"处罚依据：{rng.choice(phrases.PENALTY_BASES)}。",
        f"处罚决定：给予警告，并处罚款人民币{rng.randint(1, 50) * 1000}元。",
        "履行方式和期限：当事人应当自收到本决定书之日起十五日内到指定银行缴纳罚款。",
    ]
    tail = [
        "救济途径：当事人如不服本处罚决定，可以在收到本决定书之日起六十日内依法申请行政复议，"
        "或者在六个月内依法向人民法院提起行政诉讼。",
        *_sign_off(ctx),
    ]
    filler = (_sentences(ctx, rng, rng.randint(2, 3)) for _ in range(99))
    return Parts(head=head, filler=filler, tail=tail)


def _budget_filler(ctx: Ctx, rng: random.Random) -> Iterator[str]:
    heads = ("收入预算说明", "支出预算说明", "“三公”经费说明", "机关运行经费", "绩效目标情况")
    for i, head in enumerate(heads, start=1):
        yield f"（{_cn(i)}）{head}\n\n" + _sentences(ctx, rng, rng.randint(2, 4), topic_share=0.6)
        if rng.random() < 0.4:
            yield _fund_table(rng)
    while True:
        yield _sentences(ctx, rng, rng.randint(2, 3))


def _body_budget(ctx: Ctx, rng: random.Random) -> Parts:
    head = [
        f"根据预算公开有关规定，现将{ctx.item.issuer.name}有关情况公开如下。",
        _indicator_table(replace(ctx, bank=TOPIC["预算决算"]), rng),
    ]
    return Parts(head=head, filler=_budget_filler(ctx, rng), tail=_sign_off(ctx))


def _body_reply(ctx: Ctx, rng: random.Random) -> Parts:
    who = "委员" if "提案" in ctx.item.title else "代表"
    head = [
        f"尊敬的{who}：",
        f"您提出的《关于加强{ctx.item.subject}工作的{'提案' if who == '委员' else '建议'}》收悉。"
        "经认真研究，现答复如下：",
    ]
    filler = (
        f"{_cn(i)}、"
        + "".join(fill(ctx.deck.draw(_REPLY), ctx, rng) for _ in range(2))
        + _sentences(ctx, rng, rng.randint(1, 3))
        for i in range(1, 99)
    )
    return Parts(head=head, filler=filler, tail=_sign_off(ctx))


def _body_duties(ctx: Ctx, rng: random.Random) -> Parts:
    head = [f"{ctx.item.issuer.name}是市人民政府工作部门。主要职责是："]
    return Parts(head=head, filler=_duties(ctx, rng), tail=[])


def _duties(ctx: Ctx, rng: random.Random) -> Iterator[str]:
    for i, duty in enumerate(_DUTIES, start=1):
        yield f"（{_cn(i)}）" + fill(duty, ctx, rng)
    yield "内设机构："
    for dept in ctx.item.issuer.departments:
        yield f"{dept}：承担{rng.choice(ctx.bank.subjects)}相关工作。" + _sentences(ctx, rng, 1)
    while True:
        yield _sentences(ctx, rng, 2)


def _body_interp(ctx: Ctx, rng: random.Random) -> Parts:
    title = ctx.extra["ptitle"]
    head = [f"近日，{ctx.item.issuer.name}印发了《{title}》。现就有关内容解读如下："]
    heads = _ordered_heads(rng, phrases.INTERP_HEADS)
    filler = (
        f"{_cn(i)}、{next(heads)}\n\n" + _sentences(ctx, rng, rng.randint(2, 4), topic_share=0.6)
        for i in range(1, len(phrases.INTERP_HEADS) + 1)
    )
    return Parts(head=head, filler=filler, tail=[])


BODIES: Mapping[str, Callable[[Ctx, random.Random], Parts]] = {
    "policy": _body_policy,
    "news": _body_news,
    "notice": _body_notice,
    "penalty": _body_penalty,
    "budget": _body_budget,
    "reply": _body_reply,
    "duties": _body_duties,
    "interp": _body_interp,
}


# --------------------------------------------------------------------------- annual reports


@dataclass(frozen=True)
class ReportStats:
    """The counts an annual report of one issuer and year states."""

    proactive: int
    issued: int
    repealed: int
    in_force: int
    licences: int
    penalties: int
    requests: tuple[int, ...]  # new, carried in, granted, partial, refused, unavailable,
    #                             not handled, other, total, carried out


def _request_counts(rng: random.Random, carried_in: int) -> tuple[int, ...]:
    new = rng.randint(3, 60)
    carried_out = rng.randint(0, 3)
    handled = new + carried_in - carried_out
    if handled < 0:
        carried_out, handled = 0, new + carried_in
    parts = [0] * 6
    for _ in range(handled):
        parts[min(int(rng.random() ** 2 * 6), 5)] += 1
    return (new, carried_in, *parts, handled, carried_out)


def report_stats(items: Sequence[Item], seed: int) -> dict[tuple[str, int], ReportStats]:
    """Return consistent report counts per (issuer, year) computed from *items*."""
    rng = random.Random(f"{seed}:reports")
    normative = ("办法", "规定", "意见", "决定")
    by_year: dict[tuple[str, int], Counter[str]] = defaultdict(Counter)
    for it in items:
        key = (it.issuer.name, it.published.year)
        by_year[key]["proactive"] += it.disclosure == PROACTIVE
        by_year[key]["licences"] += it.category.key == "xzxk"
        by_year[key]["penalties"] += it.category.key == "xzcf"
        if it.genre in normative and it.category.key != "zcjd":
            by_year[key]["issued"] += 1
            if it.status in ("废止", "失效") and it.status_date is not None:
                by_year[(it.issuer.name, it.status_date.year)]["repealed"] += 1
    out: dict[tuple[str, int], ReportStats] = {}
    for issuer in ISSUERS:
        in_force, carried = 0, rng.randint(0, 3)
        for year in range(START.year, END.year + 1):
            c = by_year[(issuer.name, year)]
            in_force += c["issued"] - c["repealed"]
            requests = _request_counts(rng, carried)
            carried = requests[-1]
            out[(issuer.name, year)] = ReportStats(
                proactive=c["proactive"],
                issued=c["issued"],
                repealed=c["repealed"],
                in_force=in_force,
                licences=c["licences"],
                penalties=c["penalties"],
                requests=requests,
            )
    return out


def _body_report(ctx: Ctx, rng: random.Random, stats: ReportStats) -> Parts:
    year = ctx.item.report_year or ctx.item.published.year - 1
    org = ctx.item.issuer.name
    head = [
        f"本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据统计期限自{year}年1月1日"
        f"至{year}年12月31日。",
        "## 一、总体情况",
        f"{year}年，{org}认真贯彻落实政务公开工作部署，全年主动公开政府信息{stats.proactive}条。",
    ]
    table2 = _table(
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        [
            ["规章", "0", "0", "0"],
            ["行政规范性文件", str(stats.issued), str(stats.repealed), str(stats.in_force)],
        ],
    )
    table2b = _table(
        ["信息内容", "本年处理决定数量"],
        [["行政许可", str(stats.licences)], ["行政处罚", str(stats.penalties)], ["行政强制", "0"]],
    )
    labels = (
        "本年新收政府信息公开申请数量",
        "上年结转政府信息公开申请数量",
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
        "总计",
        "结转下年度继续办理",
    )
    table3 = _table(
        ["项目", "件数"], [[lab, str(v)] for lab, v in zip(labels, stats.requests, strict=True)]
    )
    table4 = _table(
        ["类别", "维持", "纠正", "其他", "尚未审结", "总计"],
        [["行政复议", "0", "0", "0", "0", "0"], ["行政诉讼", "0", "0", "0", "0", "0"]],
    )
    tail = [
        "## 二、主动公开政府信息情况",
        table2,
        table2b,
        "## 三、收到和处理政府信息公开申请情况",
        table3,
        "## 四、政府信息公开行政复议、行政诉讼情况",
        table4,
        "## 五、存在的主要问题及改进情况",
        "政策解读形式还不够丰富，部分栏目更新不够及时。下一步将加强统筹，完善工作机制。",
        "## 六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    ]
    bank = TOPIC["政务公开"]
    filler = (
        _sentences(replace(ctx, bank=bank), rng, rng.randint(2, 3), 0, _REPORT_TPLS)
        for _ in range(99)
    )
    return Parts(head=head, filler=filler, tail=tail)


# --------------------------------------------------------------------------- planning


def _quota(total: int, weights: Sequence[float]) -> list[int]:
    """Split *total* by *weights* (largest remainder), at least one each when possible."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    counts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    for i, c in enumerate(counts):
        if c == 0 and total >= len(counts):
            donor = max(range(len(counts)), key=lambda j: (counts[j], -j))
            counts[donor] -= 1
            counts[i] = 1
    return counts


def _stratified_dates(rng: random.Random, cal: Calendar, k: int) -> list[dt.date]:
    """Return *k* working days spread evenly over the period, the last one at its end."""
    span = (END - START).days
    dates = [
        cal.back(START + dt.timedelta(days=int((j + rng.random()) * span / k))) for j in range(k)
    ]
    if dates:
        dates[-1] = cal.back(END)
    return dates


def _pick_issuer(rng: random.Random, cat: Category) -> Issuer:
    pool = [
        i for i in ISSUERS if cat.any_issuer or not cat.topics or set(cat.topics) & set(i.topics)
    ]
    pool = pool or list(ISSUERS)
    return rng.choices(pool, weights=[i.weight for i in pool])[0]


def _pick_topics(rng: random.Random, cat: Category, issuer: Issuer) -> tuple[str, ...]:
    own = [t for t in cat.topics if t in issuer.topics] or list(cat.topics) or list(issuer.topics)
    chosen = [rng.choice(own)]
    extra_pool = [t for t in (*issuer.topics, *SHARED_TOPICS) if t not in chosen]
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        t = rng.choice(extra_pool)
        if t not in chosen:
            chosen.append(t)
    return tuple(chosen)


def _keywords(rng: random.Random, topics: Sequence[str]) -> tuple[str, ...]:
    words: list[str] = []
    for t in topics:
        for w in rng.sample(TOPIC[t].terms, rng.randint(1, 2)):
            if w not in words:
                words.append(w)
    return tuple(words[:4])


def _disclosure(
    rng: random.Random, cat: Category, shares: Sequence[float]
) -> tuple[str, str | None]:
    if not cat.disclosure_ok:
        return PROACTIVE, None
    r = rng.random()
    if r < shares[0]:
        return "部分公开", rng.choice(phrases.REASONS_PARTIAL)
    if r < shares[0] + shares[1]:
        return "依申请公开", rng.choice(phrases.REASONS_ON_REQUEST)
    if r < shares[0] + shares[1] + shares[2]:
        return "不予公开", rng.choice(phrases.REASONS_WITHHELD)
    return PROACTIVE, None


def _written(rng: random.Random, cal: Calendar, published: dt.date) -> dt.date:
    lag = rng.randint(0, MAX_WRITTEN_LAG_DAYS)
    return min(cal.forward(published - dt.timedelta(days=lag)), published)


def _published_time(rng: random.Random) -> str | None:
    if rng.random() >= 0.15:
        return None
    return f"{rng.randint(8, 17):02d}:{rng.choice((0, 10, 15, 20, 30, 40, 45, 50)):02d}"


def _title(rng: random.Random, probe: Item, used: set[str]) -> tuple[str, str]:
    """Return an unused (genre, title) for *probe* by retrying, then numbering."""
    bank = TOPIC[probe.topics[0]]
    ctx = Ctx(item=probe, bank=bank, deck=Deck(rng))
    options = _TITLES[probe.category.key]
    genre, title = "", ""
    for _ in range(30):
        genre, tpl = rng.choice(options)
        title = fill(tpl, ctx, rng)
        if title not in used:
            break
    return genre, _unique(title, used)


def _unique(title: str, used: set[str]) -> str:
    """Return *title*, numbered （二）（三）… if already taken, and mark it taken."""
    base, k = title, 2
    while title in used:
        title = f"{base}（{_cn(k) if k < 100 else k}）"
        k += 1
    used.add(title)
    return title


def plan_base(rng: random.Random, cal: Calendar, n: int, total: int, used: set[str]) -> list[Item]:
    """Return *n* ordinary items spread over the columns and the period."""
    cats = [c for c in CATEGORIES if c.weight > 0]
    counts = _quota(n, [c.weight for c in cats])
    eligible = sum(k for c, k in zip(cats, counts, strict=True) if c.disclosure_ok) or 1
    shares = [min(0.3, s * total / eligible) for s in (0.04, 0.03, 0.03)]
    items: list[Item] = []
    for cat, k in zip(cats, counts, strict=True):
        for published in _stratified_dates(rng, cal, k):
            items.append(_plan_one(rng, cal, cat, published, len(items), shares, used))
    return items


def _plan_one(
    rng: random.Random,
    cal: Calendar,
    cat: Category,
    published: dt.date,
    uid: int,
    shares: Sequence[float],
    used: set[str],
) -> Item:
    issuer = _pick_issuer(rng, cat)
    topics = _pick_topics(rng, cat, issuer)
    disclosure, reason = _disclosure(rng, cat, shares)
    probe = Item(
        uid=uid,
        issuer=issuer,
        category=cat,
        genre="",
        title="",
        subject=rng.choice(TOPIC[topics[0]].subjects),
        topics=topics,
        keywords=_keywords(rng, topics) if rng.random() < 0.8 else (),
        department=rng.choice(issuer.departments) if rng.random() < 0.9 else None,
        published=published,
        published_time=_published_time(rng),
        written=_written(rng, cal, published),
        disclosure=disclosure,
        reason=reason,
        doc_kind=rng.choice(cat.doc_kinds)
        if cat.doc_kinds and rng.random() < cat.doc_share
        else None,
    )
    genre, title = _title(rng, probe, used)
    valid_from = None
    if genre in ("办法", "规定", "意见") and rng.random() < 0.6:
        valid_from = published + dt.timedelta(days=rng.randint(0, 30))
    return replace(probe, genre=genre, title=title, valid_from=valid_from)


def _doc_name(policy: Item) -> str:
    """Return the name an interpretation quotes: the document a 印发 notice issues, or the title."""
    name = policy.title
    if name.startswith("关于印发《") and name.endswith("》的通知"):
        return name[len("关于印发《") : -len("》的通知")]
    return policy.issuer.name + name if name.startswith("关于") else name


def _interp_title(rng: random.Random, policy: Item) -> str:
    name = _doc_name(policy)
    return rng.choice((f"《{name}》政策解读", f"一图读懂《{name}》", f"关于《{name}》的解读"))


def plan_interpretations(
    rng: random.Random, cal: Calendar, base: Sequence[Item], k: int, used: set[str]
) -> list[Item]:
    """Return *k* 政策解读 items, each explaining a distinct earlier proactive policy."""
    policies = sorted(
        (
            it
            for it in base
            if it.category.key in ("bmwj", "ghjh", "shjz", "ylfw")
            and it.genre in POLICY_GENRES
            and it.disclosure == PROACTIVE
        ),
        key=lambda it: (it.published, it.uid),
    )
    if not policies or k == 0:
        return []
    size = len(policies)
    picks = [
        policies[rng.randrange(j * size // k, max((j + 1) * size // k, j * size // k + 1))]
        for j in range(k)
    ]
    out: list[Item] = []
    seen: set[int] = set()
    for policy in picks:
        if policy.uid in seen:
            continue
        seen.add(policy.uid)
        published = cal.add(policy.published, rng.randint(0, 3))
        title = _unique(_interp_title(rng, policy), used)
        out.append(
            replace(
                policy,
                uid=len(base) + len(out),
                category=CATEGORY["zcjd"],
                genre="解读",
                title=title,
                published=published,
                published_time=_published_time(rng),
                written=max(policy.written, _written(rng, cal, published)),
                department=policy.department or "政策法规处",
                doc_kind=None,
                valid_from=None,
                interprets=policy.uid,
            )
        )
    return out


def plan_reports(rng: random.Random, cal: Calendar, k: int, first_uid: int) -> list[Item]:
    """Return up to *k* annual reports, newest years first, published in January."""
    slots = [(y, i) for y in range(END.year - 1, START.year - 1, -1) for i in ISSUERS][:k]
    out: list[Item] = []
    for year, issuer in slots:
        published = cal.forward(dt.date(year + 1, 1, rng.randint(8, 24)))
        out.append(
            Item(
                uid=first_uid + len(out),
                issuer=issuer,
                category=CATEGORY["ndbg"],
                genre="报告",
                title=f"{issuer.name}{year}年政府信息公开工作年度报告",
                subject="政府信息公开",
                topics=("政务公开",),
                keywords=("年度报告", "政府信息公开"),
                department="办公室",
                published=published,
                published_time=_published_time(rng),
                written=cal.forward(published - dt.timedelta(days=rng.randint(0, 5))),
                disclosure=PROACTIVE,
                reason=None,
                doc_kind=None,
                report_year=year,
            )
        )
    return out


# --------------------------------------------------------------------------- numbering


def assign_serials(items: Sequence[Item]) -> list[Item]:
    """Number items per issuer and year of publication, in order of publication."""
    order = sorted(items, key=lambda it: (it.issuer.code, it.published, it.uid))
    counters: Counter[tuple[str, int]] = Counter()
    out: dict[int, Item] = {}
    for it in order:
        key = (it.issuer.code, it.published.year)
        counters[key] += 1
        out[it.uid] = replace(it, serial=counters[key])
    return [out[it.uid] for it in items]


def assign_doc_nos(items: Sequence[Item]) -> list[Item]:
    """Give 文号 per issuer, kind and year of signing, in order of signing."""
    order = sorted((it for it in items if it.doc_kind), key=lambda it: (it.written, it.uid))
    counters: Counter[tuple[str, str, int]] = Counter()
    numbered: dict[int, str] = {}
    for it in order:
        kind = it.doc_kind or ""
        key = (it.issuer.short, kind, it.written.year)
        counters[key] += 1
        numbered[it.uid] = f"{it.issuer.short}{kind}〔{it.written.year}〕{counters[key]}号"
    return [replace(it, doc_no=numbered[it.uid]) if it.uid in numbered else it for it in items]


def _replacement(rng: random.Random, item: Item, pool: Sequence[Item]) -> Item | None:
    """Return a later proactive item of *pool* (sorted by date) to replace *item*, if any."""
    i = bisect.bisect_right([p.published for p in pool], item.published)
    later = pool[i : i + 60]
    return rng.choice(later) if later else None


def assign_statuses(rng: random.Random, items: Sequence[Item], n: int) -> list[Item]:
    """Mark about 5 % each 失效, 废止 and 已修改, with dates and what replaced them."""
    eligible = [it for it in items if it.category.status_ok]
    share = min(0.3, 0.05 * n / max(len(eligible), 1))
    pools: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for it in sorted(items, key=lambda it: (it.published, it.uid)):
        if it.disclosure == PROACTIVE and it.category.status_ok:
            pools[(it.issuer.code, it.category.key)].append(it)
    out: dict[int, Item] = {}
    for it in eligible:
        r = rng.random()
        if r < share:
            out[it.uid] = _expire(rng, it)
        elif r < 3 * share:
            status = "废止" if r < 2 * share else "已修改"
            out[it.uid] = _replace(rng, it, status, pools[(it.issuer.code, it.category.key)])
    return [out.get(it.uid, it) for it in items]


def _expire(rng: random.Random, item: Item) -> Item:
    day = item.published + dt.timedelta(days=rng.randint(365, 5 * 365))
    if day > END:
        return item
    until = day if rng.random() < 0.5 else None
    return replace(item, status="失效", status_date=day, valid_until=until)


def _replace(rng: random.Random, item: Item, status: str, pool: Sequence[Item]) -> Item:
    if rng.random() < 0.05:
        day = item.published + dt.timedelta(days=rng.randint(180, 2000))
        if day <= END:
            doc = rng.choice(phrases.OUTSIDE_DOCUMENTS)
            return replace(item, status=status, status_date=day, replaced_by=doc)
    other = _replacement(rng, item, pool)
    if other is None:
        return item
    return replace(item, status=status, status_date=other.published, replaced_by=other.index_no)


def plan(n: int, seed: int) -> list[Item]:
    """Return the *n* fully numbered items of the corpus for *seed*."""
    rng = random.Random(seed)
    cal = make_calendar()
    used: set[str] = set()
    n_reports = min(len(ISSUERS) * (END.year - START.year), n // 12)
    n_interp = round(n * 0.05)
    base = plan_base(rng, cal, n - n_reports - n_interp, n, used)
    interps = plan_interpretations(rng, cal, base, n_interp, used)
    first = len(base) + len(interps)
    reports = plan_reports(rng, cal, n - first, first)
    items = assign_doc_nos(assign_serials([*base, *interps, *reports]))
    return assign_statuses(rng, items, n)


# --------------------------------------------------------------------------- writing


def _fm_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(values) + "]"


def front_matter(item: Item, lookup: Mapping[int, Item]) -> str:
    """Return the YAML front matter of *item*, keys in the contract's order."""
    published = item.published.isoformat()
    if item.published_time:
        published += " " + item.published_time
    rows: list[tuple[str, str | None]] = [
        ("title", item.title),
        ("index_no", item.index_no),
        ("issuer", item.issuer.name),
        ("department", item.department),
        ("doc_no", item.doc_no),
        ("written", item.written.isoformat()),
        ("published", published),
        ("status", item.status),
        ("status_date", item.status_date.isoformat() if item.status_date else None),
        ("replaced_by", item.replaced_by),
        ("disclosure", item.disclosure),
        ("reason", item.reason),
        ("category", item.category.key),
        ("topics", _fm_list(item.topics)),
        ("genre", item.genre),
        ("keywords", _fm_list(item.keywords) if item.keywords else None),
        ("valid_from", item.valid_from.isoformat() if item.valid_from else None),
        ("valid_until", item.valid_until.isoformat() if item.valid_until else None),
        ("interprets", lookup[item.interprets].index_no if item.interprets is not None else None),
    ]
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in rows if v is not None) + "---\n\n"


def body(
    item: Item,
    lookup: Mapping[int, Item],
    reports: Mapping[tuple[str, int], ReportStats],
    seed: int,
) -> str:
    """Return the Markdown body of *item* (1–8 KB), drawn from its own random stream."""
    rng = random.Random(f"{seed}:{item.uid}")
    lo, hi = item.category.size
    target = int(lo * (hi / lo) ** rng.random())
    ctx = Ctx(item=item, bank=TOPIC[item.topics[0]], deck=Deck(rng))
    if item.category.key == "ndbg":
        year = item.report_year or item.published.year - 1
        parts = _body_report(ctx, rng, reports[(item.issuer.name, year)])
        return assemble(parts, max(target, 4000))
    if item.interprets is not None:
        ctx = replace(ctx, extra={"ptitle": _doc_name(lookup[item.interprets])})
    return assemble(BODIES[item.category.body](ctx, rng), target)


def catalog_yaml() -> str:
    """Return catalog.yml: site settings, issuers, the tree, topics, rules."""
    c = SITE_CONTACT
    lines = [
        "site:",
        "  title: 示例市政府信息公开",
        "  organization: 示例市人民政府办公室",
        "  base_url: https://example.gov.cn/xxgk/",
        "  language: zh-CN",
        "  contact:",
        *(f"    {k}: {c[k]}" for k in ("address", "postcode", "phone", "fax", "email", "hours")),
        "  site_code: '6401000000'",
        "  icp: 示ICP备0001号-1",
        "  police_record: 示公网安备0001号",
        "issuers:",
    ]
    for i in ISSUERS:
        lines += [
            f"  - name: {i.name}",
            f"    code: {i.code}",
            '    index_pattern: "{code}/{year}-{serial:05d}"',
        ]
    lines.append("catalog:")
    for parent in (cat for cat in CATEGORIES if cat.parent is None):
        lines += _node_lines(parent, "  ")
        children = [ch for ch in CATEGORIES if ch.parent == parent.key]
        if children:
            lines.append("    children:")
            for ch in children:
                lines += _node_lines(ch, "      ")
    lines.append("topics: [" + ", ".join(t.name for t in phrases.TOPICS) + "]")
    lines += ["rules:", "  publish_within_working_days: 20", "  list_withheld_items: false"]
    return "\n".join(lines) + "\n"


def _node_lines(cat: Category, indent: str) -> list[str]:
    lines = [f"{indent}- key: {cat.key}", f"{indent}  title: {cat.title}"]
    if cat.update_every_days:
        lines.append(f"{indent}  update_every_days: {cat.update_every_days}")
    return lines


PAGES = (
    ("gkzn", "政府信息公开指南", phrases.PAGE_GUIDE),
    ("gkzd", "政府信息公开制度", phrases.PAGE_RULES),
    ("ysqgk", "依申请公开", phrases.PAGE_REQUEST),
)


def page_texts() -> list[tuple[str, str]]:
    """Return (relative path, text) of the free pages."""
    values = {"org": "示例市人民政府办公室", **SITE_CONTACT}
    return [
        (
            f"content/pages/{slug}.md",
            f"---\ntitle: {title}\nslug: {slug}\n---\n\n{text.format_map(values)}",
        )
        for slug, title, text in PAGES
    ]


def generate(n: int, out: Path, seed: int = 1) -> CorpusStats:
    """Write the corpus of *n* items for *seed* into the empty or missing directory *out*."""
    t0 = time.perf_counter()
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    items = plan(n, seed)
    lookup = {it.uid: it for it in items}
    reports = report_stats(items, seed)
    for year in sorted({it.published.year for it in items}):
        (out / "content" / str(year)).mkdir(parents=True, exist_ok=True)
    (out / "content" / "pages").mkdir(parents=True, exist_ok=True)
    body_bytes = total = 0
    files: list[tuple[str, str]] = [("catalog.yml", catalog_yaml()), *page_texts()]
    for rel, text in files:
        total += (out / rel).write_bytes(text.encode())
    for it in sorted(items, key=lambda it: it.path):
        text = body(it, lookup, reports, seed)
        data = (front_matter(it, lookup) + text).encode()
        body_bytes += len(text.encode())
        total += (out / it.path).write_bytes(data)
    seconds = time.perf_counter() - t0
    return CorpusStats(n, seed, len(items), len(items) + len(files), body_bytes, total, seconds)


def source_hash() -> str:
    """Return a hash of the generator's sources: a changed generator means a new corpus."""
    h = hashlib.sha256()
    for module in (Path(__file__), Path(phrases.__file__)):
        h.update(module.read_bytes())
    return h.hexdigest()[:16]


# --------------------------------------------------------------------------- verification


@dataclass(frozen=True)
class Report:
    """What ``verify`` found: problems (must be empty) and descriptive counts."""

    problems: list[str]
    counts: dict[str, Counter[str]]


def _split(text: str) -> tuple[dict[str, Any], str]:
    _, fm, rest = text.split("---\n", 2)
    data = yaml.load(fm, Loader=yaml.CSafeLoader)
    assert isinstance(data, dict)
    return data, rest


def _date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _tree_keys(nodes: Sequence[Mapping[str, Any]]) -> list[str]:
    keys: list[str] = []
    for node in nodes:
        keys.append(node["key"])
        keys += _tree_keys(node.get("children", []))
    return keys


def verify(root: Path) -> Report:
    """Re-read the corpus at *root* and return every broken invariant and some counts."""
    catalog = yaml.load((root / "catalog.yml").read_text(), Loader=yaml.CSafeLoader)
    codes = {i["name"]: i["code"] for i in catalog["issuers"]}
    keys, topics = set(_tree_keys(catalog["catalog"])), set(catalog["topics"])
    items: dict[str, tuple[str, dict[str, Any], str]] = {}
    problems: list[str] = []
    for path in sorted((root / "content").rglob("*.md")):
        rel = str(path.relative_to(root))
        text = path.read_text()
        if LONG_DIGITS.search(text):
            problems.append(f"{rel}: long digit run {LONG_DIGITS.search(text)}")
        if rel.startswith("content/pages/"):
            continue
        meta, rest = _split(text)
        if str(meta.get("index_no")) in items:
            problems.append(f"{rel}: duplicate index_no {meta.get('index_no')}")
        items[str(meta.get("index_no"))] = (rel, meta, rest)
        problems += _check_item(rel, meta, rest, codes, keys, topics)
    problems += _check_links(items)
    if len({m["title"] for _, m, _ in items.values()}) != len(items):
        problems.append("titles are not unique")
    return Report(problems=problems, counts=_counts(items))


def _check_item(
    rel: str,
    m: dict[str, Any],
    body_text: str,
    codes: Mapping[str, str],
    keys: set[str],
    topics: set[str],
) -> list[str]:
    p: list[str] = []
    published, written = _date(m["published"]), _date(m["written"])
    expected = re.compile(rf"{re.escape(codes[m['issuer']])}/{published.year}-\d{{5}}")
    if not expected.fullmatch(m["index_no"]):
        p.append(f"{rel}: index_no {m['index_no']}")
    if not (
        START <= written <= published <= END and (published - written).days <= MAX_WRITTEN_LAG_DAYS
    ):
        p.append(f"{rel}: dates {written} {published}")
    if (
        m["category"] not in keys
        or not set(m["topics"]) <= topics
        or not 1 <= len(m["topics"]) <= 3
    ):
        p.append(f"{rel}: category/topics")
    size = len(body_text.encode()) - 1  # the blank line after the front matter
    if not MIN_BODY_BYTES <= size <= MAX_BODY_BYTES:
        p.append(f"{rel}: body {size} bytes")
    if m["disclosure"] != PROACTIVE and not m.get("reason"):
        p.append(f"{rel}: no reason")
    if m["status"] != STATUS_IN_FORCE and not (published <= _date(m["status_date"]) <= END):
        p.append(f"{rel}: status_date")
    if m["status"] in ("废止", "已修改") and not m.get("replaced_by"):
        p.append(f"{rel}: no replaced_by")
    doc_no = m.get("doc_no")
    if doc_no and not re.fullmatch(rf".+〔{written.year}〕[1-9]\d*号", doc_no):
        p.append(f"{rel}: doc_no {doc_no}")
    return p


def _check_links(items: Mapping[str, tuple[str, dict[str, Any], str]]) -> list[str]:
    p: list[str] = []
    for rel, m, _ in items.values():
        target = m.get("interprets")
        if target is not None:
            policy = items.get(target)
            if policy is None or _date(policy[1]["published"]) > _date(m["published"]):
                p.append(f"{rel}: interprets {target}")
            elif policy[1]["disclosure"] != PROACTIVE or m["category"] != "zcjd":
                p.append(f"{rel}: interprets a non-public policy or outside 政策解读")
        by = m.get("replaced_by")
        if by and not by.startswith("《"):
            other = items.get(by)
            if other is None or _date(other[1]["published"]) <= _date(m["published"]):
                p.append(f"{rel}: replaced_by {by}")
    return p


PROBE_TERMS = ("低保", "最低生活保障", "养老服务", "社会救助", "政务公开", "留守儿童", "政府采购")


def _counts(items: Mapping[str, tuple[str, dict[str, Any], str]]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for _, m, text in items.values():
        for key in ("status", "disclosure", "category", "genre"):
            counts[key][str(m.get(key))] += 1
        counts["doc_no"]["with" if m.get("doc_no") else "without"] += 1
        counts["replaced_by"][
            "outside" if str(m.get("replaced_by", "")).startswith("《") else "-"
        ] += 1
        counts["year"][str(_date(m["published"]).year)] += 1
        for term in PROBE_TERMS:
            counts["items containing"][term] += term in text
    return dict(counts)


# --------------------------------------------------------------------------- CLI


def _percent(counter: Counter[str], total: int) -> str:
    return ", ".join(f"{k} {v} ({v / total:.1%})" for k, v in counter.most_common())


def main(argv: Sequence[str] | None = None) -> int:
    """Generate (and optionally verify) a corpus; return the exit status."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__)
    ap.add_argument("--n", type=int, required=True, help="number of items")
    ap.add_argument("--out", type=Path, required=True, help="empty or missing directory")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--verify", action="store_true", help="re-read and check the written corpus")
    args = ap.parse_args(argv)
    stats = generate(args.n, args.out, args.seed)
    print(
        f"{stats.items} items, {stats.files} files, body {stats.body_bytes / 2**20:.1f} MiB, "
        f"total {stats.total_bytes / 2**20:.1f} MiB in {stats.seconds:.1f} s"
    )
    if not args.verify:
        return 0
    report = verify(args.out)
    for name, counter in report.counts.items():
        print(f"{name}: {_percent(counter, stats.items)}")
    for problem in report.problems[:50]:
        print("PROBLEM", problem, file=sys.stderr)
    print(f"verify: {len(report.problems)} problems")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
