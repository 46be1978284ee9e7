"""What a change does to catalog.yml and to a site's own templates/, for `gkml diff`.

A setting changes every page it shows on (a column's title, the site's name) or what is
listed at all (`rules.list_withheld_items`), though no item changes: the reviewer is told.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.options import OPTION_BY_PATH
from generator.stamp import CONFIG_FILE
from generator.yamlnodes import Document, parse_yaml, plain

_ABSENT = "—"
_PRESENT = "有 (present)"
TEMPLATES_DIR = "templates"


@dataclass(frozen=True, slots=True)
class SettingChange:
    """One value of catalog.yml before and after, by its place: `rules.list_withheld_items`,
    `catalog[fdzdgknr].children[hydj].title`, `topics[殡葬管理]` ("—": not there)."""

    key: str
    old: str
    new: str

    @property
    def label(self) -> str:
        """Return the setting's name in the handbook's reference (栏目名称, 网址…), or ""."""
        path = re.sub(r"\[[^\]]*\]", "[]", self.key)
        path = re.sub(r"(\.children\[\])+", "", path)  # a column at any depth: catalog[]
        path = re.sub(r"\.[0-9]{4}(?=\.|$)", ".<年份>", path)
        option = OPTION_BY_PATH.get(path) or OPTION_BY_PATH.get(path.removesuffix("[]"))
        return option.label if option else ""


@dataclass(frozen=True, slots=True)
class TemplateChange:
    path: str  # under templates/
    change: str  # added, removed or changed


@dataclass(frozen=True, slots=True)
class RootFileChange:
    path: str  # where it is published, from the site's root
    change: str  # added, removed or changed


def root_file_changes(
    old_root: Path, old: Mapping[str, str], new_root: Path, new: Mapping[str, str]
) -> tuple[RootFileChange, ...]:
    """Return the files of content/static/ added, removed or changed where they are
    published (*old* and *new*: published path → site-root path, `Site.static`): public at
    the site's root, though no item or page shows them."""
    found = _changed(
        {t: (old_root / s).read_bytes() for t, s in old.items()},
        {t: (new_root / s).read_bytes() for t, s in new.items()},
    )
    return tuple(RootFileChange(path, change) for path, change in found)


def setting_changes(old_root: Path, new_root: Path) -> tuple[SettingChange, ...]:
    """Return the values of catalog.yml that differ between the two sites (none when the
    change creates the site: every value would be new)."""
    old_file, new_file = old_root / CONFIG_FILE, new_root / CONFIG_FILE
    if not old_file.is_file() or not new_file.is_file():
        return ()
    before, after = _flat(_load(old_file)), _flat(_load(new_file))
    keys = list(before) + [k for k in after if k not in before]
    return tuple(
        SettingChange(key, before.get(key, _ABSENT), after.get(key, _ABSENT))
        for key in keys
        if before.get(key) != after.get(key)
    )


def template_changes(old_root: Path, new_root: Path) -> tuple[TemplateChange, ...]:
    """Return the files of the site's own templates/ that were added, removed or changed."""
    found = _changed(_files(old_root / TEMPLATES_DIR), _files(new_root / TEMPLATES_DIR))
    return tuple(TemplateChange(path, change) for path, change in found)


def _changed(before: dict[str, bytes], after: dict[str, bytes]) -> list[tuple[str, str]]:
    """Return (path, added/removed/changed) for each path whose bytes differ, in path order."""
    found: list[tuple[str, str]] = []
    for path in sorted(before.keys() | after.keys()):
        if path not in after:
            found.append((path, "removed"))
        elif path not in before:
            found.append((path, "added"))
        elif before[path] != after[path]:
            found.append((path, "changed"))
    return found


def _load(path: Path) -> Any:
    """Return catalog.yml as plain values, read as `config` reads it (both sides loaded as
    sites already: no syntax problem is left to report)."""
    parsed = parse_yaml(path.read_bytes().decode("utf-8-sig"))
    return plain(parsed.root) if isinstance(parsed, Document) and parsed.root else {}


def _files(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink()
    }


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


def _flat(value: Any, prefix: str = "", out: dict[str, str] | None = None) -> dict[str, str]:
    """Return every value of *value* by its place. A list of mappings with a `key` or `name`
    (columns, issuers) is keyed by it, a list of plain values (topics) by each value: an entry
    put in or taken out is one change, not a shift of every entry after it."""
    out = {} if out is None else out
    if isinstance(value, dict):
        for key, inner in value.items():
            _flat(inner, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list) and value and all(_named(v) for v in value):
        for entry in value:
            ident = entry.get("key", entry.get("name"))
            out[f"{prefix}[{ident}]"] = _PRESENT
            rest = {k: v for k, v in entry.items() if k not in ("key", "name")}
            _flat(rest, f"{prefix}[{ident}]", out)
    elif isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        for entry in value:
            out[f"{prefix}[{_text(entry)}]"] = _PRESENT
    elif isinstance(value, list):
        for number, entry in enumerate(value):
            _flat(entry, f"{prefix}[{number}]", out)
    else:
        out[prefix] = _text(value)
    return out


def _named(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("key", value.get("name")), str)
