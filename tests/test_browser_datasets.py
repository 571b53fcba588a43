"""The datasets catalogue and the results pages, as a reader uses them: filter, sort, share the
view, download it, read it on a phone; and the results side by side with their quotes. The
expected rows are computed from the papers as the survey read them, so the tests hold for any corpus."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

import hostile
from browsing import serious_accessibility_violations
from conftest import new_project, serve
from survey.commands import build
from survey.core import catalogue
from survey.core.model import Survey
from survey.read.project import Project
from survey.read.reader import read_survey
from survey.render import pages

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


def _rows_html(page: Page) -> list[str]:
    """Each row shown, as the browser serialises it, with the white space between tags dropped."""
    return page.eval_on_selector_all("table.survey-datasets tbody tr",
                                     "rows => rows.map(r => r.outerHTML.replace(/>\\s+</g, '><'))")


def test_rows_the_script_renders_are_the_rows_the_page_was_built_with(page: Page, site_url: str) -> None:
    page.goto(site_url + "datasets/")
    built = _rows_html(page)
    assert built
    sort = page.locator('#survey-dataset-filters select[name="sort"]')
    sort.select_option("name")
    # The script writes the view into the address once it has drawn the rows.
    expect(page).to_have_url(site_url + "datasets/?sort=name")
    expect(page.locator("#survey-dataset-count")).to_have_text(f"All {len(built)} datasets")
    assert sorted(_rows_html(page)) == sorted(built)
    assert _rows_html(page) != built  # the rows are rendered again, by name
    sort.select_option("year")
    expect(page).to_have_url(site_url + "datasets/")
    expect(page.locator("table.survey-datasets tbody tr").first).to_have_id(
        re.match(r'<tr id="([^"]+)"', built[0]).group(1))
    assert _rows_html(page) == built


PAGE = 4
HOSTILE_DATASET = """\
datasets:
  - name: "<img src=x onerror=alert(6)> Chest {{ 7*7 }}"
    released: true
    licence: "<b>CC</b> & \\"BY\\""
    annotations: "</td><script>alert('x')</script> masks"
    modalities: [ct]
"""


@pytest.fixture(scope="module")
def paged_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Project]]:
    """The survey's papers and a hostile one with a dataset (the repository's taxonomy has no
    tasks), with the catalogue at PAGE datasets a page."""
    paper = hostile.PAPER.replace("tasks: [screening]\n", "") + HOSTILE_DATASET
    project = new_project(tmp_path_factory.mktemp("datasets-paged") / "survey", {"papers/hostile.yaml": paper},
                          survey="repo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages, "DATASET_PAGE", PAGE)
        assert build.run(project, out=io.StringIO()) == 0  # its check found every dataset on the pages
    with serve(project.site_dir) as url:
        yield url, project


def test_the_filters_reach_the_datasets_of_every_page(page: Page, paged_catalogue: tuple[str, Project]) -> None:
    url, project = paged_catalogue
    survey = read_survey(project)
    entries = catalogue.datasets(survey)
    assert len(entries) > 3 * PAGE
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url + "datasets/")
    first_page = _shown(page)
    assert len(first_page) == PAGE
    expect(page.locator(".survey-pager").first).to_be_visible()
    facet, value = _most_used_dataset_value(survey)
    expected = sorted(_filtered(survey, facet, value), key=lambda e: -e.paper.year)
    assert len(expected) > PAGE and {e.anchor for e in expected} - set(first_page), "some are on later pages"
    page.locator(f'#survey-dataset-filters input[name="{facet}"][value="{value}"]').check()
    expect(page.locator("#survey-dataset-count")).to_have_text(
        f"{len(expected)} of {len(entries)} datasets, the first {PAGE} shown")
    assert _shown(page) == [e.anchor for e in expected[:PAGE]]
    expect(page.locator(".survey-pager").first).to_be_hidden()  # the plain pages are not this view
    page.get_by_role("button", name="Show more datasets").click()
    more = min(2 * PAGE, len(expected))
    expect(page.locator("#survey-dataset-count")).to_have_text(
        f"{len(expected)} of {len(entries)} datasets" + (f", the first {more} shown" if more < len(expected) else ""))
    assert _shown(page) == [e.anchor for e in expected[:more]]
    # The hostile dataset, rendered by the script, is text.
    page.goto(url + "datasets/?sort=name")
    row = page.locator("#dataset-hostile-0")
    expect(row.locator("th")).to_contain_text("<img src=x onerror=alert(6)> Chest {{ 7*7 }}")
    expect(row.locator('td[data-label="Annotations"]')).to_have_text("</td><script>alert('x')</script> masks")
    expect(row.locator("a.survey-dataset-paper")).to_have_text(hostile.TITLE)
    assert row.locator("img, script, b").count() == 0 and dialogs == []


def test_without_javascript_every_dataset_is_on_a_numbered_page(browser, paged_catalogue: tuple[str, Project]) -> None:
    url, project = paged_catalogue
    entries = sorted(catalogue.datasets(read_survey(project)), key=lambda e: -e.paper.year)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "datasets/")
    expect(page.locator("#survey-dataset-filters")).to_be_hidden()
    listed, pages = [], -(-len(entries) // PAGE)
    assert pages > 12  # more pages than the pager names at once
    while True:
        listed += _shown(page)
        number = len(listed) // PAGE + (len(listed) % PAGE > 0)
        named = [int(n) for n in page.locator(".survey-pager").first.locator("a, strong").all_inner_texts()
                 if n.isdigit()]
        assert named == sorted({1, pages} | {n for n in range(number - 5, number + 6) if 1 <= n <= pages})
        following = page.locator('.survey-pager a[rel="next"]').first
        if not following.count():
            break
        following.click()
        expect(page.locator("h1")).to_contain_text("page")
    assert listed == [e.anchor for e in entries]
    context.close()
