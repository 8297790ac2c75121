"""Draw the blank forms and the filled-in example the guides offer in data/files/, as PDF, and a
sample of the handbook a citizen receives, as a PNG image.

They are illustrative (the report gives no form): a plain A4 table each, with the fields a clerk
needs, drawn with fpdf2 and the WenQuanYi Micro Hei font (Debian's fonts-wqy-microhei, a subset
embedded so every viewer shows the Chinese). The PDFs are committed; run this again only to change
them, and commit what it writes:

    .venv/bin/pip install fpdf2        # not a dependency of the portal itself
    .venv/bin/python scripts/make_forms.py

The creation date is fixed, so running it twice writes the same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont  # Pillow comes with fpdf2

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "files"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
MADE_ON = dt.datetime(2014, 6, 20, tzinfo=dt.timezone.utc)
NOTICE = "本表为演示用示例表格，并非报道原文，以办理机关正式发布的表格为准。"

PERSON = ("姓名", "出生日期", "民族", "文化程度", "居民身份证号码", "户籍地址", "现居住地址", "工作单位", "联系电话")

HANDBOOK = {
    "title": "《计划生育服务手册》登记表",
    "parts": [
        ("女方", PERSON),
        ("男方", PERSON),
        ("婚育情况", ("结婚登记日期", "婚姻状况（初婚/再婚）", "现有子女情况（姓名、性别、出生日期）", "本次登记（孕周或预产期）")),
    ],
    "pledge": "本人承诺以上填写内容真实有效，如有虚假，愿意承担相应责任。",
    "signatures": ("女方签字", "男方签字", "填表日期"),
    "office": ("镇街计生办审核意见", "经办人（职务）", "审核日期"),
}

HANDBOOK_EXAMPLE = {  # what a filled-in form looks like; never a real person: placeholders only
    ("女方", "姓名"): "（本人姓名）", ("女方", "出生日期"): "1988年5月12日", ("女方", "民族"): "汉族",
    ("女方", "文化程度"): "大学本科", ("女方", "居民身份证号码"): "（18位号码，照身份证填写）",
    ("女方", "户籍地址"): "潍坊市奎文区××街道××社区", ("女方", "现居住地址"): "同户籍地址",
    ("女方", "工作单位"): "（单位全称；没有的写“无”）", ("女方", "联系电话"): "（本人手机号码）",
    ("男方", "姓名"): "（本人姓名）", ("男方", "出生日期"): "1986年9月3日", ("男方", "民族"): "汉族",
    ("男方", "文化程度"): "大专", ("男方", "居民身份证号码"): "（18位号码，照身份证填写）",
    ("男方", "户籍地址"): "潍坊市潍城区××街道××村", ("男方", "现居住地址"): "潍坊市奎文区××街道××社区",
    ("男方", "工作单位"): "（单位全称；没有的写“无”）", ("男方", "联系电话"): "（本人手机号码）",
    ("婚育情况", "结婚登记日期"): "2013年10月8日", ("婚育情况", "婚姻状况（初婚/再婚）"): "双方均为初婚",
    ("婚育情况", "现有子女情况（姓名、性别、出生日期）"): "无",
    ("婚育情况", "本次登记（孕周或预产期）"): "孕12周，预产期2014年12月",
    "女方签字": "（女方亲笔签名）", "男方签字": "（男方亲笔签名）", "填表日期": "2014年6月20日",
}

SECOND_CHILD = {
    "title": "再生育申请表",
    "parts": [
        ("女方", PERSON),
        ("男方", PERSON),
        ("子女和申请情况", ("结婚登记日期", "现有子女情况（姓名、性别、出生日期）",
                       "申请理由（符合条例的哪种情形）", "随表提交的证明材料")),
    ],
    "pledge": "我们承诺以上情况属实，并按规定接受核查；如有虚假，愿意承担相应责任。",
    "signatures": ("女方签字", "男方签字", "申请日期"),
    "office": ("镇街计生办审核意见", "县市区人口计生部门审批意见", "审批日期"),
}


class Form(FPDF):
    def __init__(self, title: str, example: bool) -> None:
        super().__init__(format="A4", unit="mm")
        self.form_title = title
        self.example = example
        self.add_font("wqy", fname=str(FONT))
        self.set_creation_date(MADE_ON)
        self.set_title(title + ("（填写样表）" if example else "（空白表格）"))
        self.set_author("潍坊市人口和计划生育委员会（示例）")
        self.set_lang("zh-CN")
        self.set_auto_page_break(False)
        self.set_margins(18, 16, 18)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("wqy", size=8)
        self.set_text_color(90)
        self.cell(0, 5, NOTICE, align="C")


def draw(form: dict, path: Path, values: dict | None = None) -> None:
    values = values or {}
    pdf = Form(form["title"], example=bool(values))
    pdf.add_page()
    pdf.set_font("wqy", size=17)
    pdf.cell(0, 10, form["title"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("wqy", size=10)
    pdf.cell(0, 6, "填写样表（仅供参考，请勿照抄）" if values else "用黑色签字笔填写，字迹清楚；没有的写“无”", align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    label_w, row_h = 62, 7.4
    for part, fields in form["parts"]:
        pdf.set_font("wqy", size=11)
        pdf.set_fill_color(230)
        pdf.cell(width, 7, part, border=1, fill=True, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("wqy", size=9.5)
        for name in fields:
            pdf.cell(label_w, row_h, name, border=1)
            pdf.set_text_color(20, 60, 140)
            pdf.cell(width - label_w, row_h, values.get((part, name), ""), border=1, new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0)
    pdf.ln(3)
    pdf.set_font("wqy", size=10)
    pdf.multi_cell(width, 6, form["pledge"], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    third = width / 3
    for name in form["signatures"]:
        pdf.cell(third, 8, f"{name}：{values.get(name, '')}")
    pdf.ln(12)
    pdf.set_font("wqy", size=11)
    pdf.set_fill_color(230)
    pdf.cell(width, 7, "以下由工作人员填写", border=1, fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("wqy", size=9.5)
    for name in form["office"]:
        pdf.cell(label_w, 9, name, border=1)
        pdf.cell(width - label_w, 9, "", border=1, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def draw_handbook_sample(path: Path) -> None:
    """The cover of the 《计划生育服务手册》 as a sample of the result, stamped 样本 (sample)."""
    width, height = 600, 840
    image = Image.new("RGB", (width, height), (178, 34, 34))
    pen = ImageDraw.Draw(image)
    font = lambda size: ImageFont.truetype(str(FONT), size)  # noqa: E731
    pen.rectangle((30, 30, width - 30, height - 30), outline=(240, 200, 80), width=4)
    pen.text((width / 2, 200), "计划生育服务手册", font=font(52), fill=(250, 220, 120), anchor="mm")
    pen.text((width / 2, 290), "潍坊市人口和计划生育委员会 制", font=font(24), fill=(255, 240, 200), anchor="mm")
    for n, line in enumerate(("手册编号：（发放时填写）", "发放机关：（镇街计生办）", "发放日期：（年 月 日）")):
        pen.text((120, 470 + n * 56), line, font=font(24), fill=(255, 240, 200))
    pen.text((width / 2, 720), "样 本", font=font(64), fill=(255, 255, 255), anchor="mm")
    pen.text((width / 2, 790), "演示用示例，并非报道原文", font=font(18), fill=(255, 230, 200), anchor="mm")
    image.save(path, format="PNG", optimize=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    draw(HANDBOOK, OUT / "fuwu-shouce-dengjibiao.pdf")
    draw(HANDBOOK, OUT / "fuwu-shouce-dengjibiao-yangbiao.pdf", HANDBOOK_EXAMPLE)
    draw(SECOND_CHILD, OUT / "ertai-zaishengyu-shenqingbiao.pdf")
    draw_handbook_sample(OUT / "fuwu-shouce-shouce-yangben.png")
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
