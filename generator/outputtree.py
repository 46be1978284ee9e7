"""The output tree: a new site is staged beside the old one, then swapped in whole.

The staging folder starts as hard links to the files of the previous build; a file whose
bytes change replaces its link (the previous site is never modified). The swap leaves the
output before beside the new one (`previous_tree`), and the next build starts from it. A
body patch changes a few files: it writes them all beside their places first, then renames
each into place (`replace_files`), without staging the tree.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from generator import stamp, urls
from generator.diagnostics import unreadable_reason, unwritable_reason
from generator.outcome import BuildError

_PIECE = 1 << 20  # bytes copied at a time
_NEW_FILE = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)


def put(staging: Path, path: str, data: bytes, old_sha: str | None, sha: str) -> bool:
    """Write *data* at *path* unless the file there already has these bytes."""
    target = staging / path
    if old_sha == sha and target.is_file():
        return False
    with os.fdopen(_created(target), "wb") as written:
        written.write(data)
    return True


def copy_in(staging: Path, path: str, source: Path) -> tuple[str, int]:
    """Copy the file *source* to *path* in pieces (never held whole: an attachment may be
    hundreds of MB); return the SHA-256 and the size of the bytes copied."""
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as read, os.fdopen(_created(staging / path), "wb") as written:
        while piece := read.read(_PIECE):
            digest.update(piece)
            written.write(piece)
            size += len(piece)
    return digest.hexdigest(), size


def _created(target: Path) -> int:
    """Return a handle on *target* created new, for writing."""
    # Created new, never written through: the file there may be a hard link to the previous
    # build's. The folder is made, or the old file unlinked, only when the creation says so
    # (a cold build writes 44,000 files: two failing system calls each were 2 % of it).
    name = os.fspath(target)
    try:
        return os.open(name, _NEW_FILE, 0o666)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        return os.open(name, _NEW_FILE, 0o666)
    except FileExistsError:
        target.unlink()  # break the hard link to the previous build's file
        return os.open(name, _NEW_FILE, 0o666)


def replace_files(
    out: Path, changed: Iterable[tuple[str, bytes]], before_renames: Callable[[], None]
) -> None:
    """Put each (path, bytes) of *changed* in place in *out*: every new file is written
    beside its place first, then each is renamed over the old one. A failed write (a full
    disk) leaves *out* as it was; the renames are what a swap does, one file each, after
    *before_renames* (what must be done before *out* changes). The old file's inode, which
    the previous tree may share (`stage`), is left unchanged."""
    written: list[tuple[Path, Path]] = []
    try:
        for path, data in changed:
            target = out / path
            temporary = target.with_name(f"{target.name}.gkml-new")
            written.append((temporary, target))
            temporary.write_bytes(data)
    except BaseException:
        for temporary, _target in written:
            with contextlib.suppress(OSError):
                temporary.unlink()
        raise
    before_renames()
    for temporary, target in written:
        temporary.replace(target)


def among_sources(root: Path, path: Path) -> bool:
    """Return whether *path* (resolved, like *root*) is in the site's content/ or templates/,
    or is its catalog.yml: no output may go there (a build would read it back as input)."""
    if path == root / "catalog.yml":
        return True
    return any(path.is_relative_to(root / folder) for folder in ("content", "templates"))


def stopped(exc: OSError, site: Path, out: Path, what_zh: str, what_en: str) -> str:
    """Return the one-line message of a command that the file system stopped: the path, why,
    and what was (not) done. A path among the site's sources (`among_sources`) was being
    read; any other (the output, the build cache) written. An error that names no file (a
    full disk while writing) names the output folder *out*."""
    where = str(exc.filename or out)
    if where and among_sources(site.resolve(), Path(where).resolve()):
        zh, en = unreadable_reason(exc)
        return f"无法读取 {where}：{zh}。{what_zh} (cannot read {where}: {en}. {what_en})"
    zh, en = unwritable_reason(exc)
    return f"无法写入 {where}：{zh}。{what_zh} (cannot write {where}: {en}. {what_en})"


def leads_round(path: Path) -> bool:
    """Return whether *path* is, or goes through, a symbolic link that leads back to itself.
    Python 3.11 and 3.12 raise RuntimeError at such a loop; from 3.13 a strict `resolve`
    raises OSError (ELOOP) and a lax one returns the path unresolved (the check of `--out`
    missed the loop there, and the build stopped later with a less helpful message)."""
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return True
    except OSError as exc:  # a missing folder is no loop: the build makes it
        return exc.errno == errno.ELOOP
    return False


def file_in_the_way(path: Path) -> Path | None:
    """Return *path*, or the first folder on the way to it, where it is something other than
    a folder (a file): no output folder can be made there."""
    return next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), None)


def guard_output(root: Path, out: Path) -> None:
    cache = out.is_relative_to(root / stamp.CACHE_DIR)  # each build clears what it finds there
    if out == root or root.is_relative_to(out) or among_sources(root, out) or cache:
        raise BuildError(
            f"输出目录 {out} 不能是网站目录本身、它的上级，或在 content/、templates/、"
            f"{stamp.CACHE_DIR}/ 之内 (the output folder cannot be the site, a parent of it, or"
            f" inside content/, templates/ or {stamp.CACHE_DIR}/)"
        )
    # A file where the output folder would go was moved aside as "the output before", and
    # deleted by the next build: `--out README.md` lost the file (a walk of odd --out values).
    blocking = file_in_the_way(out)
    if blocking is not None:
        at = "" if blocking == out else f"所在的 {blocking} "
        at_en = "" if blocking == out else f", on the way to {out},"
        raise BuildError(
            f"输出目录 {out} {at}是一个文件，不是文件夹；gkml 不会替换它，请换一个输出目录"
            f" ({blocking}{at_en} is a file, not a folder; gkml will not replace it: choose"
            " another output folder)"
        )
    if out.is_dir() and any(out.iterdir()) and not (out / urls.HOME).is_file():
        raise BuildError(
            f"输出目录 {out} 已有其他文件，gkml 不会替换它；请换一个目录或先清空"
            f" ({out} holds other files; gkml will not replace it: choose another folder)"
        )


def clear(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


_FILE_THREADS = 4  # linking is a system call per file: a few threads overlap them


def link_tree(source: Path, target: Path) -> frozenset[str]:
    """Fill *target* with hard links to every file under *source* (copies where links fail);
    return the files' paths relative to *target*. Folder by folder, in a few threads: 42,876
    files took 0.81-0.88 s in one thread, 0.57-0.65 s in four (removing a tree that way was
    no faster than shutil.rmtree)."""
    folders = stamp.folders(str(source))
    for rel, _folder, _names in folders:
        (target / rel if rel else target).mkdir(parents=True, exist_ok=True)

    def link(folder: tuple[str, str, list[str]]) -> list[str]:
        rel, path, names = folder
        into = f"{target}/{rel}" if rel else str(target)  # strs: no Path made per file
        for name in names:
            _link_file(f"{path}/{name}", f"{into}/{name}")
        return [f"{rel}/{name}" if rel else name for name in names]

    from concurrent.futures import ThreadPoolExecutor  # here: most builds mirror a tree

    with ThreadPoolExecutor(_FILE_THREADS) as pool:
        return frozenset(p for linked in pool.map(link, folders) for p in linked)


def remove_stale(staging: Path, present: frozenset[str], keep: Iterable[str]) -> int:
    """Remove the files of the previous build (*present*) that this one did not *keep*, and
    the folders they leave empty."""
    stale = present.difference(keep)
    folders: set[str] = set()
    for path in stale:
        (staging / path).unlink()
        folder = path.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
        with contextlib.suppress(OSError):  # not empty: it holds files of this build
            (staging / folder).rmdir()
    return len(stale)


def replaced_count(out: Path, keep: Iterable[str]) -> int:
    """Return how many files of *out* a build without a manifest of it (a copied folder, a
    build stopped before its manifest) replaces with a tree that does not *keep* them: its
    summary had said "removed 0" and the files were gone (an editor's walk)."""
    if not out.is_dir():
        return 0
    return len(stamp.files_under(str(out)).difference(keep))


def previous_tree(out: Path) -> Path:
    """Return where the output before the last one stays: beside *out*, hidden."""
    return out.with_name(f".{out.name}.old")


def stage(out: Path, staging: Path, previous: bool) -> frozenset[str]:
    """Make *staging* hold a hard link to every file of *out* (nothing without a *previous*
    build to start from); return the files' paths.

    The output before the last one, which the last swap left beside *out*, shares the inodes
    of every file the last build did not change: it becomes the staging folder, and only the
    files that differ from *out* are linked again (20,000 items: about 0.1 s instead of 0.6 s
    to link 42,876 files, and no 0.45 s to remove the old tree at the swap).
    """
    clear(staging)
    old = previous_tree(out)
    if not previous:
        clear(old)
        staging.mkdir(parents=True)
        return frozenset()
    if old.is_dir() and not old.is_symlink():
        old.rename(staging)
        return mirror_tree(out, staging)
    clear(old)
    return link_tree(out, staging)


def mirror_tree(source: Path, target: Path) -> frozenset[str]:
    """Make *target* hold the files of *source* as hard links, keeping the entries that are
    links to the same file already (same inode, as the directory listing gives it: no stat);
    return the files' paths relative to *target*."""
    found: list[str] = []
    pending = [""]
    while pending:
        rel = pending.pop()
        here, there = f"{source}/{rel}", f"{target}/{rel}"
        with os.scandir(here) as entries:
            wanted = {e.name: e for e in entries}
        try:
            with os.scandir(there) as entries:
                have = {e.name: e for e in entries}
        except FileNotFoundError:
            Path(there).mkdir(parents=True)
            have = {}
        for name, entry in have.items():
            new = wanted.get(name)
            is_dir = entry.is_dir(follow_symlinks=False)
            if new is None or new.is_dir(follow_symlinks=False) != is_dir:
                clear(Path(entry.path))  # gone, or a file where a folder is (or the reverse)
            elif not is_dir and not _same_file(new, entry):
                clear(Path(entry.path))  # another file by that name: linked below
        for name, entry in wanted.items():
            path = f"{rel}/{name}" if rel else name
            if entry.is_dir(follow_symlinks=False):
                pending.append(path)
                continue
            found.append(path)
            kept = have.get(name)
            if kept is not None and _same_file(entry, kept):
                continue
            _link_file(entry.path, f"{there}/{name}")
    return frozenset(found)


def _link_file(source: str, destination: str) -> None:
    """Hard-link *source* as *destination*; copy it where the file system has no links."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _same_file(a: os.DirEntry[str], b: os.DirEntry[str]) -> bool:
    """Return whether two directory entries are links to one file (0: an unknown inode)."""
    return a.inode() == b.inode() != 0


def seed_previous(out: Path) -> None:
    """After a first build (no output before it), leave a copy of the output beside it, as
    every later build leaves the output before: the next build starts from it (20,000 items:
    linking 43,856 files, 0.5 s, in the first build instead of the next). Failing costs the
    next build that time only."""
    old = previous_tree(out)
    with contextlib.suppress(OSError):
        link_tree(out, old)
    if old.is_dir():
        _closed(old)


# The output before the last stays beside the output: built straight into a web server's
# folder (`--out /var/www/xxgk`), `.xxgk.old/` was served, withdrawn pages and all (a
# maintainer's walk). Its folder is closed to other users (a server runs as its own), and
# the handbook's server settings refuse hidden paths.
_OWNER_ONLY = 0o700


def _closed(old: Path) -> None:
    """Keep the output before the last out of git (the next build's mirror removes the
    .gitignore) and close it to other users, where the disk and its owner allow (the
    handbook's server settings refuse hidden paths all the same)."""
    with contextlib.suppress(OSError):
        (old / ".gitignore").write_text("*\n", encoding="utf-8")
    with contextlib.suppress(OSError):
        old.chmod(_OWNER_ONLY)


def swap(staging: Path, out: Path) -> None:
    """Put *staging* in the place of *out*; the old output stays beside it, hidden, as the
    next build's staging folder (see `stage`)."""
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        staging.rename(out)
        return
    mode = out.stat().st_mode & 0o7777
    old = previous_tree(out)
    clear(old)
    out.rename(old)
    staging.rename(out)
    with contextlib.suppress(OSError):  # the new site is in place: this must not fail the build
        out.chmod(mode)  # the staging folder was the closed old one (`stage`)
    _closed(old)
