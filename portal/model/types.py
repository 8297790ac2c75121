"""Field types shared by every kind of record, each with a Chinese message that says what to write."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, Strict
from pydantic_core import PydanticCustomError

from portal.load import files
from portal.load.reader import Ambiguous, BadDate


@dataclass(frozen=True)
class Explained:
    """How a field type is described to staff in the data dictionary (/about/data/). It rides along
    in the type's Annotated metadata, which pydantic ignores, so the words sit next to the check."""

    name: str  # 日期
    rule: str  # what to write, in the validator's own words where it has them
    example: str  # a value as it is written in YAML
    pattern: str = ""  # a regular expression every valid value matches (search), for the browser editor


@dataclass(frozen=True)
class RefersTo:
    """A field whose value (or each value of its list) is the id of another record: the one
    declaration of a reference. It rides in the field's Annotated metadata like `Explained`;
    validation, the data dictionary, open data's foreign keys and the editor's pickers read it.
    `target` is a key of portal.model.kinds.TARGETS."""

    target: str


_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_LOOSE_DATE = re.compile(r"^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?$")


EARLIEST_DAY = dt.date(1949, 10, 1)
"""No record here can be older than the People's Republic (founded 1949-10-01): an earlier day is a typo."""
LATEST_DAY = dt.date(2099, 12, 31)
"""No plan a department publishes reaches past this century: a later day (9999-12-31) is a placeholder or a typo."""


def _date(value: Any) -> dt.date:
    day = _day(value)
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        bound = (f"早于 {EARLIEST_DAY.isoformat()}（中华人民共和国成立），本平台的记录不会这么早" if day < EARLIEST_DAY
                 else f"晚于 {LATEST_DAY.isoformat()}，不会有这么远的安排")
        raise PydanticCustomError("portal", "“{raw}”" + bound + "；多半是年份写错了，请核对", {"raw": day.isoformat()})
    return day


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, BadDate):
        raise PydanticCustomError("portal", "“{raw}”不是真实存在的日期；请核对年月日", {"raw": value.raw})
    text = str(value).strip()
    if isinstance(value, str) and _ISO_DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise PydanticCustomError("portal", "“{raw}”不是真实存在的日期；请核对年月日", {"raw": text}) from None
    loose = _LOOSE_DATE.match(text)
    if loose:
        y, m, d = (int(g) for g in loose.groups())
        raise PydanticCustomError(
            "portal", "“{raw}”不是有效日期，请写成 {iso}", {"raw": text, "iso": f"{y:04d}-{m:02d}-{d:02d}"}
        )
    raise PydanticCustomError("portal", "“{raw}”不是有效日期，请写成 2014-04-10 这样的格式", {"raw": text})


Day = Annotated[dt.date, BeforeValidator(_date),
                Explained("日期", "写成 2014-04-10 这样的格式（月和日各两位）；必须是真实存在的日期，"
                          "在 1949-10-01 到 2099-12-31 之间", "2014-04-10")]
"""A calendar day written as 2014-04-10 (quoted or not)."""

Text = Annotated[str, Strict(), Field(min_length=1), Explained("文字", "不能为空", "")]
"""Plain text. Strict, so that `no`, `on`, 2014-04-10 or 010 written without quotes are caught."""

Flag = Annotated[bool, Strict(), Explained("是/否", "只能写 true（是）或 false（否），不加引号", "true")]
Count = Annotated[int, Strict(), Field(ge=0), Explained("整数", "不小于 0 的整数，不加引号", "1")]


def _lookalike(value: str) -> str:
    """Why a value that looks right is refused: a fullwidth digit or a foreign letter (Cyrillic а)
    that a screen shows like its ASCII twin. Chinese characters (转 in a phone number) are not meant."""
    for char in value:
        if char.isascii() or unicodedata.name(char, "").startswith("CJK"):
            continue
        if unicodedata.normalize("NFKC", char) != char:
            return f"。其中“{char}”（U+{ord(char):04X}）是全角字符；请用英文半角输入法重新输入"
        kind = {"L": "字母", "N": "数字"}.get(unicodedata.category(char)[0])
        if kind:
            return f"。其中“{char}”（U+{ord(char):04X}）是外文{kind}，只是看起来像英文{kind}；请用英文半角输入法重新输入"
    return ""


def _patterned(regex: str, hint: str, example: str):
    """Text that must match regex; the hint says in Chinese what to write. Editors get the pattern too.
    A hint reads “不是有效的<name>；<rule>”: the data dictionary shows the name and the rule."""
    compiled = re.compile(regex)
    name, _, rule = hint.removeprefix("不是有效的").partition("；")

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise PydanticCustomError("portal", "“{value}”" + hint + "{lookalike}", {"value": value, "lookalike": _lookalike(value)})
        return value

    return Annotated[Text, AfterValidator(check), Field(json_schema_extra={"pattern": f"^(?:{regex})$"}),
                     Explained(name, rule, example, f"^(?:{regex})$")]


Slug = _patterned(
    r"[a-z0-9]+(-[a-z0-9]+)*",
    "不是有效的编号；只能用小写英文字母、数字和连字符“-”，如 fuwu-shouce",
    "fuwu-shouce",
)
ItemId = _patterned(
    r"ZG-[0-9]{4}-[0-9]{3}",
    "不是有效的整改事项编号；请写成 ZG-2014-001 这样的格式",
    "ZG-2014-001",
)
Phone = _patterned(
    r"([0-9]{3,4}-)?[0-9]{5,8}(转[0-9]{1,5})?|1[0-9]{10}|[0-9]{5}",  # not \d, which takes fullwidth digits
    "不是有效的电话号码；请写成 0536-8888888 这样的格式（分机写“转”）",
    '"0536-8888888"',
)
Url = _patterned(r"https?://[^\s<>\"']+", "不是有效的网址；请以 https:// 或 http:// 开头，不含空格", "https://www.gov.cn/")
Branch = _patterned(
    r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*",
    "不是有效的分支名；只能用英文字母、数字和 . _ - /，如 main",
    "main",
)  # it becomes part of every page's edit link: nothing that could end the link's attribute
FileName = _patterned(
    files.SAFE_NAME.pattern,
    f"不是有效的文件名；只用小写英文字母、数字和“-”，扩展名 {files.extension_names(files.BY_EXTENSION)}",
    "fuwu-shouce-dengjibiao.pdf",
)  # the name is part of a public address (/files/<name>): nothing a browser or a shell would read twice
FieldPath = _patterned(
    r"[a-z_]+(\[[0-9]+\])?(\.[a-z_]+(\[[0-9]+\])?)*",
    "不是有效的字段位置；请写成 updates[1].note 或 deadline 这样的形式（列表从 0 数起：第一条进展是 updates[0]）",
    "updates[1].note",
)
"""Where a correction applies, as validation messages name a field: updates[1].note."""


def written_as_text(value: Any) -> Any:
    """A value of any field as it is written in YAML, as text: a day, a number or true/false too."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, int, float)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, BadDate):  # no real day: the field it corrects says so, where `now` is written
        return value.raw
    return value


AnyValue = Annotated[str, BeforeValidator(written_as_text), Strict(), Field(min_length=1),
                     Explained("值", "写成这个字段本来的写法：日期如 2014-04-10，文字照写", "2014-06-10")]
"""A correction's old or new value: any field's value, held as text (2014-06-10, 已完成, 3)."""

# Site identity (网站标识) that Chinese government sites show at the foot of every page.
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
SiteCode = _patterned(
    r"([0-9]{6}|bm[0-9]{4})[0-9]{4}",
    "不是有效的网站标识码；网站标识码共 10 位，如 3707000012（前 6 位是行政区划代码，部门网站以 bm 开头）",
    '"3707000012"',
)
IcpNumber = _patterned(
    f"[{PROVINCES}]ICP备[0-9]{{8,10}}号(-[0-9]{{1,3}})?",
    "不是有效的ICP备案号；请照工业和信息化部备案系统写，如“鲁ICP备12345678号”（网站序号接在后面，如“-1”）",
    "鲁ICP备12345678号",
)
PoliceNumber = _patterned(
    f"[{PROVINCES}]公网安备 ?[0-9]{{14}}号",
    "不是有效的公安机关备案号；请照全国互联网安全管理服务平台写，如“鲁公网安备 37070202000123号”（14 位数字）",
    "鲁公网安备 37070202000123号",
)
QueryName = _patterned(
    r"[A-Za-z_][A-Za-z0-9_]*",
    "不是有效的参数名；只能用英文字母、数字和下划线，如 url",
    "url",
)
ImageName = _patterned(
    r"[a-z0-9]+([-_][a-z0-9]+)*\.(" + "|".join(files.IMAGE_EXTENSIONS) + ")",
    f"不是有效的图片文件名；只能用小写英文字母、数字、“-”和“_”，以 {files.extension_names(files.IMAGE_EXTENSIONS)} 结尾，如 dangzheng-jiguan.png",
    "dangzheng-jiguan.png",
)
Time = _patterned(r"([01][0-9]|2[0-3]):[0-5][0-9]", "不是有效的时刻；请写成带引号的 \"08:30\"", '"08:30"')

ROLE_WORDS = (
    "主任", "书记", "组长", "科长", "处长", "局长", "站长", "所长", "部长", "委员", "干部", "专干",
    "负责人", "工作人员", "办事员", "联络员", "主管", "秘书", "经理", "领导",
)


ROLE_RULE = "这里只写职务（如“政策法规科科长”），不要写个人姓名"


def _role(value: str) -> str:
    if not any(word in value for word in ROLE_WORDS):
        raise PydanticCustomError("portal", "“{value}”看起来不是职务；" + ROLE_RULE, {"value": value})
    return value


Role = Annotated[Text, AfterValidator(_role), Explained("职务", ROLE_RULE, "政策法规科科长", "|".join(ROLE_WORDS))]
"""A role title such as 政策法规科科长. Never a private person's name."""


def describe_input(value: Any) -> str:
    """How a wrongly typed value is explained to staff (used by the message mapper)."""
    if isinstance(value, Ambiguous):
        return f"“{value.raw}”会被其他 YAML 工具读成{value.reads_as}"
    if isinstance(value, bool):
        return f"“{str(value).lower()}”是是/否（布尔值）"
    if isinstance(value, dt.date):
        return f"“{value.isoformat()}”会被读成日期"
    if isinstance(value, (int, float)):
        return f"“{value}”会被读成数字"
    return ""


OfficeRef = Annotated[Slug, RefersTo("offices")]
GuideRef = Annotated[Slug, RefersTo("guides")]
RuleRef = Annotated[Slug, RefersTo("rules")]
ItemRef = Annotated[ItemId, RefersTo("rectification")]
EventRef = Annotated[Slug, RefersTo("events")]
