"""A problem found in the data, and how it is shown to staff and to machines."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # data/rectification/ZG-2014-003.yml
    line: int
    column: int
    field: str  # English field path: updates[2].date
    label: str  # Chinese field name: 日期
    message: str  # what is wrong and what to write instead, in Chinese

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        if self.field:
            name = f"{self.field} {self.label}" if self.label else self.field
            return f"{where}  {name}: {self.message}"
        return f"{where}  {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


def field_path(loc: tuple) -> str:
    """('updates', 2, 'date') -> 'updates[2].date'"""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class InvalidData(Exception):
    """Raised with every problem at once; the message is what staff read."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"共发现 {count} 个问题，数据未发布。请逐条修改后重新运行 portal validate。")
        return "\n".join(lines)
