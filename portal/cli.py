"""The `portal` command: validate the data, scaffold new records, export schemas.

Example:
    portal validate              # every problem, or a one-line summary
    portal validate --format json
    portal validate --against origin/main   # and nothing published there was rewritten
    portal new item              # writes data/rectification/ZG-2026-001.yml and prints its path
    portal schema                # regenerates schemas/*.json
"""

from __future__ import annotations

import argparse
import functools
import datetime as dt
import json
import os
import sys
from pathlib import Path

import importlib

# Only what `portal build` needs is imported here. The other commands import their modules when
# they run: those pull in the models (0.3 s of CPU), which the build's MkDocs process imports anyway.
from portal.publish import build
from portal.model.asof import DateSettingError, default_as_of, parse_day, today_in_china


# Modules that each add a subcommand with `register(subparsers)`; their functions take the parsed
# arguments (with .root and .as_of) and return the exit status.
EXTRA_COMMANDS: list[str] = ["portal.publish.external_links", "portal.publish.release", "portal.publish.watch", "portal.publish.diff",
                             "portal.publish.verify", "portal.publish.editor_backend"]


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


def cmd_validate(args: argparse.Namespace) -> int:
    """Check every file under data/ and list every problem at once."""
    from portal.checks import annotations as github
    from portal.checks.history import HistoryError
    from portal.load.portal import check_portal
    from portal.load.problems import InvalidData

    root = _root(args)
    if not (root / "data").is_dir():
        print(f"portal: 在 {root} 找不到 data/ 文件夹；请在项目根目录运行，或用 --root 指定", file=sys.stderr)
        return 2
    try:
        counts = check_portal(root, as_of=args.as_of, against=args.against)
    except HistoryError as exc:
        print(f"portal: {exc}", file=sys.stderr)
        return 2
    except InvalidData as exc:
        if args.format == "github":  # each problem shown on its line of the pull request, then the list
            print("\n".join(github.annotation(p) for p in exc.problems))
            print(exc.report())
        elif args.format == "json":
            print(json.dumps({"valid": False, "problems": [p.as_dict() for p in exc.problems]}, ensure_ascii=False, indent=2))
        else:
            print(exc.report())
        return 1
    as_of = (args.as_of or default_as_of()).isoformat()
    if args.format == "json":
        print(json.dumps({"valid": True, "problems": [], "counts": counts, "as_of": as_of}, ensure_ascii=False))
    else:
        print(
            f"数据有效：{summary(counts)}（数据截至 {as_of}）"
            + (f"；与 {args.against} 相比，已发布的内容都保留着" if args.against else "")
        )
    return 0


def summary(counts: dict[str, int]) -> str:
    """`portal validate`'s count of every kind, as the registry counts it: 整改事项 21 项，办事指南 5 篇，…"""
    from portal.model.kinds import KINDS

    return "，".join(f"{c.label} {counts[c.key]} {c.unit}" for c in (kind.counted for kind in KINDS) if c.label)


def cmd_new(args: argparse.Namespace) -> int:
    """Write a valid stub of a new record with the next free id and print where it is."""
    from portal import scaffold

    root = _root(args)
    try:
        where = scaffold.new_record(root, args.kind, args.id, as_of=args.as_of)
    except scaffold.ScaffoldError as exc:
        print(f"portal: {exc}", file=sys.stderr)
        return 2
    print(where)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema of every kind into schemas/ (generated; editors read them)."""
    from portal.exports import schemas

    root = _root(args)
    for path in schemas.write_all(root / args.out):  # an absolute --out stays absolute
        print(path.relative_to(root).as_posix() if path.is_relative_to(root) else path)
    return 0


def _date(text: str) -> dt.date:
    try:
        return parse_day(text, "")
    except DateSettingError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def cmd_build(args: argparse.Namespace) -> int:
    """Build the whole site (pages, search index, open data) into a folder with MkDocs (or ProperDocs)."""
    return build.build_site(_root(args), Path(args.site_dir).resolve(), as_of=args.as_of, engine=args.engine)


def _common(default) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=default or ".", help="项目根目录（默认：当前目录）")
    common.add_argument("--as-of", type=_date, default=default, help="数据截至日期，如 2014-12-31（默认：PORTAL_AS_OF、SOURCE_DATE_EPOCH 或今天）")
    return common


@functools.cache  # one per process: main() runs many times in the tests, and argparse is slow to build
def build_parser(everything: bool = True) -> argparse.ArgumentParser:
    """The parser of every command; with everything=False, of `portal build` alone, which imports
    no other command's modules."""
    parser = argparse.ArgumentParser(prog="portal", description="公开平台数据工具：校验数据、新建记录、导出结构说明。",
                                     parents=[_common(None)])
    # The options work before or after the command; SUPPRESS keeps a sub-parser from resetting them.
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令",
                                parser_class=lambda **kw: argparse.ArgumentParser(parents=[_common(argparse.SUPPRESS)], **kw))

    if everything:  # `portal build` alone needs neither, and `new` lists the kinds: the models
        from portal import scaffold

        p = sub.add_parser("validate", help="校验 data/ 下的全部数据", description=cmd_validate.__doc__)
        p.add_argument("--format", choices=("text", "json", "github"), default="text", help="输出格式（默认 text；github 供 GitHub Actions 在拉取请求里逐行标出问题）")
        p.add_argument("--against", metavar="REV", default=None,
                       help="再与 git 版本 REV（如拉取请求的目标分支、线上版本的源提交）比较：已发布的整改事项、进展、受理日期、"
                            "最初的整改期限、更正和撤销不能删除或改写，有误请用 corrections 更正")
        p.set_defaults(func=cmd_validate)

        p = sub.add_parser("new", help="新建一条记录的模板", description=cmd_new.__doc__)
        p.add_argument("kind", choices=scaffold.WORDS,
                       help="记录类型：" + "、".join(f"{word} {kind.name}" for word, kind in scaffold.NEW.items()))
        p.add_argument("--id", default=None, help="指定编号（默认：下一个可用编号）")
        p.set_defaults(func=cmd_new)

    p = sub.add_parser("build", help="生成整个网站", description=cmd_build.__doc__)
    p.add_argument("--site-dir", "-d", default="site", help="输出目录（默认 site）")
    p.add_argument("--engine", choices=build.ENGINES, help="用哪个程序生成（默认：PORTAL_ENGINE，未设置时 mkdocs）")
    p.set_defaults(func=cmd_build)
    if not everything:
        return parser

    p = sub.add_parser("schema", help="导出各类数据的 JSON Schema", description=cmd_schema.__doc__)
    p.add_argument("--out", default="schemas", help="输出目录（默认 schemas）")
    p.set_defaults(func=cmd_schema)

    for name in EXTRA_COMMANDS:  # each module adds its own subcommand: register(subparsers)
        importlib.import_module(name).register(sub)
    return parser


def _command(argv: list[str]) -> str | None:
    """The command argv names: its first word that is neither an option nor a common option's value;
    None when help is asked for before it (`portal -h build` lists every command)."""
    words = iter(argv)
    for word in words:
        if word in ("--root", "--as-of"):  # _common's options, written as two words
            next(words, None)
        elif word in ("-h", "--help"):
            return None
        elif not word.startswith("-"):
            return word
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(everything=_command(argv) != "build").parse_args(argv)
    try:
        # a bad date in PORTAL_AS_OF, SOURCE_DATE_EPOCH or PORTAL_TODAY is said here, once, in Chinese,
        # before any command (a build's MkDocs child would otherwise meet it inside a hook)
        if getattr(args, "as_of", None) is None:
            default_as_of()
        today_in_china()
    except DateSettingError as exc:
        print(f"portal: {exc.message}", file=sys.stderr)
        return 2
    try:
        status = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:  # `portal validate | head`: the reader has what it wanted; no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python flushes stdout at exit
        return 141  # what a shell reports for a command ended by SIGPIPE (128 + 13)
    return status
