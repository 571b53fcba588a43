"""What a real machine does to a build: `kill -9` at any moment, and saves faster than a rebuild."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from test_serve import Served

from conftest import new_project

BUILD = [sys.executable, "-m", "survey", "build"]


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(root: Path) -> float:
    started = time.monotonic()
    done = subprocess.run(BUILD, cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return time.monotonic() - started


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the atomic swap and the kill are Linux's")
def test_a_build_killed_at_any_moment_leaves_the_previous_site_and_the_next_build_succeeds(tmp_path) -> None:
    project = new_project(tmp_path / "survey", survey="fixture")
    duration = _build(project.root)
    good = _digest(project.site_dir)
    paper = project.papers_dir / "quilt-1m.yaml"
    paper.write_text(paper.read_text(encoding="utf-8").replace("Quilt-1M: One Million", "Quilt-1M: A Million"),
                     encoding="utf-8")
    # From reading the papers to swapping the new site in: each kill lands in another step.
    for moment in (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.97):
        process = subprocess.Popen(BUILD, cwd=project.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * moment)
        process.send_signal(signal.SIGKILL)
        process.wait()
        if _digest(project.site_dir) != good:  # the kill came after the swap: the new site, whole
            assert "Quilt-1M: A Million" in (project.site_dir / "papers/quilt-1m/index.html").read_text("utf-8")
            good = _digest(project.site_dir)
    _build(project.root)
    assert "Quilt-1M: A Million" in (project.site_dir / "papers/quilt-1m/index.html").read_text("utf-8")
    assert sorted(p.name for p in project.root.iterdir() if p.name.startswith((".site", "site"))) == ["site"]


def test_a_build_that_finds_another_running_says_so(tmp_path, run_cli) -> None:
    import fcntl

    project = new_project(tmp_path / "survey", survey="fixture")
    descriptor = os.open(project.root, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        code, out = run_cli(project, "build")
    finally:
        os.close(descriptor)
    assert code == 2
    assert out.strip() == "survey build: another `survey build` is running in this folder; wait for it to finish"


def test_rapid_saves_end_with_the_last_and_no_reader_gets_half_a_page(tmp_path) -> None:
    project = new_project(tmp_path / "survey", survey="fixture")
    with Served(project) as served:
        page_url = served.url + "papers/totalsegmentator/"
        served.wait_for(page_url, "TotalSegmentator: robust segmentation")
        answers: list[tuple[int, bool]] = []
        stop = threading.Event()

        def read_all_the_time() -> None:
            while not stop.is_set():
                try:
                    with urllib.request.urlopen(page_url, timeout=10) as response:
                        body = response.read().decode("utf-8")
                        answers.append((response.status, body.rstrip().endswith("</html>")))
                except urllib.error.HTTPError as error:
                    answers.append((error.code, False))

        reader = threading.Thread(target=read_all_the_time)
        reader.start()
        paper = project.papers_dir / "totalsegmentator.yaml"
        text = paper.read_text(encoding="utf-8")
        try:
            for save in range(20):
                paper.write_text(text.replace("TotalSegmentator: robust", f"TotalSegmentator (save {save}): robust"),
                                 encoding="utf-8")
                time.sleep(0.1)
            last_save = time.monotonic()
            served.wait_for(page_url, "TotalSegmentator (save 19): robust", seconds=3)
            assert time.monotonic() - last_save <= 3
        finally:
            stop.set()
            reader.join()
    assert answers and all(status == 200 and whole for status, whole in answers), \
        sorted({a for a in answers if a != (200, True)})


def test_serve_replaces_a_changed_page_whole_instead_of_rewriting_it(tmp_path) -> None:
    """A reader who opened the old page keeps reading the old page: the new one is renamed into
    place (another file), never written over the one being read."""
    import io

    from survey.builder.serve import Session

    project = new_project(tmp_path / "survey", survey="fixture")
    session = Session(project, tmp_path / "site", "127.0.0.1:8000", io.StringIO())
    session.build()
    page = tmp_path / "site" / "papers" / "chexagent" / "index.html"
    before = os.stat(page).st_ino
    paper = project.papers_dir / "chexagent.yaml"
    paper.write_text(paper.read_text(encoding="utf-8").replace("CheXagent: Towards", "CheXagent (new): Towards"),
                     encoding="utf-8")
    session.build()
    assert "CheXagent (new): Towards" in page.read_text(encoding="utf-8")
    assert os.stat(page).st_ino != before
