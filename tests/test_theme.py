"""The page templates' indentation (generator/theme.py): out of the pages, but where it shows."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest

from generator.theme import Theme, default_theme_dir, environment, unindented

_LIST = "<ul>\n  <li>{{ word }}</li>\n  {% if word %}\n    <li>2</li>\n  {% endif %}\n</ul>\n"
_PRE = "<div>\n  <PRE>\n  {{ word }}\n    kept\n  </PRE>\n  <p>\n    x</p>\n</div>\n"


def _theme(tmp_path: Path) -> Theme:
    own, default = tmp_path / "own", tmp_path / "default"
    for folder, name, text in ((own, "own.html", _PRE), (default, "list.html", _LIST)):
        folder.mkdir()
        (folder / name).write_text(text, encoding="utf-8")
    (default / "feed.xml").write_text("<feed>\n  <id>{{ word }}</id>\n</feed>\n", encoding="utf-8")
    return Theme((own, default), "x", own_templates=True)


def test_page_templates_lose_their_indentation_but_where_it_shows(tmp_path: Path) -> None:
    """A browser collapses it, an item page's 50 KB counts it; a <pre> would show it."""
    env = environment(_theme(tmp_path))
    assert (
        env.get_template("list.html").render(word="一")
        == "<ul>\n<li>一</li>\n\n<li>2</li>\n\n</ul>\n"
    )
    own = "<div>\n<PRE>\n  一\n    kept\n  </PRE>\n<p>\nx</p>\n</div>\n"
    assert env.get_template("own.html").render(word="一") == own
    assert env.get_template("feed.xml").render(word="一") == "<feed>\n  <id>一</id>\n</feed>\n"
    # what a variable holds is as it was: a body's <pre> keeps its lines
    assert "<li>\n  a</li>" in env.from_string("<li>{{ x }}</li>").render(x="\n  a")


@pytest.mark.parametrize("tag", ["pre", "textarea", "script", "style"])
def test_what_shows_or_runs_keeps_its_spaces(tag: str) -> None:
    source = f"<p>\n  <{tag} a>\n  x\n    y\n  </{tag}>\n  z\n  <{tag}>\n w</{tag}>\n"
    kept = f"<p>\n<{tag} a>\n  x\n    y\n  </{tag}>\nz\n<{tag}>\n w</{tag}>\n"
    assert unindented(source) == kept


def test_code_compiled_before_indentation_went_is_not_used(tmp_path: Path) -> None:
    """A build cache kept across an upgrade holds the templates compiled with their
    indentation, under the same source: Jinja2 would use it again."""
    theme = _theme(tmp_path)
    compiled = tmp_path / "compiled"
    compiled.mkdir()
    earlier = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in theme.folders], encoding="utf-8-sig"),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)),
        autoescape=True,
        keep_trailing_newline=True,
    )
    assert "  <li>一" in earlier.get_template("list.html").render(word="一")
    assert list(compiled.iterdir())  # the earlier compiled code is there
    now = environment(theme, compiled).get_template("list.html").render(word="一")
    assert now == "<ul>\n<li>一</li>\n\n<li>2</li>\n\n</ul>\n"


def test_a_template_compiled_in_the_process_is_not_compiled_again_for_another_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`gkml serve` and a test run build in one process, each build of a new copy of a site
    with a cache folder of its own: a template compiled for one is taken from memory for the
    next, and kept in its folder too; an edited one is compiled."""
    theme = _theme(tmp_path)
    (tmp_path / "default" / "list.html").write_text(f"{_LIST}<!-- {tmp_path} -->", "utf-8")
    expected = f"<ul>\n<li>一</li>\n\n<li>2</li>\n\n</ul>\n<!-- {tmp_path} -->"
    first, second = tmp_path / "first", tmp_path / "second"
    compiled: list[str | None] = []
    compile_source = jinja2.Environment.compile

    def counted(
        env: jinja2.Environment, source: str, name: str | None = None, *a: object
    ) -> object:
        compiled.append(name)
        return compile_source(env, source, name, *a)  # type: ignore[call-overload]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    assert environment(theme, first).get_template("list.html").render(word="一") == expected
    assert compiled == ["list.html"]  # a source no build in this process had
    assert environment(theme, second).get_template("list.html").render(word="一") == expected
    assert compiled == ["list.html"]
    assert [p.name for p in second.iterdir()] == [p.name for p in first.iterdir()]  # kept
    (tmp_path / "default" / "list.html").write_text(_LIST.replace("li>", "dd>"), "utf-8")
    assert "<dd>一</dd>" in environment(theme, second).get_template("list.html").render(word="一")
    assert compiled == ["list.html", "list.html"]


def test_no_default_template_holds_what_its_indentation_would_show_in() -> None:
    """What taking the indentation out rests on: no white-space that keeps spaces in the
    default stylesheets, no attribute value across lines (an indented line would lose its
    spaces)."""
    default = default_theme_dir()
    for template in sorted(default.rglob("*.html")):
        for value in re.findall(r'=\s*"([^"]*)"', template.read_text(encoding="utf-8")):
            assert "\n" not in value, (template, value)
    for sheet in sorted((default / "assets").glob("*.css")):
        css = sheet.read_text(encoding="utf-8")
        assert not re.search(r"white-space:\s*(?:pre|break-spaces)", css), sheet
