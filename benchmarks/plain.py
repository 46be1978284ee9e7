"""gkml with Hugo's page: the ``build`` stage's like-for-like row.

The issue's target compares gkml's cold build with Hugo's, and Hugo's theme in
``benchmarks/hugo.py`` is deliberately small. gkml's own theme makes far more of each item: a
繁體 edition of every page (rendered again, then converted by OpenCC), a QR code of each page's
address, the header, navigation, footer and JSON-LD of a government portal. To tell the
engine's cost from the page's, ``make_site`` writes a copy of the corpus that a site could
really publish: its own ``templates/`` override gkml's item, listing, home and base pages with
Hugo's (the same metadata table and body; a title-and-date list, 50 a page, with 上一页/下一页;
the 20 newest), and ``site.traditional: none`` leaves out the 繁體 edition. gkml still writes
what Hugo's run does not: the feeds, catalog.json and .csv, the sitemap, the search, 404 and
accessibility pages, and more listings (each column, issuer, topic, year, month and status).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

# The page around each template's `main` block, as Hugo's baseof.html. The blocks that gkml's
# other templates (search, 404, …) fill in the <head> stay, in a comment where they are not
# markup.
_BASE = """\
<!DOCTYPE html>
<html lang="{{ page_lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block window_title %}{{ title }} - {{ site.title }}{% endblock %}</title>
<!--{% block script_src %}{% endblock %}-->
{% block early %}{% endblock %}{% block head %}{% endblock %}
</head>
<body>
<header><a href="{{ url('index.html') }}">{{ site.title }}</a></header>
<main>
{% block main %}{% endblock %}
</main>
</body>
</html>
"""

_ITEM = """\
{% extends "base.html" %}
{% block main %}
<article>
<h1>{{ title }}</h1>
<table class="meta">
{% for field in header %}<tr><th>{{ field.label }}</th><td>{{ field.text }}</td></tr>
{% endfor %}</table>
{{ body|safe }}
</article>
{% endblock %}
"""

_LISTING = """\
{% extends "base.html" %}
{% block main %}
<h1>{{ title }}</h1>
<ul>
{% for row in rows %}
<li>{% if row.path %}<a href="{{ url(row.path) }}">{{ row.title }}</a>{% else %}{{ row.title }}{% endif %} <time>{{ row.published.text }}</time></li>
{% endfor %}
</ul>
<nav>
{% if previous_page %}<a href="{{ url(previous_page) }}">上一页</a>{% endif %}
第 {{ number }} / {{ pages }} 页
{% if next_page %}<a href="{{ url(next_page) }}">下一页</a>{% endif %}
</nav>
{% endblock %}
"""

_HOME = """\
{% extends "base.html" %}
{% block main %}
<h1>{{ site.title }}</h1>
<h2>按年份</h2>
<ul>
{% for node in years_tree %}<li><a href="{{ url(node.path) }}">{{ node.title }}</a> ({{ node.count }})</li>{% endfor %}
</ul>
<h2>按栏目、机构、主题</h2>
<ul>
{% for nodes in (catalog_tree, issuers_tree, topics_tree) %}{% for node in nodes %}<li><a href="{{ url(node.path) }}">{{ node.title }}</a> ({{ node.count }})</li>{% endfor %}{% endfor %}
</ul>
<h2>最新信息</h2>
<ul>
{% for row in latest %}
<li>{% if row.path %}<a href="{{ url(row.path) }}">{{ row.title }}</a>{% else %}{{ row.title }}{% endif %} <time>{{ row.published.text }}</time></li>
{% endfor %}
</ul>
{% endblock %}
"""

TEMPLATES = {
    "base.html": _BASE,
    "item.html": _ITEM,
    "listing.html": _LISTING,
    "home.html": _HOME,
}
_SITE = re.compile(r"(?m)^site:\n")


def make_site(corpus: Path, dest: Path, *, ignore: str) -> Path:
    """Copy *corpus* (without the folder named *ignore*) to *dest* with Hugo's page: the
    templates above and no 繁體 edition. Return *dest*."""
    shutil.copytree(corpus, dest, ignore=shutil.ignore_patterns(ignore))
    config = dest / "catalog.yml"
    text = config.read_text(encoding="utf-8")
    if not _SITE.search(text) or "\n  traditional:" in text:
        raise ValueError(f"{config}: expected a site: block without traditional:")
    config.write_text(_SITE.sub("site:\n  traditional: none\n", text, count=1), encoding="utf-8")
    for name, template in TEMPLATES.items():
        path = dest / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template, encoding="utf-8")
    return dest
