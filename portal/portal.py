"""The validated portal: every record, the as-of date, and the figures derived from them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from portal.models import STATUSES, Event, Guide, Office, RectificationItem, Rule, Site


@dataclass(frozen=True)
class OfficeTally:
    office: Office
    items: int
    done: int
    overdue: int


@dataclass(frozen=True, eq=False)
class Portal:
    site: Site
    offices: tuple[Office, ...]
    guides: tuple[Guide, ...]
    rules: tuple[Rule, ...]
    events: tuple[Event, ...]  # by first day
    items: tuple[RectificationItem, ...]  # by id
    paths: dict = field(repr=False)  # (kind, id) -> data file, for edit links
    as_of: dt.date

    @cached_property
    def office_by_id(self) -> dict[str, Office]:
        return {o.id: o for o in self.offices}

    @cached_property
    def guide_by_id(self) -> dict[str, Guide]:
        return {g.id: g for g in self.guides}

    @cached_property
    def rule_by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    @cached_property
    def event_by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    @cached_property
    def item_by_id(self) -> dict[str, RectificationItem]:
        return {i.id: i for i in self.items}

    @cached_property
    def items_by_event(self) -> dict[str, tuple[RectificationItem, ...]]:
        grouped: dict[str, list[RectificationItem]] = {}
        for item in self.items:
            if item.origin.event:
                grouped.setdefault(item.origin.event, []).append(item)
        return {k: tuple(v) for k, v in grouped.items()}

    @cached_property
    def rules_by_guide(self) -> dict[str, tuple[Rule, ...]]:
        """A guide's related rules: the ones it names and the ones naming it."""
        related: dict[str, dict[str, Rule]] = {g.id: {} for g in self.guides}
        for guide in self.guides:
            for rid in guide.related_rules:
                related[guide.id][rid] = self.rule_by_id[rid]
        for rule in self.rules:
            for gid in rule.related_guides:
                related[gid][rule.id] = rule
        return {gid: tuple(sorted(r.values(), key=lambda r: r.id)) for gid, r in related.items()}

    def guides_for(self, audience: str) -> list[Guide]:
        """Guides serving 个人 or 法人, by category then title, for the guide index."""
        return sorted((g for g in self.guides if audience in g.audience), key=lambda g: (g.category, g.title))

    def is_overdue(self, item: RectificationItem) -> bool:
        return item.is_overdue(self.as_of)

    @cached_property
    def live_items(self) -> tuple[RectificationItem, ...]:
        return tuple(i for i in self.items if i.withdrawn is None)

    @cached_property
    def status_counts(self) -> dict[str, int]:
        counts = Counter(i.status for i in self.live_items)
        return {s: counts.get(s, 0) for s in STATUSES}

    @cached_property
    def overdue_items(self) -> tuple[RectificationItem, ...]:
        return tuple(i for i in self.live_items if i.is_overdue(self.as_of))

    @cached_property
    def overdue_by_lateness(self) -> tuple[RectificationItem, ...]:
        """The overdue items, longest overdue first (earliest deadline; the id breaks ties)."""
        return tuple(sorted(self.overdue_items, key=lambda i: (i.deadline, i.id)))

    @cached_property
    def on_time_rate(self) -> float | None:
        """Share of closed items that closed on or before their deadline."""
        closed = [i for i in self.live_items if i.closed_on is not None]
        if not closed:
            return None
        return sum(i.closed_on_time() for i in closed) / len(closed)

    @cached_property
    def office_tallies(self) -> tuple[OfficeTally, ...]:
        tallies = []
        for office in self.offices:
            mine = [i for i in self.live_items if i.office == office.id]
            if mine:
                tallies.append(OfficeTally(
                    office, len(mine),
                    sum(i.closed_on is not None for i in mine),
                    sum(i.is_overdue(self.as_of) for i in mine),
                ))
        return tuple(tallies)

    def latest_updates(self, limit: int = 5) -> list[tuple[RectificationItem, object]]:
        pairs = [(i, u) for i in self.live_items for u in i.updates]
        pairs.sort(key=lambda p: (p[1].date, p[0].id), reverse=True)
        return pairs[:limit]
