"""Property-based tests: random valid papers, hostile strings included, go through the whole
pipeline; everything is escaped and nothing is lost."""

from __future__ import annotations

import html
import io
import json
import re
import string
from html.parser import HTMLParser

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, TODAY, new_project
from survey.commands import build
from survey.core import model, names
from survey.core.model import Site
from survey.read import load, validate
from survey.read.reader import load_taxonomy as load_file
from survey.render import exports, pages, templating

TAXONOMY = load_file(DATA / "survey" / "papers" / "_taxonomy.yaml", "papers/_taxonomy.yaml")
HOSTILE = ["<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "*x*", "[a](javascript:b)", "&amp;", "\\",
           '"', "'", "`", "</textarea>", "<!--", "]]>", "=SUM(A1)", "@cmd", "-1", "+1", "| a |", "# h",
           "\u202e", "🧠", "田中", "ℝ³", "\u00a0"]
# Printable text: no surrogates, no control characters (those are rejected, as tested elsewhere).
letters = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn"),
                        blacklist_characters="\ufeff\ufff9\ufffa\ufffb")
words = st.one_of(st.text(letters, min_size=1, max_size=12), st.sampled_from(HOSTILE))
line = st.lists(words, min_size=1, max_size=8).map(" ".join).filter(lambda s: s.strip())


@st.composite
def papers(draw, ident: str = "random-paper") -> dict:
    facets = {f.id: draw(st.lists(st.sampled_from(f.ids), min_size=1, max_size=3, unique=True))
              for f in TAXONOMY.facets}
    paper = {
        "title": draw(line),
        # Any text that reads as a name (names written so that the family name is unclear are
        # refused, which test_check tests).
        "authors": draw(st.lists(line.filter(lambda s: names.problem(s) is None and s.strip().casefold() != "others"),
                                 min_size=1, max_size=5)),
        "year": draw(st.integers(1990, 2026)),
        "abstract": draw(st.lists(line, min_size=1, max_size=3).map("\n\n".join)),
        **facets,
        "added": draw(st.dates(min_value=TODAY.replace(year=2020), max_value=TODAY)).isoformat(),
    }
    if draw(st.booleans()):
        paper["venue"] = draw(line)
    if draw(st.booleans()):
        paper["tldr"] = draw(line.filter(lambda s: len(s) <= 300))
    if draw(st.booleans()):
        path = draw(st.text(string.ascii_letters + string.digits + "-._~%!$&'()*+,;=:@/?#", max_size=20))
        paper["links"] = {"code": "https://example.org/" + path}
    return paper


def _normal(text: str) -> str:
    """Whitespace as the loader normalises it: runs of spaces, tabs and newlines become one space
    (other spaces, such as a no-break space in a name, are kept)."""
    return re.sub(r"[ \t\n]+", " ", text).strip()


class Text(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.tags: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.chunks.append(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers())
def test_a_random_paper_round_trips_and_renders_literally(paper: dict) -> None:
    text = yaml.safe_dump(paper, allow_unicode=True, sort_keys=False)
    doc = load.parse_yaml(text, "papers/random-paper.yaml")
    checked, problems = validate.check_paper(doc, TAXONOMY, TODAY)
    assert problems == [] and checked is not None
    # Nothing lost: every field comes back, whitespace aside.
    assert checked.title == _normal(paper["title"])
    assert list(checked.authors) == [_normal(a) if _normal(a).casefold() not in ("et al", "et al.") else "et al."
                                     for a in paper["authors"]]
    assert checked.abstract.split("\n\n") == [_normal(p) for p in paper["abstract"].split("\n\n") if _normal(p)]
    assert {f: list(v) for f, v in checked.facets.items()} == {f.id: paper[f.id] for f in TAXONOMY.facets}
    survey = model.build([checked], TAXONOMY, Site("Test", "https://example.org/"))
    page = pages.Pages(survey).paper(checked, ())
    head, body = page.split("\n---\n", 1)[1].split(templating.HEAD_END)
    assert set(Text(head).tags) == {"meta", "script"}
    parsed = Text(body)
    # Only the template's own elements: the data added no tag.
    assert set(parsed.tags) <= {"article", "h1", "h2", "p", "span", "a", "dl", "div", "dt", "dd", "pre", "code",
                                "ul", "li", "br", "details", "summary", "button"}
    visible = "".join(parsed.chunks)
    assert checked.title in visible
    for paragraph in checked.abstract.split("\n\n"):
        assert paragraph in visible
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["title"] == html.escape(checked.title)  # the theme prints it as HTML
    meta = re.search(r'<meta name="citation_title" content="([^"]*)">', head)
    assert html.unescape(meta.group(1)) == checked.title
    record = json.loads(exports.papers_json(survey))["papers"][0]
    assert (record["title"], record["abstract"]) == (checked.title, checked.abstract)


@settings(max_examples=1, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(st.lists(papers(), min_size=8, max_size=12))  # one build of many random papers: a build is the slow part
def test_random_surveys_build_and_lose_nothing(tmp_path_factory, batch: list[dict]) -> None:
    files = {}
    for i, paper in enumerate(batch):
        paper = {**paper, "title": f"{paper['title']} {i}"}  # titles must differ
        files[f"papers/random-{i}.yaml"] = yaml.safe_dump(paper, allow_unicode=True, sort_keys=False)
    project = new_project(tmp_path_factory.mktemp("random") / "survey", files)
    # build.run verifies that every paper reached its page, the index, its facet pages, the
    # search index, the feed and the three exports, and fails otherwise.
    assert build.run(project, out=io.StringIO()) == 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers())
def test_a_file_written_by_survey_add_reads_back_exactly(paper: dict) -> None:
    from survey.render import paperfile

    doc = load.parse_yaml(yaml.safe_dump(paper, allow_unicode=True, sort_keys=False), "papers/random-paper.yaml")
    checked, problems = validate.check_paper(doc, TAXONOMY, TODAY)
    assert problems == []
    values = {**checked.fields, **checked.facets}
    text = paperfile.paper(TAXONOMY, values)
    again, problems = validate.check_paper(load.parse_yaml(text, "papers/random-paper.yaml"), TAXONOMY, TODAY)
    assert problems == [], text
    assert {**again.fields, **again.facets} == values


def test_related_papers_are_the_same_with_a_warm_cache_and_the_cache_stays_bounded() -> None:
    from survey.core import similarity

    texts = {f"p{i}": f"lung nodule ct {'brain mri' if i % 2 else 'chest x-ray'} word{i % 7} word{i % 5}"
             for i in range(40)}
    cold = similarity.most_similar(texts, 5)
    cache: dict = {}
    assert similarity.most_similar(texts, 5, cache) == cold
    edited = {**texts, "p3": "a completely different text about dermatology"}
    assert similarity.most_similar(edited, 5, cache) == similarity.most_similar(edited, 5)
    assert len(cache) == len(set(edited.values()))
    assert all(len(others) == 5 and pid not in others for pid, others in cold.items())


def _edits(word: str) -> set[str]:
    """Every word one edit from `word`: a letter wrong, missing, extra, or two neighbours swapped."""
    letters = "az" + word[:1]
    out = {word[:i] + word[i + 1:] for i in range(len(word))}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
    out |= {word[:i] + c + word[i + 1:] for i in range(len(word)) for c in letters}
    out |= {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in letters}
    return out - {word}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abcdéfgsz -", min_size=1, max_size=40), min_size=1, max_size=6))
def test_a_word_typed_with_one_edit_finds_itself_in_one_of_its_two_word_shards(texts: list[str]) -> None:
    """What search.js relies on: a typo of a known word of four or more letters keeps the first
    or the last letter, so the word is in the typo's first-letter or last-letter shard."""
    from survey.render import vocabulary

    shards = {name: json.loads(text) for name, text in vocabulary.shards(texts).items()}
    known = {w for text in texts for w in vocabulary.words(text)}
    assert set().union(*shards.values()) == known if shards else not known
    for word in (w for w in known if len(w) >= 4):
        for typo in _edits(word):
            first, last = f"first-{ord(typo[0]):x}.json", f"last-{ord(typo[-1]):x}.json"
            assert word in shards.get(first, []) or word in shards.get(last, []), (word, typo)


def test_the_word_shards_list_the_most_frequent_words_first() -> None:
    from survey.render import vocabulary

    records = ["Segment segment the SEGMENTS", "segment & sediment", "Sediment segment"]
    shards = {name: json.loads(text) for name, text in vocabulary.shards(records).items()}
    assert shards["first-73.json"] == ["segment", "sediment", "segments"]  # 3 records, then 2, then 1
    assert shards["last-74.json"] == ["segment", "sediment"] and "the" in shards["first-74.json"]
    assert vocabulary.shards(records) == vocabulary.shards(reversed(records))
