"""The fast reader (portal.fastyaml) gives exactly what the reference loader gives, or defers.

`portal.loader` reads a file with the fast reader first and with PyYAML's event stream only when
the fast reader answers None. So the one property that matters: whenever the fast reader answers,
its data equals the reference loader's, and the reference loader accepts the file. It is checked
on every YAML file of the project, on a synthetic portal, on documents generated in many styles,
and on random edits of a real file; and the fast reader must actually read the files staff write.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal import fastyaml, synthetic
from portal.loader import LoadError, parse
from portal.scalars import Ambiguous, BadDate

PROJECT = Path(__file__).resolve().parent.parent
SETTINGS = settings(deadline=1000, max_examples=300, suppress_health_check=[HealthCheck.too_slow])


def reference(text: str):
    """The event-stream loader's data (positions on: that path never consults the fast reader),
    or the LoadError it raises."""
    try:
        return parse("test.yml", text, positions=True).data
    except LoadError as exc:
        return exc


def assert_agrees(text: str) -> bool:
    """The fast reader defers or agrees with the reference; True when it answered."""
    fast = fastyaml.read(text)
    if fast is None:
        return False
    expected = reference(text)
    assert not isinstance(expected, LoadError), f"fast reader accepted what the reference refuses: {expected}\n{text}"
    assert fast == expected, text
    assert _types(fast) == _types(expected), text  # 1 and 1.0 and True compare equal; their types must not differ
    return True


def _types(value):
    if isinstance(value, dict):
        return {key: _types(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_types(child) for child in value]
    return type(value).__name__


def project_yaml() -> list[Path]:
    return sorted(p for folder in ("data", "tests/fixtures") for p in (PROJECT / folder).rglob("*.yml"))


def test_every_project_file_agrees():
    answered = [path for path in project_yaml() if assert_agrees(path.read_bytes().decode("utf-8", "replace"))]
    assert len(answered) > 60  # of the files that load at all, only a few use escapes or flow style


def test_the_real_data_is_read_by_the_fast_reader():
    """Staff's files use the plain block style: if the fast reader deferred on them, validation
    would silently fall back to the slow path (docs/performance.md)."""
    files = sorted((PROJECT / "data").rglob("*.yml"))
    deferred = [str(p.relative_to(PROJECT)) for p in files if fastyaml.read(p.read_text(encoding="utf-8")) is None]
    assert len(files) >= 30
    assert deferred == []


def test_a_synthetic_portal_agrees(tmp_path):
    made = synthetic.generate(tmp_path / "portal", 300, seed=7)
    files = sorted((made.root / "data").rglob("*.yml"))
    answered = sum(assert_agrees(p.read_text(encoding="utf-8")) for p in files)
    assert answered >= len(files) * 0.9


@pytest.mark.parametrize("text, expected", [
    ("a: 1\nb: 1.5\nc: true\nd: ~\ne:\nf: 2014-02-10\n", {"a": 1, "b": 1.5, "c": True, "d": None, "e": None, "f": dt.date(2014, 2, 10)}),
    ("a: '2014-02-10'\nb: \"no\"\nc: 'it''s'\n", {"a": "2014-02-10", "b": "no", "c": "it's"}),
    ("a: no\nb: 010\nc: 2014-02-30\n", {"a": Ambiguous("no", "是/否（布尔值）"), "b": Ambiguous("010", "数字"), "c": BadDate("2014-02-30")}),
    ("list:\n- 一\n- 二\nnext: 三  # 注释\n", {"list": ["一", "二"], "next": "三"}),
    ("updates:\n  - date: 2014-03-01\n    note: 已完成\n  -   status: 整改中\n      note: |\n        第一行\n\n        第三行\n", {
        "updates": [{"date": dt.date(2014, 3, 1), "note": "已完成"}, {"status": "整改中", "note": "第一行\n\n第三行\n"}]}),
    ("body: |-\n  正文\n# 注释\nempty: []\nnone: {}\n", {"body": "正文", "empty": [], "none": {}}),
    ("url: https://example.org/a#b\nmail: a@b.cn\n", {"url": "https://example.org/a#b", "mail": "a@b.cn"}),
])
def test_values_are_read_as_the_reference_reads_them(text, expected):
    assert fastyaml.read(text) == expected
    assert assert_agrees(text)


@pytest.mark.parametrize("text", [
    "a: [1, 2]\n", "a: {b: 1}\n", "a: &x 1\n", "a: *x\n", "a: !!str 1\n", "a: \"x\\ty\"\n", "a: >\n  folded\n",
    "a: |+\n  keep\n\n", "a: |2\n  x\n", "a: b\n  continued\n", "a: \"open\n  quote\"\n", "a: 1\na: 2\n",
    "---\na: 1\n", "- 1\n", "plain\n", "", "# only a comment\n", "a: b: c\n", "'quoted key': 1\n", "中文: 1\n",
    "a:\r\n  b: 1\r\n", "a: 1\n  b: 2\n", "a:\n    b: 1\n  c: 2\n", "? a\n: 1\n", "a: 'x' y\n", "a: x\u2028y\n",
    "%YAML 1.2\n---\na: 1\n", "a: @x\n", "a: `x`\n", "a: -x\n",
])
def test_outside_the_subset_the_reference_decides(text):
    assert fastyaml.read(text) is None


def test_nesting_deeper_than_the_limit_is_left_to_the_reference():
    deep = "".join(f"{'  ' * depth}k:\n" for depth in range(40)) + f"{'  ' * 40}k: 1\n"
    assert fastyaml.read(deep) is None
    assert isinstance(reference(deep), LoadError)


# --- generated documents --------------------------------------------------------------------------

NAMES = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)
TEXT = st.text(alphabet=st.sampled_from(list("中文办理服务 -:#'\"@.,[]{}|>!&*%?~01239abnoyNTF\\/\t")), max_size=12)
SCALARS = st.one_of(TEXT, st.integers(-10**6, 10**6), st.booleans(), st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)),
                    st.floats(allow_nan=False, allow_infinity=False, width=32))
DATA = st.recursive(SCALARS, lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(NAMES, children, max_size=4)), max_leaves=20)
DOCS = st.dictionaries(NAMES, DATA, min_size=1, max_size=6)


@SETTINGS
@given(DOCS, st.sampled_from(["pyyaml", "indent4", "literal"]), st.integers(0, 2**16))
def test_generated_documents_agree(doc, style, seed):
    # PyYAML writes lists at their field's indentation; indent=4 writes them indented
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6,
                          indent=4 if style == "indent4" else 2)
    if style == "literal":
        text = _with_literal_blocks(text, random.Random(seed))
    assert_agrees(text)


def _with_literal_blocks(text: str, rng: random.Random) -> str:
    """Rewrite some `key: value` lines as literal blocks, and add comments and blank lines."""
    out = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        key, sep, value = stripped.partition(": ")
        if sep and value and not key.startswith("-") and rng.random() < 0.4:
            out.append(f"{' ' * indent}{key}: |{rng.choice(['', '-'])}")
            out.extend(f"{' ' * (indent + 2)}{part}" for part in value.split(" "))
        else:
            out.append(line)
        if rng.random() < 0.1:
            out.append(rng.choice(["", "# 注释", "   # 缩进的注释"]))
    return "\n".join(out)


EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 3), st.sampled_from(list(" \n-:#'\"|>[]{}&*!?~中0a\t"))), max_size=4)


@SETTINGS
@given(EDITS)
def test_random_edits_of_a_real_file_agree(edits):
    text = (PROJECT / "data" / "rectification" / "ZG-2014-011.yml").read_text(encoding="utf-8")
    for at, delete, insert in edits:
        at %= len(text) + 1
        text = text[:at] + insert + text[at + delete:]
    assert_agrees(text)
