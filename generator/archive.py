"""`gkml archive`: the disc edition of the site, packaged for the archive and the library.

The site is built afresh (never from a previous output that could have been altered) and
packaged as a BagIt bag (RFC 8493)::

    <out>/gkml-<issuer code>-<as-of>/         the bag
        bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
        index.html                            使用说明 at the top of the disc, links into data/
        transfer-list.html  transfer-list.csv 移交清单
        data/                                 the site; data/index.html is its home page
            readme.html                       使用说明
    <out>/gkml-<…>-transfer-list.html|.csv    the same 移交清单, beside the bag, to print
    <out>/gkml-<…>.iso                        with --iso: the bag as a disc image

No file depends on the clock: dates come from SOURCE_DATE_EPOCH, else the site repository's
last commit, else the build date (the newest item).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__, urls
from generator.bag import (
    BAG_INFO,
    BAGIT_DECLARATION,
    BAGIT_TXT,
    MANIFEST,
    PAYLOAD_DIR,
    TAG_MANIFEST,
    Digest,
    bag_info_text,
    hash_files,
    manifest_text,
    payload_oxum,
    walk_files,
    write_tag_files,
)
from generator.build import BuildError, build_date, build_site, terminal_progress
from generator.content import LoadResult
from generator.dates import CHINA, today_in_china
from generator.diagnostics import format_human, printable, summary_line
from generator.fields import Disclosure, Status
from generator.outputtree import among_sources, file_in_the_way, stopped
from generator.provenance import NOT_IN_GIT, SourceVersion, source_version
from generator.stamp import code_fingerprint

if TYPE_CHECKING:
    from generator.catalog import Catalog

ARCHIVE_DIR = "archive"
WORK_DIR = ".gkml-work"
START_PAGE = "index.html"  # the 使用说明 at the bag's top, beside data/

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


@dataclass(frozen=True, slots=True)
class Package:
    """What `make_archive` wrote."""

    bag: Path
    image: Path | None
    transfer_html: Path
    transfer_csv: Path
    identifier: str
    as_of: date
    bagging_date: date
    items: int
    payload_files: int
    payload_bytes: int
    bag_bytes: int
    image_bytes: int | None
    seconds: Mapping[str, float] = field(default_factory=dict)
    tag_files: int = 0  # the files outside data/: bagit.txt, bag-info.txt, the manifests, …
    replaced: bool = False  # a package of the same name was there, and is replaced
    old_image_removed: bool = False  # an image of the package before, which this run did not make
    source: SourceVersion | None = None  # the commit it was made from, and what it lacks


@dataclass(frozen=True, slots=True)
class ArchiveResult:
    load: LoadResult
    package: Package | None  # None when the check found errors and nothing was written


def default_as_of() -> date:
    """Return the day of SOURCE_DATE_EPOCH in China, else today (China Standard Time)."""
    epoch = _source_date_epoch()
    if epoch is not None:
        return datetime.fromtimestamp(epoch, CHINA).date()
    return today_in_china()


def _source_date_epoch() -> int | None:
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(text) if text.isdigit() else None


def archive_epoch(root: Path, fallback: datetime) -> int:
    """Return the archive's time: SOURCE_DATE_EPOCH, the last commit of *root*, or *fallback*."""
    epoch = _source_date_epoch()
    if epoch is not None:
        return epoch
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=root,
            capture_output=True,
            check=False,
            text=True,
        )
    except OSError:
        done = None
    if done is not None and done.returncode == 0 and done.stdout.strip().isdigit():
        return int(done.stdout.strip())
    return int(fallback.timestamp())


def _counts(catalog: Catalog) -> list[tuple[str, str, list[tuple[str, str, int]]]]:
    """Return (bag-info label, heading, ((key, label, count), …)) for each breakdown."""
    listed = catalog.listed
    by_status = Counter(i.status for i in listed)
    by_disclosure = Counter(i.disclosure for i in listed)
    by_column = Counter(i.category for i in listed)
    columns = [
        (node.key, node.title, by_column.get(node.key, 0))
        for root in catalog.config.catalog
        for node in root.walk()
    ]
    return [
        (
            "Item-Count-By-Status",
            "按效力状态统计",
            [(s.value, s.value, by_status.get(s, 0)) for s in Status],
        ),
        (
            "Item-Count-By-Disclosure",
            "按公开属性统计",
            [
                (d.value, d.value, by_disclosure.get(d, 0))
                for d in Disclosure
                # Not listed (rules.list_withheld_items), so never counted: a row of 0 read,
                # on a signed form, as "the bureau withheld nothing" (an archivist's pass).
                if d is not Disclosure.WITHHELD or catalog.config.rules.list_withheld_items
            ],
        ),
        ("Item-Count-By-Column", "按栏目统计（不含下级栏目）", columns),
    ]


def _issuer_code(catalog: Catalog) -> str:
    config = catalog.config
    issuer = config.issuer_by_name.get(config.site.organization) or config.issuers[0]
    return issuer.code


def _human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def _clear(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def payload_digests(
    bag: Path, known: Mapping[str, tuple[str, int]], *, workers: int | None = None
) -> list[Digest]:
    """Return the digest of every file under the bag's data/, sorted by path.

    *known* holds (SHA-256, size) of files by bag path, computed from the bytes as they were
    written (the build hashes every page it writes): those are not read back. Any other
    file found in data/ is read and hashed.
    """
    paths = walk_files(bag, PAYLOAD_DIR)
    hashed = {
        d.path: d for d in hash_files(bag, [p for p in paths if p not in known], workers=workers)
    }
    return [Digest(p, *known[p]) if p in known else hashed[p] for p in paths]


def make_archive(
    root: Path,
    out: Path,
    *,
    as_of: date | None = None,
    iso: bool = False,
    workers: int | None = None,
) -> ArchiveResult:
    """Build the site at *root* as it stood on *as_of* and package it under *out*.

    Nothing is written under *out* when the check finds errors.
    """
    # Here, not at the top: `gkml build` imports this module to list the command (0.1 s of
    # imports that every gkml command paid).
    from generator.catalog import build_catalog
    from generator.discimage import volume_label, write_image
    from generator.transfer import (
        README,
        TRANSFER_CSV,
        TRANSFER_HTML,
        TransferFacts,
        readme_html,
        transfer_csv,
        transfer_html,
    )

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    day = as_of or default_as_of()
    given, out = out, out.resolve()
    _guard_archive_folder(root.resolve(), out, given)
    work = out / WORK_DIR
    _clear(work)
    staged = work / "bag"
    data = staged / PAYLOAD_DIR
    try:
        result = build_site(
            root,
            data,
            as_of=day,
            workers=workers,
            progress=terminal_progress("渲染 rendering"),
            keep_previous=False,
            archived=True,
        )
        if result.stats is None or result.load.site is None:
            return ArchiveResult(result.load, None)
        seconds["build"] = time.perf_counter() - started
        mark = time.perf_counter()
        site = result.load.site
        catalog = build_catalog(site.config, site.items, as_of=day)
        # Never before the day the catalog stands at (RFC 8493: the day the content was
        # prepared for transfer): the last commit may be weeks older than --as-of. The disc's
        # file times are the same moment, so that the form, bag-info.txt and the disc agree
        # (an archivist's pass saw three dates: the image's was the newest item's).
        at_day = int(datetime(day.year, day.month, day.day, tzinfo=CHINA).timestamp())
        epoch = max(archive_epoch(root, build_date(catalog)), at_day)
        bagging_date = datetime.fromtimestamp(epoch, UTC).astimezone(CHINA).date()
        config = catalog.config.site
        code = _issuer_code(catalog)
        name = f"gkml-{urls.stem(code)}-{day:%Y%m%d}"
        label = volume_label(f"GKML_{code}_{day:%Y%m%d}")
        joliet = f"{config.organization[:8]}{day:%Y%m%d}"  # the name the disc shows
        identifier = f"{config.organization} {code} {day.isoformat()}"
        used = {*site.digests, *site.probed, *site.static.values()}
        source = source_version(root, used)
        counts = _counts(catalog)
        facts = TransferFacts(
            organization=config.organization,
            site_title=config.title,
            identifier=identifier,
            as_of=day,
            bagging_date=bagging_date,
            bag_name=name,
            volume_label=label if iso else None,
            disc_name=joliet if iso else None,
            payload_oxum="",
            manifest_sha256="",
            counts=[(heading, [(lbl, n) for _, lbl, n in rows]) for _, heading, rows in counts],
            phone=config.contact.phone,
            email=config.contact.email,
            address=config.contact.address,
            source=source.described(),
        )
        readme = readme_html(facts, site_prefix="")
        (data / README).write_bytes(readme)
        known = {f"{PAYLOAD_DIR}/{path}": value for path, value in result.written.items()}
        known[f"{PAYLOAD_DIR}/{README}"] = (hashlib.sha256(readme).hexdigest(), len(readme))
        digests = payload_digests(staged, known, workers=workers)
        manifest = manifest_text(digests)
        oxum = payload_oxum(digests)
        facts = replace(
            facts,
            payload_oxum=oxum,
            manifest_sha256=hashlib.sha256(manifest).hexdigest(),
        )
        info: list[tuple[str, str]] = [
            ("Source-Organization", config.organization),
            ("Organization-Address", config.contact.address),
            ("Contact-Phone", config.contact.phone),
            ("Contact-Email", config.contact.email),
            ("External-Description", f"{config.title}离线版，目录截至 {day.isoformat()}"),
            ("External-Identifier", identifier),
            ("Bagging-Date", bagging_date.isoformat()),
            ("Bag-Count", "1 of 1"),
            ("Bag-Size", _human_size(sum(d.size for d in digests))),
            ("Payload-Oxum", oxum),
            # The version and gkml's own code: a changed copy of gkml says 0.1.0 too.
            ("Bag-Software-Agent", f"gkml {__version__} (code {code_fingerprint()[:12]})"),
            *source.bag_info(),
            ("Catalog-As-Of", day.isoformat()),
            ("Item-Count", str(len(catalog.listed))),
        ]
        for label_name, _heading, rows in counts:
            if label_name == "Item-Count-By-Column":  # a parent column's 0 read as empty
                info.append(
                    (
                        "Item-Count-By-Column-Note",
                        "每个栏目只计直接归入它的信息，不含下级栏目"
                        " (items filed in the column itself, not in its sub-columns)",
                    )
                )
            info += [
                (label_name, f"{key} {lbl} {n}" if key != lbl else f"{lbl} {n}")
                for key, lbl, n in rows
            ]
        # One line a field (a multi-line address in catalog.yml is joined); no value, no field.
        info = [(k, " ".join(v.split())) for k, v in info if v.strip()]
        tags = {
            BAGIT_TXT: BAGIT_DECLARATION,
            BAG_INFO: bag_info_text(info),
            MANIFEST: manifest,
            START_PAGE: readme_html(facts, site_prefix=f"{PAYLOAD_DIR}/"),
            TRANSFER_HTML: transfer_html(catalog, facts),
            TRANSFER_CSV: transfer_csv(catalog, name),
        }
        tag_digests = write_tag_files(staged, tags)
        (staged / TAG_MANIFEST).write_bytes(manifest_text(tag_digests))
        seconds["bag"] = time.perf_counter() - mark

        # Every file of the package comes from this run, or none does: the image is written
        # (from the staged bag) before anything of the package before is replaced, and an
        # image of that package is removed when this run makes none (an archivist's pass
        # found the old image beside the new bag, its checksums another package's).
        image: Path | None = None
        image_bytes: int | None = None
        staged_image = work / f"{name}.iso"
        if iso:
            mark = time.perf_counter()
            image = out / staged_image.name
            made = write_image(staged, staged_image, label=label, joliet=joliet, epoch=epoch)
            image_bytes = made.size
            seconds["iso"] = time.perf_counter() - mark
        out.mkdir(parents=True, exist_ok=True)
        bag = out / name
        replaced = bag.exists()
        if replaced:
            old = work / "old"
            bag.rename(old)
        staged.rename(bag)
        old_image = out / staged_image.name
        if image is not None:
            staged_image.replace(image)
            old_image_removed = False
        else:
            old_image_removed = old_image.is_file()
            old_image.unlink(missing_ok=True)
        html_copy = out / f"{name}-{TRANSFER_HTML}"
        csv_copy = out / f"{name}-{TRANSFER_CSV}"
        html_copy.write_bytes(tags[TRANSFER_HTML])
        csv_copy.write_bytes(tags[TRANSFER_CSV])
        bag_bytes = sum(d.size for d in digests) + sum(
            (bag / n).stat().st_size for n in (*tags, TAG_MANIFEST)
        )
    finally:
        _clear(work)
    seconds["total"] = time.perf_counter() - started
    total_bytes, _, files = oxum.partition(".")
    return ArchiveResult(
        result.load,
        Package(
            bag=bag,
            image=image,
            transfer_html=html_copy,
            transfer_csv=csv_copy,
            identifier=identifier,
            as_of=day,
            bagging_date=bagging_date,
            items=len(catalog.listed),
            payload_files=int(files),
            payload_bytes=int(total_bytes),
            bag_bytes=bag_bytes,
            image_bytes=image_bytes,
            seconds=seconds,
            tag_files=len(tags) + 1,
            replaced=replaced,
            old_image_removed=old_image_removed,
            source=source,
        ),
    )


# -- the command line (its options: `archivecommand`) ----------------------------------------
def _guard_archive_folder(root: Path, out: Path, given: Path) -> None:
    """Refuse an archive folder that is a file, or among the site's inputs, naming it as
    the user wrote it (not the build's folder inside it)."""
    blocking = file_in_the_way(out)
    if blocking == out:
        raise BuildError(
            f"{given} 是一个文件，不是文件夹；请用 --out 指定存放封装包的文件夹"
            f" ({given} is a file, not a folder: give --out a folder for the package)"
        )
    # A file on the way (notes.txt/pkg): named, where the build's work folder inside it was.
    if blocking is not None:
        raise BuildError(
            f"{given} 所在的 {blocking} 是一个文件，不是文件夹；请用 --out 指定存放封装包的文件夹"
            f" ({blocking}, on the way to {given}, is a file, not a folder: give --out a folder"
            " for the package)"
        )
    if among_sources(root, out):
        raise BuildError(
            f"封装包的文件夹 {given} 不能在 content/、templates/ 之内（那里是网站的源文件）"
            f" (the package folder {given} cannot be inside content/ or templates/: the"
            " site's sources are there)"
        )


def run_archive(args: argparse.Namespace) -> int:
    """Run `gkml archive`; return the exit code."""
    site: Path = args.site
    if not site.is_dir():
        print(f"gkml: 网站目录 {site} 不存在 (site folder {site} does not exist)", file=sys.stderr)
        return EXIT_USAGE
    out: Path = args.out or site / ARCHIVE_DIR
    today = today_in_china()
    if args.as_of is not None and args.as_of > today:
        # A disc holds the catalog as it stood: one dated ahead (2062 for 2026) would say
        # so on every page, with each status as of that day (an archivist's pass).
        print(
            f"gkml: --as-of {args.as_of.isoformat()} 在今天（{today.isoformat()}）之后："
            "档案包只能封装已有的目录，请检查日期"
            f" (--as-of {args.as_of.isoformat()} is after today, {today.isoformat()}: a package"
            " holds the catalog as it stood; check the date)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        result = make_archive(site, out, as_of=args.as_of, iso=args.iso, workers=args.jobs)
    except BuildError as exc:
        print(f"gkml: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # the package folder cannot be written
        done = ("未完成封装。", "Packaging did not finish.")
        print(f"gkml: {stopped(exc, site, out, *done)}", file=sys.stderr)
        return EXIT_PROBLEMS
    load = result.load
    if load.diagnostics:
        for d in load.diagnostics:
            print(format_human(d))
        print(summary_line(load.diagnostics))
    for note in load.notes:
        print(note, file=sys.stderr)
    if load.config_broken:
        print("catalog.yml 有误，未封装。(catalog.yml is broken; nothing packaged.)")
        return EXIT_USAGE
    package = result.package
    if package is None:
        print("有错误，未封装。(Errors found: nothing packaged.)")
        return EXIT_PROBLEMS
    print(archive_summary(package))
    return EXIT_OK


# Recordable discs by what one holds, in bytes (one session): 80-minute CD-R, DVD±R, DVD±R
# DL (the smaller of each pair), BD-R and BD-R DL.
DISCS = (
    ("CD-R", "700 MB", 737_280_000),
    ("DVD±R", "4.7 GB", 4_700_372_992),
    ("DVD±R DL", "8.5 GB", 8_543_666_176),
    ("BD-R", "25 GB", 25_025_314_816),
    ("BD-R DL", "50 GB", 50_050_629_632),
)


def disc_advice(size: int) -> str:
    """Return which recordable disc the image of *size* bytes fits on: the smallest that
    holds it, or what to do when none does. In bytes: a disc's label (4.7 GB) counts in
    thousands, the image's size above it (`_human_size`) in 1,024s (an archive walk: a
    "4.5 GB" image sent to a DVD±R DL read as a mistake)."""
    for name, label, room in DISCS:
        if size <= room:
            return (
                f"光盘映像 {size:,} 字节，可刻录在一张 {name}（{label}，可容纳 {room:,} 字节）"
                f"或更大的光盘上。(The image, {size:,} bytes, fits on one {name} ({label},"
                f" {room:,} bytes) or a larger disc.)"
            )
    name, label, room = DISCS[-1]
    return (
        f"光盘映像 {size:,} 字节，大于一张 {name}（{label}，可容纳 {room:,} 字节），一张光盘装不下："
        "请改用移动硬盘等介质移交 BagIt 包，或与档案部门商定分卷办法。"
        f"(The image, {size:,} bytes, is larger than one {name} ({label}, {room:,} bytes): hand"
        " the BagIt package over on a hard disk or other medium, or agree on volumes with the"
        " archive.)"
    )


def archive_summary(package: Package) -> str:
    """Return the closing lines of `gkml archive`."""
    # The data's files and size, as bag-info.txt's Bag-Size; `gkml verify` counts the
    # description and manifest files too (an archivist's pass saw 484, 490 and two sizes).
    size = _human_size(package.payload_bytes)
    files, tags = package.payload_files, package.tag_files
    lines = [
        f"已封装 {package.bag}：{package.items} 条信息，data 中 {files} 个文件（{size}），"
        f"另有 {tags} 个说明和清单文件；目录截至 {package.as_of.isoformat()}。",
        f"(Packaged {package.bag}: {package.items} items, {files} files in data ({size}) and "
        f"{tags} description and manifest files; catalog as of {package.as_of.isoformat()}.)",
        f"移交清单 (transfer list): {package.transfer_html}  {package.transfer_csv}",
    ]
    if package.items == 0:
        day = package.as_of.isoformat()
        lines.insert(
            0,
            f"注意：{day} 的目录中没有任何信息（最早的信息在这一天之后发布？），请检查 --as-of。"
            f"(Note: the catalog held no items on {day}: were they all published later?"
            " Check --as-of.)",
        )
    if package.old_image_removed:
        lines.insert(
            0,
            f"注意：已删除原有的光盘映像 {package.bag.name}.iso：它是替换前的包的映像，与新包不符；"
            "需要光盘映像时，请加 --iso 重新封装。"
            f"(Note: the disc image {package.bag.name}.iso was removed: it held the package "
            "before, not this one; add --iso to make one of this package.)",
        )
    if package.replaced:
        also = "及其光盘映像、移交清单" if package.image is not None else "及其移交清单"
        also_en = (
            "its image and transfer list" if package.image is not None else "its transfer list"
        )
        lines.insert(
            0,
            f"注意：已替换原有的同名档案包 {package.bag.name}（{also}）；"
            "如原包已经移交，请核对两者是否相同。"
            f"(Note: the package of the same name, {package.bag.name}, and {also_en} were "
            "replaced; if it was transferred already, compare the two.)",
        )
    source = package.source
    if source is not None and source.uncommitted:
        changed = [printable(p) for p in source.uncommitted]
        n = len(changed)
        listed_zh = "、".join(changed[:3]) + (f" 等 {n} 个文件" if n > 3 else "")
        listed_en = ", ".join(changed[:3]) + (f" and {n - 3} more" if n > 3 else "")
        lines.insert(
            0,
            f"注意：{listed_zh}与提交 {source.commit[:12]} 中的不同（未提交的改动），已按磁盘上的样子"
            "封装；bag-info.txt 的 Source-Uncommitted-File 逐个列出。请先提交，再重新封装，"
            "档案包才能由提交重现。"
            f"(Note: {listed_en} {'differs' if n == 1 else 'differ'} from commit "
            f"{source.commit[:12]} (uncommitted changes) and {'was' if n == 1 else 'were'} "
            "packaged as on disk; bag-info.txt's Source-Uncommitted-File lists each. Commit, then"
            " package again, so that the package can be made again from the commit.)",
        )
    elif source is not None and not source.commit and source.why_zh != NOT_IN_GIT[0]:
        lines.insert(
            0,
            f"注意：档案包中没有记录网站仓库的提交：{source.why_zh}。"
            f"(Note: the package records no commit of the site repository: {source.why_en}.)",
        )
    if package.image is not None and package.image_bytes is not None:
        lines.append(f"光盘映像 (disc image): {package.image}  {_human_size(package.image_bytes)}")
        lines.append(disc_advice(package.image_bytes))
    stages = "、".join(f"{name} {sec:.2f}s" for name, sec in package.seconds.items())
    lines.append(f"用时 (seconds): {stages}")
    return "\n".join(lines)
