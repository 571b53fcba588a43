"""The health of each paper's code and record: whether its GitHub repository is archived or gone
(GitHub's REST API, `GET /repos/{owner}/{repo}`) and whether Crossref lists a retraction or a
correction of its DOI (the works API's `updated-by`).

A token in GITHUB_TOKEN is sent to GitHub when there is one (the workflow's), for its higher
rate limit; without one the API allows 60 requests an hour.

Usage::

    health.repository("https://github.com/wasserth/TotalSegmentator")   # ("wasserth", "TotalSegmentator")
    health.code_state("wasserth", "TotalSegmentator", services)         # "", "archived" or "gone"
    health.updates("10.1016/s0140-6736(97)11096-0", services)            # (Update("retraction", …), …)
"""

from __future__ import annotations

import json
import os
import re
import urllib.parse

from ..core.problems import ServiceUnavailable
from ..core.relations import NOTED, RETRACTED, Update
from ..read.settings import ServiceSettings as Services
from . import web

SOURCE = "GitHub REST API (repositories) and Crossref works API (updated-by)"
_REPOSITORY = re.compile(r"^https?://(?:www\.)?github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?(?:[/#?].*)?$")
_KEPT = {*RETRACTED, *NOTED}
"""Crossref update types kept (a `new_version` is not news for a reader)."""


def repository(url: str) -> tuple[str, str] | None:
    found = _REPOSITORY.match(url or "")
    return (found.group(1), found.group(2)) if found else None


def code_state(owner: str, repo: str, services: Services) -> str:
    """'archived', 'gone' (GitHub has no such repository), or '' (it is there and maintained)."""
    token = os.environ.get("GITHUB_TOKEN", "")
    headers = {"X-GitHub-Api-Version": "2022-11-28", **({"Authorization": f"Bearer {token}"} if token else {})}
    url = f"{services.github.rstrip('/')}/repos/{urllib.parse.quote(owner)}/{urllib.parse.quote(repo)}"
    status, _, body = web.fetch(url, "GitHub", services, "application/vnd.github+json", headers=headers,
                                answers=(404, 451))
    if status in (404, 451):  # 451: blocked for legal reasons, which a reader cannot reach either
        return "gone"
    try:
        return "archived" if json.loads(body).get("archived") is True else ""
    except (ValueError, AttributeError):
        raise ServiceUnavailable(f"GitHub answered {owner}/{repo} with HTTP {status} but no repository; "
                                 "try again later") from None


def updates(doi: str, services: Services) -> tuple[Update, ...] | None:
    """The notices Crossref lists as updating the DOI's record, or None if Crossref has no such DOI."""
    url = f"{services.crossref.rstrip('/')}/works/{urllib.parse.quote(doi, safe='')}"
    status, _, body = web.fetch(url, "Crossref", services, "application/json")
    if status in web.ANSWERS:
        return None
    try:
        listed = json.loads(body)["message"].get("updated-by") or []
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ServiceUnavailable(f"Crossref answered {doi} with HTTP {status} but no work; try again later") from None
    found = {}
    for item in listed:
        if isinstance(item, dict) and item.get("type") in _KEPT and isinstance(item.get("DOI"), str):
            parts = ((item.get("updated") or {}).get("date-parts") or [[]])[0]
            date = "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(parts) if isinstance(n, int))
            found[item["type"], item["DOI"].lower()] = Update(item["type"], item["DOI"].lower(), date)
    return tuple(found[k] for k in sorted(found))
