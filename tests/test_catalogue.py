"""What the datasets catalogue and the provenance checks read out of the text as stated."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from survey.core import catalogue, provenance


@pytest.mark.parametrize(("size", "number"), [
    ("1204 CT examinations", 1204), ("1,204 CT examinations", 1204), ("over 25M image-text pairs", 25e6),
    ("over 5.3 million image-text pairs", 5.3e6), ("12.8B image-text pairs", 12.8e9),
    ("over 697 thousand radiology image-text pairs", 697e3), ("thousands of artworks", None), ("", None),
])
def test_a_size_as_stated_sorts_by_its_number(size: str, number: float | None) -> None:
    assert catalogue.size_number(size) == number


@pytest.mark.parametrize(("quote", "value", "found"), [
    ("a high Dice score (0.943) on the test set", "0.943", True),
    ("a high Dice score (0.943) on the test set", "0.94", False),
    ("AUC from 0.78 to 0.83", "0.83", True),
    ("in 112 cases", "12", False),
    ("accuracy of 83.5% on R-RAD", "83.5%", True),
    ("accuracy of 83.5% on R-RAD", "83.5", True),
    ("1,204 scans", "1,204", True),
    ("1,204 scans", "204", False),
])
def test_a_value_must_be_a_whole_number_of_its_quote(quote: str, value: str, found: bool) -> None:
    assert provenance.value_in(quote, value) is found


def test_a_quote_is_a_sentence_of_the_abstract_spacing_aside() -> None:
    abstract = "We release a set.\n\nOur model  reaches a Dice\nscore of 0.9."
    assert provenance.quote_in(abstract, "Our model reaches a Dice score of 0.9.")
    assert not provenance.quote_in(abstract, "Our model reaches a Dice score of 0.95.")
    assert provenance.numbers_not_in(abstract, "0.9 and 17 cases") == ["17"]


@given(st.text(alphabet="0123456789., a٣", max_size=24), st.text(alphabet="0123456789.,a٣%", min_size=1, max_size=6))
def test_a_value_is_found_exactly_where_the_pattern_finds_it(quote: str, value: str) -> None:
    import re

    pattern = rf"(?<![\d.,]){re.escape(value.strip())}(?![\d]|[.,]\d)"
    expected = bool(value.strip()) and re.search(pattern, " ".join(quote.split())) is not None
    assert provenance.value_in(quote, value) is expected


def test_the_authors_list_splits_a_crowded_letter_by_the_next_ones_and_keeps_everyone_in_order() -> None:
    from survey.core import authors

    names = ["Wang, Jun", "Wang, Li", "Wang, Lei", "Weber, Anna", "Wu, Tao", "Abe, Ken", "Åberg, Lars", "Ng, Yu"]
    people = sorted((authors.Author(authors.display(n), authors._slug(n), n) for n in names),
                    key=lambda a: a.sort_key)
    lists = authors.listings(people, per_page=2)
    assert [a for listing in lists for a in listing.authors] == people
    assert all(len(listing.authors) <= 2 for listing in lists)
    assert [listing.label for listing in lists] == ["A", "N", "Wang J", "Wang L", "We", "Wu"]
    assert [listing.letter for listing in lists] == ["A", "N", "W", "W", "W", "W"]
    assert len({listing.slug for listing in lists}) == len(lists)
    assert all(a.index_key.startswith(listing.prefix) for listing in lists for a in listing.authors)
    assert [listing.label for listing in authors.listings(people)] == ["A", "N", "W"]


def test_a_page_of_the_authors_list_links_every_letter_once_and_every_page_of_its_own_letter(tmp_path) -> None:
    """So that the links on each page do not grow with the survey: linking every page of every
    letter made the list's bytes grow as the square of its pages."""
    import itertools
    import re

    from conftest import new_project
    from survey.core import authors
    from survey.read.reader import read_survey
    from survey.render.pages import Pages

    project = new_project(tmp_path, survey="repo")
    pages = Pages(read_survey(project), [project.template_overrides])
    people = sorted(dict.fromkeys(pages.people.values()), key=lambda a: a.sort_key)
    lists = authors.listings(people, per_page=2)
    letters = [(letter, list(group)) for letter, group in itertools.groupby(lists, key=lambda each: each.letter)]
    crowded = max((group for _, group in letters), key=len)
    assert len(crowded) >= 3 and len(letters) >= 5
    listing = crowded[1]
    made = pages.render(f"{listing.url}index.md", "authors-list.md.j2", listing=listing, letters=letters, entries=[])
    nav = made.split('<p class="survey-letters">', 1)[1].split("</p>", 1)[0]
    assert re.findall(r'aria-current="page">([^<]+)<', nav) == [listing.label]
    linked = re.findall(r'href="(?:\.\./)*(authors/by-name/[^"]+)"', nav)
    assert linked == [other.url for letter, group in letters
                      for other in (group if group is crowded else group[:1]) if other is not listing]
