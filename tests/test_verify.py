"""`gkml verify`: an intact bag or image passes; a flipped byte, a missing or an extra file
fails and is named."""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import copy_sample

from generator.archive import make_archive
from generator.archivecommand import register
from generator.bag import Digest, manifest_text, read_manifest, walk_files
from generator.discimage import read_listing
from generator.verification import Kind, verify

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    site = copy_sample(tmp_path_factory.mktemp("verify") / "src")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1751270400")
        result = make_archive(site, site.parent / "out", as_of=date(2025, 6, 30), iso=True)
    package = result.package
    assert package is not None and package.image is not None
    return package.bag, package.image


@pytest.fixture
def bag(archived: tuple[Path, Path], tmp_path: Path) -> Path:
    copy = tmp_path / "bag"
    shutil.copytree(archived[0], copy)
    return copy


@pytest.fixture
def image(archived: tuple[Path, Path], tmp_path: Path) -> Path:
    copy = tmp_path / "disc.iso"
    shutil.copy2(archived[1], copy)
    return copy


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="gkml")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.run(args)
    return code


def _flip(path: Path, offset: int) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0x01]))


def test_intact_bag_and_image_pass(
    archived: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    for target in archived:
        assert _run("verify", str(target)) == 0
        out = capsys.readouterr().out
        assert out.startswith("完好：") and "(Intact: all" in out
    assert verify(archived[0]).checked == verify(archived[1]).checked > 200


def test_verify_prints_the_manifests_checksum_the_transfer_list_prints(
    archived: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """An archive walk: a disc changed with its manifests agrees with itself; what proves it
    is the one transferred is the manifest's SHA-256 on the signed paper list, which verify
    did not print."""
    bag = archived[0]
    listed = hashlib.sha256((bag / "manifest-sha256.txt").read_bytes()).hexdigest()
    assert listed in (bag / "transfer-list.html").read_text(encoding="utf-8")  # the form
    for target in archived:
        assert _run("verify", str(target)) == 0
        out = capsys.readouterr().out
        assert f"manifest-sha256.txt 的 SHA-256：{listed}\n" in out
        assert "移交清单" in out and "transfer list" in out


def test_a_flipped_byte_in_a_payload_file_is_named(
    bag: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _flip(bag / "data/index.html", 200)
    assert _run("verify", str(bag)) == 1
    out = capsys.readouterr().out
    assert (
        "data/index.html: 文件已改动，sha256 校验值不符 (altered: its sha256 checksum differs)"
        in out
    )
    assert "改动 1 个文件" in out
    report = verify(bag)
    assert [(d.kind, d.path) for d in report.differences] == [(Kind.ALTERED, "data/index.html")]


def test_missing_and_extra_files_are_named(bag: Path) -> None:
    (bag / "data/robots.txt").unlink()
    (bag / "data/items/notes.txt").write_text("extra", encoding="utf-8")
    (bag / "stray.txt").write_text("extra tag file", encoding="utf-8")
    found = {(d.kind, d.path) for d in verify(bag).differences}
    assert (Kind.MISSING, "data/robots.txt") in found
    assert (Kind.EXTRA, "data/items/notes.txt") in found
    assert (Kind.EXTRA, "stray.txt") in found


def test_three_problems_are_three_differences_and_system_files_are_named(bag: Path) -> None:
    """An archivist's pass: three problems read as four (the Payload-Oxum line), and the files
    a copy to a removable disk gains (.DS_Store, Thumbs.db) were only "extra"."""
    page = bag / "data/index.html"
    page.write_bytes(page.read_bytes() + b" ")
    (bag / "data/robots.txt").unlink()
    (bag / "data/notes.txt").write_text("extra", encoding="utf-8")
    report = verify(bag)
    assert [(d.kind, d.path) for d in report.differences] == [
        (Kind.MISSING, "data/robots.txt"),
        (Kind.EXTRA, "data/notes.txt"),
        (Kind.ALTERED, "data/index.html"),
    ]
    assert report.summary().startswith("发现 3 处不符") and "(3 differences:" in report.summary()
    for junk in ("data/.DS_Store", "data/items/Thumbs.db", "data/._index.html"):
        (bag / junk).write_bytes(b"\0")
    named = {d.path: d.zh for d in verify(bag).differences if d.kind is Kind.EXTRA}
    assert named["data/.DS_Store"].endswith("是操作系统自动生成的文件，可以删除")
    assert named["data/._index.html"] == named["data/items/Thumbs.db"] == named["data/.DS_Store"]
    assert named["data/notes.txt"] == "多出的文件，清单中没有"


def test_one_difference_is_one_in_english_too(bag: Path) -> None:
    (bag / "data/robots.txt").unlink()
    assert "(1 difference: 1 missing," in verify(bag).summary()


def test_the_payload_total_alone_is_still_a_difference(bag: Path) -> None:
    info = bag / "bag-info.txt"
    text = info.read_text(encoding="utf-8")
    oxum = next(line for line in text.splitlines() if line.startswith("Payload-Oxum:"))
    info.write_text(text.replace(oxum, "Payload-Oxum: 1.1"), encoding="utf-8")
    kinds = {d.kind for d in verify(bag).differences}
    assert Kind.OXUM in kinds  # no file explains it (the edited bag-info.txt is altered too)


def test_an_edited_tag_file_is_caught(bag: Path) -> None:
    info = bag / "bag-info.txt"
    info.write_text(info.read_text(encoding="utf-8").replace("有效", "失效"), encoding="utf-8")
    found = {(d.kind, d.path) for d in verify(bag).differences}
    assert found == {(Kind.ALTERED, "bag-info.txt")}


def test_a_flipped_byte_in_the_image_is_named(
    image: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = next(f for f in read_listing(image).files if f.path == "data/catalog.csv")
    _flip(image, entry.offset + entry.size // 2)
    assert _run("verify", str(image)) == 1
    out = capsys.readouterr().out
    assert "data/catalog.csv: 文件已改动" in out
    assert [d.path for d in verify(image).differences] == ["data/catalog.csv"]


def test_a_damaged_image_fails(image: Path) -> None:
    with image.open("r+b") as handle:
        handle.truncate(17 * 2048)  # volume descriptors only: every file is gone
    report = verify(image)
    assert not report.intact


def test_a_half_copied_image_is_said_to_be_truncated_once(
    image: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by feeding gkml odd input: half an image (a copy or burn that did not finish)
    gave 307 "altered" files and a payload of -325,534,606 bytes."""
    whole = image.stat().st_size
    with image.open("r+b") as handle:
        handle.truncate(whole // 2)
    assert _run("verify", str(image)) == 1
    out = capsys.readouterr().out
    assert f"光盘映像不完整：应有 {whole} 字节，只有 {whole // 2} 字节" in out, out
    report = verify(image)
    assert [d.kind for d in report.differences] == [Kind.UNREADABLE]
    assert 0 < report.checked < len(read_listing(image).files)  # what is there was checked
    assert not re.search(r"-\d", out)  # no negative size


def test_a_removed_bagit_txt_is_one_difference(bag: Path) -> None:
    """Found by feeding gkml odd input: it was said twice and counted as two."""
    (bag / "bagit.txt").unlink()
    assert [(d.kind, d.path) for d in verify(bag).differences] == [(Kind.MISSING, "bagit.txt")]


def test_a_removed_payload_manifest_is_one_line_not_one_a_file(bag: Path) -> None:
    """Found by feeding gkml odd input: each of the payload's files was called extra."""
    (bag / "manifest-sha256.txt").unlink()
    payload = len(walk_files(bag, "data"))
    differences = verify(bag).differences
    assert [(d.kind, d.path) for d in differences] == [(Kind.MISSING, "manifest-sha256.txt")]
    assert f"data/ 中的 {payload} 个文件无法校验" in differences[0].zh


def test_not_a_bag_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert _run("verify", str(tmp_path)) == 2
    assert _run("verify", str(tmp_path / "notes.txt")) == 2
    assert _run("verify", str(tmp_path / "nowhere")) == 2
    assert "不是" in capsys.readouterr().err


def test_a_removed_tag_manifest_is_a_difference(bag: Path) -> None:
    # Found in review: without it, an edited 使用说明 page and bag-info.txt went unnoticed.
    (bag / "tagmanifest-sha256.txt").unlink()
    (bag / "index.html").write_text("<p>已替换</p>", encoding="utf-8")
    report = verify(bag)
    assert not report.intact
    assert [(d.kind, d.path) for d in report.differences if d.kind is Kind.MISSING] == [
        (Kind.MISSING, "tagmanifest-sha256.txt")
    ]
    # The files outside data/ are unchecked, not extra: an archivist could have deleted them.
    assert not any(d.kind is Kind.EXTRA for d in report.differences)


def test_a_file_named_like_a_tag_manifest_is_still_extra(bag: Path) -> None:
    (bag / "tagmanifest-x").mkdir()
    (bag / "tagmanifest-x/evil.html").write_text("<p>多出</p>", encoding="utf-8")
    (bag / "tagmanifest-readme.html").write_text("<p>多出</p>", encoding="utf-8")
    report = verify(bag)
    assert {d.path for d in report.differences if d.kind is Kind.EXTRA} == {
        "tagmanifest-x/evil.html",
        "tagmanifest-readme.html",
    }
    assert "1 extra" not in report.summary() and "2 extra" in report.summary()


def test_manifest_lines_with_tabs_and_unusual_names_are_read() -> None:
    names = ["data/a\u2028b.pdf", "data/c\x0cd.txt", "data/百分比%25.html"]
    digests = [Digest(name, f"{n:064x}", 1) for n, name in enumerate(names)]
    assert read_manifest(manifest_text(digests).decode("utf-8")) == {d.path: d.sha for d in digests}
    assert read_manifest("ABCDEF\tdata/x.html\r\n") == {"data/x.html": "abcdef"}


def test_a_multi_line_address_becomes_one_bag_info_line(tmp_path: Path) -> None:
    # Found in review: `address: |` with two lines passed gkml build but crashed gkml archive.
    site = tmp_path / "src"
    site.mkdir()
    text = (REPO / "catalog.yml").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.strip().startswith("address:"))
    indent = line[: len(line) - len(line.lstrip())]
    value = line.split(":", 1)[1].strip()
    two_lines = f"{indent}address: |\n{indent}  {value}\n{indent}  （信访接待室）"
    (site / "catalog.yml").write_text(text.replace(line, two_lines), encoding="utf-8")
    shutil.copytree(REPO / "content", site / "content")
    result = make_archive(site, tmp_path / "out", as_of=date(2025, 6, 30))
    assert result.package is not None
    info = (result.package.bag / "bag-info.txt").read_text(encoding="utf-8")
    assert f"Organization-Address: {value} （信访接待室）\n" in info


def test_an_unreadable_file_is_named_and_the_others_are_still_checked(
    bag: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An archivist's pass: a link to nothing, or to itself, in a bag (as a file an ageing
    disc cannot give back) stopped verify with a traceback that named nothing else."""
    listed = walk_files(bag, "data")
    gone, looping = listed[0], listed[1]
    (bag / gone).unlink()
    (bag / gone).symlink_to(bag / "nowhere")
    (bag / looping).unlink()
    (bag / looping).symlink_to(bag / looping)
    (bag / "data" / "dangling").symlink_to("/nonexistent")  # listed nowhere: extra
    assert _run("verify", str(bag)) == 1
    out = capsys.readouterr().out
    assert f"{gone}: 文件无法读取" in out and f"{looping}: 文件无法读取" in out
    report = verify(bag)
    assert {(d.kind, d.path) for d in report.differences} == {
        (Kind.UNREADABLE, gone),
        (Kind.UNREADABLE, looping),
        (Kind.EXTRA, "data/dangling"),
    }
    assert report.checked >= len(listed)  # the others were read and found as they were


def test_one_bad_manifest_line_is_said_once_and_the_rest_is_checked(bag: Path) -> None:
    """An archivist's pass: one line that was no checksum made all 500 payload files
    "extra", and none of them was checked."""
    manifest = bag / "manifest-sha256.txt"
    manifest.write_bytes(manifest.read_bytes() + "这一行不是校验值\n".encode())
    report = verify(bag)
    assert [(d.kind, d.path) for d in report.differences] == [
        (Kind.ALTERED, "manifest-sha256.txt"),  # the tag manifest's checksum of it
        (Kind.UNREADABLE, "manifest-sha256.txt"),
    ]
    line = next(d for d in report.differences if d.kind is Kind.UNREADABLE)
    number = manifest.read_text(encoding="utf-8").count("\n")
    assert f"清单第 {number} 行不是" in line.zh and "这一行不是校验值" in line.zh
    assert report.checked >= len(walk_files(bag, "data"))


def test_a_byte_order_mark_before_a_manifest_is_passed_over(bag: Path) -> None:
    """Saved by Windows Notepad: the payload is still checked; the tag manifest says the
    manifest changed."""
    manifest = bag / "manifest-sha256.txt"
    manifest.write_bytes(b"\xef\xbb\xbf" + manifest.read_bytes())
    report = verify(bag)
    assert [(d.kind, d.path) for d in report.differences] == [(Kind.ALTERED, "manifest-sha256.txt")]


def test_a_truncated_image_names_the_files_past_its_end(image: Path) -> None:
    whole = image.stat().st_size
    with image.open("r+b") as handle:
        handle.truncate(whole - 2048)
    report = verify(image)
    said = report.differences[0]
    assert said.kind is Kind.UNREADABLE and said.path == ""
    lost = said.en.partition("cannot be read: ")[2]
    assert lost, said.en
    assert " 1 files " not in said.en  # one file, said so
    listing = {f.path for f in read_listing(image).files}
    assert all(name in listing for name in lost.split(", ")), lost


def test_the_folder_holding_a_package_points_to_it(
    archived: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """An archivist's pass: `gkml verify` on the --out folder said only "not a bag"."""
    assert _run("verify", str(archived[0].parent)) == 2
    err = capsys.readouterr().err
    assert str(archived[0]) in err and str(archived[1]) in err
    assert _run("verify", "/dev/null") == 2
    assert "既不是文件夹，也不是光盘映像文件" in capsys.readouterr().err
