"""ISO 9660 disc images with Joliet and Rock Ridge, written reproducibly with pycdlib.

The Rock Ridge names (Linux, macOS) and the Joliet names (Windows) carry the real file names;
the plain ISO 9660 names are a level-3 fallback (upper case, `_` for other characters, a
short hash where two names would clash or a name is too long). A name longer than Joliet's
limit (an attachment's Chinese name of more than 21 characters) is published shortened by the
build itself (`urls.short_name`), so Windows shows the names the pages link to.

pycdlib reads the clock (`time.time()`) for every date it writes and converts it with
`time.localtime` (so the time zone changes the bytes): while an image is written, its modules
see a clock stopped at the archive's epoch, in China Standard Time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from generator import urls

# pycdlib (and unittest.mock, to stop its clock) are imported where a disc image is written
# or read: they took 0.15 s of every gkml command's start, most of which never make a disc.

LABEL_MAX = 32  # ISO 9660 volume identifier, d-characters
JOLIET_LABEL_MAX = 16  # the Joliet volume identifier holds 16 UCS-2 characters
_NAME_MAX = 30  # ISO 9660 level 3: file name and extension together (Ecma-119 7.5.2)
_DIR_MAX = 31
_NOT_D = re.compile(r"[^A-Z0-9_]")
_CHINA_OFFSET = 8 * 3600
_FILE_MODE = 0o100444  # read-only regular file (Rock Ridge)
_DIR_MODE = 0o040555


_StructTime = time.struct_time


class _StoppedClock:
    """Stands in for the `time` module inside pycdlib: always *epoch*, China Standard Time."""

    def __init__(self, epoch: int) -> None:
        self._epoch = epoch

    def time(self) -> float:
        return float(self._epoch)

    def localtime(self, secs: float | None = None) -> _StructTime:
        return time.gmtime((self._epoch if secs is None else secs) + _CHINA_OFFSET)

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


@contextlib.contextmanager
def _stopped_clock(epoch: int) -> Iterator[None]:
    from unittest import mock

    import pycdlib.dates
    import pycdlib.headervd
    import pycdlib.pycdlib

    clock = _StoppedClock(epoch)
    modules: tuple[ModuleType, ...] = (pycdlib.pycdlib, pycdlib.headervd, pycdlib.dates)
    with contextlib.ExitStack() as stack:
        for module in modules:
            stack.enter_context(mock.patch.object(module, "time", clock))
        yield


def volume_label(text: str) -> str:
    """Return *text* as an ISO 9660 volume label: A–Z, 0–9 and `_`, at most 32 characters."""
    return _NOT_D.sub("_", text.upper()).strip("_")[:LABEL_MAX] or "GKML"


def joliet_label(text: str) -> str:
    """Return *text* as a Joliet volume label: at most 16 UCS-2 characters (Windows shows it).

    Chinese fits: Joliet stores UCS-2, so characters outside the Basic Multilingual Plane
    (which UCS-2 cannot hold) and control characters are left out.
    """
    kept = "".join(c for c in text if " " <= c <= "\uffff" and not 0xD800 <= ord(c) <= 0xDFFF)
    return kept.strip()[:JOLIET_LABEL_MAX] or "GKML"


def _mangle(name: str, *, directory: bool, taken: set[str]) -> str:
    """Return the ISO 9660 level-3 name of *name*, unique among *taken* (which it joins)."""
    if directory:
        stem, ext = name, ""
    else:
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
    stem = _NOT_D.sub("_", stem.upper()) or "_"
    ext = _NOT_D.sub("_", ext.upper())[: 3 if len(ext) > 8 else 8]
    limit = _DIR_MAX if directory else _NAME_MAX - len(ext)
    candidate = stem[:limit]
    if candidate != stem or candidate in taken or f"{candidate}.{ext}" in taken:
        # Too long or clashing: keep the start, end with a short hash of the real name.
        tag = hashlib.sha1(name.encode("utf-8")).hexdigest()[:6].upper()
        candidate = f"{stem[: limit - 7]}_{tag}"
        serial = 0
        while (candidate if directory else f"{candidate}.{ext}") in taken:
            serial += 1
            candidate = f"{stem[: limit - 11]}_{tag}{serial:03d}"
    full = candidate if directory else f"{candidate}.{ext}"
    taken.add(full)
    return full


JOLIET_NAME_MAX = urls.NAME_MAX  # Joliet allows 64 UCS-2 units; pycdlib counts UTF-8 bytes


def joliet_name(name: str) -> str:
    """Return *name* as Windows shows it: whole when it fits, else shortened as a build
    publishes it (`urls.short_name`; Rock Ridge, which Linux and macOS show, keeps it
    whole). A payload's names fit already; this keeps other files' names within Joliet's."""
    return urls.short_name(name)


def _joliet_path(rel: str) -> str:
    return "/" + "/".join(joliet_name(part) for part in rel.split("/"))


@dataclass(frozen=True, slots=True)
class ImageStats:
    files: int
    directories: int
    size: int


def _tree(source: Path) -> tuple[list[str], list[str]]:
    """Return the folders and the files below *source* (POSIX paths relative to it), each
    list sorted; symbolic links are left out and not followed."""
    directories: list[str] = []
    files: list[str] = []
    pending = [("", str(source))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_symlink():
                    continue
                rel = f"{prefix}{entry.name}"
                if entry.is_dir():
                    directories.append(rel)
                    pending.append((f"{rel}/", entry.path))
                else:
                    files.append(rel)
    return sorted(directories), sorted(files)


def write_image(source: Path, image: Path, *, label: str, joliet: str, epoch: int) -> ImageStats:
    """Write every file below *source* into the ISO image *image*; return what it holds.

    Entries are added in sorted order with fixed modes and the dates of *epoch*, so the same
    tree gives the same bytes on any machine, in any time zone. *label* is the ISO 9660
    volume label (`volume_label`), *joliet* the Joliet one (`joliet_label`).
    """
    directories, files = _tree(source)
    iso_names: dict[str, str] = {"": ""}  # real folder → its ISO 9660 path
    taken: dict[str, set[str]] = {}
    import pycdlib
    from pycdlib.utils import encode_space_pad

    with _stopped_clock(epoch):
        disc = pycdlib.PyCdlib()
        disc.new(
            interchange_level=3,
            vol_ident="",
            sys_ident="",
            app_ident_str="GKML",
            joliet=3,
            rock_ridge="1.09",
        )
        # pycdlib takes one label for both descriptors, but Joliet's holds only 16 UCS-2
        # characters while ISO 9660's holds 32 bytes: set each one itself.
        assert disc.pvd is not None and disc.joliet_vd is not None
        disc.pvd.volume_identifier = encode_space_pad(volume_label(label).encode(), 32, "utf-8")
        disc.joliet_vd.volume_identifier = encode_space_pad(
            joliet_label(joliet).encode(), 32, "utf-16_be"
        )
        for rel in directories:
            parent, _, name = rel.rpartition("/")
            iso = f"{iso_names[parent]}/{_mangle(name, directory=True, taken=taken.setdefault(parent, set()))}"
            iso_names[rel] = iso
            disc.add_directory(
                iso_path=iso, rr_name=name, joliet_path=_joliet_path(rel), file_mode=_DIR_MODE
            )
        for rel in files:
            parent, _, name = rel.rpartition("/")
            iso = f"{iso_names[parent]}/{_mangle(name, directory=False, taken=taken.setdefault(parent, set()))};1"
            disc.add_file(
                str(source / rel),
                iso_path=iso,
                rr_name=name,
                joliet_path=_joliet_path(rel),
                file_mode=_FILE_MODE,
            )
        temporary = image.with_name(f".{image.name}.tmp")
        image.parent.mkdir(parents=True, exist_ok=True)
        try:
            with temporary.open("wb") as handle:
                disc.write_fp(handle)
        except BaseException:  # a full disk: no part of an image is left behind
            temporary.unlink(missing_ok=True)
            raise
        disc.close()
    temporary.replace(image)
    return ImageStats(len(files), len(directories), image.stat().st_size)


@dataclass(frozen=True, slots=True)
class DiscFile:
    path: str  # the Rock Ridge path, relative to the disc root
    offset: int  # where its bytes start in the image
    size: int


@dataclass(frozen=True, slots=True)
class DiscListing:
    label: str  # ISO 9660
    joliet_label: str  # "" without Joliet
    files: tuple[DiscFile, ...]


def read_listing(image: Path) -> DiscListing:
    """Return the volume label and every file on the disc with where its bytes lie.

    Names come from Rock Ridge when the disc has it, else from Joliet. Raises pycdlib's
    PyCdlibException or OSError when the image cannot be read.
    """
    import pycdlib

    disc = pycdlib.PyCdlib()
    disc.open(str(image))
    try:
        rock_ridge = bool(disc.has_rock_ridge())
        key = "rr_path" if rock_ridge else "joliet_path"
        block = disc.logical_block_size
        found: list[DiscFile] = []
        pending = [""]
        while pending:
            folder = pending.pop()
            for record in disc.list_children(**{key: folder or "/"}):
                if record.is_dot() or record.is_dotdot():
                    continue
                if rock_ridge and record.rock_ridge is not None:
                    name = record.rock_ridge.name().decode("utf-8", "replace")
                else:
                    name = record.file_identifier().decode("utf-16_be", "replace")
                    name = name.removesuffix(";1")
                path = f"{folder}/{name}"
                if record.is_dir():
                    pending.append(path)
                else:
                    found.append(
                        DiscFile(
                            path[1:], record.extent_location() * block, record.get_data_length()
                        )
                    )
        assert disc.pvd is not None
        label = bytes(disc.pvd.volume_identifier).decode("ascii", "replace").strip()
        jlabel = ""
        if disc.joliet_vd is not None:
            jlabel = bytes(disc.joliet_vd.volume_identifier).decode("utf-16_be", "replace")
    finally:
        disc.close()
    found.sort(key=lambda f: f.path.encode("utf-8"))
    return DiscListing(label, jlabel.strip(), tuple(found))
