"""What the browser tests share: a reader's actions on the built site, and what the papers say
those actions must show.

Usage::

    page.goto(site_url + "papers/?topics=x")
    assert sorted(visible_rows(page)) == matching_papers(survey, {"topics": "x"})
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from conftest import ROOT
from survey.core.model import Paper, Survey

AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"


def visible_rows(page: Page) -> list[str]:
    """The ids of the rows the index shows once every "Show more" has been pressed."""
    more = page.locator("#survey-show-more")
    while more.is_visible():
        before = page.locator("table.survey-papers tbody tr").count()
        more.click()
        expect(page.locator("table.survey-papers tbody tr")).not_to_have_count(before)
    return page.eval_on_selector_all("table.survey-papers tbody tr", "rows => rows.map(r => r.dataset.id)")


def search(page: Page, query: str) -> None:
    page.locator("button.survey-search-open").first.click()
    page.locator("#survey-search-input").press_sequentially(query)
    expect(page.locator("#survey-search-results a").first).to_be_visible()


def with_arxiv(survey: Survey) -> Paper:
    return next(p for p in survey.papers if p.arxiv and p.authors)


def matching_papers(survey: Survey, query: dict[str, str]) -> list[str]:
    """The papers a filtered index must show, computed from the papers as the survey read them."""
    chosen = []
    for paper in survey.papers:
        ok = all(set(query[f.id].split(",")) & set(paper.facets[f.id]) for f in survey.taxonomy.facets
                 if f.id in query)
        if query.get("code") == "1" and not paper.link("code"):
            ok = False
        if "from" in query and paper.year < int(query["from"]):
            ok = False
        if "to" in query and paper.year > int(query["to"]):
            ok = False
        if "text" in query:
            haystack = " ".join([paper.title, *paper.authors, paper.venue, paper.arxiv, paper.doi, paper.id]).lower()
            ok = ok and all(word in haystack for word in query["text"].lower().split())
        if ok:
            chosen.append(paper.id)
    return sorted(chosen)


def most_used(survey: Survey, facet_index: int, rank: int = 0) -> tuple[str, str]:
    facet = survey.taxonomy.facets[facet_index]
    uses = sorted(survey.used(facet.id), key=lambda u: (-len(u.papers), u.value.id))
    return facet.id, uses[min(rank, len(uses) - 1)].value.id


def serious_accessibility_violations(page: Page, scheme: str) -> list[str]:
    """What axe-core finds serious or critical on the page, in the given colour scheme."""
    page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
    page.wait_for_timeout(600)  # the theme animates colour changes; measure the final colours
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in results["violations"] if v["impact"] in ("serious", "critical")]
