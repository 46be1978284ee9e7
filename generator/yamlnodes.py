"""YAML documents as trees of located nodes.

PyYAML's constructors lose positions and silently keep the last of duplicate keys, so we
compose with the C parser (when available) and convert the node graph ourselves. Scalars
keep their source text: dates are validated by `generator.dates`, not by YAML's timestamp
resolver (which raises on `2021-02-30` and drops the editor's spelling).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# Wheels ship libyaml; a source install may not (PyYAML 6.0.3 has no wheel for Python 3.15),
# and then the pure-Python loader serves.
_Loader: type[yaml.CSafeLoader] | type[yaml.SafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)
# PyYAML's pure-Python reader leaves U+FEFF out of its columns; libyaml counts it, as an
# editor's column does. What follows one on its line is placed again (`_column`).
_FEFF_UNCOUNTED = _Loader is yaml.SafeLoader
_BREAKS = "\n\r\x85\u2028\u2029"  # YAML's line breaks, as both readers count lines

_TAG = "tag:yaml.org,2002:"
# Each level of the catalog tree is two (a mapping and its `children` list): 64 allows 31
# levels (a scale walk: 20 had stopped a tree at 9 levels, blaming anchors and aliases).
_MAX_DEPTH = 64
# Aliases repeat what their anchor holds: nine lines of them can stand for 9^9 values (the
# "billion laughs"), which would hold a check until its memory ran out. A front matter has
# tens of values, catalog.yml hundreds to a few thousand.
_MAX_NODES = 100_000
# Characters no text of gkml's may hold: C0 controls but tab, line feed and carriage return,
# DEL and C1 controls. Written raw, PyYAML refuses them; written as escapes ("\f", "\e"),
# they went into pages and made the Atom feeds malformed XML. A body drops them (`body`).
# The private-use characters gkml marks places with while it builds a page (a link's, the
# body's, a protected part's: pagebody, rawhtml, edition): text may not hold them, or the
# build takes it for its own marks (a security review: a title with the body's mark had the
# body copied into <title>; a body with a link's mark stopped the build).
MARKS = "\ue000-\ue006"
# Unicode's noncharacters: U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE,
# U+FFFF, U+1FFFE, U+1FFFF … U+10FFFF), never text. XML has no place for U+FFFE and U+FFFF:
# a title with "\uFFFF" (a YAML escape, which PyYAML reads) made every Atom feed malformed XML,
# and feed readers dropped the whole feed (a security review).
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
CONTROL = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{MARKS}{NONCHARACTERS}]")
# YAML also ends a line at U+2028 and U+2029 (and U+0085, a C1 control above), where editors
# and git show none: a title pasted with one was read as two lines, "could not find expected
# ':'" two lines further down. No value may hold them either (a body may: `body` keeps them).
_NOT_IN_VALUES = re.compile(
    rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{MARKS}{NONCHARACTERS}]"
)


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Scalar:
    value: str | int | float | bool | None
    text: str
    pos: Position
    end: Position
    quoted: bool


@dataclass(frozen=True, slots=True)
class Seq:
    items: tuple[Node, ...]
    pos: Position


@dataclass(frozen=True, slots=True)
class Entry:
    key: Scalar
    value: Node


@dataclass(frozen=True, slots=True)
class Map:
    entries: tuple[Entry, ...]
    pos: Position


Node = Scalar | Seq | Map


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    key: str
    first: Position
    second: Position


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """A YAML syntax error at *pos*; *problem* is PyYAML's English description."""

    problem: str
    pos: Position
    hint_zh: str = ""  # what went wrong, when gkml (not PyYAML) found the problem …
    fix: tuple[str, str] = ("", "")  # … and what to do (Chinese, English)
    field: str | None = None  # the key whose value holds the problem, where known


@dataclass(frozen=True, slots=True)
class Document:
    root: Node | None
    duplicates: tuple[DuplicateKey, ...]


# The positions met so far, shared: every front matter has its keys at the same few places
# (a position is made twice a value; a shared one costs a look-up, not a frozen instance).
_POSITIONS: dict[tuple[int, int], Position] = {}
_POSITIONS_MOST = 65_536
_QUOTED = frozenset(("'", '"', "|", ">"))
_STR_TAG = _TAG + "str"


def _column(mark: yaml.Mark, text: str) -> int:
    """Return the column (from 0) of *mark* in *text*, as libyaml counts it: the pure-Python
    reader's column left out each U+FEFF before it on its line, and placed a zero-width
    no-break space's value and message a column early (the suite on Python 3.15)."""
    return _counted(mark, text) if _FEFF_UNCOUNTED and "\ufeff" in text else mark.column


def _counted(mark: yaml.Mark, text: str) -> int:
    """Return the column (from 0) of *mark* in *text*, counted from its character index."""
    return mark.index - max(text.rfind(c, 0, mark.index) for c in _BREAKS) - 1


class _Converter:
    def __init__(self, line_offset: int, text: str) -> None:
        self.line_offset = line_offset
        self.duplicates: list[DuplicateKey] = []
        self.nodes = 0
        self.text = text
        self.recount = _FEFF_UNCOUNTED and "\ufeff" in text  # `_column`'s test, made once

    def pos(self, mark: yaml.Mark) -> Position:
        column = _counted(mark, self.text) if self.recount else mark.column
        key = (mark.line + 1 + self.line_offset, column + 1)
        found = _POSITIONS.get(key)
        if found is None:
            found = Position(*key)
            if len(_POSITIONS) < _POSITIONS_MOST:
                _POSITIONS[key] = found
        return found

    def convert(self, node: yaml.Node, depth: int = 0, field: str | None = None) -> Node:
        """Return *node* located; *field* is the key of the entry whose value holds it."""
        self.nodes += 1
        if depth > _MAX_DEPTH or self.nodes > _MAX_NODES:
            raise _TooDeep(self.pos(node.start_mark), deep=depth > _MAX_DEPTH)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, field)
        if isinstance(node, yaml.SequenceNode):
            return Seq(
                tuple(self.convert(n, depth + 1, field) for n in node.value),
                self.pos(node.start_mark),
            )
        if isinstance(node, yaml.MappingNode):
            entries: list[Entry] = []
            seen: dict[str, Position] = {}
            for key_node, value_node in node.value:
                key = self.convert(key_node, depth + 1, field)
                if not isinstance(key, Scalar):
                    raise _NonScalarKey(key.pos)
                name = key.text
                if name in seen:
                    self.duplicates.append(DuplicateKey(name, seen[name], key.pos))
                else:
                    seen[name] = key.pos
                entries.append(Entry(key, self.convert(value_node, depth + 1, name)))
            return Map(tuple(entries), self.pos(node.start_mark))
        raise _TooDeep(self.pos(node.start_mark))  # pragma: no cover - no other node kinds

    def _scalar(self, node: yaml.ScalarNode, field: str | None) -> Scalar:
        text = node.value
        style = node.style
        # The text was searched before parsing (`parse_yaml`); only a double-quoted value's
        # escapes ("\f", "\e") make characters the search could not see.
        if style == '"':
            control = control_character(text)
            if control:
                raise _Control(self.pos(node.start_mark), control, field)
        quoted = style in _QUOTED
        value: str | int | float | bool | None = text
        if not quoted and node.tag != _STR_TAG:
            tag = node.tag[len(_TAG) :] if node.tag.startswith(_TAG) else "str"
            if tag == "null":
                value = None
            elif tag == "bool":
                value = text.lower() in ("yes", "true", "on", "y")
            elif tag == "int":
                try:
                    value = int(text.replace("_", ""), 0)
                except ValueError:
                    value = text
            elif tag == "float":
                try:
                    value = float(text.replace("_", ""))
                except ValueError:
                    value = text
        return Scalar(value, text, self.pos(node.start_mark), self.pos(node.end_mark), quoted)


class _TooDeep(Exception):
    def __init__(self, pos: Position, *, deep: bool = False) -> None:
        self.pos = pos
        self.deep = deep  # nested too deep, rather than too many values


def control_character(text: str) -> str | None:
    """Return the first control character of *text* that no value may hold, if any."""
    found = _NOT_IN_VALUES.search(text)
    return found.group() if found else None


class _Control(Exception):
    def __init__(self, pos: Position, character: str, field: str | None) -> None:
        self.pos = pos
        self.character = character
        self.field = field


_NONCHARACTER = re.compile(f"[{NONCHARACTERS}]")
# A line's key, in a block mapping (`title: …`, `  - title: …`): where the search before
# parsing found a character, no key is known yet.
_LINE_KEY = re.compile(r"""^[ \t]*(?:-[ \t]+)?([^\s#'"{}\[\],:-][^:#]*?)[ \t]*:(?:[ \t]|$)""")


def _control_problem(character: str, pos: Position, field: str | None) -> SyntaxProblem:
    """Return the problem of a control character in the text at *pos*, in the value of
    *field* (if known)."""
    code = f"U+{ord(character):04X}"
    if _NONCHARACTER.match(character):
        where_zh, where_en = (
            (f"{field} 的值中", f"the value of {field}") if field else ("文字中", "the text")
        )
        escape = (
            f"\\u{ord(character):04X}" if ord(character) <= 0xFFFF else f"\\U{ord(character):08X}"
        )
        return SyntaxProblem(
            f"a Unicode noncharacter ({code}) in {where_en}: it is no text, and has no place in"
            " a page or a feed (U+FFFE and U+FFFF make the Atom feeds invalid XML)",
            pos,
            f"；{where_zh}有 Unicode 非字符 {code}：它不是文字，网页和订阅源中不能有"
            "（U+FFFE、U+FFFF 会使订阅源无法读取）",
            (
                f"删去该字符（多为转义写法 {escape}，或从其他系统导出时带来的）",
                f"delete it (often written as the escape {escape}, or brought in from another"
                " system's export)",
            ),
            field,
        )
    if "\ue000" <= character <= "\ue006":
        return SyntaxProblem(
            f"a private-use character ({code}) gkml keeps for itself, in the text",
            pos,
            f"；文字中有 gkml 内部使用的私用区字符 {code}（不是可显示的文字）",
            (
                "删去该字符：在编辑器中打开“显示不可见字符”后删除，或重新输入这一行",
                "delete it (show invisible characters in the editor), or type the line again",
            ),
            field,
        )
    return SyntaxProblem(
        f"an invisible control character ({code}) in the text",
        pos,
        f"；文字中有不可见的控制字符 {code}（多为从 Word 等复制来的换行符、分页符）",
        (
            "删去该字符：在编辑器中打开“显示不可见字符”后删除，或重新输入这一行",
            "delete it (show invisible characters in the editor), or type the line again",
        ),
        field,
    )


def _unclosed(exc: yaml.MarkedYAMLError, text: str, line_offset: int) -> SyntaxProblem | None:
    """Return the problem of a `[` or `{` never closed, at the bracket: PyYAML names the line
    after it (where it looked for the `]`), which sent the editor to a line with no mistake."""
    context, mark = exc.context or "", exc.context_mark
    if mark is None or not context.startswith("while parsing a flow"):
        return None
    if "expected ','" not in (exc.problem or ""):
        return None  # another mistake inside the brackets
    opening, closing = ("[", "]") if "sequence" in context else ("{", "}")
    return SyntaxProblem(
        f"the {opening} here is never closed with {closing}",
        Position(mark.line + 1 + line_offset, _column(mark, text) + 1),
        f"；这里的 {opening} 没有对应的 {closing}",
        (f"在这一行的末尾补上 {closing}", f"close it with {closing} at the end of the line"),
    )


# A value that opens a quote: `title: "关于……的通知`.
_OPENED_QUOTE = re.compile(r"""^[ \t]*(?:- +)?[^\s#'"\-][^:]*:[ \t]+(["'])""")
_CLOSING = {'"': re.compile(r'(?:[^"\\]|\\.)*"', re.DOTALL), "'": re.compile(r"(?:[^']|'')*'")}


def _unclosed_quote(exc: yaml.MarkedYAMLError, text: str, line_offset: int) -> SyntaxProblem | None:
    """Return the problem of a quote not closed on its line, at the quote, when that quote is
    what PyYAML stumbled on. A quoted value may go on over lines, so PyYAML reads on to the
    end of the front matter (and names the `---`), or to the next quote, which closes it (and
    names a correct line further down): an editor's walk found the title with no closing
    quote reported at the `---`.

    Only two errors come of it, and nothing else is blamed on a quote (a review: a bad escape
    in a closed two-line value, a tab below a quote in a `|` block): the quoted scanner
    reaching the end, which marks the quote itself; or the next field's opening quote taken
    for the closing one, the rest of that line then a stray scalar where PyYAML stops.
    """
    problem, said = exc.problem_mark, exc.problem or ""
    if problem is None:
        return None
    lines = text.split("\n")
    if said.startswith("found unexpected end of stream"):
        mark = exc.context_mark
        if mark is None or not (exc.context or "").startswith("while scanning a quoted"):
            return None
        return _quote_problem(text[mark.index], mark.line, _column(mark, text), line_offset)
    if not said.startswith(("expected <block end>", "did not find expected key")):
        return None
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for number, line in enumerate(lines[: problem.line]):
        found = _OPENED_QUOTE.match(line)
        if found is None:
            continue
        closed = _CLOSING[found[1]].match(text, starts[number] + found.end())
        if closed is None or "\n" not in closed.group():
            continue  # closed on its own line (or never: not this error)
        # Closed by the quote that opens the value of the field on PyYAML's line.
        later = _OPENED_QUOTE.match(lines[problem.line])
        if later is not None and starts[problem.line] + later.start(1) == closed.end() - 1:
            return _quote_problem(found[1], number, found.start(1), line_offset)
        return None  # the first quote running over lines is not it: a value over lines
    return None


def _quote_problem(quote: str, line: int, column: int, line_offset: int) -> SyntaxProblem:
    """Return the problem of the quote at *line*, *column* (from 0) never closed."""
    return SyntaxProblem(
        f"the quote {quote} here is never closed",
        Position(line + 1 + line_offset, column + 1),
        f"；这里的引号 {quote} 没有对应的收尾引号",
        (
            f"在这一行的末尾补上 {quote}，或去掉开头的 {quote}",
            f"close it with {quote} at the end of the line, or delete the opening {quote}",
        ),
    )


class _NonScalarKey(Exception):
    def __init__(self, pos: Position) -> None:
        self.pos = pos


def parse_yaml(text: str, *, line_offset: int = 0) -> Document | SyntaxProblem:
    """Return the located node tree of *text*, or the first syntax problem.

    *line_offset* is added to every line number (front matter starts below its `---`).
    """
    found = _NOT_IN_VALUES.search(text)
    if found is not None:  # before PyYAML, which refuses some without a position, reads others
        before = text[: found.start()]
        row = before.rpartition("\n")[2]
        pos = Position(before.count("\n") + 1 + line_offset, len(row) + 1)
        key = _LINE_KEY.match(row)
        return _control_problem(found.group(), pos, key[1] if key else None)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        unclosed = _unclosed(exc, text, line_offset) or _unclosed_quote(exc, text, line_offset)
        if unclosed is not None:
            return unclosed
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        column = _column(mark, text) + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        return SyntaxProblem(problem, Position(line, column))
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, written raw
        # PyYAML's position is off for a str (it counts the buffer's end): its own first
        # unacceptable character is found again here.
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        before = text[: found.start() if found else 0]
        pos = Position(before.count("\n") + 1 + line_offset, len(before.rpartition("\n")[2]) + 1)
        return SyntaxProblem(str(exc).splitlines()[0], pos)
    except yaml.YAMLError as exc:
        return SyntaxProblem(str(exc).splitlines()[0], Position(1 + line_offset, 1))
    finally:
        loader.dispose()
    if node is None:
        return Document(None, ())
    converter = _Converter(line_offset, text)
    try:
        root = converter.convert(node)
    except _TooDeep as exc:
        if exc.deep:
            return SyntaxProblem(
                f"nested more than {_MAX_DEPTH} levels deep (a catalog tree of more than"
                f" {_MAX_DEPTH // 2 - 1} levels?)",
                exc.pos,
                f"；嵌套超过 {_MAX_DEPTH} 层（栏目树超过 {_MAX_DEPTH // 2 - 1} 层？）",
                ("减少嵌套的层数", "nest fewer levels"),
            )
        return SyntaxProblem(
            "too many values (aliases that repeat an anchor too often?)",
            exc.pos,
            "；值过多（锚点“&”与别名“*”重复展开？）",
            ("不用锚点（&）和别名（*），把值直接写出来", "write the values out, without & and *"),
        )
    except _Control as exc:
        return _control_problem(exc.character, exc.pos, exc.field)
    except _NonScalarKey as exc:
        return SyntaxProblem("a mapping key must be plain text", exc.pos)
    return Document(root, tuple(converter.duplicates))


def plain(node: Node) -> object:
    """Return *node* as plain Python values (str/int/float/bool/None, lists, dicts)."""
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Seq):
        return [plain(n) for n in node.items]
    return {e.key.text: plain(e.value) for e in node.entries}
