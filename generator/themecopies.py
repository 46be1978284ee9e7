"""A site's copies of the default theme's files, and whether gkml's own changed since.

theme.md has a site copy `base.html` or `assets/gkml.css` into its `templates/` to change
them. When gkml is upgraded and its own file changes (a new footer link, the search page's
stylesheet, the phone's navigation), the site's copy goes on being used as it was, and
nothing said so (an IT person's walk: the search page lost its stylesheet, a button of the new
navigation showed unstyled). The build cache keeps, for each copy, the default file's SHA-256
and the copy's as they were when the copy last changed; while the copy stays the same and the
default file does not, the build says which copies to compare with gkml's new files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from generator.stamp import TEMPLATES_DIR
from generator.theme import default_theme_dir

RECORD = "theme-copies.json"  # in the build cache


def stale_copies(root: Path, cache: Path) -> list[str]:
    """Return the files of the site's templates/ whose default counterpart changed since the
    copy last changed, and keep the record of what each pair is now."""
    own = root / TEMPLATES_DIR
    default = default_theme_dir()
    if not own.is_dir() or own.resolve() == default.resolve():
        return []
    try:
        before = json.loads((cache / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    record: dict[str, list[str]] = {}
    stale: list[str] = []
    for path in sorted(own.rglob("*")):
        rel = path.relative_to(own).as_posix()
        ours = default / rel
        if not path.is_file() or not ours.is_file():
            continue  # a file of the site's own, not a copy of gkml's
        pair = [_sha(ours), _sha(path)]
        then = before.get(rel)
        if not isinstance(then, list) or len(then) != 2 or then[1] != pair[1]:
            record[rel] = pair  # first seen, or the copy changed: compared from now on
            continue
        record[rel] = then
        if then[0] != pair[0]:
            stale.append(f"{TEMPLATES_DIR}/{rel}")
    with contextlib.suppress(OSError):  # the note is a courtesy, never a failed build
        cache.mkdir(parents=True, exist_ok=True)
        (cache / RECORD).write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
    return stale


def stale_note(stale: list[str]) -> str:
    """Return what the build says of the site's copies that an upgrade left behind."""
    names = "、".join(stale)
    return (
        f"注意：升级后 gkml 的默认主题中与 {names} 同名的文件已有改动，本站的副本还是原来的："
        "请对照新版（见使用手册“定制网站外观”），把新的改动并入副本，或删去副本改用默认主题。"
        f"(Note: gkml's own files by the names of {', '.join(stale)} changed in the upgrade; "
        "the site's copies did not: compare them with the new ones, see the handbook's theme "
        "page.)"
    )


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
