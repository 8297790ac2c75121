"""The registry: every kind of data file, and every kind of id a record may refer to, declared once.

A kind's data folder, its address on the site (portal/model/urls.py), its page templates, its open-data
files, how `portal validate` counts it and where it sits in the Portal all come from here: validation,
the pages, the data dictionary, open data, JSON Schemas, the browser editor, `portal new` and the
search index read `KINDS` and `TARGETS`, and no code elsewhere tells kinds apart by their names. A reference
itself is declared on the model field that holds it (`RefersTo`, portal/model/types.py);
`references` finds them.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Iterator

from pydantic import BaseModel

from portal.model.records import Guide, OfficesFile, RectificationItem, Rule, Site, SynonymsFile, TimelineFile
from portal.model.types import Explained, RefersTo


PLAIN_TEMPLATES = ("records.md.j2", "record.md.j2")
"""The pages of a kind with none of its own design: its records listed, and each field of one."""


@dataclass(frozen=True)
class Count:
    """How a kind's records are counted in `portal validate`'s summary and on the data dictionary."""

    key: str  # the count's key in `portal validate --format json`: guides
    label: str  # before the number in the summary line: 办事指南 3 篇 ("" leaves the kind out of the line)
    unit: str  # the measure word: 篇
    noun: str = ""  # after the unit on the dictionary's overview: 3 个科室和单位


@dataclass(frozen=True)
class Kind:
    """One kind of data file."""

    key: str  # rectification: schemas/<key>.json, /about/data/<key>/, the editor's format portal-<key>
    model: type[BaseModel]
    name: str  # 整改事项
    path: str  # data/rectification/*.yml (one record per file) or data/site.yml
    describes: str  # what one file holds, as its JSON Schema's title says: 一个整改事项
    records: str | None = None  # what its records are called (items; Portal.of(kind) holds them); None: a file of settings
    entries: str | None = None  # for a file that lists records (timeline.yml's events): that list
    opendata: str | None = None  # opendata/<name>.json and .csv, if it is published as open data
    new: str | None = None  # the word for `portal new <word>`, if staff make new ones that way
    new_id: str | None = None  # the id `portal new` gives: {year} of the as-of date, {n} the next number
    segment: str | None = None  # its section's address on the site, /<segment>/, if its records have pages
    templates: tuple[str, ...] = PLAIN_TEMPLATES  # its section's page, then a record's (portal/render/templates/pages)
    count: Count | None = None  # how `portal validate` and the data dictionary count it; None: the default one
    dictionary_split: str | None = None  # the field its data dictionary's second page starts with, if one page is too long
    dictionary_extra: str | None = None  # a template its dictionary's last page includes (the ledger's rules)

    @property
    def counted(self) -> Count:
        """How its records are counted: as declared, else by the Portal attribute and its name."""
        return self.count or Count(self.records or self.key, self.name, "项")
    optional: bool = False  # a portal may leave the file out

    @property
    def folder(self) -> str | None:
        """data/<folder>/ for a kind kept one record per file (guides), else None."""
        return self.path[len("data/"):-len("/*.yml")] if self.path.endswith("/*.yml") else None

    @property
    def coded_ids(self) -> bool:
        """Whether its ids are codes in capitals that people quote (ZG-2014-001), not words made from a title."""
        example = _id_type(self).example if self.folder else ""
        return example != example.lower()

    @property
    def id_pattern(self) -> re.Pattern:
        """What a record's id looks like (a file name, or an entry's id), from the model's `id` field."""
        return re.compile(_id_type(self).pattern)


KINDS: tuple[Kind, ...] = (
    Kind("rectification", RectificationItem, "整改事项", "data/rectification/*.yml", "一个整改事项",
         records="items", opendata="rectification", new="item", new_id="ZG-{year}-{n:03d}",
         segment="rectification", templates=("ledger.md.j2", "item.md.j2"), count=Count("rectification", "整改事项", "项"),
         dictionary_split="deadline_changes", dictionary_extra="dictionary_ledger.html.j2"),
    Kind("guide", Guide, "办事指南", "data/guides/*.yml", "一篇办事指南", records="guides", opendata="guides",
         new="guide", new_id="xin-zhinan-{n}", segment="guides", templates=("guides.md.j2", "guide.md.j2"),
         count=Count("guides", "办事指南", "篇"), dictionary_split="channels"),
    Kind("rule", Rule, "工作制度", "data/rules/*.yml", "一项工作制度", records="rules", opendata="rules",
         new="rule", new_id="xin-zhidu-{n}", segment="rules", templates=("rules.md.j2", "rule.md.j2"),
         count=Count("rules", "工作制度", "项")),
    Kind("timeline", TimelineFile, "活动时间轴", "data/timeline.yml", "活动时间轴", records="events", entries="events",
         opendata="timeline", new="event", new_id="xin-huodong-{n}", segment="timeline", templates=("timeline.md.j2",),
         count=Count("events", "活动", "项", "活动")),
    Kind("offices", OfficesFile, "科室和单位", "data/offices.yml", "科室和单位名单", records="offices", entries="offices",
         opendata="offices", count=Count("offices", "科室", "个", "科室和单位")),
    Kind("site", Site, "门户基本信息", "data/site.yml", "门户基本信息", count=Count("site", "", "份")),
    Kind("synonyms", SynonymsFile, "搜索同义词", "data/synonyms.yml", "搜索用的同义词表", optional=True,
         count=Count("synonyms", "", "份")),
)
"""Every kind of data file, in the order a clerk is likely to need them."""

BY_KEY = {kind.key: kind for kind in KINDS}


def id_rule(kind: Kind) -> str:
    """How an id of the kind's records is written, in the validator's words: 不是有效的整改事项编号；请写成 …"""
    explained = _id_type(kind)
    return f"不是有效的{explained.name}；{explained.rule}"


def _id_type(kind: Kind) -> Explained:
    """The words and pattern of the `id` of a kind's records: the file's model, or one entry's."""
    model = kind.model if kind.folder else entry_model(kind)
    return _metadata(model.model_fields["id"], Explained)


def entry_model(kind: Kind) -> type[BaseModel]:
    """The model of one entry of a file that lists records (Event for timeline.yml)."""
    return next(_models_inside(kind.model.model_fields[kind.entries].annotation))


@dataclass(frozen=True)
class Target:
    """Ids a field may refer to: the records of a kind kept one per file, or a list in one file."""

    key: str  # as RefersTo names it
    name: str  # 科室
    kind: str  # the kind of file that holds them

    @property
    def holder(self) -> Kind:
        return BY_KEY[self.kind]

    @property
    def list_field(self) -> str | None:
        """The list in the holder's one file that holds them (offices.yml's offices), or None."""
        return self.holder.entries

    @property
    def rule(self) -> str:
        """What the data dictionary says a referring field must hold."""
        where = self.holder.path if self.list_field else f"data/{self.holder.folder}/"
        return f"须是 {where} 里已有的{self.name}编号"


TARGETS: dict[str, Target] = {target.key: target for target in (
    Target("offices", "科室", "offices"),
    Target("events", "活动", "timeline"),
    Target("guides", "办事指南", "guide"),
    Target("rules", "工作制度", "rule"),
    Target("rectification", "整改事项", "rectification"),
)}


@dataclass(frozen=True)
class Reference:
    """A field of a model that refers to other records: model.name holds ids of target."""

    model: type[BaseModel]
    name: str
    target: Target
    many: bool  # a list of ids


def _metadata(info, cls: type) -> Any:
    """The outermost metadata of type cls on a field (a Role is Text, and more), looking inside
    Optional, list and Annotated when the field's own metadata has none."""
    found = [m for m in info.metadata if isinstance(m, cls)]
    pending = [info.annotation]
    while pending and not found:
        annotation = pending.pop()
        if typing.get_origin(annotation) is typing.Annotated:
            found = [m for m in annotation.__metadata__ if isinstance(m, cls)]
        pending += [arg for arg in typing.get_args(annotation) if not isinstance(arg, cls)]
    return found[-1] if found else None


def _is_list(annotation: Any) -> bool:
    """Whether a field holds a list, once Optional and Annotated are looked through."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is list:
            return True
        if origin is typing.Annotated:
            annotation = annotation.__origin__
        elif origin in (typing.Union, types.UnionType):
            inner = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(inner) != 1:
                return False
            annotation = inner[0]
        else:
            return False


def reference(model: type[BaseModel], name: str) -> Reference | None:
    """The reference declared on model.name, if it is one."""
    info = model.model_fields[name]
    refers = _metadata(info, RefersTo)
    return Reference(model, name, TARGETS[refers.target], _is_list(info.annotation)) if refers else None


def _models_inside(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        if not isinstance(arg, (str, int)):
            yield from _models_inside(arg)


@functools.cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, Reference | None, bool], ...]:
    """For each field of model: the reference it declares, or whether records may be nested in it.
    Worked out once per model: validation asks for every record (10,000 items, docs/performance.md)."""
    return tuple((name, reference(model, name), any(_models_inside(info.annotation)))
                 for name, info in model.model_fields.items())


def referring_values(record: BaseModel, loc: tuple = ()) -> Iterator[tuple[tuple, str, Target]]:
    """(location, id, target) for every id a record refers to, nested parts included."""
    for name, found, nested in _plan(type(record)):
        if not found and not nested:
            continue
        value = getattr(record, name)
        if value is None:
            continue
        if found:
            for index, one in (enumerate(value) if found.many else ((None, value),)):
                yield ((*loc, name) if index is None else (*loc, name, index)), one, found.target
        elif isinstance(value, BaseModel):
            yield from referring_values(value, (*loc, name))
        elif isinstance(value, (list, tuple)):
            for index, part in enumerate(value):
                if isinstance(part, BaseModel):
                    yield from referring_values(part, (*loc, name, index))


def references(model: type[BaseModel]) -> Iterator[Reference]:
    """Every reference declared in model and the parts nested in it."""
    for name, info in model.model_fields.items():
        found = reference(model, name)
        if found:
            yield found
            continue
        for inner in _models_inside(info.annotation):
            yield from references(inner)
