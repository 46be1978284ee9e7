"""The last build's manifest: each output file's key and SHA-256, and what the build saw.

Kept in `.gkml-cache/manifest-<out>.marshal`. With it, a build renders only the pages whose
key changed, skips a build when no input changed (`unchanged_build`), and puts a changed body
into its pages (`bodypatch`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import marshal
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator import __version__, outputtree, urls
from generator.config import CONFIG_FILE
from generator.content import LoadResult
from generator.contentscan import ContentScan
from generator.diagnostics import Diagnostic
from generator.fingerprint import code_fingerprint
from generator.outcome import BuildStats
from generator.theme import Theme

CACHE_DIR = ".gkml-cache"  # beside content/: the read cache, the manifests, the search cache


@dataclass(frozen=True, slots=True)
class Entry:
    """An output file: what it was made from (*key*), its SHA-256, the files its body links to."""

    key: str
    sha: str
    files: tuple[str, ...] = ()
    size: int = -1  # of the bytes written by this build; -1 for a file kept from the last one
    # Where an item page's body lies in its bytes (start, end): a body-only change is put in
    # there (`bodypatch`). None: not an item page, or a theme that shows no body.
    span: tuple[int, int] | None = None


def location(root: Path, out: Path) -> Path:
    """Return where the manifest of builds of the site *root* into *out* is kept."""
    name = hashlib.sha256(str(out).encode()).hexdigest()[:12]
    return root / CACHE_DIR / f"manifest-{name}.marshal"


def load(path: Path) -> dict[str, Any]:
    """Return the last build's manifest (marshal: a tenth of JSON's time), {} when unreadable."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def entries(data: Mapping[str, Any], out: Path) -> dict[str, Entry]:
    """Return the previous build's entries, or {} when they cannot be trusted."""
    if data.get("out") != str(out) or data.get("version") != __version__ or not out.is_dir():
        return {}
    files = data.get("files", {})
    return {p: Entry(e[0], e[1], e[2], -1, e[3] if len(e) > 3 else None) for p, e in files.items()}


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a build is made from, as the file system shows it without reading a file."""

    options: str  # a digest of gkml, the theme, catalog.yml, the day and the options
    files: dict[str, tuple[int, int]]  # each file under content/: site-root path → size, mtime


@dataclass(frozen=True, slots=True)
class Stamp:
    """What the last build saw and said: enough to skip a build when nothing changed, and to
    put a changed body into its pages when nothing else changed (`bodypatch`)."""

    inputs: Inputs
    load: LoadResult
    stats: BuildStats
    sources: Mapping[str, str]  # Markdown file → SHA-256 of the bytes the check read
    item_pages: Mapping[str, str]  # item file → its page, for the items with one
    withheld: frozenset[str]  # see `withheld_files`
    search: Mapping[str, object] | None  # the search index's layout (`search.outputs`), if any
    shown: Mapping[str, str] = field(default_factory=dict)  # see `bodypatch`


def input_stamp(
    root: Path,
    theme: Theme,
    day: date,
    today: date,
    search_index: bool,
    scan: ContentScan,
    *,
    archived: bool = False,
) -> Inputs:
    """Return the options' digest and every content file's size and modification time (as
    *scan* found them)."""
    digest = hashlib.sha256(code_fingerprint().encode())
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    options = f"{day}\0{today}\0{epoch}\0{theme.fingerprint}\0{search_index}\0{archived}\0"
    digest.update(options.encode())
    with contextlib.suppress(OSError):  # none, or unreadable: the check says so
        digest.update((root / CONFIG_FILE).read_bytes())
    return Inputs(digest.hexdigest(), scan.stamp())


def unchanged_build(
    data: Mapping[str, Any], out: Path, inputs: Inputs
) -> tuple[LoadResult, BuildStats] | None:
    """Return the last build's report when it saw exactly these inputs and its output is there."""
    last = data.get("stamp")
    if not isinstance(last, dict) or last.get("options") != inputs.options:
        return None
    if last.get("files") != inputs.files or not output_intact(data, out):
        return None
    load, stats = last_report(last)
    return load, dataclasses.replace(stats, unchanged=True)


def entry_fields(entries: Mapping[str, Entry]) -> dict[str, tuple[Any, ...]]:
    return {p: (e.key, e.sha, e.files, e.span) for p, e in entries.items()}


def output_intact(data: Mapping[str, Any], out: Path) -> bool:
    """Return whether *out* holds the files of the manifest *data*, no more and no fewer. A
    file removed from (or added to) the output by hand is made again (or removed) by a build:
    listing the output is cheap (20,000 items, 43,856 files: 0.03 s)."""
    if data.get("out") != str(out) or not (out / urls.HOME).is_file():
        return False
    return bool(outputtree.files_under(out) == data.get("files", {}).keys())


def last_report(last: Mapping[str, Any]) -> tuple[LoadResult, BuildStats]:
    """Return what the last build's check found and its counts, from its manifest's stamp."""
    diagnostics = tuple(Diagnostic(**d) for d in last["diagnostics"])
    load = LoadResult(None, diagnostics, tuple(last["notes"]), False)
    return load, BuildStats(**last["stats"], rendered=0, written=0, removed=0)


def as_built(out: Path, files: Mapping[str, tuple[Any, ...]], path: str) -> bytes | None:
    """Return the bytes of *path* in *out* when they are what the last build wrote (the
    manifest's SHA-256), else None (a file changed or removed by hand)."""
    entry = files.get(path)
    try:
        data = (out / path).read_bytes()
    except OSError:
        return None
    return data if entry is not None and hashlib.sha256(data).hexdigest() == entry[1] else None


def write(path: Path, out: Path, files: Mapping[str, tuple[Any, ...]], stamp: Stamp) -> None:
    """Write the manifest: *files* maps each output file to its entry's fields, as
    `entry_fields` gives them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
    data = {
        "version": __version__,
        "out": str(out),
        "stamp": {
            "options": stamp.inputs.options,
            "files": stamp.inputs.files,
            "diagnostics": [dataclasses.asdict(d) for d in stamp.load.diagnostics],
            "notes": list(stamp.load.notes),
            "stats": {
                "items": stamp.stats.items,
                "pages": stamp.stats.pages,
                "files": stamp.stats.files,
            },
            "sources": dict(stamp.sources),
            "item_pages": dict(stamp.item_pages),
            "withheld": sorted(stamp.withheld),
            "search": None if stamp.search is None else dict(stamp.search),
            "shown": dict(stamp.shown),
        },
        "files": files,
    }
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(marshal.dumps(data))
    temporary.replace(path)
    path.with_suffix(".json").unlink(missing_ok=True)  # the manifest's form before 2026-12-02
