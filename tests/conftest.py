"""Shared fixtures: fixture surveys in tmp_path, the CLI in-process, and the built site in Chromium."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import io
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import corpus
from survey import cli
from survey.builder import generate
from survey.builder.write import WriteReport
from survey.commands import build
from survey.core.model import Survey
from survey.read.project import Project
from survey.read.reader import load_taxonomy as load_file
from survey.read.reader import read_survey

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
TODAY = dt.date(2026, 11, 29)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


# Tests build with the settings in mkdocs.yml, not those a deploy job may have exported.
for _variable in ("SURVEY_SITE_URL", "SURVEY_REPO_URL"):
    os.environ.pop(_variable, None)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


def copy_frame(dest: Path) -> None:
    """The site frame of this repository (mkdocs.yml, hand-written docs, overrides, assets)
    without its papers or anything `survey generate` wrote."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    docs = ROOT / "docs"
    manifest = docs / ".generated"
    generated = set(manifest.read_text(encoding="utf-8").splitlines()) if manifest.is_file() else set()
    generated |= {".generated", ".gitignore"}
    for file in docs.rglob("*"):
        relative = file.relative_to(docs).as_posix()
        if file.is_file() and relative not in generated:
            target = dest / "docs" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(file, target)


def new_project(root: Path, files: dict[str, str | bytes] | None = None, survey: str = "none") -> Project:
    """A survey project at root: the repository's site frame, a taxonomy and the given files.

    survey="none" uses the test taxonomy and no papers; "taxonomy" this repository's taxonomy
    and no papers; "fixture" the small survey in tests/data/survey; "repo" the real papers of
    this repository; "repo+unusual" those plus the unusual but valid papers of tests/corpus.py,
    as a contributor might add them.
    """
    copy_frame(root)
    (root / "papers").mkdir(exist_ok=True)
    if survey.startswith("repo"):
        shutil.copytree(ROOT / "papers", root / "papers", dirs_exist_ok=True)
        shutil.copy(ROOT / "CITATION.cff", root)
        if survey == "repo+unusual":
            taxonomy = load_file(root / "papers" / "_taxonomy.yaml", "papers/_taxonomy.yaml")
            files = {**corpus.unusual_papers(taxonomy, dt.date.today()), **(files or {})}
    elif survey == "taxonomy":
        shutil.copy(ROOT / "papers" / "_taxonomy.yaml", root / "papers")
    elif survey == "fixture":
        shutil.copytree(DATA / "survey", root, dirs_exist_ok=True)
    else:
        shutil.copy(DATA / "survey" / "papers" / "_taxonomy.yaml", root / "papers")
    for path, content in (files or {}).items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return Project(root)


def generate_docs(project: Project) -> WriteReport:
    """`survey generate`: the pages written into the project's docs/."""
    return generate.write_docs(project, read_survey(project))


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Project]:
    """`make_project(files, survey=…, name=…)`: a new_project() in this test's tmp_path."""

    def make(files: dict[str, str | bytes] | None = None, survey: str = "none", name: str = "project") -> Project:
        return new_project(tmp_path / name, files, survey)

    return make


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str]]:
    """Run `survey …` in-process in a project folder; returns (exit code, stdout then stderr)."""

    def run(project: Project, *args: str) -> tuple[int, str]:
        monkeypatch.chdir(project.root)
        capsys.readouterr()
        try:
            code = cli.main(list(args))
        except SystemExit as exit_:  # argparse exits on usage errors
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return code, captured.out + captured.err

    return run


# --- The built site, served on 127.0.0.1, for the browser tests -------------------------------

def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = "Debian's chromium is not installed (apt-get install chromium)"
    if os.environ.get("SURVEY_REQUIRE_BROWSER"):
        pytest.fail(message + "; browser tests must run here", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    _require_chromium()
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The real survey (every paper in papers/) plus the unusual papers of tests/corpus.py,
    built once per test session. Tests on it assert properties, never counts or texts."""
    project = new_project(tmp_path_factory.mktemp("repo-site") / "survey", survey="repo+unusual")
    assert build.run(project, out=io.StringIO()) == 0
    return project


@pytest.fixture(scope="session")
def built_survey(built_project: Project) -> Survey:
    """The papers of the built site, as the survey read them (normalised, validated)."""
    return read_survey(built_project)


@pytest.fixture(scope="session")
def built_site(built_project: Project) -> Path:
    return built_project.site_dir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 on a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url
