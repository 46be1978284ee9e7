"""Shared fixtures: run gkml in-process, and write mini-sites into tmp_path."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import pytest

from generator.launcher import main

TESTS_DIR = Path(__file__).parent
SITES_DIR = TESTS_DIR / "sites"
MINIMAL = SITES_DIR / "minimal"
INVALID_DIR = SITES_DIR / "invalid"
AS_OF = "2026-01-01"  # every fixture is checked as of this day
REPO = TESTS_DIR.parent


# The tests' folders go to memory (/dev/shm) where it has room: a run writes and deletes about
# 3 GB of small files (sites built and built again), and on a disk mounted with `discard`, as
# this project's machines are, a deleted tree slows the next files' creation for tens of
# seconds. test_build.py and test_rebuild.py ran 13-17 % faster there, with half the system
# time. pytest keeps a failed test's folder only (`tmp_path_retention_policy`, pyproject.toml),
# so a passing run leaves nothing in memory. PYTEST_DEBUG_TEMPROOT set by hand wins.
MEMORY = Path("/dev/shm")
MEMORY_ROOM = 4 * 2**30  # free bytes needed: the folders of a run's tests at once, and more


@pytest.hookimpl(tryfirst=True)  # before anything makes a folder
def pytest_configure(config: pytest.Config) -> None:
    if "PYTEST_DEBUG_TEMPROOT" in os.environ or hasattr(config, "workerinput"):
        return  # set by hand, or a helper of pytest-xdist, given its folder
    if MEMORY.is_dir() and shutil.disk_usage(MEMORY).free >= MEMORY_ROOM:
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(MEMORY)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the tests marked `long` first. Found in their files' order, the longest (the
    step-by-step rebuild, 2 minutes) started three quarters of the way through a parallel
    run, and could end it on one core while the other had nothing left to do."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # stable: else as found


def copy_sample(into: Path) -> Path:
    """Copy the repository's sample catalog (catalog.yml and content/) into *into*; return it."""
    into.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "catalog.yml", into / "catalog.yml")
    shutil.copytree(REPO / "content", into / "content")
    return into


def set_search_engine(root: Path, engine: str) -> Path:
    """Write `site.search: ENGINE` into the catalog.yml at *root* (the sample's); return *root*."""
    config = root / "catalog.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nsite:\n" in text, f"{config} has no site: mapping"
    text = re.sub(r"\nsite:\n  search: [^\n]*\n", "\nsite:\n", text, count=1)  # set before
    config.write_text(text.replace("\nsite:\n", f"\nsite:\n  search: {engine}\n", 1))
    return root


class Run(NamedTuple):
    exit_code: int
    stdout: str
    stderr: str


RunGkml = Callable[..., Run]
MakeSite = Callable[..., Path]

# The front matter of the minimal site's first item, field by field; `item_text` overrides it.
_ITEM_FIELDS: dict[str, str] = {
    "title": "关于印发示例市民政局2024年政务公开工作要点的通知",
    "index_no": "640100-108/2024-00001",
    "issuer": "示例市民政局",
    "doc_no": "示民发〔2024〕1号",
    "written": "2024-03-01",
    "published": "2024-03-05",
    "status": "有效",
    "disclosure": "主动公开",
    "category": "bmwj",
    "topics": "[政务公开]",
    "genre": "通知",
}


def item_text(body: str = "正文。\n", **fields: str | None) -> str:
    """Return an item file: the minimal item's fields, overridden by *fields* (None drops one)."""
    merged: dict[str, str | None] = {**_ITEM_FIELDS, **fields}
    lines = ["---", *(f"{k}: {v}" for k, v in merged.items() if v is not None), "---", ""]
    return "\n".join(lines) + "\n" + body


@pytest.fixture
def run_gkml(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> RunGkml:
    """Return run(args, cwd=None) -> Run: `gkml *args` in-process, with its exit code and output."""

    def run(args: Sequence[str | Path], *, cwd: Path | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse exits on usage errors and --help
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """Return make(files, copy="minimal") -> root: a copy of a fixture site plus *files*.

    *files* maps paths relative to the site root to text or bytes; None deletes the file.
    Pass copy=None to start from an empty folder.
    """
    counter = 0

    def make(
        files: Mapping[str, str | bytes | None] | None = None, *, copy: str | None = "minimal"
    ) -> Path:
        nonlocal counter
        counter += 1
        root = tmp_path / f"site{counter}"
        if copy is None:
            root.mkdir()
        else:
            shutil.copytree(SITES_DIR / copy, root)
        for rel, data in (files or {}).items():
            path = root / rel
            if data is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_bytes(data.encode("utf-8"))
        return root

    return make


def from_a_terminal(arguments: Sequence[str]) -> subprocess.Popen[bytes]:
    """Start `python -m generator *arguments*` as a terminal starts a command: in its own
    process group (Ctrl+C reaches each process of it: `os.killpg`), Ctrl+C not ignored (a
    process started in the background may inherit it ignored; exec keeps that); its output
    and errors in one pipe."""
    default_int = (
        "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL);"
        " os.execv(sys.executable, [sys.executable, '-m', 'generator', *sys.argv[1:]])"
    )
    return subprocess.Popen(
        [sys.executable, "-c", default_int, *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def press_ctrl_c(process: subprocess.Popen[bytes], times: int, apart: float) -> None:
    """Press Ctrl+C *times* times, *apart* seconds apart, in the terminal of *process*
    (`from_a_terminal`: its whole group gets it)."""
    for _ in range(times):
        os.killpg(process.pid, signal.SIGINT)
        time.sleep(apart)


def ctrl_c(process: subprocess.Popen[bytes], times: int, apart: float, timeout: float) -> str:
    """Press Ctrl+C in the terminal of *process* (`press_ctrl_c`); return what it said once
    it ended."""
    press_ctrl_c(process, times, apart)
    output, _ = process.communicate(timeout=timeout)
    return output.decode("utf-8", "replace")
