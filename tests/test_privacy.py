"""The personal-data guard (portal/load/privacy.py): resident ID numbers, mobile numbers, e-mail addresses
and bank card numbers stop validation with where they are written and how to mask them; the numbers
a government portal is full of (dates, landlines, item codes, ids) pass. The golden cases
tests/fixtures/invalid/personal-*/ pin the exact lines staff read."""

from __future__ import annotations

import pytest

from conftest import ITEM_FILE
from portal.load.privacy import find
from portal.load.problems import InvalidData
from portal.load.portal import load_portal

FOUND = [
    # resident ID numbers: 18 characters, real birth date, ISO 7064 MOD 11-2 check character
    ("11010519491231002X", "居民身份证号码", "110105********002X"),
    ("11010519491231002x", "居民身份证号码", "110105********002X"),
    ("身份证号：370702199001011234。", "居民身份证号码", "370702********1234"),
    ("370782197603020042", "居民身份证号码", "370782********0042"),
    ("１１０１０５１９４９１２３１００２Ｘ", "居民身份证号码", "110105********002X"),  # fullwidth
    # mobile numbers, however they are spaced or prefixed
    ("13800138000", "手机号码", "138****8000"),
    ("联系人张先生13912345678", "手机号码", "139****5678"),
    ("138 0013 8000", "手机号码", "138****8000"),
    ("138-0013-8000", "手机号码", "138****8000"),
    ("+86 138 0013 8000", "手机号码", "138****8000"),
    ("+8613800138000", "手机号码", "138****8000"),
    ("19912345678", "手机号码", "199****5678"),
    ("１３８００１３８０００", "手机号码", "138****8000"),
    ("１３８－００１３－８０００", "手机号码", "138****8000"),
    ("138　0013　8000", "手机号码", "138****8000"),  # ideographic spaces
    # as pasted from a web page or a Word file: no-break, thin and zero-width spaces, every dash
    ("138\u00a00013\u00a08000", "手机号码", "138****8000"),
    ("138\u20090013\u20098000", "手机号码", "138****8000"),
    ("138\u200b0013\u200b8000", "手机号码", "138****8000"),
    ("1\u200b3\u200b8\u200b0\u200b0\u200b1\u200b3\u200b8\u200b0\u200b0\u200b0", "手机号码", "138****8000"),
    ("138\u20130013\u20148000", "手机号码", "138****8000"),
    ("+86\u2010138\u22120013\u00a0-\u00a08000", "手机号码", "138****8000"),
    ("370702\u00a019900101\u00a01234", "居民身份证号码", "370702********1234"),
    ("370702\u300019900101\u30001234", "居民身份证号码", "370702********1234"),
    ("370702\u200919900101\u20091234", "居民身份证号码", "370702********1234"),
    ("370702\u200b19900101\u200b1234", "居民身份证号码", "370702********1234"),
    ("370702－19900101－1234", "居民身份证号码", "370702********1234"),
    ("３７０７０２\u3000１９９００１０１\u3000１２３４", "居民身份证号码", "370702********1234"),
    # e-mail addresses
    ("zhangsan@example.com", "电子邮箱地址", "z***@example.com"),
    ("意见请发 Li.Si+jisheng@mail.example.com.cn", "电子邮箱地址", "L***@mail.example.com.cn"),
    ("zhangsan＠example.com", "电子邮箱地址", "z***@example.com"),
    # bank card numbers: 13-19 digits passing Luhn, in one run or in groups of four
    ("4111111111111111", "银行卡号", "411111******1111"),
    ("退款打入 6200 0000 0000 0005 账户", "银行卡号", "620000******0005"),
    ("5555-5555-5555-4444", "银行卡号", "555555******4444"),
    ("6205500000000000004", "银行卡号", "620550*********0004"),
    ("378282246310005", "银行卡号", "378282*****0005"),
]

PASSES = [
    "2014-04-10", "2014年4月10日", "20140410", "2014-04-10 08:30",
    "0536-8230101", "（0536）8230101", "0536-8230101转8001", "12345", "12356", "95588", "400-123-4567",
    "ZG-2014-001", "事项编码 370700-000-XK-0001", "11370700004468612D4000117020001",
    "91370700MA3C12345X",  # unified social credit code of an organisation
    "潍人口发〔2014〕12号", "123 名党员干部", "320 份征求意见表",
    "370702199001011235",  # ID-shaped, wrong check character
    "370702199001011236",  # ID-shaped, wrong check character, happens to pass Luhn: not a card either
    "370702199013011234",  # no 13th month
    "440524188001010014",  # valid check character, but born in 1880
    "4111111111111112", "6222021234567890123",  # fail Luhn
    "41111111111111110", "4111111111111111111111",  # a card number inside a longer run
    "12345678901", "1380013800", "138001380001", "第 13800138000000 号",  # not 11 digits, or 12 after 1
    "@example/rectification-reviewers", "https://example.org/doc/20140410123456", "www.example.org",
]


@pytest.mark.parametrize("text, kind, masked", FOUND)
def test_personal_data_is_found_and_masked(text, kind, masked):
    assert [(f.kind, f.masked) for f in find(text)] == [(kind, masked)]


@pytest.mark.parametrize("text", PASSES)
def test_ordinary_numbers_and_codes_pass(text):
    assert find(text) == []


@pytest.mark.parametrize("text, kind, masked", FOUND)
def test_the_message_never_repeats_the_data_it_found(text, kind, masked):
    """Validation output lands in CI logs: it shows the masked form only."""
    (finding,) = find(text)
    assert masked in finding.message
    assert finding.key not in finding.message.lower()


# --- in validation ---------------------------------------------------------------------------------


def edit(root, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        load_portal(root)
    return [str(p) for p in caught.value.problems]


def test_every_piece_of_personal_data_in_a_value_is_its_own_problem(valid_tree):
    edit(valid_tree, ITEM_FILE, "description: 群众反映办公电话常常无人接听。",
         "description: 群众王某（身份证 370702199001011234，手机 13912345678）反映办公电话常常无人接听。")
    lines = problems(valid_tree)
    assert [line.split("  ")[0] for line in lines] == [f"{ITEM_FILE}:4:14"] * 2
    assert "370702********1234" in lines[0] + lines[1] and "139****5678" in lines[0] + lines[1]


def test_an_official_contact_listed_in_offices_yml_may_appear_anywhere(valid_tree):
    edit(valid_tree, "data/offices.yml", 'phone: "0536-8230109"', 'phone: "13805368230"')
    edit(valid_tree, "data/guides/shengyu-fuwu.yml", 'consult_phone: "0536-8230109"', 'consult_phone: "13805368230"')
    load_portal(valid_tree)  # no problem: the number is the service hall's listed phone


def test_a_mobile_number_not_listed_as_official_stops_validation(valid_tree):
    edit(valid_tree, "data/guides/shengyu-fuwu.yml", 'consult_phone: "0536-8230109"', 'consult_phone: "13805368231"')
    (line,) = problems(valid_tree)
    assert line.startswith("data/guides/shengyu-fuwu.yml:49:16  consult_phone 咨询电话: 写有手机号码。")
    assert "138****8231" in line


def test_an_official_e_mail_written_in_site_yml_may_appear_anywhere(valid_tree):
    edit(valid_tree, "data/site.yml", "address: 测试市测试区测试街 1 号", "address: 测试市测试区测试街 1 号（邮箱 jsw@example.gov.cn）")
    edit(valid_tree, ITEM_FILE, "  - 公开值班电话", "  - 公开值班电话和公务邮箱 JSW@example.gov.cn")
    load_portal(valid_tree)


def test_an_id_number_is_refused_even_in_the_contact_files(valid_tree):
    edit(valid_tree, "data/site.yml", "address: 测试市测试区测试街 1 号", "address: 测试市测试区测试街 1 号，联系人 11010519491231002X")
    (line,) = problems(valid_tree)
    assert line.startswith("data/site.yml:") and " address 地址: 写有完整的居民身份证号码。" in line


def test_an_unquoted_mobile_number_is_found_even_though_yaml_reads_it_as_a_number(valid_tree):
    edit(valid_tree, ITEM_FILE, "    note: 已制定 AB 角安排表。", "    note: 13912345678")
    lines = problems(valid_tree)
    assert any("updates[1].note 进展说明: 写有手机号码" in line and "139****5678" in line for line in lines)


def test_personal_data_is_reported_in_a_file_that_also_has_other_problems(valid_tree):
    edit(valid_tree, ITEM_FILE, "status: 整改中", "status: 进行中")
    edit(valid_tree, ITEM_FILE, "  - 公开值班电话", "  - 值班人手机 13912345678")
    lines = problems(valid_tree)
    assert len(lines) == 2
    assert any("measures[1] 整改措施: 写有手机号码" in line for line in lines)

