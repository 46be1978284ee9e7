"""One walk of content/: every file's version on disk, and the Markdown files among them.

A build asks three questions of content/: did any file change since the last build
(`manifest.input_stamp`), which files are items and pages (`content.content_files`), and
which item files are as the read cache last saw them (`readcache.ReadCache.get`). Three walks
answered them in 0.3 s of a 2 s rebuild at 20,000 items; one walk answers all three.

A file that changes after the walk is seen as it was at the walk by all three, which is what
the build's stamp then records: the next build sees the change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.stamp import CONTENT_DIR, Signature, Walk, content_stamp, walk_content


@dataclass(frozen=True, slots=True)
class ContentScan:
    """What one walk of content/ found."""

    # Every file under content/ (any name; a link followed): site-root path → its signature.
    files: Mapping[str, Signature]
    # The Markdown files, in path order: (site-root path, is a free page). Names and folders
    # starting with a dot are left out, and linked folders are not entered.
    markdown: tuple[tuple[str, bool], ...]
    # Entries that could not be stat'ed (a link to nothing): in no signature, but in the stamp.
    unreadable: tuple[str, ...] = ()
    # Markdown files by another name (`通知.MD` from Windows, `.markdown`): not read, and said.
    misnamed: tuple[str, ...] = ()
    # Names with a character that is not printable (a no-break space, a line break): see
    # `content._layout`, which names those with a control character.
    unprintable: tuple[str, ...] = ()

    @classmethod
    def of(cls, walk: Walk) -> ContentScan:
        """Return the scan that `walk_content`'s result *walk* tells."""
        files, markdown, unreadable, misnamed, unprintable = walk
        return cls(files, tuple(markdown), tuple(unreadable), tuple(misnamed), tuple(unprintable))

    def holds(self, root: Path, target: str) -> bool:
        """Return whether the site-root path *target* (a body's link) is a file of the site at
        *root*: one the walk found, or one beyond it (behind a linked folder)."""
        return target in self.files or is_file(root / target)

    def stamp(self) -> dict[str, Signature]:
        """Return each file's signature: what a build's manifest records
        (`stamp.content_stamp`)."""
        return content_stamp(self.files, self.unreadable)


def is_file(path: Path) -> bool:
    """Return whether *path* is a file: not one when the system cannot look the name up (a
    name of over 255 bytes; a body's link of 160,000 characters stopped the check with a
    traceback, a security review), as when it is missing."""
    try:
        return path.is_file()
    except OSError:
        return False


def leads_to(path: Path) -> Path | None:
    """Return the file the symbolic link *path* leads to, else None: not a link, a loop of
    links or a link to nothing, which reading it reports. One `lstat`; a link is resolved
    only when it is one."""
    if not path.is_symlink():
        return None
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return None
    return real if real.exists() else None


def linked_outside(root: Path, rel: str) -> Path | None:
    """Return where the content file *rel* of the site at *root* leads when it is a symbolic
    link out of content/, else None (a link within content/ is read as the file it leads
    to). gkml reads no such file: a link to a file outside the site was read as an item and
    published, and the check quoted its lines in its messages (a security review)."""
    real = leads_to(root / rel)
    if real is None or real.is_relative_to((root / CONTENT_DIR).resolve()):
        return None
    return real


def is_hidden(rel: str) -> bool:
    """Return whether the site-root path *rel* is hidden: a name on it starts with a dot (the
    walk below leaves such Markdown files out; nothing hidden is published)."""
    return any(part.startswith(".") for part in rel.split("/"))


def is_scratch(name: str) -> bool:
    """Return whether the file *name* is an editor's own, no content: hidden (vim's swap file
    `.办法.md.swp`, Emacs's lock `.#办法.md`), vim's write test (`4913`), a backup (`办法.md~`),
    Emacs's autosave (`#办法.md#`), the owner file Word, Excel and WPS write beside a document
    they open (`~$附件.docx`, holding the name of who opened it), JetBrains' safe-write copies
    (`办法.md___jb_tmp___`). `gkml serve` does not rebuild for them; content/static/ does not
    publish them (a re-walk: a Word owner file went to the site's root)."""
    return (
        is_hidden(name)
        or name.startswith(("#", "~$"))
        or name.endswith(("~", "___jb_tmp___", "___jb_old___"))
        or name == "4913"
    )


def published_as(real: Path, within: Path, prefix: str = "") -> str | None:
    """Return *real*'s path under the resolved folder *within*, after *prefix*, when a link
    to it may publish it (*real*: a path with its links resolved): it lies in *within*, is
    not hidden and is not a Markdown source. None otherwise: a symbolic link in content/ or
    templates/assets/ published a 不予公开 item's source and /etc/hostname (a walk)."""
    if not real.is_relative_to(within):
        return None
    inside = prefix + real.relative_to(within).as_posix()
    if real.suffix.lower() == ".md" or is_hidden(inside):
        return None
    return inside


def scan_content(root: Path, *, stat: bool = True) -> ContentScan:
    """Walk *root*/content once (`stamp.walk_content`); an unreadable folder is left out.
    Without *stat*, only the Markdown files are listed (no file is stat'ed: `files` is
    empty)."""
    return ContentScan.of(walk_content(str(root), stat=stat))
