"""Every record that cites the report the data comes from cites it as printed (site.yml's `report`):
its title, subtitle and byline, with no newspaper name or date the report does not give."""

from __future__ import annotations

from portal.checks.collector import Collector, Loaded
from portal.checks.illustrative import marked
from portal.model.kinds import KINDS


def check(out: Collector, loaded: Loaded) -> None:
    site = loaded.get("site")
    report = site[0][1].report if site else None
    if report is None:
        return
    named = f"《{report.title}》"
    for kind in KINDS:
        for doc, data in loaded.get(kind.key, ()):
            for loc, record in [((), data), *marked(data, kind.entries)] if kind.entries else [((), data)]:
                for i, source in enumerate(getattr(record, "sources", None) or ()):
                    if named in source and source != report.cited:
                        out.at(doc, (*loc, "sources", i),
                               f"引用报道请照刊印的写：“{report.cited}”（见 data/site.yml 的 report）；"
                               "报道没有给出报纸名称和日期，不要另加", kind.model)
