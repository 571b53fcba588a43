"""What a pull request could smuggle in is refused: symbolic links anywhere the build reads,
files that are not regular files, and whole files repeated in messages."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from survey.commands import build
from survey.core.problems import ProblemsFound
from survey.read.reader import read_survey

SECRET = "TOP-SECRET-VALUE-" + "x" * 200
YAML_SECRET = f"title: {SECRET}\nyear: 2024\nabstract: stolen\ntopics: [segmentation]\nmodalities: [ct]\n" \
              "types: [method]\ntasks: [screening]\nadded: 2026-11-01\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files elsewhere on the machine that a link could point at."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.yaml").write_text(YAML_SECRET, encoding="utf-8")
    (folder / "passwd").write_text("root:x:0:0:" + SECRET + "\n" * 50, encoding="utf-8")
    return folder


@pytest.mark.parametrize("target", ["secret.yaml", "passwd"])
def test_a_linked_paper_is_refused_unread(make_project, run_cli, outside: Path, target: str) -> None:
    project = make_project(survey="fixture")
    os.symlink(outside / target, project.papers_dir / "linked.yaml")
    code, out = run_cli(project, "check")
    assert code == 1
    assert out.splitlines()[0] == ("papers/linked.yaml: is a symbolic link, which is never followed "
                                   "(replace the link with the file itself)")
    assert "SECRET" not in out and "root:" not in out
    code, out = run_cli(project, "build")
    assert code == 1 and "SECRET" not in out
    assert not project.site_dir.exists()
    assert not any("SECRET" in p.read_text(encoding="utf-8") for p in project.docs_dir.rglob("*.md"))


def test_a_linked_taxonomy_and_a_pipe_are_refused(make_project, run_cli, outside: Path) -> None:
    project = make_project(survey="fixture")
    taxonomy = project.papers_dir / "_taxonomy.yaml"
    (outside / "_taxonomy.yaml").write_bytes(taxonomy.read_bytes())
    taxonomy.unlink()
    os.symlink(outside / "_taxonomy.yaml", taxonomy)
    os.mkfifo(project.papers_dir / "pipe.yaml")
    code, out = run_cli(project, "check")
    assert code == 1
    assert "papers/_taxonomy.yaml: is a symbolic link, which is never followed" in out
    assert "papers/pipe.yaml: is not a regular file (replace it with a plain text file)" in out


def test_links_out_of_the_repository_in_docs_or_settings_stop_the_build(make_project, run_cli,
                                                                       outside: Path) -> None:
    project = make_project(survey="fixture")
    os.symlink(outside / "passwd", project.docs_dir / "leak.md")
    os.symlink(outside, project.docs_dir / "assets" / "elsewhere")
    inside = project.docs_dir / "about-again.md"
    os.symlink(project.docs_dir / "about.md", inside)  # a link inside the repository is fine
    citation = project.root / "CITATION.cff"
    (outside / "CITATION.cff").write_bytes(citation.read_bytes())
    citation.unlink()
    os.symlink(outside / "CITATION.cff", citation)
    code, out = run_cli(project, "build")
    assert code == 1
    lines = out.splitlines()
    assert "CITATION.cff: is a symbolic link; the build reads only regular files here " \
           "(copy the file into the repository instead of linking to it)" in lines
    assert "docs/leak.md: is a symbolic link to a place outside the repository, which the build never follows " \
           "(copy the file into the repository instead of linking to it)" in lines
    assert any(line.startswith("docs/assets/elsewhere: is a symbolic link to a place outside") for line in lines)
    assert not any("about-again" in line for line in lines)
    assert "SECRET" not in out and not project.site_dir.exists()


def test_settings_that_point_outside_the_repository_are_refused(make_project, run_cli) -> None:
    project = make_project(survey="fixture")
    config = project.config_file.read_text(encoding="utf-8")
    project.config_file.write_text("INHERIT: ../../base.yml\ndocs_dir: /etc\n" + config, encoding="utf-8")
    code, out = run_cli(project, "check")
    assert code == 1
    assert "mkdocs.yml: INHERIT: '../../base.yml' is outside the repository (keep the site's files inside " \
           "the repository)" in out
    assert "mkdocs.yml: docs_dir: '/etc' is outside the repository" in out


def test_messages_quote_at_most_a_short_excerpt(make_project, run_cli) -> None:
    long_text = "word " * 400
    project = make_project({
        "papers/scalar.yaml": long_text,
        "papers/bad-arxiv.yaml": f"arxiv: '{long_text}'\n",
    })
    code, out = run_cli(project, "check")
    assert code == 1
    assert max(len(line) for line in out.splitlines()) < 300
    assert "expected a mapping of fields at the top level, got the text 'word word" in out
    assert "…'" in out


def test_even_a_link_to_another_paper_is_refused(make_project) -> None:
    project = make_project(survey="fixture")
    assert build.run(project, out=io.StringIO()) == 0
    (project.papers_dir / "x.yaml").symlink_to(project.papers_dir / "chexagent.yaml")
    with pytest.raises(ProblemsFound) as found:
        read_survey(project)
    assert [p.path for p in found.value.problems] == ["papers/x.yaml"]
