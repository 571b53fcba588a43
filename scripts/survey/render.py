"""Render the survey into page text: data in, strings out, no file system access.

Every page is a Jinja template under templates/, escaped by default. Pages are
Markdown files whose content is HTML blocks, so that no string from a paper file
is ever read as Markdown: a title like `*bold* [x](javascript:…)` stays literal.

Usage::

    pages = render.render_site(survey)    # {"papers/totalsegmentator.md": "---\\ntitle: …", …}
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import bibtex, charts, exports, load, metadata, schema
from .model import Survey

TEMPLATES = Path(__file__).parent / "templates"
_VERBATIM = (".bib.j2", ".csv.j2", ".yaml.j2", ".json.j2", ".txt.j2")


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=lambda name: not (name or "").endswith(_VERBATIM),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["http_url"] = http_url
    env.filters["month_name"] = month_name
    env.filters["short_authors"] = short_authors
    env.globals["front_matter"] = front_matter
    env.globals["survey_bibtex"] = bibtex.survey_entry
    env.globals["charts"] = charts
    return env


def render_template(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def render_site(survey: Survey) -> dict[str, str]:
    """Every generated file of the site, as {path relative to docs/: content}."""
    pages: dict[str, str] = {}

    def page(path: str, template: str, **context: Any) -> None:
        depth = path.count("/") + (0 if path.endswith("index.md") else 1)
        pages[path] = render_template(template, survey=survey, base="../" * depth, **context)

    entries = {paper.id: bibtex.entry(paper, survey.site) for paper in survey.papers}
    page("index.md", "home.md.j2")
    page("papers/index.md", "papers-index.md.j2")
    for paper in survey.papers:
        page(f"papers/{paper.id}.md", "paper.md.j2", paper=paper, bibtex=entries[paper.id],
             citation=metadata.citation_tags(paper, survey), jsonld=metadata.scholarly_article(paper, survey))
    for facet in survey.taxonomy.facets:
        page(f"{facet.id}/index.md", "facet-index.md.j2", facet=facet)
        for use in survey.used(facet.id):
            page(f"{facet.id}/{use.value.id}.md", "facet-value.md.j2", facet=facet, use=use)
    page("overview.md", "overview.md.j2")
    page("whats-new.md", "whats-new.md.j2")
    page("schema.md", "schema.md.j2", fields=schema.all_fields(survey.taxonomy), load=load)
    pages.update(exports.render_all(survey, entries))
    return pages


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


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def month_name(year_month: str) -> str:
    year, month = year_month.split("-")[:2]
    return f"{_MONTHS[int(month) - 1]} {year}"


def surname(author: str) -> str:
    """The family name of "Given Family", or of "Family G." as citations with initials write it."""
    parts = author.split()
    if len(parts) > 1 and re.fullmatch(r"[A-Z][A-Z.-]{0,4}", parts[-1]):
        return parts[0]
    return parts[-1]


def short_authors(authors: tuple[str, ...]) -> str:
    """'Wasserthal et al.', 'Huo and Sparks' or 'Huo': the author line of a table row."""
    named = [surname(a) for a in authors if a != schema.ET_AL]
    if len(authors) == 1 and named:
        return named[0]
    if len(authors) == 2 and len(named) == 2:
        return f"{named[0]} and {named[1]}"
    return f"{named[0]} et al." if named else ""
