"""The benchmark runner compiles to bytecode every installed package a build imports: a module
it misses is compiled again in every timed run (PYTHONDONTWRITEBYTECODE on these machines), and
the figures count that as gkml's work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from benchmarks import run
from tests.conftest import REPO, copy_sample

# A build in this process, then the file of every module it imported, one a line.
_BUILD = """
import sys
from generator.launcher import main
try:
    main()
finally:
    with open(LISTING, "w", encoding="utf-8") as listing:
        listing.write("\\n".join(getattr(m, "__file__", None) or "" for m in sys.modules.values()))
"""


def _imported_by_a_build(tmp_path: Path) -> set[Path]:
    site = copy_sample(tmp_path / "site")
    listing = tmp_path / "modules.txt"
    argv = ["gkml", "build", "--site", str(site), "--out", str(tmp_path / "out"), "--no-search"]
    code = f"import sys\nsys.argv = {argv!r}\nLISTING = {str(listing)!r}\n{_BUILD}"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return {Path(line) for line in listing.read_text(encoding="utf-8").splitlines() if line}


def test_every_installed_package_a_build_imports_is_compiled(tmp_path: Path) -> None:
    imported = _imported_by_a_build(tmp_path)
    installed = {root for path in imported if (root := run.installed_root(path)) is not None}
    # The sample site counts working days (GK-timeliness): chinese_calendar is imported, late.
    assert any(root.name == "chinese_calendar" for root in installed), sorted(installed)
    missing = installed - run.bytecode_roots()
    assert not missing, f"imported by a build, not compiled by compile_bytecode: {sorted(missing)}"


def test_an_installed_root_is_the_package_folder_or_the_lone_module(tmp_path: Path) -> None:
    packages = tmp_path / "lib" / "python3.11" / "site-packages"
    (packages / "markdown" / "extensions").mkdir(parents=True)
    inner = packages / "markdown" / "extensions" / "toc.py"
    lone = packages / "six.py"
    for path in (inner, lone):
        path.write_text("", encoding="utf-8")
    assert run.installed_root(inner) == packages / "markdown"
    assert run.installed_root(lone) == lone
    assert run.installed_root(packages / "markdown" / "_speedups.so") is None
    assert run.installed_root(tmp_path / "lib" / "python3.11" / "json" / "decoder.py") is None
