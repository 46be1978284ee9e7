"""content/static/: files published as they are at the site's root (a search engine's
verification file, favicon.ico), checked, rebuilt when they change, never a source."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

from conftest import AS_OF, MakeSite, RunGkml

from generator.build import build_site
from generator.content import load_site

VERIFY = "content/static/baidu_verify_codeva-Ab12Cd34.html"
ITEM = "content/2024/640100-108-2024-00002.md"


def _build(root: Path, out: Path) -> None:
    result = build_site(root, out, as_of=date.fromisoformat(AS_OF), workers=1)
    assert result.stats is not None, [d.message_en for d in result.load.diagnostics]


def test_files_of_content_static_are_published_at_the_root(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = make_site(
        {
            VERIFY: "codeva-Ab12Cd34",
            "content/static/favicon.ico": b"\x00\x00\x01\x00",
            "content/static/说明/统计（100%）.txt": "100",  # a name a disc's manifest can hold
            "content/static/.secret": "token",  # hidden: never published
            "content/static/.well/known.txt": "hidden folder",
            "content/static/sub/.well-known/x.txt": "only at the top",
            "content/static/说明.md": "---\ntitle: 不是信息\n---\n正文",  # a source: not read
        }
    )
    out = tmp_path / "site"
    _build(root, out)
    assert (out / "baidu_verify_codeva-Ab12Cd34.html").read_text() == "codeva-Ab12Cd34"
    assert (out / "favicon.ico").read_bytes() == b"\x00\x00\x01\x00"
    assert (out / "说明/统计（100％）.txt").read_text(encoding="utf-8") == "100"
    published = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    hidden = {".secret", ".well/known.txt", "sub/.well-known/x.txt"}
    assert not {*hidden, "说明.md", "static/favicon.ico"} & published
    assert not any("不是信息" in p.read_text("utf-8", "replace") for p in out.rglob("*.html"))

    # A change to one of them is seen by the next build (the stamp covers content/).
    (root / VERIFY).write_text("codeva-Ab12Cd34 v2")
    later = time.time() + 5
    os.utime(root / VERIFY, (later, later))
    _build(root, out)
    assert (out / "baidu_verify_codeva-Ab12Cd34.html").read_text() == "codeva-Ab12Cd34 v2"
    (root / VERIFY).unlink()
    _build(root, out)
    assert not (out / "baidu_verify_codeva-Ab12Cd34.html").exists()


def test_a_name_gkml_writes_is_an_error_and_a_source_is_said(
    make_site: MakeSite, run_gkml: RunGkml
) -> None:
    root = make_site(
        {
            "content/static/index.html": "<p>我的首页</p>",
            "content/static/Assets/logo.png": b"png",
            "content/static/robots.txt": "User-agent: *",
            "content/static/readme.md": "说明",
        }
    )
    found = sorted(
        (d.code, d.file)
        for d in load_site(root, today=date.fromisoformat(AS_OF)).diagnostics
        if d.code in ("GK128", "GK129")
    )
    assert found == [
        ("GK128", "content/static/Assets/logo.png"),  # assets/, letter case aside
        ("GK128", "content/static/index.html"),
        ("GK128", "content/static/robots.txt"),
        ("GK129", "content/static/readme.md"),
    ]
    result = run_gkml(["build", "--site", root, "--out", root / "site"])
    assert result.exit_code == 1
    assert (
        "GK128" in result.stdout
        and "content/static/index.html 会发布为 index.html" in result.stdout
    )
    assert not (root / "site").exists()


def test_a_non_public_items_attachment_in_content_static_is_not_published(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """Whatever folder a 不予公开 item's attachment lies in, it is not published."""
    root = make_site({"content/static/内部报告.pdf": b"%PDF-1.4 withheld"})
    item = root / ITEM
    text = item.read_text(encoding="utf-8")
    text = text.replace("disclosure: 主动公开", "disclosure: 不予公开\nreason: 属于国家秘密")
    text = text.replace("\n---\n", "\nattachments:\n  - {file: ../static/内部报告.pdf}\n---\n", 1)
    item.write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    _build(root, out)
    assert not [p for p in out.rglob("*") if p.is_file() and b"withheld" in p.read_bytes()]


def _codes(root: Path) -> list[tuple[str, str, str]]:
    return sorted(
        (d.code, d.file, d.message_zh)
        for d in load_site(root, today=date.fromisoformat(AS_OF)).diagnostics
        if d.code in ("GK128", "GK129", "GK130", "GK214")
    )


def test_links_odd_files_and_names_that_meet_are_said_and_not_published(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """Two walks: a symbolic link in content/static/ to a 不予公开 item's attachment
    published it at the root and on the disc; `a%.txt` and `a％.txt` became one file; names
    that differ in letter case were both published, one file on a disc; a named pipe hung
    the build."""
    root = make_site(
        {
            "content/2024/files/内部报告.pdf": b"%PDF-1.4 withheld",
            "content/static/a%.txt": "half",
            "content/static/a\uff05.txt": "full",
            "content/static/Case.txt": "upper",
            "content/static/case.txt": "lower",
            "content/static/Dir/x.txt": "x",
            "content/static/dir/y.txt": "y",
            "content/static/404.HTML": "mine",
            "content/static/sitemap-1.xml": "<urlset/>",
            "content/static/.well-known/security.txt": "Contact: mailto:xxgk@example.gov.cn",
            "content/static/.env": "SECRET=1",
            # an editor's temporary files (a re-walk: Word's owner file, with the name of
            # who opened the document, was published at the site's root)
            "content/static/~$报告.docx": "\x05张三",
            "content/static/说明.txt~": "backup",
            "content/static/说明.txt___jb_tmp___": "copy",
        }
    )
    item = root / ITEM
    text = item.read_text(encoding="utf-8")
    text = text.replace("disclosure: 主动公开", "disclosure: 不予公开\nreason: 属于国家秘密")
    text = text.replace("\n---\n", "\nattachments:\n  - {file: files/内部报告.pdf}\n---\n", 1)
    item.write_text(text, encoding="utf-8")
    static = root / "content/static"
    (static / "报告.pdf").symlink_to("../2024/files/内部报告.pdf")
    (static / "linked").symlink_to("../2024", target_is_directory=True)
    (static / "gone.txt").symlink_to("nowhere.txt")
    os.mkfifo(static / "pipe")
    (static / os.fsdecode(b"att\xb2\xe2.txt")).write_text("GBK name")  # unzipped on Windows
    found = _codes(root)
    codes = [(code, file) for code, file, _ in found]
    for name in ("报告.pdf", "linked", "gone.txt", "pipe", "att\ufffd\ufffd.txt"):
        assert ("GK129", f"content/static/{name}") in codes, found
    for name in ("~$报告.docx", "说明.txt~", "说明.txt___jb_tmp___"):
        assert ("GK129", f"content/static/{name}") in codes, found
    for name in ("a%.txt", "a\uff05.txt", "Case.txt", "case.txt", "Dir/x.txt", "dir/y.txt"):
        assert ("GK214", f"content/static/{name}") in codes, found
    assert ("GK130", "content/static/a%.txt") in codes
    reserved = {file: message for code, file, message in found if code == "GK128"}
    assert reserved.keys() == {"content/static/404.HTML", "content/static/sitemap-1.xml"}
    assert reserved["content/static/404.HTML"].endswith("而 gkml 自己生成 404.html")

    for name in ("a%.txt", "a\uff05.txt", "Case.txt", "case.txt", "Dir", "dir"):
        target = static / name
        if target.is_dir():
            for child in target.iterdir():
                child.unlink()
            target.rmdir()
        else:
            target.unlink()
    for name in ("404.HTML", "sitemap-1.xml"):
        (static / name).unlink()
    out = tmp_path / "site"
    _build(root, out)  # the pipe is not read: the build ends
    assert (out / ".well-known/security.txt").is_file()  # public by standard (RFC 8615)
    assert not (out / ".env").exists() and not (out / "linked").exists()
    assert not list(out.glob("~*")) and not list(out.glob("说明*"))
    assert not [p for p in out.rglob("*") if p.is_file() and b"withheld" in p.read_bytes()]


def test_content_static_that_is_itself_a_link_publishes_nothing(
    make_site: MakeSite, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for the public")
    root = make_site()
    (root / "content/static").symlink_to(outside, target_is_directory=True)
    assert ("GK129", "content/static") in [(c, f) for c, f, _ in _codes(root)]
    out = tmp_path / "site"
    _build(root, out)
    assert not (out / "secret.txt").exists()


def test_a_text_file_at_the_root_is_read_for_personal_data(tmp_path: Path) -> None:
    """A reviewer's walk published an internal phone list at the site's root unchecked. Read
    as the check reads it; with `check --changed-since` (*only*), only the files it names."""
    from generator.rootfiles import root_files, root_personal_data

    static = tmp_path / "content/static"
    static.mkdir(parents=True)
    (static / "tongxunlu.txt").write_text("内部通讯录\n张伟 13912345678\n", encoding="utf-8")
    (static / "logo.png").write_bytes(b"PNG 13912345678")  # not text: not read
    found = root_files(tmp_path)
    said = root_personal_data(tmp_path, found, today=date.fromisoformat(AS_OF))
    assert [(d.code, d.file, d.line, d.severity) for d in said] == [
        ("GK302", "content/static/tongxunlu.txt", 2, "warning")
    ]
    assert root_personal_data(tmp_path, found, only=set(), today=date.fromisoformat(AS_OF)) == []
