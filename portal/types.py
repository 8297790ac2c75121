"""Field types shared by every kind of record, each with a Chinese message that says what to write."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, Strict
from pydantic_core import PydanticCustomError

from portal.loader import Ambiguous, BadDate

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_LOOSE_DATE = re.compile(r"^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?$")


def _date(value: Any) -> dt.date:
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


Day = Annotated[dt.date, BeforeValidator(_date)]
"""A calendar day written as 2014-04-10 (quoted or not)."""

Text = Annotated[str, Strict(), Field(min_length=1)]
"""Plain text. Strict, so that `no`, `on`, 2014-04-10 or 010 written without quotes are caught."""

Flag = Annotated[bool, Strict()]
Count = Annotated[int, Strict(), Field(ge=0)]


def _patterned(regex: str, hint: str):
    """Text that must match regex; the hint says in Chinese what to write. Editors get the pattern too."""
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise PydanticCustomError("portal", "“{value}”" + hint, {"value": value})
        return value

    return Annotated[Text, AfterValidator(check), Field(json_schema_extra={"pattern": f"^(?:{regex})$"})]


Slug = _patterned(
    r"[a-z0-9]+(-[a-z0-9]+)*",
    "不是有效的编号；只能用小写英文字母、数字和连字符“-”，如 fuwu-shouce",
)
ItemId = _patterned(
    r"ZG-[0-9]{4}-[0-9]{3}",
    "不是有效的整改事项编号；请写成 ZG-2014-001 这样的格式",
)
Phone = _patterned(
    r"(\d{3,4}-)?\d{5,8}(转\d{1,5})?|1\d{10}|\d{5}",
    "不是有效的电话号码；请写成 0536-8888888 这样的格式（分机写“转”）",
)
Url = _patterned(r"https?://[^\s<>\"']+", "不是有效的网址；请以 https:// 或 http:// 开头，不含空格")
Time = _patterned(r"([01][0-9]|2[0-3]):[0-5][0-9]", "不是有效的时刻；请写成带引号的 \"08:30\"")

ROLE_WORDS = (
    "主任", "书记", "组长", "科长", "处长", "局长", "站长", "所长", "部长", "委员", "干部", "专干",
    "负责人", "工作人员", "办事员", "联络员", "主管", "秘书", "经理", "领导",
)


def _role(value: str) -> str:
    if not any(word in value for word in ROLE_WORDS):
        raise PydanticCustomError(
            "portal",
            "“{value}”看起来不是职务；这里只写职务（如“政策法规科科长”），不要写个人姓名",
            {"value": value},
        )
    return value


Role = Annotated[Text, AfterValidator(_role)]
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
