"""Characters an editor cannot see: direction controls (GK122) and zero-width ones (GK149).

Both are warnings. A direction control shows a title in another order than the review saw
("Trojan source"), and right-to-left text (Uyghur) may need one; a zero-width character
shows nothing, yet a reader's search and copy carry it, and an emoji sequence holds U+200D.
A 公文's title needs neither. A line's are found in its source (comments too); a value's
written as an escape ("\u202e"), which no line shows, in the value YAML read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from generator.diagnostics import Collector
from generator.yamlnodes import Map, Node, Position, Scalar

# Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): what "Trojan source"
# uses to show text in an order other than the file's. The marks U+200E/U+200F are not here.
DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Zero-width space, non-joiner and joiner, word joiner, and U+FEFF inside a text (at a file's
# start it is a byte-order mark: GK002)
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")


def direction_lines(out: Collector, text: str, first_line: int) -> None:
    """Warn (GK122) about each line of *text*, the file's from *first_line*, that holds a
    control of the text's direction."""
    if DIRECTION.search(text) is None:
        return
    seen: set[int] = set()
    for match in DIRECTION.finditer(text):
        line = first_line + text.count("\n", 0, match.start())
        if line in seen:
            continue
        seen.add(line)
        code = f"U+{ord(match.group()):04X}"
        out.add(
            "GK122",
            Position(line, match.start() - text.rfind("\n", 0, match.start())),
            field=None,
            zh=f"这一行有不可见的文字方向控制字符 {code}，网页上的文字会与审核时看到的顺序不同"
            "（如标题显示为倒序）",
            en=f"this line holds an invisible direction control ({code}): the page may show "
            "its text in another order than the review did (e.g. a title backwards)",
            fix_zh="在编辑器中显示不可见字符后删去它，或重新输入这一行；维吾尔文等从右向左"
            "书写的文字确需时，可忽略此警告",
            fix_en="show invisible characters in the editor and delete it, or type the line "
            "again; ignore this warning where right-to-left text (such as Uyghur) needs it",
        )


def invisible_values(
    out: Collector,
    root: Node | None,
    lines: Sequence[str],
    *,
    spaces_checked: frozenset[str] = frozenset(),
    labels: Mapping[str, str] | None = None,
) -> None:
    """Warn about each text value under *root* that holds a zero-width character (GK149), or
    a direction control written as an escape (GK122; `direction_lines` finds one written as
    it is). *lines* are the file's; a value of a key in *spaces_checked* is not warned of
    for a zero-width character (an item's title: GK143 names it with its other spaces). A
    key of *root* itself is named in the Chinese message by its entry in *labels*."""
    for field, scalar, top in _text_values(root, None, top=True):
        value = scalar.value
        assert isinstance(value, str)
        named = (labels or {}).get(field, field) if top else field
        shown = ZERO_WIDTH.search(value) if field not in spaces_checked else None
        if shown is not None:
            _zero_width(out, field, named, scalar, shown.group(), lines)
        turned = DIRECTION.search(value) if scalar.quoted else None
        if turned is not None and _written_at(lines, scalar, turned.group()) is None:
            _escaped_direction(out, field, named, scalar, turned.group())


def _text_values(
    node: Node | None, field: str | None, *, top: bool = False
) -> Iterator[tuple[str, Scalar, bool]]:
    """Yield (key, value, whether the key is the root's) of each text value under *node*,
    with the key it is given under."""
    if isinstance(node, Scalar):
        if field is not None and isinstance(node.value, str):
            yield field, node, top
    elif isinstance(node, Map):
        for entry in node.entries:
            yield from _text_values(entry.value, entry.key.text, top=top and field is None)
    elif node is not None:
        for item in node.items:
            yield from _text_values(item, field, top=top)


def _written_at(lines: Sequence[str], scalar: Scalar, character: str) -> Position | None:
    """Return where *character* is written as it is in *scalar*'s source, or None (it is
    an escape there)."""
    for number in range(scalar.pos.line, scalar.end.line + 1):
        if not 0 < number <= len(lines):
            break
        line = lines[number - 1]
        start = scalar.pos.column - 1 if number == scalar.pos.line else 0
        stop = scalar.end.column - 1 if number == scalar.end.line else len(line)
        at = line.find(character, start, stop)
        if at != -1:
            return Position(number, at + 1)
    return None


def _escape(character: str) -> str:
    return f"\\u{ord(character):04X}"


def _zero_width(
    out: Collector, field: str, named: str, scalar: Scalar, character: str, lines: Sequence[str]
) -> None:
    code = f"U+{ord(character):04X}"
    written = _written_at(lines, scalar, character)
    how_zh = "" if written is not None else f"（写作转义 {_escape(character)}）"
    how_en = "" if written is not None else f", written as the escape {_escape(character)}"
    joiner = character == "\u200d"
    out.add(
        "GK149",
        written or scalar.pos,
        field=field,
        zh=f"{named} 的值中有看不见的零宽字符 {code}{how_zh}：网页上看不到它，读者搜索、复制时却带着它"
        + ("（U+200D 用于组合表情符号，公文中不需要）" if joiner else ""),
        en=f"the value of {field} holds an invisible zero-width character ({code}{how_en}):"
        " a page does not show it, yet a reader's search and copy carry it"
        + (" (U+200D joins emoji; an official document needs none)" if joiner else ""),
    )


def _escaped_direction(
    out: Collector, field: str, named: str, scalar: Scalar, character: str
) -> None:
    code, escape = f"U+{ord(character):04X}", _escape(character)
    out.add(
        "GK122",
        scalar.pos,
        field=field,
        zh=f"{named} 的值中有不可见的文字方向控制字符 {code}（写作转义 {escape}），"
        "网页上的文字会与审核时看到的顺序不同（如标题显示为倒序）",
        en=f"the value of {field} holds an invisible direction control ({code}, written as the"
        f" escape {escape}): the page may show its text in another order than the review did"
        " (e.g. a title backwards)",
        fix_zh=f"删去转义 {escape}；维吾尔文等从右向左书写的文字确需时，可忽略此警告",
        fix_en=f"delete the escape {escape}; ignore this warning where right-to-left text (such"
        " as Uyghur) needs it",
    )
