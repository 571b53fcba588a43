"""`survey links` against a local HTTP server on 127.0.0.1, never the internet."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest

from services import QuietServer
from survey.commands import links as links_command
from survey.services import linkcheck

BASE = """\
title: {title}
year: 2023
abstract: An abstract.
topics: [segmentation]
modalities: [ct]
types: [method]
tasks: [screening]
added: 2026-11-01
links:
"""


class Handler(http.server.BaseHTTPRequestHandler):
    flaky_calls: dict[str, int] = {}
    seen: list[tuple[str, str]] = []

    def log_message(self, format, *args):  # noqa: A002
        pass

    def _answer(self, body: bool) -> None:
        Handler.seen.append((self.command, self.path))
        path = self.path
        if path in ("/ok", "/new-home"):
            self.send_response(200)
        elif path == "/missing":
            self.send_response(404)
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/new-home")
        elif path == "/gone-after-redirect":
            self.send_response(302)
            self.send_header("Location", "/missing")
        elif path == "/no-head":
            self.send_response(405 if self.command == "HEAD" else 200)
        elif path == "/flaky":
            calls = Handler.flaky_calls[path] = Handler.flaky_calls.get(path, 0) + 1
            self.send_response(503 if calls <= 2 else 200)
        elif path == "/hang":
            time.sleep(3)
            self.send_response(200)
        else:
            self.send_response(500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):  # noqa: N802
        self._answer(False)

    def do_GET(self):  # noqa: N802
        self._answer(True)


@pytest.fixture
def server() -> Iterator[str]:
    Handler.flaky_calls, Handler.seen = {}, []
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _paper(title: str, **urls: str) -> str:
    return BASE.format(title=title) + "".join(f"  {kind}: {url}\n" for kind, url in urls.items())


@pytest.fixture
def quick(make_project, monkeypatch):
    """A project whose link settings use a short timeout."""

    def make(files):
        project = make_project(files)
        (project.root / "pyproject.toml").write_text(
            "[tool.survey.links]\ntimeout = 1\nworkers = 4\nskip-hosts = ['skipped.example']\n", encoding="utf-8")
        return project

    return make


def test_dead_links_are_reported_with_file_and_line(server, quick, run_cli) -> None:
    project = quick({
        "papers/a.yaml": _paper("A", code=f"{server}/ok", data=f"{server}/missing", demo=f"{server}/moved"),
        "papers/b.yaml": _paper("B", code=f"{server}/no-head", project=f"{server}/gone-after-redirect",
                                models=f"{server}/flaky", pdf=f"{server}/hang"),
        "papers/c.yaml": _paper("C", code="https://skipped.example/repo"),
    })
    code, out = run_cli(project, "links")
    assert code == 1
    dead = [line for line in out.splitlines() if line.startswith("papers/")]
    fix = "(update the address, link an archived copy, or remove the link)"
    assert dead == [
        f"papers/a.yaml:11:9: links.data: {server}/missing answers HTTP 404 {fix}",
        f"papers/b.yaml:11:12: links.project: {server}/gone-after-redirect answers HTTP 404 {fix}",
        f"papers/b.yaml:13:8: links.pdf: {server}/hang could not be reached (timed out) {fix}",
    ]
    assert out.splitlines()[-1] == ("✗ 3 dead links (7 links, 7 checked now, 0 recently checked, 1 skipped)")
    # Not a terminal: one plain line per link, for CI logs.
    assert sum(1 for line in out.splitlines() if line.startswith("[")) == 7
    # HEAD first, GET only where HEAD was refused; the flaky link was retried.
    assert ("HEAD", "/ok") in Handler.seen and ("GET", "/ok") not in Handler.seen
    assert ("GET", "/no-head") in Handler.seen
    assert Handler.flaky_calls["/flaky"] == 3


def test_recent_results_are_not_checked_again(server, quick, run_cli) -> None:
    project = quick({"papers/a.yaml": _paper("A", code=f"{server}/ok", data=f"{server}/missing")})
    assert run_cli(project, "links")[0] == 1
    Handler.seen = []
    code, out = run_cli(project, "links")
    assert code == 1
    assert ("HEAD", "/ok") not in Handler.seen  # fresh and working: taken from the cache
    assert ("HEAD", "/missing") in Handler.seen  # failures are always checked again
    assert "1 checked now, 1 recently checked" in out
    cache = json.loads((project.root / ".survey-cache" / "links.json").read_text(encoding="utf-8"))
    assert cache[f"{server}/ok"]["ok"] is True


def test_stale_results_are_checked_again(server) -> None:
    settings = linkcheck.Settings(fresh_days=7)
    now = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
    old = linkcheck.Result("u", True, 200, checked=(now - dt.timedelta(days=8)).isoformat())
    recent = linkcheck.Result("u", True, 200, checked=(now - dt.timedelta(days=6)).isoformat())
    assert not linkcheck.is_fresh(old, now, settings.fresh_days)
    assert linkcheck.is_fresh(recent, now, settings.fresh_days)


def test_without_any_network_nothing_is_called_dead(quick, run_cli) -> None:
    # Nothing listens on these ports: every link fails before any HTTP answer.
    project = quick({"papers/a.yaml": _paper("A", code="http://127.0.0.1:9/a", data="http://127.0.0.1:9/b")})
    code, out = run_cli(project, "links", "--no-cache")
    assert code == links_command.NETWORK_DOWN
    assert out.splitlines()[-1] == ("✗ none of the 2 links could be reached: the network looks unavailable; "
                                    "no link is reported dead (run again with a connection)")
    assert not [line for line in out.splitlines() if line.startswith("papers/")]


def test_github_format_annotates_the_line(server, quick, run_cli) -> None:
    project = quick({"papers/a.yaml": _paper("A", data=f"{server}/missing", code=f"{server}/ok")})
    code, out = run_cli(project, "links", "--format", "github")
    assert code == 1
    assert f"::error file=papers/a.yaml,line=10,col=9,title=links.data::{server}/missing answers HTTP 404" in out


def test_on_a_pull_request_only_added_links_are_checked(server, quick, run_cli) -> None:
    project = quick({"papers/a.yaml": _paper("A", data=f"{server}/missing")})

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project.root, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "add", "-A")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "base")
    (project.papers_dir / "b.yaml").write_text(_paper("B", code=f"{server}/ok"), encoding="utf-8")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "add", "-A")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "add b")
    code, out = run_cli(project, "links", "--changed-since", "HEAD~1")
    assert code == 0
    assert out.splitlines()[-1] == "✓ no dead links (1 links, 1 checked now, 0 recently checked, 0 skipped)"
    assert ("HEAD", "/missing") not in Handler.seen


def test_an_unknown_git_ref_is_a_usage_error(quick, run_cli) -> None:
    project = quick({"papers/a.yaml": _paper("A", code="https://example.org/a")})
    subprocess.run(["git", "init", "-q"], cwd=project.root, check=True)
    code, out = run_cli(project, "links", "--changed-since", "badref")
    assert code == 2
    assert out == ("survey links: 'badref' is not a commit git knows here; "
                   "give a branch, tag or commit, e.g. origin/main (fetch it first)\n")
