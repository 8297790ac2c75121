"""Problems as GitHub Actions workflow commands, so that a pull request shows each one on its line.

Example:
    portal validate --format github
    ::error file=data/rectification/ZG-2014-003.yml,line=12,col=5,title=updates[2].date 日期::“2014/6/1”不是有效日期…
"""

from __future__ import annotations

from portal.load.problems import Problem


def _data(text: str) -> str:
    # The escapes GitHub's runner reverses (toolkit/core command.ts): a raw newline would end the command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """One `::error ...::message` line for problem."""
    props = [f"file={_property(problem.path)}", f"line={problem.line}", f"col={problem.column}"]
    if problem.field:
        props.append(f"title={_property(f'{problem.field} {problem.label}'.strip())}")
    return f"::error {','.join(props)}::{_data(problem.message)}"
