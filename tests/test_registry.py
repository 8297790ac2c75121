"""The registry of kinds and references (portal/model/kinds.py) is the one place they are declared.

A made-up kind of record (通知, one file per notice, referring to an office and to items) and a
made-up reference (an item naming its notice) are added to the registry and the models, before the
rest of the portal is imported, in a fresh Python; validation, the data dictionary, the editor's
configuration, the JSON Schemas, open data's downloads, `portal new`, `portal validate`'s summary and
the data dictionary's pages must all pick them up with no other change.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from conftest import AS_OF, ITEM_FILE, PROJECT, copy_valid
from portal.model.kinds import BY_KEY, KINDS, TARGETS, references
from portal.model.records import Guide, RectificationItem, Rule

MADE_UP = textwrap.dedent('''
    import datetime as dt, json, sys
    from dataclasses import replace
    from pathlib import Path
    from typing import Annotated, Optional
    from pydantic import Field
    from portal.model import kinds
    from portal.model.records import RectificationItem, Record
    from portal.model.types import ItemRef, OfficeRef, RefersTo, Slug, Text

    class Notice(Record):
        id: Slug = Field(title="编号")
        title: Text = Field(title="标题")
        office: OfficeRef = Field(title="发布科室")
        related_items: list[ItemRef] = Field(default_factory=list, title="相关整改事项")

    class ItemWithNotice(RectificationItem):
        notice: Optional[Annotated[Slug, RefersTo("notices")]] = Field(None, title="整改通知")

    kinds.KINDS = tuple(replace(k, model=ItemWithNotice) if k.key == "rectification" else k for k in kinds.KINDS) + (
        kinds.Kind("notice", Notice, "通知公告", "data/notices/*.yml", "一则通知", records="notices",
                   opendata="notices", segment="notices"),)
    kinds.BY_KEY = {k.key: k for k in kinds.KINDS}
    kinds.TARGETS["notices"] = kinds.Target("notices", "通知", "notice")

    # Only now the rest of the portal, as a build or a command imports it.
    from portal import cli, scaffold
    from portal.load.portal import check_portal, load_portal
    from portal.exports import catalogue, schemas
    from portal.load.problems import InvalidData
    from portal.render import dictionary, editor, pages

    def problems(root):
        try:
            return load_portal(Path(root), dt.date.fromisoformat(sys.argv[3]))  # conftest.AS_OF
        except InvalidData as exc:
            return [str(p) for p in exc.problems]

    portal = problems(sys.argv[1])
    collections = {c["name"]: c for c in editor.build_config(portal)["collections"]}
    item_fields = {f["name"]: f for f in collections["rectification"]["fields"]}
    print(json.dumps({
        "problems": problems(sys.argv[2]),
        "rules": {key: {f.name: f.rule for f in fields} for key, _, _, fields in dictionary.kinds()
                  if key in ("notice", "rectification")},
        "editor_notices": collections.get("notices", {}).get("folder"),
        "editor_item_notice": item_fields["notice"],
        "schema": schemas.schema_for("notice")["x-data-files"],
        "downloads": [d.path for d in catalogue.downloads(portal) if d.path.startswith("schemas/")],
        "opendata": {d.path: d.content.decode("utf-8") for d in catalogue.downloads(portal) if "notice" in d.path},
        "pages": {path: (text, source) for path, text, source in pages.render_pages(portal) if path.startswith("notices/")},
        "new": list(scaffold.WORDS),
        "summary": cli.summary(check_portal(Path(sys.argv[1]), dt.date(2014, 12, 31), dt.date(2014, 12, 31))),
        "dictionary": {path: text for path, text in dictionary.render_pages(portal) if "notice" in path},
        "overview": dict(dictionary.render_pages(portal))[dictionary.PAGE],
    }, ensure_ascii=False))
''')

NOTICE = """\
id: zhenggai-tongzhi
title: 关于公开整改进展的通知
office: {office}
related_items:
  - {item}
sources:
  - 测试
"""


def tree_with_a_notice(root, office: str, item: str, notice: str):
    """The valid tree with a notice (of office, naming item) and ITEM_FILE naming notice."""
    copy_valid(root)
    (root / "data/notices").mkdir()
    (root / "data/notices/zhenggai-tongzhi.yml").write_text(NOTICE.format(office=office, item=item), encoding="utf-8")
    path = root / ITEM_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("office: bangongshi\n", f"office: bangongshi\nnotice: {notice}\n"),
                    encoding="utf-8")
    return root


def test_a_made_up_kind_and_reference_reach_every_consumer(tmp_path):
    good = tree_with_a_notice(tmp_path / "good", "bangongshi", "ZG-2014-001", "zhenggai-tongzhi")
    bad = tree_with_a_notice(tmp_path / "bad", "nowhere", "ZG-2099-001", "no-such-notice")

    run = subprocess.run([sys.executable, "-c", MADE_UP, str(good), str(bad), AS_OF.isoformat()], cwd=PROJECT,
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)

    # validation reads the new folder with its model, and checks every reference both ways
    assert found["problems"] == [
        "data/notices/zhenggai-tongzhi.yml:3:9  office 发布科室: 找不到科室“nowhere”；可用的编号有：bangongshi、fuwu-dating",
        "data/notices/zhenggai-tongzhi.yml:5:5  related_items[0] 相关整改事项: 找不到整改事项“ZG-2099-001”；可用的编号有：ZG-2014-001、ZG-2014-002",
        f"{ITEM_FILE}:8:9  notice 整改通知: 找不到通知“no-such-notice”；可用的编号有：zhenggai-tongzhi",
    ]
    # the data dictionary states the rules of the new fields
    assert "须是 data/offices.yml 里已有的科室编号" in found["rules"]["notice"]["office"]
    assert "须是 data/rectification/ 里已有的整改事项编号" in found["rules"]["notice"]["related_items"]
    assert "须是 data/notices/ 里已有的通知编号" in found["rules"]["rectification"]["notice"]
    # the editor gets a collection for the folder and a picker for the reference
    assert found["editor_notices"] == "data/notices"
    assert found["editor_item_notice"]["widget"] == "relation" and found["editor_item_notice"]["collection"] == "notices"
    # a JSON Schema, published with the open data
    assert found["schema"] == "data/notices/*.yml"
    assert "schemas/notice.json" in found["downloads"]
    # its section and a page per record, with its fields under their Chinese titles
    assert set(found["pages"]) == {"notices/index.md", "notices/zhenggai-tongzhi.md"}
    section, record = found["pages"]["notices/index.md"][0], found["pages"]["notices/zhenggai-tongzhi.md"]
    assert '<a href="../notices/zhenggai-tongzhi/">关于公开整改进展的通知</a>' in section
    assert "<h1>关于公开整改进展的通知" in record[0] and "<dt>发布科室</dt><dd>bangongshi</dd>" in record[0]
    assert record[1] == "data/notices/zhenggai-tongzhi.yml"  # its edit link
    # a CSV and a JSON document, listed with the open data
    csv_text = found["opendata"]["opendata/notices.csv"]
    assert csv_text.splitlines()[0].lstrip("\ufeff").startswith("id,title,office,related_items")
    assert "zhenggai-tongzhi,关于公开整改进展的通知,bangongshi,ZG-2014-001" in csv_text
    assert "https://" in csv_text.splitlines()[1] and "/notices/zhenggai-tongzhi/" in csv_text.splitlines()[1]
    document = json.loads(found["opendata"]["opendata/notices.json"])
    assert document["count"] == 1 and document["records"][0]["office"] == "bangongshi"
    assert document["records"][0]["url"].endswith("/notices/zhenggai-tongzhi/")
    # `portal validate` counts its records in its summary, and the data dictionary has a page for it
    assert found["summary"].endswith("，通知公告 1 项"), found["summary"]
    assert list(found["dictionary"]) == ["about/data/notice.md"]
    page = found["dictionary"]["about/data/notice.md"]
    assert "<code>data/notices/*.yml</code>，现有 1 项" in page and "zhenggai-tongzhi" in page  # its count and an example from it
    assert '<td><a href="notice/">通知公告</a></td><td><code>data/notices/*.yml</code></td><td>1 项</td>' in found["overview"]
    # `portal new` offers the kinds the registry gives a word, and no other
    assert found["new"] == [kind.new for kind in KINDS if kind.new]


def test_every_reference_is_declared_once_on_its_field():
    declared = {(ref.model.__name__, ref.name): (ref.target.key, ref.many)
                for kind in KINDS for ref in references(kind.model)}
    assert declared == {
        ("Guide", "office"): ("offices", False), ("Guide", "related_rules"): ("rules", True),
        ("Guide", "related_items"): ("rectification", True), ("Rule", "office"): ("offices", False),
        ("Rule", "related_guides"): ("guides", True), ("RectificationItem", "office"): ("offices", False),
        ("Origin", "event"): ("events", False), ("Verification", "by"): ("offices", False),
        ("SynonymGroup", "guides"): ("guides", True),
        ("Transfer", "to"): ("offices", False), ("RectificationItem", "replaces"): ("rectification", False),
    }
    assert set(TARGETS) == {"offices", "events", "guides", "rules", "rectification"}
    assert all(BY_KEY[target.kind] for target in TARGETS.values())


def test_ids_follow_the_models_own_patterns():
    assert BY_KEY["rectification"].id_pattern.fullmatch("ZG-2014-001")
    assert not BY_KEY["rectification"].id_pattern.fullmatch("ZG-2014-01")
    assert BY_KEY["guide"].id_pattern.fullmatch("fuwu-shouce") and not BY_KEY["guide"].id_pattern.fullmatch("Fuwu")
    assert [kind.folder for kind in KINDS] == ["rectification", "guides", "rules", None, None, None, None]
    assert (Guide, Rule, RectificationItem) == tuple(BY_KEY[k].model for k in ("guide", "rule", "rectification"))
