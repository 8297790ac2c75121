"""The GitHub Actions workflows in .github/workflows/: valid against the workflow schema that
check-jsonschema ships (actionlint cannot be installed from a package registry here: its Python
package downloads the binary from GitHub), and doing what docs/publishing.md promises."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT, apply_case, copy_valid, expected_lines, run_portal
from portal.cli import build_parser

WORKFLOWS = PROJECT / ".github" / "workflows"
CHECK = WORKFLOWS / "check.yml"
PUBLISH = WORKFLOWS / "publish.yml"
# The first major of each action that runs on Node 24: GitHub removed Node 20 from its runners.
NODE24_MAJORS = {"actions/checkout": 5, "actions/setup-python": 6, "actions/upload-artifact": 6,
                 "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as true


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def scripts(workflow: dict) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


def portal_commands(workflow: dict) -> list[list[str]]:
    """Each `portal ...` line of the run scripts, without its redirection."""
    commands = []
    for script in scripts(workflow):
        for line in script.splitlines():
            if line.strip().startswith("portal "):
                commands.append(shlex.split(re.split(r"\s(?:>>|>|\|)\s", line.strip())[0])[1:])
    return commands


def step_using(workflow: dict, action: str) -> dict:
    found = [s for s in steps(workflow) if s.get("uses", "").startswith(action + "@")]
    assert len(found) == 1, f"{action} used {len(found)} times"
    return found[0]


@pytest.mark.parametrize("path", [CHECK, PUBLISH], ids=lambda p: p.name)
def test_workflow_is_valid_against_the_github_schema(path):
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_there_are_exactly_the_two_documented_workflows():
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == ["check.yml", "publish.yml"]


@pytest.mark.parametrize("path", [CHECK, PUBLISH], ids=lambda p: p.name)
def test_every_run_script_is_valid_bash_without_expressions(path):
    for script in scripts(load(path)):
        # Expressions pasted into a script are how untrusted text (branch names, titles) becomes code.
        assert "${{" not in script, script
        result = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, f"{script}\n{result.stderr}"


@pytest.mark.parametrize("path", [CHECK, PUBLISH], ids=lambda p: p.name)
def test_every_portal_command_exists_with_those_options(path):
    commands = portal_commands(load(path))
    assert commands
    for command in commands:
        build_parser().parse_args(command)  # exits (SystemExit) on an unknown command or option


@pytest.mark.parametrize("path", [CHECK, PUBLISH], ids=lambda p: p.name)
def test_actions_run_on_node_24(path):
    for step in steps(load(path)):
        if "uses" in step:
            action, version = step["uses"].split("@")
            assert action in NODE24_MAJORS, f"{action}: add it to NODE24_MAJORS after checking its runtime"
            assert int(version.removeprefix("v").split(".")[0]) >= NODE24_MAJORS[action], step["uses"]


def test_a_pull_request_is_validated_built_tested_and_summarised():
    workflow = load(CHECK)
    assert "pull_request" in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read"}
    commands = portal_commands(workflow)
    validate = ["validate", "--format", "github", "--against", "$BASE_SHA"]  # published history stays (issue 17)
    assert validate in commands
    assert commands.index(validate) < commands.index(["build", "--site-dir", "site"])
    step = next(s for s in steps(workflow) if "portal validate" in s.get("run", ""))
    assert step["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    assert any(c[0] == "diff" for c in commands)
    assert any('portal diff' in s and '>> "$GITHUB_STEP_SUMMARY"' in s for s in scripts(workflow))
    assert any(s.strip().startswith("scripts/test") for s in scripts(workflow))
    assert step_using(workflow, "actions/upload-artifact")["with"]["path"].rstrip("/") == "site"
    assert step_using(workflow, "actions/checkout")["with"]["fetch-depth"] == 0  # diff needs the base


def test_main_the_schedule_and_a_button_publish_to_pages():
    workflow = load(PUBLISH)
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert on["schedule"] and all("cron" in entry for entry in on["schedule"])
    assert "workflow_dispatch" in on
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    commands = portal_commands({"jobs": {"build": build}})
    assert ["validate", "--format", "github"] in commands and ["build", "--site-dir", "site"] in commands
    assert step_using({"jobs": {"build": build}}, "actions/upload-pages-artifact")["with"]["path"].rstrip("/") == "site"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    step_using({"jobs": {"deploy": deploy}}, "actions/deploy-pages")


# --- portal validate --format github: what the workflow's validate step prints ---------------------

ANNOTATION = re.compile(r"^::error file=(?P<file>[^,]+),line=(?P<line>[0-9]+),col=(?P<col>[0-9]+)(,title=[^:]*)?::(?P<msg>.+)$")


@pytest.mark.parametrize("case", ["wrong-date-format", "unknown-field", "yaml-syntax-error"])
def test_github_format_marks_every_problem_on_its_line(tmp_path, case):
    root = apply_case(copy_valid(tmp_path / "site"), case)

    result = run_portal("validate", "--format", "github", cwd=root)

    assert result.returncode == 1
    annotations = [ANNOTATION.match(line) for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations and all(annotations), result.stdout
    expected = expected_lines(case)
    assert len(annotations) == len(expected)
    for match, line in zip(annotations, expected):
        assert line.startswith(f"{match['file']}:{match['line']}:{match['col']}  ")
        assert match["msg"].replace("%0A", "\n").replace("%25", "%") in line
    assert expected[0] in result.stdout, "the plain list follows, for the log"


def test_github_format_escapes_what_would_end_the_command():
    from portal.checks.annotations import annotation
    from portal.load.problems import Problem

    problem = Problem("data/a,b.yml", 3, 7, "fee.amount", "金额", "写成 50%\n不要写“五十”")

    assert annotation(problem) == "::error file=data/a%2Cb.yml,line=3,col=7,title=fee.amount 金额::写成 50%25%0A不要写“五十”"
