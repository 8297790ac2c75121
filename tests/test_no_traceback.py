"""Whatever a data file holds, `portal validate` exits 0 or 1 and `--format json` prints valid JSON.

The inputs go through the command's real entry point (`portal.cli.main`, what the `portal` script
calls): arbitrary text, and arbitrary YAML event streams put through PyYAML's emitter, with very
long field names, deep nesting in [] and {}, every control character and every Unicode space.
A few of the nastiest are also run as a separate process, as staff and CI run it.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import AS_OF, ITEM_FILE, copy_valid, run_portal
from portal.cli import main

SETTINGS = settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])

CONTROLS = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))]
SPACES = [c for c in map(chr, range(0x10000)) if c.isspace() or c in "\u200b\u200c\u200d\u2060\ufeff"]
HOSTILE = ["\u202a", "\u202e", "\u2066", "\u2069", "\ufffe", "\uffff", "\ufdd0", "\\e", "\\u202E", "\\x1b", "\\uFFFE"]
DIGITISH = list("①⑴⒈٣०〇一二三八零壹") + ["(at)", "＠", "。", "·", "/"]  # what the personal-data guard reads as digits or @
SPECIAL = st.sampled_from(CONTROLS + SPACES + HOSTILE + DIGITISH + list(":-#&*!|>'\"%@`[]{},?~\\") + ["\r\n", "：", "＃"])
TEXT = st.lists(st.one_of(SPECIAL, st.text(max_size=4)), max_size=12).map("".join)
LONG_KEY = st.integers(1000, 1100).map(lambda n: "k" * n)


@pytest.fixture(scope="module")
def tree():
    with tempfile.TemporaryDirectory() as tmp:
        yield copy_valid(Path(tmp) / "site")


def validate(root: Path, *extra: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["--root", str(root), "validate", "--as-of", AS_OF.isoformat(), *extra])
    return code, out.getvalue()


def check_both_formats(root: Path, content: str | bytes) -> None:
    path = root / ITEM_FILE
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    code, text = validate(root)
    assert code in (0, 1) and "Traceback" not in text
    code, text = validate(root, "--format", "json")
    assert code in (0, 1)
    report = json.loads(text)
    assert report["valid"] is (code == 0)
    assert all(p["path"] and p["line"] >= 1 and p["message"] for p in report["problems"])


@pytest.mark.slow  # 200 examples, each validated twice: 3 s
@SETTINGS
@given(TEXT)
def test_any_text_gives_an_exit_status_and_json(tree, text):
    check_both_formats(tree, text)


@pytest.mark.slow  # 200 examples, each validated twice: 3 s
@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_give_an_exit_status_and_json(tree, data):
    check_both_formats(tree, data)


# --- arbitrary event streams -------------------------------------------------------------------------

STYLES = st.sampled_from([None, None, "'", '"', "|", ">"])
ANCHOR = st.one_of(st.none(), st.none(), st.none(), st.just("a"))
TAG = st.one_of(st.none(), st.none(), st.none(), st.sampled_from(["!x", "tag:yaml.org,2002:str", "!!python/none"]))


def scalar(value=TEXT):
    return st.builds(lambda v, style, anchor, tag: [yaml.ScalarEvent(anchor, tag, (tag is None, tag is None), v, style=style)],
                     value, STYLES, ANCHOR, TAG)


def collection(children):
    sequence = st.builds(lambda items, flow: [yaml.SequenceStartEvent(None, None, True, flow_style=flow),
                                              *[e for item in items for e in item], yaml.SequenceEndEvent()],
                         st.lists(children, max_size=4), st.booleans())
    mapping = st.builds(lambda pairs, flow: [yaml.MappingStartEvent(None, None, True, flow_style=flow),
                                             *[e for k, v in pairs for e in (*k, *v)], yaml.MappingEndEvent()],
                        st.lists(st.tuples(scalar(st.one_of(TEXT, LONG_KEY)), children), max_size=4), st.booleans())
    return st.one_of(sequence, mapping)


NODES = st.recursive(scalar(), collection, max_leaves=12)


def deep(depth: int, flow: bool) -> list:
    opening = [yaml.MappingStartEvent(None, None, True, flow_style=flow), yaml.ScalarEvent(None, None, (True, True), "k"),
               yaml.SequenceStartEvent(None, None, True, flow_style=flow)]
    events = [yaml.ScalarEvent(None, None, (True, True), "v")]
    for _ in range(depth):
        events = [*opening, *events, yaml.SequenceEndEvent(), yaml.MappingEndEvent()]
    return events


DEEP = st.builds(deep, st.integers(28, 40), st.booleans())
ROOT = st.one_of(NODES, collection(NODES), DEEP)


def emitted(body: list) -> str | None:
    events = [yaml.StreamStartEvent(), yaml.DocumentStartEvent(), *body, yaml.DocumentEndEvent(), yaml.StreamEndEvent()]
    try:
        return yaml.emit(events, allow_unicode=True)
    except yaml.YAMLError:  # a stream the emitter cannot write (a style that cannot hold the text)
        return None


@pytest.mark.slow  # 200 examples, each validated twice: 6-7 s
@SETTINGS
@given(ROOT)
def test_any_yaml_event_stream_gives_an_exit_status_and_json(tree, body):
    text = emitted(body)
    assume(text is not None)
    check_both_formats(tree, text)


@pytest.mark.slow  # 200 examples, each validated twice: 8-9 s
@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["id", "title", "owner", "k" * 1030, "measures"]), ROOT), max_size=3))
def test_item_shaped_event_streams_give_an_exit_status_and_json(tree, fields):
    body = [yaml.MappingStartEvent(None, None, True, flow_style=False)]
    for name, value in fields:
        body += [yaml.ScalarEvent(None, None, (True, True), name), *value]
    body.append(yaml.MappingEndEvent())
    text = emitted(body)
    assume(text is not None)
    check_both_formats(tree, text)


# --- as a process, for the inputs that once gave a traceback ----------------------------------------

HOSTILE = {
    "long-key": "k" * 1100 + ": v\n",
    "long-key-in-item": "id: ZG-2014-002\n" + "t" * 1025 + ": x\n",
    "nesting-one-past-the-limit": "k: " + "[" * 33 + "]" * 33 + "\n",
    "nesting-past-libyaml": "k: " + "{a: " * 1200 + "\n",
    "every-control-character": "title: " + "".join(CONTROLS) + "\n",
    "every-unicode-space": "title: 甲" + "".join(SPACES) + "乙\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_command_never_prints_a_traceback(name, tmp_path):
    root = copy_valid(tmp_path / "site")
    (root / ITEM_FILE).write_text(HOSTILE[name], encoding="utf-8")
    text = run_portal("validate", cwd=root)
    assert text.returncode == 1 and "Traceback" not in text.stdout + text.stderr
    as_json = run_portal("validate", "--format", "json", cwd=root)
    assert as_json.returncode == 1 and as_json.stderr == ""
    assert json.loads(as_json.stdout)["problems"]


def test_usage_mistakes_exit_2(tmp_path):
    assert run_portal("validate", "--format", "xml", cwd=copy_valid(tmp_path / "site")).returncode == 2
    assert run_portal("validate", cwd=tmp_path).returncode == 2  # no data/ here



def test_a_file_name_that_is_not_utf8_is_a_problem_not_a_crash(tmp_path):
    root = copy_valid(tmp_path / "site")
    folder = bytes(root / "data" / "rectification")
    with open(folder + b"/ZG-2014-\xff\xfe.yml", "wb") as handle:  # as a GBK or Windows tool may name a file
        handle.write((root / ITEM_FILE).read_bytes())
    result = run_portal("validate", "--format", "json", cwd=root)
    assert result.returncode == 1 and result.stderr == ""
    [problem] = json.loads(result.stdout)["problems"]
    assert problem["path"].startswith("data/rectification/ZG-2014-") and "UTF-8" in problem["message"]
