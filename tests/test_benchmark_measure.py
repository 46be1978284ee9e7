"""The benchmark runner's measurement of a child process: its memory (summed PSS of the tree,
sampled) and how often the sampler reads it."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from benchmarks import run

# A parent that holds 200 MiB and a forked child that writes 100 MiB of its own, both for 3 s
# (the sampler pauses at most 0.5 s, even on a machine loaded by the other tests).
_CHILD = """
import os, time
held = bytearray(200 * 2**20)
for i in range(0, len(held), 4096): held[i] = 1
if os.fork() == 0:
    own = bytearray(100 * 2**20)
    for i in range(0, len(own), 4096): own[i] = 1
    time.sleep(3)
    os._exit(0)
time.sleep(3)
os.wait()
"""


def test_the_peak_is_the_whole_tree_counted_once(tmp_path: Path) -> None:
    m = run.measure(
        [sys.executable, "-c", _CHILD],
        cwd=tmp_path,
        stdout=tmp_path / "out",
        stderr=tmp_path / "err",
    )
    assert m.exit_code == 0
    mib = m.tree_pss_kib / 1024
    # 200 MiB shared after fork (counted once, split between the two) + 100 MiB of the child's.
    assert 280 <= mib <= 360, mib
    assert m.peak_rss_kib / 1024 >= 200  # one process's, the parent's


def sampled_pauses(
    monkeypatch: pytest.MonkeyPatch, sample_seconds: float, samples: int
) -> tuple[list[float], int]:
    """Run the sampler on a fake clock where a sample takes *sample_seconds*; stop it after
    *samples* samples. Return the pauses it asked for and the peak it kept."""
    clock = [0.0]
    waits: list[float] = []

    def slow_pss(pid: int) -> int:
        clock[0] += sample_seconds
        return 1024

    monkeypatch.setattr(run, "_pss_kib", slow_pss)
    monkeypatch.setattr(run, "_descendants", lambda root: [root])
    monkeypatch.setattr(run.time, "perf_counter", lambda: clock[0])
    sampler = run._TreeSampler(1)

    def wait(timeout: float) -> bool:
        waits.append(timeout)
        return len(waits) >= samples

    monkeypatch.setattr(sampler._stop_event, "wait", wait)
    sampler.run()
    return waits, sampler.peak_kib


def test_the_sampler_pauses_ten_times_a_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sample that takes 50 ms is followed by a pause of 0.5 s, not by another sample."""
    waits, peak = sampled_pauses(monkeypatch, 0.05, samples=3)
    assert waits == pytest.approx([0.5, 0.5, 0.5])
    assert peak == 1024


def test_the_pause_has_a_ceiling(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sample slowed to 0.2 s by a loaded machine is followed by 0.5 s, not 2 s."""
    waits, _peak = sampled_pauses(monkeypatch, 0.2, samples=1)
    assert waits == pytest.approx([0.5])


def test_the_build_stages_are_read_from_gkml_s_own_summary(tmp_path: Path) -> None:
    from generator.build import BuildStats
    from generator.cli import build_summary

    seconds = {"check": 0.554, "plan": 1.5, "render": 12.0, "exports": 0.16, "total": 14.2}
    peaks = {"check": 48, "plan": 52, "render": 297, "exports": 297, "total": 1024}
    stats = BuildStats(items=3, pages=9, rendered=9, written=20, removed=0, files=20)
    printed = build_summary(
        dataclasses.replace(stats, seconds=seconds, peak_mib=peaks), tmp_path / "站点 2026"
    )
    assert run.gkml_stages(f"渲染 rendering 9/9\n{printed}\n") == (
        "check 0.55 plan 1.50 render 12.00 exports 0.16 total 14.20"
    )
    assert run.gkml_peaks(printed) == "check 48 plan 52 render 297 exports 297 total 1024"
    unchanged = "内容、模板和设置都没有变化。(Nothing changed.)\n"
    assert run.gkml_stages(unchanged) == run.gkml_peaks(unchanged) == ""


def test_the_title_change_touches_the_front_matter_title_only(tmp_path: Path) -> None:
    from benchmarks import hugo

    item = tmp_path / "item.md"
    item.write_text("---\ntitle: 通知\nindex_no: 1\n---\n\ntitle: 正文里的一行\n", "utf-8")
    hugo.retitle(item)
    assert item.read_text("utf-8") == (
        f"---\ntitle: 通知{hugo.TITLE_MARKER}\nindex_no: 1\n---\n\ntitle: 正文里的一行\n"
    )
    bare = tmp_path / "bare.md"
    bare.write_text("---\nindex_no: 1\n---\n\ntitle: 正文\n", "utf-8")
    with pytest.raises(ValueError, match="no title"):
        hugo.retitle(bare)


def test_the_like_for_like_site_builds_hugo_s_page_in_one_edition(tmp_path: Path) -> None:
    """`benchmarks/plain.py`: the corpus with Hugo's page is a site gkml builds, with no 繁體
    edition, no QR code and the item page's metadata table and body."""
    from conftest import copy_sample

    from benchmarks import plain
    from generator.build import build_site

    source = copy_sample(tmp_path / "sample")
    (source / ".gkml-cache").mkdir()
    site = plain.make_site(source, tmp_path / "plain", ignore=".gkml-cache")
    assert not (site / ".gkml-cache").exists()
    out = tmp_path / "out"
    assert build_site(site, out, as_of=run.AS_OF, search_index=False).stats is not None
    assert not (out / "zh-hant").exists()
    page = (out / "items/2024/640100-108-2024-00004.html").read_text(encoding="utf-8")
    assert (
        '<table class="meta">' in page and "<th>索引号</th><td>640100-108/2024-00004</td>" in page
    )
    assert "<svg" not in page and "gk-nav" not in page
    assert "<p>" in page.partition("</table>")[2]  # the body
    home = (out / "index.html").read_text(encoding="utf-8")
    assert home.count("<time>") == 20  # the newest, as Hugo's home page lists them
    with pytest.raises(ValueError, match="traditional"):
        plain.make_site(site, tmp_path / "again", ignore=".gkml-cache")


def _run(step: str, seconds: float, exit_code: int = 0, rss_kib: int = 1024) -> run.Outcome:
    m = run.Measurement(("x",), seconds, rss_kib, exit_code, tree_pss_kib=rss_kib)
    return run.Outcome(m, ok=exit_code == 0, step=step)


def test_a_step_run_more_than_once_is_its_median_run() -> None:
    runs = [_run("gkml one-changed", s) for s in (0.9, 0.5, 0.6, 0.7)]
    assert run.median_run(runs) is runs[2]  # 0.6: the lower middle of four, a run that took place
    failed = _run("gkml one-changed", 0.1, exit_code=1)
    assert run.median_run([failed, *runs[:3]]) is runs[2]  # the failed run is not counted
    assert run.median_run([failed]) is failed
    assert run.median_run([]) is None


def test_the_summary_divides_the_medians_and_shows_the_range(tmp_path: Path) -> None:
    c = run.Corpus(5000, 1, tmp_path, 5000, 2**20, 2**20, "x", None)
    gkml = [_run("gkml one-changed", s) for s in (0.75, 0.55, 0.60)]
    hugo = [_run("hugo one-changed", s, rss_kib=4096) for s in (6.6, 8.0, 6.0)]
    cold = [_run("gkml cold", 25.0), _run("hugo cold", 5.0)]
    printed = run.build_summary([(c, [*cold, *gkml, *hugo])])
    # the step's column: 18 characters after the corpus size's 6 and two spaces
    rows = {line[8:26].strip(): line for line in printed.splitlines() if line.startswith("  5000")}
    one = rows["one-changed"].split()
    # gkml s, items/s, RSS, PSS, hugo s, RSS, PSS, then the ratios: 0.60 / 6.60
    assert one[2:12] == ["0.60", "8333", "1", "1", "6.60", "4", "4", "0.09", "0.25", "0.25"]
    assert "gkml median of 3, 0.55–0.75 s; hugo median of 3, 6.00–8.00 s" in rows["one-changed"]
    cold_row = ["25.00", "200", "1", "1", "5.00", "1", "1", "5.00", "1.00", "1.00"]
    assert rows["cold"].split()[2:] == cold_row  # one run each: no note
    assert "median" not in rows["cold"]
