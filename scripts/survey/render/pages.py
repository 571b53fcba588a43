"""The site assembler: every generated page and export of the survey, as text.

Data in, strings out, no file system access: write.py puts the result into docs/. Pages
are Markdown files whose content is HTML blocks, so that no string from a paper file is
ever read as Markdown: a title like `*bold* [x](javascript:…)` stays literal. A paper's
table row is rendered once for each folder depth and reused by every page that lists it.

Usage::

    pages = site.render_site(survey)    # {"papers/totalsegmentator.md": "---\\ntitle: …", …}
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from ..core import authors, background, names, schema
from ..core.fields import ET_AL
from ..core.model import MAP_SIZE, Paper, Survey, TextAnalysis
from ..read import load
from . import bibtex, charts, exports, metadata, templating

_RELATED_MARK = "<!-- survey:related:{} -->"

FIRST_ROWS = 30
"""Rows of the index written into its HTML: the first screen, and what a reader without
JavaScript sees (the facet pages list every paper); the rest come from papers/index.json."""


class RenderCache:
    """What `survey serve` keeps between renders, so a saved paper re-renders only its own page
    and its rows: every paper's page (before its related papers are put in), BibTeX entry and
    rows, kept with the paper they were made from and used again only for that very object
    (SurveyReader hands back the same object while a file is unchanged)."""

    def __init__(self) -> None:
        self.fragments: dict[tuple, tuple[Paper | tuple[Paper, ...], Markup]] = {}
        self.papers: dict[str, tuple[Paper, tuple, str, str]] = {}
        """Paper page path: (paper, its authors' links, BibTeX entry, page text with its related-papers marker)."""
        self.published: dict[str, tuple[str, tuple[Paper, ...], str]] = {}
        """Paper page path: (that text, the related papers, the page with them in)."""
        self.pages: dict[str, tuple[tuple, tuple[Paper, ...], str]] = {}
        """Other pages made from a few papers (an author's): (what else they show, those papers, the text)."""
        self.env: Environment | None = None
        self.context: tuple = ()

    def start(self, survey: Survey, overrides: tuple[Path, ...]) -> Environment:
        """Forget everything when what every page depends on changed (the taxonomy, the site,
        the templates); the Jinja environment, with its compiled templates, is kept otherwise."""
        templates = tuple(sorted((str(p), p.stat().st_mtime_ns) for folder in overrides if folder.is_dir()
                                 for p in folder.rglob("*") if p.is_file()))
        context = (id(survey.taxonomy), survey.taxonomy, survey.site, survey.citation, overrides, templates)
        if context != self.context or self.env is None:
            self.fragments.clear()
            self.papers.clear()
            self.published.clear()
            self.pages.clear()
            self.env = templating.environment(overrides, {"short_authors": names.short_authors})
            self.context = context
        return self.env


class _Pages:
    """Renders templates into a {path: text} mapping, giving each page its relative `base`."""

    def __init__(self, survey: Survey, env: Environment, cache: RenderCache):
        self.survey, self.env, self.cache = survey, env, cache
        self.files: dict[str, str] = {}
        self._macros = env.get_template("_macros.html.j2").module
        self.people = authors.collect(survey.papers, survey.name_variants)

    def author_links(self, paper: Paper) -> tuple[tuple[str, str], ...]:
        """A paper's author names with where each links to ("et al." links nowhere)."""
        return tuple((name, self.people[name].url if name != ET_AL else "") for name in paper.authors)

    def page(self, path: str, template: str, **context: Any) -> None:
        self.files[path] = self.render(path, template, **context)

    def page_of(self, papers: tuple[Paper, ...], shown: tuple, path: str, template: str, **context: Any) -> None:
        """A page that shows these papers and `shown` (plain values) and nothing else that can
        change: rendered again only when one of them did."""
        cached = self.cache.pages.get(path)
        if cached is None or cached[0] != shown or not _same(cached[1], papers):
            cached = self.cache.pages[path] = (shown, papers, self.render(path, template, **context))
        self.files[path] = cached[2]

    def render(self, path: str, template: str, **context: Any) -> str:
        base = "../" * (path.count("/") + (0 if path.endswith("index.md") else 1))
        return self.env.get_template(template).render(
            survey=self.survey, base=base, **context, related=lambda paper: Markup(_RELATED_MARK.format(paper.id)),
            rows=lambda papers: [self._fragment("paper_row", p, base) for p in papers],
            items=lambda papers, show_added=False: [self._fragment("paper_item", p, base, show_added)
                                                    for p in papers])

    def paper(self, path: str, paper: Paper) -> str:
        """A paper's page, with a marker where its related papers go; its BibTeX entry."""
        links = self.author_links(paper)
        cached = self.cache.papers.get(path)
        if cached is None or cached[0] is not paper or cached[1] != links:
            entry = bibtex.entry(paper, self.survey.site)
            text = self.render(path, "paper.md.j2", paper=paper, bibtex=entry, authors=links,
                               citation=metadata.citation_tags(paper, self.survey),
                               jsonld=metadata.scholarly_article(paper, self.survey))
            cached = self.cache.papers[path] = (paper, links, entry, text)
        return cached[2]

    def resolve_related(self, paths: dict[str, Paper]) -> None:
        """Each paper page as it is published: its related-papers section where its marker is."""
        for path, paper in paths.items():
            text, related = self.cache.papers[path][3], self.survey.related[paper.id]
            published = self.cache.published.get(path)
            if published is None or published[0] is not text or not _same(published[1], related):
                base = "../" * (path.count("/") + 1)
                section = self._macros.related_section([self._fragment("paper_item", p, base) for p in related])
                page = text.replace(_RELATED_MARK.format(paper.id), section)
                published = self.cache.published[path] = (text, related, page)
            self.files[path] = published[2]

    def author_entry(self, author: authors.Author, base: str) -> Markup:
        """An author's line on the authors' page, rendered again only when it would change."""
        key = ("author_entry", author.name, author.slug, base)
        cached = self.cache.fragments.get(key)
        if cached is None or not _same(cached[0], tuple(author.papers)):
            cached = self.cache.fragments[key] = (tuple(author.papers), self._macros.author_entry(author, base))
        return cached[1]

    def _fragment(self, macro: str, paper: Paper, base: str, *options: Any) -> Markup:
        """A paper's table row or list item, rendered once per folder depth however many pages show it."""
        if macro == "paper_row":
            first = next((name for name in paper.authors if name != ET_AL), None)
            options = (self.people[first].url if first else "", *options)
        key = (macro, paper.id, base, *options)
        cached = self.cache.fragments.get(key)
        if cached is None or cached[0] is not paper:
            arguments = (self.survey.taxonomy.facets,) if macro == "paper_row" else ()
            fragment = getattr(self._macros, macro)(paper, *arguments, base, *options)
            cached = self.cache.fragments[key] = (paper, fragment)
        return cached[1]


def _same(first: tuple, second: tuple) -> bool:
    return len(first) == len(second) and all(a is b for a, b in zip(first, second, strict=True))


def render_site(survey: Survey, overrides: Iterable[Path] = (), cache: RenderCache | None = None,
                parallel: bool = False) -> dict[str, str]:
    """Every generated file of the site, as {path relative to docs/: content}.
    Templates in `overrides` replace the package's templates of the same name. The text
    analysis, the map page it places and the exports of the papers' data need no other page:
    with `parallel`, a forked process makes them (background.py) while this one renders the
    pages, and the related papers go into the paper pages at the end. A `cache` kept between
    calls saves rendering again what did not change (`survey serve`)."""
    overrides = tuple(overrides)
    cache = cache or RenderCache()
    env = cache.start(survey, overrides)
    pages = _Pages(survey, env, cache)
    apart = background.fork(lambda: _analysis_and_data(survey, pages), enabled=parallel)
    paper_pages = {f"papers/{paper.id}.md": paper for paper in survey.papers}
    entries = {paper.id: pages.paper(path, paper) for path, paper in paper_pages.items()}
    pages.page("index.md", "home.md.j2", survey_bibtex=bibtex.survey_entry(survey.citation) if survey.citation else "")
    pages.page("papers/index.md", "papers-index.md.j2", first_rows=survey.papers[:FIRST_ROWS])
    for facet in survey.taxonomy.facets:
        pages.page(f"{facet.id}/index.md", "facet-index.md.j2", facet=facet)
        for use in survey.used(facet.id):
            pages.page(f"{facet.id}/{use.value.id}.md", "facet-value.md.j2", facet=facet, use=use)
    totals = survey.taxonomy.views.totals
    pages.page("overview.md", "overview.md.j2",
               per_year_chart=charts.stacked_by_year(survey.per_year) if survey.per_year else None,
               totals_charts=list(zip([survey.taxonomy.facet(f) for f in totals],
                                      charts.aligned_totals([survey.uses[f] for f in totals]), strict=True)))
    pages.page("whats-new.md", "whats-new.md.j2")
    _author_pages(survey, pages)
    pages.page("schema.md", "schema.md.j2", fields=schema.all_fields(survey.taxonomy),
               max_file_bytes=load.MAX_FILE_BYTES)
    files = pages.files
    files["papers.schema.json"] = exports.papers_json_schema(survey)
    files["papers.bib"] = exports.papers_bib(survey, entries)
    files["feed.xml"] = env.get_template("feed.xml.j2").render(survey=survey)
    # Browsers offer "search this site" from it; ShortName is at most 16 characters.
    short_name = survey.site.name if len(survey.site.name) <= 16 else survey.site.name[:15].rstrip() + "…"
    files["opensearch.xml"] = env.get_template("opensearch.xml.j2").render(survey=survey, short_name=short_name)
    analysis, data = apart()
    survey.use_text_analysis(analysis)
    files.update(data)
    pages.resolve_related(paper_pages)
    return files


def _analysis_and_data(survey: Survey, pages: _Pages) -> tuple[TextAnalysis, dict[str, str]]:
    """The text analysis (related papers, points on the map), the map page, and the exports
    made from the papers' data alone."""
    analysis = survey.text_analysis()
    survey.use_text_analysis(analysis)
    return analysis, {"map.md": _map_page(survey, pages), "papers.json": exports.papers_json(survey),
                      "papers.csv": exports.papers_csv(survey), "papers/index.json": exports.index_data(survey)}


def _author_pages(survey: Survey, pages: _Pages) -> None:
    """The authors' page, and a page for each author with authors.PAGE_FROM or more papers in the survey."""
    people = list(dict.fromkeys(pages.people.values()))  # each person once, variants folded in
    pages.page("authors/index.md", "authors-index.md.j2", people=people, page_from=authors.PAGE_FROM,
               groups=[(letter, [pages.author_entry(a, "../") for a in group])
                       for letter, group in itertools.groupby(people, key=lambda a: a.letter)])
    facet = survey.taxonomy.facet(survey.taxonomy.views.per_year or survey.taxonomy.facets[0].id)
    for author in people:
        if author.has_page:
            values = Counter(v for p in author.papers for v in p.facets[facet.id])
            coauthors = authors.coauthors(author, pages.people)
            shown = (author.name, tuple((other.name, other.url, n) for other, n in coauthors))
            pages.page_of(tuple(author.papers), shown, f"authors/{author.slug}.md", "author.md.j2", author=author,
                          facet=facet, coauthors=coauthors,
                          topics=[(facet.value(v), n) for v, n in sorted(values.items(), key=lambda i: (-i[1], i[0]))])


def _map_page(survey: Survey, pages: _Pages) -> str:
    """The map of the papers, coloured by each paper's main value of the per-year chart's facet
    (the first facet, if the taxonomy names none)."""
    facet = survey.taxonomy.facet(survey.taxonomy.views.per_year or survey.taxonomy.facets[0].id)
    colour = {v.id: n for n, v in enumerate(facet.values)}
    points = [(p, *survey.map_points[p.id], colour[p.facets[facet.id][0]] if p.facets[facet.id] else len(colour),
               p.facets[facet.id][0] if p.facets[facet.id] else "") for p in survey.papers]
    counts = {v.id: sum(1 for p in survey.papers if p.facets[facet.id][:1] == (v.id,)) for v in facet.values}
    return pages.render("map.md", "map.md.j2", facet=facet, points=points, counts=counts, size=int(MAP_SIZE))


def search_records(survey: Survey, pages: Iterable[tuple[str, str, str]] = (),
                   overrides: Iterable[Path] = ()) -> dict[str, str]:
    """The search entries, one small HTML file per paper, facet value and hand-written page,
    as {path of the page they stand for + "index.html": HTML}. Only these are indexed: no
    BibTeX, related-paper lists or navigation. `pages` are hand-written pages as (url, title, text)."""
    template = templating.environment(overrides).get_template("search-record.html.j2")
    records = {}
    for paper in survey.papers:
        detail = " · ".join(filter(None, [names.short_authors(paper.authors), str(paper.year), paper.venue]))
        records[paper.url + "index.html"] = template.render(title=paper.title, detail=detail, texts=[
            (", ".join(a for a in paper.authors if a != ET_AL), 4),
            (" ".join(filter(None, [paper.venue, paper.arxiv and f"arXiv:{paper.arxiv} {paper.arxiv}", paper.doi])), 3),
            (paper.tldr, 2), (paper.abstract, 0)])
    for facet in survey.taxonomy.facets:
        for use in survey.used(facet.id):
            count = f"{len(use.papers)} paper{'s' if len(use.papers) != 1 else ''}"
            records[use.url + "index.html"] = template.render(
                title=use.value.title, detail=f"{facet.singular} · {count}",
                texts=[(use.value.description, 2), (use.value.overview, 0)])
    for url, title, text in pages:
        records[url + "index.html"] = template.render(title=title, detail="Page", texts=[(text, 0)])
    return records
