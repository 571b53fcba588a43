"""Search that forgives a typo, in Chromium against the built site: a title phrase typed with one
wrong, missing, extra or swapped letter still finds its paper in the top three, says "Did you
mean", and downloads the words it needs only after a search has found nothing.

The phrases are the seed papers' real titles; each typo is checked to be one edit from the title."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections import Counter

import pytest
from playwright.sync_api import Page, expect

from browsing import most_used
from conftest import _QuietHandler
from survey.core.model import Survey

pytestmark = pytest.mark.browser

# (paper id, the title's phrase as typed, the kind of typo)
TYPOS = [
    ("voco", "geometric contxt priors", "missing"),
    ("probmed", "embarassingly simple probing", "missing"),
    ("pulaski", "inter-rater variabilty", "missing"),
    ("shadow-and-light", "digitally reconstructed radoigraphs", "swapped"),
    ("citizen-science-segmentation", "citizen sceince", "swapped"),
    ("medic-disaster", "disaster image clasification", "missing"),
    ("scribble-attention-gates", "multi-scale adversarial attention gtaes", "swapped"),
    ("symbrain", "neonatal brain symmetrx analysis", "wrong"),
    ("dataset-politics", "disciplinary valeus", "swapped"),
    ("fractal-pretraining", "improving fratcal pre-training", "swapped"),
    ("cadica", "coronary artery diseese detection", "wrong"),
    ("nwpu-resisc45", "remote sensing image scenne", "extra"),
    ("chestx-ray8", "common thorax diseses", "missing"),
    ("quilt-1m", "one million image-text paris", "swapped"),
    ("segbook", "simple baseline and cookbok", "missing"),
]


def _one_edit(a: str, b: str) -> str | None:
    """The kind of the single edit that turns a into b, or None."""
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return "wrong"
        if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
            return "swapped"
        return None
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if len(long) - len(short) != 1:
        return None
    for i in range(len(long)):
        if long[:i] + long[i + 1:] == short:
            return "extra" if long is b else "missing"
    return None


def _search(page: Page, site_url: str, query: str) -> None:
    page.goto(site_url)
    page.locator("button.survey-search-open").first.click()
    page.locator("#survey-search-input").press_sequentially(query)


def _top(page: Page, n: int = 3) -> list[str]:
    return page.eval_on_selector_all("#survey-search-results li > a",
                                     f"links => links.slice(0, {n}).map(a => a.getAttribute('href'))")


def test_the_typos_are_real_titles_with_one_edit_each(built_survey: Survey) -> None:
    kinds = set()
    for paper_id, typed, kind in TYPOS:
        title = built_survey.by_id[paper_id].title.lower()
        words = typed.split()
        wrong = [w for w in words if w not in title]
        assert len(wrong) == 1, (paper_id, wrong)
        meant = next(w for w in re.findall(r"[\w-]+", title) if _one_edit(w, wrong[0]))
        assert _one_edit(meant, wrong[0]) == kind and len(meant) >= 4, (paper_id, meant, wrong[0])
        assert typed.replace(wrong[0], meant) in title, paper_id
        kinds.add(kind)
    assert kinds == {"wrong", "missing", "extra", "swapped"} and len({t[1] for t in TYPOS}) >= 10


@pytest.mark.parametrize(("paper_id", "typed"), [(t[0], t[1]) for t in TYPOS], ids=[t[1] for t in TYPOS])
def test_a_title_phrase_with_one_typo_finds_its_paper_in_the_top_three(page: Page, site_url: str, paper_id: str,
                                                                       typed: str) -> None:
    _search(page, site_url, typed)
    status = page.locator("#survey-search-status")
    expect(status).to_contain_text("Did you mean “")
    expect(page.locator("#survey-search-results li").first).to_be_visible()
    assert f"papers/{paper_id}/" in [href.split("./", 1)[-1].lstrip("/") for href in _top(page)]
    # "Did you mean" searches exactly what it proposes.
    meant = page.locator("button.survey-search__instead").first.inner_text().strip("“”")
    page.locator("button.survey-search__instead").first.click()
    expect(page.locator("#survey-search-input")).to_have_value(meant)
    expect(status).to_have_text(re.compile(rf"^\d+ results? for “{re.escape(meant)}”$"))


def test_exact_queries_rank_as_typed_and_nothing_is_fetched_before_a_search(page: Page, site_url: str,
                                                                           built_survey: Survey) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    paper = built_survey.by_id["voco"]
    page.goto(site_url)
    page.locator("button.survey-search-open").first.click()
    expect(page.locator("#survey-search-input")).to_be_focused()
    assert not [url for url in requested if "survey-words" in url]  # opening the dialog fetches no words
    page.locator("#survey-search-input").press_sequentially("geometric context priors")
    expect(page.locator("#survey-search")).to_have_attribute("data-checked", "geometric context priors")
    expect(page.locator("#survey-search-status")).to_have_text(
        re.compile(r"^\d+ results? for “geometric context priors”$"))
    assert any(f"papers/{paper.id}/" in href for href in _top(page, 2))
    words = [url for url in requested if "survey-words" in url]
    assert words and all("/first-" in url for url in words)  # known words: only their first-letter shards


_STATUSES = """() => {
  window.__statuses = [];
  const status = document.querySelector("#survey-search-status");
  new MutationObserver(() => __statuses.push(status.textContent))
    .observe(status, {childList: true, characterData: true, subtree: true});
}"""


def test_one_and_two_letter_words_wait_for_a_pause_and_longer_ones_search_at_once(page: Page, site_url: str) -> None:
    """A one- or two-letter word is found only whole, which is rarely what a reader typing a
    longer word is after: "s" and "se" are never searched while the reader goes on typing "seg",
    and a two-letter query they stop at is searched after the pause."""
    page.goto(site_url)
    page.locator("button.survey-search-open").first.click()
    search_box = page.locator("#survey-search-input")
    search_box.press_sequentially("learning")  # the index loaded
    expect(page.locator("#survey-search")).to_have_attribute("data-checked", "learning")
    search_box.fill("")
    page.evaluate(_STATUSES)
    search_box.press_sequentially("seg", delay=80)  # well within the pause between keys
    status = page.locator("#survey-search-status")
    expect(status).to_have_text(re.compile(r"^\d+ results? for “seg”$"))
    said = page.evaluate("window.__statuses")
    assert not [text for text in said if "“s”" in text or "“se”" in text], said
    search_box.fill("")
    search_box.press_sequentially("ct")
    expect(status).to_have_text(re.compile(r"^\d+ results? for “ct”$"))


def test_a_result_shows_its_matched_words_marked_with_text_on_both_sides(page: Page, site_url: str,
                                                                       built_survey: Survey) -> None:
    """A paper whose abstract holds the query past its first 30 words shows that stretch, cut with
    "…" at both ends, the word in the middle of it, not at the excerpt's edge."""
    paper = built_survey.by_id["med3d"]
    _search(page, site_url, "nodule")
    excerpt = page.locator(f'#survey-search-results li:has(a[href$="papers/{paper.id}/"]) .survey-search__excerpt')
    expect(excerpt.locator("mark").first).to_have_text(re.compile("^nodule$", re.I))
    shown = excerpt.inner_text()
    assert shown.startswith("… ") and shown.endswith(" …"), shown
    before, _, after = shown.partition("nodule")
    assert len(before.split()) >= 8 and len(after.split()) >= 8, shown


def test_a_query_with_no_near_word_says_nothing_was_found(page: Page, site_url: str) -> None:
    _search(page, site_url, "qqqzzzxw")
    expect(page.locator("#survey-search-status")).to_have_text("Nothing found for “qqqzzzxw”.")
    expect(page.locator("#survey-search-results li")).to_have_count(0)


def test_the_dialog_narrows_results_by_a_facet_value(page: Page, site_url: str, built_survey: Survey) -> None:
    facet_id, value_id = most_used(built_survey, 1)
    facet = built_survey.taxonomy.facet(facet_id)
    value = facet.value(value_id)
    page.goto(site_url)
    page.locator("button.survey-search-open").first.click()
    page.locator(".survey-search__filters summary").click()
    select = page.locator(f'select[data-filter="{facet.title}"]')
    expect(select).to_be_visible()
    select.select_option(value.title)  # with no words: every paper filed under the value
    with_value = [p for p in built_survey.papers if value_id in p.facets[facet_id]]
    status = page.locator("#survey-search-status")
    expect(status).to_have_text(f"{len(with_value)} result{'s' if len(with_value) != 1 else ''} for every paper "
                                f"({facet.title}: {value.title})")
    page.locator("#survey-search-input").press_sequentially("learning")
    expect(status).to_contain_text(f"for “learning” ({facet.title}: {value.title})")
    expect(page.locator("#survey-search")).to_have_attribute("data-checked", "learning")
    while page.locator(".survey-search__more").is_visible():
        before = page.locator("#survey-search-results li").count()
        page.locator(".survey-search__more").click()
        expect(page.locator("#survey-search-results li")).not_to_have_count(before)
    shown = [href.rstrip("/").rsplit("/", 1)[-1] for href in _top(page, 10_000)]
    assert shown and set(shown) <= {p.id for p in with_value}


def test_a_word_still_being_typed_is_not_corrected(page: Page, site_url: str) -> None:
    """The query's last word may be the start of a word: "geometric cont" is not a typo of "cost"."""
    _search(page, site_url, "geometric cont")
    expect(page.locator("#survey-search")).to_have_attribute("data-checked", "geometric cont")
    expect(page.locator("#survey-search-status")).to_have_text(re.compile(r"^\d+ results? for “geometric cont”$"))


def test_a_typo_that_half_matches_is_still_corrected(page: Page, site_url: str) -> None:
    """A word that only begins a word of the survey ("databas", of "database") finds papers as
    typed, since every word of three letters or more also finds the words it begins; a word no
    paper has whole is corrected all the same, and the reader can go back to what they typed."""
    _search(page, site_url, "hospital-scale chest databas x-ray")
    status = page.locator("#survey-search-status")
    expect(status).to_contain_text("Did you mean “hospital-scale chest database x-ray”? Showing its")
    assert any("papers/chestx-ray8/" in href for href in _top(page))
    page.locator("button.survey-search__instead").last.click()
    expect(status).to_have_text(re.compile(r"^\d+ results? for “hospital-scale chest databas x-ray”$"))


class _Counting(_QuietHandler):
    """Counts the files it sends whole (status 200), by path: a file the browser already has is
    sent again only as 304 Not Modified, or not asked for."""

    sent: Counter[str] = Counter()

    def send_response(self, code: int, message: str | None = None) -> None:
        if code == 200:
            _Counting.sent[self.path.split("?")[0]] += 1
        super().send_response(code, message)


def test_a_search_downloads_the_index_once_and_only_the_words_it_asks_for(page: Page, built_site) -> None:
    _Counting.sent.clear()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Counting, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    query = "geometric context priors"
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        page.keyboard.press("/")
        # Opening the dialog loads the index's entry and meta.json, and no words yet.
        page.wait_for_function("""() => performance.getEntriesByType("resource").some(
            (entry) => entry.name.endsWith("/meta.json"))""")
        page.locator("#survey-search-input").press_sequentially(query)
        expect(page.locator("#survey-search")).to_have_attribute("data-checked", query)
        expect(page.locator("#survey-search-status")).to_have_text(re.compile(rf"results? for “{query}”"))
    finally:
        server.shutdown()
        server.server_close()
    bundle = built_site / "search-index"
    version = json.loads((bundle / "entry.json").read_text(encoding="utf-8"))["version"]
    meta = json.loads((bundle / version / "meta.json").read_text(encoding="utf-8"))
    at = f"/search-index/{version}/"

    def chunks(words: set[str]) -> set[str]:
        """The chunks that may hold each word, or a word it begins when it has three letters."""
        return {f"{at}words/{n}.json" for n, (first, last) in enumerate(meta["chunks"])
                for word in words if first <= (word + "\uffff" if len(word) >= 3 else word) and last >= word}

    fetched = {path: times for path, times in _Counting.sent.items() if path.startswith(at)}
    words = {path for path in fetched if "/words/" in path}
    # The query's chunks, and at most those of the starts of its words that were searched as typed.
    typed = {query[:n].split()[-1] for n in range(1, len(query) + 1) if query[:n].strip()}
    assert chunks(set(query.split())) <= words <= chunks(typed) and len(words) < len(meta["chunks"])
    assert [path for path in fetched if "/page/" in path]  # the results' own files
    assert all(times == 1 for times in fetched.values()), fetched  # each file once
    assert _Counting.sent[f"{at}meta.json"] == 1 and _Counting.sent["/search-index/entry.json"] == 1
    assert _Counting.sent["/assets/search-index.js"] == 1


_UNUSUAL = ["Ångström’s naïve café", "x-ray_8 CT/MRI", "Straße İstanbul ΣΊΣΥΦΟΣ", "ﬁne-tuning １２３",
            "日本語のテキスト ｶﾞｲﾄﾞ", "don't 3D-U-Net v2.1 10.1109/CVPR.2017.369", "e\u0301cole Ωmega ǅ"]


def test_the_search_box_splits_words_as_the_index_does(page: Page, site_url: str, built_survey: Survey) -> None:
    """A query's words must be the index's words, or a typed word is never found: the browser's
    split (search-index.js) against the build's (render/searchindex.py), over every title and
    abstract of the survey and some unusual text."""
    from survey.render.searchindex import words

    texts = _UNUSUAL + [text for p in built_survey.papers for text in (p.title, p.abstract or "")]
    page.goto(site_url)
    split = page.evaluate("""async (texts) => {
      const index = await import(new URL("assets/search-index.js", document.baseURI).href);
      return texts.map(index.words);
    }""", texts)
    assert split == [words(text) for text in texts]
