"""The one YAML reader of the data: strict, unambiguous, and every value keeps its line and column.

The tree is built from PyYAML's event stream rather than its constructor, so anchors, aliases,
explicit tags, duplicate keys and deep nesting are refused before they can do harm (no alias
bombs, no recursion), scalars are resolved by one deliberate rule (`portal.load.scalars`), and plain
values whose meaning YAML changes without a word (a list item pulled into the line above, a
comment after a full-width space) are refused. A syntax error is reported where the mistake is
(`portal.load.syntax`). Every problem is a `LoadError` carrying a `Problem`; nothing else escapes.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from portal.load import syntax
from portal.load.problems import Problem
from portal.load.scalars import Ambiguous, BadDate, resolve_scalar  # noqa: F401 - re-exported

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32

try:  # libyaml's parser is several times faster; the pure-Python one gives the same events
    _Parser = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = yaml.SafeLoader


@dataclass(slots=True)
class Node:
    """A position in the source: 1-based line and column, and the children by key or index.

    A scalar child is kept as a bare (line, column) tuple rather than a Node: a data file has
    dozens of scalars, and 10,000 files make half a million of them (see docs/performance.md)."""

    line: int
    column: int
    children: dict[Any, "Node | tuple[int, int]"] = field(default_factory=dict)
    key_positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    def find(self, loc: tuple, key: bool = False) -> tuple[int, int]:
        """The position of the deepest node on `loc` (of the last key's name when `key`);
        a missing key points at its mapping."""
        node: Node | tuple[int, int] = self
        for i, part in enumerate(loc):
            if type(node) is tuple:  # a scalar has no parts: point at the scalar itself
                return node
            if key and i == len(loc) - 1 and part in node.key_positions:
                return node.key_positions[part]
            if part in node.children:
                node = node.children[part]
            elif part in node.key_positions and i == len(loc) - 1:
                return node.key_positions[part]
            else:
                break
        return node if type(node) is tuple else (node.line, node.column)


@dataclass
class Document:
    """A loaded file: its data and where each value was written."""

    path: str  # as shown to staff: relative to the project root, forward slashes
    data: dict
    root: Node = field(repr=False)
    text: str = field(default="", repr=False)  # as written: comments, and where inside a value something is
    commented: tuple = field(default=(), repr=False)  # (loc, (line, column of #)) of each value a comment follows

    def position(self, loc: tuple, key: bool = False) -> tuple[int, int]:
        return self.root.find(loc, key)

    def written(self, loc: tuple) -> str | None:
        """A one-line plain value as the file has it (`+1`, `~`), or None (quoted, block, absent)."""
        line, column = self.position(loc)
        lines = self.text.split("\n")
        if not self.text or line > len(lines):
            return None
        rest = lines[line - 1][column - 1:]
        value = rest.split(" #", 1)[0].strip()
        return value if value and value[0] not in "'\"|>[{" else None


class LoadError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _problem(path: str, line: int, column: int, message: str) -> LoadError:
    return LoadError(Problem(path, line, column, "", "", message))


def decode(path: str, raw: bytes) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise _problem(path, 1, 1, "文件超过 1 MiB 的上限；请把内容拆成多个记录文件")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _problem(path, 1, 1, "文件开头有 BOM（字节顺序标记）；请在编辑器里另存为“UTF-8（无 BOM）”")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _problem(path, 1, 1, "文件是 UTF-16 编码；请在编辑器里另存为“UTF-8（无 BOM）”")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1  # columns count characters, as editors do
        column = len(raw[line_start: exc.start].decode("utf-8", errors="replace")) + 1
        raise _problem(path, line, column, "文件不是 UTF-8 编码（可能是 GBK）；请在编辑器里另存为“UTF-8（无 BOM）”") from None
    for number, line_text in enumerate(text.split("\n") if "\t" in text else (), start=1):
        indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
        if "\t" in indent:
            raise _problem(path, number, indent.index("\t") + 1, "行首用了制表符（Tab）缩进；YAML 只能用空格缩进，请把 Tab 换成两个空格")
    if "\x00" in text:
        raise _problem(path, 1, 1, "文件里有空字符（\\0），不是文本文件")
    return text


# Characters no text of the portal may hold: C0 and C1 controls (tab and line breaks aside), the
# bidirectional embeddings, overrides and isolates (they reorder what a reader sees: U+202E makes
# "fdp.exe" read "exe.pdf"), noncharacters and lone surrogates. One in a note once made the Atom feed
# stop being XML. In the file as written, a line break may be CR; inside a value only tab and LF.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
_HOSTILE_RAW = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff{_NONCHARACTERS}]")
_HOSTILE_VALUE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff{_NONCHARACTERS}]")
_BIDI_NAMES = {
    0x202A: "从左到右嵌入", 0x202B: "从右到左嵌入", 0x202C: "方向嵌入结束", 0x202D: "从左到右强制", 0x202E: "从右到左强制",
    0x2066: "从左到右隔离", 0x2067: "从右到左隔离", 0x2068: "首字方向隔离", 0x2069: "方向隔离结束",
}


def hostile_character(char: str) -> str:
    """What a refused character is, for staff: “控制字符 U+001B”, “文字方向控制符 U+202E（从右到左强制）”."""
    code = ord(char)
    if code in _BIDI_NAMES:
        return f"文字方向控制符 U+{code:04X}（{_BIDI_NAMES[code]}，会打乱文字的显示顺序）"
    if 0xD800 <= code <= 0xDFFF:
        return f"不成对的代理码位 U+{code:04X}"
    if code <= 0x1F or 0x7F <= code <= 0x9F:
        return f"控制字符 U+{code:04X}"
    return f"非字符 U+{code:04X}"


HOSTILE_ADVICE = "它看不见，会打乱网页、订阅源和日历；多半是从别处复制时带进来的，请删除它"


def find_hostile(text: str) -> int:
    """The index of the first character no text may hold, or -1."""
    found = _HOSTILE_VALUE.search(text)
    return found.start() if found else -1


def _check_raw(path: str, text: str) -> None:
    found = _HOSTILE_RAW.search(text)
    if found:
        before = text[: found.start()]
        line, column = before.count("\n") + 1, found.start() - (before.rfind("\n") + 1) + 1
        raise _problem(path, line, column, f"文件里有{hostile_character(found.group())}；{HOSTILE_ADVICE}")


def _check_escaped(path: str, event: yaml.ScalarEvent, where: tuple[int, int]) -> None:
    """A double-quoted value can write any character as an escape (\\e, \\x1b, \\u202E)."""
    index = find_hostile(event.value)
    if index >= 0:
        raise _problem(path, *where, f"双引号里的转义写出了{hostile_character(event.value[index])}；{HOSTILE_ADVICE}")


def _check_event(path: str, event: yaml.Event, line: int, column: int, documents: int) -> None:
    """Refuse what makes YAML surprising or dangerous, before anything is built from it."""
    if isinstance(event, yaml.DocumentStartEvent) and documents > 1:
        raise _problem(path, line, column, "一个文件里只能有一个 YAML 文档；请删除多余的 “---” 分隔行")
    if isinstance(event, yaml.AliasEvent):
        raise _problem(path, line, column, f"不支持 YAML 别名（*{event.anchor}）；请把内容直接写出来")
    if isinstance(event, yaml.NodeEvent):
        if event.anchor is not None:
            raise _problem(path, line, column, f"不支持 YAML 锚点（&{event.anchor}）；请删除它，把内容直接写出来")
        if getattr(event, "tag", None) is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")  # as staff wrote it
            raise _problem(path, line, column, f"不支持 YAML 标签（{tag}）；请删除它")


def _where(event: yaml.Event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _check_plain(path: str, event: yaml.ScalarEvent, lines: list[str], at_root: bool = False) -> None:
    """Refuse a plain value whose meaning YAML changed without a word."""
    start, end = event.start_mark, event.end_mark
    first = lines[start.line][start.column:].strip()
    if at_root and end.line > start.line and _FIELD_NAME.fullmatch(first):
        # The file's first field without its colon (`measures`, a list below it): YAML runs the name
        # on into the next lines and reads the whole file as one value
        raise _problem(path, start.line + 1, start.column + 1, "YAML 格式错误：" + syntax.missing_colon(lines[start.line]))
    for number in range(start.line + 1, end.line + 1):  # the lines it was continued on
        stripped = lines[number].lstrip(" ")
        column = len(lines[number]) - len(stripped) + 1
        if stripped == "-" or stripped.startswith("- "):
            raise _problem(path, number + 1, column,
                           f"这一行的“- ”被 YAML 并进了上一行的值（“{_shorten(event.value)}”），不是新的一项；"
                           "如果它是列表的新一项，请让“- ”与上一项的“- ”对齐；如果它是正文，请给整个值加引号")
        marker = _LIST_LIKE.match(stripped)
        if marker:
            raise _problem(path, number + 1, column,
                           f"这一行以“{marker.group(1)}”开头，像是列表的一项，却被 YAML 并进了上一行的值"
                           f"（“{_shorten(event.value)}”）；如果要写列表，每一项请以“- ”（减号加空格）开头，"
                           "与上一项的“- ”对齐；如果它就是正文，请给整个值加引号")
    if "#" in event.value:
        for index, char in enumerate(event.value):
            if char == "#" and index and _hides_comment(event.value[index - 1]):
                space = event.value[index - 1]
                line, column = start.line + 1, start.column + 1 + index
                if start.line != end.line:
                    line, column = _find_in_lines(lines, start.line, end.line, space + "#")
                raise _problem(path, line, column,
                               f"“#”前面是{_SPACE_NAMES.get(space, '特殊空格')}（U+{ord(space):04X}）而不是普通的半角空格，"
                               f"YAML 不把它后面的文字当作注释，“{_shorten(event.value[index:])}”会被当作内容公开；"
                               "如果是注释，请把它前面的空格换成普通的半角空格；如果是正文，请给整个值加引号")


# The start of a line that reads as a list item to a person but not to YAML: “-x” (no space after
# the dash), “* x”, “• x”, “2. x”, “2、x”, “(2) x”.
_LIST_LIKE = re.compile(r"(-(?=[^\s\d-])|[*•·](?=\s)|[0-9]{1,2}[.、)）](?=\s*[^\s\d.])|[(（][0-9]{1,2}[)）])")
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SPACE_NAMES = {"\u3000": "全角空格", "\u00a0": "不换行空格", "\u2009": "窄空格", "\u200b": "零宽空格", "\ufeff": "零宽不换行空格"}


def _hides_comment(char: str) -> bool:
    """A character that looks like a space before # but does not start a YAML comment."""
    return char not in " \t" and (char.isspace() or unicodedata.category(char) in ("Zs", "Cf"))


def _find_in_lines(lines: list[str], first: int, last: int, needle: str) -> tuple[int, int]:
    for number in range(first, last + 1):
        index = lines[number].find(needle)
        if index >= 0:
            return number + 1, index + 2
    return first + 1, 1


def _shorten(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "……"


def parse(path: str, text: str) -> Document:
    """Build plain Python data and its position tree from YAML text; raise LoadError at the first
    hazard or syntax error.

    A stack of open containers replaces recursion, so depth is checked rather than overflowing.
    This loop runs for every event of every file (700,000 events for 10,000 items), so it
    dispatches on the exact event class and sends only rare events through `_check_event`."""
    _check_raw(path, text)
    stack: list[list] = []  # [container, its node, pending mapping key or _NO_KEY, written in [] or {}, its key]
    flows = 0  # open containers written in [] or {}
    root: tuple[Any, Node | tuple[int, int]] | None = None
    documents = 0
    lines: list[str] | None = None  # the text's lines, split only for a multi-line plain value
    # Lines where a comment follows something else (`note: 正文 #3号文件`): YAML drops the comment
    # without a word, so each value ending on one is noted. Most files have none: one search each.
    commented_lines = _commented_lines(text)
    commented: list[tuple[tuple, tuple[int, int]]] = []
    parser = _Parser(text)
    try:
        while (event := parser.get_event()) is not None:
            kind = type(event)
            if kind is _MAPPING_END or kind is _SEQUENCE_END:
                flows -= stack.pop()[3]
                continue
            if kind is not _SCALAR and kind is not _MAPPING_START and kind is not _SEQUENCE_START:
                documents += kind is yaml.DocumentStartEvent
                _check_event(path, event, *_where(event), documents)  # stream and document marks, aliases
                continue
            if event.anchor is not None or event.tag is not None:
                _check_event(path, event, *_where(event), documents)  # raises
            scalar = kind is _SCALAR
            mark = event.start_mark
            where = (mark.line + 1, mark.column + 1)
            top = stack[-1] if stack else None
            if top is not None and top[2] is _NO_KEY and type(top[0]) is dict:  # a mapping key: a name, never resolved
                if not scalar:
                    raise _problem(path, *where, "字段名必须是简单的文字")
                name = event.value
                if event.style == '"':
                    _check_escaped(path, event, where)
                if name in top[1].key_positions:
                    first = top[1].key_positions[name][0]
                    raise _problem(path, *where, f"字段“{name}”重复出现（第一次在第 {first} 行）；请删除其中一个")
                top[1].key_positions[name] = where
                top[2] = name
                continue
            if scalar:
                if event.style == '"':
                    _check_escaped(path, event, where)
                plain = not event.style and event.implicit[0]  # libyaml: "" = plain
                # Inside [] or {} a value may run over lines; an unclosed bracket is found by the parser.
                # Folded lines are joined by a space, so a line pulled in with its "- " leaves " -".
                if plain and not flows and (event.end_mark.line != mark.line or "#" in event.value):
                    _check_plain(path, event, lines if lines is not None else (lines := syntax.split_lines(text)), top is None)
                value: Any = resolve_scalar(event.value, plain)
                if stack and commented_lines and event.end_mark.line in commented_lines:  # a bare scalar file is refused as not a mapping
                    lines = lines if lines is not None else syntax.split_lines(text)
                    after = lines[event.end_mark.line][event.end_mark.column:]
                    if after.lstrip(" \t").startswith("#"):
                        column = event.end_mark.column + len(after) - len(after.lstrip(" \t")) + 1
                        commented.append((_loc(stack), (event.end_mark.line + 1, column)))
                node: Node | tuple[int, int] = where
            elif len(stack) >= MAX_DEPTH:
                raise _problem(path, *where, f"嵌套超过 {MAX_DEPTH} 层；请检查缩进")
            else:
                value = {} if kind is _MAPPING_START else []
                node = Node(*where)
            if top is None:
                root = (value, node)
                key = None
            elif type(top[0]) is list:
                key = len(top[0])
                top[1].children[key] = node
                top[0].append(value)
            else:
                key = top[2]
                top[1].children[key] = node
                top[0][key] = value
                top[2] = _NO_KEY
            if not scalar:
                flow = bool(event.flow_style)
                flows += flow
                stack.append([value, node, _NO_KEY, flow, key])
    except yaml.MarkedYAMLError as exc:
        raise _problem(path, *syntax.locate(text, exc, _Parser)) from None
    except yaml.reader.ReaderError as exc:  # control characters: invisible, so say which one
        # libyaml counts the position in bytes, the pure-Python reader in characters
        before = text.encode("utf-8")[: exc.position].decode("utf-8", "replace") if _Parser is not yaml.SafeLoader else text[: exc.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise _problem(path, line, column, f"文件里有看不见的控制字符（U+{ord(char):04X}），多半是从别处复制时带进来的；请删除它") from None
    except yaml.YAMLError:
        raise _problem(path, 1, 1, f"YAML 无法读取这个文件；{syntax.ADVICE}") from None
    finally:
        parser.dispose()
    if root is None or root[0] is None:
        raise _problem(path, 1, 1, "文件是空的；请按模板填写，或删除这个文件")
    if not isinstance(root[0], dict):
        kind_name = "列表" if isinstance(root[0], list) else "单个值"
        raise _problem(path, 1, 1, f"文件最外层是{kind_name}，应该是“字段: 值”的映射；请参照同类文件的写法")
    return Document(path, root[0], root[1], text, tuple(commented))


_COMMENT_AFTER = re.compile(r"[^ \t\n][ \t]+#")


def _commented_lines(text: str) -> set[int]:
    """0-based numbers of the lines where “ #” follows something that is not a space."""
    if (" #" not in text and "\t#" not in text) or not _COMMENT_AFTER.search(text):
        return set()
    return {number for number, line in enumerate(syntax.split_lines(text)) if _COMMENT_AFTER.search(line)}


def _loc(stack: list[list]) -> tuple:
    """The location of the value about to be added to the innermost open container."""
    inner = stack[-1]
    return (*(entry[4] for entry in stack[1:]), inner[2] if type(inner[0]) is dict else len(inner[0]))


_SCALAR, _MAPPING_START, _SEQUENCE_START = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MAPPING_END, _SEQUENCE_END = yaml.MappingEndEvent, yaml.SequenceEndEvent
_NO_KEY = object()


def load_file(path: Path | str, shown_as: str) -> Document:
    return parse(shown_as, decode(shown_as, read_limited(path, shown_as)))


def read_limited(path: Path | str, shown_as: str) -> bytes:
    """The file's bytes, never more than the limit (plus one, to tell it was over), whatever its size.
    The request is the file's own size, not the limit: a 1 MiB request allocates 1 MiB per file."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size  # 0 for a device or a pipe: read up to the limit
            return handle.read(min(size, MAX_FILE_BYTES) + 1 if size else MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _problem(shown_as, 1, 1, f"无法读取文件：{exc.strerror or exc}") from None
