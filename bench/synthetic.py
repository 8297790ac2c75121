"""A deterministic synthetic portal of any size, for scripts/bench and the scale tests.

`generate(dest, records, seed)` writes data/ (site, offices, timeline, guides ≈ N/50, rules ≈ N/100,
rectification items for the rest) in plausible Chinese composed from word lists, and copies
mkdocs.yml, overrides/, docs/ and hooks/ from the project so the result builds like the real site.
The same seed and size give the same bytes. Every record is marked `illustrative: true`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "overrides", "docs", "hooks")
"""What a synthetic tree takes from the project, so that it builds with the same theme and hooks."""

ITEMS_PER_YEAR = 900  # item ids have three digits per year (ZG-2014-001): stay well under 999
FIRST_YEAR = 2014
SOURCE = "合成测试数据（由 bench.synthetic 生成，种子 {seed}），不是真实记录"

OFFICES = (
    ("bangongshi", "办公室"), ("zhengce-fagui", "政策法规科"), ("guihua-xinxi", "发展规划与信息科"),
    ("liudong-renkou", "流动人口服务管理科"), ("jishu-fuwu", "技术服务科"), ("xuanchuan-jiaoyu", "宣传教育科"),
    ("renshi", "人事科"), ("jiguan-dangwei", "机关党委"), ("caiwu", "财务科"), ("jiating-fazhan", "家庭发展科"),
    ("jiandu-jiancha", "监督检查科"), ("fuwu-dating", "市人口计生服务中心（服务大厅）"),
)
ROLES = ("科长", "副科长", "负责人", "主任")
PLACES = (
    "奎文区", "潍城区", "寒亭区", "坊子区", "高新区", "经济区", "滨海区", "青州市", "诸城市", "寿光市",
    "安丘市", "高密市", "昌邑市", "临朐县", "昌乐县",
)
STREETS = ("清池街道", "北海路街道", "东关街道", "新华街道", "廿里堡街道", "北苑街道", "城关街道", "南苑街道", "梨园街道", "大虞街道")
PEOPLE = (
    "社区居民", "外来务工人员", "育龄妇女", "独生子女家庭", "计生特殊家庭", "村居计生专干", "镇街计生办工作人员",
    "企业职工", "新婚夫妇", "退休职工", "个体工商户", "在校大学生",
)
SERVICES = (
    "《计划生育服务手册》办理", "二胎生育证审批", "《流动人口婚育证明》办理", "独生子女父母奖励金发放",
    "免费孕前优生健康检查", "免费避孕药具发放", "计生特殊家庭扶助金申领", "生育登记", "计生政策咨询",
    "服务大厅窗口服务", "出生人口信息核对", "再生育审批", "奖励扶助对象资格确认", "计生证明开具",
)
PROBLEMS = (
    "需要提交的材料太多", "办理时间过长", "需要多次往返", "窗口工作人员解释不清", "办事流程没有公开",
    "网上办理系统不好用", "咨询电话经常无人接听", "各地要求不一致", "经常拖延", "政策宣传不到位",
    "公示信息更新不及时", "上门服务覆盖不全", "要求开具的证明过多", "节假日无法办理",
)
EFFECTS = (
    "群众多跑了冤枉路", "影响了办事效率", "群众意见较大", "耽误了正常上班", "增加了群众负担",
    "部分群众不知道自己可以享受的政策", "外出务工人员往返不便", "老年人办事困难",
)
MEASURES = (
    "梳理{service}所需材料，取消没有法律依据的证明", "在服务大厅和网站公示{service}的流程、材料和时限",
    "落实一次性告知制，编印{service}办事明白纸", "开通{service}网上预约和上门办理服务",
    "组织窗口工作人员开展{service}业务培训", "建立{service}办结后电话回访制度",
    "由村居、社区计生专干代办{service}", "明确{service}岗位AB角，保证人不在、事有人办",
    "将{service}纳入限时办结制管理，逾期自动提醒", "与相关部门共享数据，{service}不再要求群众提供证明",
)
PROGRESS = (
    "已召开专题会议研究整改方案", "已完成材料清单梳理，正在征求基层意见", "明白纸已定稿付印",
    "网上预约功能正在测试", "已对窗口工作人员开展第一轮培训", "已与相关部门沟通数据共享方式",
)
DONE = (
    "整改措施已全部落实，群众反映的问题已经解决", "已在服务大厅和网站公示，群众可按公示内容办理",
    "新流程已经运行，办理时间明显缩短", "已回访反映人，群众表示满意", "明白纸已发放到辖区各社区",
)
ANSWERS = (
    "该事项由国家法律法规规定，本级无权调整，已向反映人当面解释政策依据",
    "经核实，该要求属于其他部门职责，已转交相关部门办理并告知反映人",
    "受现有条件限制暂不能实现，已纳入明年工作计划，并向反映人说明",
)
CATEGORIES = ("生育服务", "流动人口", "奖励扶助", "证明办理", "政策咨询", "优生优育")
FORMS = {"原件": {"original_or_copy": "原件", "paper_or_electronic": "纸质"},
         "复印件": {"original_or_copy": "复印件", "paper_or_electronic": "纸质"},
         "电子": {"original_or_copy": "原件", "paper_or_electronic": "电子"}}
"""The one field materials had before issue 16, as the two that replaced it: the same draws, the same portal."""
CN_NUMBERS = "零一二三四五六七八九"
RULE_TOPICS = ("首接负责", "一次性告知", "限时办结", "AB角工作", "服务承诺", "政务公开", "廉政监督", "公文审批", "绩效考核", "上门服务")


@dataclass(frozen=True)
class Synthetic:
    """What `generate` wrote: where, for which as-of date, and how many records of each kind."""

    root: Path
    as_of: dt.date
    guides: int
    rules: int
    items: int
    events: int

    @property
    def records(self) -> int:
        return self.guides + self.rules + self.items


def counts(records: int) -> tuple[int, int, int]:
    """(guides, rules, items) for a portal of `records` records: guides ≈ N/50, rules ≈ N/100."""
    guides = max(1, round(records / 50))
    rules = max(1, round(records / 100))
    return guides, rules, max(1, records - guides - rules)


def as_of_for(records: int) -> dt.date:
    """The last day of the last year the items span: recent items still open, old ones overdue."""
    items = counts(records)[2]
    return dt.date(FIRST_YEAR + math.ceil(items / ITEMS_PER_YEAR) - 1, 12, 31)


# --- writing YAML as text: fast; a string that could be misread is double-quoted (JSON is YAML) ---


_UNSAFE_PLAIN = frozenset(':#\n\t"\'\\{}[],&*!|>%@`')


def _scalar(value) -> str:
    """Chinese text is written plain, as staff write it; anything else is a JSON string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value)
    if value and value[0] >= "\u3000" and value[-1] != " " and _UNSAFE_PLAIN.isdisjoint(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _literal(value) -> bool:
    """Multi-line text ending in one line break, written as a literal block (`|`) as staff write a
    rule's body."""
    return (isinstance(value, str) and "\n" in value[:-1] and value.endswith("\n") and not value.endswith("\n\n")
            and not any(line.startswith(" ") for line in value.split("\n")) and "\t" not in value)


def _emit(value, indent: str, lines: list[str]) -> None:
    """Block-style YAML for dicts of scalars, lists and dicts, appended to lines."""
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{indent}{key}:")
            _emit(item, indent + "  ", lines)
        elif isinstance(item, list) and not item:
            lines.append(f"{indent}{key}: []")
        elif isinstance(item, list):
            lines.append(f"{indent}{key}:")
            for entry in item:
                if isinstance(entry, dict):
                    sub: list[str] = []
                    _emit(entry, indent + "    ", sub)
                    lines.append(f"{indent}  - {sub[0].lstrip()}")
                    lines.extend(sub[1:])
                else:
                    lines.append(f"{indent}  - {_scalar(entry)}")
        elif _literal(item):
            lines.append(f"{indent}{key}: |")
            lines.extend(f"{indent}  {line}" if line else "" for line in item[:-1].split("\n"))
        else:
            lines.append(f"{indent}{key}: {_scalar(item)}")


def to_yaml(record: dict) -> str:
    lines: list[str] = []
    _emit(record, "", lines)
    return "\n".join(lines) + "\n"


# --- records --------------------------------------------------------------------------------------


class _Writer:
    """One random stream for the whole tree, so the output depends on nothing but seed and size."""

    def __init__(self, seed: int, records: int):
        self.rng = random.Random(seed)
        self.guides, self.rules, self.items = counts(records)
        self.as_of = as_of_for(records)
        self.years = self.as_of.year - FIRST_YEAR + 1
        self.sources = [SOURCE.format(seed=seed)]

    def pick(self, words):
        return self.rng.choice(words)

    def phone(self) -> str:
        return f"0536-82{self.rng.randint(30000, 39999)}"

    def item_ids(self) -> list[str]:
        per_year = math.ceil(self.items / self.years)
        return [f"ZG-{FIRST_YEAR + n // per_year}-{n % per_year + 1:03d}" for n in range(self.items)]

    def site(self) -> dict:
        return {
            "name": "合成数据测试平台", "short_name": "合成测试", "department": "示例市人口和计划生育委员会",
            "city": "示例市", "campaign": "党的群众路线教育实践活动",
            "campaign_summary": "本站由合成数据生成，用于测试平台在大量记录下的校验、生成和搜索性能。内容不是真实记录。",
            "base_url": "https://example.org/synthetic/",
            "repository": {"url": "https://github.com/example/synthetic-portal", "branch": "main"},
            "licence": {"name": "知识共享署名 4.0 国际（CC BY 4.0）", "url": "https://creativecommons.org/licenses/by/4.0/deed.zh-hans"},
            "hotline": "0536-8230100", "complaint_line": "12345", "address": "示例市示例区示例路1号",
            "sources": self.sources, "illustrative": True,
        }

    def offices(self) -> dict:
        return {"offices": [
            {"id": oid, "name": name, "duties": f"负责{self.pick(SERVICES)}和{self.pick(SERVICES)}等工作，落实首接负责、一次性告知和限时办结制度。",
             "phone": f"0536-82301{n:02d}", "illustrative": True}
            for n, (oid, name) in enumerate(OFFICES, start=1)
        ], "sources": self.sources}

    def timeline(self) -> dict:
        events = []
        for year in range(FIRST_YEAR, FIRST_YEAR + self.years):
            events.append({
                "id": f"friday-study-{year}", "title": f"{year}年每周五上午集中学习", "kind": "学习",
                "recurrence": {"weekday": "周五", "start_time": "08:30", "end_time": "11:30",
                               "starts_on": dt.date(year, 3, 7), "ends_on": dt.date(year, 9, 26)},
                "place": "委机关会议室", "led_by": "委主要领导", "participants": "委机关全体党员干部",
                "summary": "原原本本学习领导讲话和规定书目，领导小组成员轮流领学。", "sources": self.sources, "illustrative": True,
            })
            for month in range(2, 12):
                kind = "徒步调研" if month % 2 else "征求意见"
                place = self.pick(PLACES)
                events.append({
                    "id": f"{'survey' if month % 2 else 'opinions'}-{year}-{month:02d}",
                    "title": f"到{place}{self.pick(STREETS)}徒步调研" if month % 2 else f"向{place}发放征求意见建议表",
                    "kind": "调研" if month % 2 else "征求意见", "date": dt.date(year, month, self.rng.randint(1, 28)),
                    "place": place, "led_by": "委领导班子成员", "participants": "委机关党员干部",
                    "summary": f"{kind}中听取{self.pick(PEOPLE)}和{self.pick(PEOPLE)}的意见建议，能当场解决的当场解决，其余列入问题整改台账。",
                    "figures": [{"label": "收集意见建议", "value": self.rng.randint(10, 80), "unit": "条"}],
                    "sources": self.sources, "illustrative": True,
                })
        return {"events": events}

    def item(self, item_id: str, index: int, events: list[dict]) -> dict:
        year = int(item_id[3:7])
        per_year = math.ceil(self.items / self.years)
        received = dt.date(year, 1, 1) + dt.timedelta(days=(index % per_year) * 360 // per_year)
        deadline = received + dt.timedelta(days=self.rng.randint(20, 150))
        service, problem = self.pick(SERVICES), self.pick(PROBLEMS)
        place = self.pick(PLACES)
        oid, office = self.pick(OFFICES)
        origin_kind = self.rng.choice(("徒步调研", "徒步调研", "征求意见表", "自查", "来信来访"))
        origin: dict = {"kind": origin_kind}
        if origin_kind in ("徒步调研", "征求意见表"):
            wanted = "调研" if origin_kind == "徒步调研" else "征求意见"
            before = [e for e in events if e["kind"] == wanted and e["date"].year == year and e["date"] <= received]
            if before:
                origin["event"] = before[-1]["id"]
                origin["group"] = f"第{self.rng.randint(1, 8)}调研组"
        origin["place"] = f"{place}{self.pick(STREETS)}"
        measures = [self.pick(MEASURES).format(service=service) for _ in range(self.rng.randint(1, 4))]
        record = {
            "id": item_id, "title": f"{place}{service}{problem}",
            "description": (f"{self.pick(PEOPLE)}反映，{place}{service}{problem}，{self.pick(EFFECTS)}。"
                            f"另有{self.pick(PEOPLE)}提出，{self.pick(SERVICES)}{self.pick(PROBLEMS)}，希望一并解决。"),
            "origin": origin, "office": oid, "owner": f"{office}{self.pick(ROLES)}",
            "received_on": received, "deadline": deadline, "measures": measures,
            "updates": self.updates(received, deadline, measures),
        }
        if record["updates"][-1]["status"] in ("已完成", "已答复") and self.rng.random() < 0.7:
            record["reply"] = {"date": record["updates"][-1]["date"],
                               "text": f"您反映的{service}问题已经整改：{measures[0]}。欢迎继续监督。"}
        if self.rng.random() < 0.005:
            record["withdrawn"] = {"date": record["updates"][-1]["date"], "reason": "与其他事项重复，已合并办理"}
        record.update(sources=self.sources, illustrative=True)
        return record

    def updates(self, received: dt.date, deadline: dt.date, measures: list[str]) -> list[dict]:
        """1–4 dated updates in order; old items are mostly closed, recent ones mostly open."""
        age = (self.as_of - received).days
        closed = self.rng.random() < (0.92 if age > 365 else 0.2 + 0.7 * age / 365)
        if closed:
            final = "已答复" if self.rng.random() < 0.15 else "已完成"
            middle = self.rng.randint(0 if final == "已答复" else 1, 2)
        else:
            final = None
            middle = self.rng.randint(0, 2)
        statuses = ["已受理"] + ["整改中"] * middle + ([final] if final else [])
        on_time = self.rng.random() < 0.85
        last = min(self.as_of, deadline if on_time else deadline + dt.timedelta(days=self.rng.randint(1, 60)))
        span = max(0, (last - received).days)
        days = sorted(self.rng.randint(0, span) for _ in statuses[1:])
        result = [{"date": received, "status": "已受理", "note": "列入问题整改台账，明确责任科室、责任人和整改期限。"}]
        for status, offset in zip(statuses[1:], days):
            entry = {"date": received + dt.timedelta(days=offset), "status": status}
            if status == "整改中":
                entry["note"] = f"{self.pick(PROGRESS)}。"
            elif status == "已完成":
                entry["note"] = f"{self.pick(DONE)}。"
                if self.rng.random() < 0.4:
                    entry["evidence"] = [{"title": "整改情况说明", "url": f"https://example.org/synthetic/evidence/{self.rng.randint(1, 99999)}.pdf"}]
            else:
                entry["note"] = f"{self.pick(ANSWERS)}。"
            result.append(entry)
        return result

    def guide(self, gid: str, rule_ids: list[str], item_ids: list[str]) -> dict:
        service = self.pick(SERVICES)
        reviewed = dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(days=self.rng.randint(0, 365 * self.years - 1))
        legal = self.rng.choice((None, 20, 30))
        return {
            "id": gid, "title": f"{service}（{self.pick(PLACES)}）", "code": f"370700-SYN-{gid.upper()}",
            "item_type": "公共服务", "category": self.pick(CATEGORIES),
            "audience": ["个人"] if self.rng.random() < 0.8 else ["个人", "法人"],
            "summary": f"符合条件的{self.pick(PEOPLE)}可以申请{service}。{self.pick(MEASURES).format(service=service)}。",
            "legal_basis": [{"law": "《中华人民共和国人口与计划生育法》", "article": f"第{self.rng.randint(1, 40)}条"},
                            {"law": "《山东省人口与计划生育条例》"}],
            "office": self.pick(OFFICES)[0],
            "conditions": [f"申请人户籍在{self.pick(PLACES)}，或在本市居住并登记为流动人口", "夫妻双方依法登记结婚"],
            "refusal_grounds": ["提供虚假材料的"],
            "materials": [
                {"name": name, "source": "申请人自备" if name in ("申请表", "照片") else "政府部门核发",
                 **FORMS[self.rng.choice(("原件", "复印件", "电子"))], "copies": 1,
                 "required": self.rng.random() < 0.8, "note": f"网上办理时上传{name}的扫描件"}
                for name in self.rng.sample(("居民身份证", "结婚证", "户口簿", "申请表", "流动人口婚育证明", "单位证明", "照片"), 3)
            ],
            "steps": [{"title": "提出申请", "description": "网上填报或到窗口提交材料。"},
                      {"title": "预约上门办理", "description": "不能到服务大厅的，可预约上门办理或委托计生专干代办。", "optional": True},
                      {"title": "审核", "description": "材料不全的，一次性告知需要补正的全部内容。"},
                      {"title": "办结", "description": "审核通过后当场或按承诺时限办结。"}],
            "result": {"name": f"{service}办理结果", "delivery": ["窗口领取", "邮寄送达"]},
            "time_limit": ({"immediate": True} if legal is None and self.rng.random() < 0.3
                           else {"immediate": False, "promised_days": self.rng.randint(1, 10), **({"legal_days": legal} if legal else {})}),
            "fee": {"free": True},
            "channels": {
                "online": {"url": f"https://example.org/synthetic/wangban/{gid}/", "description": f"{service}网上办理入口（示例地址）"},
                "window": {"name": "市人口计生服务大厅", "address": "示例市示例区示例路1号", "hours": "周一至周五 8:30—12:00，13:30—17:00"},
                "proxy": {"who": "村居、社区计生专干", "description": "本人书面委托后由计生专干代为提交材料、领取结果"},
            },
            "visits": self.rng.randint(0, 2), "consult_phone": self.phone(), "complaint_phone": "12345",
            "faq": [{"question": f"办理{service}收费吗？", "answer": "不收任何费用。"}],
            "related_rules": sorted(self.rng.sample(rule_ids, min(len(rule_ids), self.rng.randint(0, 3)))),
            "related_items": sorted(self.rng.sample(item_ids, min(len(item_ids), self.rng.randint(0, 4)))),
            "reviewed_on": reviewed, "next_review": reviewed + dt.timedelta(days=365),
            "sources": self.sources, "illustrative": True,
        }

    def rule(self, rid: str, guide_ids: list[str]) -> dict:
        topic = self.pick(RULE_TOPICS)
        articles = [f"**第{CN_NUMBERS[n]}条** {self.pick(MEASURES).format(service=self.pick(SERVICES))}。" for n in range(1, self.rng.randint(4, 9))]
        return {
            "id": rid, "title": f"{topic}制度（{rid[-4:]}）",
            "summary": f"规定{topic}的适用范围、办理要求和责任追究，保证群众办事{self.pick(('方便', '快捷', '透明'))}。",
            "body": "\n\n".join(articles) + "\n",
            "effective_on": dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(days=self.rng.randint(0, 365 * self.years - 1)),
            "applies_to": "委机关各科室和直属单位", "office": self.pick(OFFICES)[0],
            "related_guides": sorted(self.rng.sample(guide_ids, min(len(guide_ids), self.rng.randint(0, 3)))),
            "sources": self.sources, "illustrative": True,
        }


def generate(dest: Path, records: int, seed: int = 2014) -> Synthetic:
    """Write a portal of `records` records (guides + rules + items) into dest, replacing its data/."""
    dest = Path(dest)
    w = _Writer(seed, records)
    data = dest / "data"
    if data.exists():
        shutil.rmtree(data)
    for folder in ("guides", "rules", "rectification"):
        (data / folder).mkdir(parents=True)
    for name in COPIED:
        source, target = PROJECT / name, dest / name
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copyfile(source, target)
    timeline = w.timeline()
    dated = [e for e in timeline["events"] if "date" in e]
    item_ids = w.item_ids()
    guide_ids = [f"zhinan-{n:04d}" for n in range(1, w.guides + 1)]
    rule_ids = [f"zhidu-{n:04d}" for n in range(1, w.rules + 1)]
    files = {"site.yml": w.site(), "offices.yml": w.offices(), "timeline.yml": timeline}
    for index, item_id in enumerate(item_ids):
        files[f"rectification/{item_id}.yml"] = w.item(item_id, index, dated)
    for gid in guide_ids:
        files[f"guides/{gid}.yml"] = w.guide(gid, rule_ids, item_ids)
    for rid in rule_ids:
        files[f"rules/{rid}.yml"] = w.rule(rid, guide_ids)
    for name, record in files.items():
        (data / name).write_text(to_yaml(record), encoding="utf-8")
    return Synthetic(dest, w.as_of, w.guides, w.rules, w.items, len(timeline["events"]))
