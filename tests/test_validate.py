"""`portal validate` against the golden invalid cases in tests/fixtures/invalid/.

Each case is the valid tree of tests/fixtures/valid/ with one kind of mistake laid over it (see
conftest.apply_case); its expected.txt holds the exact lines staff read, without the summary line,
and its must.txt, written by hand and never regenerated, names each problem's file, line, field and
the words that make its message right, so that regenerating expected.txt cannot approve a wrong one.
"""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import traceback
from pathlib import Path

import pytest

from conftest import AS_OF, GENERATED, INVALID, ITEM_FILE, apply_case, copy_valid, expected_lines, invalid_cases, run_portal
from portal.load.problems import InvalidData
from portal.load.portal import load_portal
from portal.cli import main

CASES = invalid_cases()
LINE = re.compile(r"^(?P<path>data/[^:]+):(?P<line>[0-9]+):(?P<column>[0-9]+)  \S")
PROBLEM = re.compile(r"^(?P<path>data/[^:]+):(?P<line>[0-9]+):[0-9]+  (?:(?P<field>[a-z_][a-z0-9_.\[\]]*)(?: [^:：“]+)?: )?(?P<message>.+)$")
"""A printed problem: place, then the English field path and its Chinese title when it has a field."""
MUST = re.compile(r"^(?P<path>data/.+?):(?P<line>[0-9]+)  (?P<field>\S+)  (?P<fragment>.+)$")
"""A line of must.txt: file:line, the field path (- for a problem of the file, with none), words of the message."""


def summary(count: int) -> str:
    return f"共发现 {count} 个问题，数据未发布。请逐条修改后重新运行 portal validate。"


def where(line: str) -> tuple[str, int]:
    match = LINE.match(line)
    assert match, f"not a problem line: {line!r}"
    return match["path"], int(match["line"])


def test_there_are_enough_cases():
    assert len(CASES) >= 20
    for case in CASES:
        assert expected_lines(case), f"{case}/expected.txt is empty"
        assert must(case), f"{case}/must.txt is missing or empty: name the problems the case must give"


def must(case: str) -> list[tuple[str, int, str, str]]:
    path = INVALID / case / "must.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    found = [MUST.match(line) for line in lines if line.strip()]
    assert all(found), f"{case}/must.txt: a line is not 'file:line  field  words'"
    return [(m["path"], int(m["line"]), m["field"], m["fragment"]) for m in found]


def test_every_case_overlays_a_file_of_the_valid_tree_or_deletes_one():
    """An overlay that adds a stray file instead of replacing one would test something else."""
    for case in CASES:
        case_dir = INVALID / case
        files = [p for p in (case_dir / "data").rglob("*") if p.is_file()]
        assert files or (case_dir / "delete.txt").exists() or case in GENERATED, case


def validate_here(root: Path) -> subprocess.CompletedProcess:
    """`portal validate` through the command's entry point (portal.cli.main) in this process, with
    what a process would give: its exit status, stdout and stderr, and an uncaught exception's
    traceback on stderr with status 1. Starting Python and importing the models for each of the 80
    cases cost most of a minute; the tests after the cases run the command itself, in a process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--root", str(root), "validate", "--as-of", AS_OF.isoformat()])
        except SystemExit as stopped:
            code = stopped.code
        except Exception:
            traceback.print_exc()
            code = 1
    return subprocess.CompletedProcess(["portal", "validate"], code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """Run `portal validate` once per case (the parametrised tests below share the run)."""
    results = {}
    for case in CASES:
        root = apply_case(copy_valid(tmp_path_factory.mktemp(case)), case)
        results[case] = validate_here(root)
    return results


@pytest.mark.parametrize("case", CASES)
def test_case_prints_exactly_the_expected_lines(case, outputs):
    result = outputs[case]
    expected = expected_lines(case)
    assert result.stdout.splitlines() == [*expected, summary(len(expected))]
    assert result.stderr == ""


@pytest.mark.parametrize("case", CASES)
def test_case_gives_the_problems_its_must_file_names(case, outputs):
    """Each problem must.txt names is printed at its file and line, on its field, in its words, and
    nothing else is printed: a wrong place, field or wording fails here even after expected.txt
    was regenerated from a wrong output."""
    printed = [PROBLEM.match(line) for line in outputs[case].stdout.splitlines()[:-1]]
    assert all(printed), outputs[case].stdout
    left = [(m["path"], int(m["line"]), m["field"] or "-", m["message"]) for m in printed]
    for path, line, field, fragment in must(case):
        hit = next((p for p in left if p[:3] == (path, line, field) and fragment in p[3]), None)
        assert hit, f"no problem at {path}:{line} on {field} saying “{fragment}”; printed: {left}"
        left.remove(hit)
    assert left == [], f"printed beyond what {case}/must.txt names"


@pytest.mark.parametrize("case", CASES)
def test_case_exits_1(case, outputs):
    assert outputs[case].returncode == 1


@pytest.mark.parametrize("case", CASES)
def test_case_has_no_traceback(case, outputs):
    result = outputs[case]
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("case", CASES)
def test_case_output_is_sorted_by_file_and_line(case, outputs):
    lines = outputs[case].stdout.splitlines()[:-1]
    places = [where(line) for line in lines]
    assert places == sorted(places)


@pytest.mark.parametrize("case", CASES)
def test_case_points_inside_the_file(case, outputs, tmp_path):
    """The line and column named exist in the file staff open (except a missing file's 1:1)."""
    root = apply_case(copy_valid(tmp_path / "site"), case)
    for line in outputs[case].stdout.splitlines()[:-1]:
        match = LINE.match(line)
        path = root / match["path"]
        number, column = int(match["line"]), int(match["column"])
        if not path.exists():
            assert (number, column) == (1, 1), line
            continue
        raw = path.read_bytes()
        if number == 1 and column == 1:
            continue  # file-level problems (encoding, size, empty) point at the start
        text = raw.decode("utf-8", errors="replace")
        rows = text.split("\n")
        assert number <= len(rows), line
        assert column <= len(rows[number - 1]) + 1, line


def test_two_problems_in_two_files_are_reported_in_one_run(tmp_path):
    root = copy_valid(tmp_path / "site")
    apply_case(root, "duplicate-office-id")
    apply_case(root, "unknown-field")
    result = run_portal("validate", cwd=root)
    expected = expected_lines("duplicate-office-id") + expected_lines("unknown-field")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [*expected, summary(2)]
    assert [where(line)[0] for line in expected] == ["data/offices.yml", ITEM_FILE]


def test_problems_in_many_files_come_out_sorted_by_file_then_line(tmp_path):
    """Files reach the validator in a different order (site, offices, timeline, guides, rules,
    items) from the order staff read them in; the report is sorted all the same."""
    root = copy_valid(tmp_path / "site")
    for case in ("yes-in-boolean", "unresolved-related-rule", "date-and-recurrence", "updates-out-of-order"):
        apply_case(root, case)
    lines = run_portal("validate", cwd=root).stdout.splitlines()[:-1]
    assert lines == [
        "data/guides/shengyu-fuwu.yml:47:5  related_rules[1] 相关制度: 找不到工作制度“ab-jiao”；可用的编号有：shouwen-fuze",
        f"{ITEM_FILE}:18:11  updates[1].date 日期: 进展要按日期先后排列：这一条早于上一条（2014-04-01）；请调整顺序",
        "data/site.yml:20:15  illustrative 示例内容: 这里只能写 true（是）或 false（否）：“yes”会被其他 YAML 工具读成是/否（布尔值）",
        "data/timeline.yml:16:5  events[1] 活动: 请写日期 date（一次性活动）或 recurrence（定期活动），二者写且只写一个",
    ]


def test_valid_tree_loads(valid_tree):
    portal = load_portal(valid_tree)
    assert [o.id for o in portal.offices] == ["bangongshi", "fuwu-dating"]
    assert [e.id for e in portal.events] == ["walk-survey", "weekly-study"]
    assert [i.id for i in portal.items] == ["ZG-2014-001", "ZG-2014-002"]
    assert [i.status for i in portal.items] == ["已完成", "整改中"]
    assert portal.items_by_event == {"walk-survey": (portal.item_by_id["ZG-2014-001"],)}


def test_load_portal_raises_invalid_data_with_the_same_problems(tmp_path):
    root = apply_case(copy_valid(tmp_path / "site"), "updates-out-of-order")
    with pytest.raises(InvalidData) as caught:
        load_portal(root)
    assert [str(p) for p in caught.value.problems] == expected_lines("updates-out-of-order")


@pytest.mark.parametrize("value", [".", "-.", ".e5"])
def test_dots_that_are_no_number_are_plain_text(value, valid_tree):
    """YAML reads `.`, `-.` and `.e5` as text (no digits): a text field takes them as they are."""
    path = valid_tree / ITEM_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("title: 办公电话无人接听", f"title: {value}"), encoding="utf-8")
    result = run_portal("validate", cwd=valid_tree)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("value", [".inf", "-.inf", "+.INF", ".nan", ".NaN"])
def test_infinity_and_nan_in_a_text_field_ask_for_quotes(value, valid_tree):
    """Other YAML tools read these as numbers: like `010` or `no`, a text field asks for quotes."""
    path = valid_tree / ITEM_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("title: 办公电话无人接听", f"title: {value}"), encoding="utf-8")
    result = run_portal("validate", cwd=valid_tree)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{ITEM_FILE}:3:8  title 问题: 这里要写文字。“{value}”")
    assert lines[0].endswith(f"请给它加上引号：\"{value}\"")


# --- mistakes whose message is easy to get wrong ------------------------------------------------
# Plain tests, expected to pass: a broken record reports only itself, not also the records that
# name it; a GBK byte, a control character and an unclosed quote each give one line at their place.


def test_a_broken_record_does_not_also_break_the_records_that_name_it(tmp_path):
    root = copy_valid(tmp_path / "site")
    rule = root / "data/rules/shouwen-fuze.yml"
    rule.write_text(rule.read_text(encoding="utf-8") + "related_guides:\n  - shengyu-fuwu\n", encoding="utf-8")
    guide = root / "data/guides/shengyu-fuwu.yml"
    guide.write_text(guide.read_text(encoding="utf-8").replace("visits: 1\n", "visits: 一次\n"), encoding="utf-8")
    lines = run_portal("validate", cwd=root).stdout.splitlines()
    assert lines == ["data/guides/shengyu-fuwu.yml:48:9  visits 到现场次数: 这里要写整数，如 3", summary(1)]


def test_a_gbk_byte_after_chinese_text_is_located_in_characters(tmp_path):
    root = copy_valid(tmp_path / "site")
    path = root / ITEM_FILE
    raw = path.read_bytes().replace("title: 办公电话无人接听".encode(), "title: 办公电话".encode() + "无人接听".encode("gbk"))
    path.write_bytes(raw)
    lines = run_portal("validate", cwd=root).stdout.splitlines()
    # 'title: 办公电话' is 11 characters: the first GBK byte is character 12
    assert lines[0] == f"{ITEM_FILE}:3:12  文件不是 UTF-8 编码（可能是 GBK）；请在编辑器里另存为“UTF-8（无 BOM）”"


def test_a_control_character_is_one_chinese_line_at_its_place(tmp_path):
    root = copy_valid(tmp_path / "site")
    path = root / "data/site.yml"
    path.write_bytes(path.read_bytes().replace(b"city: ", b"city: \x07"))
    lines = run_portal("validate", cwd=root).stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("data/site.yml:5:7  ")  # city: is line 5, the character column 7
    assert not re.search(r"[A-Za-z]{4,}", lines[0].split("  ", 1)[1])


def test_an_unclosed_quote_points_at_the_quote(tmp_path):
    root = copy_valid(tmp_path / "site")
    path = root / ITEM_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("owner: 办公室主任\n", "owner: \"办公室主任\n"), encoding="utf-8")
    lines = run_portal("validate", cwd=root).stdout.splitlines()
    assert lines[0].startswith(f"{ITEM_FILE}:8:8  YAML 格式错误：第 8 行第 8 列开始的双引号")
