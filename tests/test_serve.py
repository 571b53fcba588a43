"""`survey serve`: the site on 127.0.0.1, and an edited paper file updates its page."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from conftest import new_project
from survey.builder import mkdocs
from survey.read.project import Project


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """`survey serve` of a project in a child process, with what it prints kept as it prints it."""

    def __init__(self, project: Project):
        self.project, self.port = project, _free_port()
        # MkDocs serves the site under the path of site_url, as it will be published.
        self.url = f"http://127.0.0.1:{self.port}{urlsplit(project.site_settings().url).path or '/'}"
        self.lines: list[str] = []
        self.printed = threading.Condition()

    def __enter__(self) -> Served:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "survey", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=self.project.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def _read(self) -> None:
        for line in self.process.stdout or ():
            with self.printed:
                self.lines.append(line)
                self.printed.notify_all()

    def wait_for_output(self, text: str, seconds: float = 60) -> None:
        """Until serve prints a line with this text (it prints each rebuild's outcome)."""
        with self.printed:
            if not self.printed.wait_for(lambda: any(text in line for line in self.lines), timeout=seconds):
                raise AssertionError(f"survey serve never printed {text!r}: {''.join(self.lines)}")

    def wait_for(self, url: str, text: str, seconds: float = 60) -> str:
        deadline = time.monotonic() + seconds
        page = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    page = response.read().decode("utf-8")
                if text in page:
                    return page
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"{url} never showed {text!r}")


@pytest.fixture
def served(tmp_path) -> Iterator[Served]:
    with Served(new_project(tmp_path / "survey", survey="fixture")) as running:
        yield running


def test_editing_a_paper_updates_its_page(served: Served) -> None:
    page_url = served.url + "papers/totalsegmentator/"
    served.wait_for(page_url, "TotalSegmentator: robust segmentation")
    paper = served.project.papers_dir / "totalsegmentator.yaml"
    paper.write_text(paper.read_text(encoding="utf-8").replace(
        "TotalSegmentator: robust segmentation", "TotalSegmentator (edited): robust segmentation"), encoding="utf-8")
    served.wait_for(page_url, "TotalSegmentator (edited): robust segmentation")


def test_an_edit_shows_on_its_page_first_and_then_on_every_page(served: Served) -> None:
    listing = served.url + "topics/segmentation/"
    served.wait_for(listing, "TotalSegmentator: robust segmentation")
    paper = served.project.papers_dir / "totalsegmentator.yaml"
    paper.write_text(paper.read_text(encoding="utf-8").replace(
        "TotalSegmentator: robust segmentation", "TotalSegmentator (edited): robust segmentation"), encoding="utf-8")
    served.wait_for_output("✓ updated papers/totalsegmentator/; rebuilding the rest")
    served.wait_for(listing, "TotalSegmentator (edited): robust segmentation")
    served.wait_for_output("✓ rebuilt")


def test_open_pages_reload_when_the_server_is_told_to(tmp_path, page: Page) -> None:
    """What tells the reader's browser that the site was rebuilt behind an edit already shown."""
    (tmp_path / "index.html").write_text("<!doctype html><html><body><p>served</p></body></html>", encoding="utf-8")
    port = _free_port()
    server = mkdocs.live_server(lambda: None, tmp_path, f"127.0.0.1:{port}", "/", [tmp_path])
    threading.Thread(target=server.serve, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_function("() => document.querySelector('script') !== null")  # MkDocs' reload script
        page.evaluate("() => { window.beforeReload = true; }")
        mkdocs.reload_browsers(server)
        page.wait_for_function("() => window.beforeReload === undefined")
    finally:
        server.shutdown()


def test_the_watcher_tells_of_changes_and_not_of_reads(tmp_path) -> None:
    """Files the survey reads are not changes: a watcher that told of them would rebuild forever."""
    from watchdog.events import FileSystemEventHandler

    watched = tmp_path / "papers"
    watched.mkdir()
    (watched / "a.yaml").write_text("title: A\n", encoding="utf-8")
    seen: list[tuple[str, str]] = []
    written = threading.Event()

    def note(event) -> None:  # noqa: ANN001 - watchdog's event
        seen.append((event.event_type, Path(event.src_path).name))
        if Path(event.src_path).name == "b.yaml":
            written.set()

    handler = FileSystemEventHandler()
    handler.on_any_event = note
    server = mkdocs.live_server(lambda: None, tmp_path, f"127.0.0.1:{_free_port()}", "/", [])
    server.observer.schedule(handler, str(watched), recursive=True)
    server.observer.start()
    try:
        (watched / "a.yaml").read_text(encoding="utf-8")
        (watched / "b.yaml").write_text("title: B\n", encoding="utf-8")
        assert written.wait(timeout=30), seen
    finally:
        server.observer.stop()
        server.server_close()
    assert {kind for kind, _ in seen} <= {"created", "modified"} and ("created", "b.yaml") in seen, seen


def test_a_broken_edit_is_reported_and_keeps_the_last_good_page(served: Served) -> None:
    page_url = served.url + "papers/quilt-1m/"
    served.wait_for(page_url, "Quilt-1M")
    (served.project.papers_dir / "quilt-1m.yaml").write_text("title: [broken\n", encoding="utf-8")
    served.wait_for_output("papers/quilt-1m.yaml:2:1: YAML syntax error")
    served.wait_for_output("still serving the last valid pages")
    with urllib.request.urlopen(page_url, timeout=5) as response:
        assert "Quilt-1M" in response.read().decode("utf-8")


def _gone(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                pass
        except OSError as error:
            if getattr(error, "code", None) == 404:
                return
        time.sleep(0.5)
    raise AssertionError(f"{url} is still served")


def test_a_new_paper_appears_and_a_removed_one_leaves_no_page(served: Served) -> None:
    project, url, _wait_for = served.project, served.url, served.wait_for
    _wait_for(url + "papers/quilt-1m/", "Quilt-1M")
    text = (project.papers_dir / "roentgen.yaml").read_text(encoding="utf-8")
    new = text.replace("RoentGen: Vision-Language", "A Brand-New Paper: Vision-Language").replace(
        "arxiv: '2211.12737'", "arxiv: '2211.99999'")
    (project.papers_dir / "brand-new.yaml").write_text(new, encoding="utf-8")
    _wait_for(url + "papers/brand-new/", "A Brand-New Paper")
    _wait_for(url + "papers/", "6 papers")
    (project.papers_dir / "_citations.yaml").write_text(
        "source: Semantic Scholar\nretrieved: 2026-11-29\ncites:\n  quilt-1m: [roentgen]\n", encoding="utf-8")
    _wait_for(url + "map/citations.json", '"citations": 1')
    (project.papers_dir / "quilt-1m.yaml").unlink()
    _gone(url + "papers/quilt-1m/")
    _wait_for(url + "papers/", "5 papers")
    _gone(url + "map/citations.json")  # a file that is not a page goes too, while its folder stays
