"""Strict YAML loading: safe, unambiguous, and every value keeps its line and column.

The tree is built from PyYAML's event stream rather than its constructor, so anchors, aliases,
explicit tags, duplicate keys and deep nesting are refused before they can do harm (no alias
bombs, no recursion), and scalars are resolved deliberately (see `resolve_scalar`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from portal.problems import Problem

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32

try:  # libyaml's parser is several times faster; the pure-Python one gives the same events
    _Parser = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = yaml.SafeLoader


@dataclass(frozen=True)
class Ambiguous:
    """A plain scalar that YAML 1.1 tools read as something other than text (`no`, `on`, `010`)."""

    raw: str
    reads_as: str  # Chinese: what other YAML tools would make of it

    def __str__(self) -> str:
        return self.raw


@dataclass(frozen=True)
class BadDate:
    """A plain scalar shaped like a date that is no real day (2014-02-30)."""

    raw: str

    def __str__(self) -> str:
        return self.raw


@dataclass
class Node:
    """A position in the source: 1-based line and column, and the children by key or index."""

    line: int
    column: int
    children: dict[Any, "Node"] = field(default_factory=dict)
    key_positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    def find(self, loc: tuple) -> tuple[int, int]:
        """The position of the deepest node on `loc`; a missing key points at its mapping."""
        node = self
        for i, part in enumerate(loc):
            if part in node.children:
                node = node.children[part]
            elif part in node.key_positions and i == len(loc) - 1:
                return node.key_positions[part]
            else:
                break
        return node.line, node.column


@dataclass
class Document:
    path: str  # as shown to staff: relative to the project root, forward slashes
    data: dict
    root: Node

    def position(self, loc: tuple) -> tuple[int, int]:
        return self.root.find(loc)


class LoadError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$")
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}")
_BOOL_12 = {"true": True, "false": False}
_BOOL_11 = {"yes", "no", "on", "off", "y", "n"}
_NULL = {"", "~", "null"}
_OTHER_INT_11 = re.compile(r"^[-+]?(0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+|[1-9][0-9_]*(:[0-5]?[0-9])+|[0-9][0-9_]*_[0-9_]*)$")


def resolve_scalar(raw: str, plain: bool) -> Any:
    """Quoted and block scalars are always text. Plain ones follow YAML 1.2's core schema
    (true/false, null, decimal numbers, ISO dates); whatever YAML 1.1 tools would read
    differently (`no`, `on`, `010`, `1_000`, a time stamp) becomes `Ambiguous`, so that a text
    field asks for quotes and a yes/no field asks for true/false, instead of guessing."""
    if not plain:
        return raw
    lower = raw.lower()
    if lower in _NULL:
        return None
    if lower in _BOOL_12:
        return _BOOL_12[lower]
    if lower in _BOOL_11:
        return Ambiguous(raw, "是/否（布尔值）")
    if _INT.match(raw):
        return int(raw)
    if _OTHER_INT_11.match(raw):
        return Ambiguous(raw, "数字")
    if _FLOAT.match(raw):
        return Ambiguous(raw, "小数") if "_" in raw else float(raw)
    if _DATE.match(raw):
        try:
            year, month, day = (int(p) for p in raw.split("-"))
            return dt.date(year, month, day)
        except ValueError:
            return BadDate(raw)
    if _TIMESTAMP.match(raw):
        return Ambiguous(raw, "日期时间")
    return raw


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
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _problem(path, line, column, "文件不是 UTF-8 编码（可能是 GBK）；请在编辑器里另存为“UTF-8（无 BOM）”") from None
    for number, line_text in enumerate(text.split("\n"), start=1):
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
        raise _problem(path, line, column, "不支持 YAML 别名（*名称）；请把内容直接写出来")
    if isinstance(event, yaml.NodeEvent):
        if event.anchor is not None:
            raise _problem(path, line, column, f"不支持 YAML 锚点（&{event.anchor}）；请删除它，把内容直接写出来")
        if getattr(event, "tag", None) is not None:
            raise _problem(path, line, column, f"不支持 YAML 标签（{event.tag}）；请删除它")


def parse(path: str, text: str) -> Document:
    """Build plain Python data and its position tree from YAML text; raise LoadError on the first hazard.

    A stack of open containers replaces recursion, so depth is checked rather than overflowing."""
    stack: list[tuple[Any, Node, Any]] = []  # (container, its node, pending mapping key or _NO_KEY)
    root: tuple[Any, Node] | None = None
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_Parser):
            line, column = event.start_mark.line + 1, event.start_mark.column + 1
            documents += isinstance(event, yaml.DocumentStartEvent)
            _check_event(path, event, line, column, documents)
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                continue
            if not isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                continue
            scalar = isinstance(event, yaml.ScalarEvent)
            if scalar:
                value: Any = resolve_scalar(event.value, plain=not event.style and event.implicit[0])  # libyaml: "" = plain
            elif len(stack) >= MAX_DEPTH:
                raise _problem(path, line, column, f"嵌套超过 {MAX_DEPTH} 层；请检查缩进")
            else:
                value = {} if isinstance(event, yaml.MappingStartEvent) else []
            node = Node(line, column)
            if not stack:
                root = (value, node)
            else:
                container, parent, key = stack[-1]
                if isinstance(container, list):
                    parent.children[len(container)] = node
                    container.append(value)
                elif key is _NO_KEY:  # this event is a mapping key
                    if not scalar:
                        raise _problem(path, line, column, "字段名必须是简单的文字")
                    if event.value in parent.key_positions:
                        first = parent.key_positions[event.value][0]
                        raise _problem(path, line, column, f"字段“{event.value}”重复出现（第一次在第 {first} 行）；请删除其中一个")
                    parent.key_positions[event.value] = (line, column)
                    stack[-1] = (container, parent, event.value)
                    continue
                else:
                    parent.children[key] = node
                    container[key] = value
                    stack[-1] = (container, parent, _NO_KEY)
            if not scalar:
                stack.append((value, node, _NO_KEY))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise _problem(path, line, column, f"YAML 格式错误：{_describe(exc)}；请检查这一行和上一行的缩进、冒号和引号") from None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        raise _problem(path, 1, 1, f"YAML 无法读取：{exc}") from None
    if root is None or root[0] is None:
        raise _problem(path, 1, 1, "文件是空的；请按模板填写，或删除这个文件")
    if not isinstance(root[0], dict):
        kind = "列表" if isinstance(root[0], list) else "单个值"
        raise _problem(path, 1, 1, f"文件最外层是{kind}，应该是“字段: 值”的映射；请参照同类文件的写法")
    return Document(path, root[0], root[1])


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
}


def _describe(exc: yaml.MarkedYAMLError) -> str:
    text = str(exc.problem or exc.context or "")
    for english, chinese in _YAML_PROBLEMS.items():
        if text.startswith(english):
            return chinese
    return text


def load_file(path: Path, shown_as: str) -> Document:
    try:
        with path.open("rb") as handle:  # never read more than the limit, whatever the file's size
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _problem(shown_as, 1, 1, f"无法读取文件：{exc.strerror}") from None
    return parse(shown_as, decode(shown_as, raw))
