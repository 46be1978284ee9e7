"""The header's logo (`site.logo`): a county walk found no way to show one but copying
base.html, whose copy then froze against gkml's upgrades."""

from __future__ import annotations

import json

from conftest import MINIMAL, MakeSite, RunGkml

LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5"/></svg>'


def _catalog(logo: str) -> str:
    catalog = (MINIMAL / "catalog.yml").read_text(encoding="utf-8")
    return catalog.replace("site:\n", f"site:\n  logo: {logo}\n", 1)


def test_the_logo_is_in_every_pages_header_in_both_editions(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    root = make_site({"catalog.yml": _catalog("guohui.svg"), "templates/assets/guohui.svg": LOGO})
    out = root.parent / "out"
    done = run_gkml(["build", "--site", root, "--out", out, "--no-search", "--as-of", "2026-01-01"])
    assert done.exit_code == 0, done.stdout + done.stderr
    assert (out / "assets/guohui.svg").read_bytes() == LOGO
    for page, src in (
        ("index.html", "assets/guohui.svg"),
        ("zh-hant/index.html", "../assets/guohui.svg"),
        ("pages/gkzn.html", "../assets/guohui.svg"),
    ):
        html = (out / page).read_text(encoding="utf-8")
        header = html.split('class="gk-header__title"', 1)[1].split("</p>", 1)[0]
        assert f'<img class="gk-header__logo" src="{src}" alt="">' in header, page
        assert (out / page).parent.joinpath(src).resolve() == (out / "assets/guohui.svg")


def test_a_logo_that_is_not_there_or_not_an_image_is_an_error(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    missing = make_site({"catalog.yml": _catalog("logo.png")})
    done = run_gkml(["check", "--format", "json"], cwd=missing)
    assert [d["code"] for d in json.loads(done.stdout)] == ["GK017"]
    assert done.exit_code == 1
    for wrong in ("../logo.svg", "logo.pdf", "/logo.svg"):
        root = make_site({"catalog.yml": _catalog(wrong), "templates/assets/logo.svg": LOGO})
        done = run_gkml(["check", "--format", "json"], cwd=root)
        assert [d["code"] for d in json.loads(done.stdout)] == ["GK405"], wrong
    # written with its folder, as the file is in the repository, it is found too
    root = make_site(
        {"catalog.yml": _catalog("templates/assets/logo.svg"), "templates/assets/logo.svg": LOGO}
    )
    assert run_gkml(["check"], cwd=root).exit_code == 0
