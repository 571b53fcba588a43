"""The GitHub Actions workflows: valid against GitHub's schema, clean under zizmor, and built
the way the README promises (least privilege, pinned actions, no untrusted input in scripts)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def _load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # keeps `on` a string


def test_there_are_the_six_workflows() -> None:
    assert [w.name for w in WORKFLOWS] == ["add-paper.yml", "deploy.yml", "discover.yml", "links.yml",
                                           "pull-request.yml", "refresh.yml"]


def test_workflows_match_githubs_schema() -> None:
    result = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             *map(str, WORKFLOWS)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing() -> None:
    result = subprocess.run([_tool("zizmor"), "--offline", "--no-progress", str(ROOT / ".github" / "workflows")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=[w.name for w in WORKFLOWS])
def test_least_privilege_and_pinned_actions(workflow: Path) -> None:
    data = _load(workflow)
    assert data["permissions"] == {"contents": "read"}, "read-only by default"
    text = workflow.read_text(encoding="utf-8")
    assert "pull_request_target" not in text
    for action in re.findall(r"uses:\s*(\S+.*)", text):
        assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", action), action
    for job in data["jobs"].values():
        writes = {k for k, v in job.get("permissions", {}).items() if v == "write"}
        assert writes in (set(), {"pages", "id-token"}, {"contents", "pull-requests"})
        if "pages" in writes:
            assert job.get("environment", {}).get("name") == "github-pages"
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] == "false"
            # Values from the event reach scripts through env, never pasted into the script.
            assert "${{" not in step.get("run", ""), step.get("run")


def test_only_the_deploy_add_paper_refresh_and_discover_jobs_may_write() -> None:
    writers = {(w.name, name, tuple(sorted(k for k, v in job.get("permissions", {}).items() if v == "write")))
               for w in WORKFLOWS for name, job in _load(w)["jobs"].items()
               if "write" in job.get("permissions", {}).values()}
    assert writers == {("deploy.yml", "deploy", ("id-token", "pages")),
                       ("add-paper.yml", "add", ("contents", "pull-requests")),
                       ("refresh.yml", "refresh", ("contents", "pull-requests")),
                       ("discover.yml", "discover", ("contents", "pull-requests"))}


@pytest.mark.parametrize("command", ["refresh", "discover"])
def test_the_upkeep_runs_weekly_and_proposes_its_changes_as_one_pull_request(command: str) -> None:
    workflow = _load(ROOT / f".github/workflows/{command}.yml")
    cron = workflow["on"]["schedule"][0]["cron"].split()
    assert len(cron) == 5 and cron[2:4] == ["*", "*"] and re.fullmatch(r"[0-6]", cron[4]), "once a week"
    assert "workflow_dispatch" in workflow["on"]
    steps = workflow["jobs"][command]["steps"]
    assert any(s.get("run", "").startswith(f'survey {command} --report "$RUNNER_TEMP/body.md"') for s in steps)
    last = steps[-1]["run"]
    assert "git diff --quiet -- papers/" in last and "git add -- papers/" in last  # only paper files, only if any
    assert last.count("--body-file \"$RUNNER_TEMP/body.md\"") == 2  # opened, or updated while open


def test_a_suggestion_becomes_a_pull_request_only_when_labelled() -> None:
    workflow = _load(ROOT / ".github/workflows/add-paper.yml")
    assert workflow["on"] == {"issues": {"types": ["labeled"]}}
    job = workflow["jobs"]["add"]
    assert job["if"] == "github.event.label.name == 'add-paper'"
    steps = job["steps"]
    body_step = next(s for s in steps if "ISSUE_BODY" in s.get("env", {}))
    assert body_step["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}"
    assert "survey add --from-issue" in body_step["run"] and "$ISSUE_BODY" in body_step["run"]
    pr_step = steps[-1]
    assert "gh pr create" in pr_step["run"] and "Closes #$ISSUE" in pr_step["run"]


@pytest.mark.parametrize("name", ["add-paper.yml", "correct-paper.yml"])
def test_the_issue_forms_match_githubs_schema(name: str) -> None:
    form = ROOT / ".github" / "ISSUE_TEMPLATE" / name
    result = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms", str(form)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_workflow_acts_on_a_correction_without_a_maintainer() -> None:
    """A correction is read by a maintainer, who edits the file: no workflow runs on its issue.
    The one workflow that runs on issues does so only for the label that maintainers give."""
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "correct-paper.yml").read_text(encoding="utf-8"))
    (label,) = form["labels"]
    for workflow in WORKFLOWS:
        text = workflow.read_text(encoding="utf-8")
        assert label not in text and "correct-paper" not in text, workflow.name
        triggers = _load(workflow)["on"]
        if "issues" in triggers or "issue_comment" in triggers:
            assert triggers == {"issues": {"types": ["labeled"]}}, workflow.name
            for job in _load(workflow)["jobs"].values():
                assert job["if"] == "github.event.label.name == 'add-paper'", workflow.name


def test_pull_request_template_contributing_and_pre_commit() -> None:
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert template.count("- [ ]") >= 3 and "survey check" in template
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "survey add" in contributing and "/contributing/" in contributing
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [r["repo"] for r in hooks["repos"]] == ["local"]  # nothing is fetched
    entries = {h["id"]: h for h in hooks["repos"][0]["hooks"]}
    assert entries["survey-check"]["entry"] == "survey check"
    assert entries["ruff"]["entry"].startswith("ruff check")
    assert all(h["language"] == "system" for h in entries.values())


def test_the_pull_request_workflow_checks_tests_builds_and_checks_links() -> None:
    steps = [s for job in _load(ROOT / ".github/workflows/pull-request.yml")["jobs"].values() for s in job["steps"]]
    runs = " ".join(s.get("run", "") for s in steps)
    assert "survey check --format github" in runs
    assert "bash .ci/run" in runs
    assert "survey build" in runs
    assert "survey links --changed-since" in runs
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") for s in steps)
