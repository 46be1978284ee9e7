"""One build at a time into an output folder, and a build stopped after its swap.

Both found by a walk that stopped and overlapped real builds: two builds into one `site/`
removed each other's folders (the published site lost its files, 5 trials in 6), and a build
stopped between its swap and its manifest left the next build trusting the old manifest,
writing nothing, with the stopped build's pages still published.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import copy_sample

from generator import manifest, outputtree
from generator.build import build_site
from generator.buildlock import WAITING

AS_OF = "2026-11-20"


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _gkml(site: Path, out: Path) -> subprocess.Popen[str]:
    command = ["build", "--site", str(site), "--out", str(out), "--as-of", AS_OF, "--no-search"]
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_builds_into_one_folder_take_turns(tmp_path: Path) -> None:
    site = copy_sample(tmp_path / "src")
    reference = tmp_path / "reference"
    first = _gkml(site, reference)
    assert first.wait(timeout=120) == 0, first.communicate()[1]
    expected = _tree(reference)
    out = tmp_path / "site"
    for delay in (0.0, 0.3):  # started together, and the second in the middle of the first
        builds = [_gkml(site, out)]
        time.sleep(delay)
        builds.append(_gkml(site, out))
        answers = [b.communicate(timeout=120) for b in builds]
        assert [b.returncode for b in builds] == [0, 0], answers
        assert _tree(out) == expected
        assert not [p for p in tmp_path.iterdir() if "staging" in p.name]


def test_a_build_waits_for_the_one_holding_the_folder_and_says_so(tmp_path: Path) -> None:
    site = copy_sample(tmp_path / "src")
    out = (tmp_path / "site").resolve()
    lock = manifest.location(site, out).with_suffix(".lock")
    release = tmp_path / "release"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import pathlib, sys, time\n"
            "from generator.buildlock import held\n"
            f"with held(pathlib.Path({str(lock)!r}), pathlib.Path({str(out)!r})):\n"
            "    print('held', flush=True)\n"
            f"    while not pathlib.Path({str(release)!r}).exists():\n"
            "        time.sleep(0.05)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        waiting = _gkml(site, out)
        time.sleep(3)
        assert waiting.poll() is None  # still waiting
        assert not out.exists()
        release.touch()
        assert holder.wait(timeout=30) == 0
    finally:
        holder.kill()  # a failed assertion above leaves no process behind
    _stdout, stderr = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, stderr
    assert WAITING.format(out=out) in stderr
    assert (out / "index.html").is_file()


def _stopped_after(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make `outputtree.<name>` do its work, then stop the build as Ctrl+C would."""
    real = getattr(outputtree, name)

    def then_stop(*args: object) -> None:
        real(*args)
        raise KeyboardInterrupt

    monkeypatch.setattr(outputtree, name, then_stop)


@pytest.mark.parametrize(
    ("change", "step"),
    [
        ("title: 停止后撤回的标题", "swap"),  # a whole build: its pages are swapped in
        ("", "replace_files"),  # a body-only change: the body patch renames files in place
    ],
)
def test_a_build_stopped_after_its_output_changed_is_put_right_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str, step: str
) -> None:
    site = copy_sample(tmp_path / "src")
    out = tmp_path / "site"
    day = date.fromisoformat(AS_OF)
    build_site(site, out, as_of=day, search_index=False)
    before = _tree(out)
    page = next(iter(sorted((site / "content/2026").glob("*.md"))))
    text = page.read_text(encoding="utf-8")
    if change:
        title = next(line for line in text.splitlines() if line.startswith("title:"))
        page.write_text(text.replace(title, change, 1), encoding="utf-8")
    else:
        page.write_text(text + "\n停止之后撤回的一句话。\n", encoding="utf-8")
    with monkeypatch.context() as patched:
        _stopped_after(patched, step)
        with pytest.raises(KeyboardInterrupt):
            build_site(site, out, as_of=day, search_index=False)
    assert _tree(out) != before  # the stopped build's output is published
    page.write_text(text, encoding="utf-8")  # the editor takes the change back
    build_site(site, out, as_of=day, search_index=False)
    assert _tree(out) == before
