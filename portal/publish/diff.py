"""What the public will see change between a git revision and the working tree, in Chinese Markdown:
new and withdrawn records, status and deadline changes, changed guide facts (fees, time limits,
materials). Both sides are validated with load_portal and compared as models, never as text.

Example:
    portal diff origin/main          # for a pull request's summary
    portal diff HEAD~3 --as-of 2014-12-31
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tarfile
import tempfile
from pathlib import Path

from pydantic import BaseModel

from portal.checks.corrections import describe
from portal.model.records import Fee, Material, TimeLimit, Update
from portal.model import urls
from portal.model.dataset import Portal
from portal.load import git
from portal.load.problems import InvalidData
from portal.load.portal import load_portal
from portal.model.asof import default_as_of


class DiffError(Exception):
    """The old revision could not be read; the message is what staff read."""


def old_data(root: Path, rev: str, into: Path) -> Path:
    """Unpack data/ as it was at rev into into/data (the `./` makes the path relative to root)."""
    try:
        tar = git.archive(root, rev, "data")
    except git.GitError as exc:
        raise DiffError(f"找不到版本“{rev}”或其中没有 data/（git：{exc}）") from None
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(into / "data", filter="data")
    return into


def _field_titles(old: BaseModel, new: BaseModel, skip: set[str]) -> list[str]:
    """The Chinese names of the fields that differ, for changes no rule below describes better."""
    fields = type(new).model_fields
    return [fields[name].title or name for name in fields if name not in skip and getattr(old, name) != getattr(new, name)]


def _others(old: BaseModel, new: BaseModel, skip: set[str]) -> list[str]:
    titles = _field_titles(old, new, skip | {"id"})
    return [f"其他改动：{'、'.join(titles)}"] if titles else []


def _was(label: str, before: object, after: object) -> list[str]:
    return [f"{label}：{before} → {after}"] if before != after else []


def _title(model: type[BaseModel] | BaseModel, name: str) -> str:
    """A field's Chinese name, as the editor, the pages and the CSV files call it."""
    fields = type(model).model_fields if isinstance(model, BaseModel) else model.model_fields
    return fields[name].title or name


def fee_text(fee: Fee) -> str:
    return "不收费" if fee.free else f"{fee.amount:g} 元（依据：{fee.basis}）"


def time_limit_text(limit: TimeLimit) -> str:
    text = "即办" if limit.immediate else f"承诺 {limit.promised_days} 个工作日"
    return text + (f"（法定 {limit.legal_days} 个工作日）" if limit.legal_days is not None else "")


def material_text(m: Material) -> str:
    return (f"{m.original_or_copy} {m.copies} 份，{m.paper_or_electronic}，{'必需' if m.required else '非必需'}"
            + (f"，{m.note}" if m.note else ""))


def _materials(old: list[Material], new: list[Material]) -> list[str]:
    before, after = {m.name: m for m in old}, {m.name: m for m in new}
    lines = [f"新增材料“{name}”（{material_text(m)}）" for name, m in after.items() if name not in before]
    lines += [f"不再需要材料“{name}”" for name in before if name not in after]
    lines += [f"材料“{name}”：{material_text(before[name])} → {material_text(m)}"
              for name, m in after.items() if name in before and before[name] != m]
    return lines


def _changes(old, new) -> list[str]:
    """Public change notes added since rev: the record's own words for what changed."""
    return [f"变更说明（{c.date.isoformat()}）：{c.note}" for c in new.changes if c not in old.changes]


def _withdrawal(old, new) -> list[str]:
    if new.withdrawn and not old.withdrawn:
        return [f"**撤销**（{new.withdrawn.date.isoformat()}）：{new.withdrawn.reason}"]
    if old.withdrawn and not new.withdrawn:
        return ["**恢复**：不再标为撤销"]
    return []


def guide_changes(old, new) -> list[str]:
    return [
        *_withdrawal(old, new),
        *_was(_title(new, "title"), old.title, new.title),
        *_was(_title(new, "fee"), fee_text(old.fee), fee_text(new.fee)),
        *_was(_title(new, "time_limit"), time_limit_text(old.time_limit), time_limit_text(new.time_limit)),
        *_materials(old.materials, new.materials),
        *_was(_title(new, "visits"), old.visits, new.visits),
        *_changes(old, new),
        *_others(old, new, {"withdrawn", "title", "fee", "time_limit", "materials", "visits", "changes"}),
    ]


def rule_changes(old, new) -> list[str]:
    return [
        *_withdrawal(old, new),
        *_was(_title(new, "title"), old.title, new.title),
        *_was(_title(new, "effective_on"), old.effective_on, new.effective_on),
        *_changes(old, new),
        *_others(old, new, {"withdrawn", "title", "effective_on", "changes"}),
    ]


def item_changes(old, new, before: Portal, after: Portal) -> list[str]:
    lines = [*_withdrawal(old, new), *_was(_title(new, "title"), old.title, new.title)]
    lines += _was(_title(Update, "status"), old.public_status, new.public_status)  # 待核验 until verified, as the pages say
    corrected = {c.field.split(".")[0] for c in new.corrections if c not in old.corrections}  # updates[1]: changed, not new
    lines += [f"新增进展（{u.date.isoformat()}，{u.status}）：{u.note or '无说明'}" for n, u in enumerate(new.updates)
              if u not in old.updates and f"updates[{n}]" not in corrected]
    lines += _was(_title(new, "deadline"), old.deadline, new.deadline)
    if old.deadline_changes or new.deadline_changes:  # else the current deadline is the one above
        lines += _was("当前期限", old.current_deadline, new.current_deadline)
    if after.is_overdue(new) != before.is_overdue(old):
        lines.append("将显示为**逾期**" if after.is_overdue(new) else "不再显示为逾期")
    office = lambda portal, item: portal.office_by_id[item.office].name  # noqa: E731
    lines += _was(_title(new, "office"), office(before, old), office(after, new))
    lines += _was(_title(new, "owner"), old.owner, new.owner)
    if new.reply != old.reply:
        lines.append(f"{_title(new, 'reply')}：" + (f"{new.reply.text}（{new.reply.date.isoformat()}）" if new.reply else "已删去"))
    lines += [f"新增更正（{c.date.isoformat()}）：{describe(c.field, new)}由“{c.was}”更正为“{c.now}”，原因：{c.reason}"
              for c in new.corrections if c not in old.corrections]
    return lines + _others(old, new, {"withdrawn", "title", "updates", "deadline", "office", "owner", "reply", "corrections"})


def event_changes(old, new) -> list[str]:
    day = lambda e: e.date.isoformat() if e.date else f"每{e.recurrence.weekday}"  # noqa: E731
    return [*_was("活动名称", old.title, new.title), *_was("日期", day(old), day(new)),
            *_others(old, new, {"title", "date", "recurrence"})]


def _section(title: str, old: dict, new: dict, describe, label, url) -> list[str]:
    """Markdown lines for one kind of record, keyed by id in old and new."""
    lines = []
    for key, record in new.items():
        if key not in old:
            lines.append(f"- 新增 {label(record)} `{url(record)}`")
    for key, record in old.items():
        if key not in new:
            lines.append(f"- **删除** {label(record)}：页面 `{url(record)}` 将不再存在"
                         "（已发布的编号不应删除；要停止公开请写 withdrawn 撤销）")
    for key, record in new.items():
        if key in old and old[key] != record:
            changes = describe(old[key], record)
            if changes:
                lines.append(f"- {label(record)} `{url(record)}`")
                lines += [f"    - {change}" for change in changes]
    return [f"### {title}", "", *lines, ""] if lines else []


def _page(before: Portal, after: Portal, record) -> str:
    """A record's page as it will be (or was, for a deleted one): /guides/fuwu-shouce/; an event's
    is on its year's timeline page."""
    portal = after if record.id in after.event_by_id else before  # only an event's page depends on the others
    return "/" + urls.page(portal, record).split("#")[0]


def summarise(before: Portal, after: Portal, rev: str) -> str:
    body = [
        *_section("办事指南", before.guide_by_id, after.guide_by_id, guide_changes,
                  lambda g: f"**{g.title}**", lambda g: _page(before, after, g)),
        *_section("工作制度", before.rule_by_id, after.rule_by_id, rule_changes,
                  lambda r: f"**{r.title}**", lambda r: _page(before, after, r)),
        *_section("整改事项", before.item_by_id, after.item_by_id,
                  lambda o, n: item_changes(o, n, before, after),
                  lambda i: f"**{i.id} {i.title}**（{i.public_status}，期限 {i.current_deadline.isoformat()}）",
                  lambda i: _page(before, after, i)),
        *_section("活动时间轴", before.event_by_id, after.event_by_id, event_changes,
                  lambda e: f"**{e.title}**", lambda e: _page(before, after, e)),
        *_section("科室和单位", before.office_by_id, after.office_by_id,
                  lambda o, n: _others(o, n, set()), lambda o: f"**{o.name}**", lambda o: "/"),
    ]
    if before.site != after.site:
        body += ["### 站点信息", "", f"- {_others(before.site, after.site, set())[0]}", ""]
    head = ["## 公众将看到的变化", "", f"与 `{rev}` 相比；逾期按数据截至 {after.as_of.isoformat()} 计算。", ""]
    return "\n".join(head + (body or ["公众可见的内容没有变化。", ""]))


def diff(root: Path, rev: str, as_of: dt.date | None = None) -> str:
    """The Markdown summary; raises DiffError, or InvalidData for the working tree's data."""
    as_of = as_of or default_as_of()
    after = load_portal(root, as_of=as_of)
    with tempfile.TemporaryDirectory(prefix="portal-diff-") as folder:
        try:
            before = load_portal(old_data(root, rev, Path(folder)), as_of=as_of)
        except InvalidData as exc:
            raise DiffError(f"版本“{rev}”的数据本身没有通过校验，无法比较：\n{exc.report()}") from None
    return summarise(before, after, rev)


def cmd_diff(args: argparse.Namespace) -> int:
    """Print in Markdown what the public will see change between REV and the working tree."""
    try:
        print(diff(Path(args.root).resolve(), args.rev, as_of=args.as_of))
    except InvalidData as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except DiffError as exc:
        print(f"portal diff: {exc}", file=sys.stderr)
        return 2
    return 0


def register(sub) -> None:
    p = sub.add_parser("diff", help="列出与某个版本相比公众将看到的变化",
                       description="用 Markdown 列出与 git 版本 REV 相比，公众将在网站上看到的变化：新增和撤销的记录、状态和期限的变化、办事指南的收费、时限和材料的变化。")
    p.add_argument("rev", metavar="REV", help="git 版本，如 origin/main、HEAD~1 或提交编号")
    p.set_defaults(func=cmd_diff)
