"""What a build is made from and what it left, read with the standard library alone.

A build first asks whether anything changed since the last one: gkml's code and the
installed libraries, the theme, catalog.yml, the day and the options (one digest), every file
under content/ and every other file the last build read (size, times and inode), and
whether the output still holds the files the last build wrote. When
nothing did, `gkml build` answers from here (`launcher`) before the rest of gkml is imported:
importing gkml takes 0.1 s, and the whole answer takes 0.03 s at 1,000 items. The full build
asks the same questions through the same functions.

So this module imports nothing but the standard library's quick modules (not `re`,
`pathlib`, `dataclasses` or `typing`: 40 ms between them) and works on str paths.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys

from generator import __version__

TYPE_CHECKING = False  # typing's own import costs 10 ms; mypy reads the block below
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

CONTENT_DIR = "content"
PAGES_DIR = "pages"
STATIC_DIR = "static"  # content/static/: files published as they are at the site's root
CACHE_DIR = ".gkml-cache"  # beside content/: the read cache, the manifests, the search cache
CONFIG_FILE = "catalog.yml"
HOME = "index.html"  # the output's home page (also `urls.HOME`)
TEMPLATES_DIR = "templates"  # a site's own theme, beside content/
ASSETS = "assets"  # a theme's static files
_MARKDOWN_ELSE = (".markdown", ".mdown")  # and `.md` in any case but lower

Signature = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
# `walk_content`'s result: signatures, Markdown files, unreadable entries, misnamed files.
Walk = tuple[dict[str, Signature], list[tuple[str, bool]], list[str], list[str], list[str]]
# `read_theme`'s result: the theme's folders, their digest, whether the site has templates.
ThemeRead = tuple[list[str], str, bool]

_code: list[str] = []  # the code's digest, once a process


def code_fingerprint() -> str:
    """Return a digest of gkml's own code: a changed gkml never reuses an old result."""
    if not _code:
        package = os.path.dirname(os.path.abspath(__file__))
        digest = hashlib.sha256(__version__.encode())
        for rel, path in _tree_files(package, lambda name: name.endswith(".py")):
            with open(path, "rb") as source:
                _add(digest, os.fsencode(rel), source.read())
        _add(digest, *(name.encode() for name in _installed()))
        _code.append(digest.hexdigest())
    return _code[0]


def _add(digest: Any, *parts: bytes) -> None:
    """Add each of *parts* to *digest* after its length: ("x", "yz") and ("xy", "z") differ."""
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)


def _installed() -> list[str]:
    """Return the installed distributions beside gkml's Python (their `*.dist-info` names:
    name and version), sorted: Jinja2, Comrak, OpenCC or the holiday calendar upgraded make
    other pages."""
    names: set[str] = set()
    for entry in sys.path:
        if os.path.basename(entry) in ("site-packages", "dist-packages"):
            try:
                names.update(n for n in os.listdir(entry) if n.endswith(".dist-info"))
            except OSError:
                continue
    return sorted(names)


def default_theme_dir() -> str:
    """Return the folder of the default theme (this repository's `templates/`)."""
    here = os.path.dirname(__file__)
    packaged = os.path.join(here, "_theme")  # where the wheel puts it
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), TEMPLATES_DIR)


def read_theme(root: str) -> ThemeRead:
    """Return the theme folders of the site *root* (its own `templates/` first, when it has
    one, then the default theme), a digest of every file in them, and whether the site's own
    folder holds a template (any file but its assets and hidden ones).

    A file that cannot be read raises OSError naming it (a link to nothing among them, or a
    `templates` that is one); a folder, device or pipe is not a template.
    """
    folders = [default_theme_dir()]
    own = os.path.join(root, TEMPLATES_DIR)
    if os.path.islink(own) and not os.path.exists(own):
        raise FileNotFoundError(2, "No such file or directory", own)
    if os.path.isdir(own) and os.path.realpath(own) != os.path.realpath(folders[0]):
        folders.insert(0, own)
    digest = hashlib.sha256()
    own_templates = False
    for folder in folders:
        # A linked folder is followed: Jinja2 reads a template through it.
        for rel, path in _tree_files(folder, lambda name: True, follow=True):
            if not os.path.isfile(path) and os.path.exists(path):
                continue  # a device or pipe; a broken link is read, and raises
            with open(path, "rb") as source:
                data = source.read()
            _add(digest, os.fsencode(rel), data)
            hidden = any(part.startswith(".") for part in rel.split("/"))  # .DS_Store, .gitkeep
            if folder == own and not rel.startswith(f"{ASSETS}/") and not hidden:
                own_templates = True
    return folders, digest.hexdigest(), own_templates


def _tree_files(
    root: str, wanted: Callable[[str], bool], *, follow: bool = False
) -> list[tuple[str, str]]:
    """Return (path relative to *root*, path) of every entry under *root* that is not a
    folder and whose name is *wanted*, sorted as paths sort (part by part). Linked folders
    are entered when *follow* (each real folder once: a link to a parent ends there), else
    left out; an unreadable folder is left out."""
    found: list[tuple[tuple[str, ...], str]] = []
    pending: list[tuple[tuple[str, ...], str]] = [((), root)]
    seen = {os.path.realpath(root)}
    while pending:
        parts, folder = pending.pop()
        for entry in _listing(folder):
            try:
                folder_like = entry.is_dir()  # follows a link
            except OSError:
                folder_like = False
            if folder_like:
                if not entry.is_symlink():
                    pending.append(((*parts, entry.name), entry.path))
                elif follow and (real := os.path.realpath(entry.path)) not in seen:
                    seen.add(real)
                    pending.append(((*parts, entry.name), entry.path))
            elif wanted(entry.name):
                found.append(((*parts, entry.name), entry.path))
    found.sort()
    return [("/".join(parts), path) for parts, path in found]


def _listing(folder: str) -> list[os.DirEntry[str]]:
    """Return the entries of *folder*; none when it cannot be listed (left out of a walk)."""
    try:
        with os.scandir(folder) as listing:
            return list(listing)
    except OSError:
        return []


def walk_content(root: str, *, stat: bool = True) -> Walk:
    """Walk *root*/content once; an unreadable folder is left out. Return every file's
    signature (without *stat*: none), the Markdown files (site-root path, is a free page) in
    path order, the entries that could not be stat'ed, the Markdown files by another name,
    and the files whose name has a character that is not printable (a control character
    among them, `content._layout`). See `contentscan.ContentScan`."""
    # Each folder: its path on disk, its site-root path with a slash, whether it is (in) a
    # dot-named folder, whether it is (in) the free pages' folder. What a file needs is
    # worked out once a folder: the stat calls are the walk's only cost a file (20,000 files:
    # 0.09 s of system calls, and 0.07 s of Python when each path was cut and joined).
    pending: list[tuple[str, str, bool, bool]] = [
        (os.path.join(root, CONTENT_DIR), f"{CONTENT_DIR}/", False, False)
    ]
    files: dict[str, Signature] = {}
    markdown: list[tuple[str, bool]] = []
    unreadable: list[str] = []
    misnamed: list[str] = []
    unprintable: list[str] = []
    while pending:
        folder, rel_folder, hidden, pages = pending.pop()
        for entry in _listing(folder):
            name = entry.name
            if entry.is_dir(follow_symlinks=False):
                in_pages = pages or (rel_folder == f"{CONTENT_DIR}/" and name == PAGES_DIR)
                # No Markdown file is read in a dot-named folder, nor in content/static/,
                # whose files are published as they are (`rootfiles`).
                dotted = (
                    hidden
                    or name.startswith(".")
                    or (rel_folder == f"{CONTENT_DIR}/" and name == STATIC_DIR)
                )
                pending.append((entry.path, f"{rel_folder}{name}/", dotted, in_pages))
                continue
            rel = rel_folder + name
            if not rel.isprintable():  # without `re`: it is rare, and looked at again later
                unprintable.append(rel)
            if stat:
                try:
                    st = entry.stat()
                except OSError:  # a broken link: no signature; reading it reports the problem
                    unreadable.append(rel)
                else:
                    files[rel] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            if hidden or name.startswith("."):
                continue
            if name.endswith(".md"):
                if not (entry.is_symlink() and entry.is_dir()):  # a link to a folder
                    markdown.append((rel, pages))
            elif name.lower().endswith((".md", *_MARKDOWN_ELSE)):
                misnamed.append(rel)
    markdown.sort()
    unreadable.sort()
    misnamed.sort()
    unprintable.sort()
    return files, markdown, unreadable, misnamed, unprintable


class Look:
    """What the first step (`launcher`) found of a build it could not answer: the theme, the
    content walk and the last build's manifest, handed to the full build so that it does not
    read them again (0.2 s at 20,000 items). A plain class: importing dataclasses costs 15 ms."""

    __slots__ = ("manifest", "out", "root", "theme", "walk")

    def __init__(
        self,
        root: str,
        out: str,
        theme: ThemeRead,
        walk: Walk,
        manifest: dict[str, Any],
    ) -> None:
        self.root = root  # the site folder as pathlib prints it
        self.out = out  # the output folder, resolved
        self.theme = theme  # `read_theme`'s result
        self.walk = walk  # `walk_content`'s result
        self.manifest = manifest  # `load_manifest`'s result

    def of(self, root: str, out: str) -> bool:
        """Return whether this is what was found of the build of *root* into *out*."""
        return (self.root, self.out) == (root, out)


NO_FILE: Signature = (-1, -1, -1, -1)  # a file that is not there, or cannot be stat'ed


def content_stamp(
    files: Mapping[str, Signature], unreadable: list[str] | tuple[str, ...]
) -> dict[str, Signature]:
    """Return each content file's signature: what a build's manifest records. Its size and
    modification time, which tools that keep times can restore (`touch -r`, `rsync -t`,
    `cp -p`), and its change time and inode, which they cannot. A file that cannot be read
    has (-1, -1, -1, -1): its coming, going or mending is a change."""
    found = dict(files)
    found.update(dict.fromkeys(unreadable, NO_FILE))
    return found


def probe(root: str, paths: list[str] | tuple[str, ...]) -> dict[str, Signature]:
    """Return the signature of each of *paths* (site-root paths), (-1, -1, -1, -1) for one
    that is not there: the files a build read besides content/'s own (an attachment kept
    outside content/, or behind a linked folder in it)."""
    found: dict[str, Signature] = {}
    for rel in paths:
        try:
            st = os.stat(os.path.join(root, rel))
        except (OSError, ValueError):
            found[rel] = NO_FILE
        else:
            found[rel] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    return found


def options_digest(
    root: str, theme: str, day: str, today: str, search_index: bool, archived: bool
) -> str:
    """Return the digest of gkml's code, the *theme*'s fingerprint, catalog.yml, the day,
    SOURCE_DATE_EPOCH and the options: a change to any of them is a change to the build."""
    digest = hashlib.sha256(code_fingerprint().encode())
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    options = f"{day}\0{today}\0{epoch}\0{theme}\0{search_index}\0{archived}\0"
    digest.update(options.encode())
    try:
        with open(os.path.join(root, CONFIG_FILE), "rb") as config:
            digest.update(config.read())
    except OSError:  # none, or unreadable: the check says so
        pass
    return digest.hexdigest()


def manifest_path(root: str, out: str) -> str:
    """Return where the manifest of builds of the site *root* into *out* (resolved) is kept."""
    name = hashlib.sha256(os.fsencode(out)).hexdigest()[:12]  # not UTF-8: as named
    return os.path.join(root, CACHE_DIR, f"manifest-{name}.marshal")


def load_manifest(path: str) -> dict[str, Any]:
    """Return the last build's manifest (marshal: a tenth of JSON's time), {} when unreadable."""
    try:
        with open(path, "rb") as stored:
            data = marshal.loads(stored.read())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def folders(root: str) -> list[tuple[str, str, list[str]]]:
    """Return (path relative to *root*, path, file names) of *root* and every folder under
    it, parents before children; linked folders are files here (never followed)."""
    found: list[tuple[str, str, list[str]]] = []
    pending = [("", root)]
    while pending:
        rel, folder = pending.pop()
        names: list[str] = []
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((f"{rel}/{entry.name}" if rel else entry.name, entry.path))
                else:
                    names.append(entry.name)
        found.append((rel, folder, names))
    return found


def files_under(root: str) -> set[str]:
    """Return the paths of the files under *root*, relative to it."""
    return {f"{rel}/{name}" if rel else name for rel, _, names in folders(root) for name in names}


def output_intact(data: Mapping[str, Any], out: str) -> bool:
    """Return whether *out* (resolved) holds the files of the manifest *data*, no more and no
    fewer. A file removed from (or added to) the output by hand is made again (or removed) by
    a build: listing the output is cheap (20,000 items, 43,856 files: 0.03 s)."""
    files = data.get("files")
    if data.get("out") != out or not isinstance(files, dict) or not os.path.isdir(out):
        return False
    try:
        found = files_under(out)
    except OSError:
        return False
    return found == files.keys() and _home_as_built(out, files)


def _home_as_built(out: str, files: Mapping[str, Any]) -> bool:
    """Return whether the home page in *out* has the SHA-256 the manifest *files* gives it:
    another site built into the same folder (two checkouts deploying to one place) leaves
    the same names with other pages."""
    entry = files.get(HOME)
    try:
        with open(os.path.join(out, HOME), "rb") as page:
            digest = hashlib.sha256(page.read()).hexdigest()
    except OSError:
        return False
    return isinstance(entry, tuple | list) and len(entry) > 1 and entry[1] == digest


def up_to_date(
    data: Mapping[str, Any], root: str, out: str, options: str, files: Mapping[str, Signature]
) -> bool:
    """Return whether the last build (its manifest *data*) of the site *root* saw exactly
    these inputs (*options*, content/'s *files*, the other files it read) and its output
    *out* is there as it left it."""
    last = data.get("stamp")
    if not isinstance(last, dict) or last.get("options") != options:
        return False
    if last.get("files") != files:
        return False
    probed = last.get("probed")
    if not isinstance(probed, dict) or probe(root, list(probed)) != probed:
        return False
    return output_intact(data, out)
