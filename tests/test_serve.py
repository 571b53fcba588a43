"""`survey serve`: the site on 127.0.0.1, and an edited paper file updates its page."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from conftest import new_project


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, text: str, seconds: float = 60) -> str:
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
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {text!r}")


@pytest.fixture
def served(tmp_path):
    project = new_project(tmp_path / "survey", survey="fixture")
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "survey", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                               cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        # MkDocs serves the site under the path of site_url, as it will be published.
        path = urlsplit(project.site().url).path or "/"
        yield project, f"http://127.0.0.1:{port}{path}"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_editing_a_paper_updates_its_page(served) -> None:
    project, url = served
    page_url = url + "papers/totalsegmentator/"
    _wait_for(page_url, "TotalSegmentator: robust segmentation")
    paper = project.papers_dir / "totalsegmentator.yaml"
    paper.write_text(paper.read_text(encoding="utf-8").replace(
        "TotalSegmentator: robust segmentation", "TotalSegmentator (edited): robust segmentation"), encoding="utf-8")
    _wait_for(page_url, "TotalSegmentator (edited): robust segmentation")


def test_a_broken_edit_keeps_the_last_good_page(served) -> None:
    project, url = served
    page_url = url + "papers/quilt-1m/"
    _wait_for(page_url, "Quilt-1M")
    (project.papers_dir / "quilt-1m.yaml").write_text("title: [broken\n", encoding="utf-8")
    time.sleep(3)
    _wait_for(page_url, "Quilt-1M")


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


def test_a_new_paper_appears_and_a_removed_one_leaves_no_page(served) -> None:
    project, url = served
    _wait_for(url + "papers/quilt-1m/", "Quilt-1M")
    text = (project.papers_dir / "roentgen.yaml").read_text(encoding="utf-8")
    new = text.replace("RoentGen: Vision-Language", "A Brand-New Paper: Vision-Language").replace(
        "arxiv: '2211.12737'", "arxiv: '2211.99999'")
    (project.papers_dir / "brand-new.yaml").write_text(new, encoding="utf-8")
    _wait_for(url + "papers/brand-new/", "A Brand-New Paper")
    _wait_for(url + "papers/", "6 papers")
    (project.papers_dir / "quilt-1m.yaml").unlink()
    _gone(url + "papers/quilt-1m/")
    _wait_for(url + "papers/", "5 papers")
