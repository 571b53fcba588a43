"""The exports round-trip: papers.json against its schema, papers.bib through a BibTeX parser,
feed.xml through a feed parser, papers.csv with every paper and field.

On the real corpus (plus unusual papers) the tests compare the exports with the papers as the
survey read them; exact values are checked on the fixture survey and on our own unusual papers."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from pathlib import Path

import bibtexparser
import feedparser
import jsonschema
import pytest

from survey.commands import build
from survey.core import names
from survey.core.model import FEED_COUNT, Survey, newest_first
from survey.render import bibtex, citation


def _csv(site: Path) -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in csv.DictReader(io.StringIO((site / "papers.csv").read_text(encoding="utf-8")))}


def _bib(site: Path) -> dict:
    library = bibtexparser.parse_string((site / "papers.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    return {entry.key: entry for entry in library.entries}


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import new_project

    project = new_project(tmp_path_factory.mktemp("exports") / "survey", survey="fixture")
    assert build.run(project, out=io.StringIO()) == 0
    return project.site_dir


def test_papers_json_matches_its_schema_and_the_papers(built_site: Path, built_survey: Survey) -> None:
    data = json.loads((built_site / "papers.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "papers.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    papers = {p.id: p for p in built_survey.papers}
    assert data["count"] == len(papers) == len(data["papers"])
    assert [r["id"] for r in data["papers"]] == sorted(papers)
    for record in data["papers"]:
        paper = papers[record["id"]]
        assert (record["title"], record["abstract"], record["year"]) == (paper.title, paper.abstract, paper.year)
        # Each author as written, with the parts that say where the family name starts.
        assert [a["name"] for a in record["authors"]] == [names.display(a) for a in paper.authors]
        assert [(a.get("family"), a.get("given", "")) for a in record["authors"] if a["name"] != "et al."] == [
            (names.parse(a).family, names.parse(a).given) for a in paper.authors if a != "et al."]
        for facet in built_survey.taxonomy.facets:
            assert record[facet.id] == list(paper.facets[facet.id])
        assert record["links"] == dict(paper.links)
        assert record["url"].endswith(f"/papers/{record['id']}/")


def test_papers_json_schema_rejects_a_broken_record(built_site: Path) -> None:
    data = json.loads((built_site / "papers.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "papers.schema.json").read_text(encoding="utf-8"))
    facet = next(k for k, v in schema["properties"]["papers"]["items"]["properties"].items()
                 if "enum" in v.get("items", {}))
    data["papers"][0][facet] = ["not-a-value"]
    with pytest.raises(jsonschema.ValidationError, match="not-a-value"):
        jsonschema.validate(data, schema)


def test_papers_bib_parses_with_one_entry_per_paper(built_site: Path, built_survey: Survey) -> None:
    entries = _bib(built_site)
    assert sorted(entries) == sorted(p.id for p in built_survey.papers)
    for paper in built_survey.papers:
        entry = entries[paper.id]
        assert entry.entry_type == bibtex.entry_type(paper)
        # A published paper is cited in its venue's year; a preprint in its own.
        assert entry.fields_dict["year"].value == str(citation.cite(paper).year)
        if paper.arxiv:
            assert entry.fields_dict["eprint"].value == paper.arxiv
    # One of the unusual papers ends its author list with "et al.".
    assert entries["zz-doi-only"].fields_dict["author"].value == "García, Ana and others"  # BibTeX splits it right
    assert entries["zz-doi-only"].fields_dict["doi"].value == "10.5555/zz.2021.1"
    assert "author" not in entries["zz-no-authors"].fields_dict


def test_bibtex_entry_types_follow_the_venue(fixture_site: Path) -> None:
    entries = _bib(fixture_site)
    assert entries["totalsegmentator"].entry_type == "article"
    assert entries["totalsegmentator"].fields_dict["journal"].value == "Radiology: Artificial Intelligence"
    assert entries["totalsegmentator"].fields_dict["year"].value == "2023"  # the venue's, not the preprint's 2022
    assert entries["totalsegmentator"].fields_dict["eprint"].value == "2208.05868"
    assert entries["quilt-1m"].entry_type == "inproceedings"
    assert entries["quilt-1m"].fields_dict["booktitle"].value == "NeurIPS"
    assert entries["chexagent"].entry_type == "misc"


def test_the_feed_lists_the_newest_additions(built_site: Path, built_survey: Survey) -> None:
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    newest = newest_first(built_survey.papers)[:FEED_COUNT]
    assert len(feed.entries) == min(FEED_COUNT, len(built_survey.papers))
    assert [e.link.rstrip("/").rsplit("/", 1)[-1] for e in feed.entries] == [p.id for p in newest]
    for entry, paper in zip(feed.entries, newest, strict=True):
        assert entry.updated.startswith(paper.added)
        assert entry.title == paper.title


_FEED_LINK = re.compile(r'<link rel="([^"]*)" type="application/atom\+xml"[^>]*href="([^"]*)"')


def _feed_links(site: Path, page: Path) -> list[str]:
    """The feeds a page's <head> offers to feed readers, as paths from the site's root."""
    head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
    folder = page.parent.relative_to(site).as_posix()
    found = []
    for rel, href in _FEED_LINK.findall(head):
        assert rel == "alternate feed", rel  # rel="alternate" alone would make the theme fetch sitemap.xml
        found.append(posixpath.normpath(posixpath.join(str(folder), href)))
    return found


def test_every_facet_value_has_its_own_feed_of_its_newest_papers(built_site: Path, built_survey: Survey) -> None:
    uses = [use for facet in built_survey.taxonomy.facets for use in built_survey.used(facet.id)]
    assert uses
    for use in uses:
        feed = feedparser.parse((built_site / use.feed_url).read_bytes())
        assert not feed.bozo, (use.feed_url, feed.bozo_exception)
        assert feed.feed.title.endswith(f"{use.value.title} ({use.facet.singular.lower()}), recently added papers")
        assert next(link.href for link in feed.feed.links if link.rel == "self") == \
            built_survey.site.absolute(use.feed_url)
        newest = newest_first(use.papers)[:FEED_COUNT]
        assert [e.link.rstrip("/").rsplit("/", 1)[-1] for e in feed.entries] == [p.id for p in newest]
        assert all(any(t.term == use.value.id for t in e.tags) for e in feed.entries)


def test_each_feed_is_offered_on_its_own_page_only(built_site: Path, built_survey: Survey) -> None:
    site = built_site
    assert _feed_links(site, site / "index.html") == ["feed.xml"]
    use = built_survey.used(built_survey.taxonomy.facets[0].id)[0]
    assert _feed_links(site, site / use.url / "index.html") == [use.feed_url]
    for page in sorted(site.glob("*/**/index.html")):
        url = page.parent.relative_to(site).as_posix() + "/"
        facet_value = url.count("/") == 2 and url.split("/")[0] in {f.id for f in built_survey.taxonomy.facets}
        assert _feed_links(site, page) == ([url + "feed.xml"] if facet_value else []), url
    for page in ("index.html", use.url + "index.html", "whats-new/index.html"):
        body = (site / page).read_text(encoding="utf-8").split("</head>", 1)[1]
        assert 'class="survey-subscribe"' in body, page


def test_papers_csv_has_every_paper_and_field(built_site: Path, built_survey: Survey) -> None:
    rows = _csv(built_site)
    assert sorted(rows) == sorted(p.id for p in built_survey.papers)
    for paper in built_survey.papers:
        row = rows[paper.id]
        assert row["title"].removeprefix("'") == paper.title
        assert row["authors"].removeprefix("'") == "; ".join(names.display(a) for a in paper.authors)
        for kind, url in paper.links:
            assert row[f"link_{kind}"] == url
    every = rows["zz-every-link"]
    assert every["link_code"] == "https://example.org/zz/code?a=1&b=2"
    assert every["authors"] == "Zoë Ørsted; 田中 太郎"
    assert rows["zz-no-authors"]["authors"] == ""


def test_papers_csv_on_the_fixture(fixture_site: Path) -> None:
    row = _csv(fixture_site)["totalsegmentator"]
    assert row["link_code"] == "https://github.com/wasserth/TotalSegmentator"
    assert row["topics"] == "segmentation"
    assert row["authors"].startswith("Jakob Wasserthal; Hanns-Christian Breit")
