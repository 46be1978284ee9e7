"""The options of `gkml archive` and `gkml verify`, which every gkml command's parser holds.

The packaging (`generator.archive`, which imports the whole build) and the check of a package
(`generator.verification`) are imported when their command runs: a build makes no archive,
and importing them was part of every command's start.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TypeVar

from generator.dates import date_argument

_P = TypeVar("_P", bound=argparse.ArgumentParser)  # gkml's own parser class


def register(commands: argparse._SubParsersAction[_P]) -> None:
    """Add the `archive` and `verify` commands; each sets `run` to the function that runs it."""
    archive = commands.add_parser(
        "archive",
        help="制作移交光盘版和 BagIt 包 (package the site for the archive)",
        description=(
            "检查并生成离线版网站，封装为 BagIt 包，附移交清单；--iso 另制光盘映像。"
            "(Build the disc edition and package it as a BagIt bag; --iso adds a disc image.)"
        ),
    )
    archive.add_argument("--site", type=Path, default=Path(), help="网站根目录 (site root)")
    archive.add_argument(
        "--out", type=Path, default=None, help="输出目录，默认 archive/ (output, default archive/)"
    )
    archive.add_argument(
        "--as-of",
        type=date_argument,
        default=None,
        help="按该日的目录封装 YYYY-MM-DD (the catalog as it stood that day)",
    )
    archive.add_argument("--iso", action="store_true", help="另制 ISO 光盘映像 (also an ISO image)")
    archive.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="并行进程数，默认为本机 CPU 核数 (worker processes; default: the CPU count)",
    )
    archive.set_defaults(run=_run_archive)

    verify = commands.add_parser(
        "verify",
        help="校验 BagIt 包或光盘映像 (verify a bag or a disc image)",
        description=(
            "重新计算每个文件的校验值，列出缺少、多出和被改动的文件。"
            "(Recompute every checksum; list missing, extra and altered files.)"
        ),
    )
    verify.add_argument(
        "path", type=Path, help="BagIt 包目录或 .iso 文件 (a bag folder or an .iso)"
    )
    verify.set_defaults(run=_run_verify)


def _run_archive(args: argparse.Namespace) -> int:
    from generator.archive import run_archive  # here: not for every gkml command

    return run_archive(args)


def _run_verify(args: argparse.Namespace) -> int:
    from generator.verification import run_verify  # here: not for every gkml command

    return run_verify(args)
