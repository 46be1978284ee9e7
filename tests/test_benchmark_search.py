"""The search benchmark's ground truth and its recall and precision (no timings here)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from benchmarks.search import Rates, documents, percent, rates, truth

MINIMAL = Path(__file__).resolve().parent / "sites" / "minimal"
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
