"""vdiff-blog's site builder CLI: build | check | serve | publish (Jekyll sources in, a static site out)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--src", "--source", "-s", dest="src", type=Path, default=Path("site_src"),
                        help="source folder (default site_src)")
    common.add_argument("--out", "--destination", "-d", dest="out", type=Path, default=Path("_site"),
                        help="output folder (default _site)")
    build = commands.add_parser("build", parents=[common], help="build the site (the default)")
    for sub in (build, parser):
        sub.add_argument("--drafts", action="store_true", help="include _drafts/ as posts")
        sub.add_argument("--future", action="store_true", help="include posts dated in the future")
        sub.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)")
        sub.add_argument("--quiet", action="store_true", help="no progress bar, no summary line")
        sub.add_argument("--strict", action="store_true", help="warnings fail the build")
    parser.add_argument("--src", "--source", "-s", dest="src", type=Path, default=Path("site_src"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--out", "--destination", "-d", dest="out", type=Path, default=Path("_site"),
                        help=argparse.SUPPRESS)
    commands.add_parser("check", parents=[common], help="check links, anchors and images in the built site")
    serve = commands.add_parser("serve", parents=[common], help="build, serve on localhost, rebuild on change")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=4000)
    serve.add_argument("--drafts", action="store_true")
    serve.add_argument("--future", action="store_true")
    publish = commands.add_parser("publish", parents=[common], help="commit the built site to gh-pages and push")
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
