"""The fixed yardstick of docs/performance.md: a plain MkDocs project of N Markdown pages of Chinese
text (1,000 by default), Material with `language: zh` and nothing else, built and then indexed by
Pagefind's extended build. "Full build ÷ yardstick" (CPU time) says what the portal costs on top of
what any Material + Pagefind site of that many pages costs, whatever the machine's speed.

The same pages count gives the same bytes: the text is drawn from bench.synthetic's word lists with
a fixed seed. The command writes the project when DIR has none, then builds it (MkDocs, then
Pagefind, as child processes: time this process and you time both).

Example:
    python bench/yardstick.py bench-out/yardstick            # 1,000 pages
    python bench/yardstick.py --pages 5000 bench-out/y5000
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))  # run as a file from anywhere: python bench/yardstick.py DIR

from bench import synthetic  # noqa: E402

PAGES = 1000
SEED = 2014
CONFIG = """\
site_name: 标尺站点
site_url: https://example.org/
theme:
  name: material
  language: zh
  font: false
plugins: []
nav:
  - index.md          # a page tree of every page would make each page list all of them
validation:
  nav:
    omitted_files: ignore
"""


def _paragraph(rng: random.Random) -> str:
    """A few sentences of plausible Chinese, from the synthetic portal's word lists."""
    sentences = []
    for _ in range(rng.randint(3, 6)):
        service = rng.choice(synthetic.SERVICES)
        sentences.append(f"{rng.choice(synthetic.PLACES)}{rng.choice(synthetic.PEOPLE)}反映{service}"
                         f"{rng.choice(synthetic.PROBLEMS)}，{rng.choice(synthetic.EFFECTS)}。"
                         + rng.choice(synthetic.MEASURES).format(service=service) + "。")
    return "".join(sentences)


def write(dest: Path, pages: int = PAGES) -> Path:
    """Write the yardstick project into dest (replacing it): mkdocs.yml and docs/ with `pages` pages."""
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    docs.mkdir(parents=True)
    rng = random.Random(SEED)
    (docs / "index.md").write_text("# 标尺站点\n\n" + _paragraph(rng) + "\n", encoding="utf-8")
    for n in range(1, pages):
        title = f"{rng.choice(synthetic.SERVICES)}情况说明（第 {n} 号）"
        body = "\n\n".join(f"## 第{k}部分\n\n{_paragraph(rng)}" for k in range(1, 4))
        (docs / f"page-{n:05d}.md").write_text(f"# {title}\n\n{body}\n", encoding="utf-8")
    (dest / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (dest / "pages.txt").write_text(f"{pages}\n", encoding="utf-8")
    return dest


def build(project: Path) -> None:
    """MkDocs, then Pagefind's extended build over the site, as child processes (their CPU time is
    this process's children's)."""
    project = Path(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "true"}
    site = project / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "--quiet", "-f", str(project / "mkdocs.yml"),
                    "-d", str(site)], check=True, env=env)
    import pagefind_bin_extended  # the same binary the portal's build starts (portal/publish/search_index.py)

    subprocess.run([pagefind_bin_extended.get_executable(), "--site", str(site), "--force-language", "zh", "--silent"],
                   check=True, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/yardstick.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", help="the yardstick project: written there if it has none (or another page count)")
    parser.add_argument("--pages", type=int, default=PAGES, help=f"Markdown pages (default {PAGES})")
    args = parser.parse_args(argv)
    project = Path(args.dir)
    stamp = project / "pages.txt"
    if not stamp.is_file() or stamp.read_text(encoding="utf-8").strip() != str(args.pages):
        write(project, args.pages)
    build(project)
    return 0


if __name__ == "__main__":
    sys.exit(main())
