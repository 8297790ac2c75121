"""The validated portal: every record, the as-of date, and the figures derived from them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from portal.model.chain import Chain
from portal.load.git import Source
from portal.model import urls
from portal.model.kinds import Kind
from portal.model.status import Status
from portal.model.records import Event, Guide, Office, RectificationItem, Rule, Site, SynonymsFile


@dataclass(frozen=True)
class Satisfaction:
    """People surveyed and satisfied, summed over items: a share is never shown without its sample."""

    items: int
    surveyed: int
    satisfied: int

    @property
    def rate(self) -> float | None:
        return self.satisfied / self.surveyed if self.surveyed else None


def satisfaction_of(items) -> Satisfaction:
    surveys = [i.satisfaction for i in items if i.satisfaction is not None]
    return Satisfaction(len(surveys), sum(s.surveyed for s in surveys), sum(s.satisfied for s in surveys))


@dataclass(frozen=True)
class OfficeTally:
    office: Office
    items: int
    reported: int  # reported closed by the office (已完成 or 已答复), verified or not
    awaiting: int  # of those, not yet verified (待核验)
    done: int  # verified: closed (办结)
    overdue: int
    extended: int  # deadline moved later (延期)
    satisfaction: Satisfaction


@dataclass(frozen=True, eq=False)
class Portal:
    site: Site
    records: dict = field(repr=False)  # kind key -> its records as published, for every kind in the registry that has records
    paths: dict = field(repr=False)  # (kind, id) -> data file, for edit links
    as_of: dt.date
    source: Source = field(default_factory=Source, repr=False)  # the git commit, when a build asks for it
    files: dict = field(default_factory=dict, repr=False)  # name -> portal.load.files.StoredFile, published at /files/
    synonyms: SynonymsFile | None = field(default=None, repr=False)  # data/synonyms.yml, for search
    chain: Chain = field(default_factory=Chain, repr=False)  # the release this one follows, when publishing

    def of(self, kind: Kind) -> tuple:
        """The records of a kind (portal/model/kinds.py), as published."""
        return self.records[kind.key]

    # The kinds every page names, by the names the templates use.
    @property
    def offices(self) -> tuple[Office, ...]:
        return self.records["offices"]

    @property
    def guides(self) -> tuple[Guide, ...]:
        return self.records["guide"]

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self.records["rule"]

    @property
    def events(self) -> tuple[Event, ...]:
        """By first day."""
        return self.records["timeline"]

    @property
    def items(self) -> tuple[RectificationItem, ...]:
        """By id."""
        return self.records["rectification"]

    def last_changed(self, item: RectificationItem) -> tuple[dt.date, bool]:
        """When the item's file last changed: (day of its last commit, True) when git says so, else
        (the latest date written in it, False). A commit's date, never the clock. A snapshot of an
        earlier day (as-of before the commit) shows the ledger as it stood then, so the latest date
        written in it up to that day."""
        day = self.source.changed_on.get(self.paths[("rectification", item.id)])
        return (day, True) if day is not None and day <= self.as_of else (item.last_entry_on, False)

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
    def campaign_figures(self) -> tuple[tuple[int, str, str], ...]:
        """(value, unit, label) of every figure on the timeline, in its order; after an event's own
        figures (the report's, in its words), how many rectification items the ledger holds from it, if any."""
        figures = []
        for event in self.events:
            figures += [(f.value, f.unit, f.label) for f in event.figures]
            outcomes = self.items_by_event.get(event.id, ())
            if outcomes:  # counted by the portal, so it says what it counts rather than borrowing the report's words
                figures.append((len(outcomes), "项", f"列入整改台账（{event.title}）"))
        return tuple(figures)

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
        """Items by the status the public sees: a closure not yet verified is 待核验."""
        counts = Counter(i.public_status for i in self.live_items)
        return {s: counts.get(s, 0) for s in Status}

    @cached_property
    def overdue_items(self) -> tuple[RectificationItem, ...]:
        return tuple(i for i in self.live_items if i.is_overdue(self.as_of))

    @cached_property
    def overdue_by_lateness(self) -> tuple[RectificationItem, ...]:
        """The overdue items, longest overdue first (earliest deadline; the id breaks ties)."""
        return tuple(sorted(self.overdue_items, key=lambda i: (i.current_deadline, i.id)))

    @cached_property
    def extended_items(self) -> tuple[RectificationItem, ...]:
        """Items whose deadline was moved later than first promised (延期)."""
        return tuple(i for i in self.live_items if i.extended)

    @cached_property
    def satisfaction(self) -> Satisfaction:
        return satisfaction_of(self.live_items)

    def tally(self, items) -> tuple[int, int]:
        """(closed, overdue) among items, withdrawn ones left out as in every other count."""
        live = [i for i in items if i.withdrawn is None]
        return sum(i.closed_on is not None for i in live), sum(i.is_overdue(self.as_of) for i in live)

    # --- the timeline's pages: one per year of the events' first days -------------------------------

    @cached_property
    def timeline_years(self) -> tuple[int, ...]:
        return tuple(sorted({e.first_day.year for e in self.events}))

    @cached_property
    def events_by_year(self) -> dict[int, tuple[Event, ...]]:
        grouped: dict[int, list[Event]] = {}
        for event in self.events:
            grouped.setdefault(event.first_day.year, []).append(event)
        return {year: tuple(events) for year, events in grouped.items()}

    def timeline_page(self, year: int) -> str:
        """Where a year's events live under the site root (urls.timeline)."""
        return urls.timeline(self, year)

    def event_page(self, event: Event) -> str:
        """The page that shows an event, with its anchor (urls.event): timeline/#walking-survey."""
        return urls.event(self, event)

    @cached_property
    def on_time_rate(self) -> float | None:
        """Share of closed (verified) items that closed on or before the deadline first promised."""
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
                    sum(i.reported_closed_on is not None for i in mine),
                    sum(i.awaiting_verification for i in mine),
                    sum(i.closed_on is not None for i in mine),
                    sum(i.is_overdue(self.as_of) for i in mine),
                    sum(i.extended for i in mine),
                    satisfaction_of(mine),
                ))
        return tuple(tallies)

    def latest_updates(self, limit: int = 5) -> list[tuple[RectificationItem, object]]:
        pairs = [(i, u) for i in self.live_items for u in i.updates]
        pairs.sort(key=lambda p: (p[1].date, p[0].id), reverse=True)
        return pairs[:limit]
