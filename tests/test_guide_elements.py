"""The elements of a 办事指南 the national rules ask for, where a citizen, a downloader and a clerk
meet them: the guide's page, the files at /files/, the open data, the data dictionary and the editor.

Expected values are read from the YAML files with plain PyYAML, and the files in data/files/ as bytes,
not through the portal's models, so that a mistake in the models cannot hide itself.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
import yaml

from conftest import AS_OF, PROJECT
from portal.load.portal import load_portal
from portal.publish.release_checks import CHECKS, check_release
from portal.publish.site_links import check_site


GUIDES = sorted((PROJECT / "data" / "guides").glob("*.yml"))
FILES = PROJECT / "data" / "files"
BASE_URL = yaml.safe_load((PROJECT / "data" / "site.yml").read_text(encoding="utf-8"))["base_url"]
TYPES = {".pdf": ("PDF", "application/pdf"), ".png": ("PNG", "image/png"), ".jpg": ("JPEG", "image/jpeg"),
         ".docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
         ".xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def _article(site: Path, guide_id: str) -> str:
    html = (site / "guides" / guide_id / "index.html").read_text(encoding="utf-8")
    start = html.index('<article class="md-content__inner')
    return html[start: html.index("</article>", start)]


def _section(article: str, anchor: str) -> str:
    """The HTML from the h2 with this id to the next h2."""
    start = article.index(f'<h2 id="{anchor}"')
    end = article.find("<h2", start + 1)
    return article[start: end if end != -1 else len(article)]


def _size_label(size: int) -> str:
    """How a size reads on the page, worked out here independently of portal/load/files.py."""
    return f"{size} 字节" if size < 1024 else (f"{round(size / 1024)} KB" if size < 1024 * 1024 else f"{size / 1048576:.1f} MB")


# --- the guide page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", GUIDES, ids=lambda p: p.stem)
def test_the_page_says_what_the_catalogue_says_the_matter_is_and_what_it_gives(site, path):
    guide = _yaml(path)
    article = _article(site, guide["id"])
    facts = _text(article[article.index('<dl class="pt-facts">'): article.index("</dl>")])
    assert f"事项类型 {guide['item_type']}" in facts
    assert f"事项编码 {guide['code']}" in facts
    result = guide["result"]
    assert f"办理结果 {result['name']}；{'、'.join(result['delivery'])}" in facts
    section = _section(article, "result")
    assert result["name"] in _text(section) and "、".join(result["delivery"]) in _text(section)
    expected = []
    if "sample" in result:
        data = (FILES / result["sample"]).read_bytes()
        expected = [(TYPES[Path(result["sample"]).suffix][0], _size_label(len(data)), f"../../files/{result['sample']}", result["name"] + "样本")]
        assert (site / "files" / result["sample"]).read_bytes() == data
    assert _file_links(section) == expected


def test_the_handbook_shows_a_sample_of_the_result_as_an_image():
    sample = _yaml(PROJECT / "data" / "guides" / "fuwu-shouce.yml")["result"]["sample"]
    assert sample.endswith(".png") and (FILES / sample).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("path", GUIDES, ids=lambda p: p.stem)
def test_the_names_people_say_are_shown_under_the_title_and_weigh_more_in_search(site, path):
    guide = _yaml(path)
    article = _article(site, guide["id"])
    found = re.search(r'<p class="pt-aliases" data-pagefind-weight="([\d.]+)">(.*?)</p>', article, re.S)
    assert found, "no 又称 line"
    assert _text(found.group(2)) == "又称：" + "、".join(guide["aliases"])
    assert float(found.group(1)) > 1.0, "Pagefind weighs body text 1.0: the aliases must weigh more"
    assert article.index('class="pt-aliases"') < article.index('class="pt-lead"'), "又称 belongs right under the title"


@pytest.mark.parametrize("path", GUIDES, ids=lambda p: p.stem)
def test_each_material_says_where_it_comes_from_and_in_which_form(site, path):
    guide = _yaml(path)
    rows = re.findall(r"<tr><td>.*?</tr>", _section(_article(site, guide["id"]), "materials"), re.S)
    assert len(rows) == len(guide["materials"])
    for row, material in zip(rows, guide["materials"]):
        cells = [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        assert cells[0] == f"☐ {material['name']} 来源：{material['source']}"
        need = "必需" if material.get("required", True) else "视情况提供"
        assert cells[1].replace("， ", "，") == f"{material['original_or_copy']} {material.get('copies', 1)} 份 {material['paper_or_electronic']}，{need}"
        if "instructions" in material:
            assert f"填写说明： {material['instructions']}" in cells[2]
        else:
            assert "填写说明" not in cells[2]


def _file_links(html: str) -> list[tuple[str, str, str, str]]:
    """(type, size, href, label) of every file link: the type and size come before the link."""
    return [(kind, size, href, _text(label)) for kind, size, href, label in re.findall(
        r'<p class="pt-file"><span class="pt-file__meta">(\w+)，([^<]+)</span> <a href="([^"]+)" type="[^"]+">(.*?)</a></p>',
        html, re.S)]


@pytest.mark.parametrize("path", GUIDES, ids=lambda p: p.stem)
def test_a_blank_form_or_example_is_a_link_with_its_type_and_size_before_it(site, path):
    guide = _yaml(path)
    rows = re.findall(r"<tr><td>.*?</tr>", _section(_article(site, guide["id"]), "materials"), re.S)
    for row, material in zip(rows, guide["materials"]):
        expected = []
        for field, label in (("template", "空白表格"), ("example", "填写样表")):
            if field in material:
                name = material[field]
                data = (FILES / name).read_bytes()
                expected.append((TYPES[Path(name).suffix][0], _size_label(len(data)), f"../../files/{name}", label))
                assert (site / "files" / name).read_bytes() == data, f"/files/{name} is not the file in data/files/"
        assert _file_links(row) == expected, material["name"]


def test_the_service_handbook_offers_a_real_blank_form_and_a_filled_in_example(site):
    """The issue asks for at least one real blank form in PDF: the handbook's registration form."""
    guide = _yaml(PROJECT / "data" / "guides" / "fuwu-shouce.yml")
    form = next(m for m in guide["materials"] if "template" in m)
    assert form["name"] == "《计划生育服务手册》登记表" and form["template"].endswith(".pdf") and "example" in form
    for name in (form["template"], form["example"]):
        data = (site / "files" / name).read_bytes()
        assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    assert guide["illustrative"] is True, "the form is drawn up for the demonstration: the guide says so"


@pytest.mark.parametrize("path", GUIDES, ids=lambda p: p.stem)
def test_mail_and_appointment_are_channels_with_what_the_data_says(site, path):
    guide = _yaml(path)
    section = _section(_article(site, guide["id"]), "channels")
    channels = {_text(name): _text(said) for name, said in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", section, re.S)}
    mail, appointment = guide["channels"].get("mail"), guide["channels"].get("appointment")
    assert ("邮寄办理" in channels) == bool(mail) and ("预约办理" in channels) == bool(appointment)
    if mail:
        assert mail["description"] in channels["邮寄办理"] and mail["address"] in channels["邮寄办理"]
    if appointment:
        assert appointment["description"] in channels["预约办理"]
        if "phone" in appointment:
            assert f'<a href="tel:{appointment["phone"]}">' in section


def test_the_real_guides_use_both_new_channels():
    channels = [set(_yaml(p)["channels"]) for p in GUIDES]
    assert any("mail" in c for c in channels) and any("appointment" in c for c in channels)


@pytest.mark.parametrize("path", GUIDES, ids=lambda p: p.stem)
def test_the_ways_of_appeal_name_the_body_the_court_and_the_time_limits(site, path):
    guide = _yaml(path)
    article = _article(site, guide["id"])
    remedy = guide.get("remedy")
    assert ('id="remedy"' in article) == bool(remedy)
    if remedy:
        text = _text(_section(article, "remedy"))
        assert f"行政复议：自知道该决定之日起 {remedy['review_days']} 日内，向{remedy['review_body']}申请" in text
        assert f"行政诉讼：自知道该决定之日起 {remedy['lawsuit_months']} 个月内，向{remedy['court']}提起" in text


def test_three_real_guides_that_decide_something_say_how_to_appeal():
    with_remedy = [p.stem for p in GUIDES if "remedy" in _yaml(p)]
    assert sorted(with_remedy) == ["ertai-shengyuzheng", "fuwu-shouce", "liudong-hunyu-zhengming"]


@pytest.mark.parametrize("path", GUIDES, ids=lambda p: p.stem)
def test_the_page_links_the_matter_on_the_provincial_service_site(site, path):
    guide = _yaml(path)
    article = _article(site, guide["id"])
    assert f'<a href="{guide["official_url"]}" rel="noopener">' in _section(article, "legal-basis")


def test_the_sections_come_in_the_order_a_citizen_needs_them(site):
    """What to bring, how it goes, who may apply, where, what one gets, what if refused, on what basis."""
    article = _article(site, "fuwu-shouce")
    order = ["materials", "steps", "conditions", "refusal", "channels", "result", "remedy", "legal-basis", "faq"]
    positions = [article.index(f'<h2 id="{anchor}"') for anchor in order]
    assert positions == sorted(positions)


# --- /files/ ------------------------------------------------------------------------------------------


def test_every_file_in_data_files_is_published_byte_for_byte_and_nothing_else(site):
    names = sorted(p.name for p in FILES.iterdir() if not p.name.startswith("."))
    assert names, "data/files/ holds the blank forms"
    assert sorted(p.name for p in (site / "files").iterdir()) == names
    for name in names:
        assert (site / "files" / name).read_bytes() == (FILES / name).read_bytes()


def test_the_release_checks_and_the_link_checker_accept_the_files_and_miss_none(site, tmp_path):
    portal = load_portal(PROJECT, AS_OF)
    checks = [check for check in CHECKS if check.name in ("附件", "内部链接", "记录页面")]  # the ones /files/ concerns
    assert len(checks) == 3 and check_release(site, portal, checks) == []
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "files" / "fuwu-shouce-dengjibiao.pdf").unlink()
    (copy / "files" / "ertai-zaishengyu-shenqingbiao.pdf").write_bytes(b"%PDF-1.4\n")  # cut short
    broken = {(b.page, b.url) for b in check_site(copy, BASE_URL)}
    assert ("guides/fuwu-shouce/index.html", "../../files/fuwu-shouce-dengjibiao.pdf") in broken
    problems = check_release(copy, portal, checks)
    assert "附件：files/fuwu-shouce-dengjibiao.pdf：缺少文件" in problems
    assert "附件：files/ertai-zaishengyu-shenqingbiao.pdf：大小与 data/files/ 里的文件不一致（文件可能不完整）" in problems


# --- open data ----------------------------------------------------------------------------------------


def _csv(site: Path, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO((site / "opendata" / f"{name}.csv").read_text(encoding="utf-8-sig"))))


def test_guides_csv_has_a_column_for_each_new_element(site):
    rows = {row["id"]: row for row in _csv(site, "guides")}
    for path in GUIDES:
        guide, row = _yaml(path), rows[path.stem]
        remedy = guide.get("remedy") or {}
        assert row["code"] == guide["code"] and row["item_type"] == guide["item_type"]
        assert row["aliases"] == "；".join(guide["aliases"])
        assert row["result_name"] == guide["result"]["name"]
        assert row["result_delivery"] == "；".join(guide["result"]["delivery"])
        assert row["official_url"] == guide["official_url"]
        assert row["review_body"] == remedy.get("review_body", "")
        assert row["review_days"] == str(remedy.get("review_days", ""))
        assert row["court"] == remedy.get("court", "") and row["lawsuit_months"] == str(remedy.get("lawsuit_months", ""))
        mail, appointment = guide["channels"].get("mail"), guide["channels"].get("appointment")
        assert row["mail"] == (f"{mail['address']}：{mail['description']}" if mail else "")
        assert row["appointment"] == (appointment["description"] if appointment else "")
        assert row["appointment_phone"] == (appointment or {}).get("phone", "")


def test_guide_materials_csv_has_one_row_per_material_with_download_addresses(site):
    rows = _csv(site, "guide-materials")
    expected = [(p.stem, n, m) for p in GUIDES for n, m in enumerate(_yaml(p)["materials"], start=1)]
    assert [(r["guide_id"], int(r["seq"])) for r in rows] == [(g, n) for g, n, _ in expected]
    for row, (_, _, material) in zip(rows, expected):
        for field in ("name", "source", "original_or_copy", "paper_or_electronic"):
            assert row[field] == material[field]
        assert row["instructions"] == material.get("instructions", "")
        for field in ("template", "example"):
            assert row[field] == (BASE_URL + "files/" + material[field] if field in material else "")


def test_guides_json_holds_the_new_fields_as_the_files_do(site):
    records = {r["id"]: r for r in json.loads((site / "opendata" / "guides.json").read_text(encoding="utf-8"))["records"]}
    for path in GUIDES:
        guide, record = _yaml(path), records[path.stem]
        for field in ("code", "item_type", "aliases", "official_url"):
            assert record[field] == guide[field], field
        assert {k: v for k, v in record["result"].items() if v is not None} == guide["result"]
        assert (record["remedy"] and {k: v for k, v in record["remedy"].items() if v is not None}) == guide.get("remedy")
        assert [{k: m[k] for k in ("source", "original_or_copy", "paper_or_electronic")} for m in record["materials"]] \
            == [{k: m[k] for k in ("source", "original_or_copy", "paper_or_electronic")} for m in guide["materials"]]


def test_the_table_schema_and_json_schema_list_the_fixed_choices(site):
    package = json.loads((site / "opendata" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for r in package["resources"] if r["name"] == "guides" for f in r["schema"]["fields"]}
    assert "行政许可" in fields["item_type"]["constraints"]["enum"] and fields["code"]["constraints"]["required"]
    materials = next(r for r in package["resources"] if r["name"] == "guide-materials")
    assert materials["schema"]["foreignKeys"] == [{"fields": "guide_id", "reference": {"resource": "guides", "fields": "id"}}]
    schema = json.loads((site / "schemas" / "guide.json").read_text(encoding="utf-8"))
    assert {"code", "item_type", "result"} <= set(schema["required"])
    assert "form" not in schema["$defs"]["Material"]["properties"]
    assert {"source", "original_or_copy", "paper_or_electronic"} <= set(schema["$defs"]["Material"]["required"])


# --- the data dictionary and the editor ------------------------------------------------------------------


def test_the_dictionary_explains_every_new_field(site):
    text = " ".join(_text((site / "about" / "data" / "guide" / page / "index.html").read_text(encoding="utf-8"))
                    for page in ("", "2"))  # the guide's fields take two pages (portal/render/dictionary.py)
    for path, title in (("aliases[]", "又称"), ("code", "事项编码"), ("item_type", "事项类型"), ("result.delivery[]", "送达方式"),
                        ("materials[].source", "来源渠道"), ("materials[].original_or_copy", "原件或复印件"),
                        ("materials[].paper_or_electronic", "纸质或电子"), ("materials[].template", "空白表格"),
                        ("materials[].example", "填写样表"), ("materials[].instructions", "填写说明"),
                        ("channels.mail.address", "收件地址"), ("channels.appointment.phone", "预约电话"),
                        ("remedy.review_body", "行政复议机关"), ("remedy.lawsuit_months", "起诉期限（月）"),
                        ("official_url", "政务服务网地址")):
        assert path in text and title in text, path
    assert text.count("须是 data/files/ 里已有的文件（见通用规则）") == 3  # template, example, result.sample
    overview = _text((site / "about" / "data" / "index.html").read_text(encoding="utf-8"))
    assert "按文件内容（而不是扩展名）识别，只能是 PDF、DOCX、XLSX、PNG 或 JPEG" in overview


def test_the_editor_offers_the_fixed_lists_as_choices(site):
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    guides = next(c for c in config["collections"] if c.get("folder") == "data/guides")
    fields = {f["name"]: f for f in guides["fields"]}
    assert fields["item_type"]["widget"] == "select" and "公共服务" in fields["item_type"]["options"]
    assert fields["code"].get("required", True) is True
    result = {f["name"]: f for f in fields["result"]["fields"]}
    assert result["delivery"]["widget"] == "select" and result["delivery"]["multiple"] is True
    material = {f["name"]: f for f in fields["materials"]["fields"]}
    assert "form" not in material
    assert material["source"]["options"] == ["申请人自备", "政府部门核发", "窗口领取或网上下载", "中介机构或其他单位出具"]
    assert material["template"]["pattern"][0].endswith(r"\.(pdf|docx|xlsx|png|jpg|jpeg))$")
    channels = {f["name"] for f in fields["channels"]["fields"]}
    assert {"mail", "appointment"} <= channels
    assert {"remedy", "official_url", "aliases"} <= set(fields)


# --- the staff guide --------------------------------------------------------------------------------------


def test_the_staff_page_on_guides_names_real_fields_and_the_models_own_choices():
    """docs/about/contributing/guides.md, which staff read: every field it names is a field of a guide,
    and every fixed list it spells out is the list the validator accepts, in its order."""
    import typing

    from portal.model.records import Delivery, ItemType, MaterialSource, OriginalOrCopy, PaperOrElectronic
    from portal.render.dictionary import describe, walk
    from portal.model.records import Guide

    text = (PROJECT / "docs" / "about" / "contributing" / "guides.md").read_text(encoding="utf-8")
    paths = {re.sub(r"\[\]", "", doc.path) for doc in walk(describe(Guide))}
    for name in re.findall(r"^\| `([a-z_.]+)`", text, re.M):
        assert name in paths, f"{name} is not a field of a guide"
    for choices in (ItemType, MaterialSource, OriginalOrCopy, PaperOrElectronic, Delivery):
        assert "、".join(typing.get_args(choices)) in text, choices
