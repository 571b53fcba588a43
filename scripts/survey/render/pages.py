"""Every generated page and export of the survey, as text.

Data in, strings out, no file system access: builder/write.py or the MkDocs plugin takes the
result. Pages are Markdown files whose content is HTML blocks, so that no string from a paper
file is ever read as Markdown: a title like `*bold* [x](javascript:…)` stays literal. A paper's
table row is rendered once for each folder depth and reused by every page that lists it.

The pages fall in three groups, so that a caller can make them on two cores
(builder/generate.py): `shared_pages` need only the papers; `data_files` are the exports of
the papers' data; `analysed_pages` need the text analysis (each paper's related papers, the map).

Usage::

    files = pages.render_site(survey, analysis.analyse(survey.papers))   # {"papers/x.md": "---\\n…", …}
"""

from __future__ import annotations

import functools
import itertools
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from markupsafe import Markup
from slugify import slugify

from ..core import authors, catalogue, maptiles, names, relations, schema
from ..core.analysis import MAP_SIZE, TextAnalysis
from ..core.fields import ET_AL
from ..core.model import Paper, Survey
from ..read.load import MAX_FILE_BYTES
from . import bibtex, charts, csl, exports, issueform, metadata, ris, templating
from .cache import AuthorEntry, AuthorPage, BibEntry, DatasetRow, ExportPiece, Frame, Item, PaperPage, RenderCache, Row
from .templating import Deferred

FIRST_ROWS = 30
"""Rows of the index written into its HTML: the first screen, and what a reader without
JavaScript sees (the facet pages list every paper); the rest come from papers/index.json."""
WHATS_NEW = 300
"""Papers "What's new" lists, newest first; the months before are named with their counts. A
survey that takes in a whole collection at once would otherwise list every paper there."""
MOST_CITED = 5
"""Papers ranked per facet value on the overview's "Most cited within the survey"."""
FACET_PAGE = 1000
"""Papers on one page of a facet value, at most (about 160 KB); the rest on its next pages,
<facet>/<value>/page/2/ and on, each linked from the others by plain links."""
DATASET_PAGE = 100
"""Datasets on one page of the catalogue, at most (about 100 KB: a phone lays out 500 such rows
for over 3 s, on Lighthouse's mid-range phone), newest first; the rest on
datasets/page/2/ and on. Its filters and sorting work on all of them, from datasets/rows.json."""
RESULTS_PAGE = 100
"""Results on one page of the results side by side, and of every result (results/all/), at most;
a group of more goes on over the next pages."""


class Pages:
    """Renders the survey's templates, each page with its relative `base`, reusing what `cache` holds.
    With `deferred`, the pages there are many of (papers, facet values, authors) are made only
    when read, and not kept (templating.Deferred)."""

    def __init__(self, survey: Survey, overrides: Iterable[Path] = (), cache: RenderCache | None = None,
                 deferred: bool = False):
        overrides = tuple(overrides)
        self.survey, self.cache, self.deferred = survey, cache or RenderCache(), deferred
        self.env = self.cache.start(Frame.of(survey, overrides), lambda: templating.environment(
            overrides, {"short_authors": names.short_authors, "display_name": names.display}))
        self.macros = self.env.get_template("_macros.html.j2").module
        self._standing: dict[str, tuple] = {}
        self.people = authors.collect(survey.papers, survey.name_variants)
        view = survey.taxonomy.views.datasets
        self.described = {"dataset_facets": [survey.taxonomy.facet(f) for f in view.facets],
                          "tasks": survey.taxonomy.facet(view.tasks) if view.tasks else None}
        """The facets that describe datasets and results, which every template may show."""
        if deferred:
            # What a paper's page looks up across the whole survey is found now, once. Found
            # where the deferred pages are made, it would be found again in each process that
            # writes a batch of them (builder/mkdocs.py): at 20,000 papers, 8 times over.
            _ = survey.by_id, survey.cited_by, survey.mentions

    def render(self, path: str, template: str, **context: Any) -> str:
        base = "../" * (path.count("/") + (0 if path.endswith("index.md") else 1))
        return self.env.get_template(template).render(
            survey=self.survey, base=base, **self.described, **context,
            rows=lambda papers: [self.row(p, base) for p in papers],
            items=lambda papers, show_added=False: [self.item(p, base, show_added) for p in papers])

    def later(self, make: Callable[[], str]) -> str | Deferred:
        """A page of a kind there are many of: made now, or when read if `deferred`."""
        return Deferred(make) if self.deferred else make()

    def row(self, paper: Paper, base: str) -> Markup:
        first = next((name for name in paper.authors if name != ET_AL), None)
        key = Row(paper, base, self.people[first].url if first else "", self.survey.health.badges(paper.id))
        return self.cache.get(key, lambda: self.macros.paper_row(paper, self.survey.taxonomy.facets, base,
                                                                 key.author_url, key.flags))

    def item(self, paper: Paper, base: str, show_added: bool = False) -> Markup:
        key = Item(paper, base, show_added, self.survey.health.badges(paper.id))
        return self.cache.get(key, lambda: self.macros.paper_item(paper, base, show_added, key.flags))

    def item_on_page(self, paper: Paper, takeaway: bool) -> Markup:
        """A paper in a list on a paper's page: related (with its takeaway), or citing, cited or
        mentioning (without: a "Cited by" list can be hundreds of papers long)."""
        key = Item(paper, "../../", False, self.survey.health.badges(paper.id), True, takeaway)
        return self.cache.get(key, lambda: self.macros.paper_item(paper, key.base, False, key.flags, True, takeaway))

    def bibtex(self, paper: Paper) -> str:
        return self.cache.get(BibEntry(paper, self.survey.site), lambda: bibtex.entry(paper, self.survey.site))

    def author_links(self, paper: Paper) -> tuple[tuple[str, str], ...]:
        """A paper's author names with where each links to ("et al." links nowhere)."""
        return tuple((self.people[name].name, self.people[name].url) if name != ET_AL else (ET_AL, "")
                     for name in paper.authors)

    def standing(self, paper: Paper) -> tuple:
        """How the paper stands in the survey: the papers it cites and that cite it, the papers
        whose abstracts name it, and its health, as (Paper, …) and relations values."""
        if paper.id not in self._standing:
            self._standing[paper.id] = self._stand(paper)
        return self._standing[paper.id]

    def _stand(self, paper: Paper) -> tuple:
        survey, by_id = self.survey, self.survey.by_id
        return (tuple(by_id[i] for i in survey.citations.cites.get(paper.id, ())),
                tuple(by_id[i] for i in survey.cited_by.get(paper.id, ())),
                tuple((by_id[m.paper], m.name) for m in survey.mentions.get(paper.id, ())),
                survey.health.badges(paper.id), survey.health.updates.get(paper.id, ()),
                survey.health.code.get(paper.id, ""))

    def paper(self, paper: Paper, related: tuple[Paper, ...]) -> str | Deferred:
        """The paper's page: kept in the render cache, or made when read if `deferred`."""
        if self.deferred:
            return Deferred(lambda: self._paper(paper, related, self._stand(paper)))
        standing = self.standing(paper)
        cites, cited_by, mentioned = standing[:3]
        listed = (*related, *cites, *cited_by, *(other for other, _ in mentioned))
        key = PaperPage(paper, self.author_links(paper), related, standing,
                        tuple(self.survey.health.badges(p.id) for p in listed))
        return self.cache.get(key, lambda: self._paper(paper, related, standing))

    def _paper(self, paper: Paper, related: tuple[Paper, ...], standing: tuple) -> str:
        cites, cited_by, mentioned, flags, updates, code = standing
        return self.render(
            f"papers/{paper.id}.md", "paper.md.j2", paper=paper, bibtex=self.bibtex(paper),
            authors=self.author_links(paper),
            cites=[self.item_on_page(p, False) for p in cites],
            cited_by=[self.item_on_page(p, False) for p in cited_by],
            mentioned=mentioned, flags=flags, updates=updates,
            code_state=code, retrieved=(self.survey.citations.retrieved, self.survey.health.retrieved),
            # Without the abstract, which the page shows: papers.ris and papers.csl.json have it.
            ris=ris.record(paper, self.survey, abstract=False).replace("\r\n", "\n"),
            csl=json.dumps([csl.item(paper, self.survey, abstract=False)], ensure_ascii=False),
            related=[self.item_on_page(p, True) for p in related],
            correction=self.survey.site.issue_form_url(issueform.CORRECTION_FORM, f"Correct paper: {paper.id}",
                                                       **dict(zip(issueform.CORRECTION_PREFILLED,
                                                                  (paper.id, paper.source), strict=True))),
            citation=metadata.citation_tags(paper, self.survey), jsonld=metadata.scholarly_article(paper, self.survey))

    def author_entry(self, author: authors.Author) -> Markup:
        key = AuthorEntry(author.name, author.slug, tuple(author.papers),
                          tuple(self.survey.health.badges(p.id) for p in author.papers))
        return self.cache.get(key, lambda: self.macros.author_entry(author, "../../../", key.flags))

    def author_page(self, author: authors.Author, facet: Any) -> str | Deferred:
        """The author's own page: kept in the render cache, or made when read if `deferred`."""
        if self.deferred:
            return Deferred(lambda: self._author_page(author, facet, authors.coauthors(author, self.people)))
        coauthors = authors.coauthors(author, self.people)
        key = AuthorPage(author.name, tuple(author.papers), tuple((o.name, o.url, n) for o, n in coauthors))
        return self.cache.get(key, lambda: self._author_page(author, facet, coauthors))

    def _author_page(self, author: authors.Author, facet: Any, coauthors: list) -> str:
        values = Counter(v for p in author.papers for v in p.facets[facet.id])
        return self.render(
            f"authors/{author.slug}.md", "author.md.j2", author=author, facet=facet, coauthors=coauthors,
            topics=[(facet.value(v), n) for v, n in sorted(values.items(), key=lambda i: (-i[1], i[0]))])


def shared_pages(pages: Pages) -> dict[str, str | Deferred]:
    """The pages that need only the papers: home, index, facets, overview, what's new, authors,
    the schema page, the feeds (the survey's and each facet value's), OpenSearch, and papers.bib."""
    survey = pages.survey
    files = {
        "index.md": pages.render("index.md", "home.md.j2",
                                 survey_bibtex=bibtex.survey_entry(survey.citation) if survey.citation else ""),
        "papers/index.md": pages.render("papers/index.md", "papers-index.md.j2",
                                        first_rows=survey.papers[:FIRST_ROWS]),
    }
    feed = pages.env.get_template("feed.xml.j2")
    for facet in survey.taxonomy.facets:
        files[f"{facet.id}/index.md"] = pages.render(f"{facet.id}/index.md", "facet-index.md.j2", facet=facet)
        for use in survey.used(facet.id):
            parts = [use.papers[i:i + FACET_PAGE] for i in range(0, len(use.papers), FACET_PAGE)]
            for number, papers in enumerate(parts, start=1):
                path = f"{facet.id}/{use.value.id}.md" if number == 1 else f"{use.page_url(number)}index.md"
                files[path] = pages.later(functools.partial(
                    pages.render, path, "facet-value.md.j2", facet=facet, use=use, papers=papers, number=number,
                    pages=len(parts), first=(number - 1) * FACET_PAGE + 1))
            files[use.feed_url] = feed.render(survey=survey, use=use)
    totals = survey.taxonomy.views.totals
    cited_facet = survey.taxonomy.facet(survey.taxonomy.views.per_year or survey.taxonomy.facets[0].id)
    files["overview.md"] = pages.render(
        "overview.md", "overview.md.j2", cited_facet=cited_facet,
        most_cited=relations.most_cited(survey.papers, cited_facet, survey.cited_by, MOST_CITED),
        per_year_chart=charts.stacked_by_year(survey.per_year) if survey.per_year else None,
        totals_charts=list(zip([survey.taxonomy.facet(f) for f in totals],
                               charts.aligned_totals([survey.uses[f] for f in totals]), strict=True)))
    files["whats-new.md"] = pages.render("whats-new.md", "whats-new.md.j2",
                                         **recent_months(survey.added_by_month, WHATS_NEW))
    files.update(_author_pages(pages))
    files.update(_datasets_pages(pages))
    files.update(_results_pages(pages))
    files["list/index.md"] = pages.render("list/index.md", "list.md.j2")
    files["compare/index.md"] = pages.render("compare/index.md", "compare.md.j2")
    files["schema.md"] = pages.render("schema.md", "schema.md.j2", fields=schema.all_fields(survey.taxonomy),
                                      max_file_bytes=MAX_FILE_BYTES)
    files["papers.schema.json"] = exports.papers_json_schema(survey)
    files["papers.bib"] = exports.papers_bib(survey, {p.id: pages.bibtex(p) for p in survey.papers})
    files["feed.xml"] = feed.render(survey=survey, use=None)
    # Browsers offer "search this site" from it; ShortName is at most 16 characters.
    short_name = survey.site.name if len(survey.site.name) <= 16 else survey.site.name[:15].rstrip() + "…"
    files["opensearch.xml"] = pages.env.get_template("opensearch.xml.j2").render(survey=survey, short_name=short_name)
    return files


def recent_months(months: list[tuple[str, list[Paper]]], limit: int) -> dict[str, list]:
    """The newest `limit` papers of `months` ((month, papers), newest first) as `recent`, each
    month with its papers shown and its count; the months after them as `earlier`, (month, count)."""
    recent, earlier, left = [], [], limit
    for month, papers in months:
        if left > 0:
            recent.append((month, papers[:left], len(papers)))
        else:
            earlier.append((month, len(papers)))
        left -= len(papers)
    return {"recent": recent, "earlier": earlier}


def data_files(pages: Pages, cached: bool = True) -> dict[str, str]:
    """The exports made from the papers' data alone; each paper's part of them kept in the render
    cache when `cached` (not in a forked process, whose cache is thrown away)."""
    return dict(each_data_file(pages, cached))


def each_data_file(pages: Pages, cached: bool = True) -> Iterator[tuple[str, str]]:
    """data_files one at a time, each made only when the one before is let go: at 100,000 papers
    they are hundreds of megabytes each."""
    survey = pages.survey

    def memo(export: str, paper: Paper, make: Callable[[], str]) -> str:
        return pages.cache.get(ExportPiece(export, paper, pages.standing(paper)), make) if cached else make()

    yield "papers.json", exports.papers_json(survey, memo)
    yield "papers.csv", exports.papers_csv(survey, memo)
    yield "papers.ris", exports.papers_ris(survey, memo)
    yield "papers.csl.json", exports.papers_csl(survey, memo)
    yield "datasets.json", exports.datasets_json(survey)
    yield "papers/index.json", exports.index_data(survey, memo)


def analysed_pages(pages: Pages, analysis: TextAnalysis) -> dict[str, str | Deferred]:
    """Every paper's page, with its related papers, and the map of the papers."""
    by_id = pages.survey.by_id
    files: dict[str, str | Deferred] = {
        f"papers/{p.id}.md": pages.paper(p, tuple(by_id[o] for o in analysis.related.get(p.id, ())))
        for p in pages.survey.papers}
    edges = _map_edges(pages.survey, analysis)
    files.update(_map_files(pages, analysis, len(edges)))
    if edges:
        files["map/citations.json"] = map_citations(edges)
    return files


def render_site(survey: Survey, analysis: TextAnalysis, overrides: Iterable[Path] = (),
                cache: RenderCache | None = None) -> dict[str, str]:
    """Every generated file of the site, as {path relative to docs/: content}, in this process.
    Templates in `overrides` replace the package's templates of the same name."""
    pages = Pages(survey, overrides, cache)
    files = {**shared_pages(pages), **data_files(pages), **analysed_pages(pages, analysis)}
    pages.cache.finish()
    return files


def _author_pages(pages: Pages) -> dict[str, str | Deferred]:
    """The authors' page (each letter, with its count), a page of the list for each letter or
    start of a name (authors.listings), and a page for each author with authors.PAGE_FROM or
    more papers in the survey."""
    survey = pages.survey
    people = list(dict.fromkeys(pages.people.values()))  # each person once, variants folded in
    lists = list(dict.fromkeys(a.listing for a in people if a.listing is not None))  # as collect made them
    letters = [(letter, list(group)) for letter, group in itertools.groupby(lists, key=lambda listing: listing.letter)]

    def listed(listing: authors.Listing) -> str:
        return pages.render(f"{listing.url}index.md", "authors-list.md.j2", listing=listing, letters=letters,
                            entries=[pages.author_entry(a) for a in listing.authors])

    files = {"authors/index.md": pages.render(
        "authors/index.md", "authors-index.md.j2", people=people, page_from=authors.PAGE_FROM, letters=letters)}
    for listing in lists:
        files[f"{listing.url}index.md"] = pages.later(functools.partial(listed, listing))
    facet = survey.taxonomy.facet(survey.taxonomy.views.per_year or survey.taxonomy.facets[0].id)
    for author in people:
        if author.has_page:
            files[f"authors/{author.slug}.md"] = pages.author_page(author, facet)
    return files


def _datasets_pages(pages: Pages) -> dict[str, str]:
    """The catalogue of every dataset, newest first, DATASET_PAGE a page, with what its filters
    count; and datasets/rows.json, from which its script filters and sorts all of them."""
    survey = pages.survey
    entries = sorted(catalogue.datasets(survey), key=lambda e: -e.paper.year)  # stable: the survey's order
    facets, tasks = pages.described["dataset_facets"], pages.described["tasks"]
    columns = [(f.id, f.title, f) for f in facets] + ([("tasks", "Tasks", tasks)] if tasks else [])
    counts: dict[str, Counter] = {key: Counter(v for e in entries for v in e.dataset.get(key, ()))
                                  for key, _, _ in columns}
    counts["released"] = Counter(_released(e.dataset) for e in entries)
    counts["licence_unstated"] = sum(1 for e in entries if not e.dataset.get("licence"))  # type: ignore[assignment]
    licences = sorted(Counter(e.dataset["licence"] for e in entries if e.dataset.get("licence")).items())

    def row(entry: catalogue.DatasetEntry, base: str) -> Markup:
        flags = survey.health.badges(entry.paper.id)
        return pages.cache.get(DatasetRow(entry.paper, entry.index, flags, base), lambda: pages.macros.dataset_row(
            entry, facets, tasks, base, flags))

    parts = [entries[i:i + DATASET_PAGE] for i in range(0, len(entries), DATASET_PAGE)] or [[]]
    files = {}
    for number, part in enumerate(parts, start=1):
        path = f"{catalogue.datasets_url(number)}index.md"
        files[path] = pages.render(path, "datasets.md.j2", entries=part, total=len(entries), filters=columns,
                                   counts=counts, licences=licences, row=row, number=number, pages=len(parts),
                                   first=(number - 1) * DATASET_PAGE + 1, page_url=catalogue.datasets_url)
    files["datasets/rows.json"] = _dataset_rows(survey, entries, columns)
    return files


def _released(dataset: dict[str, Any]) -> str:
    return {True: "yes", False: "no"}.get(dataset.get("released"), "unstated")


DATASET_FIELDS = ("id", "paper_url", "paper_title", "year", "name", "released", "size", "size_number",
                  "annotations", "licence", "access", "flags", "values")


def _dataset_rows(survey: Survey, entries: list[catalogue.DatasetEntry], columns: list[tuple[str, str, Any]]) -> str:
    """What the datasets page's script renders its rows from, as dataset_row() writes them: one
    compact row per dataset (fields in DATASET_FIELDS order), newest first, and the columns'
    value titles. `values` holds each column's value ids, in the columns' order."""
    rows = [json.dumps([e.anchor, e.paper.url, e.paper.title, e.paper.year, e.dataset["name"], _released(e.dataset),
                        e.dataset.get("size", ""), e.size, e.dataset.get("annotations", ""),
                        e.dataset.get("licence", ""), templating.http_url(e.dataset.get("access", "")),
                        survey.health.badges(e.paper.id), [list(e.dataset.get(key, ())) for key, _, _ in columns]],
                       ensure_ascii=False, separators=(",", ":")) for e in entries]
    head = json.dumps({"fields": DATASET_FIELDS, "columns": [
        {"key": key, "title": title, "folder": facet.id, "values": {v.id: v.title for v in facet.values}}
        for key, title, facet in columns]}, ensure_ascii=False, separators=(",", ":"))
    return head[:-1] + ',"rows":[\n' + ",\n".join(rows) + "\n]}\n"


def _results_pages(pages: Pages) -> dict[str, str]:
    """Results side by side where papers share a task, dataset and metric (results/), then every
    result (results/all/), each RESULTS_PAGE results a page at most."""
    survey = pages.survey
    groups = catalogue.compared_results(survey)
    reported = sorted((catalogue.Reported(p, r) for p in survey.papers for r in p.value(schema.RESULTS)),
                      key=lambda item: (item.result["dataset"].casefold(), item.result["metric"].casefold()))
    ids = [f"{slugify(g.dataset)}-{slugify(g.metric)}-{slugify(g.task)}".strip("-") for g in groups]
    compared: list[list] = [[]]  # each page's (group, its anchor or "" where it goes on, its results there)
    for group, group_id in zip(groups, ids, strict=True):
        for start in range(0, len(group.results), RESULTS_PAGE):
            piece = group.results[start:start + RESULTS_PAGE]
            if compared[-1] and sum(len(shown) for _, _, shown in compared[-1]) + len(piece) > RESULTS_PAGE:
                compared.append([])
            compared[-1].append((group, "" if start else group_id, piece))
    every = [reported[i:i + RESULTS_PAGE] for i in range(0, len(reported), RESULTS_PAGE)] or [[]]
    common = {"total": len(reported), "papers": len({item.paper.id for item in reported})}
    files = {}
    for view, parts, url in (("compared", compared, catalogue.compared_url), ("every", every, catalogue.reported_url)):
        for number, part in enumerate(parts, start=1):
            path = f"{url(number)}index.md"
            files[path] = pages.render(path, "results.md.j2", view=view, part=part, number=number, pages=len(parts),
                                       page_url=url, part_size=RESULTS_PAGE, **common)
    return files


def _map_files(pages: Pages, analysis: TextAnalysis, citations: int) -> dict[str, str]:
    """The map of the papers, coloured by each paper's main value of the per-year chart's facet
    (the first facet, if the taxonomy names none). A survey of more than maptiles.INLINE papers
    gets an overview in the page, and its points in map/tiles/ and their places in map/find/."""
    survey = pages.survey
    facet = survey.taxonomy.facet(survey.taxonomy.views.per_year or survey.taxonomy.facets[0].id)
    colour = {v.id: n for n, v in enumerate(facet.values)}
    points = [(p, *analysis.points[p.id], colour[p.facets[facet.id][0]] if p.facets[facet.id] else len(colour),
               p.facets[facet.id][0] if p.facets[facet.id] else "") for p in survey.papers]
    counts = {v.id: sum(1 for p in survey.papers if p.facets[facet.id][:1] == (v.id,)) for v in facet.values}
    page = {"facet": facet, "counts": counts, "size": int(MAP_SIZE), "citations": citations, "total": len(points)}
    if len(points) <= maptiles.INLINE:
        return {"map.md": pages.render("map.md", "map.md.j2", points=points, cells=(), tiles=0, **page)}
    tiles = maptiles.tiles(points, MAP_SIZE)
    side = maptiles.per_side(len(points))
    values = [v.id for v in facet.values] + [""]
    cells = maptiles.overview(points, MAP_SIZE)
    most = max(cell.papers for cell in cells)
    areas = [(column, row, len(part)) for (column, row), part in tiles.items()]
    files = {"map.md": pages.render("map.md", "map.md.j2", points=(), cells=cells, most=most, tiles=side,
                                    tile=MAP_SIZE / side, areas=areas, values=values, **page)}
    compact = {"separators": (",", ":"), "ensure_ascii": False}
    for (column, row), part in tiles.items():
        files[f"map/tiles/{column}-{row}.json"] = json.dumps(
            {"points": [[p.id, p.url, p.title, x, y, c] for p, x, y, c, _ in part]}, **compact) + "\n"
    places: dict[int, dict[str, tuple[float, float]]] = {}
    for p, x, y, _, _ in points:
        places.setdefault(maptiles.bucket(p.id, side * side), {})[p.id] = (x, y)
    for number, found in sorted(places.items()):
        files[f"map/find/{number}.json"] = json.dumps(dict(sorted(found.items())), **compact) + "\n"
    return files


def _map_edges(survey: Survey, analysis: TextAnalysis) -> list[tuple[float, float, float, float]]:
    """The citations between mapped papers, as lines from the citing paper's point to the cited one's."""
    at = analysis.points
    return [(*at[citing], *at[cited]) for citing in sorted(survey.citations.cites)
            for cited in survey.citations.cites[citing] if citing in at and cited in at]


def map_citations(edges: list[tuple[float, float, float, float]]) -> str:
    """The map's citation lines as one SVG path, which the map page loads only when a reader
    asks to see them: as <line>s in the page they were half of its bytes (4 lines a paper)."""
    path = "".join(f"M{x1} {y1}L{x2} {y2}" for x1, y1, x2, y2 in edges)
    return json.dumps({"citations": len(edges), "d": path}) + "\n"
