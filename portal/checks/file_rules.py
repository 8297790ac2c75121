"""File rules: every file under data/files/ (published at /files/) and every guide's reference to
one, and the 党政机关网站标识 image site.yml names."""

from __future__ import annotations

from pathlib import Path

from portal.checks.collector import Collector, Loaded
from portal.load import files as stored_files
from portal.model.records import IDENTITY_FOLDER, Guide, Site


BADGE_MAX_BYTES = 200 * 1024


def check_site_files(root: Path, out: Collector, loaded: Loaded) -> None:
    """The 党政机关网站标识 image that site.yml names is there, is the picture its name says, and is small."""
    for doc, site in loaded.get("site", ()):
        if site.gov_badge is None:
            continue
        name, loc, folder = site.gov_badge.image, ("gov_badge", "image"), f"data/{IDENTITY_FOLDER}"
        path = root / folder / name
        if not path.is_file():
            out.at(doc, loc, f"找不到图片 {folder}/{name}；请把标识图片放进 {folder}/ 文件夹，或改正文件名", Site)
            continue
        if stored_files.detected(str(path)) is not stored_files.BY_EXTENSION[path.suffix[1:]]:  # by content, as data/files/
            out.at(doc, loc, f"{folder}/{name} 不是 {path.suffix[1:].upper()} 图片；请用原始的 PNG 或 JPEG 文件，不要只改扩展名", Site)
        elif (size := path.stat().st_size) > BADGE_MAX_BYTES:
            out.at(doc, loc, f"{folder}/{name} 有 {size // 1024} KB，超过 {BADGE_MAX_BYTES // 1024} KB 的上限；请换一张较小的图片", Site)


def check_files(root: Path, out: Collector, loaded: Loaded) -> dict:
    """Every file of data/files/ (published at /files/), and every guide's reference to one.
    A file with a problem of its own is not reported again where a guide names it."""
    sites = loaded.get("site")
    limit = sites[0][1].file_limit_mb if sites else stored_files.DEFAULT_LIMIT_MB
    good, problems = stored_files.read_folder(root, limit)
    for problem in problems:
        out.file(problem.path, problem.message)
    present = set(good) | {problem.name for problem in problems}
    for doc, guide in loaded.get("guide", ()):
        for loc, name in guide.files():
            if name not in present:
                choices = f"已有的文件有：{'、'.join(sorted(present)[:12])}" if present else f"{stored_files.FOLDER}/ 里还没有文件"
                out.at(doc, loc, f"找不到文件 {stored_files.FOLDER}/{name}；请把文件放进 {stored_files.FOLDER}/，"
                                 f"或改正文件名。{choices}", Guide)
    return good
