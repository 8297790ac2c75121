"""One rule names the file of a record (portal/load/files.py): the id, in any case. The browser editor
(Decap CMS) lowercases the names of the files it makes, so a new item ZG-2014-003 made there is
zg-2014-003.yml; the loader, the references between records and `portal new` all read it as ZG-2014-003.
"""

from __future__ import annotations

from conftest import run_portal

ITEMS = "data/rectification"


def _made_in_the_editor(tree, new_id: str = "ZG-2014-003"):
    """The file Decap makes for a new item: a copy of an item under the id, named in lowercase."""
    text = (tree / ITEMS / "ZG-2014-002.yml").read_text(encoding="utf-8").replace("ZG-2014-002", new_id)
    path = tree / ITEMS / f"{new_id.lower()}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_item_in_a_lowercased_file_keeps_its_id_and_can_be_referred_to(valid_tree):
    _made_in_the_editor(valid_tree)
    guide = valid_tree / "data/guides/shengyu-fuwu.yml"
    guide.write_text(guide.read_text(encoding="utf-8").replace("  - ZG-2014-001\n", "  - ZG-2014-001\n  - ZG-2014-003\n"),
                     encoding="utf-8")
    result = run_portal("validate", cwd=valid_tree)
    assert result.returncode == 0, result.stdout
    assert "整改事项 3 项" in result.stdout


def test_portal_new_counts_the_editors_files_and_will_not_make_a_second_file_for_an_id(valid_tree):
    _made_in_the_editor(valid_tree)
    assert run_portal("new", "item", cwd=valid_tree).stdout == f"{ITEMS}/ZG-2014-004.yml\n"
    taken = run_portal("new", "item", "--id", "ZG-2014-003", cwd=valid_tree)
    assert taken.returncode != 0 and taken.stderr == f"portal: {ITEMS}/zg-2014-003.yml 已经存在；请换一个编号\n"
    assert not (valid_tree / ITEMS / "ZG-2014-003.yml").exists()


def test_two_files_for_one_id_in_different_case_are_refused(valid_tree):
    _made_in_the_editor(valid_tree, "ZG-2014-002")  # zg-2014-002.yml beside ZG-2014-002.yml
    result = run_portal("validate", cwd=valid_tree)
    assert result.returncode == 1
    assert f"{ITEMS}/zg-2014-002.yml" in result.stdout and f"{ITEMS}/ZG-2014-002.yml 只差大小写" in result.stdout


def test_an_id_that_is_not_the_files_name_in_any_case_is_refused(valid_tree):
    path = _made_in_the_editor(valid_tree)
    path.write_text(path.read_text(encoding="utf-8").replace("id: ZG-2014-003", "id: ZG-2014-009"), encoding="utf-8")
    result = run_portal("validate", cwd=valid_tree)
    assert result.returncode == 1
    assert "编号“ZG-2014-009”与文件名“zg-2014-003.yml”不一致；请把编号改成 ZG-2014-003" in result.stdout
