"""The text of papers/_citations.yaml and papers/_health.yaml, as `survey refresh` writes them:
a comment that says what the file is, where its values come from and when, then every entry
sorted, so that the same answers always give the same bytes and a pull request's diff shows
only what changed.

Usage::

    datafiles.citations_yaml(Citations("Semantic Scholar …", "2026-12-01", {"a": ("b",)}))
    datafiles.health_yaml(Health(…))
"""

from __future__ import annotations

import json

from ..core.relations import Citations, Health

CITATIONS_HEADER = """\
# Written by `survey refresh` from Semantic Scholar: for each paper, the other papers of the
# survey that it cites (its references that have the arXiv id or DOI of a survey paper). Review
# a change like any other; `survey check` warns about an entry for a paper no longer in the
# survey, and the site leaves such an entry out.
"""

HEALTH_HEADER = """\
# Written by `survey refresh`: papers whose GitHub repository is archived or gone (GitHub's REST
# API), and the retractions, corrections and other notices that Crossref lists for a paper's
# DOI (its `updated-by`). The site shows each as a badge; a retracted paper is flagged wherever
# it is listed, never removed.
"""


def _scalar(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string


def _about(source: str, retrieved: str) -> list[str]:
    return [f"source: {_scalar(source)}", f"retrieved: {retrieved}"]


def citations_yaml(citations: Citations) -> str:
    lines = [*_about(citations.source, citations.retrieved), "cites:" if citations.cites else "cites: {}"]
    for citing in sorted(citations.cites):
        lines.append(f"  {citing}:")
        lines += [f"  - {cited}" for cited in sorted(citations.cites[citing])]
    return CITATIONS_HEADER + "\n".join(lines) + "\n"


def health_yaml(health: Health) -> str:
    lines = _about(health.source, health.retrieved)
    lines.append("code:" if health.code else "code: {}")
    lines += [f"  {paper}: {health.code[paper]}" for paper in sorted(health.code)]
    lines.append("updates:" if health.updates else "updates: {}")
    for paper in sorted(health.updates):
        lines.append(f"  {paper}:")
        for update in sorted(health.updates[paper], key=lambda u: (u.type, u.doi)):
            lines += [f"  - type: {update.type}", f"    doi: {_scalar(update.doi)}"]
            if update.date:
                lines.append(f"    date: {_scalar(update.date)}")
    return HEALTH_HEADER + "\n".join(lines) + "\n"
