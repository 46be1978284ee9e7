"""The handbook builds strictly, and its reference pages cover every field, code, catalog.yml
setting, command and option; the loader accepts exactly the declared settings."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import RunGkml

from generator import config, handbook, options
from generator.cli import build_parser
from generator.codes import CODES
from generator.config import Rules, SiteSettings, load_config
from generator.fields import FIELDS, PAGE_KEYS, PAGE_OPTIONAL_KEYS
from generator.options import OPTIONS

REPO = Path(__file__).resolve().parent.parent


def test_reference_pages_cover_every_declaration() -> None:
    fields = handbook.fields_page()
    for field in FIELDS:
        assert f"| `{field.key}` | {field.label} |" in fields
        for alias in field.aliases:
            assert f"`{alias}`" in fields
    pages = fields.split("## 固定页面的字段", 1)[1]
    for key in (*PAGE_KEYS, *PAGE_OPTIONAL_KEYS):
        assert f"| `{key}` |" in pages, key
    codes = handbook.codes_page()
    for code in CODES.values():
        assert f">{code.code}</span>" in codes
        assert code.title_zh in codes
    commands = handbook.commands_page(build_parser())
    for name, parser in _commands(build_parser(), "gkml"):
        level = "#" * (name.count(" ") + 1)
        section = commands.split(f"\n{level} {name}\n", 1)[1].split("\n#", 1)[0]
        for action in parser._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert f"| `{flag}` |" in section, (name, flag)
    for name in ("check", "new", "build", "serve", "diff", "report", "archive", "verify"):
        assert f"## gkml {name}\n" in commands
    for name in ("inspection", "timeliness", "annual"):
        assert f"### gkml report {name}\n" in commands
    assert "`--as-of`" in commands and "`--strict`" in commands
    assert "`--year` | 报告年度 (report year)（必须写） |" in commands
    assert "取值：`human`、`json`、`github`" in commands
    catalog = handbook.catalog_page()
    for option in OPTIONS:
        assert f"| `{option.path}` | {option.label} |" in catalog or (
            option.parent == "" and f"## {option.path}：{option.label}" in catalog
        ), option.path


def _commands(
    parser: argparse.ArgumentParser, name: str
) -> list[tuple[str, argparse.ArgumentParser]]:
    """Return every sub-command of *parser*, nested ones too, with its full name."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child, sub in action.choices.items():
                found += [(f"{name} {child}", sub), *_commands(sub, f"{name} {child}")]
    return found


def _write_catalog(site: Path, data: dict[Any, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (site / "catalog.yml").write_text(text, encoding="utf-8")


def _row(page: str, marker: str) -> tuple[str, str]:
    """Return the HTML table row of *page* (Markdown, rendered as MkDocs does) that holds
    *marker*, and its text (tags but td and code dropped, entities read)."""
    import html as markup

    import markdown

    rendered = markdown.markdown(page, extensions=["tables"])
    row = next(r for r in rendered.split("<tr>") if marker in r)
    return row, markup.unescape(re.sub(r"<(?!/?(?:td|code)\b)[^>]*>", "", row))


def test_reference_tables_show_markup_as_written() -> None:
    """A fix that shows Markdown or HTML (GK151's `![办理流程图](…)`, GK142's `<td>`) is
    shown as text, not made an image or a table cell; an example in a code span keeps its
    brackets without the backslash that escapes them elsewhere."""
    row, text = _row(handbook.codes_page(), "gk151")
    assert "<img" not in row
    assert "（或 <img> 的 alt）" in text and "如 ![办理流程图](files/liucheng.png)；" in text
    row, text = _row(handbook.codes_page(), "gk142")
    assert row.count("<td") == 5
    assert "的 <td> 改为 <th>，如 <th>信息内容</th>；" in text
    _row_html, text = _row(handbook.fields_page(), "<code>topics</code>")
    assert "<code>[社会救助, 政务公开]</code>" in text


def test_the_complete_example_uses_every_setting_and_loads(tmp_path: Path) -> None:
    (tmp_path / "catalog.yml").write_text(options.example_catalog(), encoding="utf-8")
    result = load_config(tmp_path)
    assert result.diagnostics == ()
    assert result.config is not None
    written = _paths(yaml.safe_load(options.example_catalog()), "")
    assert written == {o.path for o in OPTIONS}


def test_the_catalog_pages_example_passes_check(tmp_path: Path, run_gkml: RunGkml) -> None:
    """The page says its example passes `gkml check`: pasted into a site with an empty
    content/, it does; it writes every setting but `site.logo` (a file the site lacks)."""
    page = handbook.catalog_page().split("## 一个完整的例子", 1)[1]
    example = page.split("```yaml\n", 1)[1].split("\n```", 1)[0] + "\n"
    assert example == handbook.example_catalog()
    written = _paths(yaml.safe_load(example), "")
    assert written == {o.path for o in OPTIONS} - {"site.logo"}
    (tmp_path / "catalog.yml").write_text(example, encoding="utf-8")
    (tmp_path / "content").mkdir()
    result = run_gkml(["check", "--site", tmp_path])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "错误 error" not in result.stdout


_PHRASE_SETTINGS = {o.path for o in OPTIONS if o.kind is options.Kind.PHRASES}


def _paths(data: object, parent: str) -> set[str]:
    """Return the declaration-style paths (`issuers[].name`, `…reported.<年份>.x`) in *data*."""
    found: set[str] = set()
    if not isinstance(data, dict):
        return found
    for key, value in data.items():
        year = isinstance(key, int)
        path = f"{parent}.<年份>" if year else f"{parent}.{key}" if parent else str(key)
        if not year:  # a year is a key under `reported`, not a setting of its own
            found.add(path)
        if parent.endswith("[]") and key == "children":
            continue  # children are written like catalog[]
        if isinstance(value, list) and value and isinstance(value[0], dict):
            found |= _paths(value[0], f"{path}[]")
        elif isinstance(value, dict) and path not in _PHRASE_SETTINGS:  # phrases are values
            found |= _paths(value, path)
    return found


def _container(data: dict[Any, Any], parent: str) -> tuple[dict[Any, Any], str]:
    """Return the mapping of *data* at the declared *parent* path and how diagnostics name it."""
    here: Any = data
    named: list[str] = []
    for segment in parent.split(".") if parent else ():
        if segment == "<年份>":
            year = next(iter(here))
            here, segment = here[year], str(year)
        elif segment.endswith("[]"):
            here, segment = here[segment[:-2]][0], f"{segment[:-2]}[0]"
        else:
            here = here[segment]
        named.append(segment)
    assert isinstance(here, dict)
    return here, ".".join(named)


@pytest.mark.parametrize("parent", sorted({o.parent for o in OPTIONS}))
def test_the_loader_accepts_exactly_the_declared_settings(tmp_path: Path, parent: str) -> None:
    """Under every setting, a name not in the declaration is refused (GK403): the loader
    accepts no setting the handbook does not document."""
    data = yaml.safe_load(options.example_catalog())
    mapping, named = _container(data, parent)
    assert set(mapping) == set(options.keys(parent))
    mapping["gkml_not_a_setting"] = 1
    _write_catalog(tmp_path, data)
    found = [(d.code, d.field) for d in load_config(tmp_path).diagnostics]
    unknown = f"{named}.gkml_not_a_setting" if named else "gkml_not_a_setting"
    assert found == [("GK403", unknown)]


def test_every_key_list_of_the_loader_comes_from_the_declaration() -> None:
    """The loader checks names only against `_…_KEYS` lists, each one a declared level."""
    declared = {options.keys(parent) for parent in {o.parent for o in OPTIONS}}
    lists = {n: v for n, v in vars(config).items() if n.startswith("_") and n.endswith("_KEYS")}
    assert len(lists) >= 9
    for name, value in lists.items():
        assert value in declared, name
    source = Path(config.__file__).read_text(encoding="utf-8")
    calls = re.findall(r"r\.mapping\(\s*[^,]+,\s*[^,]+,\s*([^,)\s]+)", source)
    assert len(calls) >= 9
    assert all(c in lists for c in calls), calls


@pytest.mark.parametrize("option", [o for o in OPTIONS if o.required], ids=lambda o: o.path)
def test_a_setting_declared_required_is_required(tmp_path: Path, option: options.Option) -> None:
    data = yaml.safe_load(options.example_catalog())
    mapping, _ = _container(data, option.parent)
    del mapping[option.name]
    _write_catalog(tmp_path, data)
    codes = {d.code for d in load_config(tmp_path).diagnostics}
    assert "GK404" in codes


def test_declared_defaults_are_the_loaders() -> None:
    rules = Rules()
    for name in options.keys("rules"):
        declared = options.OPTION_BY_PATH[f"rules.{name}"].default
        assert declared == str(getattr(rules, name)).lower(), name
    assert options.OPTION_BY_PATH["site.language"].default == "zh-CN"
    traditional = SiteSettings.__dataclass_fields__["traditional"].default
    assert options.OPTION_BY_PATH["site.traditional"].default == traditional


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    mkdocs = shutil.which("mkdocs") or str(Path(sys.executable).parent / "mkdocs")
    out = tmp_path / "handbook"
    result = subprocess.run(
        [mkdocs, "build", "--strict", "--site-dir", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    fields = (out / "reference/fields.html").read_text(encoding="utf-8")
    assert "index_no" in fields and "索引号" in fields
    assert (out / "reference/codes.html").is_file()
    assert "annual_report.reported" in (out / "reference/catalog.html").read_text("utf-8")
    assert "gkml report annual" in (out / "reference/commands.html").read_text("utf-8")
    for task in ("withhold", "review", "annual-report", "inspection", "archive", "theme", "deploy"):
        assert (out / f"tasks/{task}.html").is_file(), task
    # No web fonts or CDN: nothing in the handbook is fetched from elsewhere at view time.
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in index


def test_the_publish_workflow_puts_the_handbook_under_the_site() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text("utf-8"))
    steps: list[dict[str, Any]] = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    build = runs.index("uv run gkml build")
    handbook_step = next(
        i for i, run in enumerate(runs) if run.startswith("uv run mkdocs build --strict")
    )
    assert runs[handbook_step] == "uv run mkdocs build --strict --site-dir site/handbook"
    upload = next(
        i
        for i, step in enumerate(steps)
        if step.get("uses", "").startswith("actions/upload-pages-artifact@")
    )
    assert build < handbook_step < upload  # gkml build replaces site/ whole: the handbook after it
    assert steps[upload]["with"]["path"] == "site/"
