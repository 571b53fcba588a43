"""Everything a paper file contains is untrusted: a paper whose every field is hostile is
built into the site, and every place it appears shows the literal text with no live markup."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import feedparser
import pytest

import hostile
from conftest import new_project
from survey.commands import build
from survey.core import names


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = new_project(tmp_path_factory.mktemp("hostile") / "survey",
                          {"papers/hostile.yaml": hostile.PAPER}, survey="fixture")
    assert build.run(project, out=io.StringIO()) == 0
    return project.site_dir


class Page(HTMLParser):
    """What a browser would treat as live: scripts, event handlers, URLs; plus text by element."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict, str]] = []
        self.handlers: list[tuple[str, str, str]] = []
        self.urls: list[str] = []
        self.tags: list[str] = []
        self.text_of: dict[str, list[str]] = {}
        self.meta: list[tuple[str, str]] = []
        self._stack: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name, value or ""))
            if name in self.URL_ATTRIBUTES and value:
                self.urls.append(value)
        if tag == "meta" and "name" in attributes:
            self.meta.append((attributes["name"], attributes.get("content", "")))
        if tag not in ("meta", "link", "input", "br", "img", "hr"):
            self._stack.append((tag, attributes))

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self._stack:
            tag, attributes = self._stack[-1]
            if tag == "script":
                self.scripts.append((attributes, data))
            self.text_of.setdefault(tag, []).append(data)


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_has_live_markup_from_the_data(site: Path) -> None:
    for path in _pages(site):
        page = Page(path.read_text(encoding="utf-8"))
        assert page.handlers == [], path
        assert not [u for u in page.urls if u.strip().lower().startswith(("javascript:", "data:", "vbscript:"))], path
        for attributes, code in page.scripts:
            if attributes.get("type") == "application/ld+json":
                json.loads(code)  # data stays inside a JSON string
            else:
                assert "alert(" not in code, path
        assert "iframe" not in page.tags, path


def test_the_paper_page_shows_every_field_literally(site: Path) -> None:
    text = (site / "papers" / "hostile" / "index.html").read_text(encoding="utf-8")
    page = Page(text)
    assert hostile.TITLE in page.text_of["h1"]
    assert "".join(page.text_of["title"]).startswith(hostile.TITLE + " - ")
    paragraphs = page.text_of["p"]
    assert hostile.TLDR in paragraphs
    assert "# Not a heading" in paragraphs  # abstract paragraphs are text, not Markdown
    assert hostile.ABSTRACT.split("\n\n")[1] in paragraphs
    shown = [hostile.AUTHOR, hostile.AUTHOR_2]
    assert [t for t in page.text_of["a"] if t in shown] == shown
    assert 'class="survey-authors"' in text and ", et al.</p>" in text  # linked names, then et al.
    assert "49" not in "".join(page.text_of["h1"])  # no template evaluated the title
    meta = dict(page.meta)
    assert meta["citation_title"] == hostile.TITLE
    # Reference managers get "Family, Given"; the hostile text is still there, literally.
    assert [c for n, c in page.meta if n == "citation_author"] == [names.parse(hostile.AUTHOR).inverted,
                                                                   names.parse(hostile.AUTHOR_2).inverted]
    assert meta["description"] == hostile.TLDR
    jsonld_code = next(code for attributes, code in page.scripts if attributes.get("type") == "application/ld+json")
    jsonld = json.loads(jsonld_code)
    assert jsonld["name"] == hostile.TITLE
    assert jsonld["author"][0]["name"] == hostile.AUTHOR
    assert "</script" not in jsonld_code
    assert 'href="https://example.org/repo?a=1&amp;b=2#frag"' in text
    assert 'href="https://doi.org/10.1234/x%3Cy%3E%26z"' in text


def test_rows_and_lists_keep_their_shape(site: Path) -> None:
    index = (site / "papers" / "index.html").read_text(encoding="utf-8")
    page = Page(index)
    assert hostile.TITLE in page.text_of["a"]
    assert hostile.VENUE in page.text_of["td"]
    row = index[index.index('id="row-hostile"'):]
    row = row[: row.index("</tr>")]
    assert row.count("<td") == 3 + 4 + 1  # title, year, venue, four facets, code
    topic = (site / "topics" / "segmentation" / "index.html").read_text(encoding="utf-8")
    item = topic[topic.index('id="row-hostile"'):]
    item = item[: item.index("</li>")]
    assert item.count("<a ") == 2 and "<script" not in item and "<img" not in item  # the title and the code link
    assert hostile.TITLE in Page(topic).text_of["a"]


def test_the_index_data_holds_the_exact_values(site: Path) -> None:
    data = json.loads((site / "papers" / "index.json").read_text(encoding="utf-8"))
    row = dict(zip(data["fields"], next(r for r in data["papers"] if r[0] == "hostile"), strict=True))
    assert (row["title"], row["venue"]) == (hostile.TITLE, hostile.VENUE)
    assert row["authors"] == f"{hostile.AUTHOR}, {hostile.AUTHOR_2}"


def test_the_search_index_holds_the_text_as_text(site: Path) -> None:
    """The search index holds text: the hostile strings are there literally, as the text a reader
    typed into the paper file (the site's search box builds results from text nodes only;
    test_browser checks that nothing runs)."""
    bundle = site / "search-index"
    version = json.loads((bundle / "entry.json").read_text(encoding="utf-8"))["version"]
    records = [json.loads(f.read_text(encoding="utf-8")) for f in (bundle / version / "page").iterdir()]
    entry = next(r for r in records if r["url"] == "/papers/hostile/")
    assert entry["title"] == hostile.TITLE
    assert hostile.TLDR in entry["text"] and hostile.ABSTRACT.replace("\n\n", " ") in entry["text"]


def test_the_feed_parses_and_carries_the_literal_title(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    entry = next(e for e in feed.entries if e.link.endswith("/papers/hostile/"))
    assert entry.title == hostile.TITLE
    assert entry.summary == hostile.TLDR


def test_json_and_csv_exports_hold_the_exact_values(site: Path) -> None:
    record = next(p for p in json.loads((site / "papers.json").read_text(encoding="utf-8"))["papers"]
                  if p["id"] == "hostile")
    assert (record["title"], record["venue"], record["tldr"], record["abstract"]) == (
        hostile.TITLE, hostile.VENUE, hostile.TLDR, hostile.ABSTRACT)
    assert [a["name"] for a in record["authors"]] == [hostile.AUTHOR, hostile.AUTHOR_2, "et al."]
    rows = list(csv.DictReader(io.StringIO((site / "papers.csv").read_text(encoding="utf-8"))))
    row = next(r for r in rows if r["id"] == "hostile")
    assert row["title"] == hostile.TITLE
    assert row["venue"] == "'" + hostile.VENUE  # a spreadsheet would run it as a formula
    assert row["abstract"] == hostile.ABSTRACT


def test_bibtex_stays_balanced_and_parseable(site: Path) -> None:
    library = bibtexparser.parse_string((site / "papers.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    assert len(library.entries) == 6
    entry = next(e for e in library.entries if e.key == "hostile")
    title = entry.fields_dict["title"].value
    assert r"\textbraceleft{}\textbraceleft{} 7*7 \textbraceright{}\textbraceright{}" in title
    journal = entry.fields_dict["journal"].value
    assert journal == r'=HYPERLINK("http://evil.example") \textbraceleft{}\% raw \%\textbraceright{}'
