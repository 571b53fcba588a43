"""The `survey` command: parse arguments, call one command module, turn problems into exit codes.

The exit codes are EXIT_CODES below, listed the same way in the README.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from . import __version__
from .core.problems import Problem, ProblemsFound, ServiceUnavailable, UsageError, report
from .read.project import Project
from .read.reader import read_taxonomy

OK, INVALID, USAGE, UNREACHABLE, BUG = 0, 1, 2, 3, 4
EXIT_CODES = (
    (OK, "success"),
    (INVALID, "the input has problems: invalid papers, a paper already in the survey, a failed build, dead links"),
    (USAGE, "wrong usage: an unknown command or option, a malformed id or one the service does not know, "
            "an unknown git ref, a file that would be overwritten"),
    (UNREACHABLE, "a service could not be reached or answered with an error (no network, a timeout, "
                  "an HTTP error); nothing was written"),
    (BUG, "an internal error: a bug in the survey's code (set SURVEY_DEBUG=1 to see where, and report it)"),
)


def parser(facets: tuple[str, ...] = ()) -> argparse.ArgumentParser:
    """The argument parser; `facets` are the taxonomy's facet ids, each an option of `survey add`."""
    main = argparse.ArgumentParser(prog="survey", description="Check, generate, build and serve the survey site.",
                                   epilog="exit codes: " + "; ".join(f"{c} {m}" for c, m in EXIT_CODES))
    main.add_argument("--version", action="version", version=f"survey {__version__}")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check_ = commands.add_parser("check", help="validate the papers and the taxonomy",
                                 description="Validate every paper file and the taxonomy, or only the given "
                                             "files (still against the whole survey for duplicates); "
                                             "print every problem.")
    check_.add_argument("files", nargs="*", type=Path, metavar="PATH", help="paper files to check (default: all)")
    check_.add_argument("--format", choices=("text", "github"), default="text",
                        help="'github' prints annotations for GitHub Actions (default: text)")
    add_ = commands.add_parser(
        "add", help="write a new paper file from arXiv, Crossref or BibTeX",
        description="Write papers/<id>.yaml for a new paper, with its metadata read from arXiv (an arXiv id "
                    "or link), Crossref (a DOI or doi.org link), a BibTeX file, or a suggestion issue's body. "
                    "Facets not given are left empty, and the tldr as a placeholder, for `survey check` to "
                    "point at.")
    add_.add_argument("identifier", nargs="?", metavar="ID", help="arXiv id, DOI, or a link to either")
    add_.add_argument("--bibtex", type=Path, metavar="FILE", help="read the paper from a BibTeX entry, offline")
    add_.add_argument("--key", metavar="KEY", help="with --bibtex: the entry to read, if the file holds several "
                                                   "('#2' for the second, for an entry without a key)")
    add_.add_argument("--encoding", metavar="NAME", help="with --bibtex: the file's encoding, if it is not UTF-8 "
                                                         "and does not say (e.g. latin-1, cp1252)")
    add_.add_argument("--from-issue", type=Path, metavar="FILE",
                      help="read the identifier, facets and takeaway from a 'Suggest a paper' issue's body")
    add_.add_argument("--id", dest="paper_id", metavar="ID", help="the paper's id (default: from its title)")
    add_.add_argument("--tldr", metavar="TEXT", help="the one-sentence takeaway (default: a placeholder)")
    for facet in facets:
        add_.add_argument(f"--{facet}", metavar="VALUES", default="",
                          help=f"{facet} values, separated by commas, the main one first")
    commands.add_parser("generate", help="write the generated pages into docs/",
                        description="Write the generated pages into docs/ without building the site.")
    commands.add_parser("build", help="check, generate and build the site into site/",
                        description="Check, generate, then `mkdocs build --strict` into site/.")
    serve_ = commands.add_parser("serve", help="serve the site with live reload",
                                 description="Generate and serve the site on 127.0.0.1, regenerating on edits.")
    serve_.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                        help="address to serve on (default: 127.0.0.1:8000)")
    schema_ = commands.add_parser("schema", help="write the files derived from the schema and the taxonomy",
                                  description="Write papers/_schema.json, papers/_taxonomy.schema.json, "
                                              "papers/_template.yaml and the issue form "
                                              ".github/ISSUE_TEMPLATE/add-paper.yml from the schema in code "
                                              "and the taxonomy.")
    schema_.add_argument("--check", action="store_true", help="only check that the files are up to date")
    links_ = commands.add_parser("links", help="check the external links in the papers",
                                 description="Check every external link in the papers and report dead ones "
                                             "with their file and line (exit 1), or say so if the network "
                                             "is unavailable (exit 3).")
    links_.add_argument("--changed-since", metavar="GIT-REF",
                        help="only check links on lines added since this commit (for pull requests)")
    links_.add_argument("--format", choices=("text", "github"), default="text",
                        help="'github' prints annotations for GitHub Actions (default: text)")
    links_.add_argument("--no-cache", action="store_true", help="check every link, ignoring recent results")
    refresh_ = commands.add_parser(
        "refresh", help="fill in venues and DOIs of preprints; write citations within the survey and code and "
                        "record health",
        description="Ask arXiv and Crossref about every paper with an arXiv id and no venue or DOI, and fill "
                    "in the fields they can; never change or remove a value, nor touch titles, abstracts, "
                    "tldrs or facets. Write papers/_citations.yaml from Semantic Scholar and papers/_health.yaml "
                    "from GitHub and Crossref.")
    refresh_.add_argument("--dry-run", action="store_true", help="print the changes as a diff; write nothing")
    refresh_.add_argument("--report", type=Path, metavar="FILE",
                          help="also write the changes, with their sources, as Markdown (a pull request's body)")
    discover_ = commands.add_parser(
        "discover", help="propose papers that several survey papers cite, with facet suggestions",
        description="Ask Semantic Scholar for the references of every paper; write each paper that at least "
                    "[tool.survey.discovery] min-citing survey papers cite into papers/, as `survey add` does, "
                    "its facets marked as suggestions from its nearest survey papers.")
    discover_.add_argument("--report", type=Path, metavar="FILE",
                           help="also write the proposals as Markdown (the triage pull request's body)")
    return main


def run(args: argparse.Namespace) -> int:
    # Each command's module is imported when it runs: `survey check` in a pre-commit hook does
    # not pay for MkDocs, the search index or the network code.
    project = Project.find()
    if args.command == "check":
        from .commands import check

        return check.run(project, args.format, files=args.files or None)
    if args.command == "add":
        from .commands import add
        from .services import newpaper

        facets = {f: newpaper.facet_values(getattr(args, f.replace("-", "_"))) for f in _facets(project)}
        return add.run(project, args.identifier, {k: v for k, v in facets.items() if v}, bibtex=args.bibtex,
                       key=args.key, encoding=args.encoding, from_issue=args.from_issue, ident=args.paper_id,
                       tldr=args.tldr)
    if args.command == "generate":
        from .commands import generate

        return generate.run(project)
    if args.command == "build":
        from .commands import build

        return build.run(project)
    if args.command == "serve":
        from .commands import serve

        return serve.run(project, args.dev_addr)
    if args.command == "schema":
        from .commands import schema

        return schema.run(project, args.check)
    if args.command == "links":
        from .commands import links

        return links.run(project, args.changed_since, args.format, not args.no_cache)
    if args.command == "refresh":
        from .commands import refresh

        return refresh.run(project, args.dry_run, args.report)
    if args.command == "discover":
        from .commands import discover

        return discover.run(project, args.report)
    raise AssertionError(f"no command {args.command}")


def _facets(project: Project | None = None) -> tuple[str, ...]:
    """The facet ids of the survey in this folder, for `survey add`'s options; none if it cannot be read."""
    try:
        return read_taxonomy(project or Project.find()).ids
    except ProblemsFound:
        return ()


@contextlib.contextmanager
def _collecting_cycles(collect: bool) -> Iterator[None]:
    """Python's collector of reference cycles on or off while a command runs. A command that
    runs once and exits makes millions of objects that live to its end and almost no cycles,
    and the collector would go through all of them again and again: a fifth of `survey
    generate`'s time at 20,000 papers, for no memory back. `survey serve` runs for hours and
    keeps it."""
    enabled = gc.isenabled()
    if not collect:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser(_facets() if argv[:1] == ["add"] else ()).parse_args(argv)
    try:
        with _collecting_cycles(args.command == "serve"):
            return run(args)
    except ProblemsFound as found:
        report(found, getattr(args, "format", "text"))
        return INVALID
    except UsageError as error:
        print(f"survey {args.command}: {error}", file=sys.stderr)
        return USAGE
    except ServiceUnavailable as error:
        print(f"survey {args.command}: {error}", file=sys.stderr)
        return UNREACHABLE
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        print(Problem(error.filename or "survey", None, None, "", error.strerror or str(error),
                      "check the file's permissions and the free disk space"))
        return INVALID
    except Exception as error:  # noqa: BLE001 - the last line of defence against a traceback
        if os.environ.get("SURVEY_DEBUG"):
            raise
        print(f"survey: internal error: {type(error).__name__}: {error} "
              "(set SURVEY_DEBUG=1 to see where, and please report it)", file=sys.stderr)
        return BUG


if __name__ == "__main__":
    sys.exit(main())
