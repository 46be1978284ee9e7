"""The search index: an inverted index of small classic-script files, for the web and a disc.

A disc has no server, and browsers block modules, fetch and WebAssembly on `file://`, so every
index file is a classic script that puts its data into `window.GKML_S`; the search page loads
only the files a query needs, with `<script>` tags, over http and from `file://` alike.

- `p/<k>.js`, the postings: each token (a CJK character, two or three adjacent CJK characters,
  an ASCII word, or `=` + a whole 索引号/文号) → the documents that contain it, the token's hash
  choosing the file (about 4 KB each). A query of three or more CJK characters needs the files
  of its triples (of two, its pair). Every document with the term has every triple of it, so
  nothing that contains a term is missed; the pairs serve partial matches.
- the documents, in segments: one a year (newest first), one for the free pages. A segment has
  `t.js`, the filter table (per document, fixed-width codes for 栏目, 发布机构, 效力状态, 文种,
  公开方式 and 主题, from which the page counts the results of each filter value), and one
  `<i>.js` per document with what a result shows (title, 索引号, …, and the text for the
  excerpt), loaded only for the results on screen. A posting names the segment and the numbers.

Document numbers within a segment run oldest first, so a new item is appended and the older
documents keep their numbers and files. A segment's postings are kept in the build cache: a
changed item re-indexes its year only, and the postings files are assembled from the cache.

Only what the public may read is indexed: the metadata of listed items and the text of public
bodies and free pages. A 依申请公开 or 不予公开 body is never read here.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import marshal
import multiprocessing
import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import add, sub
from pathlib import Path

from generator import urls, views
from generator.catalog import Catalog
from generator.config import CatalogNode
from generator.edition import character_pairs, convert_text, to_traditional_all
from generator.fields import Disclosure, Status
from generator.frontmatter import read_body
from generator.item import Item
from generator.page import Page
from generator.stamp import code_fingerprint

SEARCH_DIR = "search"
META = f"{SEARCH_DIR}/meta.js"
TEXT = 11  # a record's text, after what a result shows of its document (`_record`)
HANT = f"{SEARCH_DIR}/hant.js"  # the 繁體 search page's characters (`edition.character_pairs`)
PAGES = "pages"  # the free pages' segment
EXCERPT_LIMIT = 20000  # characters of body text per item; enough for any real query
# 64 characters that need no escaping in a JSON string: the alphabet of postings and codes.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
SHARD_BYTES = 4096  # the postings files' size, about
MAX_SHARDS = 65536
POSTINGS = f"{SEARCH_DIR}/p"

_SOURCE_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).digest()  # a new format: new files
# What a page never shows, dropped before the markup: HTML comments (to their `-->`, or to the
# body's end when unclosed, as CommonMark's HTML block runs), <script> and <style> with their
# content (the sanitizer drops them whole), and link reference definitions with their titles
# (`[ref]: url "title"`, the `[//]: # (note)` idiom), but not footnotes (`[^1]: text`), which
# the page shows. A reviewer's walk: `<!-- <p>…</p> -->`, `金额>100万` in a comment and such
# notes went into the search index, and a search showed them as the result's excerpt.
_HIDDEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style)\b.*?(?:</\1\s*>|\Z)"
    r"|^ {0,3}\[(?!\^)[^\]\n]+\]:[^\n]*(?:\n[ \t]*[\"'(][^\n]*)?",
    re.DOTALL | re.MULTILINE | re.IGNORECASE,
)
# Neither looks past the next "<" or "[" (or "(" in a link's address), nor a list mark's
# indent past its line: a body of 150,000 "[" took each one to the end of the text, over
# 150 s, and one of 50,000 <div> lines (blank lines once their tags were spaces) 110 s (two
# security reviews); now linear.
_TAG = re.compile(r"<[^<>]+>")
_MARKDOWN = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)|[#>*_`|~]+|^[ \t]*[-+]\s+|-{3,}", re.MULTILINE)
_SPACE = re.compile(r"\s+")
# The tokens' characters (search.js has the same ranges). Text is NFKC-normalised, lowercased.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NOT_CJK = re.compile(f"[^{CJK}]+")
_WORD = re.compile("[0-9a-z]+")
# Postings: ascending document numbers as gaps, each gap in base 32, the last digit from the
# upper half of the alphabet. A gap below 32 (the common case) is one character.
_GAP = [""] * 1024


def _gap(value: int) -> str:
    digits = [ALPHABET[32 + value % 32]]
    value //= 32
    while value:
        digits.append(ALPHABET[value % 32])
        value //= 32
    return "".join(reversed(digits))


for _n in range(1, len(_GAP)):
    _GAP[_n] = _gap(_n)


@dataclass(frozen=True, slots=True)
class Segment:
    """One year of items (or the free pages), its files' folder and the key of its contents."""

    name: str  # "2024", or "pages"
    key: str
    items: tuple[Item, ...]  # oldest first: document i is items[i]
    documents: int
    # Each document's key (what its record shows, its page's render key): a year whose key
    # changed is indexed again only in the documents whose key changed (see `outputs`).
    parts: tuple[str, ...] = ()

    @property
    def folder(self) -> str:
        return f"{SEARCH_DIR}/{self.name}"


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The filter values with their codes: position + 1 in each list (0: none)."""

    columns: tuple[tuple[str, str], ...]  # (key, title)
    issuers: tuple[str, ...]
    statuses: tuple[str, ...]
    genres: tuple[str, ...]
    disclosures: tuple[str, ...]
    topics: tuple[str, ...]

    def widths(self) -> dict[str, int]:
        """Return the characters of each field's code in a table row."""
        single = {
            "column": len(self.columns),
            "issuer": len(self.issuers),
            "status": len(self.statuses),
            "genre": len(self.genres),
            "disclosure": len(self.disclosures),
        }
        found = {name: 1 if n < 64 else 2 for name, n in single.items()}
        found["topics"] = -(-len(self.topics) // 6)  # a bit a topic, six bits a character
        return found


@dataclass(frozen=True, slots=True)
class Filter:
    """A filter of the search page: its name (also its URL parameter) and its values."""

    name: str
    options: tuple[tuple[str, str], ...]  # (value, label)


def filters(catalog: Catalog) -> tuple[Filter, ...]:
    """Return the search page's filters with their values, in the order search.js knows them."""
    vocab = vocabulary(catalog)

    def same(values: Sequence[str]) -> tuple[tuple[str, str], ...]:
        return tuple((v, v) for v in values)

    years = sorted({i.published.year for i in catalog.listed}, reverse=True)
    return (
        Filter("栏目", vocab.columns),
        Filter("发布机构", same(vocab.issuers)),
        Filter("主题", same(vocab.topics)),
        Filter("年份", tuple((str(y), f"{y}年") for y in years)),
        Filter("效力状态", same(vocab.statuses)),
        Filter("文种", same(vocab.genres)),
    )


def plain_text(markdown: str) -> str:
    """Return the readable text of a Markdown body: what its page shows, without markup or
    URLs, in single spaces."""
    text = _TAG.sub(" ", _HIDDEN.sub(" ", markdown))
    text = _MARKDOWN.sub(lambda m: m.group(1) or " ", text)
    return _SPACE.sub(" ", text).strip()[:EXCERPT_LIMIT]


# Characters that show nothing, which text copied from web pages and Word often carries (a
# zero-width space between 低 and 保 hid the item from 低保): not part of any word. search.js
# folds a query and a record the same way.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
# OpenCC's conversion of traditional characters back to simplified ones, character by character.
_TO_SIMPLIFIED = "t2s"


def normalise(text: str) -> str:
    """Return *text* as the index compares it: NFKC (全角 → 半角), each traditional character
    folded to its simplified one (`folding`), lowercase, without the characters that show
    nothing. search.js does the same to a query, in the same order."""
    text = unicodedata.normalize("NFKC", text)
    if _foldable().search(text):  # rare in a simplified text: most go without translate()
        text = text.translate(_fold_table())
    return _INVISIBLE.sub("", text.lower())


def _raw_tokens(text: str) -> set[str]:
    """Return the tokens of normalised *text*: each CJK character, pair and triple of
    neighbours within a run of CJK characters, each ASCII word.

    A run's pairs and triples are taken in C (`map(add, …)`): a Python loop over each
    character was most of the index's time. One loop over the runs (about one in ten
    characters) costs less than making the tokens that span two runs and dropping them (a
    fifth of a document's tokens: segment_postings 1.6–1.7 s against 1.85–2.0 for 1,500
    items).
    """
    found = set(_WORD.findall(text))
    for run in _NOT_CJK.split(text):
        found.update(run)
        pairs = list(map(add, run, run[1:]))
        found.update(pairs)
        found.update(map(add, pairs, run[2:]))
    return found


def token_hash(token: str) -> int:
    """Return the 32-bit FNV-1a hash of *token*'s UTF-16 code units (search.js computes the same)."""
    value = 0x811C9DC5
    data = token.encode("utf-16-le")
    for unit in memoryview(data).cast("H"):
        value = ((value ^ unit) * 0x01000193) & 0xFFFFFFFF
    return value


def exact_token(value: str) -> str:
    """Return the token that makes a whole 索引号 or 文号 typed into the box find its item first."""
    return "=" + normalise(value).strip()


def encode(numbers: Sequence[int]) -> str:
    """Return ascending *numbers* as gaps (see _GAP); search.js decodes them."""
    # The largest gap is at most numbers[-1] + 1 (the first one counts from -1).
    if numbers and numbers[-1] + 1 >= len(_GAP):
        _GAP.extend(_gap(n) for n in range(len(_GAP), numbers[-1] + 2))
    # The gaps and their digits in C (map), not in a Python loop: 20,000 items have ~36M.
    return "".join(map(_GAP.__getitem__, map(sub, numbers, chain((-1,), numbers))))


def decode(text: str) -> list[int]:
    """Return the numbers that `encode` made *text* of."""
    numbers: list[int] = []
    last, gap = -1, 0
    for char in text:
        digit = ALPHABET.index(char)
        if digit < 32:
            gap = gap * 32 + digit
            continue
        last += gap * 32 + digit - 32
        numbers.append(last)
        gap = 0
    return numbers


def _shard_count(size: int) -> int:
    count = 1
    while count * SHARD_BYTES < size and count < MAX_SHARDS:
        count *= 2
    return count


def vocabulary(catalog: Catalog) -> Vocabulary:
    return Vocabulary(
        columns=tuple((key, listing.title) for key, listing in catalog.category_of.items()),
        issuers=tuple(i.name for i in catalog.config.issuers),
        statuses=tuple(s.value for s in Status),
        genres=tuple(sorted({i.genre for i in catalog.listed if i.genre})),
        disclosures=tuple(d.value for d in Disclosure),
        topics=tuple(catalog.config.topics),
    )


def segments(catalog: Catalog, keys: Mapping[str, str], pages: Sequence[Page]) -> list[Segment]:
    """Return the segments, newest year first, then the free pages; *keys* are the render keys.

    A segment's key covers every field its documents show and the render key of each page whose
    body it indexes, so an unchanged key means unchanged files.
    """
    by_year: dict[int, list[Item]] = defaultdict(list)
    for item in reversed(catalog.listed):  # oldest first
        by_year[item.published.year].append(item)
    base = _base(catalog)
    found = []
    for year in sorted(by_year, reverse=True):
        items = by_year[year]
        digest = hashlib.sha256(base.encode())
        parts = []
        for item in items:
            part = hashlib.sha256(
                json.dumps(_record(catalog, item, ""), ensure_ascii=False).encode()
            )
            part.update(keys.get(views.item_page_path(item), "no page").encode())
            parts.append(part.hexdigest())
            digest.update(parts[-1].encode())
        name = str(year)
        found.append(Segment(name, digest.hexdigest(), tuple(items), len(items), tuple(parts)))
    digest = hashlib.sha256(_SOURCE_DIGEST)
    for page in pages:
        digest.update(f"{page.slug}\n{page.title}\n{page.path}\n".encode())
        # Its render key covers its body: a changed text indexes the free pages again.
        digest.update(keys.get(urls.page_path(page.slug), "no page").encode())
    found.append(Segment(PAGES, digest.hexdigest(), (), len(pages)))
    return found


def _base(catalog: Catalog) -> str:
    """Return what every year's files depend on: this module, the filters' values and the
    繁體 edition's conversion (a record holds its title in 繁體, `with_hant_titles`)."""
    vocab = json.dumps(dataclasses.astuple(vocabulary(catalog)), ensure_ascii=False).encode()
    conversion = catalog.config.site.conversion()
    hant = json.dumps(dataclasses.astuple(conversion) if conversion else None).encode()
    return hashlib.sha256(_SOURCE_DIGEST + vocab + hant).hexdigest()


def with_hant_titles(catalog: Catalog, records: list[list[object]]) -> list[list[object]]:
    """Return *records*, each with its title as the 繁體 edition prints it after its text,
    when the site has that edition: what the 繁體 search page shows (a reader's walk: every
    result was in the simplified script, under a link to a 繁體 page). The title is
    converted whole, with the site's fixes, as its page prints it (若干 stays 若干)."""
    conversion = catalog.config.site.conversion()
    if conversion is None:
        return records
    titles = to_traditional_all([str(record[1]) for record in records], conversion)
    return [[*record, title] for record, title in zip(records, titles, strict=True)]


def item_record(catalog: Catalog, root: Path, item: Item) -> list[object]:
    """Return *item*'s record, what a result shows (its public text for the excerpt)."""
    return _record(catalog, item, item_text(root, item))


def page_record(root: Path, path: str, page: Page) -> list[object]:
    """Return the record of the free page *page*, published at *path*."""
    return [path, page.title, "", "", "", "", "", "", [], "", "", page_text(root, page)]


def _record(catalog: Catalog, item: Item, text: str) -> list[object]:
    page = views.item_page_path(item) if catalog.has_page(item) else ""
    return [
        page,
        item.title,
        item.index_no,
        item.doc_no or "",
        item.issuer,
        item.published.isoformat(),
        item.status.value,
        item.category,
        list(item.topics),
        item.genre or "",
        item.disclosure.value,
        text,
    ]


def _script(name: str, data: object) -> bytes:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</script>" cannot occur in a classic script's data: escape "<" as JSON allows.
    text = text.replace("<", "\\u003c")
    return f'(window.GKML_S=window.GKML_S||{{}})["{name}"]={text};\n'.encode()


def _code(value: int, width: int) -> str:
    if width == 1:
        return ALPHABET[value]
    return ALPHABET[value // 64] + ALPHABET[value % 64]


def _row(
    item: Item | None, widths: Mapping[str, int], codes: Mapping[str, Mapping[str, int]]
) -> str:
    """Return a document's row of the filter table (a free page: all codes 0)."""
    if item is None:
        return "".join(ALPHABET[0] * w for w in widths.values())
    values = {
        "column": item.category,
        "issuer": item.issuer,
        "status": item.status.value,
        "genre": item.genre or "",
        "disclosure": item.disclosure.value,
    }
    row = [_code(codes[name].get(value, 0), widths[name]) for name, value in values.items()]
    bits = 0
    for topic in item.topics:
        if topic in codes["topics"]:
            bits |= 1 << codes["topics"][topic]
    row.extend(ALPHABET[(bits >> (6 * k)) & 63] for k in range(widths["topics"]))
    return "".join(row)


def _codes(vocab: Vocabulary) -> dict[str, dict[str, int]]:
    return {
        "column": {key: n + 1 for n, (key, _) in enumerate(vocab.columns)},
        "issuer": {v: n + 1 for n, v in enumerate(vocab.issuers)},
        "status": {v: n + 1 for n, v in enumerate(vocab.statuses)},
        "genre": {v: n + 1 for n, v in enumerate(vocab.genres)},
        "disclosure": {v: n + 1 for n, v in enumerate(vocab.disclosures)},
        "topics": {v: n for n, v in enumerate(vocab.topics)},
    }


Postings = tuple[dict[str, str], dict[str, str]]  # token → documents: anywhere, in the title


def segment_files(
    segment: Segment, records: Sequence[list[object]], rows: Sequence[str]
) -> Iterator[tuple[str, bytes]]:
    """Yield the files of *segment*: a file per document's record, and the filter table."""
    for number, record in enumerate(records):
        yield f"{segment.folder}/{number}.js", _script(f"{segment.name}/{number}", record)
    yield f"{segment.folder}/t.js", _script(f"{segment.name}/t", "".join(rows))


def segment_postings(records: Sequence[list[object]]) -> Postings:
    """Return the tokens of a segment's documents → their numbers, encoded (see encode)."""
    everywhere: dict[str, list[int]] = defaultdict(list)
    in_title: dict[str, list[int]] = defaultdict(list)
    append = list.append
    for number, record in enumerate(records):
        title, index_no, doc_no, text = record[1], record[2], record[3], record[11]
        named = _raw_tokens(normalise(f"{title}\n{index_no}\n{doc_no}"))
        every = named | _raw_tokens(normalise(str(text)))
        # everywhere[token].append(number) for each token, in C: a Python loop here was the
        # index's largest cost (deque with maxlen 0 only runs the map).
        deque(map(append, map(everywhere.__getitem__, every), repeat(number)), maxlen=0)
        deque(map(append, map(in_title.__getitem__, named), repeat(number)), maxlen=0)
        for token in {exact_token(str(value)) for value in (index_no, doc_no) if value}:
            everywhere[token].append(number)
    return (
        {t: encode(n) for t, n in everywhere.items()},
        {t: encode(n) for t, n in in_title.items()},
    )


def document_tokens(record: Sequence[object]) -> tuple[set[str], set[str]]:
    """Return the tokens a document's *record* is found by, anywhere and in its title: the
    tokens `segment_postings` gives its number."""
    title, index_no, doc_no, text = record[1], record[2], record[3], record[11]
    named = _raw_tokens(normalise(f"{title}\n{index_no}\n{doc_no}"))
    every = named | _raw_tokens(normalise(str(text)))
    every.update(exact_token(str(value)) for value in (index_no, doc_no) if value)
    return every, named


def _toggled(encoded: str, number: int, present: bool) -> str:
    """Return *encoded* numbers with *number* among them (*present*) or not; "" for none."""
    numbers = decode(encoded)
    numbers = sorted({*numbers, number}) if present else [n for n in numbers if n != number]
    return encode(numbers)


def _moved(postings: dict[str, str], number: int, before: set[str], after: set[str]) -> None:
    """Take document *number* out of the postings of the tokens it lost, into those it gained."""
    for token in before ^ after:
        if numbers := _toggled(postings.get(token, ""), number, token in after):
            postings[token] = numbers
        else:
            postings.pop(token, None)


def _size(postings: Postings) -> int:
    """Return one segment's share of the size the postings files' count is chosen by (see
    `_shard_count`): the segments' sum."""
    return sum(len(t) + len(v) + 8 for t, v in postings[0].items())


def _years(entry: str | None) -> dict[str, str]:
    """Return a postings file's *entry* of a token as segment name → numbers."""
    return dict(p.split(":", 1) for p in entry.split(",")) if entry else {}


def _entry(years: Mapping[str, str], order: Sequence[str]) -> str:
    """Return the entry of a token in *years* (see `_years`), its segments in *order*; ""
    for none."""
    return ",".join(f"{s}:{years[s]}" for s in order if s in years)


def postings_files(
    found: Sequence[tuple[str, Postings]], size: int
) -> tuple[int, list[tuple[str, bytes]]]:
    """Return the number of postings files and the files, from each segment's postings and
    the sum of their `_size`.

    A token's entry is ``segment:numbers`` for each segment that has it, newest first, joined
    by commas (the alphabet has neither).
    """
    count = _shard_count(size)
    mask = count - 1
    hashes: dict[str, int] = {}
    shards: list[tuple[dict[str, list[str]], dict[str, list[str]]]] = [
        ({}, {}) for _ in range(count)
    ]
    for name, parts in found:
        for part, postings in enumerate(parts):
            for token, numbers in postings.items():
                k = hashes.get(token)
                if k is None:
                    k = hashes[token] = token_hash(token) & mask
                shards[k][part].setdefault(token, []).append(f"{name}:{numbers}")
    files = []
    for k, shard in enumerate(shards):
        data = [{t: ",".join(v) for t, v in sorted(p.items())} for p in shard]
        files.append((f"{POSTINGS}/{k}.js", _script(f"p/{k}", data)))
    return count, files


def meta_file(
    catalog: Catalog,
    segment_list: Sequence[Segment],
    shards: int,
    vocab: Vocabulary,
) -> bytes:
    """Return meta.js: the segments, the filter values with their labels, the 繁→简 folding."""
    meta = {
        "format": 3,  # 3: triples of CJK characters are tokens (search.js checks it)
        "alphabet": ALPHABET,
        "segments": [[s.name, s.documents] for s in segment_list],  # newest first
        "shards": shards,  # postings files
        "columns": [list(pair) for pair in vocab.columns],
        # A column holds its sub-columns' items, as its listing page does: 社会组织管理 finds
        # 登记管理 items. Each column's key, then its parents' keys.
        "within": within(catalog.config.catalog),
        "issuers": list(vocab.issuers),
        "statuses": list(vocab.statuses),
        "genres": list(vocab.genres),
        "disclosures": list(vocab.disclosures),
        "topics": list(vocab.topics),
        "widths": vocab.widths(),
        # Traditional → simplified, as pairs of characters in one string.
        "fold": "".join(t + s for t, s in folding().items()),
    }
    data = json.dumps(meta, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f"{_META_START}{data};\n".encode()


def within(roots: Sequence[CatalogNode]) -> dict[str, list[str]]:
    """Return each column key → the keys of the column and all its parents, nearest first."""
    found: dict[str, list[str]] = {}

    def visit(node: CatalogNode, above: list[str]) -> None:
        found[node.key] = [node.key, *above]
        for child in node.children:
            visit(child, found[node.key])

    for root in roots:
        visit(root, [])
    return found


@functools.cache
def folding() -> dict[str, str]:
    """Return traditional → simplified for the CJK characters (so 養老服務 finds 养老服务):
    OpenCC's own 繁 → 简 of each character (t2s), the same for every site.

    A query and the index are both folded (`normalise`, search.js), so a 繁體 reader finds
    the words as the 繁體 edition prints them, including characters OpenCC writes only inside
    phrases (审核 → 審覈, 发布 → 發佈, 委托 → 委託), and the Hong Kong and Taiwan forms
    such a reader types (為, 眾, 啟 where s2t prints 爲, 衆, 啓). Before, the folding was
    the edition's conversion turned round, one character at a time, and none of those was
    found. A character of a simplified text that t2s changes (乾 → 干, 於 → 于) is folded in
    the index too, so it is still found. A few characters that s2t writes only in some
    phrases, and which t2s keeps (覆 in 答覆: 答复), are not folded.
    """
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    # One character a line: OpenCC converts phrases, and a phrase must not span two of them.
    converted = convert_text("\n".join(chars), _TO_SIMPLIFIED).split("\n")
    return {t: s for t, s in zip(chars, converted, strict=True) if t != s and _one_unit(s)}


@functools.cache
def _fold_table() -> dict[int, str]:
    return {ord(t): s for t, s in folding().items()}


@functools.cache
def _foldable() -> re.Pattern[str]:
    """Return a pattern of any character `folding` changes."""
    return re.compile("[" + "".join(sorted(folding())) + "]")


def _one_unit(char: str) -> bool:
    """Return whether *char* is one character of one UTF-16 unit: search.js reads the fold's
    pairs by charAt (an astral 𣈶 would shift every pair after it by one unit: 條 would no
    longer fold to 条)."""
    return len(char) == 1 and char <= "\uffff"


@dataclass(frozen=True, slots=True)
class _Work:
    """What a worker needs to index a segment (set before the workers fork)."""

    catalog: Catalog
    root: Path
    pages: Sequence[Page]
    page_paths: Mapping[str, str]
    vocab: Vocabulary
    segments: Sequence[Segment]


_WORK: _Work | None = None


def _index_segment(number: int) -> tuple[list[tuple[str, bytes]], Postings]:
    """Return the files and the postings of segment *number* of _WORK (in a worker, or not)."""
    work = _WORK
    assert work is not None
    segment, vocab = work.segments[number], work.vocab
    codes, widths = _codes(vocab), vocab.widths()
    records: list[list[object]]
    if segment.name == PAGES:
        records = [page_record(work.root, work.page_paths[p.slug], p) for p in work.pages]
        rows = [_row(None, widths, codes)] * len(work.pages)
    else:
        records = [item_record(work.catalog, work.root, item) for item in segment.items]
        rows = [_row(item, widths, codes) for item in segment.items]
    records = with_hant_titles(work.catalog, records)
    return list(segment_files(segment, records, rows)), segment_postings(records)


def outputs(
    catalog: Catalog,
    root: Path,
    pages: Sequence[Page],
    page_paths: Mapping[str, str],
    keys: Mapping[str, str],
    previous: Mapping[str, str],
    cache: Path | None = None,
    workers: int = 1,
    layout: dict[str, object] | None = None,
    read: Callable[[str], bytes | None] | None = None,
    segment_list: Sequence[Segment] | None = None,
) -> Iterator[tuple[str, bytes | None, str]]:
    """Yield (path, bytes or None when the file on disk has these bytes, key) of the index.

    *previous* maps the index files still on disk to their keys; *cache* is a folder for the
    segments' postings. A segment whose key did not change, with its postings in the cache, is
    not read again: its files are yielded with None. A year in which at most `PATCH_MOST`
    documents changed or were appended (none removed) is indexed again in those only, from
    its cached postings and their records as *read* gives them (an output file's bytes as the
    last build left them, None when they are not). The other segments are indexed on *workers* processes.
    *layout*, when given, receives what `patch` needs: the postings' size, the number of
    postings files and each indexed item file's segment and number. *segment_list*: the
    segments, when the caller has made them (`segments(catalog, keys, pages)`).
    """
    global _WORK
    vocab = vocabulary(catalog)
    if segment_list is None:
        segment_list = segments(catalog, keys, pages)
    base = _base(catalog)
    found: dict[int, Postings] = {}  # the postings of the years indexed, whole or in part
    unread: dict[int, _Cached] = {}  # the unchanged years: their postings read when needed
    todo: list[int] = []
    moved: set[str] = set()  # the tokens whose postings changed in years indexed in part
    _WORK = _Work(catalog, root, pages, page_paths, vocab, segment_list)
    try:
        for number, segment in enumerate(segment_list):
            entry = _cached(cache, segment)
            expected = [f"{segment.folder}/{i}.js" for i in range(segment.documents)]
            expected.append(f"{segment.folder}/t.js")
            if entry is not None and entry.key == segment.key:
                if all(previous.get(p) == segment.key for p in expected):
                    for path in expected:
                        yield path, None, segment.key
                    unread[number] = entry
                    continue
            elif entry is not None and read is not None:
                changed = _changed_documents(segment, entry, base, previous)
                made = None if changed is None else _reindexed(segment, entry, changed, read, moved)
                if made is not None:
                    for path in expected:
                        yield path, made[0].get(path), segment.key
                    _keep(cache, segment, made[1], base)
                    found[number] = made[1]
                    continue
            todo.append(number)
        if workers < 2 or len(todo) < 2:
            results: Iterable[tuple[list[tuple[str, bytes]], Postings]] = map(_index_segment, todo)
            yield from _indexed(segment_list, todo, results, found, cache, base)
        else:
            with multiprocessing.get_context("fork").Pool(min(workers, len(todo))) as pool:
                results = pool.imap(_index_segment, todo)
                yield from _indexed(segment_list, todo, results, found, cache, base)
        size = sum(
            unread[n].size if n in unread else _size(found[n]) for n in range(len(segment_list))
        )
        kept = None
        if not todo and read is not None:
            in_part = {segment_list[n].name: found[n] for n in found}
            kept = _postings_kept(in_part, size, moved, segment_list, previous, read)
        files: list[tuple[str, bytes | None]]
        if kept is None:  # every postings file made: every year's postings read
            for number, entry in unread.items():
                postings = entry.postings()
                if postings is None:  # gone or damaged since its head was read: made again
                    postings = _index_segment(number)[1]
                    _keep(cache, segment_list[number], postings, base)
                found[number] = postings
            named = [(s.name, found[n]) for n, s in enumerate(segment_list)]
            shards, assembled = postings_files(named, size)
            files = list(assembled)
        else:
            shards, files = kept
    finally:
        _WORK = None
    if layout is not None:
        layout["size"] = size
        layout["shards"] = shards
        layout["segments"] = [s.name for s in segment_list]  # the postings' order
        layout["documents"] = {
            item.path: (segment.name, number)
            for segment in segment_list
            for number, item in enumerate(segment.items)
            if item.disclosure.has_public_body
        }
    for path, data in files:
        if data is None:  # the last build's file, unchanged
            yield path, None, previous[path]
        else:
            yield path, data, hashlib.sha256(data).hexdigest()
    data = meta_file(catalog, segment_list, shards, vocab)
    yield META, data, hashlib.sha256(data).hexdigest()
    conversion = catalog.config.site.conversion()
    if conversion is not None:  # made again only for another gkml, OpenCC or conversion
        made_by = f"{code_fingerprint()}\n{dataclasses.astuple(conversion)!r}"
        key = hashlib.sha256(made_by.encode()).hexdigest()
        if previous.get(HANT) == key:
            yield HANT, None, key  # 0.09 s a build to make
        else:
            yield HANT, _script("hant", character_pairs(conversion)), key


def _indexed(
    segment_list: Sequence[Segment],
    todo: Sequence[int],
    results: Iterable[tuple[list[tuple[str, bytes]], Postings]],
    found: dict[int, Postings],
    cache: Path | None,
    base: str,
) -> Iterator[tuple[str, bytes, str]]:
    for number, (files, postings) in zip(todo, results, strict=True):
        segment = segment_list[number]
        for path, data in files:
            yield path, data, segment.key
        _keep(cache, segment, postings, base)
        found[number] = postings


PATCH_MOST = 20  # changed documents of a year; more, and the year is indexed whole


@dataclass(frozen=True, slots=True)
class _Cached:
    """What the build cache keeps of a segment's postings: what they were made from and their
    size, in a small file; the postings themselves in another, read when needed
    (`postings`). A title change at 20,000 items read every year's, 0.35 s, for a year's
    documents indexed again in part, whose postings files are changed token by token
    (`_postings_kept`)."""

    key: str
    base: str  # see `_base`
    parts: tuple[str, ...]  # see `Segment.parts`
    size: int  # the postings' `_size`
    file: Path  # the postings, with the key they were made for

    def postings(self) -> Postings | None:
        """Return the postings; None when their file is gone, damaged or of another key."""
        try:
            key, everywhere, in_title = marshal.loads(self.file.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None
        return (everywhere, in_title) if key == self.key else None


def _cache_files(cache: Path, segment: Segment) -> tuple[Path, Path]:
    """Return the files of the cache's head of *segment* and of its postings."""
    folder = cache / "search"
    return folder / f"{segment.name}.head.marshal", folder / f"{segment.name}.postings.marshal"


def _cached(cache: Path | None, segment: Segment) -> _Cached | None:
    """Return what *cache* keeps of *segment*'s postings (for its key or an earlier one)."""
    if cache is None:
        return None
    head, postings = _cache_files(cache, segment)
    try:
        key, base, parts, size = marshal.loads(head.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return _Cached(key, base, tuple(parts), size, postings)


def _keep(cache: Path | None, segment: Segment, postings: Postings, base: str) -> None:
    """Keep *postings* of *segment* in *cache*: the postings first, then the head that
    names them (a build stopped between the two leaves a head whose key they do not have)."""
    if cache is None:
        return
    head, postings_file = _cache_files(cache, segment)
    head.parent.mkdir(parents=True, exist_ok=True)
    for target, data in (
        (postings_file, (segment.key, *postings)),
        (head, (segment.key, base, list(segment.parts), _size(postings))),
    ):
        temporary = target.with_suffix(".tmp")
        temporary.write_bytes(marshal.dumps(data))
        temporary.replace(target)
    head.with_name(f"{segment.name}.marshal").unlink(missing_ok=True)  # one file, until 2026-12


def _changed_documents(
    segment: Segment, cached: _Cached, base: str, previous: Mapping[str, str]
) -> list[int] | None:
    """Return the documents of a year whose key changed since *cached* was made, and those
    appended after its last one (a new newest item), when the files on disk are what it was
    made with and at most `PATCH_MOST` changed; else None."""
    if segment.name == PAGES or cached.base != base or cached.parts == segment.parts:
        return None
    count = len(cached.parts)
    if len(segment.parts) < count:
        return None  # a document removed: the numbers after it move
    made = [f"{segment.folder}/{i}.js" for i in range(count)] + [f"{segment.folder}/t.js"]
    if not all(previous.get(p) == cached.key for p in made):
        return None
    # A document inserted before the last one moves the numbers after it: each counts here.
    changed = [i for i in range(count) if cached.parts[i] != segment.parts[i]]
    changed += range(count, len(segment.parts))
    return changed if len(changed) <= PATCH_MOST else None


def _reindexed(
    segment: Segment,
    cached: _Cached,
    changed: Sequence[int],
    read: Callable[[str], bytes | None],
    moved: set[str],
) -> tuple[dict[str, bytes], Postings] | None:
    """Return the files of a year whose *changed* documents are indexed again (their
    records and the filter table), and its postings; None when a record cannot be read, or
    the cache's postings of the year are gone or damaged (then it is indexed whole). *moved*
    receives the tokens whose postings changed."""
    work = _WORK
    assert work is not None
    postings = cached.postings()
    if postings is None:
        return None
    everywhere, in_title = dict(postings[0]), dict(postings[1])
    files: dict[str, bytes] = {}
    for number in changed:
        path = f"{segment.folder}/{number}.js"
        old_every, old_title = set[str](), set[str]()  # a document appended: none before
        if number < len(cached.parts):
            old = _loaded(read(path))
            if not isinstance(old, list):
                return None
            old_every, old_title = document_tokens(old)
        item = segment.items[number]
        new = with_hant_titles(work.catalog, [item_record(work.catalog, work.root, item)])[0]
        files[path] = _script(f"{segment.name}/{number}", new)
        new_every, new_title = document_tokens(new)
        _moved(everywhere, number, old_every, new_every)
        _moved(in_title, number, old_title, new_title)
        moved.update(old_every ^ new_every, old_title ^ new_title)
    codes, widths = _codes(work.vocab), work.vocab.widths()
    rows = [_row(item, widths, codes) for item in segment.items]
    files[f"{segment.folder}/t.js"] = _script(f"{segment.name}/t", "".join(rows))
    return files, (everywhere, in_title)


def _postings_kept(
    in_part: Mapping[str, Postings],
    size: int,
    moved: set[str],
    segment_list: Sequence[Segment],
    previous: Mapping[str, str],
    read: Callable[[str], bytes | None],
) -> tuple[int, list[tuple[str, bytes | None]]] | None:
    """Return the postings files as `postings_files` would make them, with None for each file
    the last build wrote that holds none of the *moved* tokens; None when the last build's
    files are not those of the same years and count (then `postings_files` makes them all).

    Every year was either unchanged or indexed in part (*in_part*: their names → their new
    postings), so a token's entry changed only if it is among *moved*: a file without one has
    the bytes it had, and in a file with one, the entry of each such token keeps the other
    years' numbers and gets those of the years in *in_part* from their new postings (as
    `patch` changes a body's tokens)."""
    count = _shard_count(size)
    meta = _meta_loaded(read(META))
    if not isinstance(meta, dict) or meta.get("shards") != count:
        return None
    if [s[0] for s in meta.get("segments", [])] != [s.name for s in segment_list]:
        return None
    paths = [f"{POSTINGS}/{k}.js" for k in range(count)]
    if not all(path in previous for path in paths):
        return None
    by_shard: dict[int, list[str]] = defaultdict(list)
    for token in moved:
        by_shard[token_hash(token) & (count - 1)].append(token)
    order = [s.name for s in segment_list]
    files: list[tuple[str, bytes | None]] = [(path, None) for path in paths]
    for k, tokens in by_shard.items():
        shard = _loaded(read(paths[k]))
        if not isinstance(shard, list):
            return None
        for part, postings in enumerate(shard):
            for token in tokens:
                years = _years(postings.get(token))
                for name, new in in_part.items():
                    if numbers := new[part].get(token):
                        years[name] = numbers
                    else:
                        years.pop(name, None)
                if entry := _entry(years, order):
                    postings[token] = entry
                else:
                    postings.pop(token, None)
        data = [dict(sorted(postings.items())) for postings in shard]
        files[k] = (paths[k], _script(f"p/{k}", data))
    return count, files


def item_text(root: Path, item: Item) -> str:
    """Return the plain text of *item*'s body, or "" when the body is not public."""
    if not item.disclosure.has_public_body:  # never read a non-public body
        return ""
    return plain_text(read_body((root / item.path).read_bytes(), item.path))


def page_text(root: Path, page: Page) -> str:
    """Return the plain text of the free page *page*."""
    return plain_text(read_body((root / page.path).read_bytes(), page.path))


# -- a body-only change ---------------------------------------------------------------------
def patch(
    read: Callable[[str], bytes | None],
    layout: Mapping[str, object],
    changed: Mapping[str, str],
) -> tuple[dict[str, bytes], int] | None:
    """Return the index files that new bodies change, path → bytes, and the postings' new
    size; None when the change needs a build of the index (the number of postings files would
    change, or *read* gives None for a file). *changed* maps each indexed item file to its new
    body (Markdown); *read* gives an output file's bytes as the last build (or patch) left
    them, *layout* is what `outputs` said of the index.

    A document's record gets the new text, and each token it gained or lost gets its entry
    in its postings file changed: the same bytes as indexing it all again would give.
    """
    documents, order = layout["documents"], layout["segments"]
    size, count = layout["size"], layout["shards"]
    assert isinstance(documents, dict) and isinstance(order, list)
    assert isinstance(size, int) and isinstance(count, int)
    files: dict[str, bytes] = {}
    postings: dict[int, list[dict[str, str]]] = {}
    for rel, body in changed.items():
        name, number = documents[rel]
        path = f"{SEARCH_DIR}/{name}/{number}.js"
        record = _loaded(read(path))
        if not isinstance(record, list):
            return None
        old_text, new_text = str(record[11]), plain_text(body)
        record[11] = new_text
        files[path] = _script(f"{name}/{number}", record)
        named = _raw_tokens(normalise(f"{record[1]}\n{record[2]}\n{record[3]}"))
        before = named | _raw_tokens(normalise(old_text))
        after = named | _raw_tokens(normalise(new_text))
        for token in before ^ after:
            k = token_hash(token) & (count - 1)
            if k not in postings:
                shard = _loaded(read(f"{POSTINGS}/{k}.js"))
                if not isinstance(shard, list):
                    return None
                postings[k] = shard
            every = postings[k][0]
            parts = _years(every.get(token))
            old = parts.get(name)
            if numbers := _toggled(old or "", number, token in after):
                parts[name] = numbers
            else:
                parts.pop(name, None)
            new = parts.get(name)
            size += (len(new) if new is not None else -len(token) - 8) - (
                len(old) if old is not None else -len(token) - 8
            )
            if entry := _entry(parts, order):
                every[token] = entry
            else:
                del every[token]
    if _shard_count(size) != count:
        return None
    for k, (every, title) in postings.items():
        data = [dict(sorted(every.items())), title]
        files[f"{POSTINGS}/{k}.js"] = _script(f"p/{k}", data)
    return files, size


_META_START = "window.GKML_SEARCH_META="  # see `meta_file`


def _meta_loaded(data: bytes | None) -> object:
    """Return the data of meta.js (see `meta_file`); None for no such file."""
    text = "" if data is None else data.decode("utf-8")
    if not text.startswith(_META_START):
        return None
    return json.loads(text[len(_META_START) : text.rstrip().rindex(";")])


def _loaded(data: bytes | None) -> object:
    """Return the data of an index script (see `_script`); None for no script."""
    if data is None:
        return None
    text = data.decode("utf-8")
    return json.loads(text[text.index("=", text.index("]")) + 1 : text.rstrip().rindex(";")])
