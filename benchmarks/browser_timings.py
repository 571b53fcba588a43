"""What a reader waits for, timed in Chromium (Debian's /usr/bin/chromium through Playwright).

- search: from the last key of a paper's unique title word, typed at a fast typist's pace into
  the site's search box, to its result showing, on a cold page (the index's first load
  included), on the survey and, as the peer, with stock Material search on the bare site (up to
  PEER_INDEX_LIMIT, the size of its index); the
  same word typed with a letter too many, to its corrected result; and, for information, from
  opening the search and pasting the word at once, which leaves no time to load anything ahead;
- the bytes a browser downloads to open the home page, and for one search;
- `survey serve`: from saving a paper file to its open page showing the change (live reload).

Used by scale.py --browser; `measure()` returns figures named as scale.py's table expects.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT = 120_000  # ms: a slow first search on a large bare site must still finish
PEER_INDEX_LIMIT = 50_000_000
"""Bytes: stock Material search loads its whole index before it answers, 25 MB at 20,000 papers;
above this (about 40,000 papers) its first search takes minutes, so it is not timed."""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves the site as GitHub Pages does: text compressed with gzip when the browser asks."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".bib", ".csv")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # noqa: ANN201 - http.server's hook
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the address with a slash
            path = path / "index.html"
        if path.suffix not in self.COMPRESSED or not path.is_file() or "gzip" not in self.headers.get(
                "Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _bytes_during(page: Page, action) -> int:  # noqa: ANN001 - a callable
    """Bytes of every response the page received while `action` ran."""
    sizes: list[int] = []

    def on_finished(request) -> None:  # noqa: ANN001
        sizes_ = request.sizes()
        sizes.append(sizes_["responseBodySize"] + sizes_["responseHeadersSize"])

    page.on("requestfinished", on_finished)
    action()
    page.wait_for_timeout(300)
    page.remove_listener("requestfinished", on_finished)
    return sum(sizes)


TYPING_MS = 120
"""A fast typist's pace, 100 words a minute: the time between two keys, and between opening the
search and the first key. The search is timed from the last key, as a reader waits for it."""

_WATCH = """([selector, status, word]) => {
  window.__keys = []; window.__inputs = [];
  document.addEventListener("keydown", () => __keys.push(performance.now()), true);
  document.addEventListener("input", () => __inputs.push(performance.now()), true);
  window.__seen = new Promise((resolve) => {
    // The result, under a status that names the whole word (a search as the reader types may
    // show the result for the word's first letters already).
    const check = () => {
      const said = status ? document.querySelector(status) : null;
      if (!document.querySelector(selector) || (said && !said.textContent.includes("\u201c" + word + "\u201d"))) return;
      watcher.disconnect();
      resolve(performance.now());
    };
    const watcher = new MutationObserver(check);
    watcher.observe(document, { subtree: true, childList: true, characterData: true });
  });
}"""


def _watch(page: Page, url: str, result: str, status: str | None = None, word: str = "") -> None:
    """Open `url` and watch, inside the page, for `result` (a selector) to show, under a
    `status` element that quotes `word` if there is one. Timed inside
    the page: Playwright's own waits poll at widening intervals (up to half a second) and would
    add their own delay to what they time."""
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate(_WATCH, [result, status, word])


def _enter(page: Page, open_search, word: str, pasted: bool = False) -> dict[str, float]:  # noqa: ANN001
    """Open the search and type `word` (or paste it at once); seconds from the key that finished
    the word, and from the key that opened the search, to the watched result showing."""
    open_search()
    if pasted:
        page.keyboard.insert_text(word)
    else:
        for key in word:
            page.wait_for_timeout(TYPING_MS)
            page.keyboard.type(key)
    seen = page.evaluate("window.__seen")
    keys, inputs = page.evaluate("[window.__keys, window.__inputs]")
    return {"from last key": (seen - inputs[-1]) / 1000, "from opening": (seen - keys[0]) / 1000}


def survey_search(page: Page, url: str, word: str, paper: str, pasted: bool = False) -> tuple[float, int]:
    """Seconds from the last key of `word` (or, `pasted`, from opening the search and pasting the
    word at once) to the paper's result showing, and the bytes downloaded meanwhile."""
    _watch(page, url, f'#survey-search-results a[href$="papers/{paper}/"]', "#survey-search-status", word)
    times: dict[str, float] = {}
    fetched = _bytes_during(page, lambda: times.update(_enter(page, lambda: page.keyboard.press("/"), word, pasted)))
    return times["from opening" if pasted else "from last key"], fetched


def typo(word: str) -> str:
    """The word with one letter too many: a vowel, which no synthetic paper's unique word holds,
    so that the typo is no other paper's word."""
    return word[:3] + "a" + word[3:]


def material_search(page: Page, url: str, word: str, paper: str) -> float:
    _watch(page, url, f'.md-search-result__item a[href*="papers/{paper}/"]')

    def open_search() -> None:
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").focus()

    return _enter(page, open_search, word)["from last key"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def save_to_visible(page: Page, project: Path, paper: str, repeat: int) -> float:
    """Start `survey serve`, open a paper's page, save a new title into its file, and time
    until the page (reloaded by the server) shows it; the fastest of `repeat` edits. Each edit
    waits until the server has finished the search index of the one before, as it would have
    long before a person saves a file again."""
    port = _free_port()
    env_python = [sys.executable, "-m", "survey", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(env_python, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    file = project / "papers" / f"{paper}.yaml"
    text = file.read_text(encoding="utf-8")
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in server.stdout], daemon=True).start()  # type: ignore[union-attr]

    def wait_for(message: str) -> str:
        while True:
            try:
                line = lines.get(timeout=TIMEOUT / 1000)
            except queue.Empty:
                raise RuntimeError(f"survey serve did not say {message!r}") from None
            if message in line:
                return line

    try:
        url = wait_for("serving the survey at").split(" at ", 1)[1].strip()
        wait_for("search index up to date")
        page.goto(f"{url}papers/{paper}/")
        page.wait_for_load_state("load")
        times = []
        for attempt in range(repeat):
            new_title = f"Edited title {attempt} {int(time.time())}"
            started = time.perf_counter()
            file.write_text(re.sub(r"^title: .*$", f'title: "{new_title}"', text, count=1, flags=re.M),
                            encoding="utf-8")
            page.locator("article h1", has_text=new_title).wait_for(timeout=TIMEOUT)
            times.append(time.perf_counter() - started)
            wait_for("search index up to date")
        return min(times)
    finally:
        file.write_text(text, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)


def measure(project: Path, bare: Path, word: str, paper: str, repeat: int = 1) -> dict[str, float]:
    figures: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        with serving(project / "site") as url:
            figures["home page bytes"] = _bytes_during(page, lambda: (page.goto(url), page.wait_for_load_state("load")))
            page = browser.new_page()
            figures["search seconds"], figures["search bytes"] = survey_search(page, url, word, paper)
            page = browser.new_page()
            figures["typo search seconds"], figures["typo search bytes"] = survey_search(page, url, typo(word), paper)
            page = browser.new_page()
            figures["pasted search seconds"], _ = survey_search(page, url, word, paper, pasted=True)
        with serving(bare / "site") as url:
            # Above the limit the home page never settles: its bytes stay those scale.py counts
            # from the files, the index included.
            if (bare / "site" / "search" / "search_index.json").stat().st_size <= PEER_INDEX_LIMIT:
                page = browser.new_page()
                figures["bare home page bytes"] = _bytes_during(
                    page, lambda: (page.goto(url), page.wait_for_load_state("networkidle")))
                page = browser.new_page()
                figures["bare search seconds"] = material_search(page, url, word, paper)
        page = browser.new_page()
        figures["save to visible seconds"] = save_to_visible(page, project, paper, repeat)
        browser.close()
    return figures
