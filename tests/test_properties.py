"""Whatever is written into a data file, `load_portal` gives a Portal or InvalidData, fast.

Each example must finish within the deadline, so a hostile file (deep nesting, alias bombs)
cannot hang the build; and no other exception may escape, so staff never see a traceback.
"""

from __future__ import annotations

import copy
import re
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import ITEM_FILE, VALID, copy_valid
from portal.model.dataset import Portal
from portal.load.problems import InvalidData, Problem
from portal.load.portal import load_portal
from conftest import AS_OF

SETTINGS = settings(deadline=1000, max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def tree():
    """One copy of the valid tree for the module; each example rewrites only the item file."""
    with tempfile.TemporaryDirectory() as tmp:
        yield copy_valid(Path(tmp) / "site")


@pytest.fixture(scope="module")
def valid_item() -> dict:
    return yaml.safe_load((VALID / ITEM_FILE).read_text(encoding="utf-8"))


def outcome(root: Path) -> Portal | InvalidData:
    """The only two acceptable outcomes; anything else propagates and fails the test."""
    try:
        portal = load_portal(root, as_of=AS_OF)
    except InvalidData as exc:
        assert exc.problems, "InvalidData without problems"
        for problem in exc.problems:
            assert isinstance(problem, Problem)
            assert problem.path.startswith("data/")
            assert problem.line >= 1 and problem.column >= 1
            assert problem.message
        assert "Traceback" not in exc.report()
        return exc
    assert isinstance(portal, Portal)
    return portal


def write(root: Path, content: str | bytes) -> None:
    path = root / ITEM_FILE
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


# --- (a) arbitrary text and bytes -----------------------------------------------------------------


@SETTINGS
@given(st.text())
@example("0\t#")  # a bare scalar with a comment after it: the comment check once looked for a container
def test_any_text_gives_portal_or_invalid_data(tree, text):
    write(tree, text)
    outcome(tree)


@SETTINGS
@given(st.binary())
def test_any_bytes_give_portal_or_invalid_data(tree, data):
    write(tree, data)
    outcome(tree)


YAMLISH = st.sampled_from([":", ": ", "- ", "\n", "  ", "\t", "&a ", "*a", "!!str ", "!!python/object:os.system ",
                           "[", "]", "{", "}", ",", "? ", "|", ">", "#", "'", '"', "---\n", "...\n", "%YAML 1.1\n",
                           "id", "ZG-2014-002", "updates", "date", "status", "已完成", "no", "2014-02-30", "\ufeff"])


@SETTINGS
@given(st.lists(st.one_of(YAMLISH, st.text(max_size=5)), max_size=60).map("".join))
def test_yaml_shaped_text_gives_portal_or_invalid_data(tree, text):
    write(tree, text)
    outcome(tree)


# --- (b) arbitrary YAML structures -------------------------------------------------------------------

TRICKY = st.sampled_from(["no", "yes", "on", "off", "y", "n", "No", "NO", "true", "false", "null", "~", "",
                          "2014-04-10", "2014-02-30", "2014/6/1", "2014-4-1", "2014-04-10 08:30", "010", "0x1F",
                          "1_000", "1:30", "15:00", ".inf", ".nan", "-0", "1e3", "ZG-2014-001", "ZG-2014-002",
                          "walk-survey", "bangongshi", "已完成", "已受理", "../x", "王建国", "办公室主任", "* a", "&a"])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.dates(), st.datetimes(), st.text(max_size=20), TRICKY,
)
FIELDS = st.sampled_from(["id", "title", "description", "origin", "kind", "event", "office", "owner", "received_on",
                          "deadline", "measures", "updates", "date", "status", "note", "evidence", "url", "sources",
                          "illustrative", "reply", "withdrawn", "reason"])
KEYS = st.one_of(FIELDS, TRICKY, st.text(max_size=10), st.integers(), st.booleans(), st.dates())
STRUCTURES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(KEYS, children, max_size=5)),
    max_leaves=30,
)


def dump(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


@SETTINGS
@given(STRUCTURES)
def test_any_structure_gives_portal_or_invalid_data(tree, value):
    write(tree, dump(value))
    outcome(tree)


@SETTINGS
@given(st.dictionaries(FIELDS, STRUCTURES, max_size=12))
def test_any_mapping_of_item_fields_gives_portal_or_invalid_data(tree, value):
    write(tree, dump(value))
    outcome(tree)


# Where a mutation may land in a valid item: top-level fields and nested ones.
PLACES = [
    ("id",), ("title",), ("description",), ("origin",), ("origin", "kind"), ("office",), ("owner",),
    ("received_on",), ("deadline",), ("measures",), ("measures", 0), ("updates",), ("updates", 0),
    ("updates", 0, "date"), ("updates", 0, "status"), ("updates", 0, "note"), ("updates", 1, "date"),
    ("updates", 1, "status"), ("sources",), ("sources", 0), ("illustrative",), ("reply",), ("withdrawn",),
    ("origin", "event"), ("updates", 1, "evidence"),
]


def mutate(item: dict, place: tuple, value) -> dict:
    mutated = copy.deepcopy(item)
    target = mutated
    for part in place[:-1]:
        target = target[part]
    target[place[-1]] = value
    return mutated


@SETTINGS
@given(st.sampled_from(PLACES), STRUCTURES)
def test_a_valid_item_with_one_field_replaced_gives_portal_or_invalid_data(tree, valid_item, place, value):
    write(tree, dump(mutate(valid_item, place, value)))
    result = outcome(tree)
    if isinstance(result, InvalidData):  # the problem is in the mutated file, or follows from it
        assert any(p.path == ITEM_FILE for p in result.problems), result.report()


@SETTINGS
@given(st.sampled_from(PLACES), STRUCTURES)
def test_a_valid_item_with_one_field_replaced_and_the_fields_reordered(tree, valid_item, place, value):
    mutated = mutate(valid_item, place, value)
    reordered = dict(reversed(list(mutated.items())))
    write(tree, dump(reordered))
    outcome(tree)


def test_the_unmutated_item_is_valid(tree, valid_item):
    write(tree, dump(valid_item))
    assert isinstance(outcome(tree), Portal)


# --- hostile files ------------------------------------------------------------------------------------


def timed_outcome(root: Path) -> tuple[Portal | InvalidData, float]:
    start = time.perf_counter()
    result = outcome(root)
    return result, time.perf_counter() - start


DEEP_FLOW = "id: " + "[" * 50_000 + "]" * 50_000 + "\n"


def test_a_50000_deep_flow_sequence_is_refused_quickly(tree):
    write(tree, DEEP_FLOW)
    result, seconds = timed_outcome(tree)
    assert isinstance(result, InvalidData)
    assert [(p.path, p.line) for p in result.problems] == [(ITEM_FILE, 1)]
    assert seconds < 1.0


def test_a_50000_deep_flow_sequence_is_explained_in_chinese(tree):
    write(tree, DEEP_FLOW)
    result = outcome(tree)
    # libyaml stops at its own limit of 1000 levels before our 32-level check sees the events
    assert [str(p) for p in result.problems] == [
        f"{ITEM_FILE}:1:1004  YAML 格式错误：方括号或花括号套了太多层；请检查括号"]


def test_a_500_deep_block_mapping_is_refused_quickly(tree):
    write(tree, "".join("  " * i + "a:\n" for i in range(500)) + "  " * 500 + "a: b\n")
    result, seconds = timed_outcome(tree)
    assert isinstance(result, InvalidData)
    assert [str(p) for p in result.problems] == [f"{ITEM_FILE}:33:65  嵌套超过 32 层；请检查缩进"]
    assert seconds < 1.0


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_a_billion_laughs_alias_bomb_is_refused_quickly(tree):
    write(tree, BILLION_LAUGHS)
    result, seconds = timed_outcome(tree)
    assert isinstance(result, InvalidData)
    assert [str(p) for p in result.problems] == [f"{ITEM_FILE}:1:4  不支持 YAML 锚点（&a）；请删除它，把内容直接写出来"]
    assert seconds < 1.0


def test_aliases_without_anchors_are_refused_too(tree):
    write(tree, re.sub(r"&[a-i] ", "", BILLION_LAUGHS))
    result, seconds = timed_outcome(tree)
    assert isinstance(result, InvalidData)
    assert [str(p) for p in result.problems] == [f"{ITEM_FILE}:2:5  不支持 YAML 别名（*a）；请把内容直接写出来"]
    assert seconds < 1.0


def test_a_file_just_under_the_size_limit_is_read_quickly(tree):
    write(tree, "# " + "长" * 349_000 + "\nid: ZG-2014-002\n")
    result, seconds = timed_outcome(tree)
    assert isinstance(result, InvalidData)
    assert all(p.message for p in result.problems)
    assert seconds < 1.0
