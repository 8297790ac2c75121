"""How a text value is written: a `#` comment after it on the same line is refused.

YAML ends a plain value at “ #” and drops the rest as a comment, so `note: 正在统一文本 #3号文件已下发`
would publish without “#3号文件已下发”. The reader notes every value a comment follows
(portal/load/reader.py, Document.commented); here the ones in free-text fields are refused. After a
choice or an id (`status: 已受理  # 可选：…`, as the templates of `portal new` write) a comment cuts nothing.
"""

from __future__ import annotations

import functools
import typing
from typing import Any

from pydantic import BaseModel

from portal.load.problems import Problem, field_path
from portal.load.reader import Document
from portal.checks import messages
from portal.model.types import Role, Text

FREE_TEXT = (Text, Role)


def check(documents: list[tuple[Document, type[BaseModel]]]) -> list[Problem]:
    problems = []
    for doc, model in documents:
        for loc, (line, column) in doc.commented:
            if _is_free_text(model, loc):
                comment = doc.text.split("\n")[line - 1][column - 1:].strip()
                shown = comment if len(comment) <= 30 else comment[:30] + "……"
                problems.append(Problem(
                    doc.path, line, column, field_path(loc), messages.label(model, loc),
                    f"值后面的“{shown}”被 YAML 当作注释丢掉了，不会公开；如果它是正文，请给整个值加引号；"
                    "如果是注释，请把它移到单独的一行"))
    return problems


def _is_free_text(model: type[BaseModel], loc: tuple) -> bool:
    hint: Any = model
    for part in loc:
        if isinstance(part, int):
            hint = _unwrap(hint, list_item=True)
            continue
        owner = _unwrap(hint)
        if not (isinstance(owner, type) and issubclass(owner, BaseModel)):
            return False
        hint = _hints(owner).get(part)
        if hint is None:
            return False
    return _unwrap(_unwrap(hint), list_item=True) in FREE_TEXT


@functools.cache
def _hints(model: type[BaseModel]) -> dict[str, Any]:
    return typing.get_type_hints(model, include_extras=True)


def _unwrap(hint: Any, list_item: bool = False) -> Any:
    """Optional[X] -> X; list[X] -> X when list_item."""
    if typing.get_origin(hint) is typing.Union:
        args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        hint = args[0] if len(args) == 1 else hint
    if list_item and typing.get_origin(hint) is list:
        hint = typing.get_args(hint)[0]
    return hint
