"""The search benchmark's ground truth and its recall and precision (no timings here)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from benchmarks.search import (
    Rates,
    documents,
    floor_page,
    gzipped,
    kind,
    over_floor,
    percent,
    rates,
    truth,
)

REPO = Path(__file__).resolve().parent.parent
MINIMAL = REPO / "tests" / "sites" / "minimal"
AS_OF = date(2024, 12, 31)


def _item(serial: int, *, title: str, disclosure: str, body: str, published: str) -> str:
    reason = "" if disclosure == "主动公开" else "reason: 依据《条例》第十四条。\n"
    return (
        f"---\ntitle: {title}\nindex_no: 640100-108/2024-{serial:05d}\nissuer: 示例市民政局\n"
        f"written: 2024-03-01\npublished: {published}\nstatus: 有效\ndisclosure: {disclosure}\n"
        f"{reason}category: bmwj\ntopics: [社会救助]\n---\n\n{body}\n"
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(MINIMAL, root)
    content = root / "content" / "2024"
    items = {
        10: ("关于做好低保工作的通知", "主动公开", "全市**低保**对象按月发放。", "2024-04-01"),
        11: ("关于调整救助标准的通知", "依申请公开", "正文提到低保，但正文不公开。", "2024-04-02"),
        12: ("关于低保复核的请示", "依申请公开", "内部材料。", "2024-04-03"),
        13: ("关于低保个案的材料", "不予公开", "低保个案。", "2024-04-04"),
        14: ("关于部分公开的低保通知", "部分公开", "删减后的正文。", "2024-04-05"),
        15: ("明年的低保通知", "主动公开", "尚未发布。", "2025-01-02"),
    }
    for serial, (title, disclosure, body, published) in items.items():
        (content / f"640100-108-2024-{serial:05d}.md").write_text(
            _item(serial, title=title, disclosure=disclosure, body=body, published=published),
            encoding="utf-8",
        )
    return root


def test_the_truth_is_what_the_public_may_read(site: Path) -> None:
    docs = documents(site, AS_OF)
    assert truth(docs, "低保") == {
        "640100-108/2024-00010",  # in the body, across Markdown emphasis
        "640100-108/2024-00012",  # in the title of an item whose body is not public
        "640100-108/2024-00014",  # in the title of a partly disclosed item
    }  # not 00011 (only its non-public body says 低保), 00013 (withheld), 00015 (future)
    assert truth(docs, "640100-108/2024-00001") == {"640100-108/2024-00001"}
    assert truth(docs, "示民发〔2024〕1号") == {"640100-108/2024-00001"}
    assert truth(docs, "办公室负责") == {"pages/gkzn.html"}
    assert truth(docs, "量子通信") == set()
    proactive = {d.key for d in docs if d.proactive}
    assert "640100-108/2024-00012" not in proactive
    assert "pages/gkzn.html" in proactive


def test_recall_and_precision() -> None:
    r = rates({"a", "b", "x"}, {"a", "b", "c", "d"})
    assert r == Rates(truth=4, found=3, right=2)
    assert r.recall == 0.5
    assert r.precision == pytest.approx(2 / 3)
    assert (percent(r.recall), percent(r.precision)) == ("50.0", "66.7")


def test_an_absent_term_has_neither_rate() -> None:
    r = rates(set(), set())
    assert (r.recall, r.precision) == (None, None)
    assert percent(r.recall) == "-"
    assert rates({"a"}, set()).precision == 0.0  # found something that should not be found


def test_a_gzipping_server_would_send_text_files_smaller_and_the_rest_as_received(
    tmp_path: Path,
) -> None:
    base = "http://127.0.0.1:8000/xxgk"
    (tmp_path / "assets").mkdir()
    script = "var a = 1;\n" * 2000  # 22,000 bytes that compress well
    (tmp_path / "assets" / "search.js").write_text(script, encoding="utf-8")
    (tmp_path / "x.pf_index").write_bytes(bytes(range(256)) * 40)  # Pagefind's: gzipped already
    headers = 180
    entries = [
        {"name": f"{base}/assets/search.js?v=1", "transfer": headers + 22_000, "body": 22_000},
        {"name": f"{base}/x.pf_index", "transfer": headers + 10_240, "body": 10_240},
    ]
    text, binary = (gzipped([e], tmp_path, base) for e in entries)
    assert headers + len("Content-Encoding: gzip\r\n") < text < 1_000  # headers and a little
    assert binary == headers + 10_240
    assert gzipped(entries, tmp_path, base) == text + binary
    elsewhere = {"name": "http://127.0.0.1:8000/other.js", "transfer": 999, "body": 800}
    assert gzipped([elsewhere], tmp_path, base) == 999  # not the site's: as received


def test_requests_are_summed_by_kind_of_file() -> None:
    base = "http://127.0.0.1:8000/xxgk"
    assert kind(f"{base}/search/pagefind/2024/index/unknown_3f0b4b0.pf_index", base) == (
        "search/pagefind/*/index/*"
    )
    assert kind(f"{base}/search/pagefind/all/pagefind.unknown_a7c002e15bd51b5.pf_meta", base) == (
        "search/pagefind/*/pagefind.*.pf_meta"
    )
    assert kind(f"{base}/search/pagefind/2024/pagefind-entry.json?ts=17", base) == (
        "search/pagefind/*/pagefind-entry.json"
    )
    assert kind(f"{base}/search/2026/r3.js", base) == "search/2026/*.js"  # gkml's shards
    assert kind(f"{base}/search/meta.js", base) == "search/meta.js"
    assert kind(f"{base}/assets/search.js", base) == "assets/search.js"


def test_the_floor_page_is_the_search_page_with_a_result_and_no_script() -> None:
    search = (REPO / "tests/golden/sample/files/search.html").read_text(encoding="utf-8")
    assert "<script" in search and 'rel="preload"' in search  # what the floor takes away
    floor = floor_page(search)
    assert "<script" not in floor and 'rel="preload"' not in floor
    for sheet in ("assets/gkml.css", "assets/search.css"):
        assert f'<link rel="stylesheet" href="{sheet}">' in floor
    listed = floor.split('id="gk-search-results"', 1)[1].split("</ol>", 1)[0]
    assert listed.count('class="gk-result"') == 1 and floor.count('gk-result"') == 1
    assert floor.count("<h1>") == search.count("<h1>") == 1  # the page itself kept
    with pytest.raises(ValueError, match="gk-search-results"):
        floor_page("<html><body><p>no list</p></body></html>")


def test_over_floor_pairs_each_load_with_the_floor_beside_it() -> None:
    # A slow minute raises a load and its floor together: the pair's difference stays.
    firsts = [250.0, 420.0, 260.0]
    floors = [140.0, 300.0, 150.0]
    assert over_floor(firsts, floors) == 110.0
    # Pairs, not the difference of the medians (210 - 190 = 20): two loads were 10 ms over
    # the floor beside them, one 200.
    assert over_floor([300.0, 200.0, 210.0], [100.0, 190.0, 200.0]) == 10.0
    with pytest.raises(ValueError):
        over_floor([250.0], [])
    with pytest.raises(ValueError):
        over_floor([], [])
