"""The exports of the real survey round-trip: papers.json against its schema, papers.bib through
a BibTeX parser, feed.xml through a feed parser, papers.csv with every paper and field."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import bibtexparser
import feedparser
import jsonschema
import yaml

from conftest import ROOT
from survey.model import FEED_COUNT


def _papers() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in (ROOT / "papers").glob("[!_]*.yaml")}


def test_papers_json_matches_its_schema_and_the_files(built_site: Path) -> None:
    data = json.loads((built_site / "papers.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "papers.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    files = _papers()
    assert data["count"] == len(files) == len(data["papers"])
    for record in data["papers"]:
        source = files[record["id"]]
        assert record["title"] == source["title"]
        assert record["abstract"] == " ".join(source["abstract"].split())
        assert record["topics"] == source["topics"]
        assert record["links"] == source.get("links", {})
        assert record["url"].endswith(f"/papers/{record['id']}/")


def test_papers_json_schema_rejects_a_broken_record(built_site: Path) -> None:
    data = json.loads((built_site / "papers.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "papers.schema.json").read_text(encoding="utf-8"))
    data["papers"][0]["topics"] = ["not-a-topic"]
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as error:
        assert "not-a-topic" in error.message
    else:
        raise AssertionError("the schema accepted an unknown topic")


def test_papers_bib_parses_with_one_entry_per_paper(built_site: Path) -> None:
    library = bibtexparser.parse_string((built_site / "papers.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    keys = [entry.key for entry in library.entries]
    assert sorted(keys) == sorted(_papers())
    by_key = {entry.key: entry for entry in library.entries}
    totalsegmentator = by_key["totalsegmentator"]
    assert totalsegmentator.entry_type == "article"
    assert totalsegmentator.fields_dict["journal"].value == "Radiology: Artificial Intelligence 2023"
    assert totalsegmentator.fields_dict["eprint"].value == "2208.05868"
    assert by_key["chestx-ray8"].entry_type == "inproceedings"
    assert by_key["chexagent"].entry_type == "misc"
    assert by_key["medshapenet"].fields_dict["author"].value.endswith(" and others")


def test_the_feed_lists_the_newest_additions(built_site: Path) -> None:
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    papers = _papers()
    assert len(feed.entries) == min(FEED_COUNT, len(papers))
    newest = sorted(papers, key=lambda pid: (str(papers[pid]["added"]), [-ord(c) for c in pid]), reverse=True)
    assert [e.link.rstrip("/").rsplit("/", 1)[-1] for e in feed.entries] == newest[:FEED_COUNT]
    assert all(e.updated.startswith(str(papers[e.link.rstrip('/').rsplit('/', 1)[-1]]["added"])) for e in feed.entries)


def test_every_page_links_the_feed(built_site: Path) -> None:
    for page in (built_site / "index.html", built_site / "papers" / "gms" / "index.html"):
        assert 'type="application/atom+xml"' in page.read_text(encoding="utf-8")


def test_papers_csv_has_every_paper_and_field(built_site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((built_site / "papers.csv").read_text(encoding="utf-8"))))
    papers = _papers()
    assert sorted(r["id"] for r in rows) == sorted(papers)
    row = next(r for r in rows if r["id"] == "totalsegmentator")
    assert row["link_code"] == "https://github.com/wasserth/TotalSegmentator"
    assert row["topics"] == "segmentation"
    assert row["authors"].startswith("Jakob Wasserthal; Hanns-Christian Breit")
