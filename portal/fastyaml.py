"""A fast reader for the plain block YAML that data files are written in, or None when unsure.

PyYAML's C parser spends about a microsecond per event, and turning its events into Python
objects costs as much again: 10,000 rectification items took 2.4 s to read, most of the
validation time (docs/performance.md). The files staff write, `portal new` stubs and the editor's
formatter all use one small part of YAML: block mappings with simple field names, block sequences,
single-line plain or quoted values, literal blocks (`|`) and the empty `[]`/`{}`. This module
reads exactly that part, line by line, and answers None for anything else: a flow collection, a
multi-line plain or quoted value, a folded block, an escape, an anchor, a tag, a duplicate field,
a stray indentation, a character YAML treats specially. `portal.loader` then reads the file with
the event-stream loader, which is the reference: it gives the same data (tests/test_fastyaml.py
compares the two on every fixture, the real data and generated documents) and every error message.

Plain values are resolved by the same `resolve_scalar` as the reference loader (most need no call:
a value starting with a Chinese character is text); quoted and block values are text.
"""

from __future__ import annotations

import re
from portal.scalars import SPECIAL_FIRST, resolve_scalar

# Anything that YAML reads as a line break, a control character, a tab, a byte order mark or an
# escape sends the whole file to the reference loader.
_UNSURE_TEXT = re.compile("[\x00-\x08\t\x0b-\x1f\x7f-\x9f\\\\\ufeff\ufffe\uffff\u2028\u2029\ud800-\udfff]")
# Every line: indentation, an optional sequence dash with its spaces, an optional simple field
# name with its colon, and the rest. One findall over the file gives one tuple per line.
_LINES = re.compile(r"^( *)(- +|-$)?(?:([A-Za-z_][A-Za-z0-9_]*):(?: +|$))?(.*)$", re.MULTILINE)
_DOUBLE = re.compile(r'"([^"]*)" *(?:#.*)?')
_SINGLE = re.compile(r"'((?:[^']|'')*)' *(?:#.*)?")
_BLOCK = re.compile(r"\|(-?) *(?:#.*)?")  # "keep" (|+) and explicit indentation are left to the reference
_EMPTY_FLOW = {"[]": list, "{}": dict}
# a plain value may not start with these (indicators, quotes, flow brackets, a dash or colon)
_INDICATOR_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`")
_NOT_TEXT_FIRST = _INDICATOR_FIRST | SPECIAL_FIRST
MAX_DEPTH = 32


class _Unsure(Exception):
    """Outside the subset this reader knows: the reference loader decides."""


def read(text: str) -> dict | None:
    """The file's data as the reference loader would build it, or None to ask the reference."""
    if _UNSURE_TEXT.search(text):
        return None
    lines = text.split("\n")
    found = _LINES.findall(text)
    if len(found) != len(lines):  # pragma: no cover - one match per line is the pattern's design
        return None
    # the significant lines: (indentation, dash width, field name, rest, line number)
    toks = [(len(indent), len(dash), name, rest.rstrip(" "), number)
            for number, (indent, dash, name, rest) in enumerate(found)
            if name or dash or (rest and rest[0] != "#")]  # rest starts after the indentation's spaces
    toks.append((-1, 0, "", "", len(lines)))  # the end, less indented than anything
    if toks[0][0] != 0 or toks[0][1] or not toks[0][2]:
        return None  # empty, indented, a list or a lone value at the top: the reference explains
    try:
        data, i = _mapping(toks, lines, 0, 0, 1, None)
    except _Unsure:
        return None
    return data if i == len(toks) - 1 else None


def _mapping(toks, lines, i, indent, depth, first):
    """Fields at `indent` from toks[i]; `first` is (name, rest) already read after a dash."""
    if depth > MAX_DEPTH:
        raise _Unsure
    result: dict = {}
    while True:
        if first is not None:
            name, rest = first
            first = None
        else:
            line_indent, dash, name, rest, _ = toks[i]
            if line_indent < indent:
                return result, i
            if line_indent > indent or dash or not name:
                raise _Unsure  # a stray indentation, or a list item or a value where a field belongs
        if name in result:
            raise _Unsure  # a duplicate field: the reference names both lines
        if (rest and rest[0] not in _NOT_TEXT_FIRST and " #" not in rest and ": " not in rest
                and rest[-1] != ":" and toks[i + 1][0] <= indent):
            result[name] = rest  # one line of plain text, the common case, without a call (_plain_text)
            i += 1
        else:
            result[name], i = _value(toks, lines, i, rest, indent, depth, True)


def _sequence(toks, lines, i, indent, depth):
    if depth > MAX_DEPTH:
        raise _Unsure
    result: list = []
    while True:
        line_indent, dash, name, rest, _ = toks[i]
        if line_indent < indent or (line_indent == indent and not dash):
            return result, i
        if line_indent > indent or not dash:
            raise _Unsure
        if name:  # "- field: value" opens a mapping at the field's column
            value, i = _mapping(toks, lines, i, indent + dash, depth + 1, (name, rest))
        else:
            value, i = _value(toks, lines, i, rest, indent, depth, False)
        result.append(value)


def _plain_text(rest: str) -> bool:
    """Plain text with nothing to resolve, the common case: no indicator first, no comment, no colon."""
    return bool(rest) and rest[0] not in _NOT_TEXT_FIRST and " #" not in rest and ": " not in rest and rest[-1] != ":"


def _value(toks, lines, i, rest, indent, depth, in_mapping):
    """The value after "field:" or "-" on toks[i], with what it owns below; and the next token."""
    if not rest or rest[0] == "#":
        below, dash = toks[i + 1][0], toks[i + 1][1]
        if below > indent:
            if dash:
                return _sequence(toks, lines, i + 1, below, depth + 1)
            return _mapping(toks, lines, i + 1, below, depth + 1, None)
        if below == indent and in_mapping and dash:
            return _sequence(toks, lines, i + 1, below, depth + 1)  # a list at its field's indentation
        return None, i + 1  # an empty value, as resolve_scalar reads it
    first = rest[0]
    if _plain_text(rest):
        match, value = True, rest
    elif first == '"':
        match = _DOUBLE.fullmatch(rest)
        value = match and match.group(1)
    elif first == "'":
        match = _SINGLE.fullmatch(rest)
        value = match and match.group(1).replace("''", "'")
    elif first == "|":
        match = _BLOCK.fullmatch(rest)
        if match is None:
            raise _Unsure
        return _literal(toks, lines, i, indent, match.group(1))
    elif rest in _EMPTY_FLOW:
        match, value = True, _EMPTY_FLOW[rest]()
    elif first in _INDICATOR_FIRST:
        raise _Unsure
    else:
        comment = rest.find(" #")
        if comment != -1:
            rest = rest[:comment].rstrip(" ")
        if ": " in rest or rest[-1] == ":":
            raise _Unsure
        match, value = True, resolve_scalar(rest, True)
    if not match or toks[i + 1][0] > indent:
        raise _Unsure  # an unclosed quote, text after it, or a value continued on the next line
    return value, i + 1


def _literal(toks, lines, i, indent, chomping):
    """A literal block (`|` or `|-`): the lines below, less their common indentation."""
    start = at = toks[i][4] + 1
    content_indent = None
    while at < len(lines):
        line = lines[at]
        stripped = line.lstrip(" ")
        if stripped:
            line_indent = len(line) - len(stripped)
            if content_indent is None:
                if line_indent <= indent:
                    break
                content_indent = line_indent
            elif line_indent < content_indent:
                break
        at += 1
    if content_indent is None:
        raise _Unsure  # an empty block
    body = lines[start:at]
    if any(len(line) > content_indent and not line.strip(" ") for line in body):
        raise _Unsure  # a line of only spaces deeper than the text: YAML's rules differ here
    text_lines = [line[content_indent:] for line in body]
    trailing = 0
    while text_lines and not text_lines[-1]:
        text_lines.pop()
        trailing += 1
    text = "\n".join(text_lines)
    if not chomping and not (at == len(lines) and trailing == 0):
        text += "\n"  # "clip": one line break, unless the file ends without one
    i += 1
    while toks[i][4] < at:  # the block's own lines were read as tokens too: past them
        i += 1
    if toks[i][0] > indent:
        raise _Unsure
    return text, i
