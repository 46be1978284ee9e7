"""The last build's manifest: each output file's key and SHA-256, and what the build saw.

Kept in `.gkml-cache/manifest-<out>.marshal`. With it, a build renders only the pages whose
key changed, skips a build when no input changed (`unchanged_build`), and puts a changed body
into its pages (`bodypatch`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator import __version__, stamp
from generator.content import LoadResult
from generator.contentscan import ContentScan
from generator.diagnostics import Diagnostic
from generator.outcome import BuildStats
from generator.theme import Theme


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
    return Path(stamp.manifest_path(str(root), str(out)))


def load(path: Path) -> dict[str, Any]:
    """Return the last build's manifest, {} when unreadable."""
    return stamp.load_manifest(str(path))


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
    files: dict[str, stamp.Signature]  # each file under content/ (`stamp.content_stamp`)


@dataclass(frozen=True, slots=True)
class Stamp:
    """What the last build saw and said: enough to skip a build when nothing changed, and to
    put a changed body into its pages when nothing else changed (`bodypatch`)."""

    inputs: Inputs
    load: LoadResult
    stats: BuildStats
    sources: Mapping[str, str]  # Markdown file → SHA-256 of the bytes the check read
    # Markdown file → its page: the items with one and the free pages (`Plan.source_pages`)
    source_pages: Mapping[str, str]
    withheld: frozenset[str]  # see `withheld_files`
    search: Mapping[str, object] | None  # the search index's layout (`search.outputs`), if any
    shown: Mapping[str, str] = field(default_factory=dict)  # see `bodypatch`
    # The other files the check read, outside content/'s walk (`stamp.probe`): attachments
    # kept elsewhere in the repository, or behind a linked folder.
    probed: Mapping[str, stamp.Signature] = field(default_factory=dict)


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
    """Return the options' digest and every content file's signature (as *scan* found them)."""
    options = stamp.options_digest(
        str(root), theme.fingerprint, str(day), str(today), search_index, archived
    )
    return Inputs(options, scan.stamp())


def unchanged_build(
    data: Mapping[str, Any], root: Path, out: Path, inputs: Inputs
) -> tuple[LoadResult, BuildStats] | None:
    """Return the last build's report when it saw exactly these inputs and its output is there."""
    if not stamp.up_to_date(data, str(root), str(out), inputs.options, inputs.files):
        return None
    report = last_report(data["stamp"])
    if report is None:
        return None
    return report[0], dataclasses.replace(report[1], unchanged=True)


def entry_fields(entries: Mapping[str, Entry]) -> dict[str, tuple[Any, ...]]:
    return {p: (e.key, e.sha, e.files, e.span) for p, e in entries.items()}


def output_intact(data: Mapping[str, Any], out: Path) -> bool:
    """Return whether *out* holds the files of the manifest *data* (`stamp.output_intact`)."""
    return stamp.output_intact(data, str(out))


def last_report(last: Mapping[str, Any]) -> tuple[LoadResult, BuildStats] | None:
    """Return what the last build's check found and its counts, from its manifest's stamp;
    None when the stamp does not hold them as a build writes them (a damaged manifest: the
    build runs)."""
    try:
        diagnostics = tuple(Diagnostic(**d) for d in last["diagnostics"])
        load = LoadResult(None, diagnostics, tuple(last["notes"]), False)
        return load, BuildStats(**last["stats"], rendered=0, written=0, removed=0)
    except (KeyError, TypeError, ValueError):
        return None


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
            "source_pages": dict(stamp.source_pages),
            "withheld": sorted(stamp.withheld),
            "search": None if stamp.search is None else dict(stamp.search),
            "shown": dict(stamp.shown),
            "probed": dict(stamp.probed),
        },
        "files": files,
    }
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(marshal.dumps(data))
    temporary.replace(path)
    path.with_suffix(".json").unlink(missing_ok=True)  # the manifest's form before 2026-12-02
