"""`gkml new`: a new item file with every field present and the next free index number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import urls
from generator.config import Config, Issuer
from generator.content import content_files
from generator.diagnostics import Collector, display_width
from generator.fields import FIELDS, Disclosure, Kind, Status
from generator.frontmatter import split
from generator.reader import PLACEHOLDER_BODY
from generator.yamlnodes import Map, Scalar, parse_yaml


@dataclass(frozen=True, slots=True)
class NewItem:
    path: Path
    index_no: str


class SerialOverflow(Exception):
    """The next serial does not fit the issuer's index_pattern (after *index_no* in *rel*)."""

    def __init__(self, index_no: str, rel: str) -> None:
        super().__init__(index_no, rel)
        self.index_no = index_no
        self.rel = rel


def _highest(root: Path, issuer: Issuer, year: int) -> tuple[int, str, str]:
    """Return the highest serial of *issuer* in *year* (0 when none), its index and file."""
    highest = (0, "", "")
    for rel, is_page in content_files(root):
        if is_page:
            continue
        index_no = _declared_index(root / rel)
        if index_no is None:
            continue
        match = issuer.match(index_no)
        if match is not None and (match.year is None or match.year == year):
            highest = max(highest, (match.serial, index_no, rel))
    return highest


def _declared_index(path: Path) -> str | None:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    parts = split(text, Collector(path.name))
    if parts is None:
        return None
    parsed = parse_yaml(parts.front)
    root = getattr(parsed, "root", None)
    if not isinstance(root, Map):
        return None
    for entry in root.entries:
        if entry.key.text in ("index_no", "索引号") and isinstance(entry.value, Scalar):
            return entry.value.text.strip()
    return None


def file_name(index_no: str) -> str:
    """Return the ASCII file name stem made from *index_no* (`640100-108-2024-00012`), as
    its page's (`urls.stem`): two issuers' `交执〔2026〕001` and `运输〔2026〕001` were one file
    name, and `gkml new` skipped a number for the other issuer's file (a maintainer's walk)."""
    return urls.stem(index_no)


# Fields no new item has: they tell of an item moved from the old site (a line on every new
# item would ask each editor about a migration), or of the amendments before a later change.
_NOT_NEW = frozenset({"former_url", "amendments", "corrected"})


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_item(
    *,
    title: str,
    index_no: str,
    issuer: str,
    category: str,
    today: date,
    examples: dict[str, str] | None = None,
    genre: str | None = None,
) -> str:
    """Return the text of a new item file: every field, with its Chinese label as a comment
    and an example (*examples*: the site's own, by field, instead of the sample bureau's)."""
    shown = {spec.key: spec.example for spec in FIELDS} | (examples or {})
    values: dict[str, str] = {
        "title": _quote(title),
        "index_no": index_no,
        "issuer": issuer,
        "written": today.isoformat(),
        "published": today.isoformat(),
        "status": Status.IN_FORCE.value,
        "disclosure": Disclosure.PROACTIVE.value,
        "category": category,
    }
    if genre:
        values["genre"] = genre
    lists = (Kind.LIST, Kind.ATTACHMENTS, Kind.ALLOWANCES)
    lines = ["---"]
    for spec in FIELDS:
        if spec.key in _NOT_NEW:
            continue
        value = values.get(spec.key, "[]" if spec.kind in lists else "")
        entry = f"{spec.key}: {value}".rstrip()
        need = (
            "必填"
            if spec.required
            else (spec.required_when.text_zh + "必填" if spec.required_when else "选填")
        )
        pad = " " * max(
            1, 41 - display_width(entry)
        )  # the comments in a column, Chinese values too
        lines.append(f"{entry}{pad}# {spec.label}（{need}）例：{shown[spec.key]}")
    lines += ["---", "", PLACEHOLDER_BODY, ""]
    return "\n".join(lines)


def create_item(
    root: Path, config: Config, *, title: str, issuer: Issuer, category: str, today: date
) -> NewItem:
    """Write a new item under content/<year>/ and return its path; never overwrites a file."""
    last, last_index, last_file = _highest(root, issuer, today.year)
    serial = last + 1
    if issuer.match(issuer.index_for(today.year, serial)) is None:
        # A serial typed as 9999 for 0009 left no room after it in {serial:04d}.
        raise SerialOverflow(last_index, last_file)
    folder = root / "content" / str(today.year)
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        index_no = issuer.index_for(today.year, serial)
        # The column's key first, as the sample names its files: a CODEOWNERS line such as
        # /content/**/shjz-* asks that column's department to review (it matched no new item).
        path = folder / f"{category}-{file_name(index_no)}.md"
        # A file of that number whose index could not be read (a syntax error, not UTF-8)
        # holds it: the next one, not "file exists" for a file the editor never named.
        if not path.exists() and not (folder / f"{file_name(index_no)}.md").exists():
            break
        serial += 1
    year = today.year
    # A 政策解读 column's item is a 解读 (a lawyer's walk: the handbook then asks for the
    # genre the file had left empty).
    genre = "解读" if "解读" in config.nodes[category].title else None
    text = render_item(
        genre=genre,
        title=title,
        index_no=index_no,
        issuer=issuer.name,
        category=category,
        today=today,
        # The site's own issuer and numbers (a maintainer's walk: a 交通运输局's new file
        # read 例：示例市民政局 and 640100-108/2024-00012); a 文号 and a department in the
        # form every bureau's has (a newcomer's walk: 示民发〔2024〕12号 and 社会救助处 read as
        # another bureau's pattern to copy).
        examples={
            "department": "办公室",
            "doc_no": f"发文机关代字〔{year}〕12号",
            "issuer": issuer.name,
            "index_no": issuer.index_for(year, 12),
            "interprets": issuer.index_for(year, 12),
            "replaced_by": issuer.index_for(year, 31),
            "related": f"[{issuer.index_for(year, 13)}]",
        },
    )
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return NewItem(path, index_no)
