"""The Pagefind peer of the search benchmark: its copy of the site and how its results map to
the ground truth (no browser; the Pagefind binary and Chromium only for the per-year token indexes)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from browsing import require

from benchmarks import corpus
from benchmarks.pagefind import (
    copy_pages,
    indexed,
    keys_by_path,
    mark_metadata,
    merged,
    ordered_token_text,
    probe_url,
    query_words,
    result_key,
    token_index,
    token_pages,
    token_text,
    token_word,
)
from benchmarks.search import CHROMIUM, SUB_PATH, documents, rates, truth
from generator.build import build_site

MINIMAL = Path(__file__).resolve().parent / "sites" / "minimal"
AS_OF = date(2024, 12, 31)
ITEM = "640100-108/2024-00001"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Return the minimal site's sources, its build and the Pagefind copy of the build."""
    root = tmp_path_factory.mktemp("pagefind")
    source = root / "source"
    shutil.copytree(MINIMAL, source)
    site = root / "site"
    assert build_site(source, site, as_of=AS_OF, workers=1).stats is not None
    copy = root / "pagefind" / "site"
    assert copy_pages(site, copy) == 3  # two items, one free page
    return source, site, copy


def test_the_copy_holds_the_pages_only_and_leaves_the_build_alone(
    built: tuple[Path, Path, Path],
) -> None:
    _, site, copy = built
    names = sorted(str(p.relative_to(copy)) for p in copy.rglob("*") if p.is_file())
    assert names == [
        "catalog.json",
        "items/2024/640100-108-2024-00001.html",
        "items/2024/640100-108-2024-00002.html",
        "pages/gkzn.html",
    ]
    assert "data-pagefind-ignore" not in (site / "items/2024/640100-108-2024-00001.html").read_text(
        encoding="utf-8"
    )


def test_every_page_maps_to_a_key_of_the_ground_truth(built: tuple[Path, Path, Path]) -> None:
    source, _, copy = built
    keys = keys_by_path(json.loads((copy / "catalog.json").read_text(encoding="utf-8")))
    docs = {d.key for d in documents(source, AS_OF)}
    urls = [f"/{SUB_PATH}/{p.relative_to(copy)}" for p in sorted(copy.rglob("*.html"))]
    mapped = {result_key(u, keys, sub_path=SUB_PATH) for u in urls}
    assert mapped == docs == {ITEM, "640100-108/2024-00002", "pages/gkzn.html"}


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/xxgk/items/2024/640100-108-2024-00001.html", ITEM),
        ("http://127.0.0.1:8000/xxgk/items/2024/640100-108-2024-00001.html", ITEM),
        ("/xxgk/items/2024/640100-108-2024-00001.html#pagefind-1", ITEM),
        ("/xxgk/pages/gkzn.html", "pages/gkzn.html"),
        ("/items/2024/640100-108-2024-00001.html", ITEM),  # served at the root
        ("/xxgk/items/2024/%E6%9C%AA%E7%9F%A5.html", "items/2024/未知.html"),  # not an item
    ],
)
def test_result_urls_map_to_index_numbers(url: str, key: str) -> None:
    keys = {"items/2024/640100-108-2024-00001.html": ITEM}
    assert result_key(url, keys, sub_path=SUB_PATH) == key


def test_results_are_scored_against_the_same_truth(built: tuple[Path, Path, Path]) -> None:
    source, _, copy = built
    keys = keys_by_path(json.loads((copy / "catalog.json").read_text(encoding="utf-8")))
    expected = truth(documents(source, AS_OF), "示民发〔2024〕1号")
    urls = ["/xxgk/items/2024/640100-108-2024-00001.html", "/xxgk/pages/gkzn.html"]
    r = rates({result_key(u, keys, sub_path=SUB_PATH) for u in urls}, expected)
    assert (r.truth, r.found, r.right, r.recall, r.precision) == (1, 2, 1, 1.0, 0.5)


def test_only_the_index_number_and_document_number_rows_are_indexed(
    built: tuple[Path, Path, Path],
) -> None:
    html = (built[2] / "items/2024/640100-108-2024-00001.html").read_text(encoding="utf-8")
    rows = [line.strip() for line in html.splitlines() if '<th scope="row">' in line]
    assert len(rows) >= 9  # the metadata table; a table in the body is left as it is
    kept = [r for r in rows if r.startswith('<tr><th scope="row">')]
    assert [r.split(">")[2].split("<")[0] for r in kept] == ["索引号", "文号"]
    assert all(r.startswith("<tr data-pagefind-ignore>") for r in rows if r not in kept)
    assert mark_metadata('<tr><th scope="row">关键词</th><td>低保</td></tr>') == (
        '<tr data-pagefind-ignore><th scope="row">关键词</th><td>低保</td></tr>'
    )


def test_pagefind_counts_and_the_probe_url() -> None:
    out = "Total: \n  Indexed 1 language\n  Indexed 935 pages\n  Indexed 7504 words\n"
    assert indexed(out) == {"pages": 935, "words": 7504}
    assert indexed("  Indexed 1 page\n  Indexed 1 word\n") == {"pages": 1, "words": 1}
    assert probe_url("http://h/xxgk", ["低保", "a b"]) == (
        "http://h/xxgk/pagefind-probe.html?q=%5B%22%E4%BD%8E%E4%BF%9D%22%2C%20%22a%20b%22%5D"
    )


def test_token_words_spell_each_pair_of_cjk_characters_once() -> None:
    def spelt(word: str) -> str:  # 4 base-32 digits a character; "wwww": the run's end
        return "".join(chr(int(word[i : i + 4], 32)) for i in (0, 4) if word[i : i + 4] != "wwww")

    assert token_word("低") == "0jqe"  # U+4F4E = 0b00000_10011_11010_01110
    words = token_text("低保 低保金, a 低").split()
    assert words == sorted(set(words)) and all(len(w) == 8 and w.isascii() for w in words)
    assert sorted(map(spelt, words)) == sorted(["低保", "保", "保金", "金", "低"])
    assert token_text("no chinese") == ""


def test_token_pages_hold_public_bodies_only(
    built: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    source = built[0]
    assert token_pages(source, tmp_path, AS_OF) == 2  # the two items; no free page
    pages = sorted(tmp_path.glob("*/*.html"))
    assert [p.parent.name for p in pages] == ["2024", "2024"]  # a folder per year
    text = " ".join(p.read_text(encoding="utf-8") for p in pages)
    assert "data-pagefind-body" in text and 'data-pagefind-filter="年份">2024<' in text
    assert not any(ord(c) > 0x3000 for c in text.split("<p>")[1].split("</p>")[0])


@pytest.fixture(scope="module")
def by_year(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """Return the work folder and figures of `tokens --by-year` on a generated corpus."""
    root = tmp_path_factory.mktemp("by-year")
    corpus.generate(80, root / "corpus", seed=2)
    work = root / "work"
    return work, token_index(root / "corpus", work, date(2026, 11, 16), 10, by_year=True)


def test_token_indexes_by_year_are_one_per_year_made_by_pagefind(
    by_year: tuple[Path, dict[str, Any]],
) -> None:
    work, figures = by_year
    years = sorted(p.name for p in (work / "all").iterdir() if p.is_dir())
    assert figures["by_year"]["indexes"] == len(years) > 1
    assert figures["by_year"]["exits"] == [0]
    assert sum(figures[y]["pages"] for y in years) == figures["pages"] > 0
    assert all((work / "all" / y / "pagefind" / "pagefind-entry.json").is_file() for y in years)
    assert "all" not in figures and "part" not in figures


def test_a_query_is_spelt_as_the_pages_spell_its_pairs() -> None:
    assert query_words("低保") == token_text("低保").split()[0]  # the pair, not the end mark
    pairs = [query_words(a + b) for a, b in zip("养老服", "老服务", strict=True)]
    assert query_words("养老服务").split() == pairs
    assert set(pairs) < set(token_text("养老服务").split())
    assert query_words("低") == ""


def test_the_merged_indexes_find_every_page_with_the_pair(
    by_year: tuple[Path, dict[str, Any]],
) -> None:
    require(f"Chromium ({CHROMIUM})", CHROMIUM.is_file())
    work, _ = by_year
    pages = list((work / "all").glob("*/*.html"))
    word = query_words("保障")
    having = [p for p in pages if word in p.read_text(encoding="utf-8").split()]
    assert having, "the corpus has 保障"
    newest = max(p.parent.name for p in pages)
    found = merged(work, ["保障"])
    assert found["years"] == len({p.parent.name for p in pages})
    assert found["保障 all"]["results"] == len(having)  # every year's index searched
    assert found["保障 newest"]["results"] == len([p for p in having if p.parent.name == newest])
    assert found["保障 all"]["first_requests"] > found["保障 newest"]["first_requests"]


def test_ordered_pair_words_keep_every_pair_in_its_run() -> None:
    words = ordered_token_text("低保低保，保障").split()
    pair, again = query_words("低保"), query_words("保低")
    assert words[:3] == [pair, again, pair]  # every occurrence, in order
    assert words[4] == "zzzzzzzz"  # a break after each run's end word
    assert words[5:7] == [query_words("保障"), token_text("障").split()[0]]


@pytest.mark.long
def test_a_quoted_query_finds_the_pairs_next_to_each_other_only(tmp_path: Path) -> None:
    require(f"Chromium ({CHROMIUM})", CHROMIUM.is_file())
    corpus.generate(300, tmp_path / "corpus", seed=1)
    work = tmp_path / "work"
    token_index(tmp_path / "corpus", work, date(2026, 11, 16), 10, by_year=True, ordered=True)
    texts = [f" {p.read_text(encoding='utf-8')} " for p in (work / "all").glob("*/*.html")]
    query = "断提高"  # its pairs 断提 and 提高 are in many items apart
    words = query_words(query)
    together = sum(f" {words} " in t for t in texts)
    apart = sum(all(f" {w} " in t for w in words.split()) for t in texts)
    assert 0 < together < apart
    assert merged(work, [query], phrase=True)[f"{query} all"]["results"] == together
    assert merged(work, [query])[f"{query} all"]["results"] == apart
