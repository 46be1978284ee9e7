"""`gkml check --as-of DAY` and `gkml build --as-of DAY` agree on what is wrong.

The build with --as-of makes the catalog as it stood on DAY: an item published since is left
out, a repeal dated after DAY not yet shown. It judges dates by the real today. The check
with the same --as-of must not fail on what that build leaves out, and must fail on what it
fails on (a newcomer's walk: `gkml check --as-of` a past day rejected every item published
since as "after today", GK104, while the build went ahead).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from conftest import MakeSite, RunGkml, item_text

from generator.dates import today_in_china


def index_of(serial: int, published: date) -> str:
    return f"640100-108/{published.year}-{serial:05d}"


def _item(serial: int, published: date, **fields: str | None) -> tuple[str, str]:
    """Return the path and text of an item published on *published*."""
    index = index_of(serial, published)
    text = item_text(
        title=f"关于第{serial}号事项的通知",
        index_no=index,
        doc_no=None,
        written=published.isoformat(),
        published=published.isoformat(),
        **fields,
    )
    return f"content/{published.year}/{serial}.md", text


def test_an_item_published_after_the_day_is_left_out_by_both(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    today = today_in_china()
    day = today - timedelta(days=60)
    since = today - timedelta(days=20)
    later = _item(11, since)  # published since DAY: not in its catalog
    repealed = _item(
        12,
        day - timedelta(days=10),
        status="废止",
        status_date=(day + timedelta(days=5)).isoformat(),  # after DAY: 有效 in its catalog
        replaced_by=index_of(11, since),
    )
    root = make_site(dict([later, repealed]))

    checked = run_gkml(["check", "--site", root, "--as-of", day.isoformat()])
    assert " GK104 " not in checked.stdout, checked.stdout
    assert checked.exit_code == 0, checked.stdout

    out = tmp_path / "then"
    built = run_gkml(["build", "--site", root, "--as-of", day.isoformat(), "--out", out])
    assert built.exit_code == 0, built.stdout
    assert not list(out.glob("items/*/*-00011.html"))  # left out of DAY's catalog
    (page,) = out.glob("items/*/*-00012.html")
    assert "效力状态</th><td>有效</td>" in page.read_text(encoding="utf-8")  # repealed after DAY


def test_a_date_after_the_real_today_fails_both(
    make_site: MakeSite, run_gkml: RunGkml, tmp_path: Path
) -> None:
    today = today_in_china()
    day = today - timedelta(days=60)
    root = make_site(dict([_item(13, today + timedelta(days=10))]))

    checked = run_gkml(["check", "--site", root, "--as-of", day.isoformat()])
    built = run_gkml(["build", "--site", root, "--as-of", day.isoformat(), "--out", tmp_path / "o"])
    after = f"晚于今天（{today.isoformat()}）"
    assert checked.exit_code == 1 and " GK104 " in checked.stdout and after in checked.stdout
    assert built.exit_code == 1 and " GK104 " in built.stdout and after in built.stdout
    errors = [line for line in checked.stdout.splitlines() if " 错误 error " in line]
    assert errors == [line for line in built.stdout.splitlines() if " 错误 error " in line]


def test_a_day_after_today_is_still_the_check_s_today(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """Checked as of a day to come (what will be wrong by an inspection), a date up to that
    day is no error, and one after it is."""
    today = today_in_china()
    soon, then = today + timedelta(days=10), today + timedelta(days=40)
    root = make_site(dict([_item(14, soon), _item(15, then)]))
    checked = run_gkml(
        ["check", "--site", root, "--as-of", (today + timedelta(days=20)).isoformat()]
    )
    assert checked.stdout.count(" GK104 ") == 2, checked.stdout  # written and published of 15
    assert "/15.md:" in checked.stdout and "/14.md:" not in checked.stdout, checked.stdout


def test_an_id_number_is_judged_by_the_days_birth_dates_not_the_clocks(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    """The personal-data check read the machine's clock (date.today()) to tell an ID number
    from a serial (a "birth date" after today is no one's): `gkml check --as-of` a day found
    what a number dated after that day was by the clock, and the same content and day could
    pass one day and fail the next. In an item, a free page and a file of content/static/."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    first17 = "640104" + "20250601" + "153"  # "born" on 2025-06-01
    number = (
        first17 + "10X98765432"[sum(w * int(d) for w, d in zip(weights, first17, strict=True)) % 11]
    )
    page = (Path(__file__).parent / "sites/minimal/content/pages/gkzn.md").read_text("utf-8")
    root = make_site(
        {
            "content/2024/640100-108-2024-00002.md": None,
            "content/2024/640100-108-2024-00001.md": item_text(f"身份证号 {number}。\n"),
            "content/pages/gkzn.md": f"{page}\n身份证号 {number}。\n",
            "content/static/list.txt": f"身份证号 {number}\n",
        }
    )

    def named(day: str) -> list[str]:
        said = run_gkml(["check", "--site", root, "--as-of", day]).stdout
        return sorted(
            line.split(":")[0]
            for line in said.splitlines()
            if " GK301 " in line or " GK503 " in line
        )

    assert named("2025-05-31") == []
    assert named("2025-06-01") == [
        "content/2024/640100-108-2024-00001.md",
        "content/pages/gkzn.md",
        "content/static/list.txt",
    ]
