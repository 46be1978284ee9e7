"""Pagefind for the search page over http: one index a year, or one of the whole site.

Pagefind 1.5's own Chinese segmenter misses words (低保 found 53–75 % of the items with it
in the search benchmark) and matches a query's parts anywhere in a page, and one index of
20,000 items takes 4–6 GB to build. So Pagefind is given gkml's words instead: each pair of
neighbouring CJK characters spelt as one ASCII word (the four base-32 digits of each
character's code point), every pair in its order, each run of CJK characters ended by an end
word and a break; an ASCII word as itself after a `y`. The search page spells a query of one
word the same way and quotes it (Pagefind's exact-phrase search), so an item is found exactly
when its text has the term; a query of several words, a 索引号 or 文号 is answered by gkml's own
index (docs/maintainers.md, "Search: Pagefind per year"). Each year of items (and the free
pages) is an index of its own, merged in the browser with `mergeIndex`: a changed item
indexes its year again, and no index needs more than about half a gigabyte to build. With
`site.search: pagefind-all` every segment goes into one index (`ALL`) instead: a reader's
first query loads one index, not one a year, and any change indexes the whole site again.
What Pagefind writes is then `compacted`: its word index cut into small chunks (a query loads
one chunk a bundle) and its fragments without the words the page never shows.

A document's page names its gkml record (`d`: segment/number), carries that record (`r`) and
the search page's filters (栏目 with every column above it, 发布机构, 主题, 年份, 效力状态,
文种) and its date to sort by; the page shows a result from its record, as gkml's index does,
so both engines show a result alike.
Only what gkml's index holds is indexed: the metadata of listed items and the text of public
bodies and free pages (`search.item_text` never reads a non-public body).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
import shutil
import subprocess
import tempfile
from collections.abc import Collection, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import escape
from itertools import pairwise
from pathlib import Path
from typing import Any

from generator import cbor, search, urls
from generator.cachefile import save_marshal
from generator.catalog import Catalog
from generator.outcome import BuildError
from generator.page import Page

FOLDER = f"{search.SEARCH_DIR}/pagefind"  # one folder a segment: search/pagefind/2024/
VERSION = "1.5.2"  # pagefind-bin-extended, pinned in pyproject.toml
_DIGITS = "0123456789abcdefghijklmnopqrstuv"
_TOKENS = re.compile(f"[{search.CJK}]+|[0-9a-z]+")
_END = "wwww"  # after a run's last character: a one-character query is a word's prefix
_BREAK = "zzzzzzzz"  # between runs: no phrase spans two of them
# What the search page loads of Pagefind's bundle (not its UI, which would be 400 KB a year).
_KEPT = re.compile(
    r"pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\.[^/]+\.pagefind"
    r"|[^/]+\.pf_meta|(fragment|index|filter)/[^/]+"
)
# Every document's segment, a filter the page does not show: results sorted by date are taken
# a segment at a time, newest first (merged indexes interleave their results; one index of
# the whole site sorts them itself).
SEGMENT = "段"
_SOURCE_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def character_word(character: str) -> str:
    """Return the 4 base-32 digits of *character*'s code point (search.js: `charWord`)."""
    n = ord(character)
    return "".join(_DIGITS[(n >> shift) & 31] for shift in (15, 10, 5, 0))


class _Codes(dict[int, str]):
    """Code point → `character_word`, filled as characters are met: a `str.translate` table.
    Doubled, a character's word twice with a space between (see `words`)."""

    def __init__(self, doubled: bool) -> None:
        super().__init__()
        self.doubled = doubled

    def __missing__(self, code: int) -> str:
        word = character_word(chr(code))
        self[code] = word = f"{word} {word}" if self.doubled else word
        return word


_CODES = _Codes(doubled=False)
_DOUBLED = _Codes(doubled=True)


def words(text: str) -> str:
    """Return normalised *text* in Pagefind's words: every pair of CJK characters in its
    order, each run ended by its end word and a break; each ASCII word after a `y`.

    A run's pairs are its first character's word, each inner character's word twice with a
    space between, and its last one's: "ab bc cd" for abcd. `str.translate` writes them,
    about four times faster than a loop over the characters (5,000 items: 2.7 s of CPU
    against 10.7, a sixth of all the CPU their indexing took).
    """
    found: list[str] = []
    add = found.append
    for token in _TOKENS.findall(text):
        if token[0] < "\u0080":
            add("y" + token)
            continue
        last = token[-1].translate(_CODES)
        if len(token) > 1:
            add(token[0].translate(_CODES) + token[1:-1].translate(_DOUBLED) + last)
        add(last + _END)
        add(_BREAK)
    return " ".join(found)


@dataclass(frozen=True, slots=True)
class Document:
    """One document of a segment, as its page for Pagefind shows it."""

    name: str  # its gkml record: "2024/12"
    # Normalised: the title, 索引号 and 文号, which gkml's index also finds and ranks first
    # (Pagefind ranks a heading's words higher).
    title: str
    body: str  # normalised
    filters: tuple[tuple[str, str], ...] = ()  # (filter, value), a filter more than once
    date: str = ""  # the key to sort by date: the date, then the number
    # Its gkml record as JSON (`search.item_record`), what a result shows: the page draws a
    # result from it without loading the record from gkml's index (one round of requests less).
    record: str = ""


def page_html(document: Document) -> str:
    """Return the page Pagefind indexes for *document*."""
    filters = "".join(
        f'<span data-pagefind-filter="{escape(name)}">{escape(value)}</span>'
        for name, value in document.filters
    )
    sort = f' data-pagefind-sort="date:{document.date}"' if document.date else ""
    # Meta `r` from an attribute of an empty element: kept whole (a comma in the value would
    # end meta given as text), and not indexed.
    record = f'<span data-pagefind-meta="r[data-r]" data-r="{escape(document.record)}"></span>'
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>-</title></head>'
        f'<body><main data-pagefind-body data-pagefind-meta="d:{document.name}"{sort}>'
        f"<h1>{words(document.title)}</h1><p>{words(document.body)}</p>{filters}{record}"
        "</main></body></html>"
    )


def documents(
    catalog: Catalog, root: Path, pages: Sequence[Page], segment: search.Segment
) -> Iterator[Document]:
    """Yield the documents of *segment*, numbered as gkml's index numbers them."""
    if segment.name == search.PAGES:
        records = [search.page_record(root, urls.page_path(p.slug), p) for p in pages]
        for number, (page, shown) in enumerate(
            zip(pages, search.with_hant_titles(catalog, records), strict=True)
        ):
            yield Document(
                f"{segment.name}/{number}",
                search.normalise(page.title),
                search.normalise(str(shown[search.TEXT])),
                ((SEGMENT, segment.name),),
                record=_json(shown),
            )
        return
    within = search.within(catalog.config.catalog)
    records = [search.item_record(catalog, root, item) for item in segment.items]
    for number, (item, shown) in enumerate(
        zip(segment.items, search.with_hant_titles(catalog, records), strict=True)
    ):
        body = str(shown[search.TEXT])  # `search.item_text`: "" for a body not public
        filters = [("栏目", key) for key in within.get(item.category, [item.category])]
        filters += [("发布机构", item.issuer), ("年份", segment.name), (SEGMENT, segment.name)]
        filters += [("主题", topic) for topic in item.topics]
        filters += [("效力状态", item.status.value)]
        if item.genre:
            filters.append(("文种", item.genre))
        yield Document(
            f"{segment.name}/{number}",
            search.normalise(f"{item.title}\n{item.index_no}\n{item.doc_no or ''}"),
            search.normalise(body),
            tuple(filters),
            f"{item.published.isoformat()}/{number:06d}",  # gkml's order: a year's newest last
            _json(shown),
        )


def _json(record: object) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def binary() -> Path:
    """Return the Pagefind extended executable of the `pagefind-bin-extended` package."""
    import importlib.util

    spec = importlib.util.find_spec("pagefind_bin_extended")
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        found = Path(location) / "pagefind_extended"
        if found.is_file():
            return found
    raise BuildError(
        "找不到 Pagefind（site.search: pagefind 需要 pagefind-bin-extended）：请运行 uv sync，"
        "或在 catalog.yml 中改用 site.search: gkml\n"
        "Pagefind not found (site.search: pagefind needs pagefind-bin-extended): run `uv sync`, "
        "or set site.search: gkml in catalog.yml"
    )


def index(folder: Path, segment: str) -> dict[str, bytes]:
    """Run Pagefind over the pages in *folder*; return the bundle's files the search page
    loads (path within the bundle → bytes). A failed run is a BuildError."""
    out = folder.with_name(folder.name + ".bundle")
    ran = subprocess.run(
        [str(binary()), "--site", str(folder), "--output-path", str(out), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    if ran.returncode != 0:
        raise BuildError(
            f"Pagefind 没能生成 {FOLDER}/{segment}/ 的索引（退出码 {ran.returncode}）："
            f"{ran.stderr.strip()}\n"
            f"Pagefind failed to index {segment} (exit {ran.returncode}): {ran.stderr.strip()}"
        )
    files = {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and _KEPT.fullmatch(p.relative_to(out).as_posix())
    }
    try:
        return in_order(compacted(files))
    except (ValueError, KeyError, IndexError, TypeError, OSError) as exc:  # CborError too
        raise BuildError(
            f"Pagefind 写出的 {FOLDER}/{segment}/ 无法读取（{exc}），"
            f"请确认安装的是 Pagefind {VERSION}\n"
            f"Pagefind's index of {segment} cannot be read ({exc}); is Pagefind {VERSION} installed?"
        ) from None


_MAGIC = b"pagefind_dcd"  # what each of Pagefind's gzipped files starts with, decompressed


def _opened(data: bytes) -> bytes:
    """Return what one of Pagefind's gzipped files holds after its signature."""
    raw = gzip.decompress(data)
    if not raw.startswith(_MAGIC):
        raise cbor.CborError("not a Pagefind file")
    return raw[len(_MAGIC) :]


def _closed(body: bytes, level: int = 9) -> bytes:
    """Return *body* as one of Pagefind's gzipped files (`_opened` reads it back)."""
    return gzip.compress(_MAGIC + body, level, mtime=0)


def _unpack(data: bytes) -> Any:
    return cbor.loads(_opened(data))


def _pack(value: Any) -> bytes:
    return _closed(cbor.dumps(value))


def _meta_path(files: Mapping[str, bytes]) -> str:
    """Return the path of the metadata file among Pagefind's bundle *files*."""
    found = next((p for p in files if p.endswith(".pf_meta")), None)
    if found is None:
        raise BuildError(
            f"Pagefind {VERSION} 的输出缺少元数据文件\nPagefind {VERSION} wrote no metadata file"
        )
    return found


def _language(meta_path: str) -> str:
    """Return the language a metadata file's name gives (`pagefind.<language>_<hash>.pf_meta`)."""
    return meta_path.removeprefix("pagefind.").removesuffix(".pf_meta").rsplit("_", 1)[0]


# What a reader's first query loads of each bundle is its metadata (which lists every index
# chunk) and the one chunk that holds its word. Pagefind 1.5.2 cuts its word index into chunks
# of about 20,000 positions (26 KiB gzipped, whatever the size of the site), so a query over
# 18 years' bundles loaded about 450 KiB of index for one word. `compacted` cuts them again:
# into chunks of about sqrt(_LISTED * raw bytes of the index) bytes of CBOR, which makes the
# least of the chunk (about 0.55 of its CBOR gzipped) plus its list in the metadata (about 13
# bytes gzipped a chunk), and never between two words that start with the same four letters,
# a CJK character's code: a one-character query (a prefix, `search.js`: pagefindQuery) finds
# all its words in the one chunk Pagefind loads for it.
_LISTED = 24
_SMALLEST = 2_000
_GROUP = 4
# Where a word of a chunk may start: an array of three (word, pages, more) whose first item is
# a text string. Inside the pages' positions only integers and arrays start an item, so only
# an integer's argument bytes can look like this; `_word_starts` counts what it found against
# the chunk's own count of words and reads the chunk item by item when they differ.
_WORD_START = re.compile(rb"\x83(?=[\x60-\x7b])")


def _array_head(data: bytes, at: int) -> tuple[int, int]:
    """Return (length, where the items start) of the CBOR array at *at*."""
    major, n, start = cbor.head(data, at)
    if major != 4:
        raise cbor.CborError(f"not an array at byte {at}")
    return n, start


def _word_starts(data: bytes) -> tuple[list[int], list[str]]:
    """Return where each word of the raw index chunk *data* starts (and the end of the data
    after them) and the words, from Pagefind's `[[word, …], …]`."""
    outer, at = _array_head(data, 0)
    count, first = _array_head(data, at)
    if outer != 1:
        raise cbor.CborError("an index chunk is not one array of words")
    starts: list[int] = []
    words: list[str] = []
    size = len(data)
    for found in _WORD_START.finditer(data, first):
        where = found.start()
        head = data[where + 1]
        if head < 0x78:  # a text of up to 23 bytes, its length in its head: most words
            text, n = where + 2, head - 0x60
        else:
            try:
                _, n, text = cbor.head(data, where + 1)
            except cbor.CborError:
                continue
        end = text + n
        if end < size and 0x80 <= data[end] <= 0x9B:
            try:
                word = data[text:end].decode()
            except UnicodeDecodeError:
                continue
            starts.append(where)
            words.append(word)
    if len(starts) != count or (starts and starts[0] != first):
        starts, words, at = [], [], first  # a position looked like a word: read item by item
        for _ in range(count):
            starts.append(at)
            entry, at = cbor.read(data, at)
            words.append(entry[0])
    starts.append(len(data))
    return starts, words


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """Return the shortest prefixes of *a* and *b* that tell them apart (Pagefind's own
    `get_prefixes`, which names the boundary between two chunks)."""
    same = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        same += 1
    return a[: same + 1], b[: same + 1]


def compacted(files: Mapping[str, bytes], chunk_bytes: int | None = None) -> dict[str, bytes]:
    """Return Pagefind's bundle *files* with its word index cut into chunks of about
    *chunk_bytes* bytes of CBOR (by default as the comment above `_LISTED` says) and its
    fragments without their content.

    A fragment's content is gkml's words as Pagefind indexed them (`words`): the page never
    shows it (it draws a result from the record, meta `r`, and makes its own excerpt), and it
    was more than half of each fragment's bytes. Its `title` meta, the same words, goes too.
    """
    meta_path = _meta_path(files)
    meta = _unpack(files[meta_path])
    language = _language(meta_path)
    found = {p: data for p, data in files.items() if not p.startswith("index/")}
    words: list[str] = []
    pieces: list[bytes] = []
    for chunk in meta[2]:  # [[from, to, file name], …], in the order of their words
        data = _opened(files[f"index/{chunk[2]}.pf_index"])
        starts, chunk_words = _word_starts(data)
        words += chunk_words
        pieces += [data[a:b] for a, b in pairwise(starts)]
    if chunk_bytes is None:
        chunk_bytes = max(_SMALLEST, math.isqrt(_LISTED * sum(map(len, pieces))))
    listed: list[list[str]] = []
    cut = 0
    size = 0
    for k, piece in enumerate(pieces):
        size += len(piece)
        last = k + 1 == len(pieces)
        if last or (size >= chunk_bytes and words[k + 1][:_GROUP] != words[k][:_GROUP]):
            head = bytearray(b"\x81")
            cbor.write_head(head, 4, k + 1 - cut)
            packed = _closed(bytes(head) + b"".join(pieces[cut : k + 1]), 6)
            digest = hashlib.sha256(packed).hexdigest()
            name = f"{language}_{digest[:7]}"
            for length in range(8, len(digest) + 1):  # two chunks' names may not collide
                if f"index/{name}.pf_index" not in found:
                    break
                name = f"{language}_{digest[:length]}"
            found[f"index/{name}.pf_index"] = packed
            listed.append([words[cut], words[k], name])
            cut, size = k + 1, 0
    for before, after in pairwise(listed):
        before[1], after[0] = _prefixes(before[1], after[0])
    meta[2] = listed
    found[meta_path] = _pack(meta)
    for path in [p for p in found if p.startswith("fragment/")]:
        fragment = json.loads(_opened(found[path]))
        fragment["content"] = ""
        fragment["meta"].pop("title", None)
        found[path] = _closed(_json(fragment).encode(), 6)
    return found


def in_order(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """Return Pagefind's bundle *files* with each filter's values, and the list of filters in
    its metadata, in order, and their files named by their new bytes; the rest as it is.

    Pagefind 1.5.2 writes them in the order of a Rust HashMap, which changes from run to run.
    """
    found: dict[str, bytes] = {}
    renamed: dict[str, str] = {}  # a filter file's name in the metadata → its new one
    meta_path, entry_path = _meta_path(files), "pagefind-entry.json"
    if entry_path not in files:
        raise BuildError(
            f"Pagefind {VERSION} 的输出缺少 {entry_path}\nPagefind {VERSION} wrote no {entry_path}"
        )
    for path, data in files.items():
        if path.startswith("filter/"):
            name, values = _unpack(data)
            packed = _pack([name, sorted(values, key=lambda pair: pair[0])])
            old = path.removeprefix("filter/").removesuffix(".pf_filter")
            new = f"{old.rsplit('_', 1)[0]}_{hashlib.sha256(packed).hexdigest()[:7]}"
            renamed[old] = new
            found[f"filter/{new}.pf_filter"] = packed
        elif path not in (meta_path, entry_path):
            found[path] = data
    meta = _unpack(files[meta_path])
    listed = meta[3]  # [[filter, file name], …]
    if sorted(pair[1] for pair in listed) != sorted(renamed):
        raise BuildError(
            f"Pagefind {VERSION} 的元数据与筛选文件不符\n"
            f"Pagefind {VERSION}'s metadata does not list its filter files"
        )
    meta[3] = sorted([name, renamed[file]] for name, file in listed)
    packed = _pack(meta)
    language = _language(meta_path)
    meta_hash = f"{language}_{hashlib.sha256(packed).hexdigest()[:15]}"
    found[f"pagefind.{meta_hash}.pf_meta"] = packed
    entry = json.loads(files[entry_path])
    entry["languages"][language]["hash"] = meta_hash
    found[entry_path] = _json(entry).encode()
    return dict(sorted(found.items()))


ALL = "all"  # the bundle of `site.search: pagefind-all`: every segment in one index


@dataclass(frozen=True, slots=True)
class Bundle:
    """One Pagefind index: a segment of gkml's index, or all of them (`ALL`)."""

    name: str  # its folder under search/pagefind/
    key: str
    segments: tuple[search.Segment, ...]


def bundles(segment_list: Sequence[search.Segment], whole: bool) -> list[Bundle]:
    """Return the Pagefind indexes of gkml's *segment_list*: one a segment with documents, or
    one of them all (*whole*, `site.search: pagefind-all`). A bundle's key is its segments'
    gkml keys, this module and Pagefind's version."""
    used = tuple(s for s in segment_list if s.documents)
    if whole:
        return [Bundle(ALL, _key(*used), used)] if used else []
    return [Bundle(s.name, _key(s), (s,)) for s in used]


def _key(*segments: search.Segment) -> str:
    keys = "\n".join(s.key for s in segments)
    return hashlib.sha256(f"{_SOURCE_DIGEST}\n{VERSION}\n{keys}".encode()).hexdigest()


def _cache_file(cache: Path, bundle: str) -> Path:
    return cache / "pagefind" / f"{bundle}.marshal"


def _cached(cache: Path, bundle: str, key: str) -> dict[str, bytes] | None:
    import marshal

    try:
        kept = marshal.loads(_cache_file(cache, bundle).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(kept, tuple) or len(kept) != 2 or kept[0] != key:
        return None
    files = kept[1]
    return files if isinstance(files, dict) else None


def outputs(
    catalog: Catalog,
    root: Path,
    pages: Sequence[Page],
    segment_list: Sequence[search.Segment],
    previous: Collection[str],
    unchanged: Mapping[str, str],
    cache: Path,
    workers: int = 1,
    *,
    whole: bool = False,
) -> Iterator[tuple[str, bytes | None, str]]:
    """Yield (path, bytes or None when the file on disk has them, key) of every Pagefind
    bundle (`bundles`: one a segment of gkml's *segment_list*, or one of all with *whole*),
    under `search/pagefind/<bundle>/`.

    A file's key is its bundle's. A bundle all of whose files of the last build (*previous*:
    its files' paths) are still there unchanged under that key (*unchanged*: the files on disk
    as the last build wrote them → their keys) is yielded with None, nothing read; else its
    files come from *cache*, or Pagefind indexes it again, on up to *workers* Pagefind
    processes at once.
    """
    todo: list[Bundle] = []
    ready: dict[str, dict[str, bytes]] = {}
    kept: dict[str, list[str]] = {}
    made = bundles(segment_list, whole)
    for bundle in made:
        folder = f"{FOLDER}/{bundle.name}/"
        before = [p for p in previous if p.startswith(folder)]
        if before and all(unchanged.get(p) == bundle.key for p in before):
            kept[bundle.name] = before
            continue
        files = _cached(cache, bundle.name, bundle.key)
        if files is None:
            todo.append(bundle)
        else:
            ready[bundle.name] = files
    if todo:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="pagefind.", dir=cache) as work:

            def run(bundle: Bundle) -> tuple[str, dict[str, bytes]]:
                folder = Path(work) / bundle.name
                folder.mkdir()
                number = 0
                for segment in bundle.segments:
                    for document in documents(catalog, root, pages, segment):
                        (folder / f"{number}.html").write_text(
                            page_html(document), encoding="utf-8"
                        )
                        number += 1
                files = index(folder, bundle.name)
                shutil.rmtree(folder)
                save_marshal(_cache_file(cache, bundle.name), (bundle.key, files))
                return bundle.name, files

            with ThreadPoolExecutor(max(1, min(workers, len(todo)))) as pool:
                ready.update(pool.map(run, todo))
    for bundle in made:
        if bundle.name in kept:
            for path in kept[bundle.name]:
                yield path, None, unchanged[path]
            continue
        for path, data in ready[bundle.name].items():
            yield f"{FOLDER}/{bundle.name}/{path}", data, bundle.key
