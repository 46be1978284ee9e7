"""Relative links between site-root paths, against the standard library's answer."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from generator import urls

_SEGMENT = st.sampled_from(["a", "b", "items", "2024", "catalog", "x-1"])
_FOLDER = st.lists(_SEGMENT, max_size=4)
_FILE = st.sampled_from(["index.html", "page-2.html", "x.css", "640100-108-2024-00001.html"])


@given(_FOLDER, _FILE, _FOLDER, _FILE, st.sampled_from(["", "#top", "#一总体情况"]))
def test_relative_matches_posixpath(
    here: list[str], page: str, there: list[str], target: str, fragment: str
) -> None:
    source = "/".join([*here, page])
    dest = "/".join([*there, target])
    expected = posixpath.relpath(dest, posixpath.dirname(source) or ".") + fragment
    assert urls.relative(source, dest + fragment) == expected


def test_stem_is_ascii_and_stable() -> None:
    assert urls.stem("640100-108/2024-00012") == "640100-108-2024-00012"
    assert urls.stem("示例") == urls.stem("示例")
    assert urls.stem("示例").isascii()
