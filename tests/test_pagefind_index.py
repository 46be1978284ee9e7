"""Pagefind per year (`site.search: pagefind`): its words, its build, its cache. Real binary."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import RunGkml, copy_sample, set_search_engine
from hypothesis import given
from hypothesis import strategies as st

from generator import cbor, options, pagefindindex
from generator.build import BuildError, build_site
from generator.config import load_config

AS_OF = date(2026, 11, 20)
# A few characters, so that a random term is often in a random text, and often not.
_TEXT = st.text(alphabet="低保养老服务，。a1 ", max_size=40)
_TERM = st.text(alphabet="低保养老服务", min_size=2, max_size=4)


def _phrase(term: str) -> str:
    """The pair words of *term*, as search.js quotes them (pagefindQuery)."""
    codes = [pagefindindex.character_word(c) for c in term]
    return " ".join(map(str.__add__, codes, codes[1:]))


@given(_TEXT, _TERM)
def test_a_term_is_a_phrase_of_the_words_exactly_when_the_text_has_it(text: str, term: str) -> None:
    assert (f" {_phrase(term)} " in f" {pagefindindex.words(text)} ") is (term in text)


def test_the_words_of_a_text() -> None:
    low, bao, yang = (pagefindindex.character_word(c) for c in "低保养")
    assert pagefindindex.words("低保，养 2024") == (
        f"{low}{bao} {bao}wwww zzzzzzzz {yang}wwww zzzzzzzz y2024"
    )
    # A longer run: each inner character in two pairs (words writes them doubled).
    yang, lao, fu, wu = (pagefindindex.character_word(c) for c in "养老服务")
    assert pagefindindex.words("养老服务") == f"{yang}{lao} {lao}{fu} {fu}{wu} {wu}wwww zzzzzzzz"
    # 低 is U+4F4E = 20302 = 0·32³ + 19·32² + 26·32 + 14: the digits 0, j, q, e.
    assert low == "0jqe"


def _bundles(out: Path) -> dict[str, bytes]:
    folder = out / pagefindindex.FOLDER
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _segment(path: str) -> str:
    return path.split("/", 1)[0]


def test_a_changed_item_indexes_its_year_again_and_the_output_is_as_from_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = set_search_engine(copy_sample(tmp_path / "src"), "pagefind")
    indexed: list[str] = []
    real = pagefindindex.index

    def counted(folder: Path, segment: str) -> dict[str, bytes]:
        indexed.append(segment)
        return real(folder, segment)

    monkeypatch.setattr(pagefindindex, "index", counted)
    looked_up: list[str] = []  # the segments whose bundle was read from the cache
    real_cached = pagefindindex._cached

    def cached(cache: Path, segment: str, key: str) -> dict[str, bytes] | None:
        looked_up.append(segment)
        return real_cached(cache, segment, key)

    monkeypatch.setattr(pagefindindex, "_cached", cached)
    out = tmp_path / "site"
    assert build_site(root, out, as_of=AS_OF, workers=1).stats is not None
    first = _bundles(out)
    assert sorted(indexed) == ["2023", "2024", "2025", "2026", "pages"]
    for segment in indexed:  # what the search page loads, not Pagefind's own UI
        assert f"{segment}/pagefind.js" in first and f"{segment}/pagefind-entry.json" in first
        assert any(re.fullmatch(rf"{segment}/fragment/.+\.pf_fragment", p) for p in first)
    assert not any("pagefind-ui" in p for p in first)
    page = (out / "search.html").read_text(encoding="utf-8")
    assert 'data-pagefind="search/pagefind/"' in page and "'wasm-unsafe-eval'" in page

    item = root / "content/2024/bmwj-yanglao-yunying-butie-banfa.md"
    item.write_text(item.read_text(encoding="utf-8") + "\n新增一段关于轮椅借用的说明。\n")
    indexed.clear()
    looked_up.clear()
    assert build_site(root, out, as_of=AS_OF, workers=1).stats is not None
    assert indexed == ["2024"]  # a body change is not patched in: its year is indexed again
    assert looked_up == ["2024"]  # the other years' files stay as they are, nothing read
    second = _bundles(out)
    changed = {p for p in first.keys() | second.keys() if first.get(p) != second.get(p)}
    assert changed and {_segment(p) for p in changed} == {"2024"}

    # A bundle file removed from the output by hand: its year comes back from the cache.
    removed = next(p for p in second if p.startswith("2025/fragment/"))
    (out / pagefindindex.FOLDER / removed).unlink()
    item.write_text(item.read_text(encoding="utf-8") + "\n再补一句。\n")
    indexed.clear()
    looked_up.clear()
    assert build_site(root, out, as_of=AS_OF, workers=1).stats is not None
    assert indexed == ["2024"] and sorted(looked_up) == ["2024", "2025"]
    second = _bundles(out)
    assert second[removed] == first[removed]

    # The same sources from scratch (no cache, a new output): the same bytes.
    scratch = copy_sample(tmp_path / "again")
    set_search_engine(scratch, "pagefind")
    (scratch / "content/2024/bmwj-yanglao-yunying-butie-banfa.md").write_bytes(item.read_bytes())
    assert build_site(scratch, tmp_path / "site2", as_of=AS_OF, workers=1).stats is not None
    assert _bundles(tmp_path / "site2") == second


def test_one_index_of_the_whole_site_is_indexed_again_whole_and_replaces_the_years(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = set_search_engine(copy_sample(tmp_path / "src"), "pagefind")
    out = tmp_path / "site"
    assert build_site(root, out, as_of=AS_OF, workers=1).stats is not None
    by_year = _bundles(out)
    years = {_segment(p) for p in by_year}
    assert len(years) > 1 and pagefindindex.ALL not in years
    documents = sum(1 for p in by_year if p.endswith(".pf_fragment"))  # one a document

    indexed: list[str] = []
    real = pagefindindex.index

    def counted(folder: Path, segment: str) -> dict[str, bytes]:
        indexed.append(segment)
        # Every segment's documents are in the one index: as many pages as the years had.
        indexed.append(str(len(list(folder.glob("*.html")))))
        return real(folder, segment)

    monkeypatch.setattr(pagefindindex, "index", counted)
    set_search_engine(root, "pagefind-all")
    assert build_site(root, out, as_of=AS_OF, workers=1).stats is not None
    whole = _bundles(out)
    assert {_segment(p) for p in whole} == {pagefindindex.ALL}  # the years' folders are gone
    entry = json.loads(whole["all/pagefind-entry.json"])
    assert indexed == [pagefindindex.ALL, str(documents)]
    assert entry["languages"]  # Pagefind's own entry file, rewritten in order
    page = (out / "search.html").read_text(encoding="utf-8")
    assert 'data-pagefind="search/pagefind/" data-pagefind-bundle="all"' in page

    item = root / "content/2024/bmwj-yanglao-yunying-butie-banfa.md"
    item.write_text(item.read_text(encoding="utf-8") + "\n新增一段关于轮椅借用的说明。\n")
    indexed.clear()
    assert build_site(root, out, as_of=AS_OF, workers=1).stats is not None
    assert indexed[:1] == [pagefindindex.ALL]  # any change indexes the whole site again
    changed = _bundles(out)
    assert changed != whole

    scratch = set_search_engine(copy_sample(tmp_path / "again"), "pagefind-all")
    (scratch / "content/2024/bmwj-yanglao-yunying-butie-banfa.md").write_bytes(item.read_bytes())
    assert build_site(scratch, tmp_path / "site2", as_of=AS_OF, workers=1).stats is not None
    assert _bundles(tmp_path / "site2") == changed


def test_a_failed_pagefind_fails_the_build_and_leaves_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_sample(tmp_path / "src")
    out = tmp_path / "site"
    assert build_site(root, out, as_of=AS_OF, workers=1).stats is not None
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    set_search_engine(root, "pagefind")
    fails = tmp_path / "pagefind"
    fails.write_text("#!/bin/sh\necho 'no space left' >&2\nexit 3\n")
    fails.chmod(0o755)
    monkeypatch.setattr(pagefindindex, "binary", lambda: fails)
    with pytest.raises(BuildError, match=r"Pagefind failed to index .* \(exit 3\): no space left"):
        build_site(root, out, as_of=AS_OF, workers=1)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not out.with_name(f".{out.name}.staging").exists()


def test_one_index_of_a_large_catalog_is_noted_by_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_gkml: RunGkml
) -> None:
    root = set_search_engine(copy_sample(tmp_path / "src"), "pagefind-all")
    items = len(list((root / "content").glob("2*/*.md")))
    monkeypatch.setattr(options, "PAGEFIND_WHOLE_ITEMS", items)  # as many as the limit: fine
    checked = run_gkml(["check", "--site", root, "--as-of", AS_OF.isoformat()])
    assert checked.exit_code == 0 and "pagefind-all" not in checked.stdout + checked.stderr

    monkeypatch.setattr(options, "PAGEFIND_WHOLE_ITEMS", items - 1)  # one item more than it
    checked = run_gkml(["check", "--site", root, "--as-of", AS_OF.isoformat()])
    assert checked.exit_code == 0  # a note, not an error: the build still runs
    gb = round(items / 1000 * options.PAGEFIND_WHOLE_GB_PER_1000, 1)
    assert f"本目录有 {items} 条" in checked.stderr and f"约需 {gb} GB 内存" in checked.stderr
    assert f"this one has {items}" in checked.stderr and "site.search: pagefind (" in checked.stderr

    set_search_engine(root, "pagefind")  # one index a year: no note
    checked = run_gkml(["check", "--site", root, "--as-of", AS_OF.isoformat()])
    assert checked.exit_code == 0 and "pagefind-all" not in checked.stdout + checked.stderr


def test_an_unknown_engine_is_refused(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "src")
    set_search_engine(root, "solr")
    found = load_config(root)
    assert found.config is None
    [problem] = [d for d in found.diagnostics if d.field == "site.search"]
    assert problem.code == "GK405" and problem.line == 5
    assert "gkml、pagefind、pagefind-all 之一" in problem.message_zh
    assert "'solr'" in problem.message_en


def _run_pagefind(tmp_path: Path, documents: list[pagefindindex.Document]) -> Path:
    """Run the real Pagefind over *documents*' pages; return the folder of its bundle."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for n, document in enumerate(documents):
        (folder / f"{n}.html").write_text(pagefindindex.page_html(document), encoding="utf-8")
    out = tmp_path / "bundle"
    ran = subprocess.run(
        [str(pagefindindex.binary()), "--site", str(folder), "--output-path", str(out)],
        capture_output=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    return out


def test_every_pagefind_file_reads_and_writes_back_the_same(tmp_path: Path) -> None:
    """cbor reads each of Pagefind's own CBOR files (before `in_order`) and writes the same
    bytes; a fragment is JSON."""
    words = [("低保", "2024"), ("养老", "2025"), ("低保养老", "2024")]
    out = _run_pagefind(
        tmp_path,
        [
            pagefindindex.Document(
                f"2024/{n}", word, word * 3, (("年份", year), ("主题", word)), f"2024-01-0{n + 1}"
            )
            for n, (word, year) in enumerate(words)
        ],
    )
    files = [p for p in out.rglob("*.pf_*") if p.is_file()]
    kinds = {p.suffix for p in files}
    assert kinds == {".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"}
    for path in files:
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        body = raw[len(b"pagefind_dcd") :]
        if path.suffix == ".pf_fragment":
            assert json.loads(body)["meta"]["d"].startswith("2024/")
        else:
            assert cbor.dumps(cbor.loads(body)) == body, path.name


def test_cbor_values() -> None:
    for value in (0, 23, 24, 255, 256, 65536, 2**32, -1, -25, "低保", b"\x00", [], [1, [2]], None):
        assert cbor.loads(cbor.dumps(value)) == value
    assert cbor.dumps(cbor.Map([("a", 1)])) == b"\xa1\x61a\x01"
    assert cbor.dumps(500) == b"\x19\x01\xf4"  # the shortest form
    with pytest.raises(cbor.CborError):
        cbor.loads(b"\x82\x01")  # an array of two with one value


def _pagefind_bundle(tmp_path: Path, texts: list[str]) -> dict[str, bytes]:
    """Run the real Pagefind over one document a text; return its bundle's files, as written."""
    out = _run_pagefind(
        tmp_path,
        [
            pagefindindex.Document(
                f"2024/{n}", text[:6], text, (("年份", "2024"),), f"2024-01-01/{n:06d}", '["r"]'
            )
            for n, text in enumerate(texts)
        ],
    )
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _chunk_for(chunks: list[list[str]], term: str) -> str | None:
    """The chunk Pagefind 1.5's WebAssembly loads for *term* (`try_request_indexes`: the first
    chunk whose bounds hold it; if none, the first whose bounds hold it cut to their length)."""
    for strict in (True, False):
        for start, end, name in chunks:
            if strict and start <= term <= end:
                return name
            low, high = min(len(term), len(start)), min(len(term), len(end))
            if not strict and term[:low] >= start[:low] and term[:high] <= end[:high]:
                return name
    return None


def _words(files: dict[str, bytes], name: str) -> list[list[object]]:
    words: list[list[object]] = pagefindindex._unpack(files[f"index/{name}.pf_index"])[0]
    return words


def test_the_compacted_index_holds_every_word_once_where_pagefind_looks_for_it(
    tmp_path: Path,
) -> None:
    # Sixty texts of a few hundred characters drawn from 40 CJK characters, so that many words
    # share their first character and the index has some tens of thousands of positions.
    alphabet = "低保养老服务社会救助政务公开民政局年度报告残疾人儿童福利机构街道社区医疗教育住房"
    texts = [
        "".join(alphabet[(n * 7 + k * k) % len(alphabet)] for k in range(300)) for n in range(60)
    ]
    files = _pagefind_bundle(tmp_path, texts)
    meta_path = next(p for p in files if p.endswith(".pf_meta"))
    before = pagefindindex._unpack(files[meta_path])
    original = [w for _, _, name in before[2] for w in _words(files, name)]

    small = 600  # bytes of CBOR a chunk: many chunks
    after = pagefindindex.compacted(files, small)
    chunks = pagefindindex._unpack(after[meta_path])[2]
    assert len(chunks) > 3 * len(before[2])
    by_chunk = {name: _words(after, name) for _, _, name in chunks}
    assert [w for _, _, name in chunks for w in by_chunk[name]] == original  # each once, as was
    assert {p for p in after if p.startswith("index/")} == {f"index/{n}.pf_index" for n in by_chunk}
    home = {str(w[0]): name for name, ws in by_chunk.items() for w in ws}
    for word in home:  # a word of two characters: where the page's quoted query looks
        assert _chunk_for(chunks, word) == home[word], word
    for character in map(pagefindindex.character_word, alphabet):  # a prefix: all its words
        assert {home[w] for w in home if w.startswith(character)} == {_chunk_for(chunks, character)}
    sizes = [len(gzip.decompress(after[f"index/{name}.pf_index"])) for name in by_chunk]
    assert (
        max(sizes)
        < 10 * small
        < max(len(gzip.decompress(files[p])) for p in files if "index/" in p)
    )

    for path in (p for p in after if p.startswith("fragment/")):
        fragment = json.loads(gzip.decompress(after[path])[len(b"pagefind_dcd") :])
        assert fragment["content"] == "" and "title" not in fragment["meta"]
        assert fragment["meta"]["r"] == '["r"]' and fragment["meta"]["d"].startswith("2024/")
        assert fragment["word_count"] > 0  # still what Pagefind ranks by


def test_a_position_that_looks_like_a_word_is_not_taken_for_one() -> None:
    # Position 33640 is written 19 83 68: an array of three, then a text of 8 bytes (the eight
    # small positions after it), then an array (the empty meta positions): a word, by its look.
    entry = ["0jqe0jut", [[0, [33640, 1, 2, 3, 4, 5, 6, 7, 8], []]], []]
    after = ["0jqewwww", [[1, [-25, 7], []]], []]
    data = cbor.dumps([[entry, after]])
    assert data.count(b"\x83\x68") == 3  # two words and the position
    starts, words = pagefindindex._word_starts(data)
    assert words == ["0jqe0jut", "0jqewwww"]
    assert [cbor.loads(b"\x81\x81" + data[a:b]) for a, b in pairwise(starts)] == [
        [[entry]],
        [[after]],
    ]
