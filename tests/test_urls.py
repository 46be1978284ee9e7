"""Relative links between site-root paths, against the standard library's answer."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

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


@given(st.text(st.sampled_from([*'a 表#%?[]^`{|}<>"\\\t（）.-', "\x7f"]), min_size=1))
def test_a_file_link_is_a_valid_url_path_that_decodes_to_the_file(name: str) -> None:
    """An attachment's name as an editor saves it: the link has no character a URL path
    cannot hold, and decoding it gives the published file's path back."""
    link = urls.file_link(f"content/2025/files/{name}")
    assert urlsplit(link).path == link  # no fragment, no query
    assert not re.search(r"[\x00-\x20\"#<>?\[\\\]^`{|}\x7f]|%(?![0-9A-F]{2})", link)
    assert unquote(link) == urls.file_path(f"content/2025/files/{name}")
    shortened = "~" in link  # past NAME_MAX bytes, cut and given a hash (name has no ~)
    assert "表" not in name or "表" in link or shortened  # Chinese stays as it is


def test_a_published_html_file_is_not_a_page() -> None:
    assert urls.is_page("items/2024/a.html") and urls.is_page("index.html#main")
    assert not urls.is_page("files/2024/说明.html") and not urls.is_page("files/a.pdf")


def test_index_numbers_that_read_alike_in_ascii_have_their_own_stems() -> None:
    """Two walks found `交执〔2026〕001` and `运输〔2026〕001` on one page file, `2026-001`."""
    assert urls.stem("交执〔2026〕001") != urls.stem("运输〔2026〕001")
    assert urls.stem("交执〔2026〕001").startswith("2026-001-")
    assert urls.stem("交执〔2026〕001").isascii()
    # ASCII keeps its stem: a column key's feed, an issuer code's listing (a review).
    assert urls.stem("zc_jd") == "zc-jd" and urls.stem("ZF.01") == "ZF-01"


@given(st.lists(st.text(st.sampled_from("aB1-/.〔〕交+"), min_size=1), min_size=2, max_size=2))
def test_only_ascii_texts_share_a_stem(texts: list[str]) -> None:
    """Two texts with a character outside ASCII never share a stem (bar a hash collision of
    24 bits); ASCII texts that do are the check's to report (GK212)."""
    a, b = texts
    if a != b and urls.stem(a) == urls.stem(b):
        assert a.isascii() and b.isascii()
