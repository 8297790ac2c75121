"""Strict YAML loading: safe, unambiguous, and every value keeps its line and column.

The tree is built from PyYAML's event stream rather than its constructor, so anchors, aliases,
explicit tags, duplicate keys and deep nesting are refused before they can do harm (no alias
bombs, no recursion), and scalars are resolved deliberately (see `resolve_scalar`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from portal import fastyaml
from portal.scalars import Ambiguous, BadDate, resolve_scalar  # noqa: F401 - re-exported
from portal.problems import Problem

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
    """A loaded file. Positions are found only when a problem needs one, by parsing the text again:
    a valid file never needs them, and at 10,000 files their tree was more than half the memory
    the loader kept and a third of its time (docs/performance.md)."""

    path: str  # as shown to staff: relative to the project root, forward slashes
    data: dict
    text: str = field(repr=False)
    _root: Node | None = field(default=None, repr=False)
    # Read by portal.fastyaml: every text value is a piece of one line of `text` as written (no
    # escapes, no folded lines; only '' in single quotes stands for '), so a pattern that never
    # spans lines or quotes and is absent from the text is absent from every value.
    verbatim: bool = False

    @property
    def root(self) -> Node:
        if self._root is None:
            self._root = parse(self.path, self.text, positions=True)._root
        return self._root

    def position(self, loc: tuple, key: bool = False) -> tuple[int, int]:
        return self.root.find(loc, key)


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


def parse(path: str, text: str, positions: bool = False) -> Document:
    """Build plain Python data from YAML text, and its position tree when `positions`; raise
    LoadError on the first hazard, at the same place either way.

    A stack of open containers replaces recursion, so depth is checked rather than overflowing.
    This loop runs for every event of every file (700,000 events for 10,000 items), so it
    dispatches on the exact event class and sends only rare events through `_check_event`.
    Without `positions`, `portal.fastyaml` reads the file first; this loop reads only what that
    small reader is unsure of, and gives every error."""
    if not positions:
        data = fastyaml.read(text)
        if data is not None:
            return Document(path, data, text, verbatim=True)
    stack: list[list] = []  # [container, its node, pending mapping key or _NO_KEY]
    root: tuple[Any, Node | tuple[int, int]] | None = None
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_Parser):
            kind = type(event)
            if kind is _MAPPING_END or kind is _SEQUENCE_END:
                stack.pop()
                continue
            if kind is not _SCALAR and kind is not _MAPPING_START and kind is not _SEQUENCE_START:
                documents += kind is yaml.DocumentStartEvent
                _check_event(path, event, *_where(event), documents)  # stream and document marks, aliases
                continue
            if event.anchor is not None or event.tag is not None:
                _check_event(path, event, *_where(event), documents)  # raises
            scalar = kind is _SCALAR
            top = stack[-1] if stack else None
            if top is not None and top[2] is _NO_KEY and type(top[0]) is dict:  # a mapping key: a name, never resolved
                if not scalar:
                    raise _problem(path, *_where(event), "字段名必须是简单的文字")
                name = event.value
                if not positions:
                    if name in top[0]:  # the message names the first one's line: parse again with positions
                        return parse(path, text, positions=True)
                elif name in top[1].key_positions:
                    first = top[1].key_positions[name][0]
                    raise _problem(path, *_where(event), f"字段“{name}”重复出现（第一次在第 {first} 行）；请删除其中一个")
                else:
                    top[1].key_positions[name] = _where(event)
                top[2] = name
                continue
            node: Node | tuple[int, int] | None = None
            if scalar:
                value: Any = resolve_scalar(event.value, plain=not event.style and event.implicit[0])  # libyaml: "" = plain
                if positions:
                    node = _where(event)
            elif len(stack) >= MAX_DEPTH:
                raise _problem(path, *_where(event), f"嵌套超过 {MAX_DEPTH} 层；请检查缩进")
            else:
                value = {} if kind is _MAPPING_START else []
                if positions:
                    node = Node(*_where(event))
            if top is None:
                root = (value, node)
            elif type(top[0]) is list:
                if positions:
                    top[1].children[len(top[0])] = node
                top[0].append(value)
            else:
                if positions:
                    top[1].children[top[2]] = node
                top[0][top[2]] = value
                top[2] = _NO_KEY
            if not scalar:
                stack.append([value, node, _NO_KEY])
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote is only noticed at the end of the file: point where the quote opened.
        unclosed = str(exc.problem or "").startswith("found unexpected end of stream") and exc.context_mark
        mark = exc.context_mark if unclosed else (exc.problem_mark or exc.context_mark)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise _problem(path, line, column, f"YAML 格式错误：{_describe(exc)}；请检查这一行和上一行的缩进、冒号和引号") from None
    except yaml.reader.ReaderError as exc:  # control characters: invisible, so say which one
        # libyaml counts the position in bytes, the pure-Python reader in characters
        before = text.encode("utf-8")[: exc.position].decode("utf-8", "replace") if _Parser is not yaml.SafeLoader else text[: exc.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise _problem(path, line, column, f"文件里有看不见的控制字符（U+{ord(char):04X}），多半是从别处复制时带进来的；请删除它") from None
    except yaml.YAMLError as exc:
        raise _problem(path, 1, 1, f"YAML 无法读取：{' '.join(str(exc).split())}") from None
    if root is None or root[0] is None:
        raise _problem(path, 1, 1, "文件是空的；请按模板填写，或删除这个文件")
    if not isinstance(root[0], dict):
        kind_name = "列表" if isinstance(root[0], list) else "单个值"
        raise _problem(path, 1, 1, f"文件最外层是{kind_name}，应该是“字段: 值”的映射；请参照同类文件的写法")
    return Document(path, root[0], text, root[1])


_SCALAR, _MAPPING_START, _SEQUENCE_START = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MAPPING_END, _SEQUENCE_END = yaml.MappingEndEvent, yaml.SequenceEndEvent
_NO_KEY = object()

_YAML_PROBLEMS = {
    "mapping values are not allowed": "这里不能出现冒号（值里有“: ”时请给整个值加引号）",
    "could not find expected ':'": "缺少冒号“:”",
    "found character '\\t' that cannot start any token": "出现了制表符（Tab）",
    "found undefined alias": "用了未定义的别名",
    "did not find expected key": "缩进不一致，或列表项前少了“- ”",
    "did not find expected '-' indicator": "缩进不一致，或列表项前少了“- ”",
    "found unexpected end of stream": "引号或括号没有闭合",
    "found unknown escape character": "双引号里有无效的转义字符（反斜杠）；可以改用单引号",
    "found character that cannot start any token": "出现了不能放在值开头的字符（如 @ 或 `）；请给整个值加引号",
    "found character '@' that cannot start any token": "出现了不能放在值开头的字符（如 @ 或 `）；请给整个值加引号",
    "did not find expected ',' or ']'": "方括号列表 [...] 没有闭合，或项之间少了逗号",
    "did not find expected ',' or '}'": "花括号 {...} 没有闭合，或项之间少了逗号",
    "found a tab character that violates indentation": "出现了制表符（Tab）缩进",
    "found unknown directive name": "以 % 开头的行是 YAML 指令；请删除它，或给值加引号",
    "exceeded maximum nesting depth": "嵌套层数太多",
    "while scanning a quoted scalar": "引号没有闭合",
    "while scanning a simple key": "缺少冒号“:”",
}


def _describe(exc: yaml.MarkedYAMLError) -> str:
    text = str(exc.problem or exc.context or "")
    for english, chinese in _YAML_PROBLEMS.items():
        if text.startswith(english):
            return chinese
    return text


def load_file(path: Path | str, shown_as: str) -> Document:
    return parse(shown_as, decode(shown_as, read_limited(path, shown_as)))


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # O_BINARY: Windows, which would translate line ends


def read_limited(path: Path | str, shown_as: str) -> bytes:
    """The file's bytes, never more than the limit (plus one, to tell it was over), whatever its size.

    Plain os calls rather than a buffered file object (a tenth of a second at 10,000 files), and
    the file's own size as the first request, not the limit: a 1 MiB request allocates 1 MiB per
    file. A file larger than it says (a device, a file being written) is read on up to the limit."""
    limit = MAX_FILE_BYTES + 1
    try:
        fd = os.open(path, _READ_FLAGS)
        try:
            request = min(os.fstat(fd).st_size, MAX_FILE_BYTES) + 1
            parts, total = [], 0
            while total < limit:
                chunk = os.read(fd, min(request, limit - total))
                if not chunk:
                    break
                parts.append(chunk)
                total += len(chunk)
                request = limit - total
        finally:
            os.close(fd)
    except OSError as exc:
        raise _problem(shown_as, 1, 1, f"无法读取文件：{exc.strerror}") from None
    return parts[0] if len(parts) == 1 else b"".join(parts)
