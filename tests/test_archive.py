"""`gkml archive`: the BagIt bag, the transfer list, the ISO image, reproducibility.

The ISO is read back with pycdlib and with Debian's xorriso. xorriso missing skips those
checks on a developer's machine and fails them when CI=true (CI installs it, see .ci/run).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import bagit
import pycdlib
import pytest
from browsing import require
from conftest import copy_sample
from linkcheck import broken_links

from generator.archive import ArchiveResult, Package, make_archive, payload_digests
from generator.archivecommand import register
from generator.bag import Digest, hash_file, walk_files
from generator.discimage import JOLIET_NAME_MAX, joliet_name, read_listing, write_image
from generator.provenance import source_version
from generator.theme import default_theme_dir

REPO = Path(__file__).resolve().parent.parent
AS_OF = date(2025, 6, 30)
EPOCH = 1751270400  # 2025-06-30T08:00:00Z
XORRISO = shutil.which("xorriso")


def _copy_sample(into: Path) -> Path:
    site = copy_sample(into / "src")
    return site


def _archive(site: Path, out: Path, *, as_of: date | None = AS_OF, tz: str = "UTC") -> Package:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        patch.setenv("TZ", tz)
        time.tzset()
        try:
            result: ArchiveResult = make_archive(site, out, as_of=as_of, iso=True, workers=1)
        finally:
            patch.undo()
            time.tzset()
    assert result.package is not None, result.load.diagnostics
    return result.package


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy_sample(tmp_path_factory.mktemp("archive"))


@pytest.fixture(scope="module")
def package(sample: Path) -> Package:
    return _archive(sample, sample.parent / "out1")


@pytest.fixture(scope="module")
def again(sample: Path) -> Package:
    """A second archive of the same input, in another folder and another time zone."""
    return _archive(sample, sample.parent / "out2", tz="America/New_York")


def _info(bag: Path) -> list[tuple[str, str]]:
    lines = (bag / "bag-info.txt").read_text(encoding="utf-8").splitlines()
    return [(k, v) for k, _, v in (line.partition(": ") for line in lines)]


def test_the_bag_is_valid_bagit(package: Package) -> None:
    bag = bagit.Bag(str(package.bag))
    bag.validate()  # every payload and tag checksum, Payload-Oxum; raises on any problem
    assert bag.version_info == (1, 0)
    assert (package.bag / "data/index.html").is_file()
    assert package.bag.name == "gkml-640100-108-20250630"


def test_the_manifest_comes_from_the_build_and_lists_every_payload_file(
    package: Package,
) -> None:
    """The build's digests of the pages it wrote make the manifest; it matches the files."""
    lines = (package.bag / "manifest-sha256.txt").read_text(encoding="utf-8").splitlines()
    listed = {path: sha for sha, _, path in (line.partition("  ") for line in lines)}
    assert sorted(listed) == walk_files(package.bag, "data")
    for path, sha in listed.items():
        assert hash_file(package.bag / path)[0] == sha, path


def test_payload_digests_read_only_the_files_the_build_did_not_hash(tmp_path: Path) -> None:
    (tmp_path / "data" / "items").mkdir(parents=True)
    (tmp_path / "data" / "items" / "a.html").write_bytes(b"<p>a</p>")
    (tmp_path / "data" / "extra.txt").write_bytes(b"extra")
    (tmp_path / "bagit.txt").write_bytes(b"not payload")
    told = ("0" * 64, 8)  # what the build said it wrote: taken as it is, not read back
    digests = payload_digests(tmp_path, {"data/items/a.html": told})
    assert digests == [
        Digest("data/extra.txt", *hash_file(tmp_path / "data" / "extra.txt")),
        Digest("data/items/a.html", *told),
    ]


def test_bag_info_says_who_when_and_how_many(package: Package) -> None:
    info = _info(package.bag)
    fields = dict(info)
    assert fields["Source-Organization"] == "示例市民政局"
    assert fields["Contact-Phone"] == "0951-6000100"
    assert fields["Contact-Email"] == "xxgk@example.gov.cn"
    assert fields["Bagging-Date"] == "2025-06-30"  # from SOURCE_DATE_EPOCH, China time
    assert fields["External-Identifier"] == "示例市民政局 640100-108 2025-06-30"
    assert fields["Bag-Count"] == "1 of 1"
    files = walk_files(package.bag, "data")
    size = sum((package.bag / f).stat().st_size for f in files)
    assert fields["Payload-Oxum"] == f"{size}.{len(files)}"
    items = int(fields["Item-Count"])
    assert items == package.items > 0
    for label in ("Item-Count-By-Status", "Item-Count-By-Column", "Item-Count-By-Disclosure"):
        counts = [int(v.rsplit(" ", 1)[1]) for k, v in info if k == label]
        assert sum(counts) == items, label
    assert ("Item-Count-By-Column", "bmwj 部门文件 5") in info
    # 不予公开 items are not listed here (rules.list_withheld_items), so not counted: no row
    # of 0 saying the bureau withheld nothing (an archivist's pass).
    disclosure = [v for k, v in info if k == "Item-Count-By-Disclosure"]
    assert disclosure and not [v for v in disclosure if v.startswith("不予公开")]
    # A parent column's 0 said why (an archivist read it as an empty column).
    note = dict(info)["Item-Count-By-Column-Note"]
    assert note.startswith("每个栏目只计直接归入它的信息，不含下级栏目")


def test_transfer_list_inside_and_beside_the_bag(package: Package) -> None:
    html = (package.bag / "transfer-list.html").read_bytes()
    assert package.transfer_html.read_bytes() == html
    assert package.transfer_csv.read_bytes() == (package.bag / "transfer-list.csv").read_bytes()
    text = html.decode("utf-8")
    assert '<html lang="zh-CN">' in text
    assert "<caption>移交信息清单，共" in text
    assert '<th scope="col" class="gk-nowrap">索引号</th>' in text
    # A paper form (an archivist's pass): one-word values on one line, totals, the disc's
    # name as the computer shows it, blanks for the discs and the receiver, page numbers.
    totals = re.findall(r'<tfoot><tr><th scope="row">合计</th><td class="gk-num">(\d+)</td>', text)
    assert totals and set(totals) == {str(package.items)}
    assert (
        "示例市民政局20250630（电脑上显示的名称；ISO 9660 卷标 GKML_640100_108_20250630）" in text
    )
    assert "载体：光盘" in text and "接收单位：" in text
    assert 'counter(page) " 页，共 " counter(pages)' in text and f'"{package.bag.name}"' in text
    data = package.transfer_csv.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [
        "序号",
        "索引号",
        "名称",
        "文号",
        "成文日期",
        "发布日期",
        "效力状态",
        "公开属性",
        "发布机构",
        "栏目",
        "包名称",
    ]
    assert "示例市民政局" in {row[8] for row in rows[1:]} and all(row[9] for row in rows[1:])
    assert {row[10] for row in rows[1:]} == {package.bag.name}  # rows copied into a ledger
    assert len(rows) == package.items + 1
    assert f'<td class="gk-nowrap">{rows[1][1]}</td>' in text  # an 索引号 on one line
    # Items listed without their body say so under the list (51 listed, 49 item pages).
    without = sorted({row[7] for row in rows[1:]} & {"依申请公开", "不予公开"})
    note = f"<p>公开属性为{'、'.join(without)}的信息，光盘中只有目录信息，没有正文。</p>"
    assert (note in text) == bool(without) and ("光盘中只有目录信息" in text) == bool(without)
    assert all(row[5] <= AS_OF.isoformat() for row in rows[1:])  # nothing after the as-of day
    assert rows[1][0] == "1" and rows[1][5] <= rows[-1][5]  # oldest first


def test_readme_in_the_payload_root_and_a_start_page(package: Package) -> None:
    readme = (package.bag / "data/readme.html").read_text(encoding="utf-8")
    assert "使用说明" in readme and 'href="index.html"' in readme
    assert "不需要安装任何软件" in readme
    start = (package.bag / "index.html").read_text(encoding="utf-8")
    assert 'href="data/index.html"' in start
    # How to check it without gkml, which an archive or a library does not have.
    assert "sha256sum -c manifest-sha256.txt tagmanifest-sha256.txt" in start
    assert "Get-FileHash -Algorithm SHA256" in start and "纸质移交清单" in start


def test_every_page_of_the_disc_says_the_day_it_stands_at(package: Package) -> None:
    """An accessibility-and-archive pass: only the start page named the day, and a reader at
    a library took an item's 有效 for today's. The 404 page links relatively on a disc."""
    pages = sorted((package.bag / "data").rglob("*.html"))
    day = f'<time datetime="{AS_OF.isoformat()}">{AS_OF.year}年{AS_OF.month}月{AS_OF.day}日</time>'
    noted = [
        p
        for p in pages
        if "离线存档" in p.read_text(encoding="utf-8")
        or "離線存檔" in p.read_text(encoding="utf-8")
    ]
    site_pages = [p for p in pages if p.name != "readme.html"]
    assert noted == site_pages and len(site_pages) > 100
    assert all(day in p.read_text(encoding="utf-8") for p in site_pages)
    for name in ("404.html", "zh-hant/404.html"):
        page = (package.bag / "data" / name).read_text(encoding="utf-8")
        assert 'href="/xxgk/' not in page and "assets/gkml.css" in page
    # An item page's QR code opens the web address, not the disc's page: its caption says so.
    coded = {
        p: text
        for p in site_pages
        if "items" in p.parts and 'class="gk-qr"' in (text := p.read_text(encoding="utf-8"))
    }
    hant = {p for p in coded if "zh-hant" in p.parts}
    assert hant and len(coded) > len(hant)
    for path, text in coded.items():
        caption = "掃碼打開本頁的網上原址" if path in hant else "扫码打开本页的网上原址"
        assert caption in text and "在手机打开当前页" not in text, path


def test_the_iso_holds_the_bag_byte_for_byte(package: Package) -> None:
    assert package.image is not None
    listing = read_listing(package.image)
    assert listing.label == "GKML_640100_108_20250630"
    assert listing.joliet_label == "示例市民政局20250630"
    files = walk_files(package.bag)
    assert [f.path for f in listing.files] == files
    with package.image.open("rb") as image:
        for entry in listing.files:
            image.seek(entry.offset)
            assert image.read(entry.size) == (package.bag / entry.path).read_bytes(), entry.path


def test_pycdlib_reads_every_name_in_joliet_and_rock_ridge(package: Package) -> None:
    assert package.image is not None
    disc = pycdlib.PyCdlib()
    disc.open(str(package.image))
    try:
        assert disc.has_joliet() and disc.has_rock_ridge()
        out = io.BytesIO()
        disc.get_file_from_iso_fp(out, joliet_path="/data/index.html")
        assert out.getvalue() == (package.bag / "data/index.html").read_bytes()
        out = io.BytesIO()
        disc.get_file_from_iso_fp(out, rr_path="/bag-info.txt")
        assert out.getvalue() == (package.bag / "bag-info.txt").read_bytes()
        names = [r.file_identifier() for r in disc.list_children(iso_path="/")]
        assert all(n.isascii() for n in names)
    finally:
        disc.close()


def _require_xorriso() -> str:
    require("xorriso", XORRISO is not None)
    assert XORRISO is not None
    return XORRISO


def test_xorriso_extracts_the_same_tree(package: Package, tmp_path: Path) -> None:
    xorriso = _require_xorriso()
    assert package.image is not None
    target = tmp_path / "disc"
    done = subprocess.run(
        [
            xorriso,
            "-osirrox",
            "on",
            "-indev",
            f"stdio:{package.image}",
            "-extract",
            "/",
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert walk_files(target) == walk_files(package.bag)
    for rel in walk_files(package.bag):
        assert (target / rel).read_bytes() == (package.bag / rel).read_bytes(), rel
    pvd = subprocess.run(
        [xorriso, "-indev", f"stdio:{package.image}", "-pvd_info"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Volume Id    : GKML_640100_108_20250630" in pvd.stdout


def test_same_input_gives_the_same_bytes(package: Package, again: Package) -> None:
    first = walk_files(package.bag)
    assert first == walk_files(again.bag)
    for rel in first:
        assert (package.bag / rel).read_bytes() == (again.bag / rel).read_bytes(), rel
    assert package.image is not None and again.image is not None
    assert package.image.read_bytes() == again.image.read_bytes()
    assert package.transfer_html.read_bytes() == again.transfer_html.read_bytes()


def _seeds_that_order_apart(*words: str) -> tuple[str, str]:
    """Return two PYTHONHASHSEED values under which Python puts a set of *words* in different
    orders (which two depends on Python's version)."""
    seen: dict[str, str] = {}
    for seed in range(1, 100):
        done = subprocess.run(
            [sys.executable, "-c", f"print(list({set(words)!r}))"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        )
        seen.setdefault(done.stdout, str(seed))
        if len(seen) == 2:
            first, second = seen.values()
            return first, second
    raise AssertionError(f"no two hash seeds put {words} in different orders")


def test_the_same_input_gives_the_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    """An audit: the transfer list's note that some listed items are on the disc without a
    body could name their kinds in the order of a Python set, which changes from one process to the next; the test
    above makes both packages in one process, so it could never differ there. Two packages of
    one input, made in processes with different hash seeds, with 依申请公开 and 不予公开
    items both listed, are the same bytes."""
    site = _copy_sample(tmp_path)
    config = site / "catalog.yml"
    text = config.read_text(encoding="utf-8")
    assert "list_withheld_items: false" in text
    config.write_text(text.replace("list_withheld_items: false", "list_withheld_items: true"))
    packages = []
    for seed in _seeds_that_order_apart("不予公开", "依申请公开"):
        out = tmp_path / f"seed{seed}"
        done = subprocess.run(
            [
                *(sys.executable, "-m", "generator", "archive", "--site", str(site)),
                *("--out", str(out), "--iso", "--as-of", "2025-12-31", "--jobs", "1"),
            ],
            capture_output=True,
            text=True,
            check=False,
            env={
                **os.environ,
                "SOURCE_DATE_EPOCH": str(EPOCH),
                "PYTHONPATH": str(REPO),
                "PYTHONHASHSEED": seed,
            },
        )
        assert done.returncode == 0, done.stderr
        packages.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    first, second = packages
    listing = first[Path("gkml-640100-108-20251231/transfer-list.html")].decode()
    # Both kinds are on the disc without their body (the note whose order is under test).
    assert "<p>公开属性为不予公开、依申请公开的信息，光盘中只有目录信息，没有正文。</p>" in listing
    assert sorted(first) == sorted(second)
    assert [rel for rel in first if first[rel] != second[rel]] == []


def test_a_package_made_again_says_it_replaced_the_first(sample: Path, tmp_path: Path) -> None:
    """An archivist's pass: archiving the same day again replaced a package that may have
    been transferred already, without a word."""
    from generator.archive import archive_summary

    first = _archive(sample, tmp_path / "out")
    assert not first.replaced and "注意" not in archive_summary(first)
    again = _archive(sample, tmp_path / "out")
    assert again.replaced
    assert archive_summary(again).startswith(f"注意：已替换原有的同名档案包 {again.bag.name}")
    # The data's files and size, as bag-info.txt's Bag-Size; the other files counted apart.
    summary = archive_summary(again)
    size = dict(_info(again.bag))["Bag-Size"]
    assert f"data 中 {again.payload_files} 个文件（{size}），另有 7 个说明和清单文件" in summary


def test_no_work_files_are_left(package: Package) -> None:
    names = sorted(p.name for p in package.bag.parent.iterdir())
    stem = package.bag.name
    assert names == [
        stem,
        f"{stem}-transfer-list.csv",
        f"{stem}-transfer-list.html",
        f"{stem}.iso",
    ]


def test_an_earlier_edition_leaves_later_items_out(sample: Path, package: Package) -> None:
    early = _archive(sample, sample.parent / "early", as_of=date(2024, 6, 30))
    assert early.bag.name == "gkml-640100-108-20240630"
    assert 0 < early.items < package.items
    rows = early.transfer_csv.read_text(encoding="utf-8-sig").splitlines()[1:]
    assert all(row.split(",")[5] <= "2024-06-30" for row in rows)
    assert dict(_info(early.bag))["External-Identifier"].endswith("2024-06-30")


def test_bagging_date_from_the_last_commit(tmp_path: Path) -> None:
    site = _copy_sample(tmp_path)
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2025-03-04T10:00:00+08:00",
        "GIT_COMMITTER_DATE": "2025-03-04T10:00:00+08:00",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "sample"]):
        subprocess.run(["git", *args], cwd=site, env=env, check=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        result = make_archive(site, tmp_path / "out", as_of=date(2025, 3, 1), workers=1)
        later = make_archive(site, tmp_path / "later", as_of=AS_OF, iso=True, workers=1)
    assert result.package is not None and result.package.image is None
    assert dict(_info(result.package.bag))["Bagging-Date"] == "2025-03-04"
    # Found by feeding gkml odd input: a catalog as of 06-30 said it was packaged on 03-04.
    assert later.package is not None
    info = dict(_info(later.package.bag))
    assert (info["Catalog-As-Of"], info["Bagging-Date"]) == ("2025-06-30", "2025-06-30")
    # The disc's own date is that day too (an archivist's pass: it was the last commit's).
    assert later.package.image is not None
    disc = pycdlib.PyCdlib()
    disc.open(str(later.package.image))
    try:
        made = disc.pvd.volume_creation_date
        assert (made.year, made.month, made.dayofmonth) == (2025, 6, 30)
    finally:
        disc.close()


def test_the_package_names_its_commit_and_the_changes_it_lacks(
    cli: argparse.ArgumentParser, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An archive walk: a package made from an edited work tree named no commit, so nobody
    could tell later which state of the repository the disc holds, or make it again. An audit:
    an item and a template deleted since the commit went unnamed, and bag-info.txt said the
    package was the commit's."""
    site = _copy_sample(tmp_path)
    own = site / "templates/item.html"  # the site's own template, as the default one
    own.parent.mkdir()
    shutil.copy2(default_theme_dir() / "item.html", own)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=site, env=env, check=True, capture_output=True)
        return done.stdout.decode().strip()

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "sample")
    head = git("rev-parse", "HEAD")

    def archive(out: str) -> tuple[dict[str, str], str, str]:
        args = cli.parse_args(
            ["archive", "--site", str(site), "--out", str(tmp_path / out), "--as-of", "2025-06-30"]
        )
        assert args.run(args) == 0
        said = capsys.readouterr().out
        bag = tmp_path / out / "gkml-640100-108-20250630"
        listing = (bag / "transfer-list.html").read_text(encoding="utf-8")
        return dict(_info(bag)), said, listing

    info, said, listing = archive("clean")
    assert info["Source-Commit"] == head
    assert "Source-Uncommitted-Changes" not in info and "Source-Folder" not in info
    assert "注意" not in said
    assert f"<dt>网站仓库的提交 (git commit)</dt><dd>{head}</dd>" in listing

    edited = next((site / "content").rglob("*.md"))
    edited.write_bytes(edited.read_bytes() + "\n补充一句。\n".encode())
    (site / "content/Thumbs.db").write_bytes(b"stray")  # never used by the site: not said
    (site / ".gitignore").write_text("content/2025/files/*.pdf\n", encoding="utf-8")
    ignored = next((site / "content/2025/files").glob("*.pdf"))
    ignored.write_bytes(ignored.read_bytes() + b"%changed")  # ignored by git, yet published
    form = site / "content/pages/files/shenqingbiao.pdf"  # linked from a free page only
    form.write_bytes(form.read_bytes() + b"%changed")
    deleted = site / "content/2024/shjz-canji-liangxiang-butie.md"  # an item no other names
    assert edited != deleted
    deleted.unlink()
    own.unlink()  # the default theme's item.html again
    info, said, listing = archive("edited")
    changed = [
        "content/2024/shjz-canji-liangxiang-butie.md",
        edited.relative_to(site).as_posix(),
        "content/2025/files/" + ignored.name,
        "content/pages/files/shenqingbiao.pdf",
        "templates/item.html",
    ]
    changed.sort()
    assert info["Source-Commit"] == head
    assert info["Source-Uncommitted-Changes"] == "5"
    bag = tmp_path / "edited/gkml-640100-108-20250630"
    files = [v for k, v in _info(bag) if k == "Source-Uncommitted-File"]
    assert files == changed
    assert f"注意：{'、'.join(changed[:3])} 等 5 个文件与提交 {head[:12]} 中的不同" in said
    assert "packaged as on disk; bag-info.txt's Source-Uncommitted-File lists each" in said
    assert "另有 5 个文件与此提交不同" in listing
    version = source_version(site, [])
    assert version.commit == head
    assert {"content/2024/shjz-canji-liangxiang-butie.md", "templates/item.html"} <= set(
        version.uncommitted
    )
    assert edited.read_bytes().endswith("补充一句。\n".encode())  # the package changed no file


@pytest.fixture
def cli() -> Iterator[argparse.ArgumentParser]:
    parser = argparse.ArgumentParser(prog="gkml")
    register(parser.add_subparsers(dest="command", required=True))
    yield parser


def test_command_line_archive_and_errors(
    cli: argparse.ArgumentParser, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _copy_sample(tmp_path)
    args = cli.parse_args(
        ["archive", "--site", str(site), "--out", str(tmp_path / "a"), "--as-of", "2025-06-30"]
    )
    assert args.run(args) == 0
    assert "已封装" in capsys.readouterr().out
    assert (tmp_path / "a/gkml-640100-108-20250630/bagit.txt").is_file()
    assert not list((tmp_path / "a").glob("*.iso"))

    bad = site / "content/2025/broken.md"
    bad.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    args = cli.parse_args(["archive", "--site", str(site), "--out", str(tmp_path / "b")])
    assert args.run(args) == 1
    assert "nothing packaged" in capsys.readouterr().out
    assert not (tmp_path / "b").exists() or not any((tmp_path / "b").iterdir())

    args = cli.parse_args(["archive", "--site", str(tmp_path / "nowhere")])
    assert args.run(args) == 2


@pytest.mark.parametrize(
    ("out", "said"),
    [
        ("catalog.yml", "catalog.yml 是一个文件，不是文件夹"),
        ("content/archive", "封装包的文件夹 {out} 不能在 content/、templates/ 之内"),
    ],
    ids=["a-file", "inside-content"],
)
def test_an_archive_folder_that_cannot_be_one_is_refused(
    cli: argparse.ArgumentParser,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    out: str,
    said: str,
) -> None:
    """Found by feeding gkml odd input: `--out catalog.yml` was a NotADirectoryError
    traceback; `--out content` was refused naming a work folder the user never typed."""
    site = _copy_sample(tmp_path)
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    given = site / out
    args = cli.parse_args(["archive", "--site", str(site), "--out", str(given)])
    assert args.run(args) == 2
    err = capsys.readouterr().err
    assert said.format(out=given) in err and "Traceback" not in err, err
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before


def test_an_archive_folder_that_cannot_be_written_is_an_error_not_a_traceback(
    cli: argparse.ArgumentParser, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by feeding gkml odd input: a package folder on a read-only share was a
    PermissionError traceback (here a file stands where its parent folder should be). An
    archivist's pass: the message then named the build's work folder inside it; the file on
    the way is named now, before anything is built."""
    site = _copy_sample(tmp_path)
    (tmp_path / "a-file").write_text("不是文件夹", encoding="utf-8")
    args = cli.parse_args(["archive", "--site", str(site), "--out", str(tmp_path / "a-file/pkg")])
    assert args.run(args) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'a-file/pkg'} 所在的 {tmp_path / 'a-file'} 是一个文件，不是文件夹" in err
    assert ".gkml-work" not in err and "Traceback" not in err


def test_an_attachment_with_a_long_chinese_name_is_linked_by_the_name_windows_shows(
    tmp_path: Path,
) -> None:
    """Found by feeding gkml odd input: an attachment named after its document's title (26
    characters) was linked by its whole name, which Joliet shortens: on Windows the disc's
    link was dead and `gkml verify E:\\` saw one file missing and one extra."""
    site = _copy_sample(tmp_path)
    name = "关于调整2024年全市城乡最低生活保障标准的通知.pdf"
    item = site / "content/2026/czyjs-2026-bumen-yusuan.md"
    (item.parent / "files" / name).write_bytes(b"%PDF-1.4 long name")
    text = item.read_text(encoding="utf-8")
    item.write_text(
        text.replace(
            "attachments:\n", f"attachments:\n  - {{file: files/{name}, title: 通知}}\n", 1
        ),
        encoding="utf-8",
    )
    package = _archive(site, tmp_path / "out", as_of=date(2026, 11, 20))
    assert package.image is not None
    shortened = [p for p in walk_files(package.bag, "data") if "最低生活保障" in p]
    assert len(shortened) == 1 and len(shortened[0].rsplit("/", 1)[1].encode()) <= 64, shortened
    assert broken_links(package.bag / "data", "/xxgk/") == []
    disc = pycdlib.PyCdlib()
    disc.open(str(package.image))
    try:  # the names Windows shows (Joliet) are the bag's, so its manifest finds every file
        joliet = {
            f"{root.rstrip('/')}/{name}".lstrip("/")
            for root, _dirs, names in disc.walk(joliet_path="/")
            for name in names
        }
    finally:
        disc.close()
    assert joliet == set(walk_files(package.bag, ""))


def test_a_long_chinese_file_name_fits_joliet_and_keeps_its_rock_ridge_name(
    tmp_path: Path,
) -> None:
    # Found in review: a 65-character name made pycdlib refuse the Joliet name (a traceback).
    long_name = "示例市民政局关于" + "进一步加强和改进最低生活保障工作" * 4 + "的实施意见.pdf"
    assert len(long_name.encode()) > JOLIET_NAME_MAX
    source = tmp_path / "bag"
    (source / "data/files").mkdir(parents=True)
    (source / "data/files" / long_name).write_bytes(b"%PDF-1.4 long")
    (source / "data/files/短名.pdf").write_bytes(b"%PDF-1.4 short")
    image = tmp_path / "disc.iso"
    write_image(source, image, label="GKML_TEST", joliet="示例", epoch=1751270400)
    listing = read_listing(image)
    assert {f.path for f in listing.files} == {f"data/files/{long_name}", "data/files/短名.pdf"}
    disc = pycdlib.PyCdlib()
    disc.open(str(image))
    try:
        names = {
            child.file_identifier().decode("utf-16-be")
            for child in disc.list_children(joliet_path="/data/files")
            if not child.is_dot() and not child.is_dotdot()
        }
    finally:
        disc.close()
    shown = joliet_name(long_name)
    assert names == {shown, "短名.pdf"}
    assert (
        len(shown.encode()) <= JOLIET_NAME_MAX
        and shown.endswith(".pdf")
        and shown[:8] == long_name[:8]
    )


def test_the_transfer_list_names_what_is_on_the_disc_without_a_body(sample: Path) -> None:
    from generator.catalog import build_catalog
    from generator.content import load_site
    from generator.transfer import TransferFacts, transfer_html

    site = load_site(sample, today=date(2026, 11, 20)).site
    assert site is not None
    catalog = build_catalog(site.config, site.items, as_of=date(2026, 11, 20))
    assert any(i.disclosure.value == "依申请公开" for i in catalog.listed)
    facts = TransferFacts(
        *("机构", "网站", "标识"),
        *(date(2026, 11, 20), date(2026, 11, 20)),
        *("gkml-x", None, "1.1", "0" * 64, (), "", "", ""),
    )
    text = transfer_html(catalog, facts).decode("utf-8")
    assert "<p>公开属性为依申请公开的信息，光盘中只有目录信息，没有正文。</p>" in text
    assert "（未制作光盘映像）" in text  # no image: no disc name


def test_a_package_made_again_without_an_image_removes_the_old_image(
    sample: Path, tmp_path: Path
) -> None:
    """An archivist's pass: the image of the package before stayed beside the new bag and
    transfer list, its checksums another package's, and the note said it was replaced."""
    from generator.archive import archive_summary

    first = _archive(sample, tmp_path / "out")
    assert first.image is not None and first.image.is_file()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        result = make_archive(sample, tmp_path / "out", as_of=AS_OF, iso=False, workers=1)
    again = result.package
    assert again is not None and again.image is None
    assert again.replaced and again.old_image_removed
    assert not first.image.exists()
    summary = archive_summary(again)
    assert f"已删除原有的光盘映像 {again.bag.name}.iso" in summary
    assert "（及其移交清单）" in summary and "及其光盘映像" not in summary


def test_an_image_that_cannot_be_written_leaves_the_package_before_as_it_was(
    sample: Path, tmp_path: Path
) -> None:
    """An archivist's pass: with the disc full while the image was written, the new bag had
    already replaced the old one, the old image stayed, a part-written image was left, and
    the message named no folder. Here the disc is "full" past 3 MB a file (`ulimit -f`)."""
    out = tmp_path / "out"
    first = _archive(sample, out)
    assert first.image is not None
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    item = next((sample / "content").glob("20*/*.md"))
    original = item.read_bytes()
    item.write_bytes(original.replace(b"\ntitle: ", b"\ntitle: \xe6\x94\xb9", 1))
    try:
        limit = 3 * 1024 * 1024
        assert first.image.stat().st_size > limit
        done = subprocess.run(
            [
                *(sys.executable, "-m", "generator", "archive", "--site", str(sample)),
                *("--out", str(out), "--iso", "--as-of", AS_OF.isoformat()),
            ],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONPATH": str(REPO)},
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)),
        )
    finally:
        item.write_bytes(original)
    assert done.returncode == 1, done.stderr
    assert f"无法写入 {out}" in done.stderr and "未完成封装" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # the package before, whole; nothing part-written beside it


def test_a_day_after_today_is_refused_and_a_day_before_any_item_is_noted(
    cli: argparse.ArgumentParser, sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An archivist's pass: --as-of 2031-06-01 (a typo for a past day) made a disc saying so
    on every page; a day before the first item made an empty package, without a word."""
    from generator.archive import archive_summary

    ahead = date.today() + timedelta(days=400)
    args = cli.parse_args(
        [
            *("archive", "--site", str(sample), "--out", str(tmp_path / "a")),
            *("--as-of", ahead.isoformat()),
        ]
    )
    assert args.run(args) == 2
    assert f"--as-of {ahead.isoformat()} 在今天" in capsys.readouterr().err
    assert not (tmp_path / "a").exists()
    empty = _archive(sample, tmp_path / "b", as_of=date(2019, 1, 1))
    assert empty.items == 0
    assert archive_summary(empty).startswith("注意：2019-01-01 的目录中没有任何信息")


def test_a_stopped_archive_leaves_the_packages_before_as_they_were(tmp_path: Path) -> None:
    """`kill` (SIGTERM, as a CI job's cancel sends) stops `gkml archive` as Ctrl+C does: the
    staging folder is removed, the package made before stays, and no helper prints a
    traceback. Killed outright, it left `.gkml-work/` beside the packages."""
    from benchmarks.corpus import generate

    site = tmp_path / "corpus"
    generate(250, site)  # large enough to be stopped while it renders
    out = tmp_path / "packages"
    first = subprocess.run(
        [sys.executable, "-m", "generator", "archive", "--site", str(site), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    # Another day's package, stopped while its pages are rendered.
    command = [sys.executable, "-m", "generator", "archive", "--site", str(site), "--out"]
    stopped = subprocess.Popen(
        [*command, str(out), "--as-of", "2026-11-16"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},  # SIGABRT prints where it waits
    )
    # Stopped a moment after it began (its work folder made): it is checking and rendering
    # then. Waiting for the rendered pages left too narrow a window on a loaded machine: the
    # archive could finish first (a CI run).
    work = out / ".gkml-work"
    deadline = time.monotonic() + 60
    while not work.exists() and stopped.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.3)
    stopped.terminate()  # the main process only, as `kill PID` does
    try:
        _, stderr = stopped.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # once in a full run on a loaded machine: say where
        stopped.send_signal(signal.SIGABRT)
        _, stderr = stopped.communicate(timeout=30)
        pytest.fail(f"gkml archive did not stop within 60 s of SIGTERM:\n{stderr}")
    assert stopped.returncode == 130, stderr
    assert "已中断 (interrupted)" in stderr
    assert "Traceback" not in stderr
    assert not (out / ".gkml-work").exists()
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.parametrize(
    ("size", "said"),
    [
        (5_000_000, "一张 CD-R（700 MB，可容纳 737,280,000 字节）"),
        (737_280_000, "一张 CD-R（700 MB"),
        (737_280_001, "一张 DVD±R（4.7 GB"),
        (4_700_372_993, "一张 DVD±R DL（8.5 GB"),
        (20_000_000_000, "一张 BD-R（25 GB"),
        (50_050_629_632, "一张 BD-R DL（50 GB"),
        (50_050_629_633, "一张光盘装不下"),
    ],
)
def test_the_summary_names_the_smallest_disc_the_image_fits(size: int, said: str) -> None:
    """An archive walk: nothing said which disc to buy or whether the image fits on one."""
    from generator.archive import disc_advice

    assert said in disc_advice(size)


def test_the_summary_of_a_package_with_an_image_says_which_disc(package: Package) -> None:
    from generator.archive import archive_summary

    assert package.image_bytes is not None and package.image_bytes < 737_280_000
    said = archive_summary(package)
    assert f"光盘映像 {package.image_bytes:,} 字节，可刻录在一张 CD-R（700 MB" in said


def test_a_repository_that_does_not_keep_the_site_is_not_named(tmp_path: Path) -> None:
    """An archive walk: a site inside a repository that ignores it (a home folder's dotfiles
    repository) got that repository's commit, as if the disc came from it."""
    from generator.provenance import source_version

    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    outer = tmp_path / "home"
    site = _copy_sample(outer)
    subprocess.run(["git", "init", "-q"], cwd=outer, env=env, check=True)
    assert source_version(site, set()).why_en == "the repository has no commits yet"
    (outer / ".gitignore").write_text("src/\n", encoding="utf-8")
    (outer / "notes.txt").write_text("x", encoding="utf-8")
    for args in (["add", "."], ["commit", "-q", "-m", "dotfiles"]):
        subprocess.run(["git", *args], cwd=outer, env=env, check=True)
    found = source_version(site, {"content/2025/files/ndbg-2024.pdf"})
    assert found.commit == "" and "does not keep it" in found.why_en
    assert found.described().startswith("未记录：所在仓库的提交中没有这个网站的 catalog.yml")
    assert str(tmp_path) not in found.why_zh + found.why_en  # the same bag-info on any machine

    # Kept by it, in a sub-folder: the folder is named, and a file git ignores counts.
    (outer / ".gitignore").write_text("", encoding="utf-8")
    for args in (["add", "."], ["commit", "-q", "-m", "site"]):
        subprocess.run(["git", *args], cwd=outer, env=env, check=True)
    kept = source_version(site, {"content/2025/files/ndbg-2024.pdf"})
    assert kept.commit and kept.folder == "src" and kept.uncommitted == ()
    assert ("Source-Folder", "src") in kept.bag_info()
