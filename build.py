"""vdiff-blog's site builder CLI: build | check | serve | publish (Jekyll sources in, a static site out)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _add_paths(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    """--src/--out; a subcommand's copies default to SUPPRESS so options given before it are kept."""
    parser.add_argument("--src", "--source", "-s", dest="src", type=Path,
                        default=Path("site_src") if defaults else argparse.SUPPRESS, help="source folder (default site_src)")
    parser.add_argument("--out", "--destination", "-d", dest="out", type=Path,
                        default=Path("_site") if defaults else argparse.SUPPRESS, help="output folder (default _site)")


def _add_build_flags(parser: argparse.ArgumentParser, *, defaults: bool, only: tuple[str, ...] = ()) -> None:
    """--drafts --future -j --quiet --strict (or just those in `only`), defaulting as in _add_paths."""
    flags = {"--drafts": "include _drafts/ as posts", "--future": "include posts dated in the future even where _config.yml says future: false",
             "--quiet": "no progress bar, no summary line", "--strict": "warnings fail the build"}
    for flag, text in flags.items():
        if not only or flag in only:
            parser.add_argument(flag, action="store_true", help=text,
                                **({} if defaults else {"default": argparse.SUPPRESS}))
    if not only:
        parser.add_argument("-j", "--jobs", type=int, default=None if defaults else argparse.SUPPRESS,
                            help="worker processes (default: all cores)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__)
    _add_paths(parser, defaults=True)
    _add_build_flags(parser, defaults=True)
    commands = parser.add_subparsers(dest="command")
    build = commands.add_parser("build", help="build the site (the default)")
    check = commands.add_parser("check", help="check links, anchors and images in the built site")
    serve = commands.add_parser("serve", help="build, serve on localhost, rebuild on change")
    publish = commands.add_parser("publish", help="commit the built site to gh-pages and push")
    for sub in (build, check, serve, publish):
        _add_paths(sub, defaults=False)
    _add_build_flags(build, defaults=False)
    _add_build_flags(serve, defaults=False, only=("--drafts", "--future"))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=4000)
    publish.add_argument("--remote", default="origin")
    publish.add_argument("--branch", default="gh-pages")
    publish.add_argument("--message", default=None)
    publish.add_argument("--cname", default=None)
    return parser


def run_build(args: argparse.Namespace) -> int:
    """Build once; print warnings and a summary line; 1 on a build error."""
    from sitegen.errors import BuildError
    from sitegen.pipeline import StrictError, build

    try:
        result = build(args.src, args.out, drafts=args.drafts, future=args.future, jobs=args.jobs,
                       quiet=args.quiet, strict=args.strict)
    except StrictError as exc:
        for warning in exc.warnings:
            print(f"{warning}", file=sys.stderr)
        print(f"error: {len(exc.warnings)} warning(s) with --strict; {args.out}/ left as it was", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"{warning}", file=sys.stderr)
    if not args.quiet:
        print(f"{args.out}/: {result.pages_written} file(s) written, {len(result.rendered)} page(s) rendered, "
              f"{len(result.warnings)} warning(s) in {result.seconds:.2f} s")
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Check the built site's internal links; one line per problem, 1 when there is any."""
    from sitegen.check import check_site
    from sitegen.config import read_config
    from sitegen.errors import BuildError

    try:
        baseurl = read_config(args.src).baseurl if args.src.is_dir() else ""
        problems = check_site(args.out, baseurl=baseurl)
    except (BuildError, FileNotFoundError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for problem in problems:
        print(problem)
    print(f"{args.out}/: {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def run_serve(args: argparse.Namespace) -> int:
    """Serve with live reload until Ctrl-C (sitegen.serve)."""
    from sitegen.serve import ServeError, serve

    try:
        serve(args.src, args.out, host=args.host, port=args.port, drafts=args.drafts, future=args.future)
    except ServeError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def run_publish(args: argparse.Namespace) -> int:
    """Build and push the site to the gh-pages branch (sitegen.publish)."""
    from sitegen.publish import PublishError, publish

    try:
        publish(args.src, args.out, remote=args.remote, branch=args.branch, message=args.message, cname=args.cname)
    except PublishError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and dispatch; `build` when no command is given."""
    args = _parser().parse_args(argv)
    commands = {"check": run_check, "serve": run_serve, "publish": run_publish}
    return commands.get(args.command, run_build)(args)


if __name__ == "__main__":
    sys.exit(main())
