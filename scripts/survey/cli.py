"""The `survey` command: parse arguments, call one command module, turn problems into exit codes.

Exit codes: 0 success, 1 invalid data, a failed build or dead links, 2 wrong usage,
3 links could not be checked because the network is unavailable.
"""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .commands import build, check, generate, links, schema, serve
from .problems import Problem, ProblemsFound
from .project import Project


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="survey", description="Check, generate, build and serve the survey site.")
    main.add_argument("--version", action="version", version=f"survey {__version__}")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check_ = commands.add_parser("check", help="validate every paper and the taxonomy",
                                 description="Validate every paper file and the taxonomy; print every problem.")
    check_.add_argument("--format", choices=("text", "github"), default="text",
                        help="'github' prints annotations for GitHub Actions (default: text)")
    commands.add_parser("generate", help="write the generated pages into docs/",
                        description="Write the generated pages into docs/ without building the site.")
    commands.add_parser("build", help="check, generate and build the site into site/",
                        description="Check, generate, then `mkdocs build --strict` into site/.")
    serve_ = commands.add_parser("serve", help="serve the site with live reload",
                                 description="Generate and serve the site on 127.0.0.1, regenerating on edits.")
    serve_.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                        help="address to serve on (default: 127.0.0.1:8000)")
    schema_ = commands.add_parser("schema", help="write papers/_schema.json and papers/_template.yaml",
                                  description="Write the JSON Schema and the paper template from the schema in code.")
    schema_.add_argument("--check", action="store_true", help="only check that both files are up to date")
    links_ = commands.add_parser("links", help="check the external links in the papers",
                                 description="Check every external link in the papers and report dead ones "
                                             "with their file and line (exit 1), or say so if the network "
                                             "is unavailable (exit 3).")
    links_.add_argument("--changed-since", metavar="GIT-REF",
                        help="only check links on lines added since this commit (for pull requests)")
    links_.add_argument("--format", choices=("text", "github"), default="text",
                        help="'github' prints annotations for GitHub Actions (default: text)")
    links_.add_argument("--no-cache", action="store_true", help="check every link, ignoring recent results")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        project = Project.find()
        if args.command == "check":
            return check.run(project, args.format)
        if args.command == "generate":
            return generate.run(project)
        if args.command == "build":
            return build.run(project)
        if args.command == "serve":
            return serve.run(project, args.dev_addr)
        if args.command == "schema":
            return schema.run(project, args.check)
        if args.command == "links":
            return links.run(project, args.changed_since, args.format, not args.no_cache)
    except ProblemsFound as found:
        check.report(found, getattr(args, "format", "text"))
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        print(Problem(error.filename or "survey", None, None, "", error.strerror or str(error),
                      "check the file's permissions and the free disk space"))
        return 1
    except Exception as error:  # noqa: BLE001 - the last line of defence against a traceback
        if os.environ.get("SURVEY_DEBUG"):
            raise
        print(f"survey: internal error: {type(error).__name__}: {error} "
              "(set SURVEY_DEBUG=1 to see where, and please report it)", file=sys.stderr)
        return 3
    return 2


if __name__ == "__main__":
    sys.exit(main())
