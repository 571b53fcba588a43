"""A reader's workflow after finding papers: keep them on a reading list from a paper's page, an
index row and a search result; find the list again after a reload; share it as a link; export it;
compare papers side by side; subscribe to the feed of one facet value. Every expectation is
computed from the papers as the survey read them."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import feedparser
import pytest
import rispy
from playwright.sync_api import Page, expect

from browsing import most_used, serious_accessibility_violations
from survey.core import schema
from survey.core.model import FEED_COUNT, Paper, Survey, newest_first

pytestmark = pytest.mark.browser


def _stored(page: Page) -> list[str]:
    return page.evaluate("JSON.parse(localStorage.getItem('survey-reading-list') || '[]')")


def _listed(page: Page) -> list[str]:
    return page.eval_on_selector_all("#survey-list-items li", "items => items.map(i => i.dataset.id)")


def _bib_keys(text: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,\s]+),$", text, flags=re.M)


def _four(survey: Survey) -> tuple[Paper, Paper, Paper, Paper]:
    """A paper for each place a reader keeps one from: its page, the index's first screen, a row
    the index's script draws after a filter, and a search result (a title with one rare word)."""
    first_screen = survey.papers[1]
    by_filter = survey.papers[-1]  # the oldest: not on the first screen of a large survey
    on_page = survey.papers[2]
    searched = next(p for p in survey.papers[3:-1] if p.arxiv)
    return on_page, first_screen, by_filter, searched


def test_keep_from_a_page_a_row_and_a_search_then_reload_share_and_export(browser, site_url: str,
                                                                          built_survey: Survey,
                                                                          built_site: Path) -> None:
    on_page, first_screen, by_filter, searched = _four(built_survey)
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], accept_downloads=True)
    page = context.new_page()

    page.goto(site_url + on_page.url)
    keep = page.locator(".survey-links [data-keep]")
    expect(keep).to_have_attribute("aria-pressed", "false")
    expect(keep).to_have_accessible_name(re.compile("Reading list"))
    keep.focus()
    page.keyboard.press("Enter")  # reachable and usable from the keyboard
    expect(keep).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#survey-keep-status")).to_have_text(f"Added to your reading list: {on_page.title}")

    page.goto(site_url + "papers/")
    page.locator(f"#row-{first_screen.id} [data-keep]").click()
    page.locator("#survey-filters input[name=text]").fill(by_filter.id)
    row_keep = page.locator(f"#row-{by_filter.id} [data-keep]")
    expect(row_keep).to_have_attribute("aria-pressed", "false")
    row_keep.click()
    expect(row_keep).to_have_attribute("aria-pressed", "true")

    page.locator("button.survey-search-open").first.click()
    page.locator("#survey-search-input").press_sequentially(f"arXiv {searched.arxiv}")
    result_keep = page.locator(f"#survey-search-results [data-keep='{searched.id}']")
    expect(result_keep).to_be_visible()
    result_keep.press(" ")
    expect(result_keep).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Escape")

    kept = [on_page.id, first_screen.id, by_filter.id, searched.id]
    assert _stored(page) == kept
    page.goto(site_url + "list/")
    page.reload()  # kept across loads: the list is in the browser's storage
    expect(page.locator("#survey-list-items li")).to_have_count(4)
    assert _listed(page) == kept
    expect(page.locator("#survey-list-summary")).to_have_text("Your reading list: 4 papers, kept in this browser.")
    page.select_option("#survey-list-sort", "title")
    assert _listed(page) == [p.id for p in sorted((on_page, first_screen, by_filter, searched),
                                                  key=lambda p: p.title.casefold())]
    page.select_option("#survey-list-sort", "year")
    years = [built_survey.by_id[i].year for i in _listed(page)]
    assert years == sorted(years, reverse=True)

    # Export: each format holds exactly the kept papers, as the site's whole export writes them.
    page.select_option("#survey-list-sort", "added")
    exports = page.locator(".survey-list-export")
    with page.expect_download() as bib:
        exports.get_by_role("button", name="BibTeX").click()
    bib_text = Path(bib.value.path()).read_text(encoding="utf-8")
    assert _bib_keys(bib_text) == kept and bib.value.suggested_filename == "reading-list.bib"
    whole = (built_site / "papers.bib").read_text(encoding="utf-8")
    assert all(re.search(rf"^@\w+\{{{k},$.*?^\}}$", bib_text, flags=re.M | re.S).group(0) in whole for k in kept)
    with page.expect_download() as table:
        exports.get_by_role("button", name="CSV").click()
    assert [r["id"] for r in csv.DictReader(io.StringIO(Path(table.value.path()).read_text(encoding="utf-8")))] == kept
    with page.expect_download() as ris_file:
        exports.get_by_role("button", name="RIS").click()
    with open(ris_file.value.path(), encoding="utf-8", newline="") as stream:
        assert [r["id"] for r in rispy.load(stream)] == kept
    with page.expect_download() as csl_file:
        exports.get_by_role("button", name="CSL-JSON").click()
    assert [i["id"] for i in json.loads(Path(csl_file.value.path()).read_text(encoding="utf-8"))] == kept

    # Remove one from the list itself; then share what is left.
    page.locator(f"#survey-list-items [data-keep='{by_filter.id}']").click()
    expect(page.locator("#survey-list-items li")).to_have_count(3)
    kept.remove(by_filter.id)
    assert _stored(page) == kept
    page.get_by_role("button", name="Copy a link to this list").click()
    expect(page.locator("#survey-list-status")).to_contain_text("Copied a link to this list")
    link = page.evaluate("navigator.clipboard.readText()")
    assert parse_qs(urlparse(link).query)["ids"] == [",".join(kept)]
    context.close()

    # Someone else opens the link, with one id the survey does not have: shown, offered, reported.
    other = browser.new_context()
    page = other.new_page()
    page.goto(link + ",no-such-paper")
    expect(page.locator("#survey-list-items li")).to_have_count(3)
    assert _listed(page) == kept
    expect(page.locator("#survey-list-summary")).to_have_text("A shared list of 3 papers.")
    expect(page.locator("#survey-list-unknown")).to_contain_text("no-such-paper")
    assert _stored(page) == []  # not kept until the reader says so
    page.get_by_role("button", name="Keep it as my reading list").click()
    assert _stored(page) == kept
    expect(page.locator("#survey-list-offer")).to_be_hidden()
    assert "ids=" not in page.url
    other.close()


def _with_datasets_and_results(survey: Survey) -> tuple[Paper, Paper]:
    with_results = next(p for p in survey.papers if p.value(schema.RESULTS))
    with_datasets = next(p for p in survey.papers if p.value(schema.DATASETS) and p is not with_results
                         and not p.link("code"))
    return with_results, with_datasets


def test_compare_sets_papers_side_by_side_from_the_reading_list(page: Page, site_url: str,
                                                               built_survey: Survey) -> None:
    a, b = _with_datasets_and_results(built_survey)
    page.goto(site_url + "list/")
    page.evaluate("ids => localStorage.setItem('survey-reading-list', JSON.stringify(ids))", [a.id, b.id])
    page.reload()
    expect(page.locator("#survey-list-items li")).to_have_count(2)
    page.get_by_role("button", name="Compare the checked papers").click()  # none checked: the whole list
    expect(page.locator(".survey-compare__paper")).to_have_count(2)
    assert parse_qs(urlparse(page.url).query)["ids"] == [f"{a.id},{b.id}"]
    for paper in (a, b):
        card = page.locator(f".survey-compare__paper[data-id='{paper.id}']")
        expect(card.locator("h2 a")).to_have_text(paper.title)
        aspect = {name: card.locator(".survey-compare__aspect").filter(has=page.locator("h3", has_text=name))
                  for name in ("Year and venue", "Facets", "Takeaway", "Links", "Code", "Datasets", "Reported results")}
        expect(aspect["Year and venue"]).to_contain_text(paper.published)
        if paper.venue:
            expect(aspect["Year and venue"]).to_contain_text(paper.venue)
        for facet in built_survey.taxonomy.facets:
            for value in paper.facets[facet.id]:
                expect(aspect["Facets"]).to_contain_text(facet.value(value).title)
        if paper.tldr:
            expect(aspect["Takeaway"]).to_contain_text(paper.tldr)
        code = paper.link("code")
        expect(aspect["Code"]).to_contain_text(f"Available: {code}" if code else "No code link in the survey")
        for dataset in paper.value(schema.DATASETS):
            expect(aspect["Datasets"]).to_contain_text(dataset["name"])
        if not paper.value(schema.DATASETS):
            expect(aspect["Datasets"]).to_have_text(re.compile("Not stated"))
        for result in paper.value(schema.RESULTS):
            expect(aspect["Reported results"]).to_contain_text(result["value"])
        if not paper.value(schema.RESULTS):
            expect(aspect["Reported results"]).to_have_text(re.compile("Not stated"))
    # The aspects line up across the columns, so a reader reads along a row.
    tops = page.eval_on_selector_all(
        ".survey-compare__paper",
        "cards => cards.map(c => Array.from(c.querySelectorAll('.survey-compare__aspect'),"
        " a => a.getBoundingClientRect().top))")
    assert tops[0] == tops[1]
    # A link in a copied part leads where it led on the paper's page.
    first_badge = page.locator(f".survey-compare__paper[data-id='{a.id}'] a.survey-badge").first
    first_badge.click()
    expect(page.locator("h1")).to_have_text(re.compile(".+"))
    assert "/compare/" not in page.url


def test_compare_on_a_phone_is_one_paper_per_row_and_names_unknown_ids(browser, site_url: str,
                                                                        built_survey: Survey) -> None:
    a, b = _with_datasets_and_results(built_survey)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + f"compare/?ids={a.id},{b.id},no-such-paper")
    expect(page.locator(".survey-compare__paper")).to_have_count(2)
    expect(page.locator("#survey-compare-status")).to_have_text("Comparing 2 papers. Not in the survey: no-such-paper.")
    boxes = page.eval_on_selector_all(".survey-compare__paper",
                                      "cards => cards.map(c => c.getBoundingClientRect().toJSON())")
    assert boxes[1]["top"] >= boxes[0]["bottom"] and boxes[0]["left"] == boxes[1]["left"]
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.goto(site_url + f"compare/?ids={a.id}")
    expect(page.locator("#survey-compare-status")).to_have_text(
        "Choose two to five papers to compare, on your reading list.")
    context.close()


def test_without_javascript_no_dead_toggle_is_shown(browser, site_url: str, built_survey: Survey) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + built_survey.papers[0].url)
    expect(page.locator("[data-keep]")).to_be_hidden()
    page.goto(site_url + "list/")
    expect(page.locator("noscript")).to_have_count(1)
    context.close()


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("path", ["list/", "compare/"])
def test_axe_finds_no_serious_violation_on_the_reading_pages(page: Page, site_url: str, built_survey: Survey,
                                                            scheme: str, path: str) -> None:
    a, b = _with_datasets_and_results(built_survey)
    page.goto(site_url + "list/")
    page.evaluate("ids => localStorage.setItem('survey-reading-list', JSON.stringify(ids))", [a.id, b.id])
    page.goto(site_url + path + (f"?ids={a.id},{b.id}" if path == "compare/" else ""))
    expect(page.locator("#survey-list-items li, .survey-compare__paper").first).to_be_visible()
    assert serious_accessibility_violations(page, scheme) == []


def test_a_facet_value_page_offers_its_own_feed_and_no_other(page: Page, site_url: str, built_survey: Survey) -> None:
    facet_id, value_id = most_used(built_survey, 1)
    use = next(u for u in built_survey.used(facet_id) if u.value.id == value_id)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + use.url)
    subscribe = page.get_by_role("link", name="Subscribe")
    expect(subscribe).to_be_visible()
    href = subscribe.evaluate("a => a.href")
    assert href == site_url + use.feed_url
    offered = page.locator('head link[type="application/atom+xml"]')
    expect(offered).to_have_count(1)
    assert offered.evaluate("link => link.href") == href and offered.get_attribute("rel") == "alternate feed"
    feed = feedparser.parse(page.request.get(href).body())
    assert not feed.bozo, feed.bozo_exception
    assert [e.link.rstrip("/").rsplit("/", 1)[-1] for e in feed.entries] == \
        [p.id for p in newest_first(use.papers)[:FEED_COUNT]]
    subscribe.click()
    expect(page).to_have_url(href)
    # The absence of a request can only be seen once the page has stopped asking for things.
    page.goto(site_url + use.url, wait_until="networkidle")
    assert not [url for url in requested if url.endswith("sitemap.xml")]
    page.goto(site_url + built_survey.papers[0].url)
    expect(page.locator('head link[type="application/atom+xml"]')).to_have_count(0)


def test_correct_this_paper_opens_the_correction_form_with_the_paper_filled_in(page: Page, site_url: str,
                                                                              built_survey: Survey) -> None:
    """The link names the form and fills the fields GitHub fills from the address, by their ids
    in the form; GitHub itself is not reached (the request is answered here)."""
    import yaml

    from conftest import ROOT

    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "correct-paper.yml").read_text(encoding="utf-8"))
    ids = {field.get("id") for field in form["body"]}
    paper = built_survey.papers[3]
    opened: list[str] = []

    def answer(route) -> None:  # noqa: ANN001 - Playwright's Route
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>new issue</title><h1>new issue</h1>")

    page.route("https://github.com/**", answer)
    page.goto(site_url + paper.url)
    page.get_by_role("link", name="Correct this paper").click()
    expect(page.locator("h1")).to_have_text("new issue")
    (url,) = opened
    query = {key: values[0] for key, values in parse_qs(urlparse(url).query).items()}
    assert urlparse(url).path.endswith("/issues/new")
    assert query == {"template": "correct-paper.yml", "title": f"Correct paper: {paper.id}",
                     "paper": paper.id, "file": paper.source}
    assert {"paper", "file"} <= ids and {"problem", "source"} <= ids
    assert all(field["validations"]["required"] for field in form["body"] if field.get("id") in ("problem", "source"))
