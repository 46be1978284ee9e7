"""The one walk of content/: which files are items and free pages, and every file's version."""

from __future__ import annotations

from pathlib import Path

from generator.contentscan import scan_content


def test_the_walk_lists_the_markdown_files_by_the_rules_and_stats_every_file(
    tmp_path: Path,
) -> None:
    files = [
        "content/a.md",
        "content/pages/x.md",
        "content/pages/sub/y.md",
        "content/2024/z.md",
        "content/2024/pages/k.md",  # a folder named pages below a year: items
        "content/pages.md",
        "content/.drafts/q.md",  # in a dot-named folder: left out
        "content/2024/.h.md",  # dot-named: left out
        "content/2024/files/n.docx",
    ]
    for rel in files:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel, encoding="utf-8")
    (tmp_path / "content/2024/folder.md").mkdir()  # a folder, whatever its name
    (tmp_path / "content/linked.md").symlink_to(tmp_path / "content/2024")  # a link to a folder
    (tmp_path / "content/broken.md").symlink_to(tmp_path / "nowhere.md")  # read, and reported

    scan = scan_content(tmp_path)

    assert scan.markdown == (
        ("content/2024/pages/k.md", False),
        ("content/2024/z.md", False),
        ("content/a.md", False),
        ("content/broken.md", False),
        ("content/pages.md", False),
        ("content/pages/sub/y.md", True),
        ("content/pages/x.md", True),
    )
    # Every file but the broken link, dot-named ones too: a change to any of them is a change.
    assert sorted(scan.files) == sorted([*files, "content/linked.md"])
    found = (tmp_path / "content/2024/z.md").stat()
    assert scan.files["content/2024/z.md"] == (
        found.st_size,
        found.st_mtime_ns,
        found.st_ctime_ns,
        found.st_ino,
    )
    # The whole signature: a size and time restored (`touch -r`, `cp -p`) leave the change
    # time and inode telling (a QA pass).
    assert scan.stamp()["content/a.md"] == scan.files["content/a.md"]
    assert scan.unreadable == ("content/broken.md",)
    assert scan.stamp()["content/broken.md"] == (-1, -1, -1, -1)  # so its coming is a change
    assert scan_content(tmp_path, stat=False) == type(scan)({}, scan.markdown)
    assert scan_content(tmp_path / "missing") == type(scan)({}, ())
