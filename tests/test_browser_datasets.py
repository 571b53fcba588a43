"""The datasets catalogue and the results pages, as a reader uses them: filter, sort, share the
view, download it, read it on a phone; and the results side by side with their quotes. The
expected rows are computed from the papers as the survey read them, so the tests hold for any corpus."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from browsing import serious_accessibility_violations
from survey.core import catalogue
from survey.core.model import Survey

pytestmark = pytest.mark.browser


def _shown(page: Page) -> list[str]:
    return page.eval_on_selector_all("table.survey-datasets tbody tr:not([hidden])", "rows => rows.map(r => r.id)")


def _filtered(survey: Survey, facet: str | None = None, value: str | None = None, released: bool | None = None):
    chosen = []
    for entry in catalogue.datasets(survey):
        if facet and value not in entry.dataset.get(facet, ()):
            continue
        if released is not None and entry.dataset.get("released") is not released:
            continue
        chosen.append(entry)
    return chosen


def _most_used_dataset_value(survey: Survey) -> tuple[str, str]:
    facet = survey.taxonomy.views.datasets.facets[0]
    values = [v for e in catalogue.datasets(survey) for v in e.dataset.get(facet, ())]
    return facet, max(sorted(set(values)), key=values.count)


def test_the_catalogue_lists_every_dataset_with_a_link_to_its_paper(page: Page, site_url: str,
                                                                    built_survey: Survey) -> None:
    page.goto(site_url + "datasets/")
    entries = catalogue.datasets(built_survey)
    assert entries, "the survey has datasets"
    expect(page.locator("#survey-dataset-count")).to_have_text(f"All {len(entries)} datasets")
    assert sorted(_shown(page)) == sorted(e.anchor for e in entries)
    entry = entries[0]
    row = page.locator(f"#{entry.anchor}")
    expect(row.locator("th")).to_contain_text(entry.dataset["name"])
    row.locator("a.survey-dataset-paper").click()
    expect(page.locator("h1")).to_have_text(entry.paper.title)
    expect(page.locator(f"section#{entry.anchor} h3")).to_contain_text(entry.dataset["name"])


def test_filters_sort_share_and_download_the_view(browser, site_url: str, built_survey: Survey,
                                                   built_site: Path) -> None:
    facet, value = _most_used_dataset_value(built_survey)
    expected = _filtered(built_survey, facet, value, released=True)
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(site_url + "datasets/")
    page.locator(f'#survey-dataset-filters input[name="{facet}"][value="{value}"]').check()
    page.locator('#survey-dataset-filters input[name="released"][value="yes"]').check()
    page.locator('#survey-dataset-filters select[name="sort"]').select_option("size")
    assert sorted(_shown(page)) == sorted(e.anchor for e in expected)
    sizes = [e.size if e.size is not None else -1 for e in sorted(expected, key=lambda e: _shown(page).index(e.anchor))]
    assert sizes == sorted(sizes, reverse=True)  # largest first; a size with no number last
    # The view is in the address: opened again, it is the same.
    assert f"{facet}={value}" in page.url and "released=yes" in page.url and "sort=size" in page.url
    shown = _shown(page)
    again = context.new_page()
    again.goto(page.url)
    expect(again.locator("#survey-dataset-count")).to_have_text(f"{len(expected)} of "
                                                                f"{len(catalogue.datasets(built_survey))} datasets")
    assert _shown(again) == shown
    # Downloads hold exactly the rows shown, as datasets.json has them.
    whole = {d["id"]: d for d in json.loads((built_site / "datasets.json").read_text(encoding="utf-8"))}
    with page.expect_download() as as_json:
        page.get_by_role("button", name="Download these datasets as JSON").click()
    items = json.loads(Path(as_json.value.path()).read_text(encoding="utf-8"))
    assert [i["id"] for i in items] == shown and all(i == whole[i["id"]] for i in items)
    with page.expect_download() as as_csv:
        page.get_by_role("button", name="Download these datasets as CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(as_csv.value.path()).read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == shown
    assert [r["name"] for r in rows] == [whole[i]["name"] for i in shown]
    context.close()


def test_on_a_phone_each_dataset_is_a_card_that_fits(browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site_url + "datasets/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first = page.locator("table.survey-datasets tbody tr").first
    assert first.evaluate("row => getComputedStyle(row).display") == "block"
    box = first.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    expect(first.locator('td[data-label="Year"]')).to_be_visible()  # each cell on its line, named
    assert first.locator('td[data-label="Year"]').evaluate("td => getComputedStyle(td, '::before').content") == \
        '"Year: "'
    page.close()


def test_results_reported_by_two_papers_stand_side_by_side_with_their_quotes(page: Page, site_url: str,
                                                                          built_survey: Survey) -> None:
    groups = catalogue.compared_results(built_survey)
    assert groups, "two papers report the same metric on the same dataset"
    page.goto(site_url + "results/")
    expect(page.locator(".admonition.warning")).to_contain_text("not always comparable")
    for group in groups:
        heading = page.locator("h3", has_text=f"{group.dataset} · {group.metric}").first
        table = heading.locator("xpath=following-sibling::div[1]//table")
        for item in group.results:
            row = table.locator("tr", has_text=item.paper.title)
            expect(row.locator("td.survey-value")).to_have_text(item.result["value"])
            expect(row.locator("q")).to_have_text(item.result["quote"])


def test_a_paper_page_shows_its_datasets_and_results_with_quotes(page: Page, site_url: str,
                                                                 built_survey: Survey) -> None:
    paper = next(p for p in built_survey.papers if p.value("datasets") and p.value("results"))
    page.goto(site_url + paper.url)
    for i, dataset in enumerate(paper.value("datasets")):
        expect(page.locator(f"#dataset-{paper.id}-{i} h3")).to_contain_text(dataset["name"])
    rows = page.locator("#results ~ div table.survey-results tbody tr")
    expect(rows).to_have_count(len(paper.value("results")))
    for i, result in enumerate(paper.value("results")):
        expect(rows.nth(i).locator("q")).to_have_text(result["quote"])


@pytest.mark.parametrize("where", ["paper", "results/"])
def test_on_a_phone_each_result_is_a_card_that_fits_with_its_quote(browser, site_url: str, built_survey: Survey,
                                                                   where: str) -> None:
    paper = next(p for p in built_survey.papers if p.value("results"))
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site_url + (paper.url if where == "paper" else where))
    for table in page.locator("table.survey-results").all():
        wrap = table.locator("xpath=..")
        assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth"), "the table scrolls sideways"
        quote = table.locator('tbody tr td[data-label="From the abstract"]').first
        box = quote.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390  # the quote is on the screen
        assert quote.evaluate("td => getComputedStyle(td, '::before').content") == '"From the abstract: "'
    page.close()


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("path", ["datasets/", "results/"])
def test_axe_finds_no_serious_violation_on_the_new_pages(page: Page, site_url: str, scheme: str, path: str) -> None:
    page.goto(site_url + path + "?" + urlencode({}))
    assert serious_accessibility_violations(page, scheme) == []
