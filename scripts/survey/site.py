"""The site assembler: every generated page and export of the survey, as text.

Data in, strings out, no file system access: write.py puts the result into docs/. Pages
are Markdown files whose content is HTML blocks, so that no string from a paper file is
ever read as Markdown: a title like `*bold* [x](javascript:…)` stays literal. A paper's
table row is rendered once for each folder depth and reused by every page that lists it.

Usage::

    pages = site.render_site(survey)    # {"papers/totalsegmentator.md": "---\\ntitle: …", …}
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from . import bibtex, charts, exports, load, metadata, names, schema, templating
from .model import Paper, Survey


class _Pages:
    """Renders templates into a {path: text} mapping, giving each page its relative `base`."""

    def __init__(self, survey: Survey, env: Environment):
        self.survey, self.env = survey, env
        self.files: dict[str, str] = {}
        self._rows: dict[str, dict[str, Markup]] = {}
        self._macros = env.get_template("_macros.html.j2").module

    def page(self, path: str, template: str, **context: Any) -> None:
        depth = path.count("/") + (0 if path.endswith("index.md") else 1)
        self.files[path] = self.env.get_template(template).render(
            survey=self.survey, base="../" * depth, rows=lambda papers: self.rows(papers, "../" * depth), **context)

    def rows(self, papers: Iterable[Paper], base: str) -> list[Markup]:
        """The table rows of these papers, each rendered once per `base` however many pages list it."""
        cache = self._rows.setdefault(base, {})
        facets = self.survey.taxonomy.facets
        return [cache.get(p.id) or cache.setdefault(p.id, self._macros.paper_row(p, facets, base)) for p in papers]


def render_site(survey: Survey, overrides: Iterable[Path] = ()) -> dict[str, str]:
    """Every generated file of the site, as {path relative to docs/: content}.
    Templates in `overrides` replace the package's templates of the same name."""
    env = templating.environment(overrides, {"short_authors": names.short_authors})
    pages = _Pages(survey, env)
    entries = {paper.id: bibtex.entry(paper, survey.site) for paper in survey.papers}
    pages.page("index.md", "home.md.j2", survey_bibtex=bibtex.survey_entry(survey.citation) if survey.citation else "")
    pages.page("papers/index.md", "papers-index.md.j2")
    for paper in survey.papers:
        pages.page(f"papers/{paper.id}.md", "paper.md.j2", paper=paper, bibtex=entries[paper.id],
                   citation=metadata.citation_tags(paper, survey), jsonld=metadata.scholarly_article(paper, survey))
    for facet in survey.taxonomy.facets:
        pages.page(f"{facet.id}/index.md", "facet-index.md.j2", facet=facet)
        for use in survey.used(facet.id):
            pages.page(f"{facet.id}/{use.value.id}.md", "facet-value.md.j2", facet=facet, use=use)
    pages.page("overview.md", "overview.md.j2",
               per_year_chart=charts.stacked_by_year(survey.per_year) if survey.per_year else None,
               totals_charts=[(survey.taxonomy.facet(f), charts.horizontal_totals(survey.uses[f]))
                              for f in survey.taxonomy.views.totals])
    pages.page("whats-new.md", "whats-new.md.j2")
    pages.page("schema.md", "schema.md.j2", fields=schema.all_fields(survey.taxonomy),
               max_file_bytes=load.MAX_FILE_BYTES)
    files = pages.files
    files["papers.json"] = exports.papers_json(survey)
    files["papers.schema.json"] = exports.papers_json_schema(survey)
    files["papers.bib"] = exports.papers_bib(survey, entries)
    files["papers.csv"] = exports.papers_csv(survey)
    files["feed.xml"] = env.get_template("feed.xml.j2").render(survey=survey)
    return files
