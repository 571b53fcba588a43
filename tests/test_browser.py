"""What a reader does, in a real Chromium against the built site served on 127.0.0.1."""

from __future__ import annotations

import io
import json
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

import corpus
import hostile
from browsing import matching_papers, most_used, search, serious_accessibility_violations, visible_rows, with_arxiv
from conftest import ROOT, new_project, serve
from survey.commands import build
from survey.core import analysis
from survey.core.model import Survey
from survey.render import bibtex

pytestmark = pytest.mark.browser
SHOTS = ROOT / "screenshots"  # looked at by people, not compared: see the README


# --- Search ---------------------------------------------------------------------------------

SEARCHES = {
    "a unique title word": lambda survey: (corpus.UNIQUE_TITLE_WORD, "zz-one-author"),
    "an author's surname": lambda survey: (corpus.UNIQUE_SURNAME, "zz-one-author"),
    "an arXiv id": lambda survey: (with_arxiv(survey).arxiv, with_arxiv(survey).id),
}


@pytest.mark.parametrize("case", SEARCHES)
def test_search_finds_the_paper_and_opens_it(page: Page, site_url: str, built_survey: Survey, case: str) -> None:
    query, paper_id = SEARCHES[case](built_survey)
    paper = next(p for p in built_survey.papers if p.id == paper_id)
    page.goto(site_url)
    search(page, query)
    link = page.locator(f'#survey-search-results a[href$="papers/{paper.id}/"]').first
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(f"{site_url}papers/{paper.id}/")
    expect(page.locator("article h1")).to_have_text(paper.title)


# --- The index: filters in the URL, sorting -------------------------------------------------

def _filter_cases(survey: Survey) -> dict[str, dict[str, str]]:
    """Filters built from the data: whatever the corpus, each one matches some papers."""
    (f0, v0), (f1, v1), (_, v1b) = most_used(survey, 0), most_used(survey, 1), most_used(survey, 1, 1)
    years = sorted(p.year for p in survey.papers)
    median = years[len(years) // 2]
    word = max(survey.papers[0].title.split(), key=len).lower()
    return {
        "two facets": {f0: v0, f1: v1},
        "two values of one facet": {f1: f"{v1},{v1b}"},
        "every facet": dict(most_used(survey, i) for i in range(len(survey.taxonomy.facets))),
        "code and years": {"code": "1", "from": str(median), "to": str(median)},
        "text": {"text": word},
        "facet and text": {f0: v0, "text": survey.use(f0, v0).papers[0].title.split()[0].lower()},
    }


@pytest.mark.parametrize("case", ["two facets", "two values of one facet", "every facet", "code and years",
                                  "text", "facet and text"])
def test_a_filtered_index_url_shows_exactly_the_matching_papers(page: Page, site_url: str, built_survey: Survey,
                                                                case: str) -> None:
    query = _filter_cases(built_survey)[case]
    page.goto(site_url + "papers/?" + urlencode(query, safe=","))
    expected = matching_papers(built_survey, query)
    total = len(built_survey.papers)
    shown = f"Showing all {total} papers." if len(expected) == total else f"Showing {len(expected)} of {total} papers."
    expect(page.locator("#survey-count")).to_have_text(shown)
    assert sorted(visible_rows(page)) == expected


def test_choosing_filters_updates_the_url_and_the_count(page: Page, site_url: str, built_survey: Survey) -> None:
    (f0, v0), (f1, v1) = most_used(built_survey, 0), most_used(built_survey, 1)
    total = len(built_survey.papers)
    page.goto(site_url + "papers/")
    expect(page.locator("#survey-count")).to_have_text(f"Showing all {total} papers.")
    for facet, value in ((f0, v0), (f1, v1)):
        title = built_survey.taxonomy.facet(facet).value(value).title
        page.locator(f'fieldset[data-facet="{facet}"]').get_by_role("checkbox", name=title, exact=False).first.check()
    expect(page).to_have_url(f"{site_url}papers/?{f0}={v0}&{f1}={v1}")
    assert sorted(visible_rows(page)) == matching_papers(built_survey, {f0: v0, f1: v1})
    page.get_by_role("button", name="Clear filters").click()
    expect(page).to_have_url(site_url + "papers/")
    assert len(visible_rows(page)) == total


def test_on_a_phone_the_facet_filters_start_folded_unless_the_link_chose_some(browser, site_url: str,
                                                                              built_survey: Survey) -> None:
    f0, v0 = most_used(built_survey, 0)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + "papers/")
    facets = page.locator("details.survey-facet-filters")
    expect(facets).not_to_have_attribute("open", "")
    first_row = page.locator("table.survey-papers tbody tr").first
    expect(first_row).to_be_in_viewport()
    facets.locator("summary").click()
    page.locator(f'fieldset[data-facet="{f0}"] input[value="{v0}"]').check()
    expect(facets.locator("summary")).to_contain_text("(1 selected)")
    expect(page).to_have_url(f"{site_url}papers/?{f0}={v0}")
    page.reload()  # a shared link opens with the filters it chose in view
    expect(facets).to_have_attribute("open", "")
    expect(page.locator(f'fieldset[data-facet="{f0}"] input[value="{v0}"]')).to_be_checked()
    context.close()
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(site_url + "papers/")
    expect(page.locator("details.survey-facet-filters")).to_have_attribute("open", "")
    page.close()


def test_on_a_phone_each_index_row_is_a_card_with_nothing_clipped(browser, site_url: str,
                                                                   built_survey: Survey) -> None:
    """Title, authors, year and venue of each row inside the screen, one under the other, in a
    table that no longer scrolls sideways (the venue column used to run off the screen)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    page.goto(site_url + "papers/")
    rows = page.locator("table.survey-papers tbody tr")
    expect(rows.first).to_be_visible()
    boxes = page.eval_on_selector_all("table.survey-papers tbody tr", """rows => rows.map(row => {
        const box = el => el ? el.getBoundingClientRect().toJSON() : null;
        return {id: row.dataset.id, row: box(row), title: box(row.querySelector('td:first-child a')),
                authors: box(row.querySelector('.survey-authors-short')), year: box(row.cells[1]),
                venue: row.cells[2].textContent ? box(row.cells[2]) : null};
    })""")
    assert len(boxes) == min(len(built_survey.papers), rows.count())
    for card in boxes:
        for part in ("title", "authors", "year", "venue"):
            if card[part]:
                assert card[part]["left"] >= 0 and card[part]["right"] <= 390, (card["id"], part, card[part])
                assert card["row"]["top"] <= card[part]["top"] and card[part]["bottom"] <= card["row"]["bottom"]
        assert card["year"]["top"] >= card["title"]["bottom"]  # a card: the year and venue under the title
    wrap = page.locator(".survey-index .survey-table-wrap")
    assert wrap.evaluate("w => w.scrollWidth - w.clientWidth") <= 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("table.survey-papers").screenshot(path=str(SHOTS / "index-cards-phone.png"))
    context.close()


def test_sorting_by_year_and_title(page: Page, site_url: str, built_survey: Survey) -> None:
    page.goto(site_url + "papers/")
    papers = {p.id: p for p in built_survey.papers}
    year = page.get_by_role("button", name="Year")
    year.click()
    expect(page).to_have_url(site_url + "papers/?sort=year")
    years = [papers[pid].year for pid in visible_rows(page)]
    assert years == sorted(years) and len(years) == len(papers)
    year.click()
    expect(page.locator("th", has=year)).to_have_attribute("aria-sort", "descending")
    years = [papers[pid].year for pid in visible_rows(page)]
    assert years == sorted(years, reverse=True)
    title = page.get_by_role("button", name="Title")
    title.click()
    expect(page.locator("th", has=title)).to_have_attribute("aria-sort", "ascending")
    titles = [papers[pid].title for pid in visible_rows(page)]
    collated = page.evaluate("titles => titles.slice().sort((a, b) => a.localeCompare(b, undefined, "
                             "{sensitivity: 'base'}))", titles)
    assert titles == collated
    page.reload()  # the order is part of the address
    expect(page.locator("th", has=title)).to_have_attribute("aria-sort", "ascending")
    assert [papers[pid].title for pid in visible_rows(page)] == collated


def test_without_javascript_the_index_shows_the_newest_and_points_to_the_facet_pages(
        browser, site_url: str, built_survey: Survey) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "papers/")
    rows = page.eval_on_selector_all("table.survey-papers tbody tr", "rows => rows.map(r => r.dataset.id)")
    assert rows == [p.id for p in built_survey.papers[:len(rows)]] and rows
    expect(page.locator("#survey-filters")).to_be_hidden()
    expect(page.locator("#survey-show-more")).to_be_hidden()
    assert "Filtering and sorting this list needs JavaScript" in page.content()
    # Every paper is on the page of each of its facet values.
    facet = built_survey.taxonomy.facets[0]
    for use in built_survey.used(facet.id):
        page.goto(site_url + use.url)
        listed = page.eval_on_selector_all("ul.survey-paper-list li", "items => items.map(i => i.id)")
        assert listed == [f"row-{p.id}" for p in use.papers]
    context.close()


# --- Home, coverage map, paper pages ------------------------------------------------------------

def test_two_clicks_from_home_to_the_papers_of_a_coverage_cell(page: Page, site_url: str,
                                                             built_survey: Survey) -> None:
    coverage = built_survey.coverage
    (row, column), count = max(coverage.counts.items(), key=lambda item: (item[1], item[0]))
    page.goto(site_url)
    href = f"papers/?{coverage.rows.id}={row}&{coverage.columns.id}={column}"
    cell = page.locator(f'table.survey-coverage a[href="{href}"]')
    assert int(cell.inner_text()) == count
    cell.click()
    expected = matching_papers(built_survey, {coverage.rows.id: row, coverage.columns.id: column})
    assert count == len(expected)
    expect(page.locator("#survey-count")).to_have_text(f"Showing {count} of {len(built_survey.papers)} papers.")
    assert sorted(visible_rows(page)) == expected


def test_every_coverage_cell_links_to_its_papers(page: Page, site_url: str, built_survey: Survey) -> None:
    page.goto(site_url)
    cells = page.eval_on_selector_all("table.survey-coverage td a",
                                      "links => links.map(a => [a.getAttribute('href'), a.textContent])")
    assert len(cells) == len(built_survey.coverage.counts)
    for href, count in cells:
        query = dict(part.split("=") for part in href.split("?", 1)[1].split("&"))
        assert len(matching_papers(built_survey, query)) == int(count), href


def test_every_chart_label_is_drawn_inside_its_chart(page: Page, site_url: str) -> None:
    page.goto(site_url + "overview/")
    expect(page.locator(".survey-chart svg").first).to_be_visible()
    outside = page.locator(".survey-chart svg text").evaluate_all("""texts => texts.flatMap(text => {
        const box = text.getBBox(), view = text.ownerSVGElement.viewBox.baseVal;
        return box.x >= view.x && box.x + box.width <= view.x + view.width ? [] : [text.textContent];
    })""")
    assert page.locator(".survey-chart svg text.survey-bar-label").count() > 0
    assert outside == []


def test_the_bibtex_copy_button_copies_the_entry(browser, site_url: str, built_survey: Survey) -> None:
    paper = with_arxiv(built_survey)
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + paper.url)
    block = page.locator("pre.survey-bibtex")
    block.hover()
    page.locator('pre.survey-bibtex button[data-md-type="copy"]').click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"@{bibtex.entry_type(paper)}{{{paper.id},")
    assert copied.strip() == block.locator("code").inner_text().strip()
    context.close()


def test_the_palette_toggle_switches_to_dark_and_back(page: Page, site_url: str) -> None:
    page.goto(site_url)
    body = page.locator("body")
    scheme = body.get_attribute("data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    expect(body).not_to_have_attribute("data-md-color-scheme", scheme)
    page.reload()
    expect(body).not_to_have_attribute("data-md-color-scheme", scheme)  # the choice is remembered
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    expect(body).to_have_attribute("data-md-color-scheme", scheme)


def test_paper_page_has_citation_metadata_and_related_papers(page: Page, site_url: str,
                                                             built_survey: Survey) -> None:
    paper = with_arxiv(built_survey)
    page.goto(site_url + paper.url)
    assert page.locator('meta[name="citation_title"]').get_attribute("content") == paper.title
    named = [a for a in paper.authors if a != "et al."]
    assert page.locator('meta[name="citation_author"]').count() == len(named)
    assert page.locator('meta[name="citation_arxiv_id"]').get_attribute("content") == paper.arxiv
    jsonld = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert jsonld["@type"] == "ScholarlyArticle"
    related = [built_survey.by_id[i] for i in analysis.analyse(built_survey.papers).related[paper.id]]
    assert related
    assert page.locator("#related + ul li > a:first-child").evaluate_all("links => links.map(a => a.textContent)") == [
        p.title for p in related]
    edit = page.get_by_role("link", name="Edit this paper")
    assert edit.get_attribute("href").endswith(f"/edit/main/{paper.source}")


# --- Nothing leaves the origin; accessibility; screenshots ------------------------------------

PAGES = {
    "home": lambda survey: "",
    "index": lambda survey: "papers/",
    "facet": lambda survey: f"{survey.taxonomy.facets[0].id}/",
    "facet value": lambda survey: survey.used(survey.taxonomy.facets[0].id)[0].url,
    "paper": lambda survey: with_arxiv(survey).url,
    "overview": lambda survey: "overview/",
    "what's new": lambda survey: "whats-new/",
}


@pytest.mark.parametrize("name", PAGES)
def test_no_request_leaves_the_sites_origin(page: Page, site_url: str, built_survey: Survey, name: str) -> None:
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(site_url) else outside.append(request.url))
    page.goto(site_url + PAGES[name](built_survey))
    page.wait_for_load_state("load")
    if name == "home":
        search(page, built_survey.papers[0].title.split()[0])
    assert outside == []


@pytest.mark.parametrize("name", ["home", "index", "facet value", "paper", "overview"])
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_finds_no_serious_accessibility_violation(page: Page, site_url: str, built_survey: Survey, name: str,
                                                      scheme: str) -> None:
    page.goto(site_url + PAGES[name](built_survey))
    assert serious_accessibility_violations(page, scheme) == []


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 800), ("phone", 390, 844)])
def test_screenshots(browser, site_url: str, built_survey: Survey, name: str, width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    (f0, v0), (f1, v1) = most_used(built_survey, 0), most_used(built_survey, 1)
    for label, path in [("home", ""), ("index", f"papers/?{f0}={v0}&{f1}={v1}"),
                        ("paper", with_arxiv(built_survey).url)]:
        page.goto(site_url + path)
        expect(page.locator("article h1")).to_be_visible()
        file = SHOTS / f"{label}-{name}.png"
        page.screenshot(path=str(file), full_page=True)
        assert file.stat().st_size > 10_000
        # Nothing sticks out sideways except inside the scrolling table wrappers.
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (label, name, overflow)
    context.close()


# --- Hostile input in a real browser --------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory):
    project = new_project(tmp_path_factory.mktemp("hostile-browser") / "survey",
                          {"papers/hostile.yaml": hostile.PAPER}, survey="fixture")
    assert build.run(project, out=io.StringIO()) == 0
    with serve(project.site_dir) as url:
        yield url


def test_hostile_text_never_runs(page: Page, hostile_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_url + "papers/hostile/")
    expect(page.locator("article h1")).to_have_text(hostile.TITLE)
    page.goto(hostile_url + "papers/?text=%3Cscript%3E")
    assert visible_rows(page) == ["hostile"]
    search(page, "alert")
    page.wait_for_timeout(300)
    results = page.locator("#survey-search-results")
    assert results.locator("img, iframe, script, svg, b").count() == 0
    expect(results.locator("a").first.locator(".survey-search__title")).to_have_text(hostile.TITLE)
    assert dialogs == []
