"""The public theme: Jinja2 templates and static assets, a site's own overriding the default.

A site repository without `templates/` builds with the default theme shipped in the package;
a site's `templates/` replaces templates and assets by name.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any

from generator import stamp, urls
from generator.contentscan import is_hidden, published_as
from generator.diagnostics import unreadable_reason
from generator.edition import hant_path, public_address
from generator.editionpair import BOTH, either
from generator.outcome import BuildError
from generator.stamp import ASSETS, ThemeRead, read_theme

if TYPE_CHECKING:
    import jinja2


def default_theme_dir() -> Path:
    """Return the folder of the default theme (this repository's `templates/`)."""
    return Path(stamp.default_theme_dir())


_CLUTTER = frozenset({"thumbs.db", "desktop.ini"})  # what Windows Explorer leaves


@dataclass(frozen=True, slots=True)
class Theme:
    folders: tuple[Path, ...]  # highest priority first
    fingerprint: str
    # Whether the site has templates of its own (any file of its templates/ but its assets):
    # gkml's own are rendered once for both editions (`editionpair`), a site's twice.
    own_templates: bool = False

    def assets(self) -> Iterator[tuple[str, Path]]:
        """Yield (output path, source file) for every asset, a site's own winning by name.

        Left out, as content/'s walk leaves them: hidden files and folders, what Windows
        leaves in a folder (Thumbs.db, desktop.ini), and a symbolic link to anything outside
        the repository, hidden, or a Markdown source (a walk published /etc/hostname and a
        不予公开 item's source through a link committed in templates/assets/).
        """
        seen: set[str] = set()
        for folder in self.folders:
            base = folder / ASSETS
            if not base.is_dir():
                continue
            # A link may lead anywhere in the site's repository (`templates/assets` →
            # `../brand`, a review), never outside it, to a hidden file or to a source.
            root = folder.parent.resolve()
            for path in sorted(base.rglob("*")):
                rel_path = path.relative_to(base)
                if (
                    not path.is_file()
                    or is_hidden(rel_path.as_posix())
                    or path.name.lower() in _CLUTTER
                ):
                    continue
                if published_as(path.resolve(), root) is None:
                    continue
                rel = f"{ASSETS}/{rel_path.as_posix()}"
                if rel not in seen:
                    seen.add(rel)
                    yield rel, path


def load_theme(site_root: Path, read: ThemeRead | None = None) -> Theme:
    """Return the theme of the site at *site_root* (*read*: `stamp.read_theme`'s result, as
    the launcher found it a moment ago).

    A file of the site's own `templates/` that cannot be read (a link to a file moved or
    deleted, no permission) stops the build with a `BuildError`: building with the default
    theme's file of that name instead would publish a page the site did not ask for.
    """
    try:
        folders, digest, own_templates = read or read_theme(str(site_root))
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else site_root / stamp.TEMPLATES_DIR
        raise _unreadable(where, exc, site_root) from None
    return Theme(tuple(Path(f) for f in folders), digest, own_templates)


def _unreadable(path: Path, exc: OSError, site_root: Path) -> BuildError:
    """Return the build error for a theme file that cannot be read."""
    where = path.relative_to(site_root).as_posix() if path.is_relative_to(site_root) else path
    zh, en = unreadable_reason(exc)
    return BuildError(
        f"模板文件 {where} 无法读取：{zh}。请恢复该文件，或从 templates/ 中删去它以改用默认主题。"
        f"未生成网站，原有网站保持不变。"
        f"\n(theme file {where} cannot be read: {en}. Restore it, or remove it from templates/ "
        f"to use the default theme's. Nothing was built; the previous site is unchanged.)"
    )


# A line's indentation in a page template: what a browser collapses, 732 bytes of the largest
# item page, which its 50 KB budget counts. Where it is not collapsed it stays: in <pre>,
# <textarea>, <script> and <style> (the default theme has no white-space: pre).
_INDENTATION = re.compile(r"^[ \t]+", re.MULTILINE)
_KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
# Part of what compiled code is kept by (Jinja2 keys it by the template's source only): a
# change of what `Unindented` takes out compiles the templates again.
_SOURCE_FORM = "unindented 1\n"


def unindented(source: str) -> str:
    """Return a page template's *source* without its lines' indentation but in <pre>,
    <textarea>, <script> and <style>."""
    out: list[str] = []
    start = 0
    for kept in _KEPT.finditer(source):
        out += (_INDENTATION.sub("", source[start : kept.start()]), kept.group())
        start = kept.end()
    out.append(_INDENTATION.sub("", source[start:]))
    return "".join(out)


def _unindented() -> type[jinja2.ext.Extension]:
    """Return the Jinja2 extension that takes the indentation out of the page templates'
    (`*.html`) lines before they compile: a site's copy of a default template makes the page
    the default one makes."""
    import jinja2.ext

    class Unindented(jinja2.ext.Extension):
        def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
            if filename is None or not filename.endswith(".html"):
                return source
            return unindented(source)

    return Unindented


# The templates this process compiled, by Jinja2's key (the template's name and file): the
# checksum of the source compiled last, and its code. The next build in the process (`gkml
# serve`'s rebuilds, a test run's builds) whose cache folder lacks it takes the code from here.
# Compiling the default theme's templates took 0.10-0.15 s of each build of a new copy of the
# sample site. One source a template: an editor's hundredth edit keeps no code of the others.
_COMPILED: dict[str, tuple[str, CodeType]] = {}


def _compiled_templates(folder: Path) -> jinja2.BytecodeCache:
    """Return Jinja2's bytecode cache in *folder*, for which a damaged or unwritable file only
    means compiling the template (the cache saves time, never decides an output), and a
    template this process compiled already is not compiled again (`_COMPILED`)."""
    import jinja2

    class CompiledTemplates(jinja2.FileSystemBytecodeCache):
        def get_source_checksum(self, source: str) -> str:
            return super().get_source_checksum(_SOURCE_FORM + source)

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # unpickling a damaged file raises many kinds
                bucket.reset()
            known = _COMPILED.get(bucket.key)
            if bucket.code is not None:
                _COMPILED[bucket.key] = (bucket.checksum, bucket.code)
            elif known is not None and known[0] == bucket.checksum:
                bucket.code = known[1]
                self.dump_bytecode(bucket)  # into this folder too, as if compiled here

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            if bucket.code is not None:
                _COMPILED[bucket.key] = (bucket.checksum, bucket.code)
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    return CompiledTemplates(str(folder))


def _url(context: Any, target: str) -> str:
    page, edition, base = context["page_path"], context.get("edition"), context.get("absolute_base")
    if edition == BOTH:  # rendered for both editions: a link that differs is a pair
        link: str = either(
            _link(page, target, base, False), _link(hant_path(page), target, base, True)
        )
        return link
    return _link(page, target, base, edition == "hant")


def _address(context: Any, target: str) -> str:
    """Return the public address of the site-root *target* in the page's edition, which a
    printed page shows after a link to it (`data-gk-address`); "" without base_url."""
    base = context["site"].base_url
    if not base:
        return ""
    edition = context.get("edition")
    if edition == BOTH:
        found: str = either(
            public_address(base, target, hant=False), public_address(base, target, hant=True)
        )
        return found
    return public_address(base, target, hant=edition == "hant")


def _link(page: str, target: str, base: str | None, hant: bool) -> str:
    """Return the link from *page* (in the 繁體 edition: *hant*) to the site-root *target*."""
    if hant and urls.in_each_edition(target):
        target = hant_path(target)  # pages link to pages (and feeds) of their own edition
    if base:  # the 404 page, shown by a server at any depth
        return f"{base}{target}"
    return urls.relative(page, target)


def environment(theme: Theme, compiled: Path | None = None) -> jinja2.Environment:
    """Return the Jinja2 environment: strict, autoescaping, with the `url()` link helper and
    `address()`, a target's public address (printed after a link to it).

    With *compiled* (a folder in the build cache), each template's compiled code is kept
    there and used again while its source is the same (Jinja2's bytecode cache): a rebuild
    then does not compile the theme (about 60 ms of a rebuild that renders a page: compiling,
    and importing Jinja2's compiler)."""
    import jinja2  # here: a rebuild that renders no template does without it (35 ms)

    env = jinja2.Environment(
        bytecode_cache=None if compiled is None else _compiled_templates(compiled),
        # utf-8-sig: a template Notepad saved with a byte-order mark would put it into pages
        # (an IT person's walk found it at the head of index.html).
        loader=jinja2.FileSystemLoader([str(f) for f in theme.folders], encoding="utf-8-sig"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
        # A build makes its own environment and the templates do not change during it: no
        # file-system check on every get_template (each page and each {% from %} import).
        auto_reload=False,
        extensions=[_unindented()],
    )
    env.globals["url"] = jinja2.pass_context(_url)
    env.globals["address"] = jinja2.pass_context(_address)
    return env
