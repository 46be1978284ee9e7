"""The handbook builds strictly, and its reference pages cover every field, code and command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from generator import handbook
from generator.cli import build_parser
from generator.codes import CODES
from generator.fields import FIELDS

REPO = Path(__file__).resolve().parent.parent


def test_reference_pages_cover_every_declaration() -> None:
    fields = handbook.fields_page()
    for field in FIELDS:
        assert f"| `{field.key}` | {field.label} |" in fields
        for alias in field.aliases:
            assert f"`{alias}`" in fields
    codes = handbook.codes_page()
    for code in CODES.values():
        assert f">{code.code}</span>" in codes
        assert code.title_zh in codes
    commands = handbook.commands_page(build_parser())
    for name in ("check", "new", "build", "serve"):
        assert f"## gkml {name}" in commands
    assert "`--as-of`" in commands and "`--strict`" in commands


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
    assert (out / "tasks/withhold.html").is_file()
    # No web fonts or CDN: nothing in the handbook is fetched from elsewhere at view time.
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in index
