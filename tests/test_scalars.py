"""One rule for plain values (portal.load.scalars): a typed reading only where every YAML reader agrees."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import ITEM_FILE, run_portal
from portal.load.scalars import Ambiguous, BadDate, resolve_scalar


@pytest.mark.parametrize("raw, value", [
    ("true", True), ("false", False), ("null", None), ("~", None), ("", None),
    ("0", 0), ("42", 42), ("-7", -7), ("+3", 3), ("12.5", 12.5), ("1.", 1.0), (".5", 0.5),
    ("2014-04-09", dt.date(2014, 4, 9)), ("办事指南", "办事指南"), ("ZG-2014-001", "ZG-2014-001"),
    ("08:30", "08:30"),  # a leading zero is no base-60 number in YAML 1.1, and 1.2 has none

])
def test_values_every_reader_agrees_on(raw, value):
    assert resolve_scalar(raw, plain=True) == value
    assert type(resolve_scalar(raw, plain=True)) is type(value)


@pytest.mark.parametrize("raw", [
    "True", "TRUE", "tRuE", "False", "FaLsE", "Null", "NULL", "nULL",  # only lower case is the same everywhere
    "no", "No", "on", "OFF", "y", "n",                                 # YAML 1.1 booleans
    "08", "010", "0o17", "0x1F", "0b101", "1_000", "1e3", "1E3", "0.1e3", "+.5", "-.5", "1:30", "15:00",
    ".inf", "-.inf", ".nan",
    "2014-4-9", "2014-04-9",                                           # dates that are not YYYY-MM-DD
    "2014-04-09T10:00", "2014-04-09 10:00:00",
])
def test_values_readers_disagree_on_are_ambiguous(raw):
    assert isinstance(resolve_scalar(raw, plain=True), Ambiguous)


def test_a_day_that_does_not_exist_is_a_bad_date():
    assert resolve_scalar("2014-02-30", plain=True) == BadDate("2014-02-30")


@pytest.mark.parametrize("raw", ["True", "08", "2014-4-9", "1e3", "no"])
def test_quoted_values_are_always_text(raw):
    assert resolve_scalar(raw, plain=False) == raw


@pytest.mark.parametrize("written", ["2014-4-1", "'2014-4-1'", '"2014-4-1"'])
def test_a_date_not_written_yyyy_mm_dd_is_refused_the_same_way_quoted_or_not(written, valid_tree):
    path = valid_tree / ITEM_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("received_on: 2014-04-01", f"received_on: {written}"), encoding="utf-8")
    lines = run_portal("validate", cwd=valid_tree).stdout.splitlines()
    assert lines[0] == f"{ITEM_FILE}:9:14  received_on 受理日期: “2014-4-1”不是有效日期，请写成 2014-04-01"


@pytest.mark.parametrize("written, says", [
    ("True", "这里只能写 true（是）或 false（否）"), ("NULL", "这里只能写 true（是）或 false（否）"),
])
def test_a_yes_no_field_asks_for_the_lower_case_word(written, says, valid_tree):
    path = valid_tree / "data/guides/shengyu-fuwu.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("required: true", f"required: {written}", 1), encoding="utf-8")
    line = run_portal("validate", cwd=valid_tree).stdout.splitlines()[0]
    assert says in line and f"“{written}”" in line
