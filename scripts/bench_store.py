"""Publish a synthetic portal to a real SeaweedFS twice, with one record changed between: how many
objects and bytes each publish uploads, how many the store copies, and how long each takes.

Run it through scripts/bench_store (which sets up .venv). docs/performance.md keeps the figures.

Example:
    scripts/bench_store                    # 10,000 records
    scripts/bench_store --records 1000 --json
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))  # run from a checkout even before `pip install -e .`

from bench import synthetic  # noqa: E402
from bench.seaweedfs import BUCKET, seaweedfs  # noqa: E402
from portal.publish.objectstore import StoreTarget  # noqa: E402
from portal.publish.release import publish  # noqa: E402
from portal.publish.release_checks import CHECKS  # noqa: E402

BENCH_CHECKS = tuple(check for check in CHECKS if check.name != "内部链接")
"""The synthetic evidence links point at https://example.org/synthetic/…, inside the synthetic site's
base_url, where no such files are: the link check rightly refuses them. Every other check runs."""


def one_more_update(root: Path, as_of: str) -> str:
    """Staff add an update to one item, the commonest change: returns its id."""
    item = sorted((root / "data" / "rectification").glob("*.yml"))[-1]
    text = item.read_text(encoding="utf-8")
    marker = "\nsources:" if "\nreply:" not in text else "\nreply:"
    added = f"\n  - date: {as_of}\n    status: 整改中\n    note: 回访了提出问题的群众，继续整改。"
    item.write_text(text.replace(marker, added + marker, 1), encoding="utf-8")
    return item.stem


def measure(root: Path, target: StoreTarget, as_of) -> dict:
    """One publish, timed whole and in its store part (upload or copy, list back, switch)."""
    store_seconds = []
    go_live = target.go_live

    def timed_go_live(*args, **kwargs):
        start = time.perf_counter()
        try:
            return go_live(*args, **kwargs)
        finally:
            store_seconds.append(time.perf_counter() - start)

    target.go_live = timed_go_live
    start = time.perf_counter()
    done = publish(root, target, as_of=as_of, keep=2, checks=BENCH_CHECKS)
    target.go_live = go_live
    return {"release": done.release.name, "seconds": round(time.perf_counter() - start, 1),
            "store_seconds": round(store_seconds[0], 1), **dataclasses.asdict(target.transfer)}


def main() -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench_store", description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-store-"))
    try:
        made = synthetic.generate(work / "portal", args.records, args.seed)
        with seaweedfs(work / "weed") as store:
            target = StoreTarget(BUCKET, "www", client=store.client())
            full = measure(made.root, target, made.as_of)
            changed = one_more_update(made.root, made.as_of.isoformat())
            again = measure(made.root, target, made.as_of)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {"records": args.records, "changed": changed, "full": full, "one_record": again}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"| {args.records:,} records | full publish | one record changed ({changed}) |")
    print("| --- | ---: | ---: |")
    for label, key, unit in (("files in the release", "files", ""), ("uploaded objects", "uploaded", ""),
                             ("uploaded MB", "uploaded_bytes", "MB"), ("copied in the store", "copied", ""),
                             ("hashed files kept from the previous release", "carried", ""),
                             ("seconds (validate, build, check, upload, switch)", "seconds", ""),
                             ("of which in the store (upload or copy, list back, switch)", "store_seconds", "")):
        cells = [f"{run[key] / 1e6:.1f}" if unit == "MB" else f"{run[key]:,}" for run in (full, again)]
        print(f"| {label} | {cells[0]} | {cells[1]} |")
    share = again["uploaded"] / again["files"]
    print(f"\nOne record changed: {again['uploaded']:,} of {again['files']:,} objects uploaded ({share:.2%}), "
          f"{again['uploaded_bytes'] / 1e6:.1f} of {again['bytes'] / 1e6:.1f} MB.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
