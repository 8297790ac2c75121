"""The records the portal publishes, one model per kind; titles are the Chinese field names staff see."""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Iterator, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from portal.load.files import DEFAULT_LIMIT_MB
from portal.model.deadlines import Deadline, DeadlineOutcome, Outcome
from portal.model.status import Status
from portal.model.types import (
    AnyValue, Branch, Count, Day, EventRef, FieldPath, FileName, Flag, GuideRef, IcpNumber, ImageName, ItemId, ItemRef,
    OfficeRef, Phone, PoliceNumber, QueryName, Role, RuleRef, SiteCode, Slug, Text, Time, Url,
)

ReportedStatus = Literal[tuple(s.value for s in Status.reportable())]  # type: ignore[valid-type]
"""What an update may say (portal/model/status.py); a Literal, so schemas and messages list the choices."""
Audience = Literal["个人", "法人"]
ItemType = Literal[
    "行政许可", "行政给付", "行政确认", "行政奖励", "行政裁决", "行政征收", "行政检查", "行政处罚", "行政强制",
    "其他行政权力", "公共服务",
]  # the kinds of matter of the national 政务服务事项基本目录
MaterialSource = Literal["申请人自备", "政府部门核发", "窗口领取或网上下载", "中介机构或其他单位出具"]
OriginalOrCopy = Literal["原件", "复印件", "原件和复印件"]
PaperOrElectronic = Literal["纸质", "电子", "纸质或电子"]
Delivery = Literal["窗口领取", "邮寄送达", "电子证照", "代为领取送达", "当场出具"]
EventKind = Literal["组织", "学习", "征求意见", "参观", "调研", "党课", "文件", "会议", "督导", "回头看"]
OriginKind = Literal["徒步调研", "征求意见表", "自查", "来信来访"]
Weekday = Literal["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


class Part(BaseModel):
    """A nested part of a record: unknown fields are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Record(Part):
    sources: list[Text] = Field(min_length=1, title="信息来源", description="事实出自哪里，如报道标题和日期")
    illustrative: Flag = Field(False, title="示例内容", description="true 表示部分细节为演示而写，页面显示“示例”标记")


class Change(Part):
    date: Day = Field(title="日期")
    note: Text = Field(title="变更说明")


class Withdrawal(Part):
    date: Day = Field(title="撤销日期")
    reason: Text = Field(title="撤销原因")


class Figure(Part):
    label: Text = Field(title="名称", description="如：参加活动的党员干部")
    value: Count = Field(title="数值")
    unit: Text = Field(title="单位", description="如：名、份、个")


# --- site and offices ---------------------------------------------------------------------------


class Repository(Part):
    url: Url = Field(title="仓库地址")
    branch: Branch = Field("main", title="分支")
    forge: Optional[Literal["github", "gitlab", "gitea"]] = Field(
        None, title="代码托管平台", description="github.com、gitlab.com 不必写；自建的 Gitea 写 gitea，自建的 GitLab 写 gitlab")
    oauth_app_id: Optional[Text] = Field(
        None, title="编辑器登录应用编号", description="在 Gitea 或自建 GitLab 上为在线编辑器登记的 OAuth 应用的 Client ID")


class Licence(Part):
    name: Text = Field(title="许可协议名称")
    url: Url = Field(title="许可协议网址")


class Reviewers(Part):
    rectification: Text = Field(title="整改台账审核组", description="代码托管平台上的团队，如 @org/rectification-reviewers")
    guides: Text = Field(title="办事指南审核组")


IDENTITY_FOLDER = "identity"
"""data/identity/ holds the 党政机关网站标识 image; the site publishes it at /identity/<name>."""


class GovBadge(Part):
    image: ImageName = Field(title="标识图片", description="放在 data/identity/ 文件夹里的图片文件名（PNG 或 JPEG），如 dangzheng-jiguan.png")
    url: Url = Field(title="核验网址", description="点击标识打开的核验页面，由开办单位从机构编制部门取得")


class MediaAccount(Part):
    platform: Text = Field(title="平台", description="如：微信公众号、微博、抖音")
    name: Text = Field(title="账号名称")
    url: Url = Field(title="账号网址", description="页面底部把这个网址画成二维码，群众扫码关注")


class Feedback(Part):
    url: Url = Field(title="留言网址", description="群众纠错、留言的网页，如本市政务服务便民热线的网上留言平台")
    address_param: QueryName = Field("url", title="网址参数名", description="把当前页面的网址交给留言平台时用的参数名")
    title_param: QueryName = Field("title", title="标题参数名", description="把当前页面的标题交给留言平台时用的参数名")


class Site(Part):
    name: Text = Field(title="门户名称")
    short_name: Text = Field(title="简称")
    department: Text = Field(title="部门全称")
    city: Text = Field(title="城市")
    campaign: Text = Field(title="活动名称")
    campaign_summary: Text = Field(title="活动简介")
    base_url: Url = Field(title="网站地址")
    repository: Repository = Field(title="数据仓库")
    licence: Licence = Field(title="开放数据许可")
    hotline: Phone = Field(title="咨询电话")
    complaint_line: Phone = Field(title="投诉电话")
    address: Text = Field(title="地址")
    reviewers: Optional[Reviewers] = Field(None, title="审核组")
    file_limit_mb: Count = Field(DEFAULT_LIMIT_MB, title="附件大小上限（MB）",
                                 description=f"data/files/ 里每个文件（空白表格、样表、结果样本）不能超过的大小，默认 {DEFAULT_LIMIT_MB} MB")
    # Site identity and feedback, shown at the foot of every page; each may be left out.
    sponsor: Optional[Text] = Field(None, title="主办单位")
    organizer: Optional[Text] = Field(None, title="承办单位")
    site_code: Optional[SiteCode] = Field(None, title="网站标识码")
    icp_number: Optional[IcpNumber] = Field(None, title="ICP备案号")
    police_number: Optional[PoliceNumber] = Field(None, title="公安机关备案号")
    gov_badge: Optional[GovBadge] = Field(None, title="党政机关网站标识")
    media: list[MediaAccount] = Field(default_factory=list, title="政务新媒体")
    feedback: Optional[Feedback] = Field(None, title="我要纠错/留言")
    evaluation_url: Optional[Url] = Field(None, title="好差评网址", description="办事指南页面上“好差评”链接打开的网页")
    sources: list[Text] = Field(min_length=1, title="信息来源")
    illustrative: Flag = Field(False, title="示例内容")


class Office(Part):
    id: Slug = Field(title="编号")
    name: Text = Field(title="名称")
    duties: Text = Field(title="职责")
    phone: Phone = Field(title="电话")
    oversight: Flag = Field(False, title="监督机构",
                            description="true 表示这是督导组等监督机构：可以核验整改事项（verification.by），不承担整改")
    illustrative: Flag = Field(False, title="示例内容")


class OfficesFile(Part):
    offices: list[Office] = Field(min_length=1, title="科室和单位")
    sources: list[Text] = Field(min_length=1, title="信息来源")


# --- service guides -------------------------------------------------------------------------------


class LegalBasis(Part):
    law: Text = Field(title="法规名称")
    article: Optional[Text] = Field(None, title="条款")
    revised_on: Optional[Day] = Field(None, title="修订日期")


class Material(Part):
    name: Text = Field(title="材料名称")
    source: MaterialSource = Field(title="来源渠道", description="材料从哪里来：申请人自己准备，还是由政府部门核发等")
    original_or_copy: OriginalOrCopy = Field(title="原件或复印件")
    paper_or_electronic: PaperOrElectronic = Field(title="纸质或电子")
    copies: Count = Field(1, title="份数")
    required: Flag = Field(True, title="是否必需")
    template: Optional[FileName] = Field(None, title="空白表格")
    example: Optional[FileName] = Field(None, title="填写样表", description="填好的示例")
    instructions: Optional[Text] = Field(None, title="填写说明")
    note: Optional[Text] = Field(None, title="说明")

    def files(self) -> Iterator[tuple[str, str]]:
        """(field, file name) of the files this material offers."""
        for name in ("template", "example"):
            if getattr(self, name):
                yield name, getattr(self, name)


class Step(Part):
    title: Text = Field(title="步骤")
    description: Optional[Text] = Field(None, title="说明")
    optional: Flag = Field(False, title="可选步骤")


class TimeLimit(Part):
    immediate: Flag = Field(False, title="即办", description="true 表示当场办结")
    legal_days: Optional[Count] = Field(None, title="法定时限（工作日）")
    promised_days: Optional[Count] = Field(None, title="承诺时限（工作日）")
    note: Optional[Text] = Field(None, title="说明")

    @model_validator(mode="after")
    def _promise_within_law(self) -> "TimeLimit":
        if not self.immediate and self.promised_days is None:
            raise PydanticCustomError("portal", "请写承诺时限 promised_days（工作日数），或写 immediate: true 表示即办")
        return self  # promised within legal: checked in checks/kind_rules.py, which can point at promised_days


class Fee(Part):
    free: Flag = Field(title="不收费", description="true 表示不收费")
    amount: Optional[float] = Field(None, ge=0, allow_inf_nan=False, strict=True, title="金额（元）")  # YAML reads .inf as a number; strict: a plain decimal number only, never "1e3" or true
    basis: Optional[Text] = Field(None, title="收费依据")

    @model_validator(mode="after")
    def _amount_when_charged(self) -> "Fee":
        if not self.free and (self.amount is None or self.basis is None):
            raise PydanticCustomError("portal", "收费事项要写明金额 amount 和收费依据 basis；不收费请写 free: true")
        return self


class OnlineChannel(Part):
    url: Url = Field(title="网上办理地址")
    description: Text = Field(title="说明")


class Window(Part):
    name: Text = Field(title="窗口名称")
    address: Text = Field(title="地址")
    hours: Text = Field(title="办公时间")
    holidays: Optional[Text] = Field(None, title="节假日安排")


class AssistedChannel(Part):
    who: Text = Field(title="办理人员")
    description: Text = Field(title="说明")


class MailChannel(Part):
    address: Text = Field(title="收件地址", description="申请材料寄到哪里")
    description: Text = Field(title="说明", description="寄什么、怎样寄回结果、邮费由谁承担")


class Appointment(Part):
    phone: Optional[Phone] = Field(None, title="预约电话")
    url: Optional[Url] = Field(None, title="网上预约地址")
    description: Text = Field(title="说明", description="可以预约什么（如上门办理、延时办理）、提前多久")


class Channels(Part):
    online: Optional[OnlineChannel] = Field(None, title="网上办理")
    window: Optional[Window] = Field(None, title="窗口办理")
    mail: Optional[MailChannel] = Field(None, title="邮寄办理")
    appointment: Optional[Appointment] = Field(None, title="预约办理")
    home_visit: Optional[AssistedChannel] = Field(None, title="上门办理")
    proxy: Optional[AssistedChannel] = Field(None, title="代办")


class Result(Part):
    name: Text = Field(title="结果名称", description="群众拿到的证件或文书，如《计划生育服务手册》")
    sample: Optional[FileName] = Field(None, title="结果样本")
    delivery: list[Delivery] = Field(min_length=1, title="送达方式")


class Remedy(Part):
    review_body: Text = Field(title="行政复议机关", description="对决定不服时向哪个机关申请行政复议")
    review_days: Count = Field(60, title="申请复议期限（日）", description="法定为 60 日")
    court: Text = Field(title="行政诉讼法院", description="向哪个人民法院提起行政诉讼")
    lawsuit_months: Count = Field(6, title="起诉期限（月）", description="法定为 6 个月")
    note: Optional[Text] = Field(None, title="说明")


class Faq(Part):
    question: Text = Field(title="问题")
    answer: Text = Field(title="解答")


class Guide(Record):
    id: Slug = Field(title="编号", description="与文件名相同，发布后不再改变")
    title: Text = Field(title="事项名称")
    aliases: list[Text] = Field(default_factory=list, title="又称",
                                description="群众口头上的叫法，如“准生证”；页面显示，搜索时优先匹配")
    code: Text = Field(title="事项编码", description="政务服务事项目录里的编码")
    item_type: ItemType = Field(title="事项类型")
    category: Text = Field(title="类别", description="按主题分类，如 生育服务")
    audience: list[Audience] = Field(min_length=1, title="服务对象")
    summary: Text = Field(title="简介")
    legal_basis: list[LegalBasis] = Field(min_length=1, title="设定依据")
    office: OfficeRef = Field(title="责任科室", description="offices.yml 里的编号")
    conditions: list[Text] = Field(min_length=1, title="受理条件")
    refusal_grounds: list[Text] = Field(default_factory=list, title="不予受理情形")
    materials: list[Material] = Field(min_length=1, title="申请材料")
    steps: list[Step] = Field(min_length=1, title="办理流程")
    result: Result = Field(title="办理结果")
    time_limit: TimeLimit = Field(title="办结时限")
    fee: Fee = Field(title="收费")
    channels: Channels = Field(title="办理渠道")
    visits: Count = Field(title="到现场次数")
    consult_phone: Phone = Field(title="咨询电话")
    complaint_phone: Phone = Field(title="投诉电话")
    remedy: Optional[Remedy] = Field(None, title="救济途径", description="对办理结果不服时，申请行政复议或提起行政诉讼的途径")
    official_url: Optional[Url] = Field(None, title="政务服务网地址", description="本事项在省政务服务网上的办事指南页面")
    faq: list[Faq] = Field(default_factory=list, title="常见问题")
    related_rules: list[RuleRef] = Field(default_factory=list, title="相关制度")
    related_items: list[ItemRef] = Field(default_factory=list, title="相关整改事项")
    reviewed_on: Day = Field(title="审核日期")
    next_review: Day = Field(title="下次审核日期")
    changes: list[Change] = Field(default_factory=list, title="变更记录")
    withdrawn: Optional[Withdrawal] = Field(None, title="撤销")

    def review_overdue(self, as_of: dt.date) -> bool:
        return self.next_review < as_of

    def files(self) -> Iterator[tuple[tuple, str]]:
        """(location, file name) of every file in data/files/ the guide offers, in page order."""
        if self.result.sample:
            yield ("result", "sample"), self.result.sample
        for i, material in enumerate(self.materials):
            for name, file in material.files():
                yield ("materials", i, name), file


# --- work rules -------------------------------------------------------------------------------------


class Rule(Record):
    id: Slug = Field(title="编号", description="与文件名相同，发布后不再改变")
    title: Text = Field(title="制度名称")
    summary: Text = Field(title="简介")
    body: Text = Field(title="正文", description="Markdown 格式")
    effective_on: Day = Field(title="施行日期")
    applies_to: Text = Field(title="适用范围")
    office: Optional[OfficeRef] = Field(None, title="牵头科室")
    related_guides: list[GuideRef] = Field(default_factory=list, title="相关办事指南")
    changes: list[Change] = Field(default_factory=list, title="变更记录")
    withdrawn: Optional[Withdrawal] = Field(None, title="撤销")


# --- the campaign timeline ------------------------------------------------------------------------


class Recurrence(Part):
    weekday: Weekday = Field(title="星期")
    start_time: Time = Field(title="开始时刻")
    end_time: Time = Field(title="结束时刻")
    starts_on: Day = Field(title="首次日期")
    ends_on: Day = Field(title="末次日期")


class Event(Record):
    id: Slug = Field(title="编号")
    title: Text = Field(title="活动名称")
    kind: EventKind = Field(title="类型")
    date: Optional[Day] = Field(None, title="日期")
    recurrence: Optional[Recurrence] = Field(None, title="定期举行")
    place: Optional[Text] = Field(None, title="地点")
    led_by: Optional[Role] = Field(None, title="带队或主持")
    participants: Optional[Text] = Field(None, title="参加人员")
    summary: Text = Field(title="内容")
    figures: list[Figure] = Field(default_factory=list, title="数字", description="报道给出的数字，只在这里写一次")
    # An event's outcomes are the items whose origin names it: derived, so they are never stored twice.

    @model_validator(mode="after")
    def _one_kind_of_date(self) -> "Event":
        if (self.date is None) == (self.recurrence is None):
            raise PydanticCustomError("portal", "请写日期 date（一次性活动）或 recurrence（定期活动），二者写且只写一个")
        return self

    @property
    def first_day(self) -> dt.date:
        return self.date if self.date is not None else self.recurrence.starts_on


class TimelineFile(Part):
    events: list[Event] = Field(min_length=1, title="活动")


# --- the rectification ledger ------------------------------------------------------------------


class Origin(Part):
    kind: OriginKind = Field(title="来源类型")
    event: Optional[EventRef] = Field(None, title="来源活动", description="timeline.yml 里的活动编号")
    group: Optional[Text] = Field(None, title="调研组")
    place: Optional[Text] = Field(None, title="地点")


class Evidence(Part):
    title: Text = Field(title="名称")
    url: Url = Field(title="网址")


class Update(Part):
    date: Day = Field(title="日期")
    status: ReportedStatus = Field(title="状态")
    note: Optional[Text] = Field(None, title="进展说明")
    evidence: list[Evidence] = Field(default_factory=list, title="佐证材料")


class DeadlineChange(Part):
    date: Day = Field(title="调整日期", description="批准调整的日期，如 2014-06-16")
    to: Day = Field(title="调整后期限", description="新的期限，如 2014-08-31；须与调整前的期限不同")
    reason: Text = Field(title="调整原因", description="向群众说明为什么要调整期限")
    approved_by: Role = Field(title="批准人", description="只写职务，如“委党组书记、主任”，不写姓名")


class Verification(Part):
    date: Day = Field(title="核验日期", description="不能早于报告办结的那条进展")
    by: OfficeRef = Field(title="核验单位", description="offices.yml 里的编号：其他科室或监督机构（oversight: true），不能是本事项的责任科室")
    method: Text = Field(title="核验方式", description="如：回头看实地抽查、电话回访反映问题的群众")
    note: Text = Field(title="核验意见", description="如：整改措施已落实，抽查结果与报告一致，同意销号。")
    evidence: list[Evidence] = Field(default_factory=list, title="核验材料")


class Satisfaction(Part):
    date: Day = Field(title="调查日期", description="不能早于报告办结的那条进展")
    method: Text = Field(title="调查方式", description="如：电话回访、入户走访")
    surveyed: Count = Field(title="调查人数", description="实际回访的人数，如 12；页面显示满意率时总同时显示这个人数")
    satisfied: Count = Field(title="满意人数", description="不能多于调查人数")


class Reply(Part):
    """The answer published to the people who raised the problem, dated: a snapshot of an earlier
    day does not show an answer given later."""

    date: Day = Field(title="答复日期", description="公开答复的日期，通常是报告办结的那一天")
    text: Text = Field(title="答复内容")


class Transfer(Part):
    """The item passes to another office. The baseline stays: the on-time rate still counts it against
    the first deadline and the office that promised it (`office`)."""

    date: Day = Field(title="移交日期", description="批准移交的日期，如 2014-06-16")
    to: OfficeRef = Field(title="接手科室", description="offices.yml 里的编号；须与移交前的责任科室不同")
    reason: Text = Field(title="移交原因", description="向群众说明为什么换科室办理")
    approved_by: Role = Field(title="批准人", description="只写职务，如“委党组书记、主任”，不写姓名")


class Correction(Part):
    """A published value that was wrong: the file keeps what was published, the correction says what
    it should be and why; the site shows the corrected value and the correction beside it."""

    date: Day = Field(title="更正日期")
    field: FieldPath = Field(title="更正的字段", description="如 updates[1].note、received_on；列表从 0 数起")
    was: AnyValue = Field(title="原值")
    now: AnyValue = Field(title="更正为")
    reason: Text = Field(title="更正原因")


class RectificationItem(Record):
    id: ItemId = Field(title="编号", description="与文件名相同，如 ZG-2014-001")
    title: Text = Field(title="问题")
    description: Text = Field(title="问题描述")
    origin: Origin = Field(title="来源")
    office: OfficeRef = Field(title="责任科室", description="offices.yml 里的编号；最初承诺整改的科室，发布后不再改动，换科室写在 transfers")
    owner: Role = Field(title="责任人", description="只写职务，不写姓名")
    replaces: Optional[ItemRef] = Field(None, title="接替事项",
                                        description="受理日期、整改期限或责任科室写错时，撤销原事项（withdrawn），另立新事项并在这里写原事项的编号；两个事项都保留公开")
    received_on: Day = Field(title="受理日期", description="发布后不能改写；有误请写更正 corrections")
    deadline: Day = Field(title="整改期限", description="最初承诺的期限，发布后不再改动；调整期限写在 deadline_changes")
    measures: list[Text] = Field(min_length=1, title="整改措施")
    updates: list[Update] = Field(min_length=1, title="进展",
                                  description="按日期先后排列，新进展加在最后；已发布的进展不能修改或删除，有误请写更正 corrections")
    deadline_changes: list[DeadlineChange] = Field(default_factory=list, title="期限调整",
                                                   description="每次调整一条，按日期先后排列；最后一条的调整后期限是当前期限")
    transfers: list[Transfer] = Field(default_factory=list, title="移交",
                                      description="责任科室变更，每次一条，按日期先后排列；最后一条的接手科室是现在办理的科室")
    reply: Optional[Reply] = Field(None, title="公开答复", description="写答复日期 date 和答复内容 text")
    verification: Optional[Verification] = Field(None, title="核验",
                                                 description=f"责任科室以外的单位核验整改结果（销号）；未核验的办结显示为“{Status.AWAITING}”")
    satisfaction: Optional[Satisfaction] = Field(None, title="群众满意度")
    corrections: list[Correction] = Field(default_factory=list, title="更正记录",
                                          description="已发布的内容有误时在这里更正，原文保留；按日期先后排列")
    withdrawn: Optional[Withdrawal] = Field(None, title="撤销", description="不再公开时写明日期和原因；页面保留")

    @property
    def status(self) -> Status:
        """The latest update's status, as the office reported it: stored once, in the history."""
        return Status(self.updates[-1].status)

    @property
    def reported_closed_on(self) -> Optional[dt.date]:
        """The day the office reported it completed or answered, verified or not."""
        return self.updates[-1].date if self.status.closes else None

    @property
    def awaiting_verification(self) -> bool:
        return self.status.closes and self.verification is None

    @property
    def public_status(self) -> Status:
        """What every page, feed and open-data file shows: a closing status counts once it is verified."""
        return Status.AWAITING if self.awaiting_verification else self.status

    @property
    def closed_on(self) -> Optional[dt.date]:
        """The day it closed (办结), counted only once someone other than its office verified it."""
        return self.reported_closed_on if self.verification is not None else None

    @property
    def current_office(self) -> str:
        """The office handling it now: the last transfer's, else the one that first promised it."""
        return self.transfers[-1].to if self.transfers else self.office

    @property
    def current_deadline(self) -> dt.date:
        """The last deadline change's new deadline, else the deadline first promised."""
        return self.deadline_changes[-1].to if self.deadline_changes else self.deadline

    @property
    def extended(self) -> bool:
        """Whether the deadline now is later than the one first promised (延期)."""
        return self.current_deadline > self.deadline

    def deadline_outcome(self, as_of: dt.date) -> DeadlineOutcome:
        """How the item stands against its deadline on the as-of date. A closure counts once verified
        and is judged against the deadline first promised; an open item against the current one."""
        current, changed = self.current_deadline, bool(self.deadline_changes)
        closed = self.closed_on
        if closed is not None:
            if closed <= self.deadline:
                return DeadlineOutcome(Outcome.ON_TIME, 0, Deadline.FIRST if changed else Deadline.ONLY)
            if closed <= current:
                return DeadlineOutcome(Outcome.WITHIN_EXTENSION, (closed - self.deadline).days, Deadline.FIRST)
            return DeadlineOutcome(Outcome.LATE, (closed - current).days, Deadline.CURRENT if changed else Deadline.ONLY)
        which = Deadline.CURRENT if changed else Deadline.ONLY
        if self.awaiting_verification:
            return DeadlineOutcome(Outcome.AWAITING, 0, which)
        if current < as_of:
            return DeadlineOutcome(Outcome.OVERDUE, (as_of - current).days, which)
        return DeadlineOutcome(Outcome.OPEN, (current - as_of).days, which)

    def is_overdue(self, as_of: dt.date) -> bool:
        """Past the current deadline with nothing reported closed (an unverified closure is 待核验 instead)."""
        return self.deadline_outcome(as_of).overdue

    def closed_on_time(self) -> bool:
        """Closed, verified, and on or before the deadline first promised."""
        return self.closed_on is not None and self.closed_on <= self.deadline

    @property
    def last_entry_on(self) -> dt.date:
        """The latest date written in the record: what "last changed" falls back to without git."""
        days = [self.received_on, *(entry.date for name in DATED_LISTS for entry in getattr(self, name))]
        days += [part.date for part in (getattr(self, name) for name in DATED_PARTS) if part is not None]
        return max(days)


def _dated(annotation) -> bool:
    """Whether a field's type is a part with a `date` of its own (an update, a verification)."""
    return isinstance(annotation, type) and issubclass(annotation, BaseModel) and "date" in annotation.model_fields


def _dated_fields(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The model's lists of dated entries and its optional dated parts, read from its field types."""
    lists, parts = [], []
    for name, info in model.model_fields.items():
        origin, args = typing.get_origin(info.annotation), typing.get_args(info.annotation)
        if origin is list and _dated(args[0]):
            lists.append(name)
        elif origin in (Union, types.UnionType) and any(_dated(arg) for arg in args):
            parts.append(name)
        elif _dated(info.annotation):
            raise TypeError(f"{model.__name__}.{name}: a dated part must be optional, for a snapshot leaves it out")
    return tuple(lists), tuple(parts)


DATED_LISTS, DATED_PARTS = _dated_fields(RectificationItem)
"""An item's lists of dated entries (updates, deadline changes, corrections) and its single dated parts
(verification, satisfaction, withdrawal), each entry or part with a `date`: every field of
RectificationItem whose type has a `date`. A new one is then cut by a snapshot (asof.as_it_stood),
checked not to pass today (portal/checks/kind_rules.py), kept append-only (portal/checks/history.py)
and counted in the item's latest date (last_entry_on)."""
# --- search: the words citizens use ---------------------------------------------------------------

GuideSection = Literal["materials", "steps", "conditions", "channels", "result", "time-limit", "fee", "remedy", "faq"]
"""The parts of a guide's page a search result can link to (the ids in templates/pages/guide.md.j2)."""


class SynonymGroup(Part):
    words: list[Text] = Field(min_length=2, title="同义词", description="意思相同的说法，第一个是页面上最常用的写法，如：二孩、二胎、第二个孩子")
    guides: list[GuideRef] = Field(default_factory=list, title="对应的办事指南",
                                   description="这些说法指的办事指南（如准生证指《计划生育服务手册》办理），页面上没有这些字也能搜到")


class QuestionPart(Part):
    section: GuideSection = Field(title="指南的部分", description="问到这一部分时，搜索结果直接链接到办事指南页面上的这一部分，如 materials（申请材料）")
    name: Text = Field(title="部分名称", description="如：申请材料")
    asks: list[Text] = Field(min_length=1, title="问法", description="群众问这一部分时说的词，如：带什么、要什么材料")


class SynonymsFile(Part):
    groups: list[SynonymGroup] = Field(min_length=1, title="同义词组")
    question_words: list[Text] = Field(default_factory=list, title="疑问词和语气词",
                                       description="搜索时不要求页面包含的词，如：怎么、在哪里、吗、呢")
    parts: list[QuestionPart] = Field(default_factory=list, title="问到的部分")
    sources: list[Text] = Field(min_length=1, title="信息来源")
