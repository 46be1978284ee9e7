"""The offline search index: plain JavaScript data files that work from `file://`.

A disc has no server, and browsers block modules, fetch and WebAssembly on `file://`, so the
index is a set of classic scripts that push records onto `window.GKML_SEARCH`. It is split by
year (newest first) so the search page shows the first results before the older years load.

Only what the public may read is indexed: the metadata of listed items and the text of public
bodies and free pages. A 依申请公开 or 不予公开 body is never read here.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator import views
from generator.catalog import Catalog
from generator.config import CatalogNode
from generator.edition import to_traditional
from generator.frontmatter import read_body
from generator.item import Item
from generator.page import Page

SEARCH_DIR = "search"
META = f"{SEARCH_DIR}/meta.js"
EXCERPT_LIMIT = 20000  # characters of body text per item; enough for any real query

_SOURCE_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).digest()  # a new format: new shards
_TAG = re.compile(r"<[^>]+>")
_MARKDOWN = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[#>*_`|~]+|^\s*[-+]\s+|-{3,}", re.MULTILINE)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Shard:
    """One year's index file: its path, the key it was made from, and how to make it."""

    path: str
    key: str
    items: tuple[Item, ...]


def plain_text(markdown: str) -> str:
    """Return the readable text of a Markdown body: no markup, no URLs, single spaces."""
    text = _TAG.sub(" ", markdown)
    text = _MARKDOWN.sub(lambda m: m.group(1) or " ", text)
    return _SPACE.sub(" ", text).strip()[:EXCERPT_LIMIT]


def shards(catalog: Catalog, keys: Mapping[str, str]) -> list[Shard]:
    """Return the index shards, newest year first; *keys* are the item pages' render keys."""
    by_year: dict[int, list[Item]] = defaultdict(list)
    for item in catalog.listed:
        by_year[item.published.year].append(item)
    found = []
    for year in sorted(by_year, reverse=True):
        items = by_year[year]
        digest = hashlib.sha256(_SOURCE_DIGEST)
        for item in items:
            page = views.item_page_path(item)
            # Every field a record holds, and the page's render key for the body it indexes.
            digest.update(json.dumps(_record(catalog, item, ""), ensure_ascii=False).encode())
            digest.update(keys.get(page, "no page").encode())
        found.append(Shard(f"{SEARCH_DIR}/{year}.js", digest.hexdigest(), tuple(items)))
    return found


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


def _script(records: Sequence[object]) -> bytes:
    data = json.dumps(records, ensure_ascii=False, separators=(",", ":"))
    # "</script>" cannot occur in a classic script's data: escape "<" as JSON allows.
    data = data.replace("<", "\\u003c")
    return f"(window.GKML_SEARCH=window.GKML_SEARCH||[]).push({data});\n".encode()


def shard_file(catalog: Catalog, root: Path, shard: Shard) -> bytes:
    """Return the script of *shard*: its items' metadata and the text of public bodies."""
    records = []
    for item in shard.items:
        text = ""
        if item.disclosure.has_public_body:  # never read a non-public body
            text = plain_text(read_body((root / item.path).read_bytes(), item.path))
        records.append(_record(catalog, item, text))
    return _script(records)


def pages_file(root: Path, pages: Sequence[Page], paths: Mapping[str, str]) -> bytes:
    """Return the index script of the free pages (公开指南, 公开制度, …)."""
    records: list[object] = []
    for page in pages:
        text = plain_text(read_body((root / page.path).read_bytes(), page.path))
        records.append([paths[page.slug], page.title, "", "", "", "", "", "", [], "", "", text])
    return _script(records)


def meta_file(catalog: Catalog, shard_list: Sequence[Shard], traditional: str | None) -> bytes:
    """Return meta.js: the filter values with their labels, the shards, the 繁→简 folding."""
    config = catalog.config
    columns = [[key, listing.title] for key, listing in catalog.category_of.items()]
    genres = sorted({i.genre for i in catalog.listed if i.genre})
    years = sorted({i.published.year for i in catalog.listed}, reverse=True)
    meta = {
        "shards": [s.path for s in shard_list] + [f"{SEARCH_DIR}/pages.js"],
        "columns": columns,
        # A column holds its sub-columns' items, as its listing page does: 社会组织管理 finds
        # 登记管理 items. Each column's key, then its parents' keys.
        "within": _within(config.catalog),
        "issuers": [i.name for i in config.issuers],
        "topics": list(config.topics),
        "years": years,
        "statuses": ["有效", "失效", "废止", "已修改"],
        "genres": genres,
        "fold": _folding(traditional),
    }
    data = json.dumps(meta, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f"window.GKML_SEARCH_META={data};\n".encode()


def _within(roots: Sequence[CatalogNode]) -> dict[str, list[str]]:
    """Return each column key → the keys of the column and all its parents, nearest first."""
    found: dict[str, list[str]] = {}

    def visit(node: CatalogNode, above: list[str]) -> None:
        found[node.key] = [node.key, *above]
        for child in node.children:
            visit(child, found[node.key])

    for root in roots:
        visit(root, [])
    return found


def _folding(traditional: str | None) -> dict[str, str]:
    """Return traditional → simplified for the CJK characters (so 養老服務 finds 养老服务)."""
    if not traditional:
        return {}
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    # One character a line: OpenCC converts phrases, and a phrase must not span two of them.
    converted = to_traditional("\n".join(chars), traditional).split("\n")
    fold: dict[str, str] = {}
    for simple, trad in zip(chars, converted, strict=True):
        if simple != trad and len(trad) == 1:
            fold.setdefault(trad, simple)
    return fold


def outputs(
    catalog: Catalog,
    root: Path,
    pages: Sequence[Page],
    page_paths: Mapping[str, str],
    keys: Mapping[str, str],
    traditional: str | None,
    previous: Mapping[str, str],
) -> Iterator[tuple[str, bytes | None, str]]:
    """Yield (path, bytes or None when *previous* already has this key, key) of the index."""
    shard_list = shards(catalog, keys)
    for shard in shard_list:
        if previous.get(shard.path) == shard.key:
            yield shard.path, None, shard.key
        else:
            yield shard.path, shard_file(catalog, root, shard), shard.key
    data = pages_file(root, pages, page_paths)
    yield f"{SEARCH_DIR}/pages.js", data, hashlib.sha256(data).hexdigest()
    data = meta_file(catalog, shard_list, traditional)
    yield META, data, hashlib.sha256(data).hexdigest()
