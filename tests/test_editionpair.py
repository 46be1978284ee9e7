"""One render for both editions (`generator.editionpair`): each value that differs is a pair,
and each edition's page keeps its own side, escaped as it would be alone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from conftest import copy_sample

from generator.editionpair import constant, either, split
from generator.theme import load_theme


@dataclass(frozen=True, slots=True)
class _Switch:
    href: str
    title: str


def _render(source: str, **values: object) -> tuple[str, str]:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return split(env.from_string(source).render(values))


def test_each_edition_keeps_its_own_side_escaped_as_alone() -> None:
    pages = _render(
        '<html lang="{{ lang }}"><a href="{{ link }}">{{ switch.title }}</a>'
        '<link href="{{ css }}">{{ code }}{{ plain }}</html>',
        lang=either("zh-CN", "zh-Hant"),
        link=either("a.html?x=1&y=2", "b.html?x=1&y=<2>"),
        switch=either(_Switch("x.html", "繁體"), _Switch("x.html", "简体")),
        css=either("../assets/a.css", "../../assets/a.css"),
        code=either(jinja2.filters.Markup("<svg>1</svg>"), jinja2.filters.Markup("<svg>2</svg>")),
        plain=either("同", "同"),
    )
    assert pages == (
        '<html lang="zh-CN"><a href="a.html?x=1&amp;y=2">繁體</a>'
        '<link href="../assets/a.css"><svg>1</svg>同</html>',
        '<html lang="zh-Hant"><a href="b.html?x=1&amp;y=&lt;2&gt;">简体</a>'
        '<link href="../../assets/a.css"><svg>2</svg>同</html>',
    )


def test_a_constant_shown_many_times_is_one_mark() -> None:
    lang = constant(jinja2.filters.Markup(""), jinja2.filters.Markup(' lang="zh-CN"'))
    assert constant(jinja2.filters.Markup(""), jinja2.filters.Markup(' lang="zh-CN"')) == lang
    hans, hant = _render(
        "{% for n in '123' %}<span{{ lang }}>{{ n }}</span>{% endfor %}", lang=lang
    )
    assert hans == "<span>1</span><span>2</span><span>3</span>"
    assert hant == "".join(f'<span lang="zh-CN">{n}</span>' for n in "123")


def test_a_pages_own_text_cannot_pass_for_a_mark() -> None:
    """The marks carry a number drawn when gkml starts: text with the same private-use
    characters (an editor's title, say) is left as it is."""
    forged = "\ue010\ue011甲\ue011\ue010乙\ue012\ue010\ue013\ue014"
    assert _render("{{ t }}{{ u }}", t=forged, u=either("1", "2")) == (f"{forged}1", f"{forged}2")


def test_gkml_s_own_templates_are_rendered_once_a_site_s_twice(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "site")
    assert not load_theme(root).own_templates
    (root / "templates/assets").mkdir(parents=True)
    (root / "templates/assets/gkml.css").write_text("body{}\n", encoding="utf-8")
    (root / "templates/.DS_Store").write_bytes(b"\0")
    assert not load_theme(root).own_templates  # a style sheet of its own: still gkml's pages
    (root / "templates/partials").mkdir()
    (root / "templates/partials/tree.html").write_text("", encoding="utf-8")
    assert load_theme(root).own_templates
