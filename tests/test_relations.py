"""How the papers relate: `survey refresh` writes the citations within the survey from Semantic
Scholar's batch answers and the health of each paper's code and record from GitHub and Crossref,
all served on 127.0.0.1 in their recorded formats (tests/services.py); the pages show what the
files say; removing a paper leaves nothing stale; every failure keeps every value. Mentions are
found offline in the seed papers' abstracts.

The Semantic Scholar answers are in the service's recorded shape, but which seed paper cites
which is chosen here (no recording of the seed papers' references exists offline): the tests
check that the survey carries what the answer says, not what the papers really cite."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page

from conftest import serve
from services import Handler, s2_paper, serve_services
from survey.commands import build
from survey.core import authors, relations, schema
from survey.core.model import Paper, Survey
from survey.core.relations import Citations
from survey.read.project import Project
from survey.read.reader import read_survey
from survey.services.semanticscholar import asked_as

OUTSIDE = "2401.00001"
"""A paper that is not in the survey, cited by three survey papers: a discovery candidate."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_services() as base:
        yield base


@pytest.fixture(autouse=True)
def fresh_answers() -> Iterator[None]:
    yield
    Handler.papers, Handler.repositories, Handler.crossref, Handler.failing = {}, {}, {}, {}


def _settings(server: str, semanticscholar: str = "", github: str = "") -> str:
    return (f'[tool.survey.services]\narxiv = "{server}/api/query"\ncrossref = "{server}"\n'
            f'semanticscholar = "{semanticscholar or server}"\ngithub = "{github or server}"\n'
            "timeout = 1\narxiv-pause = 0\nretry-wait = 0\n")


def _external(paper: Paper) -> dict[str, str]:
    return {"ArXiv": paper.arxiv} if paper.arxiv else {"DOI": paper.doi.upper()}  # S2 often writes DOIs upper-case


def answer_for(survey: Survey) -> dict[str, set[str]]:
    """Set Semantic Scholar's answers: each paper (by id order) cites the next two, plus one
    reference it could not resolve; the first three also cite OUTSIDE; the first paper is one
    it does not know. Returns the citations within the survey that the answers give."""
    papers = sorted((p for p in survey.papers if p.arxiv or p.doi), key=lambda p: p.id)
    expected = {}
    for i, paper in enumerate(papers[1:], 1):
        cited = [papers[(i + k) % len(papers)] for k in (1, 2)]
        refs = [_external(c) for c in cited] + [None] + ([{"ArXiv": OUTSIDE}] if i <= 3 else [])
        Handler.papers[asked_as(paper)] = s2_paper(_external(paper), refs)
        expected[paper.id] = {c.id for c in cited} - {paper.id}
    return expected


def _citations(project: Project) -> dict[str, set[str]]:
    data = yaml.safe_load((project.papers_dir / "_citations.yaml").read_text(encoding="utf-8"))
    return {k: set(v) for k, v in data["cites"].items()}


def _all_texts(project: Project) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(project.papers_dir.iterdir()) if p.is_file()}


@pytest.fixture
def seed(make_project, server: str):
    def make(**settings: str) -> Project:
        return make_project({"pyproject.toml": _settings(server, **settings)}, survey="repo")
    return make


def test_refresh_writes_the_citations_within_the_survey_and_a_second_refresh_changes_nothing(seed, run_cli) -> None:
    project = seed()
    expected = answer_for(read_survey(project))
    code, out = run_cli(project, "refresh")
    assert code == 0, out
    assert _citations(project) == expected
    text = (project.papers_dir / "_citations.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Written by `survey refresh` from Semantic Scholar")
    assert re.search(r"^retrieved: \d{4}-\d\d-\d\d$", text, flags=re.M)
    pairs = sum(len(v) for v in expected.values())
    assert f"Semantic Scholar knew {len(expected)} papers; {pairs} new, 0 gone" in out
    before = _all_texts(project)
    code, out = run_cli(project, "refresh")
    assert code == 0 and _all_texts(project) == before  # the same answers change no file, not even the date
    assert f"{0} new, 0 gone" in out
    # A paper Semantic Scholar no longer knows keeps its entry; one it now answers differently changes.
    known = sorted(expected)
    del Handler.papers[asked_as(read_survey(project).by_id[known[0]])]
    code, _ = run_cli(project, "refresh")
    assert code == 0 and _citations(project) == expected


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.section, self.found = "", {}

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        attrs = dict(attrs)
        if tag in ("h2", "h3") and attrs.get("id"):
            self.section = attrs["id"]
        if tag == "a" and "href" in attrs:
            self.found.setdefault(self.section, []).append(attrs["href"])


def _section_links(page: Path, section: str) -> set[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return {href.rstrip("/").rsplit("/", 1)[-1] for href in parser.found.get(section, []) if "/papers/" in href}


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory, server: str) -> Iterator[tuple[Project, dict[str, set[str]]]]:
    """The seed survey after a refresh with citations and health answers, built once."""
    from conftest import new_project
    from survey.commands import refresh

    project = new_project(tmp_path_factory.mktemp("relations") / "survey", {"pyproject.toml": _settings(server)},
                          survey="repo")
    survey = read_survey(project)
    expected = answer_for(survey)
    coded = [p for p in survey.papers if "github.com/" in p.link("code")]
    owner_repo = lambda p: "/".join(p.link("code").split("github.com/")[1].split("/")[:2])  # noqa: E731
    Handler.repositories = {owner_repo(coded[0]): "archived", owner_repo(coded[1]): "gone"}
    with_doi = [p for p in survey.papers if p.doi]  # the seed has few DOIs: one is retracted (and corrected)
    Handler.crossref = {with_doi[0].doi: "crossref-works-retracted-paper.json"}
    assert refresh.run(project, out=io.StringIO()) == 0
    assert build.run(project, out=io.StringIO()) == 0
    yield project, expected
    Handler.papers, Handler.repositories, Handler.crossref = {}, {}, {}


def test_each_paper_page_shows_what_it_cites_and_what_cites_it(refreshed) -> None:
    project, expected = refreshed
    survey = read_survey(project)
    cited_by: dict[str, set[str]] = {}
    for citing, cited in expected.items():
        for other in cited:
            cited_by.setdefault(other, set()).add(citing)
    for paper in survey.papers:
        page = project.site_dir / paper.url / "index.html"
        assert _section_links(page, "cites") == expected.get(paper.id, set()), paper.id
        assert _section_links(page, "cited-by") == cited_by.get(paper.id, set()), paper.id
    overview = (project.site_dir / "overview" / "index.html").read_text(encoding="utf-8")
    assert 'id="most-cited"' in overview
    most = max(cited_by, key=lambda i: len(cited_by[i]))
    assert f"papers/{most}/" in overview.split('id="most-cited"')[1]
    map_page = (project.site_dir / "map" / "index.html").read_text(encoding="utf-8")
    points = re.findall(r'id="p-([^"]+)"[^>]*><circle [^>]*cx="([^"]+)" cy="([^"]+)"', map_page)
    at = {paper: (x, y) for paper, x, y in points}
    lines = json.loads((project.site_dir / "map" / "citations.json").read_text(encoding="utf-8"))
    drawn = re.findall(r"M([-\d.]+) ([-\d.]+)L([-\d.]+) ([-\d.]+)", lines["d"])
    assert "".join(f"M{a} {b}L{c} {d}" for a, b, c, d in drawn) == lines["d"]
    assert sorted(drawn) == sorted((*at[citing], *at[other]) for citing, cited in expected.items() for other in cited)
    assert lines["citations"] == len(drawn) and f"Show the {len(drawn):,} citations" in map_page


def test_the_map_loads_its_citation_lines_when_the_reader_asks_for_them(refreshed, page: Page) -> None:
    project, _ = refreshed
    with serve(project.site_dir) as url:
        page.goto(url + "map/")
        lines = page.locator("path.survey-map-edges")
        page.locator("#survey-map-citations").check()  # hidden until the script can load them
        page.wait_for_function("""() => {
            const lines = document.querySelector("path.survey-map-edges");
            return lines.getAttribute("d") && getComputedStyle(lines).display !== "none" && lines.getBBox().width > 0;
        }""")
        expected = json.loads((project.site_dir / "map" / "citations.json").read_text(encoding="utf-8"))["d"]
        assert lines.get_attribute("d") == expected


def test_archived_code_and_retractions_appear_as_badges_everywhere_the_paper_is_listed(refreshed) -> None:
    project, _ = refreshed
    survey = read_survey(project)
    health = yaml.safe_load((project.papers_dir / "_health.yaml").read_text(encoding="utf-8"))
    assert sorted(health["code"].values()) == ["archived", "gone"]
    (retracted, updates), = health["updates"].items()
    assert {u["type"] for u in updates} == {"retraction", "correction"}
    assert {u["doi"] for u in updates} == {"10.1016/s0140-6736(10)60175-4", "10.1016/s0140-6736(04)15715-2"}
    site = project.site_dir
    page = (site / survey.by_id[retracted].url / "index.html").read_text(encoding="utf-8")
    assert "This paper has been retracted" in page and "https://doi.org/10.1016/s0140-6736%2810%2960175-4" in page
    assert '<span class="survey-flag survey-flag--retracted">Retracted</span>' in page
    paper = survey.by_id[retracted]
    flag = '<span class="survey-flag survey-flag--retracted">Retracted</span>'

    def listed(page: Path) -> str:  # the paper's item or row, up to its link
        text = page.read_text(encoding="utf-8")
        return text.split(f'id="row-{retracted}"', 1)[1].split(f'href="../../papers/{retracted}/"', 1)[0]

    for facet in survey.taxonomy.facets:
        for value in paper.facets[facet.id]:
            assert flag in listed(site / facet.id / value / "index.html"), (facet.id, value)
    if retracted in [p.id for p in survey.papers[:30]]:  # on the index's first screen
        assert flag in listed(site / "papers" / "index.html")
    people = authors.collect(survey.papers, survey.name_variants)
    for name in paper.authors:  # an author's own page lists it as an item; their letter's page, inline
        if name in people and people[name].has_page:
            assert flag in listed(site / people[name].url / "index.html"), name
        elif name in people:
            listing = (site / people[name].url.partition("#")[0] / "index.html").read_text(encoding="utf-8")
            entry = listing.split(f'<li id="{people[name].slug}">', 1)[1].split("</li>", 1)[0]
            assert flag in entry.split(f'href="../../../papers/{retracted}/"')[0].rsplit("</a>", 1)[-1], name
    for listing, field, link in (("datasets", schema.DATASETS, f"../papers/{retracted}/#"),
                                 ("results", schema.RESULTS, f"../papers/{retracted}/#results")):
        parts = (site / listing / "index.html").read_text(encoding="utf-8").split(f'href="{link}')
        assert len(parts) > len(paper.value(field)) > 0 or not paper.value(field), listing
        for before in parts[:-1]:
            assert flag in before.rsplit("</a>", 1)[-1], listing
    assert 'survey-flag--updated">Corrected' in page  # the correction, after the retraction
    archived = next(k for k, v in health["code"].items() if v == "archived")
    assert "Code archived" in (site / survey.by_id[archived].url / "index.html").read_text(encoding="utf-8")
    import json
    index = json.loads((site / "papers" / "index.json").read_text(encoding="utf-8"))
    at = index["fields"].index("flags")
    flags = {row[0]: row[at] for row in index["papers"]}
    assert ["retracted", "Retracted"] in flags[retracted] and flags[archived] == [["code", "Code archived"]]


def test_removing_a_paper_leaves_no_stale_link_and_check_says_how_to_fix(seed, run_cli) -> None:
    project = seed()
    expected = answer_for(read_survey(project))
    assert run_cli(project, "refresh")[0] == 0
    gone = next(iter(sorted({c for cited in expected.values() for c in cited} & set(expected))))
    (project.papers_dir / f"{gone}.yaml").unlink()
    code, out = run_cli(project, "check")
    assert code == 0, out  # a warning, not an error: the contributor who removed the paper is not blocked
    warned = [line for line in out.splitlines() if line.startswith("papers/_citations.yaml:") and f"'{gone}'" in line]
    assert warned and all("(remove" in line and "survey refresh" in line for line in warned)
    text = (project.papers_dir / "_citations.yaml").read_text(encoding="utf-8").splitlines()
    for line in warned:
        number = int(line.split(":")[1])
        assert gone in text[number - 1]
    assert build.run(project, out=io.StringIO()) == 0
    for page in project.site_dir.rglob("*.html"):
        assert f"papers/{gone}/" not in page.read_text(encoding="utf-8"), page
    assert run_cli(project, "refresh")[0] == 0
    assert gone not in _citations(project) and all(gone not in v for v in _citations(project).values())


def test_a_large_surveys_citation_file_is_read_though_larger_than_a_paper_file(make_project, run_cli) -> None:
    """At 5,000 papers the citations refresh writes are about 350 KB, over a paper file's limit."""
    from survey.read import load
    from survey.render import datafiles

    project = make_project(survey="fixture")
    ids = sorted(p.stem for p in project.papers_dir.glob("*.yaml") if not p.name.startswith("_"))
    text = datafiles.citations_yaml(Citations("Semantic Scholar", "2026-12-01", {ids[0]: (ids[1],)}))
    padding = "# " + "x" * 98 + "\n"
    (project.papers_dir / "_citations.yaml").write_text(text + padding * (load.MAX_FILE_BYTES // 100 + 1),
                                                        encoding="utf-8")
    assert (project.papers_dir / "_citations.yaml").stat().st_size > load.MAX_FILE_BYTES
    assert read_survey(project).citations.cites == {ids[0]: (ids[1],)}
    assert run_cli(project, "check")[0] == 0


@pytest.mark.parametrize("failure", ["offline", "timeout", "rate limit", "GitHub's rate limit", "partly answered"])
def test_a_service_that_fails_keeps_every_value_and_says_so_in_one_line(seed, run_cli, server: str,
                                                                        failure: str) -> None:
    settings = {"offline": {"semanticscholar": "http://127.0.0.1:9"},
                "timeout": {"semanticscholar": f"{server}/slow"}}.get(failure, {})
    project = seed(**settings)
    survey = read_survey(project)
    answer_for(survey)
    limited = [(429, "semanticscholar-error-429.json", {"Retry-After": "0"})] * 5
    if failure == "rate limit":
        Handler.failing = {"/graph/v1/paper/batch": limited}
    if failure == "GitHub's rate limit":
        Handler.failing = {"/repos/": [(403, "github-rate-limit-403.json", {"x-ratelimit-remaining": "0",
                                                                            "x-ratelimit-reset": "0"})] * 50}
    if failure == "partly answered":  # one good answer, then the next service breaks off
        Handler.failing = {"/works/": [(503, "crossref-404.txt", {})] * 100}
    before = _all_texts(project)
    code, out = run_cli(project, "refresh")
    assert code == 3, out
    assert out.count("\n") == 1 and "Traceback" not in out and out.startswith("survey refresh: ")
    said = {"offline": "Semantic Scholar could not be reached (", "timeout": "Semantic Scholar could not be "
            "reached (timed out)", "rate limit": "Semantic Scholar answered HTTP 429 (a rate limit); try again later",
            "GitHub's rate limit": "GitHub answered HTTP 403 (a rate limit); try again later",
            "partly answered": "Crossref answered HTTP 503"}[failure]
    assert said in out, out
    assert _all_texts(project) == before


def test_a_rate_limit_is_waited_out_as_retry_after_says(seed, run_cli) -> None:
    project = seed()
    expected = answer_for(read_survey(project))
    Handler.failing = {"/graph/v1/paper/batch": [(429, "semanticscholar-error-429.json", {"Retry-After": "0"})]}
    code, out = run_cli(project, "refresh")
    assert code == 0, out
    assert _citations(project) == expected and Handler.failing["/graph/v1/paper/batch"] == []


HAND_CHECKED = {("chexagent", "probmed", "CheXagent"), ("totalsegmentator", "merlin", "TotalSegmentator")}
"""The seed's mentions, each read by hand and right: ProbMed's abstract reports results from
CheXagent, Merlin's validates on TotalSegmentator. A paper added later may add more."""


def test_mentions_on_the_seed_name_other_papers_models_and_datasets(refreshed) -> None:
    project, _ = refreshed
    survey = read_survey(project)
    found = {(named, m.paper, m.name) for named, ms in survey.mentions.items() for m in ms}
    assert {m for m in HAND_CHECKED if {m[0], m[1]} <= survey.by_id.keys()} <= found
    for named, paper, name in found:  # each a whole-word name of another paper, in the abstract as written
        assert paper != named and name in relations.names_of(survey.by_id[named])
        assert re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", survey.by_id[paper].abstract), (paper, name)
    for named in {m[0] for m in found}:
        page = project.site_dir / survey.by_id[named].url / "index.html"
        assert _section_links(page, "mentioned-in") == {m[1] for m in found if m[0] == named}, named


def test_discover_proposes_a_paper_three_survey_papers_cite_with_suggestions_from_the_taxonomy(
        seed, run_cli, tmp_path: Path) -> None:
    project = seed()
    survey = read_survey(project)
    answer_for(survey)  # OUTSIDE is cited by three survey papers
    before = set(_all_texts(project))
    report = tmp_path / "body.md"
    code, out = run_cli(project, "discover", "--report", str(report))
    assert code == 0, out
    (new,) = set(_all_texts(project)) - before
    text = (project.papers_dir / new).read_text(encoding="utf-8")
    note = text.splitlines()[0]
    assert note.startswith("# Proposed by `survey discover`: cited by 3 papers of the survey (")
    assert "SUGGESTIONS" in text.splitlines()[1]
    paper = yaml.safe_load(text)
    assert paper["arxiv"] == OUTSIDE
    for facet in survey.taxonomy.facets:  # every suggestion is one of the taxonomy's values
        assert set(paper.get(facet.id) or []) <= set(facet.ids), facet.id
    assert paper["topics"], "a required facet gets at least one suggestion"
    checked = run_cli(project, "check", f"papers/{new}")
    assert checked[0] == 0, checked[1]
    body = report.read_text(encoding="utf-8")
    assert "**The facets are suggestions**" in body and f"`papers/{new}`" in body and "Nothing is merged" in body
    assert out.startswith("✓ 1 paper proposed, each cited by at least 3 papers of the survey")
    # Once it is in the survey it is no longer proposed; and the threshold comes from pyproject.toml.
    code, out = run_cli(project, "discover")
    assert code == 0 and out.startswith("✓ 0 papers proposed") and set(_all_texts(project)) == before | {new}
    (project.papers_dir / new).unlink()
    settings = project.root / "pyproject.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n[tool.survey.discovery]\nmin-citing = 4\n",
                        encoding="utf-8")
    code, out = run_cli(project, "discover")
    assert code == 0 and out.startswith("✓ 0 papers proposed, each cited by at least 4")
