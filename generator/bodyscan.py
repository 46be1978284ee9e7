"""What a body pasted from an old website or a word processor does on the page that its editor
did not mean, found before the public sees it (a migration walk: each passed the check and
came out wrong, and only opening every page showed it):

- GK132: a paragraph indented by a tab or four spaces (a first-line indent) is a code box in
  Markdown: monospace, unwrapped, cut at a phone's edge;
- GK133: an image on another website (`http://old-site/…/image001.png`) is never shown: the
  pages load the site's own files only (their Content-Security-Policy), and a disc has no
  network;
- GK134: a `javascript:` link is no link on the page (the sanitizer drops the address);
- GK135: an address starting with `/` points at the root of whatever server holds the page:
  it fails from a disc and from a sub-path, and the check cannot tell what it is;
- GK150: an address on the editor's own computer (`file:///C:/Users/…/clip_image002.jpg`,
  which Word leaves in pasted HTML, or `C:\\Users\\…\\图1.png`) is dropped by the sanitizer:
  the page has a blank image or a link's text with nothing to open (a newcomer's walk: no
  message said so);
- GK151: an image with no text alternative (`![](files/图1.png)`, `<img src=…>` with no or an
  empty `alt`, or only its file name for one): a reader who cannot see it, with a screen
  reader, is told nothing of what it shows (a newcomer's walk: no message said so).

The same for items and free pages.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from generator import urls
from generator.bodycode import indented_code, outside_code
from generator.bodylinks import markdown_address, site_has_page
from generator.config import Config
from generator.diagnostics import Collector
from generator.yamlnodes import Position

_INDENTED = re.compile(r"(?:\t| {4,})\S")
# A Markdown link's address, with balanced brackets in it: javascript:void(0)
_DESTINATION = r"(?:[^()\s>]|\([^()\s>]*\))+"
# …or in angle brackets, spaces and all: `![图](<C:\Users\张 三\图.png>)` was named as
# C:\Users\张, and the file to copy as 张 (a review)
_ANGLED = r"<(?P<angled>[^<>\n]+)>"
# ![alt](address) or <img … src="address">
_IMAGE = re.compile(
    rf"!\[[^\[\]\n]*\]\(\s*(?:{_ANGLED}|<?(?P<markdown>{_DESTINATION}))"
    r"|<img\b[^<>]*?\ssrc\s*=\s*[\"']?(?P<html>[^\"'\s>]+)",  # not past the next tag
    re.IGNORECASE,
)
# [text](address), <a href="address">, <img src="address"> and [label]: address
_ADDRESS = re.compile(
    rf"\]\(\s*(?:{_ANGLED}|<?(?P<markdown>{_DESTINATION}))"
    r"|\s(?:href|src)\s*=\s*[\"']?\s*(?P<html>[^\"'\s>]+)"
    r"|^ {0,3}\[(?!\^)[^\]\n]+\]:\s*<?(?P<reference>[^\s>]+)",
    re.IGNORECASE | re.MULTILINE,
)
# ![alt][label], ![label][] and ![label]: an image whose address a definition gives
_IMAGE_REFERENCE = re.compile(r"!\[([^\[\]\n]*)\](?!\()(?:\[([^\[\]\n]*)\])?")
# [label]: address
_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)(?P<label>[^\]\n]+)\]:\s*<?(?P<url>[^\s>]+)")
_ELSEWHERE = re.compile(r"(?:https?:)?//", re.IGNORECASE)
_SCHEME_OR_ROOT = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|[/#]")
_SCRIPT = re.compile(r"javascript:", re.IGNORECASE)
# file:///C:/…, file://server/…, C:\… and C:/…, \\server\…: a file only the editor's computer
# (or the office's network) has
_LOCAL = re.compile(r"file:|[a-zA-Z]:[\\/]|\\\\", re.IGNORECASE)
# An image's text alternative: ![alt](address), ![alt][label], or an <img> tag (alt read below)
_ALT = re.compile(
    rf"!\[(?P<alt>[^\[\]\n]*)\](?:\(\s*(?:{_ANGLED}|<?(?P<address>{_DESTINATION}))|(?=\[))"
    r"|<img\b(?P<tag>[^<>]*)>",
    re.IGNORECASE,
)
_ALT_ATTRIBUTE = re.compile(r"\salt\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))", re.IGNORECASE)
_SRC_ATTRIBUTE = re.compile(r"\ssrc\s*=\s*[\"']?\s*([^\"'\s>]+)", re.IGNORECASE)


# Whether a body may have any of them at all, by looking for a string in it (nearly no body
# has: the line-by-line scans took 170 µs a body, 3.5 s of a 20,000-item check, and a regular
# expression over the whole body 50–130 µs on Chinese text; `in` takes under 1).
def _may_image(body: str) -> bool:
    return "![" in body or ("<" in body and "<img" in body.lower())


def _may_address(body: str) -> bool:
    if "](" in body or "]:" in body:
        return True
    if "<" in body or ":" in body:
        lower = body.lower()
        return "href" in lower or "src" in lower or "javascript:" in lower
    return False


@dataclass(frozen=True, slots=True)
class Address:
    """An address in a body, where it is written."""

    pos: Position
    url: str
    html: bool = False  # in an HTML attribute (else Markdown: a space needs <…> there)


def code_boxes(body: str, body_line: int) -> tuple[Position, ...]:
    """Return where each paragraph of *body* (which starts on line *body_line*) that its
    indentation makes a code box starts: each such block's first line, and each indented
    line after a blank one in it. Fenced code is code on purpose; an indented line that
    continues a list item or a paragraph, or sits in a raw HTML block, is no code box and
    not named (`bodycode.indented_code`)."""
    blocks = indented_code(body)
    if not blocks:
        return ()
    lines = body.split("\n")
    return tuple(
        Position(body_line + number, 1)
        for block in blocks
        for number in block
        if number == block.start
        or (_INDENTED.match(lines[number]) and not lines[number - 1].strip())
    )


def _outside_code(body: str) -> tuple[str, list[int]]:
    """Return *body* with its code blanked (`bodycode.outside_code`: every character in its
    place), and where each of its lines starts. Read whole, not a line at a time: Word's HTML
    breaks its lines inside a tag (`<img width=553 height=300` and `src="file:///C:/…">`
    below it), and such an image was named by neither GK150 nor GK151 (a review)."""
    text = outside_code(body)
    starts = [0]
    at = text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return text, starts


def _place(starts: list[int], body_line: int, offset: int) -> Position:
    """Return the position in the body of *offset* in its text as `_outside_code` gives it."""
    number = bisect.bisect_right(starts, offset) - 1
    return Position(body_line + number, offset - starts[number] + 1)


def _addresses(pattern: re.Pattern[str], body: str, body_line: int) -> list[Address]:
    """Return each address *pattern* finds in *body* outside code (fenced or a code span)."""
    text, starts = _outside_code(body)
    found: list[Address] = []
    for match in pattern.finditer(text):
        name = match.lastgroup or "markdown"
        place = _place(starts, body_line, match.start(name))
        found.append(Address(place, match[name], html=name == "html"))
    return found


def _label(text: str) -> str:
    """A reference's label as Markdown matches it: case and runs of spaces do not count."""
    return " ".join(text.split()).casefold()


def _referenced_images(body: str, body_line: int) -> list[Address]:
    """Return the address of each definition (`[label]: address`) that an image of *body*
    uses by its label (`![alt][label]`), outside code: where the definition is written."""
    kept = list(enumerate(outside_code(body).split("\n")))
    used = {
        _label(found[2] or found[1])
        for _number, line in kept
        if "![" in line
        for found in _IMAGE_REFERENCE.finditer(line)
    }
    found: list[Address] = []
    for number, line in kept:
        definition = _DEFINITION.match(line) if used and "]:" in line else None
        if definition is not None and _label(definition["label"]) in used:
            pos = Position(body_line + number, definition.start("url") + 1)
            found.append(Address(pos, definition["url"]))
    return found


def check_body(
    out: Collector, body: str, body_line: int, source_dir: str, page_dir: str, config: Config
) -> None:
    """Warn (GK132–GK135, GK144, GK150, GK151) about what *body* will show otherwise than its editor meant.
    *source_dir* is the body's file's folder, *page_dir* its page's (below the site's root):
    a relative link that leaves the site is named (GK144), and one to a column's, issuer's or
    topic's page the site does not have (GK119)."""
    for pos in code_boxes(body, body_line):
        out.add(
            "GK132",
            pos,
            field=None,
            zh="这一段以 Tab 或 4 个空格开头，网站上会显示为代码框（等宽字体，不换行，手机上显示不全）",
            en="this paragraph starts with a tab or four spaces: the page shows it as a code "
            "box (monospace, not wrapped, cut off on a phone)",
        )
    may_image = _may_image(body)
    images = (
        [*_addresses(_IMAGE, body, body_line), *_referenced_images(body, body_line)]
        if may_image
        else []
    )
    for address in images:
        if _ELSEWHERE.match(address.url):
            out.add(
                "GK133",
                address.pos,
                field=None,
                zh=f"图片 {address.url} 在其他网站：本站网页只加载本站的文件，网站和光盘上都"
                "不会显示这张图片",
                en=f"the image {address.url} is on another website: the site's pages load "
                "only the site's own files, so neither the site nor a disc shows it",
                span=len(address.url),
            )
    for image in _unexplained_images(body, body_line) if may_image else ():
        _no_alternative(out, image)
    addresses = _addresses(_ADDRESS, body, body_line) if _may_address(body) else []
    pictures = {address.pos for address in images}
    for address in addresses:
        if _LOCAL.match(address.url):
            _local_file(out, address, address.pos in pictures, source_dir)
        elif _SCRIPT.match(address.url):
            out.add(
                "GK134",
                address.pos,
                field=None,
                zh=f"链接的地址 {address.url} 是脚本，网站上只显示链接文字，点不开",
                en=f"the link's address {address.url} is a script: the page shows its text "
                "only, with nothing to open",
                span=len(address.url),
            )
        elif (on_site := _on_site(address.url, source_dir, page_dir)) and (
            on_site == ".." or on_site.startswith("../")
        ):
            out.add(
                "GK144",
                address.pos,
                field=None,
                zh=f"链接 {address.url} 从网页所在位置向上超出了网站（到 {on_site}）：网站放在"
                "服务器根目录或光盘上时打不开，gkml 也无法检查它",
                en=f"the link {address.url} climbs above the site from where its page is (to"
                f" {on_site}): it fails on a disc or at a server's root, and gkml cannot check it",
                span=len(address.url),
            )
        elif urls.looks_generated(on_site) and not site_has_page(config, on_site):
            # (`../../catalog/old/index.html` from an item, after the column's key changed)
            out.add(
                "GK119",
                address.pos,
                field=None,
                zh=f"正文链接的网页 {on_site} 在网站上不存在（没有这个栏目、发布机构或主题），"
                "网站上会是一个打不开的链接",
                en=f"the body links to {on_site}, a page the site does not have (no such column,"
                " issuer or topic): a dead link",
                span=len(address.url),
            )
        elif address.url.startswith("/") and not address.url.startswith("//"):
            out.add(
                "GK135",
                address.pos,
                field=None,
                zh=f"地址 {address.url} 以 / 开头，指向所在服务器的根目录：从光盘或子路径"
                "打开时找不到，gkml 也无法检查它是否存在",
                en=f"the address {address.url} starts with /, the root of whatever server "
                "holds the page: it fails from a disc or a sub-path, and gkml cannot check it",
                span=len(address.url),
            )


@dataclass(frozen=True, slots=True)
class _Image:
    """An image of a body whose text alternative tells a reader nothing."""

    pos: Position  # of its `![` or `<img`
    url: str  # its address as written ("" when a definition elsewhere gives it)
    alt: str  # its text alternative as written ("" when it has none)
    markdown: bool  # written in Markdown, else an <img> tag


def _unexplained_images(body: str, body_line: int) -> list[_Image]:
    """Return each image of *body*, outside fenced code, whose text alternative is missing,
    empty, or only its file's name (what a Markdown editor writes for a dropped-in picture)."""
    found: list[_Image] = []
    # `![](files/a.png)` in a code span is an example, no image (a review)
    text, starts = _outside_code(body)
    for match in _ALT.finditer(text):
        if match.start() and text[match.start() - 1] == "\\":
            continue  # \![…](…): the ! is text, and the rest a link
        if match["tag"] is None:
            alt, url, markdown = match["alt"], match["angled"] or match["address"] or "", True
        else:
            given = _ALT_ATTRIBUTE.search(match["tag"])
            alt = (
                ""
                if given is None
                else html.unescape(next(g for g in given.groups() if g is not None))
            )
            source = _SRC_ATTRIBUTE.search(match["tag"])
            url, markdown = ("" if source is None else html.unescape(source[1])), False
        if not _names_nothing(alt.strip(), url):
            continue
        found.append(_Image(_place(starts, body_line, match.start()), url, alt.strip(), markdown))
    return found


def _names_nothing(alt: str, url: str) -> bool:
    """Return whether *alt* tells nothing of the image at *url*: empty, or its file's name."""
    if not alt:
        return True
    name = unquote(re.split(r"[\\/]", urlsplit(url).path.rstrip("\\/"))[-1]) if url else ""
    return bool(name) and alt.casefold() in (
        name.casefold(),
        posixpath.splitext(name)[0].casefold(),
    )


def _no_alternative(out: Collector, image: _Image) -> None:
    """Warn (GK151) that *image* has no text alternative a screen reader could read out."""
    zh_it = f"图片 {image.url} " if image.url else "这张图片"
    en_it = f"the image {image.url}" if image.url else "this image"
    if image.alt:
        zh = f"{zh_it}的替代文本只是文件名 “{image.alt}”"
        en = f'{en_it} has only its file name "{image.alt}" as its text alternative'
    else:
        zh, en = f"{zh_it}没有替代文本", f"{en_it} has no text alternative"
    zh += "：看不见图片的读者（用读屏软件）不知道图中是什么"
    en += ": readers who cannot see it (with a screen reader) are not told what it shows"
    if image.markdown and image.url:
        fix_zh = f"在方括号中写上图中内容的简短说明：![图中内容的说明]({image.url})"
        fix_en = f"write what it shows between the brackets: ![what it shows]({image.url})"
    elif image.markdown:
        fix_zh = "在 ![ ] 的方括号中写上图中内容的简短说明，如 ![办理流程图]"
        fix_en = "write what it shows between the brackets of ![ ], such as ![办理流程图]"
    else:
        fix_zh = '在 <img> 中写上图中内容的简短说明：alt="图中内容的说明"'
        fix_en = 'write what it shows in the <img> tag: alt="what it shows"'
    out.add("GK151", image.pos, field=None, zh=zh, en=en, fix_zh=fix_zh, fix_en=fix_en)


def _local_file(out: Collector, address: Address, picture: bool, source_dir: str) -> None:
    """Warn (GK150) that *address*, an image's (*picture*) or a link's, is a file on the
    editor's computer, and say where to copy it and what to write instead."""
    url = address.url
    # the file's own name: `&amp;` in an HTML attribute (and a Markdown address) is `&`
    name = html.unescape(unquote(re.split(r"[\\/]", url.rstrip("\\/"))[-1])) or "图1.png"
    if picture:
        zh = f"图片的地址 {url} 是编辑者电脑或单位内网上的文件：网站上没有这个文件，读者看不到这张图片"
        en = f"the image's address {url} is a file on the editor's own computer or office network: the site has no such file, so readers see no image"
    else:
        zh = f"链接的地址 {url} 是编辑者电脑或单位内网上的文件：网站上没有这个文件，只显示链接文字，点不开"
        en = f"the link's address {url} is a file on the editor's own computer or office network: the site has no such file, so the page shows the link's text with nothing to open"
    word = "（Word 中的图片先另存为图片文件）" if picture else ""
    # as Markdown reads it (a review: the fix wrote `files/流程 图.png`, which Markdown cuts
    # at the space)
    written = f"files/{name}" if address.html else markdown_address(f"files/{name}")
    out.add(
        "GK150",
        address.pos,
        field=None,
        zh=zh,
        en=en,
        fix_zh=f"把 {name} 复制到 {source_dir}/files/{word}，地址改为 {written}",
        fix_en=f"copy {name} into {source_dir}/files/"
        + (" (save a picture in a Word document as an image file first)" if picture else "")
        + f" and write {written}",
        span=len(url),
    )


def _on_site(url: str, source_dir: str, page_dir: str) -> str:
    """Return where the relative link *url* leads on the site, read from the page's folder
    *page_dir*, when it is no file of content/ (which the build rewrites, and the link check
    looks at); '' otherwise. It may lead above the site: `../../index.html` in a free page,
    counted from its file (a county walk), or to a page gkml writes."""
    if _SCHEME_OR_ROOT.match(url):
        return ""
    path = unquote(urlsplit(url).path)
    if not path or posixpath.normpath(posixpath.join(source_dir, path)).startswith("content/"):
        return ""
    return posixpath.normpath(posixpath.join(page_dir, path))
