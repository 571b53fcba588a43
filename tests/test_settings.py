"""[tool.survey.*] in pyproject.toml: typed settings, and every mistake in them reported at its line."""

from __future__ import annotations

import pytest

from conftest import ROOT
from survey.core.problems import ProblemsFound
from survey.read.project import Project
from survey.read.settings import LinkSettings, ServiceSettings, read_settings

SETTINGS = """\
[project]
name = "x"

[tool.survey.links]
skip-hosts = ["example.org"]
timout = 5
workers = "eight"

[tool.survey.services]
arxiv = "http://127.0.0.1:1/query"
timeout = 3

[tool.survey.servces]
crossref = "http://127.0.0.1:2"
"""


def test_the_repository_settings_are_read_with_their_types() -> None:
    settings = read_settings(Project(ROOT))
    assert isinstance(settings.links.skip_hosts, tuple) and "x.com" in settings.links.skip_hosts
    assert settings.services.arxiv.startswith("https://") and isinstance(settings.services.timeout, float)


def test_absent_settings_are_the_defaults(make_project) -> None:
    project = make_project()
    (project.root / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    settings = read_settings(project)
    assert (settings.links, settings.services) == (LinkSettings(), ServiceSettings())


def test_every_mistake_is_reported_at_its_line_with_a_fix(make_project) -> None:
    project = make_project()
    (project.root / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        read_settings(project)
    assert [str(p) for p in found.value.problems] == [
        "pyproject.toml:6:1: links.timout: unknown setting 'timout' (did you mean 'timeout'?)",
        "pyproject.toml:7:1: links.workers: expected a whole number, got the text 'eight' (e.g. workers = 8)",
        "pyproject.toml:13:1: servces: unknown settings section 'servces' (did you mean 'services'?)",
    ]


def test_survey_check_reports_a_settings_mistake(make_project, run_cli) -> None:
    project = make_project(survey="fixture")
    (project.root / "pyproject.toml").write_text("[tool.survey.services]\ntimeout = true\n", encoding="utf-8")
    code, out = run_cli(project, "check")
    assert code == 1
    assert "pyproject.toml:2:1: services.timeout: expected a number, got a boolean (e.g. timeout = 20.0)" in out
