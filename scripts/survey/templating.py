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
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
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
    env.filters.update(filters or {})
    env.globals["front_matter"] = front_matter
    return env


def http_url(url: str) -> str:
    """The URL if it is an absolute http(s) URL, else '' — a second guard after validation."""
    return url if re.match(r"^https?://[^\s\"<>`\\]+$", url or "") else ""


def front_matter(**meta: Any) -> Markup:
    """YAML front matter for MkDocs. The theme prints `title` and `description` as HTML,
    so those two are HTML-escaped here; every other key is escaped by our own templates."""
    for key in ("title", "description"):
        if key in meta:
            meta[key] = html.escape(meta[key])
    # libyaml's emitter: the pure-Python one took most of the render time on large surveys.
    text = yaml.dump(meta, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1 << 20)
    return Markup(f"---\n{text}---\n")


def month_name(year_month: str) -> str:
    year, month = year_month.split("-")[:2]
    return f"{_MONTHS[int(month) - 1]} {year}"
