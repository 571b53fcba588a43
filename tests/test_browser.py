"""What a reader does, in a real Chromium against the built site served on 127.0.0.1."""

from __future__ import annotations

import io
import json
import re

import pytest
import yaml
from playwright.sync_api import Page, expect

import hostile
from conftest import ROOT, new_project, serve
from survey.commands import build

pytestmark = pytest.mark.browser
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "screenshots"  # looked at by people, not compared: see the README


def _papers() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "papers").glob("[!_]*.yaml")}


def _visible_rows(page: Page) -> list[str]:
    return page.eval_on_selector_all("table.survey-papers tbody tr:not([hidden])",
                                     "rows => rows.map(r => r.dataset.id)")


def _search(page: Page, query: str) -> None:
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(query)
    expect(page.locator(".md-search-result__item").first).to_be_visible()


# --- Search ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "paper"), [
    ("TotalSegmentator robust segmentation", "totalsegmentator"),  # title
    ("Wasserthal", "totalsegmentator"),                              # an author's surname
    ("2306.11207", "quilt-1m"),                                      # an arXiv id
])
def test_search_finds_the_paper_and_opens_it(page: Page, site_url: str, query: str, paper: str) -> None:
    page.goto(site_url)
    _search(page, query)
    link = page.locator(f'.md-search-result__item a[href*="papers/{paper}/"]').first
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(re.escape(f"{site_url}papers/{paper}/") + r"(\?h=.*)?$"))
    expect(page.locator("article h1")).to_have_text(_papers()[paper]["title"])


# --- The index: filters in the URL, sorting -------------------------------------------------

def _expected(query: dict[str, str]) -> list[str]:
    """The papers a filtered index must show, computed from the paper files."""
    chosen = []
    for pid, paper in _papers().items():
        ok = True
        for facet in ("topics", "modalities", "types"):
            if facet in query and not set(query[facet].split(",")) & set(paper[facet]):
                ok = False
        if query.get("code") == "1" and "code" not in paper.get("links", {}):
            ok = False
        if "from" in query and paper["year"] < int(query["from"]):
            ok = False
        if "to" in query and paper["year"] > int(query["to"]):
            ok = False
        if "text" in query:
            haystack = " ".join([paper["title"], *paper.get("authors", []), paper.get("venue", ""),
                                 paper.get("arxiv", ""), pid]).lower()
            ok = ok and all(word in haystack for word in query["text"].lower().split())
        if ok:
            chosen.append(pid)
    return sorted(chosen)


FILTERS = [
    {"topics": "report-generation", "modalities": "xray"},
    {"modalities": "ct,mri"},
    {"topics": "segmentation", "modalities": "ct,mri", "types": "dataset"},
    {"types": "survey"},
    {"code": "1", "from": "2023", "to": "2023"},
    {"text": "chest x-ray"},
    {"topics": "vision-language", "text": "clip"},
]


@pytest.mark.parametrize("query", FILTERS, ids=["&".join(f"{k}={v}" for k, v in q.items()) for q in FILTERS])
def test_a_filtered_index_url_shows_exactly_the_matching_papers(page: Page, site_url: str, query: dict) -> None:
    url = site_url + "papers/?" + "&".join(f"{k}={v}" for k, v in query.items())
    page.goto(url)
    expected = _expected(query)
    assert expected, "a filter case should match something"
    expect(page.locator("#survey-count")).to_have_text(f"Showing {len(expected)} of {len(_papers())} papers.")
    assert sorted(_visible_rows(page)) == expected


def test_choosing_filters_updates_the_url_and_the_count(page: Page, site_url: str) -> None:
    page.goto(site_url + "papers/")
    expect(page.locator("#survey-count")).to_have_text(f"Showing all {len(_papers())} papers.")
    page.get_by_role("checkbox", name="Report generation").check()
    page.get_by_role("checkbox", name="X-ray").check()
    expect(page).to_have_url(site_url + "papers/?topics=report-generation&modalities=xray")
    expected = _expected({"topics": "report-generation", "modalities": "xray"})
    assert sorted(_visible_rows(page)) == expected
    page.get_by_role("button", name="Clear filters").click()
    expect(page).to_have_url(site_url + "papers/")
    assert len(_visible_rows(page)) == len(_papers())


def test_sorting_by_year_and_title(page: Page, site_url: str) -> None:
    page.goto(site_url + "papers/")
    papers = _papers()
    page.locator("table.survey-papers th", has_text="Year").click()
    years = [papers[pid]["year"] for pid in _visible_rows(page)]
    assert years == sorted(years)
    page.locator("table.survey-papers th", has_text="Year").click()
    years = [papers[pid]["year"] for pid in _visible_rows(page)]
    assert years == sorted(years, reverse=True)
    page.locator("table.survey-papers th", has_text="Title").click()
    titles = [papers[pid]["title"].lower() for pid in _visible_rows(page)]
    assert titles == sorted(titles)


def test_the_index_works_without_javascript(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "papers/")
    assert page.locator("table.survey-papers tbody tr").count() == len(_papers())
    expect(page.locator("#survey-filters")).to_be_hidden()
    # Chromium decides on <noscript> when parsing, before a disabled script engine shows, so
    # check the message is in the page rather than on screen.
    assert "Filtering this table needs JavaScript" in page.content()
    context.close()


# --- Home, coverage map, paper pages ------------------------------------------------------------

def test_two_clicks_from_home_to_chest_xray_report_generation(page: Page, site_url: str) -> None:
    page.goto(site_url)
    cell = page.locator('table.survey-coverage a[href="papers/?topics=report-generation&modalities=xray"]')
    count = int(cell.inner_text())
    cell.click()
    expected = _expected({"topics": "report-generation", "modalities": "xray"})
    assert count == len(expected)
    expect(page.locator("#survey-count")).to_have_text(f"Showing {count} of {len(_papers())} papers.")
    assert sorted(_visible_rows(page)) == expected


def test_every_coverage_cell_links_to_its_papers(page: Page, site_url: str) -> None:
    page.goto(site_url)
    cells = page.eval_on_selector_all("table.survey-coverage td a",
                                      "links => links.map(a => [a.getAttribute('href'), a.textContent])")
    assert len(cells) > 50
    for href, count in cells:
        query = dict(part.split("=") for part in href.split("?", 1)[1].split("&"))
        assert len(_expected(query)) == int(count), href


def test_the_bibtex_copy_button_copies_the_entry(browser, site_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + "papers/totalsegmentator/")
    block = page.locator("pre.survey-bibtex")
    block.hover()
    page.locator('pre.survey-bibtex button[data-md-type="copy"]').click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@article{totalsegmentator,")
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


def test_paper_page_has_citation_metadata_and_related_papers(page: Page, site_url: str) -> None:
    page.goto(site_url + "papers/quilt-1m/")
    assert page.locator('meta[name="citation_title"]').get_attribute("content") == _papers()["quilt-1m"]["title"]
    assert page.locator('meta[name="citation_author"]').count() == len(_papers()["quilt-1m"]["authors"])
    assert page.locator('meta[name="citation_arxiv_id"]').get_attribute("content") == "2306.11207"
    jsonld = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert jsonld["@type"] == "ScholarlyArticle"
    assert page.locator("#related + ul li").count() == 5
    edit = page.get_by_role("link", name="Edit this paper")
    assert edit.get_attribute("href").endswith("/edit/main/papers/quilt-1m.yaml")


# --- Nothing leaves the origin; accessibility; screenshots ------------------------------------

PAGES = ["", "papers/", "topics/report-generation/", "modalities/ophthalmology/", "papers/totalsegmentator/",
         "overview/", "whats-new/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_the_sites_origin(page: Page, site_url: str, path: str) -> None:
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(site_url) else outside.append(request.url))
    page.goto(site_url + path)
    page.wait_for_load_state("load")
    if path == "":
        _search(page, "segmentation")
    assert outside == []


@pytest.mark.parametrize("path", ["", "papers/", "topics/segmentation/", "papers/totalsegmentator/", "overview/"])
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_finds_no_serious_accessibility_violation(page: Page, site_url: str, path: str, scheme: str) -> None:
    page.goto(site_url + path)
    page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
    page.wait_for_timeout(600)  # the theme animates colour changes; measure the final colours
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
               for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 800), ("phone", 390, 844)])
def test_screenshots(browser, site_url: str, name: str, width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, path in [("home", ""), ("index", "papers/?topics=report-generation&modalities=xray"),
                        ("paper", "papers/totalsegmentator/")]:
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
    assert _visible_rows(page) == ["hostile"]
    _search(page, "alert")
    page.wait_for_timeout(300)
    assert page.locator(".md-search-result img, .md-search-result iframe, .md-search-result script").count() == 0
    assert dialogs == []
