"""`gkml verify`: check a BagIt bag, on disk or inside an ISO image, against its manifests.

Every file a manifest lists is hashed again; files that are missing, files no manifest lists
(extra) and files whose checksum differs (altered) are reported by name. In an image the
files are read straight from their extents, in parallel, without extracting anything.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from generator.bag import (
    BAG_INFO,
    BAGIT_TXT,
    MANIFEST,
    PAYLOAD_DIR,
    hash_file,
    manifests_in,
    read_bag_info,
    read_manifest_lines,
    walk_files,
)

EXIT_OK = 0
EXIT_DIFFERENT = 1
EXIT_USAGE = 2

_ISO_MAGIC_AT = 16 * 2048 + 1  # "CD001" in the first volume descriptor (Ecma-119 8.1)
_BLOCK = 1 << 20
_LINES_SHOWN = 20  # lines, or files, named in one difference; the rest are counted


class Kind(StrEnum):
    MISSING = "missing"
    EXTRA = "extra"
    ALTERED = "altered"
    UNREADABLE = "unreadable"
    OXUM = "oxum"


@dataclass(frozen=True, slots=True)
class Difference:
    kind: Kind
    path: str  # relative to the bag root ("" for the whole bag or image)
    zh: str
    en: str

    def line(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.zh} ({self.en})"


@dataclass(frozen=True, slots=True)
class Report:
    target: Path
    image: bool
    checked: int  # files whose checksum was recomputed
    differences: tuple[Difference, ...]
    # The SHA-256 of manifest-sha256.txt, which the signed transfer list prints: the disc
    # agreeing with itself proves nothing of a disc whose manifest was changed with its files.
    manifest_sha256: str | None = None

    @property
    def intact(self) -> bool:
        return not self.differences

    def summary(self) -> str:
        """Return the closing line, in Chinese and English."""
        if self.intact:
            return (
                f"完好：{self.checked} 个文件的校验值全部相符。"
                f"(Intact: all {self.checked} checksums match.)"
            )
        count = {k: sum(d.kind is k for d in self.differences) for k in Kind}
        other = count[Kind.UNREADABLE] + count[Kind.OXUM]
        found = len(self.differences)
        return (
            f"发现 {found} 处不符：缺少 {count[Kind.MISSING]} 个、"
            f"多出 {count[Kind.EXTRA]} 个、改动 {count[Kind.ALTERED]} 个文件，"
            f"其他 {other} 处（清单无法读取、总量不符或映像不完整）。"
            f"({found} difference{'' if found == 1 else 's'}: {count[Kind.MISSING]} missing, "
            f"{count[Kind.EXTRA]} extra, {count[Kind.ALTERED]} altered, {other} other: an "
            f"unreadable manifest, a wrong Payload-Oxum or a truncated image.)"
        )


class NotABag(Exception):
    """The path is neither a bag folder nor an ISO image; the message is bilingual."""


def _missing(path: str) -> Difference:
    return Difference(Kind.MISSING, path, "缺少文件，清单中有", "missing: listed in a manifest")


# Files an operating system leaves on a copy (macOS, Windows): named as such, so that an
# archivist who copied the bag to a removable disk knows what they are.
_SYSTEM_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", "ehthumbs.db"})


def _extra(path: str) -> Difference:
    name = path.rpartition("/")[2]
    if name in _SYSTEM_FILES or name.startswith("._"):
        return Difference(
            Kind.EXTRA,
            path,
            "多出的文件，清单中没有：是操作系统自动生成的文件，可以删除",
            "extra: listed in no manifest; the operating system made it, it can be deleted",
        )
    return Difference(Kind.EXTRA, path, "多出的文件，清单中没有", "extra: listed in no manifest")


def _altered(path: str, algorithm: str) -> Difference:
    return Difference(
        Kind.ALTERED,
        path,
        f"文件已改动，{algorithm} 校验值不符",
        f"altered: its {algorithm} checksum differs",
    )


def _unreadable(path: str, exc: OSError) -> Difference:
    reason = exc.strerror or str(exc)
    return Difference(
        Kind.UNREADABLE,
        path,
        f"文件无法读取：{reason}（光盘划伤或老化？符号链接指向不存在的文件？）",
        f"unreadable: {reason} (a scratched or ageing disc? a link to nothing?)",
    )


# path → its digest, or the error that stopped its read (a disc's bad sector, a dangling link)
Hasher = Callable[[Sequence[str], str], Mapping[str, str | OSError]]


def _check(
    present: Mapping[str, int],
    read_text: Callable[[str], str],
    hashes: Hasher,
    lost: frozenset[str] = frozenset(),
) -> tuple[int, list[Difference]]:
    """Compare the files *present* (path → size) with the bag's manifests; the files *lost*
    (past the end of a truncated image, reported once by the caller) are not reported."""
    differences: list[Difference] = []
    if BAGIT_TXT not in present:
        differences.append(_missing(BAGIT_TXT))
    payload_listed: set[str] = set()
    tag_listed: set[str] = set()
    has_tag_manifest = False
    checked = 0
    manifests = list(manifests_in(p for p in present if "/" not in p))
    has_payload_manifest = any(not tag for _, _, tag in manifests)
    if not has_payload_manifest:
        # One line, not one "extra" line for each payload file (none can be checked).
        payload = sum(p.startswith(f"{PAYLOAD_DIR}/") for p in present)
        differences.append(
            Difference(
                Kind.MISSING,
                "manifest-sha256.txt",
                f"缺少载荷清单，data/ 中的 {payload} 个文件无法校验",
                f"missing: no payload manifest, so the {payload} files in data/ cannot be checked",
            )
        )
    for name, algorithm, tag in manifests:
        try:
            listed, malformed = read_manifest_lines(read_text(name))
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            differences.append(
                Difference(
                    Kind.UNREADABLE,
                    name,
                    f"清单无法读取：{reason}",
                    f"unreadable manifest: {reason}",
                )
            )
            continue
        if malformed:
            # Said once; the lines that are checksums are still checked (one bad line made
            # every payload file "extra" and left all of them unchecked).
            numbers = "、".join(str(n) for n, _ in malformed[:_LINES_SHOWN])
            more = len(malformed) - _LINES_SHOWN
            first = malformed[0][1][:60]
            differences.append(
                Difference(
                    Kind.UNREADABLE,
                    name,
                    f"清单第 {numbers} 行不是“校验值 文件名”{f'（另有 {more} 行）' if more > 0 else ''}，"
                    f"未能核对；第一处：{first!r}",
                    f"line{'s' if len(malformed) > 1 else ''} {numbers.replace('、', ', ')}"
                    f"{f' (and {more} more)' if more > 0 else ''} of the manifest"
                    f" {'are' if len(malformed) > 1 else 'is'} not 'checksum path' and"
                    f" {'were' if len(malformed) > 1 else 'was'} not checked; the first: {first!r}",
                )
            )
        has_tag_manifest |= tag
        (tag_listed if tag else payload_listed).update(listed)
        there = [p for p in listed if p in present]
        differences += [_missing(p) for p in sorted(listed) if p not in present and p not in lost]
        found = hashes(there, algorithm)
        checked += len(there)
        for p in there:
            got = found[p]
            if isinstance(got, OSError):
                differences.append(_unreadable(p, got))
            elif got != listed[p]:
                differences.append(_altered(p, algorithm))
    if not has_tag_manifest:
        # gkml always writes one; without it nothing outside data/ (the 使用说明 page people
        # open first, bag-info.txt) could be checked, so its absence is a difference.
        differences.append(
            Difference(
                Kind.MISSING,
                "tagmanifest-sha256.txt",
                "缺少标签清单，data/ 以外的文件无法校验",
                "missing: no tag manifest, so the files outside data/ cannot be checked",
            )
        )
    tag_manifests = {name for name, _, tag in manifests if tag}
    for path in present:
        if path.startswith(f"{PAYLOAD_DIR}/"):
            if path not in payload_listed and has_payload_manifest:
                differences.append(_extra(path))
        elif has_tag_manifest and path not in tag_manifests | tag_listed and path != BAGIT_TXT:
            # Without a tag manifest the files outside data/ are unchecked, not extra: the
            # line above says so (they were all called extra, and could have been deleted).
            differences.append(_extra(path))
    explained = any(d.path.startswith(f"{PAYLOAD_DIR}/") for d in differences)
    if BAG_INFO in present and not lost and not explained:
        # Said only when no missing, extra or altered payload file explains it: three files
        # named and a fourth line of totals read as four problems.
        differences += _oxum(present, read_text)
    order = {k: n for n, k in enumerate(Kind)}
    # A file two checks find missing (bagit.txt, also listed in the tag manifest) once.
    differences = list({(d.kind, d.path): d for d in reversed(differences)}.values())
    differences.sort(key=lambda d: (order[d.kind], d.path.encode("utf-8")))
    return checked, differences


def _oxum(present: Mapping[str, int], read_text: Callable[[str], str]) -> list[Difference]:
    """Return a difference when bag-info.txt's Payload-Oxum does not match the payload."""
    try:
        info = read_bag_info(read_text(BAG_INFO))
    except (OSError, UnicodeDecodeError):
        return []
    oxum = next((v for k, v in info if k.lower() == "payload-oxum"), None)
    if oxum is None:
        return []
    payload = [size for path, size in present.items() if path.startswith(f"{PAYLOAD_DIR}/")]
    actual = f"{sum(payload)}.{len(payload)}"
    if oxum == actual:
        return []
    return [
        Difference(
            Kind.OXUM,
            BAG_INFO,
            f"Payload-Oxum 为 {oxum}，实际载荷为 {actual}（字节数.文件数）",
            f"Payload-Oxum says {oxum}, the payload is {actual} (bytes.files)",
        )
    ]


def _workers() -> int:
    return min(8, (os.cpu_count() or 1) + 1)


def verify_bag(bag: Path) -> Report:
    """Return the report on the bag folder *bag*."""
    files = walk_files(bag)
    present: dict[str, int] = {}
    for p in files:
        try:
            present[p] = (bag / p).stat().st_size
        except OSError:  # a dangling or looping link: its read says why
            present[p] = 0

    def read_text(name: str) -> str:
        return (bag / name).read_bytes().decode("utf-8")

    def one(path: str, algorithm: str) -> str | OSError:
        try:
            return hash_file(bag / path, algorithm)[0]
        except OSError as exc:  # the other files are still checked
            return exc

    def hashes(paths: Sequence[str], algorithm: str) -> Mapping[str, str | OSError]:
        with ThreadPoolExecutor(max_workers=_workers()) as pool:
            digests = pool.map(lambda p: one(p, algorithm), paths, chunksize=64)
            return dict(zip(paths, digests, strict=True))

    checked, differences = _check(present, read_text, hashes)
    listed = _sha256_of(lambda: (bag / MANIFEST).read_bytes())
    return Report(bag, False, checked, tuple(differences), listed)


def verify_image(image: Path) -> Report:
    """Return the report on the bag inside the ISO image *image*."""
    from pycdlib.pycdlibexception import PyCdlibException

    from generator.discimage import read_listing

    try:
        listing = read_listing(image)
    except (PyCdlibException, OSError, ValueError, UnicodeDecodeError) as exc:
        return Report(
            image,
            True,
            0,
            (
                Difference(
                    Kind.UNREADABLE,
                    "",
                    "光盘映像无法读取，可能已损坏或不完整（复制或刻录没有完成？）",
                    f"the image cannot be read and may be damaged or incomplete ({exc})",
                ),
            ),
        )
    where = {f.path: (f.offset, f.size) for f in listing.files}
    fd = os.open(image, os.O_RDONLY)
    try:
        # A half-copied image or a bad read of a disc: the files past its end cannot be read
        # (pycdlib gives them negative sizes). Said once, not as hundreds of "altered" files.
        end = os.fstat(fd).st_size
        expected = _volume_bytes(fd)
        # pycdlib cuts the length of the file that crosses the end to what is there.
        reach = end if expected > end else end + 1
        lost = frozenset(p for p, (at, size) in where.items() if size < 0 or at + size >= reach)
        truncated: list[Difference] = []
        if lost or expected > end:
            names = sorted(lost, key=lambda p: p.encode("utf-8"))
            shown = "、".join(names[:_LINES_SHOWN])
            more = len(names) - _LINES_SHOWN
            files = "file lies" if len(names) == 1 else "files lie"
            truncated.append(
                Difference(
                    Kind.UNREADABLE,
                    "",
                    f"光盘映像不完整：应有 {expected} 字节，只有 {end} 字节（复制或刻录没有完成？）；"
                    f"{len(lost)} 个文件在截断处之后，无法读取"
                    + (f"：{shown}" if names else "")
                    + (f" 等（另有 {more} 个）" if more > 0 else ""),
                    f"the image is truncated: {end} of its {expected} bytes (an unfinished copy "
                    f"or burn?); {len(lost)} {files} past its end and cannot be read"
                    + (f": {shown.replace('、', ', ')}" if names else "")
                    + (f" (and {more} more)" if more > 0 else ""),
                )
            )
        for path in lost:
            del where[path]
        present = {path: size for path, (_, size) in where.items()}

        def read(path: str) -> bytes:
            offset, size = where[path]
            return os.pread(fd, size, offset)

        def read_text(name: str) -> str:
            return read(name).decode("utf-8")

        def one(path: str, algorithm: str) -> str | OSError:
            offset, size = where[path]
            digest = hashlib.new(algorithm)
            done = 0
            while done < size:
                try:
                    block = os.pread(fd, min(_BLOCK, size - done), offset + done)
                except OSError as exc:  # a bad sector of a disc: the other files are read
                    return exc
                if not block:
                    break  # a truncated image: the digest will not match
                digest.update(block)
                done += len(block)
            return digest.hexdigest()

        def hashes(paths: Sequence[str], algorithm: str) -> Mapping[str, str | OSError]:
            with ThreadPoolExecutor(max_workers=_workers()) as pool:
                digests = pool.map(lambda p: one(p, algorithm), paths, chunksize=64)
                return dict(zip(paths, digests, strict=True))

        checked, differences = _check(present, read_text, hashes, lost)
        listed = _sha256_of(lambda: read(MANIFEST)) if MANIFEST in where else None
    finally:
        os.close(fd)
    return Report(image, True, checked, (*truncated, *differences), listed)


def _sha256_of(read: Callable[[], bytes]) -> str | None:
    try:
        return hashlib.sha256(read()).hexdigest()
    except OSError:
        return None


def _volume_bytes(fd: int) -> int:
    """Return the size the image's primary volume descriptor gives it (Ecma-119 8.4: the
    volume space size in blocks at byte 80, the block size at byte 128, little-endian)."""
    pvd = os.pread(fd, 132, _ISO_MAGIC_AT - 1)
    if len(pvd) < 132:
        return 0
    return int.from_bytes(pvd[80:84], "little") * int.from_bytes(pvd[128:130], "little")


def _is_image(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(_ISO_MAGIC_AT)
        return handle.read(5) == b"CD001"


def verify(path: Path) -> Report:
    """Return the report on *path*, a bag folder or an ISO image; raise NotABag otherwise."""
    if path.is_dir():
        if not (path / BAGIT_TXT).is_file() and not any(
            manifests_in(p.name for p in path.iterdir())
        ):
            # `gkml archive --out` names the folder that holds the bag, and the image beside it.
            inside = sorted(
                str(p) for p in path.iterdir() if p.suffix == ".iso" or (p / BAGIT_TXT).is_file()
            )
            hint = f"；其中的包或映像：{'、'.join(inside)}" if inside else ""
            hint_en = f"; the bags or images in it: {', '.join(inside)}" if inside else ""
            raise NotABag(
                f"{path} 不是 BagIt 包：没有 bagit.txt 和清单{hint}"
                f" ({path} is not a BagIt bag: no bagit.txt and no manifest{hint_en})"
            )
        return verify_bag(path)
    if path.is_file():
        if not _is_image(path):
            raise NotABag(f"{path} 不是 ISO 9660 光盘映像 ({path} is not an ISO 9660 image)")
        return verify_image(path)
    if path.exists():
        raise NotABag(
            f"{path} 既不是文件夹，也不是光盘映像文件 ({path} is neither a folder nor an image file)"
        )
    raise NotABag(f"找不到 {path} (no such file or folder: {path})")


def run_verify(args: argparse.Namespace) -> int:
    """Run `gkml verify`: 0 intact, 1 any difference, 2 not a bag or image."""
    try:
        report = verify(args.path)
    except NotABag as exc:
        print(f"gkml: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # a folder of the bag, or the disc itself, cannot be read
        where = exc.filename or args.path
        reason = exc.strerror or str(exc)
        print(
            f"gkml: 无法读取 {where}：{reason}；未能校验 (cannot read {where}: {reason}; not verified)",
            file=sys.stderr,
        )
        return EXIT_DIFFERENT
    for difference in report.differences:
        print(difference.line())
    print(report.summary())
    if report.intact and report.manifest_sha256:
        print(
            f"manifest-sha256.txt 的 SHA-256：{report.manifest_sha256}\n"
            "请与纸质移交清单上印的值逐位核对：相同，才说明这是移交时的那份档案。"
            "(Compare it with the SHA-256 printed on the signed transfer list: only when they"
            " are the same is this the package that was transferred.)"
        )
    return EXIT_OK if report.intact else EXIT_DIFFERENT
