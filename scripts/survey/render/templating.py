"""The Jinja environment every page and file is rendered with: templates, filters, escaping.

Templates are files under templates/, escaped by default (except the plain-text formats).
A fork overrides any one of them by putting a file of the same name in one of its own
folders (docs/overrides/survey/), which are searched first; the package stays untouched.
This module imports nothing else of the survey: it sits at the bottom of the package.

Usage::

    env = templating.environment([Path("docs/overrides/survey")])
    env.get_template("paper.md.j2").render(paper=paper)
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"
_VERBATIM = (".bib.j2", ".csv.j2", ".yaml.j2", ".json.j2", ".txt.j2")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def environment(overrides: Iterable[Path] = (), filters: Mapping[str, Callable] | None = None) -> Environment:
    """An environment whose templates come from `overrides` first, then the package's,
    with the survey's own filters plus `filters`."""
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader([str(p) for p in overrides]),
                             FileSystemLoader(TEMPLATES)]),
        autoescape=lambda name: not (name or "").endswith(_VERBATIM),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["http_url"] = http_url
    env.filters["month_name"] = month_name
    env.filters["markdown_literal"] = markdown_literal
    env.filters["count_of"] = count_of
    env.filters["json_script"] = json_script
    env.filters["text"] = text
    env.filters.update(filters or {})
    env.globals["front_matter"] = front_matter
    return env


def json_script(value: Any) -> Markup:
    """JSON for a <script> element, escaped as Jinja's tojson escapes it, without the spaces
    after its separators, which no machine reads (it is on every paper's page)."""
    return htmlsafe_json_dumps(value, sort_keys=True, separators=(",", ":"))


def text(value: str) -> Markup:
    """`value` escaped for an element's content, where only &, < and > have a meaning: the
    quotes that autoescaping also writes as &#34; and &#39; are for attributes, and would make a
    code block of JSON half as long again."""
    return Markup(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def http_url(url: str) -> str:
    """The URL if it is an absolute http(s) URL, else '' — a second guard after validation."""
    return url if re.match(r"^https?://[^\s\"<>`\\]+$", url or "") else ""


HTML_PAGE = "<!-- survey:html -->"
"""Starts the body of a generated page: it is HTML, which the survey's MkDocs plugin passes
through without running Markdown over it (plain MkDocs reads it as raw HTML, to the same effect)."""
HEAD_END = "<!-- survey:body -->"
"""Ends what the page adds to the HTML <head> (citation tags, JSON-LD) and starts its body."""


class Deferred:
    """A generated page made when it is read, and not kept: `survey build` gives MkDocs the
    pages there are many of so (papers, facet values, authors), and each is rendered by the
    process that writes it (builder/mkdocs.py)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], str]):
        self.make = make

    def __str__(self) -> str:
        return self.make()


class OnDisk(Deferred):
    """A generated file written to `path` ahead of the build, which MkDocs copies from there."""

    __slots__ = ("path",)

    def __init__(self, path: Path):
        super().__init__(lambda: path.read_text(encoding="utf-8"))
        self.path = path

    def __reduce__(self) -> tuple:  # made in a forked process, handed back through a pipe
        return OnDisk, (self.path,)


def front_matter(head: str = "", **meta: Any) -> Markup:
    """The start of a generated page: YAML front matter for MkDocs, then the HTML for the page's
    <head>, if any. The theme prints `title` and `description` as HTML, so those two are
    HTML-escaped here; everything else is escaped by our own templates."""
    for key in ("title", "description"):
        if key in meta:
            meta[key] = html.escape(meta[key])
    # One key per line, each value as JSON, which YAML reads as it is: far faster than a YAML emitter.
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
    return Markup(f"---\n{lines}---\n{HTML_PAGE}\n{head}{HEAD_END}\n")


def markdown_literal(text: str) -> str:
    """Text shown literally in Markdown: no markup, links or table breaks."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~-])", r"\\\1", text.replace("\n", " "))


def count_of(n: int, thing: str) -> str:
    """'1 paper', '2 papers'."""
    return f"{n} {thing}{'' if n == 1 else 's'}"


def month_name(year_month: str) -> str:
    year, month = year_month.split("-")[:2]
    return f"{_MONTHS[int(month) - 1]} {year}"
