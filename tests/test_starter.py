"""`gkml init`: a new site repository's starting files, from a checkout and from the wheel."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.content import load_site
from generator.starter import GITIGNORE, IGNORED, STARTER_FILES, STARTER_MARK, init_site, marked

REPO = Path(__file__).resolve().parent.parent


def test_init_writes_a_site_that_checks_and_builds(tmp_path: Path) -> None:
    site = tmp_path / "minzhengju-xxgk"
    assert main(["init", "--site", str(site)]) == 0
    for rel in STARTER_FILES:
        assert (site / rel).read_bytes() == marked(rel, (REPO / rel).read_bytes()), rel
    assert (site / GITIGNORE).read_text("utf-8").split() == list(IGNORED)
    # The sample settings and pages are marked until rewritten: the check says so (a walk
    # through setup.md published 示例市民政局's pages and base_url unnoticed).
    found = load_site(site, today=date(2026, 12, 1))
    assert sorted((d.code, d.file) for d in found.diagnostics) == [
        ("GK411", "catalog.yml"),
        ("GK504", "content/pages/gkzd.md"),
        ("GK504", "content/pages/gkzn.md"),
        ("GK504", "content/pages/ysqgk.md"),
    ]
    assert main(["check", "--site", str(site), "--strict"]) == 1
    for rel in ("catalog.yml", *(f"content/pages/{n}.md" for n in ("gkzn", "gkzd", "ysqgk"))):
        text = (site / rel).read_text("utf-8")
        (site / rel).write_text(
            "".join(x for x in text.splitlines(True) if not x.startswith(STARTER_MARK)), "utf-8"
        )
    # The rest is a site without a warning: no link to a sample item.
    assert main(["check", "--site", str(site), "--strict"]) == 0
    assert main(["build", "--site", str(site), "--no-search"]) == 0
    assert (site / "site" / "pages" / "gkzn.html").is_file()


def test_init_keeps_every_file_that_exists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    own_catalog = "site:\n  title: 本单位自己的设置\n"
    (tmp_path / "catalog.yml").write_text(own_catalog, encoding="utf-8")
    (tmp_path / ".github/workflows/pr.yml").write_text("name: own\n", encoding="utf-8")
    (tmp_path / GITIGNORE).write_text("/site/\n*.bak", encoding="utf-8")  # no final newline

    written = {w.path: w.action for w in init_site(tmp_path)}

    assert written["catalog.yml"] == "kept"
    assert written[".github/workflows/pr.yml"] == "differs"  # kept, and said to differ
    assert written["content/pages/gkzn.md"] == "skipped"  # a site set up: no sample again
    assert written[GITIGNORE] == "extended"
    assert (tmp_path / "catalog.yml").read_text("utf-8") == own_catalog
    assert (tmp_path / ".github/workflows/pr.yml").read_text("utf-8") == "name: own\n"
    lines = (tmp_path / GITIGNORE).read_text("utf-8").splitlines()
    assert lines[:2] == ["/site/", "*.bak"]
    assert sorted(lines[2:]) == sorted(set(IGNORED) - {"/site/"})
    # A second run changes nothing, and says so.
    assert {w.action for w in init_site(tmp_path)} == {"kept", "differs", "skipped"}
    capsys.readouterr()
    assert main(["init", "--site", str(tmp_path)]) == 0
    assert "已有，未改动 (exists, kept)" in capsys.readouterr().out


def test_init_refuses_a_file_as_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    assert main(["init", "--site", str(target)]) == 2
    assert "不是目录 (not a folder)" in capsys.readouterr().err


def test_the_wheel_carries_the_starting_files(tmp_path: Path) -> None:
    """A site repository installs gkml as a wheel (uv builds it from the git source): the
    starting files and the default theme must be in it, and `init` must find them there."""
    uv = shutil.which("uv")
    assert uv, "uv is missing: the README's set-up installs it"
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(tmp_path / "dist"), "-q", str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("gkml-*.whl")
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(unpacked)
    for rel in STARTER_FILES:
        assert f"generator/_starter/{rel}" in names, rel
    assert "generator/_theme/item.html" in names

    site = tmp_path / "site-repo"
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "init", "--site", str(site)],
        cwd=tmp_path,  # not the checkout: the wheel's own files are used
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = subprocess.run(
        [sys.executable, "-c", "import generator.starter as s; print(s.starter_root())"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(found.stdout.strip()) == unpacked / "generator" / "_starter"
    for rel in STARTER_FILES:
        assert (site / rel).read_bytes() == marked(rel, (REPO / rel).read_bytes()), rel


def _detect(pr_workflow: Path, cwd: Path, scratch: Path) -> str:
    """Run pr.yml's step that tells gkml's repository from a site's; return what it output.

    The step's output file goes in `scratch`, never in `cwd`: run in gkml's own repository, a
    file there would be left in the work tree (one was committed once).
    """
    workflow = yaml.safe_load(pr_workflow.read_text("utf-8"))
    step = next(s for s in workflow["jobs"]["check"]["steps"] if s.get("id") == "repository")
    output = scratch / "github-output"
    output.write_text("", encoding="utf-8")
    subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=cwd,
        env={**os.environ, "GITHUB_OUTPUT": str(output)},
        check=True,
    )
    return output.read_text("utf-8")


def test_the_pull_request_workflow_serves_a_site_repository_as_it_is(tmp_path: Path) -> None:
    assert _detect(REPO / ".github/workflows/pr.yml", tmp_path, tmp_path) == ""  # no pyproject.toml
    site = tmp_path / "site-repo"
    init_site(site)
    (site / "pyproject.toml").write_text(
        '[project]\nname = "minzhengju-xxgk"\nversion = "1"\ndependencies = ["gkml"]\n',
        encoding="utf-8",
    )
    workflow_file = site / ".github/workflows/pr.yml"
    assert _detect(workflow_file, site, tmp_path) == ""
    assert _detect(workflow_file, REPO, tmp_path) == "gkml=true\n"
    assert not (REPO / "github-output").exists()

    # What a site repository has none of (gkml's tests, its browser tools) runs only in gkml's.
    own_only = ("pytest", "ruff", "mypy", "npm ci", "chromium")
    steps = yaml.safe_load(workflow_file.read_text("utf-8"))["jobs"]["check"]["steps"]
    for step in steps:
        text = step.get("run", "") + step.get("uses", "")
        condition = str(step.get("if", ""))
        if any(word in text for word in own_only) or "upload-artifact" in text:
            assert "steps.repository.outputs.gkml == 'true'" in condition, step["name"]
        if "gkml check" in text or "gkml build" in text or "gkml diff" in text:
            assert "steps.repository" not in condition, step["name"]


def test_the_handbook_shows_what_init_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "--site", str(tmp_path)]) == 0
    listing = capsys.readouterr().out.split("\n\n")[0]
    setup = (REPO / "docs" / "tasks" / "setup.md").read_text("utf-8")
    assert f"```text\n{listing}\n```" in setup


def test_after_an_upgrade_init_names_the_workflows_that_differ_and_may_replace_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The workflows run gkml's commands: a site kept its copies whatever gkml it upgraded to."""
    init_site(tmp_path)
    old = tmp_path / ".github/workflows/pr.yml"
    old.write_text("name: 旧版 (an older gkml's)\n", encoding="utf-8")
    (tmp_path / "catalog.yml").write_text("site:\n  title: 本单位\n", encoding="utf-8")

    capsys.readouterr()
    assert main(["init", "--site", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^\.github/workflows/pr\.yml +已有，与本版 gkml 的不同，未改动", out, re.M)
    assert "gkml init --update-workflows" in out
    assert old.read_text("utf-8") == "name: 旧版 (an older gkml's)\n"

    actions = {w.path: w.action for w in init_site(tmp_path, update_workflows=True)}
    assert actions[".github/workflows/pr.yml"] == "updated"
    assert actions[".github/workflows/publish.yml"] == "kept"
    assert actions["catalog.yml"] == "kept"  # a site's own settings are never replaced
    assert old.read_bytes() == (REPO / ".github/workflows/pr.yml").read_bytes()
    assert (tmp_path / "catalog.yml").read_text("utf-8") == "site:\n  title: 本单位\n"


def test_init_in_a_site_set_up_writes_no_sample_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An IT person's walk: init, run after an upgrade as the handbook says, wrote back the
    sample 公开制度 the bureau had deleted, and the next build published it in the navigation."""
    init_site(tmp_path)
    (tmp_path / "content/pages/gkzd.md").unlink()
    (tmp_path / ".github/workflows/archive.yml").unlink()
    capsys.readouterr()
    assert main(["init", "--site", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert not (tmp_path / "content/pages/gkzd.md").exists()
    assert (tmp_path / ".github/workflows/archive.yml").is_file()  # what a site uses as it is
    assert re.search(r"^content/pages/gkzd\.md +网站已建立，不再写入示例", out, re.M), out
    assert "网站已建立：只补上了缺少的自动任务" in out and "下一步" not in out
