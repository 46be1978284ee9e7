"""MkDocs hook: add the reference pages generated from gkml's own declarations."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File, Files

from generator import handbook
from generator.cli import build_parser


def on_files(files: Files, config: Any) -> Files:
    pages = {
        "reference/fields.md": handbook.fields_page(),
        "reference/codes.md": handbook.codes_page(),
        "reference/catalog.md": handbook.catalog_page(),
        "reference/commands.md": handbook.commands_page(build_parser()),
    }
    for uri, content in pages.items():
        files.append(File.generated(config, uri, content=content))
    return files
