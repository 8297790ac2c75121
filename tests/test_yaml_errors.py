"""YAML syntax errors are reported in Chinese, at the line where the mistake is (portal.load.syntax).

Staff edit the data by hand: a quote, bracket or colon typed wrong must be pointed out where it was
typed, not where libyaml happened to notice it, and no English from libyaml may reach them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import AS_OF, PROJECT
from portal.load import syntax as yaml_errors
from portal.load.reader import LoadError, parse
from portal.load.problems import InvalidData
from portal.load.portal import load_portal

# One input per problem libyaml can report: the problem's English start, and a file that provokes it.
PROVOKE = {
    "found character that cannot start any token": "a: `b\n",
    "could not find expected ':'": "a: b\nc\nd: e\n",
    "block sequence entries are not allowed": "a: - b\n",
    "mapping keys are not allowed": "a: ? b\n",
    "mapping values are not allowed": "a: b: c\n",
    "found unknown directive name": "%FOO bar\n---\na: b\n",
    "did not find expected comment or line break": "a: |x\n  b\n",
    "could not find expected directive name": "% \n---\na: b\n",
    "found unexpected non-alphabetical character": "%YA@ML\n---\na: b\n",
    "did not find expected digit or '.' character": "%YAML 1,1\n---\na: b\n",
    "found extremely long version number": "%YAML 1234567890.1\n---\na: b\n",
    "did not find expected version number": "%YAML x\n---\na: b\n",
    "did not find expected whitespace or line break": "a: !<foo>x b\n",
    "did not find expected whitespace": "%TAG !x!y\n---\na: b\n",
    "did not find expected alphabetic or numeric character": "a: & b\n",
    "did not find the expected '>'": "a: !<foo b\n",
    "did not find expected '!'": "%TAG x y\n---\na: b\n",
    "did not find expected tag URI": "a: !<> b\n",
    "did not find URI escaped octet": "a: !foo%zz b\n",
    "found an incorrect leading UTF-8 octet": "a: !foo%ff b\n",
    "found an incorrect trailing UTF-8 octet": "a: !foo%c3%41 b\n",
    "found an indentation indicator equal to 0": "a: |0\n  b\n",
    "found a tab character where an indentation space is expected": "a: |\n\tb\n",
    "found unexpected document indicator": "a: \"b\n---\nc\"\n",
    "found unexpected end of stream": "a: \"b\n",
    "found unknown escape character": "a: \"\\q\"\n",
    "did not find expected hexdecimal number": "a: \"\\xZZ\"\n",
    "found invalid Unicode character escape code": "a: \"\\UFFFFFFFF\"\n",
    "found a tab character that violates indentation": "a:\n  b\n\tc\n",
    "exceeded maximum nesting depth": "a: " + "[" * 1100 + "\n",
    "did not find expected <document start>": "a: b\n...\nc\n",
    "found undefined tag handle": "a: !x!y b\n",
    "did not find expected node content": "a: ]\n",
    "did not find expected '-' indicator": "- a\nb: c\n",
    "did not find expected key": "a:\n  b: c\n d: e\n",
    "did not find expected ',' or ']'": "a: [b\n",
    "did not find expected ',' or '}'": "a: {b: c\n",
    "found duplicate %YAML directive": "%YAML 1.1\n%YAML 1.1\n---\na: b\n",
    "found incompatible YAML document": "%YAML 2.0\n---\na: b\n",
    "found duplicate %TAG directive": "%TAG !x! y\n%TAG !x! y\n---\na: b\n",
}
UNREACHABLE = {
    "did not find expected <stream-start>": "PyYAML always starts the stream itself",
    "found unexpected ':'": "libyaml before 0.2.1 only",
    "Maximum nesting level reached": "libyaml 0.2.6's parser limit; its scanner's flow limit comes first",
    "expected '<document start>'": "the pure-Python parser's wording",
    "expected the node content": "the pure-Python parser's wording",
    "expected <block end>": "the pure-Python parser's wording",
    "expected ',' or ']'": "the pure-Python parser's wording",
    "expected ',' or '}'": "the pure-Python parser's wording",
}
ALLOWED_LATIN = {"YAML", "Tab", "UTF", "BOM"}


def english_words(message: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]{3,}", message) if w not in ALLOWED_LATIN]


def problem_of(text: str):
    with pytest.raises(LoadError) as caught:
        parse("data/x.yml", text)
    return caught.value.problem


def test_every_problem_libyaml_can_report_is_provoked_or_explained_as_unreachable():
    known = set(yaml_errors.SCANNER) | set(yaml_errors.PARSER)
    assert known == set(PROVOKE) | set(UNREACHABLE)


@pytest.mark.parametrize("english", sorted(PROVOKE))
def test_each_libyaml_problem_reaches_staff_in_chinese_only(english):
    text = PROVOKE[english]
    with pytest.raises(yaml.MarkedYAMLError) as raw:  # the input provokes exactly this problem
        list(yaml.parse(text, Loader=yaml.CSafeLoader))
    assert str(raw.value.problem).startswith(english)
    problem = problem_of(text)
    assert problem.message.startswith("YAML 格式错误：")
    assert yaml_errors.GENERAL not in problem.message, "a known problem got the general sentence"
    assert english_words(problem.message) == [], problem.message
    assert "请" in problem.message  # says what to do


def test_an_unknown_libyaml_problem_still_gets_a_chinese_sentence():
    error = yaml.MarkedYAMLError(problem="some future problem", problem_mark=yaml.Mark("x", 0, 0, 0, None, None))
    line, column, message = yaml_errors.locate("a: b\n", error, yaml.CSafeLoader)
    assert (line, column) == (1, 1)
    assert english_words(message) == []


# --- the mistake's own line, for every `key: value` line of the real data --------------------------

FIELD_LINE = re.compile(r"^(\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*)(: )(\S.*)$")
DATA_FILES = sorted((PROJECT / "data").rglob("*.yml"))


def field_lines():
    for path in DATA_FILES:
        lines = path.read_text(encoding="utf-8").split("\n")
        for index, line in enumerate(lines):
            match = FIELD_LINE.match(line)
            if match:
                yield path, lines, index, match


def test_the_real_data_has_hundreds_of_field_lines_to_break():
    assert sum(1 for _ in field_lines()) > 500


@pytest.mark.parametrize("opener", ['"', "'", "[", "{"])
def test_an_unclosed_quote_or_bracket_is_reported_where_it_opened_on_every_line_of_the_data(opener):
    wrong = []
    for path, lines, index, match in field_lines():
        if match.group(3).startswith(("|", ">", "[", "{", '"', "'")):
            continue
        if opener in "[{" and any(c in match.group(3) for c in "[]{}"):
            continue  # `field: [updates[1].date`: the value's own brackets make it another mistake (a missing comma)
        broken = [*lines[:index], match.group(1) + ": " + opener + match.group(3), *lines[index + 1:]]
        try:
            parse(path.name, "\n".join(broken))
            wrong.append((path.name, index + 1, "accepted"))
            continue
        except LoadError as exc:
            problem = exc.problem
        where = (index + 1, len(match.group(1)) + 3)
        if (problem.line, problem.column) != where or f"第 {where[0]} 行第 {where[1]} 列开始的" not in problem.message:
            wrong.append((path.name, index + 1, problem.line, problem.message))
    assert wrong == []


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory):
    root = tmp_path_factory.mktemp("portal")
    shutil.copytree(PROJECT / "data", root / "data")
    return root


@pytest.mark.parametrize("colon", ["：", ":", " "], ids=["fullwidth-colon", "no-space", "no-colon"])
def test_a_line_with_a_wrong_or_missing_colon_is_reported_on_that_line(colon, data_copy):
    wrong = []
    for path, lines, index, match in field_lines():
        broken = "\n".join([*lines[:index], match.group(1) + colon + match.group(3), *lines[index + 1:]])
        try:
            parse(path.name, broken)
        except LoadError as exc:
            if exc.problem.line != index + 1:
                wrong.append((path.name, index + 1, exc.problem.line, exc.problem.message))
            continue
        # Still YAML (a list item that became text): the validator names the line, and why.
        target = data_copy / path.relative_to(PROJECT)
        original = target.read_text(encoding="utf-8")
        target.write_text(broken, encoding="utf-8")
        try:
            load_portal(data_copy, AS_OF)
            wrong.append((path.name, index + 1, "valid"))
        except InvalidData as exc:
            mine = [p for p in exc.problems if p.path.endswith(path.name)]
            if [p.line for p in mine] != [index + 1] or "冒号" not in mine[0].message:
                wrong.append((path.name, index + 1, [str(p) for p in mine]))
        finally:
            target.write_text(original, encoding="utf-8")
    assert wrong == []


# --- messages for the common slips ------------------------------------------------------------------


def test_a_fullwidth_colon_is_named_as_such():
    problem = problem_of("title: 标题\ncategory：生育服务\nsummary: 说明\n")
    assert (problem.line, problem.column) == (2, 1)
    assert "全角冒号“：”" in problem.message


def test_a_colon_without_a_space_says_to_add_the_space():
    problem = problem_of("title: 标题\ncategory:生育服务\nsummary: 说明\n")
    assert problem.line == 2 and "冒号后面少了空格" in problem.message


def test_an_unclosed_quote_names_where_it_opened_and_where_the_reader_noticed():
    problem = problem_of('title: "标题\ncategory: 生育服务\nsummary: "说明"\noffice: a\n')
    assert (problem.line, problem.column) == (1, 8)
    assert "第 1 行第 8 列开始的双引号" in problem.message and "读到第 3 行" in problem.message


def test_a_spaces_only_line_deeper_than_a_literal_blocks_text_is_pointed_at():
    problem = problem_of("title: 标题\nbody: |\n        \n  第一条\nnext: x\n")
    assert (problem.line, problem.column) == (3, 1)
    assert "只有空格" in problem.message


def test_a_field_name_longer_than_1024_characters_is_explained():
    problem = problem_of("a" * 1100 + ": b\n")
    assert "1024" in problem.message and english_words(problem.message) == []
