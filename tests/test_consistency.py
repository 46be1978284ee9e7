"""The checks across files (`generator.consistency`) on the sample site."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

from conftest import copy_sample

from generator.consistency import Declared, cross_check
from generator.content import load_site
from generator.frontmatter import file_lines
from generator.yamlnodes import Position


class _Asked(Mapping[str, Position]):
    """An item's positions that note each field asked for, as a cached item makes them only
    when asked (`readcache._Positions`)."""

    def __init__(self, path: str, positions: Mapping[str, Position], asked: list[str]) -> None:
        self._path, self._positions, self._asked = path, positions, asked

    def __getitem__(self, key: str) -> Position:
        self._asked.append(f"{self._path}: {key}")
        return self._positions[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)


def test_references_that_resolve_ask_no_position(tmp_path: Path) -> None:
    """A field's position is for a finding: the sample's interprets, related and replaced_by
    all name its items, so the check across files asks none (a 20,000-item rebuild made 3,785
    items' positions from the read cache for nothing, 0.06 s)."""
    root = copy_sample(tmp_path / "site")
    site = load_site(root, today=date(2026, 11, 16)).site
    assert site is not None
    items = site.items
    assert any(i.interprets for i in items) and any(i.replaced_by for i in items)
    assert any(i.related for i in items)
    asked: list[str] = []
    watched = [dataclasses.replace(i, positions=_Asked(i.path, i.positions, asked)) for i in items]
    declared = [Declared(i.index_no, i.path, i.positions["index_no"]) for i in items]

    @functools.cache
    def lines(rel: str) -> tuple[str, ...]:
        return file_lines((root / rel).read_text(encoding="utf-8"))

    found = cross_check(declared, watched, lines, pages=site.pages, root=root)
    assert found == cross_check(declared, items, lines, pages=site.pages, root=root)
    assert asked == [], asked
