"""The ways of exploring the field beyond the index, in a real Chromium against the built site:
the map of the papers, the authors' pages, the coverage map's axes, exporting a selection,
OpenSearch and the search dialog's keyboard."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

import corpus
from browsing import matching_papers, most_used, serious_accessibility_violations, visible_rows, with_arxiv
from conftest import new_project, serve
from survey.commands import build
from survey.core import authors, maptiles
from survey.core.model import Survey
from survey.read.project import Project
from survey.read.reader import read_survey

pytestmark = pytest.mark.browser


def _people(survey: Survey) -> list[authors.Author]:
    return list(dict.fromkeys(authors.collect(survey.papers, survey.name_variants).values()))


def _colour_facet(survey: Survey) -> str:
    return survey.taxonomy.views.per_year or survey.taxonomy.facets[0].id


# --- The map ----------------------------------------------------------------------------------

def test_the_map_has_one_point_per_paper_linking_to_its_page(page: Page, site_url: str,
                                                             built_survey: Survey) -> None:
    page.goto(site_url + "map/")
    points = page.eval_on_selector_all("#survey-map a", "links => links.map(a => [a.id, a.getAttribute('href')])")
    assert sorted(map(tuple, points)) == sorted((f"p-{p.id}", f"../{p.url}") for p in built_survey.papers)
    paper = with_arxiv(built_survey)
    # By keyboard, as the map promises: a point may lie under another, but every one is a link.
    page.locator(f"#p-{paper.id}").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + paper.url)
    expect(page.locator("article h1")).to_have_text(paper.title)


def test_the_map_legend_shows_only_the_chosen_papers_and_keeps_them_in_the_url(
        page: Page, site_url: str, built_survey: Survey) -> None:
    facet = _colour_facet(built_survey)
    mains: dict[str, list[str]] = {}
    for paper in built_survey.papers:
        if paper.facets[facet]:
            mains.setdefault(paper.facets[facet][0], []).append(f"p-{paper.id}")
    chosen = sorted(mains, key=lambda v: (-len(mains[v]), v))[:2]
    page.goto(site_url + "map/")
    for value in chosen:
        page.locator(f'#survey-map-legend input[value="{value}"]').check()
    expect(page).to_have_url(f"{site_url}map/?{facet}={','.join(chosen)}")
    wanted = sorted(point for value in chosen for point in mains[value])
    total = len(built_survey.papers)
    expect(page.locator("#survey-map-count")).to_have_text(f"{len(wanted)} of {total} papers")
    shown = page.eval_on_selector_all("#survey-map a:not(.survey-map-hidden)", "links => links.map(a => a.id)")
    assert sorted(shown) == wanted
    page.reload()  # the choice is part of the address
    expect(page.locator("#survey-map-count")).to_have_text(f"{len(wanted)} of {total} papers")
    # Hidden points are out of the keyboard's way.
    hidden = page.locator("#survey-map a.survey-map-hidden").first
    if hidden.count():
        assert hidden.get_attribute("tabindex") == "-1"


def test_see_it_on_the_map_finds_the_paper_and_zooms_in(page: Page, site_url: str, built_survey: Survey) -> None:
    paper = with_arxiv(built_survey)
    page.goto(site_url + paper.url)
    page.get_by_role("link", name="See it on the map").click()
    expect(page).to_have_url(f"{site_url}map/?paper={paper.id}")
    point = page.locator(f"#p-{paper.id}")
    expect(point).to_have_class(re.compile(r"\bsurvey-map-found\b"))
    expect(point).to_be_focused()
    width = float(page.locator("#survey-map").get_attribute("viewBox").split()[2])
    page.keyboard.press("-")
    expect(page.locator("#survey-map")).not_to_have_attribute("viewBox", re.compile(rf" {width:.1f} "))
    assert float(page.locator("#survey-map").get_attribute("viewBox").split()[2]) == pytest.approx(width * 2)
    page.get_by_role("button", name="Show all").click()
    size = page.locator("#survey-map rect").get_attribute("width")
    expect(page.locator("#survey-map")).to_have_attribute("viewBox", f"0.0 0.0 {float(size):.1f} {float(size):.1f}")


@pytest.fixture(scope="module")
def tiled_map(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Survey]]:
    """The survey's papers with the map in tiles, as a survey of thousands has it: an overview
    from 20 papers on, and about 10 papers a tile."""
    project: Project = new_project(tmp_path_factory.mktemp("tiled-map") / "survey", survey="repo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(maptiles, "INLINE", 20)
        patch.setattr(maptiles, "PER_TILE", 10)
        assert build.run(project, out=io.StringIO()) == 0
    with serve(project.site_dir) as url:
        yield url, read_survey(project)


def _map_points(page: Page) -> list[str]:
    return page.eval_on_selector_all("#survey-map .survey-map-points a", "links => links.map(a => a.id)")


def test_a_large_map_starts_as_an_overview_and_loads_the_papers_of_the_part_zoomed_into(
        page: Page, tiled_map: tuple[str, Survey]) -> None:
    url, survey = tiled_map
    page.goto(url + "map/")
    overview = page.locator("#survey-map .survey-map-overview circle")
    expect(overview.first).to_be_visible()
    counted = page.eval_on_selector_all("#survey-map .survey-map-overview circle", "cells => cells.map(c => "
                                        "c.dataset.c.split(' ').reduce((n, p) => n + Number(p.split(':')[1]), 0))")
    assert sum(counted) == len(survey.papers) and len(counted) > 1
    assert _map_points(page) == []  # no paper's point until the reader zooms in
    areas = page.locator("#survey-map .survey-map-areas a")
    labels = areas.evaluate_all("links => links.map(a => a.getAttribute('aria-label'))")
    assert sum(int(re.search(r": (\d+) paper", label).group(1)) for label in labels) == len(survey.papers)
    # By keyboard: an area is a link; Enter zooms in to it and moves to its first paper.
    areas.first.focus()
    page.keyboard.press("Enter")
    first = page.locator("#survey-map .survey-map-points a").first
    expect(first).to_be_focused()
    shown = _map_points(page)
    assert 0 < len(shown) < len(survey.papers)
    by_id = survey.by_id
    href = first.get_attribute("href")
    assert href == "../" + by_id[shown[0].removeprefix("p-")].url
    expect(overview.first).to_be_hidden()
    page.keyboard.press("Enter")
    expect(page.locator("article h1")).to_have_text(by_id[shown[0].removeprefix("p-")].title)
    page.go_back()
    # Zoomed out, the overview is back; zoomed in anywhere, each paper is found once.
    page.get_by_role("button", name="Show all").click()
    expect(overview.first).to_be_visible()
    for area in range(areas.count()):
        page.get_by_role("button", name="Show all").click()
        areas.nth(area).click()
        expect(overview.first).to_be_hidden()
    expect(page.locator("#survey-map .survey-map-points a")).to_have_count(len(survey.papers))
    assert sorted(_map_points(page)) == sorted(f"p-{p.id}" for p in survey.papers)


def test_a_large_map_filters_its_overview_and_finds_a_paper_by_its_id(page: Page,
                                                                       tiled_map: tuple[str, Survey]) -> None:
    url, survey = tiled_map
    facet = _colour_facet(survey)
    values = [v for p in survey.papers for v in p.facets[facet][:1]]
    value = max(sorted(set(values)), key=values.count)  # the commonest main value
    main = [p for p in survey.papers if p.facets[facet][:1] == (value,)]
    page.goto(url + f"map/?{facet}={value}")
    expect(page.locator("#survey-map-count")).to_have_text(f"{len(main)} of {len(survey.papers)} papers")
    paper = main[-1]
    page.goto(url + f"map/?paper={paper.id}")
    point = page.locator(f"#p-{paper.id}")
    expect(point).to_have_class(re.compile(r"\bsurvey-map-found\b"))
    expect(point).to_be_focused()
    assert page.locator("#survey-map").evaluate("svg => svg.classList.contains('survey-map-detailed')")


def test_without_javascript_a_large_map_shows_where_the_papers_are(browser, tiled_map: tuple[str, Survey]) -> None:
    url, survey = tiled_map
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "map/")
    expect(page.locator("#survey-map .survey-map-overview circle").first).to_be_visible()
    expect(page.locator("#survey-map .survey-map-areas")).to_be_hidden()  # its links need the script
    expect(page.locator("#survey-map-frame .survey-hint")).to_contain_text(
        "lists the papers most similar to it")
    context.close()


# --- Authors ----------------------------------------------------------------------------------

def test_an_author_name_leads_to_their_page_and_back(page: Page, site_url: str, built_survey: Survey) -> None:
    author = next(a for a in _people(built_survey) if a.has_page)
    paper = author.papers[0]
    page.goto(site_url + paper.url)
    page.locator(f'a[href$="authors/{author.slug}/"]').first.click()
    expect(page).to_have_url(f"{site_url}authors/{author.slug}/")
    expect(page.locator("article h1")).to_have_text(author.name)
    listed = page.eval_on_selector_all(".survey-author-page ul.survey-paper-list li", "items => items.map(i => i.id)")
    assert listed == [f"row-{p.id}" for p in author.papers]
    page.locator(f'.survey-author-page a[href$="{author.papers[-1].url}"]').first.click()
    expect(page.locator("article h1")).to_have_text(author.papers[-1].title)


def test_the_authors_pages_list_every_author_once_by_family_name(page: Page, site_url: str,
                                                                  built_survey: Survey) -> None:
    people = _people(built_survey)
    page.goto(site_url + "authors/")
    pages = page.eval_on_selector_all("ul.survey-author-letters a", "links => links.map(a => a.href)")
    listed, links = [], []
    for address in pages:
        page.goto(address)
        listed += page.eval_on_selector_all("ul.survey-author-list > li", "items => items.map(i => i.id)")
        links += page.eval_on_selector_all("ul.survey-author-list > li > a:first-of-type",
                                           "links => links.map(a => a.href)")
    assert listed == [a.slug for a in people]
    assert links == [site_url + (a.url if a.has_page else a.papers[0].url) for a in people]
    # A name without a page links to its place on its letter's page.
    single = next((a for a in people if not a.has_page), None)
    if single is not None:
        page.goto(site_url + single.papers[0].url)
        page.locator(f'a[href$="/#{single.slug}"]').first.click()
        expect(page).to_have_url(f"{site_url}{single.url}")
        expect(page.locator(f'li[id="{single.slug}"]')).to_be_in_viewport()


def test_the_authors_page_searches_a_name_for_its_papers(page: Page, site_url: str, built_survey: Survey) -> None:
    author = next(a for a in _people(built_survey) if len(a.name.split()) > 1 and a.papers)
    page.goto(site_url + "authors/")
    page.get_by_label("Find an author's papers").fill(author.name)
    page.locator(".survey-author-search button").click()
    result = page.locator(f'#survey-search-results a[href$="{author.papers[0].url}"]')
    expect(result.first).to_be_visible()


# --- The coverage map's axes ------------------------------------------------------------------

def test_the_coverage_map_can_cross_any_two_facets(page: Page, site_url: str, built_survey: Survey) -> None:
    facets = built_survey.taxonomy.facets
    rows, columns = facets[-1].id, facets[0].id
    page.goto(site_url)
    form = page.locator(".survey-coverage-axes")
    form.locator('select[name="rows"]').select_option(rows)
    form.locator('select[name="columns"]').select_option(columns)
    expect(page).to_have_url(re.compile(rf"\?rows={rows}&columns={columns}$"))
    caption = f"Papers per {facets[-1].singular.lower()} (rows) and {facets[0].singular.lower()} (columns)."
    expect(page.locator("table.survey-coverage caption")).to_contain_text(caption)
    cells = page.eval_on_selector_all("table.survey-coverage td a",
                                      "links => links.map(a => [a.getAttribute('href'), a.textContent])")
    expected = {}
    for paper in built_survey.papers:
        for r in paper.facets[rows]:
            for c in paper.facets[columns]:
                expected[f"papers/?{rows}={r}&{columns}={c}"] = expected.get(f"papers/?{rows}={r}&{columns}={c}", 0) + 1
    assert {href: int(n) for href, n in cells} == expected
    href, count = cells[0]
    page.locator(f'table.survey-coverage td a[href="{href}"]').click()
    query = dict(part.split("=") for part in href.split("?", 1)[1].split("&"))
    total = len(built_survey.papers)
    expect(page.locator("#survey-count")).to_have_text(
        f"Showing all {total} papers." if int(count) == total else f"Showing {count} of {total} papers.")
    assert sorted(visible_rows(page)) == matching_papers(built_survey, query)
    assert len(matching_papers(built_survey, query)) == int(count)
    page.go_back()  # the chosen axes come back with the address
    expect(page.locator('.survey-coverage-axes select[name="rows"]')).to_have_value(rows)
    expect(page.locator("table.survey-coverage caption")).to_contain_text(caption)


# --- Exporting what the index shows -----------------------------------------------------------

def _bib_keys(text: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,\s]+),$", text, flags=re.M)


def test_exporting_the_filtered_papers_gives_exactly_those_papers(browser, site_url: str,
                                                                   built_survey: Survey, built_site: Path) -> None:
    (f0, v0), (f1, v1) = most_used(built_survey, 0), most_used(built_survey, 1)
    query = {f0: v0, f1: v1}
    expected = matching_papers(built_survey, query)
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], accept_downloads=True)
    page = context.new_page()
    page.goto(site_url + "papers/?" + urlencode(query))
    n = f"{len(expected)} paper{'s' if len(expected) != 1 else ''}"
    expect(page.locator(".survey-export-what")).to_have_text(f"these {n}")
    with page.expect_download() as bib:
        page.get_by_role("button", name="Download BibTeX").click()
    bib_text = Path(bib.value.path()).read_text(encoding="utf-8")
    assert sorted(_bib_keys(bib_text)) == expected
    whole = (built_site / "papers.bib").read_text(encoding="utf-8")
    for key in expected:  # each entry whole, exactly as in papers.bib
        entry = re.search(rf"^@\w+\{{{re.escape(key)},$.*?^\}}$", bib_text, flags=re.M | re.S).group(0)
        assert entry in whole
    expect(page.get_by_role("status")).to_have_text(f"Downloaded the BibTeX of {n}.")
    page.get_by_role("button", name="Copy BibTeX").click()
    expect(page.get_by_role("status")).to_have_text(f"Copied the BibTeX of {n}.")
    assert page.evaluate("navigator.clipboard.readText()") == bib_text
    with page.expect_download() as table:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(table.value.path()).read_text(encoding="utf-8"))))
    header = next(csv.reader(io.StringIO((built_site / "papers.csv").read_text(encoding="utf-8"))))
    assert sorted(row["id"] for row in rows) == expected and list(rows[0]) == header
    with page.expect_download() as ris_file:
        page.get_by_role("button", name="Download RIS").click()
    import rispy

    with open(ris_file.value.path(), encoding="utf-8", newline="") as stream:
        assert sorted(r["id"] for r in rispy.load(stream)) == expected
    with page.expect_download() as csl_file:
        page.get_by_role("button", name="Download CSL-JSON").click()
    items = json.loads(Path(csl_file.value.path()).read_text(encoding="utf-8"))
    whole = {i["id"]: i for i in json.loads((built_site / "papers.csl.json").read_text(encoding="utf-8"))}
    assert sorted(i["id"] for i in items) == expected and all(i == whole[i["id"]] for i in items)
    context.close()


def test_a_paper_page_downloads_its_citation_in_each_format(browser, site_url: str, built_survey: Survey) -> None:
    paper = with_arxiv(built_survey)
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(site_url + paper.url)
    page.locator("details.survey-cite-more summary").click()
    for label, extension, block in (("Download BibTeX", "bib", "pre.survey-bibtex"),
                                    ("Download RIS", "ris", "pre.survey-ris"),
                                    ("Download CSL-JSON", "json", "pre.survey-csl")):
        with page.expect_download() as file:
            page.locator(".survey-cite-downloads").get_by_role("button", name=label).click()
        assert file.value.suggested_filename == f"{paper.id}.{extension}"
        assert Path(file.value.path()).read_text(encoding="utf-8") == page.locator(block).inner_text()
    context.close()


# --- OpenSearch and the search dialog ---------------------------------------------------------

def test_opensearch_description_is_valid_and_its_url_searches(page: Page, site_url: str, built_site: Path,
                                                             built_survey: Survey) -> None:
    ns = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    root = ET.fromstring((built_site / "opensearch.xml").read_bytes())
    assert root.tag == "{http://a9.com/-/spec/opensearch/1.1/}OpenSearchDescription"
    assert 0 < len(root.find("os:ShortName", ns).text) <= 16
    template = root.find("os:Url[@type='text/html']", ns).get("template")
    assert template == built_survey.site.absolute("") + "?q={searchTerms}"
    page.goto(site_url)
    assert page.locator('link[rel="search"]').get_attribute("type") == "application/opensearchdescription+xml"
    # The same URL on the served copy: the search opens with the answer.
    page.goto(site_url + "?" + urlencode({"q": corpus.UNIQUE_TITLE_WORD}))
    expect(page.locator("#survey-search-input")).to_have_value(corpus.UNIQUE_TITLE_WORD)
    expect(page.locator('#survey-search-results a[href$="papers/zz-one-author/"]')).to_be_visible()


def test_search_works_from_the_keyboard(page: Page, site_url: str) -> None:
    page.goto(site_url + "papers/")
    page.locator("body").press("/")
    search = page.locator("#survey-search-input")
    expect(search).to_be_focused()
    search.press_sequentially(corpus.UNIQUE_SURNAME)
    results = page.locator("#survey-search-results a")
    expect(results.first).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(results.first).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(search).to_be_focused()
    href = results.first.get_attribute("href")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(href.split("/papers/")[-1]) + "$"))
    page.locator("body").press("/")
    expect(search).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("dialog.survey-search")).not_to_be_visible()
    # "/" typed into a field is text, not a shortcut.
    page.goto(site_url + "papers/")
    page.locator('#survey-filters input[name="text"]').press_sequentially("a/b")
    expect(page.locator('#survey-filters input[name="text"]')).to_have_value("a/b")
    expect(page.locator("dialog.survey-search")).not_to_be_visible()


# --- Nothing leaves the origin; accessibility -------------------------------------------------

PAGES = {
    "map": lambda survey: "map/",
    "authors": lambda survey: "authors/",
    "author": lambda survey: f"authors/{next(a for a in _people(survey) if a.has_page).slug}/",
    "search open": lambda survey: "?" + urlencode({"q": corpus.UNIQUE_SURNAME}),
}


@pytest.mark.parametrize("name", PAGES)
def test_no_request_leaves_the_sites_origin(page: Page, site_url: str, built_survey: Survey, name: str) -> None:
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(site_url) else outside.append(request.url))
    page.goto(site_url + PAGES[name](built_survey))
    expect(page.locator("article h1")).to_be_visible()
    page.wait_for_load_state("load")
    assert outside == []


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_finds_no_serious_accessibility_violation(page: Page, site_url: str, built_survey: Survey, name: str,
                                                      scheme: str) -> None:
    page.goto(site_url + PAGES[name](built_survey))
    if name == "search open":
        expect(page.locator("#survey-search-results a").first).to_be_visible()
    assert serious_accessibility_violations(page, scheme) == []
