"""Real validation messages for the contributing guide (/about/contributing/) and its page on
the validator's messages (/about/contributing/errors/).

Each common mistake is made in a small example file next to a copy of the real site.yml and
offices.yml, and the whole tree goes through `load_portal`, exactly as `portal validate` runs.
The guide shows what the validator prints today, so its examples cannot go stale.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from string import Template

from portal.load.reader import load_file
from portal.load.problems import InvalidData, Problem
from portal.load.portal import load_portal


@dataclass(frozen=True)
class Mistake:
    """A line written wrongly: `right` is in the example file, `wrong` replaces it ("" deletes it)."""

    title: str
    right: str
    wrong: str
    file: str = "item"  # "item": a rectification item; "timeline": data/timeline.yml


MISTAKES = (
    Mistake("日期写成了其他格式", "deadline: 2014-06-30", "deadline: 2014/6/30"),
    Mistake("冒号用了中文全角“：”", "deadline: 2014-06-30", "deadline：2014-06-30"),
    Mistake("状态不在可选值里", "    status: 已完成", "    status: 办结"),
    Mistake("科室写了名称而不是编号", "office: $office", "office: $office_name"),
    Mistake("责任人写了个人姓名", "owner: $office_name负责人", "owner: 张三"),
    Mistake("漏写了必填字段", "owner: $office_name负责人", ""),
    Mistake("已完成的进展没写说明", "    note: 午间轮班已实行，窗口中午照常办理业务。", ""),
    Mistake("年份写错，日期晚于今天", "  - date: 2014-06-20", "  - date: 2041-06-20"),
    Mistake("文字里的数字没加引号", '  group: "3"', "  group: 3"),
    Mistake("时刻没加引号", '      end_time: "10:30"', "      end_time: 10:30", file="timeline"),
)
"""The mistakes the guide walks through, in the order it shows them."""

QUOTED_VALUES = ("no", "yes", "on", "off", "True", "010", "08", "1e3", "1_000", "2014-04-10", "2014-4-9", "10:30")
"""Values that need quotes in a text field; each is tried without them in origin.group."""

ITEM = Template("""\
id: $id
title: 服务大厅午间不办公，群众办事不便
description: 群众反映，服务大厅中午十二点到下午两点不办理业务，上班族只能请假办事。
origin:
  kind: 来信来访
  group: "3"
office: $office
owner: $office_name负责人
received_on: 2014-05-06
deadline: 2014-06-30
measures:
  - 窗口实行午间轮班，中午不停办
updates:
  - date: 2014-05-06
    status: 已受理
    note: 已登记，进入整改台账。
  - date: 2014-06-20
    status: 已完成
    note: 午间轮班已实行，窗口中午照常办理业务。
sources:
  - 示例（用于说明校验提示）
illustrative: true
""")

TIMELINE = """\
events:
  - id: zhouwu-xuexi
    title: 每周五集中学习
    kind: 学习
    recurrence:
      weekday: 周五
      start_time: "08:30"
      end_time: "10:30"
      starts_on: 2014-04-11
      ends_on: 2014-06-27
    summary: 全体党员干部集中学习。
    sources:
      - 示例（用于说明校验提示）
"""


@dataclass(frozen=True)
class Shown:
    """A mistake as the guide shows it: the lines around it, and what the validator said."""

    mistake: Mistake
    path: str  # data/rectification/ZG-2014-901.yml
    right: str
    wrong: str
    line: int  # where the wrong line is (or was, when the mistake deletes it)
    excerpt: tuple[tuple[int, str], ...]  # (line number, text) around it
    problems: tuple[Problem, ...]


def _apply(text: str, right: str, wrong: str) -> tuple[str, int]:
    """text with the line `right` replaced by `wrong` (or deleted), and that line's number."""
    lines = text.split("\n")
    if lines.count(right) != 1:
        raise ValueError(f"the example file must hold the line {right!r} exactly once")
    index = lines.index(right)
    if wrong:
        lines[index] = wrong
    else:
        del lines[index]
    return "\n".join(lines), index + 1


def _excerpt(text: str, line: int, around: int = 2) -> tuple[tuple[int, str], ...]:
    lines = text.split("\n")
    first, last = max(1, line - around), min(len(lines), line + around)
    return tuple((n, lines[n - 1]) for n in range(first, last + 1) if lines[n - 1] or n < last)


def _first_office(root: Path) -> dict:
    return load_file(root / "data" / "offices.yml", "data/offices.yml").data["offices"][0]


def _tree(root: Path, tmp: Path) -> Path:
    """A data tree of the real site and offices files, to put example files in."""
    (tmp / "data" / "rectification").mkdir(parents=True)
    for name in ("site.yml", "offices.yml"):
        shutil.copyfile(root / "data" / name, tmp / "data" / name)
    return tmp


def _problems(tree: Path) -> list[Problem]:
    try:
        load_portal(tree)
    except InvalidData as exc:
        return exc.problems
    return []


def show_mistakes(root: Path) -> list[Shown]:
    """Every mistake of MISTAKES, made in its own file and run through the validator at once."""
    office = _first_office(root)
    values = {"office": office["id"], "office_name": office["name"]}
    with tempfile.TemporaryDirectory(prefix="portal-examples-") as tmp:
        tree = _tree(root, Path(tmp))
        made = []
        timeline = TIMELINE
        for number, mistake in enumerate(MISTAKES, start=901):
            right, wrong = (Template(s).substitute(values) for s in (mistake.right, mistake.wrong))
            if mistake.file == "timeline":
                timeline, line = _apply(timeline, right, wrong)
                made.append((mistake, "data/timeline.yml", right, wrong, timeline, line))
            else:
                text, line = _apply(ITEM.substitute(values, id=f"ZG-2014-{number}"), right, wrong)
                path = f"data/rectification/ZG-2014-{number}.yml"
                (tree / path).write_text(text, encoding="utf-8")
                made.append((mistake, path, right, wrong, text, line))
        (tree / "data" / "timeline.yml").write_text(timeline, encoding="utf-8")
        problems = _problems(tree)
    return [
        Shown(mistake, path, right, wrong, line, _excerpt(text, line), tuple(p for p in problems if p.path == path))
        for mistake, path, right, wrong, text, line in made
    ]


def show_quoted(root: Path) -> list[tuple[str, Problem | None]]:
    """What the validator says about each value of QUOTED_VALUES written without quotes."""
    office = _first_office(root)
    with tempfile.TemporaryDirectory(prefix="portal-examples-") as tmp:
        tree = _tree(root, Path(tmp))
        (tree / "data" / "timeline.yml").write_text(TIMELINE, encoding="utf-8")
        paths = []
        for number, value in enumerate(QUOTED_VALUES, start=951):
            text = ITEM.substitute(id=f"ZG-2014-{number}", office=office["id"], office_name=office["name"])
            text, _ = _apply(text, '  group: "3"', f"  group: {value}")
            path = f"data/rectification/ZG-2014-{number}.yml"
            (tree / path).write_text(text, encoding="utf-8")
            paths.append(path)
        problems = _problems(tree)
    found = {p.path: p for p in problems}
    return [(value, found.get(path)) for value, path in zip(QUOTED_VALUES, paths, strict=True)]


DICTIONARY = "../../data/"
"""The data dictionary, from /about/contributing/errors/ where the examples are shown."""

KIND_OF_FILE = {"item": "rectification", "timeline": "timeline"}
"""The dictionary's kind of each example file (Mistake.file)."""


def dictionary_link(shown: Shown) -> str | None:
    """Where the data dictionary describes the field a mistake's problem names, if it names one:
    "../../data/rectification/#rectification-deadline"."""
    from portal.render import dictionary

    field = shown.problems[0].field if shown.problems else ""
    if not field:
        return None
    kind = KIND_OF_FILE[shown.mistake.file]
    _, _, _, fields = next(k for k in dictionary.kinds() if k[0] == kind)
    rows = {dictionary.row_id(kind, doc.path) for doc in dictionary.walk(fields)}
    anchor = dictionary.row_id(kind, field)
    return f"{DICTIONARY}{dictionary.row_page(kind, field)}#{anchor}" if anchor in rows else None


def render(root: Path) -> dict[str, str]:
    """The HTML the guides' markers are replaced with, by marker name."""
    from portal.render.pages import environment

    env = environment()
    shown = show_mistakes(root)
    links = [dictionary_link(s) for s in shown]
    return {
        "sample": env.get_template("validation_sample.html.j2").render(problem=shown[0].problems[0]),
        "anatomy": env.get_template("validation_anatomy.html.j2").render(problem=shown[0].problems[0],
                                                                         dictionary=DICTIONARY),
        "mistakes": env.get_template("validation_examples.html.j2").render(shown=zip(shown, links)),
        "quoted": env.get_template("quoted_values.html.j2").render(rows=show_quoted(root)),
    }
