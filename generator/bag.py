"""BagIt bags (RFC 8493): write one deterministically, read its manifests back.

gkml writes the bag itself instead of calling `bagit.make_bag` (PyPI bagit 1.9.0), because
that function lists tag files in `os.listdir` order (file-system order, so the tag manifest's
bytes differ between machines), changes the process's working folder while it runs and moves
the payload in place. The files written here follow the same RFC and are checked against
`bagit.Bag.validate` in the tests. Every file is sorted by path, LF line ends, UTF-8.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PAYLOAD_DIR = "data"
BAGIT_TXT = "bagit.txt"
BAG_INFO = "bag-info.txt"
ALGORITHM = "sha256"
MANIFEST = f"manifest-{ALGORITHM}.txt"
TAG_MANIFEST = f"tagmanifest-{ALGORITHM}.txt"
ALGORITHMS = ("sha512", "sha256", "sha1", "md5")  # read in this order of preference
_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class Digest:
    path: str  # relative to the bag root, POSIX separators
    sha: str
    size: int


def hash_file(path: Path, algorithm: str = ALGORITHM) -> tuple[str, int]:
    """Return the hex digest and the size of the file at *path*."""
    digest = hashlib.new(algorithm)
    size = 0
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def hash_files(
    root: Path, paths: Sequence[str], algorithm: str = ALGORITHM, workers: int | None = None
) -> list[Digest]:
    """Return the digest of each of *paths* (relative to *root*), in the order given.

    hashlib releases the GIL while it hashes, so threads use every core.
    """

    def one(rel: str) -> Digest:
        sha, size = hash_file(root / rel, algorithm)
        return Digest(rel, sha, size)

    from concurrent.futures import ThreadPoolExecutor  # here: not for every gkml command

    with ThreadPoolExecutor(max_workers=workers or min(8, (os.cpu_count() or 1) + 1)) as pool:
        return list(pool.map(one, paths, chunksize=64))


def walk_files(root: Path, under: str = "") -> list[str]:
    """Return every file below *root*/*under* as sorted POSIX paths relative to *root*."""
    found: list[str] = []
    pending = [root / under if under else root]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                else:
                    found.append(Path(entry.path).relative_to(root).as_posix())
    return sorted(found, key=_sort_key)


def _sort_key(path: str) -> bytes:
    return path.encode("utf-8")


def encode_path(path: str) -> str:
    """Return *path* as a manifest writes it (RFC 8493 2.1.3: %, CR and LF percent-encoded)."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def decode_path(text: str) -> str:
    """Return the path a manifest line names (the inverse of `encode_path`)."""
    return (
        text.replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%25", "%")
    )


def manifest_text(digests: Iterable[Digest]) -> bytes:
    """Return a manifest: one `digest  path` line per file, sorted by path."""
    lines = [
        f"{d.sha}  {encode_path(d.path)}\n"
        for d in sorted(digests, key=lambda d: _sort_key(d.path))
    ]
    return "".join(lines).encode("utf-8")


def bag_info_text(fields: Sequence[tuple[str, str]]) -> bytes:
    """Return bag-info.txt with *fields* in the order given (a label may repeat)."""
    lines = []
    for label, value in fields:
        if ":" in label or "\n" in label or "\n" in value:
            raise ValueError(f"bad bag-info field {label!r}: {value!r}")
        lines.append(f"{label}: {value}\n")
    return "".join(lines).encode("utf-8")


BAGIT_DECLARATION = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


def payload_oxum(digests: Iterable[Digest]) -> str:
    """Return the Payload-Oxum: total bytes, a dot, the number of files."""
    total = 0
    count = 0
    for d in digests:
        total += d.size
        count += 1
    return f"{total}.{count}"


def write_tag_files(bag: Path, files: Mapping[str, bytes]) -> list[Digest]:
    """Write tag files (name → bytes) at the bag root; return their digests."""
    digests = []
    for name, data in sorted(files.items()):
        target = bag / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        digests.append(Digest(name, hashlib.sha256(data).hexdigest(), len(data)))
    return digests


_MANIFEST_LINE = re.compile(r"([0-9A-Fa-f]+)[ \t]+(.+)", re.DOTALL)


def read_manifest(text: str) -> dict[str, str]:
    """Return path → digest from a manifest's text; raise ValueError on a malformed line."""
    entries, malformed = read_manifest_lines(text)
    if malformed:
        number, line = malformed[0]
        raise ValueError(f"line {number}: {line!r}")
    return entries


def read_manifest_lines(text: str) -> tuple[dict[str, str], list[tuple[int, str]]]:
    """Return path → digest from a manifest's text, and the (number, text) of each line that
    is not one, so that one bad line leaves the others to be checked. A byte order mark
    (Windows Notepad's) before the first line is passed over."""
    entries: dict[str, str] = {}
    malformed: list[tuple[int, str]] = []
    # Lines end in LF or CRLF only: a file name may hold U+2028 or a form feed, which
    # str.splitlines() would take for line ends. RFC 8493 allows spaces or tabs after the digest.
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        entry = _MANIFEST_LINE.fullmatch(line)
        if entry is None:
            malformed.append((number, line))
            continue
        entries[decode_path(entry.group(2).lstrip("*"))] = entry.group(1).lower()
    return entries, malformed


def read_bag_info(text: str) -> list[tuple[str, str]]:
    """Return the (label, value) pairs of bag-info.txt; continuation lines are joined."""
    fields: list[tuple[str, str]] = []
    for line in text.splitlines():
        if line[:1] in (" ", "\t") and fields:
            label, value = fields[-1]
            fields[-1] = (label, f"{value} {line.strip()}")
            continue
        label, sep, value = line.partition(":")
        if sep:
            fields.append((label.strip(), value.strip()))
    return fields


def manifests_in(names: Iterable[str]) -> Iterator[tuple[str, str, bool]]:
    """Yield (name, algorithm, is_tag) for each manifest file among *names*."""
    for name in sorted(names):
        for prefix, tag in (("manifest-", False), ("tagmanifest-", True)):
            if name.startswith(prefix) and name.endswith(".txt"):
                algorithm = name[len(prefix) : -len(".txt")]
                if algorithm in ALGORITHMS:
                    yield name, algorithm, tag
