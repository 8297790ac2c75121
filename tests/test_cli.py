"""The `portal` command as staff use it: validate, new, schema; exit codes and what is printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import AS_OF, ITEM_FILE, apply_case, expected_lines, run_portal
from portal.model.kinds import KINDS

SUMMARY = f"数据有效：整改事项 2 项，办事指南 1 篇，工作制度 1 项，活动 2 项，科室 2 个（数据截至 {AS_OF.isoformat()}）"


# --- validate ---------------------------------------------------------------------------------


def test_validate_on_the_valid_tree_prints_the_counts_and_exits_0(valid_tree):
    result = run_portal("validate", cwd=valid_tree)
    assert result.returncode == 0
    assert result.stdout == SUMMARY + "\n"
    assert result.stderr == ""


def test_validate_with_root_from_elsewhere(valid_tree, tmp_path):
    result = run_portal("--root", str(valid_tree), "validate", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == SUMMARY + "\n"


def test_as_of_option_names_the_date_in_the_summary(valid_tree):
    result = run_portal("--as-of", "2014-06-30", "validate", cwd=valid_tree)
    assert result.returncode == 0
    assert result.stdout == SUMMARY.replace(AS_OF.isoformat(), "2014-06-30") + "\n"


def test_validate_json_on_the_valid_tree(valid_tree):
    result = run_portal("validate", "--format", "json", cwd=valid_tree)
    assert result.returncode == 0
    assert json.loads(result.stdout) == {
        "valid": True,
        "problems": [],
        "counts": {"site": 1, "offices": 2, "guides": 1, "rules": 1, "events": 2, "rectification": 2, "synonyms": 1},
        "as_of": AS_OF.isoformat(),
    }


def test_validate_json_lists_every_problem_with_its_place_and_labels(valid_tree):
    apply_case(valid_tree, "duplicate-office-id")
    apply_case(valid_tree, "updates-out-of-order")
    text = run_portal("validate", cwd=valid_tree)
    result = run_portal("validate", "--format", "json", cwd=valid_tree)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert report["problems"] == [
        {"path": "data/offices.yml", "line": 11, "column": 9, "field": "offices[2].id", "label": "编号",
         "message": "科室编号“bangongshi”重复（第一次在第 3 行）；每个编号只能用一次"},
        {"path": ITEM_FILE, "line": 18, "column": 11, "field": "updates[1].date", "label": "日期",
         "message": "进展要按日期先后排列：这一条早于上一条（2014-04-01）；请调整顺序"},
    ]
    assert text.stdout.splitlines()[:-1] == expected_lines("duplicate-office-id") + expected_lines("updates-out-of-order")


def test_validate_json_for_a_file_level_problem_has_empty_field_and_label(valid_tree):
    apply_case(valid_tree, "bom")
    problems = json.loads(run_portal("validate", "--format", "json", cwd=valid_tree).stdout)["problems"]
    assert problems == [{"path": ITEM_FILE, "line": 1, "column": 1, "field": "", "label": "",
                         "message": "文件开头有 BOM（字节顺序标记）；请在编辑器里另存为“UTF-8（无 BOM）”"}]


def test_validate_without_a_data_folder_exits_2(tmp_path):
    result = run_portal("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"portal: 在 {tmp_path.resolve()} 找不到 data/ 文件夹；请在项目根目录运行，或用 --root 指定\n"


# --- usage errors -------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("frobnicate",),
    (),
    ("--as-of", "2014/6/30", "validate"),
    ("--as-of", "2014-02-30", "validate"),
    ("validate", "--format", "xml"),
    ("new", "report"),
    ("validate", "--no-such-option"),
])
def test_usage_errors_exit_2_with_usage_on_stderr(args, valid_tree):
    result = run_portal(*args, cwd=valid_tree)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("usage: portal")
    assert "Traceback" not in result.stderr


def test_bad_as_of_says_how_to_write_the_date(valid_tree):
    result = run_portal("--as-of", "2014/6/30", "validate", cwd=valid_tree)
    assert result.returncode == 2
    assert "“2014/6/30”不是有效日期，请写成 2014-06-30" in result.stderr


# --- new ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, printed, summary", [
    ("guide", "data/guides/xin-zhinan-1.yml", SUMMARY.replace("办事指南 1 篇", "办事指南 2 篇")),
    ("rule", "data/rules/xin-zhidu-1.yml", SUMMARY.replace("工作制度 1 项", "工作制度 2 项")),
    ("item", "data/rectification/ZG-2014-003.yml", SUMMARY.replace("整改事项 2 项", "整改事项 3 项")),
    ("event", "data/timeline.yml:29", SUMMARY.replace("活动 2 项", "活动 3 项")),
])
def test_new_writes_a_valid_stub_and_prints_where(kind, printed, summary, valid_tree):
    before = (valid_tree / "data/timeline.yml").read_text(encoding="utf-8")
    result = run_portal("new", kind, cwd=valid_tree)
    assert result.returncode == 0, result.stderr
    assert result.stdout == printed + "\n"
    assert result.stderr == ""
    path, _, line = printed.partition(":")
    assert (valid_tree / path).is_file()
    if line:  # an event is appended to the timeline; the printed line is where it starts
        text = (valid_tree / path).read_text(encoding="utf-8")
        assert text.startswith(before)
        assert text.split("\n")[int(line) - 1] == "  - id: xin-huodong-1"
    validated = run_portal("validate", cwd=valid_tree)
    assert validated.returncode == 0, validated.stdout
    assert validated.stdout == summary + "\n"


def test_second_new_item_gets_the_next_id(valid_tree):
    first = run_portal("new", "item", cwd=valid_tree)
    second = run_portal("new", "item", cwd=valid_tree)
    assert (first.stdout, second.stdout) == ("data/rectification/ZG-2014-003.yml\n", "data/rectification/ZG-2014-004.yml\n")
    assert run_portal("validate", cwd=valid_tree).stdout == SUMMARY.replace("整改事项 2 项", "整改事项 4 项") + "\n"


def test_second_new_event_and_guide_get_the_next_ids(valid_tree):
    assert run_portal("new", "event", cwd=valid_tree).returncode == 0
    assert run_portal("new", "guide", cwd=valid_tree).returncode == 0
    assert run_portal("new", "event", cwd=valid_tree).stdout == "data/timeline.yml:37\n"
    assert run_portal("new", "guide", cwd=valid_tree).stdout == "data/guides/xin-zhinan-2.yml\n"
    text = (valid_tree / "data/timeline.yml").read_text(encoding="utf-8")
    assert text.split("\n")[36] == "  - id: xin-huodong-2"
    assert run_portal("validate", cwd=valid_tree).returncode == 0


def test_new_item_uses_the_year_of_the_as_of_date(valid_tree):
    result = run_portal("--as-of", "2015-01-05", "new", "item", cwd=valid_tree)
    assert result.stdout == "data/rectification/ZG-2015-001.yml\n"
    stub = (valid_tree / "data/rectification/ZG-2015-001.yml").read_text(encoding="utf-8")
    assert "received_on: 2015-01-05\n" in stub
    assert "deadline: 2015-02-04\n" in stub
    assert run_portal("validate", cwd=valid_tree).returncode == 0


def test_new_with_an_explicit_id(valid_tree):
    result = run_portal("new", "rule", "--id", "ab-jiao", cwd=valid_tree)
    assert result.stdout == "data/rules/ab-jiao.yml\n"
    assert run_portal("validate", cwd=valid_tree).returncode == 0


@pytest.mark.parametrize("args, message", [
    (("new", "guide", "--id", "../x"), "portal: “../x”不是有效的编号；只能用小写英文字母、数字和连字符“-”，如 fuwu-shouce\n"),
    (("new", "item", "--id", "../ZG-2014-009"), "portal: “../ZG-2014-009”不是有效的整改事项编号；请写成 ZG-2014-001 这样的格式\n"),
    (("new", "item", "--id", "ZG-2014-001"), "portal: data/rectification/ZG-2014-001.yml 已经存在；请换一个编号\n"),
    (("new", "rule", "--id", "shouwen-fuze"), "portal: data/rules/shouwen-fuze.yml 已经存在；请换一个编号\n"),
    (("new", "event", "--id", "walk-survey"), "portal: 活动编号“walk-survey”已经存在；请换一个编号\n"),
])
def test_new_refuses_bad_or_taken_ids_and_writes_nothing(args, message, valid_tree):
    before = sorted(p.relative_to(valid_tree).as_posix() for p in valid_tree.rglob("*"))
    timeline = (valid_tree / "data/timeline.yml").read_bytes()
    result = run_portal(*args, cwd=valid_tree)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == message
    assert sorted(p.relative_to(valid_tree).as_posix() for p in valid_tree.rglob("*")) == before
    assert (valid_tree / "data/timeline.yml").read_bytes() == timeline
    assert not (valid_tree.parent / "x.yml").exists()


# --- schema ------------------------------------------------------------------------------------


def test_schema_writes_one_json_file_per_kind_naming_the_fields(valid_tree):
    result = run_portal("schema", "--out", "schemas-out", cwd=valid_tree)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [f"schemas-out/{kind.key}.json" for kind in KINDS]
    folder = valid_tree / "schemas-out"
    assert sorted(p.name for p in folder.iterdir()) == sorted([*(f"{k.key}.json" for k in KINDS), "README.md"])
    for kind, model, pattern in ((k.key, k.model, k.path) for k in KINDS):
        schema = json.loads((folder / f"{kind}.json").read_text(encoding="utf-8"))
        assert schema["x-data-files"] == pattern
        assert set(schema["properties"]) == set(model.model_fields), kind
        for name, info in model.model_fields.items():
            assert schema["properties"][name]["title"] == info.title, (kind, name)
        required = {name for name, info in model.model_fields.items() if info.is_required()}
        assert set(schema.get("required", [])) == required, kind


def test_schema_to_a_folder_outside_the_root(valid_tree, tmp_path):
    out = tmp_path / "elsewhere"
    result = run_portal("schema", "--out", str(out), cwd=valid_tree)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0
    assert (out / "guide.json").is_file()


def test_build_names_the_engines_it_knows_when_portal_engine_is_wrong(valid_tree):
    result = run_portal("build", "-d", str(valid_tree / "out"), cwd=valid_tree, env={"PORTAL_ENGINE": "hugo"})
    assert result.returncode == 2
    assert "PORTAL_ENGINE 只能是 mkdocs 或 properdocs，现在是“hugo”" in result.stderr
    assert not (valid_tree / "out").exists()


@pytest.mark.parametrize("env, said", [
    ({"PORTAL_AS_OF": "2014-W15"}, "环境变量 PORTAL_AS_OF 的值“2014-W15”不是有效日期"),  # Python reads it as a Monday
    ({"PORTAL_AS_OF": "20140630"}, "环境变量 PORTAL_AS_OF 的值“20140630”不是有效日期"),
    ({"PORTAL_AS_OF": "2014-02-30"}, "“2014-02-30”不是真实存在的日期"),
    ({"PORTAL_TODAY": "2014-W15-1"}, "环境变量 PORTAL_TODAY 的值“2014-W15-1”不是有效日期"),
    ({"PORTAL_AS_OF": "", "SOURCE_DATE_EPOCH": "1.5e9"}, "环境变量 SOURCE_DATE_EPOCH 的值“1.5e9”不是从 1970-01-01 起的秒数"),
    ({"PORTAL_AS_OF": "", "SOURCE_DATE_EPOCH": "99999999999999999"}, "不是从 1970-01-01 起的秒数"),  # past the year 9999
])
@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_bad_date_in_the_environment_is_one_chinese_line_for_every_command(valid_tree, env, said, command):
    result = run_portal(command, cwd=valid_tree, env=env)
    assert result.returncode == 2 and said in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("written", ["2014-W27", "2014-W27-1", "2014W271", "20140630", "2014-181"])
def test_as_of_in_week_or_basic_forms_is_refused_not_read_as_a_surprise_day(valid_tree, written):
    result = run_portal("--as-of", written, "validate", cwd=valid_tree)
    assert result.returncode == 2 and f"“{written}”不是有效日期，请写成 2014-06-30" in result.stderr


def test_output_cut_short_by_a_reader_ends_quietly(valid_tree):
    """`portal validate | head`: when the reader stops reading, the command stops without a traceback."""
    item = (valid_tree / ITEM_FILE).read_text(encoding="utf-8")
    for n in range(300):  # enough problems that the report outgrows the pipe's buffer
        (valid_tree / ITEM_FILE).with_name(f"ZG-2014-{n + 500}.yml").write_text(
            item.replace("id: ZG-2014-002", f"id: ZG-2014-{n + 500}").replace("received_on:", "received_on: 2014-13-40\nx_:"),
            encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PORTAL_AS_OF": AS_OF.isoformat()}
    reader = subprocess.Popen(["head", "-c", "100"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    command = subprocess.run([sys.executable, "-m", "portal", "validate"], cwd=valid_tree, env=env,
                             stdout=reader.stdin, stderr=subprocess.PIPE, text=True, timeout=300)
    reader.stdin.close()
    reader.wait(timeout=60)
    assert "Traceback" not in command.stderr and "BrokenPipeError" not in command.stderr, command.stderr
