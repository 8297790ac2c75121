"""Printing a guide gives a one-page A4 一次性告知单: the materials with boxes to tick, time limit,
fee, where and when, phones, the as-of date and a QR code that leads back to the guide's page.

Each guide is printed to PDF by Debian's Chromium, in the normal and in the 长辈模式 screen mode;
the pages are counted and the text read back with poppler's pdfinfo and pdftotext.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import segno
import yaml

from browsing import AS_OF, DESKTOP, guide_ids, new_context, switch_elder_mode_on
from conftest import PROJECT
from portal.china import cn_date
from sitetools import serve

SITE_YML = yaml.safe_load((PROJECT / "data" / "site.yml").read_text(encoding="utf-8"))


def _guide(guide_id: str) -> dict:
    return yaml.safe_load((PROJECT / "data" / "guides" / f"{guide_id}.yml").read_text(encoding="utf-8"))


def _address(guide_id: str) -> str:
    return SITE_YML["base_url"].rstrip("/") + f"/guides/{guide_id}/"


def _file_address(name: str) -> str:
    return SITE_YML["base_url"].rstrip("/") + f"/files/{name}"


def _flat(text: str) -> str:
    """Text with all white space removed: a line break in the PDF must not hide a phrase."""
    return re.sub(r"\s+", "", text)


def _poppler(tool: str, *args: str) -> str:
    assert shutil.which(tool), f"{tool} is missing: apt-get install poppler-utils (scripts/test does under CI)"
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


def _black_share(pdf) -> float:
    """The share of the printed page that is near black, drawn by poppler in grey at 20 dots per inch:
    text and the QR code make about 1.5%, a black background behind the materials table over 15%."""
    assert shutil.which("pdftoppm"), "pdftoppm is missing: apt-get install poppler-utils"
    pgm = subprocess.run(["pdftoppm", "-gray", "-r", "20", str(pdf)], capture_output=True, check=True).stdout
    magic, width, height, depth, pixels = pgm.split(maxsplit=4)
    assert magic == b"P5" and depth == b"255"
    pixels = pixels[: int(width) * int(height)]
    return sum(1 for value in pixels if value < 64) / len(pixels)


@pytest.fixture(scope="module")
def origin(real_site):
    with serve(real_site) as url:
        yield url


@pytest.fixture(scope="module", params=[False, True], ids=["standard", "elder-and-high-contrast"])
def printer(request, origin, browser):
    """A browser page that prints; with 长辈模式 and 高对比度 on when the parameter says so (screen modes:
    they must not change the sheet, and white on black must never reach paper)."""
    context = new_context(browser, DESKTOP)
    # A Chinese voice, so that the 朗读本页 button is on the screen (read-aloud.js), to be left off paper.
    context.add_init_script("speechSynthesis.getVoices = () => [{lang: 'zh-CN', name: 'test'}];")
    page = context.new_page()
    if request.param:
        switch_elder_mode_on(page, origin)
        page.get_by_role("button", name="高对比度").click()
    yield page
    context.close()


@pytest.mark.parametrize("guide_id", guide_ids())
def test_a_printed_guide_is_one_a4_page_with_everything_needed_at_the_counter(origin, printer, guide_id, tmp_path):
    guide = _guide(guide_id)
    printer.goto(origin + f"/guides/{guide_id}/")
    pdf = tmp_path / f"{guide_id}.pdf"
    printer.pdf(path=str(pdf), format="A4")

    info = _poppler("pdfinfo", str(pdf))
    assert re.search(r"^Pages:\s+1$", info, re.M), f"{guide_id} prints on more than one page:\n{info}"
    assert re.search(r"^Page size:.*\(A4\)$", info, re.M), info

    assert _black_share(pdf) < 0.05, "the sheet prints black areas: a screen mode's colours reached paper"

    text = _poppler("pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-")  # in reading order
    flat = _flat(text)
    assert "一次性告知单" in flat and _flat(guide["title"]) in flat
    assert text.count("☐") == len(guide["materials"]), "every material needs one box to tick"
    for material in guide["materials"]:
        assert "☐" + _flat(material["name"]) in flat, f"no box to tick before {material['name']}"
    limit = guide["time_limit"]
    assert ("即办" in flat) if limit.get("immediate") else (f"承诺{limit['promised_days']}个工作日" in flat)
    assert ("不收费" in flat) if guide["fee"]["free"] else (str(guide["fee"]["amount"]) in flat)
    if window := guide["channels"].get("window"):
        assert _flat(window["address"]) in flat and _flat(window["hours"]) in flat
    assert guide["consult_phone"] in flat and guide["complaint_phone"] in flat
    assert "数据截至" + cn_date(AS_OF) in flat
    assert "事项编码" + guide["code"] in flat and "事项类型" + guide["item_type"] in flat  # what the counter looks up
    assert _flat(_address(guide_id)) in flat, "the sheet does not say where to find the page"
    for material in guide["materials"]:  # a blank form: its address, to type in or to scan (next test)
        if "template" in material:
            assert _flat(_file_address(material["template"])) in flat, f"no address of the blank form {material['template']}"
    for screen_only in ("长辈模式", "高对比度", "朗读本页", "跳到正文", "数据仓库", "常见问题", "我要纠错", "好差评", "救济途径", "又称"):
        assert screen_only not in flat, f"{screen_only} belongs on the screen, not on the printed sheet"


def _qr_cells(svg_path: str) -> set[tuple[int, int]]:
    """The dark modules of a QR code drawn by segno's SVG path (moves and horizontal runs)."""
    cells, x, y = set(), 0.0, 0.0
    for op, a, b in re.findall(r"([Mmh])\s*(-?[\d.]+)(?:[\s,]+(-?[\d.]+))?", svg_path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            cells |= {(int(y), int(x) + i) for i in range(int(float(a)))}
            x += float(a)
    return cells


def _matches(cells: set[tuple[int, int]], size: int, address: str) -> bool:
    """Whether the drawn modules are a QR code of address, at whichever error-correction level."""
    for level in "lmqh":
        matrix = segno.make_qr(address, error=level).matrix
        border = (size - len(matrix)) // 2
        expected = {(r + border, c + border) for r, row in enumerate(matrix) for c, dark in enumerate(row) if dark}
        if expected == cells:
            return True
    return False


@pytest.mark.parametrize("guide_id", guide_ids())
def test_the_printed_qr_code_leads_to_the_guides_public_address(origin, printer, guide_id):
    printer.goto(origin + f"/guides/{guide_id}/")
    code = printer.locator(".pt-qr svg")
    assert not code.is_visible(), "the QR code is for paper; on screen the reader is already here"
    printer.emulate_media(media="print")
    try:
        box = code.bounding_box()
        assert box and box["width"] >= 90 and box["height"] >= 90, "too small to scan from paper"
        size = int(code.get_attribute("viewBox").split()[2])
        assert _matches(_qr_cells(code.locator("path").get_attribute("d")), size, _address(guide_id))
    finally:
        printer.emulate_media(media="null")  # None would leave print emulation on


def _templates() -> list[tuple[str, str]]:
    return [(gid, m["template"]) for gid in guide_ids() for m in _guide(gid)["materials"] if "template" in m]


def test_some_guide_prints_a_blank_form():
    assert _templates(), "no guide offers a blank form: the QR code test below would test nothing"


@pytest.mark.parametrize(("guide_id", "template"), _templates(), ids=lambda v: v)
def test_a_blank_forms_printed_qr_code_downloads_it(origin, printer, guide_id, template):
    printer.goto(origin + f"/guides/{guide_id}/")
    code = printer.locator(".pt-form-qr svg")
    assert not code.is_visible(), "on screen the form is a link"
    printer.emulate_media(media="print")
    try:
        box = code.bounding_box()
        assert box and box["width"] >= 55 and box["height"] >= 55, "too small to scan from paper (about 15 mm at least)"
        size = int(code.get_attribute("viewBox").split()[2])
        assert _matches(_qr_cells(code.locator("path").get_attribute("d")), size, _file_address(template))
    finally:
        printer.emulate_media(media="null")
