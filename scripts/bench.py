"""Measure the portal on synthetic data at several sizes, in one run: validation, the full build,
a plain MkDocs + Material build of the same pages, Pagefind alone, the fixed yardstick of as many
pages (bench/yardstick.py), page sizes and peak memory.

Run it through scripts/bench (which sets up .venv). docs/performance.md explains the figures.

Example:
    scripts/bench                       # 1,000 / 5,000 / 10,000 records, a table
    scripts/bench --sizes 200,400 --json
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))  # run from a checkout even before `pip install -e .`

import bench_search  # noqa: E402  (scripts/bench_search.py, beside this file)
from bench import synthetic  # noqa: E402
from portal.publish.search_index import BUNDLE, is_items_bundle  # noqa: E402
from portal.render import footer  # noqa: E402
from portal.render.pages import render_pages  # noqa: E402
from portal.load.portal import load_portal  # noqa: E402

RECORD_PAGE = re.compile(r"^(?:(?:guides|rules)/[^/]+|rectification/ZG-[^/]+)/index\.html$")  # not /rectification/overdue/
INDEX_PAGES = ("index.html", "rectification/index.html", "timeline/index.html", "guides/index.html", "rules/index.html")
TARGETS = {  # issue 8's, and issue 14's "under 4 s at 10,000 records in process", checked at 10,000 records
    "build_ratio": ("full build ÷ (plain MkDocs + Pagefind)", 1.15),
    "growth_build": ("full build time, 5,000 → 10,000", 2.2),
    "peak_rss_mb": ("peak memory of the portal's validation and build (MiB; 1.5 GB)", 1430),
    "validate_s": ("validation, in process (s)", 4.0),
    "largest_page_kb": ("largest HTML page of any kind (KB)", 40),
}


VALIDATION_RUNS = 3


def run(command: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Wall time, CPU time and peak memory of one child process and everything it waited for."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env={**os.environ, "NO_MKDOCS_2_WARNING": "true", **(env or {})},
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage, unlike RUSAGE_CHILDREN's running maximum
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed ({child.returncode}):\n{output.decode(errors='replace')[-4000:]}")
    return {"s": round(seconds, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2), "rss_mb": round(usage.ru_maxrss / 1024)}


def theme_settings(portal, source: Path, dest: Path) -> dict:
    """What the hooks hand the theme's templates (hooks/portal_pages.py's _adopt_site, hooks/portal_footer.py),
    for a build without hooks: the same header and footer on every page, and the footer's QR codes and
    badge written as files of the plain project. Without them overrides/partials/copyright.html fails."""
    site = portal.site
    context = footer.footer_context(site)
    for code in context["media"]:
        (dest / "docs" / code.path).parent.mkdir(parents=True, exist_ok=True)
        (dest / "docs" / code.path).write_text(code.svg, encoding="utf-8")
    if context["badge"]:
        image = dest / "docs" / context["badge"]["src"]
        image.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / "data" / context["badge"]["src"], image)
    context["media"] = [{"platform": c.platform, "name": c.name, "url": c.url, "path": c.path} for c in context["media"]]
    return {"site_name": site.name, "site_url": site.base_url, "repo_url": site.repository.url,
            "edit_uri": f"edit/{site.repository.branch}/", "copyright": site.department,
            "extra": {"as_of": portal.as_of.isoformat(), "licence": site.licence.name, "site_footer": context}}


def plain_project(source: Path, dest: Path, portal) -> Path:
    """The same pages written to disk as Markdown, and mkdocs.yml with the same theme and nav but no hooks."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(source / "docs", dest / "docs")
    shutil.copytree(source / "overrides", dest / "overrides")
    for path, text, _ in render_pages(portal):
        target = dest / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config = (source / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^hooks:\n(?:[ \t]+-.*\n|[ \t]*#.*\n)*", "", config, flags=re.M)
    settings = theme_settings(portal, source, dest)
    config = re.sub(rf"^(?:{'|'.join(settings)}):.*\n", "", config, flags=re.M)  # as site.yml says, the hooks' way
    # JSON is YAML: one line per setting, text as the hooks give it (already escaped where they escape it)
    config += "\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}\n" for key, value in settings.items())
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def site_sizes(site: Path) -> dict:
    """Sizes of the built site: in all, the largest HTML page of any kind and of a record, the index pages."""
    total, files, pages, largest, largest_record = 0, 0, 0, (0, ""), (0, "")
    for path in sorted(site.rglob("*")):  # sorted: of two pages the same size, the same one every run
        if path.is_file():
            size = path.stat().st_size
            total, files = total + size, files + 1
            rel = path.relative_to(site).as_posix()
            if rel.endswith(".html"):
                pages += 1
                largest = max(largest, (size, rel), key=lambda pair: pair[0])
                if RECORD_PAGE.match(rel):
                    largest_record = max(largest_record, (size, rel), key=lambda pair: pair[0])
    return {
        "total_mb": round(total / 2**20, 1), "files": files, "html_pages": pages,
        "largest_page_kb": round(largest[0] / 1024, 1), "largest_page": largest[1],
        "largest_record_page_kb": round(largest_record[0] / 1024, 1), "largest_record_page": largest_record[1],
        "index_pages_kb": {p: round((site / p).stat().st_size / 1024, 1) for p in INDEX_PAGES if (site / p).exists()},
        "pagefind_mb": round(sum(f.stat().st_size for b in site.iterdir() if b.name == BUNDLE or is_items_bundle(b.name)
                                 for f in b.rglob("*") if f.is_file()) / 2**20, 1),
    }


def measure(records: int, work: Path, seed: int, keep: bool, search: bool = False, validation_only: bool = False) -> dict:
    base = work / f"n{records}"
    root = base / "portal"
    if base.exists():
        shutil.rmtree(base)
    made = synthetic.generate(root, records, seed)
    as_of = made.as_of.isoformat()
    py = sys.executable
    result: dict = {"records": made.records, "items": made.items, "guides": made.guides, "rules": made.rules,
                    "events": made.events, "as_of": as_of}

    # Validation takes seconds, and this shared machine's speed swings by a third from one run to
    # the next: the best of three runs is the figure (all three are kept in the JSON).
    runs = []
    for _ in range(VALIDATION_RUNS):
        portal = None
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        portal = load_portal(root, made.as_of)
        runs.append((round(time.perf_counter() - wall, 2), round(time.process_time() - cpu, 2)))
    result["validate_runs_s"] = [wall for wall, _ in runs]
    result["validate_s"], result["validate_cpu_s"] = min(runs)
    command = [py, "-m", "portal", "--root", str(root), "validate", "--as-of", as_of]
    result["validate_cli"] = min((run(command, cwd=root) for _ in range(VALIDATION_RUNS)), key=lambda r: r["s"])
    if validation_only:
        if not keep:
            shutil.rmtree(base)
        return result

    result["build"] = run([py, "-m", "portal", "--root", str(root), "build", "-d", str(base / "site"), "--as-of", as_of], cwd=root)
    plain = plain_project(root, base / "plain", portal)
    del portal
    result["plain"] = run([py, "-m", "mkdocs", "build", "--clean", "--quiet", "-f", str(plain / "mkdocs.yml"),
                           "-d", str(plain / "site")], cwd=plain)
    result["pagefind"] = run([py, "-m", "pagefind", "--site", str(plain / "site")], cwd=plain)
    # the fixed yardstick (bench/yardstick.py): as many plain Markdown pages, Material, Pagefind
    result["yardstick"] = run([py, str(PROJECT / "bench" / "yardstick.py"), "--pages", str(records), str(base / "yardstick")],
                              cwd=base)
    result["sizes"] = site_sizes(base / "site")
    if search:  # Pagefind again, timed alone, and the bytes a one-word query downloads (scripts/bench_search.py)
        result["search"] = bench_search.measure(base / "site")
    result["ratio"] = round(result["build"]["s"] / (result["plain"]["s"] + result["pagefind"]["s"]), 3)
    result["ratio_cpu"] = round(result["build"]["cpu_s"] / (result["plain"]["cpu_s"] + result["pagefind"]["cpu_s"]), 3)
    result["ratio_yardstick_cpu"] = round(result["build"]["cpu_s"] / result["yardstick"]["cpu_s"], 3)
    result["peak_rss_mb"] = max(result[k]["rss_mb"] for k in ("validate_cli", "build"))  # the portal's own steps
    result["baseline_peak_rss_mb"] = max(result[k]["rss_mb"] for k in ("plain", "pagefind"))  # (c) and (d)
    if not keep:
        shutil.rmtree(base)
    return result


def growth(results: list[dict]) -> list[dict]:
    """Time ratios for every pair of sizes where one is twice the other."""
    by_size = {r["records"]: r for r in results}
    pairs = []
    for n, small in sorted(by_size.items()):
        big = by_size.get(2 * n)
        if big:
            built = "build" in big and "build" in small
            pairs.append({"from": n, "to": 2 * n,
                          "build": round(big["build"]["s"] / small["build"]["s"], 2) if built else None,
                          "build_cpu": round(big["build"]["cpu_s"] / small["build"]["cpu_s"], 2) if built else None,
                          "validate": round(big["validate_s"] / small["validate_s"], 2),
                          "plain": round(big["plain"]["s"] / small["plain"]["s"], 2) if built else None})
    return pairs


def verdicts(results: list[dict], pairs: list[dict]) -> dict:
    at = next((r for r in results if r["records"] == 10_000), None)
    if at is None:
        return {}
    pair = next((p for p in pairs if p["to"] == 10_000), None)
    found = {"build_ratio": at.get("ratio"), "peak_rss_mb": at.get("peak_rss_mb"), "validate_s": at["validate_s"],
             "largest_page_kb": at["sizes"]["largest_page_kb"] if "sizes" in at else None,
             "growth_build": pair["build"] if pair and pair["build"] else None}
    return {key: {"what": what, "limit": limit, "measured": found[key],
                  "ok": None if found[key] is None else found[key] <= limit}
            for key, (what, limit) in TARGETS.items()}


def machine() -> dict:
    versions = {name: metadata.version(name) for name in ("mkdocs", "mkdocs-material", "pagefind", "pydantic", "PyYAML")}
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "load_before": [round(x, 2) for x in os.getloadavg()], "versions": versions,
            "date": dt.datetime.now().isoformat(timespec="seconds")}


def table(report: dict) -> str:
    results = report["results"]
    head = ["", *(f"{r['records']:,}" for r in results)]
    rows = [
        ("items / guides / rules", lambda r: f"{r['items']} / {r['guides']} / {r['rules']}"),
        ("(a) validate, in process, best of 3 (s)", lambda r: f"{r['validate_s']:.2f}"),
        ("    same, CPU (s)", lambda r: f"{r['validate_cpu_s']:.2f}"),
        ("    portal validate, wall, best of 3 (s)", lambda r: f"{r['validate_cli']['s']:.2f}"),
        ("(b) full build (s)", lambda r: f"{r['build']['s']:.1f}"),
        ("(c) plain MkDocs build (s)", lambda r: f"{r['plain']['s']:.1f}"),
        ("(d) Pagefind alone (s)", lambda r: f"{r['pagefind']['s']:.1f}"),
        ("(b) / ((c) + (d))", lambda r: f"{r['ratio']:.2f}"),
        ("    same, CPU time", lambda r: f"{r['ratio_cpu']:.2f}"),
        ("(e) yardstick: as many Markdown pages + Pagefind (s)", lambda r: f"{r['yardstick']['s']:.1f}"),
        ("(b) / (e), CPU time", lambda r: f"{r['ratio_yardstick_cpu']:.2f}"),
        ("peak memory: build / plain / Pagefind alone (MiB)",
         lambda r: f"{r['build']['rss_mb']} / {r['plain']['rss_mb']} / {r['pagefind']['rss_mb']}"),
        ("largest HTML page (KB)", lambda r: f"{r['sizes']['largest_page_kb']}"),
        ("    which", lambda r: r["sizes"]["largest_page"]),
        ("largest record page (KB)", lambda r: f"{r['sizes']['largest_record_page_kb']}"),
        ("ledger index page (KB)", lambda r: f"{r['sizes']['index_pages_kb'].get('rectification/index.html', 0)}"),
        ("timeline page (KB)", lambda r: f"{r['sizes']['index_pages_kb'].get('timeline/index.html', 0)}"),
        ("site: files / MB", lambda r: f"{r['sizes']['files']:,} / {r['sizes']['total_mb']}"),
        ("    of which HTML pages", lambda r: f"{r['sizes']['html_pages']:,}"),
        ("    of which Pagefind (MB)", lambda r: f"{r['sizes']['pagefind_mb']}"),
    ]
    def shown(cell, r) -> str:
        try:
            return cell(r)
        except KeyError:  # --validation-only: nothing was built
            return "–"

    grid = [head] + [[label, *(shown(cell, r) for r in results)] for label, cell in rows]
    widths = [max(len(row[i]) for row in grid) for i in range(len(head))]
    lines = ["| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))) + " |"
             for row in grid]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for p in report["growth"]:
        built = f"full build ×{p['build']} (CPU ×{p['build_cpu']}), plain build ×{p['plain']}, " if p["build"] else ""
        lines.append(f"\nGrowth {p['from']:,} → {p['to']:,}: {built}validation ×{p['validate']}")
    for r in (r for r in results if "search" in r):
        plain, zipped = r["search"]["download"]
        page_plain, page_zipped = r["search"]["search_page"]
        lines.append(f"\nsearch at {r['records']:,}: Pagefind {r['search']['index']['s']} s; one-word query in the "
                     f"header box {plain['transferred_kb']} KB ({zipped['transferred_kb']} KB gzipped; target 150 KB); "
                     f"on /search/ with the items {page_plain['transferred_kb']} KB ({page_zipped['transferred_kb']} KB gzipped)")
    for key, v in report["targets"].items():
        mark = "n/a" if v["ok"] is None else ("ok" if v["ok"] else "MISSED")
        lines.append(f"target {v['what']}: {v['measured']} (limit {v['limit']}) {mark}")
    m = report["machine"]
    lines.append(f"\n{m['cpus']} CPUs, load {m['load_before']} before and {m['load_after']} after; "
                 f"Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()))
    if not report["search_hook"]:
        lines.append("note: mkdocs.yml has no search hook, so (b) runs no Pagefind")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000", help="records per portal, comma-separated")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--work", default=str(PROJECT / "bench-out"), help="scratch folder (default bench-out/)")
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--keep", action="store_true", help="keep the generated portals and sites")
    parser.add_argument("--search", action="store_true", help="also measure search (scripts/bench_search.py)")
    parser.add_argument("--validation-only", action="store_true", help="measure validation only: no builds")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    work = Path(args.work).resolve()
    report = {"machine": machine(), "command": "scripts/bench --sizes " + ",".join(map(str, sizes))
              + (" --validation-only" if args.validation_only else ""),
              "search_hook": "portal_search" in (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")}
    results = []
    for n in sizes:
        print(f"bench: {n:,} records ...", file=sys.stderr, flush=True)
        results.append(measure(n, work, args.seed, args.keep, args.search, args.validation_only))
    report["machine"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
    report["results"] = results
    report["growth"] = growth(results)
    report["targets"] = verdicts(results, report["growth"])
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
